"""`sitrep up`: runs the whole job on one machine: the broker (embedded unless configured), a worker process,
the web view; pushes the given articles; prints where to look; then keeps broker and worker alive.

The embedded broker keeps topics in memory only: when it dies, every topic is gone, so the supervisor restarts
it on the same port, wipes the worker's local tables (they would no longer match the empty changelogs) and
restarts the worker, which recreates the topics. It says so in the log and on the console.
"""
from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import orjson

from streams.broker import EmbeddedBroker, free_port
from streams.settings import Settings

log = logging.getLogger("sitrep.up")


def http_json(url: str, timeout: float = 3.0) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - loopback URL we built
            return resp.status, orjson.loads(resp.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, orjson.loads(body)
        except orjson.JSONDecodeError:
            return exc.code, None
    except (urllib.error.URLError, OSError, orjson.JSONDecodeError):
        return 0, None


class WorkerProcess:
    """One `sitrep worker` child process: started, watched through /health, stopped with SIGTERM (then SIGKILL).
    `sitrep up`, the integration tests and the soak benchmark all run workers through this."""

    def __init__(
        self,
        broker_url: str,
        data_dir: Path,
        web_port: int,
        partitions: int | None = None,
        embedded: bool = True,
        web_host: str = "127.0.0.1",
        env: dict[str, str] | None = None,
    ) -> None:
        self.broker_url, self.data_dir, self.web_port, self.partitions = broker_url, data_dir, web_port, partitions
        self.embedded, self.web_host, self.env = embedded, web_host, env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def web(self) -> str:
        return f"http://{self.web_host}:{self.web_port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "worker.log"

    def start(self) -> None:
        args = [sys.executable, "-m", "streams.cli", "worker", "--broker", self.broker_url]
        args += ["--data-dir", str(self.data_dir), "--web-port", str(self.web_port)]
        if self.partitions is not None:
            args += ["--partitions", str(self.partitions)]
        if self.embedded:
            args.append("--embedded")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        out = open(self.log_path, "ab")  # noqa: SIM115 - the child keeps its own copy
        self.proc = subprocess.Popen(
            args, stdout=out, stderr=out, cwd=Path(__file__).resolve().parent.parent, env={**os.environ, **self.env}
        )
        out.close()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()  # type: ignore[union-attr]
            self.proc.wait()  # type: ignore[union-attr]

    def stop(self, timeout: float = 45.0) -> int | None:
        """The exit code, or None when it had to be killed."""
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is not None:
            return proc.returncode
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log.error("worker ignored SIGTERM for %.0fs; killing it", timeout)
            proc.kill()
            proc.wait()
            return None

    def wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return False
            status, body = http_json(self.web + "/health")
            if status == 200 and isinstance(body, dict) and body.get("broker", {}).get("reachable"):
                return True
            time.sleep(0.5)
        return False

    def wait_table_settled(self, timeout: float, quiet_seconds: float = 4.0, expect_at_least: int = 1,
                           stopped: Callable[[], bool] = lambda: False) -> list | None:
        """Polls /incidents.json until it has `expect_at_least` rows and has not changed for `quiet_seconds`;
        None when it has not settled in time or `stopped()` says to give up."""
        deadline = time.monotonic() + timeout
        last: object = None
        since = time.monotonic()
        while time.monotonic() < deadline and not stopped():
            _status, body = http_json(self.web + "/incidents.json", timeout=10)
            if body != last:
                last, since = body, time.monotonic()
            elif isinstance(body, list) and len(body) >= expect_at_least and time.monotonic() - since >= quiet_seconds:
                return body
            time.sleep(0.5)
        return None


def wipe_local_tables(settings: Settings) -> None:
    shutil.rmtree(settings.data_dir / "worker", ignore_errors=True)


def run_up(settings: Settings, push_paths: list[str], exit_after_push: bool, timeout: float) -> int:
    from streams.cli import bootstrap_of, broker_file
    from streams.push import push

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    broker: EmbeddedBroker | None = None
    url = settings.broker
    if settings.embedded:
        broker = EmbeddedBroker(port=settings.embedded_port or free_port(), log_dir=settings.data_dir).start()
        url = broker.url
        broker_file(settings).write_text(url)
        wipe_local_tables(settings)  # a new in-memory broker has empty changelogs
        print(f"embedded broker (Tansu) on {broker.bootstrap}", flush=True)
    worker = WorkerProcess(
        url, settings.data_dir, settings.web_port, embedded=broker is not None, web_host=settings.web_host
    )
    stopping = False

    def _stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        worker.start()
        print(f"worker starting (log: {worker.log_path})", flush=True)
        if not worker.wait_ready(timeout):
            print(f"worker did not become healthy within {timeout:.0f}s; see {worker.log_path}", file=sys.stderr)
            return 1
        if push_paths:
            summary = asyncio.run(push([Path(p) for p in push_paths], bootstrap_of(url), {}))
            print(summary.render(), flush=True)
            if not summary.sent and summary.rejected:
                # Nothing to wait for: a table that never fills held the command for its whole timeout.
                print("nothing was pushed; check the paths (CORPUS=... for make run)", file=sys.stderr)
                return 1
            # Ctrl-C or SIGTERM ends the wait at once, not after the timeout.
            rows = worker.wait_table_settled(timeout, stopped=lambda: stopping) or []
            if stopping:
                return 0
            print(f"{len(rows)} incident(s) in the table", flush=True)
        print(f"\nsitrep is running. Incidents: {worker.web}/incidents  (JSON: {worker.web}/incidents.json)", flush=True)
        if exit_after_push:
            return 0
        print("Ctrl-C stops it.", flush=True)
        while not stopping:
            time.sleep(1.0)
            if broker is not None and not broker.alive():
                print("embedded broker died: its topics are gone. Restarting broker and worker.", flush=True)
                log.error("embedded broker died; restarting it on %s and restarting the worker", broker.bootstrap)
                worker.stop()
                broker.start()
                wipe_local_tables(settings)
                worker.start()
                worker.wait_ready(timeout)
                if push_paths:
                    # Producers that pushed into the lost broker must push again; for what `up` pushed, it does.
                    summary = asyncio.run(push([Path(p) for p in push_paths], bootstrap_of(url), {}))
                    print(f"re-pushed after the restart: {summary.render()}", flush=True)
                    rows = worker.wait_table_settled(timeout, stopped=lambda: stopping) or []
                    print(f"{len(rows)} incident(s) in the table", flush=True)
                print("broker and worker restarted; anything pushed from elsewhere must be pushed again", flush=True)
            elif not worker.alive():
                print("worker exited; restarting it", flush=True)
                worker.start()
                worker.wait_ready(timeout)
        return 0
    finally:
        worker.stop()
        if broker is not None:
            broker.stop()
            broker_file(settings).unlink(missing_ok=True)

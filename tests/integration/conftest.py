"""Fixtures that run real processes: the embedded Tansu broker and `sitrep worker` subprocesses."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from streams.broker import EmbeddedBroker, free_port
from streams import supervisor
from streams.supervisor import http_json



class WorkerProcess(supervisor.WorkerProcess):
    """A worker on the test's broker, with the assertions the tests want."""

    def __init__(self, broker: EmbeddedBroker, data_dir: Path, partitions: int = 4) -> None:
        super().__init__(broker.url, data_dir, free_port(), partitions, env={"SITREP_LOG_LEVEL": "WARNING"})
        self.broker = broker

    def start(self, timeout: float = 90.0) -> "WorkerProcess":
        self.broker_url = self.broker.url  # a test may hand the worker a new broker
        super().start()
        assert self.wait_ready(timeout), "worker not healthy in time:\n" + self.log_tail()
        return self

    def incidents(self) -> list[dict]:
        status, body = http_json(self.web + "/incidents.json", timeout=10)
        assert status == 200, status
        return body  # type: ignore[return-value]

    def settled(self, expect_at_least: int = 1, timeout: float = 120.0, quiet: float = 5.0) -> list[dict]:
        rows = self.wait_table_settled(timeout, quiet_seconds=quiet, expect_at_least=expect_at_least)
        assert rows is not None, f"table did not settle: {len(self.incidents())} rows"
        return rows


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


def topic_settled(bootstrap: str, expect_at_least: int = 1, timeout: float = 300.0, quiet: float = 5.0) -> dict:
    """The compacted incident topic as a consumer folds it, once the worker group has committed every input record
    (no lag on any input topic) and the topic has not changed for `quiet` seconds since.

    Lag decides when the work is done; a quiet spell alone is not enough, because a restarted worker may pause
    longer than any fixed spell (recovery, rebalance, a slow machine) with records still to process."""
    import asyncio

    from streams.consume import LagProbe, read_table

    async def settle() -> dict:
        probe = LagProbe(bootstrap)  # one probe for the whole wait: a consumer a second was broker churn
        await probe.start()
        try:
            deadline = time.monotonic() + timeout
            last, since, behind = None, time.monotonic(), -1
            while time.monotonic() < deadline:
                behind = sum((await probe.lag()).values())
                table = await read_table(bootstrap, timeout_ms=1000)
                snapshot = {k: v.model_dump(mode="json") for k, v in table.items()}
                if snapshot != last or behind:
                    last, since = snapshot, time.monotonic()
                elif len(snapshot) >= expect_at_least and time.monotonic() - since >= quiet:
                    return snapshot
                await asyncio.sleep(1.0)
            raise AssertionError(f"incident topic did not settle: {len(last or {})} incidents, input lag {behind}")
        finally:
            await probe.stop()

    return asyncio.run(settle())

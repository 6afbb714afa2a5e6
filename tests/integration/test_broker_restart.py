"""The embedded broker dies: /health says so, a worker still stops on SIGTERM, and `sitrep up` restarts broker
and worker, recreates the topics and rebuilds the same table from the input it pushed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from streams.broker import free_port
from streams.supervisor import http_json
from tests.integration.test_stream import canonical

pytestmark = pytest.mark.integration


def test_health_turns_unhealthy_and_sigterm_still_stops_the_worker(broker, worker_factory):
    worker = worker_factory().start()
    broker.process.kill()
    broker.process.wait()
    deadline = time.monotonic() + 40
    status = 200
    while time.monotonic() < deadline and status == 200:
        status, body = http_json(worker.web + "/health")
        time.sleep(1)
    assert status == 503 and body["broker"]["reachable"] is False and body["status"] == "unhealthy"
    started = time.monotonic()
    worker.proc.send_signal(signal.SIGTERM)
    worker.proc.wait(45)  # the grace period is 20 s; TimeoutExpired here means SIGTERM was ignored
    assert time.monotonic() - started < 45


def _wait_for(proc: subprocess.Popen, lines: list[str], needle: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line:
            lines.append(line)
            if needle in line:
                return
        elif proc.poll() is not None:
            break
    raise AssertionError(f"never saw {needle!r}:\n" + "".join(lines))


def test_up_restarts_a_dead_broker_and_rebuilds_the_table(corpus, tmp_path):
    port = free_port()
    env = {**os.environ, "SITREP_DATA_DIR": str(tmp_path), "SITREP_WEB_PORT": str(port)}
    env.pop("SITREP_BROKER", None)
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "streams.cli", "up", "--push", str(corpus / "seeds" / "articles.jsonl")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    try:
        _wait_for(proc, lines, "sitrep is running", 180)
        web = f"http://127.0.0.1:{port}"
        before = {canonical(r) for r in http_json(web + "/incidents.json")[1]}
        assert before
        broker_port = (tmp_path / "broker.url").read_text().rsplit(":", 1)[1]
        tansu = subprocess.run(["pgrep", "-f", f"tansu.*:{broker_port}"], capture_output=True, text=True).stdout.split()
        assert tansu, "no broker process found"
        for pid in tansu:
            os.kill(int(pid), signal.SIGKILL)
        _wait_for(proc, lines, "Restarting broker and worker", 60)
        _wait_for(proc, lines, "re-pushed after the restart", 180)
        _wait_for(proc, lines, "incident(s) in the table", 180)
        after = {canonical(r) for r in http_json(web + "/incidents.json")[1]}
        assert after == before
        status, health = http_json(web + "/health")
        assert status == 200 and health["broker"]["embedded"] is True
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(90)
    assert proc.returncode == 0, "".join(lines)


def test_local_tables_from_a_lost_broker_are_discarded_not_trusted(corpus, broker, worker_factory, tmp_path):
    """A worker that comes back to an empty broker (restarted, or another cluster) must not serve its old local
    tables as if the changelogs had them: it discards them, and pushing the input again rebuilds the table."""
    import asyncio

    from streams.broker import EmbeddedBroker
    from streams.push import push
    from tests.integration.conftest import topic_settled

    seeds = [corpus / "seeds" / "articles.jsonl"]
    worker = worker_factory().start()
    asyncio.run(push(seeds, broker.bootstrap, {}))
    before = {canonical(r) for r in topic_settled(broker.bootstrap).values()}
    assert worker.stop() == 0
    with EmbeddedBroker() as fresh:
        worker.broker = fresh
        worker.start()
        assert worker.incidents() == [], "stale local tables were served"
        assert "discarding" in (worker.data_dir / "worker.log").read_text()
        asyncio.run(push(seeds, fresh.bootstrap, {}))
        assert {canonical(r) for r in topic_settled(fresh.bootstrap).values()} == before
        worker.stop()

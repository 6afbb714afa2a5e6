"""`sitrep up`'s supervisor: how it waits for the table and stops."""
from __future__ import annotations

from pathlib import Path


def test_waiting_for_the_table_ends_at_once_when_the_supervisor_is_stopped(monkeypatch):
    """Ctrl-C during `sitrep up`'s wait for the table must not wait out its timeout."""
    from streams import supervisor

    polls: list[str] = []
    monkeypatch.setattr(supervisor, "http_json", lambda url, timeout=10: polls.append(url) or (200, []))
    worker = supervisor.WorkerProcess("kafka://127.0.0.1:1", Path("/nonexistent"), 1)
    flag = {"stop": False}

    def stopped() -> bool:
        flag["stop"] = len(polls) >= 2  # the signal arrives during the second poll
        return flag["stop"]

    assert worker.wait_table_settled(60.0, stopped=stopped) is None
    assert len(polls) == 2, "no poll after the stop"

"""The main job as a user runs it: `sitrep up --push seeds` starts broker, worker and web view and lists incidents."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from streams.broker import free_port

pytestmark = pytest.mark.integration


def test_up_pushes_the_seeds_and_prints_the_url(corpus, tmp_path):
    port = free_port()
    env = {**os.environ, "SITREP_DATA_DIR": str(tmp_path), "SITREP_WEB_PORT": str(port)}
    env.pop("SITREP_BROKER", None)
    done = subprocess.run(
        [sys.executable, "-m", "streams.cli", "up", "--push", str(corpus / "seeds" / "articles.jsonl"),
         "--exit-after-push", "--timeout", "150"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr + (tmp_path / "worker.log").read_text()[-3000:]
    assert "sent 5 article(s)" in done.stdout
    found = re.search(r"(\d+) incident\(s\) in the table", done.stdout)
    assert found and int(found.group(1)) >= 5, done.stdout
    assert f"http://127.0.0.1:{port}/incidents" in done.stdout
    assert not (tmp_path / "broker.url").exists(), "the embedded broker's address must be withdrawn on exit"


def test_up_says_so_and_stops_when_nothing_could_be_pushed(tmp_path):
    """A wrong path must not hold the command for its whole timeout waiting for a table that never fills."""
    port = free_port()
    env = {**os.environ, "SITREP_DATA_DIR": str(tmp_path), "SITREP_WEB_PORT": str(port)}
    env.pop("SITREP_BROKER", None)
    done = subprocess.run(
        [sys.executable, "-m", "streams.cli", "up", "--push", str(tmp_path / "missing.jsonl"), "--timeout", "150"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "sent 0 article(s)" in done.stdout and "no such file" in done.stdout
    assert "nothing was pushed" in done.stderr
    assert not (tmp_path / "broker.url").exists(), "broker and worker are stopped on the way out"

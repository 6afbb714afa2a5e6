"""Browser tier: the embedded broker and a real worker (the integration tier's WorkerProcess), driven through
headless Chromium with Selenium. Skips with the reason when Chromium, its driver or Selenium is missing; CI
installs Debian's `chromium` and `chromium-driver` (see the Makefile's `browser` target)."""
from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from streams.broker import EmbeddedBroker
from streams.push import push
from tests.integration.conftest import WorkerProcess

# Selenium Manager must never fetch a driver or browser: the tier uses the system ones or skips.
os.environ.setdefault("SE_OFFLINE", "true")

# The flags that work in a container without a display, a sandbox or network access.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)


def _first(*candidates: str | None) -> str | None:
    for c in candidates:
        if c and (Path(c).is_file() or shutil.which(c)):
            return shutil.which(c) or c
    return None


def find_chromium() -> tuple[str | None, str | None]:
    browser = _first(os.environ.get("SITREP_CHROMIUM"), "chromium", "chromium-browser", "/usr/lib/chromium/chromium")
    driver = _first(os.environ.get("SITREP_CHROMEDRIVER"), "chromedriver", "/usr/lib/chromium/chromedriver")
    return browser, driver


@pytest.fixture(scope="module")
def chrome():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[dev]')")
    browser, driver = find_chromium()
    if not browser or not driver:
        pytest.skip("no Chromium here: install Debian's `chromium` and `chromium-driver` (make browser) to run the browser tier")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="sitrep-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    # The console log lets tests assert that no script error or CSP violation happened.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(driver), options=options)
    d.set_page_load_timeout(60)
    try:
        yield d
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Stack:
    """One broker and one worker for the module; `seed()` pushes the seed articles once and waits for the table."""

    def __init__(self, broker: EmbeddedBroker, worker: WorkerProcess, seeds: Path) -> None:
        self.broker, self.worker, self.seeds = broker, worker, seeds
        self.pushed = False
        self.rows: list[dict] = []

    def push_seeds(self) -> None:
        summary = asyncio.run(push([self.seeds], self.broker.bootstrap, {}))
        assert summary.sent == 5 and not summary.rejected, summary.render()
        self.pushed = True

    def seed(self) -> list[dict]:
        if not self.pushed:
            self.push_seeds()
        if not self.rows:
            self.rows = self.worker.settled(expect_at_least=1)
        return self.rows


@pytest.fixture(scope="module")
def stack(corpus, chrome, tmp_path_factory):
    # `chrome` first: without a browser the module skips before starting any process.
    data = tmp_path_factory.mktemp("browser-worker")
    with EmbeddedBroker() as broker:
        worker = WorkerProcess(broker, data).start()
        try:
            yield Stack(broker, worker, corpus / "seeds" / "articles.jsonl")
        finally:
            worker.stop()

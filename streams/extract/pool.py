"""Runs `extract_article` in child processes, so the worker's event loop stays free while articles are extracted.

Reads: decoded `RawArticle`s from the extract agent. Returns: their `Extraction`s with the seconds the extractor
took, or the extractor's exception.
Extraction is the one CPU-heavy step of the pipeline (about 10 ms an article). On the event loop it also starved
the producer and the consumers of the other agents: every broker round trip waited for the next gap between two
extractions. In a child process it runs on another core and the loop only waits for results.

`processes=0` extracts in the calling process (`SITREP_EXTRACT_PROCESSES=0`; `sitrep replay` calls
`extract_article` directly). A child that dies (a segfault, the OOM
killer) breaks the pool: it is replaced and the article is tried once more in a fresh one, and an article that
breaks the fresh pool too is reported as the extractor's failure, so the agent writes it to the dead letters.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from schemas.article import RawArticle
from streams.extract import Extraction, extract_article

log = logging.getLogger(__name__)


class ExtractorCrashed(RuntimeError):
    """The child process running the extractor died on this article, twice."""


def _exit_with_parent(parent: int) -> None:
    """Runs in each extractor process: a worker killed with SIGKILL cannot stop its children, so they watch it and
    exit when it is gone, rather than live on as orphans holding their memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _warm() -> bool:
    # Loads the gazetteer and compiles the patterns before the first article arrives (extract_article is lazy).
    extract_article(RawArticle(id="warm-up", text="A bomb killed two people in Kabul on Monday."))
    return True


Timed = tuple[Extraction, float]


def timed_extract(article: RawArticle) -> Timed:
    started = time.perf_counter()
    return extract_article(article), time.perf_counter() - started


class ExtractorPool:
    def __init__(self, processes: int, fn: Callable[[RawArticle], Timed] = timed_extract) -> None:
        self.processes = processes
        self.fn = fn  # module-level, so a spawned child can import it
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the worker runs threads (Faust's and RocksDB's), and a forked child of a threaded
            # process may inherit a held lock.
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
            self._pool.submit(_warm)
        return self._pool

    def submit(self, article: RawArticle) -> asyncio.Future[Timed]:
        """Starts the extraction now; await the result later (a batch submits all its articles first)."""
        loop = asyncio.get_running_loop()
        if self.processes <= 0:
            done: asyncio.Future[Timed] = loop.create_future()
            try:
                done.set_result(self.fn(article))
            except Exception as exc:  # noqa: BLE001 - handed to the awaiting agent, which dead-letters it
                done.set_exception(exc)
            return done
        return asyncio.wrap_future(self._submit(article))

    def _submit(self, article: RawArticle) -> Future[Timed]:
        try:
            return self._executor().submit(self.fn, article)
        except BrokenProcessPool:
            self._replace()
            return self._executor().submit(self.fn, article)

    def _replace(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None
        self.restarts += 1
        log.error("extractor process died; starting a new one (restart %d)", self.restarts)

    async def extract(self, pending: asyncio.Future[Timed], article: RawArticle) -> Timed:
        """The result of `submit`; a pool broken meanwhile (by this article or another) gets one fresh try."""
        try:
            return await pending
        except BrokenProcessPool:
            try:  # _submit replaces the pool if it is still the broken one
                return await asyncio.wrap_future(self._submit(article))
            except BrokenProcessPool as exc:
                self._replace()
                raise ExtractorCrashed(f"the extractor process died on this article twice ({exc})") from exc

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

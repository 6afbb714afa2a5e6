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

An article may also hang the extractor (a pathological input for a pattern): after `timeout` seconds the child is
killed, the article is reported (`ExtractorTimeout`) and the other articles it held up are tried in a fresh child.
Inline extraction (`processes=0`) cannot be interrupted and has no budget.
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


class ExtractorTimeout(RuntimeError):
    """The extractor ran past its time budget on this article; its process was killed."""


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
    def __init__(
        self, processes: int, fn: Callable[[RawArticle], Timed] = timed_extract, timeout: float | None = None
    ) -> None:
        self.processes = processes
        self.timeout = timeout or None  # seconds an article may take once awaited; 0 or None: no budget
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
        """The result of `submit`; a pool broken meanwhile (by this article or another) gets one fresh try.

        The budget runs from this call: a batch awaits its articles in order, so by then the articles queued
        before this one are done and the wait is this article's own extraction."""
        try:
            return await self._within_budget(pending, article)
        except BrokenProcessPool:
            try:  # _submit replaces the pool if it is still the broken one
                return await self._within_budget(asyncio.wrap_future(self._submit(article)), article)
            except BrokenProcessPool as exc:
                self._replace()
                raise ExtractorCrashed(f"the extractor process died on this article twice ({exc})") from exc

    async def _within_budget(self, pending: asyncio.Future[Timed], article: RawArticle) -> Timed:
        if self.timeout is None or self.processes <= 0:
            return await pending
        try:
            # shield: on timeout the future must stay for the pool to fail it, not be cancelled under it
            return await asyncio.wait_for(asyncio.shield(pending), self.timeout)
        except asyncio.TimeoutError:
            self._kill()
            raise ExtractorTimeout(
                f"the extractor took more than {self.timeout:g} s on this article; its process was killed"
            ) from None

    def _kill(self) -> None:
        """Kills the pool's processes (one of them is stuck) and drops the pool; the next submit starts a new one.
        Futures still pending break with BrokenProcessPool, so their articles get their fresh try."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # ProcessPoolExecutor has no public kill before Python 3.14 (kill_workers); its process table is stable.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        # Not cancel_futures: articles queued behind the stuck one would be cancelled, not retried. Left pending, the
        # broken pool fails each with BrokenProcessPool, which `extract` answers with a fresh try.
        pool.shutdown(wait=False)
        self.restarts += 1
        log.error("extractor ran past its %g s budget; killed it and starting a new one (restart %d)",
                  self.timeout, self.restarts)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

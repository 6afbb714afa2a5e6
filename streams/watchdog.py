"""Consumer flow watchdog: reads the Faust consumer's flow state and paused partitions every few seconds; writes
an error line and resumes them when they have been left stopped outside a rebalance. Also runs each agent's sweep
of input its consumer left undelivered (`register_sweep`).

Faust stops the consumer's flow and pauses the partitions when a rebalance starts, and resumes both once recovery
is complete. After a restart that had tables to restore, a worker was seen ready, with every partition assigned,
and the flow still stopped: the fetcher waits for it forever and the worker stalls with input pending (about one
restart in ten on the embedded broker). Outside a rebalance nothing should stop the flow or pause a stream
partition for long, so after a grace period the watchdog resumes them and says so.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("sitrep")

CHECK_SECONDS = 5.0
GRACE_SECONDS = 20.0  # a rebalance's own pause ends well within this once `rebalancing` is over


@dataclass
class FlowWatch:
    """Decides, from what it is shown at each check, when a stopped flow or paused partitions need resuming."""

    grace: float = GRACE_SECONDS
    since: float | None = None

    def check(self, now: float, stuck: bool, rebalancing: bool) -> bool:
        """True once `stuck` has held, outside a rebalance, for the whole grace period."""
        if not stuck or rebalancing:
            self.since = None
            return False
        if self.since is None:
            self.since = now
        return now - self.since >= self.grace


def paused_stream_partitions(paused: Iterable[Any], changelogs: Iterable[str]) -> set[Any]:
    """Paused partitions of the topics the agents read (changelog partitions stay paused between recoveries)."""
    names = set(changelogs)
    return {tp for tp in paused if tp.topic not in names}


def register(topo: Any) -> None:
    app = topo.app
    watch = FlowWatch()

    @app.timer(interval=CHECK_SECONDS, on_leader=False)
    async def _watch_flow() -> None:
        consumer = app.consumer
        paused = paused_stream_partitions(getattr(consumer, "_paused_partitions", ()), app.tables.changelog_topics)
        flow_active = getattr(consumer, "flow_active", True)
        if not watch.check(time.monotonic(), not flow_active or bool(paused), bool(app.rebalancing)):
            return
        log.error("consumer flow stopped (%s) and %d stream partition(s) paused for %.0f s outside a rebalance; "
                  "resuming them", "yes" if not flow_active else "no", len(paused), watch.grace)
        if paused:
            consumer.resume_partitions(paused)
        consumer.resume_flow()
        app.flow_control.resume()
        watch.since = None


def sweep_ready(app: Any) -> bool:
    """Outside a rebalance and its table recovery: the sweep may write the tables of the assigned partitions."""
    recovery = getattr(app.tables, "recovery", None)
    completed = getattr(recovery, "completed", None)
    return not app.rebalancing and (completed is None or completed.is_set())


def register_sweep(topo: Any) -> None:
    """Every few seconds each agent reads directly what the consumer has left pending on its assigned input
    partitions for too long (streams/positions.py)."""
    app = topo.app
    if topo.reader is None:
        return

    @app.on_before_shutdown.connect
    async def _stop_reader(sender: Any, **kwargs: Any) -> None:
        # Bounded: the worker must exit on SIGTERM even with the broker gone.
        try:
            await asyncio.wait_for(topo.reader.stop(), timeout=5.0)
        except asyncio.TimeoutError:
            log.warning("the input reader's clients did not close within 5 s")

    @app.timer(interval=CHECK_SECONDS, on_leader=False)
    async def _sweep_inputs() -> None:
        if not sweep_ready(app):
            return
        assignment = app.consumer.assignment()
        for batches in topo.batches.values():
            try:
                await batches.sweep(tp.partition for tp in assignment if tp.topic == batches.topic)
            except Exception as exc:  # noqa: BLE001 - a failed sweep is tried again at the next tick
                log.error("%s: input sweep failed (%s: %s)", batches.stage, type(exc).__name__, exc)

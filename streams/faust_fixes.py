"""Corrections to Faust behaviour that lost records or stopped its commits; `apply` is called once by
`create_app`, `acknowledge_skipped` by the agents (streams/delivery.py). Reads and writes nothing.

Flush before commit. Faust flushes its producer before it commits input offsets, so that the table changes those
inputs caused are on the changelog first. But table writes wait in Faust's own producer buffer, and its flush
gives up as soon as no message leaves the buffer for 0.1 s (`ProducerBuffer.flush_atmost`), which a broker taking
one record per request does under load. Offsets were then committed ahead of their changelog, and a worker killed
right after came back without that state: measured, a restart lost the incidents of dozens of claims. Here the
flush waits until the buffer is empty and its last message has reached the Kafka client, whose own flush then waits
for the acknowledgements.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    from faust.transport.producer import ProducerBuffer

    ProducerBuffer._send_pending = counted_send(ProducerBuffer._send_pending)  # type: ignore[method-assign]
    ProducerBuffer.flush = flush_all  # type: ignore[method-assign]
    _applied = True


def counted_send(original: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """Wraps `ProducerBuffer._send_pending`: counts the messages taken from the buffer but not yet handed over."""

    async def _send_pending(self: Any, fut: Any) -> None:
        self.sitrep_in_hand = getattr(self, "sitrep_in_hand", 0) + 1
        try:
            await original(self, fut)
        finally:
            self.sitrep_in_hand -= 1

    return _send_pending


async def flush_all(self: Any) -> None:
    """`ProducerBuffer.flush` that returns only when every buffered message has reached the Kafka client."""
    while self.size or getattr(self, "sitrep_in_hand", 0):
        if self.size:
            await self.flush_atmost(None)
        else:
            await asyncio.sleep(0.005)  # the last message is being handed over


async def acknowledge_skipped(consumer: Any, tp: Any, start: int, stop: int) -> None:
    """Tells Faust's commit bookkeeping that offsets start..stop-1 of `tp`, which its consumer stepped over and
    never delivered, are done (the agent processed them before, or read them directly).

    Faust commits a partition only up to its first offset never acknowledged, and once the first acknowledged
    offset is more than one past the committed one it stops committing the partition for good
    (`Consumer._new_offset`): measured after a restart, the group's lag then stayed put for the rest of the run
    although every record was processed. Faust registers the offsets its own fetch loop sees skipped as a gap
    (`Consumer._add_gap`), which counts as acknowledged; the same is done here for the ones it did not see.
    """
    if stop > start:
        await consumer._add_gap(tp, start, stop - 1)


def committed_offset(consumer: Any, tp: Any) -> int | None:
    """The offset Faust last committed on `tp` in this generation (the next one to read), if any."""
    return getattr(consumer, "_committed_offset", {}).get(tp)

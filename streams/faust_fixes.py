"""A correction to Faust behaviour that lost records; applied once by `create_app`. Reads and writes nothing.

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

"""Faust correction: the producer flush before a commit waits until every buffered table write has been handed over."""
from __future__ import annotations

import asyncio


def test_flush_waits_for_a_slow_producer_buffer_to_empty():
    """Faust's own flush returns after 0.1 s without progress; the table writes still buffered would then be
    committed past. The corrected flush returns only once every message has been handed over."""
    from faust.transport.producer import ProducerBuffer

    from streams.faust_fixes import counted_send, flush_all

    handed: list[int] = []

    class Buffer:
        """A buffer whose sender takes 0.15 s a message, as a broker taking one record per request does."""

        def __init__(self, n: int) -> None:
            self.pending = list(range(n))
            self.message_sent = asyncio.Event()

        @property
        def size(self) -> int:
            return len(self.pending)

        flush_atmost = ProducerBuffer.flush_atmost
        state = "running"

        async def _send(self, fut) -> None:
            await asyncio.sleep(0.15)
            handed.append(fut)

        async def drain(self) -> None:
            send = counted_send(Buffer._send)
            while self.pending:
                msg = self.pending.pop(0)
                await send(self, msg)
                self.message_sent.set()

    async def main(flush) -> list[int]:
        handed.clear()
        buffer = Buffer(3)
        drainer = asyncio.create_task(buffer.drain())
        await asyncio.sleep(0)
        await flush(buffer)
        done = list(handed)
        await drainer
        return done

    async def faust_flush(buffer) -> None:  # Faust's ProducerBuffer.flush, which apply() replaces
        await buffer.flush_atmost(None)

    assert asyncio.run(main(faust_flush)) != [0, 1, 2], "Faust's flush gives up early"
    assert asyncio.run(main(flush_all)) == [0, 1, 2]

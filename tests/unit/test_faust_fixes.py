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


class Bookkeeping:
    """The state Faust's consumer keeps to decide what to commit, driven through its own methods."""

    def __init__(self, committed: int) -> None:
        from collections import defaultdict

        from intervaltree import IntervalTree

        self._gap = defaultdict(IntervalTree)
        self._acked = defaultdict(list)
        self._acked_index = defaultdict(set)
        self._committed_offset = defaultdict(lambda: None)
        self._committed_offset["tp"] = committed

    def ack(self, offset: int) -> None:
        self._acked["tp"].append(offset)
        self._acked_index["tp"].add(offset)

    def new_offset(self):
        from faust.transport.consumer import Consumer

        return Consumer._new_offset(self, "tp")

    async def _add_gap(self, tp, offset_from, offset_to):
        from faust.transport.consumer import Consumer

        await Consumer._add_gap(self, tp, offset_from, offset_to)


def test_offsets_the_consumer_stepped_over_no_longer_stop_faust_committing():
    """Faust stops committing a partition whose first acknowledged offset is more than one past the committed
    one; acknowledging the offsets it stepped over (processed by the agent otherwise) lets it commit again."""
    from streams.faust_fixes import acknowledge_skipped, committed_offset

    stuck = Bookkeeping(committed=40)
    for offset in range(54, 60):  # 40..53 were never delivered
        stuck.ack(offset)
    assert stuck.new_offset() is None, "Faust's own bookkeeping never commits this partition again"

    fixed = Bookkeeping(committed=40)
    for offset in range(54, 60):
        fixed.ack(offset)
    assert committed_offset(fixed, "tp") == 40
    asyncio.run(acknowledge_skipped(fixed, "tp", 40, 54))
    assert fixed.new_offset() == 60

"""Faust corrections: after a rebalance, stream partitions resume only once they are seeked to their committed
offsets, so no record is fetched (and then skipped) during the seek."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

from streams.faust_fixes import seek_before_resume


class Consumer:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.fetchable: set = set()  # what the fetcher may read from right now

    def resume_partitions(self, tps) -> None:
        self.calls.append(f"resume {sorted(tps)}")
        self.fetchable |= set(tps)

    async def perform_seek(self) -> None:
        self.calls.append(f"seek start, fetchable {sorted(self.fetchable)}")
        await asyncio.sleep(0)  # the OffsetFetch round trip
        self.calls.append("seek done")


async def faust_order(self, generation_id: int = 0) -> None:
    """Faust's own order in Recovery.on_recovery_completed: resume the stream partitions, then seek them."""
    self.app.consumer.resume_partitions({"raw-0", "raw-1"})
    await self.app.consumer.perform_seek()


def run(fn, consumer: Consumer) -> None:
    asyncio.run(fn(SimpleNamespace(app=SimpleNamespace(consumer=consumer))))


def test_faust_alone_fetches_during_the_seek():
    consumer = Consumer()
    run(faust_order, consumer)
    assert consumer.calls[1] == "seek start, fetchable ['raw-0', 'raw-1']"


def test_partitions_resume_after_the_seek_and_the_consumer_is_left_as_it_was():
    consumer = Consumer()
    run(seek_before_resume(faust_order), consumer)
    assert consumer.calls == ["seek start, fetchable []", "seek done", "resume ['raw-0', 'raw-1']"]
    assert "resume_partitions" not in vars(consumer) and "perform_seek" not in vars(consumer)


def test_without_a_seek_the_partitions_are_still_resumed():
    async def no_assignment(self, generation_id: int = 0) -> None:
        self.app.consumer.resume_partitions(set())

    consumer = Consumer()
    run(seek_before_resume(no_assignment), consumer)
    assert consumer.calls == ["resume []"]


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

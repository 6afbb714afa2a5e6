"""Input positions: each agent keeps the next offset it expects per input partition with its state, reads directly
the records the consumer skipped or left undelivered, and processes them before going on."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

from streams import positions
from streams.delivery import Batches, Prepared, StagedStore, process_batches
from streams.positions import gaps, position_key
from tests.unit.test_delivery import AckingTopic, FakeTopo

TOPIC = "sitrep.claims.v1"


def test_gaps_are_the_ranges_skipped_before_or_between_records():
    assert gaps(None, [5, 6, 7]) == []
    assert gaps(5, [5, 6, 7]) == []
    assert gaps(3, [5, 6, 9]) == [(3, 5), (7, 9)]
    assert gaps(8, [2, 3, 8, 10]) == [(9, 10)], "records at or below the position are redeliveries, not gaps"


class Record(SimpleNamespace):
    pass


def record(partition: int, offset: int) -> Record:
    return Record(topic=TOPIC, partition=partition, offset=offset, key=b"k", value=f"{partition}:{offset}".encode(),
                  timestamp=None)


class FakeReader:
    """A partition log in memory; `lose` offsets are missing from what the consumer delivers, not from the log."""

    def __init__(self, ends: dict[int, int], committed: dict[int, int] | None = None, broken: bool = False) -> None:
        self.ends, self.committed, self.broken = ends, committed or {}, broken
        self.reads: list[tuple[int, int, int]] = []

    async def start_offset(self, topic, partition):
        return self.committed.get(partition, 0)

    async def end_offsets(self, topic, partitions):
        return {p: self.ends[p] for p in partitions}

    async def read(self, topic, partition, start, stop, max_records=None, deadline_s=0):
        self.reads.append((partition, start, stop))
        if self.broken:
            return positions.Read()
        stop = min(stop, self.ends[partition]) if max_records is None else min(stop, start + max_records)
        return positions.Read([record(partition, o) for o in range(start, stop)], complete=True)


def event(partition: int, offset: int):
    return positions.Event(positions.Message(TOPIC, partition, offset, b"k", f"{partition}:{offset}".encode()))


class Stream:
    def __init__(self, batches):
        self.batches = batches

    async def take_events(self, max_, within):
        for batch in self.batches:
            yield batch


def make(reader, table):
    topo = FakeTopo()
    topo.reader = reader
    out = AckingTopic("out", topo.log)
    staged = StagedStore(table)
    seen: list[bytes] = []

    async def prepare(value, key, message):
        staged[value.decode()] = b"seen"
        seen.append(value)
        return Prepared([(out, key, value)], value.decode())

    return topo, Batches(topo, "resolve", prepare, [staged], topic=TOPIC), seen


def test_records_skipped_by_the_consumer_are_read_and_processed_first():
    table = {position_key(0): b"3"}  # offsets 0..2 of partition 0 were processed before
    reader = FakeReader({0: 10, 1: 10}, committed={1: 4})
    topo, batches, seen = make(reader, table)
    stream = Stream([[event(0, 6), event(1, 4), event(0, 7)], [event(0, 9)]])

    async def main():
        return [r async for r in process_batches(stream, topo, batches=batches)]

    results = asyncio.run(main())
    assert seen == [b"0:3", b"0:4", b"0:5", b"0:6", b"0:7", b"1:4", b"0:8", b"0:9"]
    assert len(results) == len(seen)
    assert reader.reads == [(0, 3, 6), (0, 8, 9)], "partition 1 starts at the group's committed offset: no gap"
    assert table[position_key(0)] == b"10" and table[position_key(1)] == b"5"
    assert all(table[v.decode()] == b"seen" for v in seen)


def test_a_partition_without_position_starts_where_the_group_committed():
    table: dict = {}
    reader = FakeReader({0: 10}, committed={0: 2})
    topo, batches, seen = make(reader, table)

    async def main():
        return [r async for r in process_batches(Stream([[event(0, 4)]]), topo, batches=batches)]

    asyncio.run(main())
    assert seen == [b"0:2", b"0:3", b"0:4"] and table[position_key(0)] == b"5"


def test_a_gap_that_cannot_be_read_keeps_the_position_at_the_gap():
    table = {position_key(0): b"3"}
    reader = FakeReader({0: 10}, broken=True)
    topo, batches, seen = make(reader, table)

    async def main():
        return [r async for r in process_batches(Stream([[event(0, 6)], [event(0, 7)]]), topo, batches=batches)]

    asyncio.run(main())
    assert seen == [b"0:6", b"0:7"], "the records delivered are still processed"
    assert table[position_key(0)] == b"3", "never past what was not read: a later batch or sweep tries again"
    assert reader.reads == [(0, 3, 6), (0, 3, 7)]


def test_without_a_reader_nothing_is_read_and_no_position_is_kept():
    table: dict = {}
    topo, batches, seen = make(None, table)

    async def main():
        return [r async for r in process_batches(Stream([[event(0, 6)]]), topo, batches=batches)]

    asyncio.run(main())
    assert seen == [b"0:6"] and table == {"0:6": b"seen"}


def test_the_sweep_reads_what_the_consumer_left_undelivered_too_long():
    table = {position_key(0): b"3", position_key(1): b"5"}
    reader = FakeReader({0: 6, 1: 5})
    topo, batches, seen = make(reader, table)
    t0 = 1000.0

    async def main():
        assert await batches.sweep([0, 1], now=t0) == 0, "just assigned: the consumer gets its time"
        assert await batches.sweep([0, 1], now=t0 + positions.STALL_SECONDS - 1) == 0
        assert await batches.sweep([0, 1], now=t0 + positions.STALL_SECONDS + 1) == 3
        assert await batches.sweep([0, 1], now=t0 + positions.STALL_SECONDS + 6) == 0, "caught up"

    asyncio.run(main())
    assert seen == [b"0:3", b"0:4", b"0:5"]
    assert table[position_key(0)] == b"6" and table[position_key(1)] == b"5"
    assert reader.reads == [(0, 3, 6)], "partition 1 has nothing pending"


def test_the_sweep_leaves_a_partition_the_consumer_delivers_from():
    table = {position_key(0): b"3"}
    reader = FakeReader({0: 6})
    topo, batches, seen = make(reader, table)

    async def main():
        await batches.sweep([0], now=0.0)
        batches.delivered[0] = positions.STALL_SECONDS  # a record of partition 0 arrived meanwhile
        return await batches.sweep([0], now=positions.STALL_SECONDS + 5)

    assert asyncio.run(main()) == 0 and seen == [] and reader.reads == []


def test_a_record_the_sweep_read_is_passed_over_when_the_consumer_delivers_it_after_all():
    """Below the partition's position a record was processed with the state that position was written with:
    delivered again, it is not prepared again and nothing changes."""
    table = {position_key(0): b"0"}
    reader = FakeReader({0: 3})
    topo, batches, seen = make(reader, table)

    async def main():
        await batches.sweep([0], now=0.0)
        await batches.sweep([0], now=positions.STALL_SECONDS + 1)
        snapshot, sent = dict(table), len(topo.log)
        again = await batches.run([event(0, 1), event(0, 2), event(0, 3)])
        return snapshot, sent, again

    snapshot, sent, again = asyncio.run(main())
    assert seen == [b"0:0", b"0:1", b"0:2", b"0:3"], "1 and 2 once; 3, new, prepared in the same batch"
    assert [p.result for _, p in again] == [None, None, "0:3"]
    assert table == {**snapshot, "0:3": b"seen", position_key(0): b"4"}
    assert [e[2] for e in topo.log[sent:] if e[0] == "send"] == [b"0:3"], "only the new record sends"


def test_the_sweep_processes_a_long_read_in_agent_sized_batches():
    """Each piece takes the agent's lock on its own, so the agent's batches of other partitions go in between."""
    table = {position_key(0): b"0"}
    reader = FakeReader({0: 25})
    topo, batches, seen = make(reader, table)  # batch_max_records = 10
    pieces: list[int] = []
    process = batches._process

    async def counted(events, advance):
        assert batches.lock.locked()
        pieces.append(len(events))
        return await process(events, advance)

    batches._process = counted

    async def main():
        await batches.sweep([0], now=0.0)
        return await batches.sweep([0], now=positions.STALL_SECONDS + 1)

    assert asyncio.run(main()) == 25
    assert pieces == [10, 10, 5] and len(seen) == 25 and table[position_key(0)] == b"25"


def test_offsets_faust_stepped_over_are_acknowledged_to_its_commit_bookkeeping():
    """A restarted worker's consumer starts at the committed offset 10 but delivers 13 first; the agent had
    processed 10..12 before (its position says 13): Faust is told they are done, or it never commits again."""
    table = {position_key(0): b"13"}
    reader = FakeReader({0: 20})
    topo, batches, seen = make(reader, table)
    gaps_added: list = []

    class Consumer:
        _committed_offset = {(TOPIC, 0): 10}

        async def _add_gap(self, tp, start, end):
            gaps_added.append((tp, start, end))

    batches.app = SimpleNamespace(consumer=Consumer(), consumer_generation_id=1)

    def faust_event(offset):
        e = event(0, offset)
        e.direct = False  # delivered by the consumer
        return e

    async def main():
        await batches.run([faust_event(13), faust_event(14)])
        await batches.run([faust_event(16)])  # 15 stepped over: read in directly, then acknowledged

    asyncio.run(main())
    assert seen == [b"0:13", b"0:14", b"0:15", b"0:16"]
    assert gaps_added == [((TOPIC, 0), 10, 12), ((TOPIC, 0), 15, 15)]

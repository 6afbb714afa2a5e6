"""Input positions kept in each agent's own state, and the gaps they reveal: reads the agent's input partitions
directly (a consumer outside the worker group) when a gap is found, and the group's committed offsets; writes one
position key per input partition into the agent's table.

Why: Faust decides what was processed from the offsets it commits, and it can commit or skip records its agent
never processed (after a restart it resumes a partition before seeking it, and its commit bookkeeping fills
"gaps" it believes it saw). Stream processors that cannot lose input keep the input position in the state's own
checkpoint instead (Flink's source offsets; Kafka Streams' offsets in the state transaction). Each agent here
writes, with the state changes of a batch and in the same changelog partition, the next offset it expects on
every input partition. A record further ahead than that means records were skipped: they are read directly and
processed first. Every stage is idempotent, so a record read twice changes nothing.

A partition with records pending that Faust has not delivered for `STALL_SECONDS` (a fetcher that stopped, or
records skipped at the end of a partition, where no later record reveals the gap) is read the same way by a
timer (`Batches.sweep`, streams/delivery.py).
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("sitrep")

KEY_PREFIX = "\x00next|"  # sorts before every state key and cannot be an article, claim or incident id
STALL_SECONDS = 30.0  # a busy worker still delivers from every partition within seconds
READ_SECONDS = 20.0  # one direct read of a range, at most
READ_MAX_RECORDS = 2000  # per sweep of one partition; the next sweep goes on


def position_key(partition: int) -> str:
    return f"{KEY_PREFIX}{partition}"


def is_position_key(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(KEY_PREFIX)


def encode_position(offset: int) -> bytes:
    return str(offset).encode()


def decode_position(raw: bytes | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def gaps(expected: int | None, offsets: Iterable[int]) -> list[tuple[int, int]]:
    """The ranges [start, stop) missing before or between `offsets` (one partition's, in delivery order), given
    the next offset expected; a record at or below what was expected is a redelivery, not a gap."""
    out = []
    for offset in offsets:
        if expected is not None and offset > expected:
            out.append((expected, offset))
        expected = offset + 1 if expected is None else max(expected, offset + 1)
    return out


@dataclass
class Message:
    """A record read directly, shaped like the Faust message the agents, the dead letters and the table writes
    read (topic, partition, offset, key, value)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: float | None = None
    acked: bool = False

    @property
    def tp(self) -> Any:
        from faust.types import TP

        return TP(self.topic, self.partition)


@dataclass(eq=False)
class Event:
    """A record read directly, shaped like a Faust event: `as_current` makes it the current event, so that a table
    write it causes goes to its partition's changelog (weak-referenced, hence a class and not a tuple)."""

    message: Message
    direct: bool = True

    @property
    def key(self) -> bytes | None:
        return self.message.key

    @property
    def value(self) -> bytes | None:
        return self.message.value


def direct_events(records: Sequence[Any]) -> list[Event]:
    return [Event(Message(r.topic, r.partition, r.offset, r.key, r.value, r.timestamp)) for r in records]


@dataclass
class Read:
    records: list[Any] = field(default_factory=list)
    complete: bool = False  # the reader reached `stop` (records may be fewer: retention, transaction markers)


class RangeReader:
    """Reads ranges of input partitions with its own consumer (no group, so no rebalance), and the worker group's
    committed offsets through a `LagProbe` (streams/consume.py). One per worker, shared by the agents; reads are
    serialised. Clients are started on first use."""

    def __init__(self, bootstrap: str, group: str, settings: Any, max_record_bytes: int) -> None:
        self.bootstrap, self.group, self.max_record_bytes = bootstrap, group, max_record_bytes
        self.security = settings.kafka_client()
        self.lock = asyncio.Lock()
        self.consumer: Any = None
        self.offsets: Any = None  # LagProbe

    async def _clients(self) -> tuple[Any, Any]:
        from aiokafka import AIOKafkaConsumer

        from streams.consume import LagProbe

        if self.consumer is None:
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self.bootstrap, enable_auto_commit=False, auto_offset_reset="earliest",
                max_partition_fetch_bytes=self.max_record_bytes, **self.security)
            await consumer.start()
            self.consumer = consumer
        if self.offsets is None:
            offsets = LagProbe(self.bootstrap, group=self.group, client=self.security)
            await offsets.start()
            self.offsets = offsets
        return self.consumer, self.offsets

    async def start_offset(self, topic: str, partition: int) -> int:
        """Where the group starts on a partition it has no position for: its committed offset, else the
        partition's beginning."""
        from aiokafka import TopicPartition

        async with self.lock:
            consumer, offsets = await self._clients()
            tp = TopicPartition(topic, partition)
            committed = await offsets.committed(tp)
            return committed if committed is not None else (await consumer.beginning_offsets([tp]))[tp]

    async def end_offsets(self, topic: str, partitions: Iterable[int]) -> dict[int, int]:
        from aiokafka import TopicPartition

        async with self.lock:
            consumer, _ = await self._clients()
            tps = [TopicPartition(topic, p) for p in partitions]
            ends = await consumer.end_offsets(tps) if tps else {}
            return {tp.partition: offset for tp, offset in ends.items()}

    async def read(self, topic: str, partition: int, start: int, stop: int, max_records: int | None = None,
                   deadline_s: float = READ_SECONDS) -> Read:
        """Records with start <= offset < stop (at most `max_records`, from the start). A slow broker may answer
        empty in the middle of a partition, so the read goes on until the consumer's position reaches `stop`."""
        from aiokafka import TopicPartition

        stop = stop if max_records is None else min(stop, start + max_records)
        async with self.lock:
            consumer, _ = await self._clients()
            tp = TopicPartition(topic, partition)
            consumer.assign([tp])
            consumer.seek(tp, start)
            out = Read()
            deadline = time.monotonic() + deadline_s
            while time.monotonic() < deadline:
                batch = await consumer.getmany(tp, timeout_ms=500, max_records=500)
                out.records += [r for r in batch.get(tp, ()) if start <= r.offset < stop]
                if await consumer.position(tp) >= stop:
                    out.complete = True
                    break
            return out

    async def stop(self) -> None:
        if self.consumer is not None:
            try:
                await self.consumer.stop()
            except Exception:  # noqa: BLE001 - best effort at shutdown
                pass
        if self.offsets is not None:
            await self.offsets.stop()
        self.consumer = self.offsets = None

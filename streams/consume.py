"""Reads topics as a downstream consumer would: `sitrep.incidents.v1` for `sitrep tail` and the table snapshot used
by tests, `sitrep.deadletter.v1` (reassembled) for `sitrep deadletters`, which also re-sends originals, and the
worker group's committed offsets against the input topics' ends (its lag)."""
from __future__ import annotations

import base64
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import MessageSizeTooLargeError

from schemas import codec
from schemas.deadletter import DeadLetter
from schemas.incident import Incident
from schemas.topics import ARTICLES_RAW, CLAIMS, DEADLETTER, INCIDENT_EVENTS, INCIDENTS
from streams.deadletters import Incomplete, reassemble
from streams.settings import Settings

# The worker's default request limit; callers with settings pass theirs.
MAX_MESSAGE_BYTES: int = Settings.model_fields["max_message_bytes"].default
GROUP: str = Settings.model_fields["app_id"].default  # Faust's consumer group is the app id
INPUT_TOPICS = (ARTICLES_RAW.name, CLAIMS.name, INCIDENT_EVENTS.name)  # what the worker's agents consume


def describe(record: Incident) -> str:
    k, w = record.killed, record.wounded
    place = ", ".join(x for x in (record.place.site, record.place.city, record.place.country) if x) or "?"
    when = record.date.start.isoformat() if record.date.start else "undated"
    return (
        f"{when} {place} {record.attack_type}: killed {k.best if k.best is not None else '?'}"
        f" wounded {w.best if w.best is not None else '?'}{' CONFLICTING' if record.conflicting else ''}"
        f" v{record.version} [{record.incident_id}] {record.independent_sources} source(s)"
    )


async def read_from_start(
    bootstrap: str,
    topics: list[str],
    timeout_ms: int = 2000,
    max_record_bytes: int = MAX_MESSAGE_BYTES,
    deadline_s: float = 120.0,
    client: dict[str, Any] | None = None,
) -> list[Any]:
    """Every record of these topics, partition by partition from the beginning to the end offsets found at the
    start, and on until a fetch comes back empty: what a consumer rebuilding its state, or re-sending a topic, reads.
    An empty fetch alone would let a slow broker cut the read short. `timeout_ms` is the wait per fetch;
    after `deadline_s` the read stops with what it has and says so on stderr. A partition fetch must hold the
    largest record (aiokafka's default of 1 MB skips a larger one on brokers that cut fetches at the limit).
    `client`: further aiokafka arguments, as for every function here (a secured cluster's, Settings.kafka_client)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=max_record_bytes,
        **(client or {}),
    )
    await consumer.start()
    records: list[Any] = []
    try:
        tps = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        if not tps:
            return records
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        starts, ends = await consumer.beginning_offsets(tps), await consumer.end_offsets(tps)
        pending = {tp for tp in tps if ends[tp] > starts[tp]}
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=timeout_ms)
            for messages in batch.values():
                records += messages
            if not batch:  # done once nothing more comes and every partition is read to its end offset
                pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
                if not pending:
                    break
        if pending:
            print(f"read {len(records)} records of {', '.join(topics)}; gave up on {len(pending)} partition(s) "
                  f"after {deadline_s:g} s", file=sys.stderr)
    finally:
        await consumer.stop()
    return records


async def read_table(bootstrap: str, timeout_ms: int = 2000, client: dict[str, Any] | None = None) -> dict[str, Incident]:
    """Everything on the compacted topic, folded the way a consumer keeps its own copy: last value per key wins,
    a tombstone deletes."""
    table: dict[str, Incident] = {}
    for msg in await read_from_start(bootstrap, [INCIDENTS.name], timeout_ms, client=client):
        key = msg.key.decode()
        if msg.value is None:
            table.pop(key, None)
        else:
            table[key] = codec.decode(msg.value, Incident)
    return table


async def tail(bootstrap: str, as_json: bool = False, from_start: bool = False, out: Any = None,
               client: dict[str, Any] | None = None) -> None:
    out = out or sys.stdout
    consumer = AIOKafkaConsumer(
        INCIDENTS.name,
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_start else "latest",
        **(client or {}),
    )
    await consumer.start()
    try:
        async for msg in consumer:
            key = msg.key.decode() if msg.key else ""
            if msg.value is None:
                line = codec.dumps({"incident_id": key, "deleted": True}).decode() if as_json else f"merged away [{key}]"
            else:
                record = codec.decode(msg.value, Incident)
                line = codec.dumps(record).decode() if as_json else describe(record)
            print(line, file=out, flush=True)
    finally:
        await consumer.stop()


async def read_dead_letters(
    bootstrap: str, timeout_ms: int = 2000, max_bytes: int = MAX_MESSAGE_BYTES, client: dict[str, Any] | None = None
) -> tuple[list[DeadLetter], list[Incomplete]]:
    """Every letter on the dead-letter topic, its parts put back together, and the letters with parts missing."""
    records = await read_from_start(bootstrap, [DEADLETTER.name], timeout_ms, max_bytes, client=client)
    return reassemble(codec.decode(m.value, DeadLetter) for m in records if m.value is not None)


@dataclass
class Resent:
    sent: int = 0
    skipped: list[tuple[DeadLetter, str]] = field(default_factory=list)  # each letter not re-sent, and why


async def resend_dead_letters(bootstrap: str, letters: list[DeadLetter], max_bytes: int = MAX_MESSAGE_BYTES,
                              client: dict[str, Any] | None = None) -> Resent:
    """Sends each whole letter's original bytes back to the topic it came from (after a fix); stages are
    idempotent, so a letter resent twice changes nothing. A part alone is never sent (reassemble first), nor is a
    letter whose source is unknown; an original larger than a record may be is skipped and said so."""
    # aiokafka refuses records over 1 MB by default; the worker takes up to max_message_bytes.
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0, max_request_size=max_bytes,
                                **(client or {}))
    await producer.start()
    result = Resent()
    try:
        for letter in letters:
            if not letter.whole:
                result.skipped.append((letter, f"only part {letter.part} of {letter.parts}"))
                continue
            if not letter.source_topic:
                result.skipped.append((letter, "no source topic"))
                continue
            key = base64.b64decode(letter.key_b64) if letter.key_b64 else None
            try:
                await producer.send_and_wait(letter.source_topic, value=letter.original(), key=key)
            except MessageSizeTooLargeError as exc:
                result.skipped.append((letter, f"{letter.size} bytes is too large to send ({exc})"))
                continue
            result.sent += 1
    finally:
        await producer.stop()
    return result


class LagProbe:
    """Reads the worker group's committed offsets through a consumer that names the group but never joins it
    (no subscription), so it does not trigger a rebalance. The admin client's OffsetFetch does not decode against
    the embedded broker; the consumer's does."""

    def __init__(self, bootstrap: str, group: str = GROUP, topics: tuple[str, ...] = INPUT_TOPICS,
                 client: dict[str, Any] | None = None) -> None:
        """`client`: further aiokafka arguments (a secured cluster's, from Settings.kafka_client)."""
        self.bootstrap, self.group, self.topics, self.client = bootstrap, group, topics, client or {}
        self.consumer: Any = None

    async def start(self) -> None:
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap, group_id=self.group, enable_auto_commit=False, **self.client
        )
        await self.consumer.start()

    async def committed(self, tp: TopicPartition) -> int | None:
        """The group's committed offset on `tp`, None if it never committed there."""
        done = await self.consumer.committed(tp)
        return None if done is None or done < 0 else done

    async def lag(self) -> dict[str, int]:
        """Per input topic: end offsets minus the group's committed offsets (a partition never committed counts
        from its beginning offset)."""
        await self.consumer.topics()
        out: dict[str, int] = {}
        for topic in self.topics:
            tps = [TopicPartition(topic, p) for p in sorted(self.consumer.partitions_for_topic(topic) or ())]
            if not tps:
                continue
            ends = await self.consumer.end_offsets(tps)
            starts = await self.consumer.beginning_offsets(tps)
            total = 0
            for tp in tps:
                done = await self.committed(tp)
                total += max(0, ends[tp] - (starts[tp] if done is None else done))
            out[topic] = total
        return out

    async def has_committed(self) -> bool:
        """Whether the group has committed an offset on any partition of the input topics."""
        await self.consumer.topics()
        for topic in self.topics:
            for p in sorted(self.consumer.partitions_for_topic(topic) or ()):
                if await self.committed(TopicPartition(topic, p)) is not None:
                    return True
        return False

    async def stop(self) -> None:
        if self.consumer is not None:
            try:
                await self.consumer.stop()
            except Exception:  # noqa: BLE001 - best effort at shutdown
                pass

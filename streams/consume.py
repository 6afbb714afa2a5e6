"""Reads `sitrep.incidents.v1` as a downstream consumer would: `sitrep tail`, and the table snapshot used by tests."""
from __future__ import annotations

import sys
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from schemas import codec
from schemas.incident import Incident
from schemas.topics import INCIDENTS


def describe(record: Incident) -> str:
    k, w = record.killed, record.wounded
    place = ", ".join(x for x in (record.place.site, record.place.city, record.place.country) if x) or "?"
    when = record.date.start.isoformat() if record.date.start else "undated"
    return (
        f"{when} {place} {record.attack_type}: killed {k.best if k.best is not None else '?'}"
        f" wounded {w.best if w.best is not None else '?'}{' CONFLICTING' if record.conflicting else ''}"
        f" v{record.version} [{record.incident_id}] {record.independent_sources} source(s)"
    )


async def read_from_start(bootstrap: str, topics: list[str], timeout_ms: int = 2000) -> list[Any]:
    """Every record of these topics, partition by partition from offset 0, until nothing arrives for
    `timeout_ms`: what a consumer rebuilding its state, or re-sending a topic, reads."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    records: list[Any] = []
    try:
        tps = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        if not tps:
            return records
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        while batch := await consumer.getmany(timeout_ms=timeout_ms):
            for messages in batch.values():
                records += messages
    finally:
        await consumer.stop()
    return records


async def read_table(bootstrap: str, timeout_ms: int = 2000) -> dict[str, Incident]:
    """Everything on the compacted topic, folded the way a consumer keeps its own copy: last value per key wins,
    a tombstone deletes."""
    table: dict[str, Incident] = {}
    for msg in await read_from_start(bootstrap, [INCIDENTS.name], timeout_ms):
        key = msg.key.decode()
        if msg.value is None:
            table.pop(key, None)
        else:
            table[key] = codec.decode(msg.value, Incident)
    return table


async def tail(bootstrap: str, as_json: bool = False, from_start: bool = False, out: Any = None) -> None:
    out = out or sys.stdout
    consumer = AIOKafkaConsumer(
        INCIDENTS.name,
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_start else "latest",
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


async def read_dead_letters(bootstrap: str, timeout_ms: int = 2000) -> list:
    from schemas.deadletter import DeadLetter
    from schemas.topics import DEADLETTER

    records = await read_from_start(bootstrap, [DEADLETTER.name], timeout_ms)
    return [codec.decode(m.value, DeadLetter) for m in records if m.value is not None]


async def resend_dead_letters(bootstrap: str, letters: list) -> int:
    """Sends each letter's original bytes back to the topic it came from (after a fix); stages are idempotent,
    so a letter resent twice changes nothing."""
    import base64

    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    await producer.start()
    sent = 0
    try:
        for letter in letters:
            if not letter.source_topic:
                continue
            key = base64.b64decode(letter.key_b64) if letter.key_b64 else None
            await producer.send_and_wait(letter.source_topic, value=letter.original(), key=key)
            sent += 1
    finally:
        await producer.stop()
    return sent

"""Redelivery at scale: every record of the raw, claims and incident-event topics is read from offset 0 and
produced again into a running worker; the incident table must not change by a single byte."""
from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaProducer

from schemas.topics import ARTICLES_RAW, CLAIMS, INCIDENT_EVENTS
from streams.consume import read_from_start
from streams.push import push
from tests.integration.conftest import topic_settled

pytestmark = pytest.mark.integration


async def _refeed(bootstrap: str, topics: list[str]) -> int:
    records = await read_from_start(bootstrap, topics)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0)
    await producer.start()
    try:
        for m in records:  # same partition, same order: exactly what a redelivery looks like
            await producer.send_and_wait(m.topic, value=m.value, key=m.key, partition=m.partition)
    finally:
        await producer.stop()
    return len(records)


def test_refeeding_every_topic_from_offset_zero_changes_nothing(corpus, broker, worker_factory):
    worker_factory().start()
    asyncio.run(push([corpus / "seeds" / "articles.jsonl"], broker.bootstrap, {}))
    before = topic_settled(broker.bootstrap)
    refed = asyncio.run(_refeed(broker.bootstrap, [ARTICLES_RAW.name, CLAIMS.name, INCIDENT_EVENTS.name]))
    assert refed > 5
    after = topic_settled(broker.bootstrap, quiet=10.0)
    assert after == before

"""The embedded broker's end offsets after batched produce requests (streams/broker_fixes.py): Tansu reports the
last batch's base offset plus one; every client of sitrep must see the true end, or a table recovery and a read to
the end stop short."""
from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from streams.consume import read_from_start

pytestmark = pytest.mark.integration


async def _produce_batches(bootstrap: str, sizes: list[int]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic("batched", 1, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=50)
    await producer.start()
    try:
        for size in sizes:  # each burst leaves in one produce request (one batch)
            sent = [await producer.send("batched", b"r%d" % i, partition=0) for i in range(size)]
            await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def _end(bootstrap: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        tp = TopicPartition("batched", 0)
        return (await consumer.end_offsets([tp]))[tp]
    finally:
        await consumer.stop()


def test_end_offsets_count_every_record_of_batched_produce_requests(broker):
    asyncio.run(_produce_batches(broker.bootstrap, [1, 5, 3, 10]))
    assert asyncio.run(_end(broker.bootstrap)) == 19
    records = asyncio.run(read_from_start(broker.bootstrap, ["batched"]))
    assert [m.offset for m in records] == list(range(19))


async def _ends_of_three(bootstrap: str) -> dict[int, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic("wide", 3, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=50, max_request_size=1 << 20)
    await producer.start()
    try:
        # Partition 0's last batch alone is larger than the check reads per partition; 1 and 2 end in batches of 4.
        await producer.send_and_wait("wide", b"x" * (200 * 1024), partition=0)
        for partition in (1, 2):
            sent = [await producer.send("wide", b"r%d" % i, partition=partition) for i in range(4)]
            await asyncio.gather(*sent)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        ends = await consumer.end_offsets([TopicPartition("wide", p) for p in range(3)])
        return {tp.partition: end for tp, end in ends.items()}
    finally:
        await consumer.stop()


def test_a_large_last_batch_leaves_the_other_partitions_checked_too(broker):
    assert asyncio.run(_ends_of_three(broker.bootstrap)) == {0: 1, 1: 4, 2: 4}

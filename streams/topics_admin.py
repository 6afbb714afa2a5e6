"""Creates sitrep's topics on the broker from the registry in schemas/topics.py (partitions, cleanup policy).

Faust creates only its own changelog topics; the pipeline's topics are created here before the worker starts,
so their partition counts and cleanup policies are the registry's, not a broker default.
"""
from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from schemas import topics as registry

log = logging.getLogger(__name__)


async def ensure_topics(bootstrap: str, partitions: int, replication: int = 1, client_kwargs: dict | None = None) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **(client_kwargs or {}))
    await admin.start()
    created = []
    try:
        existing = set(await admin.list_topics())
        for spec in registry.ALL:
            if spec.name in existing:
                continue
            count = spec.partitions if spec.partitions == 1 else partitions
            configs = {"cleanup.policy": spec.cleanup}
            try:
                await admin.create_topics([NewTopic(spec.name, count, replication, topic_configs=configs)])
            except TopicAlreadyExistsError:
                continue
            except Exception as exc:  # noqa: BLE001 - a broker without topic configs (Tansu) still gets the topic
                log.warning("creating %s with %s failed (%s); creating it without configs", spec.name, configs, exc)
                try:
                    await admin.create_topics([NewTopic(spec.name, count, replication)])
                except TopicAlreadyExistsError:
                    continue
            created.append(spec.name)
    finally:
        await admin.close()
    return created


async def changelog_highwaters(bootstrap: str, app_id: str, tables: list[str],
                               client_kwargs: dict | None = None) -> dict[str, int]:
    """Records on each table's changelog topic (summed over partitions); 0 when the topic is missing or empty."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, **(client_kwargs or {}))
    await consumer.start()
    try:
        existing = await consumer.topics()
        totals: dict[str, int] = {}
        for table in tables:
            topic = f"{app_id}-{table}-changelog"
            if topic not in existing:
                totals[table] = 0
                continue
            tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            ends = await consumer.end_offsets(tps) if tps else {}
            totals[table] = sum(ends.values())
        return totals
    finally:
        await consumer.stop()

"""Writes anything a stage cannot process to `sitrep.deadletter.v1`: original bytes, stage, reason, source offset.

Every agent catches per record and calls `send_dead_letter`, so one bad record never stops a partition.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from schemas import codec
from schemas.deadletter import DeadLetter, Stage
from schemas.topics import DEADLETTER
from streams import metrics

log = logging.getLogger(__name__)


def make_dead_letter(
    stage: Stage, reason: str, error: str, value: bytes | None, key: bytes | None = None, message: Any = None
) -> DeadLetter:
    return DeadLetter(
        stage=stage,
        reason=reason,
        error=error[:2000],
        source_topic=getattr(message, "topic", None),
        source_partition=getattr(message, "partition", None),
        source_offset=getattr(message, "offset", None),
        key_b64=DeadLetter.encode_bytes(key),
        value_b64=DeadLetter.encode_bytes(value if value is not None else b"") or "",
        failed_at=datetime.now(timezone.utc),
    )


async def send_dead_letter(topo: Any, letter: DeadLetter) -> None:
    metrics.dead_letters.labels(letter.stage, letter.reason).inc()
    metrics.recent_dead_letters.append(letter)
    log.warning(
        "dead letter: stage=%s reason=%s at %s[%s]@%s: %s",
        letter.stage,
        letter.reason,
        letter.source_topic,
        letter.source_partition,
        letter.source_offset,
        letter.error[:200],
    )
    key = letter.key_b64.encode() if letter.key_b64 else None
    await topo.topic(DEADLETTER).send(key=key, value=codec.dumps(letter))

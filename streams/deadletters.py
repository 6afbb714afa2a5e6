"""Writes anything a stage cannot process to `sitrep.deadletter.v1`: original bytes, stage, reason, source offset.

Every agent catches per record and calls `send_dead_letter`, so one bad record never stops a partition. The send
itself never raises: a dead letter that cannot be written (broker down, record too large) is logged and counted
in `sitrep_dead_letter_send_failures_total`, and the agent goes on with the next record.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from prometheus_client import Counter

from schemas import codec
from schemas.deadletter import DeadLetter, Stage
from schemas.topics import DEADLETTER
from streams import metrics

log = logging.getLogger(__name__)

dead_letter_send_failures = Counter(
    "sitrep_dead_letter_send_failures_total",
    "Dead letters that could not be written to the dead-letter topic (logged instead), by stage",
    ["stage"],
    registry=metrics.REGISTRY,
)
# JSON envelope around the base64 value: stage, reason, error (<= 2000 chars), offsets, timestamps.
_ENVELOPE_HEADROOM = 16_384


def _as_bytes(data: Any) -> bytes | None:
    if data is None or isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    return str(data).encode("utf-8", "surrogatepass")


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def make_dead_letter(
    stage: Stage, reason: str, error: str, value: bytes | None, key: bytes | None = None, message: Any = None
) -> DeadLetter:
    topic = getattr(message, "topic", None)
    return DeadLetter(
        stage=stage,
        reason=str(reason) or "unknown",
        error=str(error)[:2000],
        source_topic=topic if isinstance(topic, str) else None,
        source_partition=_as_int(getattr(message, "partition", None)),
        source_offset=_as_int(getattr(message, "offset", None)),
        key_b64=DeadLetter.encode_bytes(_as_bytes(key)),
        value_b64=DeadLetter.encode_bytes(_as_bytes(value) or b"") or "",
        failed_at=datetime.now(timezone.utc),
    )


def fits(value_size: int, max_bytes: int) -> bool:
    """Whether a dead letter carrying `value_size` original bytes (as base64) fits in one produce request."""
    return (value_size + 2) // 3 * 4 + _ENVELOPE_HEADROOM <= max_bytes


def fit_to_limit(letter: DeadLetter, max_bytes: int) -> DeadLetter:
    """A letter whose base64 value would exceed the producer's request limit cannot be written at all; keep the
    stage, reason and source offset (where the original still is) and say so, rather than lose the whole letter."""
    if len(letter.value_b64) + _ENVELOPE_HEADROOM <= max_bytes:
        return letter
    size = len(letter.value_b64) * 3 // 4
    note = (
        f"original value ({size} bytes) omitted: too large for {DEADLETTER.name}; read it at "
        f"{letter.source_topic}[{letter.source_partition}]@{letter.source_offset}. "
    )
    return letter.model_copy(update={"value_b64": "", "error": (note + letter.error)[:2000]})


async def send_dead_letter(topo: Any, letter: DeadLetter) -> bool:
    """Returns whether the letter was written; never raises (a failing dead-letter send must not kill an agent)."""
    try:
        settings = getattr(topo, "settings", None)
        letter = fit_to_limit(letter, getattr(settings, "max_message_bytes", 8_000_000))
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
    except Exception as exc:  # noqa: BLE001 - logged and counted; the agent's loop must go on
        dead_letter_send_failures.labels(letter.stage).inc()
        log.error(
            "could not write dead letter (stage=%s reason=%s at %s[%s]@%s): %s: %s",
            letter.stage,
            letter.reason,
            letter.source_topic,
            letter.source_partition,
            letter.source_offset,
            type(exc).__name__,
            exc,
        )
        return False
    metrics.dead_letters.labels(letter.stage, letter.reason).inc()
    return True


async def dead_letter(
    topo: Any, stage: Stage, reason: str, error: str, value: bytes | None, key: bytes | None, message: Any
) -> bool:
    """Builds and sends in one step, for agents' last-resort handlers: even a letter that cannot be built (odd
    key or message types) is logged and counted instead of raised."""
    try:
        letter = make_dead_letter(stage, reason, error, value, key, message)
    except Exception as exc:  # noqa: BLE001
        dead_letter_send_failures.labels(stage).inc()
        log.error("could not build dead letter (stage=%s reason=%s): %s: %s", stage, reason, type(exc).__name__, exc)
        return False
    return await send_dead_letter(topo, letter)

"""Writes anything a stage cannot process to `sitrep.deadletter.v1`: original bytes, stage, reason, source offset;
and reads letters back whole.

Every agent catches per record and calls `send_dead_letter`, so one bad record never stops a partition. The send
itself never raises: a dead letter that cannot be written (broker down, a key too large to leave room for the
value) is logged and counted in `sitrep_dead_letter_send_failures_total`, and the agent goes on with the next record.

Nothing is lost to size: a letter whose record would exceed the producer's request limit (`max_message_bytes`) is
written as several parts under the same key (so to the same partition, in order), each within the limit and
carrying a slice of the original (`split`); `reassemble` puts them back together and reports a letter with parts
missing instead of passing on half of it.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from prometheus_client import Counter

from schemas import codec
from schemas.deadletter import DeadLetter, Stage, letter_id_for
from schemas.topics import DEADLETTER
from streams import metrics

log = logging.getLogger(__name__)

dead_letter_send_failures = Counter(
    "sitrep_dead_letter_send_failures_total",
    "Dead letters that could not be written to the dead-letter topic (logged instead), by stage",
    ["stage"],
    registry=metrics.REGISTRY,
)
# Kafka's record batch header (61 bytes) and the record's own length and offset varints, with room to spare: the
# broker's message.max.bytes counts the whole batch.
_FRAMING = 1024


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
    topic = topic if isinstance(topic, str) else None
    partition, offset = _as_int(getattr(message, "partition", None)), _as_int(getattr(message, "offset", None))
    original = _as_bytes(value) or b""
    return DeadLetter(
        letter_id=letter_id_for(stage, topic, partition, offset, original),
        size=len(original),
        stage=stage,
        reason=str(reason) or "unknown",
        error=str(error)[:2000],
        source_topic=topic,
        source_partition=partition,
        source_offset=offset,
        key_b64=DeadLetter.encode_bytes(_as_bytes(key)),
        value_b64=DeadLetter.encode_bytes(original) or "",
        failed_at=datetime.now(timezone.utc),
    )


def record_key(letter: DeadLetter) -> bytes:
    """The dead-letter record's key: the original key (base64), else the letter id, so that every part of a
    letter lands on the same partition, in order."""
    return (letter.key_b64 or letter.letter_id).encode("ascii")


def split(letter: DeadLetter, max_bytes: int) -> list[DeadLetter]:
    """The records a whole letter is written as, each at most `max_bytes` with its key: the letter itself when it
    fits, else parts 1..n of the same envelope, each with a slice of the original."""
    if not letter.whole:
        raise ValueError(f"letter {letter.letter_id} is already part {letter.part} of {letter.parts}")
    original = letter.original()
    # The envelope is the same in every part but for the part numbers; count them at their widest (a part holds
    # at least one byte, so there are never more parts than bytes).
    widest = max(len(original), 1)
    envelope = len(codec.dumps(letter.model_copy(update={"value_b64": "", "part": widest, "parts": widest})))
    room = max_bytes - _FRAMING - len(record_key(letter)) - envelope
    # Slices of 3k bytes encode to 4k base64 characters without padding, so each part's value decodes alone.
    chunk = room // 4 * 3
    if chunk <= 0:
        raise ValueError(f"no room for the value in {max_bytes}-byte records: key and envelope take {envelope} bytes")
    count = max(1, -(-len(original) // chunk))
    if count == 1:
        return [letter]
    return [
        letter.model_copy(
            update={
                "part": i + 1,
                "parts": count,
                "value_b64": DeadLetter.encode_bytes(original[i * chunk : (i + 1) * chunk]),
            }
        )
        for i in range(count)
    ]


@dataclass(frozen=True)
class Incomplete:
    """A letter that could not be put back together: reported, never replayed."""

    letter: DeadLetter  # its first part read: stage, reason, source, and the size of the whole original
    have: tuple[int, ...]  # the part numbers read
    why: str


def reassemble(records: Iterable[DeadLetter]) -> tuple[list[DeadLetter], list[Incomplete]]:
    """Whole letters, in the order their first part was read, and the letters that are not whole.

    Parts belong together when they share the letter id and the failure time: one record failing twice at a stage
    (say, redelivered after a crash) is two letters with the same id. A part read twice (a producer retry) counts
    once. A whole letter keeps `parts`, how many records it was written as."""
    groups: dict[tuple[str, datetime], dict[int, DeadLetter]] = {}
    for record in records:
        groups.setdefault((record.letter_id, record.failed_at), {}).setdefault(record.part, record)
    whole: list[DeadLetter] = []
    incomplete: list[Incomplete] = []
    for found in groups.values():
        first = found[min(found)]
        have = tuple(sorted(found))
        if {p.parts for p in found.values()} != {first.parts}:
            incomplete.append(Incomplete(first, have, "its parts disagree on how many there are"))
            continue
        missing = [n for n in range(1, first.parts + 1) if n not in found]
        if missing:
            shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
            incomplete.append(Incomplete(first, have, f"missing part(s) {shown} of {first.parts}"))
            continue
        original = b"".join(found[n].original() for n in range(1, first.parts + 1))
        if len(original) != first.size:
            incomplete.append(Incomplete(first, have, f"{len(original)} bytes in its parts, {first.size} expected"))
            continue
        whole.append(found[1].model_copy(update={"value_b64": DeadLetter.encode_bytes(original)}))
    return whole, incomplete


async def send_dead_letter(topo: Any, letter: DeadLetter) -> bool:
    """Returns whether the letter was written, every part of it; never raises (a failing dead-letter send must not
    kill an agent). A letter cut short by a failure midway is read back as incomplete, not as a smaller one."""
    try:
        settings = getattr(topo, "settings", None)
        parts = split(letter, getattr(settings, "max_message_bytes", 8_000_000))
        # The web view lists what failed, not the bytes: 200 letters of up to max_message_bytes would be gigabytes.
        metrics.recent_dead_letters.append(letter.model_copy(update={"value_b64": "", "parts": len(parts)}))
        log.warning(
            "dead letter: stage=%s reason=%s at %s[%s]@%s (%d bytes in %d part(s)): %s",
            letter.stage,
            letter.reason,
            letter.source_topic,
            letter.source_partition,
            letter.source_offset,
            letter.size,
            len(parts),
            letter.error[:200],
        )
        topic, key = topo.topic(DEADLETTER), record_key(letter)
        for part in parts:
            await topic.send(key=key, value=codec.dumps(part))
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

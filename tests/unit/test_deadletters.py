"""Dead letters of any size: splitting a letter into records within the producer's limit, putting the parts back
together (in any order, a missing part reported, never passed on), reading them back from the topic, re-sending
whole letters only, the `sitrep deadletters` lines, and version 1 letters still loading. Bytes here are made up.
"""
from __future__ import annotations

import asyncio
import os
import random
from types import SimpleNamespace

import pytest
from aiokafka.errors import MessageSizeTooLargeError
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import codec
from schemas.deadletter import DeadLetter, letter_id_for
from streams import consume, deadletters


class _Message:
    topic, partition, offset = "sitrep.articles.raw.v1", 3, 1207


def _letter(original: bytes, key: bytes | None = b"article-7", error: str = "too large", message=_Message()):
    return deadletters.make_dead_letter("extract", "too_large", error, original, key, message)


def _produce_size(key: bytes, value: bytes) -> int:
    """What aiokafka's producer compares with max_request_size: the record and its batch header."""
    return DefaultRecordBatchBuilder.estimate_size_in_bytes(key, value, [])


def _written(letter: DeadLetter, max_bytes: int) -> list[tuple[bytes, bytes]]:
    """The (key, value) records a letter is written as, checked against the limit."""
    records = [(deadletters.record_key(p), codec.dumps(p)) for p in deadletters.split(letter, max_bytes)]
    for key, value in records:
        assert _produce_size(key, value) <= max_bytes
    return records


def _read(records: list[tuple[bytes, bytes]]) -> list[DeadLetter]:
    return [codec.decode(value, DeadLetter) for _, value in records]


def _one_part_limit(max_bytes: int, key: bytes | None = b"article-7") -> int:
    """The largest original that still travels as one record (split's parts count never falls as size grows)."""
    low, high = 0, max_bytes
    while low < high:
        mid = (low + high + 1) // 2
        if len(deadletters.split(_letter(b"x" * mid, key), max_bytes)) == 1:
            low = mid
        else:
            high = mid - 1
    return low


# ------------------------------------------------------------------ split and reassemble
@settings(max_examples=60, deadline=None)
@given(
    max_bytes=st.integers(4_000, 40_000),
    size=st.integers(0, 120_000),
    error=st.text(max_size=2000),
    key=st.one_of(st.none(), st.binary(max_size=200)),
    seed=st.integers(0, 2**32),
)
def test_any_original_survives_split_and_reassembly_in_any_order(max_bytes, size, error, key, seed):
    rng = random.Random(seed)
    original = rng.randbytes(size)
    letter = _letter(original, key, error)
    records = _written(letter, max_bytes)
    assert len({k for k, _ in records}) == 1, "one key: one partition, parts in order"
    parts = _read(records)
    assert [p.part for p in parts] == list(range(1, len(parts) + 1)) and {p.parts for p in parts} == {len(parts)}
    assert {p.letter_id for p in parts} == {letter.letter_id} and all(p.size == size for p in parts)
    rng.shuffle(parts)
    whole, incomplete = deadletters.reassemble(parts)
    assert incomplete == [] and len(whole) == 1
    assert whole[0].original() == original and whole[0].whole and whole[0].parts == len(records)
    assert (whole[0].stage, whole[0].error, whole[0].key_b64) == ("extract", error, letter.key_b64)


@pytest.mark.parametrize("max_bytes", [4_096, 65_536, 1_048_576])
def test_sizes_around_each_part_boundary_round_trip(max_bytes):
    limit = _one_part_limit(max_bytes)
    # The one-record letter uses the room there is, but for the framing margin and the part numbers' widest digits.
    [(key, value)] = _written(_letter(b"x" * limit), max_bytes)
    assert max_bytes - 1024 - 32 <= _produce_size(key, value) <= max_bytes
    for size in (limit - 1, limit, limit + 1, 2 * limit - 1, 2 * limit, 2 * limit + 1, 3 * limit + 2):
        original = random.Random(size).randbytes(size)
        records = _written(_letter(original), max_bytes)
        assert len(records) == (1 if size <= limit else 2 if size <= 2 * limit else 3 if size <= 3 * limit else 4)
        whole, incomplete = deadletters.reassemble(_read(records))
        assert incomplete == [] and [w.original() for w in whole] == [original]


def test_an_eight_megabyte_limit_keeps_a_ten_megabyte_original_in_two_records():
    original = random.Random(1).randbytes(10_500_000)
    records = _written(_letter(original), 8_000_000)
    assert len(records) == 2
    whole, _ = deadletters.reassemble(_read(reversed(records)))
    assert whole[0].original() == original


def test_a_missing_part_is_reported_not_passed_on():
    original = random.Random(2).randbytes(30_000)
    parts = _read(_written(_letter(original), 8_192))
    n = len(parts)
    assert n >= 4
    small = _letter(b"{oops", message=SimpleNamespace(topic="sitrep.claims.v1", partition=0, offset=9))
    whole, incomplete = deadletters.reassemble([parts[0], small, parts[1], *parts[3:]])
    assert [w.original() for w in whole] == [b"{oops"], "the letter with a part missing is not passed on half"
    [lost] = incomplete
    assert lost.have == (1, 2, *range(4, n + 1)) and f"missing part(s) 3 of {n}" in lost.why
    assert (lost.letter.letter_id, lost.letter.size, lost.letter.source_offset) == (parts[0].letter_id, 30_000, 1207)


def test_a_part_read_twice_counts_once_and_a_second_failure_is_a_second_letter():
    original = random.Random(3).randbytes(20_000)
    first = _read(_written(_letter(original, error="first"), 8_192))
    again = _read(_written(_letter(original, error="redelivered, failed again"), 8_192))
    assert first[0].letter_id == again[0].letter_id, "the same record at the same stage: the same id"
    whole, incomplete = deadletters.reassemble(first + [first[1]] + again)
    assert incomplete == [] and [w.error for w in whole] == ["first", "redelivered, failed again"]
    assert all(w.original() == original for w in whole)


def test_parts_that_do_not_add_up_are_not_whole():
    parts = _read(_written(_letter(random.Random(4).randbytes(20_000)), 8_192))
    short = parts[-1].model_copy(update={"value_b64": parts[-1].value_b64[:-4]})
    whole, [bad] = deadletters.reassemble([*parts[:-1], short])
    assert whole == [] and "expected" in bad.why
    other = parts[1].model_copy(update={"parts": parts[1].parts + 1})
    whole, [bad] = deadletters.reassemble([parts[0], other, *parts[2:]])
    assert whole == [] and "disagree" in bad.why


def test_a_letter_id_names_the_record_at_a_stage_else_its_content():
    by_place = letter_id_for("extract", "t", 0, 5, b"a")
    assert by_place == letter_id_for("extract", "t", 0, 5, b"b") != letter_id_for("resolve", "t", 0, 5, b"a")
    by_content = letter_id_for("extract", None, None, None, b"a")
    assert by_content == letter_id_for("extract", "t", None, None, b"a") != letter_id_for("extract", None, None, None, b"b")
    assert _letter(b"v", message=object()).letter_id == letter_id_for("extract", None, None, None, b"v")


def test_a_keyless_letter_keys_its_parts_by_letter_id():
    letter = _letter(random.Random(5).randbytes(20_000), key=None)
    assert {k for k, _ in _written(letter, 8_192)} == {letter.letter_id.encode()}


def test_a_key_that_leaves_no_room_is_refused():
    with pytest.raises(ValueError, match="no room"):
        deadletters.split(_letter(b"v", key=b"k" * 6_000), 8_192)


def test_a_part_is_not_split_again():
    [part, *_] = deadletters.split(_letter(b"x" * 20_000), 8_192)
    with pytest.raises(ValueError, match="already part 1"):
        deadletters.split(part, 8_192)


def test_a_version_1_letter_loads_as_one_whole_part():
    old = {
        "schema_version": 1, "stage": "resolve", "reason": "malformed_json", "error": "bad", "key_b64": "aw==",
        "source_topic": "sitrep.claims.v1", "source_partition": 1, "source_offset": 4, "value_b64": "e29vcHM=",
        "failed_at": "2024-05-01T10:00:00Z",
    }
    letter = codec.decode(codec.dumps(old), DeadLetter)
    assert (letter.schema_version, letter.part, letter.parts, letter.size, letter.whole) == (2, 1, 1, 5, True)
    assert letter.letter_id == letter_id_for("resolve", "sitrep.claims.v1", 1, 4, b"{oops")
    with pytest.raises(codec.DecodeError):
        codec.decode(codec.dumps({**old, "parts": 2}), DeadLetter)
    with pytest.raises(codec.DecodeError):
        codec.decode(codec.dumps({**old, "schema_version": 2}), DeadLetter)  # version 2 says its id and size


# ------------------------------------------------------------------ reading the topic, re-sending
class _FakeConsumer:
    """Serves the given dead-letter records from one partition, after `stalls` empty fetches (a slow broker), then
    nothing."""

    records: list[bytes] = []
    made: list[dict] = []
    stalls = 0

    def __init__(self, **kwargs) -> None:
        self.made.append(kwargs)
        self.batches = [{}] * self.stalls + [{"tp": [SimpleNamespace(value=v) for v in self.records]}]
        self.served = 0

    async def beginning_offsets(self, tps):
        return {tp: 0 for tp in tps}

    async def end_offsets(self, tps):
        return {tp: len(self.records) for tp in tps}

    async def position(self, tp):
        return self.served

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def partitions_for_topic(self, topic):
        return {0}

    def assign(self, tps) -> None: ...

    async def seek_to_beginning(self, *tps) -> None: ...

    async def getmany(self, timeout_ms):
        batch = self.batches.pop(0) if self.batches else {}
        self.served += sum(len(m) for m in batch.values())
        return batch


class _FakeProducer:
    """Checks each record against max_request_size as aiokafka does, and keeps what was sent."""

    made: list[dict] = []
    sent: list[tuple[str, bytes | None, bytes]] = []

    def __init__(self, **kwargs) -> None:
        self.made.append(kwargs)
        self.max_request_size = kwargs.get("max_request_size", 1_048_576)

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send_and_wait(self, topic, value=None, key=None):
        if _produce_size(key, value) > self.max_request_size:
            raise MessageSizeTooLargeError("larger than max_request_size")
        self.sent.append((topic, key, value))


@pytest.fixture()
def kafka(monkeypatch):
    _FakeConsumer.records, _FakeConsumer.made, _FakeConsumer.stalls = [], [], 0
    _FakeProducer.made, _FakeProducer.sent = [], []
    monkeypatch.setattr(consume, "AIOKafkaConsumer", _FakeConsumer)
    monkeypatch.setattr(consume, "AIOKafkaProducer", _FakeProducer)
    return SimpleNamespace(consumer=_FakeConsumer, producer=_FakeProducer)


def test_reading_the_topic_reassembles_letters_and_sets_aside_incomplete_ones(kafka):
    big = random.Random(6).randbytes(3_000_000)
    parts = [v for _, v in _written(_letter(big), 1_000_000)]
    cut = [v for _, v in _written(_letter(big, message=SimpleNamespace(topic="t", partition=0, offset=1)), 1_000_000)]
    small = codec.dumps(_letter(b"{oops", message=SimpleNamespace(topic="t", partition=0, offset=2)))
    kafka.consumer.records = [parts[0], small, *parts[1:], *cut[:-1]]
    whole, incomplete = asyncio.run(consume.read_dead_letters("127.0.0.1:1", max_bytes=1_000_000))
    assert [w.original() for w in whole] == [big, b"{oops"]
    assert [(i.letter.source_offset, i.have) for i in incomplete] == [(1, tuple(range(1, len(cut))))]
    assert kafka.consumer.made[0]["max_partition_fetch_bytes"] == 1_000_000, "a fetch holds the largest record"


def test_a_slow_broker_does_not_cut_the_read_short(kafka):
    """Empty fetches before the end offsets are a slow broker, not the end of the topic."""
    kafka.consumer.records = [codec.dumps(_letter(b"{oops"))]
    kafka.consumer.stalls = 3
    whole, _ = asyncio.run(consume.read_dead_letters("127.0.0.1:1", max_bytes=1_000_000))
    assert [w.original() for w in whole] == [b"{oops"]


def test_replay_sends_whole_letters_once_each_and_never_a_part(kafka):
    # Over three quarters of the limit, the base64 letter needs two records; the original itself fits in one.
    big = random.Random(7).randbytes(2_400_000)
    parts = _read(_written(_letter(big), 3_000_000))
    assert len(parts) == 2
    [letter], _ = deadletters.reassemble(parts)
    result = asyncio.run(consume.resend_dead_letters("127.0.0.1:1", [letter, parts[0]], max_bytes=3_000_000))
    assert kafka.producer.made[0]["max_request_size"] == 3_000_000, "aiokafka's 1 MB default would refuse it"
    assert kafka.producer.sent == [("sitrep.articles.raw.v1", b"article-7", big)]
    assert result.sent == 1 and [why for _, why in result.skipped] == [f"only part 1 of {len(parts)}"]


def test_replay_skips_an_original_too_large_to_send_and_goes_on(kafka):
    big = _letter(b"x" * 2_000_000)
    small = _letter(b"{oops", message=SimpleNamespace(topic="sitrep.claims.v1", partition=0, offset=3))
    result = asyncio.run(consume.resend_dead_letters("127.0.0.1:1", [big, small], max_bytes=1_000_000))
    assert kafka.producer.sent == [("sitrep.claims.v1", b"article-7", b"{oops")]
    assert result.sent == 1 and result.skipped[0][0] is big and "2000000 bytes is too large" in result.skipped[0][1]


def test_deadletters_list_prints_one_line_per_letter_with_its_size_and_parts(kafka, monkeypatch, capsys, tmp_path):
    from streams.cli import build_parser

    for name in [k for k in os.environ if k.startswith("SITREP_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("SITREP_MAX_MESSAGE_BYTES", "1000000")
    big = random.Random(8).randbytes(900_000)
    cut = [v for _, v in _written(_letter(big, message=SimpleNamespace(topic="t", partition=0, offset=1)), 1_000_000)]
    kafka.consumer.records = [v for _, v in _written(_letter(big), 1_000_000)] + [codec.dumps(_letter(b"{oops")), cut[0]]
    args = build_parser().parse_args(["deadletters", "list", "--broker", "kafka://127.0.0.1:1"])
    assert args.func(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert kafka.consumer.made[0]["max_partition_fetch_bytes"] == 1_000_000
    assert out[0].split() == ["2", "extract", "too_large"]
    letters = [line for line in out[1:] if not line.lstrip().startswith("INCOMPLETE")]
    assert len(letters) == 2 and "900000 bytes in 2 part(s)" in letters[0] and "5 bytes in 1 part(s)" in letters[1]
    [lost] = [line for line in out if "INCOMPLETE" in line]
    assert "t[0]@1 900000 bytes in 2 part(s)" in lost and "missing part(s) 2 of 2" in lost

    args = build_parser().parse_args(["deadletters", "replay", "--broker", "kafka://127.0.0.1:1"])
    assert args.func(args) == 1, "a letter left out of a replay is an error"
    assert [v for _, _, v in kafka.producer.sent] == [big, b"{oops"]
    assert "re-sent 2 dead letter(s) to their source topics; skipped 1" in capsys.readouterr().out

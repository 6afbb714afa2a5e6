"""End offsets checked against the last record batch (streams/broker_fixes.py): the header parser."""
from __future__ import annotations

import struct

from aiokafka.record.default_records import DefaultRecordBatchBuilder

from streams.broker_fixes import batch_spans, last_offset


def batch(base: int, count: int) -> bytes:
    builder = DefaultRecordBatchBuilder(
        magic=2, compression_type=0, is_transactional=0, producer_id=-1, producer_epoch=-1, base_sequence=-1,
        batch_size=1 << 20,
    )
    for i in range(count):
        builder.append(i, timestamp=1_700_000_000_000, key=None, value=b"v%d" % i, headers=[])
    data = bytearray(builder.build())
    struct.pack_into(">q", data, 0, base)  # a broker writes the base offset when it appends the batch
    return bytes(data)


def test_the_last_offset_of_a_batch_is_its_base_plus_its_last_delta():
    assert last_offset(batch(10, 5)) == 14
    assert last_offset(batch(7, 1)) == 7


def test_several_batches_give_the_last_record_of_the_last_one():
    assert last_offset(batch(10, 5) + batch(15, 3)) == 17


def test_a_batch_cut_short_by_the_fetch_size_still_gives_its_last_offset_from_its_header():
    assert last_offset(batch(100, 50)[:40]) == 149


def test_no_records_means_no_offset():
    assert last_offset(b"") is None
    assert last_offset(b"\x00" * 10) is None


def test_each_batch_is_counted_with_its_first_and_last_offset():
    assert batch_spans(batch(0, 1) + batch(1, 5) + batch(6, 3)) == [(0, 0), (1, 5), (6, 8)]

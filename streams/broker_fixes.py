"""End offsets checked against the log: corrects aiokafka's `end_offsets` for the embedded Tansu broker; `apply`
is called once on import of the `streams` package. Reads the last record batch of each partition asked about;
writes nothing.

Tansu answers a ListOffsets (latest) with the base offset of the partition's last record batch plus one: after a
batch of five records at offsets 10-14 it reports 11, not 15. Faust's table recovery reads a changelog up to that
end and so missed the rest of the batch (or raised `ConsistencyError` when the local store was further on), and
reads "to the end" stopped early. Producing one record per request avoided it, but a log of single-record
batches is what Tansu reads slowest (its fetch walks every batch of the partition: 15 ms per fetch at 40,000
batches, measured). So the answer is checked instead: one fetch at `end - 1` returns the batch holding it, whose
header gives its last offset. On a broker that answers correctly (Kafka, Redpanda) the check confirms the reported
end and costs one small fetch per end-offset query, which happens on recovery, lag probes and reads to the end,
never per record.
"""
from __future__ import annotations

import asyncio
import logging
import struct
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

# A record batch (magic 2) opens with baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8,
# crc uint32, attributes int16, lastOffsetDelta int32: 27 bytes hold what the end needs.
_HEADER = struct.Struct(">qiibIhi")
PROBE_BYTES = 64 * 1024  # a broker returns the first batch whole even when it is larger (KIP-74)
PROBE_WAIT_MS = 500

_applied = False


def batch_spans(records: bytes) -> list[tuple[int, int]]:
    """(first offset, last offset) of each record batch (magic 2) in a fetched record set; a batch cut short by
    the fetch size still counts, its header being whole."""
    spans = []
    at = 0
    while at + _HEADER.size <= len(records):
        base, length, _epoch, magic, _crc, _attributes, last_delta = _HEADER.unpack_from(records, at)
        if magic != 2 or length <= 0:
            break
        spans.append((base, base + last_delta))
        at += 12 + length  # baseOffset and batchLength are not counted in batchLength
    return spans


def last_offset(records: bytes) -> int | None:
    """The offset of the last record in a fetched record set, None if it holds none."""
    return max((last for _first, last in batch_spans(records)), default=None)


def apply() -> None:
    global _applied
    if _applied:
        return
    from aiokafka.consumer.fetcher import Fetcher

    Fetcher.end_offsets = checked_end_offsets(Fetcher.end_offsets)  # type: ignore[method-assign]
    _applied = True


def checked_end_offsets(original: Callable[..., Awaitable[dict]]) -> Callable[..., Awaitable[dict]]:
    async def end_offsets(self: Any, partitions: Any, timeout_ms: int) -> dict:
        ends = await original(self, partitions, timeout_ms)
        try:
            return await batch_ends(self._client, ends, timeout_ms)
        except Exception as exc:  # noqa: BLE001 - the broker's own answer is still the best there is
            log.warning("could not check end offsets against the last record batch (%s); using the broker's", exc)
            return ends

    return end_offsets


async def fetch_records(client: Any, node: int, offsets: dict, max_bytes: int) -> dict:
    """One fetch from broker `node` at each partition's offset in `offsets`: the record set it returns per partition
    (only partitions answered without an error). The records exist, so a broker answers at once; Tansu answers a
    fetch allowed no wait with no records."""
    from aiokafka.client import ConnectionGroup
    from aiokafka.errors import NoError, for_code
    from aiokafka.protocol.fetch import FetchRequest
    from aiokafka.structs import TopicPartition

    topics: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for tp, offset in offsets.items():
        topics[tp.topic].append((tp.partition, offset, max_bytes))
    # The request's own limit covers every partition's, so that one partition's batches do not use it up for all.
    request = FetchRequest(PROBE_WAIT_MS, 1, max_bytes * len(offsets), 0, list(topics.items()))
    # Not on the connection the consumer fetches on: there it would queue behind a fetch waiting for new records.
    response = await client.send(node, request, group=ConnectionGroup.COORDINATION)
    return {
        TopicPartition(topic, partition): rest[-1] or b""
        for topic, partitions in response.topics
        for partition, error_code, _highwater, *rest in partitions
        if for_code(error_code) is NoError
    }


async def batch_ends(client: Any, ends: dict, timeout_ms: int) -> dict:
    """`ends` raised, where needed, to one past the last record of the batch holding offset `end - 1`."""
    by_node: dict[int, dict] = defaultdict(dict)
    for tp, end in ends.items():
        leader = client.cluster.leader_for_partition(tp)
        if end > 0 and leader is not None and leader >= 0:
            by_node[leader][tp] = end - 1
    checked = dict(ends)
    timeout = timeout_ms / 1000
    for node, offsets in by_node.items():
        answered = await asyncio.wait_for(fetch_records(client, node, offsets, PROBE_BYTES), timeout)
        for tp in [tp for tp in offsets if not answered.get(tp)]:
            # A batch larger than the whole request's limit is still returned (KIP-74) and leaves nothing for the
            # partitions after it: those are asked again, alone.
            alone = await asyncio.wait_for(fetch_records(client, node, {tp: offsets[tp]}, PROBE_BYTES), timeout)
            answered[tp] = alone.get(tp, b"")
        for tp, records in answered.items():
            last = last_offset(records)
            if tp in checked and last is not None and last + 1 > checked[tp]:
                checked[tp] = last + 1
    return checked

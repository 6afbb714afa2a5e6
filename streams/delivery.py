"""At-least-once without loss: each agent sends its outputs, waits until the broker has acknowledged them, and
only then writes its state and lets Faust commit the input offsets. A crash before the write redelivers the
input, which is processed again (every stage is idempotent); a crash after it finds outputs already delivered.
State written first could record work whose outputs died in the producer's buffer, and a redelivered input would
then be skipped as done.

Agents work in batches (`process_batches`): every record of a batch is prepared against a staged view of the
agent's table, all outputs are sent, and one wait covers all their acknowledgements. Waiting per record put a
broker round trip on every record of a partition; per batch, it is one round trip per batch, and a busy worker
gets bigger batches. Reads: the agent's stream. Writes: the outputs each record prepares, the agent's table, and
dead letters for records that fail.
"""
from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Faust keeps the record being processed in this context variable; no public setter exists (see as_current).
from faust.streams import _current_event

from schemas.deadletter import Stage
from streams import faust_fixes, metrics, positions
from streams.deadletters import dead_letter

Send = tuple[Any, bytes | None, bytes | None]  # (topic, key, value)
log = logging.getLogger("sitrep")


async def send_acked(sends: Sequence[Send]) -> None:
    """Send (topic, key, value) in order and wait for every acknowledgement."""
    pending = [await topic.send(key=key, value=value) for topic, key, value in sends]
    await asyncio.gather(*(p for p in pending if asyncio.isfuture(p)))


@contextmanager
def as_current(event: Any) -> Iterator[None]:
    """Makes `event` Faust's current event: a table write goes to the changelog partition of the record that
    caused it, which Faust reads from the current event, and a batch commits after its stream has moved on."""
    if event is None:
        yield
        return
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


class StagedStore(MutableMapping[str, bytes]):
    """Reads through to a table, keeps writes aside until `commit()`; `discard()` forgets them.

    Each write remembers `source`, the input record being prepared when it was made, and is committed as that
    record's write (see as_current).
    """

    _DELETED = object()

    def __init__(self, table: MutableMapping[str, bytes]) -> None:
        self.table = table
        self.staged: dict[str, Any] = {}
        self.origins: dict[str, Any] = {}
        self.source: Any = None

    def __getitem__(self, key: str) -> bytes:
        value = self.staged.get(key, None)
        if value is self._DELETED:
            raise KeyError(key)
        if value is not None:
            return value
        return self.table[key]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __setitem__(self, key: str, value: bytes) -> None:
        self.staged[key] = value
        self.origins[key] = self.source

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.staged[key] = self._DELETED
        self.origins[key] = self.source

    def __contains__(self, key: object) -> bool:
        value = self.staged.get(key, None)  # type: ignore[call-overload]
        if value is self._DELETED:
            return False
        return value is not None or key in self.table

    def __iter__(self) -> Iterator[str]:
        seen = set()
        for key, value in self.staged.items():
            seen.add(key)
            if value is not self._DELETED:
                yield key
        for key in self.table:
            if key not in seen:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def mark(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """A point to roll back to: the staged writes so far (a batch holds tens of keys, so a copy is cheap)."""
        return dict(self.staged), dict(self.origins)

    def rollback(self, mark: tuple[dict[str, Any], dict[str, Any]]) -> None:
        self.staged, self.origins = dict(mark[0]), dict(mark[1])

    def commit(self) -> None:
        for key, value in self.staged.items():
            with as_current(self.origins.get(key)):
                if value is self._DELETED:
                    self.table.pop(key, None)
                else:
                    self.table[key] = value
        self.discard()

    def discard(self) -> None:
        self.staged.clear()
        self.origins.clear()
        self.source = None


@dataclass
class Prepared:
    """What one input record leads to: outputs to send, and what to do once they are acknowledged."""

    sends: list[Send] = field(default_factory=list)
    result: Any = None  # yielded by the agent, for tests and the harness
    after: Callable[[], None] | None = None  # metrics and the like, run after the commit
    changed: Any = None  # what the record changed, for the agent's `finish` (the project agent: incident state)


def withhold(events: Sequence[Any]) -> None:
    """Keeps the offsets of a batch the agent stopped in the middle of (shutdown, cancellation) from being
    committed. Faust's `take_events` acknowledges a batch's events when its generator is closed, whether or not
    they were processed, and the consumer commits acknowledged offsets as it stops. A message already marked
    acknowledged is skipped by that, so its offset is never committed here and the record is redelivered."""
    for event in events:
        event.message.acked = True


Prepare = Callable[[bytes | None, bytes | None, Any], Awaitable[Prepared]]
Processed = list[tuple[Any, "Prepared | None"]]


def _covers(position: int | None, offset: int) -> bool:
    """Whether every offset below `offset` is processed, by the partition's next expected offset."""
    return position is not None and position >= offset


class Batches:
    """How one agent processes a batch of input records: prepare each, send all outputs, wait for their
    acknowledgements, then write the staged state. One lock serialises the agent's own batches with the records
    the sweep reads directly (streams/positions.py).

    With a `reader` (a running worker), the first store also keeps the agent's input positions: the next offset
    expected on each input partition, written with the batch's state. A record beyond its partition's position
    means records before it were skipped; they are read directly and processed first.
    """

    def __init__(self, topo: Any, stage: Stage, prepare: Prepare, stores: Sequence[StagedStore],
                 on_error: Callable[[], None] | None = None,
                 prefetch: Callable[[Sequence[Any]], None] | None = None, topic: str | None = None,
                 finish: Callable[[list[Prepared]], Prepared] | None = None) -> None:
        self.topo, self.stage, self.prepare, self.stores = topo, stage, prepare, stores
        self.on_error, self.prefetch, self.topic, self.finish = on_error, prefetch, topic, finish
        self.reader = getattr(topo, "reader", None)
        self.lock = asyncio.Lock()
        self.delivered: dict[int, float] = {}  # partition -> when Faust last delivered a record of it
        self.assigned_at: dict[int, float] = {}
        self.app = getattr(topo, "app", None) if self.reader is not None else None
        self.generation: Any = None
        self.faust_last: dict[int, int] = {}  # partition -> last offset Faust delivered, this generation

    # ---------------------------------------------------------------- positions
    def position(self, partition: int) -> int | None:
        return positions.decode_position(self.stores[0].get(positions.position_key(partition)))

    async def expected(self, partition: int) -> int | None:
        known = self.position(partition)
        if known is not None or self.reader is None or self.topic is None:
            return known
        try:  # no position yet (new state, or state from before positions were kept): where the group starts
            return await self.reader.start_offset(self.topic, partition)
        except Exception as exc:  # noqa: BLE001 - without it the first record is taken as the start
            log.warning("%s: no start offset for partition %d (%s: %s)", self.stage, partition, type(exc).__name__, exc)
            return None

    async def fill(self, events: Sequence[Any]) -> tuple[list[Any], dict[int, tuple[Any, int]], list[Any]]:
        """The batch with the records skipped before or between its records read in, per partition the next
        expected offset after it with the event to write it as (a gap that could not be read keeps the position
        at the gap, so a later batch tries again), and the records below their partition's position.

        Those were processed before: the position is written with the state they changed. Faust delivers them
        again after a rebalance or once a sweep has read them; passing over them costs nothing, where preparing
        them again (an extraction, a resolution) took the time a worker behind its input needs most."""
        if self.reader is None or self.topic is None:
            return list(events), {}, []
        by_partition: dict[int, list[Any]] = {}
        for event in events:
            by_partition.setdefault(event.message.partition, []).append(event)
        filled: dict[int, list[Any]] = {}
        advance: dict[int, tuple[Any, int]] = {}
        before: list[Any] = []
        for partition, evs in by_partition.items():
            expected = await self.expected(partition)
            missing = positions.gaps(expected, [e.message.offset for e in evs])
            read: dict[int, list[Any]] = {}
            stuck = None
            for start, stop in missing:
                got = await self._read(partition, start, stop, "skipped")
                read[start] = positions.direct_events(got.records)
                if not got.complete and stuck is None:
                    stuck = start
            out: list[Any] = []
            for event in evs:
                for start, stop in missing:
                    if stop == event.message.offset:
                        out += read.get(start, [])
                out.append(event)
            last = max((e.message.offset for e in out), default=-1) + 1
            nxt = stuck if stuck is not None else max(last, expected if expected is not None else last)
            if expected is None or nxt != expected:
                advance[partition] = (out[-1], nxt)
            if expected is not None:
                before += [e for e in out if e.message.offset < expected]
                out = [e for e in out if e.message.offset >= expected]
            filled[partition] = out
        return [e for part in filled.values() for e in part], advance, before

    async def _read(self, partition: int, start: int, stop: int, cause: str, detail: str = "",
                    max_records: int | None = None) -> positions.Read:
        try:
            got = await self.reader.read(self.topic, partition, start, stop, max_records)
        except Exception as exc:  # noqa: BLE001 - the broker is away: a later batch or sweep tries again
            log.error("%s: could not read %s[%d] %d..%d (%s: %s)", self.stage, self.topic, partition, start, stop - 1,
                      type(exc).__name__, exc)
            return positions.Read()
        log.warning("%s: read %d record(s) of %s[%d] at %d..%d directly: %s by the consumer%s%s", self.stage,
                    len(got.records), self.topic, partition, start, stop - 1, cause, detail,
                    "" if got.complete else " (read incomplete, will retry)")
        metrics.records_read_directly.labels(self.stage, cause).inc(len(got.records))
        return got

    def stage_positions(self, advance: dict[int, tuple[Any, int]]) -> None:
        # Written last, as the event of its partition: on the changelog it follows the state it covers.
        store = self.stores[0]
        for partition, (event, nxt) in advance.items():
            store.source = event
            store[positions.position_key(partition)] = positions.encode_position(nxt)

    # ---------------------------------------------------------------- batches
    async def run(self, events: Sequence[Any]) -> Processed:
        """Processes a batch; returns each record (read-in ones included) with what it prepared, None for a
        record that became a dead letter, an empty `Prepared` for one processed before. Cancelled in the middle,
        it writes nothing."""
        async with self.lock:
            now = time.monotonic()
            for event in events:
                self.delivered[event.message.partition] = now
            events, advance, before = await self.fill(events)
            if before:
                metrics.records_processed_before.labels(self.stage).inc(len(before))
            finished = False  # the batch is processed and written: its offsets may be committed
            prepared: Processed = [(event, Prepared()) for event in before]
            try:
                if events or advance:
                    prepared += await self._process(events, advance)
                finished = True
                try:
                    await self.acknowledge_skipped(before + events)
                except Exception as exc:  # noqa: BLE001 - bookkeeping only: the batch is done, the agent goes on
                    log.error("%s: could not acknowledge skipped offsets (%s: %s)", self.stage, type(exc).__name__, exc)
            finally:
                if not finished:  # stopped in the middle: nothing of this batch is written or committed
                    for store in self.stores:
                        store.discard()
                    if self.on_error is not None:
                        self.on_error()
                    withhold(events)
            return prepared

    async def _process(self, events: Sequence[Any], advance: dict[int, tuple[Any, int]]) -> Processed:
        topo, stage, stores, on_error = self.topo, self.stage, self.stores, self.on_error
        if self.prefetch is not None:
            self.prefetch(events)
        prepared: Processed = []
        for event in events:
            marks = [store.mark() for store in stores]
            for store in stores:
                store.source = event
            try:
                prepared.append((event, await self.prepare(event.value, event.key, event.message)))
            except Exception as exc:  # noqa: BLE001 - one record's failure must not stop the partition
                for store, mark in zip(stores, marks):
                    store.rollback(mark)
                if on_error is not None:
                    on_error()
                await dead_letter(topo, stage, "agent_error", f"{type(exc).__name__}: {exc}", event.value,
                                  event.key, event.message)
                prepared.append((event, None))
            # Preparing a batch is CPU work on the event loop (resolution, folds, extraction with no extractor
            # process): let the other agents and the web view in between records.
            await asyncio.sleep(0)
        # Outputs of the batch as a whole (the project agent's one record per incident changed), sent with the rest.
        tail = self.finish([p for _, p in prepared if p is not None]) if self.finish is not None else Prepared()
        try:
            await send_acked([send for _, p in prepared if p is not None for send in p.sends] + tail.sends)
        except Exception as exc:  # noqa: BLE001 - the broker refused or timed out: keep the records as dead letters
            for store in stores:
                store.discard()
            if on_error is not None:
                on_error()
            for event, p in prepared:
                if p is not None:
                    await dead_letter(topo, stage, "send_failed", f"{type(exc).__name__}: {exc}", event.value,
                                      event.key, event.message)
            prepared = [(event, None) for event, _ in prepared]
            # The records are dead letters now (`deadletters replay` sends them again): move past them.
            self.stage_positions(advance)
            stores[0].commit()
        else:
            self.stage_positions(advance)
            for store in stores:
                store.commit()
            for _, p in prepared:
                if p is not None and p.after is not None:
                    p.after()
            if tail.after is not None:
                tail.after()
        return prepared

    async def acknowledge_skipped(self, events: Sequence[Any]) -> None:
        """Offsets Faust's consumer stepped over without delivering, now processed (earlier, or read in by `fill`):
        acknowledged to Faust's commit bookkeeping, which otherwise stops committing the partition
        (faust_fixes.acknowledge_skipped)."""
        if self.app is None:
            return
        consumer = self.app.consumer
        generation = getattr(self.app, "consumer_generation_id", None)
        if generation != self.generation:  # a rebalance: Faust starts each partition again at its committed offset
            self.generation, self.faust_last = generation, {}
        for event in events:
            if getattr(event, "direct", False):
                continue
            message = event.message
            partition, offset = message.partition, message.offset
            last = self.faust_last.get(partition)
            if last is None:
                committed = faust_fixes.committed_offset(consumer, message.tp)
                last = None if committed is None else committed - 1
            # The position is read only when a skip is seen: a table read per record would sit on the hot path.
            if last is not None and offset > last + 1 and _covers(self.position(partition), offset):
                log.warning("%s: the consumer stepped over %s[%d] %d..%d, processed already: acknowledged so that "
                            "Faust commits past them", self.stage, message.topic, partition, last + 1, offset - 1)
                await faust_fixes.acknowledge_skipped(consumer, message.tp, last + 1, offset)
            self.faust_last[partition] = offset if last is None else max(last, offset)

    # ---------------------------------------------------------------- sweep
    async def sweep(self, assigned: Iterable[int], now: float | None = None) -> int:
        """For each assigned input partition with records pending that Faust has not delivered for
        `STALL_SECONDS`: reads them directly and processes them. Returns how many records it processed."""
        if self.reader is None or self.topic is None:
            return 0
        now = time.monotonic() if now is None else now
        assigned = set(assigned)
        for partition in list(self.assigned_at):
            if partition not in assigned:
                del self.assigned_at[partition]
        quiet = {}
        for partition in sorted(assigned):
            since = max(self.assigned_at.setdefault(partition, now), self.delivered.get(partition, now - 1e9))
            if now - since >= positions.STALL_SECONDS:
                quiet[partition] = since
        if not quiet:
            return 0
        try:
            ends = await self.reader.end_offsets(self.topic, quiet)
        except Exception as exc:  # noqa: BLE001 - the broker is away: the next sweep tries again
            log.warning("%s: no end offsets for %s (%s: %s)", self.stage, self.topic, type(exc).__name__, exc)
            return 0
        done = 0
        for partition, since in quiet.items():
            end = ends.get(partition)
            expected = await self.expected(partition) if end is not None else None
            if expected is None or end is None or end <= expected:
                continue
            got = await self._read(partition, expected, end, "not delivered", f" for {now - since:.0f} s",
                                   positions.READ_MAX_RECORDS)
            if not got.records and not got.complete:
                continue
            events = positions.direct_events(got.records)
            # In pieces of an agent batch, each under the lock on its own: a read of thousands of records held
            # the agent's own batches (and so every partition's latency) for as long as it took.
            size = max(1, self.topo.settings.batch_max_records)
            pieces = [events[i:i + size] for i in range(0, len(events), size)] or [[]]
            at = expected
            for number, piece in enumerate(pieces, 1):
                async with self.lock:
                    if self.position(partition) not in (at, None):
                        break  # the agent moved on meanwhile; the next sweep looks again
                    nxt = max([at] + [e.message.offset + 1 for e in piece])
                    if number == len(pieces) and got.complete:
                        nxt = max(nxt, min(end, expected + positions.READ_MAX_RECORDS))
                    anchor = piece[-1] if piece else positions.Event(
                        positions.Message(self.topic, partition, nxt - 1, None, None))
                    await self._process(piece, {partition: (anchor, nxt)} if nxt != at else {})
                at = nxt
                done += len(piece)
        return done


async def process_batches(
    stream: Any,
    topo: Any,
    stage: Stage | None = None,
    prepare: Prepare | None = None,
    stores: Sequence[StagedStore] = (),
    on_error: Callable[[], None] | None = None,
    prefetch: Callable[[Sequence[Any]], None] | None = None,
    batches: Batches | None = None,
) -> Any:
    """The loop every agent runs; yields one result per record processed (records read in directly included),
    None for a record that failed.

    A record whose `prepare` raises becomes a dead letter, its staged writes are rolled back and the batch goes
    on: a dead agent keeps its partitions assigned and stalls them silently. If the batch's outputs cannot be
    delivered, nothing is written and every record of the batch becomes a dead letter (`send_failed`), from which
    `sitrep deadletters replay` sends it again. `on_error` drops anything cached from discarded writes.
    `prefetch(events)` runs first, to start work for the whole batch that `prepare` then awaits record by record
    (the extract agent hands the batch's articles to its process pool). An agent passes its `batches` instead,
    which the sweep shares.
    Faust commits a batch's offsets only after this generator resumes past it (`take_events`); a batch stopped
    in the middle (the worker shutting down) writes nothing and keeps its offsets uncommitted (see withhold).
    """
    settings = topo.settings
    if batches is None:
        assert stage is not None and prepare is not None
        batches = Batches(topo, stage, prepare, stores, on_error, prefetch)
    stage = batches.stage
    async for events in stream.take_events(settings.batch_max_records, settings.batch_max_wait_ms / 1000):
        started = time.perf_counter()
        prepared = await batches.run(events)
        per_record = (time.perf_counter() - started) / max(len(prepared), 1)
        metrics.batch_records.labels(stage).observe(len(events))
        for event, p in prepared:
            metrics.stage_seconds.labels(stage).observe(per_record)
            yield None if p is None else p.result

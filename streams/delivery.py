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
import time
import weakref
from collections.abc import Awaitable, Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Faust keeps the record being processed in this context variable; no public setter exists (see as_current).
from faust.streams import _current_event

from schemas.deadletter import Stage
from streams import metrics
from streams.deadletters import dead_letter

Send = tuple[Any, bytes | None, bytes | None]  # (topic, key, value)


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


def withhold(events: Sequence[Any]) -> None:
    """Keeps the offsets of a batch the agent stopped in the middle of (shutdown, cancellation) from being
    committed. Faust's `take_events` acknowledges a batch's events when its generator is closed, whether or not
    they were processed, and the consumer commits acknowledged offsets as it stops. A message already marked
    acknowledged is skipped by that, so its offset is never committed here and the record is redelivered."""
    for event in events:
        event.message.acked = True


Prepare = Callable[[bytes | None, bytes | None, Any], Awaitable[Prepared]]


async def process_batches(
    stream: Any,
    topo: Any,
    stage: Stage,
    prepare: Prepare,
    stores: Sequence[StagedStore],
    on_error: Callable[[], None] | None = None,
    prefetch: Callable[[Sequence[Any]], None] | None = None,
) -> Any:
    """The loop every agent runs; yields one result per input record, None for a record that failed.

    A record whose `prepare` raises becomes a dead letter, its staged writes are rolled back and the batch goes
    on: a dead agent keeps its partitions assigned and stalls them silently. If the batch's outputs cannot be
    delivered, nothing is written and every record of the batch becomes a dead letter (`send_failed`), from which
    `sitrep deadletters replay` sends it again. `on_error` drops anything cached from discarded writes.
    `prefetch(events)` runs first, to start work for the whole batch that `prepare` then awaits record by record
    (the extract agent hands the batch's articles to its process pool).
    Faust commits a batch's offsets only after this generator resumes past it (`take_events`); a batch stopped
    in the middle (the worker shutting down) writes nothing and keeps its offsets uncommitted (see withhold).
    """
    settings = topo.settings
    async for events in stream.take_events(settings.batch_max_records, settings.batch_max_wait_ms / 1000):
        finished = False  # the batch is processed and written: its offsets may be committed
        try:
            started = time.perf_counter()
            if prefetch is not None:
                prefetch(events)
            prepared: list[tuple[Any, Prepared | None]] = []
            for event in events:
                marks = [store.mark() for store in stores]
                for store in stores:
                    store.source = event
                try:
                    prepared.append((event, await prepare(event.value, event.key, event.message)))
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
            try:
                await send_acked([send for _, p in prepared if p is not None for send in p.sends])
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
            else:
                for store in stores:
                    store.commit()
                for _, p in prepared:
                    if p is not None and p.after is not None:
                        p.after()
            finished = True
        finally:
            if not finished:  # stopped in the middle: nothing of this batch is written or committed
                for store in stores:
                    store.discard()
                if on_error is not None:
                    on_error()
                withhold(events)
        per_record = (time.perf_counter() - started) / max(len(events), 1)
        metrics.batch_records.labels(stage).observe(len(events))
        for event, p in prepared:
            metrics.stage_seconds.labels(stage).observe(per_record)
            yield None if p is None else p.result

"""Delivery: staged table writes land only after the outputs of their batch are acknowledged; a failing record or
batch becomes dead letters and the loop goes on."""
from __future__ import annotations

import asyncio

import pytest

from streams.delivery import StagedStore, send_acked


def test_staged_writes_are_visible_but_not_in_the_table_until_commit():
    table = {"a": b"1", "b": b"2"}
    staged = StagedStore(table)
    staged["a"] = b"10"
    staged["c"] = b"3"
    del staged["b"]
    assert staged["a"] == b"10" and staged.get("b") is None and "b" not in staged and "c" in staged
    assert sorted(staged) == ["a", "c"] and len(staged) == 2
    assert table == {"a": b"1", "b": b"2"}
    staged.commit()
    assert table == {"a": b"10", "c": b"3"} and staged.staged == {}


def test_discard_forgets_the_writes():
    table = {"a": b"1"}
    staged = StagedStore(table)
    staged["a"] = b"2"
    del staged["a"]
    staged.discard()
    assert staged["a"] == b"1" and table == {"a": b"1"}


def test_send_acked_waits_for_every_acknowledgement():
    acked: list[bytes] = []

    class Topic:
        async def send(self, key=None, value=None):
            loop = asyncio.get_running_loop()
            fut = loop.create_future()
            loop.call_later(0.01, lambda: (acked.append(value), fut.set_result(None)))
            return fut

    topic = Topic()
    asyncio.run(send_acked([(topic, b"k", b"1"), (topic, b"k", b"2")]))
    assert acked == [b"1", b"2"]


# ------------------------------------------------------------------ process_batches
class FakeMessage:
    def __init__(self, offset: int) -> None:
        self.topic, self.partition, self.offset = "sitrep.articles.raw.v1", 0, offset
        self.acked = False


class FakeEvent:
    def __init__(self, offset: int, value: bytes) -> None:
        self.value, self.key, self.message = value, b"k", FakeMessage(offset)


class FakeStream:
    def __init__(self, batches: list[list[bytes]]) -> None:
        self.batches = batches
        self.taken: list[tuple[int, float]] = []
        self.committable: list[int] = []  # offsets acknowledged to the consumer, which commits them

    async def take_events(self, max_, within):
        """As Faust's: a batch's events are acknowledged once the generator moves past it or is closed."""
        self.taken.append((max_, within))
        offset = 0
        for batch in self.batches:
            events = []
            for value in batch:
                events.append(FakeEvent(offset, value))
                offset += 1
            try:
                yield events
            finally:
                for event in events:
                    if not event.message.acked:  # Message.ack skips a message already acknowledged
                        event.message.acked = True
                        self.committable.append(event.message.offset)


class AckingTopic:
    """Acknowledges each send a little later, or fails every acknowledgement when `fail` is set."""

    def __init__(self, name: str, log: list, fail: bool = False) -> None:
        self.name, self.log, self.fail = name, log, fail

    def get_topic_name(self) -> str:
        return self.name

    async def send(self, key=None, value=None):
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self.log.append(("send", self.name, value))

        def ack() -> None:
            if self.fail:
                fut.set_exception(ConnectionError("broker went away"))
            else:
                self.log.append(("ack", self.name, value))
                fut.set_result(None)

        loop.call_later(0.005, ack)
        return fut


class FakeTopo:
    def __init__(self, fail: bool = False) -> None:
        from types import SimpleNamespace

        self.log: list = []
        self.settings = SimpleNamespace(batch_max_records=10, batch_max_wait_ms=20, max_message_bytes=1_000_000)
        self.out = AckingTopic("out", self.log, fail)
        self.letters = AckingTopic("sitrep.deadletter.v1", self.log)

    def topic(self, spec):
        return self.letters


def run_batches(topo: FakeTopo, stream: FakeStream, table: dict) -> list:
    from schemas import codec
    from streams.delivery import Prepared, process_batches

    staged = StagedStore(table)
    seen_when_committed: list[dict] = []

    async def prepare(value, key, message):
        if value == b"boom":
            staged["half-written"] = b"x"  # must be rolled back
            raise ValueError("extractor bug")
        previous = staged.get("count", b"0")
        staged["count"] = str(int(previous) + 1).encode()  # a later record of the batch sees the earlier write
        staged[value.decode()] = b"seen"
        return Prepared([(topo.out, key, value)], value.decode(), lambda: seen_when_committed.append(
            {"table": dict(table), "acked": [v for kind, name, v in topo.log if (kind, name) == ("ack", "out")]}))

    async def main() -> list:
        return [r async for r in process_batches(stream, topo, "extract", prepare, [staged])]

    results = asyncio.run(main())
    topo.letters_sent = [codec.loads(v) for kind, name, v in topo.log
                         if kind == "send" and name == "sitrep.deadletter.v1"]
    topo.seen_when_committed = seen_when_committed
    return results


def test_batch_commits_after_every_ack_and_a_failing_record_is_a_dead_letter():
    topo, table = FakeTopo(), {}
    stream = FakeStream([[b"a", b"boom", b"b"], [b"c"]])
    results = run_batches(topo, stream, table)
    assert results == ["a", None, "b", "c"]
    assert stream.taken == [(10, 0.02)], "batch size and wait come from the settings"
    assert table == {"count": b"3", "a": b"seen", "b": b"seen", "c": b"seen"}, "the failed record's write is gone"
    assert [(d["stage"], d["reason"], d["source_offset"]) for d in topo.letters_sent] == [("extract", "agent_error", 1)]
    assert "extractor bug" in topo.letters_sent[0]["error"]
    # `after` runs once the whole batch is acknowledged and committed: the table already holds both records.
    first = topo.seen_when_committed[0]
    assert first["table"]["b"] == b"seen" and first["table"]["count"] == b"2"
    assert first["acked"] == [b"a", b"b"], "the table changes only after every output of the batch is acknowledged"


def test_undeliverable_batch_writes_nothing_and_keeps_every_record_as_a_dead_letter():
    topo, table = FakeTopo(fail=True), {"count": b"7"}
    results = run_batches(topo, FakeStream([[b"a", b"b"]]), table)
    assert results == [None, None]
    assert table == {"count": b"7"}
    assert [(d["reason"], d["source_offset"]) for d in topo.letters_sent] == [("send_failed", 0), ("send_failed", 1)]
    assert all("broker went away" in d["error"] for d in topo.letters_sent)


def test_a_batch_stopped_in_the_middle_writes_nothing_and_commits_no_offset():
    """The worker stops (the agent is cancelled) while a batch waits for its acknowledgements: the batch's
    records must come back after a restart, so neither the table nor the committed offsets may move."""
    from streams.delivery import Prepared, process_batches

    topo, table = FakeTopo(), {}
    stream = FakeStream([[b"a"], [b"b", b"c"]])
    staged = StagedStore(table)
    stalled = asyncio.Event()

    class StallingTopic(AckingTopic):
        async def send(self, key=None, value=None):
            if value == b"b":
                stalled.set()
                return asyncio.get_running_loop().create_future()  # never acknowledged
            return await super().send(key, value)

    out = StallingTopic("out", topo.log)

    async def prepare(value, key, message):
        staged[value.decode()] = b"seen"
        return Prepared([(out, key, value)], value.decode())

    async def main() -> None:
        batches = process_batches(stream, topo, "extract", prepare, [staged])

        async def consume() -> None:
            async for _ in batches:
                pass

        task = asyncio.create_task(consume())
        await stalled.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await batches.aclose()

    asyncio.run(main())
    assert table == {"a": b"seen"}, "only the finished batch is written"
    assert stream.committable == [0], "the stopped batch's offsets are never acknowledged to the consumer"
    assert not staged.staged, "its staged writes are gone"


def test_a_batch_end_step_sends_once_per_key_after_the_records_and_counts_after_the_commit():
    from streams.delivery import Batches, Prepared, process_batches

    topo = FakeTopo()
    table: dict = {}
    staged = StagedStore(table)
    counted: list[dict] = []

    async def prepare(value, key, message):
        incident, n = value.decode().split(":")
        staged[incident] = n.encode()
        return Prepared([], value, changed=(incident, n))

    def finish(prepared):
        last: dict = {}
        for p in prepared:
            last[p.changed[0]] = p.changed[1]
        sends = [(topo.out, k.encode(), v.encode()) for k, v in last.items()]
        return Prepared(sends, after=lambda: counted.append(dict(table)))

    batches = Batches(topo, "project", prepare, [staged], finish=finish)
    stream = FakeStream([[b"a:1", b"b:1", b"a:2", b"a:3"], [b"b:2"]])

    async def main() -> None:
        async for _ in process_batches(stream, topo, batches=batches):
            pass

    asyncio.run(main())
    sent = [v for kind, name, v in topo.log if (kind, name) == ("send", "out")]
    assert sent == [b"3", b"1", b"2"]  # one per key and batch, its last value
    assert counted == [{"a": b"3", "b": b"1"}, {"a": b"3", "b": b"2"}]  # each after its batch was written


def test_the_worker_queues_little_ahead_of_its_agents(tmp_path):
    """A worker behind its input keeps the backlog in the log: each agent's in-memory queue is bounded, so a record
    waits in it seconds, not minutes."""
    from streams.app import create_app
    from streams.settings import Settings

    settings = Settings(_env_file=None, store="memory://", data_dir=tmp_path, broker="kafka://127.0.0.1:1",
                        batch_max_records=50, stream_buffer_records=200)
    conf = create_app(settings).conf
    assert conf.stream_buffer_maxsize == 200
    assert Settings(_env_file=None).stream_buffer_records < 4096, "below Faust's default queue"

"""StagedStore: the resolver's writes stay aside until its events are acknowledged, then land in the table."""
from __future__ import annotations

import asyncio

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

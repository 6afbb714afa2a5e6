"""Faults on the embedded broker: a worker killed mid-stream, two workers sharing partitions, one of them killed.

Each run's final incident table (read from the compacted topic, as a consumer sees it) must equal `sitrep replay`
of the same articles: crashes and rebalances redeliver records, and every stage is idempotent.
"""
from __future__ import annotations

import asyncio
import json
import time

import pytest

from streams.ingest import RawArticle, read_articles
from streams.pipeline import replay
from streams.push import push
from tests.integration.conftest import topic_settled
from tests.integration.test_stream import canonical

pytestmark = pytest.mark.integration


def _split_gvc(corpus, tmp_path) -> tuple[list, list]:
    """gvc (the train and dev splits) as two JSONL halves; article texts stay in ../shared, only copied to tmp."""
    lines = (corpus / "gvc" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    half = len(lines) // 2
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[half:]) + "\n", encoding="utf-8")
    return [first], [second]


def _where_missing(bootstrap: str, expected: set, got: set, worker) -> str:
    """For a failed comparison: which claims the table lacks, whether they reached the claims topic, the dead
    letters, and the end of the worker's log."""
    from schemas.topics import CLAIMS, DEADLETTER
    from streams.consume import read_from_start

    want = {c for ids, _ in expected for c in ids}
    have = {c for ids, _ in got for c in ids}
    lost = sorted(want - have)
    on_topic = {json.loads(m.value).get("claim_id") for m in asyncio.run(read_from_start(bootstrap, [CLAIMS.name]))
                if m.value}
    letters = asyncio.run(read_from_start(bootstrap, [DEADLETTER.name]))
    return json.dumps({
        "claims_missing_from_table": lost, "of_which_on_claims_topic": [c for c in lost if c in on_topic],
        "dead_letters": len(letters), "wrong_incidents": len(got - expected), "worker_log": worker.log_tail(2000),
    }, indent=1)


def _expected(paths: list) -> set:
    articles = [a for p in paths for a in read_articles([p]) if isinstance(a, RawArticle)]
    return {canonical(r.model_dump(mode="json")) for r in replay(articles).table()}


@pytest.mark.parametrize("how", ["sigkill", "sigterm"])
def test_worker_stopped_halfway_through_gvc_recovers_the_same_table(how, corpus, broker, worker_factory, tmp_path):
    """SIGKILL loses whatever was in flight; SIGTERM stops the agents in the middle of a batch and then commits:
    either way the records not yet written must come back."""
    first, second = _split_gvc(corpus, tmp_path)
    expected = _expected(first + second)
    worker = worker_factory().start()
    asyncio.run(push(first, broker.bootstrap, {}))
    time.sleep(3)  # let it get partway into the first half
    if how == "sigkill":
        worker.kill()
    else:
        assert worker.stop() == 0, worker.log_tail()
    asyncio.run(push(second, broker.bootstrap, {}))
    worker.start()
    table = topic_settled(broker.bootstrap, expect_at_least=len(expected) // 2)
    got = {canonical(r) for r in table.values()}
    assert got == expected, _where_missing(broker.bootstrap, expected, got, worker)


def test_two_workers_equal_one_and_survive_losing_one(corpus, broker, worker_factory, tmp_path):
    first, second = _split_gvc(corpus, tmp_path)
    seeds = [corpus / "seeds" / "articles.jsonl"]
    expected = _expected(seeds + first + second)
    one, two = worker_factory("w1").start(), worker_factory("w2").start()
    asyncio.run(push(seeds + first, broker.bootstrap, {}))
    time.sleep(3)
    two.kill()  # the survivor takes over its partitions (after the group's session timeout)
    asyncio.run(push(second, broker.bootstrap, {}))
    table = topic_settled(broker.bootstrap, expect_at_least=len(expected) // 2)
    got = {canonical(r) for r in table.values()}
    missing, extra = expected - got, got - expected
    assert not missing and not extra, _where_missing(broker.bootstrap, expected, got, one)
    assert one.proc.poll() is None

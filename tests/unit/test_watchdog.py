"""The flow watchdog resumes a consumer flow or stream partitions left stopped outside a rebalance, and only then."""
from __future__ import annotations

from faust.types import TP

from streams.watchdog import FlowWatch, paused_stream_partitions


def test_resumes_only_after_the_grace_period_outside_a_rebalance():
    watch = FlowWatch(grace=20.0)
    assert not watch.check(0.0, stuck=True, rebalancing=False)
    assert not watch.check(15.0, stuck=True, rebalancing=False)
    assert watch.check(20.0, stuck=True, rebalancing=False)


def test_a_rebalance_or_a_flowing_consumer_restarts_the_clock():
    watch = FlowWatch(grace=20.0)
    watch.check(0.0, stuck=True, rebalancing=False)
    assert not watch.check(25.0, stuck=True, rebalancing=True), "a rebalance stops the flow on purpose"
    assert not watch.check(30.0, stuck=True, rebalancing=False)
    assert not watch.check(45.0, stuck=False, rebalancing=False)
    assert not watch.check(60.0, stuck=True, rebalancing=False)
    assert watch.check(80.0, stuck=True, rebalancing=False)


def test_changelog_partitions_are_not_stream_partitions():
    raw, changelog = TP("sitrep.articles.raw.v1", 0), TP("sitrep-resolver-changelog", 0)
    assert paused_stream_partitions([raw, changelog], {"sitrep-resolver-changelog"}) == {raw}

"""The pipeline page's pure parts: rates over the sample ring, lag per partition, dead-letter counts, the page."""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from streams.web.pipeline import (
    LagRow,
    PipelineMonitor,
    Snapshot,
    counter_values,
    dead_letter_counts,
    group_assignment,
    lag_rows,
    mean_latency,
    pipeline_html,
    rates,
)
from streams.web.views import PAGE


def _registry():
    reg = CollectorRegistry()
    stage = Histogram("sitrep_stage_seconds", "x", ["stage"], registry=reg)
    articles = Counter("sitrep_articles_in_total", "x", registry=reg)
    dead = Counter("sitrep_dead_letters_total", "x", ["stage", "reason"], registry=reg)
    return reg, stage, articles, dead


def test_counter_values_reads_stage_counts_and_named_counters():
    reg, stage, articles, dead = _registry()
    for _ in range(3):
        stage.labels("extract").observe(0.01)
    stage.labels("project").observe(0.01)
    articles.inc(7)
    dead.labels("extract", "bad_json").inc(2)
    dead.labels("resolve", "agent_error").inc()
    values = counter_values(reg)
    assert values["agent:extract"] == 3 and values["agent:project"] == 1 and values["agent:resolve"] == 0
    assert abs(values["seconds:extract"] - 0.03) < 1e-9
    assert values["sitrep_articles_in_total"] == 7 and values["sitrep_dead_letters_total"] == 3
    assert dead_letter_counts(reg) == [("extract", "bad_json", 2), ("resolve", "agent_error", 1)]


def test_rates_cover_the_last_minute_only():
    ring = [(0.0, {"a": 0.0}), (30.0, {"a": 600.0}), (70.0, {"a": 660.0}), (90.0, {"a": 700.0})]
    # The oldest sample inside 60 s of t=90 is t=30: (700 - 600) / 60.
    assert rates(ring)["a"] == 100 / 60
    assert rates(ring[:1]) == {"a": None}
    assert rates([]) == {}
    # A restarted counter starts again from zero instead of giving a negative rate.
    assert rates([(0.0, {"a": 50.0}), (10.0, {"a": 5.0})])["a"] == 0.5
    # Samples all older than the window: the last two still give a rate.
    assert rates([(0.0, {"a": 0.0}), (100.0, {"a": 10.0})])["a"] == 0.1


def test_monitor_ring_is_bounded_and_rates_follow_the_counters():
    reg, stage, _articles, _dead = _registry()
    monitor = PipelineMonitor(reg, ring_size=3)
    for t in range(5):
        stage.labels("resolve").observe(0.001)
        stage.labels("resolve").observe(0.001)
        monitor.sample(now=float(t))
    assert len(monitor.samples) == 3
    assert rates(monitor.samples)["agent:resolve"] == 2.0


def test_lag_uses_committed_then_read_offsets():
    rows = lag_rows(
        assigned=[("t", 1), ("t", 0), ("u", 0), ("v", 0)],
        end={("t", 0): 10, ("t", 1): 5, ("u", 0): 8},
        committed={("t", 0): 4, ("t", 1): None},
        read={("t", 1): 2, ("u", 0): 9},
        actives=[("t", 0), ("t", 1)],
        standbys=[("u", 0)],
    )
    assert [(r.topic, r.partition, r.lag, r.role) for r in rows] == [
        ("t", 0, 6, "active"),
        ("t", 1, 2, "active"),  # no commit yet: end - (last read + 1)
        ("u", 0, 0, "standby"),  # never negative
        ("v", 0, None, ""),  # end unknown
    ]


def test_page_shows_every_section_and_escapes():
    snap = Snapshot(
        rates={"agent:extract": 1.5, "seconds:extract": 0.03, "agent:resolve": None},
        totals={"agent:extract": 90.0, "sitrep_articles_in_total": 90.0},
        lag=[LagRow("sitrep.claims.v1", 2, 40, 30, 35, 10, "active"),
             LagRow("sitrep-incidents-changelog", 0, 7, None, None, None, "active"),
             LagRow("sitrep-incidents-changelog", 1, 5, None, None, None, "active"),
             LagRow("sitrep-__assignor-__leader", 0, 0, None, None, 0, "active")],
        assignment=group_assignment([("sitrep.claims.v1", 2), ("sitrep.claims.v1", 0)], [("x-changelog", 1)]),
        dead_letters=[("extract", "<bad>", 4)],
        broker={"servers": ["127.0.0.1:9092"], "reachable": False, "checked_at": 0, "error": "<refused>",
                "embedded": True},
    )
    page = pipeline_html(snap, PAGE)
    assert "1.50/s" in page and "<td>90</td>" in page and "<td>20.0 ms</td>" in page
    assert "<td class='lagging'>10</td>" in page and "total 10" in page
    # Changelogs are not read by the group: their own table with records per partition, not in the lag table.
    lag_table = page.split("id='lag'")[1].split("</table>")[0]
    assert "changelog" not in lag_table and "__assignor" not in lag_table
    assert "<td>sitrep-incidents-changelog</td><td>0: 7, 1: 5</td><td>12</td>" in page
    assert "&lt;bad&gt;" in page and "&lt;refused&gt;" in page and "<bad>" not in page
    assert "unreachable" in page and "embedded Tansu" in page
    assert "<td>sitrep.claims.v1</td><td>0, 2</td><td>–</td>" in page
    assert "none yet" not in page
    empty = pipeline_html(Snapshot(), PAGE)
    assert "no partitions assigned yet" in empty and "none yet" in empty and "not checked yet" in empty
    assert snap.as_json()["lag"][0]["lag"] == 10


def test_mean_latency_is_time_over_records():
    assert mean_latency({"agent:x": 4.0, "seconds:x": 0.2}, "x") == 0.05
    assert mean_latency({"agent:x": 0.0, "seconds:x": 0.0}, "x") is None and mean_latency({}, "x") is None


def test_records_read_past_the_consumer_are_counted_on_the_pipeline_page():
    from prometheus_client import CollectorRegistry, Counter

    reg = CollectorRegistry()
    read = Counter("sitrep_records_read_directly_total", "x", ["stage", "cause"], registry=reg)
    read.labels("resolve", "skipped").inc(7)
    read.labels("extract", "not delivered").inc(2)
    assert counter_values(reg)["sitrep_records_read_directly_total"] == 9


def test_input_that_changes_nothing_is_counted_on_the_pipeline_page():
    reg = CollectorRegistry()
    Counter("sitrep_claims_copied_total", "x", registry=reg).inc(3)
    Counter("sitrep_articles_redelivered_total", "x", registry=reg).inc(2)
    totals = counter_values(reg)
    assert totals["sitrep_claims_copied_total"] == 3 and totals["sitrep_articles_redelivered_total"] == 2
    page = pipeline_html(Snapshot(totals=totals), PAGE)
    assert "claims of copies under another id (no effect)</td><td>–</td><td>3</td>" in page
    assert "articles seen before (no effect)</td><td>–</td><td>2</td>" in page

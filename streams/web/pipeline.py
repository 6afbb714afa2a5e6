"""The pipeline page (`/pipeline`, `/pipeline.json`): throughput per agent, consumer lag per topic and partition,
dead letters by stage and reason, broker connection and this worker's partition assignment.

Reads the Prometheus counters of streams/metrics.py (sampled into a small ring so rates cover the last minute),
and the Faust app's consumer, monitor and assignor (collected in the background by `PipelineMonitor.collect`);
writes the page. Rates, lag and the page are pure functions of the collected snapshot.
"""
from __future__ import annotations

import asyncio
import html
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry

e = html.escape

RATE_WINDOW_SECONDS = 60.0
# The stage label of sitrep_stage_seconds is the agent that handled the record.
AGENT_STAGES = ("extract", "resolve", "project")
COUNTERS = {
    "sitrep_articles_in_total": "articles in",
    "sitrep_claims_out_total": "claims out",
    # Input that changes nothing by design: shown so an operator who pushed it sees where it went.
    "sitrep_articles_redelivered_total": "articles seen before (no effect)",
    "sitrep_claims_copied_total": "claims of copies under another id (no effect)",
    "sitrep_incident_events_total": "incident events",
    "sitrep_incidents_published_total": "incident records published",
    "sitrep_dead_letters_total": "dead letters",
    "sitrep_records_read_directly_total": "records read past the consumer",
}


def counter_values(registry: CollectorRegistry) -> dict[str, float]:
    """Current totals: `agent:<stage>` (records handled) and the named counters (summed over labels)."""
    out: dict[str, float] = {f"agent:{s}": 0.0 for s in AGENT_STAGES}
    for family in registry.collect():
        for sample in family.samples:
            if sample.name in ("sitrep_stage_seconds_count", "sitrep_stage_seconds_sum"):
                kind = "agent" if sample.name.endswith("_count") else "seconds"
                key = f"{kind}:{sample.labels.get('stage', '?')}"
                out[key] = out.get(key, 0.0) + sample.value
            elif sample.name in COUNTERS:
                out[sample.name] = out.get(sample.name, 0.0) + sample.value
    return out


def rates(samples: Iterable[tuple[float, Mapping[str, float]]], window: float = RATE_WINDOW_SECONDS) -> dict[str, float | None]:
    """Per-second rate of every counter over the last `window` seconds of samples (oldest sample inside the window
    against the newest); None until two samples exist. A counter that went down (a restart) counts from zero."""
    ring = list(samples)
    if len(ring) < 2:
        return {k: None for k in (ring[-1][1] if ring else {})}
    now_t, now = ring[-1]
    base_t, base = next(((t, v) for t, v in ring if now_t - t <= window), ring[-2])
    if base_t >= now_t:
        base_t, base = ring[-2]
    dt = max(now_t - base_t, 1e-9)
    out: dict[str, float | None] = {}
    for key, value in now.items():
        before = base.get(key, 0.0)
        out[key] = (value - before if value >= before else value) / dt
    return out


@dataclass(frozen=True)
class LagRow:
    topic: str
    partition: int
    end: int | None  # next offset the broker will write
    committed: int | None  # next offset the group will read after a restart
    read: int | None  # last offset this worker read
    lag: int | None  # end - committed (or end - read - 1 before the first commit)
    role: str  # "active" | "standby" | ""


def lag_rows(
    assigned: Iterable[tuple[str, int]],
    end: Mapping[tuple[str, int], int | None],
    committed: Mapping[tuple[str, int], int | None],
    read: Mapping[tuple[str, int], int | None],
    actives: Iterable[tuple[str, int]] = (),
    standbys: Iterable[tuple[str, int]] = (),
) -> list[LagRow]:
    act, stand = {tuple(t) for t in actives}, {tuple(t) for t in standbys}
    rows = []
    for tp in sorted({(str(t), int(p)) for t, p in assigned}):
        high, done, last = end.get(tp), committed.get(tp), read.get(tp)
        if high is None:
            lag = None
        elif done is not None:
            lag = max(high - done, 0)
        elif last is not None:
            lag = max(high - last - 1, 0)
        else:
            lag = 0 if high == 0 else None  # an empty partition is never behind
        role = "active" if tp in act else "standby" if tp in stand else ""
        rows.append(LagRow(tp[0], tp[1], high, done, last, lag, role))
    return rows


def dead_letter_counts(registry: CollectorRegistry) -> list[tuple[str, str, int]]:
    """(stage, reason, count), most frequent first."""
    out = []
    for family in registry.collect():
        for sample in family.samples:
            if sample.name == "sitrep_dead_letters_total" and sample.value:
                out.append((sample.labels.get("stage", "?"), sample.labels.get("reason", "?"), int(sample.value)))
    return sorted(out, key=lambda r: (-r[2], r[0], r[1]))


def _tps(items: Iterable[Any]) -> set[tuple[str, int]]:
    return {(tp.topic, tp.partition) if hasattr(tp, "topic") else (tp[0], tp[1]) for tp in items or ()}


def _offsets(mapping: Mapping[Any, Any] | None) -> dict[tuple[str, int], int | None]:
    return {((tp.topic, tp.partition) if hasattr(tp, "topic") else tuple(tp)): v for tp, v in (mapping or {}).items()}


@dataclass
class Snapshot:
    collected_at: float = 0.0
    rates: dict[str, float | None] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)
    lag: list[LagRow] = field(default_factory=list)
    lag_error: str = ""
    assignment: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # topic -> role -> partitions
    dead_letters: list[tuple[str, str, int]] = field(default_factory=list)
    broker: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "collected_at": self.collected_at,
            "throughput_per_second": self.rates,
            "totals": self.totals,
            "lag": [row.__dict__ for row in self.lag],
            "lag_error": self.lag_error,
            "assignment": self.assignment,
            "dead_letters": [{"stage": s, "reason": r, "count": n} for s, r, n in self.dead_letters],
            "broker": self.broker,
        }


def group_assignment(actives: Iterable[tuple[str, int]], standbys: Iterable[tuple[str, int]]) -> dict[str, dict[str, list[int]]]:
    out: dict[str, dict[str, list[int]]] = {}
    for role, tps in (("active", actives), ("standby", standbys)):
        for topic, partition in tps:
            out.setdefault(topic, {}).setdefault(role, []).append(partition)
    for roles in out.values():
        for parts in roles.values():
            parts.sort()
    return dict(sorted(out.items()))


class PipelineMonitor:
    """Keeps the ring of counter samples and the latest snapshot; `collect` is the only part doing I/O."""

    def __init__(self, registry: CollectorRegistry, ring_size: int = 64) -> None:
        self.registry = registry
        self.samples: deque[tuple[float, dict[str, float]]] = deque(maxlen=ring_size)
        self.snapshot = Snapshot()

    def sample(self, now: float | None = None) -> None:
        self.samples.append((time.monotonic() if now is None else now, counter_values(self.registry)))

    async def collect(self, app: Any, health: Any, embedded: bool) -> Snapshot:
        self.sample()
        snap = Snapshot(collected_at=time.time(), rates=rates(self.samples), totals=dict(self.samples[-1][1]))
        snap.dead_letters = dead_letter_counts(self.registry)
        snap.broker = {
            "servers": [f"{u.host}:{u.port or 9092}" for u in app.conf.broker],
            "reachable": getattr(health, "broker_ok", None),
            "checked_at": getattr(health, "checked_at", 0.0),
            "error": getattr(health, "error", ""),
            "embedded": embedded,
        }
        try:
            actives = _tps(app.assignor.assigned_actives())
            standbys = _tps(app.assignor.assigned_standbys())
        except Exception:  # noqa: BLE001 - before the first rebalance there is no assignment
            actives, standbys = set(), set()
        snap.assignment = group_assignment(actives, standbys)
        try:
            consumer = app.consumer
            assigned = consumer.assignment()
            # Bounded: during a rebalance the consumer thread can be busy; the page then says why lag is missing.
            end = _offsets(await asyncio.wait_for(consumer.highwaters(*assigned), 5.0)) if assigned else {}
            # Faust keeps the group's committed offsets (read on assignment, updated on each commit).
            committed = _offsets(getattr(consumer, "_committed_offset", None) or app.monitor.tp_committed_offsets)
            read = _offsets(app.monitor.tp_read_offsets)
            snap.lag = lag_rows(_tps(assigned), end, committed, read, actives, standbys)
        except Exception as exc:  # noqa: BLE001 - the page says why lag is missing instead of failing
            snap.lag_error = f"{type(exc).__name__}: {exc}"
        self.snapshot = snap
        return snap


def mean_latency(rates_: Mapping[str, float | None], stage: str) -> float | None:
    """Seconds per record over the window: the rate of time spent over the rate of records."""
    spent, handled = rates_.get(f"seconds:{stage}"), rates_.get(f"agent:{stage}")
    return None if not spent or not handled else spent / handled


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.1f} ms"


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}/s"


def is_internal(topic: str) -> bool:
    """Table changelogs and Faust's assignor topic: not read by the consumer group, so group lag means nothing."""
    return topic.endswith("-changelog") or "__assignor" in topic


def pipeline_html(snap: Snapshot, page: str, nav: str = "") -> str:
    """`page` is the shared page template (title, head, body); `nav` the shared links."""
    throughput = "".join(
        f"<tr><td>{e(stage)}</td><td>{_rate(snap.rates.get(f'agent:{stage}'))}</td>"
        f"<td>{_ms(mean_latency(snap.rates, stage))}</td><td>{int(snap.totals.get(f'agent:{stage}', 0))}</td></tr>"
        for stage in AGENT_STAGES
    )
    counters = "".join(
        f"<tr><td>{e(label)}</td><td>{_rate(snap.rates.get(name))}</td><td>{int(snap.totals.get(name, 0))}</td></tr>"
        for name, label in COUNTERS.items()
    )
    group_rows = [r for r in snap.lag if not is_internal(r.topic)]
    lag = "".join(
        f"<tr><td>{e(r.topic)}</td><td>{r.partition}</td><td>{e(r.role)}</td><td>{'' if r.end is None else r.end}</td>"
        f"<td>{'' if r.committed is None else r.committed}</td><td>{'' if r.read is None else r.read}</td>"
        f"<td class='{'lagging' if r.lag else ''}'>{'–' if r.lag is None else r.lag}</td></tr>"
        for r in group_rows
    ) or "<tr><td colspan='7'>no partitions assigned yet</td></tr>"
    total_lag = sum(r.lag or 0 for r in group_rows)
    changelogs: dict[str, list[LagRow]] = {}
    for r in snap.lag:
        if r.topic.endswith("-changelog"):
            changelogs.setdefault(r.topic, []).append(r)
    tables = "".join(
        f"<tr><td>{e(topic)}</td><td>{', '.join(f'{r.partition}: {r.end}' for r in rows if r.end is not None)}</td>"
        f"<td>{sum(r.end or 0 for r in rows)}</td></tr>"
        for topic, rows in sorted(changelogs.items())
    ) or "<tr><td colspan='3'>none</td></tr>"
    letters = "".join(f"<tr><td>{e(s)}</td><td>{e(r)}</td><td>{n}</td></tr>" for s, r, n in snap.dead_letters) or (
        "<tr><td colspan='3'>none</td></tr>"
    )
    assignment = "".join(
        f"<tr><td>{e(topic)}</td><td>{', '.join(map(str, roles.get('active', []))) or '–'}</td>"
        f"<td>{', '.join(map(str, roles.get('standby', []))) or '–'}</td></tr>"
        for topic, roles in snap.assignment.items()
    ) or "<tr><td colspan='3'>none yet (waiting for the group to rebalance)</td></tr>"
    b = snap.broker
    state = {True: "<span class='ok'>connected</span>", False: "<span class='conflict'>unreachable</span>"}.get(
        b.get("reachable"), "not checked yet"
    )
    checked = time.strftime("%H:%M:%S", time.localtime(b["checked_at"])) if b.get("checked_at") else "–"
    body = (
        f"{nav}<h1>Pipeline</h1><p><small>Refreshes every 5 s · <a href='/pipeline.json'>JSON</a> · latency "
        "histograms per stage in <a href='/metrics'>/metrics</a> (sitrep_stage_seconds, sitrep_extraction_seconds)"
        "</small></p>"
        f"<h2>Broker</h2><p id='broker'>{state} · {e(', '.join(b.get('servers', [])))}"
        f"{' (embedded Tansu)' if b.get('embedded') else ''} · checked {e(checked)}"
        f"{' · ' + e(b['error']) if b.get('error') else ''}</p>"
        f"<h2>Throughput <small>last {int(RATE_WINDOW_SECONDS)} s</small></h2>"
        "<table id='throughput'><tr><th>Agent</th><th>Records/s</th><th>Mean time per record</th><th>Total</th></tr>"
        f"{throughput}</table><table id='counters'><tr><th>Counter</th><th>Per second</th><th>Total</th></tr>{counters}</table>"
        f"<h2>Consumer lag <small>total {total_lag}</small></h2>"
        f"{'<p class=conflict>' + e(snap.lag_error) + '</p>' if snap.lag_error else ''}"
        "<table id='lag'><tr><th>Topic</th><th>Partition</th><th>Role</th><th>End offset</th><th>Committed</th>"
        f"<th>Last read</th><th>Lag</th></tr>{lag}</table>"
        "<h3>Table changelogs <small>(read only while a table recovers; records per partition)</small></h3>"
        f"<table id='changelogs'><tr><th>Changelog</th><th>Partition: end offset</th><th>Records</th></tr>{tables}</table>"
        f"<h2>Dead letters</h2><table id='deadletters'><tr><th>Stage</th><th>Reason</th><th>Count</th></tr>{letters}</table>"
        "<h2>This worker's partitions</h2><table id='assignment'><tr><th>Topic</th><th>Active</th><th>Standby</th></tr>"
        f"{assignment}</table>"
    )
    return page.format(title="sitrep pipeline", head="<meta http-equiv='refresh' content='5'>", body=body)

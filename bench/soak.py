"""Soak test (`make soak`): one `sitrep worker` on the embedded broker, fed the gva corpus in a loop at a fixed rate.

Reads: `<corpus>/gva/articles.jsonl` (env `SITREP_CORPUS_DIR`, default `<repo root>/../shared/corpus`) through
streams.ingest.read_articles. Writes: to a temporary folder (broker and worker data, removed at the end unless
`--keep`), a row to stdout every `--every` seconds, a summary table at the end, and with `--json PATH` every row.
The figures are for people to read; the exit code is 1 only when something was lost or broke: a worker not exiting
cleanly, dead letters from valid articles, push errors, or lag left after the drain.

Each pass over the corpus gives every article a new id (`<id>~p<pass>`) and, by default, moves its publication
time `--shift-days` (2000) days on per pass, so a pass is new articles, as a live feed brings: dates read against
publication ("on Friday") move with it and start new incidents, dates written out in the text stay and add reports
to the first pass's incidents, which grow. With `--shift-days 0` a pass repeats the same articles under new ids:
copies, which the resolver files behind the originals without any incident update (counted as copied; they have no
latency to measure). Every row shows:
- lag: end offsets minus the committed offsets of the worker's consumer group (the app id, "sitrep") on the raw
  topic, and summed over all three topics the agents read (raw, claims, incident events);
- latency from push (just before the produce request) to the first record on `sitrep.incidents.v1` whose
  `articles` lists the article, p50 and p99 over the articles matched in that interval (articles that report no
  attack never show up there; `matched` counts those that did);
- the worker's RSS (VmRSS from /proc/<pid>/status, its extractor processes included) and the dead letters it
  reports on /health;
- the worker's CPU over the interval (/proc/<pid>/stat, extractor processes included; 100 = one core), and per stage the share of the interval
  spent inside its handler (from sitrep_stage_seconds on /metrics). Handler time is wall time and includes awaited
  sends, and the three agents interleave on one event loop, so these shares overlap and may sum past 100;
- the embedded broker's CPU over the interval (`brk %`).
At the end the summary also counts the records and record batches the broker holds per topic.

After `--duration` seconds of pushing, the worker gets up to `--drain` seconds to catch up (until the lag is 0),
then it is stopped with SIGTERM and the broker after it; Ctrl-C or SIGTERM stop the run the same way.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from schemas import codec  # noqa: E402
from schemas.topics import ARTICLES_RAW, CLAIMS, INCIDENT_EVENTS, INCIDENTS  # noqa: E402
from streams.broker import EmbeddedBroker, free_port  # noqa: E402
from streams.broker_fixes import batch_spans, fetch_records  # noqa: E402
from streams.consume import LagProbe  # noqa: E402
from streams.ingest import RawArticle, read_articles  # noqa: E402
from streams.supervisor import WorkerProcess, http_json  # noqa: E402



def corpus_file(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    root = Path(os.environ.get("SITREP_CORPUS_DIR") or REPO.parent / "shared" / "corpus")
    return root / "gva" / "articles.jsonl"


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _own_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (/proc/<pid>/stat fields 14 and 15)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _own_rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def _with_children(own: Callable[[int], float | None], pid: int) -> float | None:
    """`own(pid)` summed over the process and its descendants (the worker and its extractor processes)."""
    value = own(pid)
    if value is None:
        return None
    return value + sum(_with_children(own, child) or 0.0 for child in _children(pid))


def cpu_seconds(pid: int) -> float | None:
    """CPU time of the worker and its extractor processes (a restarted extractor's time is lost: a small dip)."""
    return _with_children(_own_cpu_seconds, pid)


def rss_mb(pid: int) -> float | None:
    return _with_children(_own_rss_mb, pid)


# ------------------------------------------------------------------ processes
class Worker(WorkerProcess):
    """A worker on the soak's broker; a failed start is an error with the worker's log."""

    def __init__(self, broker: EmbeddedBroker, data_dir: Path, partitions: int) -> None:
        super().__init__(broker.url, data_dir, free_port(), partitions, env={"SITREP_LOG_LEVEL": "WARNING"})

    def start(self, timeout: float = 120.0) -> None:
        super().start()
        if not self.wait_ready(timeout):
            raise RuntimeError("worker did not become healthy:\n" + self.log_tail())


@dataclass
class Row:
    t: float
    pushed: int
    push_rate: float
    lag_raw: int | None
    lag_all: int | None
    matched: int
    p50_ms: float | None
    p99_ms: float | None
    rss_mb: float | None
    dead_letters: int | None
    health: str
    phase: str
    cpu_pct: float | None = None  # worker CPU time over the interval (100 = one core)
    broker_cpu_pct: float | None = None  # the embedded broker's, likewise
    busy: dict[str, float] = field(default_factory=dict)  # stage -> share of the interval spent in its handler


@dataclass
class Run:
    rate: float
    duration: float
    shift_days: int = 0
    pushed: int = 0
    passes: int = 0
    push_errors: int = 0
    push_times: dict[str, float] = field(default_factory=dict)  # article id -> monotonic push time, until matched
    latencies: list[float] = field(default_factory=list)  # seconds, all matched articles
    window: list[float] = field(default_factory=list)  # since the last row
    incident_records: int = 0
    rows: list[Row] = field(default_factory=list)
    stage_totals: dict[str, tuple[float, float]] = field(default_factory=dict)  # stage -> (seconds, records)
    cpu_total: float = 0.0
    broker_cpu_total: float = 0.0
    log_shape: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # topic -> records, batches, most in one partition
    copied: int = 0  # claims filed as copies of known ones (sitrep_claims_copied_total, summed over workers)


class Fleet:
    """Several workers sharing the partitions as one consumer group; figures are summed over them."""

    def __init__(self, workers: list[Worker]) -> None:
        self.workers = workers

    def start(self) -> None:
        for w in self.workers:
            w.start()

    def stop(self) -> int | None:
        codes = [w.stop() for w in self.workers]
        return next((c for c in codes if c), codes[0] if codes else None)

    def alive(self) -> bool:
        return all(w.alive() for w in self.workers)

    def log_tail(self) -> str:
        return "\n".join(w.log_tail() for w in self.workers if not w.alive())

    def _sum(self, values: list[float | None]) -> float | None:
        return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]

    def rss(self) -> float | None:
        return self._sum([rss_mb(w.proc.pid) if w.proc else None for w in self.workers])

    def cpu(self) -> float | None:
        return self._sum([cpu_seconds(w.proc.pid) if w.proc else None for w in self.workers])

    def describe(self) -> str:
        return ", ".join(f"worker pid {w.proc.pid} ({w.web})" for w in self.workers if w.proc)


async def push_loop(run: Run, articles: list[RawArticle], bootstrap: str, stop_at: float) -> None:
    from aiokafka import AIOKafkaProducer

    # One record at a time at the set rate, each awaited, as articles of a live feed arrive.
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0, max_request_size=8_000_000)
    await producer.start()
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        i = 0
        while True:
            due = started + i / run.rate
            now = loop.time()
            if due >= stop_at:
                return
            if due > now:
                await asyncio.sleep(due - now)
            run.passes, n = divmod(i, len(articles))
            base = articles[n]
            article_id = f"{base.article_id}~p{run.passes}"
            update: dict[str, Any] = {"id": article_id}
            if run.shift_days and base.published_at is not None:
                update["published_at"] = base.published_at + timedelta(days=run.shift_days * run.passes)
            article = base.model_copy(update=update)
            value = codec.dumps(article.model_dump(mode="json", exclude_none=True))
            run.push_times[article_id] = time.monotonic()
            try:
                await producer.send_and_wait(ARTICLES_RAW.name, key=article_id.encode(), value=value)
                run.pushed += 1
            except Exception as exc:  # noqa: BLE001 - counted and shown; the soak goes on
                run.push_errors += 1
                run.push_times.pop(article_id, None)
                print(f"  push failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            i += 1
    finally:
        run.passes += 1
        await producer.stop()


async def tail_incidents(run: Run, bootstrap: str, ready: asyncio.Event) -> None:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, max_partition_fetch_bytes=8_000_000)
    await consumer.start()
    try:
        parts = consumer.partitions_for_topic(INCIDENTS.name)
        while not parts:
            await consumer.topics()
            parts = consumer.partitions_for_topic(INCIDENTS.name)
            await asyncio.sleep(0.2)
        tps = [TopicPartition(INCIDENTS.name, p) for p in sorted(parts)]
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        ready.set()
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            now = time.monotonic()
            for messages in batch.values():
                for message in messages:
                    if message.value is None:
                        continue
                    run.incident_records += 1
                    for article in orjson.loads(message.value).get("articles", ()):
                        pushed = run.push_times.pop(article.get("article_id"), None)
                        if pushed is not None:
                            run.latencies.append(now - pushed)
                            run.window.append(now - pushed)
    finally:
        await consumer.stop()


async def log_shape(bootstrap: str, topics: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per topic: records, record batches, and the most batches in one partition. The broker reads a partition
    batch by batch, so batches, not records, are what its fetch cost grows with (README, "Embedded broker limits")."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    shape: dict[str, tuple[int, int, int]] = {}
    try:
        await consumer.topics()
        for topic in topics:
            tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            ends = await consumer.end_offsets(tps) if tps else {}
            records = batches = most = 0
            for tp in tps:
                node = consumer._client.cluster.leader_for_partition(tp)
                offset, here = 0, 0
                while offset < ends[tp]:
                    answered = await fetch_records(consumer._client, node, {tp: offset}, 4 << 20)
                    spans = batch_spans(answered.get(tp, b""))
                    if not spans:
                        break
                    here += len(spans)
                    records += sum(last - first + 1 for first, last in spans)
                    offset = spans[-1][1] + 1
                batches += here
                most = max(most, here)
            shape[topic] = (records, batches, most)
    finally:
        await consumer.stop()
    return shape


STAGES = ("extract", "resolve", "project")
_STAGE_LINE = re.compile(r'^sitrep_stage_seconds_(sum|count)\{stage="(\w+)"\} ([0-9.e+-]+)$', re.M)
_COPIED_LINE = re.compile(r"^sitrep_claims_copied_total ([0-9.e+-]+)$", re.M)
_EXTRACTION_LINE = re.compile(r"^sitrep_extraction_seconds_(sum|count) ([0-9.e+-]+)$", re.M)


def stage_totals(metrics_text: str) -> dict[str, tuple[float, float]]:
    """Per stage, from the worker's /metrics: (seconds spent handling records, records handled), since start."""
    out: dict[str, list[float]] = {}
    for kind, stage, value in _STAGE_LINE.findall(metrics_text):
        out.setdefault(stage, [0.0, 0.0])[0 if kind == "sum" else 1] = float(value)
    # extract_article alone (CPU work, no sends), to tell computing from waiting inside the extract handler
    for kind, value in _EXTRACTION_LINE.findall(metrics_text):
        out.setdefault("extract_article", [0.0, 0.0])[0 if kind == "sum" else 1] = float(value)
    return {k: (v[0], v[1]) for k, v in out.items()}


def fetch_text(url: str, timeout: float = 5.0) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - loopback URL we built
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return ""


def fmt(value: Any, spec: str = "") -> str:
    return "–" if value is None else format(value, spec)


HEADER = (
    f"{'t s':>6} {'phase':>5} {'pushed':>7} {'rate/s':>6} {'lag raw':>7} {'lag all':>7} {'matched':>7} "
    f"{'p50 ms':>7} {'p99 ms':>7} {'RSS MB':>7} {'dead':>5} {'CPU %':>5} {'in ex/rs/pj %':>13} {'brk %':>5} health"
)


def render(row: Row) -> str:
    return (
        f"{row.t:6.0f} {row.phase:>5} {row.pushed:7d} {row.push_rate:6.1f} {fmt(row.lag_raw):>7} {fmt(row.lag_all):>7} "
        f"{row.matched:7d} {fmt(row.p50_ms, '.0f'):>7} {fmt(row.p99_ms, '.0f'):>7} {fmt(row.rss_mb, '.0f'):>7} "
        f"{fmt(row.dead_letters):>5} {fmt(row.cpu_pct, '.0f'):>5} "
        f"{'/'.join(fmt(row.busy.get(s_), '.0f') for s_ in STAGES):>13} {fmt(row.broker_cpu_pct, '.0f'):>5} {row.health}"
    )


def interval_pct(total: float | None, before: float, span: float) -> tuple[float | None, float]:
    """CPU seconds `total` now against `before`, as a share of `span` seconds (100 = one core), and the total to
    keep for the next interval (the old one when this one could not be read)."""
    if total is None:
        return None, before
    return 100 * (total - before) / span, total


async def sample(run: Run, probe: LagProbe, fleet: Fleet, broker: EmbeddedBroker, t0: float, last: tuple[float, int],
                 phase: str) -> Row:
    now = time.monotonic()
    try:
        lags = await asyncio.wait_for(probe.lag(), 10)
        lag_raw, lag_all = lags.get(ARTICLES_RAW.name), sum(lags.values())
    except Exception:  # noqa: BLE001 - shown as unknown; a slow broker answer must not stop the soak
        lag_raw = lag_all = None
    dead, states, totals, copied = 0, [], {}, 0
    for worker in fleet.workers:
        status, body = await asyncio.to_thread(http_json, worker.web + "/health", 5.0)
        health = body if isinstance(body, dict) else {}
        dead += int(health.get("dead_letters") or 0)
        states.append(str(health.get("status", f"http {status}")))
        metrics_text = await asyncio.to_thread(fetch_text, worker.web + "/metrics")
        copied += sum(int(float(v)) for v in _COPIED_LINE.findall(metrics_text))
        for stage, (secs, count) in stage_totals(metrics_text).items():
            old = totals.get(stage, (0.0, 0.0))
            totals[stage] = (old[0] + secs, old[1] + count)
    run.copied = max(run.copied, copied)  # a restarted worker's counter starts again at 0
    span = max(1e-6, now - last[0])
    busy = {s: 100 * (totals[s][0] - run.stage_totals.get(s, (0.0, 0.0))[0]) / span for s in totals if s in STAGES}
    run.stage_totals.update(totals)
    cpu_pct, run.cpu_total = interval_pct(fleet.cpu(), run.cpu_total, span)
    broker_cpu = _own_cpu_seconds(broker.process.pid) if broker.process else None
    broker_pct, run.broker_cpu_total = interval_pct(broker_cpu, run.broker_cpu_total, span)
    window, run.window = run.window, []
    row = Row(
        t=now - t0,
        pushed=run.pushed,
        push_rate=(run.pushed - last[1]) / max(1e-6, now - last[0]),
        lag_raw=lag_raw,
        lag_all=lag_all,
        matched=len(run.latencies),
        p50_ms=None if not window else percentile(window, 0.50) * 1000,
        p99_ms=None if not window else percentile(window, 0.99) * 1000,
        rss_mb=fleet.rss(),
        dead_letters=dead,
        health="ok" if all(x == "ok" for x in states) else "/".join(states),
        phase=phase,
        cpu_pct=cpu_pct,
        broker_cpu_pct=broker_pct,
        busy=busy,
    )
    run.rows.append(row)
    print(render(row), flush=True)
    return row


async def soak(args: argparse.Namespace, articles: list[RawArticle], broker: EmbeddedBroker, fleet: Fleet) -> Run:
    run = Run(rate=args.rate, duration=args.duration, shift_days=args.shift_days)
    probe = LagProbe(broker.bootstrap)
    await probe.start()
    ready = asyncio.Event()
    tail = asyncio.create_task(tail_incidents(run, broker.bootstrap, ready))
    await asyncio.wait_for(ready.wait(), 60)
    loop = asyncio.get_running_loop()
    t0 = time.monotonic()
    stop_at = loop.time() + args.duration
    pusher = asyncio.create_task(push_loop(run, articles, broker.bootstrap, stop_at))
    print(HEADER, flush=True)
    last = (t0, 0)
    try:
        while not pusher.done():
            await asyncio.wait({pusher}, timeout=max(0.0, args.every - (time.monotonic() - last[0])))
            if pusher.done():
                break
            row = await sample(run, probe, fleet, broker, t0, last, "push")
            last = (t0 + row.t, row.pushed)
            if not fleet.alive():
                print("worker exited:\n" + fleet.log_tail(), file=sys.stderr)
                break
        if not pusher.done():
            pusher.cancel()  # the worker died: nothing more to measure
        elif not pusher.cancelled() and pusher.exception() is not None:
            raise pusher.exception()
        # Drain: let the worker finish what was pushed, so the last articles' latencies are counted too.
        drain_until = time.monotonic() + args.drain
        while time.monotonic() < drain_until and fleet.alive():
            await asyncio.sleep(min(args.every, max(0.0, drain_until - time.monotonic())))
            row = await sample(run, probe, fleet, broker, t0, last, "drain")
            last = (t0 + row.t, row.pushed)
            if row.lag_all == 0:
                await asyncio.sleep(2)  # the last incident records are produced after the last commit
                break
    finally:
        for task in (pusher, tail):
            task.cancel()
        await asyncio.gather(pusher, tail, return_exceptions=True)
        await probe.stop()
    try:
        run.log_shape = await asyncio.wait_for(
            log_shape(broker.bootstrap, [ARTICLES_RAW.name, CLAIMS.name, INCIDENT_EVENTS.name, INCIDENTS.name]), 120)
    except Exception as exc:  # noqa: BLE001 - a figure for people; the run's verdict does not depend on it
        print(f"could not read the broker's log shape: {type(exc).__name__}: {exc}", file=sys.stderr)
    return run


def own_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def summary(run: Run, exit_code: int | None, elapsed: float) -> str:
    push_rows = [r for r in run.rows if r.phase == "push"]
    rss = [r.rss_mb for r in run.rows if r.rss_mb is not None]
    lags = [r.lag_all for r in push_rows if r.lag_all is not None]
    half = rss[len(rss) // 2:] if len(rss) >= 4 else []
    slope = None
    if len(half) >= 2:
        ts = [r.t for r in run.rows if r.rss_mb is not None][len(rss) // 2:]
        slope = (half[-1] - half[0]) / max(1e-6, (ts[-1] - ts[0]) / 60)
    lat = [x * 1000 for x in run.latencies]
    lines = [
        ("target rate / duration", f"{run.rate:g}/s for {run.duration:g} s"
                                   + (f", dates +{run.shift_days} d per pass" if run.shift_days else "")),
        ("articles pushed (passes)", f"{run.pushed} ({run.passes}), {run.pushed / max(1e-6, run.duration):.1f}/s achieved; "
                                     f"{run.push_errors} push errors"),
        ("matched in incident records", f"{len(lat)} ({100 * len(lat) / max(1, run.pushed):.0f}% of pushed; "
                                        "the rest report no attack, are copies or were not done)"),
        ("claims filed as copies (no incident update)", str(run.copied)),
        ("latency p50 / p90 / p99 / max", " / ".join(fmt(percentile(lat, q), ".0f") for q in (0.5, 0.9, 0.99, 1.0)) + " ms"),
        ("latency mean", f"{statistics.fmean(lat):.0f} ms" if lat else "–"),
        ("lag raw (max / last while pushing)",
         f"{fmt(max((r.lag_raw for r in push_rows if r.lag_raw is not None), default=None))} / "
         f"{fmt(push_rows[-1].lag_raw if push_rows else None)}"),
        ("lag all topics (max / last while pushing)", f"{fmt(max(lags, default=None))} / {fmt(lags[-1] if lags else None)}"),
        ("lag at the end (after drain)", fmt(run.rows[-1].lag_all if run.rows else None)),
        ("RSS MB first / max / last", f"{fmt(rss[0] if rss else None, '.0f')} / {fmt(max(rss, default=None), '.0f')} / "
                                      f"{fmt(rss[-1] if rss else None, '.0f')}"),
        ("RSS growth, second half", f"{fmt(slope, '+.1f')} MB/min"),
        ("incident records read", str(run.incident_records)),
        *[
            (f"{stage}: records, mean time", f"{int(run.stage_totals[stage][1])}, "
             f"{1000 * run.stage_totals[stage][0] / max(1.0, run.stage_totals[stage][1]):.1f} ms")
            for stage in (*STAGES, "extract_article") if stage in run.stage_totals
        ],
        *[
            (f"broker log {topic}", f"{records} records in {batches} batches (at most {most} in one partition)")
            for topic, (records, batches, most) in run.log_shape.items()
        ],
        ("broker CPU (max / last row while pushing)",
         f"{fmt(max((r.broker_cpu_pct for r in push_rows if r.broker_cpu_pct is not None), default=None), '.0f')} / "
         f"{fmt(push_rows[-1].broker_cpu_pct if push_rows else None, '.0f')} %"),
        ("dead letters", fmt(run.rows[-1].dead_letters if run.rows else None)),
        ("worker exit code on SIGTERM", fmt(exit_code)),
        ("this script's own CPU (shares the machine)", f"{own_cpu():.0f} s"),
        ("wall time", f"{elapsed:.0f} s"),
    ]
    width = max(len(k) for k, _ in lines)
    return "\n".join(["", "summary", "-" * (width + 40)] + [f"{k:<{width}}  {v}" for k, v in lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="articles per second (default 50)")
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of pushing (default 600)")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between rows (default 10)")
    parser.add_argument("--drain", type=float, default=60.0, help="at most this many seconds to catch up at the end")
    parser.add_argument(
        "--shift-days", type=int, default=2000,
        help="move each pass's publication dates this many days on (default 2000, longer than gva spans: each pass is new articles, as a "
             "live feed brings; 0: each pass repeats the same articles under new ids, which are copies)",
    )
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1, help="workers sharing the partitions (default 1)")
    parser.add_argument("--corpus", help="an articles JSONL (default: <corpus>/gva/articles.jsonl)")
    parser.add_argument("--json", help="write the rows and the latencies to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (worker log, stores)")
    args = parser.parse_args(argv)
    if args.rate <= 0 or args.duration <= 0:
        parser.error("--rate and --duration must be positive")

    path = corpus_file(args.corpus)
    if not path.exists():
        print(f"corpus not found: {path} (set SITREP_CORPUS_DIR)", file=sys.stderr)
        return 2
    articles = [a for a in read_articles([path]) if isinstance(a, RawArticle)]
    print(f"soak: {len(articles)} articles from {path}, {args.rate:g}/s for {args.duration:g} s "
          f"(~{args.rate * args.duration / len(articles):.1f} passes), a row every {args.every:g} s", flush=True)

    # SIGTERM (e.g. from CI) unwinds like Ctrl-C, so the finally below always stops the worker and the broker.
    def _terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-soak-"))
    broker = EmbeddedBroker(log_dir=tmp / "broker")
    fleet = Fleet([Worker(broker, tmp / f"worker{i}", args.partitions) for i in range(max(1, args.workers))])
    for worker in fleet.workers:
        worker.data_dir.mkdir()
    started = time.monotonic()
    run: Run | None = None
    exit_code: int | None = None
    try:
        broker.start()
        fleet.start()
        print(f"broker {broker.bootstrap}, {fleet.describe()}, data in {tmp}", flush=True)
        run = asyncio.run(soak(args, articles, broker, fleet))
    except KeyboardInterrupt:
        print("interrupted: stopping the worker and the broker", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # cleanup is bounded (45 s + 10 s); let it finish
        exit_code = fleet.stop()
        broker.stop()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if run is None:
        return 1
    print(summary(run, exit_code, time.monotonic() - started), flush=True)
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(
            {"rate": run.rate, "duration": run.duration, "pushed": run.pushed, "rows": [asdict(r) for r in run.rows],
             "latencies_ms": [round(x * 1000, 1) for x in run.latencies], "worker_exit": exit_code},
            option=orjson.OPT_INDENT_2,
        ))
    problems = verdict(run, exit_code)
    for problem in problems:
        print(f"soak: {problem}", file=sys.stderr)
    return 1 if problems else 0


def verdict(run: Run, exit_code: int | None) -> list[str]:
    """What makes the run a failure: something lost or broken, never a speed (figures are for people to read).
    The end lag is one: after the drain everything pushed must have been processed."""
    last = run.rows[-1] if run.rows else None
    problems = []
    if exit_code != 0:
        problems.append(f"a worker exited with {exit_code} on SIGTERM")
    if last is None or last.lag_all != 0:
        problems.append(f"lag left after the drain: {None if last is None else last.lag_all} (raise --drain on a slow machine)")
    if last is not None and last.dead_letters:
        problems.append(f"{last.dead_letters} dead letters from a corpus of valid articles")
    if run.push_errors:
        problems.append(f"{run.push_errors} push errors")
    return problems


if __name__ == "__main__":
    sys.exit(main())

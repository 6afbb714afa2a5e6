"""The `sitrep` command: worker, up, push, replay, tail, export, schemas, eval.

Reads settings (streams/settings.py) and the command line; everything it runs lives in the modules it calls.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any

from streams.settings import Settings

log = logging.getLogger("sitrep")


def broker_file(settings: Settings) -> Path:
    return settings.data_dir / "broker.url"


def resolve_broker(settings: Settings, explicit: str | None = None) -> str:
    """A configured URL wins; otherwise the embedded broker that `sitrep worker`/`sitrep up` started."""
    if explicit:
        return explicit
    if settings.broker:
        return settings.broker
    path = broker_file(settings)
    if path.exists():
        return path.read_text().strip()
    raise SystemExit(
        "no broker: set SITREP_BROKER=kafka://host:port, pass --broker, or start `sitrep up` / `sitrep worker` first"
    )


def bootstrap_of(url: str) -> str:
    return ",".join(part.split("://", 1)[-1] for part in url.split(";"))


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    for name in ("broker", "web_port", "data_dir", "partitions"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return Settings(**overrides)


# ------------------------------------------------------------------ worker
SHUTDOWN_GRACE_SECONDS = 20.0


def _make_bounded_worker() -> type:
    import threading

    import faust

    class BoundedShutdownWorker(faust.Worker):
        """Faust's graceful stop flushes, commits and leaves the group; with the broker unreachable it retries
        for minutes. A stop request must be honoured: after the grace period the process exits, and the
        uncommitted records are simply redelivered later (every stage is idempotent)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # No terminal spinner for a service. At log level warning or above Faust adds one and sets the root
            # logger to DEBUG for it, so every debug record of the Kafka client (each produced message, value
            # included) was built and then dropped: measured, 4% of a busy worker's CPU.
            self.spinner = None

        def _arm(self, signame: str) -> None:
            def expire() -> None:
                log.error("graceful shutdown did not finish in %.0fs after %s (broker unreachable?); exiting",
                          SHUTDOWN_GRACE_SECONDS, signame)
                os._exit(0)

            timer = threading.Timer(SHUTDOWN_GRACE_SECONDS, expire)
            timer.daemon = True
            timer.start()

        def _on_sigterm(self) -> None:
            self._arm("SIGTERM")
            super()._on_sigterm()

        def _on_sigint(self) -> None:
            self._arm("SIGINT")
            super()._on_sigint()

    return BoundedShutdownWorker


def _crashed_on_consistency(*services: Any) -> bool:
    from faust.exceptions import ConsistencyError

    return any(isinstance(getattr(s, "crash_reason", None), ConsistencyError) for s in services)


def local_tables(settings: Settings) -> list[str]:
    tables = settings.data_dir / "worker" / "v1" / "tables"
    return sorted({p.name.rsplit("-", 1)[0] for p in tables.glob("*-*.db")}) if tables.is_dir() else []


def discard_stale_tables(settings: Settings, url: str) -> bool:
    """Local tables the broker does not back (a new or restarted broker, or another cluster) cannot be trusted;
    Faust's own check only fires when a changelog is non-empty. When the broker has no committed offsets of this
    worker group either, it has lost the deployment's history: discard the tables (they must agree with each other)
    and let the input rebuild them. While the group's offsets are there, an empty changelog only means the last
    worker stopped before flushing it, and the local tables are ahead of the broker, not wrong: keep them."""
    import shutil

    from streams.consume import LagProbe
    from streams.topics_admin import changelog_highwaters

    local = local_tables(settings)
    if not local:
        return False
    highwaters = asyncio.run(changelog_highwaters(bootstrap_of(url), settings.app_id, local, settings.kafka_client()))
    stale = [t for t in local if highwaters.get(t, 0) == 0]
    if not stale:
        return False

    async def group_committed() -> bool:
        probe = LagProbe(bootstrap_of(url), group=settings.app_id, client=settings.kafka_client())
        await probe.start()
        try:
            return await probe.has_committed()
        finally:
            await probe.stop()

    if asyncio.run(group_committed()):
        log.warning("local tables %s have no changelog yet on %s; the group's offsets are there, so they are kept",
                    ", ".join(stale), url)
        return False
    log.error(
        "local tables %s have no changelog on %s (a new or restarted broker?): discarding %s; push the input again",
        ", ".join(stale), url, settings.data_dir / "worker",
    )
    shutil.rmtree(settings.data_dir / "worker", ignore_errors=True)
    return True


def cmd_worker(args: argparse.Namespace) -> int:
    import faust

    from streams.app import build_topology, create_app
    from streams.broker import EmbeddedBroker
    from streams.positions import RangeReader
    from streams.topics_admin import ensure_topics

    BoundedShutdownWorker = _make_bounded_worker()  # noqa: N806
    settings = _settings(args)
    broker = None
    embedded = settings.embedded or bool(args.embedded)
    url = settings.broker
    if not url:
        broker = EmbeddedBroker(port=settings.embedded_port, log_dir=settings.data_dir).start()
        url = broker.url
        broker_file(settings).parent.mkdir(parents=True, exist_ok=True)
        broker_file(settings).write_text(url)
        log.info("started the embedded broker at %s", url)
    try:
        asyncio.run(ensure_topics(bootstrap_of(url), settings.partitions, settings.replication_factor,
                                  settings.kafka_client()))
        discard_stale_tables(settings, url)
        app = create_app(settings, broker_url=url, embedded=embedded)
        reader = RangeReader(bootstrap_of(url), settings.app_id, settings, settings.max_message_bytes)
        build_topology(app, settings, embedded=embedded, reader=reader)
        worker = BoundedShutdownWorker(app, loglevel=settings.log_level, quiet=True)
        code = 0
        try:
            worker.execute_from_commandline()
        except SystemExit as exc:
            code = int(exc.code or 0)
        if _crashed_on_consistency(app, worker):
            import shutil

            log.error("local tables disagree with the broker's changelogs; discarding them: restart to rebuild")
            shutil.rmtree(settings.data_dir / "worker", ignore_errors=True)
            return code or 3
        return code
    finally:
        if broker is not None:
            broker.stop()
            broker_file(settings).unlink(missing_ok=True)


# ------------------------------------------------------------------ up
def cmd_up(args: argparse.Namespace) -> int:
    from streams.supervisor import run_up

    return run_up(_settings(args), push_paths=args.push, exit_after_push=args.exit_after_push, timeout=args.timeout)


# ------------------------------------------------------------------ push
def article_defaults(args: argparse.Namespace) -> dict[str, Any]:
    return {"outlet": args.outlet, "published_at": args.published_at, "language": args.language}


def cmd_push(args: argparse.Namespace) -> int:
    from streams.push import push

    if not args.paths and not args.feed:
        raise SystemExit("sitrep push: give PATH... and/or --feed URL_OR_FILE")
    settings = _settings(args)
    url = resolve_broker(settings, args.broker)
    summary = asyncio.run(
        push(args.paths, bootstrap_of(url), article_defaults(args), feeds=args.feed,
             client=settings.kafka_client())
    )
    print(summary.render())
    return 0 if summary.sent or not summary.rejected else 1


# ------------------------------------------------------------------ replay
def cmd_replay(args: argparse.Namespace) -> int:
    from schemas import codec
    from streams.ingest import Rejected, read_articles
    from streams.pipeline import Pipeline

    pipeline = Pipeline()
    rejected = 0
    for item in read_articles(args.inputs, article_defaults(args)):
        if isinstance(item, Rejected):
            rejected += 1
            print(f"rejected {item.source}: {item.reason}", file=sys.stderr)
            continue
        pipeline.push(item)
    table = pipeline.table()
    out = sys.stdout.buffer if args.out in (None, "-") else open(args.out, "wb")  # noqa: SIM115
    try:
        for record in table:
            out.write(codec.dumps(record) + b"\n")
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    print(
        f"{len(pipeline.articles)} articles, {len(table)} incidents, {len(pipeline.skipped)} without claims, "
        f"{rejected} rejected" + (f" -> {args.out}" if args.out and args.out != "-" else ""),
        file=sys.stderr,
    )
    return 0


# ------------------------------------------------------------------ tail
def cmd_tail(args: argparse.Namespace) -> int:
    from streams.consume import tail

    settings = _settings(args)
    try:
        asyncio.run(tail(bootstrap_of(resolve_broker(settings, args.broker)), as_json=args.json, from_start=args.from_start,
                         client=settings.kafka_client()))
    except KeyboardInterrupt:
        pass
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from schemas import codec
    from schemas.incident import Incident
    from streams import export
    from streams.consume import read_table

    if args.source:
        with open(args.source, "rb") as handle:
            records = [codec.decode(line, Incident) for line in handle if line.strip()]
    else:
        settings = _settings(args)
        table = asyncio.run(read_table(bootstrap_of(resolve_broker(settings, args.broker)), client=settings.kafka_client()))
        records = list(table.values())
    records.sort(key=lambda r: (r.date.start is None, r.date.start or "", r.incident_id))
    if args.format == "csv":
        data = export.to_csv(records).encode()
    elif args.format == "geojson":
        data = export.to_geojson(records)
    else:
        data = export.to_jsonl(records)
    if args.out in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(args.out).write_bytes(data)
        print(f"{len(records)} incidents -> {args.out}", file=sys.stderr)
    return 0


def cmd_deadletters(args: argparse.Namespace) -> int:
    from collections import Counter

    from streams.consume import read_dead_letters, resend_dead_letters

    settings = _settings(args)
    bootstrap = bootstrap_of(resolve_broker(settings, args.broker))
    letters, incomplete = asyncio.run(read_dead_letters(bootstrap, max_bytes=settings.max_message_bytes,
                                                        client=settings.kafka_client()))

    def wanted(d: Any) -> bool:
        return (not args.stage or d.stage == args.stage) and (not args.reason or d.reason == args.reason)

    letters = [d for d in letters if wanted(d)]
    incomplete = [i for i in incomplete if wanted(i.letter)]
    if args.action == "list":
        for (stage, reason), n in Counter((d.stage, d.reason) for d in letters).most_common():
            print(f"{n:6d}  {stage:8s} {reason}")
        for d in letters[-args.show:]:
            print(f"  {_letter_line(d)}: {d.error[:160]}")
        for i in incomplete:
            print(f"  INCOMPLETE {_letter_line(i.letter)}: {i.why} (not replayed)")
        return 0
    result = asyncio.run(resend_dead_letters(bootstrap, letters, settings.max_message_bytes, settings.kafka_client()))
    for d, why in result.skipped:
        print(f"  skipped {_letter_line(d)}: {why}")
    for i in incomplete:
        print(f"  skipped {_letter_line(i.letter)}: {i.why}")
    print(f"re-sent {result.sent} dead letter(s) to their source topics; "
          f"skipped {len(result.skipped) + len(incomplete)}")
    return 0 if not (result.skipped or incomplete) else 1


def _letter_line(d: Any) -> str:
    """One dead letter in a line: when, where from, how large and in how many records it was written."""
    return (
        f"{d.failed_at:%Y-%m-%d %H:%M:%S} {d.stage} {d.reason} {d.source_topic}[{d.source_partition}]@"
        f"{d.source_offset} {d.size} bytes in {d.parts} part(s) [{d.letter_id}]"
    )


def cmd_schemas(args: argparse.Namespace) -> int:
    from schemas.jsonschema import export

    for path in export(Path(args.out)):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitrep", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--broker", help="kafka://host:port; default: SITREP_BROKER, else the embedded broker")
        p.add_argument("--data-dir", type=Path, help="where tables and broker logs live (SITREP_DATA_DIR)")

    def meta(p: argparse.ArgumentParser) -> None:
        p.add_argument("--outlet", help="outlet for articles that do not name one")
        p.add_argument("--published-at", help="publication date for articles that do not give one")
        p.add_argument("--language", help="language for articles that do not give one")

    p = sub.add_parser("worker", help="run the Faust worker: extract, resolve and project agents plus the web view")
    common(p)
    p.add_argument("--web-port", type=int)
    p.add_argument("--partitions", type=int)
    p.add_argument("--embedded", action="store_true", help=argparse.SUPPRESS)  # the URL is an embedded Tansu
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("up", help="start broker, worker and web view; optionally push articles; print the URL")
    common(p)
    p.add_argument("--web-port", type=int)
    p.add_argument("--push", nargs="*", default=[], help="files or directories to push once the worker is ready")
    p.add_argument("--exit-after-push", action="store_true", help="stop once the pushed articles are in the table")
    p.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for the worker and the table")
    p.set_defaults(func=cmd_up)

    p = sub.add_parser("push", help="send .txt/.html/.json/.jsonl files or directories, or RSS/Atom feeds, to the raw topic")
    common(p)
    meta(p)
    p.add_argument("paths", nargs="*", type=Path)
    p.add_argument("--feed", action="append", default=[], metavar="URL_OR_FILE",
                   help="an RSS or Atom feed (http(s) URL or file) whose entries become articles; repeatable")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("replay", help="run extraction and resolution in one process; write the incident table")
    meta(p)
    p.add_argument("inputs", nargs="+", type=Path)
    p.add_argument("--out", help="output JSONL (default: stdout)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("tail", help="print incident changes from sitrep.incidents.v1 as they happen")
    common(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--from-start", action="store_true", help="start from the oldest record, not the newest")
    p.set_defaults(func=cmd_tail)

    p = sub.add_parser("export", help="write the current incident table as CSV, JSONL or GeoJSON")
    common(p)
    p.add_argument("--format", choices=["csv", "jsonl", "geojson"], default="csv")
    p.add_argument("--from", dest="source", help="a replay JSONL instead of the live compacted topic")
    p.add_argument("--out", help="output file (default: stdout)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("deadletters", help="list dead letters, or re-send them to their source topic after a fix")
    common(p)
    p.add_argument("action", choices=["list", "replay"])
    p.add_argument("--stage")
    p.add_argument("--reason")
    p.add_argument("--show", type=int, default=10, help="how many recent letters to print with list")
    p.set_defaults(func=cmd_deadletters)

    p = sub.add_parser("schemas", help="export the JSON Schema of every topic's value")
    p.add_argument("--out", default="schemas/jsonschema")
    p.set_defaults(func=cmd_schemas)

    sub.add_parser("eval", help="score extraction and resolution on the corpora (seeds, gvc, gva); see `sitrep eval -h`")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:
        # The evaluator owns its options (--sets, --json, --explain ...); argparse would claim them first.
        from streams.evaluate import main as evaluate_main

        return evaluate_main(argv[1:])
    args = build_parser().parse_args(argv)
    level = os.environ.get("SITREP_LOG_LEVEL", "info").upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

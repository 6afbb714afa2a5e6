"""`sitrep push`: reads article files (streams/ingest.py) and RSS/Atom feeds (streams/feeds.py) and writes them to
`sitrep.articles.raw.v1`, keyed by article id; shows a progress bar on a terminal and prints what was sent,
skipped and rejected, with reasons."""
from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from schemas import codec
from schemas.article import RawArticle
from schemas.topics import ARTICLES_RAW
from streams.ingest import SUFFIXES, Rejected, read_articles

# Below this many records a progress bar is noise; tqdm's delay hides it for quick pushes anyway.
PROGRESS_DELAY_SECONDS = 1.0


@dataclass(frozen=True)
class Skipped(Rejected):
    """A valid record left out because sending it would change nothing."""


@dataclass
class PushSummary:
    sent: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0

    def render(self) -> str:
        lines = [
            f"sent {self.sent} article(s) to {ARTICLES_RAW.name} in {self.seconds:.1f}s; "
            f"skipped {len(self.skipped)}; rejected {len(self.rejected)}"
        ]
        for kind, items in (("skipped", self.skipped), ("rejected", self.rejected)):
            for reason, n in Counter(r.reason.split(":")[0] for r in items).most_common():
                lines.append(f"  {kind} {n} x {reason}")
        for r in self.rejected[:10]:
            lines.append(f"    {r.source}: {r.reason}")
        return "\n".join(lines)


def estimate_total(paths: Iterable[Path]) -> int | None:
    """How many records the paths hold (JSONL lines, files), for the progress bar; None when unknown."""
    total = 0
    for path in paths:
        path = Path(path)
        if path.is_dir():
            jsonl = sorted(path.glob("*.jsonl"))
            files = jsonl or [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES]
            sub = estimate_total(files)
            if sub is None:
                return None
            total += sub
        elif path.suffix.lower() == ".jsonl" and path.is_file():
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        elif path.suffix.lower() == ".json":
            return None  # a JSON array: counting it means parsing it twice
        else:
            total += 1
    return total


def dedupe(items: Iterable[RawArticle | Rejected]) -> Iterator[RawArticle | Rejected | Skipped]:
    """Drops an article already seen in this input with the same id and content: the extractor would ignore it."""
    seen: set[tuple[str, str]] = set()
    for item in items:
        if isinstance(item, RawArticle):
            key = (item.article_id, item.content_hash)
            if key in seen:
                yield Skipped(item.article_id, "duplicate in this input (same id and content)")
                continue
            seen.add(key)
        yield item


def _progress(total: int | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, delay=PROGRESS_DELAY_SECONDS, dynamic_ncols=True)


async def push(
    paths: list[Path],
    bootstrap: str,
    defaults: dict[str, Any],
    feeds: list[str] | None = None,
    client: dict[str, Any] | None = None,
) -> PushSummary:
    from streams.feeds import read_feed

    summary = PushSummary()
    started = time.monotonic()
    feeds = feeds or []
    sources = chain(read_articles(paths, defaults), *(read_feed(f, defaults) for f in feeds))
    bar = _progress(None if feeds else estimate_total(paths)) if sys.stderr.isatty() else None
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=20, max_request_size=8_000_000,
        **(client or {}),  # a secured cluster's arguments (Settings.kafka_client)
    )
    await producer.start()
    try:
        pending = []
        for item in dedupe(sources):
            if bar is not None:
                bar.update(1)
            if isinstance(item, Rejected):
                (summary.skipped if isinstance(item, Skipped) else summary.rejected).append(item)
                continue
            if item.received_at is None:
                item = item.model_copy(update={"received_at": datetime.now(timezone.utc)})
            key = item.article_id.encode()
            value = codec.dumps(item.model_dump(mode="json", exclude_none=True))
            pending.append(await producer.send(ARTICLES_RAW.name, value=value, key=key))
            summary.sent += 1
        for fut in pending:
            await fut
    finally:
        if bar is not None:
            bar.close()
        await producer.stop()
    summary.seconds = time.monotonic() - started
    return summary

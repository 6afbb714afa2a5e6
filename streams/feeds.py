"""RSS/Atom feed adapter for `sitrep push --feed URL_OR_FILE`: reads a feed (an http(s) URL or a local file) with
feedparser and yields one RawArticle per entry, or a Rejected with its reason.

Reads: the feed. Writes: nothing (streams/push.py sends what this yields). The mapping from a parsed feed to
articles (`articles_from_feed`, `entry_to_article`) is pure, so it is tested on feed XML written for the tests.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
from pydantic import ValidationError

from schemas.article import RawArticle
from streams.ingest import Rejected

HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "sitrep-feed/0.1"


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def outlet_of(link: str | None) -> str | None:
    """The outlet is the host of the feed's site: `https://www.example.org/news` -> `example.org`."""
    if not link or not is_url(link):
        return None
    host = (urlsplit(link).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def _when(entry: Mapping[str, Any]) -> datetime | None:
    # feedparser normalises every date format it knows to a UTC struct_time.
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    return None


def _body(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """("html" | "text", value): the full content when the feed carries it, else the summary."""
    candidates: list[Mapping[str, Any]] = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    detail = entry.get("summary_detail")
    if detail and (detail.get("value") or "").strip():
        candidates.append(detail)
    elif (entry.get("summary") or "").strip():
        candidates.append({"value": entry["summary"], "type": "text/html"})
    if not candidates:
        return None
    # The longest body is the article; a feed with both puts a teaser in the summary.
    best = max(candidates, key=lambda c: len(c.get("value") or ""))
    kind = "html" if (best.get("type") or "text/html").lower() in HTML_TYPES else "text"
    return kind, best["value"]


def _language(value: str | None) -> str | None:
    # Feeds say "en-us" or "en_GB"; the extractor compares the primary subtag.
    if not value:
        return None
    return value.replace("_", "-").split("-")[0].strip().lower()[:16] or None


def entry_to_article(
    entry: Mapping[str, Any], feed: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> RawArticle:
    """Maps one parsed entry to a RawArticle; raises ValueError (pydantic's ValidationError) when it has no body."""
    link = entry.get("link") or None
    url = link if link and is_url(link) else None
    body = _body(entry)
    fields: dict[str, Any] = {
        "id": entry.get("id") or url,
        "url": url,
        "title": (entry.get("title") or "").strip() or None,
        "published_at": _when(entry),
        "outlet": outlet_of(feed.get("link")) or outlet_of(url),
        "language": _language(entry.get("language") or feed.get("language")),
    }
    if body is not None:
        fields[body[0]] = body[1]
    for key, value in (defaults or {}).items():
        if value is not None and fields.get(key) is None:
            fields[key] = value
    return RawArticle.model_validate({k: v for k, v in fields.items() if v is not None})


def articles_from_feed(
    parsed: Mapping[str, Any], source: str, defaults: Mapping[str, Any] | None = None
) -> list[RawArticle | Rejected]:
    """Every entry of a parsed feed as an article, or a Rejected naming the entry and why."""
    entries = parsed.get("entries") or []
    if not entries and parsed.get("bozo"):
        return [Rejected(source, f"not an RSS/Atom feed: {parsed.get('bozo_exception')}")]
    feed = parsed.get("feed") or {}
    out: list[RawArticle | Rejected] = []
    for i, entry in enumerate(entries):
        label = f"{source}#{entry.get('id') or entry.get('link') or i}"
        try:
            out.append(entry_to_article(entry, feed, defaults))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"])) or "entry"
            out.append(Rejected(label, f"{where}: {first['msg']}"))
    return out


def parse_feed(source: str) -> Any:
    """Fetches (http/https) or reads (a file) and parses. A local file is read as bytes so that feedparser never
    takes a path for a URL or a string of XML."""
    if is_url(source):
        return feedparser.parse(source, agent=USER_AGENT)
    return feedparser.parse(Path(source).read_bytes())


def read_feed(source: str, defaults: Mapping[str, Any] | None = None) -> Iterator[RawArticle | Rejected]:
    try:
        parsed = parse_feed(source)
    except OSError as exc:
        yield Rejected(source, f"cannot read feed: {exc}")
        return
    status = parsed.get("status")
    if isinstance(status, int) and status >= 400:
        yield Rejected(source, f"HTTP {status}")
        return
    yield from articles_from_feed(parsed, source, defaults)

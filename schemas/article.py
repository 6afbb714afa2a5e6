"""The raw article a producer writes to `sitrep.articles.raw.v1`, and how its id and content hash are derived."""
from __future__ import annotations

import hashlib
import re
import uuid
from datetime import date, datetime, time, timezone
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1
# Namespace for every uuid5 sitrep derives; fixed forever so ids are stable across releases.
SITREP_NS = uuid.UUID("6d1c1f0e-5b8a-4f0e-9a51-3c2f4b7e9d10")

# Extraction runs on the worker's event loop, about 7 s per MB of text: a cap keeps one record from stalling it.
# The longest real article in the corpora is 58 K characters; 300 K is a long report, anything larger a feed fault.
MAX_TEXT_CHARS = 300_000
MAX_HTML_BYTES = 5_000_000
# Opening tags in a row with nothing but whitespace between them. Real pages nest a few dozen deep; parsers give
# up silently near 256 (libxml2), so a page past this is a nesting bomb, not an article.
MAX_HTML_OPEN_RUN = 1000
# A maximal run of opening tags (each at most 256 chars inside; void and self-closed tags such as <br> or <img/>
# open nothing, so they are left out); one regex pass, no backtracking across runs.
_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
_OPEN_TAG_RUN = re.compile(rf"(?:<(?!(?:{_VOID})\b)[A-Za-z][^<>]{{0,256}}(?<!/)>\s*){{2,}}", re.I)


def longest_open_tag_run(html: str) -> int:
    """The most opening tags that follow each other with no text between them (runs shorter than 2 count as 0)."""
    return max((m.group().count("<") for m in _OPEN_TAG_RUN.finditer(html)), default=0)


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(SITREP_NS, "\x1f".join("" if p is None else str(p) for p in parts)))


def content_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _as_utc(value: datetime | date | str | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            value = date.fromisoformat(text[:10])
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.combine(value, time(0, 0), tzinfo=timezone.utc)


class RawArticle(BaseModel):
    """One article as a producer sends it: text or HTML, with whatever metadata the feed has."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    id: Annotated[str, Field(min_length=1, max_length=512)] | None = None
    url: Annotated[str, Field(max_length=4096)] | None = None
    outlet: Annotated[str, Field(max_length=512)] | None = None
    title: Annotated[str, Field(max_length=4096)] | None = None
    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)] | None = None
    html: Annotated[str, Field(max_length=MAX_HTML_BYTES)] | None = None
    published_at: datetime | None = None
    language: Annotated[str, Field(max_length=16)] | None = None
    received_at: datetime | None = None

    @field_validator("published_at", "received_at", mode="before")
    @classmethod
    def _utc(cls, value: object) -> object:
        if value is None or isinstance(value, (datetime, date, str)):
            try:
                return _as_utc(value)  # type: ignore[arg-type]
            except ValueError as exc:
                raise ValueError(f"not an ISO date or datetime: {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _has_body(self) -> "RawArticle":
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("article has neither text nor html")
        if self.html and longest_open_tag_run(self.html) > MAX_HTML_OPEN_RUN:
            raise ValueError(f"html nests more than {MAX_HTML_OPEN_RUN} tags deep without text (an HTML bomb)")
        return self

    @property
    def body(self) -> str:
        return self.text if self.text and self.text.strip() else (self.html or "")

    @property
    def article_id(self) -> str:
        """Producer id, else a hash of the URL, else of the body: redelivery maps to the same id."""
        if self.id:
            return self.id
        if self.url:
            return "url:" + content_hash(self.url.strip().lower())
        return "txt:" + content_hash(self.body)

    @property
    def content_hash(self) -> str:
        return content_hash((self.title or "") + "\n" + self.body)

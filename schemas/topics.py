"""Every topic sitrep reads or writes, declared once: name, key, value model, partitions, cleanup policy.

Agents, the CLI, tests and the JSON Schema export all read this registry; nothing else spells a topic name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter

from schemas.article import RawArticle
from schemas.claim import ArticleSkipped, Claim, ClaimRetraction
from schemas.deadletter import DeadLetter
from schemas.incident import EventEnvelope, Incident


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str  # what the key is, in words: consumers read this
    value: Any  # a pydantic model or a union of them
    partitions: int
    cleanup: str  # "delete" or "compact"
    doc: str

    def schema(self) -> dict:
        if isinstance(self.value, type) and issubclass(self.value, BaseModel):
            return self.value.model_json_schema(mode="serialization")
        return TypeAdapter(self.value).json_schema(mode="serialization")


ARTICLES_RAW = TopicSpec(
    "sitrep.articles.raw.v1", "article id", RawArticle, 4, "delete", "Raw articles, as producers send them."
)
CLAIMS = TopicSpec(
    "sitrep.claims.v1",
    "blocking key (country): claims that may be one incident meet in one partition",
    Claim | ClaimRetraction | ArticleSkipped,
    4,
    "delete",
    "One claim per attack an article reports; retractions when an article is revised; skipped articles with why.",
)
INCIDENT_EVENTS = TopicSpec(
    "sitrep.incidents.events.v1",
    "incident id",
    EventEnvelope,
    4,
    "delete",
    "Append-only incident events; the incident table is their fold.",
)
INCIDENTS = TopicSpec(
    "sitrep.incidents.v1",
    "incident id",
    Incident,
    4,
    "compact",
    "The full incident after each change; a tombstone (null value) when it is merged into another.",
)
DEADLETTER = TopicSpec(
    "sitrep.deadletter.v1",
    "the original key (base64), else the letter id: every part of a letter has the same key",
    DeadLetter,
    1,
    "delete",
    "Anything that could not be processed: the original bytes, the stage, the error and the source offset. An "
    "original too large for one record is split into parts (same letter_id, part 1..parts, in order), each with "
    "its slice of the original in value_b64.",
)

ALL: tuple[TopicSpec, ...] = (ARTICLES_RAW, CLAIMS, INCIDENT_EVENTS, INCIDENTS, DEADLETTER)

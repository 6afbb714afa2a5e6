"""Incident events (`sitrep.incidents.events.v1`) and the incident record (`sitrep.incidents.v1`, the public table)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.article import SCHEMA_VERSION, stable_id
from schemas.claim import AttackType, Claim, PerpetratorStatus, PlacePrecision, Precision, Responsibility, read_status


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- events
class _Event(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    event_id: str
    incident_id: str  # the key: every event applies to exactly one incident


class IncidentCreated(_Event):
    type: Literal["incident_created"] = "incident_created"
    claim: Claim


class ClaimAttached(_Event):
    type: Literal["claim_attached"] = "claim_attached"
    claim: Claim
    score: float | None = None
    reason: str = ""


class IncidentAbsorbed(_Event):
    """This incident turned out to be part of `into`; its id stays as an alias of the survivor."""

    type: Literal["incident_absorbed"] = "incident_absorbed"
    into: str
    reason: str


class IncidentMerged(_Event):
    """The survivor takes over an absorbed incident's claims (sent by the projector once it has them)."""

    type: Literal["incident_merged"] = "incident_merged"
    absorbed_id: str
    claims: list[Claim]
    history: list["TollPoint"] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    reason: str


class ClaimsRetracted(_Event):
    type: Literal["claims_retracted"] = "claims_retracted"
    claim_ids: list[str]
    reason: str


IncidentEvent = Annotated[
    Union[IncidentCreated, ClaimAttached, IncidentAbsorbed, IncidentMerged, ClaimsRetracted],
    Field(discriminator="type"),
]


class EventEnvelope(_Model):
    """Wrapper so one topic can carry every event type with validation."""

    event: IncidentEvent


def event_id(kind: str, *keys: object) -> str:
    return stable_id("event", kind, *keys)


def incident_id_for(first_claim_id: str) -> str:
    return stable_id("incident", first_claim_id)


# ---------------------------------------------------------------- the record
class DateRange(_Model):
    start: date | None = None
    end: date | None = None
    precision: Precision | None = None


class IncidentPlace(_Model):
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    site: str | None = None
    precision: PlacePrecision | None = None


class IncidentPerpetrator(_Model):
    status: PerpetratorStatus = "unknown"  # the summary over the statements (schemas.claim.standing)
    claimed_by: str | None = None
    attributed_to: str | None = None
    denied_by: list[str] = Field(default_factory=list)
    statements: list[Responsibility] = Field(default_factory=list)

    @field_validator("status")
    @classmethod
    def _read_status(cls, value: str) -> str:
        return read_status(value)

    def actor(self) -> tuple[str | None, str]:
        """(group, status) for a one-line summary: the group the summary status is about. Records from before the
        status existed say "claimed" or "attributed" by which field is set."""
        status = self.status
        if status == "unknown":
            status = "claimed" if self.claimed_by else "attributed" if self.attributed_to else "unknown"
        if status in ("claimed", "doubted") and self.claimed_by:
            return self.claimed_by, status
        if status in ("attributed", "speculated", "doubted"):
            return self.attributed_to, status
        if status == "denied":
            return (self.denied_by[0] if self.denied_by and self.denied_by[0] != "unnamed" else None), status
        return None, status


class Count(_Model):
    best: int | None = None
    low: int | None = None
    high: int | None = None


class ClaimFigure(_Model):
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None


class IncidentClaim(_Model):
    """A claim as the incident shows it: every figure with its source, nothing overwritten."""

    claim_id: str
    article_id: str
    outlet: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    primary: bool = False
    killed: ClaimFigure | None = None
    wounded: ClaimFigure | None = None
    casualties: ClaimFigure | None = None
    attackers_killed: int | None = None
    source: str | None = None
    quote: str = ""
    date: DateRange = Field(default_factory=DateRange)
    place: IncidentPlace = Field(default_factory=IncidentPlace)
    attack_type: AttackType = "other"
    perpetrator: IncidentPerpetrator = Field(default_factory=IncidentPerpetrator)
    retracted: bool = False


class TollPoint(_Model):
    """One step of the toll's history: a figure as published, by whom, when."""

    published_at: datetime | None = None
    claim_id: str
    article_id: str
    outlet: str | None = None
    kind: Literal["killed", "wounded", "casualties"]
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    source: str | None = None
    retracted: bool = False


class IncidentArticle(_Model):
    article_id: str
    outlet: str | None = None
    url: str | None = None
    primary: bool = False


class MergeRecord(_Model):
    absorbed_id: str
    reason: str


class Incident(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    incident_id: str
    version: int = 0
    date: DateRange = Field(default_factory=DateRange)
    place: IncidentPlace = Field(default_factory=IncidentPlace)
    attack_type: AttackType = "other"
    perpetrator: IncidentPerpetrator = Field(default_factory=IncidentPerpetrator)
    killed: Count = Field(default_factory=Count)
    wounded: Count = Field(default_factory=Count)
    attackers_killed: int | None = None
    conflicting: bool = False
    independent_sources: int = 0
    articles: list[IncidentArticle] = Field(default_factory=list)  # those of the claims listed below
    articles_total: int = 0  # standing articles in all; more than listed only on a very large incident
    claims: list[IncidentClaim] = Field(default_factory=list)  # every claim, or the newest (streams/incidents/fold.py)
    claims_total: int = 0
    history: list[TollPoint] = Field(default_factory=list)  # the toll points of the listed claims
    aliases: list[str] = Field(default_factory=list)
    merges: list[MergeRecord] = Field(default_factory=list)
    merged_into: str | None = None  # set on the absorbed side; such a record is a tombstone on the table topic
    updated_at: datetime | None = None  # newest publication time among its claims (event time, not wall time)


IncidentMerged.model_rebuild()

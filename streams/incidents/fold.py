"""The incident fold: reads incident events (`sitrep.incidents.events.v1`), writes incident state and the record.

`apply(state, event)` is pure and idempotent (an event whose effect is already in the state changes nothing;
`version` grows by one per real change). `follow_ups` turns an absorption into the merge event that hands the
absorbed incident's claims to the survivor. `to_record` derives the public `Incident` (schemas/incident.py).
"""
from __future__ import annotations

from datetime import datetime, timezone

from pydantic import BaseModel, ConfigDict, Field

from schemas.claim import Claim
from schemas.incident import (
    ClaimAttached,
    ClaimFigure,
    ClaimsRetracted,
    Incident,
    IncidentAbsorbed,
    IncidentArticle,
    IncidentClaim,
    IncidentCreated,
    IncidentEvent,
    IncidentMerged,
    IncidentPerpetrator,
    IncidentPlace,
    DateRange,
    MergeRecord,
    TollPoint,
    event_id,
)
from streams.incidents.reconcile import history as toll_history
from streams.incidents.reconcile import reconcile, statements_of
from streams.resolve.score import NEAR_DUP_JACCARD, near_duplicate


class IncidentState(BaseModel):
    """Everything the fold keeps per incident: full claims (retracted ones too), aliases, merges, version."""

    model_config = ConfigDict(extra="forbid")

    incident_id: str
    version: int = 0
    claims: dict[str, Claim] = Field(default_factory=dict)
    retracted: list[str] = Field(default_factory=list)
    carried_history: list[TollPoint] = Field(default_factory=list)  # points handed over whose claims we lack
    aliases: list[str] = Field(default_factory=list)
    merges: list[MergeRecord] = Field(default_factory=list)
    merged_into: str | None = None


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _point_key(point: TollPoint) -> tuple:
    return (point.published_at or _EPOCH, point.claim_id, point.kind)


def _bump(state: IncidentState, **changes: object) -> IncidentState:
    return state.model_copy(update={**changes, "version": state.version + 1})


def _with_claim(state: IncidentState, claim: Claim) -> IncidentState:
    if claim.claim_id in state.claims:
        return state
    claims = dict(state.claims)
    claims[claim.claim_id] = claim
    return _bump(state, claims=dict(sorted(claims.items())))


def apply(state: IncidentState | None, event: IncidentEvent) -> IncidentState | None:
    if isinstance(event, IncidentCreated):
        base = state or IncidentState(incident_id=event.incident_id)
        return _with_claim(base, event.claim)
    if isinstance(event, ClaimAttached):
        base = state or IncidentState(incident_id=event.incident_id)
        if base.merged_into is not None:
            return base  # forwarded to the survivor by follow_ups
        return _with_claim(base, event.claim)
    if state is None:
        if isinstance(event, IncidentMerged):
            state = IncidentState(incident_id=event.incident_id)
        else:
            return None  # nothing to absorb or retract
    if isinstance(event, IncidentAbsorbed):
        if state.merged_into == event.into:
            return state
        # The survivor receives the claims through IncidentMerged; the tombstone keeps only where it went.
        return _bump(
            state,
            claims={},
            retracted=[],
            carried_history=[],
            merged_into=event.into,
            merges=state.merges + [MergeRecord(absorbed_id=state.incident_id, reason=f"absorbed into {event.into}: {event.reason}")],
        )
    if isinstance(event, IncidentMerged):
        if state.merged_into is not None:
            return state
        new_claims = {c.claim_id: c for c in event.claims if c.claim_id not in state.claims}
        new_aliases = sorted(set(state.aliases) | {event.absorbed_id} | set(event.aliases))
        known_points = {(p.claim_id, p.kind) for p in state.carried_history}
        claim_ids = set(state.claims) | set(new_claims)
        carried = [p for p in event.history if p.claim_id not in claim_ids and (p.claim_id, p.kind) not in known_points]
        merged_before = any(m.absorbed_id == event.absorbed_id for m in state.merges)
        if not new_claims and new_aliases == state.aliases and not carried and merged_before:
            return state
        merges = state.merges if merged_before else state.merges + [MergeRecord(absorbed_id=event.absorbed_id, reason=event.reason)]
        return _bump(
            state,
            claims=dict(sorted({**state.claims, **new_claims}.items())),
            aliases=new_aliases,
            carried_history=sorted(state.carried_history + carried, key=_point_key),
            merges=merges,
        )
    if isinstance(event, ClaimsRetracted):
        if state.merged_into is not None:
            return state
        hits = {cid for cid in event.claim_ids if cid in state.claims} - set(state.retracted)
        if not hits:
            return state
        return _bump(state, retracted=sorted(set(state.retracted) | hits))
    raise TypeError(f"unknown incident event {type(event).__name__}")


def follow_ups(before: IncidentState | None, event: IncidentEvent) -> list[IncidentEvent]:
    """Events the fold of `event` on `before` calls for: a merge for the survivor, or forwarding to it."""
    if isinstance(event, IncidentAbsorbed):
        if before is None or before.merged_into is not None:
            return []
        out: list[IncidentEvent] = [
            IncidentMerged(
                event_id=event_id("merged", event.into, event.incident_id),
                incident_id=event.into,
                absorbed_id=event.incident_id,
                claims=list(before.claims.values()),
                history=toll_history(before.claims.values(), set(before.retracted)) + before.carried_history,
                aliases=before.aliases,
                reason=event.reason,
            )
        ]
        if before.retracted:
            out.append(
                ClaimsRetracted(
                    event_id=event_id("retracted-carried", event.into, event.incident_id),
                    incident_id=event.into,
                    claim_ids=list(before.retracted),
                    reason=f"retracted in {event.incident_id} before it was merged",
                )
            )
        return out
    if before is not None and before.merged_into is not None:
        # A late event addressed to an absorbed id goes on to the survivor.
        if isinstance(event, ClaimAttached):
            return [event.model_copy(update={"incident_id": before.merged_into, "event_id": event_id("forward", before.merged_into, event.event_id)})]
        if isinstance(event, ClaimsRetracted):
            return [event.model_copy(update={"incident_id": before.merged_into, "event_id": event_id("forward", before.merged_into, event.event_id)})]
    return []


def _figure(toll) -> ClaimFigure | None:  # type: ignore[no-untyped-def]
    if toll is None or (toll.low is None and toll.high is None):
        return None
    return ClaimFigure(low=toll.low, high=toll.high, qualifier=toll.qualifier)


def incident_claim(claim: Claim, retracted: bool) -> IncidentClaim:
    return IncidentClaim(
        claim_id=claim.claim_id,
        article_id=claim.article_id,
        outlet=claim.outlet,
        url=claim.url,
        published_at=claim.published_at,
        primary=claim.primary,
        killed=_figure(claim.killed),
        wounded=_figure(claim.wounded),
        casualties=_figure(claim.casualties),
        attackers_killed=claim.perpetrator.attackers_killed,
        source=claim.source,
        quote=claim.quote,
        date=DateRange(start=claim.date.start, end=claim.date.end, precision=claim.date.precision),
        place=IncidentPlace(
            country=claim.place.country, admin1=claim.place.admin1, city=claim.place.city,
            site=claim.place.site, precision=claim.place.precision,
        ),
        attack_type=claim.attack_type,
        perpetrator=IncidentPerpetrator(
            status=claim.perpetrator.status,
            claimed_by=claim.perpetrator.claimed_by,
            attributed_to=claim.perpetrator.attributed_to,
            denied_by=list(claim.perpetrator.denied_by),
            statements=statements_of(claim.perpetrator),
        ),
        retracted=retracted,
    )


def _bands(fingerprint: list[int]) -> list[tuple[int, tuple[int, ...]]]:
    """Disjoint slices of a signature, one more than the slots two near-duplicates may differ in: by pigeonhole such
    a pair agrees on at least one whole slice, so comparing only articles that share a slice finds every pair."""
    size = len(fingerprint)
    count = int(size * (1 - NEAR_DUP_JACCARD) + 1e-9) + 1
    rows = max(1, size // count)
    return [(i, tuple(fingerprint[i * rows : (i + 1) * rows])) for i in range(min(count, size))]


def independent_sources(claims: list[Claim]) -> int:
    """Distinct near-duplicate groups among the articles (connected components, so order cannot matter).

    Articles with the same text are one group outright; the rest are compared only with articles sharing a band of
    their signature (`_bands`), so a story reported hundreds of times costs about as many comparisons as reports.
    """
    by_article: dict[str, Claim] = {}
    for claim in sorted(claims, key=lambda c: c.claim_id):
        by_article.setdefault(claim.article_id, claim)
    ids = sorted(by_article)
    parent = {a: a for a in ids}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of_text: dict[str, str] = {}
    for a in ids:
        union(a, first_of_text.setdefault(by_article[a].article_hash, a))
    texts = sorted(first_of_text.values())
    buckets: dict[tuple[int, tuple[int, ...]], list[str]] = {}
    for a in texts:
        fingerprint = by_article[a].text_fingerprint
        if fingerprint:
            for band in _bands(fingerprint):
                buckets.setdefault(band, []).append(a)
    compared: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) in compared:
                    continue
                compared.add((a, b))
                if near_duplicate(by_article[a].text_fingerprint, by_article[b].text_fingerprint):
                    union(a, b)
    return len({root(a) for a in ids})


RECORD_CLAIMS = 200  # claims listed on a published record: about 300 KB, well inside Kafka's 1 MB default


def to_record(state: IncidentState | None, limit: int | None = RECORD_CLAIMS) -> Incident | None:
    """The public record. Figures, date, place and sources are always derived from every claim; the lists of
    claims, articles and history points hold the `limit` most recently published claims (None: all), and
    `claims_total`/`articles_total` say how many there are. An incident reported thousands of times would
    otherwise outgrow a Kafka record; its every claim stays on the events topic and on the incident page."""
    if state is None:
        return None
    if state.merged_into is not None:
        return Incident(incident_id=state.incident_id, version=state.version, merged_into=state.merged_into, merges=state.merges)
    retracted = set(state.retracted)
    claims = list(state.claims.values())
    standing = [c for c in claims if c.claim_id not in retracted]
    rec = reconcile(claims, retracted)
    listed = claims
    hist = sorted(rec.history + state.carried_history, key=_point_key)
    if limit is not None and len(claims) > limit:
        listed = sorted(claims, key=lambda c: (c.published_at or _EPOCH, c.claim_id))[-limit:]
        kept = {c.claim_id for c in listed}
        listed = [c for c in claims if c.claim_id in kept]  # in the state's (claim id) order, like a full list
        hist = [p for p in rec.history if p.claim_id in kept]
    articles: dict[str, IncidentArticle] = {}
    for claim in sorted(standing, key=lambda c: (c.article_id, not c.primary, c.claim_id)):
        if claim.article_id not in articles:
            articles[claim.article_id] = IncidentArticle(
                article_id=claim.article_id, outlet=claim.outlet, url=claim.url, primary=claim.primary
            )
    articles_total = len(articles)
    if len(listed) < len(claims):
        shown = {c.article_id for c in listed}
        articles = {a: art for a, art in articles.items() if a in shown}
    published = [c.published_at for c in claims if c.published_at is not None]
    return Incident(
        incident_id=state.incident_id,
        version=state.version,
        date=rec.date,
        place=rec.place,
        attack_type=rec.attack_type,  # type: ignore[arg-type]
        perpetrator=rec.perpetrator,
        killed=rec.killed,
        wounded=rec.wounded,
        attackers_killed=rec.attackers_killed,
        conflicting=rec.conflicting,
        independent_sources=independent_sources(standing),
        articles=list(articles.values()),
        articles_total=articles_total,
        claims=[incident_claim(c, c.claim_id in retracted) for c in listed],
        claims_total=len(claims),
        history=hist,
        aliases=list(state.aliases),
        merges=list(state.merges),
        updated_at=max(published) if published else None,
    )

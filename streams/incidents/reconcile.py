"""Reconciled incident fields: reads an incident's claims (and which are retracted), writes figures and attributes.

Pure functions; nothing here is overwritten or stored. The incident's killed/wounded `best/low/high`,
`conflicting`, toll history, attackers, date, place, attack type and perpetrator are derived from its claims on
every change, with deterministic tie-breaks so the order claims arrived in never changes the answer.

Rule for `best` (per kind, victims only): the latest point figure from the most authoritative source class
(officials > unattributed/press > perpetrator claims); "at least N", subsets and other open-ended figures are
lower bounds only, and best is raised to the largest credible lower bound; casualties that mix killed and
wounded set neither killed nor wounded.

Died of wounds: each victim is counted once, by outcome. A claim that counts fewer dead than the incident's best
stated killed figure (implied deaths do not count here) had those victims among its wounded or had not heard of the
deaths yet, so its wounded figure is lowered by the difference, never below zero, before wounded best/low/high are
taken. The claim itself and the toll history keep the figure as published.

Outliers: a figure from a passing mention (a non-primary claim) that is far larger than every other figure of the
same kind for the incident — more than OUTLIER_FACTOR times and OUTLIER_MARGIN above the largest of the others,
or more than OUTLIER_MARGIN when the incident's own articles (primary claims) state no figure of that kind — is
most likely a different count (a city's yearly total, "over 3,000 people shot this year", or a different attack)
and sets none of best/low/high nor `conflicting`. It stays in the claims and the toll history, flagged nowhere and
lost nowhere. An article about the attack (a primary claim) is never set aside this way.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timezone

from pydantic import BaseModel, ConfigDict, Field

from schemas.claim import PUBLICATION_DATE, STORY_DATE, Claim, Perpetrator, Responsibility, Toll, standing
from schemas.incident import Count, DateRange, IncidentPerpetrator, IncidentPlace, TollPoint
from streams.extract.places import largest_county_town, part_of_city

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LATEST = datetime.max.replace(tzinfo=timezone.utc)  # an undated report is the last on a tie

# Source classes, most authoritative last so max() picks it.
PERPETRATOR, PRESS, OFFICIAL = 0, 1, 2
_OFFICIAL = re.compile(
    r"\b(police|sheriff|officials?|ministry|minister|spokes(?:man|woman|person)|authorit(?:y|ies)|government|"
    r"hospital|coroner|medical examiner|health|governor|mayor|prosecutor|department|army|military|un\b|united nations)",
    re.I,
)
_PERPETRATOR = re.compile(r"\b(claim(?:ed)?|amaq|islamic state|taliban|militants?|insurgents?|group said)\b", re.I)

OUTLIER_FACTOR = 5
OUTLIER_MARGIN = 20

_PLACE_LEVELS = ("site", "district", "city", "admin1", "country")
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
_AGO = re.compile(r"\bago\b", re.I)


class Reconciled(BaseModel):
    model_config = ConfigDict(extra="forbid")

    killed: Count = Field(default_factory=Count)
    wounded: Count = Field(default_factory=Count)
    conflicting: bool = False
    attackers_killed: int | None = None
    history: list[TollPoint] = Field(default_factory=list)
    date: DateRange = Field(default_factory=DateRange)
    place: IncidentPlace = Field(default_factory=IncidentPlace)
    attack_type: str = "other"
    perpetrator: IncidentPerpetrator = Field(default_factory=IncidentPerpetrator)


def source_class(source: str | None) -> int:
    """Officials beat the press, the press beats a perpetrator's own claim (which tends to inflate)."""
    if not source:
        return PRESS
    if _PERPETRATOR.search(source) and not _OFFICIAL.search(source):
        return PERPETRATOR
    return OFFICIAL if _OFFICIAL.search(source) else PRESS


def _when(claim: Claim) -> datetime:
    return claim.published_at or _EPOCH


def _is_lower_bound(toll: Toll) -> bool:
    qualifier = (toll.qualifier or "").lower()
    return toll.high is None or "subset" in qualifier or any(
        q in qualifier for q in ("at least", "over", "more than", "dozens", "scores", "hundreds", "+")
    )


def _is_subset(toll: Toll) -> bool:
    return "subset" in (toll.qualifier or "").lower()


def _point(toll: Toll) -> int | None:
    """A closed figure's value: its low end for a range ("10 to 15" -> 10, the figure every source stands behind)."""
    if toll.low is None:
        return toll.high
    return toll.low


def _value(toll: Toll) -> int:
    return (toll.low if toll.low is not None else toll.high) or 0


def outliers(tolls: list[tuple[Claim, Toll]], has_primary: bool = False) -> set[str]:
    """Claim ids whose figure is a passing mention's figure far above every other figure (see the module doc).

    With no other figure, the articles about the attack (if any) stating none count as a zero to compare with.
    """
    # The largest figure among the others is the overall top unless the claim holds it, then the runner-up:
    # linear in the claims, since big incidents gather hundreds of reports.
    ranked = sorted(((_value(t), c.claim_id) for c, t in tolls), reverse=True)
    out = set()
    for claim, toll in tolls:
        if claim.primary:
            continue
        others = [v for v, cid in ranked[:2] if cid != claim.claim_id]
        if len(tolls) < 2 and not has_primary:
            continue
        top = others[0] if others else 0
        value = _value(toll)
        if value > OUTLIER_FACTOR * top and value > top + OUTLIER_MARGIN:
            out.add(claim.claim_id)
    return out


def count_for(claims: list[Claim], kind: str) -> tuple[Count, bool]:
    """best/low/high of one kind over the standing claims, and whether credible sources disagree."""
    tolls = [(c, getattr(c, kind)) for c in claims if getattr(c, kind) is not None]
    tolls = [(c, t) for c, t in tolls if t.low is not None or t.high is not None]
    set_aside = outliers(tolls, any(c.primary for c in claims))
    tolls = [(c, t) for c, t in tolls if c.claim_id not in set_aside]
    if not tolls:
        return Count(), False
    closed = [(c, t) for c, t in tolls if not _is_lower_bound(t)]
    lows = [t.low if t.low is not None else t.high for _, t in tolls]
    credible = [(c, t) for c, t in tolls if source_class(t.source or c.source) > PERPETRATOR] or tolls
    credible_floor = max((t.low if t.low is not None else t.high) or 0 for _, t in credible)

    best: int | None = None
    if closed:
        top = max(source_class(t.source or c.source) for c, t in closed)
        ranked = sorted(
            (c for c, t in closed if source_class(t.source or c.source) == top),
            key=lambda c: (_when(c), _point(getattr(c, kind)) or 0, c.claim_id),
        )
        best = _point(getattr(ranked[-1], kind))
    best = credible_floor if best is None else max(best, credible_floor)

    full = [(c, t) for c, t in tolls if not _is_subset(t)] or tolls
    low = min((t.low if t.low is not None else t.high) for _, t in full)
    highs = [t.high for _, t in full if t.high is not None] + [x for x in lows if x is not None]
    high = max(highs) if highs else None
    return Count(best=best, low=low, high=max(high, best) if high is not None else best), _conflict(credible)


def died_of_wounds(claims: list[Claim], killed_best: int | None) -> list[Claim]:
    """Claims whose wounded count still holds victims the incident's killed figure has since counted as dead.

    A claim that counts fewer dead than the incident's best killed figure counted the difference among its wounded
    (or had not yet heard of the deaths): its wounded figure is lowered by that many, never below zero.
    """
    if not killed_best:
        return claims
    out = []
    for c in claims:
        if c.wounded is None or (c.wounded.low is None and c.wounded.high is None):
            out.append(c)
            continue
        own = (c.killed.high if c.killed.high is not None else _value(c.killed)) if c.killed is not None else 0
        gap = killed_best - own
        if gap <= 0:
            out.append(c)
            continue
        w = c.wounded
        lowered = w.model_copy(update={
            "low": None if w.low is None else max(0, w.low - gap),
            "high": None if w.high is None else max(0, w.high - gap),
        })
        out.append(c.model_copy(update={"wounded": lowered}))
    return out


def _conflict(tolls: list[tuple[Claim, Toll]]) -> bool:
    """Disagreement = a later figure lower than an earlier one, or two closed figures of the same moment differing.

    Tolls rise as the dead are counted, so a later, higher figure is an update, not a conflict; subsets never conflict.
    Checked in one sweep over the moments in time order (the highest low so far against each moment's lowest closed
    high), so the cost grows with the claims, not with their pairs.
    """
    moments: dict[datetime, tuple[int | None, int | None]] = {}  # moment -> (highest low, lowest closed high)
    for c, t in tolls:
        if _is_subset(t):
            continue
        low = t.low if t.low is not None else t.high
        high = None if _is_lower_bound(t) else (t.high if t.high is not None else t.low)
        top_low, min_high = moments.get(_when(c), (None, None))
        moments[_when(c)] = (
            low if top_low is None or (low is not None and low > top_low) else top_low,
            high if min_high is None or (high is not None and high < min_high) else min_high,
        )
    earlier_low: int | None = None
    for when in sorted(moments):
        top_low, min_high = moments[when]
        if min_high is not None and top_low is not None and top_low > min_high:
            return True  # one moment, two closed figures apart (a figure's own low never passes its high)
        if min_high is not None and earlier_low is not None and min_high < earlier_low:
            return True
        if top_low is not None and (earlier_low is None or top_low > earlier_low):
            earlier_low = top_low
    return False


def history(claims: Iterable[Claim], retracted: set[str]) -> list[TollPoint]:
    """Every figure every claim ever gave, retracted ones kept and flagged, oldest first."""
    points = []
    for claim in claims:
        for kind in ("killed", "wounded", "casualties"):
            toll: Toll | None = getattr(claim, kind)
            if toll is None or (toll.low is None and toll.high is None):
                continue
            points.append(
                TollPoint(
                    published_at=claim.published_at,
                    claim_id=claim.claim_id,
                    article_id=claim.article_id,
                    outlet=claim.outlet,
                    kind=kind,
                    low=toll.low,
                    high=toll.high,
                    qualifier=toll.qualifier,
                    source=toll.source,
                    retracted=claim.claim_id in retracted,
                )
            )
    return sorted(points, key=lambda p: (p.published_at or _EPOCH, p.claim_id, p.kind))


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _norm(value: str | None) -> str | None:
    return value.strip().lower() if value and value.strip() else None


def _is_county(value: str | None) -> bool:
    return bool(value) and value.strip().lower().endswith(" county")  # type: ignore[union-attr]


def _stood_in(claim: Claim) -> bool:
    """The claim's town is its outlet's home, standing in for a text that names none (its place is only as precise
    as the state)."""
    return bool(claim.place.city) and claim.place.precision in ("admin1", "country")


def _named_in(claim: Claim, value: str) -> bool:
    return value in claim.quote.lower() or value in (claim.title or "").lower()


def _most_reported(pool: list[Claim], values: list[str | None]) -> str | None:
    """The value most claims give (values parallel to pool); on a tie, the one more reports name in the attack's own
    passage or headline (a town a report only inherits from its dateline or the article's other attacks is weaker
    than one the passage itself names), then the earliest report's: a follow-up names the court, the victim's home
    town or the county more often than the first report of the scene does."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    first: dict[str, datetime] = {}
    for claim, value in zip(pool, values):
        if value:
            when = claim.published_at or _LATEST
            first[value] = min(first.get(value, when), when)
    top = max(counts.values())
    tied = [v for v in counts if counts[v] == top]
    if len(tied) == 1:
        return tied[0]
    named = {v: sum(_named_in(c, v) for c in pool) for v in tied}  # read only on a tie: it scans every passage
    return min(tied, key=lambda v: (-named[v], first[v], v))


def _big_city_for_its_parts(pool: list[Claim], state: str | None) -> list[Claim]:
    """"Chatham" in one report, "Chicago" in another: a part of a big city that another report names counts for that
    city (as within one text, see places._enclosing_city); the Archive files a big city's shootings under the city."""
    towns = {c.place.city for c in pool if c.place.city and not _is_county(c.place.city)}
    if len(towns) < 2:
        return pool
    whole = {t: next((city for city in sorted(towns) if part_of_city(t, city, state)), None) for t in towns}
    return [
        c.model_copy(update={"place": c.place.model_copy(update={"city": whole[c.place.city]})})
        if whole.get(c.place.city or "") else c
        for c in pool
    ]


def place_of(claims: list[Claim]) -> IncidentPlace:
    """Most common value at each level, each chosen among the claims agreeing with the levels above it (on a tie, the
    earliest report's; for the town, first the one more passages name); a county (named when a report knows no town),
    or an outlet's home standing in for a text that names none, only when no claim names a town; a part of a big city
    counts for the city when another report names it."""
    chosen: dict[str, str | None] = {}
    pool = list(claims)
    for level in ("country", "admin1", "city", "district", "site"):
        if level == "city" and chosen["country"] in (None, "United States"):
            pool = _big_city_for_its_parts(pool, chosen["admin1"])
        values = [_norm(getattr(c.place, level)) for c in pool]
        if level == "city" and any(v and not _stood_in(c) for c, v in zip(pool, values)):
            # A town a report names outranks the outlet's home another report's text left standing in.
            values = [None if _stood_in(c) else v for c, v in zip(pool, values)]
        if level == "city" and any(v and not _is_county(v) for v in values):
            values = [None if _is_county(v) else v for v in values]
        pick = _most_reported(pool, values) if level == "city" else _most_common(values)
        if pick is None:
            chosen[level] = None
            continue
        # keep the surface form most used for the chosen value, for display
        chosen[level] = _most_common(getattr(c.place, level) for c in pool if _norm(getattr(c.place, level)) == pick)
        pool = [c for c in pool if _norm(getattr(c.place, level)) in (None, pick) or _is_county(getattr(c.place, level))]
    if _is_county(chosen["city"]) and chosen["country"] in (None, "United States"):
        # The Archive, like a reader, files an attack at a town: a county no report resolves stands for its largest.
        chosen["city"] = largest_county_town(chosen["city"], chosen["admin1"]) or chosen["city"]
    precision = next((lvl for lvl in _PLACE_LEVELS if chosen.get(lvl)), None)
    return IncidentPlace(
        country=chosen["country"], admin1=chosen["admin1"], city=chosen["city"],
        site=chosen["site"] or None, precision=precision,  # type: ignore[arg-type]
    )


def _written_out(phrase: str | None) -> bool:
    """A calendar date the text writes out ("Dec. 19", "06/24/2013"), not a weekday or "three days ago" counted back
    from the publication day."""
    return phrase is not None and any(ch.isdigit() for ch in phrase) and _AGO.search(phrase) is None


def date_of(claims: list[Claim]) -> DateRange:
    """The most precise date; among equally precise ones the most reported, then the earliest (deterministic).

    A date the text states beats a day the story merely mentions, which beats the publication day an extractor put
    in for a text that stated none. A report that writes the date out counts as two: a weekday is only as right as the
    publication day it is counted back from, which a feed may have wrong, or the night's story may file a day late."""
    dated = [c for c in claims if c.date.start is not None and c.date.precision in _PRECISION_RANK]
    dated = [c for c in dated if c.date.phrase != PUBLICATION_DATE] or dated
    dated = [c for c in dated if not (c.date.phrase or "").startswith(STORY_DATE)] or dated
    if not dated:
        return DateRange()
    top = max(_PRECISION_RANK[c.date.precision] for c in dated)  # type: ignore[index]
    best = [c for c in dated if _PRECISION_RANK[c.date.precision] == top]  # type: ignore[index]
    counts: Counter[tuple[date | None, date | None]] = Counter()
    for c in best:
        counts[(c.date.start, c.date.end or c.date.start)] += 2 if _written_out(c.date.phrase) else 1
    start, end = min(counts, key=lambda k: (-counts[k], k[0], k[1]))
    return DateRange(start=start, end=end, precision=best[0].date.precision)


def attack_type_of(claims: list[Claim]) -> str:
    counts = Counter(c.attack_type for c in claims if c.attack_type != "other")
    if not counts:
        return "other"
    return min(counts, key=lambda t: (-counts[t], t))


def statements_of(p: Perpetrator) -> list[Responsibility]:
    """A claim's statements on who did it; claims written before statements existed get theirs back from the
    summary fields (their attributed_to was an attribution only when the status said so, else a suspicion)."""
    if p.statements:
        return list(p.statements)
    out: list[Responsibility] = []
    if p.claimed_by:
        out.append(Responsibility(status="claimed", group=p.claimed_by, by=p.claimed_by, channel=p.claim_channel))
    if p.attributed_to:
        firm = p.status == "attributed"
        out.append(Responsibility(status="attributed" if firm else "speculated", group=p.attributed_to,
                                  by=p.attributed_by if firm else None))
    for g in p.denied_by:
        who = None if g == "unnamed" else g
        out.append(Responsibility(status="denied", group=who, by=who))
    if p.status == "unclaimed":
        out.append(Responsibility(status="unclaimed"))
    return out


def perpetrator_of(claims: list[Claim]) -> IncidentPerpetrator:
    """Most-named groups, every denial, and every distinct statement of every claim with their summary status."""
    def key(r: Responsibility) -> tuple[str, str, str, str]:
        return r.status, r.group or "", r.by or "", r.channel or ""

    statements = sorted({key(r): r for c in claims for r in statements_of(c.perpetrator)}.values(), key=key)
    return IncidentPerpetrator(
        status=standing(statements),  # type: ignore[arg-type]
        statements=statements,
        claimed_by=_most_common(c.perpetrator.claimed_by for c in claims),
        attributed_to=_most_common(c.perpetrator.attributed_to for c in claims),
        denied_by=sorted({d for c in claims for d in c.perpetrator.denied_by if d}),
    )


def attackers_killed_of(claims: list[Claim]) -> int | None:
    """Attackers are counted apart from victims: the latest report of them, the larger on a tie."""
    known = [c for c in claims if c.perpetrator.attackers_killed is not None]
    if not known:
        return None
    latest = max(known, key=lambda c: (_when(c), c.perpetrator.attackers_killed, c.claim_id))
    return latest.perpetrator.attackers_killed


def reconcile(claims: Iterable[Claim], retracted: set[str]) -> Reconciled:
    all_claims = sorted(claims, key=lambda c: c.claim_id)
    standing = [c for c in all_claims if c.claim_id not in retracted]
    # An article's passing mention is weaker evidence of date/place than the articles about the attack.
    about = [c for c in standing if c.primary] or standing
    killed, k_conflict = count_for(standing, "killed")
    stated = [c for c in standing if c.killed is None or (c.killed.qualifier or "") != "implied"]
    wounded, w_conflict = count_for(died_of_wounds(standing, count_for(stated, "killed")[0].best), "wounded")
    when = date_of(about)
    kind = attack_type_of(about)
    return Reconciled(
        killed=killed,
        wounded=wounded,
        conflicting=k_conflict or w_conflict,
        attackers_killed=attackers_killed_of(standing),
        history=history(all_claims, retracted),
        date=when if when.start else date_of(standing),
        place=place_of(about),
        attack_type=kind if kind != "other" else attack_type_of(standing),
        perpetrator=perpetrator_of(standing),
    )

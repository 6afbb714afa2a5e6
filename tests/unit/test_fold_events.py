"""The incident fold: idempotency, versions, merges with aliases and tombstones, retractions keeping history."""
from __future__ import annotations

from datetime import date, datetime, timezone

from schemas.claim import Claim, DateRef, Place, Toll
from schemas.incident import (
    ClaimAttached,
    ClaimsRetracted,
    IncidentAbsorbed,
    IncidentCreated,
    event_id,
    incident_id_for,
)
from streams.incidents.fold import apply, follow_ups, to_record


def make_claim(article: str, killed: int | None = None, wounded: int | None = None, day: int = 3, hour: int = 8,
               qualifier: str | None = None, source: str | None = None, fp: list[int] | None = None) -> Claim:
    return Claim(
        claim_id=f"claim-{article}",
        article_id=article,
        article_hash=f"hash-{article}",
        mention_index=0,
        extractor_version="test",
        outlet=f"{article}.example",
        published_at=datetime(2021, 5, day, hour, tzinfo=timezone.utc),
        primary=True,
        date=DateRef(start=date(2021, 5, 2), end=date(2021, 5, 2), precision="day"),
        place=Place(country="Ruritania", city="Zenda", precision="city"),
        attack_type="armed_assault",
        killed=Toll(low=killed, high=killed, qualifier=qualifier, source=source) if killed is not None else None,
        wounded=Toll(low=wounded, high=wounded, source=source) if wounded is not None else None,
        text_fingerprint=fp or [],
    )


def created(claim: Claim):
    inc = incident_id_for(claim.claim_id)
    return IncidentCreated(event_id=event_id("created", inc, claim.claim_id), incident_id=inc, claim=claim)


def attached(inc: str, claim: Claim):
    return ClaimAttached(event_id=event_id("attached", inc, claim.claim_id), incident_id=inc, claim=claim)


def fold(events, states=None):
    """Apply events and their follow-ups, like the pipeline's projector."""
    states = dict(states or {})
    queue = list(events)
    while queue:
        ev = queue.pop(0)
        before = states.get(ev.incident_id)
        after = apply(before, ev)
        if after is not None:
            states[ev.incident_id] = after
        queue.extend(follow_ups(before, ev))
    return states


def test_same_event_twice_changes_nothing():
    c = make_claim("a", killed=3)
    ev = created(c)
    once = apply(None, ev)
    twice = apply(once, ev)
    assert once is not None and twice == once
    assert twice.version == 1
    again = apply(twice, attached(once.incident_id, c))
    assert again == once


def test_version_increments_once_per_real_change():
    a, b = make_claim("a", killed=3), make_claim("b", killed=4, day=4)
    s = apply(None, created(a))
    inc = s.incident_id
    s = apply(s, attached(inc, b))
    assert s.version == 2
    s = apply(s, attached(inc, b))
    assert s.version == 2
    retract = ClaimsRetracted(event_id="r1", incident_id=inc, claim_ids=[b.claim_id], reason="revised")
    s = apply(s, retract)
    assert s.version == 3
    assert apply(s, retract).version == 3


def test_merge_moves_claims_keeps_alias_and_tombstones_absorbed():
    a, b = make_claim("a", killed=2), make_claim("b", killed=5, day=5)
    ia, ib = incident_id_for(a.claim_id), incident_id_for(b.claim_id)
    survivor, absorbed = min(ia, ib), max(ia, ib)
    states = fold([created(a), created(b)])
    absorb = IncidentAbsorbed(event_id=event_id("absorbed", absorbed, survivor), incident_id=absorbed, into=survivor,
                              reason="claim x links both")
    states = fold([absorb], states)
    rec_s, rec_a = to_record(states[survivor]), to_record(states[absorbed])
    assert {c.article_id for c in rec_s.claims} == {"a", "b"}
    assert absorbed in rec_s.aliases
    assert [m.absorbed_id for m in rec_s.merges] == [absorbed]
    assert "claim x links both" in rec_s.merges[0].reason
    assert rec_a.merged_into == survivor and rec_a.claims == []
    assert rec_s.killed.best == 5
    # the absorption redelivered: no second merge, no version change
    again = fold([absorb], states)
    assert again[survivor] == states[survivor] and again[absorbed] == states[absorbed]


def test_late_attach_to_absorbed_id_is_forwarded_to_survivor():
    a, b, c = make_claim("a"), make_claim("b"), make_claim("c")
    ia, ib = incident_id_for(a.claim_id), incident_id_for(b.claim_id)
    survivor, absorbed = min(ia, ib), max(ia, ib)
    states = fold([created(a), created(b), IncidentAbsorbed(event_id="x", incident_id=absorbed, into=survivor, reason="r")])
    states = fold([attached(absorbed, c)], states)
    assert "c" in {cl.article_id for cl in to_record(states[survivor]).claims}


def test_retraction_removes_figures_but_history_keeps_them():
    a = make_claim("a", killed=4, day=3)
    b = make_claim("b", killed=9, day=4)
    s = fold([created(a)])
    inc = incident_id_for(a.claim_id)
    s = fold([attached(inc, b), ClaimsRetracted(event_id="r", incident_id=inc, claim_ids=[b.claim_id], reason="revised")], s)
    rec = to_record(s[inc])
    assert rec.killed.best == 4 and rec.killed.high == 4
    points = {(p.claim_id, p.low, p.retracted) for p in rec.history}
    assert (b.claim_id, 9, True) in points and (a.claim_id, 4, False) in points
    assert [c.retracted for c in rec.claims if c.claim_id == b.claim_id] == [True]
    assert [x.article_id for x in rec.articles] == ["a"]


def test_retracted_claims_stay_retracted_through_a_merge():
    a, b = make_claim("a", killed=2), make_claim("b", killed=7)
    ia, ib = incident_id_for(a.claim_id), incident_id_for(b.claim_id)
    survivor, absorbed = min(ia, ib), max(ia, ib)
    absorbed_claim = a if ia == absorbed else b
    states = fold([created(a), created(b),
                   ClaimsRetracted(event_id="r", incident_id=absorbed, claim_ids=[absorbed_claim.claim_id], reason="rev")])
    states = fold([IncidentAbsorbed(event_id="x", incident_id=absorbed, into=survivor, reason="r")], states)
    rec = to_record(states[survivor])
    assert {c.claim_id for c in rec.claims if c.retracted} == {absorbed_claim.claim_id}
    kept = b if absorbed_claim is a else a
    assert rec.killed.best == kept.killed.low


def test_wire_copy_counts_once_as_independent_source():
    fp = list(range(64))
    near = fp[:58] + [999] * 6  # 58/64 slots agree: a reprint with a new headline
    other = [1000 + i for i in range(64)]
    a, b, c = make_claim("a", fp=fp), make_claim("b", fp=near), make_claim("c", fp=other)
    inc = incident_id_for(a.claim_id)
    s = fold([created(a), attached(inc, b), attached(inc, c)])
    assert to_record(s[inc]).independent_sources == 2

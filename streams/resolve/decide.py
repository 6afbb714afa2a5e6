"""Resolution decisions: reads a claim's matches among the indexed claims, writes the incident events they imply.

Pure: given the matching claims' (live) incidents, a claim starts an incident, joins one, or joins one and
merges the others into it. The survivor of a merge is the smallest incident id, so it does not depend on which
claim arrived first; each absorption records which claim pairs tied the incidents together.
"""
from __future__ import annotations

from schemas.claim import Claim, ClaimRetraction
from schemas.incident import (
    ClaimAttached,
    ClaimsRetracted,
    IncidentAbsorbed,
    IncidentCreated,
    IncidentEvent,
    event_id,
    incident_id_for,
)

Match = tuple[str, str, float, str]  # (live incident id, matched claim id, score, why)


def decide(claim: Claim, matches: list[Match]) -> tuple[str, list[IncidentEvent]]:
    """Return the incident the claim ends up in and the events that say so."""
    if not matches:
        incident = incident_id_for(claim.claim_id)
        return incident, [IncidentCreated(event_id=event_id("created", incident, claim.claim_id), incident_id=incident, claim=claim)]
    by_incident: dict[str, Match] = {}
    for m in sorted(matches, key=lambda m: (-m[2], m[1])):
        by_incident.setdefault(m[0], m)
    survivor = min(by_incident)
    events: list[IncidentEvent] = []
    for absorbed in sorted(set(by_incident) - {survivor}):
        _, other, score, why = by_incident[absorbed]
        _, kept, kept_score, kept_why = by_incident[survivor]
        reason = (
            f"claim {claim.claim_id} (article {claim.article_id}) matches claim {other} of this incident "
            f"(score {score}: {why}) and claim {kept} of {survivor} (score {kept_score}: {kept_why})"
        )
        events.append(IncidentAbsorbed(event_id=event_id("absorbed", absorbed, survivor), incident_id=absorbed, into=survivor, reason=reason))
    _, best, score, why = by_incident[survivor]
    events.append(
        ClaimAttached(
            event_id=event_id("attached", survivor, claim.claim_id),
            incident_id=survivor,
            claim=claim,
            score=score,
            reason=f"matches claim {best}: {why}",
        )
    )
    return survivor, events


def retraction_event(retraction: ClaimRetraction, incident: str) -> ClaimsRetracted:
    return ClaimsRetracted(
        event_id=event_id("retracted", incident, retraction.claim_id),
        incident_id=incident,
        claim_ids=[retraction.claim_id],
        reason=f"article {retraction.article_id} revised (now {retraction.superseded_by_hash})",
    )

"""Resolution: reads claims and retractions (`sitrep.claims.v1`), writes incident events (`sitrep.incidents.events.v1`).

`Resolver` keeps all its state in the store it is given (see index.py); "same incident" is the pairwise rule
of score.py and incidents are the connected components of it, so the table does not depend on arrival order.
"""
from __future__ import annotations

from collections.abc import MutableMapping

from schemas.claim import Claim, ClaimRetraction, block_key
from schemas.incident import ClaimAttached, IncidentEvent, event_id
from streams.resolve.decide import Match, decide, retraction_event
from streams.resolve.index import DEFAULT_CACHE_CHUNKS, DEFAULT_CACHE_CLAIMS, CandidateIndex
from streams.resolve.score import features, pair_score

__all__ = ["Resolver"]


class Resolver:
    def __init__(
        self,
        store: MutableMapping[str, bytes],
        cache_chunks: int = DEFAULT_CACHE_CHUNKS,
        cache_claims: int = DEFAULT_CACHE_CLAIMS,
    ) -> None:
        self.index = CandidateIndex(store, cache_chunks, cache_claims)

    def resolve(self, claim: Claim) -> list[IncidentEvent]:
        known = self.index.claim(claim.claim_id)
        if known is not None:
            return [self.reannounce(claim, known)]
        block = block_key(claim)
        f = features(claim)
        matches: list[Match] = []
        for other, claim_ids in self.index.candidates(block, f):
            same, score, why = pair_score(f, other)  # the same verdict for every claim filed under its digest
            if same:
                for claim_id in claim_ids:
                    record = self.index.claim(claim_id)
                    if record is not None:
                        matches.append((self.index.root(record["i"]), claim_id, score, why))
        incident, events = decide(claim, matches)
        for event in events:
            if event.type == "incident_absorbed":
                self.index.alias(event.incident_id, event.into)  # type: ignore[union-attr]
        self.index.add(block, f, incident)
        return events

    def reannounce(self, claim: Claim, known: dict) -> IncidentEvent:
        """A redelivered claim is announced again where it now belongs. Delivery is at-least-once: a crash between
        the index write and the event send would otherwise lose the claim; the fold ignores the repeat."""
        incident = self.index.root(known["i"])
        return ClaimAttached(
            event_id=event_id("attached", incident, claim.claim_id), incident_id=incident, claim=claim, reason="redelivered"
        )

    def retract(self, retraction: ClaimRetraction) -> list[IncidentEvent]:
        record = self.index.remove(retraction.claim_id)
        if record is None:
            return []
        return [retraction_event(retraction, self.index.root(record["i"]))]

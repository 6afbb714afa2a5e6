"""Resolution: reads claims and retractions (`sitrep.claims.v1`), writes incident events (`sitrep.incidents.events.v1`).

`Resolver` keeps all its state in the store it is given (see index.py); "same incident" is the pairwise rule
of score.py and incidents are the connected components of it, so the table does not depend on arrival order.
An article pushed again under another id (the same text, title, outlet, URL and time) is the same report: its
claims wait behind the claims filed for that content and change nothing, unless those are retracted.
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
        self.copies_filed = 0  # copies newly set to wait since this resolver was built (for the agent's metric)

    def resolve(self, claim: Claim) -> list[IncidentEvent]:
        """The events a claim implies; none for a copy of a claim already filed (see the module docstring)."""
        known = self.index.claim(claim.claim_id)
        if known is not None:
            return [self.reannounce(claim, known)]
        content_key = claim.content_key
        filed = self.index.filed_content(content_key)
        if filed is not None:
            self.copies_filed += self.index.add_copy(content_key, filed, claim)
            return []
        self.index.file_content(content_key, claim.claim_id)
        return self._file(claim, content_key)

    def _file(self, claim: Claim, content_key: str) -> list[IncidentEvent]:
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
        self.index.add(block, f, incident, content_key)
        return events

    def reannounce(self, claim: Claim, known: dict) -> IncidentEvent:
        """A redelivered claim is announced again where it now belongs. Delivery is at-least-once: a crash between
        the index write and the event send would otherwise lose the claim; the fold ignores the repeat."""
        incident = self.index.root(known["i"])
        return ClaimAttached(
            event_id=event_id("attached", incident, claim.claim_id), incident_id=incident, claim=claim, reason="redelivered"
        )

    def retract(self, retraction: ClaimRetraction) -> list[IncidentEvent]:
        if self.index.drop_copy(retraction.claim_id):
            return []
        record = self.index.remove(retraction.claim_id)
        if record is None:
            return []
        events: list[IncidentEvent] = [retraction_event(retraction, self.index.root(record["i"]))]
        content_key = record.get("k")
        successor = self.index.next_copy(content_key) if content_key else None
        if successor is not None:
            # The content is still reported by a copy: it now stands for it, as if it had come first.
            claim_id, article_id, template = successor
            claim = Claim.model_validate_json(template).model_copy(update={"claim_id": claim_id, "article_id": article_id})
            events += self._file(claim, content_key)
        return events

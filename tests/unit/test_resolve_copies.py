"""A report reprinted word for word (a new id, the same text at another outlet) is scored once for all its copies: the resolver's
events are exactly those of scoring every copy alone, and a claim of the searching claim's own article is never
folded into a group."""
from __future__ import annotations

import random

from schemas.claim import block_key
from streams.resolve import Resolver
from streams.resolve.index import CandidateIndex
from streams.resolve.score import features
from tests.unit.test_resolve_resolver import synthetic_stream


class EntriesWithoutDigests(CandidateIndex):
    """Files claims the way entries were written before digests: every stored claim is scored on its own."""

    def add(self, block, f, incident_id, content_key=None):  # type: ignore[no-untyped-def]
        super().add(block, f, incident_id, content_key)
        for key in self.home_buckets(block, f):
            head = self._open(key)
            for entry in head[1]:
                del entry[5:]


def copies(seed: int) -> list:
    rng = random.Random(seed)
    originals = synthetic_stream(seed=seed, incidents=12, per_incident=3)
    out = list(originals)
    for n in range(1, 4):  # the whole feed reprinted by three other outlets
        out += [c.model_copy(update={"article_id": f"{c.article_id}~{n}", "claim_id": f"{c.claim_id}~{n}",
                                     "outlet": f"reprint{n}.example"}) for c in originals]
    rng.shuffle(out)
    return out


def events_of(claims, index_class) -> list:  # type: ignore[no-untyped-def]
    resolver = Resolver({})
    resolver.index = index_class({})
    return [e.model_dump() for c in claims for e in resolver.resolve(c)]


def test_grouped_copies_give_the_events_of_scoring_each_alone():
    for seed in (3, 11):
        claims = copies(seed)
        assert events_of(claims, CandidateIndex) == events_of(claims, EntriesWithoutDigests)


def test_copies_come_as_one_candidate_and_the_own_article_alone():
    claims = copies(5)
    index = CandidateIndex({})
    for i, c in enumerate(claims):
        index.add(block_key(c), features(c), f"inc-{i}")
    probe = claims[0]
    f = features(probe)
    found = list(index.candidates(block_key(probe), f))
    same_text = sorted(c.claim_id for c in claims if c.article_hash == probe.article_hash and c.mention_index == probe.mention_index)
    groups = [ids for _, ids in found if set(ids) & set(same_text)]
    own = [ids for _, ids in found if probe.claim_id in ids]
    assert own == [[probe.claim_id]]  # its own article: alone
    others = sorted(c for ids in groups for c in ids if c != probe.claim_id)
    assert others == sorted(set(same_text) - {probe.claim_id})
    assert len([ids for ids in groups if probe.claim_id not in ids]) == 1  # its three copies: one group


def test_a_group_holds_only_claims_whose_scored_features_are_equal():
    claims = copies(9)
    index = CandidateIndex({})
    for i, c in enumerate(claims):
        index.add(block_key(c), features(c), f"inc-{i}")
    grouped = 0
    for probe in claims[:20]:
        for _, ids in index.candidates(block_key(probe), features(probe)):
            scored = [{k: v for k, v in index.features(c).items() if k not in ("c", "a", "pub")} for c in ids]
            assert all(s == scored[0] for s in scored), ids
            grouped += len(ids) > 1
    assert grouped  # copies were met and grouped

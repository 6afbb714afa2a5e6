"""Incident figures stay exact when computed in time linear in the claims: `_conflict`, `outliers` and
`independent_sources` against the pairwise definitions they replace, on generated incidents."""
from __future__ import annotations

import random
from datetime import date, datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.claim import Claim, DateRef, Place, Toll
from streams.incidents.fold import independent_sources
from streams.incidents.reconcile import OUTLIER_FACTOR, OUTLIER_MARGIN, _conflict, _is_lower_bound, _is_subset, _value, outliers
from streams.resolve.score import near_duplicate


def claim(i: int, day: int, toll: Toll | None = None, primary: bool = True, article_hash: str = "h",
          fingerprint: list[int] | None = None) -> Claim:
    return Claim(
        claim_id=f"c{i:03d}", article_id=f"a{i:03d}", article_hash=article_hash, mention_index=0, extractor_version="t",
        published_at=datetime(2022, 3, day, 12, tzinfo=timezone.utc), primary=primary,
        date=DateRef(start=date(2022, 3, 1), end=date(2022, 3, 1), precision="day"),
        place=Place(country="Ruritania", city="Zenda"), attack_type="bombing", killed=toll,
        text_fingerprint=fingerprint or [],
    )


def pairwise_conflict(tolls: list[tuple[Claim, Toll]]) -> bool:
    items = [(c, t) for c, t in tolls if not _is_subset(t)]
    for i, (a, ta) in enumerate(items):
        for b, tb in items[i + 1 :]:
            a_low = ta.low if ta.low is not None else ta.high
            b_low = tb.low if tb.low is not None else tb.high
            a_high = None if _is_lower_bound(ta) else (ta.high if ta.high is not None else ta.low)
            b_high = None if _is_lower_bound(tb) else (tb.high if tb.high is not None else tb.low)
            if a.published_at == b.published_at:
                if (a_high is not None and b_low is not None and b_low > a_high) or (
                    b_high is not None and a_low is not None and a_low > b_high
                ):
                    return True
                continue
            early, late = ((a_low, a_high), (b_low, b_high)) if a.published_at < b.published_at else ((b_low, b_high), (a_low, a_high))
            if late[1] is not None and early[0] is not None and late[1] < early[0]:
                return True
    return False


def pairwise_outliers(tolls: list[tuple[Claim, Toll]], has_primary: bool) -> set[str]:
    out = set()
    for c, t in tolls:
        if c.primary:
            continue
        others = [_value(u) for d, u in tolls if d.claim_id != c.claim_id]
        if not others and not has_primary:
            continue
        top = max(others, default=0)
        if _value(t) > OUTLIER_FACTOR * top and _value(t) > top + OUTLIER_MARGIN:
            out.add(c.claim_id)
    return out


toll = st.builds(
    lambda low, span, qualifier, open_ended: Toll(
        low=low, high=None if open_ended else low + span, qualifier=qualifier, source="police"
    ),
    st.integers(0, 60), st.integers(0, 3), st.sampled_from([None, "at least", "subset", "nearly"]), st.booleans(),
)
reports = st.lists(st.tuples(st.integers(1, 6), toll, st.booleans()), min_size=0, max_size=14)


@settings(max_examples=300, deadline=None)
@given(reports)
def test_conflict_and_outliers_agree_with_their_pairwise_definitions(items):
    tolls = [(claim(i, day, t, primary), t) for i, (day, t, primary) in enumerate(items)]
    assert _conflict(tolls) == pairwise_conflict(tolls)
    for has_primary in (False, True):
        assert outliers(tolls, has_primary) == pairwise_outliers(tolls, has_primary)


def pairwise_sources(claims: list[Claim]) -> int:
    ids = sorted({c.article_id for c in claims})
    first = {}
    for c in sorted(claims, key=lambda c: c.claim_id):
        first.setdefault(c.article_id, c)
    parent = {a: a for a in ids}

    def root(a: str) -> str:
        while parent[a] != a:
            a = parent[a]
        return a

    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ca, cb = first[a], first[b]
            if ca.article_hash == cb.article_hash or near_duplicate(ca.text_fingerprint, cb.text_fingerprint):
                parent[root(b)] = root(a)
    return len({root(a) for a in ids})


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30))
def test_independent_sources_finds_every_near_duplicate_pair(seed, count):
    rng = random.Random(seed)
    stories = [[rng.randrange(1 << 30) for _ in range(64)] for _ in range(4)]
    claims: list[Claim] = []
    for i in range(count):
        if claims and rng.random() < 0.3:  # the same text again under another id: same hash, same signature
            twin = rng.choice(claims)
            claims.append(claim(i, 1, article_hash=twin.article_hash, fingerprint=twin.text_fingerprint))
            continue
        base = list(rng.choice(stories))
        # Up to 14 of 64 slots changed: pairs land on both sides of the 80% line, the hardest case for bands.
        for slot in rng.sample(range(64), rng.randrange(15)):
            base[slot] = rng.randrange(1 << 30)
        claims.append(claim(i, 1, article_hash=f"h{i}", fingerprint=base))
    assert independent_sources(claims) == pairwise_sources(claims)


def test_a_story_reprinted_hundreds_of_times_is_one_source():
    fingerprint = list(range(64))
    claims = [claim(i, 1, article_hash=f"h{i}", fingerprint=fingerprint[:60] + [i, i, i, i]) for i in range(400)]
    assert independent_sources(claims) == 1

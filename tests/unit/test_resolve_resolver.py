"""The resolver: order independence, merges with reasons, redelivery, retraction, restart on the same store, memory."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from schemas.claim import Claim, ClaimRetraction, DateRef, Place, Toll
from schemas.incident import incident_id_for
from streams.pipeline import Pipeline
from streams.resolve import Resolver
from streams.resolve.score import features, pair_score

# Invented places and people, so nothing here comes from a corpus.
TOWNS = ["Zenda", "Strelsau", "Hentzau", "Tarlenheim"]
FIRST = ["Arlo", "Bryn", "Cato", "Dara", "Elio", "Fenn", "Gale", "Hale", "Iver", "Juno", "Kesi", "Lorn"]
LAST = ["Quillfeather", "Marrowby", "Tennant", "Ostrava", "Pellham", "Varga", "Wexley", "Yarrow", "Zoller", "Brandt"]


def make_claim(article: str, day: date, town: str, person: str, story: list[str], killed: int | None, pub_lag: int = 0,
               mention: int = 0, primary: bool = True, fp: list[int] | None = None) -> Claim:
    published = datetime.combine(day + timedelta(days=pub_lag), datetime.min.time(), tzinfo=timezone.utc)
    return Claim(
        claim_id=f"claim-{article}-{mention}", article_id=article, article_hash=f"h-{article}", mention_index=mention,
        extractor_version="t", outlet=f"{article}.example", title=f"{story[0]} {story[1]} {town}",
        published_at=published, primary=primary,
        date=DateRef(start=day, end=day, precision="day"),
        place=Place(country="Ruritania", admin1="Elphberg", city=town, precision="city"),
        attack_type="armed_assault", killed=Toll(low=killed, high=killed) if killed is not None else None,
        people=[person], quote=f"{person}: {' '.join(story)}",
        text_fingerprint=fp or [],
    )


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4))


def synthetic_stream(seed: int = 7, incidents: int = 30, per_incident: int = 3) -> list[Claim]:
    rng = random.Random(seed)
    out = []
    start = date(2021, 1, 1)
    for i in range(incidents):
        day = start + timedelta(days=rng.randrange(0, 120))
        town = rng.choice(TOWNS)
        person = f"{FIRST[i % len(FIRST)]} {pseudo_word(rng).title()}"
        story = [pseudo_word(rng) for _ in range(4)]
        killed = rng.randrange(0, 5)
        for j in range(per_incident):
            rng.shuffle(story)
            out.append(make_claim(f"inc{i}-art{j}", day, town, person, story[:3], killed + (j == per_incident - 1),
                                  pub_lag=rng.randrange(0, 2)))
    return out


def clusters(claims: list[Claim], store: dict | None = None) -> tuple[frozenset, Resolver]:
    """Run the resolver and fold; return the article clusters as a set of frozensets."""
    pipeline = Pipeline(store if store is not None else {})
    for claim in claims:
        pipeline.project(pipeline.resolver.resolve(claim))
    return frozenset(frozenset(a.article_id for a in r.articles) for r in pipeline.table()), pipeline.resolver


def test_pair_score_is_symmetric():
    stream = synthetic_stream(incidents=6)
    fs = [features(c) for c in stream]
    for a in fs:
        for b in fs:
            assert pair_score(a, b)[:2] == pair_score(b, a)[:2]


def test_same_incident_reports_cluster_and_different_ones_do_not():
    stream = synthetic_stream()
    got, _ = clusters(stream)
    want = frozenset(frozenset(f"inc{i}-art{j}" for j in range(3)) for i in range(30))
    assert got == want


def test_order_does_not_decide_the_clusters():
    stream = synthetic_stream(seed=11)
    # a bridge that matches two reports of incident 0 only through shared wording, arriving in varying places
    base, _ = clusters(stream)
    for seed in range(5):
        shuffled = stream[:]
        random.Random(seed).shuffle(shuffled)
        got, _ = clusters(shuffled)
        assert got == base


def test_a_claim_linking_two_incidents_merges_them_with_a_reason():
    day = date(2021, 6, 5)
    a = make_claim("a", day, "Zenda", "Arlo Varga", ["mill", "quay", "bell"], 2)
    b = make_claim("b", day, "Zenda", "Bryn Tennant", ["orchard", "kiln", "ferry"], 2)
    bridge = make_claim("c", day, "Zenda", "Arlo Varga", ["orchard", "kiln", "ferry"], 2)
    bridge = bridge.model_copy(update={"people": ["Arlo Varga", "Bryn Tennant"]})
    resolver = Resolver({})
    first = resolver.resolve(a) + resolver.resolve(b)
    assert [e.type for e in first] == ["incident_created", "incident_created"]
    events = resolver.resolve(bridge)
    types = [e.type for e in events]
    assert types == ["incident_absorbed", "claim_attached"]
    survivor = min(incident_id_for(a.claim_id), incident_id_for(b.claim_id))
    assert events[0].into == survivor and events[0].incident_id != survivor
    assert bridge.claim_id in events[0].reason
    # a later claim matching the absorbed incident's claim lands on the survivor
    late = make_claim("d", day, "Zenda", "Bryn Tennant", ["orchard", "kiln", "ferry"], 2)
    assert [(e.type, e.incident_id) for e in resolver.resolve(late)] == [("claim_attached", survivor)]


def test_redelivered_claim_only_reannounces_and_changes_nothing():
    from streams.incidents.fold import apply

    stream = synthetic_stream(incidents=3)
    resolver = Resolver({})
    table: dict = {}
    for c in stream:
        for event in resolver.resolve(c):
            table[event.incident_id] = apply(table.get(event.incident_id), event)
    before = {k: v.model_dump() for k, v in table.items()}
    for c in stream:
        again = resolver.resolve(c)
        assert [e.type for e in again] == ["claim_attached"] and again[0].claim.claim_id == c.claim_id
        assert c.claim_id in table[again[0].incident_id].claims  # where the claim already is
        table[again[0].incident_id] = apply(table[again[0].incident_id], again[0])
    assert {k: v.model_dump() for k, v in table.items()} == before


def test_retraction_once_and_only_once():
    stream = synthetic_stream(incidents=2)
    resolver = Resolver({})
    created = resolver.resolve(stream[0])
    retraction = ClaimRetraction(claim_id=stream[0].claim_id, article_id=stream[0].article_id,
                                 superseded_by_hash="new", block_key="ruritania")
    events = resolver.retract(retraction)
    assert [(e.type, e.incident_id, e.claim_ids) for e in events] == [
        ("claims_retracted", created[0].incident_id, [stream[0].claim_id])
    ]
    assert resolver.retract(retraction) == []
    unknown = retraction.model_copy(update={"claim_id": "never-seen"})
    assert resolver.retract(unknown) == []


def test_restart_on_the_same_store_continues_identically():
    stream = synthetic_stream(seed=3)
    half = len(stream) // 2
    one = Resolver({})
    straight = [e for c in stream for e in one.resolve(c)]
    store: dict = {}
    first = Resolver(store)
    events = [e for c in stream[:half] for e in first.resolve(c)]
    second = Resolver(store)  # worker restart: a fresh object, the same persisted table
    events += [e for c in stream[half:] for e in second.resolve(c)]
    assert [e.model_dump() for e in events] == [e.model_dump() for e in straight]
    assert all(isinstance(k, str) and isinstance(v, bytes) for k, v in store.items())


def test_bucket_cache_stays_bounded_over_a_long_stream():
    rng = random.Random(5)
    resolver = Resolver({}, cache_chunks=8)
    start = date(2015, 1, 1)
    for i in range(600):
        day = start + timedelta(days=i * 3)
        claim = make_claim(f"long{i}", day, rng.choice(TOWNS), "Cato Brandt", [pseudo_word(rng) for _ in range(3)], 1)
        resolver.resolve(claim)
        assert resolver.index.cache_size <= 8
    assert resolver.index.cache_size == 8


def test_claim_budget_caps_the_cache_when_a_month_is_busy():
    """Many claims in the same few weeks: the claim budget bounds the features held in memory, and answers do not
    change with the budget (the store is the truth)."""
    rng = random.Random(9)
    stream = [
        make_claim(f"busy{i}", date(2016, 5, 1) + timedelta(days=i % 40), rng.choice(TOWNS), "Ida Marsh",
                   [pseudo_word(rng) for _ in range(3)], 1)
        for i in range(300)
    ]
    small, large = Resolver({}, cache_claims=50), Resolver({}, cache_claims=10_000)
    for claim in stream:
        assert [e.model_dump() for e in small.resolve(claim)] == [e.model_dump() for e in large.resolve(claim)]
        assert small.index.cache_size == 1 or small.index.cached_claims <= 50
    assert large.index.cached_claims > 50

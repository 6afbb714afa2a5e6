"""The candidate index misses no pair pair_score accepts, reads far fewer claims than a block holds, and writes a
bounded amount per claim. Synthetic claims only (invented places and people, nothing from a corpus)."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone

from schemas.claim import Claim, DateRef, Place, Toll
from schemas.codec import dumps
from streams.resolve import index as index_module
from streams.resolve.index import CandidateIndex
from streams.resolve.score import NEAR_DAYS, _gap, features, pair_score

STATES = ["Elphberg", "Strelsau Marches", "Hentzau", None]
TOWNS = ["Zenda", "Tarlenheim", "Old Mittenau", "Braxholm", "Quellin", None]
PEOPLE = ["Arlo Varga", "Bryn Tennant", "Cato Brandt", "Dara Wexley", "Elio Marrowby", "Fenn Yarrow"]
WORDS = "mill quay bell orchard kiln ferry lantern granary tannery cooper saddler wharf beacon cistern".split()


def report(rng: random.Random, n: int, incident: dict, article: str | None = None) -> Claim:
    """One report of an incident, with its place, date and precision varied the way extractors vary them."""
    day = incident["day"] + timedelta(days=rng.choice([0, 0, 0, 1, 2, 3, 5, 12, 30, 44, 60]))
    published = datetime.combine(day + timedelta(days=rng.randrange(0, 4)), datetime.min.time(), tzinfo=timezone.utc)
    kind = rng.choice(["day"] * 6 + ["month", "year", "pubdate", "published", "undated"])
    if kind == "day":
        when = DateRef(start=day, end=day, precision="day")
    elif kind == "month":
        when = DateRef(start=day.replace(day=1), precision="month")
    elif kind == "year":
        when = DateRef(start=day.replace(month=1, day=1), precision="year")
    elif kind == "pubdate":
        when = DateRef(start=published.date(), end=published.date(), precision="day", phrase="(publication date)")
    else:
        when = DateRef()
    state = incident["state"] if rng.random() < 0.6 else rng.choice(STATES)
    town = incident["town"] if rng.random() < 0.6 else rng.choice(TOWNS)
    story = rng.sample(incident["story"], 4)
    # Some reports name the incident's town in passing while placing it elsewhere (a misread dateline).
    named = f" near {incident['town']}" if incident["town"] and rng.random() < 0.4 else ""
    return Claim(
        claim_id=f"c{n}", article_id=article or f"a{n}", article_hash=f"h{n}", mention_index=0,
        extractor_version="t", outlet="example.org", title=" ".join(story[:2]),
        published_at=None if kind == "undated" else published, primary=rng.random() < 0.85,
        date=when, place=Place(country="Ruritania", admin1=state, city=town, precision="city"),
        attack_type="armed_assault", killed=Toll(low=incident["killed"], high=incident["killed"]),
        people=[incident["person"]] if rng.random() < 0.7 else [],
        quote=f"{incident['person']} {' '.join(story)}{named}, aged 9-year-old",
        text_fingerprint=incident["fp"] if rng.random() < 0.3 else [],
    )


def stream(seed: int, size: int) -> list[Claim]:
    rng = random.Random(seed)
    incidents = [
        {"day": date(2020, 1, 1) + timedelta(days=rng.randrange(0, 400)), "state": rng.choice(STATES),
         "town": rng.choice(TOWNS), "person": rng.choice(PEOPLE), "story": rng.sample(WORDS, 6),
         "killed": rng.randrange(0, 4), "fp": [rng.randrange(1000) for _ in range(8)]}
        for _ in range(size // 6)
    ]
    out: list[Claim] = []
    for n in range(size):
        if out and rng.random() < 0.08:
            # A revision: the same article again, its date and place possibly read differently this time.
            earlier = rng.choice(out)
            out.append(report(rng, n, rng.choice(incidents), article=earlier.article_id))
        else:
            out.append(report(rng, n, rng.choice(incidents)))
    return out


def test_candidates_hold_every_claim_pair_score_accepts(monkeypatch):
    monkeypatch.setattr(index_module, "CHUNK", 4)  # many sealed chunks
    store: dict[str, bytes] = {}
    index = CandidateIndex(store, cache_chunks=6, cache_claims=5)  # constant eviction
    stored: dict[str, dict] = {}
    kinds: Counter = Counter()
    read = 0
    claims = stream(seed=4, size=700)
    rng = random.Random(1)
    for claim in claims:
        f = features(claim)
        got = {c for _, ids in index.candidates("ruritania", f) for c in ids}
        read += len(got)
        for other in stored.values():
            same, _, why = pair_score(f, other)
            if not same:
                continue
            assert other["c"] in got, (f["c"], other["c"], why)
            gap = _gap(f, other)
            if f["a"] == other["a"]:
                kinds["revision"] += 1
            elif gap is None:
                kinds["both undated"] += 1
            elif gap > NEAR_DAYS and f["admin1"] and other["admin1"] and f["admin1"] != other["admin1"]:
                kinds["other state, its town named, days apart"] += 1
            elif gap > NEAR_DAYS and not (f["admin1"] and other["admin1"]):
                kinds["one state unknown, days apart"] += 1
            elif gap <= 1 and f["admin1"] and other["admin1"] and f["admin1"] != other["admin1"]:
                kinds["other state within a day"] += 1
            elif gap > NEAR_DAYS and not (f["city"] and other["city"]):
                kinds["one town unknown, days apart"] += 1
            elif "month" in (f["dp"], other["dp"]) or "year" in (f["dp"], other["dp"]):
                kinds["coarse date"] += 1
        index.add("ruritania", f, "i")
        stored[f["c"]] = f
        if rng.random() < 0.03:
            gone = rng.choice(sorted(stored))
            assert index.remove(gone) is not None
            del stored[gone]
    # Every hard case happened, so the check could have failed on each.
    for kind in ("revision", "both undated", "other state, its town named, days apart", "one state unknown, days apart",
                 "other state within a day", "one town unknown, days apart", "coarse date"):
        assert kinds[kind] >= 3, kinds
    # And blocking blocks: a claim reads a fraction of what the block holds.
    assert read < 0.4 * sum(range(len(claims)))
    # A fresh index on the same store answers the same (the store is the only state).
    again = CandidateIndex(store)
    for claim in claims[-40:]:
        f = features(claim)
        assert {c for _, ids in again.candidates("ruritania", f) for c in ids} == {c for _, ids in index.candidates("ruritania", f) for c in ids}


def test_a_filing_writes_a_bounded_amount_however_full_the_week():
    """Writes per claim do not grow with the bucket: only the open chunk is rewritten."""

    class Counting(dict):
        written = 0

        def __setitem__(self, key, value):  # type: ignore[no-untyped-def]
            Counting.written += len(value)
            super().__setitem__(key, value)

    store = Counting()
    index = CandidateIndex(store)
    rng = random.Random(2)
    incident = {"day": date(2021, 3, 3), "state": "Elphberg", "town": "Zenda", "person": "Cato Brandt",
                "story": WORDS[:6], "killed": 1, "fp": [1] * 8}
    costs = []
    for n in range(400):
        claim = report(rng, n, incident).model_copy(update={"date": DateRef(start=date(2021, 3, 3), end=date(2021, 3, 3),
                                                                             precision="day")})
        f = features(claim)
        before = Counting.written
        index.add("ruritania", f, "i")
        costs.append(Counting.written - before - len(dumps(f)))
    # The first claims and the last claims of one busy week cost the same (within a chunk's fill).
    assert max(costs[-50:]) <= max(costs[:50]) * 1.5


def test_a_follow_up_months_later_meets_the_report_it_names_whichever_comes_first():
    day = date(2021, 3, 3)
    later = day + timedelta(days=250)

    def claim(n: int, when: date, title: str, quote: str, people: list[str]) -> Claim:
        return Claim(
            claim_id=f"c{n}", article_id=f"a{n}", article_hash=f"h{n}", mention_index=0, extractor_version="t",
            title=title, primary=True, published_at=datetime.combine(when, datetime.min.time(), tzinfo=timezone.utc),
            date=DateRef(start=when, end=when, precision="day"),
            place=Place(country="Ruritania", admin1="Elphberg", city="Zenda", precision="city"),
            attack_type="armed_assault", killed=Toll(low=1, high=1), people=people, quote=quote,
        )

    first = claim(1, day, "Woman shot dead in Zenda", "Dara Wexley was shot outside the granary.", ["Dara Wexley"])
    plea = claim(2, later, "Man sentenced in killing of Dara Wexley", "Fenn Yarrow was sentenced on Monday.",
                 ["Fenn Yarrow"])
    assert pair_score(features(first), features(plea))[0]
    for one, two in ((first, plea), (plea, first)):
        index = CandidateIndex({})
        index.add("ruritania", features(one), "i")
        assert [ids for _, ids in index.candidates("ruritania", features(two))] == [[one.claim_id]]

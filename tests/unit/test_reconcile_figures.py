"""Reconciled figures: best/low/high rules, lower bounds, subsets, casualties, conflicts, attackers apart."""
from __future__ import annotations

from datetime import date, datetime, timezone

from schemas.claim import Claim, DateRef, Perpetrator, Place, Toll
from streams.incidents.reconcile import reconcile


def claim(name: str, day: int, killed: Toll | None = None, wounded: Toll | None = None, casualties: Toll | None = None,
          attackers_killed: int | None = None, city: str | None = "Zenda", precision: str = "day", primary: bool = True) -> Claim:
    return Claim(
        claim_id=f"c-{name}", article_id=f"a-{name}", article_hash="h", mention_index=0, extractor_version="t",
        published_at=datetime(2022, 3, day, 12, tzinfo=timezone.utc), primary=primary,
        date=DateRef(start=date(2022, 3, 1), end=date(2022, 3, 1) if precision == "day" else date(2022, 3, 31), precision=precision),
        place=Place(country="Ruritania", city=city), attack_type="bombing",
        killed=killed, wounded=wounded, casualties=casualties,
        perpetrator=Perpetrator(attackers_killed=attackers_killed),
    )


def test_latest_official_figure_is_best_and_range_spans_all():
    r = reconcile([
        claim("x", 2, killed=Toll(low=5, high=5, source="a witness")),
        claim("y", 3, killed=Toll(low=8, high=8, source="police spokesman")),
        claim("z", 4, killed=Toll(low=9, high=9, source="police")),
    ], set())
    assert (r.killed.best, r.killed.low, r.killed.high) == (9, 5, 9)
    assert r.conflicting is False  # rising toll, not a disagreement


def test_at_least_is_a_lower_bound_that_raises_best():
    r = reconcile([
        claim("x", 2, killed=Toll(low=6, high=6, source="health ministry")),
        claim("y", 3, killed=Toll(low=10, high=None, qualifier="at least", source="reporters")),
    ], set())
    assert r.killed.best == 10 and r.killed.low == 6


def test_subset_is_only_a_lower_bound():
    r = reconcile([
        claim("x", 2, killed=Toll(low=12, high=12, source="officials")),
        claim("y", 3, killed=Toll(low=4, high=4, qualifier="subset", source="officials")),
    ], set())
    assert (r.killed.best, r.killed.low) == (12, 12)
    assert r.conflicting is False


def test_casualties_set_neither_killed_nor_wounded_but_enter_history():
    r = reconcile([claim("x", 2, casualties=Toll(low=40, high=40))], set())
    assert r.killed.best is None and r.wounded.best is None
    assert [(p.kind, p.low) for p in r.history] == [("casualties", 40)]


def test_later_lower_figure_is_a_conflict():
    r = reconcile([
        claim("x", 2, killed=Toll(low=20, high=20, source="police")),
        claim("y", 5, killed=Toll(low=11, high=11, source="ministry")),
    ], set())
    assert r.conflicting is True


def test_perpetrator_claim_does_not_set_best_and_attackers_counted_apart():
    r = reconcile([
        claim("x", 2, killed=Toll(low=3, high=3, source="police"), attackers_killed=2),
        claim("y", 3, killed=Toll(low=30, high=30, source="claimed by the group via Amaq")),
    ], set())
    assert r.killed.best == 3 and r.killed.high == 30
    assert r.attackers_killed == 2


def test_retracted_claims_leave_figures_and_stay_in_history():
    r = reconcile([
        claim("x", 2, killed=Toll(low=3, high=3)),
        claim("y", 3, killed=Toll(low=1, high=1)),
    ], {"c-y"})
    assert (r.killed.best, r.killed.low, r.conflicting) == (3, 3, False)
    assert {(p.claim_id, p.retracted) for p in r.history} == {("c-x", False), ("c-y", True)}


def test_attributes_prefer_precise_and_common_regardless_of_order():
    cs = [
        claim("x", 2, precision="month", city="Zenda"),
        claim("y", 3, city="Zenda"),
        claim("z", 4, city="Strelsau"),
        claim("w", 5, city="Zenda"),
    ]
    a, b = reconcile(cs, set()), reconcile(list(reversed(cs)), set())
    assert a == b
    assert a.date.precision == "day" and a.place.city == "Zenda"


def test_a_passing_mentions_huge_figure_does_not_set_best():
    # e.g. a city's yearly count of people shot, quoted in a report of one shooting
    r = reconcile([
        claim("x", 2, wounded=Toll(low=2, high=2, source="police")),
        claim("y", 3, wounded=Toll(low=3, high=3)),
        claim("z", 4, wounded=Toll(low=1500, high=None, qualifier="over"), primary=False),
    ], set())
    assert (r.wounded.best, r.wounded.low, r.wounded.high) == (3, 2, 3)
    assert r.conflicting is False
    assert any(p.low == 1500 for p in r.history)  # set aside, never lost


def test_a_large_figure_from_the_article_about_the_attack_still_counts():
    r = reconcile([
        claim("x", 2, wounded=Toll(low=2, high=2), primary=False),
        claim("y", 3, wounded=Toll(low=150, high=150, source="health ministry")),
    ], set())
    assert r.wounded.best == 150


def test_a_mentions_figure_close_to_the_others_is_kept():
    r = reconcile([
        claim("x", 2, killed=Toll(low=20, high=20, source="officials")),
        claim("y", 5, killed=Toll(low=25, high=None, qualifier="at least"), primary=False),
    ], set())
    assert r.killed.best == 25


def test_a_mentions_large_figure_is_set_aside_when_the_articles_about_the_attack_give_none():
    r = reconcile([
        claim("x", 2),
        claim("y", 3, killed=Toll(low=140, high=140), primary=False),
    ], set())
    assert r.killed.best is None
    # with no article about the attack, the mention is all there is
    alone = reconcile([claim("y", 3, killed=Toll(low=140, high=140), primary=False)], set())
    assert alone.killed.best == 140


def test_a_wounded_victim_who_later_died_is_counted_once_as_killed():
    r = reconcile([
        claim("x", 2, wounded=Toll(low=1, high=1)),
        claim("y", 4, killed=Toll(low=1, high=1)),
    ], set())
    assert (r.killed.best, r.wounded.best) == (1, 0)
    r = reconcile([
        claim("x", 2, killed=Toll(low=1, high=1), wounded=Toll(low=3, high=3)),
        claim("y", 4, killed=Toll(low=2, high=2)),
    ], set())
    assert (r.killed.best, r.wounded.best) == (2, 2)  # one of the three wounded died
    # A death only implied ("a homicide investigation") is too weak to move anyone out of the wounded.
    r = reconcile([
        claim("x", 2, wounded=Toll(low=4, high=4)),
        claim("y", 4, killed=Toll(low=1, high=None, qualifier="implied")),
    ], set())
    assert r.wounded.best == 4

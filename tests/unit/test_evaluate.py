"""Unit tests for the scorer in streams/evaluate.py, on small hand-made clusterings, claims and corpora."""
from __future__ import annotations

import json
import math
from datetime import date, datetime, timezone

import pytest

from schemas import codec
from schemas.article import RawArticle
from schemas.incident import ClaimFigure, Count, DateRange, Incident, IncidentArticle, IncidentClaim, IncidentPlace
from streams import evaluate as ev


# ------------------------------------------------------------------ clustering scores
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
SYSTEM = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Z"}


def test_bcubed_known_example() -> None:
    p, r, f = ev.bcubed(SYSTEM, GOLD)
    assert p == pytest.approx(4 / 5)
    assert r == pytest.approx(8 / 15)
    assert f == pytest.approx(0.64)


def test_bcubed_perfect_and_all_singletons() -> None:
    assert ev.bcubed(GOLD, GOLD) == pytest.approx((1.0, 1.0, 1.0))
    p, r, _ = ev.bcubed({}, GOLD)  # missing items are singletons
    assert p == 1.0
    assert r == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5)


def test_bcubed_one_big_cluster() -> None:
    p, r, _ = ev.bcubed({k: 0 for k in GOLD}, GOLD)
    assert p == pytest.approx((3 / 5 * 3 + 2 / 5 * 2) / 5)
    assert r == 1.0


def test_pairwise_known_example() -> None:
    p, r, f = ev.pairwise(SYSTEM, GOLD)
    assert p == pytest.approx(0.5)
    assert r == pytest.approx(0.25)
    assert f == pytest.approx(1 / 3)


def test_pairwise_without_predicted_pairs_has_no_precision() -> None:
    p, r, f = ev.pairwise({k: k for k in GOLD}, GOLD)
    assert p is None and f is None
    assert r == 0.0


def test_rmse() -> None:
    assert ev.rmse([(1, 2), (3, 3), (0, 2)]) == pytest.approx(math.sqrt(5 / 3))
    assert ev.rmse([]) is None


# ------------------------------------------------------------------ normalizers
def test_gold_city_names_accept_both_parts_and_county_forms() -> None:
    assert ev.gold_city_names("Springfield (Oakdale)") == {"springfield", "oakdale"}
    assert ev.gold_city_names("Lake (county)") == {"lake", "lake county"}
    assert ev.gold_city_names("Saint Paul") == {"st paul"}
    assert ev.norm_city("St. Paul") in ev.gold_city_names("Saint Paul")
    assert ev.gold_city_names(None) == set()


def test_figure_inside() -> None:
    assert ev.figure_inside(ClaimFigure(low=30, high=30), 29, 32)
    assert not ev.figure_inside(ClaimFigure(low=33, high=33), 29, 32)
    assert ev.figure_inside(ClaimFigure(low=8, high=None, qualifier="at least"), 8, 8)
    assert ev.figure_inside(ClaimFigure(low=70), 5, None)  # open gold high
    assert not ev.figure_inside(ClaimFigure(low=20, high=50), 20, 40)  # a stated range must fit whole
    assert not ev.figure_inside(None, 3, 3)
    assert ev.figure_inside(None, 0, 0)


def test_figure_value_prefers_best_then_low_then_zero() -> None:
    assert ev.figure_value(Count(best=4, low=3, high=5)) == 4
    assert ev.figure_value(Count(low=3)) == 3
    assert ev.figure_value(Count()) == 0


def test_parse_gold_date_ranges() -> None:
    assert ev.parse_gold_date("2021-02-03", "day") == (date(2021, 2, 3), date(2021, 2, 3))
    assert ev.parse_gold_date("2021-02", "month") == (date(2021, 2, 1), date(2021, 2, 28))
    assert ev.parse_gold_date("2019", "year") == (date(2019, 1, 1), date(2019, 12, 31))
    lo, hi = ev.parse_gold_date("2021-02-10", "approximate day")  # type: ignore[misc]
    assert (hi - lo).days == 2 * ev.APPROX_DAYS
    assert ev.parse_gold_date(None, None) is None


# ------------------------------------------------------------------ seeds matching
def claim(cid: str, article: str, *, quote: str = "", day: date | None = None, precision: str = "day",
          city: str | None = None, killed: int | None = None, wounded: int | None = None,
          primary: bool = True) -> IncidentClaim:
    return IncidentClaim(
        claim_id=cid,
        article_id=article,
        primary=primary,
        quote=quote,
        date=DateRange(start=day, precision=precision if day else None),
        place=IncidentPlace(city=city),
        killed=ClaimFigure(low=killed, high=killed) if killed is not None else None,
        wounded=ClaimFigure(low=wounded, high=wounded) if wounded is not None else None,
    )


def incident(iid: str, claims: list[IncidentClaim], **kw: object) -> Incident:
    arts = {c.article_id: c.primary for c in claims}
    return Incident(
        incident_id=iid,
        claims=claims,
        articles=[IncidentArticle(article_id=a, primary=p) for a, p in arts.items()],
        **kw,  # type: ignore[arg-type]
    )


SEED_GOLD = {
    "incidents": [
        {"id": "market", "date": "2021-05-02", "date_precision": "day", "country": "Freedonia", "city": "Alphaville",
         "site": "central fruit market",
         "mentions": [
             {"article": "A", "killed": {"low": 5, "high": 7}, "wounded": {"low": 10, "high": 10}},
             {"article": "B", "date_in_article": "2021-05", "killed": {"low": 6, "high": 6}, "wounded": None},
         ]},
        {"id": "bridge", "date": "2021-04", "date_precision": "month", "country": "Freedonia", "city": "Alphaville",
         "site": "river bridge checkpoint",
         "mentions": [{"article": "A", "killed": {"low": 2, "high": None}, "wounded": None}]},
        {"id": "outpost", "date": None, "date_precision": None, "country": "Freedonia", "admin1": "Northland",
         "city": None, "site": "hill outpost, Zorbin district",
         "mentions": [{"article": "B", "killed": {"low": 3, "high": 3}, "wounded": None}]},
    ],
    "not_incidents": [
        {"article": "A", "text": "at least 140 people were killed in attacks this spring", "why": "a total"},
        {"article": "B", "text": "the stories after the first 'More Stories' (sport, weather)", "why": "appended"},
    ],
}
TEXT_B = ("Six people died at the central fruit market in Alphaville in May. Three soldiers were killed at a hill "
          "outpost in Zorbin. More Stories Gunmen killed nine in a far away town, police said.")


def test_match_score_rules_out_contradictions() -> None:
    golds, _ = ev.parse_seed_gold(SEED_GOLD)
    weights = ev._site_weights(golds)
    market, bridge, outpost = golds
    good = claim("c", "A", quote="a blast at the central fruit market", day=date(2021, 5, 2), city="Alphaville",
                 killed=6)
    assert ev.match_score(good, market, market.mentions[0], weights) > 0
    wrong_day = good.model_copy(update={"date": DateRange(start=date(2021, 5, 9), precision="day")})
    assert ev.match_score(wrong_day, market, market.mentions[0], weights) == 0
    wrong_city = good.model_copy(update={"place": IncidentPlace(city="Betatown")})
    assert ev.match_score(wrong_city, market, market.mentions[0], weights) == 0
    # a shared toll alone is not enough
    bare = claim("d", "A", killed=6)
    assert ev.match_score(bare, market, market.mentions[0], weights) == 0
    # a city named only in the gold site words is no contradiction when the gold has no city
    zorbin = claim("e", "B", quote="hill outpost attacked", city="Zorbin", killed=3)
    assert ev.match_score(zorbin, outpost, outpost.mentions[0], weights) > 0
    assert ev.match_score(zorbin.model_copy(update={"place": IncidentPlace(city="Alphaville")}), outpost,
                          outpost.mentions[0], weights) == 0


def test_from_non_incident_by_quote_totals_and_marker() -> None:
    _, passages = ev.parse_seed_gold(SEED_GOLD)
    total, appended = passages
    assert total.totals == {140}
    assert appended.marker == "More Stories"
    assert ev.from_non_incident(claim("x", "A", quote="At least 140 people were killed in attacks"), total, None)
    assert ev.from_non_incident(claim("y", "A", quote="unrelated words", killed=140), total, None)
    assert not ev.from_non_incident(claim("z", "A", quote="a blast at the market", killed=6), total, None)
    assert not ev.from_non_incident(claim("w", "B", killed=140), total, None)  # other article
    late = claim("v", "B", quote="Gunmen killed nine in a far away town")
    early = claim("u", "B", quote="Three soldiers were killed at a hill outpost")
    assert ev.from_non_incident(late, appended, TEXT_B)
    assert not ev.from_non_incident(early, appended, TEXT_B)


def test_score_seeds_on_a_hand_made_table() -> None:
    a_market = claim("a1", "A", quote="a blast at the central fruit market", day=date(2021, 5, 2),
                     city="Alphaville", killed=6, wounded=10)
    a_bridge = claim("a2", "A", quote="last month at the river bridge checkpoint", day=date(2021, 4, 1),
                     precision="month", killed=1, primary=False)
    a_total = claim("a3", "A", quote="at least 140 people were killed in attacks this spring", killed=140,
                    primary=False)
    b_market = claim("b1", "B", quote="Six people died at the central fruit market", day=date(2021, 5, 1),
                     precision="month", city="Alphaville", killed=6)
    b_outpost = claim("b2", "B", quote="Three soldiers were killed at a hill outpost in Zorbin", killed=3,
                      primary=False)
    b_late = claim("b3", "B", quote="Gunmen killed nine in a far away town", killed=9, primary=False)
    table = [
        incident("I1", [a_market, b_market]),
        incident("I2", [a_bridge, b_outpost]),  # two gold incidents wrongly merged
        incident("I3", [a_total]),
        incident("I4", [b_late]),
    ]
    s = ev.score_seeds(table, SEED_GOLD, {"A": "", "B": TEXT_B})
    assert s["incidents_found"] == 3 and s["incidents_total"] == 3
    assert s["mentions_found"] == 4 and s["mentions_total"] == 4
    # killed in range: market A 6 in [5,7] yes, market B 6 yes, bridge 1 < 2 no, outpost 3 yes
    assert s["killed_in_range"] == pytest.approx(3 / 4)
    assert s["non_incident_claims"] == 2 and s["non_incident_passages_hit"] == 2
    assert s["multi_article_one_incident"] == 1 and s["multi_article_total"] == 1
    assert s["wrong_merge_pairs"] == 1
    assert s["unmatched_claims"] == 0


def test_score_seeds_one_claim_counts_for_one_mention_only() -> None:
    vague = claim("a1", "A", quote="central fruit market and river bridge checkpoint", city="Alphaville")
    s = ev.score_seeds([incident("I1", [vague])], SEED_GOLD, {"A": "", "B": ""})
    assert s["mentions_found"] == 1
    assert s["wrong_merge_pairs"] == 0


# ------------------------------------------------------------------ gvc/gva style scoring
def row(aid: str, gid: str, killed: int, injured: int, day: str = "2016-03-04", city: str = "Oakdale") -> dict:
    return {"id": aid, "gold_incident_id": gid,
            "gold": {"date": day, "city_or_county": city, "killed_victims": killed, "injured_victims": injured}}


def test_score_incident_set_fields_and_dedup() -> None:
    rows = [row("a", "g1", 2, 1), row("b", "g1", 2, 1), row("c", "g1", 2, 1),
            row("d", "g2", 0, 3, city="Lake (county)"), row("e", "g2", 0, 3, city="Lake (county)"),
            {"id": "f", "gold_incident_id": "g3", "gold": {"date": None, "killed": None}}]
    day = date(2016, 3, 4)
    i1 = incident("S1", [claim("ca", "a"), claim("cb", "b")], killed=Count(best=2), wounded=Count(best=1),
                  date=DateRange(start=day, precision="day"), place=IncidentPlace(city="Oakdale"))
    i2 = incident("S2", [claim("cc", "c"), claim("cd", "d")], killed=Count(), wounded=Count(best=3),
                  date=DateRange(start=day, precision="day"), place=IncidentPlace(city="Lake County"))
    i3 = incident("S3", [claim("cf", "f")])
    s = ev.score_incident_set([i1, i2, i3], rows)  # article e has no claim: a singleton
    assert s["gold_incidents"] == 2  # g3 has no Archive values
    # g1 -> S1 (2 of 3 articles); g2 -> S2 (its only article with a claim)
    assert s["killed_exact"] == 1.0 and s["injured_exact"] == 1.0
    assert s["date_exact"] == 1.0 and s["city_exact"] == 1.0
    assert s["killed_rmse"] == 0.0
    assert s["articles_without_claim"] == 1
    system = {"a": "S1", "b": "S1", "c": "S2", "d": "S2", "f": "S3"}
    gold = {r["id"]: r["gold_incident_id"] for r in rows}
    assert (s["b3_p"], s["b3_r"], s["b3_f1"]) == pytest.approx(ev.bcubed(system, gold))
    assert s["pair_p"] == pytest.approx(1 / 2)  # (a,b) right, (c,d) wrong
    assert s["pair_r"] == pytest.approx(1 / 4)  # of (a,b) (a,c) (b,c) (d,e)


def test_score_incident_set_unmapped_gold_counts_wrong() -> None:
    s = ev.score_incident_set([], [row("a", "g1", 0, 0)])
    assert s["killed_exact"] == 0.0 and s["mapped"] == 0.0
    assert s["killed_rmse"] is None


def test_write_errors_lists_only_gold_incidents_with_a_wrong_field(tmp_path) -> None:
    rows = [row("a", "g1", 2, 1), row("b", "g2", 1, 0, city="Lake (county)")]
    day = date(2016, 3, 4)
    right = incident("S1", [claim("ca", "a")], killed=Count(best=2), wounded=Count(best=1),
                     date=DateRange(start=day, precision="day"), place=IncidentPlace(city="Oakdale"))
    wrong_city = incident("S2", [claim("cb", "b")], killed=Count(best=1), wounded=Count(),
                          date=DateRange(start=day, precision="day"), place=IncidentPlace(city="Riverton"))
    out = tmp_path / "gvc.errors.jsonl"
    ev.write_errors(out, [right, wrong_city], rows)
    lines = [codec.loads(line) for line in out.read_bytes().splitlines()]
    assert [r["gold_incident_id"] for r in lines] == ["g2"]
    only = lines[0]
    assert only["city_ok"] is False and only["killed_ok"] and only["injured_ok"] and only["date_ok"]
    assert only["system"]["city"] == "Riverton" and only["gold"]["city"] == "Lake (county)"


def test_article_clusters_prefers_primary_claim() -> None:
    passing = claim("x1", "a", primary=False)
    main = claim("x2", "a", primary=True)
    clusters = ev.article_clusters([incident("P", [passing]), incident("Q", [main])])
    assert clusters == {"a": "Q"}


# ------------------------------------------------------------------ baselines
def art(aid: str, text: str, day: str = "2016-03-04") -> RawArticle:
    return RawArticle(id=aid, text=text, published_at=day)


def test_trivial_claim_reads_first_figures_and_publication_day() -> None:
    c = ev.trivial_claim(art("a", "Police said two people were killed and 14 others wounded on Friday."))
    assert c.killed == ClaimFigure(low=2, high=2)
    assert c.wounded == ClaimFigure(low=14, high=14)
    assert c.date.start == date(2016, 3, 4)
    assert c.place.city is None
    assert ev.trivial_claim(art("b", "Nobody was hurt.")).killed is None


def test_naive_city_and_day_city_grouping() -> None:
    names = frozenset({"Oakdale", "Lake Forest"})
    assert ev.naive_city("Shots in Lake Forest near Oakdale", names) == "Lake Forest"
    assert ev.naive_city("nothing here", names) is None
    arts = [art("a", "A man was shot in Oakdale."), art("b", "Oakdale police said one man died."),
            art("c", "Oakdale shooting.", day="2016-03-05"), art("d", "No place named.")]
    groups = ev.baseline_day_city(arts, names)
    sizes = sorted(len(i.articles) for i in groups)
    assert sizes == [1, 1, 2]
    assert all(len(i.articles) == 1 for i in ev.baseline_per_article(arts))


# ------------------------------------------------------------------ the command
def test_main_baselines_only_on_a_tiny_corpus(tmp_path, capsys) -> None:
    folder = tmp_path / "gvc"
    folder.mkdir()
    lines = [
        {**row("a", "g1", 1, 0), "text": "One man was killed in Oakdale.", "published_at": "2016-03-04",
         "outlet": "x", "url": None, "title": None},
        {**row("b", "g1", 1, 0), "text": "1 dead in Oakdale shooting.", "published_at": "2016-03-04",
         "outlet": "y", "url": None, "title": None},
    ]
    (folder / "articles.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    out = tmp_path / "numbers.json"
    assert ev.main(["--sets", "gvc", "--corpus", str(tmp_path), "--no-sitrep", "--json", str(out)]) == 0
    numbers = json.loads(out.read_text())
    assert numbers["results"]["gvc"]["trivial"]["killed_exact"] == 1.0
    assert "B-cubed F1" in capsys.readouterr().out


def test_main_reports_errors_with_nonzero_exit(tmp_path) -> None:
    assert ev.main(["--sets", "gvc", "--corpus", str(tmp_path), "--no-sitrep"]) == 1
    assert ev.main(["--sets", "nope"]) == 2


def test_to_article_drops_gold() -> None:
    a = ev.to_article({**row("a", "g1", 1, 0), "text": "t", "published_at": "2016-03-04", "split": "train"})
    assert a.id == "a" and a.published_at == datetime(2016, 3, 4, tzinfo=timezone.utc)
    assert "gold" not in a.model_dump()


def test_match_on_figures_needs_both_killed_and_wounded() -> None:
    golds, _ = ev.parse_seed_gold(SEED_GOLD)
    weights = ev._site_weights(golds)
    market = golds[0]
    both = claim("f", "A", killed=6, wounded=10)
    assert ev.match_score(both, market, market.mentions[0], weights) > 0
    one = claim("g", "A", killed=6, wounded=11)
    assert ev.match_score(one, market, market.mentions[0], weights) == 0


def test_explain_seeds_names_found_missed_and_non_incident_claims() -> None:
    found = claim("a1", "A", quote="a blast at the central fruit market", day=date(2021, 5, 2), city="Alphaville",
                  killed=6)
    total = claim("a3", "A", quote="at least 140 people were killed in attacks this spring", killed=140)
    lines = ev.explain_seeds([incident("I1", [found]), incident("I2", [total])], SEED_GOLD, {"A": "", "B": ""})
    text = "\n".join(lines)
    assert sum(line.startswith("found ") for line in lines) == 1
    assert sum(line.startswith("MISSED") for line in lines) == 3
    assert "NON-INCIDENT passage #0" in text


def test_site_hits_allow_inflections_but_not_short_prefixes() -> None:
    assert ev.site_hits({"freedonian", "embassy"}, {"freedonia", "embassy"}) == {"freedonian", "embassy"}
    assert ev.site_hits({"market"}, {"markets"}) == {"market"}
    assert ev.site_hits({"hill"}, {"hills"}) == set()  # too short to trust a prefix
    assert ev.site_hits({"market"}, {"marketplace"}) == set()  # more than an inflection


def test_site_words_alone_match_only_with_enough_weight() -> None:
    golds, _ = ev.parse_seed_gold(SEED_GOLD)
    weights = ev._site_weights(golds)
    bridge = golds[1]
    named = claim("h", "A", quote="gunmen also hit the river bridge checkpoint")
    assert ev.match_score(named, bridge, bridge.mentions[0], weights) >= ev.MATCH_POINTS
    one_word = claim("i", "A", quote="a bridge was closed")
    assert ev.match_score(one_word, bridge, bridge.mentions[0], weights) == 0

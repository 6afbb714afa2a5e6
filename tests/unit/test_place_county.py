"""A county the extractor names when a report knows no town: the incident keeps a town when any report names one,
a US county no report resolves stands for its largest town, in the pair rule a county neither confirms
nor contradicts a town, and a US county with no country said meets the US reports."""
from __future__ import annotations

from datetime import date

from schemas.claim import Claim, Place, block_key
from streams.incidents.reconcile import place_of
from tests.unit.test_reconcile_figures import claim
from tests.unit.test_resolve_score import make, verdict


def test_incident_prefers_a_town_over_a_county():
    claims = [claim("x", 2, city="Strelsau County"), claim("y", 3, city="Strelsau County"), claim("z", 4, city="Zenda")]
    assert place_of(claims).city == "Zenda"


def test_incident_keeps_the_county_when_no_report_names_a_town():
    assert place_of([claim("x", 2, city="Strelsau County"), claim("y", 3, city=None)]).city == "Strelsau County"


def test_county_does_not_contradict_a_town_in_the_pair_rule():
    a = make("a", date(2021, 6, 4), city="Strelsau County", killed=1, quote="A boy was shot dead at a farm.")
    b = make("b", date(2021, 6, 9), city="Zenda", killed=1, quote="A boy was shot dead at a farm.")
    none = make("b", date(2021, 6, 9), city=None, killed=1, quote="A boy was shot dead at a farm.")
    assert "different city" not in verdict(a, b)[2]
    assert verdict(a, b)[:2] == verdict(make("a", date(2021, 6, 4), city=None, killed=1,
                                             quote="A boy was shot dead at a farm."), none)[:2]


def test_tied_towns_go_to_the_earliest_report_not_the_alphabet():
    # Two reports each: the first report of the scene named Zenda; a follow-up on the court named Hentzau.
    claims = [claim("x", 2, city="Zenda"), claim("y", 3, city="Hentzau"), claim("z", 5, city="Hentzau"),
              claim("w", 4, city="Zenda")]
    assert place_of(claims).city == "Zenda"
    assert place_of([claim("x", 2, city="Zenda"), claim("y", 1, city="Hentzau")]).city == "Hentzau"


def test_tied_towns_go_to_the_one_the_reports_passages_name():
    # The earlier report's passage never names Hentzau (its town came from the dateline); both passages name Zenda.
    early = claim("x", 2, city="Hentzau").model_copy(update={"quote": "A guard was shot dead at the castle gate."})
    late = claim("y", 3, city="Zenda").model_copy(
        update={"quote": "A guard was shot dead at the castle gate in Zenda."}
    )
    assert place_of([early, late]).city == "Zenda"
    titled = early.model_copy(update={"title": "Hentzau guard shot dead"})
    assert place_of([titled, late]).city == "Hentzau"  # both named once more: the earliest report's again


def test_a_us_county_no_report_resolves_stands_for_its_largest_town():
    def us(name: str, day: int, city: str) -> Claim:
        c = claim(name, day, city=city)
        return c.model_copy(update={"place": Place(country="United States", admin1="Georgia", city=city)})

    assert place_of([us("x", 2, "Floyd County"), us("y", 3, "Floyd County")]).city == "Rome"
    assert place_of([us("x", 2, "Floyd County"), us("y", 3, "Cave Spring")]).city == "Cave Spring"
    assert place_of([claim("x", 2, city="Strelsau County")]).city == "Strelsau County"  # no US county


def test_a_part_of_a_big_city_another_report_names_counts_for_the_city():
    def fl(name: str, day: int, city: str) -> Claim:
        c = claim(name, day, city=city)
        return c.model_copy(update={"place": Place(country="United States", admin1="Florida", city=city)})

    # The earliest report names the quarter; on a one-to-one tie it would win. The city's report names the city.
    assert place_of([fl("x", 2, "Pine Hills"), fl("y", 3, "Orlando")]).city == "Orlando"
    # A town with its own post office may be a town of its own: no part of the city on the gazetteer's word alone.
    il = [c.model_copy(update={"place": c.place.model_copy(update={"admin1": "Illinois"})})
          for c in (fl("x", 2, "Cicero"), fl("y", 3, "Chicago"))]
    assert place_of(il).city == "Cicero"
    co = [c.model_copy(update={"place": c.place.model_copy(update={"admin1": "Colorado"})})
          for c in (fl("x", 2, "Littleton"), fl("y", 3, "Denver"))]
    assert place_of(co).city == "Littleton"  # its post office is its own, though in another county than the city's
    # Far from any big city, two towns stay two towns: the tie goes to the earliest report, as before.
    assert place_of([fl("x", 2, "Pine Hills"), fl("y", 3, "Tampa")]).city == "Pine Hills"


def test_a_us_county_with_no_country_said_is_filed_with_the_us_reports():
    def where(city: str | None, country: str | None = None) -> str:
        return block_key(claim("x", 2).model_copy(update={"place": Place(country=country, city=city)}))

    assert where("Floyd County") == where("Rome", "United States") == "united states"
    # "County Cork", a county the US has none of, or no place at all: nothing says the US.
    assert where("County Cork") == where("Strelsau County") == where(None) == "unknown"


def test_a_county_with_no_state_said_never_meets_a_report_from_a_state_without_such_a_county():
    quote = "A boy, 6, was shot dead at his uncle's home."
    county = make("a", date(2021, 6, 4), city="Harris County", admin1=None, country=None, killed=1, quote=quote)
    utah = make("b", date(2021, 6, 4), city="Provo", admin1="Utah", country="United States", killed=1, quote=quote)
    texas = make("c", date(2021, 6, 4), city="Baytown", admin1="Texas", country="United States", killed=1, quote=quote)
    assert verdict(county, utah)[2] == "county of another state"
    assert verdict(county, texas)[2] != "county of another state"


def test_a_town_a_report_names_outranks_the_outlets_home_standing_in_for_another():
    standing_in = claim("x", 2, city="Strelsau")
    standing_in = standing_in.model_copy(update={"place": standing_in.place.model_copy(update={"precision": "admin1"})})
    named = claim("y", 3, city="Zenda")
    assert place_of([standing_in, named]).city == "Zenda"
    assert place_of([standing_in, claim("z", 4, city=None)]).city == "Strelsau"  # the guess when nothing is named


def test_the_outlets_home_standing_in_neither_confirms_nor_contradicts_a_town():
    quote = "A 15-year-old boy was found shot dead in a field on Sunday."
    named = make("a", date(2021, 6, 4), city="Lexington", admin1="Kentucky", quote=quote, killed=1)
    home = make("b", date(2021, 6, 4), city="Edmonton", admin1="Kentucky", quote=quote, killed=1)
    home = home.model_copy(update={"place": home.place.model_copy(update={"precision": "admin1"})})
    why = verdict(named, home)[2]
    assert "different city (" in why and why.split("different city (")[1].split(",")[0].endswith("+0.0")
    # two placeless stories of one outlet share its home, which says nothing of their being one attack
    other = make("c", date(2021, 6, 4), city="Edmonton", admin1="Kentucky", quote="Gunfire hit a parked car.", killed=1)
    other = other.model_copy(update={"place": other.place.model_copy(update={"precision": "admin1"})})
    assert "same city" not in verdict(home, other)[2]

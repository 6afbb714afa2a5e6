"""Export formats: CSV columns an ACLED/UCDP user recognises, GeoJSON points from the gazetteer, JSONL records."""
from __future__ import annotations

import csv
import io
import json

from schemas.incident import Count, DateRange, Incident, IncidentArticle, IncidentPerpetrator, IncidentPlace
from streams.export import CSV_COLUMNS, to_csv, to_geojson, to_jsonl


def _incident(**kw) -> Incident:
    base = dict(
        incident_id="i-1",
        version=3,
        date=DateRange(start="2021-05-03", end="2021-05-03", precision="day"),
        place=IncidentPlace(country="Iraq", admin1="Nineveh", city="Mosul", site="central market", precision="site"),
        attack_type="bombing",
        perpetrator=IncidentPerpetrator(claimed_by="Group A", denied_by=["Group B"]),
        killed=Count(best=7, low=7, high=9),
        wounded=Count(best=15, low=12, high=15),
        conflicting=True,
        independent_sources=2,
        articles=[IncidentArticle(article_id="a", outlet="x.org", primary=True), IncidentArticle(article_id="b", outlet="y.com")],
        attackers_killed=1,
    )
    base.update(kw)
    return Incident(**base)


def test_csv_has_the_columns_and_values():
    rows = list(csv.DictReader(io.StringIO(to_csv([_incident()]))))
    assert list(rows[0]) == CSV_COLUMNS
    row = rows[0]
    assert (row["event_date"], row["date_precision"], row["country"], row["location"]) == ("2021-05-03", "day", "Iraq", "Mosul")
    assert (row["fatalities_best"], row["fatalities_low"], row["fatalities_high"]) == ("7", "7", "9")
    assert row["actor"] == "Group A" and row["actor_status"] == "claimed" and row["conflicting"] == "1"
    assert row["sources"] == "x.org; y.com" and "denied by Group B" in row["notes"] and "1 attacker" in row["notes"]
    assert abs(float(row["latitude"]) - 36.3) < 0.5 and abs(float(row["longitude"]) - 43.1) < 0.5


def test_geojson_points_and_unknown_places():
    unknown = _incident(incident_id="i-2", place=IncidentPlace(country="Iraq"))
    fc = json.loads(to_geojson([_incident(), unknown]))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert abs(lat - 36.3) < 0.5 and abs(lon - 43.1) < 0.5
    assert fc["features"][1]["geometry"] is None and fc["features"][1]["properties"]["event_type"] == "bombing"


def test_jsonl_round_trips():
    line = to_jsonl([_incident()]).splitlines()[0]
    assert Incident.model_validate_json(line) == _incident()

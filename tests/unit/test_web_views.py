"""The web view's pure parts: filtering and sorting the table, escaping article text, following merges."""
from __future__ import annotations

from schemas.incident import Count, DateRange, Incident, IncidentClaim, IncidentPerpetrator, IncidentPlace
from streams.web.views import filter_records, incident_html, incidents_html


def _r(iid, day, country, kind="bombing", killed=None, conflicting=False, claimed=None) -> Incident:
    return Incident(
        incident_id=iid,
        date=DateRange(start=day, end=day, precision="day") if day else DateRange(),
        place=IncidentPlace(country=country, city="Town"),
        attack_type=kind,
        killed=Count(best=killed, low=killed, high=killed),
        conflicting=conflicting,
        perpetrator=IncidentPerpetrator(claimed_by=claimed),
    )


RECORDS = [
    _r("a", "2021-01-05", "Iraq", killed=3, claimed="Group North"),
    _r("b", "2021-03-01", "Syria", "armed_assault", killed=10, conflicting=True),
    _r("c", None, "Iraq", "arson"),
    _r("d", "2020-12-31", "Iraq", killed=1),
]


def ids(records):
    return [r.incident_id for r in records]


def test_default_is_newest_first_with_undated_last():
    assert ids(filter_records(RECORDS, {})) == ["b", "a", "d", "c"]


def test_filters_combine():
    assert ids(filter_records(RECORDS, {"country": "iraq"})) == ["a", "d", "c"]
    assert ids(filter_records(RECORDS, {"type": "armed_assault"})) == ["b"]
    assert ids(filter_records(RECORDS, {"conflicting": "1"})) == ["b"]
    assert ids(filter_records(RECORDS, {"perpetrator": "north"})) == ["a"]
    assert ids(filter_records(RECORDS, {"from": "2021-01-01", "to": "2021-02-01"})) == ["a"]
    assert ids(filter_records(RECORDS, {"sort": "killed", "order": "asc"})) == ["c", "d", "a", "b"]


def test_article_text_is_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    record = _r("x", "2021-01-01", evil, claimed=evil).model_copy(
        update={"claims": [IncidentClaim(claim_id="c1", article_id="a1", outlet=evil, quote=evil, source=evil,
                                         url="javascript:alert(1)'><script>")]}
    )
    for page in (incidents_html([record]), incident_html(record)):
        assert "<script>" not in page and "&lt;script&gt;" in page and "javascript:" not in page


def test_filter_choices_come_from_the_whole_table():
    page = incidents_html(filter_records(RECORDS, {"country": "Syria"}), {"country": "Syria"}, universe=RECORDS)
    assert "<option>Iraq</option>" in page and "of 4" in page

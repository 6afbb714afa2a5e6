"""The web view's pure parts: filtering and sorting the table, escaping article text, following merges."""
from __future__ import annotations

from schemas.incident import Count, DateRange, Incident, IncidentClaim, IncidentPerpetrator, IncidentPlace
from datetime import datetime, timezone

from schemas.incident import IncidentArticle, MergeRecord, TollPoint
from streams.web.views import HTML_HEADERS, LIVE_SCRIPT, filter_records, incident_html, incidents_html, row_summary, rows_payload


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
        # The table page carries exactly one script, its own live updater; nothing from the data is a script.
        own = page.count("<script>") - (1 if LIVE_SCRIPT.split("\n")[0] in page else 0)
        assert own == 0 and "<script>alert" not in page and "&lt;script&gt;" in page and "javascript:" not in page


def test_live_script_never_writes_html():
    # The script may only build nodes and set text: innerHTML/outerHTML/insertAdjacentHTML/document.write with
    # polled data would let a hostile place name run as markup.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in LIVE_SCRIPT
    assert "textContent" in LIVE_SCRIPT and "view" in LIVE_SCRIPT


def test_rows_payload_matches_the_server_rendered_row():
    record = _r("k", "2021-02-03", "Iraq", killed=4, claimed="Group North").model_copy(
        update={"killed": Count(best=4, low=3, high=6), "independent_sources": 2,
                "articles": [IncidentArticle(article_id="a1"), IncidentArticle(article_id="a2"),
                             IncidentArticle(article_id="a3")]}
    )
    row = row_summary(record)
    assert row["date"] == "2021-02-03" and row["place"] == "Town, Iraq"
    assert (row["killed"], row["killed_range"]) == ("4", "(3–6)")
    assert (row["wounded"], row["wounded_range"]) == ("–", "")
    assert row["claimed"] == "Group North" and row["sources"] == "2 (3 articles)"
    page = incidents_html([record])
    assert "4 <small>(3–6)</small>" in page and "2 (3 articles)" in page
    payload = rows_payload(filter_records(RECORDS, {"country": "Syria"}), total=len(RECORDS))
    assert payload["total"] == 4 and [r["id"] for r in payload["rows"]] == ["b"]


def test_incident_page_shows_claims_history_merges_and_mentions():
    when = datetime(2021, 5, 1, 9, 30, tzinfo=timezone.utc)
    record = _r("m", "2021-05-01", "Chad", killed=5).model_copy(update={
        "claims": [
            IncidentClaim(claim_id="c1", article_id="a1", outlet="Daily One", url="https://one.example/x",
                          published_at=when, primary=True, source="the governor", quote="Five people were killed."),
            IncidentClaim(claim_id="c2", article_id="a2", outlet="Weekly Two", url="data:text/html,hi",
                          quote="It recalled the attack."),
        ],
        "history": [TollPoint(claim_id="c1", article_id="a1", kind="killed", low=3, high=3, published_at=when),
                    TollPoint(claim_id="c3", article_id="a3", kind="killed", low=5, high=7,
                              published_at=when.replace(hour=18), source="a medic")],
        "articles": [IncidentArticle(article_id="a1", outlet="Daily One", url="https://one.example/x", primary=True),
                     IncidentArticle(article_id="a2", outlet="Weekly Two", url="data:text/html,hi")],
        "merges": [MergeRecord(absorbed_id="old-1", reason="same place and day, score 0.91")],
        "aliases": ["old-1"],
    })
    page = incident_html(record)
    assert "<a href='https://one.example/x'" in page
    assert "href='data:" not in page
    assert "the governor" in page and "2021-05-01 09:30 UTC" in page and "Five people were killed." in page
    assert "<svg" in page and page.count("class='toll-point'") == 2 and "a medic" in page
    mentions = page.split("id='mentions'>")[1].split("</ul>")[0]
    assert "Weekly Two" in mentions and "Daily One" not in mentions
    assert "same place and day, score 0.91" in page and "old-1" in page.split("id='aliases'>")[1]


def test_filter_choices_come_from_the_whole_table():
    page = incidents_html(filter_records(RECORDS, {"country": "Syria"}), {"country": "Syria"}, universe=RECORDS)
    assert "<option>Iraq</option>" in page and "of 4" in page


def test_csp_allows_exactly_the_pages_own_script():
    import base64
    import hashlib
    import re

    page = incidents_html(RECORDS)
    (script,) = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = HTML_HEADERS["Content-Security-Policy"]
    assert f"script-src 'sha256-{digest}'" in csp and "unsafe-eval" not in csp and "default-src 'none'" in csp


def test_sort_links_flip_the_active_column_and_keep_filters():
    page = incidents_html(RECORDS, {})
    # Default is date, newest first: the Date link offers oldest first, the others start descending.
    assert "sort=date&amp;order=asc'>Date</a> ▼" in page and "sort=killed&amp;order=desc'>Killed</a><" in page
    page = incidents_html(RECORDS, {"country": "Iraq", "sort": "killed", "order": "asc"})
    assert "country=Iraq&amp;sort=killed&amp;order=desc'>Killed</a> ▲" in page

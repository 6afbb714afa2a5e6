"""Claim status across the records: old records still load, incidents sum up their claims' statements, and the
table, the detail page and the CSV export show the status."""
from __future__ import annotations

import csv
import io

from schemas import codec
from schemas.claim import Claim, Perpetrator, Responsibility, standing
from schemas.incident import Incident, IncidentPerpetrator
from streams.export import to_csv
from streams.incidents.reconcile import perpetrator_of
from streams.web.views import incident_html, row_summary

CLAIMED = Responsibility(status="claimed", group="Group A", by="Group A", channel="Telegram")
DOUBTED = Responsibility(status="doubted", group="Group A", by="provincial officials")


def _claim(name: str, perpetrator: Perpetrator) -> Claim:
    return Claim(claim_id=f"c-{name}", article_id=f"a-{name}", article_hash="h", mention_index=0,
                 extractor_version="t", perpetrator=perpetrator)


def test_older_records_load_and_read_suspected_as_speculated():
    old = {"kind": "claim", "claim_id": "c", "article_id": "a", "article_hash": "h", "mention_index": 0,
           "extractor_version": "rules-1", "perpetrator": {"status": "suspected", "attributed_to": "Group B"}}
    claim = Claim.model_validate(old)
    assert claim.perpetrator.status == "speculated" and claim.perpetrator.statements == []
    assert IncidentPerpetrator.model_validate({"status": "suspected"}).status == "speculated"
    record = codec.loads(codec.dumps(Incident(incident_id="i", perpetrator=IncidentPerpetrator(claimed_by="Group A"))))
    assert Incident.model_validate(record).perpetrator.actor() == ("Group A", "claimed")


def test_standing_takes_the_firmest_word_and_its_doubt():
    assert standing([]) == "unknown"
    assert standing([CLAIMED]) == "claimed"
    assert standing([CLAIMED, DOUBTED]) == "doubted"
    other = Responsibility(status="doubted", group="Group C")
    assert standing([CLAIMED, other]) == "claimed"  # a doubt about another group's claim leaves this one standing
    assert standing([Responsibility(status="unclaimed"), Responsibility(status="speculated", group="Group B")]) == "speculated"


def test_incident_sums_up_statements_from_all_its_claims():
    first = _claim("x", Perpetrator(status="claimed", claimed_by="Group A", statements=[CLAIMED]))
    second = _claim("y", Perpetrator(status="doubted", claimed_by="Group A", statements=[CLAIMED, DOUBTED]))
    legacy = _claim("z", Perpetrator(status="unclaimed", attributed_to="Group B", denied_by=["Group C"]))
    p = perpetrator_of([first, second, legacy])
    assert p.status == "doubted" and p.claimed_by == "Group A"
    assert [(r.status, r.group, r.by) for r in p.statements] == [
        ("claimed", "Group A", "Group A"),
        ("denied", "Group C", "Group C"),
        ("doubted", "Group A", "provincial officials"),
        ("speculated", "Group B", None),  # an older claim's suspicion, rebuilt from its summary fields
        ("unclaimed", None, None),
    ]
    assert perpetrator_of([first, second]) == perpetrator_of([second, first])


def test_views_and_export_show_the_status():
    record = Incident(incident_id="i", perpetrator=IncidentPerpetrator(
        status="doubted", claimed_by="Group A", statements=[CLAIMED, DOUBTED]))
    row = row_summary(record)
    assert (row["claimed"], row["claim_status"]) == ("Group A", "claim doubted")
    page = incident_html(record)
    assert "claimed by Group A on Telegram · claim of Group A doubted by provincial officials" in page
    out = next(csv.DictReader(io.StringIO(to_csv([record]))))
    assert (out["actor"], out["actor_status"]) == ("Group A", "doubted") and "doubted by provincial officials" in out["notes"]
    speculated = Incident(incident_id="j", perpetrator=IncidentPerpetrator(status="speculated", attributed_to="Group B"))
    assert row_summary(speculated)["claim_status"] == "speculated"

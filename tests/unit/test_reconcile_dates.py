"""The incident date from its claims: a date the text states beats publication days put in for texts without one."""
from __future__ import annotations

from datetime import date, datetime, timezone

from schemas.claim import Claim, DateRef, Place
from streams.incidents.reconcile import date_of


def claim(name: str, day: int, phrase: str, published: int) -> Claim:
    return Claim(
        claim_id=f"c-{name}", article_id=f"a-{name}", article_hash="h", mention_index=0, extractor_version="t",
        published_at=datetime(2022, 3, published, 12, tzinfo=timezone.utc), primary=True,
        date=DateRef(start=date(2022, 3, day), end=date(2022, 3, day), precision="day", phrase=phrase),
        place=Place(country="Ruritania", city="Zenda"), attack_type="armed_assault",
    )


def test_a_stated_date_beats_more_publication_days():
    claims = [
        claim("x", 5, "(publication date)", 5),
        claim("y", 5, "(publication date)", 5),
        claim("z", 3, "late Thursday", 5),
    ]
    assert date_of(claims).start == date(2022, 3, 3)


def test_publication_days_stand_when_no_text_states_a_date():
    claims = [claim("x", 5, "(publication date)", 5), claim("y", 6, "(publication date)", 6)]
    assert date_of(claims).start == date(2022, 3, 5)


def test_a_stated_date_beats_a_day_the_story_only_mentions():
    claims = [claim("x", 2, "(story date) Wednesday", 5), claim("y", 2, "(story date) Wednesday", 5),
              claim("z", 3, "on Thursday night", 5)]
    assert date_of(claims).start == date(2022, 3, 3)


def test_a_day_the_story_mentions_beats_publication_days():
    claims = [
        claim("x", 5, "(publication date)", 5),
        claim("y", 5, "(publication date)", 5),
        claim("z", 4, "(story date) Friday", 5),
    ]
    assert date_of(claims).start == date(2022, 3, 4)


def test_a_written_out_date_counts_as_two_reports_of_a_weekday():
    assert date_of([claim("x", 2, "Wednesday", 5), claim("y", 4, "March 4", 6)]).start == date(2022, 3, 4)
    assert date_of([claim("x", 2, "Wednesday", 5), claim("y", 4, "03/04/2022", 6)]).start == date(2022, 3, 4)
    # Three reports of the weekday still outweigh it; "3 days ago" is counted back like a weekday.
    three = [claim("x", 2, "Wednesday", 5), claim("y", 2, "late Wednesday", 5), claim("w", 2, "Wednesday night", 5)]
    assert date_of(three + [claim("z", 4, "March 4", 6)]).start == date(2022, 3, 2)
    assert date_of([claim("x", 2, "Wednesday", 5), claim("y", 4, "3 days ago", 7)]).start == date(2022, 3, 2)

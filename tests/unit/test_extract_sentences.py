"""Sentence splitting around abbreviations, pinned on sentences written for these tests."""
from __future__ import annotations

from streams.extract.sentences import split


def texts(text: str) -> list[str]:
    return [s.text for s in split(text)]


def test_a_clock_time_ends_its_sentence_before_a_new_one():
    assert texts("The man was held just before 5 a.m. Deputies say the search began Sunday.") == [
        "The man was held just before 5 a.m.", "Deputies say the search began Sunday.",
    ]
    assert texts("Shots rang out at 11:40 p.m. The victim died later.") == [
        "Shots rang out at 11:40 p.m.", "The victim died later.",
    ]


def test_a_clock_time_runs_on_into_its_day_month_or_time_zone():
    for text in (
        "Shots rang out at 5 a.m. Sunday near the bar.",
        "It was 9 p.m. Jan. 4 when officers arrived.",
        "The blast came at 10 a.m. EST on the main road.",
        "Officers came at 8 p.m. Eastern time.",
    ):
        assert texts(text) == [text]


def test_titles_and_initials_do_not_end_a_sentence():
    assert texts("Early Wednesday, the Rev. Paul Doe and John F. Roe spoke.") == [
        "Early Wednesday, the Rev. Paul Doe and John F. Roe spoke."
    ]

"""The cheap tests that let extraction skip work must never skip a match: lowercased twins of IGNORECASE
patterns, and the cue words each date pattern is gated on."""
from __future__ import annotations

import re

import pytest

from streams.extract.actors import ATTACK_CUES, _ANY_CUE, attack_type
from streams.extract.casefold import lowered
from streams.extract.dates import _CUES, _DIGIT, _PATTERNS
from streams.extract.mentions import EVENT, _NEW_CUE

MIXED_CASE = [
    "GUNMEN OPENED FIRE on a wedding party, KILLING six and Wounding 11, officials said.",
    "The Group CLAIMED Responsibility in a Statement; police Suspect a rival gang was behind it.",
    "A Roadside IED exploded near the market. In A Separate Incident, a rocket hit a school.",
    "Officers Said The Victim Was Hospitalized After The Shooting; the gun Went Off by accident.",
    "Nothing happened here: a quiet council meeting about parking.",
]


def test_lowered_refuses_a_pattern_that_could_not_match_lowercased_text():
    with pytest.raises(ValueError):
        lowered(re.compile(r"\bIED\b", re.I))
    with pytest.raises(ValueError):
        lowered(re.compile(r"[A-Z]\w+ County", re.I))
    with pytest.raises(ValueError):
        lowered(re.compile(r"killed"))  # not case-insensitive to begin with
    twin = lowered(re.compile(r"\bshot\S*\s+\D{2}ad\b", re.I))  # capital escapes are no capital letters
    assert not twin.flags & re.IGNORECASE and twin.search("shot dead")


@pytest.mark.parametrize("pattern", [EVENT, _NEW_CUE, _ANY_CUE] + [p for _, p in ATTACK_CUES], ids=str)
def test_lowered_twin_matches_where_the_original_does(pattern):
    twin = lowered(pattern)
    for text in MIXED_CASE:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in twin.finditer(text.lower())], text


def test_attack_type_reads_capitals_as_before():
    assert attack_type("A ROADSIDE IED EXPLODED near the convoy.") == "bombing"
    assert attack_type("Gunmen STORMED the hotel and opened fire.") == "armed_assault"


DATED = [
    "It happened on the Fourth of July, a day after Independence Day parties, and on New Year's Eve.",
    "Shot on 2021-06-01, again on 6/2/21, then on June 3, 2021 and on 4th of June, or Monday (6/7) evening.",
    "Two weeks ago, in March, earlier this month and last year, and in 2019.",
    "Late Tuesday night, early this morning, yesterday, tonight and overnight.",
    "ON SATURDAY AFTERNOON, LAST SUNDAY, and MLK Day; Martin Luther King Jr. Day too.",
]


@pytest.mark.parametrize("text", DATED)
def test_every_date_match_holds_its_patterns_cue(text):
    # The cue inside the match itself: then no sentence can hold the match without the cue.
    for kind, pattern in _PATTERNS:
        cues = _CUES[kind]
        for m in pattern.finditer(text):
            found = m.group().lower()
            assert (_DIGIT.search(found) is not None) if cues is None else any(c in found for c in cues), (kind, m)


def test_every_date_pattern_has_a_cue_entry():
    assert {kind for kind, _ in _PATTERNS} == set(_CUES)

"""Number phrases: reads a count as written ("31", "twenty-one", "a dozen", "dozens"), writes (low, high, vague).

Compound number words go through text2num; vague quantity words map to ranges so that "dozens" is never read
as 12 or as 100.
"""
from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: (i + 2) * 10 for i, w in enumerate(_TENS)}

_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_TEN = "|".join(_TENS)
_WORDNUM = (
    rf"(?:(?:{_TEN})(?:[- ](?:{_UNIT}))?|(?:{_UNIT}))(?:\s+hundred(?:\s+(?:and\s+)?(?:(?:{_TEN})(?:[- ](?:{_UNIT}))?|{_UNIT}))?)?"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"

# Vague quantities: a range (high None = open) and the word kept as the qualifier.
VAGUE: dict[str, tuple[int, int | None]] = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "several": (3, 9),
    "a few": (2, 5),
    "a handful": (2, 5),
    "a couple": (2, 2),
    "a couple of": (2, 2),
    "multiple": (2, None),
    "many": (3, None),
    "numerous": (3, None),
}
_VAGUE = r"dozens(?:\s+of)?|scores(?:\s+of)?|hundreds(?:\s+of)?|thousands(?:\s+of)?|several|a\s+few|a\s+handful(?:\s+of)?|a\s+couple(?:\s+of)?|multiple|numerous"

# A count as written. Group "num" holds the whole count phrase.
NUMBER = rf"(?:{_DIGITS}|{_WORDNUM}|a\s+dozen|(?:{_VAGUE}))"
NUMBER_RE = re.compile(rf"\b(?:{NUMBER})\b", re.I)
QUALIFIER = (
    r"at\s+least|at\s+most|nearly|almost|about|around|approximately|roughly|some|more\s+than|over|up\s+to|"
    r"as\s+many\s+as|fewer\s+than|less\s+than|an\s+estimated|another|an\s+additional|a\s+further|only|just"
)
QUALIFIER_RE = re.compile(rf"\b({QUALIFIER})\s+$", re.I)


@lru_cache(maxsize=4096)
def parse_number(phrase: str) -> tuple[int, int | None, str | None] | None:
    """(low, high, vague word) for a count phrase; None when it is not a count."""
    p = re.sub(r"\s+", " ", phrase.strip().lower())
    if not p:
        return None
    if p[0].isdigit():
        try:
            value = int(p.replace(",", ""))
        except ValueError:
            return None
        return value, value, None
    if p == "a dozen":
        return 12, 12, None
    for word, (low, high) in VAGUE.items():
        if p == word or p == word + " of" or p.startswith(word + " "):
            return low, high, word
    if p in _WORD_VALUES:
        v = _WORD_VALUES[p]
        return v, v, None
    try:
        v = text2num(p.replace(" and ", " "), "en")
    except ValueError:
        return None
    return v, v, None


def normalise_qualifier(q: str | None) -> str | None:
    if not q:
        return None
    q = re.sub(r"\s+", " ", q.strip().lower())
    if q in ("another", "an additional", "a further"):
        return None  # "another six were killed" states six exactly: it adds to an earlier figure, it bounds nothing
    return {"more than": "over", "fewer than": "under", "less than": "under", "an estimated": "about"}.get(q, q)

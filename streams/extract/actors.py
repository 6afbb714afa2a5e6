"""Actors: reads the sentences of one mention, writes who did it (claim status), who said what, and the attack type.

- Perpetrator status, one statement per group and speaker (schemas.claim.Responsibility): claimed (on which
  channel), doubted (a claim questioned, and by whom), attributed (by a third party, named), speculated ("believed
  to be behind", "bore the hallmarks of"), denied, unclaimed; their summary fills the flat fields. The attacker
  count and how many attackers died are kept apart from the victims.
- Sources: "X said", "told AFP", "according to X", and pronoun carry-over across sentences ("He had earlier
  told AFP" -> the last named speaker).
- Attack type: the most specific type the mention's wording supports (suicide bombing > rocket/mortar > bombing...).
"""
from __future__ import annotations

import re

from schemas.claim import Perpetrator, Responsibility, standing
from streams.extract.casefold import lowered

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
_LOWER = re.compile(r"[a-z]")
_GROUP_RE = [(name, re.compile(rf"\b(?:{pat})", re.I if name not in ("Islamic State",) else 0)) for name, pat in GROUPS]

# Claim-status cues, each with the side of the cue where its group is usually named: "before" (the subject: "IS
# claimed", "the Taliban denied"), "after" (the object: "blamed the Taliban", "bore the hallmarks of IS"), "adjacent"
# (right before: "IS's claim"). Negations come first and hide the cues inside them: "no group has claimed
# responsibility" holds a claim cue, "denied it was behind the attack" an attribution.
_UNCLAIMED = re.compile(
    r"\bno\s+(?:one|body|individual|group|organi[sz]ation|faction|militant\s+group)(?:\s+or\s+(?:group|individual|"
    r"organi[sz]ation))?\s+(?:has|had|have)?\s*(?:yet\s+|immediately\s+|so\s+far\s+|publicly\s+)?(?:claimed|"
    r"taken\s+responsibility|accepted\s+responsibility|come\s+forward)|\bnobody\s+(?:has\s+|had\s+)?(?:yet\s+|"
    r"immediately\s+)?(?:claimed|taken\s+responsibility)|\b(?:there\s+(?:was|has\s+been|is)\s+)?no\s+(?:immediate\s+)?"
    r"claim\s+of\s+responsibility|\bnot\s+(?:yet\s+|immediately\s+)?(?:been\s+)?claimed\b|\bunclaimed\b|"
    r"\bhas\s+not\s+(?:yet\s+)?claimed\b",
    re.I,
)
_CUES: list[tuple[str, str, re.Pattern[str]]] = [
    ("claimed", "before", re.compile(
        r"\bclaim(?:ed|s|ing)?\s+(?:the\s+)?(?:full\s+)?responsibility|\b(?:took|taken|takes|accepted|accepts)\s+"
        r"responsibility|\bclaim(?:ed|s|ing)?\s+credit|\btook\s+credit|\bclaimed\s+(?:the|an|this|that|both|it|"
        r"Friday's|Monday's|Tuesday's|Wednesday's|Thursday's|Saturday's|Sunday's)\s+(?:\w+\s+)?(?:attack|bombing|"
        r"assault|blast|explosion|killings?|shooting|ambush|raid|massacre|strike|kidnapping)s?\b|\bclaimed\s+it\b|\bclaim\s+(?:of|for)\s+responsibility|"
        r"\bsaid\s+(?:it|its\s+(?:fighters|militants|members|men|forces))\s+(?:had\s+)?(?:carried\s+out|was\s+behind|"
        r"were\s+behind|conducted|staged|launched)\b",
        re.I,
    )),
    ("claimed", "after", re.compile(r"\bclaimed\s+by\b", re.I)),
    ("claimed", "adjacent", re.compile(r"\bclaim\b", re.I)),  # "the ISKP claim", "IS's claim"
    ("denied", "before", re.compile(
        r"\bden(?:ied|ies|y|ying)\s+(?:any\s+|all\s+)?(?:its\s+|their\s+)?(?:involvement|responsibility|role|"
        r"the\s+claim|(?:any\s+)?(?:link|connection)|carrying\s+out|being\s+behind|(?:that\s+)?(?:it|they)\s+"
        r"(?:was|were|had\s+been)\s+(?:behind|involved|responsible))|\bdistanced\s+(?:itself|themselves)\s+from|"
        r"\bsaid\s+(?:it|they)\s+(?:had|has|have)\s+nothing\s+to\s+do\s+with|\brejected\s+(?:the\s+)?"
        r"(?:accusations?|allegations?|charges?)\b",
        re.I,
    )),
    ("doubted", "near", re.compile(
        r"\bclaims?\b[^.;]{0,60}?\b(?:could\s+not|cannot|can\s+not|couldn['’]t|has\s+not|have\s+not|was\s+not|"
        r"were\s+not)\s+(?:be\s+|been\s+)?(?:independently\s+|immediately\s+)?(?:verified|confirmed|authenticated)|"
        r"\b(?:could\s+not|cannot|couldn['’]t|unable\s+to|not\s+(?:possible|able)\s+to|did\s+not|has\s+not\s+been\s+"
        r"able\s+to)\s+(?:independently\s+|immediately\s+)?(?:verify|confirm|authenticate)\s+(?:the\s+|its\s+|their\s+|"
        r"this\s+|that\s+|[\w'’-]+\s+){0,2}(?:claims?|statement|authenticity)|\bverify\s+(?:the\s+|its\s+|this\s+|"
        r"[\w'’-]+\s+){0,2}claims?\b|\bcast(?:s|ing)?\s+doubts?\s+(?:on|over|about)|\b(?:raised|expressed|voiced)\s+"
        r"doubts?\s+(?:about|over|on)|\bdoubt(?:ed|s)?\s+(?:the|its|their|that)\s+(?:\w+\s+)?claims?|\bquestion(?:ed|s)?"
        r"\s+(?:the\s+)?(?:claims?|credibility|authenticity)|\b(?:dismissed|rejected|disputed)\s+(?:the\s+|its\s+|"
        r"[\w'’-]+\s+){0,2}claims?\b|\bunverified\s+claims?|\bskeptic(?:al|ism)\s+(?:of|about)|\bsceptic(?:al|ism)\s+"
        r"(?:of|about)|\b(?:views?|viewed|regards?|regarded|treats?|treated)\s+(?:[\w'’-]+\s+){1,8}?with\s+"
        r"(?:suspicion|skepticism|scepticism)",
        re.I,
    )),
    ("attributed", "after", re.compile(
        r"\battributed\s+(?:this|the|that)?\s*(?:\w+\s+)?(?:attack|bombing|blast|assault|explosion)?\s*to|\bblamed\b|"
        r"\baccused\b|\bheld\s+(?=\S+(?:\s+\S+){0,4}\s+responsible)|\b(?:pinned|put|laid|placed)\s+(?:the\s+)?blame\s+"
        r"on|\b(?:attack|bombing|blast|assault|explosion)\s+was\s+(?:carried\s+out|staged|perpetrated|committed)\s+by",
        re.I,
    )),
    ("attributed", "before", re.compile(
        r"\b(?:was|were)\s+(?:behind|responsible\s+for)\s+(?:the|this|that|these|Friday's|Monday's|Tuesday's|"
        r"Wednesday's|Thursday's|Saturday's|Sunday's)\b|\b(?:was|were)\s+involved\s+in\s+(?:the|this|that|these)\s+"
        r"(?:\w+\s+){0,2}(?:attacks?|bombings?|blasts?|assaults?|explosions?)",
        re.I,
    )),
    ("speculated", "before", re.compile(
        r"\b(?:is|are|was|were)\s+(?:widely\s+|strongly\s+|also\s+)?(?:believed|thought|suspected|presumed)\s+to\s+"
        r"(?:be|have)\b|\b(?:is|are|was|were)\s+(?:the\s+)?(?:main|prime|chief|likely)\s+suspects?\b|\b(?:may|might|could)"
        r"\s+(?:have\s+been|be)\s+(?:behind|responsible)",
        re.I,
    )),
    ("speculated", "after", re.compile(
        r"\b(?:bore|bears?|bearing|had|has|carried|carries)\s+(?:all\s+)?the\s+(?:hall)?marks\s+of|\bhallmarks\s+of|"
        r"\b(?:suspect|suspects|suspected|believe|believes|believed|think|thinks)\s+(?:that\s+)?(?=(?:the\s+)?[A-Z])|"
        r"\b(?:likely|probably|possibly)\s+(?:the\s+work\s+of|carried\s+out\s+by|behind|responsible)|\bthe\s+work\s+of|"
        r"\b(?:such|these|similar|most\s+of\s+these|most\s+such)\s+(?:\w+\s+){0,2}?attacks\s+(?:are|have\s+been|were)\s+"
        r"(?:usually\s+|often\s+|typically\s+|mostly\s+|generally\s+)?(?:carried\s+out|claimed|conducted)\s+by|"
        r"\bsuspicions?\s+(?:fell|falls|has\s+fallen|have\s+fallen)\s+on|\bfingers?\s+(?:were\s+)?pointed\s+at",
        re.I,
    )),
]
# Words every cue above holds one of: most sentences have none, and skip the cues.
_ANY_CUE = re.compile(
    r"claim|responsib|credit|\bden[iy]|distanced|nothing\s+to\s+do|reject|blame|accus|attribut|(?:out|ted|ged)\s+by|"
    r"behind|involved\s+in|suspect|suspicio|believ|thought|think|presum|marks\s+of|work\s+of|doubt|statement|"
    r"authentic|credib|skeptic|sceptic|pointed|said\s+its?\b",
    re.I,
)
_ANY_CUE_LOWER = lowered(_ANY_CUE)
# Who speaks, in the words just before a cue: "Afghan officials", "the government of Pakistan", "The Taliban".
_WHO_BEFORE = re.compile(
    r"((?:(?:the|some|several|many|other|local|senior|top|Western|foreign|security|intelligence)\s+)*"
    r"(?:(?:[A-Z][\w'’.-]*|spokes(?:man|woman|person)|ministry|police|chief|minister|governor)\s+){0,5}"
    r"(?:officials?|analysts?|experts?|observers|authorities|police|investigators|"
    r"diplomats|government|ministry|military|army|spokes(?:man|woman|person)|sources|[A-Z][\w'’.-]*)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?)\s+(?:(?:has|have|had|also|later|quickly|"
    r"publicly|immediately|reportedly|already|is|are|was|were|so\s+far|yet|too)\s+)*$"
)
_SAID_BEFORE = re.compile(r"\s+(?:said|say|says|told\s+\w+|believe|believes|added)\s+(?:that\s+)?(?:the\s+)?$")
_WHO_AFTER = re.compile(
    r",\s*((?:(?:the|some|several|many|local|senior|security|intelligence|government|military)\s+)*(?:[A-Z][\w'’.-]*\s+){0,4}(?:officials?|"
    r"analysts?|experts?|observers|authorities|police|investigators|diplomats|sources|spokes(?:man|woman|person))|"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:said|say|says|told|added|believe|believes|suspect|suspects)\b|"
    r"\baccording\s+to\s+((?:the\s+)?(?:[\w'’.-]+\s+){0,5}?(?:officials?|analysts?|experts?|authorities|police|"
    r"investigators|sources|ministry|government|[A-Z][\w'’.-]+))\b"
)
_NOT_WHO = re.compile(r"^(?:the\s+)?(?:It|This|That|These|Those|There|The|A|An|He|She|They|We|I|Its|Their|But|And|"
                      r"However|Although|Though|While|Meanwhile|Also|So|Yet|Still|Earlier|Later)$", re.I)
_CHANNELS = [
    re.compile(r"\b(Telegram|Amaq|Aamaq|A'maq|Nashir|al-Naba|Twitter|X\.com|Facebook|WhatsApp)\b", re.I),
    re.compile(r"\b(SITE\s+Intelligence\s+Group|website|video|audio\s+message|statement)\b", re.I),
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
    ("bombing", re.compile(r"\bbomb(?:s|ing|ings|ed)?\b|\bblasts?\b|\bexplosions?\b|\bexplosive\b|\bied\b|\bexploded\b|\bdetonat", re.I)),
    ("armed_assault", re.compile(r"\bshot\b|\bshooting\b|\bgunm[ae]n\b|\bgunfire\b|\bopened\s+fire\b|\bgun\b|\bguns\b|\barmed\s+(?:attack|men)\b|\bstormed\b|\bshots?\s+fired\b|\bstabb(?:ed|ing)\b|\bgunshot\b|\bshooter\b|\brifle\b|\bpistol\b|\bhandgun\b|\bfirearm\b|\bmachine\s+guns?\b", re.I)),
    ("assassination", re.compile(r"\bassassinat|\btargeted\s+killing\b", re.I)),
    ("arson", re.compile(r"\barson\b|\bset\s+(?:fire|ablaze)\b|\bfirebomb", re.I)),
]
_PRIORITY = {name: i for i, (name, _) in enumerate(ATTACK_CUES)}
_ATTACK_CUES_LOWER = [(name, lowered(pattern)) for name, pattern in ATTACK_CUES]


def group_spans(text: str) -> list[tuple[int, int, str]]:
    """Armed groups named in the text: (start, end, name), in order. Where names overlap ("Islamic State Khorasan
    Province" also holds "Islamic State", "Tehreek-e-Taliban Pakistan" holds "Taliban") the longer one stands."""
    found = sorted(
        (
            (m.start(), m.end(), name)
            for name, pattern in _GROUP_RE
            for m in pattern.finditer(text)
            # In capitals ("HE IS HERE", broadcast transcripts) "IS" is a verb, not the group.
            if m.group() != "IS" or _LOWER.search(text, max(0, m.start() - 15), m.end() + 15)
        ),
        key=lambda g: (g[0], g[0] - g[1]),
    )
    out: list[tuple[int, int, str]] = []
    for g in found:
        if out and g[0] < out[-1][1]:
            continue
        out.append(g)
    return out


def attack_type(text: str) -> str:
    counts: dict[str, int] = {}
    low = text.lower()
    for name, pattern in _ATTACK_CUES_LOWER:
        n = len(pattern.findall(low))
        if n:
            counts[name] = n
    if not counts:
        return "other"
    armed = counts.get("armed_assault", 0)
    if "suicide_bombing" in counts and counts["suicide_bombing"] + counts.get("bombing", 0) >= armed:
        return "suicide_bombing"
    return max(counts.items(), key=lambda kv: (kv[1], -_PRIORITY[kv[0]]))[0]


def perpetrator(sentences: list[str]) -> Perpetrator:
    """Every statement the mention's sentences make on who did it, per group, and their summary (schemas.claim)."""
    statements: list[Responsibility] = []
    for text in sentences:
        for r in _statements(text):
            key = (r.status, r.group, r.by)
            same = next((i for i, o in enumerate(statements) if (o.status, o.group, o.by) == key), None)
            if same is None:
                statements.append(r)
            elif r.channel and not statements[same].channel:
                statements[same] = r
    claimed = next((r for r in statements if r.status == "claimed"), None)
    attributed = next((r for r in statements if r.status == "attributed"), None)
    # A doubt that names no group ("the claim could not be verified") is about the claim or attribution reported.
    subject = (claimed or attributed).group if (claimed or attributed) else None
    kept: list[Responsibility] = []
    for r in statements:
        if r.status == "doubted" and r.group is None:
            if subject is None:
                continue  # doubt with nothing to doubt: "viewed with suspicion" is not about a claim
            r = r.model_copy(update={"group": subject})
        if r not in kept:
            kept.append(r)
    # The same word from an unnamed speaker adds nothing once a named one has said it.
    spoken = {(r.status, r.group) for r in kept if r.by}
    kept = [r for r in kept if r.by or (r.status, r.group) not in spoken]
    speculated = next((r for r in kept if r.status == "speculated"), None)
    named = attributed or speculated
    denied: list[str] = []
    for r in kept:
        who = r.group or "unnamed"
        if r.status == "denied" and who not in denied and (claimed is None or who != claimed.group):
            denied.append(who)
    return Perpetrator(
        status=standing(kept),  # type: ignore[arg-type]
        claimed_by=claimed.group if claimed else None,
        claim_channel=claimed.channel if claimed else None,
        attributed_to=named.group if named else None,
        attributed_by=attributed.by if attributed else None,
        denied_by=denied,
        statements=kept,
    )


def _statements(text: str) -> list[Responsibility]:
    """The claim-status statements of one sentence, each with its group, who made it and, for claims, the channel."""
    if not _ANY_CUE_LOWER.search(text.lower()):
        return []
    groups = group_spans(text)
    out: list[Responsibility] = []
    blocked = [m.span() for m in _UNCLAIMED.finditer(text)]
    if blocked:
        out.append(Responsibility(status="unclaimed"))
    for status, side, pattern in _CUES:
        if not groups and status not in ("denied", "doubted"):
            continue  # a claim, attribution or suspicion names its group
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in blocked):
                continue
            if status == "denied":
                named = _clause_groups(text, groups, m.start()) or [None]
                out.extend(Responsibility(status="denied", group=g, by=g) for g in named)
                blocked.append(m.span())  # "denied that it was behind the attack" attributes nothing
                continue
            if status == "doubted":
                group = next((g for a, b, g in groups if m.start() <= a < m.end()), None) or _group_at(groups, m, "adjacent")
                by = _who_before(text, m.start()) or _who_after(text, m.end())
                out.append(Responsibility(status="doubted", group=group, by=None if by == group else by))
                continue
            group = _group_at(groups, m, side)
            if group is None:
                continue
            if status == "claimed":
                if group == "Taliban" and not _close(groups, m, "Taliban", 40):
                    continue  # the Taliban govern and are named everywhere: only a claim right beside them is theirs
                channel = next((c.group(1) for c in (ch.search(text) for ch in _CHANNELS) if c), None)
                out.append(Responsibility(status="claimed", group=group, by=group, channel=channel))
                continue
            named_at = max((a for a, b, g in groups if g == group and b <= m.start()), default=None)
            if side == "after" or named_at is None:  # "officials blamed G"; "the gunmen were believed to be G"
                by = _who_before(text, m.start()) or _who_after(text, m.end())
            else:  # "officials said G was behind"
                by = _who_before(text, named_at, said=True) or _who_after(text, m.end())
            out.append(Responsibility(status=status, group=group, by=None if by == group else by))  # type: ignore[arg-type]
    return out


def _group_at(groups: list[tuple[int, int, str]], m: re.Match[str], side: str) -> str | None:
    """The group a cue speaks of: on its side of the cue within reach, else the nearest on the other side."""
    if side == "adjacent":
        return next((g for a, b, g in groups if re.fullmatch(r"(?:['’]s)?\s?", m.string[b : m.start()])), None)
    before = [(m.start() - b, g) for a, b, g in groups if b <= m.start()]
    after = [(a - m.end(), g) for a, b, g in groups if a >= m.end()]
    first, second = (before, after) if side == "before" else (after, before)
    near = [x for x in first if x[0] <= 100] or [x for x in second if x[0] <= 60]
    return min(near)[1] if near else None


def _close(groups: list[tuple[int, int, str]], m: re.Match[str], name: str, reach: int) -> bool:
    return any(g == name and a - reach <= m.start() <= b + reach for a, b, g in groups)


_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:but|while|although|though|whereas|and)\b|\bbut\b")


def _clause_groups(text: str, groups: list[tuple[int, int, str]], pos: int) -> list[str]:
    """Groups named in the clause that ends at pos ("The Taliban and the Haqqani network denied ...")."""
    lo = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, pos)), default=0)
    return list(dict.fromkeys(g for a, b, g in groups if lo <= a and b <= pos))


def _who(phrase: str) -> str | None:
    phrase = phrase.strip(" ,")
    if not phrase or _NOT_WHO.match(phrase):
        return None
    spans = group_spans(phrase)
    return spans[0][2] if spans else re.sub(r"^the\s+", "", phrase, flags=re.I)


def _who_before(text: str, pos: int, said: bool = False) -> str | None:
    """The speaker right before pos ("Afghan officials blamed", with said=True also "Officials said IS ...")."""
    window = text[max(0, pos - 90) : pos]
    if said:
        verb = _SAID_BEFORE.search(window)
        if verb is None:
            return None
        window = window[: verb.start()] + " "
    m = _WHO_BEFORE.search(window)
    return _who(m.group(1)) if m else None


def _who_after(text: str, pos: int) -> str | None:
    """The speaker named after pos: ", officials said", "according to the interior ministry"."""
    m = _WHO_AFTER.search(text, pos)
    return _who(m.group(1) or m.group(2)) if m else None


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


def people_in(sentences: list[str], places: frozenset[str] = frozenset()) -> list[str]:
    """Named victims, targets and suspects: names given with an age, or introduced as identified/named/targeted.
    Not a town the article names as a place (`places`): "in Mount Vernon, 10 miles away" has the shape of a name
    with an age."""
    found: list[str] = []
    for text in sentences:
        for pattern in _PERSON_PATTERNS:
            for m in pattern.finditer(text):
                name = _TITLES.sub("", m.group(1)).strip()
                words = name.split()
                if len(words) < 2 or any(w in _NOT_NAME_WORDS for w in words) or name in places:
                    continue
                if name not in found:
                    found.append(name)
    return found[:12]

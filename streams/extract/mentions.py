"""Attack mentions: reads the cleaned text's sentences, writes one MentionDraft per specific attack reported.

A cheap relevance gate marks event sentences (attack or harm words); only those get the date and figure rules.
A new mention opens when an event sentence points at another attack: a date that does not fit the current
one ("last year", "on August 11"), an explicit cue ("In another incident", "Before that", "a similar attack"),
or a new indefinite attack in another place. A sentence whose date fits an earlier mention returns to it
("Wednesday's attack"). Totals over periods ("in the last two months", "a series of attacks") open nothing.
A sentence that lists earlier attacks by their sites ("the recent explosions in the X mosque, the Y centre and
...") is read piece by piece: each listed site the article tells nowhere else is an attack named in passing, a
mention of its own; the story goes on in the mention it interrupted. A follow-up's bare weekday kept from the first
report ("was shot Saturday") that falls on the weekday of the day it names its attack by ("the May 7 shooting") is
that attack, not a later one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from schemas.claim import DateRef
from streams.extract.casefold import lowered
from streams.extract.dates import DateHit, find_dates
from streams.extract.figures import RawFigure, find_figures
from streams.extract.sentences import Sentence

# A gun that goes off by itself in the telling: how accidental shootings are headlined ("Hunter's rifle discharges").
_GUN_WENT_OFF = r"(?:gun|pistol|handgun|rifle|shotgun|firearm)\s+(?:fire[sd]|went\s+off|goes\s+off|discharge[sd])"
EVENT = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|dead|died|dies|death|deaths|deadly|fatal(?:ly)?|wound(?:ed|ing|s)?|injur(?:ed|ies|ing|y)|"
    r"hurt|shot|shoots|shoot(?:ing|ings|er|outs?)?|gunfire|bullets?|gunshots?|gunm[ae]n|attack(?:ed|s|er|ers)?|bomb(?:s|ing|er|ers|ed)?|"
    r"blasts?|explo(?:sion|sions|ded|sive)|murder(?:ed)?|homicide|slain|assault|rockets?|mortars?|hostages?|"
    rf"suicide|stabb(?:ed|ing)|massacre|casualt(?:y|ies)|victims?|opened\s+fire|fired|hospitali[sz]ed|{_GUN_WENT_OFF})\b",
    re.I,
)
EVENT_LOWER = lowered(EVENT)
_NEW_CUE = re.compile(
    r"\b(?:in\s+(?:another|a\s+separate|an\s+unrelated)\s+(?:incident|attack|case|shooting|development)|"
    r"another\s+(?:\w+\s+){0,2}?(?:attack|bombing|blast|explosion|incident|shooting|assault)|before\s+(?:that|this)\b|"
    r"a\s+similar\s+(?:\w+\s+)?(?:attack|bombing|assault)|earlier\s+(?:this|that)\s+(?:month|year)|"
    r"last\s+(?:year|month)|previous(?:ly)?\s+(?:attack|bombing)|separately\b|the\s+second\s+[\w-]+\s+(?:\w+\s+)?to\s+be\s+killed|"
    r"(?:the\s+)?most\s+deadly\s+attack|the\s+deadliest\s+attack\s+(?:was|came)|in\s+other\s+shootings|"
    r"same\s+(?:ceremony|event|place|site)\s+last|(?:was|were)\s+also\s+(?:attacked|targeted|hit|bombed|stormed))\b",
    re.I,
)
_NEW_CUE_LOWER = lowered(_NEW_CUE)
# The cues of _NEW_CUE that name another attack outright, not only by its time ("last month").
_OTHER_CUE = re.compile(
    r"\b(?:another|separate|unrelated|similar|previous(?:ly)?|separately|before\s+(?:that|this)|also\s+(?:attacked|"
    r"targeted|hit|bombed|stormed)|other\s+shootings)\b",
    re.I,
)
_SUMMARY = re.compile(
    r"\b(?:in\s+the\s+(?:last|past)\s+(?:\w+\s+){0,2}(?:months?|weeks?|years?|days)|so\s+far\s+this\s+year|"
    r"since\s+(?:January|the\s+start|the\s+beginning|\d{4})|this\s+year\s+alone|in\s+these\s+attacks|"
    r"in\s+(?:\w+\s+)?attacks\s+(?:in|across|on)|a\s+series\s+of|several\s+(?:\w+\s+)?attacks|multiple\s+attacks|"
    r"hundreds\s+of\s+people\s+were\s+killed|have\s+been\s+killed\s+in\s+(?:\w+\s+)?attacks|so\s+far\s+in|"
    r"in\s+\d{4}\s+(?:alone|so\s+far)|(?:homicides?|shootings|killings)\s+(?:this|last)\s+year|"
    r"year[- ]to[- ]date|there\s+have\s+been\s+(?:a\s+reported\s+|at\s+least\s+|more\s+than\s+)?\d+|"
    r"at\s+this\s+time\s+last\s+year|in\s+(?:those|these)\s+(?:shootings|incidents|attacks|bombings)|"
    r"(?:data|database|statistics|figures|tally|report)\s+(?:\w+\s+){0,3}(?:shows?|showed|compiled|maintained|released)|"
    r"(?:in|across|throughout)\s+(?:the\s+)?(?:[A-Z][\w.]+\s+){1,2}(?:this|last)\s+year|so\s+far\s+this\s+(?:year|month)|"
    r"through\s+(?:Nov|Dec|Oct|Sept?|Aug|Jul|Jun|May|Apr|Mar|Feb|Jan)\w*\.?\s+\d|per\s+year|every\s+year|each\s+year|a\s+year\s+ago|on\s+average|statistics)\b",
    re.I,
)
# "It happened at 10:20 p.m. Sunday", "The incident occurred early Friday": a sentence that tells when the story's
# attack took place without naming it; it dates the mention like an attack sentence does.
_WHEN_SENTENCE = re.compile(
    r"^(?:it|this|that|the\s+(?:[\w-]+\s+)?(?:incident|shooting|attack|call|gunfire|violence|altercation|confrontation))"
    r"\s+(?:\w+\s+)?(?:happened|occurred|took\s+place|unfolded|erupted)\b",
    re.I,
)
_ALSO_ATTACKED = re.compile(r"\b(?:was|were)\s+also\s+(?:attacked|targeted|hit|bombed|stormed)\b", re.I)
_HARM = re.compile(
    r"\b(?:shot|shoots|shootings?|shootouts?|killed|killing|stabbed|stabbing|murder(?:ed)?|homicide|slain|gunfire|wounded|"
    r"wounding|injured|dead|died|dies|bomb(?:ing)?|blast|explosion|attack(?:ed)?|gunman|gunmen|opened\s+fire|gunshots?|"
    rf"bullets?|{_GUN_WENT_OFF})\b",
    re.I,
)
_INDEFINITE_ATTACK = re.compile(
    r"\b(?:an?|one)\s+(?:\w+\s+){0,2}?(?:attack|bombing|blast|explosion|shooting|assault|suicide\s+attack)\b", re.I
)
_ATTACK_NOUN = re.compile(
    r"\b(?:attack|bombing|blast|explosion|shooting|assault|barrage|stormed|attacked|opened\s+fire|targeted|exploded|"
    r"suicide\s+attack|rocket\s+attack)\b",
    re.I,
)
# A court of law, not "the court" or "a basketball court" where people play and are shot.
_COURT = r"(?<!\bthe\s)(?<!\ba\s)(?<!ball\s)(?<!tennis\s)(?<!food\s)court"
# Words that look ahead to a day ("will be arraigned Monday", "turns 6 on Sunday"): no day the attack was.
_AHEAD_WORDS = r"scheduled|expected|will|turns\s+\d+|turning\s+\d+"
_NON_EVENT_DATE_BEFORE = re.compile(
    r"\b(?P<word>said|says|told|announced|reported|confirmed|stated|tweeted|added|identified|charged|arrested|"
    rf"arraigned|sentenced|indicted|pleaded|appeared|buried|funeral|vigil|{_COURT}|hearing|trial|booked|jailed|"
    r"statement|press\s+conference|updated|published|posted|visited|condemned|convicted|surrendered|captured|"
    rf"detained|memorial|services|{_AHEAD_WORDS}|since|until|died|dies|passed\s+away|succumbed|"
    r"taken\s+off\s+life\s+support|released|apprehended|custody|extradited|bond|bail)\b[^.;,]{0,18}$",
    re.I,
)
# "died in a shooting May 20", "in custody after a shooting Sunday": an attack named between a state's word and the
# date is what the date is of ("charged with murder Wednesday" is the charge's day: no preposition names an attack).
_ATTACK_AFTER_STATE = re.compile(
    r"\b(?:in|after|during|from|of)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?"
    r"(?:shootings?|stabbings?|attacks?|gunfire|shootout|bombing|blast|explosion|drive-by|ambush)\s*$",
    re.I,
)
# A date belongs to the verb it follows ("was shot Sunday", "remained in critical condition Tuesday"); a date
# before any verb of its clause belongs to the verb after it ("On Monday, police released", "Police Sunday said").
_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which)\s+(?:on\s+)?$", re.I)
_LEFT_STOP = re.compile(r"[;\"“”—–]|:(?!\d)")
_COPULA_BEFORE = re.compile(r"\b(?:was|were)\s+(?:on\s+)?$", re.I)
# An attack word as the name of a finding: "ruled a homicide", "classified as a homicide".
_RULED_BEFORE = re.compile(
    r"\b(?:ruled|classified\s+as|deemed|declared)\s+(?:[\w'’-]+\s+){0,5}?(?:an?\s+)?"
    r"(?:homicide|suicide|accident(?:al)?|justified)\s*$",
    re.I,
)
_CLOCK_BEFORE = re.compile(
    r"\b(?:\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m\.?|midnight|noon)(?:\s+(?:on|of))?\s*$", re.I
)
_CLOCK_AFTER = re.compile(
    r",?\s*(?:at|around|about|shortly\s+(?:after|before)|just\s+(?:after|before))\s+(?:(?:approximately|about|around)\s+)?"
    r"(?:\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m\b|\d{1,2}:\d\d\b)",
    re.I,
)
_SPEECH = re.compile(r"said|says", re.I)
_SPOKEN = re.compile(
    r"(?:said|says|told|announced|reported|confirmed|stated|tweeted|added|statement|press\s+conference|updated|"
    rf"published|posted|{_AHEAD_WORDS}|since|until)\b",
    re.I,
)
_ATTRIBUTION = re.compile(r",\s*(?:[\w.'’-]+\s+){0,4}(?:said|says|say|reported|reports)\b", re.I)
_RIGHT_STOP = re.compile(r"[.,;:!?()\"“”—–]|\b(?:after|when|while|before|because|that|who|which|but|as|and)\s", re.I)
_ATTACK_VERB = re.compile(
    r"\b(?:shot|shooting|shootings|shootout|killed|killing|slain|murdered|wounded|injured|gunfire|opened\s+fire|fired|"
    r"struck|stabbed|stabbing|happened|occurred|took\s+place|erupted|rang\s+out|broke\s+out|went\s+off|discharged|"
    r"found(?!\s+(?:not\s+)?guilty)|discovered|attacked|attack|ambushed|gunned\s+down|robbed|broke\s+into|dispatched|respond(?:ed|ing)|arrived|"
    r"called\s+(?:to|911|out)|(?:was|were)\s+called|homicide|murder|drive-by|rampage|spree|blast|explosion|bombing|"
    r"bullets?|hit|suffered|invasion|incident|shots|gunshots|911\s+call|broke\s+in|"
    r"(?:wounds?|injuries)\s+(?:received|suffered|sustained))\b"
    r"(?:\s+(?:was|were)\s+reported)?",
    re.I,
)
_STATE_VERB = re.compile(
    r"\b(?:said|says|told|tells|announced|reported|confirmed|stated|tweeted|added|identif(?:y|ied|ies|ying)|"
    r"named|charged|arrested|"
    rf"arraigned|sentenced|indicted|pleaded|plea|appeared|appearance|buried|funeral|vigil|{_COURT}|judge|hearing|trial|"
    r"booked|jailed|jail|statement|(?:news|press)\s+conference|updated|published|posted|visited|condemned|convicted|"
    r"surrendered|captured|detained|memorial|services|scheduled|expected|will|died|dies|passed\s+away|succumbed|"
    r"pronounced|"
    r"released|release|apprehended|custody|extradited|bond|bail|remained|remains|remain|continued|continues|"
    r"condition|recovering|guilty|verdict|surgery|undergo(?:es|ing)?|underwent|ordered|courtroom|thanked|"
    r"turned\s+(?:him|her)self\s+in|returned\s+to|hospitali[sz]ed|ruled|autopsy|conducted|obtained|filed|held|faced|sought|searching|"
    r"warrant|issued|notified|hospital|spoke|interview|gathered|mourn(?:ed|ing)?|remember(?:ed|ing)?|honou?r(?:ed|ing)|"
    r"celebrat(?:e|ed|es|ing)|birthday|marched|rally|prayed|"
    r"wore|planned|estimated|shown|pictured|photographed|photo\s+taken|determined|pledged|vowed|urged|"
    r"(?:was|were)\s+to\s+(?:begin|start|be|have|go|return|graduate|celebrate|turn)|(?:was|were)\s+confident)\b",
    re.I,
)
_DATED_NOUN = re.compile(
    r"^(?:['’]s)?\s+(?:(?:(?-i:[A-Z])[\w-]*|fatal|deadly|double|triple|quadruple|mass|accidental|apparent|drive-by|"
    r"gang-related|early|late|morning|afternoon|evening|night|home|police|attempted|alleged|shooting)\s+){0,2}"
    r"(?:attacks?|shootings?|bombings?|blasts?|explosions?|assault|massacre|incident|killings?|shootout|rampage|"
    r"homicides?|murders?|stabbing|ambush|death|deaths|encounter|violence|gunfire|crash)\b",
    re.I,
)
# Dates that stamp the text rather than tell of an event: a dateline "(July 3, 2015)", "UPDATE July 16, 3:03 p.m.:",
# a tweet's "(@reporter) August 29, 2016", a photo caption ending ", Thursday, Sept. 15, 2016."
_STAMP_BEFORE = re.compile(r"(?:\(\s*|\bupdate[ds]?:?\s*|\(@\w+\)\s*)$", re.I)
# "From April 15: Police release photo": an earlier story's date heading a link to it.
_FROM_STAMP_BEFORE = re.compile(r"^\s*from\s+$", re.I)
# A date that names a procedure or a broadcast, not the attack: "at his Saturday arraignment", "Tune in Thursday".
_STATE_NOUN_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:bond|court|preliminary|detention|news|press)\s+)?(?:arraignments?|hearings?|"
    r"appearances?|conferences?|vigils?|funerals?|memorials?|meetings?|newscasts?|broadcasts?)\b",
    re.I,
)
# A state that may come weeks or months after the attack: a step of the law ("pleaded guilty Tuesday", "was arrested
# Friday night", "at his Saturday arraignment") or a rite ("Sunday's vigil"), unlike a stay in hospital or a death,
# which follow it closely. A capitalised Court is a street ("Ferintosh Court") unless its kind names a court of law.
_PROCEDURE_BEFORE = re.compile(
    r"\b(?:charged|arrested|arraigned|sentenced|indicted|pleaded|plea|(?-i:court)|judge|hearing|trial|booked|jailed|"
    r"(?:superior|district|circuit|municipal|juvenile|county|criminal|federal|supreme|magistrate|family)\s+court|"
    r"custody|bond|bail|surrendered|apprehended|convicted|extradited|turned\s+(?:him|her)self\s+in)\b[^.;,]{0,25}$",
    re.I,
)
# A clock's "p.m." ends no sentence: "Tune in Thursday at 6 p.m. and Friday at 6 a.m." names two broadcasts.
_BROADCAST_BEFORE = re.compile(r"\b(?:tune\s+in|watch|join\s+us|stay\s+with)\b(?:[ap]\.m\.|[^.;,:]){0,40}$", re.I)
_HEADING = re.compile(r"^[^.!?…\"“”]{3,90}$")
_ATTACK_AFTER_POSSESSIVE = re.compile(
    r"^(?:attacks?|shootings?|bombings?|blasts?|explosions?|barrage|assault|violence|massacre|incident|killings?|"
    r"shootout|raid|strike|rampage|carnage|gunfire|stabbing|homicide|murders?|tragedy|ambush|siege)$",
    re.I,
)
# Lists of attacks by site: a plural attack noun, then two or more named sites ("the Blue Star mosque, the Nadir
# Shah education centre in Farah and ..."). A named site is capitalised words before a site noun, perhaps with a
# place after it; the capitalised words tell it apart from the sites the article tells at length.
_LIST_HEAD = re.compile(
    r"\b(?:attacks|bombings|blasts|explosions|shootings|assaults|massacres|raids|strikes)\s+(?:\w+\s+){0,2}?"
    r"(?:in|at|on|against|targeting|near)\s+",
    re.I,
)
_SITE_NOUN = (
    r"(?:mosque|church|cathedral|temple|synagogue|shrine|school|madrass?a|university|academy|college|cent(?:er|re)|"
    r"hospital|clinic|hotel|embassy|consulate|market|bazaar|mall|office|ministry|airport|stadium|nightclub|club|"
    r"restaurant|cafe|theat(?:er|re)|cinema|checkpoint|base|compound|station|hall|square|bank|camp|prison|"
    r"headquarters|palace|parliament|outpost)"
)
_SITE_ITEM = re.compile(
    rf"(?:the\s+)?((?:[A-Z][\w'’.-]*\s+){{1,5}})(?:[a-z][\w'’-]*\s+){{0,2}}?(?i:{_SITE_NOUN}s?)\b"
    r"(?:\s+(?:in|of|near)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:[\s-]+[A-Z][\w'’.-]*){0,3})?"
)
_ITEM_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:in|at|on|near)\s+)?")
# Or a sentence of two or more indefinite attacks, each at its own place ("after a blast at a mosque in X that
# killed 9 and a bombing at a school in Y that killed 4").
_ATTACK_ITEM = re.compile(
    r"\b(?:an?|one)\s+(?:[\w-]+\s+){0,2}?(?:attack|bombing|blast|explosion|shooting|assault|stabbing|raid)\s+"
    r"(?:at|on|in|near|outside|against)\s+(?:[\w'’-]+\s+){0,4}?(?:in|at)\s+[A-Z]",
    re.I,
)
_KIND_RANK = {"iso": 0, "month_day": 0, "day_month": 0, "numeric": 0, "weekday": 1, "deictic": 1, "ago": 2}
_PREC_RANK = {"day": 0, "month": 1, "year": 2, None: 3}
_GIFT_BEFORE = re.compile(r"\bfor\s+$", re.I)
_WEEKEND_AFTER = re.compile(r"^\s*weekend\b", re.I)
_NIGHT = re.compile(r"^(?:overnight|last\s+night|tonight)$", re.I)
_WEAK_PERIOD = re.compile(r"^(?:this|past)\s+(?:year|month)$|^(?:in|of|by|during)\s+(?:19|20)\d\d$|^since", re.I)


@dataclass
class SentInfo:
    sent: Sentence
    event: bool
    summary: bool = False
    new_cue: bool = False
    figures: list[RawFigure] = field(default_factory=list)
    date: DateRef | None = None
    date_hit: DateHit | None = None
    # "was in critical condition Friday night": not the attack's date, but no later than the attack's report of it
    state_date: DateRef | None = None
    counted_date: DateRef | None = None  # "arrested Thursday, a day after the shooting": Thursday less a day
    all_dates: list[DateHit] = field(default_factory=list)
    places: frozenset[str] = frozenset()
    indefinite: bool = False
    listed: frozenset[str] | None = None  # an attack in a list: the words of its site's name, if named


@dataclass
class MentionDraft:
    sentences: list[SentInfo] = field(default_factory=list)
    date: DateRef | None = None
    date_sentence: SentInfo | None = None
    places: set[str] = field(default_factory=set)
    paragraph: int = 0
    listed: frozenset[str] | None = None  # an attack named in passing in a list, by these words of its site's name

    @property
    def start(self) -> int:
        return self.sentences[0].sent.start

    @property
    def end(self) -> int:
        return max(s.sent.end for s in self.sentences)

    def victim_figures(self) -> list[RawFigure]:
        return [f for s in self.sentences for f in s.figures if f.subject == "victims"]

    def has_substance(self) -> bool:
        if any(s.figures for s in self.sentences) or self.listed:
            return True
        if self.sentences and self.sentences[0].new_cue and _ALSO_ATTACKED.search(self.sentences[0].sent.text):
            return True
        if self.date is not None and any(
            s.event and not s.summary and _ATTACK_NOUN.search(s.sent.text) for s in self.sentences
        ):
            return True
        return False


def _night_before(night: DateRef, day: DateRef) -> bool:
    """"Overnight" and "last night" reach into the evening before: "an overnight shooting" may be "11 p.m. Thursday"."""
    if not _NIGHT.match(night.phrase or "") or _NIGHT.match(day.phrase or "") or day.precision != "day":
        return False
    return night.start is not None and day.start == night.start - timedelta(days=1)


def _compatible(a: DateRef, b: DateRef, same_paragraph: bool = True) -> bool:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return True
    if _night_before(a, b) or _night_before(b, a):
        return True
    if a.start > b.end or b.start > a.end:
        return False
    if _PREC_RANK[a.precision] == _PREC_RANK[b.precision]:
        return True
    # A coarser date than the current one names another attack ("earlier this month", "in August"); a finer one
    # only sharpens it within the same paragraph ("in mid-December ..." then "On December 2, a blast ...").
    return _PREC_RANK[a.precision] < _PREC_RANK[b.precision] and same_paragraph


def _names_attack(hit: DateHit, text: str) -> bool:
    """Whether the date is part of an attack's name: "the Sept. 1 shooting", "Friday's triple murder", and with its
    year set off by commas, "the Nov. 1, 2013, attack"."""
    after = text[hit.end :]
    if re.search(r"\d{4}$", hit.ref.phrase or "") and after.startswith(","):
        after = after[1:]
    return bool(_DATED_NOUN.match(after))


def governor(hit: DateHit, text: str) -> str | None:
    """What the date of a sentence tells the time of: "attack", "state" (someone spoke, went to court or lay in
    hospital) or None when no verb this rule knows governs it."""
    found = _governing_verb(hit, text)
    return found[0] if found else None


def _governing_verb(hit: DateHit, text: str) -> tuple[str, str] | None:
    """The kind of the verb that governs a date, as `governor` tells it, and the words of the verb after it when the
    date opens its clause ("" otherwise)."""
    if _names_attack(hit, text):
        return "attack", ""  # "the Sept. 1 shooting", "Friday's triple murder"
    left = text[max(0, hit.start - 90) : hit.start]
    if _RULED_BEFORE.search(left):
        return "state", ""  # "the death was ruled a homicide Monday": the ruling's day, not the attack's
    if _COPULA_BEFORE.search(left):
        return "attack", ""  # "The deadliest attack was on August 26": the date is said of the clause's subject
    stops = list(_LEFT_STOP.finditer(left))
    left = left[stops[-1].end() :] if stops else left
    if _RELATIVE_BEFORE.search(left):
        left = ""  # "contradict the chief, who on Friday said ...": a relative clause opens on the date; its verb follows
    last: tuple[int, str, str] | None = None
    for pattern, kind in ((_ATTACK_VERB, "attack"), (_STATE_VERB, "state")):
        for m in pattern.finditer(left):
            if last is None or m.end() > last[0] or (m.end() == last[0] and kind == "attack"):
                last = (m.end(), kind, m.group(0))
    # "The sheriff says around 2 p.m. on Sunday, deputies were dispatched": words between a speech verb and the date
    # open the reported clause, whose own verb governs the date.
    if last is not None and not (_SPEECH.fullmatch(last[2]) and re.search(r"\w", left[last[0] :])):
        return last[1], ""
    if _CLOCK_BEFORE.search(left) or _CLOCK_AFTER.match(text[hit.end :]):
        return "attack", ""  # "Around 9 a.m. Tuesday, ...", "On Tuesday at 8:33 p.m. a deputy ...": an event's time
    right = text[hit.end : hit.end + 60]
    if right.startswith(","):
        if _ATTRIBUTION.match(right):
            return None  # "at his home on December 29, arrest papers say, ...": a source, not the date's verb
        right = right[1:]  # "On Monday, police released ...", "The coroner on Monday, Feb. 6, released ..."
    stop = _RIGHT_STOP.search(right)
    right = right[: stop.start()] if stop else right
    first: tuple[int, str, str] | None = None
    for pattern, kind in ((_ATTACK_VERB, "attack"), (_STATE_VERB, "state")):
        m = pattern.search(right)
        if m is not None and (first is None or m.start() < first[0]):
            first = (m.start(), kind, m.group(0))
    return (first[1], first[2]) if first else None


def _procedure(hit: DateHit, text: str) -> bool:
    """Whether a state date is a step of the law or a rite, which says nothing of how near the attack was."""
    before = text[max(0, hit.start - 60) : hit.start]
    return bool(_PROCEDURE_BEFORE.search(before) or _STATE_NOUN_AFTER.match(text[hit.end :]))


# A day still to come that a weekday counted back from publication would put in the past: "turns 6 on Sunday",
# "is expected to make his first court appearance Monday".
# A comma or a clock time between does not end it: "will be held at the home, Saturday", "is planned for 7 p.m. Friday".
_AHEAD_BEFORE = re.compile(
    rf"\b(?:{_AHEAD_WORDS}|planned)\b(?:[^.;]|\b[ap]\.m\.){{0,50}}$", re.I
)


def looks_ahead(hit: DateHit, text: str) -> bool:
    return bool(_AHEAD_BEFORE.search(text[max(0, hit.start - 70) : hit.start]))


def is_stamp(hit: DateHit, text: str) -> bool:
    before, after = text[: hit.start], text[hit.end :]
    if _STAMP_BEFORE.search(before) or (_FROM_STAMP_BEFORE.match(before) and after.startswith(":")):
        return True
    if _BROADCAST_BEFORE.search(before):
        return True
    caption = hit.kind == "month_day" and re.search(r"\d{4}$", hit.ref.phrase or "") is not None
    return caption and before.rstrip().endswith(",") and after.strip() in ("", ".")


def _not_the_day(hit: DateHit, text: str) -> bool:
    """A holiday named as a gift's occasion ("he got for Christmas") or a long weekend ("Labor Day weekend")."""
    return bool(_GIFT_BEFORE.search(text[: hit.start]) or _WEEKEND_AFTER.match(text[hit.end :]))


# "was arrested Thursday, a day after the shooting": the attack is the day named less the days counted.
_DAYS_COUNTED = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DAYS_AFTER = re.compile(r",?\s+(?:just\s+|only\s+)?(?P<n>a|one|two|three|four|five|six)\s+days?\s+after\s+", re.I)


def days_after_attack(h: DateHit, text: str) -> DateHit | None:
    """The attack's day when a day of something else counts the days since it, or None. Not when the day's own
    clause reports an attack ("a girl was shot Friday, two days after another shooting"): that is a second attack."""
    m = _DAYS_AFTER.match(text, h.end)
    if m is None or h.ref.precision != "day" or h.ref.start is None:
        return None
    rest = text[m.end() :]
    clause = re.split(r"[,;:]", text[: h.start])[-1]
    if not _ATTACK_VERB.search(re.split(r"[.;!?]", rest)[0]) or _ATTACK_VERB.search(clause):
        return None
    back = timedelta(days=_DAYS_COUNTED[m.group("n").lower()])
    end = h.ref.end or h.ref.start
    phrase = text[h.start : m.end()].strip()
    ref = h.ref.model_copy(update={"start": h.ref.start - back, "end": end - back, "phrase": phrase})
    return DateHit(h.start, h.end, ref, h.kind)


def sorted_dates(hits: list[DateHit], text: str) -> tuple[list[DateHit], list[DateHit]]:
    """A sentence's dates of the attack, and its dates of a state or procedure after it, each best first."""
    good, states = [], []
    named: set[int] = set()
    for h in hits:
        if is_stamp(h, text) or (h.kind == "holiday" and _not_the_day(h, text)):
            continue
        if _STATE_NOUN_AFTER.match(text[h.end :]):
            states.append(h)  # "charged at his Saturday arraignment": no earlier than the attack
            continue
        if _names_attack(h, text):
            good.append(h)  # "arrested a suspect in Sunday night's fatal shooting" dates the shooting
            named.add(h.start)
            continue
        before = text[max(0, h.start - 45) : h.start]
        if _WEAK_PERIOD.match(h.ref.phrase or ""):
            continue
        non_event = _NON_EVENT_DATE_BEFORE.search(before)
        if non_event and _ATTACK_AFTER_STATE.search(before, non_event.end("word")):
            non_event = None  # "died in a shooting May 20", "in custody after a shooting Sunday": the attack's date
        if non_event:
            if not _SPOKEN.match(non_event.group(0)):
                states.append(h)  # "died Tuesday", "arrested Saturday night": no earlier than the attack
            continue
        if (h.ref.phrase or "").endswith(("'s", "’s")):
            nxt = re.match(r"\s*(?:[\w-]+\s+)?([\w-]+)", text[h.end :])
            if not nxt or not _ATTACK_AFTER_POSSESSIVE.match(nxt.group(1)):
                continue  # "last Saturday's deal" dates the deal, not an attack
            good.append(h)
            continue
        found = _governing_verb(h, text)
        if found is not None and found[0] == "state" and _SPOKEN.fullmatch(found[1]):
            continue  # "On Wednesday, the sheriff said ...": the day someone spoke, as in "said Wednesday"
        (states if found is not None and found[0] == "state" else good).append(h)

    # "received a flier Monday about a late Sunday shooting": a date that names the attack outranks one that only
    # borrows an attack word further on, which is the named date's.
    def rank(h: DateHit) -> tuple[int, int, bool, int]:
        return _PREC_RANK[h.ref.precision], _KIND_RANK.get(h.kind, 3), h.start not in named, h.start
    return sorted(good, key=rank), sorted(states, key=rank)


def event_date(hits: list[DateHit], text: str) -> DateHit | None:
    """The date of the event a sentence reports: not the date someone said something or went to court."""
    good, _ = sorted_dates(hits, text)
    return good[0] if good else None


def listed_sites(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """The attacks a sentence lists: (start, end, words of the site's name; none for "a blast at a mosque in X"),
    or [] when it lists none."""
    indefinite = list(_ATTACK_ITEM.finditer(text))
    if len(indefinite) >= 2:
        ends = [m.start() for m in indefinite[1:]] + [len(text)]
        return [(m.start(), end, frozenset()) for m, end in zip(indefinite, ends)]
    for head in _LIST_HEAD.finditer(text):
        items: list[tuple[int, int, frozenset[str]]] = []
        pos = head.end()
        while (m := _SITE_ITEM.match(text, pos)) is not None:
            items.append((m.start(), m.end(), frozenset(w.lower() for w in m.group(1).split() if len(w) >= 3)))
            sep = _ITEM_SEP.match(text, m.end())
            if sep is None:
                break
            pos = sep.end()
        if len(items) >= 2:
            return items
    return []


def _pieces(s: Sentence) -> list[tuple[Sentence, frozenset[str] | None]]:
    """A sentence listing attacks, cut into the words before the list, one piece per attack (the first one with the
    list's attack noun) and the rest; any other sentence whole."""
    items = listed_sites(s.text)
    if not items:
        return [(s, None)]
    head = max((h.start() for h in _LIST_HEAD.finditer(s.text, 0, items[0][0])), default=items[0][0])
    starts = [head] + [a for a, _, _ in items[1:]]
    ends = starts[1:] + [items[-1][1]]
    spans = [(0, head, None)] + [(a, b, item[2]) for a, b, item in zip(starts, ends, items)]
    spans.append((items[-1][1], len(s.text), None))
    out: list[tuple[Sentence, frozenset[str] | None]] = []
    for a, b, words in spans:
        text = s.text[a:b]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if text:
            out.append((Sentence(s.start + a + lead, s.start + a + lead + len(text), text, s.paragraph, s.index), words))
    return out


def _tally_of_a_past_year(hits: list[DateHit], base: date | None) -> bool:
    """"141 minors died in unintentional shootings in 2015": a count over a past year, not the attack reported."""
    if base is None or any(h.ref.precision == "day" for h in hits):
        return False
    return any(h.kind == "year" and h.ref.start is not None and h.ref.start.year < base.year for h in hits)


def analyse(sentences: list[Sentence], base: date | None, places_at) -> list[SentInfo]:
    infos: list[SentInfo] = []
    context: DateRef | None = None
    for s, listed in (piece for whole in sentences for piece in _pieces(whole)):
        low = s.text.lower()
        event = bool(EVENT_LOWER.search(low)) or listed is not None
        hits = find_dates(s.text, base, context)
        if not event and hits and _WHEN_SENTENCE.match(s.text):
            event = True
        if event and listed is None and s.paragraph > 0 and _HEADING.match(s.text) and s.text[-1] not in ".!?":
            # A subheading ("Armed Attacks in Herat") names a section, not an attack.
            event = False
        info = SentInfo(sent=s, event=event, listed=listed)
        # Dates of every sentence feed "earlier that month"; only event sentences date a mention.
        info.all_dates = hits
        if hits:
            dated = [h for h in hits if h.ref.start is not None]
            if dated:
                context = dated[-1].ref
        if event:
            info.summary = bool(_SUMMARY.search(s.text)) or _tally_of_a_past_year(hits, base)
            info.new_cue = bool(_NEW_CUE_LOWER.search(low))
            info.figures = find_figures(s.text)
            good, states = sorted_dates(hits, s.text)
            if base is not None:
                # A day well past publication is one the story looks ahead to, not the attack it reports; a few
                # days past it may be a typo or a feed's late date.
                late = base + timedelta(days=3)
                good = [h for h in good if h.ref.start is None or h.ref.start <= late]
                states = [h for h in states if h.ref.start is None or h.ref.start <= late]
            if good:
                info.date_hit = good[0]
                info.date = good[0].ref
            elif (
                states
                and states[0].ref.precision == "day"
                and not _procedure(states[0], s.text)
                and not looks_ahead(states[0], s.text)
            ):
                # "will undergo another surgery Friday": a day still to come says nothing of when the attack was.
                info.state_date = states[0].ref
            if not good:
                # Only without a stated day: counted back from a weekday, it is as wrong as a feed's publication day.
                counted = next((c for h in hits if (c := days_after_attack(h, s.text)) is not None), None)
                info.counted_date = counted.ref if counted is not None else None
            info.places = places_at(s.start, s.end)
            info.indefinite = bool(_INDEFINITE_ATTACK.search(s.text))
        infos.append(info)
    return infos


def segment(infos: list[SentInfo]) -> list[MentionDraft]:
    mentions: list[MentionDraft] = []
    cur: MentionDraft | None = None
    preamble: list[SentInfo] = []  # event sentences before the first mention (headline, lede) belong to it
    passing: list[MentionDraft] = []
    for info in infos:
        if info.listed is not None and cur is not None:
            # An attack named in passing: a mention of its own, and the story goes on where it was.
            passing.append(MentionDraft(sentences=[info], places=set(info.places), paragraph=info.sent.paragraph,
                                        listed=info.listed))
            continue
        if not info.event or info.summary:
            if info.summary:
                info.figures = []
            if cur is not None:
                cur.sentences.append(info)
            continue
        d = info.date
        new = False
        if cur is None:
            new = bool(info.figures or d is not None or _ATTACK_NOUN.search(info.sent.text))
            if not new:
                preamble.append(info)
                continue
        elif info.new_cue and not (d is not None and _headline_only(cur, mentions) and not _OTHER_CUE.search(info.sent.text)):
            # Not the lede's cue of time after an undated headline: "Man held in girl's shooting", "... shot last month".
            new = True
        elif (
            d is not None and cur.date is not None and not _compatible(d, cur.date, _sharpens_here(info, cur, mentions))
        ):
            back = [m for m in mentions if m.date is not None and _compatible(d, m.date) and _compatible(m.date, d)]
            if back:
                cur = back[-1]
            elif mentions[0].date is None:
                cur = mentions[0]
            else:
                new = True
        elif (
            d is not None
            and cur.date is None
            and cur is not mentions[0]
            and info.indefinite
            and info.sent.paragraph != cur.paragraph
        ):
            new = True  # an undated aside, then a new paragraph opening on a dated attack
        elif (
            cur is not mentions[0]
            and info.sent.paragraph - cur.paragraph > 1
            and d is None
            and (cur.date is None or cur.date.precision != "day")
        ):
            # Background recaps last a paragraph or two; later prose is about the main story again.
            cur = mentions[0]
        elif (
            info.indefinite
            and info.places
            and cur.places
            and not (info.places & cur.places)
            and any(s.figures for s in cur.sentences)
        ):
            new = True
        if new:
            cur = MentionDraft(paragraph=info.sent.paragraph)
            if not mentions and preamble:
                cur.sentences.extend(preamble)
                for p in preamble:
                    cur.places |= set(p.places)
            mentions.append(cur)
        assert cur is not None
        cur.sentences.append(info)
        cur.places |= set(info.places)
        if d is not None and (cur.date is None or _refines(d, cur.date)):
            cur.date = d
            cur.date_sentence = info
    kept = [m for m in mentions if m.has_substance()]
    # A listed site whose name the article's told attacks hold ("the Nadir Shah centre" after "the Nadir Shah
    # school") is one of them; a site listed twice is one attack.
    told = set(re.findall(r"[\w'’.-]+", " ".join(i.sent.text for m in kept for i in m.sentences).lower()))
    for m in passing:
        if m.has_substance() and not (m.listed and m.listed <= told):
            kept.append(m)
            told |= m.listed
    kept = _fold_weekday_retellings(kept)
    if not kept:
        # Local crime news often never states a count or a date ("Man shot in parked car"); the article is still
        # about one attack, so its event sentences make one mention.
        events = [i for i in infos if i.event and not i.summary and _HARM.search(i.sent.text)]
        if events:
            draft = MentionDraft(sentences=list(events), paragraph=events[0].sent.paragraph)
            kept = [draft]
    return kept


_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)


def _named_day(m: MentionDraft) -> date | None:
    """The day a mention's attack is named by ("the Jan. 5 shooting"), if it is."""
    info = m.date_sentence
    if info is None or info.date_hit is None or m.date is None or m.date.precision != "day":
        return None
    return m.date.start if _names_attack(info.date_hit, info.sent.text) else None


def _weekday_only(m: MentionDraft) -> date | None:
    """The day of a mention dated only by a bare weekday ("was shot Saturday"), which counts back from publication."""
    info = m.date_sentence
    if info is None or info.date_hit is None or info.date_hit.kind != "weekday" or m.date is None:
        return None
    return m.date.start


def _counts(m: MentionDraft, kind: str) -> set[int]:
    return {f.low for f in m.victim_figures() if f.kind == kind}


def _other_toll(a: MentionDraft, b: MentionDraft) -> bool:
    """Whether two mentions give different counts of the dead or of the wounded."""
    return any(_counts(a, k) and _counts(b, k) and not _counts(a, k) & _counts(b, k) for k in ("killed", "wounded"))


# A follow-up that keeps the first report's words comes within months of the attack; a day named further back is
# history the story recalls ("the first killed since the March 3, 2009, bombing"), whatever its weekday.
RETELLING_DAYS = 365


def _fold_weekday_retellings(mentions: list[MentionDraft]) -> list[MentionDraft]:
    """A follow-up names its attack by its date ("arrested in the Jan. 5 shooting") and keeps the first report's
    words ("was shot Saturday", a photo caption), whose bare weekday, counted back from publication, lands on a
    later day. When the named day is that weekday, weeks or months earlier, in the same place with no other toll,
    the two mentions are one attack on the named day."""
    out = list(mentions)
    for a in mentions:
        day = _weekday_only(a)
        if day is None:
            continue
        for b in out:
            named = _named_day(b)
            if (
                b is a
                or named is None
                or named.weekday() != day.weekday()
                or not 7 <= (day - named).days <= RETELLING_DAYS
                or (a.places and b.places and not a.places & b.places)
                or _other_toll(a, b)
            ):
                continue
            b.sentences = sorted(b.sentences + a.sentences, key=lambda s: s.sent.start)
            b.places |= a.places
            b.paragraph = min(a.paragraph, b.paragraph)
            i, j = sorted((out.index(a), out.index(b)))
            out[i] = b  # the merged mention keeps the earlier place in the story
            del out[j]
            break
    return out


def recalled(m: MentionDraft) -> bool:
    """Whether a mention names its attack by a definite dated name ("the June 27 shooting", "In the Labor Day
    shooting"), as a story recalls an attack its readers already know."""
    hit = m.date_sentence.date_hit if m.date_sentence is not None else None
    if hit is None:
        return False
    text = m.date_sentence.sent.text
    return bool(_THE_BEFORE.search(text[: hit.start]) and _names_attack(hit, text))


def _headline_only(cur: MentionDraft, mentions: list[MentionDraft]) -> bool:
    """Whether the story so far is an undated headline: its first dated event sentence is the lede, which retells
    it, even with a cue of time ("last month")."""
    return cur is mentions[0] and cur.date is None and all(s.sent.paragraph == 0 for s in cur.sentences)


def _sharpens_here(info: SentInfo, cur: MentionDraft, mentions: list[MentionDraft]) -> bool:
    """Whether a finer date may sharpen the current mention's: within its paragraph, or anywhere while the story has
    told of no other attack ("charged with the killing of two men in May" ... "shot them on May 10")."""
    return info.sent.paragraph == cur.paragraph or (len(mentions) == 1 and cur is mentions[0])


def _refines(new: DateRef, old: DateRef) -> bool:
    """A finer date inside the current one replaces it ("in March" then "on March 6")."""
    if new.start is None or old.start is None or new.end is None or old.end is None:
        return False
    if _night_before(old, new):
        return True
    return _PREC_RANK[new.precision] < _PREC_RANK[old.precision] and old.start <= new.start and new.end <= old.end

"""Casualty figures: reads one sentence, writes every killed/wounded/casualties figure it states, as stated.

Rules, not a parser, tuned to how news states tolls:
- subject-first: "Two employees of the embassy and four Afghans were killed" (coordinated subjects are summed;
  interrupting phrases ", mostly young students," are skipped; "including the gunman" is subtracted);
- object-first: "killing at least eight people and injuring 31 others", "killed nearly 170 Afghans and 13 US forces";
- subsets: "20 children are among the dead" is a lower bound (qualifier "subset");
- combined counts: "50 ... were killed or wounded", "five casualties", "shot" without outcome -> casualties;
- attackers ("the two gunmen were killed", "three assailants") are kept apart (subject "attackers");
- numbers that are years, days of a month, ages, times, money or addresses are never counts.
Offsets in the returned RawFigure are relative to the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from streams.extract.numbers import NUMBER, QUALIFIER, normalise_qualifier, parse_number


@dataclass(slots=True)
class RawFigure:
    kind: str  # killed | wounded | casualties
    subject: str  # victims | attackers
    low: int
    high: int | None
    qualifier: str | None
    start: int
    end: int
    general: bool = True  # counts "people"/everyone rather than one named subgroup ("embassy employees")
    vague: bool = False
    shot: bool = False  # "N were shot": killed and wounded together
    notes: list[str] = field(default_factory=list)


_ATTACKER = re.compile(
    r"\b(?:gunm[ae]n|shooters?|attackers?|assailants?|bombers?|perpetrators?|suspects?|assaults|hostage[- ]takers?|"
    r"robbers?|intruders?|assassins?|terrorists?|militants\s+who\s+attacked)\b",
    re.I,
)
# Nouns that name the victims apart from the shooter: "two children died" leaves out the father who shot them.
_VICTIM_NOUN = re.compile(
    r"\b(?:victims?|children|kids|sons|daughters|boys|girls|babies|infants|toddlers|hostages|others?)\b",
    re.I,
)
_TALLY = re.compile(
    r"\b(?:in|across|during|from)\s+(?:(?:the|these|those)\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|"
    r"multiple|separate|different|various|numerous)\s+(?:separate\s+|different\s+|unrelated\s+)?"
    r"(?:shootings|incidents|attacks)\b|\bshootings\s+across\s+the\b|\bacross\s+the\s+(?:city|five\s+boroughs)\b|"
    r"\bthe\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+shootings\b",
    re.I,
)
_ANIMAL = re.compile(r"\b(?:dogs?|cats?|horses?|cows?|cattle|animals?|pets?|puppy|puppies|deer|k-?9s?)\b", re.I)
_GENERAL_HEAD = re.compile(
    r"^(?:people|persons?|individuals?|victims?|others?|civilians?|dead|killed|in\s+all|total|lives|more|"
    r"men|women|adults?)?$",
    re.I,
)
_PERSON_SINGULAR = (
    r"man|woman|boy|girl|teen|teenager|toddler|child|infant|baby|person|victim|student|driver|officer|deputy|"
    r"trooper|guard|worshipp?er|resident|father|mother|son|daughter|husband|wife|brother|sister|friend|"
    r"employee|clerk|passenger|pedestrian|bystander|customer|youth|juvenile|male|female|individual|soldier|"
    r"policeman|security\s+guard|cleric|imam|civilian|journalist|reporter|owner|neighbor|neighbour|someone|"
    r"minor|mom|dad|stepdaughter|stepson|stepfather|stepmother|grandson|granddaughter|grandchild|wife|husband|"
    r"partner|ex-wife|ex-girlfriend|ex-boyfriend|ex-husband|kid|grandmother|grandfather|uncle|aunt|cousin|nephew|niece|girlfriend|boyfriend|fiancee?|roommate|"
    r"coworker|co-worker|classmate|patron|clerk|cashier|motorist|gunshot\s+victim|shooting\s+victim|"
    r"\d{1,3}[- ](?:year|month)s?[- ]old|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)[- ](?:year|month)s?[- ]old"
)
_FILLER = r"(?:(?!(?:and|or|his|her|their|a|an|the|its|our|with|of)\b)[\w'’-]+\s+)"
_SINGULAR_NP = re.compile(
    rf"(?:^|(?<=[\s,(]))(?:a|an|the|one|another|his|her|their|its|our)\s+{_FILLER}{{0,4}}?"
    rf"(?:{_PERSON_SINGULAR}|gunman|shooter|attacker|assailant|suicide\s+bomber|bomber|suspect)\s*$",
    re.I,
)
_NAMED_PERSON = re.compile(
    r"\b[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’.]+(?:-[A-Z][a-z'’]+)?){1,3},\s+(?:aged\s+)?\d{1,2},?"
    r"(?:\s+of\s+(?:[A-Z][\w'’.-]*\s*){1,3},)?\s*$"
)
_BOTH = re.compile(r"(?:^|\s)(?:both|the\s+two)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+s\s*$", re.I)

_NUM = NUMBER
_QUAL = QUALIFIER
_QUAL_TAIL = re.compile(rf"\b({_QUAL})\s+$", re.I)
# Stop words: an NP between a count and its verb never contains them.
_NP_STOP = re.compile(
    r"\b(?:was|were|is|are|has|have|had|be|been|being|said|says|say|told|who|whom|whose|which|that|when|while|"
    r"after|before|because|but|if|as|than|killed|killing|wounded|wounding|injured|injuring|died|dies|shot|dead|"
    r"attacked|attack|opened|hit|exploded|stormed|fired|left|leaving|claimed|will|would|could|may|might|since|"
    r"until|where|per|percent|times|years?|months?|weeks?|days?|hours?|minutes?|miles?|feet|rounds?|shots?|"
    r"bullets?|cars?|vehicles?|houses?|homes?|buildings?|rockets?|shells?|bombs?|mortars?|grenades?)\b",
    re.I,
)
_CONNECTOR_TAIL = re.compile(r"(?:\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+as\s+well\s+as\s+|\s+plus\s+)$", re.I)
_AUX = (
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|been|got|get|remain|remains|were\s+all|has|have|had|"
    r"later|"
    r"were\s+both|are\s+believed\s+to\s+have\s+been|were\s+reported|are\s+reported|was\s+reported)\s+"
    r"(?:(?:also|reportedly|all|both|later|critically|seriously|badly|gravely|allegedly|then|found|confirmed|"
    r"accidentally|mistakenly|still|now|currently|listed|being|apparently|"
    r"believed|initially|eventually|subsequently|among\s+those|too|each)\s+)*)"
)
_KILL_V = (
    r"shot(?:\s+and|,)?\s+killed|shot\s+dead|shot\s+to\s+death|stabbed\s+to\s+death|beaten\s+to\s+death|"
    r"burned\s+to\s+death|fatally\s+(?:shot|wounded|injured|stabbed|struck)|gunned\s+down|pronounced\s+dead|"
    r"found\s+dead|killed|dead|died|dies|slain|murdered|perished|martyred|executed|"
    r"(?:suffered|sustained|received)\s+(?:a\s+)?fatal\s+(?:[\w-]+\s+){0,2}?(?:wounds?|injuries|injury)|"
    r"lost\s+(?:their|his|her)\s+li(?:ves|fe)"
)
# "suffered gunshot wounds" says who was hit, not whether they lived ("... and was pronounced dead").
_GUNSHOT_WOUNDS = (
    r"(?:an?\s+)?(?:(?:multiple|several|apparent|single|possible|accidental|self-inflicted)\s+)?(?:gunshot\s+|bullet\s+)?wounds?\b"
)
_WOUND_V = (
    r"(?:listed\s+)?in\s+(?:critical|serious|stable|fair|good|grave|satisfactory|guarded)(?:\s+(?:but|and)\s+stable)?\s+"
    r"condition|recovering|expected\s+to\s+(?:survive|recover)|treated\s+(?:and\s+released|for\s+(?:\w+\s+)?(?:injuries|wounds))|"
    r"walk(?:ed|s)?\s+into\s+(?:[\w'’.-]+\s+){1,5}?with\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?wounds?|"
    r"grazed|shot\s+and\s+(?:wounded|injured)|(?:critically|seriously|badly|severely|slightly|gravely|non-fatally)\s+"
    r"(?:wounded|injured|hurt)|wounded|injured|hurt|hospitali[sz]ed|"
    rf"(?:suffered|sustained|received)\s+(?!{_GUNSHOT_WOUNDS})(?:(?!fatal)[\w-]+\s+){{0,3}}?(?:wounds?|injuries|injury)|(?:taken|rushed|transported|airlifted)\s+to\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?hospitals?"
)
_CASUALTY_V = (
    r"(?:killed|dead)\s+(?:or|and)\s+(?:wounded|injured|hurt)|(?:wounded|injured)\s+or\s+killed|"
    r"killed\s+and\s+wounded|casualties"
)
_SHOT_V = (
    # "boy shot, killed in Elmwood": a headline's comma stands for "and"
    r"shot(?!\s+(?:and\s+)?(?:killed|dead|to\s+death|and\s+(?:wounded|injured))|,\s+killed)|"
    rf"(?:suffered|sustained|received)\s+{_GUNSHOT_WOUNDS}|"
    # "found two men suffering from gunshot wounds", "three men were found with gunshot wounds"
    rf"(?:suffering\s+(?:from\s+)?|with\s+)(?=(?:an?\s+)?(?:(?:multiple|several|apparent|single|possible)\s+)?(?:gunshot|bullet)\s+wound){_GUNSHOT_WOUNDS}|"
    r"(?:struck|hit)\s+by\s+(?:a\s+)?(?:stray\s+)?(?:bullets?|gunfire|gunshots?)|"
    # "four people were hit in the shooting": hit by the gunfire (a car or a fist is named after "by")
    r"(?:(?<=\bwere\s)|(?<=\bwas\s))(?:hit|struck)(?=\s+(?:in|during|as|while|when|after|at|and|by\s+(?:gunfire|bullets?|rounds?|"
    r"shots?|stray))\b|\s*[,.;])"
)

_SUBJECT_VERB = re.compile(
    rf"(?P<aux>\b{_AUX})?(?P<verb>\b(?:{_CASUALTY_V}|{_KILL_V}|{_WOUND_V}|{_SHOT_V})\b)",
    re.I,
)
_ACTIVE_VERB = re.compile(
    rf"\b(?P<verb>shot\s+dead|shot\s+and\s+killed|killing|killed|kills|kill|wounding|wounded|injuring|injured|injures|wounds|"
    rf"claimed\s+the\s+lives\s+of|claiming\s+the\s+lives\s+of|took\s+the\s+lives\s+of|taking\s+the\s+lives\s+of|"
    rf"leaving|left|leaves|shooting|shot|killed\s+or\s+wounded|killed\s+and\s+wounded|killing\s+and\s+wounding)\s+"
    rf"(?:(?:his|her|their)\s+)?(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM}|the\s+two|the\s+three|both)\b",
    re.I,
)
_SUBSET = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM})\s+(?P<np>(?:[\w'’-]+\s+){{0,4}}?)(?:are|were|was|is)?\s*"
    rf"(?:also\s+)?among\s+the\s+(?P<what>dead|killed|victims|fatalities|wounded|injured)\b",
    re.I,
)
_TOLL = re.compile(
    rf"\b(?P<what>death\s+toll|toll|number\s+of\s+(?:dead|deaths|people\s+killed|fatalities)|fatalities|"
    rf"number\s+of\s+(?:injured|wounded)|casualty\s+toll|number\s+of\s+casualties)\s+"
    rf"(?:(?:has|had)\s+)?(?:rose|rises|risen|climbed|climbs|jumped|reached|stands|stood|is|was|hit|increased|"
    rf"put|at|to|of|now)\s+(?:(?:to|at)\s+)?(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})\b",
    re.I,
)
_PUT_TOLL = re.compile(rf"\bput\s+the\s+(?:death\s+)?toll\s+at\s+(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})\b", re.I)
_NOUN_COUNT = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM})\s+(?:(?:other|more|additional|further)\s+)?"
    rf"(?P<what>casualties|deaths|fatalities|injuries|patients|wounded\s+people)\b",
    re.I,
)
_NOUN_COUNT_WORDS = ("casualties", "deaths", "fatalities", "injuries", "patients", "wounded")
_DEATH_OF = re.compile(rf"\bdeaths?\s+of\s+(?:the\s+)?(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})\b", re.I)
_SELF = re.compile(
    r"\b(?:(?:shot|shoots|shooting|killed|kills|killing|turned\s+the\s+gun\s+on|turning\s+the\s+gun\s+on|turns\s+the\s+gun\s+on)\s+(?:him|her)?self|took\s+his\s+own\s+life|killed\s+herself|shot\s+herself|"
    r"took\s+her\s+own\s+life|blew\s+himself\s+up|detonated\s+(?:his|her)\s+(?:explosive|suicide)|self[- ]inflicted)\b",
    re.I,
)
_SELF_AND_OTHER = re.compile(
    rf"\s+and\s+(?P<obj>(?:(?:a|an|his|her|their|the)\s+)?(?:(?P<num>{_NUM})\s+)?(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:(?:{_PERSON_SINGULAR})s?|children|men|women|people))\b(?!\s+(?:\w+ed|was|were|is|are|had|has|ran|fled|shot)\b)",
    re.I,
)
_ACCIDENT = re.compile(r"\baccident(?:al|ally|ly)?\b|\bunintentional(?:ly)?\b|\bnegligent\b", re.I)
# A child who shoots himself is the victim of an accident, not an attacker; so is anyone shot in a hand or a foot.
_CHILD_AGE = r"(?:[1-9]|1[0-4]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen)"
_CHILD_BEFORE = re.compile(
    r"(?:(?<!\bhis\s)(?<!\bher\s)(?<!\btheir\s)\b(?:boy|girl|child|toddler|kid|infant|baby|preschooler|kindergartner|"
    rf"youngster|{_CHILD_AGE}[- ]years?[- ]old|\d{{1,2}}[- ]months?[- ]old)\b|\b[A-Z][a-z'’]+,\s+{_CHILD_AGE},)"
    r"(?:(?!\b(?:shot|shoots|shooting|killed|kills|killing|before|his|her)\b)[^.;:]){0,40}$",
    re.I,
)
_LIMB_AFTER = re.compile(
    r"^\s+(?:\w+\s+){0,2}?in\s+(?:the|his|her|their)\s+(?:left\s+|right\s+|upper\s+|lower\s+)?"
    r"(?:hands?|foot|feet|legs?|arms?|thigh|knee|ankle|fingers?|toes?|hip|groin|shin|calf|wrist|palm|buttocks?)\b",
    re.I,
)
POLICE_SHOOTING = re.compile(
    r"\bofficer[- ]involved|\bpolice[- ]involved|\bdeputy[- ]involved|\b(?:shot|killed|shot\s+and\s+killed|fatally\s+shot)\s+by\s+"
    r"(?:an?\s+|the\s+)?(?:police|officers?|deputies|deputy|troopers?|sheriff['’]s\s+deput(?:y|ies)|[\w-]+\s+(?:police|deputy|officer))\b|"
    r"\b(?:police|officers?|deput(?:y|ies)|troopers?)\s+(?:shot|shoots|fatally\s+shot|shot\s+and\s+killed|kills|killed)\b",
    re.I,
)
_BY_POLICE = re.compile(
    r"^\s*(?:\w+\s+){0,3}?by\s+(?:police|officers?|deputies|a\s+deputy|troopers?|security\s+forces|"
    r"(?:an?\s+|the\s+)?(?:police\s+officer|officer|deputy|trooper|guards?|bodyguards?|security\s+guard)|"
    r"(?:\w+\s+)?(?:police|guards|bodyguards|forces))\b",
    re.I,
)
_CLAUSE_START = re.compile(
    r"(?:[;:—–]|\s--\s|\bthat\b|\bwhen\b|\bwhile\b|\bafter\b|\bbefore\b|\bbecause\b|\bbut\b|\bwhere\b|\bwhom?\b|"
    r"\bwhich\b|\bsaid\b|\bsays\b|\bif\b|\bas\b|\bconfirmed\b|\breported\b|\badded\b)",
    re.I,
)
_BAD_AFTER_NUM = re.compile(
    r"^(?:['’′]?s\b|-(?:shot|round)\b|\s*(?:[:/%$]|-year|-month|-week|\s*years?\b|\s*a\.m\b|\s*p\.m\b|\s*o['’]clock|\s*percent|\s*mph|"
    r"\s*(?:block|hundred\s+block)\b|th\b|st\b|nd\b|rd\b|\s*(?:st|nd|rd|th)\s|,\d|\s+and\s+\d+\s+years|"
    r"\s*(?:call|calls|dispatch|operator|caliber|calibre|mm\b|millimeter|-caliber|gauge|minutes?|seconds?|"
    r"miles?|feet|yards?|pounds?|dollars?|cents?|percent|times|rounds?|shots|bullets|grams?|ounces?|acres?)\b|"
    r",\s+(?:of|from)\s+[A-Z]))",
    re.I,
)
_MONTH_BEFORE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|"
    r"Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s*$"
)
_PAREN = re.compile(r"\([^()]{0,120}\)")
_DASHED = re.compile(r"\s--\s[^-]{0,120}\s--\s|\s[—–]\s?[^—–]{0,120}\s?[—–]\s")
_INTERRUPT = re.compile(r",\s*(?P<inner>[^,]{1,100}),\s*$")
_INCLUDING_ATTACKER = re.compile(
    rf"\bincluding\s+(?:the\s+|a\s+|an\s+)?(?:(?P<num>{_NUM})\s+)?(?:(?:alleged|suspected|lone|apparent)\s+)?"
    r"(?:gunm[ae]n|shooters?|attackers?|assailants?|bombers?|suspects?|perpetrators?)\b",
    re.I,
)
_AGE_WORD = re.compile(r"\b\d{1,3}[- ](?:year|month|week|day)s?[- ]old\b|\b(?:\w+-)?(?:year|month|week)s?-old\b", re.I)
_FATALLY = re.compile(rf"(?:,|\band)\s+(?P<num>{NUMBER})\s+(?:of\s+(?:them|whom)\s+)?(?:fatally|critically|seriously)\b", re.I)
_AGE_AS_NOUN = re.compile(r"^\s*(?:$|,|was|is|were|who|and|had|has)")
_BARE_PERSON_TAIL = re.compile(
    rf"(?:^|(?<=[\s,(]))(?:(?:his|her|their|its|our)\s+)?(?:(?!(?:and|or|a|an|the|with|of)\b)[\w'’-]+\s+){{0,2}}?(?:{_PERSON_SINGULAR})\s*$",
    re.I,
)
_PRONOUN_TAIL = re.compile(r"(?:^|(?<=\s))(?:he|she)\s*$", re.I)
_DET_START = re.compile(r"^\s+(?:a|an|the|his|her|their|its|A|An|The)\b")
# Headline subjects have no determiner: "Man shot in parked car", "Teen Girl Found Shot Dead".
_HEADLINE_NOUN = re.compile(
    rf"^\s*(?:[\w'’.-]+:\s+)?(?:(?!(?:no|not|and|or)\b)[\w'’.-]+\s+){{0,3}}(?i:{_PERSON_SINGULAR})\s*$",
)
_PNP = rf"(?:(?:an?|his|her|their|one|another|the)\s+)?{_FILLER}{{0,3}}?(?:{_PERSON_SINGULAR})\b"
_SINGLE_OBJECT = re.compile(
    rf"\b(?P<verb>shot\s+and\s+killed|shot\s+and\s+wounded|shot\s+and\s+injured|fatally\s+shot|fatally\s+shooting|"
    rf"shot\s+to\s+death|shot|shooting|wounded|wounding|injured|injuring|killed|killing|kills|kill|struck|striking|"
    rf"hitting|gunned\s+down|stabbed|stabbing|injures|wounds|shoots|strikes)\s+"
    rf"(?P<obj>(?:(?:an?|his|her|their|one|another)\s+{_FILLER}{{0,3}}?(?:{_PERSON_SINGULAR})\b"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_PNP})*)|him\b|her\b)"
    rf"(?!\s*(?:'s|’s|and\s+(?:two|three|four|five|\d+\s)))",
    re.I,
)
# "her father", "their son": people named by whose they are.
_OWNED = re.compile(r"(?:his|her|their)\s", re.I)


def owned_object(quote: str) -> str | None:
    """"shot and stabbed her father and daughter" -> "her father and daughter": a verb's object of people named by
    whose they are, the same people wherever the text names them so; None for "a man" (anyone)."""
    m = _SINGLE_OBJECT.match(quote)
    if m is None or not _OWNED.match(m.group("obj")):
        return None
    return " ".join(m.group("obj").lower().split())


_COORD_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.I)
_IRREALIS = re.compile(
    r"\b(?:could|would|might|may|should|nearly|almost|narrowly)\s+(?:have\s+)?(?:been\s+)?$|"
    r"\b(?:to|trying\s+to|tried\s+to|attempt(?:ed|ing)?\s+to|threaten(?:ed|ing)?\s+to|plotting\s+to)\s+$",
    re.I,
)
_NEGATED = re.compile(r"\b(?:no|not|none|nobody|never)\s+$", re.I)
_WEAK_WOUND = re.compile(
    r"(?:listed\s+)?in\s+\w+|recovering|expected|treated|(?:taken|rushed|transported|airlifted)|hospitali|suffered|sustained|"
    r"received",
    re.I,
)
_NUM_RE = re.compile(rf"\b(?:{_NUM})\b", re.I)
# Words that say the person taken to hospital lives: not the victim who died, whatever the sentence before told.
_ALIVE = re.compile(
    r"\b(?:survived|expected\s+to\s+(?:survive|recover|live|be\s+(?:ok|okay|fine))|will\s+(?:survive|recover)|"
    r"non-?\s?life[- ]threatening|not\s+life[- ]threatening|(?:stable|good|fair|satisfactory)\s+condition|"
    r"treated\s+and\s+released|released\s+from|recovering|minor\s+injuries)\b",
    re.I,
)
# A single person shot on top of the dead: "A woman was also shot", "Another man who was shot", "A man was killed
# and his son was shot".
_DIED_THERE = re.compile(
    r"[^.;]{0,60}?(?:,\s*where|\band)\s+(?:he|she|they|both|all\s+\w+)?\s*(?:later\s+|each\s+|both\s+|subsequently\s+)?"
    r"(?:died|(?:was|were)\s+pronounced\s+dead|succumbed)\b",
    re.I,
)
# "A double shooting", "the quadruple shooting": one shooting whose name counts the people hit ("four separate
# triple shootings" is a tally, and a plural is never one attack).
_NAMED_SHOOTING = re.compile(r"\b(?P<n>double|triple|quadruple|quintuple)[- ]shooting\b(?!s)", re.I)
_NAMED_COUNT = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
# Two clauses of one sentence, each telling one more person hit.
_COORD_BETWEEN = re.compile(r"[^.;:()]{0,60}?(?:,\s*and|;|,?\s+while|\s+and)\s+", re.I)
_INDEFINITE_START = re.compile(r"(?:an?|another)\s", re.I)


def _one_hit(f: RawFigure) -> bool:
    return f.subject == "victims" and f.kind != "killed" and f.low == f.high == 1 and not f.general and not f.vague


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_ORDINAL_HIT = re.compile(
    rf"\b(?:a|the)\s+(?:possible\s+)?(?P<ord>{'|'.join(_ORDINALS)})\s+(?:[\w-]+\s+){{0,3}}?(?:{_PERSON_SINGULAR})\s+"
    r"(?:who\s+)?(?:was|had\s+been|may\s+have\s+been|might\s+have\s+been)\s+(?:also\s+)?"
    r"(?:shot|wounded|injured|hurt|grazed|struck|hit)\b",
    re.I,
)
_ADDITIONAL_START = re.compile(r"(?:another|a\s+second|a\s+third|a\s+fourth|a\s+fifth)\b", re.I)
_ALSO = re.compile(r"\b(?:also|too)\b", re.I)
_ALSO_BEFORE = re.compile(r"\balso\s+$", re.I)
_AND_THEN = re.compile(r"\s*,?\s+and\s+", re.I)


def _valid_count_at(text: str, start: int, end: int) -> bool:
    token = text[start:end]
    if token.isdigit() and len(token) == 4 and token[:2] in ("19", "20"):
        return False  # a year
    if re.search(r"\b(?:ages?|aged)\s+(?:\d+\s*,\s*)*$", text[max(0, start - 30) : start], re.I):
        return False  # "ages 54, 33"
    if token == "911":
        return False  # the emergency number
    if _BAD_AFTER_NUM.match(text[end : end + 14]) or _ADDRESS_AFTER.match(text[end : end + 40]):
        return False
    before = text[max(0, start - 14) : start]
    if re.search(r"\b(?:no|none|nobody)\s+$", before, re.I):
        return False  # "no one died"
    if token.isdigit() and _AGE_BEFORE.search(text[max(0, start - 40) : start]) and int(token) < 110:
        return False  # "a male, 17," is an age
    if _MONTH_BEFORE.search(before) or before.endswith(("$", "No. ", "#", "No.", "Route ", "Highway ", "I-")):
        return False
    if before.endswith(":"):
        return False
    return True


_ADDRESS_AFTER = re.compile(
    r"^\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}"
    r"(?:Way|Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Court|Ct|Place|Pl|Circle|Cir|Terrace|"
    r"Highway|Hwy|Parkway|Pkwy|Trail|Pike|Square|Plaza|Loop|Row|Alley)\b\.?"
)
_AGE_BEFORE = re.compile(
    r"(?:\b[A-Z][a-z'’.]+\s+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|\b(?:male|female|man|woman|boy|girl|teen|teenager|victim|son|daughter|brother|sister|wife|"
    r"husband|mother|father|suspect|driver|resident)),\s$"
)


def _np_after(text: str, pos: int, limit: int = 6) -> tuple[str, int]:
    """The noun phrase after a count (up to a stop word or punctuation)."""
    m = re.match(r"(?:\s+(?:of\s+(?:the\s+|our\s+|their\s+|its\s+)?)?[A-Za-z'’.-]+){0," + str(limit) + "}", text[pos:])
    np = m.group(0) if m else ""
    words = np.split()
    kept: list[str] = []
    for w in words:
        if _NP_STOP.fullmatch(w.strip(".,")) or w.lower() in ("and", "or", "in", "on", "at", "during", "near", "by", "with", "from", "to", "for"):
            break
        kept.append(w)
        if w.endswith((".", ",")):
            break
    np_text = " ".join(kept)
    return np_text, pos + (len(np) if len(kept) == len(words) else text[pos:].find(kept[-1]) + len(kept[-1]) if kept else 0)


def _is_general(np: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z'’]+", np.lower()) if w not in ("of", "the", "our", "their", "its", "more", "other", "others", "people")]
    head = np.strip().split()[-1].lower().strip(".,") if np.strip() else ""
    if np.strip().lower().startswith("of "):
        return True  # "39 of our colleagues": everyone the source counts
    return not words or bool(_GENERAL_HEAD.match(head))


def _part_count(np: str) -> int:
    m = _NUM_RE.match(np.strip())
    if m:
        c = _count(m.group())
        if c:
            return c[0]
    return 1


def _figure_kind(verb: str) -> tuple[str, bool]:
    v = verb.lower()
    if re.match(_CASUALTY_V, v, re.I):
        return "casualties", False
    if re.match(_KILL_V, v, re.I):
        return "killed", False
    if re.match(_WOUND_V, v, re.I):
        return "wounded", False
    return "casualties", True  # bare "shot"


def _count(token: str) -> tuple[int, int | None, bool] | None:
    t = token.lower().strip()
    if t in ("both", "the two"):
        return 2, 2, False
    if t == "the three":
        return 3, 3, False
    parsed = parse_number(t)
    if parsed is None:
        return None
    low, high, vague = parsed
    return low, high, vague is not None


def _vague_word(token: str) -> str | None:
    parsed = parse_number(token)
    return parsed[2] if parsed else None


def _subject_chain(clause: str) -> tuple[int, int | None, str | None, bool, bool, int, str] | None:
    """Read the counted subject at the end of a clause: (low, high, qualifier, general, vague, start, np text)."""
    named = _NAMED_PERSON.search(clause)
    if named:
        return 1, 1, None, False, False, named.start(), named.group()
    clause = re.sub(r"(?:\s+\w+ly)+\s*$", "", clause)
    clause = re.sub(r",\s*(?:ages?|aged|between\s+the\s+ages\s+of)\s+[\d,\s]+(?:and\s+\d+)?\s*(?:years\s+old)?,?\s*$", " ", clause)
    clause = _AGE_WORD.sub(lambda m: "x" * len(m.group()) if not _AGE_AS_NOUN.search(clause[m.end():m.end() + 12]) else m.group(), clause)
    clause = _PAREN.sub(lambda m: " " * len(m.group()), clause)
    clause = _DASHED.sub(lambda m: " " * len(m.group()), clause)
    work = clause.rstrip()
    m = _INTERRUPT.search(work)
    if m and not re.search(r"\b(?:and|or)\s*$", work[: m.start()]):
        work = work[: m.start()].rstrip()
    total_low = 0
    total_high: int | None = 0
    qualifier: str | None = None
    general = True
    vague = False
    parts = 0
    np_text = ""
    first_start = len(work)
    end = len(work)
    bare_last = False
    while True:
        segment = work[:end]
        found = None
        for nm in _NUM_RE.finditer(segment):
            tail = segment[nm.end() :]
            if _DET_START.match(tail):
                continue
            if _NP_STOP.search(tail) or "," in tail or ";" in tail or re.search(r"\b(?:and|or)\b", tail):
                continue
            if len(tail.split()) > 8:
                continue
            if not _valid_count_at(segment, nm.start(), nm.end()):
                continue
            found = nm
            if re.match(r"\s+of\s+(?:the|those|them|these|whom)\b", tail, re.I):
                break  # a partitive count heads its phrase: "two of the four victims"
        count = None
        if found is not None and parts > 0 and not segment[found.end() :].strip():
            return None  # "ages 54, 33 and 26": a list of bare numbers is a list of ages, not of groups
        if found is not None:
            count = _count(found.group())
            head_start = found.start()
            tail = segment[found.end() :]
        else:
            sm = _SINGULAR_NP.search(segment) or _NAMED_PERSON.search(segment)
            bm = _BOTH.search(segment)
            if bm:
                count, head_start, tail = (2, 2, False), bm.start(), segment[bm.start() :]
            elif sm and not _NP_STOP.search(_AGE_WORD.sub(" ", segment[sm.start() :])):
                count, head_start, tail = (1, 1, False), sm.start(), segment[sm.start() :]
        if count is None and parts > 0:
            pm = _PRONOUN_TAIL.search(segment) or _BARE_PERSON_TAIL.search(segment)
            if pm:
                count, head_start, tail = (1, 1, False), pm.start(), ""
        if count is None and parts == 0:
            hm = _HEADLINE_NOUN.search(segment)
            if hm and not _NP_STOP.search(_AGE_WORD.sub(" ", segment[hm.start() :])):
                count, head_start, tail = (1, 1, False), hm.start(), segment[hm.start() :]
        if count is None and parts == 0:
            # "a man and woman were shot", "Boy, girl shot": the last of a list may drop its determiner; it
            # counts only when another person stands before it.
            bm2 = _BARE_PERSON_TAIL.search(segment)
            if bm2 and _CONNECTOR_TAIL.search(segment[: bm2.start()]) and not _NP_STOP.search(segment[bm2.start() :]):
                count, head_start, tail, bare_last = (1, 1, False), bm2.start(), segment[bm2.start() :], True
        if count is None:
            break
        low, high, is_vague = count
        qm = _QUAL_TAIL.search(segment[:head_start])
        q = normalise_qualifier(qm.group(1)) if qm else None
        if is_vague:
            q = _vague_word(found.group()) if found is not None else q
        if qm:
            head_start = qm.start()
        # A lone word before the count other than a determiner means it is not the subject head ("aged 21").
        total_low += low
        total_high = None if (high is None or total_high is None) else total_high + high
        qualifier = q or qualifier
        vague = vague or is_vague
        if parts > 0 or not _is_general(tail):
            general = general and parts > 0  # coordinated subjects add up to a whole toll
        np_text = tail.strip() + (" + " + np_text if np_text else "")
        parts += 1
        first_start = head_start
        cm = _CONNECTOR_TAIL.search(segment[:head_start])
        if not cm:
            break
        end = cm.start()
    if parts == 0 or (bare_last and parts == 1):
        return None
    if parts > 1:
        general = True
    return total_low, total_high, qualifier, general, vague, first_start, np_text


def _object_chain(text: str, m: re.Match[str]) -> tuple[int, int | None, str | None, str, int, bool, bool]:
    """Counted object after an active verb, with coordinated counts: (low, high, qualifier, np, end, general, vague)."""
    count = _count(m.group("num"))
    assert count is not None
    low, high, vague = count
    qualifier = normalise_qualifier(m.group("qual"))
    if vague:
        qualifier = _vague_word(m.group("num"))
    np, end = _np_after(text, m.end("num"))
    general = _is_general(np)
    nps = [np]
    while True:
        nxt = re.match(rf"(?:\s*,\s*and\s+|\s+and\s+|\s*,\s*)(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})\b", text[end:], re.I)
        if not nxt:
            break
        extra = _count(nxt.group("num"))
        if extra is None or not _valid_count_at(text, end + nxt.start("num"), end + nxt.end("num")):
            break  # "two boys, five-year-old Gus and ...": an age, not another group
        np2, end2 = _np_after(text, end + nxt.end("num"))
        after = text[end2 : end2 + 20].lower()
        if re.match(r"\s*(?:injured|wounded|hurt|others?\s+(?:injured|wounded))", after) or re.match(
            r"\s*(?:injured|wounded|hurt)", np2.lower() + " "
        ):
            break
        low += extra[0]
        high = None if (high is None or extra[1] is None) else high + extra[1]
        vague = vague or extra[2]
        nps.append(np2)
        end = end2
        general = True
    return low, high, qualifier, " + ".join(nps), end, general, vague


def _join_coordinated(sentence: str, figs: list[RawFigure]) -> list[RawFigure]:
    """"A girl was grazed, and a man was shot in the leg": two people hit in coordinated clauses are one count of two."""
    figs = sorted(figs, key=lambda f: f.start)
    out: list[RawFigure] = []
    for f in figs:
        prev = out[-1] if out else None
        if (
            prev is not None and _one_hit(prev) and _one_hit(f)
            and _COORD_BETWEEN.fullmatch(sentence, prev.end, f.start)
            and _INDEFINITE_START.match(sentence, prev.start) and _INDEFINITE_START.match(sentence, f.start)
        ):
            wound = prev.kind == "wounded" or f.kind == "wounded"
            n = prev.low + f.low
            out[-1] = RawFigure(
                "wounded" if wound else "casualties", "victims", n, n, None, prev.start, f.end,
                general=True, shot=not wound, notes=[note for note in prev.notes if note == "weak" and note in f.notes],
            )
            continue
        out.append(f)
    return out


def find_figures(sentence: str) -> list[RawFigure]:
    out: list[RawFigure] = []
    taken: list[tuple[int, int]] = []

    def overlaps(s: int, e: int) -> bool:
        return any(s < te and ts < e for ts, te in taken)

    def add(fig: RawFigure) -> None:
        if overlaps(fig.start, fig.end):
            return
        if _IRREALIS.search(sentence[max(0, fig.start - 30) : fig.start]):
            return  # "could have killed her", "tried to kill": nothing happened
        if _NEGATED.search(sentence[max(0, fig.start - 12) : fig.start]):
            return  # "no other student was injured"
        taken.append((fig.start, fig.end))
        out.append(fig)

    # A pattern's own word, looked for first, spares the scan from each position of the many sentences without it.
    lowered = sentence.lower()
    # Subsets first: "20 children are among the dead" must not read as 20 killed.
    for m in _SUBSET.finditer(sentence) if "among" in lowered else ():
        if not _valid_count_at(sentence, m.start("num"), m.end("num")):
            continue
        c = _count(m.group("num"))
        if c is None:
            continue
        what = m.group("what").lower()
        kind = "wounded" if what in ("wounded", "injured") else "killed"
        subject = "attackers" if _ATTACKER.search(m.group("np") or "") else "victims"
        add(RawFigure(kind, subject, c[0], None, "subset", m.start(), m.end(), general=False, vague=c[2]))

    for pattern in (_TOLL, _PUT_TOLL, _DEATH_OF):
        for m in pattern.finditer(sentence):
            if not _valid_count_at(sentence, m.start("num"), m.end("num")):
                continue
            c = _count(m.group("num"))
            if c is None:
                continue
            what = (m.groupdict().get("what") or "").lower()
            kind = "wounded" if ("injured" in what or "wounded" in what) else ("casualties" if "casualt" in what else "killed")
            q = normalise_qualifier(m.group("qual")) or (_vague_word(m.group("num")) if c[2] else None)
            np, end = _np_after(sentence, m.end("num"))
            general = pattern is not _DEATH_OF or _is_general(np)
            add(RawFigure(kind, "victims", c[0], c[1], q, m.start(), max(end, m.end()), general=general, vague=c[2]))

    for m in _ACTIVE_VERB.finditer(sentence):
        num_tok = m.group("num")
        if num_tok.lower() not in ("the two", "the three", "both") and not _valid_count_at(sentence, m.start("num"), m.end("num")):
            continue
        verb = m.group("verb").lower()
        low, high, qual, np, end, general, vague = _object_chain(sentence, m)
        if _ANIMAL.search(np):
            continue  # "injuring one of the family dogs"
        after = sentence[end : end + 40]
        subject = "attackers" if _ATTACKER.search(np) else "victims"
        if verb in ("leaving", "left", "leaves"):
            km = re.match(r"\s*(?:people\s+|persons\s+)?(dead|killed|injured|wounded|hurt)\b", after, re.I)
            if not km and np:
                km = re.search(r"\b(dead|killed|injured|wounded|hurt)$", np, re.I)
            if not km:
                continue
            kind = "killed" if km.group(1).lower() in ("dead", "killed") else "wounded"
            end = end + (km.end() if km.string is after else 0)
        elif verb in ("shooting", "shot"):
            if not np or re.match(r"\s*(?:times|rounds|shots|bullets)", " " + np, re.I):
                continue
            kind = "casualties"
        elif "wound" in verb and "kill" in verb:
            kind = "casualties"
        elif "kill" in verb or "lives" in verb:
            kind = "killed"
        else:
            kind = "wounded"
        if np.strip() == "" and verb in ("killed", "wounded", "injured"):
            # "were killed 3" never happens; a bare count after a past participle is usually a date or time.
            pass
        fig = RawFigure(kind, subject, low, high, qual, m.start(), end, general=general, vague=vague, shot=kind == "casualties" and "shoot" in verb or verb == "shot")
        if kind == "killed" and verb in ("leaving", "left", "leaves") and not _VICTIM_NOUN.search(np):
            fig.notes.append("dead_total")  # "left four people dead" counts a shooter who killed himself too
        add(fig)

    for m in _SINGLE_OBJECT.finditer(sentence):
        verb = m.group("verb").lower()
        obj = m.group("obj")
        subject = "attackers" if _ATTACKER.search(obj) else "victims"
        if "kill" in verb or "fatally" in verb or "death" in verb:
            kind, shot = "killed", False
        elif verb.startswith(("shot", "shoot", "struck", "striking", "hit")):
            kind, shot = "casualties", True
        else:
            kind, shot = "wounded", False
        parts = [p for p in _COORD_SPLIT.split(obj) if p.strip()]
        # "his friend, 63-year-old John" is one person named twice; a list needs an "and".
        n = len(parts) if re.search(r"\band\b", obj, re.I) else 1
        add(RawFigure(kind, subject, n, n, None, m.start(), m.end(), general=n > 1, shot=shot))

    for m in _NOUN_COUNT.finditer(sentence) if any(w in lowered for w in _NOUN_COUNT_WORDS) else ():
        if not _valid_count_at(sentence, m.start("num"), m.end("num")):
            continue
        c = _count(m.group("num"))
        if c is None:
            continue
        what = m.group("what").lower()
        kind = {"deaths": "killed", "fatalities": "killed", "dead bodies": "killed", "bodies": "killed", "injuries": "wounded", "wounded people": "wounded"}.get(what, "casualties")
        q = normalise_qualifier(m.group("qual")) or (_vague_word(m.group("num")) if c[2] else None)
        add(RawFigure(kind, "victims", c[0], c[1], q, m.start(), m.end(), vague=c[2]))

    for m in _ORDINAL_HIT.finditer(sentence):
        # "a fifth person may have been wounded": the fifth one hit, so five were hit; the dead are among them.
        n = _ORDINALS[m.group("ord").lower()]
        add(RawFigure("casualties", "victims", n, n, None, m.start(), m.end(), shot=True, notes=["ordinal"]))

    for m in _SUBJECT_VERB.finditer(sentence):
        verb_start = m.start("aux") if m.group("aux") else m.start("verb")
        if overlaps(m.start("verb"), m.end("verb")):
            continue
        after = sentence[m.end("verb") :]
        aux = (m.group("aux") or "").strip().lower()
        if re.match(rf"\s+(?:(?:{_QUAL})\s+)?(?:{_NUM})\b", after, re.I) and aux in ("", "has", "have", "had", "later"):
            continue  # active voice with an object: handled above
        verb = m.group("verb")
        if sentence[m.start("verb") - 1 : m.start("verb")] == "-":
            continue  # "a two-shot derringer", "self-injured": part of a compound word
        if verb.lower() == "shot" and re.match(r"\s+(?:at|up|into|through|back|out)\b", after, re.I) and not (
            re.match(r"\s+At\b", after)
            or (m.group("aux") and re.match(r"\s+at\s+(?:(?:an?|the|\d+|about|around|approximately)\s|[A-Z])", after))
        ):
            continue  # "shot at the occupants" says who fired, not who was hit; "were shot at a party", "at Elm Park" say where
        if aux in ("", "has", "have", "had") and verb.lower() in ("killed", "wounded", "injured", "hurt", "shot") and re.match(r"\s+(?:the|a|an|his|her|their|its|him|them|one)\b", after, re.I):
            continue  # "the gunman killed the guard": active, no count stated
        if verb.lower() == "shot" and re.match(r"\s+(?:him|her)self\b", after, re.I) and _SELF_AND_OTHER.match(after, 8):
            continue  # "shot himself and a friend": told below, with the friend
        window_start = max(0, verb_start - 240)  # a counted subject sits close to its verb
        clause_all = sentence[window_start:verb_start]
        markers = list(_CLAUSE_START.finditer(clause_all))
        clause_end = verb_start
        if (
            markers
            and markers[-1].group().lower() in ("who", "that")
            and not clause_all[markers[-1].end() :].strip()
            and (m.group("aux") or re.match(r"(?:died|dies|dead|perished)$", verb, re.I))
        ):
            # "Seven men who were shot": the relative pronoun stands for the counted subject before it.
            clause_end = window_start + markers.pop().start()
        clause_start = (markers[-1].end() if markers else 0) + window_start
        # A clause marker inside the counted subject ("one of whom") is rare; trust the cut.
        clause = sentence[clause_start:clause_end]
        chain = _subject_chain(clause)
        if chain is None:
            continue
        low, high, qual, general, vague, rel_start, np_text = chain
        kind, shot = _figure_kind(verb)
        if kind == "casualties" and not shot and verb.lower().strip() == "casualties":
            continue
        parts_np = np_text.split(" + ")
        attacker_parts = [p for p in parts_np if _ATTACKER.search(p)]
        subject = "attackers" if attacker_parts else "victims"
        if attacker_parts and len(attacker_parts) < len(parts_np) and high is not None:
            # "Two bailiffs and the shooter are dead": the shooter is counted apart from the victims.
            n_att = sum(_part_count(p) for p in attacker_parts)
            if low > n_att:
                # Same words, two statements: appended directly, as the overlap guard would drop the second.
                out.append(RawFigure(kind, "attackers", n_att, n_att, None, clause_start + rel_start, m.end("verb"), general=False))
                low, high, subject = low - n_att, high - n_att, "victims"
        if subject == "victims" and _BY_POLICE.match(after) and low == 1:
            subject = "attackers"  # one person shot by police is, in crime news, the suspect
        start = clause_start + rel_start
        # Bare counts with no noun and no auxiliary ("2016 killed") need the noun or headline form "Six dead".
        if (
            not np_text.strip()
            and not m.group("aux")
            and kind not in ("killed", "wounded")
            and sentence[:start].strip() != ""
            and not re.search(r"[:;,—–]\s*$", sentence[:start])
        ):
            continue
        fig = RawFigure(kind, subject, low, high, qual, start, m.end("verb"), general=general, vague=vague, shot=shot)
        if shot and re.match(r"suffering|with", verb, re.I):
            fig.notes.append("found")  # who the police found wounded: a shooter who shot himself among them
        if kind == "wounded" and _WEAK_WOUND.match(verb):
            fig.notes.append("weak")  # taken to hospital / in critical condition: may be a victim who later died
        if kind == "killed" and (" + " in np_text or not _VICTIM_NOUN.search(np_text)):
            fig.notes.append("dead_total")  # "three people dead" counts a shooter who killed himself too
        inc = _INCLUDING_ATTACKER.search(sentence, m.end("verb"), min(len(sentence), m.end("verb") + 60)) or _INCLUDING_ATTACKER.search(clause)
        if inc and subject == "victims" and kind == "killed":
            n = _count(inc.group("num")) if inc.group("num") else (1, 1, False)
            if n and fig.low > n[0]:
                fig.low -= n[0]
                fig.high = None if fig.high is None else fig.high - n[0]
                fig.notes.append("attackers subtracted")
        add(fig)

    for m in _FATALLY.finditer(sentence):
        c = _count(m.group("num"))
        if c is None:
            continue
        word = m.group(0).lower()
        add(RawFigure("killed" if "fatally" in word else "wounded", "victims", c[0], c[1], None, m.start("num"), m.end(), general=False))

    for m in _NAMED_SHOOTING.finditer(sentence):
        n = _NAMED_COUNT[m.group("n").lower()]
        # "a triple shooting" names how many were hit; "named": a weaker statement than any stated count.
        add(RawFigure("casualties", "victims", n, n, None, m.start(), m.end(), shot=True, notes=["named"]))

    if POLICE_SHOOTING.search(sentence):
        # In crime news the one person police shoot is the suspect; archives count them apart from victims.
        for f in out:
            if f.subject == "victims" and f.low == 1 and f.kind in ("killed", "casualties"):
                f.subject = "attackers"

    for m in _SELF.finditer(sentence):
        # "shot himself and a friend": whoever the shooter was, the friend is a victim, shot.
        other = _SELF_AND_OTHER.match(sentence, m.end()) if re.match(r"shot|shoot", m.group(0), re.I) else None
        n_other = (_count(other.group("num")) or (0, 0, False))[0] if other and other.group("num") else int(bool(other))
        if other and n_other:
            others = RawFigure("casualties", "victims", n_other, n_other, None, other.start("obj"), other.end(), general=False, shot=True)
        limb = _LIMB_AFTER.match(sentence[m.end() : m.end() + 60])
        if limb or _ACCIDENT.search(sentence) or _CHILD_BEFORE.search(sentence[max(0, m.start() - 80) : m.start()]):
            # A child who shot himself by accident is the victim, not an attacker.
            if (
                re.match(r"kill", m.group(0), re.I)
                or re.match(r"\s+dead\b", sentence[m.end() :], re.I)
                or re.search(r"\bfatally\s+$", sentence[max(0, m.start() - 12) : m.start()], re.I)
            ):
                add(RawFigure("killed", "victims", 1, 1, None, m.start(), m.end(), general=False))
            elif limb:
                # "weak": a death reported in the same mention is this person's, later.
                add(RawFigure("wounded", "victims", 1, 1, None, m.start(), m.end(), general=False, notes=["weak"]))
            elif other and n_other:
                # The shooter hit by accident is one of those shot: one count with the others.
                add(RawFigure("casualties", "victims", 1 + n_other, 1 + n_other, None, m.start(), other.end(), shot=True))
                continue
            else:
                add(RawFigure("casualties", "victims", 1, 1, None, m.start(), m.end(), general=False, shot=True))
        else:
            bomb = re.match(r"blew|detonated", m.group(0), re.I)
            # A shooter's suicide is in the "N dead" toll; a suicide bomber is usually left out of it.
            add(RawFigure("killed", "attackers", 1, 1, None, m.start(), m.end(), general=False, notes=[] if bomb else ["suicide"]))
        if other and n_other:
            add(others)
    # "were taken to a hospital, where they later died": the dead on their way, not wounded people.
    out = [f for f in out if "weak" not in f.notes or not _DIED_THERE.match(sentence, f.end)]
    for f in out:
        if "weak" in f.notes and _ALIVE.search(sentence, f.start):
            f.notes.append("alive")  # "the fourth victim survived and was taken to a hospital": not one of the dead
        if f.shot and f.low == 1 and not f.general and (
            _ADDITIONAL_START.match(sentence, f.start) or _ALSO.search(sentence, f.start, f.end)
            or any(g.kind == "killed" and g.subject == "victims" and _AND_THEN.fullmatch(sentence, g.end, f.start) for g in out)
            and not _SELF.search(sentence, f.start, f.end + 10)
        ):
            f.notes.append("other")  # a person besides the dead
        if (
            f.subject == "victims" and f.low == 1 and f.high == 1 and not f.general and f.kind != "killed"
            and _ALSO_BEFORE.search(sentence, max(0, f.start - 12), f.start)
        ):
            f.notes.append("also")  # "a shooting that also injured a woman": one more person than told before
    out = _join_coordinated(sentence, out)
    if _TALLY.search(sentence):
        for f in out:
            f.notes.append("tally")  # a count over several shootings is no single attack's toll
    for f in out:
        f.notes.insert(0, "q:" + sentence[f.start : f.end].lstrip())
    out.sort(key=lambda f: f.start)
    return out

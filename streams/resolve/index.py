"""The resolver's candidate index: reads and writes the resolver store (a MutableMapping[str, bytes]).

The store is the only persistent state (a dict in replay, a RocksDB-backed Faust table in the stream), so a
resolver rebuilt on it continues exactly where the last one stopped. Keys:
  b|<block>|<YYYY-MM>  -> the compact features of the claims whose event-time interval touches that month
  c|<claim id>         -> {"i": incident it joined, "b": its bucket keys, "r": retracted?}
  a|<incident id>      -> the incident it was absorbed into (aliases; followed to the live root)
Memory stays flat: only a bounded LRU of decoded buckets is held, and a claim only reads the months inside its
event-time window.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from datetime import date
from typing import Any

from schemas.codec import dumps, loads
from streams.resolve.score import MAX_SLACK_DAYS, Features

UNDATED = "undated"
# A claim reads the months of its event-time window (about three); a dozen covers a few blocks at once.
DEFAULT_CACHE_BUCKETS = 12
# Buckets grow as their months fill, so the cache is also capped in claims: memory stays flat however long the
# stream runs and however busy a month is (a miss costs one store read, not a wrong answer).
DEFAULT_CACHE_CLAIMS = 800


def months(lo: int, hi: int) -> list[str]:
    """Every YYYY-MM touched by the ordinal-day interval [lo, hi]."""
    start, end = date.fromordinal(lo), date.fromordinal(hi)
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class CandidateIndex:
    def __init__(
        self,
        store: MutableMapping[str, bytes],
        cache_buckets: int = DEFAULT_CACHE_BUCKETS,
        cache_claims: int = DEFAULT_CACHE_CLAIMS,
    ) -> None:
        self.store = store
        self.cache_buckets = cache_buckets
        self.cache_claims = cache_claims
        self._cache: OrderedDict[str, list[Features]] = OrderedDict()

    # ------------------------------------------------------------ buckets
    @property
    def cache_size(self) -> int:
        return len(self._cache)

    def _bucket(self, key: str) -> list[Features]:
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        raw = self.store.get(key)
        bucket: list[Features] = loads(raw) if raw is not None else []
        self._cache[key] = bucket
        self._evict()
        return bucket

    def _evict(self) -> None:
        # Least recently used first; the newest bucket always stays, its caller is about to use it.
        while len(self._cache) > 1 and (
            len(self._cache) > self.cache_buckets or self.cached_claims > self.cache_claims
        ):
            self._cache.popitem(last=False)

    @property
    def cached_claims(self) -> int:
        return sum(len(b) for b in self._cache.values())

    def _write(self, key: str, bucket: list[Features]) -> None:
        self.store[key] = dumps(bucket)

    @staticmethod
    def home_buckets(block: str, f: Features) -> list[str]:
        if f["lo"] is None:
            return [f"b|{block}|{UNDATED}"]
        return [f"b|{block}|{m}" for m in months(f["lo"], f["hi"])]

    @staticmethod
    def search_buckets(block: str, f: Features) -> list[str]:
        """The months any claim that could match this one is filed under (its interval widened by the max slack)."""
        if f["lo"] is None:
            return [f"b|{block}|{UNDATED}"]
        return [f"b|{block}|{m}" for m in months(f["lo"] - MAX_SLACK_DAYS, f["hi"] + MAX_SLACK_DAYS)]

    def candidates(self, block: str, f: Features) -> Iterator[Features]:
        seen: set[str] = set()
        for key in self.search_buckets(block, f):
            for entry in self._bucket(key):
                if entry["c"] not in seen:
                    seen.add(entry["c"])
                    yield entry

    def add(self, block: str, f: Features, incident_id: str) -> None:
        keys = self.home_buckets(block, f)
        for key in keys:
            bucket = self._bucket(key)
            bucket.append(f)
            self._write(key, bucket)
        self._evict()  # buckets grow by adds too, not only by loads
        self.store[f"c|{f['c']}"] = dumps({"i": incident_id, "b": keys, "r": False})

    def remove(self, claim_id: str) -> dict[str, Any] | None:
        """Take a claim out of the candidate buckets and mark it retracted; its record (and incident) remain."""
        record = self.claim(claim_id)
        if record is None or record["r"]:
            return None
        for key in record["b"]:
            bucket = self._bucket(key)
            kept = [e for e in bucket if e["c"] != claim_id]
            bucket[:] = kept
            self._write(key, bucket)
        record["r"] = True
        self.store[f"c|{claim_id}"] = dumps(record)
        return record

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

"""Incident state in the `incidents` table: reads and writes its keys for the project agent and the web view.

Layout, all in the one table so that an incident's keys and the agent's input positions share a changelog partition
and stay in order there:
- `<incident id>` -> the head: the incident state with its claims named by id only;
- `\\x00claim|<incident id>|<claim id>` -> one claim (a claim id names its content, so a claim key never changes).

An event writes the head and only the claim keys it adds or drops. Storing the whole state under one key made
every event rewrite every claim: bytes per event grew with the incident, and an incident's total with its square.

`StateCache` keeps decoded states, bounded by the claims they hold. An entry answers only while the head it was
decoded from is still the head in the table (the head names the version and every claim id, so equal heads mean
equal states): writes thrown away with a failed batch, another worker's writes after a rebalance or a table
restored from its changelog can never be answered from the cache.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from typing import Any

from schemas import codec
from schemas.claim import Claim
from streams.incidents.fold import IncidentState

CLAIM_PREFIX = "\x00claim|"  # sorts before every incident id, like the input positions' keys
CACHE_CLAIMS = 4_000  # decoded claims kept across the cached incidents: about 16 KB each in memory, so ~64 MB at most


def claim_key(incident_id: str, claim_id: str) -> str:
    return f"{CLAIM_PREFIX}{incident_id}|{claim_id}"


def is_incident_key(key: Any) -> bool:
    """A head's key: claims and positions live under keys starting with a NUL, which no incident id does."""
    return isinstance(key, str) and not key.startswith("\x00")


def encode_head(state: IncidentState) -> bytes:
    head = state.model_dump(mode="json", exclude={"claims"})
    head["claim_ids"] = list(state.claims)
    return codec.dumps(head)


class StateCache:
    """Decoded incident states by id, least recently used dropped first once CACHE_CLAIMS claims are held."""

    def __init__(self, max_claims: int = CACHE_CLAIMS) -> None:
        self.max_claims = max_claims
        self.entries: OrderedDict[str, tuple[bytes, IncidentState]] = OrderedDict()
        self.claims = 0

    def get(self, incident_id: str, head: bytes) -> IncidentState | None:
        entry = self.entries.get(incident_id)
        if entry is None or entry[0] != head:
            return None
        self.entries.move_to_end(incident_id)
        return entry[1]

    def put(self, incident_id: str, head: bytes, state: IncidentState) -> None:
        self.drop(incident_id)
        if len(state.claims) > self.max_claims:
            return
        self.entries[incident_id] = (head, state)
        self.claims += len(state.claims)
        while self.claims > self.max_claims:
            _, (_, old) = self.entries.popitem(last=False)
            self.claims -= len(old.claims)

    def drop(self, incident_id: str) -> None:
        entry = self.entries.pop(incident_id, None)
        if entry is not None:
            self.claims -= len(entry[1].claims)


class IncidentStore:
    """Incident states over a table (or a staged view of one): `load`, `save` the change an event made, `ids`."""

    def __init__(self, table: MutableMapping[str, bytes], cache: StateCache | None = None) -> None:
        self.table = table
        self.cache = cache if cache is not None else StateCache()

    def head(self, incident_id: str) -> bytes | None:
        if not is_incident_key(incident_id):
            return None
        return self.table.get(incident_id)

    def load(self, incident_id: str) -> IncidentState | None:
        raw = self.head(incident_id)
        if not raw:
            return None
        cached = self.cache.get(incident_id, raw)
        if cached is not None:
            return cached
        data = codec.loads(raw)
        if "claim_ids" in data:
            ids = data.pop("claim_ids")
            data["claims"] = {cid: self._claim(incident_id, cid) for cid in ids}
        # else: a state written whole, before claims had keys of their own; the next save splits it.
        state = IncidentState.model_validate(data)
        self.cache.put(incident_id, raw, state)
        return state

    def _claim(self, incident_id: str, claim_id: str) -> Claim:
        raw = self.table.get(claim_key(incident_id, claim_id))
        if raw is None:
            raise KeyError(f"incident {incident_id}: claim {claim_id} is named by the head but not stored")
        return Claim.model_validate(codec.loads(raw))

    def save(self, before: IncidentState | None, after: IncidentState | None) -> bool:
        """Writes what changed from `before` (as loaded) to `after`; False when nothing did (a redelivery)."""
        if after is None:
            if before is None:
                return False
            for cid in before.claims:
                self.table.pop(claim_key(before.incident_id, cid), None)
            self.table.pop(before.incident_id, None)
            self.cache.drop(before.incident_id)
            return True
        head = encode_head(after)
        iid = after.incident_id
        old_head = self.head(iid)
        if head == old_head:
            return False
        # A head written whole (before claims had keys) has none of its claims stored apart: write them all.
        split = old_head is not None and b'"claim_ids":' in old_head
        old = before.claims if before is not None and split else {}
        for cid, claim in after.claims.items():
            if cid not in old:
                self.table[claim_key(iid, cid)] = codec.dumps(claim)
        for cid in old:
            if cid not in after.claims:
                self.table.pop(claim_key(iid, cid), None)
        self.table[iid] = head
        self.cache.put(iid, head, after)
        return True

    def ids(self) -> Iterator[str]:
        for key in list(self.table.keys()):
            if is_incident_key(key):
                yield key

"""Incident state in the table: a head plus one key per claim, writes that do not grow with the incident, a cache
that can only answer for the head it was decoded from, and states written whole before claims had keys."""
from __future__ import annotations

from schemas import codec
from schemas.incident import IncidentAbsorbed, event_id
from streams.delivery import StagedStore
from streams.incidents.fold import apply, to_record
from streams.incidents.store import CLAIM_PREFIX, IncidentStore, StateCache, claim_key, is_incident_key
from tests.unit.test_fold_events import attached, created, make_claim


class Recording(dict):
    """A table that remembers which keys were written or deleted."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, int]] = []

    def __setitem__(self, key, value) -> None:
        self.writes.append((key, len(value)))
        super().__setitem__(key, value)


def grow(store: IncidentStore, count: int) -> str:
    first = make_claim("a0", killed=2)
    event = created(first)
    inc = event.incident_id
    for i in range(count):
        if i:
            event = attached(inc, make_claim(f"a{i}", killed=2 + i % 3, hour=8 + i % 10))
        before = store.load(inc)
        assert store.save(before, apply(before, event)) is True
    return inc


def test_an_event_writes_its_head_and_its_new_claim_only():
    table = Recording()
    store = IncidentStore(table)
    inc = grow(store, 40)
    writes = table.writes[-2:]
    assert [k for k, _ in writes] == [claim_key(inc, "claim-a39"), inc]
    table.writes.clear()
    before = store.load(inc)
    store.save(before, apply(before, attached(inc, make_claim("late", killed=3))))
    assert len(table.writes) == 2
    claim_bytes = dict(table.writes)[claim_key(inc, "claim-late")]
    assert claim_bytes < 3_000  # one claim, not forty


def test_a_reloaded_state_equals_the_one_saved_and_redelivery_writes_nothing():
    table: dict[str, bytes] = {}
    inc = grow(IncidentStore(table), 6)
    cold = IncidentStore(table, StateCache())  # a new worker: nothing cached
    state = cold.load(inc)
    assert state is not None and len(state.claims) == 6
    assert to_record(state) == to_record(IncidentStore(table).load(inc))
    again = attached(inc, make_claim("a3", killed=2 + 3 % 3, hour=11))
    assert cold.save(state, apply(state, again)) is False
    assert sorted(k for k in table if is_incident_key(k)) == [inc]
    assert sum(k.startswith(CLAIM_PREFIX) for k in table) == 6


def test_the_cache_answers_only_for_the_head_in_the_table():
    table: dict[str, bytes] = {}
    store = IncidentStore(table)
    inc = grow(store, 3)
    assert store.load(inc) is store.load(inc)  # decoded once
    staged = StagedStore(table)
    on_staged = IncidentStore(staged, store.cache)
    before = on_staged.load(inc)
    on_staged.save(before, apply(before, attached(inc, make_claim("x", killed=9))))
    assert len(on_staged.load(inc).claims) == 4
    staged.discard()  # the batch failed: its writes are gone, and the cache must not remember them
    assert len(store.load(inc).claims) == 3
    assert len(on_staged.load(inc).claims) == 3


def test_the_cache_is_bounded_by_the_claims_it_holds():
    cache = StateCache(max_claims=10)
    store = IncidentStore({}, cache)
    ids = [grow(store, 4)]
    for n in range(5):
        claim = make_claim(f"other{n}", killed=1)
        ev = created(claim)
        before = store.load(ev.incident_id)
        store.save(before, apply(before, ev))
        ids.append(ev.incident_id)
    assert cache.claims <= 10
    assert all(store.load(i) is not None for i in ids)  # evicted states come back from the table


def test_an_absorbed_incident_drops_its_claim_keys():
    table: dict[str, bytes] = {}
    store = IncidentStore(table)
    inc = grow(store, 3)
    before = store.load(inc)
    store.save(before, apply(before, IncidentAbsorbed(event_id=event_id("absorbed", inc), incident_id=inc, into="other", reason="same attack")))
    assert not any(k.startswith(CLAIM_PREFIX) for k in table)
    assert store.load(inc).merged_into == "other"


def test_a_state_written_whole_loads_and_its_next_save_splits_it():
    table: dict[str, bytes] = {}
    inc = grow(IncidentStore(table), 3)
    whole = IncidentStore(table).load(inc)
    legacy = {inc: codec.dumps(whole)}  # the layout before claims had keys of their own
    store = IncidentStore(legacy)
    state = store.load(inc)
    assert len(state.claims) == 3
    store.save(state, apply(state, attached(inc, make_claim("new", killed=4))))
    assert sum(k.startswith(CLAIM_PREFIX) for k in legacy) == 4
    assert len(IncidentStore(legacy, StateCache()).load(inc).claims) == 4


def test_a_record_lists_the_newest_claims_of_a_very_large_incident_and_counts_them_all():
    table: dict[str, bytes] = {}
    store = IncidentStore(table)
    inc = grow(store, 30)
    state = store.load(inc)
    full, short = to_record(state, limit=None), to_record(state, limit=10)
    assert len(full.claims) == full.claims_total == 30 and full.articles_total == 30
    assert len(short.claims) == 10 and short.claims_total == 30 and short.articles_total == 30
    newest = sorted(state.claims.values(), key=lambda c: (c.published_at, c.claim_id))[-10:]
    assert {c.claim_id for c in short.claims} == {c.claim_id for c in newest}
    assert {a.article_id for a in short.articles} == {c.article_id for c in newest}
    assert {p.claim_id for p in short.history} <= {c.claim_id for c in newest}
    # Figures always come from every claim, listed or not.
    assert (short.killed, short.wounded, short.independent_sources) == (full.killed, full.wounded, full.independent_sources)

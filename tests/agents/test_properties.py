"""Property tests at the agent tier: generated bad records, interleaved with good ones, thrown at each agent
(extract, resolve, project) through Faust's test harness (`test_context`, memory store, sends captured).

For every generated mix: no exception escapes an agent, every bad record reaches the dead-letter topic exactly
once with its original bytes, whole (a record too large for one dead-letter record travels in parts, each within
the limit), its stage, a reason and its source topic, and every good record still yields its
claims (extract), incident events (resolve) or incident record (project). Also: an extractor that crashes, and a
dead-letter topic that cannot be written, never stop an agent.
"""
from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import faust
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import codec
from schemas.article import RawArticle
from schemas.claim import Claim, block_key
from schemas.deadletter import DeadLetter
from schemas.incident import EventEnvelope, IncidentCreated, event_id, incident_id_for
from schemas.topics import ARTICLES_RAW, CLAIMS, DEADLETTER, INCIDENT_EVENTS, INCIDENTS
from streams import deadletters
from streams.app import build_topology, create_app
from streams.extract import extract_article
from streams.extract.pool import ExtractorTimeout
from streams.settings import Settings

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ------------------------------------------------------------------ good records (text of our own making)
TEMPLATES = (
    "{city}, {country} - A car bomb exploded near a busy bus station in {city} on Friday, killing at least {k} "
    "people and wounding {w} others, police said.\n\nNo group has claimed responsibility for the attack.",
    "Gunmen opened fire on worshippers leaving a mosque in {city}, {country} on Friday, killing {k} people and "
    "injuring {w}, a local official said. Security forces sealed off the area.",
    "A suicide bomber blew himself up at a checkpoint in {city}, {country} on Friday, killing {k} soldiers and "
    "wounding {w} civilians, the army said in a statement.",
)
PLACES = (("Kabul", "Afghanistan"), ("Mosul", "Iraq"), ("Maiduguri", "Nigeria"), ("Quetta", "Pakistan"))
_ids = itertools.count()


@dataclass(frozen=True)
class Good:
    template: int
    place: int
    killed: int
    wounded: int

    def article(self) -> RawArticle:
        # A fresh id and URL every time: the agents' tables live across examples, a known id is a redelivery and
        # the same content under another id a copy of a known article.
        city, country = PLACES[self.place]
        text = TEMPLATES[self.template].format(city=city, country=country, k=self.killed, w=self.wounded)
        n = next(_ids)
        return RawArticle(
            id=f"prop-{n}", outlet="example.net", url=f"https://example.net/{n}", published_at="2022-03-11", text=text
        )


goods = st.builds(
    Good,
    st.integers(0, len(TEMPLATES) - 1),
    st.integers(0, len(PLACES) - 1),
    st.integers(2, 60),
    st.integers(0, 80),
)


def article_bytes(article: RawArticle) -> bytes:
    return codec.dumps(article.model_dump(mode="json", exclude_none=True))


# ------------------------------------------------------------------ bad records
class Bad:
    """A generated bad record. Not a dataclass: hypothesis pretty-prints dataclasses field by field, 10 MB too."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: bytes | None) -> None:
        self.kind, self.value = kind, value

    def __repr__(self) -> str:  # hypothesis prints failing examples; 10 MB of them helps no one
        shown = self.value if self.value is None or len(self.value) <= 120 else self.value[:120] + b"..."
        return f"Bad({self.kind!r}, {shown!r}, {0 if self.value is None else len(self.value)} bytes)"

    @property
    def original(self) -> bytes:
        """What the dead letter must carry, whatever its size: the original bytes (none for a null record)."""
        return self.value or b""


DECODE_REASONS = {"malformed_json", "invalid_utf8", "too_deeply_nested", "invalid_record"}
# The reasons each kind of bad record may be given (a null record is "empty_record" at extract, which checks for
# it before decoding, and a decode error at the other stages; 10 MB is "too_large" where a size check comes first).
REASONS: dict[str, set[str]] = {
    "malformed_json": {"malformed_json"},
    "wrong_types": {"invalid_record"},
    "missing_text": {"invalid_record"},
    "invalid_utf8": {"invalid_utf8"},
    "binary": DECODE_REASONS | {"empty_record"},
    "huge": {"too_large", "invalid_record"},
    "nested": {"too_deeply_nested"},
    "nested_field": {"invalid_record", "too_deeply_nested"},
    "unknown_field": {"invalid_record"},
    "html_bomb": {"invalid_record", "malformed_json"},
    "null": {"empty_record", "malformed_json", "invalid_record"},
}

HUGE = b'{"id": "huge", "text": "' + b"attack " * 1_500_000 + b'"}'  # 10.5 MB
INVALID_UTF8 = (b"\xff", b"\xfe\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82")
STORY = "<p>A bomb exploded at a market, killing 4 people, police said.</p>"


def _decodes_as(value: bytes, model: Any) -> bool:
    try:
        codec.decode(value, model)
        return True
    except codec.DecodeError:
        return False


def utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _json(obj: Any) -> bytes:
    return codec.dumps(obj)


JSON_INT = st.integers(-(2**53), 2**53)  # orjson writes 64-bit integers only
wrong_type = st.one_of(
    JSON_INT, st.booleans(), st.floats(allow_nan=False), st.lists(JSON_INT, max_size=3),
    st.dictionaries(st.text(max_size=4), JSON_INT, max_size=2),
)


def bad_records(base: dict[str, Any], fields: list[str], body_field: str, model: Any) -> st.SearchStrategy[Bad]:
    """Bad values for a stage whose good records look like `base` (a valid record as a dict)."""
    depth = st.integers(1100, 100_000)
    return st.one_of(
        st.sampled_from([b"{oops", b'{"id": "x", "text": "cut', b"{}}", b"[1, 2", b"{'single': 'quotes'}", b"\x00"])
        .map(lambda v: Bad("malformed_json", v)),
        st.builds(lambda f, v: Bad("wrong_types", _json({**base, f: v})), st.sampled_from(fields), wrong_type),
        st.builds(
            lambda drop: Bad("missing_text", _json({k: v for k, v in base.items() if k not in drop})),
            st.sets(st.sampled_from(sorted(base)), min_size=1).filter(lambda d: body_field in d),
        ),
        st.builds(
            lambda junk, tail: Bad("invalid_utf8", b'{"id": "u", "text": "bomb ' + junk + tail + b'"}'),
            st.sampled_from(INVALID_UTF8), st.binary(max_size=8).filter(lambda b: b'"' not in b and b"\\" not in b),
        ).filter(lambda b: not utf8(b.value)),  # a cut sequence plus random tail bytes may complete into UTF-8
        st.binary(max_size=400).filter(lambda v: not _decodes_as(v, model)).map(lambda v: Bad("binary", v)),
        st.just(Bad("huge", HUGE)),
        depth.map(lambda n: Bad("nested", b"[" * n + b"]" * n)),
        st.integers(30, 3000).map(
            lambda n: Bad("nested_field", _json({**base, fields[0]: "x"})[:-1] + b', "deep": ' + b"[" * n + b"]" * n + b"}")
        ),
        st.builds(
            lambda k, v: Bad("unknown_field", _json({**base, k: v})),
            st.text(min_size=1, max_size=12).filter(lambda k: k not in base and k not in model_fields(model)),
            st.one_of(st.none(), JSON_INT, st.text(max_size=10)),
        ),
        st.sampled_from([None, b"null", b"[]", b'""', _json({k: None for k in base})]).map(lambda v: Bad("null", v)),
    ).filter(lambda b: really_bad(b, model))


def really_bad(bad: Bad, model: Any) -> bool:
    """A generated "wrong" value can happen to be right (an empty dict for a model whose fields all default)."""
    return bad.value is None or not _decodes_as(bad.value, model)


def model_fields(model: Any) -> set[str]:
    return set(getattr(model, "model_fields", {}))


_HTML_BOMBS = st.one_of(
    st.integers(1001, 300_000).map(lambda n: "<div>" * n + STORY),
    st.integers(1001, 20_000).map(lambda n: "<b><i>" * n + STORY + "</i></b>" * n),
)
ARTICLE_BASE = {"id": "b", "outlet": "example.net", "title": "t", "text": "A bomb killed 3 people in a market."}
bad_articles = st.one_of(
    bad_records(ARTICLE_BASE, ["text", "id", "title", "outlet", "published_at", "language"], "text", RawArticle),
    _HTML_BOMBS.map(lambda h: Bad("html_bomb", _json({"id": "bomb", "html": h}))),
)


# ------------------------------------------------------------------ harness
@pytest.fixture()
def topo(tmp_path, monkeypatch):
    settings_ = Settings(store="memory://", data_dir=tmp_path, broker="kafka://127.0.0.1:1")
    app = create_app(settings_)
    topology = build_topology(app, settings_)
    app.finalize()
    app.flow_control.resume()
    sent: dict[str, list[tuple[bytes | None, bytes | None]]] = defaultdict(list)
    failing: set[str] = set()

    async def capture(self, *args, key=None, value=None, **kwargs):
        name = self.get_topic_name()
        if name in failing:
            raise ConnectionError(f"broker unreachable for {name}")
        sent[name].append((key, value))

    monkeypatch.setattr(faust.topics.Topic, "send", capture)
    topology.sent = sent
    topology.failing = failing
    return topology


@contextmanager
def fresh(topo):
    """Each example sees only its own sends (the tables persist; good records carry fresh ids)."""
    topo.sent.clear()
    yield topo.sent


def dead_letters(sent) -> list[DeadLetter]:
    """The letters sent, their parts put back together; a letter left with parts missing fails the test."""
    letters, incomplete = deadletters.reassemble(codec.decode(v, DeadLetter) for _, v in sent[DEADLETTER.name])
    assert not incomplete, [i.why for i in incomplete]
    return letters


def check_dead_letters(topo, bads: list[Bad], stage: str, source_topic: str) -> None:
    sent, limit = topo.sent, topo.settings.max_message_bytes
    records = sent[DEADLETTER.name]
    assert all(len(k) + len(v) <= limit for k, v in records), "every record fits the producer's request limit"
    keys = defaultdict(set)
    for k, v in records:
        keys[codec.loads(v)["letter_id"]].add(k)
    assert all(len(ks) == 1 for ks in keys.values()), "the parts of a letter share a key: one partition, in order"
    letters = dead_letters(sent)
    expected = Counter(b.original for b in bads)
    assert Counter(d.original() for d in letters) == expected, "each bad record exactly once, whole, with its bytes"
    by_original = defaultdict(list)
    for b in bads:
        by_original[b.original].append(b.kind)
    for d in letters:
        allowed = set().union(*(REASONS[k] for k in by_original[d.original()]))
        assert d.stage == stage and d.reason in allowed, (d.stage, d.reason, by_original[d.original()], d.error)
        assert d.error and d.source_topic == source_topic and d.source_offset is not None
        assert d.size == len(d.original())
        if d.size > limit:
            assert d.parts > 1, "an original larger than a record travels in parts"


async def run(agent, records: list[tuple[bytes | None, bytes | None]]) -> None:
    async with agent.test_context() as tested:
        for key, value in records:
            await tested.put(value=value, key=key)  # raises if the agent died on this record


def interleave(goods_: list[Any], bads: list[Bad], order: list[bool]) -> list[Any]:
    """Merges the two lists as `order` (drawn by hypothesis) says: True takes the next good record."""
    goods_left, bads_left, out = list(goods_), list(bads), []
    for take_good in order:
        source = goods_left if (take_good and goods_left) or not bads_left else bads_left
        if source:
            out.append(source.pop(0))
    return out + goods_left + bads_left


ORDER = st.lists(st.booleans(), max_size=10)
mixes = st.tuples(
    st.lists(goods, min_size=1, max_size=3),
    st.lists(bad_articles, min_size=1, max_size=5),
    ORDER,
)


# ------------------------------------------------------------------ extract
@PROPERTY
@given(mix=mixes)
async def test_extract_dead_letters_every_bad_record_and_keeps_every_good_one(topo, mix):
    good_specs, bads, order = mix
    articles = [g.article() for g in good_specs]
    records = interleave(articles, bads, order)
    with fresh(topo) as sent:
        await run(
            topo.agents["extract"],
            [(a.article_id.encode(), article_bytes(a)) if isinstance(a, RawArticle) else (b"bad", a.value) for a in records],
        )
    check_dead_letters(topo, bads, "extract", ARTICLES_RAW.name)
    claims = [codec.loads(v) for _, v in sent[CLAIMS.name]]
    for article in articles:
        mine = [c for c in claims if c.get("kind") == "claim" and c["article_id"] == article.article_id]
        assert mine, f"good article {article.article_id} produced no claim"


# ------------------------------------------------------------------ resolve
def claims_of(article: RawArticle) -> list[Claim]:
    claims = extract_article(article).claims
    assert claims, "a good article must give the resolver something to do"
    return claims


CLAIM_BASE = codec.loads(codec.dumps(claims_of(Good(0, 1, 5, 6).article())[0]))
bad_claims = st.one_of(
    bad_records(CLAIM_BASE, ["claim_id", "article_id", "mention_index", "place", "figures", "kind"], "claim_id", Claim),
    _HTML_BOMBS.map(lambda h: Bad("html_bomb", h.encode())),
)


@PROPERTY
@given(good_specs=st.lists(goods, min_size=1, max_size=3), bads=st.lists(bad_claims, min_size=1, max_size=5),
       order=ORDER)
async def test_resolve_dead_letters_every_bad_record_and_resolves_every_good_claim(topo, good_specs, bads, order):
    claims = [c for g in good_specs for c in claims_of(g.article())]
    records = interleave(claims, bads, order)
    with fresh(topo) as sent:
        await run(
            topo.agents["resolve"],
            [(block_key(r).encode(), codec.dumps(r)) if isinstance(r, Claim) else (b"bad", r.value) for r in records],
        )
    check_dead_letters(topo, bads, "resolve", CLAIMS.name)
    events = [codec.decode(v, EventEnvelope).event for _, v in sent[INCIDENT_EVENTS.name]]
    placed = {e.claim.claim_id for e in events if e.type in ("incident_created", "claim_attached")}
    assert {c.claim_id for c in claims} <= placed, "every good claim is created or attached"


# ------------------------------------------------------------------ project
def created(claim: Claim) -> IncidentCreated:
    iid = incident_id_for(claim.claim_id)
    return IncidentCreated(event_id=event_id("incident_created", iid), incident_id=iid, claim=claim)


EVENT_BASE = codec.loads(codec.dumps(EventEnvelope(event=created(claims_of(Good(1, 0, 3, 2).article())[0]))))
bad_events = st.one_of(
    bad_records(EVENT_BASE, ["event"], "event", EventEnvelope),
    st.builds(
        lambda f, v: Bad("wrong_types", _json({"event": {**EVENT_BASE["event"], f: v}})),
        st.sampled_from(["type", "incident_id", "claim", "event_id"]), wrong_type,
    ).filter(lambda b: really_bad(b, EventEnvelope)),
    _HTML_BOMBS.map(lambda h: Bad("html_bomb", h.encode())),
)


@PROPERTY
@given(good_specs=st.lists(goods, min_size=1, max_size=3), bads=st.lists(bad_events, min_size=1, max_size=5),
       order=ORDER)
async def test_project_dead_letters_every_bad_record_and_publishes_every_good_incident(topo, good_specs, bads, order):
    events = [created(claims_of(g.article())[0]) for g in good_specs]
    records = interleave(events, bads, order)
    with fresh(topo) as sent:
        await run(
            topo.agents["project"],
            [
                (r.incident_id.encode(), codec.dumps(EventEnvelope(event=r))) if isinstance(r, IncidentCreated) else (b"bad", r.value)
                for r in records
            ],
        )
    check_dead_letters(topo, bads, "project", INCIDENT_EVENTS.name)
    published = {k.decode(): codec.loads(v) for k, v in sent[INCIDENTS.name] if v is not None}
    for event in events:
        assert published[event.incident_id]["claims"][0]["claim_id"] == event.claim.claim_id


# ------------------------------------------------------------------ crashes and failing sends
def raising_extract(article: RawArticle):
    """Stands in for the extractor in its child process (module level, so the spawned child can import it)."""
    from streams.extract.pool import timed_extract

    if article.article_id.startswith("crash"):
        raise IndexError("list index out of range")
    return timed_extract(article)


async def test_extractor_crash_becomes_a_dead_letter_and_the_agent_goes_on(topo, monkeypatch):
    """An exception raised by the extractor (here in the extractor process) is the record's dead letter."""
    monkeypatch.setattr(topo.agents["extract.pool"], "fn", raising_extract)
    doomed = Good(0, 2, 4, 4).article().model_copy(update={"id": "crash-1"})
    after = Good(2, 3, 9, 1).article()
    await run(topo.agents["extract"], [(b"crash-1", article_bytes(doomed)), (after.id.encode(), article_bytes(after))])
    [letter] = dead_letters(topo.sent)
    assert (letter.stage, letter.reason) == ("extract", "extractor_crash")
    assert letter.original() == article_bytes(doomed) and "IndexError" in letter.error
    assert any(codec.loads(v)["article_id"] == after.id for _, v in topo.sent[CLAIMS.name])


async def test_an_article_past_the_time_budget_is_a_dead_letter_of_its_own_reason(topo, monkeypatch):
    """The pool reports an article that hung its extractor; the agent files it as a timeout, not a crash."""
    pool = topo.agents["extract.pool"]
    real = pool.extract

    async def budgeted(pending, article):
        if article.article_id.startswith("hang"):
            raise ExtractorTimeout("the extractor took more than 30 s on this article; its process was killed")
        return await real(pending, article)

    monkeypatch.setattr(pool, "extract", budgeted)
    stuck = Good(0, 2, 4, 4).article().model_copy(update={"id": "hang-1"})
    after = Good(2, 3, 9, 1).article()
    await run(topo.agents["extract"], [(b"hang-1", article_bytes(stuck)), (after.id.encode(), article_bytes(after))])
    [letter] = dead_letters(topo.sent)
    assert (letter.stage, letter.reason) == ("extract", "extractor_timeout")
    assert letter.original() == article_bytes(stuck)
    assert any(codec.loads(v)["article_id"] == after.id for _, v in topo.sent[CLAIMS.name])


def _failures(stage: str) -> float:
    return deadletters.dead_letter_send_failures.labels(stage)._value.get()


async def test_a_failing_dead_letter_send_does_not_stop_the_agent(topo):
    topo.failing.add(DEADLETTER.name)
    before = _failures("extract")
    good = Good(1, 1, 6, 2).article()
    await run(topo.agents["extract"], [(b"bad", b"{oops"), (good.id.encode(), article_bytes(good)), (b"bad", b"\xff")])
    assert _failures("extract") == before + 2, "each lost dead letter is counted"
    assert any(codec.loads(v)["article_id"] == good.id for _, v in topo.sent[CLAIMS.name])


async def test_an_agent_error_whose_dead_letter_also_fails_does_not_stop_the_agent(topo):
    # The claims topic fails (an agent_error) and so does the dead-letter topic: the loop still goes on.
    topo.failing.update({CLAIMS.name, DEADLETTER.name})
    before = _failures("extract")
    first, second = Good(0, 0, 3, 3).article(), Good(1, 2, 5, 0).article()
    await run(
        topo.agents["extract"],
        [(first.id.encode(), article_bytes(first)), (second.id.encode(), article_bytes(second))],
    )
    assert _failures("extract") == before + 2
    topo.failing.clear()
    third = Good(2, 1, 8, 8).article()
    await run(topo.agents["extract"], [(third.id.encode(), article_bytes(third))])
    assert any(codec.loads(v)["article_id"] == third.id for _, v in topo.sent[CLAIMS.name])


async def test_resolve_and_project_survive_a_failing_dead_letter_topic(topo):
    topo.failing.add(DEADLETTER.name)
    stage_before = {s: _failures(s) for s in ("resolve", "project")}
    claim = claims_of(Good(0, 3, 7, 1).article())[0]
    await run(topo.agents["resolve"], [(b"x", b"{oops"), (block_key(claim).encode(), codec.dumps(claim))])
    event = created(claim)
    await run(topo.agents["project"], [(b"x", b"[1"), (event.incident_id.encode(), codec.dumps(EventEnvelope(event=event)))])
    assert {s: _failures(s) - stage_before[s] for s in stage_before} == {"resolve": 1, "project": 1}
    assert any(k == event.incident_id.encode() for k, _ in topo.sent[INCIDENTS.name])

"""Agent tier: each agent driven through Faust's test harness (`test_context`, memory store, no broker).

Sends to other topics are captured instead of produced, so each test sees exactly what an agent writes.
"""
from __future__ import annotations

from collections import defaultdict

import faust
import pytest

from schemas import codec
from schemas.article import RawArticle
from schemas.claim import Claim
from schemas.deadletter import DeadLetter
from schemas.incident import EventEnvelope
from schemas.topics import CLAIMS, DEADLETTER, INCIDENT_EVENTS, INCIDENTS
from streams import metrics
from streams.app import build_topology, create_app
from streams.settings import Settings

ARTICLE = RawArticle(
    id="agent-test-1",
    outlet="example.org",
    published_at="2021-05-04",
    text=(
        "MOSUL, Iraq - A car bomb exploded near a crowded market in Mosul on Monday, killing at least 7 people "
        "and wounding 15 others, police said.\n\nNo group has claimed responsibility for the attack."
    ),
)


@pytest.fixture()
def topo(tmp_path, monkeypatch):
    settings = Settings(store="memory://", data_dir=tmp_path, broker="kafka://127.0.0.1:1")
    app = create_app(settings)
    topology = build_topology(app, settings)
    app.finalize()
    app.flow_control.resume()
    sent: dict[str, list[tuple[bytes | None, bytes | None]]] = defaultdict(list)

    async def capture(self, *args, key=None, value=None, **kwargs):
        sent[self.get_topic_name()].append((key, value))

    monkeypatch.setattr(faust.topics.Topic, "send", capture)
    topology.sent = sent
    return topology


def _value(article: RawArticle) -> bytes:
    return codec.dumps(article.model_dump(mode="json", exclude_none=True))


async def test_extract_sends_claims_and_dead_letters_bad_records(topo):
    async with topo.agents["extract"].test_context() as agent:
        await agent.put(value=b"{oops", key=b"bad")
        await agent.put(value=_value(ARTICLE), key=ARTICLE.id.encode())
        await agent.put(value=_value(ARTICLE), key=ARTICLE.id.encode())  # redelivery: nothing new
    letters = [codec.decode(v, DeadLetter) for _, v in topo.sent[DEADLETTER.name]]
    assert [(d.stage, d.reason) for d in letters] == [("extract", "malformed_json")]
    assert letters[0].original() == b"{oops"
    claims = [codec.loads(v) for _, v in topo.sent[CLAIMS.name]]
    real = [Claim.model_validate(c) for c in claims if c["kind"] == "claim"]
    assert len(real) >= 1 and all(c.article_id == ARTICLE.id for c in real)
    assert len({c.claim_id for c in real}) == len(real), "a redelivered article must not send its claims again"
    primary = [c for c in real if c.primary]
    assert len(primary) == 1 and primary[0].killed is not None and primary[0].killed.low == 7


async def test_redelivered_article_is_not_extracted_again(topo):
    pool = topo.agents["extract.pool"]
    extracted: list[str] = []
    timed = pool.fn

    def counting(article):
        extracted.append(article.id)
        return timed(article)

    pool.fn, pool.processes = counting, 0  # inline, so the test sees each call
    revised = ARTICLE.model_copy(update={"text": ARTICLE.text.replace("at least 7", "at least 9")})
    async with topo.agents["extract"].test_context() as agent:
        await agent.put(value=_value(ARTICLE), key=ARTICLE.id.encode())
        await agent.put(value=_value(ARTICLE), key=ARTICLE.id.encode())  # same id, same content
        await agent.put(value=_value(revised), key=ARTICLE.id.encode())  # same id, new content
    assert extracted == [ARTICLE.id, ARTICLE.id], "only the first delivery and the revision are extracted"
    claims = [codec.loads(v) for _, v in topo.sent[CLAIMS.name] if codec.loads(v)["kind"] == "claim"]
    first = [c["claim_id"] for c in claims if c["article_hash"] == ARTICLE.content_hash]
    assert first and len(first) == len(set(first)), "the redelivery sends nothing"
    assert any(c["article_hash"] == revised.content_hash for c in claims), "the revision is extracted and sent"


async def test_revised_article_retracts_its_old_claims(topo):
    revised = ARTICLE.model_copy(update={"text": ARTICLE.text.replace("at least 7", "at least 9")})
    async with topo.agents["extract"].test_context() as agent:
        await agent.put(value=_value(ARTICLE), key=ARTICLE.id.encode())
        await agent.put(value=_value(revised), key=ARTICLE.id.encode())
    messages = [codec.loads(v) for _, v in topo.sent[CLAIMS.name]]
    first = [m["claim_id"] for m in messages if m["kind"] == "claim" and m["article_hash"] == ARTICLE.content_hash]
    retracted = [m["claim_id"] for m in messages if m["kind"] == "retraction"]
    assert first and sorted(retracted) == sorted(first)


async def test_resolve_then_project_builds_the_incident(topo):
    async with topo.agents["extract"].test_context() as agent:
        await agent.put(value=_value(ARTICLE), key=ARTICLE.id.encode())
    claim_messages = list(topo.sent[CLAIMS.name])
    async with topo.agents["resolve"].test_context() as agent:
        for key, value in claim_messages:
            await agent.put(value=value, key=key)
        for key, value in claim_messages:  # redelivered claims decide nothing new
            await agent.put(value=value, key=key)
        await agent.put(value=b'{"kind": "claim"}', key=b"x")
    events = [codec.decode(v, EventEnvelope).event for _, v in topo.sent[INCIDENT_EVENTS.name]]
    assert events and events[0].type == "incident_created"
    assert len({e.event_id for e in events}) == len(events)
    assert [codec.decode(v, DeadLetter).stage for _, v in topo.sent[DEADLETTER.name]] == ["resolve"]

    async with topo.agents["project"].test_context() as agent:
        for key, value in list(topo.sent[INCIDENT_EVENTS.name]):
            await agent.put(value=value, key=key)
        published_once = len(topo.sent[INCIDENTS.name])
        for key, value in list(topo.sent[INCIDENT_EVENTS.name]):  # the fold is idempotent: nothing republished
            await agent.put(value=value, key=key)
    assert len(topo.sent[INCIDENTS.name]) == published_once >= 1
    record = codec.loads(topo.sent[INCIDENTS.name][-1][1])
    assert record["killed"]["low"] == 7 and record["articles"][0]["article_id"] == ARTICLE.id


async def test_the_same_article_under_another_id_sends_no_incident_event(topo):
    copy = ARTICLE.model_copy(update={"id": "agent-test-1-again"})
    async with topo.agents["extract"].test_context() as agent:
        await agent.put(value=_value(ARTICLE), key=ARTICLE.id.encode())
        await agent.put(value=_value(copy), key=copy.id.encode())
    messages = list(topo.sent[CLAIMS.name])
    from_copy = [m for m in map(codec.loads, (v for _, v in messages)) if m.get("article_id") == copy.id]
    assert from_copy, "the extract agent cannot know the copy (another partition may hold the original)"
    copied_before = metrics.claims_copied._value.get()
    async with topo.agents["resolve"].test_context() as agent:
        for key, value in messages:
            await agent.put(value=value, key=key)
        for key, value in messages:  # delivered again: the copies are not counted twice
            await agent.put(value=value, key=key)
    events = [codec.decode(v, EventEnvelope).event for _, v in topo.sent[INCIDENT_EVENTS.name]]
    assert events and all(e.claim.article_id == ARTICLE.id for e in events if hasattr(e, "claim"))
    copies = [m for m in from_copy if m["kind"] == "claim"]
    assert metrics.claims_copied._value.get() - copied_before == len(copies)

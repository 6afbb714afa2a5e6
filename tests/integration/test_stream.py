"""Integration tier: the whole pipeline on the embedded Tansu broker, compared with `sitrep replay`."""
from __future__ import annotations

import asyncio
import json

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from schemas import codec
from schemas.deadletter import DeadLetter
from schemas.topics import ARTICLES_RAW, DEADLETTER
from streams.consume import read_table, resend_dead_letters
from streams.ingest import RawArticle, read_articles
from streams.pipeline import replay
from streams.push import push
from streams.supervisor import http_json

pytestmark = pytest.mark.integration


def canonical(record: dict) -> tuple:
    """What must agree between two runs whose arrival order differs: which claims form each incident and what
    the incident says. Incident ids and versions are left out: the first claim to arrive names an incident."""
    return (
        tuple(sorted(c["claim_id"] for c in record["claims"])),
        json.dumps([record["killed"], record["wounded"], record["date"], record["place"], record["attack_type"],
                    record["perpetrator"], record["conflicting"], record["independent_sources"]], sort_keys=True),
    )


def replay_table(paths) -> set:
    articles = [a for a in read_articles(paths) if isinstance(a, RawArticle)]
    return {canonical(r.model_dump(mode="json")) for r in replay(articles).table()}


def test_seeds_through_the_stream_equal_replay(corpus, broker, worker_factory):
    seeds = [corpus / "seeds" / "articles.jsonl"]
    expected = replay_table(seeds)
    assert expected, "replay found no incident in the seeds"
    worker = worker_factory().start()
    summary = asyncio.run(push(seeds, broker.bootstrap, {}))
    assert summary.sent == 5 and not summary.rejected
    web_rows = worker.settled(expect_at_least=len(expected))
    assert {canonical(r) for r in web_rows} == expected
    topic_rows = asyncio.run(read_table(broker.bootstrap))
    assert {canonical(r.model_dump(mode="json")) for r in topic_rows.values()} == expected
    for row in web_rows:
        assert row["articles"] and all(c["article_id"] for c in row["claims"])
    import urllib.request

    page = urllib.request.urlopen(worker.web + "/incidents", timeout=10).read().decode()
    assert page.count("<tr data-id=") == len(expected) and "Independent sources" in page
    one = web_rows[0]["incident_id"]
    detail = urllib.request.urlopen(f"{worker.web}/incidents/{one}", timeout=10).read().decode()
    assert "Claims" in detail and any((c["outlet"] or c["article_id"]) in detail for c in web_rows[0]["claims"])
    for route in ("/table/incidents", "/router/", "/graph/", "/stats/"):
        assert http_json(worker.web + route)[0] == 404, f"{route} must not be served"

    # kill -9 and restart on the same store: tables recover exactly (needs one record per produce request on
    # Tansu), and pushing the same articles again changes nothing.
    worker.kill()
    worker.start()
    assert {canonical(r) for r in worker.settled(expect_at_least=len(expected))} == expected
    asyncio.run(push(seeds, broker.bootstrap, {}))
    before = worker.settled(expect_at_least=len(expected))
    assert {canonical(r) for r in before} == expected
    # The same articles under other ids are copies of known ones: the table stays as it is, versions included.
    versions = {r["incident_id"]: r["version"] for r in before}
    copies = [a.model_copy(update={"id": a.article_id + "~again"}) for a in read_articles(seeds)
              if isinstance(a, RawArticle)]
    asyncio.run(_produce_raw(broker.bootstrap, [
        (a.id.encode(), codec.dumps(a.model_dump(mode="json", exclude_none=True))) for a in copies
    ]))
    copied = _wait_for_metric(worker.web, "sitrep_claims_copied_total", sum(len(r["claims"]) for r in web_rows))
    assert copied == sum(len(r["claims"]) for r in web_rows)
    after = worker.settled(expect_at_least=len(expected))
    assert {canonical(r) for r in after} == expected
    assert {r["incident_id"]: r["version"] for r in after} == versions
    assert worker.stop() == 0, "worker did not shut down cleanly on SIGTERM"


def _wait_for_metric(web: str, name: str, want: float, timeout: float = 60.0) -> float:
    """The counter's value once it reaches `want` (or whatever it is when the time is up)."""
    import time
    import urllib.request

    deadline, value = time.monotonic() + timeout, 0.0
    while time.monotonic() < deadline:
        text = urllib.request.urlopen(web + "/metrics", timeout=10).read().decode()
        value = sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " "))
        if value >= want:
            break
        time.sleep(0.5)
    return value


async def _produce_raw(bootstrap: str, records: list[tuple[bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(ARTICLES_RAW.name, key=key, value=value)
    finally:
        await producer.stop()


async def _dead_letters(bootstrap: str, want: int, timeout: float = 60.0) -> list[DeadLetter]:
    consumer = AIOKafkaConsumer(DEADLETTER.name, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    letters: list[DeadLetter] = []
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(letters) < want and loop.time() < deadline:
            batch = await consumer.getmany(timeout_ms=1000)
            for messages in batch.values():
                letters += [codec.decode(m.value, DeadLetter) for m in messages]
    finally:
        await consumer.stop()
    return letters


def test_bad_records_go_to_dead_letters_and_the_worker_goes_on(broker, worker_factory):
    worker = worker_factory().start()
    bad = [
        (b"k1", b"{not json"),
        (b"k2", b'{"id": "x", "text": "caf\xe9 bomb"}'),
        (b"k3", b'{"id": "y"}'),
        (b"k4", b'{"id": "z", "text": "x", "surprise": 1}'),
    ]
    good = RawArticle(
        id="good-1", published_at="2021-05-04", outlet="example.org",
        text=("A car bomb exploded near a crowded market in Mosul, Iraq on Monday, killing 7 people and wounding "
              "12 others, police said. No group has claimed responsibility for the attack, which came as shoppers "
              "were preparing for the holiday."),
    )
    asyncio.run(_produce_raw(broker.bootstrap, bad + [(b"good-1", codec.dumps(good.model_dump(mode="json", exclude_none=True)))]))
    letters = asyncio.run(_dead_letters(broker.bootstrap, want=4))
    assert sorted(d.reason for d in letters) == ["invalid_record", "invalid_record", "invalid_utf8", "malformed_json"]
    assert {d.original() for d in letters} == {v for _, v in bad}
    assert all(d.stage == "extract" and d.source_topic == ARTICLES_RAW.name and d.source_offset is not None for d in letters)
    rows = worker.settled(expect_at_least=1)
    assert any(c["article_id"] == "good-1" for r in rows for c in r["claims"])
    status, health = http_json(worker.web + "/health")
    assert status == 200 and health["dead_letters"] == 4 and all(health["agents"].values())
    # `sitrep deadletters replay` sends the originals back to where they came from; still bad, they return.
    assert asyncio.run(resend_dead_letters(broker.bootstrap, letters)).sent == 4
    again = asyncio.run(_dead_letters(broker.bootstrap, want=8))
    assert len(again) == 8 and {d.original() for d in again} == {v for _, v in bad}

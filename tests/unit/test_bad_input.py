"""Bad and hostile input, unit tier: the codec's reasons, RawArticle's limits (sizes, HTML bombs), JSONL `file`
fields that try to leave their folder, escaping of every text field in the web pages, and dead letters that are
too large or cannot be sent. All text here is made up for the tests.
"""
from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from schemas import codec
from schemas.article import MAX_HTML_BYTES, MAX_HTML_OPEN_RUN, MAX_TEXT_CHARS, RawArticle, longest_open_tag_run
from schemas.claim import Responsibility
from schemas.incident import (
    Count,
    DateRange,
    Incident,
    IncidentArticle,
    IncidentClaim,
    IncidentPerpetrator,
    IncidentPlace,
    MergeRecord,
    TollPoint,
)
from schemas.topics import DEADLETTER
from streams import deadletters, metrics
from streams.ingest import Rejected, read_articles

BODY = "A bomb exploded at a bus stop on Monday, killing 3 people, police said."


# ------------------------------------------------------------------ codec
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"text": "caf\xe9"}', "invalid_utf8"),
        (b"\xff\xfe", "invalid_utf8"),
        (b"[" * 5000 + b"]" * 5000, "too_deeply_nested"),
        (b'{"a": ' * 2000 + b"1" + b"}" * 2000, "too_deeply_nested"),
        (b"", "malformed_json"),
        (b"{oops", "malformed_json"),
        (b"NaN", "malformed_json"),
    ],
)
def test_codec_names_what_is_wrong(data, reason):
    with pytest.raises(codec.DecodeError) as info:
        codec.loads(data)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    "value",
    [b"null", b"[]", b'"text"', b'{"text": 5}', b'{"text": null}', b'{"id": "", "text": "x"}', b'{"text": "x", "extra": 1}'],
)
def test_decode_rejects_wrong_shapes_as_invalid_record(value):
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(value, RawArticle)
    assert info.value.reason == "invalid_record" and info.value.detail


# ------------------------------------------------------------------ RawArticle limits
@pytest.mark.parametrize(
    "fields",
    [
        {"text": "x" * (MAX_TEXT_CHARS + 1)},
        {"html": "<p>" + "x" * MAX_HTML_BYTES + "</p>"},
        {"id": "i" * 513, "text": BODY},
        {"title": "t" * 4097, "text": BODY},
        {"outlet": "o" * 513, "text": BODY},
        {"url": "https://example.org/" + "p" * 4096, "text": BODY},
        {"language": "l" * 17, "text": BODY},
        {"text": "   \n\t  "},
        {"title": "only a title"},
        {"text": BODY, "published_at": "yesterday"},
        {"text": BODY, "schema_version": 2},
        {"text": BODY, "unknown": "field"},
    ],
)
def test_raw_article_limits(fields):
    with pytest.raises(ValidationError):
        RawArticle.model_validate(fields)


def test_limits_leave_room_for_real_articles():
    article = RawArticle(id="a" * 512, title="t" * 4096, text="x" * MAX_TEXT_CHARS, language="en")
    assert article.article_id == "a" * 512


def test_open_tag_runs():
    assert longest_open_tag_run("plain text, no markup") == 0
    assert longest_open_tag_run("<html><body><div class='a'><p>hi</p></div></body></html>") == 4
    assert longest_open_tag_run("<div>\n <span>\t<b>x</b></span></div>") == 3
    assert longest_open_tag_run("<p>a</p><p>b</p>" * 1000) < 2  # many tags, none nested
    assert longest_open_tag_run("<div>" * 5000 + "x") == 5000
    assert longest_open_tag_run("<DIV>" * 5000) == 5000
    # Void and self-closed tags open nothing: a long gallery or a run of line breaks is not nesting.
    assert longest_open_tag_run("<br><br>" * 3000 + "<img src='a.jpg'><img src='b.jpg'/>" * 3000) == 0


def test_html_bombs_are_rejected_and_ordinary_pages_are_not():
    with pytest.raises(ValidationError, match="HTML bomb"):
        RawArticle(html="<div>" * (MAX_HTML_OPEN_RUN + 1) + f"<p>{BODY}</p>")
    with pytest.raises(ValidationError, match="HTML bomb"):
        RawArticle(html="<html><body>" + "<section><div><span>" * 400 + f"{BODY}</body></html>")
    deep_but_fine = "<div>" * 50 + f"<p>{BODY}</p>" + "</div>" * 50
    wide = "<html><body>" + "<ul><li>item</li></ul>" * 20_000 + f"<p>{BODY}</p></body></html>"
    for page in (deep_but_fine, wide):
        assert RawArticle(html=page).body == page


def test_a_huge_attribute_is_read_without_crashing():
    from streams.extract import extract_article

    page = "<html><body><p title='" + "a" * 2_000_000 + f"'>x</p><p>{BODY}</p></body></html>"
    extraction = extract_article(RawArticle(id="attr", html=page, published_at="2022-01-10"))
    assert extraction.claims or extraction.skipped is not None
    assert "aaaaaaaaaa" not in extraction.text


# ------------------------------------------------------------------ JSONL `file` fields
@pytest.fixture()
def feed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("SECRET " + BODY, encoding="utf-8")
    folder = tmp_path / "feed"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "ok.txt").write_text(BODY, encoding="utf-8")
    os.symlink(outside, folder / "texts" / "link.txt")
    return folder


@pytest.mark.parametrize(
    "name",
    ["../secret.txt", "texts/../../secret.txt", "texts/link.txt", "/etc/hostname", "", ".", 5, ["texts/ok.txt"]],
)
def test_a_jsonl_file_field_cannot_leave_its_folder(feed, name):
    (feed / "index.jsonl").write_bytes(codec.dumps({"id": "f1", "file": name}) + b"\n")
    [item] = list(read_articles([feed / "index.jsonl"]))
    assert isinstance(item, Rejected), item
    assert "SECRET" not in item.reason


def test_a_jsonl_file_field_inside_its_folder_is_read(feed):
    (feed / "index.jsonl").write_bytes(codec.dumps({"id": "f1", "file": "texts/ok.txt"}) + b"\n")
    [item] = list(read_articles([feed / "index.jsonl"]))
    assert isinstance(item, RawArticle) and item.text == BODY and item.id == "f1"


def test_ingest_rejects_bad_lines_and_goes_on(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"{oops\n"
        + b"[1, 2]\n"
        + codec.dumps({"id": "big", "text": "x" * (MAX_TEXT_CHARS + 1)}) + b"\n"
        + codec.dumps({"id": "bomb", "html": "<i>" * (MAX_HTML_OPEN_RUN + 5)}) + b"\n"
        + codec.dumps({"id": "good", "text": BODY}) + b"\n"
    )
    items = list(read_articles([path]))
    assert [type(i).__name__ for i in items] == ["Rejected"] * 4 + ["RawArticle"]
    assert items[-1].id == "good"


# ------------------------------------------------------------------ web pages escape every text field
EVIL = ("<script>alert(1)</script>", "'\"><img src=x onerror=alert(2)>")


def _fill_strings(model: BaseModel, evil: str) -> BaseModel:
    """Every str field (nested models and lists too) set to `evil`, so a forgotten escape cannot hide."""
    update: dict[str, Any] = {}
    for name, value in model:
        if name in ("attack_type", "kind", "precision"):
            continue  # Literal fields: validated against a fixed list, never free text
        if isinstance(value, str) or (value is None and name in _STR_FIELDS.get(type(model).__name__, ())):
            update[name] = evil
        elif isinstance(value, BaseModel):
            update[name] = _fill_strings(value, evil)
        elif isinstance(value, list):
            update[name] = [evil if isinstance(v, str) else _fill_strings(v, evil) for v in value]
    return model.model_copy(update=update)


_STR_FIELDS = {
    "IncidentPlace": ("country", "admin1", "city", "site"),
    "IncidentPerpetrator": ("claimed_by", "attributed_to"),
    "Responsibility": ("group", "by", "channel"),
    "IncidentClaim": ("outlet", "url", "source"),
    "ClaimFigure": ("qualifier",),
    "TollPoint": ("outlet", "qualifier", "source"),
    "IncidentArticle": ("outlet", "url"),
}


def _record(evil: str) -> Incident:
    base = Incident(
        incident_id="i1",
        date=DateRange(start="2021-01-01", end="2021-01-01", precision="day"),
        place=IncidentPlace(),
        perpetrator=IncidentPerpetrator(denied_by=["x"], statements=[Responsibility(status="claimed")]),
        killed=Count(best=2, low=2, high=3),
        claims=[IncidentClaim(claim_id="c1", article_id="a1", quote="q", published_at="2021-01-02T10:00:00Z")],
        history=[TollPoint(claim_id="c1", article_id="a1", kind="killed", low=2, high=3)],
        articles=[IncidentArticle(article_id="a1")],
        merges=[MergeRecord(absorbed_id="i0", reason="r")],
        aliases=["i0"],
    )
    return _fill_strings(base, evil)


@pytest.mark.parametrize("evil", EVIL)
def test_every_text_field_is_escaped_in_the_pages(evil):
    import re

    from streams.web.views import incident_html, incidents_html

    record = _record(evil)
    assert record.place.city == evil and record.claims[0].outlet == evil and record.history[0].source == evil
    params = {"perpetrator": evil, "from": evil, "country": evil, "sort": evil}
    for page, own_scripts in ((incidents_html([record], params), 1), (incident_html(record), 0)):
        # The table page carries one script of its own (the live updater); no data may add or enter one.
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S | re.I)
        assert len(scripts) == page.lower().count("<script") == own_scripts
        assert not any("alert(" in s for s in scripts)
        assert "<img" not in page and "onerror=alert(2)>" not in page
        assert "&lt;script&gt;" in page or "&lt;img" in page


# ------------------------------------------------------------------ dead letters
class _Topic:
    def __init__(self, fail: bool) -> None:
        self.fail, self.sent = fail, []

    async def send(self, key=None, value=None):
        if self.fail:
            raise ConnectionError("no broker")
        self.sent.append((key, value))


class _Topo:
    def __init__(self, fail: bool = False, max_bytes: int = 8_000_000) -> None:
        self.dlq = _Topic(fail)
        self.settings = type("S", (), {"max_message_bytes": max_bytes})()

    def topic(self, spec):
        assert spec is DEADLETTER
        return self.dlq


class _Message:
    topic, partition, offset = "sitrep.articles.raw.v1", 2, 41


def _count(counter, *labels) -> float:
    return counter.labels(*labels)._value.get()


def test_a_dead_letter_keeps_the_original_bytes_and_where_they_came_from():
    letter = deadletters.make_dead_letter("extract", "malformed_json", "bad", b"\x00\xffraw", b"k", _Message())
    topo = _Topo()
    before = _count(metrics.dead_letters, "extract", "malformed_json")
    assert asyncio.run(deadletters.send_dead_letter(topo, letter)) is True
    [(key, value)] = topo.dlq.sent
    sent = codec.decode(value, type(letter))
    assert sent.original() == b"\x00\xffraw" and (sent.source_partition, sent.source_offset) == (2, 41)
    assert _count(metrics.dead_letters, "extract", "malformed_json") == before + 1


def test_odd_keys_and_messages_still_make_a_letter():
    letter = deadletters.make_dead_letter("resolve", "", "e" * 5000, bytearray(b"v"), "str-key", object())
    assert letter.reason == "unknown" and len(letter.error) == 2000 and letter.original() == b"v"
    assert letter.source_topic is None and letter.source_offset is None


def test_a_failing_dead_letter_send_is_counted_not_raised():
    letter = deadletters.make_dead_letter("project", "malformed_json", "bad", b"{", None, _Message())
    before = _count(deadletters.dead_letter_send_failures, "project")
    assert asyncio.run(deadletters.send_dead_letter(_Topo(fail=True), letter)) is False
    assert _count(deadletters.dead_letter_send_failures, "project") == before + 1


def test_a_letter_too_large_for_one_record_is_written_whole_in_parts_and_counted_once():
    value = os.urandom(100_000)
    letter = deadletters.make_dead_letter("extract", "too_large", "100000 bytes", value, b"k", _Message())
    topo = _Topo(max_bytes=50_000)
    before = _count(metrics.dead_letters, "extract", "too_large")
    assert asyncio.run(deadletters.send_dead_letter(topo, letter)) is True
    assert len(topo.dlq.sent) == 3 and all(len(k) + len(v) < 50_000 for k, v in topo.dlq.sent)
    assert {k for k, _ in topo.dlq.sent} == {b"aw=="}, "every part under the original key"
    [whole], incomplete = deadletters.reassemble(codec.decode(v, type(letter)) for _, v in topo.dlq.sent)
    assert incomplete == [] and whole.original() == value and (whole.source_partition, whole.source_offset) == (2, 41)
    # /metrics and /deadletters count the letter once, not once per part; the page keeps no bytes.
    assert _count(metrics.dead_letters, "extract", "too_large") == before + 1
    shown = metrics.recent_dead_letters[-1]
    assert (shown.letter_id, shown.size, shown.parts, shown.value_b64) == (letter.letter_id, 100_000, 3, "")


def test_a_letter_cut_short_by_a_failing_send_is_a_failure():
    class _FailsSecond(_Topic):
        async def send(self, key=None, value=None):
            if self.sent:
                raise ConnectionError("broker went away")
            self.sent.append((key, value))

    topo = _Topo(max_bytes=50_000)
    topo.dlq = _FailsSecond(False)
    letter = deadletters.make_dead_letter("extract", "too_large", "big", os.urandom(100_000), b"k", _Message())
    before = _count(deadletters.dead_letter_send_failures, "extract")
    assert asyncio.run(deadletters.send_dead_letter(topo, letter)) is False
    assert _count(deadletters.dead_letter_send_failures, "extract") == before + 1
    whole, [cut] = deadletters.reassemble(codec.decode(v, type(letter)) for _, v in topo.dlq.sent)
    assert whole == [] and cut.have == (1,), "read back as incomplete, never as a smaller letter"


# ------------------------------------------------------------------ exposure
def test_the_web_view_is_loopback_only_and_serves_no_raw_tables(tmp_path, monkeypatch):
    from streams.app import create_app
    from streams.settings import Settings

    for name in [k for k in os.environ if k.startswith("SITREP_")]:
        monkeypatch.delenv(name)
    settings = Settings(_env_file=None, store="memory://", data_dir=tmp_path, broker="kafka://127.0.0.1:1")
    assert settings.web_host == "127.0.0.1"
    conf = create_app(settings).conf
    assert conf.web_bind == "127.0.0.1"
    assert not (conf.web_tables_enabled or conf.web_router_enabled or conf.web_graph_enabled or conf.web_stats_enabled)

"""Pure tests of the contracts: codec, article model, revisions, file ingest, topic registry, settings."""
from __future__ import annotations

import json

import pytest

from schemas import codec
from schemas import topics as registry
from schemas.article import RawArticle
from schemas.claim import Claim, Place
from schemas.jsonschema import export
from streams.extract.revisions import revise
from streams.ingest import Rejected, read_articles
from streams.settings import Settings


def test_codec_reasons_for_bad_bytes():
    with pytest.raises(codec.DecodeError) as err:
        codec.decode(b"{not json", RawArticle)
    assert err.value.reason == "malformed_json"
    with pytest.raises(codec.DecodeError) as err:
        codec.decode(b'{"text": "caf\xe9"}', RawArticle)
    assert err.value.reason == "invalid_utf8"
    with pytest.raises(codec.DecodeError) as err:
        codec.decode(b"[" * 5000 + b"]" * 5000, RawArticle)
    assert err.value.reason == "too_deeply_nested"
    with pytest.raises(codec.DecodeError) as err:
        codec.decode(b'{"text": "x", "colour": "red"}', RawArticle)
    assert err.value.reason == "invalid_record" and "colour" in err.value.detail


def test_codec_is_byte_stable():
    a = codec.dumps({"b": 1, "a": [1, 2]})
    assert a == codec.dumps({"a": [1, 2], "b": 1}) == b'{"a":[1,2],"b":1}'


def test_article_needs_a_body_and_bounded_text():
    with pytest.raises(ValueError, match="neither text nor html"):
        RawArticle(text="   ")
    with pytest.raises(ValueError):
        RawArticle(text="x" * 300_001)
    assert RawArticle(html="<p>hi</p>").body == "<p>hi</p>"


def test_article_id_derivation_is_stable():
    given = RawArticle(id="a1", text="t")
    by_url = RawArticle(url=" HTTP://Example.com/x ", text="t")
    by_text = RawArticle(text="same body")
    assert given.article_id == "a1"
    assert by_url.article_id == RawArticle(url="http://example.com/x", text="other").article_id
    assert by_text.article_id == RawArticle(text="same body").article_id != RawArticle(text="other").article_id
    assert RawArticle(text="a", title="t").content_hash != RawArticle(text="a", title="u").content_hash


def test_published_at_accepts_dates_and_rejects_garbage():
    assert RawArticle(text="x", published_at="2020-03-06").published_at.isoformat() == "2020-03-06T00:00:00+00:00"
    with pytest.raises(ValueError, match="ISO"):
        RawArticle(text="x", published_at="last tuesday")


def _claim(i: int, article_hash: str = "h1") -> Claim:
    cid = Claim.make_id("a", article_hash, i, "v1")
    return Claim(claim_id=cid, article_id="a", article_hash=article_hash, mention_index=i, extractor_version="v1",
                 place=Place(country="Iraq"))


def test_revise_redelivery_revision_and_first_sight():
    first, retractions, fresh = revise(None, "a", "h1", [_claim(0), _claim(1)])
    assert fresh and retractions == [] and len(first.claims) == 2
    again, retractions, fresh = revise(first, "a", "h1", [_claim(0), _claim(1)])
    assert not fresh and retractions == [] and again == first
    revised, retractions, fresh = revise(first, "a", "h2", [_claim(0, "h2")])
    assert fresh and {r.claim_id for r in retractions} == set(first.claims)
    assert all(r.block_key == "iraq" and r.superseded_by_hash == "h2" for r in retractions)


def test_read_articles_jsonl_with_files_and_rejections(tmp_path):
    (tmp_path / "one.txt").write_text("A bomb exploded.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9")
    lines = [
        json.dumps({"id": "one", "file": "one.txt", "outlet": "x.com", "published_at": "2021-01-02", "note": "ignored"}),
        "{broken",
        json.dumps({"id": "up", "file": "../etc/passwd"}),
        json.dumps({"id": "bad", "file": "latin1.txt"}),
        json.dumps({"id": "inline", "text": "Gunmen attacked.", "published_at": "yesterday"}),
        json.dumps([1, 2]),
    ]
    (tmp_path / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles([tmp_path]))
    ok = [i for i in items if isinstance(i, RawArticle)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [a.id for a in ok] == ["one"] and ok[0].text == "A bomb exploded." and ok[0].outlet == "x.com"
    reasons = " | ".join(r.reason for r in rejected)
    assert len(rejected) == 5
    for needle in ("malformed JSON", "relative path inside", "cannot read", "published_at", "not a JSON object"):
        assert needle in reasons


def test_read_plain_and_html_files_with_defaults(tmp_path):
    (tmp_path / "a.txt").write_text("Text body", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Html body</p>", encoding="utf-8")
    items = list(read_articles([tmp_path / "a.txt", tmp_path / "b.html"], {"outlet": "feed.org", "language": "en"}))
    assert [(a.id, bool(a.text), bool(a.html), a.outlet) for a in items] == [
        ("a", True, False, "feed.org"),
        ("b", False, True, "feed.org"),
    ]


def test_registry_declares_each_topic_once_and_exports_schemas(tmp_path):
    names = [spec.name for spec in registry.ALL]
    assert len(names) == len(set(names)) == 5
    assert registry.INCIDENTS.cleanup == "compact" and registry.ARTICLES_RAW.cleanup == "delete"
    paths = export(tmp_path)
    assert len(paths) == 5
    incident = json.loads((tmp_path / "sitrep.incidents.v1.schema.json").read_text())
    for field in ("incident_id", "version", "date", "place", "attack_type", "perpetrator", "killed", "wounded",
                  "conflicting", "articles", "claims"):
        assert field in incident["properties"]


def test_published_schemas_match_the_models():
    """The JSON Schemas in the repo are what consumers validate against: they must not drift from the models."""
    import pathlib

    published = pathlib.Path(__file__).resolve().parents[2] / "schemas" / "jsonschema"
    for spec in registry.ALL:
        on_disk = json.loads((published / f"{spec.name}.schema.json").read_text())
        fresh = json.loads(json.dumps(spec.schema()))
        for key in ("properties", "anyOf", "oneOf", "$defs"):
            assert on_disk.get(key) == fresh.get(key), f"run `make schemas`: {spec.name} drifted"


def test_settings_validate_broker_urls(monkeypatch):
    assert Settings(broker="").embedded
    assert not Settings(broker="kafka://k1:9092;k2:9092").embedded
    with pytest.raises(ValueError, match="kafka://"):
        Settings(broker="http://nope")
    monkeypatch.setenv("SITREP_WEB_PORT", "7070")
    assert Settings().web_port == 7070


def test_a_worker_at_level_warning_builds_no_debug_records(tmp_path):
    """Faust's terminal spinner set the root logger to DEBUG at level warning and above: every Kafka client debug
    record was built and then dropped by the handler."""
    import logging

    from streams.app import create_app
    from streams.cli import _make_bounded_worker
    from streams.settings import Settings

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    settings = Settings(_env_file=None, store="memory://", data_dir=tmp_path, broker="kafka://127.0.0.1:1",
                        log_level="warning")
    worker = _make_bounded_worker()(create_app(settings), loglevel=settings.log_level, quiet=True)
    try:
        worker._setup_logging()
        assert not logging.getLogger("aiokafka.producer.producer").isEnabledFor(logging.DEBUG)
        assert logging.getLogger("sitrep").isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers

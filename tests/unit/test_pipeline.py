"""The in-process pipeline (what `sitrep replay` runs): revisions, redelivery and wire copy, end to end."""
from __future__ import annotations

from schemas.article import RawArticle
from streams.pipeline import Pipeline

TEXT = (
    "SPRINGFIELD, Ill. (AP) - A gunman opened fire outside a bowling alley in Springfield, Illinois, late Friday, "
    "killing {killed} people and wounding 4 others, police said. Police Chief Dana Orr said officers were still "
    "searching for the suspect on Saturday. The victims have not been identified."
)


def article(killed: int, **kw) -> RawArticle:
    base = dict(id="rev-1", outlet="example.com", published_at="2019-06-15", text=TEXT.format(killed=killed))
    base.update(kw)
    return RawArticle(**base)


def only(pipeline: Pipeline):
    table = pipeline.table()
    assert len(table) == 1, [r.model_dump() for r in table]
    return table[0]


def test_the_same_article_twice_changes_nothing():
    p = Pipeline()
    p.push(article(3))
    before = only(p).model_dump()
    assert p.push(article(3)) == []
    assert only(p).model_dump() == before


def test_a_revised_article_replaces_its_claims_and_history_keeps_both():
    p = Pipeline()
    p.push(article(3))
    assert only(p).killed.best == 3
    p.push(article(5, published_at="2019-06-16"))
    record = only(p)
    assert record.killed.best == 5
    live = [c for c in record.claims if not c.retracted]
    assert len(live) == 1 and live[0].killed.low == 5
    killed_history = sorted((h.low, h.retracted) for h in record.history if h.kind == "killed")
    assert killed_history == [(3, True), (5, False)]


def test_the_same_story_under_another_id_is_one_source():
    p = Pipeline()
    p.push(article(3))
    p.push(article(3, id="copy-elsewhere", outlet="reprint.example.org"))
    record = only(p)
    assert {a.article_id for a in record.articles} == {"rev-1", "copy-elsewhere"}
    assert record.independent_sources == 1

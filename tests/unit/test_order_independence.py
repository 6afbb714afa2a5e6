"""Order must not decide the answer: the seeds' and gvc's final incident tables under shuffled article orders.

Reads the corpus (skips without ../shared). Each article is extracted once (extraction reads one article only, so
memoizing it changes nothing) and the in-process pipeline replays five seeded shuffles of the articles. The table
is compared in a canonical form: per live incident, its standing claim ids and its killed/wounded `best`.
"""
from __future__ import annotations

import random

import pytest

import streams.pipeline as pipeline_module
from streams.evaluate import load_set
from streams.pipeline import Pipeline

SHUFFLES = 5


def canonical(pipeline: Pipeline) -> frozenset:
    return frozenset(
        (
            frozenset(c.claim_id for c in incident.claims if not c.retracted),
            incident.killed.best,
            incident.wounded.best,
        )
        for incident in pipeline.table()
    )


@pytest.fixture(scope="module")
def memo_extract():
    real = pipeline_module.extract_article
    memo: dict = {}

    def extract(article):  # type: ignore[no-untyped-def]
        key = (article.article_id, article.content_hash)
        if key not in memo:
            memo[key] = real(article)
        return memo[key]

    pipeline_module.extract_article = extract
    yield memo
    pipeline_module.extract_article = real


def replay(articles) -> Pipeline:  # type: ignore[no-untyped-def]
    pipeline = Pipeline()
    for article in articles:
        pipeline.push(article)
    return pipeline


@pytest.mark.parametrize("name", ["seeds", "gvc"])
def test_final_table_is_the_same_under_shuffled_article_orders(corpus, memo_extract, name):
    articles = load_set(name, corpus).articles
    base = canonical(replay(articles))
    # The check must be able to fail: the table has incidents holding several claims.
    assert any(len(claims) > 1 for claims, _, _ in base)
    for seed in range(SHUFFLES):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        got = canonical(replay(shuffled))
        assert got == base, f"{name}: shuffle {seed} gives {len(got ^ base)} differing incidents"

"""The same article pushed again under another id (text, title, outlet, URL and time unchanged) leaves the table as
it was; the copy stands in for the original only when the original's claims are retracted."""
from __future__ import annotations

from datetime import date

from schemas.claim import ClaimRetraction, block_key
from streams.pipeline import Pipeline
from streams.resolve import Resolver
from tests.unit.test_resolve_resolver import make_claim, synthetic_stream


def copy_of(claim, n: int = 1):  # type: ignore[no-untyped-def]
    return claim.model_copy(update={"article_id": f"{claim.article_id}~{n}", "claim_id": f"{claim.claim_id}~{n}"})


def retraction(claim):  # type: ignore[no-untyped-def]
    return ClaimRetraction(claim_id=claim.claim_id, article_id=claim.article_id, superseded_by_hash="new",
                           block_key=block_key(claim))


def table(pipeline: Pipeline, items: list) -> list[dict]:
    """The live incident records once the pipeline's resolver and fold have taken every claim and retraction."""
    for item in items:
        resolver = pipeline.resolver
        pipeline.project(resolver.retract(item) if isinstance(item, ClaimRetraction) else resolver.resolve(item))
    return [r.model_dump(mode="json") for r in pipeline.table()]


def test_a_copy_under_another_id_changes_nothing_and_its_redelivery_neither():
    stream = synthetic_stream(seed=4, incidents=8)
    alone = table(Pipeline(), stream)
    store: dict = {}
    pipeline = Pipeline(store)
    with_copies = table(pipeline, stream + [copy_of(c) for c in stream])
    assert with_copies == alone
    snapshot = dict(store)
    assert pipeline.resolver.copies_filed == len(stream)
    assert all(pipeline.resolver.resolve(copy_of(c)) == [] for c in stream[:5])  # the copies delivered again
    assert store == snapshot and pipeline.resolver.copies_filed == len(stream)


def test_a_reprint_at_another_outlet_is_a_report_of_its_own():
    original = make_claim("a1", date(2021, 3, 4), "Strelsau", "Rudolf Rassendyll", ["gunfire", "market", "night"], 2)
    reprint = copy_of(original).model_copy(update={"outlet": "other.example"})
    resolver = Resolver({})
    resolver.resolve(original)
    events = resolver.resolve(reprint)
    assert [e.type for e in events] == ["claim_attached"]


def test_the_copy_takes_over_when_the_original_is_retracted_and_a_retracted_copy_never_does():
    day = date(2021, 3, 4)
    first = make_claim("a1", day, "Strelsau", "Rudolf Rassendyll", ["gunfire", "market", "night"], 2)
    second = make_claim("a2", day, "Strelsau", "Rudolf Rassendyll", ["market", "gunfire", "night"], 2)
    resolver = Resolver({})
    created = resolver.resolve(first)[0]
    resolver.resolve(second)
    one, two = copy_of(first, 1), copy_of(first, 2)
    assert resolver.resolve(one) == [] and resolver.resolve(two) == []
    assert resolver.retract(retraction(one)) == []  # a waiting copy's article revised: it waits no more
    events = resolver.retract(retraction(first))
    assert [e.type for e in events] == ["claims_retracted", "claim_attached"]
    assert events[1].claim.claim_id == two.claim_id and events[1].claim == two
    assert events[1].incident_id == created.incident_id  # it meets the incident's other report
    assert resolver.resolve(copy_of(first, 3)) == []  # the content is filed again: a new copy waits
    later = resolver.retract(retraction(two))
    assert [e.type for e in later] == ["claims_retracted", "claim_attached"] and later[1].claim.claim_id == first.claim_id + "~3"
    assert [e.type for e in resolver.retract(retraction(copy_of(first, 3)))] == ["claims_retracted"]
    fresh = resolver.resolve(copy_of(first, 4))  # nothing was left filed for the content: it counts again
    assert [e.type for e in fresh] == ["claim_attached"] and fresh[0].claim.claim_id == first.claim_id + "~4"

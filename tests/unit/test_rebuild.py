"""Event sourcing: the incident table is the fold of `sitrep.incidents.events.v1`. Folding the recorded events
again, in order and into an empty table, gives the same table; folding them twice changes nothing."""
from __future__ import annotations

from schemas import codec
from schemas.incident import EventEnvelope
from streams.incidents.fold import apply, to_record
from streams.ingest import RawArticle, read_articles
from streams.pipeline import Pipeline


def rebuild(events) -> list:
    table: dict = {}
    for event in events:
        state = apply(table.get(event.incident_id), event)
        if state is None:
            table.pop(event.incident_id, None)
        else:
            table[event.incident_id] = state
    records = [to_record(s) for s in table.values()]
    return sorted((r for r in records if r is not None and r.merged_into is None), key=lambda r: r.incident_id)


def test_rebuilding_from_the_event_log_gives_the_same_table(corpus):
    pipeline = Pipeline()
    for article in read_articles([corpus / "seeds" / "articles.jsonl", corpus / "gvc" / "articles.jsonl"]):
        if isinstance(article, RawArticle):
            pipeline.push(article)
    # Through the topic's own serialisation, as a consumer of the event topic would read it.
    log = [codec.decode(codec.dumps(EventEnvelope(event=e)), EventEnvelope).event for e in pipeline.events]
    assert any(e.type == "incident_absorbed" for e in log), "the corpus should exercise merges"
    table = pipeline.table()
    assert [r.model_dump() for r in rebuild(log)] == [r.model_dump() for r in table]
    assert [r.model_dump() for r in rebuild(log + log)] == [r.model_dump() for r in table]

"""Project agent: reads `sitrep.incidents.events.v1` (keyed by incident id), folds each event into the
`incidents` table with the pure `apply` (stored by streams/incidents/store.py), publishes the record to the
compacted `sitrep.incidents.v1` (a tombstone when an incident is absorbed by a merge) and sends the fold's
follow-up events.
"""
from __future__ import annotations

from typing import Any

from schemas import codec
from schemas.incident import EventEnvelope, IncidentEvent
from schemas.topics import INCIDENT_EVENTS, INCIDENTS
from streams import metrics
from streams.app import bytes_table
from streams.deadletters import make_dead_letter, send_dead_letter
from streams.delivery import Batches, Prepared, StagedStore, process_batches
from streams.incidents.fold import apply, follow_ups, to_record
from streams.incidents.store import IncidentStore
from streams.resolve.agent import count_events, event_sends


def register(topo: Any) -> None:
    app, settings = topo.app, topo.settings
    table = topo.tables["incidents"] = bytes_table(
        app, "incidents", settings, "incident id -> incident state (the fold of its events)"
    )
    incidents_topic = topo.topic(INCIDENTS)
    # The table changes only after the batch's records and follow-ups are acknowledged (streams/delivery.py).
    staged = StagedStore(table)
    store = IncidentStore(staged)

    async def prepare(value: bytes | None, key: bytes | None, message: Any) -> Prepared:
        try:
            event: IncidentEvent = codec.decode(value or b"", EventEnvelope).event
        except codec.DecodeError as exc:
            await send_dead_letter(topo, make_dead_letter("project", exc.reason, str(exc), value, key, message))
            return Prepared()
        key_bytes = event.incident_id.encode()
        before = store.load(event.incident_id)
        after = apply(before, event)
        changed = store.save(before, after)  # a redelivered event folds to the same state: publish nothing
        sends = []
        if changed:
            record = to_record(after)
            tombstone = record is None or record.merged_into is not None
            sends.append((incidents_topic, key_bytes, None if tombstone else codec.dumps(record)))
        follow = follow_ups(before, event)
        sends += event_sends(topo, follow)

        def counted() -> None:
            if changed:
                metrics.incidents_published.inc()
            count_events(follow)

        return Prepared(sends, after, counted)

    batches = topo.batches["project"] = Batches(topo, "project", prepare, [staged], topic=INCIDENT_EVENTS.name)

    @app.agent(topo.topic(INCIDENT_EVENTS), name="sitrep.project")
    async def project(stream: Any) -> Any:
        async for state in process_batches(stream, topo, batches=batches):
            yield None if state is None else state.incident_id

    topo.agents["project"] = project
    topo.agents["project.prepare"] = prepare


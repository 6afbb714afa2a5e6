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
        before = store.load(event.incident_id)
        after = apply(before, event)
        changed = store.save(before, after)  # a redelivered event folds to the same state: publish nothing
        follow = follow_ups(before, event)
        return Prepared(event_sends(topo, follow), after, lambda: count_events(follow), changed=after if changed else None)

    def publish(prepared: list[Prepared]) -> Prepared:
        """One record per incident the batch changed, of its last state: as Kafka Streams' record cache does for a
        table, a burst of reports on one attack rebuilds and resends its record once, not once per report. The
        compacted topic keeps only the latest record per incident anyway."""
        last: dict[str, Any] = {}
        for p in prepared:
            if p.changed is not None:
                last.pop(p.changed.incident_id, None)
                last[p.changed.incident_id] = p.changed  # in the order of each incident's last change
        sends = []
        for incident_id, state in last.items():
            record = to_record(state)
            tombstone = record is None or record.merged_into is not None
            sends.append((incidents_topic, incident_id.encode(), None if tombstone else codec.dumps(record)))
        return Prepared(sends, after=lambda: metrics.incidents_published.inc(len(sends)))

    batches = topo.batches["project"] = Batches(topo, "project", prepare, [staged], topic=INCIDENT_EVENTS.name,
                                                finish=publish)

    @app.agent(topo.topic(INCIDENT_EVENTS), name="sitrep.project")
    async def project(stream: Any) -> Any:
        async for state in process_batches(stream, topo, batches=batches):
            yield None if state is None else state.incident_id

    topo.agents["project"] = project
    topo.agents["project.prepare"] = prepare


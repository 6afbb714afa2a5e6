"""Resolve agent: reads `sitrep.claims.v1` (keyed by blocking key), writes `sitrep.incidents.events.v1`.

I/O only: decode, hand the claim or retraction to the Resolver, send the events it decides. The Resolver's
whole state lives in the `resolver` table, so a restarted or rebalanced worker continues where it stopped.
"""
from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from schemas import codec
from schemas.claim import ArticleSkipped, Claim, ClaimRetraction
from schemas.incident import EventEnvelope, IncidentEvent
from schemas.topics import CLAIMS, INCIDENT_EVENTS
from streams import metrics
from streams.app import bytes_table
from streams.deadletters import make_dead_letter, send_dead_letter
from streams.delivery import Batches, Prepared, StagedStore, process_batches
from streams.resolve import Resolver

_CLAIM_MESSAGE = TypeAdapter(Claim | ClaimRetraction | ArticleSkipped)


def event_sends(topo: Any, events: list[IncidentEvent]) -> list[tuple[Any, bytes, bytes]]:
    topic = topo.topic(INCIDENT_EVENTS)
    return [(topic, e.incident_id.encode(), codec.dumps(EventEnvelope(event=e))) for e in events]


def count_events(events: list[IncidentEvent]) -> None:
    for event in events:
        metrics.incident_events.labels(event.type).inc()


def register(topo: Any) -> None:
    app, settings = topo.app, topo.settings
    store = topo.tables["resolver"] = bytes_table(
        app, "resolver", settings, "the resolver's candidate index (claims by block, town and week), persistent"
    )
    # The resolver writes into a staged view of its table, committed once its batch's events are acknowledged.
    staged = StagedStore(store)
    holder: dict[str, Resolver] = {}

    def resolver() -> Resolver:
        if "r" not in holder:
            holder["r"] = Resolver(staged)
        return holder["r"]

    @app.on_partitions_revoked.connect
    async def _drop_cache(sender: Any, revoked: Any, **kwargs: Any) -> None:
        # Partitions may move to another worker: rebuild the in-memory cache from the table after a rebalance.
        holder.clear()

    async def prepare(value: bytes | None, key: bytes | None, message: Any) -> Prepared:
        try:
            item = _CLAIM_MESSAGE.validate_python(codec.loads(value or b""))
        except (codec.DecodeError, ValidationError) as exc:
            reason = exc.reason if isinstance(exc, codec.DecodeError) else "invalid_record"
            await send_dead_letter(topo, make_dead_letter("resolve", reason, str(exc)[:2000], value, key, message))
            return Prepared(result=[])
        if isinstance(item, ArticleSkipped):
            return Prepared(result=[])
        if isinstance(item, ClaimRetraction):
            events = resolver().retract(item)
        else:
            before = resolver().copies_filed
            events = resolver().resolve(item)
            if not events:  # a claim always creates or joins an incident, unless it copies one already filed
                copied = resolver().copies_filed - before  # 0 for a copy delivered again
                return Prepared(result=events, after=lambda: metrics.claims_copied.inc(copied))
        return Prepared(event_sends(topo, events), events, lambda: count_events(events))

    # On an error the cache may hold rolled-back writes: drop it, the (staged) table is the truth.
    batches = topo.batches["resolve"] = Batches(topo, "resolve", prepare, [staged], on_error=holder.clear,
                                                topic=CLAIMS.name)

    @app.agent(topo.topic(CLAIMS), name="sitrep.resolve")
    async def resolve(stream: Any) -> Any:
        async for events in process_batches(stream, topo, batches=batches):
            yield None if events is None else len(events)

    topo.agents["resolve"] = resolve
    topo.agents["resolve.prepare"] = prepare

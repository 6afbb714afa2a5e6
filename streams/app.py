"""The Faust application and its topology.

`create_app(settings)` makes the app (broker, store, web server, embedded-broker workarounds);
`build_topology(app, settings)` declares every topic from schemas/topics.py, the tables, the three agents
(extract, resolve, project) and the web views. Neither starts anything, so tests drive the topology with
Faust's test harness and no broker; `streams/cli.py` is what runs it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import faust

from schemas import topics as registry
from streams import faust_fixes
from streams.settings import Settings


def faust_broker_settings(settings: Settings, broker_url: str) -> dict[str, Any]:
    conf: dict[str, Any] = {"broker": broker_url}
    if settings.security_protocol != "PLAINTEXT":
        context = settings.ssl_context()
        if settings.security_protocol.startswith("SASL"):
            conf["broker_credentials"] = faust.SASLCredentials(
                username=settings.sasl_username,
                password=settings.sasl_password,
                mechanism=settings.sasl_mechanism,
                ssl_context=context,
            )
        else:
            conf["broker_credentials"] = faust.SSLCredentials(context)
    return conf


def create_app(settings: Settings, broker_url: str | None = None, embedded: bool | None = None) -> faust.App:
    """`broker_url` is the resolved address (the embedded broker's, when one was started)."""
    embedded = settings.embedded if embedded is None else embedded
    url = broker_url or settings.broker or "kafka://127.0.0.1:9092"
    conf: dict[str, Any] = dict(
        autodiscover=False,
        store=settings.store,
        datadir=str(settings.data_dir / "worker"),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        web_enabled=True,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        web_port=settings.web_port,
        # No raw table dumps or debug pages on the operator's port.
        web_tables_enabled=False,
        web_router_enabled=False,
        web_graph_enabled=False,
        web_stats_enabled=False,
        web_metrics_enabled=False,
        processing_guarantee="at_least_once",
        consumer_max_fetch_size=settings.max_message_bytes,
        producer_max_request_size=settings.max_message_bytes,
        # The log is the backlog, not memory: Faust's default queue (4,096 records per agent) held over a minute
        # of articles when the worker fell behind, so a record waited longer in it than the input sweep allows.
        stream_buffer_maxsize=settings.stream_buffer_records,
    )
    if embedded:
        # Tansu holds group joins for half the session timeout: 10 s makes the first worker ready in ~7 s.
        conf["broker_session_timeout"] = 10.0
        conf["broker_heartbeat_interval"] = 1.0
    conf.update(faust_broker_settings(settings, url))
    faust_fixes.apply()
    return faust.App(settings.app_id, **conf)


@dataclass
class Topology:
    app: faust.App
    settings: Settings
    embedded: bool = False  # running on the embedded Tansu broker (its limits and workarounds apply)
    topics: dict[str, faust.TopicT] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    agents: dict[str, Any] = field(default_factory=dict)
    batches: dict[str, Any] = field(default_factory=dict)  # stage -> its Batches (streams/delivery.py)
    reader: Any = None  # RangeReader of a running worker: input positions are kept and gaps read (positions.py)

    def topic(self, spec: registry.TopicSpec) -> faust.TopicT:
        return self.topics[spec.name]


def declare_topic(app: faust.App, spec: registry.TopicSpec, settings: Settings) -> faust.TopicT:
    # Raw bytes in and out: each agent decodes and validates itself, so a bad record becomes a dead letter
    # instead of an exception inside Faust's deserializer.
    return app.topic(
        spec.name,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        partitions=spec.partitions if spec.partitions == 1 else settings.partitions,
        compacting=spec.cleanup == "compact",
        acks=True,
    )


def bytes_table(app: faust.App, name: str, settings: Settings, help: str) -> Any:
    # Faust picks the changelog codecs from the types: str keys as JSON, bytes values raw (orjson bytes that
    # the owning stage decodes itself).
    return app.Table(
        name,
        key_type=str,
        value_type=bytes,
        partitions=settings.partitions,
        help=help,
        options=rocksdb_options(settings),
    )


def rocksdb_options(settings: Settings) -> dict[str, int]:
    """Bounded RocksDB memory per table partition (read by Faust's rocksdb:// store, ignored by memory://)."""
    return {
        "write_buffer_size": settings.table_write_buffer_bytes,
        "max_write_buffer_number": 2,
        "block_cache_size": settings.table_block_cache_bytes,
    }


def build_topology(app: faust.App, settings: Settings, embedded: bool | None = None, reader: Any = None) -> Topology:
    from streams.extract.agent import register as register_extract
    from streams.incidents.agent import register as register_project
    from streams.resolve.agent import register as register_resolve
    from streams.watchdog import register as register_watchdog
    from streams.watchdog import register_sweep
    from streams.web.views import register as register_views

    topo = Topology(app=app, settings=settings, embedded=settings.embedded if embedded is None else embedded,
                    reader=reader)
    for spec in registry.ALL:
        topo.topics[spec.name] = declare_topic(app, spec, settings)
    register_extract(topo)
    register_resolve(topo)
    register_project(topo)
    register_views(topo)
    register_watchdog(topo)
    register_sweep(topo)
    return topo

"""Prometheus counters and histograms for every stage; served at /metrics by streams/web/views.py."""
from __future__ import annotations

from collections import deque

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

articles_in = Counter("sitrep_articles_in_total", "Raw articles consumed", registry=REGISTRY)
articles_redelivered = Counter(
    "sitrep_articles_redelivered_total", "Articles seen before with the same content (no effect)", registry=REGISTRY
)
articles_skipped = Counter(
    "sitrep_articles_skipped_total", "Articles that yield no claim, by reason", ["reason"], registry=REGISTRY
)
claims_copied = Counter(
    "sitrep_claims_copied_total",
    "Claims of an article pushed again under another id (same content): filed behind the original, no effect",
    registry=REGISTRY,
)
claims_out = Counter("sitrep_claims_out_total", "Claims extracted", registry=REGISTRY)
claims_retracted = Counter("sitrep_claims_retracted_total", "Claims retracted by article revisions", registry=REGISTRY)
incident_events = Counter("sitrep_incident_events_total", "Incident events emitted, by type", ["type"], registry=REGISTRY)
incidents_published = Counter(
    "sitrep_incidents_published_total", "Incident records written to the table topic", registry=REGISTRY
)
dead_letters = Counter(
    "sitrep_dead_letters_total", "Records sent to the dead-letter topic", ["stage", "reason"], registry=REGISTRY
)
extraction_seconds = Histogram(
    "sitrep_extraction_seconds",
    "Time to extract claims from one article",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
stage_seconds = Histogram(
    "sitrep_stage_seconds",
    "Time to handle one record (its share of its batch's time, acknowledgement wait included), by stage",
    ["stage"],
    buckets=(0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
    registry=REGISTRY,
)
batch_records = Histogram(
    "sitrep_batch_records",
    "Records per batch, by stage: near 1 when idle, up to SITREP_BATCH_MAX_RECORDS when busy",
    ["stage"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
    registry=REGISTRY,
)
records_read_directly = Counter(
    "sitrep_records_read_directly_total",
    "Input records the consumer skipped or did not deliver, read directly by their agent, by stage and cause",
    ["stage", "cause"],
    registry=REGISTRY,
)
records_processed_before = Counter(
    "sitrep_records_processed_before_total",
    "Input records delivered again below their partition's position (processed before), passed over, by stage",
    ["stage"],
    registry=REGISTRY,
)
incidents_live = Gauge("sitrep_incidents_live", "Live incidents in this worker's table partitions", registry=REGISTRY)

# The web view lists the newest dead letters and skipped articles; bounded so memory stays flat.
recent_dead_letters: deque = deque(maxlen=200)
recent_skipped: deque = deque(maxlen=200)

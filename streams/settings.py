"""The one settings object: every knob sitrep has, read from SITREP_* environment variables (or a .env file)."""
from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITREP_", env_file=".env", extra="ignore")

    # Empty means: start the embedded Tansu broker on 127.0.0.1 and use it.
    broker: str = Field(default="", description="kafka://host:port[;host:port] of a real cluster; empty = embedded")
    embedded_port: int = Field(default=0, description="port for the embedded broker; 0 picks a free one")
    app_id: str = "sitrep"
    data_dir: Path = Field(default=REPO_ROOT / "var", description="table stores (RocksDB) and broker logs")
    store: str = Field(default="rocksdb://", description="rocksdb:// (rocksdict) or memory://")
    partitions: int = Field(default=4, ge=1, le=256)
    # RocksDB memory per table partition (Faust's defaults are 64 MB memtables x 3 and a 2 GB block cache per
    # partition, which lets a worker's RSS climb for hours under load). Worst case per worker: 3 tables x its
    # partitions x (2 x write buffer + block cache) = 3 x 4 x 16 MB = 192 MB with these defaults.
    table_write_buffer_bytes: int = Field(default=4 << 20, ge=1 << 20, description="RocksDB memtable size per table partition")
    table_block_cache_bytes: int = Field(default=8 << 20, ge=0, description="RocksDB block cache per table partition")
    replication_factor: int = Field(default=1, ge=1)
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=6066, ge=0, le=65535)
    # Security for a real cluster: passed straight to Faust/aiokafka.
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    sasl_username: str = ""
    sasl_password: str = ""
    ssl_cafile: str = ""
    ssl_certfile: str = ""
    ssl_keyfile: str = ""
    # One acknowledgement wait per batch, not per record (streams/delivery.py); a busy worker gets bigger batches.
    batch_max_records: int = Field(default=100, ge=1, le=10_000, description="records an agent takes per batch")
    stream_buffer_records: int = Field(default=400, ge=10, le=100_000,
                                      description="records fetched ahead and queued in memory per agent")
    batch_max_wait_ms: int = Field(default=50, ge=1, le=10_000, description="wait for a batch to fill, at most")
    # Extraction in child processes keeps the event loop free for the broker round trips (streams/extract/pool.py);
    # 0 extracts on the event loop (tests, one-core machines).
    extract_processes: int = Field(default=1, ge=0, le=64, description="extractor processes per worker")
    # The slowest corpus article takes 0.4 s and a text at the 300 K-character cap about 1 s: 30 s only catches a hang.
    extract_timeout_seconds: float = Field(
        default=30.0, ge=0, description="time budget per article in an extractor process (0: none)"
    )
    max_message_bytes: int = Field(default=8_000_000, description="larger raw records go to the dead-letter topic")
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    corpus_dir: Path = Field(default=REPO_ROOT.parent / "shared" / "corpus")

    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context for SSL and SASL_SSL, shared by the worker and every side client."""
        if self.security_protocol not in ("SSL", "SASL_SSL"):
            return None
        context = ssl.create_default_context(cafile=self.ssl_cafile or None)
        if self.ssl_certfile:
            context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile or None)
        return context

    def kafka_client(self) -> dict[str, Any]:
        """The broker security settings as aiokafka client arguments: every side client (push, tail, export,
        dead letters, topic setup, health probe, input reader) reaches a secured cluster the way the worker does."""
        kwargs: dict[str, Any] = {"security_protocol": self.security_protocol}
        context = self.ssl_context()
        if context is not None:
            kwargs["ssl_context"] = context
        if self.security_protocol.startswith("SASL"):
            kwargs.update(sasl_mechanism=self.sasl_mechanism, sasl_plain_username=self.sasl_username,
                          sasl_plain_password=self.sasl_password)
        return kwargs

    @field_validator("broker")
    @classmethod
    def _broker_url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("kafka://", "aiokafka://")):
            raise ValueError("broker must be a kafka:// URL, e.g. kafka://localhost:9092")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @property
    def embedded(self) -> bool:
        return not self.broker

"""A record that could not be processed, as written to `sitrep.deadletter.v1`: the original bytes and why."""
from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.article import SCHEMA_VERSION

Stage = Literal["ingest", "extract", "resolve", "project", "push"]


class DeadLetter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    stage: Stage
    reason: str  # short, stable, countable: "malformed_json", "invalid_record", "extractor_crash" ...
    error: str  # the message a person reads
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    key_b64: str | None = None
    value_b64: str = Field(description="the original bytes, base64, so nothing is lost")
    failed_at: datetime

    @staticmethod
    def encode_bytes(data: bytes | None) -> str | None:
        return None if data is None else base64.b64encode(data).decode("ascii")

    def original(self) -> bytes:
        return base64.b64decode(self.value_b64)

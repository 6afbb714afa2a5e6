"""A record that could not be processed, as written to `sitrep.deadletter.v1`: the original bytes and why.

An original too large for one record travels in several parts (streams/deadletters.py splits and reassembles):
every part carries the same `letter_id`, `failed_at` and envelope, its `part` of `parts`, and its slice of the
original in `value_b64`. Version 1 letters (before parts existed) were always whole; they load as one-part
letters of the current version.
"""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.article import stable_id

Stage = Literal["ingest", "extract", "resolve", "project", "push"]
VERSION = 2


def letter_id_for(
    stage: str, source_topic: str | None, source_partition: int | None, source_offset: int | None, original: bytes
) -> str:
    """Names the failure of one record at one stage: by where the record is when that is known (the same bytes
    at the same offset are the same letter), else by its content."""
    if source_topic is not None and source_partition is not None and source_offset is not None:
        return stable_id("deadletter", stage, source_topic, source_partition, source_offset)
    return stable_id("deadletter", stage, hashlib.blake2b(original, digest_size=16).hexdigest())


class DeadLetter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[2] = VERSION
    letter_id: str = Field(
        description="the same on every part of one letter: uuid5 of stage and source offset, else of the content"
    )
    part: int = Field(default=1, ge=1, description="which part of the letter this record is, from 1")
    parts: int = Field(default=1, ge=1, description="how many records the letter was written as")
    size: int = Field(ge=0, description="bytes of the whole original, whatever part this is")
    stage: Stage
    reason: str  # short, stable, countable: "malformed_json", "invalid_record", "extractor_crash" ...
    error: str  # the message a person reads
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    key_b64: str | None = None
    value_b64: str = Field(description="the original bytes (this part's slice of them), base64, so nothing is lost")
    failed_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """A version 1 letter is one whole record: it gets the id and size a version 2 letter would carry."""
        if not isinstance(data, dict) or data.get("schema_version") != 1:
            return data
        if {"letter_id", "part", "parts", "size"} & data.keys():
            raise ValueError("a version 1 dead letter has no letter_id, part, parts or size")
        try:
            original = base64.b64decode(data.get("value_b64") or "", validate=True)
        except ValueError as exc:
            raise ValueError(f"value_b64 is not base64: {exc}") from exc
        return {
            **data,
            "schema_version": VERSION,
            "letter_id": letter_id_for(
                str(data.get("stage")), data.get("source_topic"), data.get("source_partition"),
                data.get("source_offset"), original,
            ),
            "size": len(original),
        }

    @model_validator(mode="after")
    def _part_in_range(self) -> DeadLetter:
        if self.part > self.parts:
            raise ValueError(f"part {self.part} of {self.parts}")
        return self

    @staticmethod
    def encode_bytes(data: bytes | None) -> str | None:
        return None if data is None else base64.b64encode(data).decode("ascii")

    @property
    def whole(self) -> bool:
        """Whether `value_b64` holds the whole original (a one-part or reassembled letter), not one slice."""
        return len(self.value_b64) == (self.size + 2) // 3 * 4

    def original(self) -> bytes:
        """The original bytes of a whole letter; of a part, only its slice."""
        return base64.b64decode(self.value_b64)

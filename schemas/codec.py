"""The one JSON codec (orjson): bytes <-> Python values and pydantic models, for every topic and file sitrep writes."""
from __future__ import annotations

from typing import Any, TypeVar

import orjson
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

# Sorted keys make equal records byte-identical, so idempotency and replay equality can be checked on bytes.
_OPTS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


class DecodeError(ValueError):
    """Bytes that are not the JSON a topic expects; carries a short reason for the dead-letter topic."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def dumps(value: Any) -> bytes:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    return orjson.dumps(value, option=_OPTS)


def loads(data: bytes | bytearray | memoryview | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        # orjson reports invalid UTF-8 and recursion past its limit as decode errors too.
        msg = str(exc)
        if "utf-8" in msg.lower() or "utf8" in msg.lower():
            raise DecodeError("invalid_utf8", msg) from exc
        if "recursion" in msg.lower() or "depth limit" in msg.lower():
            raise DecodeError("too_deeply_nested", msg) from exc
        raise DecodeError("malformed_json", msg) from exc


def decode(data: bytes | bytearray | memoryview | str, model: type[M]) -> M:
    """Parse and validate in one step; any failure is a DecodeError with a reason a person can act on."""
    from pydantic import ValidationError

    value = loads(data)
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "<root>"
        raise DecodeError("invalid_record", f"{where}: {first.get('msg')} ({exc.error_count()} error(s))") from exc

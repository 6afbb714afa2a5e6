"""At-least-once without loss: each agent sends its outputs, waits until the broker has acknowledged them, and
only then writes its state. A crash before the write redelivers the input, which is processed again (every
stage is idempotent); a crash after it finds outputs already delivered. State written first could record work
whose outputs died in the producer's buffer, and a redelivered input would then be skipped as done.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator, MutableMapping
from typing import Any


async def send_acked(sends: list[tuple[Any, bytes | None, bytes | None]]) -> None:
    """Send (topic, key, value) in order and wait for every acknowledgement."""
    pending = [await topic.send(key=key, value=value) for topic, key, value in sends]
    await asyncio.gather(*(p for p in pending if asyncio.isfuture(p)))


class StagedStore(MutableMapping[str, bytes]):
    """Reads through to a table, keeps writes aside until `commit()`; `discard()` forgets them."""

    _DELETED = object()

    def __init__(self, table: MutableMapping[str, bytes]) -> None:
        self.table = table
        self.staged: dict[str, Any] = {}

    def __getitem__(self, key: str) -> bytes:
        value = self.staged.get(key, None)
        if value is self._DELETED:
            raise KeyError(key)
        if value is not None:
            return value
        return self.table[key]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __setitem__(self, key: str, value: bytes) -> None:
        self.staged[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.staged[key] = self._DELETED

    def __contains__(self, key: object) -> bool:
        value = self.staged.get(key, None)  # type: ignore[call-overload]
        if value is self._DELETED:
            return False
        return value is not None or key in self.table

    def __iter__(self) -> Iterator[str]:
        seen = set()
        for key, value in self.staged.items():
            seen.add(key)
            if value is not self._DELETED:
                yield key
        for key in self.table:
            if key not in seen:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def commit(self) -> None:
        for key, value in self.staged.items():
            if value is self._DELETED:
                self.table.pop(key, None)
            else:
                self.table[key] = value
        self.staged.clear()

    def discard(self) -> None:
        self.staged.clear()

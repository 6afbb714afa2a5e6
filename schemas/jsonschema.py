"""Writes the JSON Schema of every topic's value (from schemas/topics.py) to a folder, for consumers in any language."""
from __future__ import annotations

from pathlib import Path

import orjson

from schemas import topics as registry


def export(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in registry.ALL:
        schema = spec.schema()
        schema.setdefault("title", spec.name)
        schema["description"] = f"{spec.doc} Key: {spec.key}. Cleanup: {spec.cleanup}."
        path = out / f"{spec.name}.schema.json"
        path.write_bytes(orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
        written.append(path)
    return written

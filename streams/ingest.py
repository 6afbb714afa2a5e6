"""Reads article files (.txt, .html, .json, .jsonl, or directories of them) and yields RawArticle records.

Shared by `sitrep push` (which writes them to `sitrep.articles.raw.v1`) and `sitrep replay`/`make eval`, so both
read the same input the same way. A line that is not a valid article is yielded as a Rejected with its reason.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from schemas.article import RawArticle

ARTICLE_FIELDS = set(RawArticle.model_fields)
SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}


@dataclass(frozen=True)
class Rejected:
    source: str
    reason: str


def _from_mapping(obj: Any, base: Path, source: str, defaults: dict[str, Any]) -> RawArticle | Rejected:
    if not isinstance(obj, dict):
        return Rejected(source, f"not a JSON object ({type(obj).__name__})")
    fields = {k: v for k, v in obj.items() if k in ARTICLE_FIELDS}
    if "file" in obj and not fields.get("text") and not fields.get("html"):
        name = obj["file"]
        path = (base / str(name)).resolve()
        # A JSONL may only point at files beside or below it: an article never chooses what we read.
        if not isinstance(name, str) or base.resolve() not in path.parents:
            return Rejected(source, f"'file' must be a relative path inside {base}")
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return Rejected(source, f"cannot read {name}: {exc}")
        fields["html" if path.suffix.lower() in (".html", ".htm") else "text"] = body
        fields.setdefault("id", obj.get("id") or path.stem)
    for key, value in defaults.items():
        if value is not None and fields.get(key) is None:
            fields[key] = value
    try:
        return RawArticle.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        return Rejected(source, f"{'.'.join(map(str, first['loc'])) or 'record'}: {first['msg']}")


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            # A directory with an index JSONL is described by it; pushing its .txt files too would double them.
            jsonl = sorted(path.glob("*.jsonl"))
            if jsonl:
                yield from jsonl
                continue
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def read_articles(paths: list[Path | str], defaults: dict[str, Any] | None = None) -> Iterator[RawArticle | Rejected]:
    defaults = defaults or {}
    for path in _files([Path(p) for p in paths]):
        suffix = path.suffix.lower()
        if not path.exists():
            yield Rejected(str(path), "no such file")
            continue
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                for number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    source = f"{path}:{number}"
                    try:
                        obj = orjson.loads(line)
                    except orjson.JSONDecodeError as exc:
                        yield Rejected(source, f"malformed JSON: {exc}")
                        continue
                    yield _from_mapping(obj, path.parent, source, defaults)
        elif suffix == ".json":
            try:
                obj = orjson.loads(path.read_bytes())
            except orjson.JSONDecodeError as exc:
                yield Rejected(str(path), f"malformed JSON: {exc}")
                continue
            for i, item in enumerate(obj if isinstance(obj, list) else [obj]):
                yield _from_mapping(item, path.parent, f"{path}[{i}]", defaults)
        elif suffix in (".txt", ".html", ".htm"):
            try:
                body = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                yield Rejected(str(path), f"not UTF-8: {exc}")
                continue
            kind = "html" if suffix != ".txt" else "text"
            yield _from_mapping({"id": path.stem, kind: body}, path.parent, str(path), defaults)
        else:
            yield Rejected(str(path), f"unsupported file type {suffix or '(none)'}")

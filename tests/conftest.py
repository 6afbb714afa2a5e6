"""Shared fixtures: where the corpus is, and skipping corpus tests cleanly when ../shared is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from streams.settings import Settings

CORPUS = Path(os.environ.get("SITREP_CORPUS_DIR") or Settings().corpus_dir)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "seeds" / "articles.jsonl").exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS

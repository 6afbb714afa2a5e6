"""Every setting the deploy/ files use must exist in the settings model and validate (they cannot run here)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from streams.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PAIR = re.compile(r"^\s*(SITREP_[A-Z_]+)\s*[:=]\s*\"?([^\"#\n]*?)\"?\s*(#.*)?$", re.M)


def deploy_settings() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(DEPLOY.rglob("*")):
        if path.is_file():
            for name, value, _ in PAIR.findall(path.read_text()):
                found.append((path.name, name, value.strip()))
    return found


def test_deploy_files_set_settings():
    names = {name for _, name, _ in deploy_settings()}
    assert {"SITREP_BROKER", "SITREP_PARTITIONS", "SITREP_WEB_HOST"} <= names


@pytest.mark.parametrize("where,name,value", deploy_settings())
def test_each_deploy_setting_is_known_and_valid(where, name, value, monkeypatch):
    field = name.removeprefix("SITREP_").lower()
    assert field in Settings.model_fields, f"{where}: {name} is not a sitrep setting"
    for key in list(__import__("os").environ):
        if key.startswith("SITREP_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv(name, value)
    Settings()  # raises on a value the model rejects

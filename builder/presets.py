"""LMS presets for `coursebuild build --preset NAME`, read from presets.yaml beside this module: the formats an
LMS handles best and the builder options that suit it (by the names the builders declare)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PRESETS_FILE = Path(__file__).resolve().parent / "presets.yaml"


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    formats: tuple[str, ...]
    options: Mapping[str, Any]  # builder option name -> value
    guide: str


@cache
def presets() -> dict[str, Preset]:
    data = yaml.safe_load(PRESETS_FILE.read_text(encoding="utf-8"))
    return {name: Preset(name=name, summary=entry["summary"], formats=tuple(entry.get("formats", ())),
                         options=dict(entry.get("options") or {}), guide=entry["guide"])
            for name, entry in data.items()}

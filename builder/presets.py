"""LMS presets for `coursebuild build --preset NAME`, read from presets.yaml beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PRESETS_FILE = Path(__file__).resolve().parent / "presets.yaml"


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    formats: tuple[str, ...]
    packaging_mode: str | None
    scorm2004_edition: int | None
    scorm2004_gating: str | None  # what the LMS can import; unlike the other keys, never overridden
    guide: str


@cache
def presets() -> dict[str, Preset]:
    data = yaml.safe_load(PRESETS_FILE.read_text(encoding="utf-8"))
    return {name: Preset(name=name, summary=entry["summary"], formats=tuple(entry.get("formats", ())),
                         packaging_mode=entry.get("packaging_mode"),
                         scorm2004_edition=entry.get("scorm2004_edition"),
                         scorm2004_gating=entry.get("scorm2004_gating"), guide=entry["guide"])
            for name, entry in data.items()}

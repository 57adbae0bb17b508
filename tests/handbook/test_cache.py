"""The handbooks from the build cache are the handbooks a cold build writes, byte for byte (rendered for real)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from builder.cli import cli
from tests.conftest import EXAMPLE_COURSE


def test_cached_handbooks_are_those_of_a_cold_build(handbooks: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    def build() -> list[dict]:
        result = CliRunner().invoke(cli, ["build", str(EXAMPLE_COURSE), "-o", str(tmp_path / "out"), "-f", "handbook",
                                          "--lang", "en", "--cache-dir", str(tmp_path / "cache"), "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["outputs"]

    cold = build()
    assert not any(o["cached"] for o in cold)
    stamps = {o["path"]: Path(o["path"]).stat().st_mtime_ns for o in cold}
    warm = build()
    assert [o["path"] for o in warm] == [o["path"] for o in cold] and all(o["cached"] for o in warm)
    assert {o["path"]: Path(o["path"]).stat().st_mtime_ns for o in warm} == stamps
    for edition in ("participant", "facilitator"):
        written = Path(next(o["path"] for o in warm if o["path"].endswith(f"-en-{edition}.pdf")))
        assert written.read_bytes() == handbooks["en", edition].read_bytes()

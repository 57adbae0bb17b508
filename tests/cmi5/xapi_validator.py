"""Statements judged by an independent xAPI validator: npm `@learninglocker/xapi-validation`, through
tests/js/validate-xapi-statements.js (Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

from tests.conftest import ROOT

SCRIPT = ROOT / "tests" / "js" / "validate-xapi-statements.js"


def xapi_problems(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per invalid statement ({"index", "id", "problems"}); empty when all are valid xAPI."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on the PATH (scripts/setup.sh --test installs the npm packages it runs)")
    result = subprocess.run([node, str(SCRIPT)], input=json.dumps(statements), capture_output=True, text=True,
                            timeout=60, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"the xAPI validator failed: {result.stderr}")
    return json.loads(result.stdout)

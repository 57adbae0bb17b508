"""Page numbers across documents, and what the laid-out pages tell about the print.

The facilitator guide prints, for each activity and each step that uses the workbook, the workbook
page it is on, and for each printable the page of the printables PDF. Those numbers come from the
laid-out documents themselves (the anchors WeasyPrint records per page), so the guide's build always
lays out the workbook and the printables first, even when only the guide is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import weasyprint


@dataclass(frozen=True)
class CrossRefs:
    """What one document prints about the others, and what an earlier layout of itself taught."""

    workbook: Mapping[str, int] = field(default_factory=dict)  # anchor id → workbook page
    printables: Mapping[str, int] = field(default_factory=dict)  # anchor id → printables page
    line_caps: Mapping[str, int] = field(default_factory=dict)  # activity anchor → writing lines that fit
    tight: frozenset[str] = frozenset()  # lessons whose job aid is set tighter to fit its page


def anchor_pages(document: weasyprint.Document) -> dict[str, int]:
    """Anchor id → the 1-based page it first appears on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def anchor_positions(document: weasyprint.Document) -> dict[str, tuple[int, float]]:
    """Anchor id → (1-based page, distance from the page's top in CSS px)."""
    found: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(document.pages, start=1):
        for name, box in page.anchors.items():  # (x, y, …) of the anchored box's top left corner
            found.setdefault(name, (number, box[1]))
    return found

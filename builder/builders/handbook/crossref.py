"""Page numbers across documents: where each activity sits in the participant workbook.

The facilitator guide prints, for each activity, the workbook page it is on. Those numbers
come from the laid-out workbook itself (the anchors WeasyPrint records per page), so the
guide's build always lays out the workbook first, even when only the guide is written.
"""

from __future__ import annotations

import weasyprint


def anchor_pages(document: weasyprint.Document, prefix: str = "activity-") -> dict[str, int]:
    """Anchor id → the 1-based page it first appears on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            if name.startswith(prefix):
                pages.setdefault(name, number)
    return pages

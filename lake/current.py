"""Which document the province should read when several report the same commune and period (same `report_key`):
the most complete and trustworthy one. In order: status ok > partial > failed, fewer failed checks, how the cells
were read (the document's own cells or text layer — `docx`, the office formats, `pdf_text` — over text someone
pulled from it, `text`, whose columns are guessed, over OCR), the later report date, the later conversion; the
content hash last, so the choice never depends on the order documents arrived in."""
from __future__ import annotations

from typing import Mapping, Optional, Sequence

_STATUS = {"ok": 2, "partial": 1, "failed": 0}
# OCR guesses each character; pulled text has lost its cells' borders; any other method reads the cells as typed
_SOURCE = {"ocr": 0, "text": 1}


def merit(doc: Mapping) -> tuple:
    return (
        _STATUS.get(doc["status"], -1),
        -(doc["n_checks_failed"] or 0),
        _SOURCE.get(doc["method"], 2),
        doc["report_date"] or "",  # ISO dates order as text; none is the earliest
        doc["converted_at"] or "",
        doc["sha256"],
    )


def choose(docs: Sequence[Mapping]) -> dict[str, tuple[bool, Optional[str]]]:
    """sha256 → (current, superseded_by) for the documents of one report_key."""
    if not docs:
        return {}
    best = max(docs, key=merit)["sha256"]
    return {doc["sha256"]: (doc["sha256"] == best, None if doc["sha256"] == best else best) for doc in docs}

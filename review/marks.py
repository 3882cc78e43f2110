"""Which words of a row the machine changed: repairs (encoding, lost glyphs …) and OCR corrections, found by the
line the row starts on and the lines up to the next row, as the pipeline marks a row `repaired`."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Sequence

from baocao.schemas import Repair

# a row's cell may run over this many lines when no row follows it (the pipeline's own reach for `repaired`)
LAST_ROW_LINES = 12


@dataclass(frozen=True)
class WordChange:
    kind: str  # the repair's kind: encoding, glyph, ocr, …
    before: str
    after: str

    @property
    def reason(self) -> str:
        what = "OCR đã sửa" if self.kind == "ocr" else f"sửa lỗi {self.kind}"
        return f"{what}: {self.before or '∅'} → {self.after or '∅'}"


def word_changes(repair: Repair) -> list[WordChange]:
    old, new = repair.before.split(), repair.after.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(WordChange(repair.kind, " ".join(old[i1:i2]), " ".join(new[j1:j2])))
    return out


def changes_by_row(rows: Sequence[dict], repairs: Sequence[Repair]) -> dict[int, list[WordChange]]:
    """row_index → the word changes on its lines."""
    if not repairs:
        return {}
    by_line: dict[int, list[Repair]] = {}
    for repair in repairs:
        by_line.setdefault(repair.line, []).append(repair)
    starts = sorted({r["line"] for r in rows if r.get("line") is not None})
    out: dict[int, list[WordChange]] = {}
    for row in rows:
        line = row.get("line")
        if line is None:
            continue
        later = [s for s in starts if s > line]
        end = later[0] if later else line + LAST_ROW_LINES
        found = [c for k in range(line, end) for r in by_line.get(k, []) for c in word_changes(r)]
        if found:
            out[row["row_index"]] = found
    return out


def mark_words(text: str, changes: Sequence[WordChange]) -> list[tuple[str, "WordChange | None"]]:
    """The text cut into pieces, each changed word's piece with its change: [("Số ", None), ("phương", change)]."""
    spans: list[tuple[int, int, WordChange]] = []
    for change in changes:
        if not change.after:
            continue
        start = text.find(change.after)
        while start >= 0:
            end = start + len(change.after)
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, change))
                break
            start = text.find(change.after, end)
    pieces: list[tuple[str, "WordChange | None"]] = []
    at = 0
    for start, end, change in sorted(spans, key=lambda s: s[0]):
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], change))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces

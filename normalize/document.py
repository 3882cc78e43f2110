"""The repair stage run once on a whole document: every line repaired as text (normalize/repair.py), and each
span given its part of the repaired line, so the table reader reads repaired words, cells and lines alike."""
from __future__ import annotations

import difflib
from dataclasses import replace

import regex as re

from baocao.normalize.repair import RepairedText, repair_lines
from baocao.normalize.text import one_placement
from baocao.schemas import Repair
from baocao.schemas.document import Document, Line, Span

_WORD = re.compile(r"[^\s*]+")  # markdown bold markers are markup, not text


def repair_document(document: Document) -> RepairedText:
    """Repair the document in place; returns what was repaired (the repaired lines are what `baocao text`
    prints). Conversions the reader made itself (a legacy font's words) come first among the repairs."""
    texts = [line.text for line in document.lines]
    # a scan's syllables spelt the one way its print does (OCR misreads where a tone mark stands)
    placed = one_placement(texts) if document.method == "ocr" else texts
    repaired = repair_lines(placed)
    repaired.repairs[:0] = document.repairs + [Repair(line=k, kind="placement", before=before, after=after)
                                               for k, (before, after) in enumerate(zip(texts, placed)) if before != after]
    if document.repairs and not repaired.encoding:
        repaired.encoding = document.encoding
    for line, before, after in zip(document.lines, texts, repaired.lines):
        if before != after:
            _respan(line, before, after)
    shown = [line for line in document.lines if line.shown]
    if shown:  # the text as the source shows it gets the same repairs, for `baocao text`
        for line, after in zip(shown, repair_lines([line.shown for line in shown]).lines):
            line.shown = after
    return repaired


def _respan(line: Line, before: str, after: str) -> None:
    """Give the line the repaired text's words as spans: each repaired word takes the place (box, cell, font) of
    the spans it grew from. A lost glyph that became a space had split one word in two (`C ng`): repaired, it is
    one word again; a word repair split in two shares its span's box."""
    if line.source_text is not None:
        line.source_text = after
    pieces = _pieces(line, before)
    if pieces is None:
        return
    aligned = _align(before, after)
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(after)]
    spans: list[Span] = []
    for start, end, word in words:
        grew_from = [span for span, (a, b) in zip(line.spans, pieces) if aligned[a] < end and aligned[b] > start]
        if not grew_from:
            continue
        first, last = grew_from[0], grew_from[-1]
        spans.append(replace(first, text=word, x0=first.x0, x1=last.x1 if last.x1 > first.x0 else first.x1,
                             top=min(s.top for s in grew_from), bottom=max(s.bottom for s in grew_from)))
    if spans:
        line.spans = spans


def _pieces(line: Line, text: str) -> list[tuple[int, int]] | None:
    """Where each span's text stands in the line's text (spans are found in order)."""
    out, at = [], 0
    for span in line.spans:
        start = text.find(span.text, at)
        if start < 0:
            return None
        out.append((start, start + len(span.text)))
        at = start + len(span.text)
    return out


def _align(before: str, after: str) -> list[int]:
    """For every offset of `before` (and its end), the offset in `after` it became."""
    mapping = [0] * (len(before) + 1)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2 + 1):
            # inside a replaced stretch, offsets move in proportion
            mapping[k] = j1 + (round((k - i1) * (j2 - j1) / (i2 - i1)) if i2 > i1 else 0)
    mapping[len(before)] = len(after)
    return mapping


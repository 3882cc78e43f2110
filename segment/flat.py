"""Table rows from flattened text: the lines a PDF's text layer, OCR or a `.txt` file gives, with no positions.

A table starts at its header (STT … Chỉ tiêu … Đơn vị tính … Số liệu … Ghi chú), labelled by the `Phụ lục` /
`Biểu mẫu` line above it. Inside it, a line that begins with an STT starts a row; the lines that follow continue
that row's cells until the next STT. Header rows repeated at page breaks are skipped, so a cell cut by the break
simply continues. A `Trong đó` marker opens breakdown sub-rows that have no STT.

This module finds the tables (header, label, end, footnotes, page breaks); segment/flat_rows.py builds the rows
inside one, segment/continuation.py decides which cell a wrapped line continues, segment/columns.py reads tables
whose cells are kept apart by runs of spaces or column positions."""
from __future__ import annotations

from typing import Optional, Sequence

import regex as re

from baocao.segment.cells import CellRow
from baocao.segment.cellsplit import split_line
from baocao.segment.columns import fit_columns, grid_from_header, is_positional
from baocao.segment.continuation import LONE_INT
from baocao.segment.markup import expand_markup
from baocao.segment.flat_rows import Line, RowBuilder, Table, clean
from baocao.segment.vocab import (
    LABEL,
    STT_LINE,
    is_header_fragment,
    is_header_line,
    is_usage_note_start,
    skeleton,
    starts_header,
    table_label,
)

_END = re.compile(
    r"^\s*(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|[\w.+-]+@[\w-]+\.[\w.]+\s*$|\**\s*(?:nơi nhận|tm\.|kt\.)|"
    r"người lập biểu|người lập|thủ trưởng đơn vị)",
    re.IGNORECASE,
)


def find_label(lines: Sequence[Line], header_at: int) -> Optional[str]:
    """The `Phụ lục …` / `Biểu mẫu N` line just above a header (within a few lines)."""
    seen = 0
    for i in range(header_at - 1, max(-1, header_at - 16), -1):
        text = clean(lines[i].text).strip()
        if not text:
            continue
        seen += 1
        if seen > 4:
            break
        label = table_label(text)
        if label:
            return label
    return None


def _header_span(lines: Sequence[Line], i: int) -> int:
    """Index after the header block starting at line i."""
    j = i + 1
    in_usage_note = False
    while j < len(lines):
        text = clean(lines[j].text)
        if not text.strip():
            j += 1
            continue
        if in_usage_note:
            in_usage_note = ")" not in text
            j += 1
            continue
        if is_usage_note_start(text):
            in_usage_note = True
            j += 1
            continue
        if (is_header_line(text) or is_header_fragment(text)) and not STT_LINE.match(text.replace("\t", " ")):
            j += 1
            continue
        break
    return j


def _footnote_lines(lines: Sequence[Line]) -> set[int]:
    """Footnotes gathered at the end of the text: pairs of a lone number and its text."""
    found: set[int] = set()
    filled = [k for k, line in enumerate(lines) if line.text.strip()]
    while len(filled) >= 2:
        text_at, mark_at = filled[-1], filled[-2]
        if LONE_INT.match(lines[text_at].text) or not LONE_INT.match(lines[mark_at].text):
            break
        if STT_LINE.match(lines[text_at].text) or len(lines[text_at].text.strip()) < 8:
            break
        found.update((text_at, mark_at))
        filled = filled[:-2]
    return found


_PAGE_NUMBER = re.compile(r"^\s*(?:(?:trang|page)\s*\d{1,3}(?:\s*/\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–]|\d{1,3}\s*/\s*\d{1,3})\s*$",
                          re.IGNORECASE)


def _page_numbers(lines: Sequence[Line]) -> set[int]:
    """Page numbers: `Trang 2`, `- 2 -` anywhere; a lone number next to a form feed (pdftotext's page end)."""
    found = {k for k, line in enumerate(lines) if _PAGE_NUMBER.match(line.text.replace("\f", ""))}
    for k, line in enumerate(lines):
        if "\f" not in line.text:
            continue
        before, _, after = line.text.partition("\f")
        if LONE_INT.match(before) or LONE_INT.match(after):
            found.add(k)
        for step in (-1, 1):  # the nearest filled line on each side of the break
            j = k + step
            while 0 <= j < len(lines) and not lines[j].text.strip():
                j += step
            if 0 <= j < len(lines) and LONE_INT.match(lines[j].text.replace("\f", "")):
                found.add(j)
    return found


def segment_lines(lines: Sequence[Line]) -> list[CellRow]:
    """Every table row in the document's lines, in order."""
    lines = expand_markup(lines, lambda line: line.text, lambda line, text: Line(text, line.page, line.index))
    skip = _footnote_lines(lines)
    footnotes = frozenset(lines[k].text.strip() for k in skip if LONE_INT.match(lines[k].text))
    skip |= _page_numbers(lines)
    lines = [Line(text="", page=line.page, index=line.index) if k in skip
             else Line(line.text.replace("\f", " "), line.page, line.index) if "\f" in line.text else line
             for k, line in enumerate(lines)]
    rows: list[CellRow] = []
    i = 0
    table: Optional[Table] = None
    builder: Optional[RowBuilder] = None
    while i < len(lines):
        text = clean(lines[i].text)
        if starts_header(text.replace("\t", " ")):
            label = find_label(lines, i)
            end = _header_span(lines, i)
            if builder is None or label is not None:
                if builder:
                    rows.extend(builder.finish())
                builder = RowBuilder(_table(lines, i, end, label, footnotes))
            else:
                builder.page_break()
                # a layout tool places each page's columns anew: read them from this page's header
                fresh = _table(lines, i, end, label, footnotes)
                if fresh.grid is not None:
                    builder.table.grid, builder.table.positional = fresh.grid, fresh.positional
            i = end
            continue
        if builder is not None:
            if _END.match(text) or (LABEL.match(text.strip()) or _is_title(text)) and _next_is_header(lines, i):
                rows.extend(builder.finish())
                builder = None
            else:
                builder.feed(lines, i)
        i += 1
    if builder:
        rows.extend(builder.finish())
    return rows


def _table(lines: Sequence[Line], header_at: int, end: int, label: Optional[str], footnotes: frozenset[str]) -> Table:
    header = [clean(line.text) for line in lines[header_at:end]]
    grid = grid_from_header(header)
    positional = False
    if grid is not None:  # the rows up to the next header say whether they keep the header's columns
        body: list[str] = []
        for line in lines[end:]:
            text = clean(line.text)
            if starts_header(text.replace("\t", " ")) or len(body) >= 40 or _END.match(text) \
                    or LABEL.match(text.strip()) or _is_title(text):
                break
            if text.strip():
                body.append(text)
        grid = fit_columns(grid, body)
        positional = is_positional(grid, body)
    return Table(label=label, tabbed="\t" in header[0], grid=grid, positional=positional, footnotes=footnotes,
                 indicator_width=_indicator_width(lines, end))


def _indicator_width(lines: Sequence[Line], start: int) -> int:
    """The indicator column's width: what the longest first lines of the table's rows give the indicator
    (the second longest, so one overlong line does not set it)."""
    widths = []
    for line in lines[start:start + 400]:
        text = clean(line.text)
        if starts_header(text.replace("\t", " ")) or _END.match(text):
            break
        match = STT_LINE.match(text.replace("\t", " "))
        if match and "\t" not in text:
            widths.append(len(split_line(match.group("rest")).indicator))
    widths.sort()
    return widths[-2] if len(widths) >= 5 else 0


def _is_title(text: str) -> bool:
    """`THỐNG KÊ SỐ LIỆU …`: a table's title, in capitals, above its header (a page break repeats no title)."""
    stripped = text.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    return len(stripped.split()) >= 3 and not STT_LINE.match(stripped) and len(letters) >= 10 \
        and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _next_is_header(lines: Sequence[Line], i: int) -> bool:
    seen = 0
    for j in range(i + 1, min(i + 16, len(lines))):
        text = clean(lines[j].text)
        if not text.strip():
            continue
        if starts_header(text.replace("\t", " ")):
            return True
        seen += 1
        if seen >= 3:
            break
    return False


def segment_text(text_lines: Sequence[tuple[str, Optional[int]]]) -> list[CellRow]:
    return segment_lines([Line(text=t, page=p, index=k) for k, (t, p) in enumerate(text_lines)])


__all__ = ["Line", "segment_lines", "segment_text", "find_label", "skeleton"]

"""Tables that text converters write as markup: markdown pipe tables and HTML `<table>`s.

PDF-to-markdown tools (the ones that leave `**bold**` and `$\\frac{…}$` in the text) write a table either as
`| STT | Chỉ tiêu … |` lines or as HTML. Both say exactly where each cell is, so the text reader gives their cells
as stated cells, like a tab-separated line's. A cell's own line breaks (`<br>`) join like wrapped lines."""
from __future__ import annotations

import html
from typing import Optional

import regex as re

from baocao.normalize.text import join_cell_lines

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TR = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr>|(?=<tr\b)|$)", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<t([dh])\b([^>]*)>(.*?)(?:</t[dh]>|(?=<t[dh]\b)|$)", re.IGNORECASE | re.DOTALL)
_COLSPAN = re.compile(r"colspan\s*=\s*[\"']?(\d+)", re.IGNORECASE)
_ROWSPAN = re.compile(r"rowspan\s*=\s*[\"']?(\d+)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")

def _cell_text(raw: str) -> str:
    return join_cell_lines(html.unescape(_TAG.sub(" ", part)) for part in _BR.split(raw))


def pipe_cells(text: str) -> Optional[list[str]]:
    """`| 1.1 | Số VBQPPL | Văn bản | 3 | |` → its cells; None for any other line."""
    if not _PIPE_ROW.match(text) or text.count("|") < 3:
        return None
    return [_cell_text(cell) for cell in text.strip().strip("|").split("|")]


def html_rows(text: str) -> list[list[str]]:
    """The rows of the HTML table rows on this line, cells at their grid columns: a `colspan` leaves empty cells
    after its text, a `rowspan` empty cells in the rows below it."""
    rows = []
    spanned: dict[int, int] = {}  # column → rows below still covered by a cell with rowspan
    for row in _TR.finditer(text):
        cells: list[str] = []

        def skip_spanned() -> None:
            while spanned.get(len(cells), 0) > 0:
                spanned[len(cells)] -= 1
                cells.append("")

        for cell in _CELL.finditer(row.group(1)):
            skip_spanned()
            cols = _COLSPAN.search(cell.group(2))
            down = _ROWSPAN.search(cell.group(2))
            for k in range(int(cols.group(1)) if cols else 1):
                if down and int(down.group(1)) > 1:
                    spanned[len(cells)] = int(down.group(1)) - 1
                # a section row spanning the columns keeps its text in the first; a header's group cell
                # (`Kết quả thống kê` over two columns) keeps the columns after it in place
                cells.append(_cell_text(cell.group(3)) if k == 0 else "")
        skip_spanned()
        if any(cells):
            rows.append(cells)
    return rows


def markup_rows(text: str) -> Optional[list[list[str]]]:
    """The table rows a markup line states (cells in order): the rows of HTML table rows on the line, one row for
    a markdown pipe row, none for the rule under a markdown header; None for a line that is no table markup."""
    if "<t" in text.lower() and re.search(r"<t[rdh]\b", text, re.IGNORECASE):
        rows = html_rows(text)
        if rows:
            return rows
    if _PIPE_RULE.match(text) and "|" in text:
        return []
    cells = pipe_cells(text)
    return [cells] if cells is not None else None

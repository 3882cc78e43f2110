"""Ruled tables of a PDF page: the cell grid from the ruling lines, filled with the page's words, and tables that
run over several pages joined into one.

The grid comes from pdfplumber's `find_tables` (`lines` strategy: edges only, no text parsing). Words are put into
cells by their centre; a merged cell (spanning columns or rows) keeps its text in its first grid position and
leaves "" in the positions it covers."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex as re

from baocao.extract.base import TextLine
from baocao.segment.layout import join_wrapped

# a table of the statistics forms has at least STT | indicator | value; narrower grids are boxes and frames
MIN_COLUMNS = 3
# letters allowed between a table's end and the next page's table for them to be one table (page numbers,
# running headers)
MAX_GAP_LETTERS = 14
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_STT = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,4})\.?$")
_NUMBERED = re.compile(r"\(\d{1,2}\)")


@dataclass
class Grid:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    xs: list[float]  # left edge of each grid column
    tops: list[float]  # top edge of each grid row
    cells: list[tuple[float, float, float, float, int, int]]  # x0, top, x1, bottom, row, column
    rows: list[list[str]] = field(default_factory=list)
    before_letters: int = 0  # letters on the page above the grid
    after_letters: int = 0  # letters on the page below it
    line: Optional[int] = None  # index of the document line where it starts
    _by_row: dict[int, list[tuple[float, float, float, float, int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cell in self.cells:
            self._by_row.setdefault(cell[4], []).append(cell)

    def cell_at(self, x: float, y: float) -> Optional[tuple[int, int]]:
        """(row, column) of the cell holding the point, None outside the grid."""
        if not (self.x0 <= x <= self.x1 and self.top <= y <= self.bottom):
            return None
        r = max(bisect.bisect_right(self.tops, y) - 1, 0)
        for row in range(r, -1, -1):  # a cell merged over rows starts in a row above
            for x0, top, x1, bottom, rr, cc in self._by_row.get(row, ()):
                if x0 <= x <= x1 and top <= y <= bottom:
                    return rr, cc
        return None

    @property
    def n_columns(self) -> int:
        return len(self.xs)


def _letters(words) -> int:
    total = 0
    for w in words:
        text = w.text.strip()
        if _COLUMN_NUMBER.match(text):
            continue  # page numbers
        total += sum(ch.isalpha() for ch in text)
    return total


def find_grids(page, words) -> list[Grid]:
    """The ruled tables of one page, their cells filled from the page's words (objects with text, x0, x1, top,
    bottom, size)."""
    tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    grids: list[Grid] = []
    for table in tables:
        boxes = table.cells
        xs = sorted({round(c[0], 1) for c in boxes})
        tops = sorted({round(c[1], 1) for c in boxes})
        if len(xs) < MIN_COLUMNS or len(tops) < 2:
            continue
        cells = [(c[0], c[1], c[2], c[3], tops.index(round(c[1], 1)), xs.index(round(c[0], 1))) for c in boxes]
        x0, top, x1, bottom = table.bbox
        grids.append(Grid(page.page_number, x0, top, x1, bottom, xs, tops, cells))
    if not grids:
        return grids
    grids.sort(key=lambda g: g.top)
    contents: dict[int, dict[tuple[int, int], list]] = {id(g): {} for g in grids}
    outside = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for grid in grids:
            at = grid.cell_at(cx, cy)
            if at is not None:
                contents[id(grid)].setdefault(at, []).append(w)
                break
        else:
            outside.append(w)
    for grid in grids:
        grid.rows = [[""] * len(grid.xs) for _ in grid.tops]
        for (r, c), cell_words in contents[id(grid)].items():
            grid.rows[r][c] = cell_text(cell_words)
        grid.before_letters = _letters(w for w in outside if w.bottom <= grid.top)
        grid.after_letters = _letters(w for w in outside if w.top >= grid.bottom)
        # rows a grid reports only for the lines between merged cells carry no text: drop them
        keep = [k for k, row in enumerate(grid.rows) if any(row)]
        grid.rows = [grid.rows[k] for k in keep]
    return [g for g in grids if g.rows and not _rows_merged(g)]


def _rows_merged(grid: Grid) -> bool:
    """A grid whose ruling lacks the lines between rows (only columns ruled): one cell holds several rows, each
    with its STT. Such a grid is left to the positioned-word reader, which finds the rows itself."""
    for row in grid.rows:
        if sum(1 for token in row[0].split() if _STT.match(token)) >= 2:
            return True
    return False


def cell_text(words) -> str:
    """A cell's words in reading order: its visual lines joined by single spaces."""
    from baocao.segment.layout import visual_lines

    text = ""
    for line in visual_lines(list(words)):
        text = join_wrapped(text, " ".join(w.text for w in line))
    return text


def _same_columns(a: Grid, b: Grid) -> bool:
    if a.n_columns != b.n_columns:
        return False
    return all(abs(p - q) <= 6 for p, q in zip(a.xs, b.xs))


def is_header_row(cells: Sequence[str]) -> bool:
    from baocao.segment.vocab import is_header_line

    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    if all(_COLUMN_NUMBER.match(c.strip()) for c in filled) or sum(bool(_NUMBERED.search(c)) for c in cells) >= 3:
        return True  # the (1) (2) (3) row under a header (a wrapped header word may have slipped into it)
    return is_header_line(" ".join(filled))


def _continues(row: Sequence[str]) -> bool:
    """The first row on a page is the rest of the row the page break cut: no STT, and its indicator cell goes on
    mid-sentence, or it carries only text (a row of its own at a page top is a `Trong đó` sub-row with its unit
    and value)."""
    if row[0].strip():
        return False
    text = row[1].strip() if len(row) > 1 else ""
    if not text:
        return True
    if _TRONG_DO.match(text) or _DASH.match(text):
        return False
    first = text[0]
    if first.islower() or first in ",.;:)]%/":
        return True
    return not any(c.strip() for c in row[2:4])


_TRONG_DO = re.compile(r"^\s*trong\s+đó\b", re.IGNORECASE)
_DASH = re.compile(r"^\s*[-–+•]\s")


def _letters_only(text: str) -> str:
    return re.sub(r"\W", "", text)


def _head_rows(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """The table's own header rows (those above its first numbered row), as printed: a page may repeat them."""
    head = []
    for row in rows[:5]:
        if _STT.match(row[0].strip()):
            break
        head.append([_letters_only(c) for c in row])
    return head


def _repeats(row: Sequence[str], head: Sequence[Sequence[str]]) -> bool:
    """The row repeats a header row, cell by cell, maybe cut short where the repeated header's box clipped a
    cell's text."""
    cells = [_letters_only(c) for c in row]
    if not any(cells):
        return False
    for printed in head:
        if len(printed) == len(cells) and all(
                not c or (p.startswith(c) and (len(c) >= 2 or c == p)) for c, p in zip(cells, printed)):
            return True
    return False


@dataclass
class JoinedTable:
    rows: list[list[str]]
    row_pages: list[Optional[int]]
    page: int
    line: Optional[int]


def join_grids(grids: Sequence[Grid]) -> list[JoinedTable]:
    """Grids in document order → logical tables: a grid that starts a page right after a grid that ended the
    previous one, with the same columns, continues it (its repeated header rows dropped, a row cut by the page
    break merged back)."""
    tables: list[JoinedTable] = []
    prev: Optional[Grid] = None
    for grid in grids:
        joined = (
            prev is not None and tables
            and grid.page == prev.page + 1
            and prev.after_letters <= MAX_GAP_LETTERS
            and grid.before_letters <= MAX_GAP_LETTERS
            and _same_columns(prev, grid)
        )
        if not joined:
            tables.append(JoinedTable([list(r) for r in grid.rows], [grid.page] * len(grid.rows), grid.page,
                                      grid.line))
            prev = grid
            continue
        table = tables[-1]
        head = _head_rows(table.rows)
        rows = [list(r) for r in grid.rows]
        while rows and not _STT.match(rows[0][0].strip()) and (is_header_row(rows[0]) or _repeats(rows[0], head)):
            rows.pop(0)
        if rows and table.rows and _continues(rows[0]) and not is_header_row(table.rows[-1]):
            last = table.rows[-1]
            for k, text in enumerate(rows.pop(0)):
                if text.strip():
                    last[k] = join_wrapped(last[k].strip(), text.strip())
        table.rows.extend(rows)
        table.row_pages.extend([grid.page] * len(rows))
        prev = grid
    return tables


def table_label(lines: Sequence[TextLine], at: Optional[int]) -> Optional[str]:
    """The `Phụ lục …` / `Biểu mẫu N` line just above the table."""
    if at is None:
        return None
    from baocao.segment.flat import Line, find_label

    window = [Line(text=l.text.replace("\t", "  "), page=l.page, index=k)
              for k, l in enumerate(lines[max(0, at - 16):at])]
    return find_label(window, len(window))

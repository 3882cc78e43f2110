"""Ruled tables of a PDF page: the cell grid the ruling lines draw, and which cell a point falls in.

The grid comes from pdfplumber's table finder with the `lines` strategy, run on the page's ruling edges alone
(`pdfium_paths.find_table_cells`: the same for a page pdfium read and one pdfminer read). A merged cell
(spanning columns or rows) is one cell that covers several grid positions. What the grid holds, and whether it
is a statistics table, the table reader decides."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Optional

from baocao.extract.pdfium_paths import find_table_cells

# a grid needs two columns and two rows to hold a table; less is a box or a frame drawn round text; a single row
# of this many columns is a table's too (its last row, carried onto a page of its own)
MIN_COLUMNS = 2
MIN_ROWS = 2
MIN_COLUMNS_ONE_ROW = 3
# two grid lines closer than this are one (pt): rulings drawn twice, rounding of the edges
SNAP_PT = 1.0


@dataclass
class RuledGrid:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    xs: list[float]  # left edge of each grid column
    tops: list[float]  # top edge of each grid row
    # x0, top, x1, bottom, row, column, rows spanned, columns spanned
    cells: list[tuple[float, float, float, float, int, int, int, int]] = field(default_factory=list)
    _by_row: dict[int, list[tuple]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cell in self.cells:
            self._by_row.setdefault(cell[4], []).append(cell)

    def cell_at(self, x: float, y: float) -> Optional[tuple[int, int, int, int]]:
        """(row, column, rows, columns) of the cell holding the point; None outside the grid."""
        if not (self.x0 <= x <= self.x1 and self.top <= y <= self.bottom):
            return None
        r = max(bisect.bisect_right(self.tops, y) - 1, 0)
        for row in range(r, -1, -1):  # a cell merged over rows starts in a row above
            for x0, top, x1, bottom, rr, cc, nr, nc in self._by_row.get(row, ()):
                if x0 <= x <= x1 and top <= y <= bottom:
                    return rr, cc, nr, nc
        return None

    @property
    def n_rows(self) -> int:
        return len(self.tops)

    @property
    def n_columns(self) -> int:
        return len(self.xs)


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP_PT:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return max(0, bisect.bisect_right(edges, value + SNAP_PT) - 1)


def _count(edges: list[float], low: float, high: float) -> int:
    """How many of the sorted edges lie in [low, high)."""
    return max(0, bisect.bisect_left(edges, high) - bisect.bisect_left(edges, low))


def ruled_grids(page: int, edges: list[dict], bbox: tuple[float, float, float, float]) -> list[RuledGrid]:
    """The grids a page's ruling lines (pdfplumber's `edges`) draw, top to bottom; `bbox` is the page's (x0, top,
    x1, bottom)."""
    grids: list[RuledGrid] = []
    for table in find_table_cells(edges, bbox):
        boxes = table.cells
        xs = _snap([c[0] for c in boxes])
        tops = _snap([c[1] for c in boxes])
        if len(xs) < MIN_COLUMNS or len(tops) < MIN_ROWS and len(xs) < MIN_COLUMNS_ONE_ROW:
            continue
        cells = []
        for x0, top, x1, bottom in boxes:
            row, col = _index(tops, top), _index(xs, x0)
            rows = max(1, _count(tops, top - SNAP_PT, bottom - SNAP_PT))
            cols = max(1, _count(xs, x0 - SNAP_PT, x1 - SNAP_PT))
            cells.append((x0, top, x1, bottom, row, col, rows, cols))
        x0, top, x1, bottom = table.bbox
        grids.append(RuledGrid(page, x0, top, x1, bottom, xs, tops, cells))
    grids.sort(key=lambda g: g.top)
    return grids

"""Cells of flattened lines whose table keeps its columns apart by runs of spaces.

Some tools flatten a table row onto one line with a run of spaces between cells (an empty cell leaves a longer
run); `pdftotext -layout` and similar keep every cell at its column's position (left-aligned or centred) and wrap
long cells onto the next lines at the same positions. Both print the header the same way, so the header tells
where the columns are: its words' positions, and the tool's cell gap between them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex as re

from baocao.segment.vocab import skeleton

ROLES = ("stt", "indicator", "unit", "value", "note")
# header words of each column, most specific first (`Số liệu` names the value column better than `Kết quả`)
_ROLE_WORDS = {
    "stt": ("stt", "tt", "so tt"),
    "indicator": ("chi tieu thong ke", "chi tieu", "noi dung", "ten chi tieu", "noi dung chi tieu"),
    "unit": ("don vi tinh", "dvt", "don vi"),
    "value": ("so lieu", "ket qua thong ke", "ket qua", "gia tri"),
    "note": ("ghi chu",),
}
_PIECE = re.compile(r"\S+(?: \S+)*")  # words separated by single spaces: one cell's text on this line
_GAP = re.compile(r"\s{3,}|\t")


@dataclass
class Grid:
    extents: dict[str, tuple[int, int]]  # where each role's header words stand on their line (start, end)
    gap: int  # the narrowest run of spaces between header cells: the tool's cell separator
    limits: Optional[list[float]] = None  # where each column ends, fitted to the table's rows

    def ordered(self) -> list[tuple[str, int]]:
        return sorted(((role, lo) for role, (lo, _) in self.extents.items()), key=lambda item: item[1])

    def role_at(self, start: int, end: int) -> str:
        """The column a piece of text belongs to, by its centre (cells may be centred or left-aligned)."""
        centre = (start + end) / 2
        roles = [role for role, _ in self.ordered()]
        limits = self.limits if self.limits is not None else _midpoints(self)
        for role, limit in zip(roles, limits):
            if centre < limit:
                return role
        return roles[-1]


def _midpoints(grid: Grid) -> list[float]:
    cols = sorted(grid.extents.values())
    return [(hi + lo_next) / 2 for (_, hi), (lo_next, _) in zip(cols, cols[1:])]


def fit_columns(grid: Grid, row_lines: list[str]) -> Grid:
    """Each column's end placed in the blank river the rows leave between two header words: the positions no
    (or fewest) pieces of text run over, the middle of the widest such run."""
    spans = [(start, start + len(piece)) for text in row_lines for start, piece in _pieces(text)]
    cols = sorted(grid.extents.values())
    limits = []
    for (_, hi), (lo_next, _) in zip(cols, cols[1:]):
        candidates = list(range(min(hi, lo_next), lo_next + 1))
        counts = [sum(1 for a, b in spans if a < x < b) for x in candidates]
        best = min(counts)
        run_start, best_run = None, (candidates[0], candidates[0])
        for x, count in zip(candidates + [None], counts + [None]):
            if count == best and run_start is None:
                run_start = x
            elif count != best and run_start is not None:
                last = x - 1 if x is not None else candidates[-1]
                if last - run_start > best_run[1] - best_run[0]:
                    best_run = (run_start, last)
                run_start = None
        limits.append((best_run[0] + best_run[1]) / 2)
    return Grid(extents=grid.extents, gap=grid.gap, limits=limits)


def _pieces(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _PIECE.finditer(text.replace("\t", "   "))]


def _role(text: str) -> Optional[str]:
    skel = skeleton(text).strip(" .:()")
    for role, words in _ROLE_WORDS.items():
        if skel in words:
            return role
    return None


def grid_from_header(header_lines: list[str]) -> Optional[Grid]:
    """The column positions a header spread over its lines states (`STT   Chỉ tiêu thống kê   Đơn vị tính …`):
    a main line naming three columns or more, apart by runs of spaces, and header words on the lines after it
    (`Đơn vị tính   Số liệu` under `Kết quả thống kê`) among other text of the header."""
    extents: dict[str, tuple[int, int]] = {}
    gaps: list[int] = []
    for text in header_lines:
        if "\t" in text:
            return None  # tab-separated cells say where each cell is by themselves
        pieces = [(start, piece, _role(piece)) for start, piece in _pieces(text)]
        named = [p for p in pieces if p[2]]
        if not extents:
            if len(named) < 3 or len(named) < len(pieces):
                continue
            gaps = [b[0] - a[0] - len(a[1]) for a, b in zip(pieces, pieces[1:])]
        for start, piece, role in named:
            preferred = _ROLE_WORDS[role].index(skeleton(piece).strip(" .:()")) == 0
            if role not in extents or preferred:
                extents[role] = (start, start + len(piece))
    if len(extents) < 3 or not gaps or min(gaps) < 2:
        return None
    return Grid(extents=extents, gap=min(gaps))


def has_gap(text: str) -> bool:
    return bool(_GAP.search(text.strip()))


def is_positional(grid: Grid, row_lines: list[str]) -> bool:
    """Whether the table's rows keep the header's columns: hardly any piece of text runs over a column's end."""
    limits = grid.limits if grid.limits is not None else _midpoints(grid)
    total = crossing = 0
    for text in row_lines:
        for start, piece in _pieces(text):
            total += 1
            end = start + len(piece)
            crossing += any(start + 2 < limit < end - 2 for limit in limits)
    return total > 0 and crossing <= 0.05 * total


def split_cells(text: str, grid: Grid, positional: bool) -> dict[str, str]:
    """The line's cells by role: by position when the table keeps the header's columns, else by counting the gaps
    between its pieces (a wider gap stands for the empty cells it spans)."""
    pieces = _pieces(text)
    cells = {role: "" for role in ROLES}
    if not pieces:
        return cells
    if positional:
        for start, piece in pieces:
            role = grid.role_at(start, start + len(piece))
            cells[role] = f"{cells[role]} {piece}".strip()
        return cells
    # counting: the first piece is the STT when it looks like one, the next the indicator, then a cell per gap
    columns = [name for name, _ in grid.ordered()]
    k = 0
    previous_end: Optional[int] = None
    for start, piece in pieces:
        if previous_end is not None:
            skipped = max(0, round((start - previous_end) / grid.gap) - 1)
            k = min(len(columns) - 1, k + 1 + skipped)
        elif columns[0] == "stt" and not _looks_like_stt(piece):
            k = 1
        cells[columns[k]] = f"{cells[columns[k]]} {piece}".strip()
        previous_end = start + len(piece)
    return cells


def _looks_like_stt(piece: str) -> bool:
    return bool(re.fullmatch(r"(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,4})\.?|[-–+•]", piece))

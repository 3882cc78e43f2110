"""Cells of flattened lines whose table keeps its columns apart by runs of spaces or tabs.

Some tools flatten a table row onto one line with a run of spaces between cells (an empty cell leaves a longer
run); `pdftotext -layout` and similar keep every cell at its column's position and wrap long cells onto the next
lines at the same positions. Both print the header the same way, so the header line tells which case applies:
its words at their columns, separated by the tool's cell gap."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex as re

from segment.vocab import skeleton

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
    starts: dict[str, int]  # column start of each role the header names
    gap: int  # the narrowest run of spaces between header cells: the tool's cell separator

    def ordered(self) -> list[tuple[str, int]]:
        return sorted(self.starts.items(), key=lambda item: item[1])


def _pieces(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _PIECE.finditer(text.replace("\t", "   "))]


def _role(text: str) -> Optional[str]:
    skel = skeleton(text).strip(" .:()")
    for role, words in _ROLE_WORDS.items():
        if skel in words:
            return role
    return None


def grid_from_header(header_lines: list[str]) -> Optional[Grid]:
    """The column positions a header spread over its lines states (`STT   Chỉ tiêu thống kê   Đơn vị tính …`)."""
    starts: dict[str, int] = {}
    gaps: list[int] = []
    for text in header_lines:
        if "\t" in text:
            return None  # tab-separated cells say where each cell is by themselves
        pieces = _pieces(text)
        roles = [(_role(piece), start, piece) for start, piece in pieces]
        # the header's main line names three columns or more; a second line (`Đơn vị tính   Số liệu` under
        # `Kết quả thống kê`) may name fewer
        if not roles or any(r[0] is None for r in roles) or len(roles) < 3 and not starts:
            continue
        for (role, start, piece), (_, nxt, _) in zip(roles, roles[1:] + [(None, None, None)]):
            if nxt is not None:
                gaps.append(nxt - start - len(piece))
            if role not in starts or _ROLE_WORDS[role].index(skeleton(piece).strip(" .:()")) == 0:
                starts[role] = start
    if len(starts) < 3 or not gaps or min(gaps) < 2:
        return None
    return Grid(starts=starts, gap=min(gaps))


def has_gap(text: str) -> bool:
    return bool(_GAP.search(text.strip()))


def is_positional(grid: Grid, row_lines: list[str]) -> bool:
    """Whether the table's rows keep the header's column positions (most pieces start at a column)."""
    starts = sorted(grid.starts.values())
    total = at_column = crossing = 0
    for text in row_lines:
        for start, piece in _pieces(text):
            total += 1
            # a piece running over the next column's start was not laid out by position
            crossing += any(start < column < start + len(piece) for column in starts)
            # at a column's start, or inside one column (a centred or right-aligned number)
            inside = any(column < start and start + len(piece) < end - 1
                         for column, end in zip(starts, starts[1:] + [10 ** 6]))
            at_column += any(abs(start - column) <= 1 for column in starts) or inside
    return total > 0 and at_column >= 0.8 * total and crossing <= 0.05 * total


def split_cells(text: str, grid: Grid, positional: bool) -> dict[str, str]:
    """The line's cells by role: by position when the table keeps the header's columns, else by counting the gaps
    between its pieces (a wider gap stands for the empty cells it spans)."""
    pieces = _pieces(text)
    ordered = grid.ordered()
    cells = {role: "" for role in ROLES}
    if not pieces:
        return cells
    if positional:
        for start, piece in pieces:
            role = ordered[0][0]
            for name, column in ordered:
                if column <= start + 2:
                    role = name
            cells[role] = f"{cells[role]} {piece}".strip()
        return cells
    # counting: the first piece is the STT when it looks like one, the next the indicator, then a cell per gap
    columns = [name for name, _ in ordered]
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

"""Spreadsheets (`.xlsx`; `.xls` and `.ods` after LibreOffice made them `.xlsx`): every visible sheet's used range
as exact cells, one table per sheet, so an annex kept in Excel gives the same rows as one typed in Word.

A merged range's text is kept once, in its top-left cell; numbers and dates are shown as Excel shows them
(`numfmt.py`: the cell's number format, Vietnamese separators) and kept typed beside (`CellTable.values`).
Cells set in a legacy font (`.VnTime`, `VNI-Times`; per run for rich text, where a run's font may differ from the
cell's) are converted by the encoding their font holds (`FontEncodings`), each converted line recorded. Hidden
rows and columns are read (a column hidden on screen is still the table's: notes, codes); hidden sheets, which
hold lookup lists and scratch work, are not. For `baocao text`: the sheets one after another, a row per line,
cells tab-separated."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Optional

from baocao.extract.base import CellTable, ExtractionError, SourceText, TextLine
from baocao.extract.numfmt import displayed
from baocao.extract.package import encoding_repairs, open_package
from baocao.normalize.encoding import FontEncodings



class _Cell:
    __slots__ = ("text", "raw", "value", "runs", "encoding")

    def __init__(self, text: str = "", value: object = None, runs: Optional[list] = None):
        self.text = self.raw = text
        self.value = value
        self.runs: list[tuple[str, Optional[str]]] = runs or []  # (text, font) of a text cell
        self.encoding: Optional[str] = None

    def convert(self, fonts: FontEncodings) -> None:
        if self.runs:
            self.text, self.encoding = _convert(self.runs, fonts)


class SheetExtractor:
    suffixes = (".xlsx", ".xlsm")

    def extract(self, path: Path, name: Optional[str] = None) -> SourceText:
        """`name`: the file's name in messages, when `path` is a converted copy (LibreOffice's XLSX of a .xls)."""
        name = name or path.name
        workbook = open_package(path, name, "Excel workbook", ".xls", _load)
        lines: list[TextLine] = []
        raw_lines: list[str] = []
        tables: list[CellTable] = []
        used: Counter = Counter()
        sheets = [(sheet.title, _grid(sheet)) for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        fonts = FontEncodings()
        for _, grid in sheets:
            for row in grid:
                for cell in row:
                    for text, font in cell.runs:
                        fonts.add(font, text)
        n_sheets = 0
        for title, grid in sheets:
            n_sheets += 1
            for row in grid:
                for cell in row:
                    cell.convert(fonts)
                used.update(c.encoding for c in row if c.encoding)
            table = _table(grid, title, n_sheets, len(lines))
            if table is not None:
                tables.append(table)
            for row in grid:
                lines.append(TextLine(_row_line([c.text for c in row]), page=n_sheets))
                raw_lines.append(_row_line([c.raw for c in row]))
        if not any(line.text.strip() for line in lines):
            raise ExtractionError(f"{name}: the spreadsheet has no cell with text or a number in its visible sheets")
        repairs = encoding_repairs(raw_lines, lines)
        encoding = used.most_common(1)[0][0] if used else None
        return SourceText(method="xlsx", lines=lines, n_pages=n_sheets, tables=tables, repairs=repairs,
                          encoding=encoding)


def _load(path: Path):
    import openpyxl

    return openpyxl.load_workbook(path, data_only=True, rich_text=True)


def _grid(sheet) -> list[list[_Cell]]:
    """The used range's non-empty rows, each as cells from the range's first to its last column with a value."""
    # only cells the file holds (a formatted but empty range can reach a million cells)
    filled = {(r, c): cell for (r, c), cell in sheet._cells.items() if cell.value not in (None, "")}
    if not filled:
        return []
    columns = sorted({c for _, c in filled})
    rows: dict[int, dict[int, object]] = {}
    for (r, c), cell in filled.items():
        rows.setdefault(r, {})[c] = cell
    grid = []
    for r in sorted(rows):
        cells = [_read(rows[r][c]) if c in rows[r] else _Cell() for c in columns]
        if any(cell.raw.strip() for cell in cells):
            grid.append(cells)
    return grid


def _read(cell) -> _Cell:
    value = cell.value
    if isinstance(value, bool):
        return _Cell("TRUE" if value else "FALSE", value)
    if isinstance(value, (int, float, dt.datetime, dt.date, dt.time)):
        return _Cell(displayed(value, cell.number_format), value)
    runs = _runs(value, cell.font.name if cell.font is not None else None)
    return _Cell("".join(text for text, _ in runs), runs=runs)


def _runs(value, cell_font: Optional[str]) -> list[tuple[str, Optional[str]]]:
    """(text, font) of each run of a cell: rich text keeps a font per run, else the cell's font."""
    from openpyxl.cell.rich_text import CellRichText

    if not isinstance(value, CellRichText):
        return [(str(value), cell_font)]
    runs = []
    for part in value:
        if isinstance(part, str):
            runs.append((part, cell_font))
        else:
            font = part.font.rFont if part.font is not None and part.font.rFont else cell_font
            runs.append((part.text or "", font))
    return runs


def _convert(runs: list[tuple[str, Optional[str]]], fonts: FontEncodings) -> tuple[str, Optional[str]]:
    """(shown text, encoding converted from): neighbouring runs in one font convert together (a VNI letter's
    tone mark may sit in the next run)."""
    pieces: list[tuple[str, Optional[str]]] = []
    for text, font in runs:
        if pieces and pieces[-1][1] == font:
            pieces[-1] = (pieces[-1][0] + text, font)
        else:
            pieces.append((text, font))
    shown, used = [], None
    for text, font in pieces:
        done = fonts.convert(text, font)
        shown.append(done[0] if done is not None else text)
        if done is not None and done[0] != text:
            used = used or done[1]
    return "".join(shown), used


def _row_line(cells: list[str]) -> str:
    return "\t".join(" ".join(c.split()) for c in cells).rstrip("\t")


def _table(grid: list[list[_Cell]], title: str, sheet_number: int, first_line: int) -> Optional[CellTable]:
    """The sheet as one table, from its first row of two or more cells (rows above hold the titles, which stay
    text); the sheet's name is the table's (the reader labels it by a `Phụ lục` / `Biểu mẫu` title when the
    sheet has one)."""
    start = next((k for k, row in enumerate(grid) if sum(1 for c in row if c.text.strip()) >= 2), None)
    if start is None:
        return None
    body = grid[start:]
    return CellTable(rows=[[c.text for c in row] for row in body], page=sheet_number,
                     title=title.strip() or None, line=first_line + start,
                     values=[[c.value for c in row] for row in body])

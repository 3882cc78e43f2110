"""Building table rows from the lines inside one table of flattened text.

A line that begins with an STT (or a `-`, or a capitalised line under a `Trong đó` marker) starts a row; any other
line continues the open row (segment/continuation.py decides which cell). Tab-separated lines, and lines whose
table keeps its columns apart by runs of spaces (segment/columns.py), give their cells directly."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex as re

from baocao.segment.cells import CellRow
from baocao.segment.columns import ROLES, Grid, has_gap, split_cells
from baocao.segment.cellsplit import VALUE_ONLY, split_line
from baocao.segment.continuation import LONE_INT, OpenRow, append, continue_row, fills_column
from baocao.segment.stt import SttTracker, is_stt, parse_stt
from baocao.segment.vocab import (
    DASH_LINE,
    STT_LINE,
    is_coded_fragment,
    is_header_line,
    is_usage_note_start,
    is_unit_fragment,
    looks_like_code_tail,
    starts_header,
)

_MAX_CONTINUATION = 60  # lines one row's cells can take; past that the text is no longer the table's

TRONG_DO = re.compile(r"^\s*trong\s*(?:đó)?\s*:?\s*$", re.IGNORECASE)
_DO = re.compile(r"^\s*đó\s*:?\s*$", re.IGNORECASE)


@dataclass
class Line:
    text: str
    page: Optional[int]
    index: int


def clean(text: str) -> str:
    return text.replace("**", "").replace("\u00a0", " ")


@dataclass
class Table:
    label: Optional[str]
    tabbed: bool
    grid: Optional[Grid] = None  # column positions the header stated, when cells are kept apart by spaces
    positional: bool = False  # the rows keep the header's column positions (`pdftotext -layout`)
    footnotes: frozenset[str] = frozenset()  # numbers of the footnotes the document ends with
    indicator_width: int = 0  # the longest indicator piece rows' first lines hold: the indicator column's width


class RowBuilder:
    def __init__(self, table: Table):
        self.table = table
        self.rows: list[OpenRow] = []
        self.stt = SttTracker()
        self.breakdown = False
        self.closed = False  # the table ended: lines until the next header are the report's text

    # -- rows
    def _start(self, line: Line, stt: str, rest: str, breakdown: bool = False) -> None:
        cell = CellRow(stt=stt, table=self.table.label, page=line.page, line=line.index, breakdown=breakdown)
        row = OpenRow(cell=cell)
        self.rows.append(row)
        if rest.strip():
            parts = split_line(rest)
            cell.indicator, cell.unit, cell.value, cell.note = parts.indicator, parts.unit, parts.value, parts.note
            row.empty_after = parts.empty_after
            row.last = "note" if parts.note else "value" if parts.value else "unit" if parts.unit else "indicator"
            row.indicator_closed = row.last == "indicator" and parts.empty_after >= 1
            row.weak_unit = parts.weak_unit
            row.indicator_width = self.table.indicator_width
            row.indicator_open = fills_column(parts.indicator, row.indicator_width) and bool(parts.unit or parts.value)
        if stt and stt != "-":
            self.stt.accept(stt)

    @property
    def current(self) -> Optional[OpenRow]:
        return self.rows[-1] if self.rows else None

    def finish(self) -> list[CellRow]:
        out = []
        for row in self.rows:
            cell = row.cell
            if not (cell.indicator or cell.unit or cell.value or cell.note):
                continue
            out.append(cell)
        return out

    def page_break(self) -> None:
        self.closed = False  # the header came back: the table goes on
        if self.current is not None:
            self.current.after_break = True

    # -- lines
    def feed(self, lines: Sequence[Line], i: int) -> None:
        line = lines[i]
        text = clean(line.text)
        if not text.strip() or self.closed:
            return
        if self.table.tabbed and "\t" in text:
            cells = [c.strip() for c in text.split("\t")]
            cells += [""] * (5 - len(cells))
            self._feed_cells(line, cells[:4] + [" ".join(c for c in cells[4:] if c)], one_line_rows=True)
            return
        grid = self.table.grid
        if grid is not None and (self.table.positional or has_gap(text)) and not _is_page_number(lines, i):
            cells = split_cells(text, grid, self.table.positional)
            self._feed_cells(line, [cells[role] for role in ROLES], one_line_rows=not self.table.positional)
            return
        flat = text.replace("\t", " ")
        if TRONG_DO.match(flat) or (re.match(r"^\s*trong\s*$", flat, re.IGNORECASE) and _peek(lines, i, _DO)):
            self.breakdown = True
            return
        if _DO.match(flat) and self.breakdown:
            return
        if re.match(r"^\s*trong\s+đó\s*:?\s+\S", flat, re.IGNORECASE):
            self.breakdown = True
            flat = re.sub(r"^\s*trong\s+đó\s*:?\s*", "", flat, flags=re.IGNORECASE)
        row = self.current
        match = STT_LINE.match(flat)
        if match and self._is_row_start(lines, i, match.group("stt"), match.group("rest")):
            self.breakdown = False
            self._start(line, match.group("stt").rstrip("."), match.group("rest"))
            return
        if row is not None and not any(row.cell.cells()[1:]) and not match:
            continue_row(row, flat, None)  # the row's STT stood alone on its line: this begins its indicator
            return
        if row is not None and row.list_next and match:
            append(row.cell, "value", flat)
            row.last = "value"
            return
        dash = DASH_LINE.match(flat)
        if flat.strip() in ("-", "–", "+") and self._lone_dash_is_row(lines, i, row):
            self._start(line, "-", "", breakdown=self.breakdown)  # the STT column's dash alone on its line
            return
        if row is not None and not self.breakdown and row.cell.unit and not row.cell.value \
                and row.empty_after == 0 and row.last == "unit" and dash \
                and not is_coded_fragment(flat):
            row.cell.value = flat.strip()  # the value cell holds text (`- Tỷ lệ hồ sơ … đạt 100%`)
            row.last = "value"
            row.text_value = True
            return
        if row is not None and row.text_value and row.last == "value" and not match:
            append(row.cell, "value", flat)
            return
        if dash and self._dash_is_row(row):
            self._start(line, "-", dash.group("rest"), breakdown=self.breakdown)
            return
        if self.breakdown and self._starts_subrow(flat, row):
            self._start(line, "", flat, breakdown=True)
            return
        if row is None:
            return
        nxt = next_text(lines, i)
        if LONE_INT.match(flat) and nxt is not None and starts_header(nxt.replace("\t", " ")):
            return  # the page number above a repeated header
        row.continued += 1
        if row.continued > _MAX_CONTINUATION:
            self.closed = True  # no cell runs this long: the table ended without a closing line
            return
        continue_row(row, flat, nxt.replace("\t", " ").strip() if nxt else None, self.table.footnotes)
        row.after_break = False

    def _feed_cells(self, line: Line, cells: list[str], one_line_rows: bool) -> None:
        """A line whose cells the source kept apart (tabs, runs of spaces, column positions)."""
        stt, indicator, unit, value, note = cells
        if TRONG_DO.match(f"{stt} {indicator}") and not (unit or value or note):
            self.breakdown = True  # the `Trong đó` marker row: the rows under it break the row above down
            return
        if stt and not is_stt(stt) and stt not in "-–+•":
            indicator = f"{stt} {indicator}".strip()
            stt = ""
        dash = DASH_LINE.match(indicator) if not stt else None
        if dash:
            stt, indicator = "-", dash.group("rest")
        row = self.current
        # without an STT, a line is a row of its own when the source puts one row per line, or under `Trong đó`
        # when it starts like a row; else it is the wrapped rest of the open row's cells
        own_row = stt or (indicator and (one_line_rows or self.breakdown and indicator[:1].isupper()))
        if not own_row and row is not None:
            for name, piece in zip(("indicator", "unit", "value", "note"), (indicator, unit, value, note)):
                append(row.cell, name, piece)
            return
        if not (stt or indicator or unit or value or note):
            return
        if stt and stt not in "-–+•":
            self.breakdown = False
        cell = CellRow(stt="-" if stt in "–+•" and stt else stt.rstrip("."), indicator=indicator, unit=unit,
                       value=value, note=note, table=self.table.label, page=line.page, line=line.index,
                       breakdown=not stt or stt == "-" and self.breakdown)
        self.rows.append(OpenRow(cell=cell))
        if stt and stt not in "-–+•":
            self.stt.accept(stt.rstrip("."))

    def _is_row_start(self, lines: Sequence[Line], i: int, stt: str, rest: str) -> bool:
        stt_printed, stt = stt, stt.rstrip(".")
        row = self.current
        if row is not None and row.last == "indicator" and not row.cell.value and "=" not in rest \
                and re.match(r"\s*[\p{Ll}(]", rest):
            return False  # `3 và 4 (Chỉ thống kê …`: a number the indicator wrapped before; rows start capitalised
        if row is not None and not row.cell.value and row.cell.unit.rstrip().endswith(("=", ":")):
            return False  # `Đúng quy định:` / `1 Không đúng …`: the code of a coded unit wrapped onto this line
        lone = not rest.strip()
        open_value = row is not None and bool(row.cell.unit) and not row.cell.value
        if row is not None and row.list_next:
            if parse_stt(stt) == (row.list_next,):
                row.list_next += 1
                return False
            if not self.stt.plausible(stt):
                return False
            row.list_next = 0
        if lone:
            if _is_page_number(lines, i):
                return False
            nxt = next_text(lines, i, past_break=True)
            if nxt is None or STT_LINE.match(nxt.replace("\t", " ")) or starts_header(nxt.replace("\t", " ")):
                return False  # footnote marker or page number: no indicator follows
            if open_value and re.fullmatch(r"\d+", stt_printed.strip()) and not (
                    self.stt.is_next(stt) and _starts_indicator(nxt)):
                # the value of the open row, unless it is the very next STT and an indicator follows it
                return False
            if not self.stt.plausible(stt):
                return False
            return True
        if not self.stt.plausible(stt):
            if open_value and parse_stt(stt) == (1,):
                row.list_next = 2  # a numbered list inside the value cell
                return False
            # out of sequence but printed as a row: keep it (reports repeat and skip STT)
            return not open_value
        return True

    def _lone_dash_is_row(self, lines: Sequence[Line], i: int, row: Optional[OpenRow]) -> bool:
        nxt = next_text(lines, i, past_break=True)
        if nxt is None or STT_LINE.match(nxt.replace("\t", " ")) or starts_header(nxt.replace("\t", " ")):
            return False
        if row is None or self._dash_is_row(row) or row.cell.value or row.cell.note:
            return True
        # after a row whose value is still empty, a dash may be that value (`-`: none); a row's indicator follows
        # a dash in the STT column, and it starts capitalised
        return _starts_indicator(nxt)

    def _dash_is_row(self, row: Optional[OpenRow]) -> bool:
        if row is None:
            return True
        if self.breakdown or row.cell.stt == "-":
            return True
        cell = row.cell
        # under a heading row, or after a row whose line said its value cell is empty
        return not cell.value and (not cell.unit or row.empty_after >= 1)

    def _starts_subrow(self, text: str, row: Optional[OpenRow]) -> bool:
        stripped = text.strip()
        if not stripped or not (stripped[0].isupper() or stripped[0] == "-"):
            return False
        if row is not None and (is_unit_fragment(stripped, row.cell.unit if row.last == "unit" else "")
                                or looks_like_code_tail(stripped) or VALUE_ONLY.match(stripped)):
            return False
        if row is not None and row.cell.unit and is_coded_fragment(stripped) and not row.cell.value:
            return False
        return True


def next_text(lines: Sequence[Line], i: int, past_break: bool = False) -> Optional[str]:
    """The next non-empty line; with `past_break`, the next one after a page break's page number and header."""
    in_header = False
    for j in range(i + 1, min(i + (40 if past_break else 8), len(lines))):
        text = clean(lines[j].text)
        if not text.strip():
            continue
        if past_break:
            flat = text.replace("\t", " ")
            if starts_header(flat) or in_header and is_header_line(flat):
                in_header = True
                continue
            if LONE_INT.match(flat) and (nxt := next_text(lines, j)) is not None \
                    and starts_header(nxt.replace("\t", " ")):
                continue
            if in_header and is_usage_note_start(flat):
                continue
        return text
    return None


def _starts_indicator(text: str) -> bool:
    """A line that can begin a row's indicator: capitalised words, not a unit, a value or a code."""
    stripped = text.strip()
    return stripped[:1].isupper() and not is_unit_fragment(stripped) and not VALUE_ONLY.match(stripped) \
        and not is_coded_fragment(stripped)


def _is_page_number(lines: Sequence[Line], i: int) -> bool:
    nxt = next_text(lines, i)
    return bool(LONE_INT.match(lines[i].text)) and nxt is not None and starts_header(nxt.replace("\t", " "))


def _peek(lines: Sequence[Line], i: int, pattern: re.Pattern) -> bool:
    nxt = next_text(lines, i)
    return nxt is not None and bool(pattern.match(nxt))

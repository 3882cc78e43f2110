"""Exact source cells (a DOCX table, a ruled PDF table) to `CellRow`s.

The cells are already separated, so the work is only to know which column is which (from the header rows, which
may take two rows with `Kết quả thống kê` merged over unit and value), to drop what is not a row (header rows,
repeated headers, the `(1) (2) (3)` column-number row, `Trong đó` markers) and to read the STT cell."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex as re

from baocao.extract.base import CellTable
from baocao.normalize.text import join_cell_lines
from baocao.segment.cells import CellRow
from baocao.segment.vocab import DASH_LINE, STT_DASHES, STT_LINE, STT_TOKEN, is_header_line, skeleton, table_label

ROLES = ("stt", "indicator", "unit", "value", "note")
# header words → role, most specific first (`Kết quả thống kê` only names the value when nothing under it does)
_ROLE_WORDS = [
    ("stt", re.compile(r"^(?:so\s*)?(?:stt|tt)\b|^so\s+thu\s+tu\b")),
    ("unit", re.compile(r"\bdon\s*vi\s*tinh\b|\bdvt\b|^don\s*vi$")),
    ("note", re.compile(r"\bghi\s*chu\b")),
    ("indicator", re.compile(r"\bchi\s*tieu\b|\bnoi\s*dung\b|\bten\s+chi\s+tieu\b")),
    ("value", re.compile(r"\bso\s*lieu\b|\bket\s*qua\b|\bgia\s*tri\b|\bthuc\s*hien\b")),
]
_COLUMN_NUMBER = re.compile(r"^\(?\s*(?:\d{1,2}|[A-E])\s*\)?$")
_TRONG_DO = re.compile(r"^\s*trong\s+(?:đó|do)\s*:?\s*", re.IGNORECASE)


@dataclass
class Columns:
    """Grid column index of each role; `note` may take several trailing columns."""

    stt: Optional[int] = None
    indicator: Optional[int] = None
    unit: Optional[int] = None
    value: Optional[int] = None
    note: tuple[int, ...] = ()


def _cells(row: Sequence[Optional[str]]) -> list[str]:
    return [join_cell_lines((c or "").split("\n")) for c in row]


def is_column_numbers(cells: Sequence[str]) -> bool:
    """`(1) (2) (3) (4) (5)` or `A B 1 2 3`: the row numbering the columns under the header."""
    filled = [c for c in cells if c]
    if len(filled) < 3 or not all(_COLUMN_NUMBER.match(c) for c in filled):
        return False
    marks = [re.sub(r"[\s()]", "", c) for c in filled]
    letters = [m for m in marks if m.isalpha()]
    numbers = [int(m) for m in marks if m.isdigit()]
    if marks != letters + [str(n) for n in numbers]:
        return False  # letters first, then numbers
    if letters and "".join(letters) != "ABCDE"[: len(letters)]:
        return False
    return not numbers or numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def is_header_row(cells: Sequence[str]) -> bool:
    """Only header words (`STT`, `Chỉ tiêu thống kê`, `Đơn vị tính` …), or at least three cells that name a
    column (`Số TT` | `Tên chỉ tiêu` | `Đơn vị` | `Số liệu thống kê`) with no number among them."""
    filled = [c for c in cells if c]
    if not filled:
        return False
    if all(is_header_line(c) for c in filled):
        return True
    roles = [_role(c) for c in filled]
    named = sum(r is not None for r in roles)
    return named >= 3 and named >= len(filled) - 1 and ("stt" in roles or "indicator" in roles) \
        and not any(STT_TOKEN.match(c) for c in filled)


def _role(text: str) -> Optional[str]:
    skel = skeleton(text).lower()
    if not skel:
        return None
    for role, pattern in _ROLE_WORDS:
        if pattern.search(skel):
            return role
    return None


def find_columns(header: Sequence[Sequence[str]], width: int) -> Columns:
    """Roles from the header rows: each column takes the role of its lowest named header cell, so the
    `Đơn vị tính` / `Số liệu` row under a merged `Kết quả thống kê` wins over it."""
    roles: list[Optional[str]] = []
    for j in range(width):
        role = None
        for row in reversed(header):
            if j < len(row) and row[j]:
                role = _role(row[j])
                if role:
                    break
        roles.append(role)
    # a merged header spanning columns leaves the later ones unnamed: they belong to the same role group
    if "value" not in roles:
        for j, role in enumerate(roles):
            if role is None and j > 0 and roles[j - 1] == "unit":
                roles[j] = "value"
                break
    columns = Columns()
    for j, role in enumerate(roles):
        if role == "note":
            columns.note += (j,)
        elif role is not None and getattr(columns, role) is None:
            setattr(columns, role, j)
    return columns


def _positional(width: int) -> Columns:
    note = tuple(range(4, width))
    return Columns(stt=0, indicator=1, unit=2, value=3, note=note)


def _looks_like_stats_body(rows: Sequence[Sequence[str]]) -> bool:
    """No header: a table of at least four columns whose first column holds STT numbers."""
    first = [r[0] for r in rows if r and any(r)]
    numbered = [c for c in first if STT_TOKEN.match(c)]
    return bool(first) and len(rows[0]) >= 4 and len(numbered) >= max(2, len(first) // 2)


def _header_span(rows: Sequence[Sequence[str]]) -> Optional[tuple[int, int]]:
    """(first, end) of the header block within the first rows, or None."""
    for start in range(min(len(rows), 6)):
        cells = rows[start]
        if not is_header_row(cells):
            continue
        skels = [skeleton(c).lower() for c in cells if c]
        if not any(re.search(r"^(?:so\s*)?(?:stt|tt)\b|chi\s*tieu|noi\s*dung", s) for s in skels):
            continue
        end = start + 1
        while end < len(rows) and (is_header_row(rows[end]) or is_column_numbers(rows[end])):
            end += 1
        return start, end
    return None


def _get(cells: Sequence[str], index: Optional[int]) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def cell_rows_from_table(table: CellTable) -> list[CellRow]:
    """The table's rows as CellRows; an empty list when the table is not a statistics table (a layout table of
    the header or signature block)."""
    rows = [_cells(r) for r in table.rows]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    span = _header_span(rows)
    label = table.label
    if span is not None:
        start, end = span
        if label is None:  # a title row merged across the table above its header
            label = next((found for r in rows[:start] for c in r if c and (found := table_label(c))), None)
        columns = find_columns(rows[start:end], width)
        if columns.indicator is None:
            return []
        body_start = end
    elif _looks_like_stats_body(rows):
        columns, body_start = _positional(width), 0
    else:
        return []

    out: list[CellRow] = []
    breakdown = False
    for k in range(body_start, len(rows)):
        cells = rows[k]
        if not any(cells) or is_column_numbers(cells) or is_header_row(cells):
            continue
        stt = _get(cells, columns.stt)
        indicator = _get(cells, columns.indicator)
        unit = _get(cells, columns.unit)
        value = _get(cells, columns.value)
        note = " ".join(cells[j] for j in columns.note if j < len(cells) and cells[j])
        # text that sits in columns no role claims (a section title merged across the row) joins the indicator
        claimed = {columns.stt, columns.indicator, columns.unit, columns.value, *columns.note}
        stray = " ".join(c for j, c in enumerate(cells) if j not in claimed and c)
        if stray and not indicator:
            indicator = stray
        stt, indicator = _read_stt(stt, indicator)
        marker = _TRONG_DO.match(indicator) if not stt else None
        if marker:
            breakdown = True
            indicator = indicator[marker.end():].strip()
            if not (indicator or unit or value or note):
                continue  # the `Trong đó:` row itself
        if not stt and out and (not indicator or _continues(indicator)):
            # the rest of the row above: a row split by a page break, cells the source put in a row of their own
            previous = out[-1]
            if indicator:
                previous.indicator = f"{previous.indicator} {indicator}".strip()
            for name, piece in (("unit", unit), ("value", value), ("note", note)):
                if piece:
                    setattr(previous, name, f"{getattr(previous, name)} {piece}".strip())
            continue
        if stt and stt != "-":
            breakdown = False
        page = table.row_pages[k] if table.row_pages and k < len(table.row_pages) else table.page
        out.append(CellRow(
            stt=stt, indicator=indicator, unit=unit, value=value, note=note, table=label, page=page,
            line=table.line + k if table.line is not None else None,
            breakdown=breakdown and not stt,
        ))
    return out


def _continues(indicator: str) -> bool:
    """An indicator cell starting in lower case continues the row above (indicators start with a capital;
    `a) …` is an item of its own)."""
    if re.match(r"^\p{Ll}[).]\s", indicator):
        return False
    first = indicator.lstrip(" (\"'“")[:1]
    return first.isalpha() and first.islower()


def _read_stt(stt: str, indicator: str) -> tuple[str, str]:
    """The STT cell as printed; a `- ` indicator is a dash row; text in the STT cell that is not an STT (a title
    merged across the row, a shifted cell) goes back to the indicator."""
    if stt in STT_DASHES:
        return "-", indicator
    if stt and not STT_TOKEN.match(stt):
        match = STT_LINE.match(stt)
        if match and match.group("rest").strip():
            return match.group("stt").rstrip("."), f"{match.group('rest').strip()} {indicator}".strip()
        return "", f"{stt} {indicator}".strip()
    if not stt:
        dash = DASH_LINE.match(indicator)
        if dash:
            return "-", dash.group("rest").strip()
    return stt.rstrip("."), indicator

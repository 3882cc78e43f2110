"""Tables whose cells the source states (a DOCX table, a ruled PDF or scanned table): rows as the source has them.

The cells are already separated, so the work is to know which column is which (from the header rows, which may
take two rows with `Kết quả thống kê` merged over unit and value), to drop what is not a row (header rows, a
header repeated on a new page, the `(1) (2) (3)` row, `Trong đó` markers), to read the STT cell, and to join a
table a page break cut into two grids back into one, the row the break cut included."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex as re
from rapidfuzz.distance import Levenshtein

from baocao.normalize.text import add_cell_line
from baocao.segment.cells import CellRow
from baocao.segment.joins import join_vote
from baocao.segment.stt import follows, parse_stt
from baocao.segment.vocab import (
    DASH_LINE,
    OPEN_COMPUTATION,
    STT_DASHES,
    STT_LINE,
    STT_TAIL,
    STT_TOKEN,
    TRONG_DO,
    header_key,
    header_roles,
    header_words_only,
    is_column_numbers,
    join_stt,
    join_wrapped_stt,
    misread_stt_heading,
    table_label,
    unit_fit,
    value_fit,
)
from baocao.settings import SETTINGS

_NOT_WORD = re.compile(r"\W")


@dataclass
class GridTable:
    """A stated table's cell texts, one list per row, aligned on its columns."""

    rows: list[list[str]]
    pages: list[Optional[int]] = field(default_factory=list)  # page of each row
    lines: list[Optional[int]] = field(default_factory=list)  # document line of each row
    label: Optional[str] = None
    breaks: set[int] = field(default_factory=set)  # rows where a grid continued over a page break begins
    boxes: list[Optional[tuple[float, float, float, float]]] = field(default_factory=list)  # each row's place
    confidences: list[float] = field(default_factory=list)  # how sure the reading of each row's words is
    cell_boxes: list[list[Optional[tuple[float, float, float, float]]]] = field(default_factory=list)  # by column
    cell_confidences: list[list[float]] = field(default_factory=list)  # how sure each cell's least sure word is

    def extend(self, other: "GridTable") -> None:
        self.breaks.add(len(self.rows))
        self.rows.extend(other.rows)
        self.pages.extend(other.pages)
        self.lines.extend(other.lines)
        self.boxes.extend(other.boxes)
        self.confidences.extend(other.confidences)
        self.cell_boxes.extend(other.cell_boxes)
        self.cell_confidences.extend(other.cell_confidences)


@dataclass
class _Columns:
    """Grid column index of each role; the note may take several trailing columns."""

    stt: Optional[int] = None
    indicator: Optional[int] = None
    unit: Optional[int] = None
    value: Optional[int] = None
    note: tuple[int, ...] = ()


def _role(text: str) -> Optional[str]:
    found = header_roles(text.split())
    return found[0][0] if found else None


def _header_words(cell: str) -> bool:
    """The cell holds header words only, a speck inside a name read through (`Đơn vị R tính`)."""
    words = cell.split()
    if header_words_only(words):
        return True
    named = {k for _, i, j in header_roles(words) for k in range(i, j)}
    rest = [w for k, w in enumerate(words) if k not in named and header_key(w)]
    return bool(named) and (not rest or header_words_only(rest))


def is_header_row(cells: Sequence[str]) -> bool:
    """Only header words (`STT`, `Chỉ tiêu thống kê`, `Đơn vị tính` …), or at least three cells that name a
    column (`Số TT` | `Tên chỉ tiêu` | `Đơn vị` | `Số liệu thống kê`) with no number among them."""
    filled = [c for c in cells if c]
    if not filled:
        return False
    if all(_header_words(c) for c in filled) or is_column_numbers(list(cells)):
        return True
    if cells[0] and not STT_TOKEN.match(cells[0]) and len(filled) >= 3 \
            and misread_stt_heading(cells[0], " ".join(filled[1:]).split()):
        return True
    roles = [_role(c) for c in filled]
    named = sum(r is not None for r in roles)
    # two names OCR garbled (`ĐGnV] tính`, `trếtquả`) beside STT, indicator and a third name
    return named >= 3 and (named >= len(filled) - 1 or {"stt", "indicator"} <= set(roles)) \
        and ("stt" in roles or "indicator" in roles) and not any(STT_TOKEN.match(c) for c in filled)


def _find_columns(header: Sequence[Sequence[str]], width: int) -> _Columns:
    """Each column takes the role of its lowest named header cell, so the `Đơn vị tính` / `Số liệu` row under a
    merged `Kết quả thống kê` wins over it; `Kết quả` alone names the value."""
    roles: list[Optional[str]] = []
    for j in range(width):
        role = None
        for row in reversed(header):
            if j < len(row) and row[j]:
                role = _role(row[j])
                if role:
                    break
        roles.append(role)
    if "value" not in roles:
        if "result" in roles:
            roles[roles.index("result")] = "value"
        else:  # a merged header over unit and an unnamed column: that column is the value
            for j, role in enumerate(roles):
                if role is None and j > 0 and roles[j - 1] == "unit":
                    roles[j] = "value"
                    break
    after_stt = roles.index("stt") + 1 if "stt" in roles else width
    if "indicator" not in roles and after_stt < width and roles[after_stt] is None and {"unit", "value"} & set(roles):
        roles[after_stt] = "indicator"  # its name garbled past reading (`Nội dun Š`)
    columns = _Columns()
    for j, role in enumerate(roles):
        if role == "note":
            columns.note += (j,)
        elif role in ("stt", "indicator", "unit", "value") and getattr(columns, role) is None:
            setattr(columns, role, j)
    return columns


def _stt_from_data(columns: _Columns, body: Sequence[Sequence[str]]) -> None:
    """The column before the indicator's is the STT's where the header did not name it (OCR read `STT` as `ST 1`)
    and most of its cells are numbers of a numbering (`1`, `1.2.`, `1.1. 2` wrapped) or its dashes."""
    j = columns.indicator - 1 if columns.indicator else None
    if columns.stt is not None or j is None or j in (columns.unit, columns.value, *columns.note):
        return
    cells = [row[j] for row in body if j < len(row) and row[j].strip()]
    numbered = sum(1 for cell in cells if STT_TOKEN.match(join_stt(cell)) or cell.strip() in STT_DASHES)
    if len(cells) >= 3 and numbered >= SETTINGS.reader.stt_column_share * len(cells):
        columns.stt = j


def _unit_and_value_from_data(columns: _Columns, body: Sequence[Sequence[str]], width: int) -> None:
    """The unit and value columns as the cells down the table say, where that is plain (most cells of one column
    known units, of another figures) and the header's names say otherwise or nothing (a header OCR misread)."""
    def share(j: Optional[int], fit, need: float = 1.0) -> float:
        cells = [row[j] for row in body if j is not None and j < len(row) and row[j].strip()]
        return sum(fit(cell) >= need for cell in cells) / len(cells) if len(cells) >= 3 else 0.0

    def units(j: Optional[int]) -> float:
        # a cell holding a unit that also ends indicators (`Văn bản`), or a piece of a coded one, alone: a unit's
        return share(j, unit_fit, 0.5)

    def numbering(cell: str) -> float:  # an STT column the header did not name (`1.`, `2.1.`) holds no values
        return 1.0 if STT_TOKEN.match(cell) and "." in cell else 0.0

    if units(columns.unit) >= 0.5 and share(columns.value, value_fit) >= 0.5:
        return  # the header's names and the cells agree
    free = [j for j in range(width) if j not in (columns.stt, columns.indicator, *columns.note)
            and share(j, numbering) < 0.5]
    if len(free) < 2:
        return
    unit_share = {j: units(j) for j in free}
    value_share = {j: share(j, value_fit) for j in free}
    unit, value = max(free, key=unit_share.get), max(free, key=value_share.get)
    if unit != value and unit_share[unit] >= 0.5 and value_share[value] >= 0.5:
        columns.unit, columns.value = unit, value


def _header_span(rows: Sequence[Sequence[str]]) -> Optional[tuple[int, int]]:
    """(first, end) of the header block within the first rows, or None."""
    for start in range(min(len(rows), 6)):
        if not is_header_row(rows[start]):
            continue
        if not any(_role(c) in ("stt", "indicator") for c in rows[start] if c):
            continue
        end = start + 1
        while end < len(rows) and (is_header_row(rows[end]) or is_column_numbers(list(rows[end]))):
            end += 1
        return start, end
    return None


def _looks_like_stats_body(rows: Sequence[Sequence[str]]) -> bool:
    """No header: a table of at least four columns whose first column holds STT numbers."""
    first = [r[0] for r in rows if r and any(r)]
    numbered = [c for c in first if STT_TOKEN.match(c)]
    return bool(first) and len(rows[0]) >= 4 and len(numbered) >= max(2, len(first) // 2)


def _get(cells: Sequence[str], index: Optional[int]) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def is_stats_table(table: GridTable) -> bool:
    rows = table.rows
    span = _header_span(rows)
    if span is not None:
        return _find_columns(rows[span[0]:span[1]], max(len(r) for r in rows)).indicator is not None
    return _looks_like_stats_body(rows)


def continues(previous: GridTable, grid: GridTable, adjacent: bool) -> bool:
    """A grid with the columns of the one before and no header of its own other than a repeat, which opens the
    page after the one that grid closed, or (where the source has no pages) comes straight after it: the same
    table, cut by a page break or by a line the writer put between (a DOCX table split in two)."""
    if not previous.rows or not grid.rows or len(previous.rows[0]) != len(grid.rows[0]):
        return False
    if previous.pages[-1] is None or grid.pages[0] is None:
        if not adjacent:
            return False
    elif grid.pages[0] != previous.pages[-1] + 1:
        return False
    first = next((r for r in grid.rows if any(r)), [])
    return not (is_header_row(first) and _header_span(grid.rows) is not None and grid.label is not None)


def rows_from_grid(table: GridTable) -> list[CellRow]:
    """The table's rows as CellRows; none when it is no statistics table (a layout table of the header or the
    signature block)."""
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    span = _header_span(rows)
    label = table.label
    if span is not None:
        start, end = span
        if label is None:  # a title row merged across the table above its header
            label = next((found for r in rows[:start] for c in r if c and (found := table_label(c))), None)
        columns = _find_columns(rows[start:end], width)
        if columns.indicator is None:
            return []
        body_start = end
        head = [[re.sub(r"\W", "", c) for c in r] for r in rows[start:end]]
    elif _looks_like_stats_body(rows):
        columns, body_start, head = _Columns(0, 1, 2, 3, tuple(range(4, width))), 0, []
    else:
        return []
    _stt_from_data(columns, rows[body_start:])
    _unit_and_value_from_data(columns, rows[body_start:], width)
    out: list[CellRow] = []
    breakdown = False
    after_break = False
    claimed = {columns.stt, columns.indicator, columns.unit, columns.value, *columns.note}
    for k in range(body_start, len(rows)):
        cells = rows[k]
        after_break = after_break or k in table.breaks
        if not any(cells) or is_column_numbers(cells) or _repeats(cells, head) \
                or is_header_row(cells) and not (after_break and _rest_of_row(cells, columns)):
            continue
        stt = _get(cells, columns.stt)
        indicator = _get(cells, columns.indicator)
        unit = _get(cells, columns.unit)
        value = _get(cells, columns.value)
        note = " ".join(cells[j] for j in columns.note if j < len(cells) and cells[j])
        # text in columns no role claims (a section title merged across the row) is the indicator's
        stray = " ".join(c for j, c in enumerate(cells) if j not in claimed and c)
        if stray and not indicator:
            indicator = stray
        stt, indicator = _read_stt(stt, indicator)
        marker = TRONG_DO.match(indicator) if not stt else None
        if marker:
            breakdown = True
            indicator = indicator[marker.end():].strip()
            if not (indicator or unit or value or note):
                continue  # the `Trong đó:` row itself
        page = table.pages[k] if k < len(table.pages) else None
        value_sure = _of_cell(table.cell_confidences, k, columns.value, 1.0)
        cut_by_break, after_break = after_break, False
        if not stt and out and (not indicator or _goes_on(indicator) or cut_by_break
                                and _goes_on_past_break(out[-1], indicator, unit, value)):
            # the rest of the row above: a row a page break cut, cells the source put in a row of their own
            _append_rest(out[-1], indicator, unit, value, note, value_sure)
            continue
        if cut_by_break and stt and _wrapped_over_break(out, stt):
            # the rest of an STT a narrow column wrapped, past the break with the rest of its row (`10.2.` / `2.`)
            out[-1].stt = join_wrapped_stt([out[-1].stt, stt])
            _append_rest(out[-1], indicator, unit, value, note, value_sure)
            continue
        if stt and stt != "-":
            breakdown = False
        out.append(CellRow(stt=stt, indicator=indicator, unit=unit, value=value, note=note, table=label,
                           page=page, line=table.lines[k] if k < len(table.lines) else None,
                           breakdown=breakdown and not stt, bbox=table.boxes[k] if k < len(table.boxes) else None,
                           word_confidence=table.confidences[k] if k < len(table.confidences) else 1.0,
                           value_box=_of_cell(table.cell_boxes, k, columns.value), value_ruled=True,
                           value_confidence=value_sure))
    return out


def _append_rest(row: CellRow, indicator: str, unit: str, value: str, note: str, value_confidence: float) -> None:
    """The row goes on with these cells' texts (a row the page break or the source cut), each joined on as a cell's
    next line is (`152/QĐ` / `-UBND`)."""
    for name, piece in (("indicator", indicator), ("unit", unit), ("value", value), ("note", note)):
        if piece:
            setattr(row, name, add_cell_line(getattr(row, name), piece))
    if value:
        row.value_confidence = min(row.value_confidence, value_confidence)


def _goes_on_past_break(previous: CellRow, indicator: str, unit: str, value: str) -> bool:
    """The first row of a page, without STT, goes on with the row above by its unit and value: it has neither, or
    its unit completes or goes on from the unit above, or its value ends a computation left open (`76/92=` /
    `83%`). An indicator that opens a text of its own (`- Cấp xã`, `Cấp xã`, `Giải quyết …` after `Trả qua
    BCCI`: the words do not go on) is a row of its own."""
    if DASH_LINE.match(indicator) or join_vote(previous.indicator, indicator) < 0:
        return False
    return not (unit or value) or _completes(previous.unit, unit) or _goes_on(unit) \
        or bool(value) and bool(OPEN_COMPUTATION.search(previous.value))


def _rest_of_row(cells: Sequence[str], columns: _Columns) -> bool:
    """Past a page break, a row without STT whose indicator, if any, goes on in lower case and whose cells name
    no column (as a header prints a name: capitalised): the rest of the row the break cut, though a header may
    print such words (`hiện` of `Đã thực` / `hiện`, `dụng (trong kỳ báo cáo)`, `đơn vị`)."""
    indicator = _get(cells, columns.indicator)
    return not _get(cells, columns.stt) and (not indicator or _goes_on(indicator)) \
        and all(_role(c) is None or c[:1].islower() for c in cells if c)


def _wrapped_over_break(out: Sequence[CellRow], tail: str) -> bool:
    """The STT of the first row past a page break is the rest of the one above it: the two read as one number the
    numbering goes on with, where the one above alone does not (`1.4.1`, `1.4.` / `2.` is `1.4.2`)."""
    if not out or not out[-1].stt or out[-1].stt == "-" or not STT_TAIL.match(tail):
        return False
    before = next((row.stt for row in reversed(out[:-1]) if row.stt and row.stt != "-"), None)
    if parse_stt(out[-1].stt) is None or before is not None and parse_stt(before) is None:
        return False  # a section's roman number heads no wrapped one
    return follows(before, join_wrapped_stt([out[-1].stt, tail])) and not follows(before, out[-1].stt)


def _of_cell(by_row: list[list], k: int, column: Optional[int], default=None):
    """What `by_row` (a list per row, an item per column: boxes, confidences) holds for row k's cell in `column`."""
    cells = by_row[k] if k < len(by_row) else []
    return cells[column] if column is not None and column < len(cells) else default


def _repeats(cells: Sequence[str], head: Sequence[Sequence[str]]) -> bool:
    """The row repeats a header row cell by cell, maybe cut short where a repeated header's box clipped it, or
    with a letter OCR slipped on in a name (`Đơnvj tính` for `Đơn vị tính`)."""
    letters = [_NOT_WORD.sub("", c) for c in cells]
    if not any(letters):
        return False

    def same(c: str, p: str) -> bool:
        slips = len(p) // SETTINGS.reader.header_slip_letters
        return p.startswith(c) and (len(c) >= 2 or c == p) or Levenshtein.distance(c, p, score_cutoff=slips) <= slips
    return any(len(printed) == len(letters) and all(not c or same(c, p) for c, p in zip(letters, printed))
               for printed in head)


def _completes(unit: str, rest: str) -> bool:
    """`rest` is the rest of a unit begun above (`Số hồ` / `sơ đã giải quyết`): together they read as a known
    unit and apart neither does."""
    return bool(unit and rest) and unit_fit(f"{unit} {rest}") == 1.0 and max(unit_fit(unit), unit_fit(rest)) < 1.0


def _goes_on(indicator: str) -> bool:
    """An indicator cell starting in lower case continues the row above (indicators start with a capital;
    `a) …` is an item of its own)."""
    if re.match(r"^\p{Ll}[).]\s", indicator):
        return False
    first = indicator.lstrip(" (\"'“")[:1]
    return first.isalpha() and first.islower()


_STT_MISREAD = re.compile(r"[.,:;'`]\s*\d+(?:\.\d+)*\.?|\d+(?:\.\d+)*\.?(?:\s+\d+(?:\.\d+)*\.?)+")


def _read_stt(stt: str, indicator: str) -> tuple[str, str]:
    """The STT cell as printed; a `- ` indicator is a dash row; text in the STT cell that is not an STT (a title
    merged across the row, a shifted cell) goes back to the indicator."""
    if stt in STT_DASHES:
        return "-", indicator
    stt = join_stt(stt)
    if _STT_MISREAD.fullmatch(stt):
        # one STT cell of numbers only, OCR's speck before it or a dot read as a space (`.11`, `13 1.1`)
        stt = re.sub(r"\.?\s+", ".", stt.lstrip(".,:;'` "))
    if stt and not STT_TOKEN.match(stt):
        match = STT_LINE.match(stt)
        if match and match.group("rest").strip():
            return match.group("stt").rstrip("."), f"{match.group('rest').strip()} {indicator}".strip()
        if re.fullmatch(r"\d[\d.,:;]*", stt):
            return stt.strip(" .,:;"), indicator  # a number read badly (OCR's `14:3:`): the numbering reads it
        return "", f"{stt} {indicator}".strip()
    if not stt:
        dash = DASH_LINE.match(indicator)
        if dash:
            return "-", dash.group("rest").strip()
    return stt.rstrip("."), indicator

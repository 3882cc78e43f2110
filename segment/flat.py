"""Table rows from flattened text: the lines a PDF's text layer, OCR or a `.txt` file gives, with no positions.

A table starts at its header (STT … Chỉ tiêu … Đơn vị tính … Số liệu … Ghi chú), labelled by the `Phụ lục` /
`Biểu mẫu` line above it. Inside it, a line that begins with an STT starts a row; the lines that follow continue
that row's cells until the next STT. Header rows repeated at page breaks are skipped, so a cell cut by the break
simply continues. A `Trong đó` marker opens breakdown sub-rows that have no STT."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex as re

from normalize.text import join_cell_lines
from segment.cells import CellRow
from segment.cellsplit import VALUE_ONLY, YEAR_ONLY, completes_unit, split_line
from segment.stt import SttTracker, is_stt, parse_stt
from segment.vocab import (
    CODE_START,
    WEAK_UNITS,
    DASH_LINE,
    LABEL,
    STT_LINE,
    is_coded_fragment,
    is_header_line,
    is_unit_fragment,
    is_usage_note_start,
    looks_like_code_tail,
    skeleton,
    starts_header,
)

_END = re.compile(
    r"^\s*(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|[\w.+-]+@[\w-]+\.[\w.]+\s*$|\**\s*(?:nơi nhận|tm\.|kt\.)|"
    r"người lập biểu|người lập|thủ trưởng đơn vị)",
    re.IGNORECASE,
)
_TRONG_DO = re.compile(r"^\s*trong\s*(?:đó)?\s*:?\s*$", re.IGNORECASE)
_DO = re.compile(r"^\s*đó\s*:?\s*$", re.IGNORECASE)
_LONE_INT = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass
class Line:
    text: str
    page: Optional[int]
    index: int


@dataclass
class _Row:
    cell: CellRow
    empty_after: int = 0  # empty cells the head line's trailing spaces announced
    last: str = "indicator"  # the cell that last received text
    list_next: int = 0  # inside a numbered list held in the value cell: the next item number
    text_value: bool = False  # the value cell holds running text
    indicator_closed: bool = False  # the head line's trailing spaces said the cells after the indicator are empty
    weak_unit: str = ""  # the indicator's last words, a weak unit: the unit cell after all if a note follows


def _clean(text: str) -> str:
    return text.replace("**", "").replace("\u00a0", " ")


def _append(cell: CellRow, name: str, text: str) -> None:
    if text.strip():
        setattr(cell, name, join_cell_lines([getattr(cell, name), text]))


@dataclass
class _Table:
    label: Optional[str]
    tabbed: bool
    rows: list[_Row] = field(default_factory=list)


def find_label(lines: Sequence[Line], header_at: int) -> Optional[str]:
    """The `Phụ lục …` / `Biểu mẫu N` line just above a header (within a few lines)."""
    seen = 0
    for i in range(header_at - 1, max(-1, header_at - 16), -1):
        text = _clean(lines[i].text).strip()
        if not text:
            continue
        seen += 1
        if seen > 4:
            break
        match = LABEL.match(text)
        if match:
            label = " ".join(match.group("label").split())
            rest = text[match.end():].strip(" :.-*")
            # `BIỂU MẪU THỐNG KÊ …` is a title; a label has a number or stands alone
            if re.search(r"\d|\b[IVX]+$", label) or not rest:
                return label
    return None


def _header_span(lines: Sequence[Line], i: int) -> int:
    """Index after the header block starting at line i."""
    j = i + 1
    in_usage_note = False
    while j < len(lines):
        text = _clean(lines[j].text)
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
        if is_header_line(text) and not STT_LINE.match(text.replace("\t", " ")):
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
        if _LONE_INT.match(lines[text_at].text) or not _LONE_INT.match(lines[mark_at].text):
            break
        if STT_LINE.match(lines[text_at].text) or len(lines[text_at].text.strip()) < 8:
            break
        found.update((text_at, mark_at))
        filled = filled[:-2]
    return found


def segment_lines(lines: Sequence[Line]) -> list[CellRow]:
    """Every table row in the document's lines, in order."""
    skip = _footnote_lines(lines)
    lines = [line if k not in skip else Line(text="", page=line.page, index=line.index)
             for k, line in enumerate(lines)]
    rows: list[CellRow] = []
    i = 0
    table: Optional[_Table] = None
    builder: Optional[_Builder] = None
    while i < len(lines):
        text = _clean(lines[i].text)
        if starts_header(text.replace("\t", " ")):
            label = find_label(lines, i)
            end = _header_span(lines, i)
            if builder is None or label is not None:
                if builder:
                    rows.extend(builder.finish())
                table = _Table(label=label, tabbed="\t" in text)
                builder = _Builder(table)
            else:
                builder.drop_page_number()
            i = end
            continue
        if builder is not None:
            if _END.match(text) or LABEL.match(text.strip()) and _next_is_header(lines, i):
                rows.extend(builder.finish())
                builder = None
            else:
                builder.feed(lines, i)
        i += 1
    if builder:
        rows.extend(builder.finish())
    return rows


def _next_is_header(lines: Sequence[Line], i: int) -> bool:
    seen = 0
    for j in range(i + 1, min(i + 16, len(lines))):
        text = _clean(lines[j].text)
        if not text.strip():
            continue
        if starts_header(text.replace("\t", " ")):
            return True
        seen += 1
        if seen >= 3:
            break
    return False


class _Builder:
    def __init__(self, table: _Table):
        self.table = table
        self.rows: list[_Row] = []
        self.stt = SttTracker()
        self.breakdown = False
        self.pending_marker: Optional[Line] = None

    # -- rows
    def _start(self, line: Line, stt: str, rest: str, breakdown: bool = False) -> None:
        cell = CellRow(stt=stt, table=self.table.label, page=line.page, line=line.index, breakdown=breakdown)
        row = _Row(cell=cell)
        self.rows.append(row)
        if rest.strip():
            parts = split_line(rest)
            cell.indicator, cell.unit, cell.value, cell.note = parts.indicator, parts.unit, parts.value, parts.note
            row.empty_after = parts.empty_after
            row.last = "note" if parts.note else "value" if parts.value else "unit" if parts.unit else "indicator"
            row.indicator_closed = row.last == "indicator" and parts.empty_after >= 1
            row.weak_unit = parts.weak_unit
        if stt and stt != "-":
            self.stt.accept(stt)

    @property
    def current(self) -> Optional[_Row]:
        return self.rows[-1] if self.rows else None

    def drop_page_number(self) -> None:
        """A lone number right before a repeated header was the page number: undo what it did."""
        return None

    def finish(self) -> list[CellRow]:
        out = []
        for row in self.rows:
            cell = row.cell
            if not (cell.indicator or cell.unit or cell.value or cell.note):
                continue
            out.append(cell)
        return out

    # -- lines
    def feed(self, lines: Sequence[Line], i: int) -> None:
        line = lines[i]
        text = _clean(line.text)
        if not text.strip():
            return
        if self.table.tabbed and "\t" in text:
            self._feed_tabbed(line, text)
            return
        flat = text.replace("\t", " ")
        if _TRONG_DO.match(flat) or (re.match(r"^\s*trong\s*$", flat, re.IGNORECASE) and _peek(lines, i, _DO)):
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
        if row is not None and row.list_next and match:
            _append(row.cell, "value", flat)
            row.last = "value"
            return
        dash = DASH_LINE.match(flat)
        if row is not None and not self.breakdown and row.cell.unit and not row.cell.value \
                and row.empty_after == 0 and row.last == "unit" and (dash or len(flat.strip()) > 30) \
                and not is_coded_fragment(flat):
            row.cell.value = flat.strip()  # the value cell holds text (`- Tỷ lệ hồ sơ … đạt 100%`)
            row.last = "value"
            row.text_value = True
            return
        if row is not None and row.text_value and row.last == "value" and not match:
            _append(row.cell, "value", flat)
            return
        if dash and self._dash_is_row(row):
            self._start(line, "-", dash.group("rest"), breakdown=self.breakdown)
            return
        if self.breakdown and self._starts_subrow(flat, row):
            self._start(line, "", flat, breakdown=True)
            return
        if row is None:
            return
        nxt = _next_text(lines, i)
        if _LONE_INT.match(flat) and nxt is not None and starts_header(nxt.replace("\t", " ")):
            return  # the page number above a repeated header
        self._continue(row, flat, nxt.replace("\t", " ").strip() if nxt else None)

    def _feed_tabbed(self, line: Line, text: str) -> None:
        cells = [c.strip() for c in text.split("\t")]
        cells += [""] * (5 - len(cells))
        stt, indicator, unit, value = cells[0], cells[1], cells[2], cells[3]
        note = " ".join(c for c in cells[4:] if c)
        if not (stt or indicator) and self.current is not None:
            for name, piece in (("unit", unit), ("value", value), ("note", note)):
                _append(self.current.cell, name, piece)
            return
        if stt and not is_stt(stt) and stt not in "-–+":
            indicator = f"{stt} {indicator}".strip()
            stt = ""
        cell = CellRow(stt="-" if stt in "–+" and stt else stt.rstrip("."), indicator=indicator, unit=unit,
                       value=value, note=note, table=self.table.label, page=line.page, line=line.index,
                       breakdown=not stt)
        self.rows.append(_Row(cell=cell))
        if stt and stt not in "-–+":
            self.stt.accept(stt.rstrip("."))

    def _is_row_start(self, lines: Sequence[Line], i: int, stt: str, rest: str) -> bool:
        stt_printed, stt = stt, stt.rstrip(".")
        row = self.current
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
            nxt = _next_text(lines, i)
            if nxt is None or STT_LINE.match(nxt.replace("\t", " ")) or starts_header(nxt.replace("\t", " ")):
                return False  # footnote marker or page number: no indicator follows
            if open_value and re.fullmatch(r"\d+", stt_printed.strip()):
                return False  # the value of the open row (an STT alone on its line ends with a dot)
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

    def _dash_is_row(self, row: Optional[_Row]) -> bool:
        if row is None:
            return True
        if self.breakdown or row.cell.stt == "-":
            return True
        cell = row.cell
        return not cell.unit and not cell.value  # under a heading row

    def _starts_subrow(self, text: str, row: Optional[_Row]) -> bool:
        stripped = text.strip()
        if not stripped or not (stripped[0].isupper() or stripped[0] == "-"):
            return False
        if row is not None and (is_unit_fragment(stripped, row.cell.unit if row.last == "unit" else "")
                                or looks_like_code_tail(stripped) or VALUE_ONLY.match(stripped)):
            return False
        if row is not None and row.cell.unit and is_coded_fragment(stripped) and not row.cell.value:
            return False
        return True

    def _continue(self, row: _Row, text: str, nxt: Optional[str] = None) -> None:
        cell = row.cell
        stripped = text.strip()
        if row.list_next:
            if len(stripped) <= 12 and not re.search(r":\s*\d", stripped):
                _append(cell, "note", stripped)
                row.last = "note"
            else:
                _append(cell, "value", stripped)
                row.last = "value"
            return
        if not cell.unit and not cell.value and row.last == "indicator" and looks_like_code_tail(stripped):
            label = _CODE_LABEL_END.search(cell.indicator)
            if label:
                # `… kỷ cương hành Có ban hành` + `chính KH = 1`: the coded unit began after the indicator's words on
                # the line above; this line holds the rest of both cells, in column order
                cell.indicator = cell.indicator[: label.start()].rstrip()
                lead = _LOWER_LEAD.match(stripped)
                tail = stripped
                if lead:
                    _append(cell, "indicator", lead.group(0))
                    tail = stripped[lead.end():]
                cell.unit = join_cell_lines([label.group(0), tail])
                row.last = "unit"
                return
        if cell.unit.rstrip().endswith(("=", ":")) and re.fullmatch(r"\d", stripped):
            _append(cell, "unit", stripped)  # `Trực tuyến =` / `0`: the code wrapped alone
            return
        if not cell.unit and not cell.value and _LONE_INT.match(stripped) and len(stripped) <= 2:
            return  # a footnote marker after a heading row
        if re.fullmatch(r"\p{Lu}[\p{L} ]{0,30}[=:]", stripped) and not cell.value and (
                stripped.endswith("=") or nxt is not None and re.match(r"\d\b\s*[;,.]?(?:\s|$)", nxt)):
            # `Trực tuyến =`, `Có tiết kiệm:` + `1; Không tiết`: a coded unit begins, its code wraps
            _append(cell, "unit", stripped)
            row.last = "unit"
            return
        if VALUE_ONLY.match(stripped) and not (not cell.unit and YEAR_ONLY.match(stripped) and row.last == "indicator"):
            if not cell.value:
                cell.value = stripped
                row.last = "value"
                return
            if row.last == "value":
                _append(cell, "value", stripped)
                return
        coded = _split_coded(stripped)
        dangling = row.last == "unit" and re.search(r"[=:]", cell.unit) and not re.search(r"\d\W*$", cell.unit)
        if coded is not None and not cell.value and not dangling:
            head, tail = coded
            _append(cell, "indicator", head)
            _append(cell, "unit", tail)
            row.last = "unit"
            return
        # the rest of a unit cut by a wrap or a page break: `vị`, `sơ`, `= 0`, `Không = 0`
        completed = completes_unit(cell.unit, stripped) if row.last == "unit" or cell.unit else None
        if completed is not None and (not cell.value or row.last in ("unit", "value")):
            head, tail = completed
            _append(cell, "indicator", head)
            _append(cell, "unit", tail)
            row.last = "unit"
            return
        if not cell.value and (is_unit_fragment(stripped, cell.unit if row.last == "unit" else "")
                               or (cell.unit and row.last == "unit" and (is_coded_fragment(stripped)
                                                                         or looks_like_code_tail(stripped)))):
            weak_alone = row.last == "indicator" and stripped in WEAK_UNITS | {"TTHC"} and nxt is not None and (
                nxt.strip() == "%" or is_unit_fragment(nxt))
            if not (row.last == "indicator" and stripped[0].islower()) and not weak_alone:
                _append(cell, "unit", stripped)
                row.last = "unit"
                return
        if row.last == "unit" and re.search(r"[=:;]", cell.unit) and "=" not in stripped and nxt is not None \
                and looks_like_code_tail(nxt) and len(stripped) <= 24:
            _append(cell, "unit", stripped)  # `Chưa kết nối` + next line `= 0`
            return
        if row.last == "unit" and not cell.value and re.search(r"[=:;]", cell.unit) and len(stripped) <= 24 \
                and not cell.unit.rstrip().endswith(tuple("0123456789")) or (
                row.last == "unit" and not cell.value and cell.unit.rstrip().endswith(";")):
            _append(cell, "unit", stripped)
            return
        if not cell.unit and not cell.value and "=" not in stripped and nxt is not None \
                and looks_like_code_tail(nxt) and not looks_like_code_tail(stripped) and len(stripped) <= 24 \
                and stripped[0].isupper():
            _append(cell, "unit", stripped)  # `Không đúng quy` + next line `định = 0`
            row.last = "unit"
            return
        if row.indicator_closed and row.last in ("indicator", "note") and len(stripped) <= 20 \
                and not VALUE_ONLY.match(stripped):
            _add_note(row, stripped)  # a note box after a row whose other cells are empty
            return
        if row.last == "indicator" and not cell.unit and not cell.value:
            parts = split_line(text)
            _append(cell, "indicator", parts.indicator)
            _append(cell, "unit", parts.unit)
            _append(cell, "value", parts.value)
            _append(cell, "note", parts.note)
            row.last = "note" if parts.note else "value" if parts.value else "unit" if parts.unit else "indicator"
            row.empty_after = parts.empty_after
            return
        # the indicator is closed: this is a later cell, or the indicator's last words that the layout put after
        # its unit and value (a long lower-case line), or a note
        if (stripped[0].islower() and row.last != "note" and len(stripped) > 20 and not cell.note) or (
                len(stripped) > 30 and not cell.note):
            parts = split_line(text)
            _append(cell, "indicator", parts.indicator)
            _append(cell, "unit", parts.unit)
            _append(cell, "value", parts.value)
            _append(cell, "note", parts.note)
            return
        if not cell.value and cell.unit and row.empty_after == 0 and row.last == "unit":
            parts = split_line(text)
            if parts.value and not parts.indicator:
                cell.value = parts.value
                _append(cell, "note", parts.note)
                row.last = "note" if parts.note else "value"
                return
            if is_coded_fragment(stripped):
                _append(cell, "unit", stripped)
                return
        _add_note(row, stripped)


# a code's label begun after an indicator's words: a capitalised word after a lower-case one, up to the end
_CODE_LABEL_END = re.compile(r"(?<=\p{Ll},?\s+)\p{Lu}\p{Ll}*(?:\s+\p{Ll}+){0,3}$")
# lower-case words before an abbreviation that continues a code's label (`chính` before `KH = 1`)
_LOWER_LEAD = re.compile(r"^(?:\p{Ll}+\s+)+(?=\p{Lu}{2,}\s*=)")


def _add_note(row: _Row, text: str) -> None:
    cell = row.cell
    weak = row.weak_unit
    if weak and not cell.unit and not cell.value and not cell.note and cell.indicator.endswith(" " + weak):
        # a note after the row: the unit cell ended with the weak unit the trailing spaces had put in the indicator
        cell.indicator, cell.unit = cell.indicator[: -len(weak)].rstrip(), weak
    _append(cell, "note", text)
    row.last = "note"


def _split_coded(text: str) -> Optional[tuple[str, str]]:
    """`doanh nghiệp Có = 1`: an indicator's last words, then a coded unit, on one line."""
    if not text or not text[0].islower():
        return None
    match = CODE_START.search(text)
    if match is None or match.start() == 0 or re.search(r"[=:]\s*\d", text[: match.start()]):
        return None
    return text[: match.start()].strip(), text[match.start():].strip()


def _next_text(lines: Sequence[Line], i: int) -> Optional[str]:
    for j in range(i + 1, min(i + 8, len(lines))):
        text = _clean(lines[j].text)
        if text.strip():
            return text
    return None


def _peek(lines: Sequence[Line], i: int, pattern: re.Pattern) -> bool:
    nxt = _next_text(lines, i)
    return nxt is not None and bool(pattern.match(nxt))


def segment_text(text_lines: Sequence[tuple[str, Optional[int]]]) -> list[CellRow]:
    return segment_lines([Line(text=t, page=p, index=k) for k, (t, p) in enumerate(text_lines)])


__all__ = ["Line", "segment_lines", "segment_text", "find_label", "skeleton"]

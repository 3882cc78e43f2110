"""Which cell a continuation line of a flattened table row belongs to.

A row's cells wrap onto the lines after its STT line, and a page break can push any cell's last words past the
repeated header. Each line that starts no row is judged here against what the row holds so far: the unit's
vocabulary and coded-unit shapes, value shapes, and the order of the cells (indicator, unit, value, note)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex as re

from baocao.normalize.text import add_cell_line, join_cell_lines
from baocao.segment.cells import CellRow
from baocao.segment.cellsplit import VALUE_ONLY, YEAR_ONLY, completes_unit, split_line
from baocao.segment.vocab import (
    CODE_START,
    WEAK_UNITS,
    is_coded_fragment,
    is_unit_fragment,
    looks_like_code_tail,
)

LONE_INT = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass
class OpenRow:
    cell: CellRow
    empty_after: int = 0  # empty cells the head line's trailing spaces announced
    last: str = "indicator"  # the cell that last received text
    list_next: int = 0  # inside a numbered list held in the value cell: the next item number
    text_value: bool = False  # the value cell holds running text
    indicator_closed: bool = False  # the head line's trailing spaces said the cells after the indicator are empty
    after_break: bool = False  # a page break (a repeated header) came since the row's last line
    weak_unit: str = ""  # the indicator's last words, a weak unit: the unit cell after all if a note follows
    indicator_open: bool = False  # the indicator's last line filled its column: its next words are still to come
    indicator_width: int = 0  # the table's indicator column width in characters (0: unknown)
    continued: int = 0  # lines that continued this row so far


def append(cell: CellRow, name: str, text: str) -> None:
    if text.strip():
        setattr(cell, name, add_cell_line(getattr(cell, name), text))


def continue_row(row: OpenRow, text: str, nxt: Optional[str] = None, footnotes: frozenset[str] = frozenset()) -> None:
    """Put a line that starts no row into the cell of `row` it continues; `nxt` is the next non-empty line,
    `footnotes` the numbers of the footnotes the document ends with (their markers follow heading rows)."""
    cell = row.cell
    stripped = text.strip()
    if row.list_next:
        # a numbered list in the value cell: its items end `…: 6`; after a complete item, a capitalised line or a
        # short one is the note beside the list
        item_done = bool(re.search(r":\s*\d+\s*$", cell.value))
        if row.last == "note" or (len(stripped) <= 12 or item_done and stripped[:1].isupper()) \
                and not re.search(r":\s*\d", stripped):
            append(cell, "note", stripped)
            row.last = "note"
        else:
            append(cell, "value", stripped)
            row.last = "value"
        return
    if cell.note and re.search(r"\S\s{2,}\S", stripped):
        # `vị  cáo cho cấp xã`: the unit's (or indicator's) next words, then the note's after a wide gap
        head, rest = re.split(r"\s{2,}", stripped, maxsplit=1)
        if cell.unit and is_unit_fragment(head, cell.unit):
            append(cell, "unit", head)
            append(cell, "note", rest)
            return
        if row.indicator_open or head[:1].islower() or head[:1] == "(":
            append(cell, "indicator", head)
            append(cell, "note", rest)
            row.indicator_open = fills_column(head, row.indicator_width)
            return
    dangling = re.search(r"[=:]$", cell.unit.rstrip())
    code = re.match(r"(?P<head>(?:[^\d\s=:]+\s+)*?)(?P<code>\d\b[;,.]?\s+\p{Lu}.*)$", stripped)
    if dangling and code and row.last == "unit" and not cell.value:
        # `UBND cấp xã 1 Không đúng 1` under `… Đúng quy định:`: the indicator's next words, the code that
        # closes the label and the next label, then the value that sits on this line
        append(cell, "indicator", code.group("head"))
        rest = code.group("code")
        value = re.search(r"(?<=\p{L})\s+(\d[\d.,]*%?)$", rest)
        if value:
            rest, cell.value, row.last = rest[: value.start()], value.group(1), "value"
        append(cell, "unit", rest)
        return
    tail = re.search(r"(?:^|\s)([=:]\s*\d\b[^=:]*)$", stripped)
    if tail and re.search(r"[=:]\s*\d", cell.unit) and not re.search(r"[\d=:]\W*$", cell.unit) \
            and len(stripped[: tail.start()].split()) >= 4 and not re.search(r"[=:]", stripped[: tail.start()]) \
            and row.last in ("unit", "value"):
        # `phục vụ của cơ quan hành chính nhà nước = 0` under `Có = 1; Không`: more words than a code's label
        # holds: the indicator's next words, then the code that closes the unit
        append(cell, "indicator", stripped[: tail.start()])
        append(cell, "unit", tail.group(1))
        return
    if re.search(r"[=:]\s*\d", cell.unit) and row.last in ("unit", "value") and not row.list_next and (
            _ALL_CODES.fullmatch(stripped) or looks_like_code_tail(stripped) and not re.search(r"\d\W*$", cell.unit)):
        # `Phát phiếu = 1 Kết hợp = 2`, or `= 0` after `Có = 1; Không`: the coded unit goes on, whatever the line
        # before put in the value cell
        append(cell, "unit", stripped)
        return
    if not cell.unit and (not cell.value and row.last == "indicator" or row.last == "value") \
            and looks_like_code_tail(stripped):
        label = _CODE_LABEL_END.search(cell.indicator)
        if label:
            # `… kỷ cương hành Có ban hành` + `chính KH = 1`: the coded unit began after the indicator's words on
            # the line above; this line holds the rest of both cells, in column order (a label that ends in an
            # abbreviation, `Có ban hành KH`, is whole: the words before `=` are the indicator's)
            cell.indicator = cell.indicator[: label.start()].rstrip()
            lead = _LOWER_LEAD.match(stripped)
            if lead is None and re.search(r"\p{Lu}{2,}$", label.group(0)):
                lead = re.match(r"[^=:]*?(?=\s*[=:])", stripped)
            tail = stripped
            if lead:
                append(cell, "indicator", lead.group(0))
                tail = stripped[lead.end():]
            cell.unit = join_cell_lines([label.group(0), tail])
            row.last = "unit"
            return
    if cell.unit.rstrip().endswith(("=", ":")) and re.fullmatch(r"\d", stripped):
        append(cell, "unit", stripped)  # `Trực tuyến =` / `0`: the code wrapped alone
        return
    if not cell.unit and not cell.value and footnotes and LONE_INT.match(stripped) \
            and int(stripped) <= max(int(f) for f in footnotes) + 1:
        return  # a footnote marker after a heading row (markers run on past the footnotes found at the end)
    if re.fullmatch(r"\p{Lu}[\p{L} ]{0,30}[=:]", stripped) and not cell.value and (
            stripped.endswith("=") or nxt is not None and re.match(r"\d\b\s*[;,.]?(?:\s|$)", nxt)):
        # `Trực tuyến =`, `Có tiết kiệm:` + `1; Không tiết`: a coded unit begins, its code wraps
        append(cell, "unit", stripped)
        row.last = "unit"
        return
    if VALUE_ONLY.match(stripped) and not (not cell.unit and YEAR_ONLY.match(stripped) and row.last == "indicator"):
        if not cell.value:
            cell.value = stripped
            row.last = "value"
            return
        if row.last == "value":
            append(cell, "value", stripped)
            return
    coded = _split_coded(stripped)
    dangling = row.last == "unit" and re.search(r"[=:]", cell.unit) and not re.search(r"\d\W*$", cell.unit)
    if coded is not None and not cell.value and not dangling:
        head, tail = coded
        append(cell, "indicator", head)
        append(cell, "unit", tail)
        row.last = "unit"
        return
    if cell.unit and row.last == "value" and re.fullmatch(r"\d", cell.value) and not cell.note \
            and re.search(r"[=:]\s*\d", cell.unit) and stripped[0].islower() and looks_like_code_tail(stripped):
        # `Chưa có = 0 2` / `cấp = 1 3 cấp`: the number began the next code's label (`2 cấp = 1`)
        append(cell, "unit", cell.value)
        append(cell, "unit", stripped)
        cell.value, row.last = "", "unit"
        return
    if not cell.unit and row.last == "value" and re.fullmatch(r"\d{1,2}", cell.value) and not cell.note \
            and is_unit_fragment(stripped):
        # `… mức độ` / `3` / `%`: cells come in order, so a unit after a bare number means it ended the indicator
        append(cell, "indicator", cell.value)
        cell.value, cell.unit, row.last = "", stripped, "unit"
        return
    # the rest of a unit cut by a wrap or a page break: `vị`, `sơ`, `= 0`, `Không = 0`
    completed = completes_unit(cell.unit, stripped) if row.last == "unit" or cell.unit else None
    if completed is not None and (not cell.value or row.last in ("unit", "value")):
        head, tail = completed
        append(cell, "indicator", head)
        append(cell, "unit", tail)
        row.last = "unit"
        return
    if not cell.value and (is_unit_fragment(stripped, cell.unit if row.last == "unit" else "")
                           or (cell.unit and row.last == "unit" and (is_coded_fragment(stripped)
                                                                     or looks_like_code_tail(stripped)))):
        weak_alone = row.last == "indicator" and stripped in WEAK_UNITS | {"TTHC"} and nxt is not None and (
            nxt.strip() == "%" or is_unit_fragment(nxt))
        if not (row.last == "indicator" and stripped[0].islower()) and not weak_alone:
            append(cell, "unit", stripped)
            row.last = "unit"
            return
    if row.last == "unit" and re.search(r"[=:;]", cell.unit) and "=" not in stripped and nxt is not None \
            and looks_like_code_tail(nxt) and len(stripped) <= 24:
        append(cell, "unit", stripped)  # `Chưa kết nối` + next line `= 0`
        return
    if row.last == "unit" and not cell.value and re.search(r"[=:;]", cell.unit) and len(stripped) <= 24 \
            and not cell.unit.rstrip().endswith(tuple("0123456789")) or (
            row.last == "unit" and not cell.value and cell.unit.rstrip().endswith(";")):
        append(cell, "unit", stripped)
        return
    if not cell.unit and not cell.value and "=" not in stripped and nxt is not None \
            and looks_like_code_tail(nxt) and not looks_like_code_tail(stripped) and len(stripped) <= 24 \
            and stripped[0].isupper():
        append(cell, "unit", stripped)  # `Không đúng quy` + next line `định = 0`
        row.last = "unit"
        return
    if row.indicator_closed and row.last in ("indicator", "note") and len(stripped) <= 20 \
            and not VALUE_ONLY.match(stripped) and (row.last == "note" or stripped[0].isupper()):
        _add_note(row, stripped)  # a note box after a row whose other cells are empty
        return
    if row.last == "indicator" and not cell.unit and not cell.value:
        parts = split_line(text)
        append(cell, "indicator", parts.indicator)
        append(cell, "unit", parts.unit)
        append(cell, "value", parts.value)
        append(cell, "note", parts.note)
        row.last = "note" if parts.note else "value" if parts.value else "unit" if parts.unit else "indicator"
        row.empty_after = parts.empty_after
        return
    # the indicator's next words start lower-case, with a bracket or an abbreviation (`TTHC`, `SNCL bị kỷ luật`);
    # after a note on the row's line, they come with the note's next words after a wide gap
    if row.indicator_open and row.last != "indicator" and not VALUE_ONLY.match(stripped) \
            and not is_unit_fragment(stripped, cell.unit if row.last == "unit" else "") \
            and re.match(r"[\p{Ll}(]|\p{Lu}{2,}\b", stripped) and (row.last != "note" or "  " in stripped):
        _continue_open_indicator(row, stripped)
        return
    # the indicator is closed: this is a later cell, or the indicator's last words that the layout put after
    # its unit and value (a long lower-case line), or a note
    if (stripped[0].islower() or stripped[0] == "(") and row.last != "note" and not cell.note or (
            len(stripped) > 30 and not cell.note and (not stripped[0].isupper() or row.after_break)):
        parts = split_line(text)
        append(cell, "indicator", parts.indicator)
        append(cell, "unit", parts.unit)
        append(cell, "value", parts.value)
        append(cell, "note", parts.note)
        return
    if not cell.value and cell.unit and row.empty_after == 0 and row.last == "unit":
        parts = split_line(text)
        if parts.value and not parts.indicator:
            cell.value = parts.value
            append(cell, "note", parts.note)
            row.last = "note" if parts.note else "value"
            return
        if is_coded_fragment(stripped):
            append(cell, "unit", stripped)
            return
    _add_note(row, stripped)


_ALL_CODES = re.compile(r"(?:\p{Lu}[\p{L}/]*(?:\s+[\p{L}/]+){0,4}\s*[=:]\s*\d\s*[;,.]?\s*)+")
# a code's label begun after an indicator's words: a capitalised word after a lower-case one, up to the end
_CODE_LABEL_END = re.compile(r"(?<=\p{Ll},?\s+)\p{Lu}\p{Ll}*(?:\s+(?:\p{Ll}+|\p{Lu}{2,})){0,4}$")
# lower-case words before an abbreviation that continues a code's label (`chính` before `KH = 1`)
_LOWER_LEAD = re.compile(r"^(?:\p{Ll}+\s+)+(?=\p{Lu}{2,}\s*=)")


def _continue_open_indicator(row: OpenRow, text: str) -> None:
    """The row's head line filled the indicator's column, so this line begins with the indicator's next words;
    the rest of the line continues the later cells in column order (a note after a wider gap)."""
    cell = row.cell
    pieces = re.split(r"\s{2,}", text)
    note = pieces.pop() if len(pieces) > 1 and (cell.note or not VALUE_ONLY.match(pieces[-1])) else ""
    body = " ".join(pieces)
    tail = re.search(r"(?:^|\s)([=:]\s*\d\b.*)$", body)
    if tail and re.search(r"[=:]", cell.unit) and not re.search(r"\d\W*$", cell.unit):
        # `… hành chính nhà nước = 0` under `Có = 1; Không`: the code's end closes the unit cell
        body, code = body[: tail.start()].strip(), tail.group(1)
        append(cell, "unit", code)
    parts = split_line(body) if body else None
    if parts is not None:
        append(cell, "indicator", parts.indicator)
        append(cell, "unit", parts.unit)
        append(cell, "value", parts.value)
        append(cell, "note", parts.note)
        row.indicator_open = fills_column(parts.indicator, row.indicator_width)
    append(cell, "note", note)


def fills_column(piece: str, width: int) -> bool:
    return width >= 30 and len(piece.strip()) >= 0.75 * width


def _add_note(row: OpenRow, text: str) -> None:
    cell = row.cell
    weak = row.weak_unit
    if weak and not cell.unit and not cell.value and not cell.note and cell.indicator.endswith(" " + weak):
        # a note after the row: the unit cell ended with the weak unit the trailing spaces had put in the indicator
        cell.indicator, cell.unit = cell.indicator[: -len(weak)].rstrip(), weak
    append(cell, "note", text)
    row.last = "note"


def _split_coded(text: str) -> Optional[tuple[str, str]]:
    """`doanh nghiệp Có = 1`: an indicator's last words, then a coded unit, on one line."""
    if not text or not text[0].islower():
        return None
    match = CODE_START.search(text)
    if match is None or match.start() == 0 or re.search(r"[=:]\s*\d", text[: match.start()]):
        return None
    return text[: match.start()].strip(), text[match.start():].strip()

"""Table rows from positioned words: borderless tables of a PDF's text layer, and OCR words.

The header (STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú, possibly wrapped over two or three lines,
`Kết quả thống kê` spanning unit and value) says where the columns are; the exact borders between them are the
x positions the body's words do not cross. Each body line is cut into the five cells; a line with an STT (or a
`-` item, or a `Trong đó` sub-row) starts a row, any other line continues the cells of the row above, across
page breaks. Repeated headers are skipped; the label is read from the text above the table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex as re

from baocao.extract.base import TextLine, Word
from baocao.normalize.text import add_cell_line, squash, strip_accents
from baocao.segment.cells import CellRow
from baocao.segment.stt import parse_stt, restore_lost_dot, roman_value
from baocao.segment.vocab import STT_TOKEN, is_header_line, is_usage_note_start

ROLES = ("stt", "indicator", "unit", "value", "note")
# header phrases (accent-free, lower case) and the column each names; longest first
_PHRASES = [
    ("chi tieu thong ke", "indicator"), ("ket qua thong ke", "result"), ("don vi tinh", "unit"),
    ("chi tieu", "indicator"), ("noi dung", "indicator"), ("ket qua", "result"), ("don vi", "unit"),
    ("so lieu", "value"), ("ghi chu", "note"), ("stt", "stt"), ("tt", "stt"), ("dvt", "unit"),
    ("lieu", "value"), ("ghi", "note"), ("tinh", "unit"),
]
_END = re.compile(r"^\s*(?:nơi nhận|tm\.|kt\.|người lập biểu|người lập|thủ trưởng đơn vị|xác nhận)",
                  re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:phụ\s*lục|biểu\s*mẫu|biểu\s*số|mẫu\s*số)\b", re.IGNORECASE)
_TRONG_DO = re.compile(r"^\s*trong\s+đó\s*:?\s*$", re.IGNORECASE)
_ENDS_TRONG_DO = re.compile(r"trong\s+đó\s*:?\s*$", re.IGNORECASE)
_DASH = re.compile(r"^\s*[-–+•]\s*(?=\S)")
_COLUMN_NUMBER = re.compile(r"\(\s*\d{1,2}\s*\)")
_LONE_NUMBER = re.compile(r"^\s*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*$", re.IGNORECASE)


def visual_lines(words: Sequence) -> list[list]:
    """Words (anything with x0, top, bottom) grouped into visual lines, top to bottom, each left to right. Two
    words share a line when their vertical extents overlap by more than half the smaller height."""
    lines: list[list] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        height = max(word.bottom - word.top, 1.0)
        for k in range(len(bands) - 1, max(-1, len(bands) - 4), -1):
            top, bottom = bands[k]
            if min(bottom, word.bottom) - max(top, word.top) > 0.5 * min(height, bottom - top):
                lines[k].append(word)
                bands[k] = (min(top, word.top), max(bottom, word.bottom))
                break
        else:
            lines.append([word])
            bands.append((word.top, word.bottom))
    for line in lines:
        line.sort(key=lambda w: w.x0)
    order = sorted(range(len(lines)), key=lambda k: bands[k][0])
    return [lines[k] for k in order]


def join_wrapped(head: str, tail: str) -> str:
    """Two lines of one cell as one text, by the rule every segmenter shares."""
    return add_cell_line(head, tail)


@dataclass
class _VLine:
    words: list[Word]
    page: int
    index: Optional[int]  # into SourceText.lines
    headerish: Optional[bool] = None

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class _Columns:
    bounds: list[float]  # x borders between consecutive roles
    roles: list[str]  # roles present, left to right

    def split(self, words: Sequence[Word]) -> dict[str, str]:
        cells: dict[str, list[str]] = {role: [] for role in ROLES}
        for w in words:
            centre = (w.x0 + w.x1) / 2
            k = sum(1 for b in self.bounds if centre > b)
            cells[self.roles[k]].append(w.text)
        return {role: " ".join(parts) for role, parts in cells.items()}


def _doc_lines(words: Sequence[Word], lines: Sequence[TextLine]) -> list[_VLine]:
    """Visual lines per page, each tied to its index in the document's lines where the texts agree."""
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    positions: dict[int, list[tuple[int, str]]] = {}
    for k, line in enumerate(lines):
        positions.setdefault(line.page or 0, []).append((k, squash(line.text)))
    out: list[_VLine] = []
    for page in sorted(by_page):
        candidates = positions.get(page, [])
        at = 0
        for group in visual_lines(by_page[page]):
            vline = _VLine(group, page, None)
            text = squash(vline.text)
            for j in range(at, min(at + 6, len(candidates))):
                if candidates[j][1] == text:
                    vline.index, at = candidates[j][0], j + 1
                    break
            out.append(vline)
    return out


def _roles_in(line: _VLine) -> dict[str, tuple[float, float]]:
    """Header phrases found in a line: role → x-range of its words."""
    tokens = [strip_accents(w.text).strip(" ,.:;()") for w in line.words]
    found: dict[str, tuple[float, float]] = {}
    i = 0
    while i < len(tokens):
        for phrase, role in _PHRASES:
            parts = phrase.split()
            if tokens[i:i + len(parts)] == parts:
                x0, x1 = line.words[i].x0, line.words[i + len(parts) - 1].x1
                if role in found:
                    x0, x1 = min(x0, found[role][0]), max(x1, found[role][1])
                found[role] = (x0, x1)
                i += len(parts)
                break
        else:
            i += 1
    return found


# accent-free first words a header line can begin with (a cheap test before the full one)
_HEADER_FIRST = {"stt", "tt", "chi", "noi", "ket", "don", "so", "ghi", "dvt", "su", "quy", "tieu", "thong", "ke",
                 "tinh", "lieu", "chu", "dung", "nam", "thang", "qua", "vi", "bao", "cao", "6", "ky", "trong",
                 "hang"}


def _is_headerish(line: _VLine) -> bool:
    if line.headerish is None:
        first = strip_accents(line.words[0].text).strip("(*:,.") if line.words else ""
        line.headerish = (first in _HEADER_FIRST or bool(re.fullmatch(r"\(\d{1,2}\)", first))) and (
            is_header_line(line.text) or is_usage_note_start(line.text))
    return line.headerish


def _header_at(vlines: Sequence[_VLine], i: int) -> Optional[tuple[int, dict[str, tuple[float, float]]]]:
    """If a table header block starts at line i: (index after the block, role → x-range)."""
    if not _is_headerish(vlines[i]):
        return None
    j, roles, page = i, {}, vlines[i].page
    while j < len(vlines) and vlines[j].page == page and j - i < 6 and _is_headerish(vlines[j]):
        for role, (x0, x1) in _roles_in(vlines[j]).items():
            old = roles.get(role)
            roles[role] = (min(x0, old[0]), max(x1, old[1])) if old else (x0, x1)
        j += 1
    if "stt" not in roles or "indicator" not in roles:
        return None
    if not ({"unit", "value", "result"} & set(roles)):
        return None
    if "value" not in roles and "result" in roles:
        roles["value"] = roles["result"]
    roles.pop("result", None)
    return j, roles


def _columns(header: dict[str, tuple[float, float]], body: Sequence[_VLine]) -> _Columns:
    """Borders between the header's columns: where the fewest body words cross, in the widest such gap."""
    roles = sorted(header, key=lambda r: (header[r][0] + header[r][1]) / 2)
    spans = [(w.x0, w.x1) for line in body for w in line.words]
    bounds: list[float] = []
    for left, right in zip(roles, roles[1:]):
        lo = (header[left][0] + header[left][1]) / 2 if left != "stt" else header[left][1]
        # a column's text starts at its left edge, left of its centred header: search up to the header's start
        hi = header[right][0]
        if hi <= lo:
            bounds.append((header[left][1] + header[right][0]) / 2)
            continue
        steps = max(int(hi - lo), 1)
        counts = [0] * (steps + 1)
        for x0, x1 in spans:
            a, b = int(max(x0 - lo, 0)), int(min(x1 - lo, steps))
            for k in range(a, b + 1):
                counts[k] += 1
        best = min(counts)
        runs, start = [], None
        for k, c in enumerate(counts + [best + 1]):
            if c == best and start is None:
                start = k
            elif c != best and start is not None:
                runs.append((k - start, start, k - 1))
                start = None
        width, a, b = max(runs)
        bounds.append(lo + (a + b) / 2)
    return _Columns(bounds, roles)


def _is_page_number(vlines: Sequence[_VLine], i: int) -> bool:
    """A lone number heading or footing the page, set apart from the text (a number ending a cell sits right
    under that cell's previous line)."""
    line = vlines[i]
    if not _LONE_NUMBER.match(line.text):
        return False
    height = max(w.bottom - w.top for w in line.words)
    first = i == 0 or vlines[i - 1].page != line.page
    last = i == len(vlines) - 1 or vlines[i + 1].page != line.page
    if first:
        return True  # a running header's number (a cell going on over the break rarely starts with one)
    return last and _top(line) - _top(vlines[i - 1]) > 2.0 * height


def _label_above(vlines: Sequence[_VLine], i: int) -> Optional[str]:
    from baocao.segment.flat import Line, find_label

    window = [Line(text=v.text, page=v.page, index=k) for k, v in enumerate(vlines[max(0, i - 16):i])]
    return find_label(window, len(window))


def cell_rows_from_words(words: Sequence[Word], lines: Sequence[TextLine]) -> list[CellRow]:
    """Every row of every table found among the positioned words, in document order."""
    vlines = _doc_lines(words, lines)
    rows: list[CellRow] = []
    i = 0
    while i < len(vlines):
        header = _header_at(vlines, i)
        if header is None:
            i += 1
            continue
        end_header, roles = header
        label = _label_above(vlines, i)
        end = _table_end(vlines, end_header)
        columns = _columns(roles, [v for v in vlines[end_header:end] if not _is_headerish(v)])
        rows.extend(_table_rows(vlines, end_header, end, columns, label))
        i = end
    return rows


def _table_end(vlines: Sequence[_VLine], i: int) -> int:
    """Index of the first line after the table body that starts at line i."""
    while i < len(vlines):
        text = vlines[i].text
        if _END.match(text):
            return i
        if _LABEL.match(text) or (_is_headerish(vlines[i]) and _header_at(vlines, i) is not None
                                  and not _at_page_top(vlines, i)):
            return i
        i += 1
    return i


def _at_page_top(vlines: Sequence[_VLine], i: int) -> bool:
    """A header repeated at the top of a page (nothing but a page number or running title above it)."""
    page = vlines[i].page
    k = i - 1
    above = 0
    while k >= 0 and vlines[k].page == page:
        if not _is_page_number(vlines, k):
            above += 1
        k -= 1
    return above <= 1 and k >= 0


def _top(line: _VLine) -> float:
    return min(w.top for w in line.words)


def _cell_pitch(vlines: Sequence[_VLine], start: int, end: int, columns: _Columns) -> Optional[float]:
    """Distance between the tops of two lines of one cell, measured where a line plainly continues the
    indicator cell above it (no STT, starts lower-case). None when the table has too few such lines or they
    disagree."""
    pitches = []
    last: Optional[_VLine] = None  # the last line with indicator text
    for k in range(start, end):
        line = vlines[k]
        if not line.words:
            continue
        cells = columns.split(line.words)
        text = cells["indicator"].strip()
        if not text:
            continue
        if last is not None and last.page == line.page and not cells["stt"].strip() and text[:1].islower():
            pitches.append(_top(line) - _top(last))
        last = line
    if len(pitches) < 3:
        return None
    pitches.sort()
    low, mid, high = pitches[len(pitches) // 10], pitches[len(pitches) // 2], pitches[(9 * len(pitches)) // 10]
    return mid if high - low < 0.6 else None


def _centred_row_end(vlines: Sequence[_VLine], i: int, end: int, columns: _Columns, pitch: float) -> int:
    """Where a row whose cells are centred vertically has its STT below its first line: the index of that STT
    line when it follows line i inside one block of cell lines (no row spacing between them), else i."""
    first = columns.split(vlines[i].words)
    if first["stt"].strip():
        return i
    bare = not first["indicator"].strip()  # only a unit / value / note piece: the row's text comes below
    j, text_at = i + 1, i
    while j < end and vlines[j].page == vlines[i].page and _top(vlines[j]) - _top(vlines[j - 1]) <= pitch + 0.6:
        if _is_headerish(vlines[j]):
            break
        cells = columns.split(vlines[j].words)
        if STT_TOKEN.match(cells["stt"].strip()):
            return j
        if bare and text_at == i and cells["indicator"].strip():
            text_at = j  # a sub-row without STT: its first line of text
        j += 1
    return text_at


def _next_has_stt(vlines: Sequence[_VLine], i: int, end: int, columns: _Columns) -> bool:
    for k in range(i + 1, min(i + 3, end)):
        if _is_page_number(vlines, k) or _is_headerish(vlines[k]):
            continue
        return bool(STT_TOKEN.match(columns.split(vlines[k].words)["stt"].strip()))
    return False


def _table_rows(vlines: Sequence[_VLine], start: int, end: int, columns: _Columns,
                label: Optional[str]) -> list[CellRow]:
    rows: list[CellRow] = []
    current: Optional[CellRow] = None
    breakdown = False
    # rows are spaced a little wider than the lines inside a cell (cell padding): where that shows, a line
    # that starts a new text after the wider space is a row of its own even without an STT
    pitch = _cell_pitch(vlines, start, end, columns)
    previous: Optional[_VLine] = None
    last_stt: Optional[str] = None  # the last numeric STT above: a dot lost in reading (`2.42` after `2.4.1`)
    i = start
    while i < end:
        line = vlines[i]
        after_row_space = (pitch is not None and previous is not None and previous.page == line.page
                           and _top(line) - _top(previous) > pitch + 0.6)
        at_page_top = previous is None or previous.page != line.page
        if _is_page_number(vlines, i):
            i += 1
            continue
        if _is_headerish(line):
            # a header repeated on a new page, or its column numbers; a lone `sơ` or `tỉnh` wrapped out of a cell
            # reads like a header word too, but is text
            repeat = _header_at(vlines, i)
            if repeat is not None:
                i, previous = repeat[0], None
                continue
        if len(_COLUMN_NUMBER.findall(line.text)) >= 3:  # (1) (2) (3), maybe with header words slipped in
            i, previous = i + 1, None
            continue
        previous = line
        if pitch is not None and (at_page_top or after_row_space):
            block_end = _centred_row_end(vlines, i, end, columns, pitch)
            if block_end > i:  # cells centred in their row: the lines above the STT belong to its row
                line = _VLine([w for v in vlines[i:block_end + 1] for w in v.words], line.page, line.index)
                previous = vlines[block_end]
                i = block_end
        cells = columns.split(line.words)
        stt = cells["stt"].strip()
        indicator = cells["indicator"].strip()
        if stt and not any(cells[r].strip() for r in ROLES[1:]) and _next_has_stt(vlines, i, end, columns):
            i += 1  # a number alone right above a numbered row: a mark or speck, not a row
            continue
        if stt and not STT_TOKEN.match(stt) and not _DASH.match(stt + " x"):
            indicator, stt = f"{stt} {indicator}".strip(), ""  # the indicator's text reached the STT column
            cells["indicator"] = indicator
        starts = False
        if stt:
            starts, breakdown = True, False
        elif _TRONG_DO.match(indicator) and not (cells["unit"] or cells["value"]):
            breakdown = True
            i += 1
            continue
        elif _DASH.match(indicator) and (current is None or breakdown or current.stt == "-" or after_row_space
                                         or not (current.unit or current.value)):
            starts, stt = True, "-"
            cells["indicator"] = _DASH.sub("", indicator, count=1)
        elif after_row_space and indicator[:1].isupper():
            starts = True
        elif breakdown and at_page_top and re.match(r"\p{Lu}\p{Ll}", indicator):
            starts = True  # a sub-row opening a page: a cut cell rarely goes on with a capitalised word
        elif breakdown and indicator[:1].isupper() and current is not None and (
                cells["unit"] or cells["value"] or current.value or current.unit):
            starts = True
        if stt and parse_stt(stt) is not None:
            stt = restore_lost_dot(last_stt, stt.rstrip("."))
            last_stt = stt
        elif stt and roman_value(stt.rstrip(".")) is not None:
            last_stt = None  # a new section: its rows number from 1
        if starts or current is None:
            row = CellRow(stt=stt.rstrip(".") if stt != "-" else stt, table=label, page=line.page,
                          line=line.index, breakdown=breakdown and not stt)
            current = row
            rows.append(row)
            if stt and stt != "-":
                cells["stt"] = ""
        for role in ("indicator", "unit", "value", "note"):
            piece = cells[role].strip()
            if piece:
                setattr(current, role, join_wrapped(getattr(current, role), piece))
        if _ENDS_TRONG_DO.search(current.indicator):
            breakdown = True
        i += 1
    return rows

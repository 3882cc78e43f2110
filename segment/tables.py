"""Where the statistics tables are among the document's lines: header, label, body, end.

A table starts at its header block (STT … Chỉ tiêu … Đơn vị tính … Số liệu … Ghi chú, over one to several lines:
wrapped header words, `Kết quả thống kê` over unit and value, the usage note, a `(1) (2) (3)` row) and is labelled
by the `Phụ lục` / `Biểu mẫu` line a few lines above. Its body runs to the signature block or the next labelled
table; a header met again inside it (a page break repeated it) is skipped, as are the pages' own numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from baocao.segment.columns import header_anchors
from baocao.segment.joins import titlecase_start
from baocao.segment.lines import RLine
from baocao.segment.stt import roman_value
from baocao.segment.vocab import (
    COLUMN_NUMBER,
    FOOTNOTE_LINE,
    FOOTNOTE_MARK_IN,
    PAGE_NUMBER,
    PIECES_OF,
    STT_LINE,
    TABLE_END,
    footnote_number,
    header_key,
    header_piece,
    header_roles,
    header_words_only,
    is_column_numbers,
    misread_stt_heading,
    table_label,
    unit_fit,
    value_fit,
)
from baocao.settings import SETTINGS, ReaderSettings


@dataclass
class Header:
    start: int  # first line of the block (index into the reader's lines)
    end: int  # the line after it
    order: tuple[str, ...]  # the roles left to right, as far as the header's names tell
    columns: dict[int, str] = field(default_factory=dict)  # stated column index → role


@dataclass
class Table:
    label: Optional[str]
    header: Header
    body: list[int]  # the body's lines (index into the reader's lines), repeated headers and page numbers left out
    breaks: set[int] = field(default_factory=set)  # body lines right after a page break or a repeated header
    repeats: list[Header] = field(default_factory=list)  # the header printed again over later pages


def _headerish(line: RLine) -> bool:
    """Header words only; or, on a line naming two columns or more, one word besides them no header word can
    be (a name OCR garbled: `TT (Sử dụng …) K Số liệu Ghi chú`); on a line naming one, one speck read as a
    short word (`Mà Đơn vị Kết`) or a short heading in capitals misread (`ĐVI Số liệu`); on a long line naming
    one, a quarter of its words (`hài (Sử dụng trong kỳ báo cáo hàng quý. 6 Kết ; x quả ti:öng kê Ghi chú`)."""
    words = line.words
    if header_words_only(words):
        return True
    named = header_roles(words)
    if not named:
        return False
    used = {k for _, i, j in named for k in range(i, j)}
    strays = [w for k, w in enumerate(words) if k not in used and not header_words_only([w])]
    if len(named) >= 2 or len(strays) == 1 and (len(strays[0]) <= 2 or _heading_shaped(strays[0])):
        return len(strays) <= 1
    return len(words) >= 8 and len(strays) <= len(words) // 4


def _heading_shaped(word: str) -> bool:
    """A short heading in capitals (`ĐVT`, `STT`, `TT`), as OCR may misread one (`ĐVI`)."""
    return word.isupper() and word.isalpha() and len(word) <= 4


def _header_words_but_one(line: RLine) -> bool:
    """Header words but one short word OCR garbled, no name among them: the first line of a header whose names
    wrap, read above the line that names a column (`Số Sẽ Ghi` over `TT … liệu … chú`)."""
    strays = [w for w in line.words if not header_words_only([w])]
    return len(line.words) - len(strays) >= 2 and len(strays) == 1 and len(strays[0]) <= 3


def _named(words: list[str]) -> list[str]:
    return [role for role, _, _ in header_roles(words)]


def _block_roles(block: Sequence[RLine]) -> tuple[list[str], dict[int, str]]:
    """The roles a header block names, in reading order, and (stated cells) the role of each stated column.

    Names are read line by line; words a narrow column cut apart (`Kết` / `quả`) are read again joined in
    order, and stand where their first word stands. In stated cells, each cell's words are read together; a
    column named twice (`Kết quả thống kê` over `Số liệu`) keeps the lower, more precise name."""
    named: list[tuple[tuple[int, int], str]] = []  # (where the name's first word stands, role)
    columns: dict[int, str] = {}
    cell_words: dict[int, list[str]] = {}
    leftover: list[tuple[tuple[int, int], str]] = []
    for n, line in enumerate(block):
        if line.stated:
            for cell, spans in line.cells():
                cell_words.setdefault(cell.col, []).extend(s.text for s in spans)
            continue
        words = line.words
        found = header_roles(words)
        used = {k for _, i, j in found for k in range(i, j)}
        named.extend(((n, i), role) for role, i, _ in found)
        leftover.extend(((n, k), w) for k, w in enumerate(words) if k not in used)
    words = [w for _, w in leftover]
    found = header_roles(words)
    named.extend((leftover[i][0], role) for role, i, _ in found)
    order = [role for _, role in sorted(named)]
    if not found:
        order.extend(_named(["".join(w for w in words if w.isupper())]))
    for col in sorted(cell_words):
        roles = _named(cell_words[col])
        if roles:
            precise = [r for r in roles if r != "result"]
            columns[col] = precise[-1] if precise else roles[-1]
            order.append(columns[col])
    # names cut into pieces spread over the block's lines (`Đơn` / `vị` / `tính`): the pieces no name took still
    # say which columns there are, not where
    used = {k for _, i, j in found for k in range(i, j)}
    keys = {header_key(w) for k, w in enumerate(words) if k not in used}
    for role, pieces in PIECES_OF.items():
        if role not in order and len(keys & pieces) >= 2:
            order.append(role)
    return order, columns


def _stt_heading_misread(lines: Sequence[RLine], i: int) -> bool:
    """Line i is a header whose first word is no header word, under which lines start with an STT: the first
    column's heading misread (a bold `STT` read by OCR as `Sài`, `STI`)."""
    words = lines[i].words
    if len(words) < 3 or not misread_stt_heading(words[0], words[1:]) or "stt" in _named(words[1:]):
        return False
    return _numbered_below(lines, i)


def _numbered_below(lines: Sequence[RLine], i: int) -> bool:
    """Lines open with an STT under line i, on its page (two in the next six)."""
    below = [line for line in lines[i + 1:i + 7] if line.page == lines[i].page]
    return sum(bool(STT_LINE.match(line.text)) for line in below) >= 2


def _units_and_figures_below(lines: Sequence[RLine], i: int) -> bool:
    """Lines under line i on its page (three of the next ten) hold a figure beside a unit or a piece of one
    (`Văn bản 12`, `vụ 25`, `12 Văn bản`): a statistics table's rows, not a plan's (`STT Nội dung Thời gian`)."""
    below = [line.words for line in lines[i + 1:i + 11] if line.page == lines[i].page]
    return sum(any(value_fit(word) == 1.0 and any(
        unit_fit(" ".join(words[k - n:k])) > 0 or unit_fit(" ".join(words[k + 1:k + 1 + n])) > 0
        for n in (1, 2, 3)) for k, word in enumerate(words)) for words in below) >= 3


def header_at(lines: Sequence[RLine], i: int, settings: ReaderSettings = SETTINGS.reader) -> Optional[Header]:
    """The header block that line i belongs to, starting there or at the header words wrapped just above it."""
    misread = _stt_heading_misread(lines, i)
    if not (_headerish(lines[i]) or misread) or not _named(lines[i].words):
        return None
    page = lines[i].page
    start = i
    # (a lone number above is no header word wrapped: the page's number, or the value of the row above)
    while start > 0 and i - start < 2 and lines[start - 1].page == page and (
            _headerish(lines[start - 1]) or _header_words_but_one(lines[start - 1])) \
            and not _named(lines[start - 1].words) and not PAGE_NUMBER.match(lines[start - 1].text):
        start -= 1
    end = i + 1
    while end < len(lines) and end - start < settings.max_header_lines and lines[end].page == page \
            and _headerish(lines[end]) and not _first_stt(lines, end) and not _opens_row(lines[end]) \
            and not _opens_text(lines[end], settings):
        end += 1
        if is_column_numbers(lines[end - 1].words):  # the row numbering the columns closes the header
            break
    named, columns = _block_roles(lines[start:end])
    if misread:
        named.insert(0, "stt")
    # names a narrow column wrapped over several lines (`Số` / `liệu`) are read where they stand one above the other
    roles = set(named) | set(header_anchors(lines[start:end], settings))
    if "indicator" not in roles and {"stt", "unit"} <= roles and roles & {"value", "result"} and "stt" in named:
        # the indicator's name garbled past reading (`Tên chỉ Hiệu`, `T h. t`): it stands between STT and unit
        named.insert(named.index("stt") + 1, "indicator")
        roles.add("indicator")
    if "stt" not in roles and {"indicator", "unit"} <= roles and roles & {"value", "result"} \
            and _numbered_below(lines, end - 1):
        # the STT column's heading not read at all (a narrow column's `ST` / `T` in bold), the rows below numbered
        named.insert(0, "stt")
        roles.add("stt")
    if not {"stt", "indicator"} <= roles:
        return None
    if not roles & {"unit", "value", "result"} and not (_numbered_below(lines, end - 1)
                                                        and _units_and_figures_below(lines, end - 1)):
        # the unit's and value's names lost (OCR, a header's lines read apart): numbered rows below, holding units
        # and figures, say it is a statistics table's header; its columns come from the rows (segment/columns.py)
        return None
    return Header(start, end, _order(named), columns=columns)


def _first_stt(lines: Sequence[RLine], k: int) -> bool:
    """Line k is a bare number under the header that no column-number row goes on from (`1`, then the first
    row's indicator, in text pulled cell after cell): the body's first STT."""
    if not lines[k].text.strip().isdigit():
        return False
    run = [lines[k].text.strip()]
    for line in lines[k + 1:k + 6]:
        if not line.text.strip() or not all(COLUMN_NUMBER.match(w) for w in line.words):
            break
        run.extend(line.words)
    return not is_column_numbers(run)


def _opens_row(line: RLine) -> bool:
    """A line opening on an STT and an indicator's capital is the body's first row, though some of its words are
    header words (`1 Thực hiện tự chủ tài chính 26`); a header's wrapped name goes on in lower case (`6 tháng,
    năm)`), and a header line whose `TT` OCR read as a number names columns only (`1 Số liệu Ghi chú`)."""
    opening = STT_LINE.match(line.text)
    rest = opening.group("rest").split() if opening else []
    return bool(rest) and rest[0][:1].isupper() and not header_words_only(rest)


def _opens_text(line: RLine, settings: ReaderSettings) -> bool:
    """On a page, a line of header words under a header's names, naming none, whose words set a word space apart
    open on a capital and are no piece of any name is the body's first line (a tall note's `Chỉ báo`, set above its
    row's STT), however its words sound like a header's; the names a narrow column wrapped stand a column apart
    (`Số` … `kê`)."""
    if not line.placed or not header_words_only(line.words) or _named(line.words):
        return False  # (a line naming a column is the header's, whatever specks OCR read among its names)
    run: list[str] = []
    for before, span in zip([None, *line.spans], line.spans):
        if before is not None and span.x0 - before.x1 > settings.word_space_pt:
            run = []
        run.append(span.text)
        if len(run) >= 2 and run[0][:1].isalpha() and titlecase_start(run[0]) and not header_piece(run):
            return True
    return False


def _order(named: Sequence[str]) -> tuple[str, ...]:
    """STT, indicator, then unit and value in the order the header names them, then the note. `Kết quả` alone
    names the value; over `Đơn vị tính` and `Số liệu` (or `Kết quả`) it names a group. A header names a group
    before its columns, line by line and cell after cell: of the value named twice, the last is the column."""
    named = ["value" if r == "result" else r for r in named]
    pair = [r for r in reversed(dict.fromkeys(reversed(named))) if r in ("unit", "value")]
    return tuple(r for r in ("stt", "indicator") if r in named) + tuple(pair) + (("note",) if "note" in named else ())


def _label_above(lines: Sequence[RLine], i: int, floor: int, settings: ReaderSettings) -> Optional[str]:
    seen = 0
    for k in range(i - 1, floor - 1, -1):
        label = table_label(lines[k].text)
        if label:
            return label
        seen += 1
        if seen >= settings.label_lookback_lines:
            break
    return None


def _is_page_number(lines: Sequence[RLine], k: int, settings: ReaderSettings = SETTINGS.reader) -> bool:
    """A page's own number: a lone number that opens or closes a page, or stands right by a repeated header."""
    if lines[k].page_number:
        return True
    if not PAGE_NUMBER.match(lines[k].text):
        return False
    digits = re.search(r"\d+", lines[k].text).group()
    if digits.startswith("0"):
        return False  # no page prints `0` or `06`: the last row's value
    first = k == 0 or lines[k - 1].page != lines[k].page or lines[k].page_break
    last = k + 1 == len(lines) or lines[k + 1].page != lines[k].page
    if last and not first and lines[k].placed \
            and lines[k].top - lines[k - 1].bottom < lines[k].bottom - lines[k].top:
        return False  # set in the text's flow, not apart below it: a cell's last line (`Kết hợp =` / `2`)
    # (where the printed numbers gave the pages, the lines that open and close them are the rows')
    if lines[k].page is not None and (first or last) and lines[k].page_number is None:
        return True
    # … or right above a repeated header (whose first line may name no column: `Số` over `TT`), where the text
    # before it could fill the pages it counts: else the last row's value before the page breaks (`74`)
    if (lines[k].page is None or lines[k].page_number is not None) and not _fills_pages(int(digits), k, settings):
        return False
    return any(j < len(lines) and (header := header_at(lines, j)) is not None and header.start == k + 1
               for j in (k + 1, k + 2))


def _fills_pages(page: int, k: int, settings: ReaderSettings) -> bool:
    """Whether `k` lines of text could come before the number of a page, above a repeated header: the number of
    the page it opens (printed at the top) or of the one it closes (at the foot), pages pulling to
    `page_lines_least` .. `page_lines_most` lines each."""
    return page >= 1 and (page - 1) * settings.page_lines_least <= k <= page * settings.page_lines_most


def find_tables(lines: Sequence[RLine], settings: ReaderSettings = SETTINGS.reader) -> list[Table]:
    tables: list[Table] = []
    i = 0
    floor = 0  # labels are not looked for inside the previous table
    while i < len(lines):
        header = header_at(lines, i, settings)
        if header is None:
            i += 1
            continue
        table = Table(_label_above(lines, header.start, floor, settings), header, [])
        k = header.end
        after_break = False
        while k < len(lines):
            line = lines[k]
            if TABLE_END.match(line.text):
                break
            if table_label(line.text) and _next_header(lines, k, settings):
                break  # the next table's label
            repeat = header_at(lines, k, settings)
            if repeat is not None and _numbering_restarts(lines, table.body, repeat.end):
                _drop_title(lines, table.body)
                break  # the same header over a numbering that starts again: the next table
            if repeat is not None:  # the header repeated over a new page: the table goes on
                repeat.end = max(k + 1, _repeat_end(lines, header, repeat))
                table.body = [b for b in table.body if b < repeat.start]
                table.repeats.append(repeat)
                k, after_break = repeat.end, True
                continue
            if _is_page_number(lines, k, settings) or is_column_numbers(line.words) or _header_remains(line):
                # a page's own number; the column-number row of a repeated header whose names OCR lost; a line of
                # a repeated header OCR read too badly to open it
                k += 1
                after_break = True
                continue
            if after_break or line.page_break:
                table.breaks.add(k)
                after_break = False
            table.body.append(k)
            k += 1
        _drop_footnotes(lines, table, settings)
        _drop_margin_notes(lines, table, settings)
        tables.append(table)
        floor = i = k
    return tables


def _repeat_end(lines: Sequence[RLine], first: Header, repeat: Header) -> int:
    """Where a repeated header ends: as many lines from its first name on as its first printing, and further
    only over lines that name a column not yet named (OCR read the printings' lines apart differently). Lines
    below that read as names are the first row's cells (a note `Số liệu tính từ …` under `Ghi chú`)."""
    def first_named(header: Header) -> int:
        return next((k for k in range(header.start, header.end) if _named(lines[k].words)), header.start)

    end = min(repeat.end, first_named(repeat) + first.end - first_named(first))
    named = {role for k in range(repeat.start, end) for role in _named(lines[k].words)}
    while end < repeat.end and set(_named(lines[end].words)) - named:
        named.update(_named(lines[end].words))
        end += 1
    return end


def _header_remains(line: RLine) -> bool:
    """Nothing but header words, naming two columns (`Số TT Tên chỉ tiêu`, `ĐVT Số liệu`): no row's."""
    return header_words_only(line.words) and len(header_roles(line.words)) >= 2


def _drop_title(lines: Sequence[RLine], body: list[int]) -> None:
    """The next table's title in capitals (`THỐNG KÊ SỐ LIỆU …`) over its header is no row of this one."""
    for _ in range(2):
        text = lines[body[-1]].text if body else ""
        if not text.isupper() or len(text.split()) < 3 or STT_LINE.match(text) or len(body) < 2:
            return
        body.pop()


def _numbering_restarts(lines: Sequence[RLine], body: Sequence[int], k: int) -> bool:
    """The rows under a repeated header (line k) are numbered afresh: `I`, or `1` in a table without roman
    sections (under one, `1` goes on from its section), opening an indicator (not `1 môn cấp huyện`, the rest
    of a row and its STT `3.1.` / `1` that a page break cut)."""
    stt = STT_LINE.match(lines[k].text) if k < len(lines) else None
    if not body or stt is None:
        return False
    opening = stt.group("rest").strip() or (lines[k + 1].text.strip() if k + 1 < len(lines) else "")
    if not opening[:1].isupper():
        return False
    first = stt.group("stt").rstrip(".")
    stts = (STT_LINE.match(lines[b].text) for b in body)
    sections = any(m and roman_value(m.group("stt").rstrip(".")) for m in stts)
    return first == "I" or first == "1" and not sections


def _drop_footnotes(lines: Sequence[RLine], table: Table, settings: ReaderSettings) -> None:
    """The footnotes printed under a table (`(1) Số liệu lũy kế …`, `1` / `Số liệu do …`) are no rows: where
    the body ends with lines marked 1, 2, 3 … and the table's indicators carry such marks, they go."""
    body = table.body
    if not any(FOOTNOTE_MARK_IN.search(lines[k].text) for k in body):
        return
    end = len(body)  # the page's number may stand under them
    while end > 0 and PAGE_NUMBER.match(lines[body[end - 1]].text):
        end -= 1
    marks = [(n, FOOTNOTE_LINE.match(lines[k].text)) for n, k in enumerate(body[:end])]
    for n, match in reversed(marks):
        if match and footnote_number(match.group("mark")) == 1:
            numbers = [footnote_number(m.group("mark")) for _, m in marks[n:] if m]
            # footnotes are a few lines each, under rows: not a table's sections `1 …`, `2 …` over their rows
            if numbers == list(range(1, len(numbers) + 1)) and n > 0 \
                    and end - n <= settings.footnote_lines * len(numbers):
                del body[n:]
            return


def _drop_margin_notes(lines: Sequence[RLine], table: Table, settings: ReaderSettings) -> None:
    """Notes printed under a table whose marks a scan lost (`Số liệu lũy kế …`, `Chỉ tính các thủ tục …`) are no
    rows either: their words start at the page's margin, where the table has its STTs (behind a number, the
    footnote's, that reads as an STT); a row's words start right of its STT. The body's last lines so placed go."""
    body = table.body
    numbered = [line.spans for line in (lines[k] for k in body)
                if line.placed and len(line.spans) >= 2 and _opens_on_stt(line)]
    left = min((spans[0].x0 for spans in numbered), default=0.0) + settings.stt_column_slack_pt
    ends = sorted(spans[0].x1 for spans in numbered if spans[0].x0 <= left)
    if len(ends) < 3:
        return
    stts_end = ends[len(ends) // 2]
    end = len(body)
    while end > 1:
        line = lines[body[end - 1]]
        words = line.spans[1:] if _opens_on_stt(line) else line.spans
        if not line.placed or len(words) < 2 or not (words[0].text[:1].isalpha() or words[0].text[:1] in "(*") \
                or words[0].x0 >= stts_end:
            break
        end -= 1
    del body[end:]


def _opens_on_stt(line: RLine) -> bool:
    stt = STT_LINE.match(line.text)
    return bool(stt) and stt.group("stt").strip() == line.spans[0].text.strip()


def _next_header(lines: Sequence[RLine], k: int, settings: ReaderSettings) -> bool:
    for j in range(k + 1, min(len(lines), k + 1 + settings.label_lookback_lines)):
        if header_at(lines, j, settings) is not None:
            return True
    return False

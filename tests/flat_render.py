"""Render expected table rows back into the flattened text other tools and other communes' forms produce.

The seeds' hand-written rows are the truth; a `Layout` says how one PDF-to-text tool (or one commune's Word form)
would flatten them: tab-separated rows, cells on one line between runs of spaces, one cell per line with wrapped
text and blank lines (pdftotext's reading order), aligned columns with text wrapped inside each column
(`pdftotext -layout`), headers repeated at page breaks with a page number, STT with or without their dot, other
table labels and header wordings. Segmenting the rendering must give back the rows it was rendered from."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Optional

import regex as re

HEADERS = {
    "standard": ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"),
    "short": ("TT", "Nội dung", "ĐVT", "Kết quả", "Ghi chú"),
    "named": ("Số TT", "Tên chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"),
}

PREAMBLE = [
    "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "XÃ AN BÌNH Độc lập - Tự do - Hạnh phúc",
    "Số: 15/BC-UBND An Bình, ngày 20 tháng 6 năm 2024",
    "BÁO CÁO",
    "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024",
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "1. Ban hành kế hoạch: UBND xã đã ban hành 3 kế hoạch về cải cách hành chính.",
    "2. Kết quả: đạt 100% chỉ tiêu đề ra; số liệu chi tiết tại phụ lục kèm theo.",
]
TITLE = "THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH"
ENDING = ["Nơi nhận:", "- UBND huyện;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]


@dataclass(frozen=True)
class Layout:
    name: str
    cells: str  # "tabs" | "gaps" | "stacked" | "columns" | "inline" | "text-layer" | "markdown" | "html"
    header_every: int = 0  # repeat the header (with a page number above it) every N rows; 0: never
    stt_dot: bool = True  # `1.1.` rather than `1.1`
    labels: str = "as_is"  # "as_is" | "bieu_mau" | "phu_luc" | "none"
    header: str = "standard"
    blank_lines: bool = False  # a blank line after every line (pdftotext's reading order)
    wrap: int = 50  # width of the indicator column in characters
    unit_wrap: int = 0  # width of the unit column (stacked, columns); 0: no wrap
    note_wrap: int = 0  # width of the note column; 0: no wrap
    column_numbers: bool = False  # a `(1) (2) (3) (4) (5)` line under the header
    cut_rows: bool = False  # a page break falls inside a row (after its first line) rather than between rows
    marker: str = "Trong đó"  # how the breakdown marker is printed
    page_style: str = "lone"  # page number: "lone" `2`, "dash" `- 2 -`, "trang" `Trang 2`; "formfeed": pdftotext's
    # form feed after a lone number, and no repeated header
    two_line_header: bool = False  # columns: `Kết quả thống kê` spans the unit and value headers
    centre: bool = False  # columns: cells other than the indicator, and all header words, centred in their column
    value_width: int = 30  # columns: width of the value column (a formula is set on one line)


def _label(layout: Layout, original: Optional[str], k: int) -> Optional[str]:
    if layout.labels == "as_is":
        return original
    if layout.labels == "bieu_mau":
        return f"Biểu mẫu {k + 1}"
    if layout.labels == "phu_luc":
        return f"Phụ lục 0{k + 1}b"
    return None


def _stt(stt: Optional[str], layout: Layout) -> str:
    if not stt:
        return ""
    if stt == "-":
        return "-"
    return stt + "." if layout.stt_dot else stt


def _wrap(text: Optional[str], width: int) -> list[str]:
    if not text:
        return []
    if not width:
        return [text]
    # a code cut after its hyphen (`61/KH-` / `UBND`) is how narrow columns wrap; textwrap does the same
    return textwrap.wrap(text, width, break_on_hyphens=True, break_long_words=False) or [text]


def _wrap_value(text: Optional[str], width: int) -> list[str]:
    """A value cell's lines: a numbered or dashed list starts each item on a line of its own."""
    if not text:
        return []
    if text.startswith("$"):
        return [text]  # a formula is set on one line
    items = re.split(r"\s+(?=\d{1,2}\.\s|-\s?\p{Lu})", text)
    return [line for item in items for line in _wrap(item, width)]


def _tables(rows: list[dict]) -> list[list[dict]]:
    tables: list[list[dict]] = []
    for row in rows:
        if not tables or tables[-1][0]["table"] != row["table"]:
            tables.append([])
        tables[-1].append(row)
    return tables


class _Writer:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.lines: list[str] = []
        self.page = 1
        self.widths = [9, layout.wrap + 4, max(layout.unit_wrap, 14) + 3, layout.value_width, 0]
        self.starts = [sum(self.widths[:k]) for k in range(5)]

    def put(self, line: str) -> None:
        self.lines.append(line)
        if self.layout.blank_lines:
            self.lines.append("")

    def header(self) -> None:
        words = HEADERS[self.layout.header]
        cells = self.layout.cells
        if cells == "tabs":
            self.put("\t".join(words))
        elif cells == "markdown":
            self.put("| " + " | ".join(f"**{w}**" for w in words) + " |")
            self.put("|" + "|".join(["---"] * 5) + "|")
        elif cells == "html":
            self.lines.append("<table><tr><th rowspan=\"2\">STT</th><th rowspan=\"2\">" + words[1] + "</th>"
                              "<th colspan=\"2\">Kết quả thống kê</th><th rowspan=\"2\">" + words[4] + "</th></tr>"
                              "<tr><th>" + words[2] + "</th><th>" + words[3] + "</th></tr>")
        elif cells == "stacked":
            for word in words:
                self.put(word)
        elif cells in ("inline", "text-layer"):
            self.put(" ".join(words) + " ")
        elif cells == "columns" and self.layout.two_line_header:
            # `Kết quả thống kê` over the unit and value columns, their own names on the line below
            centre = (self.layout.centre,) * 5
            self.put(self._columns([words[0], words[1], "Kết quả thống kê", "", words[4]], centre))
            self.put(self._columns(["", "", words[2], words[3], ""], centre))
        else:
            self.put(self._columns(list(words), (self.layout.centre,) * 5) if cells == "columns"
                     else "   ".join(words))
        if self.layout.column_numbers:
            self.put("\t".join(f"({k})" for k in range(1, 6)) if cells == "tabs" else "(1) (2) (3) (4) (5)")

    def page_break(self) -> None:
        style = self.layout.page_style
        number = {"dash": f"- {self.page} -", "trang": f"Trang {self.page}"}.get(style, str(self.page))
        self.page += 1
        self.lines.append("")
        self.lines.append(number)
        if style == "formfeed":
            self.lines.append("\f")  # the next page begins with the table's rows, no header repeated
            return
        self.lines.append("")
        self.header()

    def _columns(self, cells: list[str], centre: tuple[bool, ...] = (False,) * 5) -> str:
        """Cells at their columns' positions, each left-aligned or centred in its column."""
        line = ""
        for k, (start, text) in enumerate(zip(self.starts, cells)):
            if not text:
                continue
            width = self.widths[k] or len(text)
            at = start + (max(0, (width - 2 - len(text)) // 2) if centre[k] else 0)
            line = line.ljust(at) if len(line) + 2 <= at or not line else line.rstrip() + "  "
            line += text
        return line.rstrip()

    def row(self, stt: str, indicator: str, unit: str, value: str, note: str, cut: bool = False) -> None:
        """Write one table row; with `cut`, a page break (page number, repeated header) follows its first line."""
        start = len(self.lines)
        self._row(stt, indicator, unit, value, note)
        if cut:
            body = self.lines[start:]
            del self.lines[start:]
            step = 2 if self.layout.blank_lines else 1
            self.lines.extend(body[:step])
            self.page_break()
            self.lines.extend(body[step:])

    def _row(self, stt: str, indicator: str, unit: str, value: str, note: str) -> None:
        layout = self.layout
        if layout.cells == "tabs":
            self.put("\t".join((stt, indicator, unit, value, note)))
        elif layout.cells == "markdown":
            cells = [stt] + ["<br>".join(_wrap(c, layout.wrap)) for c in (indicator, unit, value, note)]
            self.put("| " + " | ".join(cells) + " |")
        elif layout.cells == "html":
            # the whole table on one line, as converters write it; a section row spans the other columns
            if stt and not (unit or value or note):
                cells = f"<td>{stt}</td><td colspan=\"4\">{indicator}</td>"
            else:
                cells = "".join(f"<td>{c}</td>" for c in (stt, indicator, unit, value, note))
            self.lines[-1] += f"<tr>{cells}</tr>"
        elif layout.cells == "gaps":
            # empty cells leave a wider gap: one run of spaces per cell boundary
            self.put("   ".join((stt, indicator, unit, value, note)).rstrip())
        elif layout.cells == "inline":
            # a PDF text layer: the row's cells on one line, one space after each cell (an empty cell leaves one
            # more), a note after a wider gap; a long indicator wraps, its rest on the next line
            # (a value or note of running text is set on lines of its own after the row's line)
            head = _wrap(indicator, layout.wrap) if layout.wrap else [indicator]
            first = " ".join(p for p in (stt, head[0] if head else "") if p)
            long_value = len(value) > 24 and not value.startswith("$")
            long_note = len(note) > 24
            if long_value:  # the value's lines follow: the row's line ends after the unit
                self.put(f"{first} {unit} " if unit else f"{first} ")
            else:
                tail = "".join(f"{c} " if c else " " for c in (unit, value))
                self.put(f"{first} {tail}" + (f" {note} " if note and not long_note else " "))
            for rest in head[1:]:
                self.put(rest + " ")
            for rest in (_wrap_value(value, 40) if long_value else []) + (_wrap(note, 30) if long_note else []):
                self.put(rest + " ")
        elif layout.cells == "text-layer":
            # a PDF text layer line by line: each visual line holds the line-k pieces of every cell, in column
            # order, one space after each (an empty cell leaves one more), two before a note
            columns = [[stt], _wrap(indicator, layout.wrap), _wrap(unit, layout.unit_wrap),
                       _wrap_value(value, 12), _wrap(note, layout.note_wrap)]
            height = max(len(c) for c in columns)
            if len(columns[3]) == 1:  # a number sits in the middle of its cell, as the forms set it
                columns[3] = [""] * ((height - 1) // 2) + columns[3]
            for k in range(height):
                parts = [c[k] if k < len(c) else "" for c in columns]
                line = " ".join(p for p in parts[:2] if p)
                if k == 0:  # the row's first line says which of its later cells are empty
                    line += " " + "".join(f"{c} " if c else " " for c in parts[2:4])
                    line += f" {parts[4]} " if parts[4] else " "
                else:
                    rest = " ".join(p for p in parts[2:4] if p)
                    line = " ".join(p for p in (line, rest) if p)
                    line += f"  {parts[4]} " if parts[4] else " "
                self.put(line.lstrip() if line.strip() else line)
        elif layout.cells == "stacked":
            for piece in [stt] + _wrap(indicator, layout.wrap) + _wrap(unit, layout.unit_wrap) \
                    + _wrap_value(value, max(layout.unit_wrap, 20) if layout.unit_wrap else 0) \
                    + _wrap(note, layout.note_wrap):
                if piece:
                    self.put(piece)
        else:  # columns: each cell wrapped inside its column, top-aligned
            columns = [[stt], _wrap(indicator, layout.wrap), _wrap(unit, layout.unit_wrap),
                       _wrap_value(value, layout.value_width - 2), _wrap(note, layout.note_wrap)]
            centre = (layout.centre, False, layout.centre, layout.centre, layout.centre)
            for k in range(max(len(c) for c in columns)):
                self.put(self._columns([c[k] if k < len(c) else "" for c in columns], centre))


def render(rows: list[dict], layout: Layout) -> tuple[list[str], list[dict]]:
    """The flattened text of a report holding these rows, and the rows as that text states them (labels renamed)."""
    writer = _Writer(layout)
    expected: list[dict] = []
    for line in PREAMBLE:
        writer.put(line)
    for k, table in enumerate(_tables(rows)):
        label = _label(layout, table[0]["table"], k)
        writer.put("")
        if label:
            writer.put(label)
        writer.put(TITLE)
        writer.header()
        previous: Optional[dict] = None
        for n, row in enumerate(table):
            due = bool(layout.header_every and n and n % layout.header_every == 0)
            if due and not layout.cut_rows:
                writer.page_break()
            if row["stt"] is None and previous is not None and previous["stt"] is not None:
                writer.row("", layout.marker, "", "", "")
            writer.row(_stt(row["stt"], layout), row["indicator"], row["unit"] or "", row["value_raw"] or "",
                       row["note"] or "", cut=due and layout.cut_rows)
            expected.append(dict(row, table=label))
            previous = row
    if layout.cells == "html":
        writer.lines[-1] += "</table>"
    writer.put("")
    for line in ENDING:
        writer.put(line)
    return writer.lines, expected


LAYOUTS = [
    Layout("tabs", "tabs", stt_dot=False, header_every=20, page_style="trang"),
    Layout("tabs-dot-bieumau-pages", "tabs", header_every=15, labels="bieu_mau", column_numbers=True),
    Layout("gaps", "gaps", header_every=17, page_style="dash"),
    Layout("gaps-nodot-short-header-pages", "gaps", stt_dot=False, header="short", header_every=20, labels="phu_luc"),
    Layout("stacked", "stacked", blank_lines=True, wrap=55, header_every=13, page_style="formfeed"),
    Layout("stacked-narrow-nodot-pages", "stacked", stt_dot=False, blank_lines=True, wrap=45, unit_wrap=14,
           note_wrap=16, header_every=12, labels="none", header="short"),
    Layout("stacked-rows-cut-by-pages", "stacked", blank_lines=True, wrap=50, header_every=9, cut_rows=True,
           marker="Trong đó:", column_numbers=True),
    Layout("inline", "inline", wrap=0, header_every=16, page_style="formfeed"),
    Layout("inline-wrapped-nodot-pages", "inline", stt_dot=False, wrap=60, header_every=14, labels="bieu_mau",
           header="named"),
    Layout("markdown-pipes", "markdown", wrap=40, labels="phu_luc"),
    Layout("html-table", "html", labels="bieu_mau", header="named"),
    Layout("columns", "columns", wrap=50, unit_wrap=14, note_wrap=16, value_width=12),
    Layout("columns-two-line-header-centred", "columns", wrap=45, unit_wrap=12, note_wrap=14, two_line_header=True,
           centre=True, header_every=25),
    Layout("columns-nodot-pages-phuluc", "columns", stt_dot=False, wrap=60, unit_wrap=16, note_wrap=20,
           header_every=18, labels="phu_luc", header="short", centre=True),
]


# A PDF text layer read line by line where every cell wraps in its narrow column: each visual line holds the next
# piece of several cells joined by single spaces (`… đối với sự Có = 1; Không` / `phục vụ … nhà nước = 0`).
HARD_LAYOUTS = [
    Layout("text-layer", "text-layer", blank_lines=True, wrap=55, unit_wrap=14, note_wrap=16),
    Layout("text-layer-cut-pages", "text-layer", stt_dot=False, blank_lines=True, wrap=48, unit_wrap=12,
           note_wrap=14, header_every=11, cut_rows=True),
]

# Where the one table reader (written against the generated layout space, not against these seeds' renderings)
# stays below the 0.98 target, it is held at the level measured on 2026-12-03 (the text layers on 2026-12-04, the
# stacked layouts on 2026-12-05; the lowest seed, rounded down), so that it cannot fall further while it climbs. The text layers' 0.84 and 0.82 became
# 0.83 and 0.81 on 2026-12-04, when an STT-shaped `1.` stopped reading as a value: seed 002's value cells hold numbered lists
# (`1. Cải cách …: 6`), whose markers had been read as values by chance. The segmenters these layouts were first written for fit the five
# seeds and reached 0.98 here, but 0.20-0.54 on text pulled from unseen reports (issue 8).
FLOORS = {
    "gaps": 0.95, "gaps-nodot-short-header-pages": 0.95,
    "stacked": 0.93, "stacked-narrow-nodot-pages": 0.92, "stacked-rows-cut-by-pages": 0.93,
    "inline": 0.93, "inline-wrapped-nodot-pages": 0.94,
    "columns": 0.92, "columns-two-line-header-centred": 0.95, "columns-nodot-pages-phuluc": 0.97,
    "text-layer": 0.83, "text-layer-cut-pages": 0.81,
}

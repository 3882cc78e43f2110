"""The report typed as in Word (python-docx): header block and signature as borderless two-column tables, the body
as justified paragraphs, then the annex: for each statistics table its label, title and the table drawn as the
template says (ruling, one or two header rows, merged cells, column order and widths, alignment, repeated header,
rows that may or may not break across pages)."""
from __future__ import annotations

import datetime
import sys
import zipfile
from pathlib import Path
from typing import Optional

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

sys.path.append(str(Path(__file__).resolve().parents[1]))  # samples/build: the seed documents' builder

from contents import Report  # noqa: E402
from report_docx import _page_number_header, _row_property, _widths  # noqa: E402
from tables import Row, Table
from template import Template

CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
ALIGN = {"center": CENTER, "left": LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}
V_ALIGN = {"top": WD_ALIGN_VERTICAL.TOP, "center": WD_ALIGN_VERTICAL.CENTER, "bottom": WD_ALIGN_VERTICAL.BOTTOM}
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- small helpers
def _style_font(document: Document, template: Template) -> None:
    style = document.styles["Normal"]
    style.font.name = template.font
    style.font.size = Pt(template.font_size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), template.font)
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(3)
    pf.line_spacing = template.line_spacing


def _add_run(paragraph, text: str, bold=False, italic=False, size: Optional[float] = None, superscript=False):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if superscript:
        run.font.superscript = True
    return run


def _para(container, text="", bold=False, italic=False, align=None, size=None, indent=False, after=None):
    paragraph = container.add_paragraph()
    if text:
        _add_run(paragraph, text, bold, italic, size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.0)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _cell_lines(cell, lines: list[str], bold=False, italic=False, align=None, size=None) -> None:
    """The cell's text, one paragraph per line (a new cell holds one empty paragraph)."""
    for k, line in enumerate(lines or [""]):
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        if align is not None:
            paragraph.alignment = align
        if line:
            _add_run(paragraph, line, bold, italic, size)


def _borders(table, ruling: str) -> None:
    edges = {"ruled": ("top", "left", "bottom", "right", "insideH", "insideV"),
             "hrules": ("top", "bottom", "insideH"), "borderless": ()}[ruling]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        if side in edges:
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
        else:
            edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


def _page_size(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Cm(21.0), Cm(29.7)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)


# ---------------------------------------------------------------- the letter
def _header_block(document: Document, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)
    _borders(table, "borderless")
    left, right = table.rows[0].cells
    _cell_lines(left, [report.header_left[0]], size=12, align=CENTER)
    _para(left, report.header_left[1], bold=True, size=12, align=CENTER, after=0)
    _para(left, report.number_line, align=CENTER, after=0)
    right.paragraphs[0].alignment = CENTER
    _add_run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _para(right, report.motto, bold=True, align=CENTER, after=0)
    _para(right, "", align=CENTER, after=0)
    _para(right, report.date_line, italic=True, align=CENTER, after=0)
    _widths(table, [6.5, 10.0])
    _para(document)


def _letter(document: Document, report: Report) -> None:
    _header_block(document, report)
    for k, line in enumerate(report.title):
        _para(document, line, bold=True, align=CENTER, size=14 if k == 0 else None, after=0)
    _para(document)
    for kind, text in report.paragraphs:
        if kind == "heading":
            _para(document, text, bold=True, align=JUSTIFY, indent=True)
        else:
            _para(document, text, align=JUSTIFY, indent=True)
    _para(document, report.closing, align=JUSTIFY, indent=True)
    table = document.add_table(rows=1, cols=2)
    _borders(table, "borderless")
    left, right = table.rows[0].cells
    _cell_lines(left, report.recipients[:1], bold=True, italic=True, size=12)
    for line in report.recipients[1:]:
        _para(left, line, size=11, after=0)
    if report.signature:
        _cell_lines(right, report.signature[:1], bold=True, align=CENTER)
        for line in report.signature[1:] + ["", "", ""]:
            _para(right, line, bold=True, align=CENTER, after=0)
        if report.fields.signer:
            _para(right, report.fields.signer, bold=True, align=CENTER, after=0)
    _widths(table, [8.0, 8.5])


# ---------------------------------------------------------------- the statistics table
def _stt_text(row: Row, t: Template) -> str:
    if row.kind in ("sub", "dash"):
        return row.mark if row.mark and t.breakdown_style.endswith("_stt") or row.kind == "dash" and \
            not t.breakdown_style.endswith("_indicator") else ""
    return f"{row.stt}." if t.stt_dot else row.stt


def _indicator_text(row: Row, t: Template) -> str:
    if row.kind in ("sub", "dash") and row.mark and not _stt_text(row, t):
        return f"{row.mark} {row.indicator}"
    return row.indicator


def _header(table, t: Template, size: float) -> int:
    """Header rows (and the column-number row); returns how many rows they take."""
    words = {"stt": t.stt_word, "indicator": t.indicator_word, "unit": t.unit_word, "value": t.value_word,
             "note": t.note_word}
    columns = t.columns
    top = table.rows[0]
    if t.header_rows == 1:
        for cell, col in zip(top.cells, columns):
            _cell_lines(cell, [words[col]], bold=True, align=CENTER, size=size)
        cells = dict(zip(columns, top.cells))
    else:
        second = table.rows[1]
        cells = {}
        for k, col in enumerate(columns):
            if col in ("stt", "indicator", "note"):
                cells[col] = top.cells[k].merge(second.cells[k])
                _cell_lines(cells[col], [words[col]], bold=True, align=CENTER, size=size)
            else:
                _cell_lines(second.cells[k], [words[col]], bold=True, align=CENTER, size=size)
        first = columns.index(columns[2])
        group = top.cells[first].merge(top.cells[first + 1])
        _cell_lines(group, [t.group_word], bold=True, align=CENTER, size=size)
    if t.usage_note:
        paragraph = cells["indicator"].add_paragraph()
        paragraph.alignment = CENTER
        _add_run(paragraph, "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", italic=True, size=size - 1)
    if t.header_rows == 2:
        _room_for_merged(table.rows[0], t, size)
    used = t.header_rows
    if t.column_numbers:
        for k, cell in enumerate(table.rows[used].cells):
            _cell_lines(cell, [f"({k + 1})"], italic=True, align=CENTER, size=size - 1)
        used += 1
    for k in range(used):
        if t.repeat_header:
            _row_property(table.rows[k], "w:tblHeader")
        _row_property(table.rows[k], "w:cantSplit")
        for cell in table.rows[k].cells:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    return used


def _room_for_merged(top_row, t: Template, size: float) -> None:
    """Give the first of two header rows the height its vertically merged cells need. Left to itself, LibreOffice
    sizes the rows by the unmerged cells, and where the header is repeated on the next page the merged cell's
    text (the usage note) runs down over the first body row."""
    widths = dict(zip(t.columns, t.column_widths()))
    chars_per_cm = 28.35 / (0.5 * size)  # an average glyph is about half an em wide
    lines = max(len(t.stt_word) / (widths["stt"] * chars_per_cm), len(t.note_word) / (widths.get("note", 9) * chars_per_cm))
    indicator = 1 + (len(t.indicator_word) // int(widths["indicator"] * chars_per_cm))
    if t.usage_note:
        indicator += 1 + 50 // int(widths["indicator"] * chars_per_cm * 0.9)
    lines = max(int(lines) + 1, indicator)
    line_pt = size * 1.25 * t.line_spacing
    top_row.height = Pt(max(lines * line_pt - line_pt, line_pt) + 4)
    top_row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _body_row(table_row, row: Optional[Row], t: Template, size: float) -> None:
    cells = dict(zip(t.columns, table_row.cells))
    if row is None:  # the `Trong đó:` marker
        _cell_lines(cells["indicator"], ["Trong đó:"], italic=True, size=size)
        return
    bold = row.kind == "section"
    if row.kind == "section" and t.section_merged:
        merged = table_row.cells[1].merge(table_row.cells[-1])
        cells = {"stt": table_row.cells[0], "indicator": merged}
    _cell_lines(cells["stt"], [_stt_text(row, t)], bold=bold, align=ALIGN[t.stt_align], size=size)
    indicator = cells["indicator"].paragraphs[0]
    indicator.paragraph_format.space_after = Pt(0)
    indicator.alignment = LEFT
    _add_run(indicator, _indicator_text(row, t), bold=bold, size=size)
    if row.footnote:
        if t.footnotes == "paren":
            _add_run(indicator, f"({row.footnote})", bold=bold, size=size)
        else:
            _add_run(indicator, str(row.footnote), size=size, superscript=True)
    if "unit" in cells:
        _cell_lines(cells["unit"], [row.unit or ""], align=CENTER, size=size)
        _cell_lines(cells["value"], row.value_lines, align=ALIGN[t.value_align], size=size)
    if "note" in cells:
        _cell_lines(cells["note"], [row.note or ""], align=LEFT, size=size)
    for cell in table_row.cells:
        cell.vertical_alignment = V_ALIGN[t.v_align]


def _stats_table(document: Document, table: Table, t: Template) -> None:
    size = t.table_font_size
    printed: list[Optional[Row]] = []
    for row in table.rows:
        if row.marker_before:
            printed.append(None)
        printed.append(row)
    head = t.header_rows + (1 if t.column_numbers else 0)
    grid = document.add_table(rows=head + len(printed), cols=len(t.columns))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(grid, t.ruling)
    used = _header(grid, t, size)
    for k, row in enumerate(printed):
        table_row = grid.rows[used + k]
        if t.rows_cant_split:
            _row_property(table_row, "w:cantSplit")
        _body_row(table_row, row, t, size)
    _widths(grid, t.column_widths())


def _annex(document: Document, report: Report, t: Template) -> None:
    for k, table in enumerate(report.tables):
        if k == 0 and t.orientation == "landscape":
            section = document.add_section(WD_SECTION.NEW_PAGE)
            _page_size(section, landscape=True)
        elif k == 0 and not t.annex_new_page:
            _para(document)
        else:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if table.label:
            _para(document, table.label, bold=True, align=ALIGN[t.label_align], after=0)
        if table.title:
            _para(document, table.title, bold=True, align=CENTER, after=0)
        if table.attachment:
            _para(document, table.attachment, italic=True, align=CENTER, after=0)
        _para(document, after=0)
        _stats_table(document, table, t)
        for number, text in enumerate(table.footnotes, 1):
            paragraph = _para(document, after=0)
            if t.footnotes == "paren":
                _add_run(paragraph, f"({number}) {text}", italic=True, size=t.table_font_size - 1)
            else:
                _add_run(paragraph, str(number), size=t.table_font_size - 1, superscript=True)
                _add_run(paragraph, f" {text}", italic=True, size=t.table_font_size - 1)


def render_docx(report: Report, t: Template, out: Path) -> None:
    document = Document()
    _style_font(document, t)
    section = document.sections[0]
    _page_size(section, landscape=False)
    if t.page_numbers:
        _page_number_header(section)
    _letter(document, report)
    _annex(document, report, t)
    core = document.core_properties
    core.title = report.title[1]
    core.author = "UBND"
    core.created = core.modified = datetime.datetime(2024, 1, 1)
    core.last_printed = datetime.datetime(2024, 1, 1)
    core.revision = 1
    document.save(out)
    _fix_zip_times(out)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the package with fixed member times, so that the same seed gives the same bytes."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)

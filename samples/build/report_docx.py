"""The report as a Word document: header block, title, body, signature, and the statistics tables, every field and
cell taken from a seed's expected JSON. Used by make_documents.py."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
LEVEL_CAPS = {"xã": "XÃ", "phường": "PHƯỜNG", "thị trấn": "THỊ TRẤN"}


# ---------------------------------------------------------------- what the document says, from the expected JSON
def period_phrase(report: dict) -> str:
    """`Quý I năm 2024`, `6 tháng đầu năm 2024`, `năm 2024` from the period fields."""
    kind, number, year = report.get("period_type"), report.get("period_number"), report.get("year")
    year_text = f"năm {year}" if year else ""
    if kind == "quarter":
        head = f"Quý {ROMAN.get(number, number)}"
    elif kind == "half_year":
        head = "6 tháng cuối" if number == 2 else "6 tháng đầu"
    elif kind == "nine_months":
        head = "9 tháng"
    elif kind == "month":
        head = f"tháng {number}"
    else:
        head = ""
    return " ".join(p for p in (head, year_text) if p)


def unit_phrase(report: dict) -> str:
    level, name = report.get("unit_level"), report.get("unit_name")
    return f"{level} {name}" if level and name else ""


def district_phrase(report: dict) -> str:
    level, name = report.get("district_level"), report.get("district")
    return f"{level} {name}" if level and name else ""


def printed_value(value_raw: Optional[str]) -> Optional[str]:
    """How a value cell is printed in a Word document: a LaTeX fraction from a text export becomes `a/b = c%`."""
    if value_raw is None:
        return None
    match = re.fullmatch(r"\$\\frac\{([^}]*)\}\{([^}]*)\}\s*=\s*(.*?)\$", value_raw.strip())
    if match:
        result = match.group(3).replace("\\%", "%").strip()
        return f"{match.group(1)}/{match.group(2)} = {result}"
    return value_raw.replace("\\%", "%")


def header_date(report: dict) -> tuple[str, Optional[str]]:
    """(`ngày 08 tháng 3 năm 2024` or a blank date line, `08/3/2024` or None)."""
    date = report.get("report_date")
    if date:
        y, m, d = (int(x) for x in date.split("-"))
        return f"ngày {d:02d} tháng {m} năm {y}", f"{d:02d}/{m}/{y}"
    year = report.get("year") or ""
    return f"ngày      tháng      năm {year}".rstrip(), None


# ---------------------------------------------------------------- low-level DOCX helpers
def _set_font(document: Document, size: float) -> None:
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Times New Roman")
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.space_before = Pt(0)


def _run(paragraph, text: str, bold: bool, italic: bool, size: float) -> None:
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)


def _para(container, text: str = "", bold: bool = False, italic: bool = False, align=None, size: float = 0,
          space_after: Optional[float] = None, indent: bool = False):
    paragraph = container.add_paragraph()
    _run(paragraph, text, bold, italic, size)
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


def _cell_text(cell, text: str, bold: bool = False, italic: bool = False, align=None, size: float = 0) -> None:
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    _run(paragraph, text, bold, italic, size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(1)


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    first = True
    for text, style in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = paragraph.add_run(text)
        run.bold = style.get("bold", False)
        run.italic = style.get("italic", False)
        if style.get("size"):
            run.font.size = Pt(style["size"])
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)


def _row_property(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for row in table.rows:
        for k, cell in enumerate(row.cells):
            if k < len(widths_cm):
                cell.width = Cm(widths_cm[k])
    grid = table._tbl.tblGrid
    for k, col in enumerate(grid.findall(qn("w:gridCol"))):
        if k < len(widths_cm):
            col.set(qn("w:w"), str(int(widths_cm[k] * 567)))


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.append(borders)


def _page_number_header(section) -> None:
    """A centred page number at the top, as Vietnamese administrative documents print it (not body text)."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    paragraph._p.append(field_)


# ---------------------------------------------------------------- the report
@dataclass
class Layout:
    ruled: bool = True
    rows_can_split: bool = False
    font_size: float = 13
    table_font_size: float = 12
    indicator_cm: float = 8.4
    line_spacing: Optional[float] = None
    header_height_cm: Optional[float] = None  # the merged header cells need room when the columns are narrow
    # the other way Word users build the form: STT by automatic numbering, a one-row header, the label in a title
    # row inside the table
    word_style: bool = False


def build_docx(expected: dict, out: Path, layout: Layout) -> None:
    report = expected["report"]
    document = Document()
    _set_font(document, layout.font_size)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    _page_number_header(section)

    _header_block(document, report)
    _title(document, report)
    _body(document, report)
    _signature(document, report)
    _tables(document, expected, layout)
    core = document.core_properties
    core.title = f"Báo cáo CCHC {period_phrase(report)}".strip()
    core.author = "UBND"
    document.save(out)


def _header_block(document: Document, report: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    lines_left: list[tuple[str, dict]] = [("ỦY BAN NHÂN DÂN", {"size": 12})]
    level, name = report.get("unit_level"), report.get("unit_name")
    if level and name:
        lines_left.append((f"{LEVEL_CAPS.get(level, level.upper())} {name.upper()}", {"bold": True, "size": 12}))
    number = report.get("report_number")
    lines_left.append(("", {}))
    suffix = number.split("/", 1)[1] if number and "/" in number else "BC-UBND"
    lines_left.append((f"Số: {number}" if number else f"Số:        /{suffix}", {"size": 13}))
    _cell_lines(left, lines_left)
    date_text, _ = header_date(report)
    place = name if name and not name.isdigit() else (f"Phường {name}" if name else "")
    date_line = f"{place}, {date_text}" if place else date_text.capitalize()
    _cell_lines(right, [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 12}),
        ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "size": 13}),
        ("", {}),
        (date_line, {"italic": True, "size": 13}),
    ])
    _widths(table, [6.0, 10.5])
    _para(document)


def _title(document: Document, report: dict) -> None:
    _para(document, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, space_after=0)
    period = period_phrase(report)
    title = f"Kết quả công tác cải cách hành chính {period}".strip()
    _para(document, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, space_after=12)


def _body(document: Document, report: dict) -> None:
    unit, district, period = unit_phrase(report), district_phrase(report), period_phrase(report)
    province = report.get("province")
    year = report.get("year")
    place = ", ".join(p for p in (district, f"tỉnh {province}" if province else "") if p)
    plan = f"Kế hoạch cải cách hành chính năm {year}" if year else "Kế hoạch cải cách hành chính"
    issuer = f" của Ủy ban nhân dân {district}" if district else ""
    reporter = f"Ủy ban nhân dân {unit}" if unit else "Ủy ban nhân dân"
    first = (f"Thực hiện {plan}{issuer}; căn cứ tình hình thực tế tại địa phương, {reporter}"
             f"{(' (' + place + ')') if place else ''} báo cáo kết quả thực hiện công tác cải cách hành chính"
             f" {period} như sau:")
    _para(document, " ".join(first.split()), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(document, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _para(document, "Công tác cải cách hành chính được triển khai đồng bộ trên các nội dung: cải cách thể chế, "
                    "cải cách thủ tục hành chính, cải cách tổ chức bộ máy, cải cách chế độ công vụ, cải cách tài "
                    "chính công, xây dựng và phát triển chính quyền điện tử, chính quyền số. Số liệu cụ thể được "
                    "tổng hợp tại phụ lục kèm theo báo cáo này.", indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(document, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", bold=True)
    _para(document, "Tiếp tục đẩy mạnh công tác tuyên truyền, nâng cao chất lượng giải quyết thủ tục hành chính, "
                    "tăng cường kỷ luật, kỷ cương hành chính và ứng dụng công nghệ thông tin trong hoạt động của "
                    "cơ quan.", indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    closing = f"Trên đây là báo cáo kết quả công tác cải cách hành chính {period} của {reporter}./."
    _para(document, " ".join(closing.split()), indent=True)


def _signature(document: Document, report: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    district = district_phrase(report)
    recipients = [("Nơi nhận:", {"bold": True, "italic": True, "size": 12})]
    if district:
        recipients.append((f"- UBND {district};", {"size": 11}))
    recipients += [("- Phòng Nội vụ;", {"size": 11}), ("- Lưu: VT.", {"size": 11})]
    _cell_lines(left, recipients)
    for paragraph in left.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title = report.get("signer_title")
    lines: list[tuple[str, dict]] = []
    if title == "Phó Chủ tịch":
        lines = [("KT. CHỦ TỊCH", {"bold": True}), ("PHÓ CHỦ TỊCH", {"bold": True})]
    elif title == "Chủ tịch":
        lines = [("TM. ỦY BAN NHÂN DÂN", {"bold": True}), ("CHỦ TỊCH", {"bold": True})]
    if lines:
        lines += [("", {}), ("", {}), ("", {})]
        if report.get("signer"):
            lines.append((report["signer"], {"bold": True}))
        _cell_lines(right, lines)
    _widths(table, [8.0, 8.5])


def _groups(rows: list[dict]) -> list[tuple[Optional[str], list[dict]]]:
    groups: list[tuple[Optional[str], list[dict]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.get("table"):
            groups.append((row.get("table"), []))
        groups[-1][1].append(row)
    return groups


def _tables(document: Document, expected: dict, layout: Layout) -> None:
    report = expected["report"]
    number = report.get("report_number")
    _, short_date = header_date(report)
    from word_form import Lists, word_style_table  # the other form layout; imports helpers from here

    lists = Lists(document) if layout.word_style else None
    for label, rows in _groups(expected["rows"]):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if label and not layout.word_style:
            _para(document, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        _para(document, "BIỂU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ CẤP XÃ", bold=True,
              align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        if number and short_date:
            _para(document, f"(Kèm theo Báo cáo số {number} ngày {short_date})", italic=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        else:
            _para(document, "(Kèm theo Báo cáo của Ủy ban nhân dân)", italic=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        if layout.word_style:
            word_style_table(document, rows, label, layout, lists)
        else:
            _stats_table(document, rows, layout)


def table_lines(rows: list[dict]) -> list[dict]:
    """The table's body as printed: a `Trong đó:` marker row above each run of sub-rows without STT, a `- `
    in the indicator for the dash rows."""
    printed: list[dict] = []
    previous_stt: Optional[str] = "start"
    for row in rows:
        if row.get("stt") is None and previous_stt is not None and previous_stt != "start":
            printed.append({"stt": "", "indicator": "Trong đó:", "unit": "", "value": "", "note": "", "marker": True})
        stt = row.get("stt")
        indicator = row["indicator"]
        if stt == "-":
            stt, indicator = "", f"- {indicator}"
        printed.append({
            "stt": stt or "", "indicator": indicator, "unit": row.get("unit") or "",
            "value": printed_value(row.get("value_raw")) or "", "note": row.get("note") or "",
            "section": bool(stt) and re.fullmatch(r"[IVX]+", stt or "") is not None, "marker": False,
        })
        previous_stt = row.get("stt")
    return printed


def _stats_table(document: Document, rows: list[dict], layout: Layout) -> None:
    size = layout.table_font_size
    body = table_lines(rows)
    table = document.add_table(rows=3 + len(body), cols=5)
    if layout.ruled:
        table.style = document.styles["Table Grid"]
    else:
        _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    center = WD_ALIGN_PARAGRAPH.CENTER
    # two header rows: `Kết quả thống kê` over unit + value; STT, indicator and note span both rows
    top, second, numbers = table.rows[0], table.rows[1], table.rows[2]
    merged = top.cells[2].merge(top.cells[3])
    stt_cell = top.cells[0].merge(second.cells[0])
    indicator_cell = top.cells[1].merge(second.cells[1])
    note_cell = top.cells[4].merge(second.cells[4])
    _cell_text(stt_cell, "STT", bold=True, align=center, size=size)
    _cell_text(indicator_cell, "Chỉ tiêu thống kê", bold=True, align=center, size=size)
    indicator_cell.add_paragraph().add_run("(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)").italic = True
    indicator_cell.paragraphs[-1].alignment = center
    _cell_text(merged, "Kết quả thống kê", bold=True, align=center, size=size)
    _cell_text(note_cell, "Ghi chú", bold=True, align=center, size=size)
    _cell_text(second.cells[2], "Đơn vị tính", bold=True, align=center, size=size)
    _cell_text(second.cells[3], "Số liệu", bold=True, align=center, size=size)
    for k, cell in enumerate(numbers.cells):
        _cell_text(cell, f"({k + 1})", italic=True, align=center, size=size - 1)
    if layout.header_height_cm:
        top.height = Cm(layout.header_height_cm)
        top.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for row in (top, second, numbers):
        _row_property(row, "w:tblHeader")
        _row_property(row, "w:cantSplit")
    for k, line in enumerate(body):
        row = table.rows[3 + k]
        if not layout.rows_can_split:
            _row_property(row, "w:cantSplit")
        cells = row.cells
        bold = line.get("section", False)
        _cell_text(cells[0], line["stt"], bold=bold, align=center, size=size)
        _cell_text(cells[1], line["indicator"], bold=bold, italic=line.get("marker", False), size=size)
        _cell_text(cells[2], line["unit"], align=center, size=size)
        _cell_text(cells[3], line["value"], align=center, size=size)
        _cell_text(cells[4], line["note"], size=size)
        if layout.line_spacing:
            for cell in cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.line_spacing = layout.line_spacing
    rest = 16.2 - layout.indicator_cm
    _widths(table, [1.5, layout.indicator_cm, rest * 0.38, rest * 0.32, rest * 0.30])



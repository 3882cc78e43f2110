"""`baocao export LAKE|FILE --xlsx OUT`: one workbook officials open in Excel or LibreOffice: a sheet listing the
reports, one sheet per report (its fields on top, its table below: figures as numbers in the Vietnamese display
format, the reasons to look as cell comments) and, from a lake, the province's pivot by indicator.

A hidden column keeps each line's identity (the field's name, the row's index and STT path), and each report sheet
its document's hash, so `baocao correct` reads the reviewer's edits back cell by cell (`workbook.py`)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional, Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from baocao.catalog.report_key import period_label
from baocao.review.docs import ReviewDoc
from baocao.review.labels import (REPORT_FIELDS, STATUS_NAMES, commune_text, failed_rules, is_low_confidence,
                                  other_flags, period_text)

REPORTS_SHEET = "Báo cáo"
PIVOT_SHEET = "Tổng hợp"
# a report sheet: columns of the table (the fields block uses A-B), and the hidden identity column
TABLE_COLUMNS = ("Bảng", "STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú", "Số liệu (như in)", "Trang",
                 "Cần xem")
ROW_CELLS = {"table": 1, "stt": 2, "indicator": 3, "unit": 4, "value": 5, "note": 6}  # field → column (1-based)
KEY_COLUMN = 10  # J: `file`, `doc`, `field:<name>`, `rows`, `row:<row_index>` — hidden
PATH_COLUMN = 11  # K: the row's STT path — hidden
HASH_LABEL = "Mã tài liệu (SHA-256)"
COMMENT_AUTHOR = "baocao"
FILLS = {"failed": PatternFill("solid", fgColor="FDE2E1"), "lowconf": PatternFill("solid", fgColor="FFF3BF"),
         "corrected": PatternFill("solid", fgColor="E3F5E1")}
# Excel LCID 0x042A (Vietnamese): with it the figures read `8.066.841.050` and `26,6` in a Vietnamese Excel
VN_LOCALE = "[$-42A]"
TOP = Alignment(vertical="top")
INDICATOR_CHARS = 60  # the indicator column's width, in characters
LINE_HEIGHT_PT = 15.0  # one line of 11 pt text
CODED_FIELDS = {"period_type": ("quarter", "half_year", "nine_months", "year", "month"),
                "unit_level": ("xã", "phường", "thị trấn"),
                "district_level": ("huyện", "thị xã", "thành phố", "quận"),
                "signer_title": ("Chủ tịch", "Phó Chủ tịch")}
_DECIMALS = re.compile(r",(\d+)\s*%?\s*$")


def number_format(value_raw: Optional[str], value: float) -> str:
    """Thousands grouped; as many decimals as the report printed (`16,67%` → two)."""
    printed = _DECIMALS.search((value_raw or "").rsplit("=", 1)[-1])
    decimals = len(printed.group(1)) if printed else (0 if float(value).is_integer() else 2)
    return VN_LOCALE + "#,##0" + ("." + "0" * decimals if decimals else "")


def sheet_names(docs: Sequence[ReviewDoc]) -> list[str]:
    """One sheet name per report (at most 31 characters, none of `[]:*?/\\`, unique)."""
    names, seen = [], {REPORTS_SHEET.casefold(), PIVOT_SHEET.casefold()}
    for doc in docs:
        r = doc.report
        period = period_label(r.get("period_type"), r.get("period_number"), r.get("year")) or ""
        unit = r.get("unit_name") or ""
        unit = commune_text(r) if unit.isdigit() else unit  # `phường 1`, not `1`
        base = re.sub(r"[\[\]:*?/\\]", " ", f"{unit} {period}").strip()[:26]
        name, k = base or doc.sha256[:12], 2
        while name.casefold() in seen:
            name = f"{base[:27 - len(str(k))]} ({k})"
            k += 1
        seen.add(name.casefold())
        names.append(name)
    return names


def export_workbook(docs: Sequence[ReviewDoc], out: Path, lake: Optional[Path] = None) -> int:
    """Write the workbook; the number of sheets."""
    book = Workbook()
    index = book.active
    index.title = REPORTS_SHEET
    names = sheet_names(docs)
    _index_sheet(index, docs, names)
    for doc, name in zip(docs, names):
        _report_sheet(book.create_sheet(name), doc)
    if lake is not None:
        _pivot_sheet(book, lake)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return len(book.sheetnames)


def _widths(sheet, widths: Sequence[float]) -> None:
    for k, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    # printed: landscape, every column on one page's width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _index_sheet(sheet, docs: Sequence[ReviewDoc], names: Sequence[str]) -> None:
    heads = ("Trang tính", "Xã / phường", "Huyện", "Tỉnh", "Kỳ", "Trạng thái", "Lý do", "Số dòng", "Kiểm tra lỗi",
             "Độ tin cậy thấp", "Đã sửa", "Tệp", HASH_LABEL)
    sheet.append(heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for doc, name in zip(docs, names):
        r = doc.report
        sheet.append([name, commune_text(r), r.get("district"), r.get("province"), period_text(r),
                      STATUS_NAMES.get(r["status"], r["status"]), r.get("error"), len(doc.rows),
                      r.get("n_checks_failed") or 0, sum(is_low_confidence(row) for row in doc.rows),
                      len(doc.corrections), doc.name, doc.sha256])
        link = sheet.cell(row=sheet.max_row, column=1)
        link.hyperlink = f"#'{name}'!A1"
        link.font = Font(color="0B5CAD", underline="single")
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    _widths(sheet, (28, 24, 18, 14, 16, 14, 30, 8, 10, 10, 8, 36, 20))


def _report_sheet(sheet, doc: ReviewDoc) -> None:
    r = doc.report
    sheet.append([f"{commune_text(r)} — {period_text(r)}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Tệp", doc.name])
    sheet.cell(row=2, column=KEY_COLUMN, value="file")
    sheet.append([HASH_LABEL, doc.sha256])
    sheet.cell(row=3, column=KEY_COLUMN, value="doc")
    sheet.append(["Trạng thái", STATUS_NAMES.get(r["status"], r["status"]) + (f": {r['error']}" if r.get("error") else "")])
    fixed_fields = {c["field"]: c for c in doc.corrections if c.get("row_index") is None}
    for name, label in REPORT_FIELDS.items():
        value = r.get(name)
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=KEY_COLUMN, value=f"field:{name}")
        if name in CODED_FIELDS:  # a coded field offers its codes (what `correct` takes back)
            choice = DataValidation(type="list", formula1='"' + ",".join(CODED_FIELDS[name]) + '"', allow_blank=True)
            sheet.add_data_validation(choice)
            choice.add(sheet.cell(row=sheet.max_row, column=2))
        if name in fixed_fields:
            cell = sheet.cell(row=sheet.max_row, column=2)
            cell.fill = FILLS["corrected"]
            cell.comment = Comment(_correction_note(fixed_fields[name]), COMMENT_AUTHOR)
    sheet.append([])
    sheet.append(list(TABLE_COLUMNS))
    sheet.cell(row=sheet.max_row, column=KEY_COLUMN, value="rows")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    header_row = sheet.max_row
    reasons = _reasons(doc)
    for row in doc.rows:
        value = row.get("value")
        shown_value = value if value is not None else row.get("value_raw")
        why = reasons.get(row["row_index"], [])
        sheet.append([row.get("table"), row.get("stt"), row.get("indicator"), row.get("unit"), shown_value,
                      row.get("note"), row.get("value_raw"), row.get("page"), "; ".join(why) or None])
        at = sheet.max_row
        sheet.cell(row=at, column=KEY_COLUMN, value=f"row:{row['row_index']}")
        sheet.cell(row=at, column=PATH_COLUMN, value=row.get("stt_path"))
        figure = sheet.cell(row=at, column=ROW_CELLS["value"])
        if value is not None:
            figure.number_format = number_format(row.get("value_raw"), value)
        for column in range(1, len(TABLE_COLUMNS) + 1):
            sheet.cell(row=at, column=column).alignment = TOP
        sheet.cell(row=at, column=ROW_CELLS["indicator"]).alignment = Alignment(wrap_text=True, vertical="top")
        lines = -(-len(row.get("indicator") or "") // INDICATOR_CHARS)
        if lines > 1:  # not every program sizes a wrapped row when it opens the file
            sheet.row_dimensions[at].height = LINE_HEIGHT_PT * lines
        kind = ("failed" if failed_rules(row) else "lowconf" if is_low_confidence(row)
                else "corrected" if "corrected" in (row.get("flags") or []) else None)
        if kind:
            for column in (ROW_CELLS["stt"], ROW_CELLS["value"]):
                sheet.cell(row=at, column=column).fill = FILLS[kind]
        if why:
            figure.comment = Comment("\n".join(why), COMMENT_AUTHOR, width=320, height=120)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for column in (KEY_COLUMN, PATH_COLUMN):
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    _widths(sheet, (24, 9, INDICATOR_CHARS, 16, 16, 20, 18, 7, 30))


def _correction_note(c: dict) -> str:
    at = str(c.get("corrected_at") or "")[:16].replace("T", " ")
    return f"Đã sửa bởi {c.get('corrected_by')} lúc {at}; máy đọc: {c.get('old') if c.get('old') is not None else '(trống)'}"


def _reasons(doc: ReviewDoc) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for check in doc.checks:
        if not check.get("passed"):
            for index in check.get("row_indexes") or []:
                out.setdefault(index, []).append(f"{check['rule']}: {check.get('detail') or ''}")
    for row in doc.rows:
        why = out.setdefault(row["row_index"], [])
        if is_low_confidence(row):
            why.append(f"độ tin cậy thấp ({row.get('confidence', 1.0):.2f})")
        if row.get("repaired"):
            why.append("chữ trong dòng đã được sửa lỗi (mã hoá / phông chữ)")
        why.extend(other_flags(row))
    for c in doc.corrections:
        if c.get("row_index") is not None:
            out.setdefault(c["row_index"], []).append(_correction_note(c) + f" ({c['field']})")
    return {k: v for k, v in out.items() if v}


def _pivot_sheet(book: Workbook, lake: Path) -> None:
    """The province's view (catalog/pivot.py) when the lake has keyed rows."""
    import math

    from baocao.catalog.pivot import PivotError, wide_table

    try:
        table = wide_table(lake)
    except (PivotError, KeyError, ValueError):
        return
    if table.empty:
        return
    sheet = book.create_sheet(PIVOT_SHEET)
    sheet.append([str(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in table.itertuples(index=False):
        sheet.append([None if isinstance(v, float) and math.isnan(v) else
                      (v.item() if hasattr(v, "item") else v) for v in values])
    sheet.freeze_panes = "B2"

"""Names a Vietnamese reviewer reads: report fields, periods, table columns; numbers in Vietnamese format."""
from __future__ import annotations

import math
from typing import Optional

from baocao.catalog.checks import VALUE_RULES
from baocao.settings import SETTINGS

# the report fields a reviewer checks, in the order a report states them, with their labels
REPORT_FIELDS = {
    "unit_level": "Cấp xã",
    "unit_name": "Xã / phường / thị trấn",
    "district_level": "Cấp huyện",
    "district": "Huyện / thị xã / thành phố",
    "province": "Tỉnh",
    "period_type": "Kỳ báo cáo",
    "period_number": "Số kỳ",
    "year": "Năm",
    "report_number": "Số báo cáo",
    "report_date": "Ngày báo cáo",
    "signer_title": "Chức vụ người ký",
    "signer": "Người ký",
}
# the cells of a table row a reviewer may correct, with their column headings
ROW_FIELDS = {"stt": "STT", "indicator": "Chỉ tiêu", "unit": "Đơn vị tính", "value": "Số liệu", "note": "Ghi chú"}
PERIOD_NAMES = {"quarter": "Quý", "half_year": "6 tháng", "nine_months": "9 tháng", "year": "Năm", "month": "Tháng"}
STATUS_NAMES = {"ok": "ổn", "partial": "thiếu một phần", "failed": "không đọc được"}
# flags that name a check (catalog/checks.py) rather than another reason to look (`diff`: lakes written before)
CHECK_RULES = VALUE_RULES | {"diff", "period_matches_date"}


def period_text(report: dict) -> str:
    """`Quý I/2024`, `6 tháng đầu năm 2024`, `Năm 2024`; '' when the period was not read."""
    kind, number, year = report.get("period_type"), report.get("period_number"), report.get("year")
    if not kind:
        return str(year or "")
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    if kind == "quarter" and number:
        return f"Quý {roman.get(number, number)}/{year or '?'}"
    if kind == "half_year":
        half = {1: "đầu", 2: "cuối"}.get(number, "")
        return f"6 tháng {half} năm {year or '?'}".replace("  ", " ")
    if kind == "nine_months":
        return f"9 tháng năm {year or '?'}"
    if kind == "month" and number:
        return f"Tháng {number}/{year or '?'}"
    return f"Năm {year or '?'}"


def commune_text(report: dict) -> str:
    level, name = report.get("unit_level") or "", report.get("unit_name") or ""
    return f"{level} {name}".strip() or "(chưa rõ)"


def vn_number(value: Optional[float]) -> str:
    """8066841050 → `8.066.841.050`, 26.6 → `26,6` (the way the reports print them)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def is_low_confidence(row: dict) -> bool:
    return "low_confidence" in (row.get("flags") or []) \
        or (row.get("confidence") or 1.0) < SETTINGS.trust.unsure_confidence  # a lake written before the flag


def failed_rules(row: dict) -> list[str]:
    return [f for f in row.get("flags") or [] if f in CHECK_RULES]


# the flags that are no check, as an officer reads them
FLAG_NAMES = {
    "unread_value": "số liệu OCR không đọc ra số",
    "table_shape": "bảng (hoặc trang) không có dạng biểu thống kê: các ô không chắc chắn",
    "value_reread": "số liệu đã được đọc lại từ bản quét cho khớp các phép kiểm tra",
    "unsure_layout": "máy không chắc chữ nào thuộc dòng này, thuộc cột nào (các ô có thể lệch dòng, lệch cột)",
    "misplaced_code": "mã của đơn vị tính (`Có = 1; Không = 0`) bị cắt hoặc nằm ở ô khác: các ô có thể lệch cột",
}


def other_flags(row: dict) -> list[str]:
    """What the row's flags that are no failed check and no low confidence say, and what OCR first read where the
    reader put it right (`read_as`)."""
    said = [FLAG_NAMES.get(flag, flag) for flag in row.get("flags") or []
            if flag not in failed_rules(row) and flag not in ("corrected", "low_confidence")]
    if row.get("read_as"):
        said.append(f"OCR đọc lần đầu: {row['read_as']}")
    return said

"""One key per commune and period (`reports.report_key`), so the lake can keep one current report for each.

The commune is its 2025 code from the gazetteer (`Report.unit_code`) when there is one; a commune merged into a
2025 commune of another name keeps its old name beside the code, so two communes merged into one still report
apart for the periods before the merger. Without a code, the normalised names (province / district / commune).
The period: `2024Q1`, `2024H1`, `2024M1-9` (nine months), `2024` (a year), `2024M03` (a month)."""
from __future__ import annotations

from typing import Optional

import regex as re

from baocao.normalize.text import strip_accents
from baocao.schemas import Report

_PREFIX_2025 = re.compile(r"^(?:xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


def period_label(period_type: Optional[str], number: Optional[int], year: Optional[int]) -> Optional[str]:
    if year is None or period_type is None:
        return None
    if period_type == "year":
        return str(year)
    if period_type == "nine_months":
        return f"{year}M1-9"
    if number is None:
        return None
    if period_type == "quarter":
        return f"{year}Q{number}"
    if period_type == "half_year":
        return f"{year}H{number}"
    if period_type == "month":
        return f"{year}M{number:02d}"
    return None


def slug(text: str) -> str:
    """`Thị trấn Như Quỳnh` → `thi_tran_nhu_quynh`."""
    return re.sub(r"[^a-z0-9]+", "_", strip_accents(text)).strip("_")


def commune_label(report: Report) -> Optional[str]:
    if not report.unit_name:
        return None
    own = slug(f"{report.unit_level or ''} {report.unit_name}")
    if report.unit_code:
        name_2025 = _PREFIX_2025.sub("", report.unit_name_2025 or "")
        if name_2025 and slug(name_2025) != slug(report.unit_name):
            return f"{report.unit_code}-{own}"
        return report.unit_code
    place = [slug(report.province or ""), slug(f"{report.district_level or ''} {report.district or ''}"), own]
    return "/".join(p for p in place if p)


def report_key(report: Report) -> Optional[str]:
    """`12004@2024Q1`, `14038-xa_phuong_dinh@2024Q1`, `thanh_hoa/thanh_pho_thanh_hoa/phuong_dien_bien@2021H1`;
    None when the commune or the period was not read."""
    commune = commune_label(report)
    period = period_label(report.period_type, report.period_number, report.year)
    if commune is None or period is None:
        return None
    return f"{commune}@{period}"

"""A workbook written by `baocao export`, read back after a reviewer edited it: each report sheet's document hash,
fields and rows, by the hidden identity column (so rows a reviewer sorted or moved are still found). Rows the
reviewer added have no identity: they are named, not taken."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from openpyxl import load_workbook

from baocao.normalize.numbers import parse_value
from baocao.review.docs import ReviewDoc
from baocao.review.export import KEY_COLUMN, PATH_COLUMN, PIVOT_SHEET, REPORTS_SHEET, ROW_CELLS
from baocao.review.labels import REPORT_FIELDS

_INTEGER_FIELDS = ("period_number", "year")


class WorkbookError(ValueError):
    """The file is not a workbook `baocao export` wrote (or lost what identifies its sheets)."""


@dataclass
class ReadBook:
    docs: list[ReviewDoc] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(value: object) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def field_value(name: str, value: object) -> object:
    """A report field as the lake types it (Excel may have turned a typed date into a date, a number into a float)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if name == "report_date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        for form in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, form).date().isoformat()
            except ValueError:
                continue
        raise WorkbookError(f"report_date: `{text}` is no date (write 2024-03-31 or 31/03/2024)")
    if name in _INTEGER_FIELDS:
        try:
            return int(float(str(value).strip()))
        except ValueError as exc:
            raise WorkbookError(f"{name}: `{value}` is no whole number") from exc
    return _text(value)


def cell_value(value: object) -> tuple[Optional[float], Optional[str]]:
    """A Số liệu cell: (value, value_raw). A number stays a number; text is read the Vietnamese way."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (int, float)):
        return float(value), None
    text = " ".join(str(value).split())
    return parse_value(text), text


def read_workbook(path: Path) -> ReadBook:
    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # not a zip, not a workbook
        raise WorkbookError(f"{path}: cannot read as an .xlsx workbook: {exc}") from exc
    out = ReadBook()
    for sheet in book.worksheets:
        if sheet.title in (REPORTS_SHEET, PIVOT_SHEET):
            continue
        doc = _read_sheet(sheet, out.warnings)
        if doc is None:
            out.warnings.append(f"sheet `{sheet.title}`: not a report sheet (no document hash), skipped")
        else:
            out.docs.append(doc)
    if not out.docs:
        raise WorkbookError(f"{path}: no report sheet written by `baocao export`")
    return out


def _read_sheet(sheet, warnings: list[str]) -> Optional[ReviewDoc]:
    report: dict = {}
    rows: list[dict] = []
    in_table = False
    for values in sheet.iter_rows(values_only=True):
        values = list(values) + [None] * (PATH_COLUMN - len(values))
        key = values[KEY_COLUMN - 1]
        key = str(key).strip() if key is not None else ""
        if key == "file":
            report["source_file"] = _text(values[1])
        elif key == "doc":
            report["source_sha256"] = _text(values[1])
        elif key.startswith("field:"):
            name = key[len("field:"):]
            if name in REPORT_FIELDS:
                try:
                    report[name] = field_value(name, values[1])
                except WorkbookError as exc:
                    warnings.append(f"sheet `{sheet.title}`: {exc}; kept as it was")
                    report[f"_bad_{name}"] = True
        elif key == "rows":
            in_table = True
        elif key.startswith("row:"):
            value, raw = cell_value(values[ROW_CELLS["value"] - 1])
            rows.append({"row_index": int(key[len("row:"):]), "table": _text(values[ROW_CELLS["table"] - 1]),
                         "stt": _text(values[ROW_CELLS["stt"] - 1]),
                         "indicator": _text(values[ROW_CELLS["indicator"] - 1]) or "",
                         "unit": _text(values[ROW_CELLS["unit"] - 1]), "value": value, "value_raw": raw,
                         "note": _text(values[ROW_CELLS["note"] - 1]), "stt_path": _text(values[PATH_COLUMN - 1])})
        elif in_table and any(v is not None for v in values[:len(ROW_CELLS)]):
            shown = " | ".join(str(v) for v in values[:6] if v is not None)
            warnings.append(f"sheet `{sheet.title}`: a row added by hand is not taken ({shown[:60]})")
    if not report.get("source_sha256"):
        return None
    report.setdefault("source_file", sheet.title)
    report.setdefault("status", "ok")
    return ReviewDoc(report=report, rows=rows)

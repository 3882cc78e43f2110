"""Terminal views of one converted document, for a reviewer."""
from __future__ import annotations

import unicodedata

_FIELDS = ("source_file", "status", "error", "method", "n_pages", "unit_level", "unit_name", "district_level",
           "district", "province", "period_type", "period_number", "year", "report_number", "report_date",
           "signer_title", "signer", "encoding", "lost_glyphs", "repairs", "n_rows")


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _fit(text: str, width: int) -> str:
    text = text or ""
    if _width(text) > width:
        text = text[: width - 1] + "…"
    return text + " " * (width - _width(text))


def render_inspect(report: dict, rows: list[dict]) -> str:
    out = []
    for name in _FIELDS:
        value = report.get(name)
        if value not in (None, ""):
            out.append(f"{name:>14}: {value}")
    out.append("")
    cols = (("table", 11), ("stt", 7), ("indicator", 58), ("unit", 18), ("value_raw", 12), ("value", 10),
            ("note", 18), ("parent_stt", 6))
    out.append(" ".join(_fit(name, w) for name, w in cols))
    out.append(" ".join("-" * w for _, w in cols))
    for row in rows:
        cells = []
        for name, w in cols:
            value = row.get(name)
            if isinstance(value, float):
                value = f"{value:g}"
            cells.append(_fit("" if value is None else str(value), w))
        out.append(" ".join(cells).rstrip())
    return "\n".join(out) + "\n"

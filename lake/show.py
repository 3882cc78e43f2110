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


def _changed_spans(before: str, after: str, context: int = 2) -> list[tuple[str, str]]:
    """The words a repair changed, each with a few unchanged words around it."""
    import difflib

    old, new = before.split(), after.split()
    spans = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        spans.append((" ".join(old[max(0, i1 - context): i1] + ["[" + " ".join(old[i1:i2]) + "]"] + old[i2: i2 + context]),
                      " ".join(new[max(0, j1 - context): j1] + ["[" + " ".join(new[j1:j2]) + "]"] + new[j2: j2 + context])))
    if not spans and before != after:  # only spacing or invisible characters changed
        spans.append((repr(before), repr(after)))
    return spans


def render_repairs(repairs) -> str:
    """Every repair in context, for a reviewer: `line 24 [glyph] phư ng hư ng → phương hướng`."""
    out = []
    for repair in repairs:
        for old, new in _changed_spans(repair.before, repair.after):
            out.append(f"line {repair.line + 1} [{repair.kind}] {old}  →  {new}")
    return "\n".join(out) + ("\n" if out else "")

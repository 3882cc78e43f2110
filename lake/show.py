"""Terminal views of one converted document, for a reviewer."""
from __future__ import annotations

import unicodedata

_FIELDS = ("source_file", "status", "error", "method", "n_pages", "unit_level", "unit_name", "district_level",
           "district", "province", "period_type", "period_number", "year", "report_number", "report_date",
           "signer_title", "signer", "encoding", "lost_glyphs", "repairs", "n_rows")


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def fit(text: str, width: int) -> str:
    """`text` cut (with `…`) or padded to `width` columns on a terminal (combining marks take none)."""
    text = text or ""
    if _width(text) > width:
        out, used = [], 0
        for ch in text:
            w = 0 if unicodedata.combining(ch) else 1
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * max(0, width - _width(text))


def _wrap(text: str, width: int) -> list[str]:
    """Words to lines of at most `width` columns; a word longer than that is cut across lines, never lost."""
    lines, line = [], ""
    for word in text.split():
        while _width(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if line and _width(line) + 1 + _width(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line or not lines:
        lines.append(line)
    return lines


# columns of the row table: name, heading, whether it may wrap (texts) or is shown whole on one line (figures)
_COLUMNS = (("table", "table", True), ("page", "page", False), ("stt", "stt", False), ("indicator", "indicator", True),
            ("unit", "unit", True), ("value_raw", "as printed", True), ("value", "value", False),
            ("note", "note", True), ("flags", "flags", True))
_MIN_WRAP = 8  # a wrapped column is never narrower than this
# when the terminal is too narrow, the texts beside the indicator give up their width first, down to these
_SOFT_CAP = {"table": 12, "unit": 16, "value_raw": 16, "note": 20, "flags": 24}


def _cell_text(row: dict, name: str) -> str:
    from baocao.review.labels import vn_number

    value = row.get(name)
    if name == "value":
        return vn_number(value)
    if name == "flags":
        flags = list(value or [])
        for key, label in (("confidence", "conf"), ("layout_confidence", "layout")):
            confidence = row.get(key)
            if confidence is not None and confidence < 1.0:
                flags.append(f"{label} {confidence:.2f}")
        return ", ".join(flags)
    return "" if value is None else str(value)


def render_inspect(report: dict, rows: list[dict], width: int = 0) -> str:
    """The report's fields, then its rows as a table fitted to `width` columns (the terminal's by default):
    figures whole, texts wrapped."""
    import shutil

    width = width or shutil.get_terminal_size((120, 24)).columns
    out = []
    for name in _FIELDS:
        value = report.get(name)
        if value not in (None, ""):
            out.append(f"{name:>14}: {value}")
    out.append("")
    cells = [[_cell_text(row, name) for name, _, _ in _COLUMNS] for row in rows]
    natural = [max([_width(head)] + [_width(c[k]) for c in cells]) for k, (_, head, _) in enumerate(_COLUMNS)]
    keep = [k for k, n in enumerate(natural) if n > 0 and (k == 3 or any(c[k] for c in cells))]
    widths = {k: natural[k] for k in keep}
    room = width - (len(keep) - 1)
    wrapping = [k for k in keep if _COLUMNS[k][2]]
    for k in wrapping:  # the indicator keeps its width longest
        cap = _SOFT_CAP.get(_COLUMNS[k][0])
        if cap and sum(widths.values()) > room:
            widths[k] = max(min(widths[k], cap), widths[k] - (sum(widths.values()) - room))
    while sum(widths.values()) > room and any(widths[k] > _MIN_WRAP for k in wrapping):
        widest = max(wrapping, key=lambda k: widths[k])  # then from the widest text column
        widths[widest] -= 1
    out.append(" ".join(fit(_COLUMNS[k][1], widths[k]) for k in keep).rstrip())
    out.append(" ".join("-" * widths[k] for k in keep))
    for row_cells in cells:
        wrapped = {k: _wrap(row_cells[k], widths[k]) if _COLUMNS[k][2] else [row_cells[k]] for k in keep}
        for n in range(max(len(v) for v in wrapped.values())):
            parts = [fit(wrapped[k][n] if n < len(wrapped[k]) else "", widths[k]) for k in keep]
            out.append(" ".join(parts).rstrip())
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

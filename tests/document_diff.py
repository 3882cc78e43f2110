"""Where two readings of one PDF differ as documents (schemas/document.py) and as the rows the pipeline makes of
them: the pdfium path against the pdfminer path (extract/pdf.py), in tests and in bench/agree_pdf.py."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from baocao.schemas.document import Document, Rule, Span

BOX_TOLERANCE_PT = 0.5
# an upright word's size is its font's; pdfium's comes rounded to a millionth of a point (pdf_chars.SIZE_DIGITS)
SIZE_TOLERANCE_PT = 0.01
MAX_SHOWN = 5  # differences listed per document


def _near(a: float, b: float, tolerance: float = BOX_TOLERANCE_PT) -> bool:
    return abs(a - b) <= tolerance


def _span_difference(a: Span, b: Span) -> Optional[str]:
    if a.text != b.text:
        return f"text {a.text!r} / {b.text!r}"
    if not all(_near(p, q) for p, q in ((a.x0, b.x0), (a.x1, b.x1), (a.top, b.top), (a.bottom, b.bottom))):
        return f"{a.text!r} box {(a.x0, a.top, a.x1, a.bottom)} / {(b.x0, b.top, b.x1, b.bottom)}"
    if a.font != b.font or not _near(a.size, b.size, SIZE_TOLERANCE_PT):
        return f"{a.text!r} font {a.font} {a.size} / {b.font} {b.size}"
    if a.cell != b.cell:
        return f"{a.text!r} cell {a.cell} / {b.cell}"
    return None


def _rule_key(rule: Rule) -> tuple[float, float, float, float]:
    return (rule.y0, rule.x0, rule.y1, rule.x1)


def _rules_difference(a: list[Rule], b: list[Rule]) -> Optional[str]:
    if len(a) != len(b):
        return f"{len(a)} / {len(b)} rules"
    for p, q in zip(sorted(a, key=_rule_key), sorted(b, key=_rule_key)):
        if not all(_near(u, v) for u, v in zip(_rule_key(p), _rule_key(q))):
            return f"rule {p} / {q}"
    return None


def document_differences(ours: Document, theirs: Document) -> list[str]:
    """What differs between two documents (empty: the same): line texts, pages, span texts, boxes (within half
    a point), fonts, sizes and cells, page sizes, methods and rules, grids, repairs, legend, warnings."""
    out: list[str] = []
    for name in ("method", "units", "n_pages", "encoding", "glyph_legend", "warnings"):
        if getattr(ours, name) != getattr(theirs, name):
            out.append(f"{name}: {getattr(ours, name)!r} / {getattr(theirs, name)!r}")
    if [(g.n_rows, g.n_cols, g.row_pages) for g in ours.grids] != \
            [(g.n_rows, g.n_cols, g.row_pages) for g in theirs.grids]:
        out.append(f"grids: {len(ours.grids)} / {len(theirs.grids)}")
    if [(r.line, r.kind, r.before, r.after) for r in ours.repairs] != \
            [(r.line, r.kind, r.before, r.after) for r in theirs.repairs]:
        out.append(f"repairs: {len(ours.repairs)} / {len(theirs.repairs)}")
    if len(ours.pages) != len(theirs.pages):
        out.append(f"pages: {len(ours.pages)} / {len(theirs.pages)}")
    for a, b in zip(ours.pages, theirs.pages):
        if (a.number, a.method) != (b.number, b.method) or not (_near(a.width, b.width) and _near(a.height, b.height)):
            out.append(f"page {a.number}: {a} / {b}")
        why = _rules_difference(a.rules, b.rules)
        if why:
            out.append(f"page {a.number}: {why}")
    if len(ours.lines) != len(theirs.lines):
        out.append(f"lines: {len(ours.lines)} / {len(theirs.lines)}")
    for k, (a, b) in enumerate(zip(ours.lines, theirs.lines)):
        if a.text != b.text or a.page != b.page or len(a.spans) != len(b.spans):
            out.append(f"line {k} (page {a.page} / {b.page}): {a.text!r} / {b.text!r}")
            continue
        why = next((w for w in map(_span_difference, a.spans, b.spans) if w), None)
        if why:
            out.append(f"line {k} (page {a.page}): {why}")
    return out


@contextmanager
def pdfminer_only():
    """Within: every PDF page read by pdfminer (the reference path), wherever the pipeline reads a PDF."""
    from baocao.extract.pdf import PdfExtractor

    before = PdfExtractor.pdfium
    PdfExtractor.pdfium = False
    try:
        yield
    finally:
        PdfExtractor.pdfium = before


def conversion(path: Path) -> tuple[dict, list[dict], Optional[Document]]:
    """The report (less its conversion time), the rows `convert_file` makes of the file, and the document it
    read."""
    from baocao.pipeline import convert_file

    got = convert_file(path, path.name)
    report = got.report.model_dump()
    report.pop("converted_at", None)
    return report, [row.model_dump() for row in got.rows], got.document


def conversion_differences(ours: tuple, theirs: tuple) -> list[str]:
    """What differs between two conversions: report fields, and rows field by field (a row's box within half a
    point, its value's too, every other field exactly)."""
    out = [f"report {key}: {ours[0][key]!r} / {theirs[0].get(key)!r}"
           for key in ours[0] if ours[0][key] != theirs[0].get(key)]
    if len(ours[1]) != len(theirs[1]):
        out.append(f"rows: {len(ours[1])} / {len(theirs[1])}")
    for k, (a, b) in enumerate(zip(ours[1], theirs[1])):
        for key in a:
            if key in ("bbox", "value_bbox") and a[key] and b[key] and len(a[key]) == len(b[key]):
                same = all(_near(p, q) for p, q in zip(a[key], b[key]))
            else:
                same = a[key] == b[key]
            if not same:
                out.append(f"row {k} {key}: {a[key]!r} / {b[key]!r}")
    return out

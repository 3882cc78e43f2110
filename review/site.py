"""`baocao review`: a static site a reviewer opens offline (no network, no framework): an index of the reports,
and one page per report with its source (page images of a PDF or scan; the text of a DOCX or text file) beside
the rows read from it. Selecting a row outlines its box on the page; repaired and OCR-corrected words, unsure
rows, rows that failed a check and corrected cells are marked with the reason; each report field shows the line
it was read from. One shared CSS and JS file; each page carries its own data as attributes."""
from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from baocao.review.docs import ReviewDoc
from baocao.review.labels import (REPORT_FIELDS, STATUS_NAMES, commune_text, failed_rules, is_low_confidence,
                                  other_flags, period_text, vn_number)
from baocao.review.marks import WordChange, changes_by_row, mark_words
from baocao.review.pages import PageImage, render_pages
from baocao.review.snippets import field_lines, snippet

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_FILES = ("review.css", "review.js")


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@dataclass
class SiteSummary:
    reports: int
    pages: int
    index: Path


def build_site(docs: Sequence[ReviewDoc], out: Path, page_images: bool = True,
               title: str = "Báo cáo CCHC: soát xét") -> SiteSummary:
    out = Path(out)
    (out / "reports" / "img").mkdir(parents=True, exist_ok=True)
    for name in ASSET_FILES:
        shutil.copyfile(ASSETS / name, out / name)
    n_pages = 0
    entries = []
    for doc in docs:
        slug = doc.sha256[:16]
        images = render_pages(doc.source, out / "reports" / "img", slug) if page_images and doc.source else []
        n_pages += len(images)
        (out / "reports" / f"{slug}.html").write_text(report_page(doc, images, title), encoding="utf-8")
        entries.append((doc, f"reports/{slug}.html"))
    index = out / "index.html"
    index.write_text(index_page(entries, title), encoding="utf-8")
    return SiteSummary(len(entries), n_pages, index)


def _head(title: str, prefix: str) -> str:
    return (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)}</title><link rel="icon" href="data:,">'
            f'<link rel="stylesheet" href="{prefix}review.css"></head>\n')


def _tail(prefix: str) -> str:
    return f'<script src="{prefix}review.js"></script>\n</body></html>\n'


# ---------------------------------------------------------------------- the index


def index_page(entries: Iterable[tuple[ReviewDoc, str]], title: str) -> str:
    body = []
    n = 0
    for doc, link in entries:
        n += 1
        r = doc.report
        low = sum(is_low_confidence(row) for row in doc.rows)
        corrected = len(doc.corrections)
        cells = [
            (f'<a href="{esc(link)}">{esc(commune_text(r))}</a>', commune_text(r)),
            (esc(r.get("district") or ""), r.get("district") or ""),
            (esc(r.get("province") or ""), r.get("province") or ""),
            (esc(period_text(r)), _period_sort(r)),
            (f'<span class="status {esc(r["status"])}" title="{esc(r.get("error") or "")}">'
             f'{esc(STATUS_NAMES.get(r["status"], r["status"]))}</span>', r["status"]),
            (str(len(doc.rows)), len(doc.rows)),
            (str(r.get("n_checks_failed") or 0), r.get("n_checks_failed") or 0),
            (str(low), low),
            (str(corrected), corrected),
            (esc(r.get("method") or ""), r.get("method") or ""),
            (esc(doc.name), doc.name),
        ]
        tds = "".join(f'<td data-sort="{esc(key)}">{shown}</td>' for shown, key in cells)
        body.append(f'<tr data-status="{esc(r["status"])}">{tds}</tr>')
    heads = [("Xã / phường", "text"), ("Huyện", "text"), ("Tỉnh", "text"), ("Kỳ", "text"), ("Trạng thái", "text"),
             ("Dòng", "number"), ("Kiểm tra lỗi", "number"), ("Độ tin cậy thấp", "number"), ("Đã sửa", "number"),
             ("Cách đọc", "text"), ("Tệp", "text")]
    ths = "".join(f'<th data-type="{kind}" tabindex="0">{esc(name)}</th>' for name, kind in heads)
    statuses = "".join(f'<option value="{k}">{esc(v)}</option>' for k, v in STATUS_NAMES.items())
    return (_head(title, "") + '<body class="index">'
            f'<header><h1>{esc(title)}</h1><p><span id="shown">{n}</span> / {n} báo cáo</p>'
            '<div class="filters"><input id="filter" type="search" placeholder="Lọc: tên xã, huyện, tệp …">'
            f'<select id="status"><option value="">mọi trạng thái</option>{statuses}</select>'
            '<label><input id="problems" type="checkbox"> chỉ báo cáo cần xem</label></div></header>\n'
            f'<table id="reports" class="sortable"><thead><tr>{ths}</tr></thead>\n<tbody>\n'
            + "\n".join(body) + "\n</tbody></table>\n" + _tail(""))


def _period_sort(report: dict) -> str:
    order = {"month": 0, "quarter": 1, "half_year": 2, "nine_months": 3, "year": 4}
    return (f"{report.get('year') or 0:04d}-{order.get(report.get('period_type'), 9)}-"
            f"{report.get('period_number') or 0:02d}")


# ---------------------------------------------------------------------- one report


def report_page(doc: ReviewDoc, images: list[PageImage], title: str) -> str:
    r = doc.report
    heading = f"{commune_text(r)} — {period_text(r) or 'kỳ chưa rõ'}"
    return (_head(f"{heading} · {title}", "../") + '<body class="report">'
            f'<header><p><a href="../index.html">← {esc(title)}</a></p><h1>{esc(heading)}</h1>'
            f'<p class="file">{esc(doc.name)} · <code>{esc(doc.sha256[:16])}</code> · '
            f'<span class="status {esc(r["status"])}">{esc(STATUS_NAMES.get(r["status"], r["status"]))}</span>'
            + (f' · {esc(r.get("error"))}' if r.get("error") else "")
            + (f' · cần xem: {esc(r.get("doubts"))}' if r.get("doubts") else "") + "</p>"
            + _legend() + "</header>\n"
            + '<main class="desk">'
            + f'<section class="source" aria-label="Bản gốc">{_source(doc, images)}</section>'
            + f'<section class="read" aria-label="Dữ liệu đọc được">{_fields(doc)}{_checks(doc)}{_rows(doc)}</section>'
            + "</main>\n" + _tail("../"))


def _legend() -> str:
    return ('<p class="legend"><mark class="repair">chữ đã sửa lỗi</mark> <mark class="ocr">chữ OCR đã sửa</mark> '
            '<span class="lowconf">độ tin cậy thấp</span> <span class="failed">không qua kiểm tra</span> '
            '<span class="corrected">người soát đã sửa</span> · chọn một dòng để xem ô của nó trên trang</p>')


def _source(doc: ReviewDoc, images: list[PageImage]) -> str:
    if images:
        pages = []
        for page in images:
            pages.append(f'<figure class="page" data-page="{page.number}" data-w="{page.width:.2f}" '
                         f'data-h="{page.height:.2f}"><img src="img/{esc(page.file)}" loading="lazy" '
                         f'alt="Trang {page.number}"><div class="box" hidden></div>'
                         f'<figcaption>Trang {page.number}</figcaption></figure>')
        return "".join(pages)
    if doc.lines is not None:
        changed = {}
        for repair in doc.repairs:
            changed.setdefault(repair.line, []).extend(_changes_of(repair))
        out = ['<div class="text">']
        for k, line in enumerate(doc.lines):
            out.append(f'<div class="ln" id="L{k}">{_marked(line, changed.get(k, []))}</div>')
        out.append("</div>")
        return "".join(out)
    return '<p class="missing">Không tìm thấy tệp gốc để hiển thị.</p>'


def _changes_of(repair) -> list[WordChange]:
    from baocao.review.marks import word_changes

    return word_changes(repair)


def _marked(text: Optional[str], changes: Sequence[WordChange]) -> str:
    if not text:
        return ""
    if not changes:
        return esc(text)
    out = []
    for piece, change in mark_words(text, changes):
        if change is None:
            out.append(esc(piece))
        else:
            kind = "ocr" if change.kind == "ocr" else "repair"
            out.append(f'<mark class="{kind}" title="{esc(change.reason)}">{esc(piece)}</mark>')
    return "".join(out)


def _fields(doc: ReviewDoc) -> str:
    r = doc.report
    where = field_lines(r, doc.lines) if doc.lines else {}
    corrected = {c["field"]: c for c in doc.corrections if c.get("row_index") is None}
    items = []
    for name, label in REPORT_FIELDS.items():
        value = r.get(name)
        shown = esc(value if value is not None else "—")
        extra = ""
        if name in corrected:
            c = corrected[name]
            extra += (f' <span class="corrected" title="{esc(_correction_reason(c))}">đã sửa, trước: '
                      f'{esc(c.get("old") or "∅")}</span>')
        if name in where and doc.lines:
            k = where[name]
            extra += (f'<br><a class="snippet" href="#L{k}" data-line="{k}" title="dòng {k + 1}">«{esc(snippet(doc.lines[k], value))}»</a>')
        items.append(f"<dt>{esc(label)}</dt><dd>{shown}{extra}</dd>")
    return f'<dl class="fields">{"".join(items)}</dl>'


def _correction_reason(c: dict) -> str:
    who = c.get("corrected_by") or "?"
    at = str(c.get("corrected_at") or "")[:16].replace("T", " ")
    note = f" — {c['note']}" if c.get("note") else ""
    return f"sửa bởi {who} lúc {at}: {c.get('old') or '∅'} → {c.get('new') or '∅'}{note}"


def _checks(doc: ReviewDoc) -> str:
    failed = [c for c in doc.checks if not c.get("passed")]
    if not failed:
        return f'<p class="checks ok">{len(doc.checks)} phép kiểm tra, không có lỗi.</p>' if doc.checks else ""
    items = "".join(f'<li data-rows="{esc(json.dumps(c.get("row_indexes") or []))}"><b>{esc(c["rule"])}</b> '
                    f'{esc(c.get("detail") or "")}</li>' for c in failed)
    return f'<details class="checks" open><summary>{len(failed)} / {len(doc.checks)} phép kiểm tra không qua</summary><ul>{items}</ul></details>'


def _rows(doc: ReviewDoc) -> str:
    if not doc.rows:
        return '<p class="missing">Không có dòng nào.</p>'
    changes = changes_by_row(doc.rows, doc.repairs)
    failures: dict[int, list[str]] = {}
    for check in doc.checks:
        if not check.get("passed"):
            for index in check.get("row_indexes") or []:
                failures.setdefault(index, []).append(f"{check['rule']}: {check.get('detail') or ''}")
    fixes: dict[int, dict[str, dict]] = {}
    for c in doc.corrections:
        if c.get("row_index") is not None:
            fixes.setdefault(c["row_index"], {})[c["field"]] = c
    starts = sorted(r["line"] for r in doc.rows if r.get("line") is not None)
    out = ['<table id="rows"><thead><tr><th>Bảng</th><th>STT</th><th>Chỉ tiêu</th><th>Đơn vị tính</th>'
           '<th>Số liệu</th><th>Ghi chú</th><th>Trang</th><th>Cần xem</th></tr></thead><tbody>']
    for row in doc.rows:
        index = row["row_index"]
        classes, reasons = [], []
        if failed_rules(row) or index in failures:
            classes.append("failed")
            reasons.extend(failures.get(index) or failed_rules(row))
        if is_low_confidence(row):
            classes.append("lowconf")
            reasons.append(f"độ tin cậy {row.get('confidence', 1.0):.2f}")
        own = changes.get(index, [])
        if row.get("repaired") and not own:
            reasons.append("chữ trong dòng đã được sửa lỗi")
        fixed = fixes.get(index, {})
        if fixed or "corrected" in (row.get("flags") or []):
            classes.append("corrected")
            reasons.extend(_correction_reason(c) for c in fixed.values())
        reasons.extend(other_flags(row))
        line = row.get("line")
        later = [s for s in starts if line is not None and s > line]
        attrs = {"data-row": index, "data-page": row.get("page"), "data-line": line,
                 "data-end": (later[0] if later else line + 1) if line is not None else None,
                 "data-bbox": ",".join(f"{v:.1f}" for v in row["bbox"]) if _has_box(row) else None}
        attr = "".join(f' {k}="{esc(v)}"' for k, v in attrs.items() if v is not None)
        value_title = f"= {vn_number(row.get('value'))}" if row.get("value") is not None else "không phải số"
        cells = [esc(row.get("table") or ""), _cell(row, "stt", own, fixed), _cell(row, "indicator", own, fixed),
                 _cell(row, "unit", own, fixed),
                 f'<span title="{esc(value_title)}">{_cell(row, "value_raw", own, fixed)}</span>',
                 _cell(row, "note", own, fixed), esc(row.get("page") or ""),
                 "; ".join(esc(r) for r in reasons)]
        tds = "".join(f'<td class="{name}">{cell}</td>' for name, cell in
                      zip(("table", "stt", "indicator", "unit", "value", "note", "page", "why"), cells))
        out.append(f'<tr tabindex="0" class="{" ".join(classes)}"{attr}>{tds}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _has_box(row: dict) -> bool:
    """A box with an area (a reader that knows no box may leave zeros)."""
    box = row.get("bbox")
    return bool(box) and len(box) == 4 and box[2] > box[0] and box[3] > box[1]


def _cell(row: dict, name: str, changes: Sequence[WordChange], fixed: dict) -> str:
    shown = _marked(row.get(name), changes)
    field = "value" if name == "value_raw" else name
    if field in fixed:
        shown = f'<ins title="{esc(_correction_reason(fixed[field]))}">{shown}</ins>'
    return shown

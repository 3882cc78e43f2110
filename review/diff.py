"""`baocao diff A B`: what changed, cell by cell, between two extractions of the same reports (a resubmitted
report, the scan against the typed version, two lakes, a lake against a reviewer's workbook).

Documents are paired by content hash, then by file name, then by commune and period. Within a document, tables are
paired by label (then in order); rows by their STT path, then what is left by the indicator's text, in order
(a misread STT still finds its row). A cell is the text of STT, indicator, unit and note compared as the lake
keeps text (NFC, one space), and the value compared as a number (`1.034` and `1034` are the same figure); a row
only one side has is one change with `field` null."""
from __future__ import annotations

import difflib
import math
from dataclasses import asdict, dataclass
from typing import Optional, Sequence

from baocao.normalize.text import canon, squash
from baocao.review.docs import ReviewDoc
from baocao.review.labels import REPORT_FIELDS, ROW_FIELDS

# two indicators left over after the STT pairing are the same row when their texts are at least this alike (0-100)
SAME_ROW_SCORE = 60.0
VALUE_TOLERANCE = 1e-9  # values are the same figure when closer than this (both read from decimal text)


@dataclass
class Change:
    document: str
    table: Optional[str]
    stt: Optional[str]
    indicator: Optional[str]
    field: Optional[str]  # a row or report field; None: the whole row (or document) was added or removed
    old: object
    new: object

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------- documents


def pair_documents(a: Sequence[ReviewDoc], b: Sequence[ReviewDoc]) -> list[tuple[Optional[ReviewDoc], Optional[ReviewDoc]]]:
    if len(a) == 1 and len(b) == 1:
        return [(a[0], b[0])]
    pairs, left, right = [], list(a), list(b)
    for key in (lambda d: d.sha256, lambda d: d.name, lambda d: d.report.get("report_key")):
        for doc in list(left):
            k = key(doc)
            match = next((o for o in right if k and key(o) == k), None)
            if match is not None:
                pairs.append((doc, match))
                left.remove(doc)
                right.remove(match)
    pairs += [(doc, None) for doc in left] + [(None, doc) for doc in right]
    return pairs


def diff(a: Sequence[ReviewDoc], b: Sequence[ReviewDoc]) -> list[Change]:
    out: list[Change] = []
    for old, new in pair_documents(a, b):
        if old is None or new is None:
            doc = old or new
            out.append(Change(doc.name, None, None, None, None, doc.name if old else None, doc.name if new else None))
            continue
        out.extend(diff_document(old, new))
    return out


def diff_document(old: ReviewDoc, new: ReviewDoc) -> list[Change]:
    name = old.name if old.name == new.name else f"{old.name} ↔ {new.name}"
    out = []
    for field in REPORT_FIELDS:
        a, b = old.report.get(field), new.report.get(field)
        if _text(a) != _text(b):
            out.append(Change(name, None, None, None, field, a, b))
    for a, b in align_rows(old.rows, new.rows):
        out.extend(diff_row(name, a, b))
    return out


# ---------------------------------------------------------------------- rows


def _text(value: object) -> Optional[str]:
    if value is None:
        return None
    text = squash(str(value))
    return text or None


def _tables(rows: Sequence[dict]) -> dict[Optional[str], list[dict]]:
    out: dict[Optional[str], list[dict]] = {}
    for row in rows:
        out.setdefault(row.get("table"), []).append(row)
    return out


def _pair_tables(a: list, b: list) -> list[tuple[Optional[int], Optional[int]]]:
    """Tables of two sides (their labels, in order) paired by position: the same label (compared loosely),
    then the rest in order; None where a side has no partner."""
    pairs: list[tuple[Optional[int], Optional[int]]] = []
    right = list(range(len(b)))
    rest = []
    for i, label in enumerate(a):
        j = next((j for j in right if canon(b[j] or "") == canon(label or "")), None)
        if j is None:
            rest.append(i)
        else:
            right.remove(j)
            pairs.append((i, j))
    for i in rest:
        pairs.append((i, right.pop(0) if right else None))
    pairs += [(None, j) for j in right]
    return pairs


def _key(row: dict) -> Optional[str]:
    return row.get("stt_path") or row.get("stt")


def align_rows(a: Sequence[dict], b: Sequence[dict]) -> list[tuple[Optional[dict], Optional[dict]]]:
    """Every row of both sides once: (old, new), (old, None) removed, (None, new) added; in the old order."""
    ta, tb = _tables(a), _tables(b)
    la, lb = list(ta), list(tb)
    out: list[tuple[Optional[dict], Optional[dict]]] = []
    for i, j in _pair_tables(la, lb):
        out.extend(_align_table(ta[la[i]] if i is not None else [], tb[lb[j]] if j is not None else []))
    return out


def _align_table(a: list[dict], b: list[dict]) -> list[tuple[Optional[dict], Optional[dict]]]:
    from rapidfuzz import fuzz

    count_a: dict = {}
    count_b: dict = {}
    for row in a:
        count_a[_key(row)] = count_a.get(_key(row), 0) + 1
    for row in b:
        count_b[_key(row)] = count_b.get(_key(row), 0) + 1
    by_key = {_key(row): row for row in b if _key(row) and count_b[_key(row)] == 1}
    partner: dict[int, dict] = {}
    for pos, row in enumerate(a):
        key = _key(row)
        if key and count_a[key] == 1 and key in by_key:
            partner[pos] = by_key[key]
    taken = {id(row) for row in partner.values()}
    left = [pos for pos in range(len(a)) if pos not in partner]
    right = [row for row in b if id(row) not in taken]
    # what the STT did not pair, by the indicator's text, keeping order
    words_a = [canon(a[pos]["indicator"] or "") for pos in left]
    words_b = [canon(row["indicator"] or "") for row in right]
    used: set[int] = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False).get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                partner[left[i]] = right[j]
                used.add(j)
        elif tag == "replace":
            j = j1
            for i in range(i1, i2):
                for k in range(j, j2):
                    if fuzz.ratio(words_a[i], words_b[k]) >= SAME_ROW_SCORE:
                        partner[left[i]] = right[k]
                        used.add(k)
                        j = k + 1
                        break
    matched_b = {id(row) for row in partner.values()}
    out: list[tuple[Optional[dict], Optional[dict]]] = []
    pending = [row for row in b if id(row) not in matched_b]  # added rows go before the next matched new row
    order_b = {id(row): k for k, row in enumerate(b)}
    for pos, row in enumerate(a):
        other = partner.get(pos)
        if other is not None:
            while pending and order_b[id(pending[0])] < order_b[id(other)]:
                out.append((None, pending.pop(0)))
        out.append((row, other))
    out.extend((None, row) for row in pending)
    return out


def _same_value(a: dict, b: dict) -> bool:
    va, vb = a.get("value"), b.get("value")
    if va is not None and vb is not None and not (math.isnan(va) or math.isnan(vb)):
        return abs(va - vb) <= VALUE_TOLERANCE * max(1.0, abs(va), abs(vb))
    if (va is None) != (vb is None):
        return False
    return _text(a.get("value_raw")) == _text(b.get("value_raw"))


def _shown_value(row: dict) -> object:
    value = row.get("value")
    if value is not None:
        return int(value) if float(value).is_integer() else value
    return row.get("value_raw")


def _cells(row: dict) -> dict:
    return {field: (_shown_value(row) if field == "value" else row.get(field)) for field in ROW_FIELDS}


def diff_row(document: str, a: Optional[dict], b: Optional[dict]) -> list[Change]:
    row = a or b
    where = dict(document=document, table=row.get("table"), stt=_key(row), indicator=row.get("indicator"))
    if a is None or b is None:
        return [Change(**where, field=None, old=_cells(a) if a else None, new=_cells(b) if b else None)]
    out = []
    for field in ROW_FIELDS:
        if field == "value":
            if not _same_value(a, b):
                out.append(Change(**where, field="value", old=_shown_value(a), new=_shown_value(b)))
        elif _text(a.get(field)) != _text(b.get(field)):
            out.append(Change(**where, field=field, old=a.get(field), new=b.get(field)))
    return out


# ---------------------------------------------------------------------- views


def _shown(value: object) -> str:
    if value is None:
        return "∅"
    if isinstance(value, dict):
        return " | ".join(str(v) for v in value.values() if v is not None)
    if isinstance(value, float):
        from baocao.review.labels import vn_number

        return vn_number(value)
    return str(value)


def render_terminal(changes: Sequence[Change], width: int = 120) -> str:
    """One line per change, grouped by document, cut to the terminal's width."""
    from baocao.lake.show import fit

    if not changes:
        return "no differences\n"
    out, document = [], None
    where_width = min(40, max(16, width // 3))
    for c in changes:
        if c.document != document:
            document = c.document
            out.append(f"== {document}")
        if c.field is None and c.table is None and c.stt is None:
            what = "document removed" if c.new is None else "document added"
            out.append(f"  {what}")
            continue
        where = " ".join(p for p in (c.table, c.stt) if p) or "report"
        if c.field is None:
            sign = "-" if c.new is None else "+"
            body = f"{sign} row  {_shown(c.old if c.new is None else c.new)}"
        else:
            label = f"{c.field}"
            if c.stt is not None or c.table is not None:
                label = f"{c.field} ({(c.indicator or '')[:30]})" if c.field != "indicator" else c.field
            body = f"{label}: {_shown(c.old)}  →  {_shown(c.new)}"
        out.append(fit(f"  {fit(where, where_width)} {body}", width).rstrip())
    n_rows = sum(c.field is None for c in changes)
    out.append(f"{len(changes) - n_rows} cells changed, {n_rows} rows added or removed")
    return "\n".join(out) + "\n"


def render_html(changes: Sequence[Change], a_name: str, b_name: str) -> str:
    """One self-contained page in the review site's style (its stylesheet inlined)."""
    from baocao.review.site import ASSETS, esc

    css = (ASSETS / "review.css").read_text(encoding="utf-8")
    rows = []
    for c in changes:
        kind = "removed" if c.field is None and c.new is None else "added" if c.field is None else "changed"
        rows.append(f'<tr class="{kind}"><td>{esc(c.document)}</td><td>{esc(c.table or "")}</td>'
                    f'<td>{esc(c.stt or "")}</td><td>{esc(c.indicator or "")}</td><td>{esc(c.field or "(dòng)")}</td>'
                    f'<td class="old"><del>{esc(_shown(c.old))}</del></td><td class="new"><ins>{esc(_shown(c.new))}</ins></td></tr>')
    title = f"So sánh: {a_name} ↔ {b_name}"
    return (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<link rel="icon" href="data:,"><style>{css}\ntr.removed td {{ background: var(--fail); }}'
            f' tr.added td {{ background: var(--fix); }} del {{ color: #a61e4d; }}</style></head>'
            f'<body class="diff"><header><h1>{esc(title)}</h1><p>{len(changes)} thay đổi</p></header>'
            '<table id="changes"><thead><tr><th>Tệp</th><th>Bảng</th><th>STT</th><th>Chỉ tiêu</th><th>Ô</th>'
            '<th>Cũ</th><th>Mới</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></body></html>\n")


def load_side(path) -> list[ReviewDoc]:
    """A side of a diff: a reviewer's workbook (an .xlsx written by `export`), a lake, or files and folders to
    convert now (an .xlsx report among them)."""
    from pathlib import Path

    from baocao.review.docs import from_files, from_lake, is_lake

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from baocao.review.workbook import WorkbookError, read_workbook

        try:
            return read_workbook(path).docs
        except WorkbookError:  # a spreadsheet that is a report itself, not one `export` wrote
            pass
    if path.is_dir() and is_lake(path):
        return from_lake(path, texts=False)
    return from_files([path])

"""The reviewer's corrections, kept in the lake: `baocao correct LAKE FILE.xlsx --by NAME` compares the edited
workbook with the lake cell by cell, and each changed cell becomes a correction (LAKE/corrections/: the machine's
reading kept as `old`, who and when). The document's rows are written again through the lake's writer with the new
values (`corrected` in the row's flags) and its checks run again, all committed as one new version of the document.
A later conversion of the same file gets the corrections again (`reapply`, called by the lake's writer)."""
from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import pyarrow.parquet as pq

from baocao.normalize.numbers import parse_value
from baocao.review.diff import diff_row
from baocao.review.docs import ReviewDoc
from baocao.review.labels import CHECK_RULES, REPORT_FIELDS, vn_number
from baocao.schemas import Correction, IndicatorRow, Report

log = logging.getLogger(__name__)
CORRECTED = "corrected"
_INTEGER_FIELDS = ("period_number", "year")


@dataclass
class Edit:
    row_index: Optional[int]  # None: a report field
    field: str
    new: Optional[str]  # as text (a figure in Vietnamese format)


# ---------------------------------------------------------------------- what the reviewer changed


def _as_text(field: str, value: object) -> Optional[str]:
    if value is None:
        return None
    if field == "value" and isinstance(value, (int, float)):
        return vn_number(float(value))
    return str(value)


def edits_of(lake_doc: ReviewDoc, book_doc: ReviewDoc) -> list[Edit]:
    """Cells of the workbook that differ from the lake (as the lake holds them now, corrections included)."""
    out = []
    for name in REPORT_FIELDS:
        if f"_bad_{name}" in book_doc.report or name not in book_doc.report:
            continue
        old, new = lake_doc.report.get(name), book_doc.report.get(name)
        if _as_text(name, old) != _as_text(name, new):
            out.append(Edit(None, name, _as_text(name, new)))
    rows = {row["row_index"]: row for row in lake_doc.rows}
    for book_row in book_doc.rows:
        row = rows.get(book_row["row_index"])
        if row is None:
            continue
        for change in diff_row(lake_doc.name, row, book_row):
            out.append(Edit(row["row_index"], change.field, _as_text(change.field, change.new)))
    return out


# ---------------------------------------------------------------------- cells


def machine_text(report: dict, row: Optional[dict], field: str) -> Optional[str]:
    """A cell as the machine read it, as text (a figure as printed)."""
    if row is None:
        value = report.get(field)
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else _as_text(field, value)
    return row.get("value_raw") if field == "value" else row.get(field)


def _set(report: dict, row: Optional[dict], field: str, text: Optional[str]) -> None:
    if row is None:
        if text is not None and field in _INTEGER_FIELDS:
            report[field] = int(text)
        elif text is not None and field == "report_date":
            report[field] = dt.date.fromisoformat(text)
        else:
            report[field] = text
    elif field == "value":
        row["value_raw"], row["value"] = text, parse_value(text)
    else:
        row[field] = text if text is not None or field != "indicator" else ""


def _same(field: str, a: Optional[str], b: Optional[str]) -> bool:
    if field == "value" and a is not None and b is not None:
        va, vb = parse_value(a), parse_value(b)
        if va is not None and vb is not None:
            return abs(va - vb) < 1e-9 * max(1.0, abs(va))
    return (a or None) == (b or None) or " ".join((a or "").split()) == " ".join((b or "").split())


def _find_row(rows: Sequence[dict], correction: dict) -> Optional[dict]:
    """The row a correction names: by table and STT path (stable when a document is read anew), else its index."""
    if correction.get("stt_path"):
        found = [r for r in rows if r.get("stt_path") == correction["stt_path"]
                 and r.get("table") == correction.get("table")]
        if len(found) == 1:
            return found[0]
    index = correction.get("row_index")
    return next((r for r in rows if r["row_index"] == index and r.get("table") == correction.get("table")), None)


def _mark(row: dict, corrected: bool) -> None:
    flags = [f for f in row.get("flags") or [] if f != CORRECTED]
    row["flags"] = flags + [CORRECTED] if corrected else flags


# ---------------------------------------------------------------------- checks again


def reannotate(report: dict, rows: list[dict]) -> tuple[Report, list[dict], list[dict]]:
    """Keys, STT paths, checks and flags again after cells changed (the checks' flags of before are dropped)."""
    from baocao.catalog.annotate import annotate

    model = Report.model_validate({k: v for k, v in report.items() if k in Report.model_fields})
    models = []
    for row in rows:
        clean = {k: v for k, v in row.items() if k in IndicatorRow.model_fields}
        clean["flags"] = [f for f in row.get("flags") or [] if f not in CHECK_RULES]
        models.append(IndicatorRow.model_validate(clean))
    checks = annotate(model, models)
    return model, [m.model_dump() for m in models], [c.model_dump() for c in checks]


# ---------------------------------------------------------------------- a document converted again


def reapply(result, held: Sequence[dict]):
    """A DocResult converted anew, with the reviewer's corrections the lake held applied to it: the machine's new
    reading becomes each correction's `old`. A correction whose row is not found any more is kept, unapplied."""
    from baocao.lake.tasks import make_result

    report = pq.read_table(io.BytesIO(result.files["reports"][0])).to_pylist()[0]
    rows = pq.read_table(io.BytesIO(result.files["indicators"][0])).to_pylist() if "indicators" in result.files else []
    kept = []
    for correction in held:
        row = _find_row(rows, correction) if correction.get("row_index") is not None else None
        if correction.get("row_index") is not None and row is None:
            log.warning("%s: the corrected row %s %s is not in the new reading; the correction is kept unapplied",
                        report["source_file"], correction.get("table"), correction.get("stt_path"))
            kept.append(dict(correction))
            continue
        field = correction["field"]
        renewed = dict(correction, old=machine_text(report, row, field))
        if row is not None:
            renewed.update(row_index=row["row_index"], stt_path=row.get("stt_path"), indicator=row.get("indicator"))
        _set(report, row, field, correction.get("new"))
        if row is not None:
            _mark(row, True)
        kept.append(renewed)
    model, rows, checks = reannotate(report, rows)
    return make_result(model, rows, checks, result.seconds, corrections=kept)


# ---------------------------------------------------------------------- `baocao correct`


@dataclass
class CorrectSummary:
    documents: int = 0  # documents with corrections written
    changed: int = 0  # cells corrected in this run
    reverted: int = 0  # corrections taken back (the cell set back to what the machine read)
    warnings: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)  # the corrections this run wrote

    def line(self) -> str:
        return (f"{self.changed} cells corrected, {self.reverted} corrections taken back, "
                f"in {self.documents} documents")


def settle(doc: ReviewDoc, edits: Sequence[Edit], by: str, at: dt.datetime, note: Optional[str],
           summary: CorrectSummary) -> list[dict]:
    """Apply the edits to the document (its report and rows, in place); the document's corrections after them."""
    held = {(c.get("row_index"), c["field"]): dict(c) for c in doc.corrections}
    rows = {row["row_index"]: row for row in doc.rows}
    for edit in edits:
        row = rows.get(edit.row_index) if edit.row_index is not None else None
        key = (edit.row_index, edit.field)
        machine = held[key]["old"] if key in held else machine_text(doc.report, row, edit.field)
        _set(doc.report, row, edit.field, edit.new)
        if _same(edit.field, machine, edit.new):  # set back to what the machine read: no correction any more
            if key in held:
                del held[key]
                summary.reverted += 1
            continue
        record = Correction(source_sha256=doc.sha256, table=row.get("table") if row else None,
                            row_index=edit.row_index, stt_path=row.get("stt_path") if row else None,
                            indicator=row.get("indicator") if row else None, field=edit.field, old=machine,
                            new=edit.new, corrected_by=by, corrected_at=at, note=note).model_dump()
        held[key] = record
        summary.changed += 1
        summary.records.append(record)
    corrected_rows = {index for index, _ in held if index is not None}
    for index, row in rows.items():
        _mark(row, index in corrected_rows)
    return list(held.values())


def correct(lake_path: Path, workbook: Path, by: str, at: Optional[dt.datetime] = None, note: Optional[str] = None,
            argv: Optional[list[str]] = None) -> CorrectSummary:
    from baocao.lake.tasks import make_result
    from baocao.lake.writer import Lake, PathRef
    from baocao.review.docs import from_lake
    from baocao.review.workbook import read_workbook

    at = at or dt.datetime.now(dt.timezone.utc)
    book = read_workbook(workbook)
    summary = CorrectSummary(warnings=list(book.warnings))
    lake = Lake(str(lake_path))
    lake.open_for_writing()
    run = lake.catalog.begin_run(argv or ["correct", str(lake_path), str(workbook), "--by", by])
    outcome = "failed"
    try:
        held = {doc.sha256: doc for doc in from_lake(Path(lake_path), texts=False)}
        for book_doc in book.docs:
            doc = held.get(book_doc.sha256)
            entry = lake.catalog.document(book_doc.sha256)
            if doc is None or entry is None:
                summary.warnings.append(f"{book_doc.name}: the lake holds no document {book_doc.sha256[:16]}")
                continue
            edits = edits_of(doc, book_doc)
            if not edits:
                continue
            corrections = settle(doc, edits, by, at, note, summary)
            report, rows, checks = reannotate(doc.report, doc.rows)
            result = make_result(report, rows, checks, corrections=corrections)
            primary = PathRef(entry["path"], entry["source_root"], entry["source_file"])
            staged = lake.stage(result, primary)
            lake.commit(doc.sha256, staged, [], run, seen_version=entry["version"])
            summary.documents += 1
        outcome = "ok"
    finally:
        record = {"run": run, "at": dt.datetime.now(dt.timezone.utc).isoformat(), "outcome": outcome,
                  "command": "correct", "by": by, "workbook": str(workbook), "changed": summary.changed,
                  "reverted": summary.reverted, "documents": summary.documents}
        lake.catalog.end_run(run, outcome, record)
        lake.log_run(record)
        lake.finish_writing()
        lake.close()
    return summary

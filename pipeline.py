"""One document through every stage: source → text → repaired text → table rows → records.

Each stage is a plain function in its package; this module only wires them and turns failures into a report
row with a reason, so a bad file never stops a batch."""
from __future__ import annotations

import datetime as dt
import logging
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from baocao.catalog.annotate import annotate
from baocao.catalog.hold import ReadAgain, Readings, unread_value
from baocao.extract import ExtractionError, extract, sha256_file
from baocao.extract.ocr_values import Spot, read_values_again
from baocao.normalize.document import repair_document
from baocao.normalize.repair import RepairedText
from baocao.schemas import Check, IndicatorRow, Report
from baocao.schemas.document import Document
from baocao.segment.gazetteer import resolve
from baocao.segment.reader import read_tables
from baocao.segment.report_fields import read_report_fields
from baocao.segment.shape import misplaced_codes, shape_problems
from baocao.segment.rows import TableRecord, build_records
from baocao.settings import SETTINGS, TrustSettings

log = logging.getLogger(__name__)


@dataclass
class Converted:
    report: Report
    rows: list[IndicatorRow] = field(default_factory=list)
    text: Optional[RepairedText] = None
    document: Optional[Document] = None
    checks: list[Check] = field(default_factory=list)  # the report's arithmetic checks (LAKE/checks/)


def read_text(path: Path) -> tuple[Document, RepairedText]:
    """The document, read and repaired; the repaired lines are what `baocao text` prints."""
    document = extract(path)
    return document, repair_document(document)


def _first_table_line(records: list[TableRecord]) -> Optional[int]:
    lines = [r.line for r in records if r.line is not None]
    return min(lines) if lines else None


def convert_file(path: Path, source_file: str, sha256: Optional[str] = None) -> Converted:
    sha256 = sha256 or sha256_file(path)
    now = dt.datetime.now(dt.timezone.utc)
    base = dict(source_file=source_file, source_sha256=sha256, converted_at=now)
    method = "text"
    try:
        source, text = read_text(path)
        method = source.method
    except ExtractionError as exc:
        return Converted(failed_report(path, source_file, sha256, str(exc)))
    except Exception as exc:  # a crash in a reader is this file's failure, not the batch's
        log.debug("extract failed for %s\n%s", path, traceback.format_exc())
        return Converted(failed_report(path, source_file, sha256, f"cannot read: {type(exc).__name__}: {exc}"))
    problems = list(source.warnings)
    records: list[TableRecord] = []
    try:
        records = build_records(read_tables(source, problems=problems))
        if source.method == "text":
            for record in records:
                record.page = None  # a text file has no pages (its form feeds part tables, not pages)
    except Exception as exc:
        log.debug("segmentation failed for %s\n%s", path, traceback.format_exc())
        problems.append(f"table segmentation failed: {type(exc).__name__}: {exc}")
    fields_extra: dict = {}
    try:
        fields = read_report_fields(text.lines, _first_table_line(records) if source.method == "text" else None)
        fields_extra = resolve(fields)
    except Exception as exc:
        log.debug("field reading failed for %s\n%s", path, traceback.format_exc())
        from baocao.segment.report_fields import ReportFields

        fields = ReportFields()
        problems.append(f"report fields unreadable: {type(exc).__name__}: {exc}")
    if not records and not problems:
        problems.append("no statistics table found")
    if not records and not any(line.strip() for line in text.lines):
        return Converted(Report(**base, status="failed", error="no text could be read", method=method,
                                n_pages=source.n_pages), text=text, document=source)
    repaired_lines = {r.line for r in text.repairs if r.kind != "nfc"}
    rows = [
        IndicatorRow(
            source_file=source_file,
            source_sha256=sha256,
            year=fields.year,
            repaired=_row_repaired(rec, records, repaired_lines),
            confidence=min(rec.word_confidence, rec.layout_confidence),
            **rec.as_dict(),
        )
        for rec in records
    ]
    suspect: list[TableRecord] = []
    problems.extend(shape_problems(records, suspect=suspect))
    # the rows of a table (or page) whose shape is not a statistics table's: none of their cells is sure
    condemned = {id(record) for record in suspect}
    for record, row in zip(records, rows):
        if id(record) in condemned:
            row.flags.append("table_shape")
    garbage = unreadable_cells(rows)
    if garbage:
        problems.append(garbage)
    report = Report(
        **base,
        status="partial" if problems else "ok",
        error="; ".join(problems) or None,
        method=method,
        n_pages=source.n_pages,
        unit_name=fields.unit_name,
        unit_level=fields.unit_level,
        district=fields.district,
        district_level=fields.district_level,
        province=fields.province,
        period_type=fields.period_type,
        period_number=fields.period_number,
        year=fields.year,
        report_number=fields.report_number,
        report_date=fields.report_date,
        signer=fields.signer,
        signer_title=fields.signer_title,
        unit_code=fields_extra.get("unit_code"),
        province_code=fields_extra.get("province_code"),
        unit_name_2025=fields_extra.get("unit_name_2025"),
        province_2025=fields_extra.get("province_2025"),
        ocr_pages=_ocr_pages(source),
        n_rows=len(records),
        n_tables=len({r.table for r in records}),
        encoding=text.encoding or source.encoding,
        lost_glyphs=text.lost or None,
        n_repaired_words=text.n_words,
        repairs="; ".join(filter(None, [text.summary(), _place_corrected(fields, fields_extra)])) or None,
    )
    # indicator keys, STT paths, checks and flags; the report's key; scanned values held to their checks
    checks = annotate(report, rows, _values_read_again(path, source, records))
    judge_trust(report, rows, checks)
    return Converted(report, rows, text, source, checks)


def _values_read_again(path: Path, source: Document, records: list[TableRecord]) -> Optional[ReadAgain]:
    """How the values of rows on scanned pages are read again (catalog/hold.py), if the document has any."""
    scanned_pages = {page.number: page for page in source.pages if page.method == "ocr"}
    if not scanned_pages:
        return None
    ruled = {record.row_index: record.value_ruled for record in records}

    def read_again(rows: Sequence[IndicatorRow]) -> list[Readings]:
        scanned = [row for row in rows if row.page in scanned_pages and row.value_bbox]
        spots = [Spot(row.page, tuple(row.value_bbox), ruled.get(row.row_index, False),
                      scanned_pages[row.page].turn, scanned_pages[row.page].angle) for row in scanned]
        try:
            found = read_values_again(path, spots)
        except Exception:  # reading again is a second chance: failing it leaves the first reading and its flags
            log.debug("reading values again failed for %s\n%s", path, traceback.format_exc())
            return [[] for _ in rows]
        by_row = {id(row): readings for row, readings in zip(scanned, found)}
        return [by_row.get(id(row), []) for row in rows]

    return read_again


def _place_corrected(fields, fields_extra: dict) -> Optional[str]:
    """What the gazetteer took instead of the names as read (provenance of `unit_name`, `district`)."""
    notes = [f"{what} read as `{fields_extra[key]}`, taken as `{level} {name}` (the gazetteer's)"
             for what, key, level, name in (("commune", "unit_name_read", fields.unit_level, fields.unit_name),
                                            ("district", "district_read", fields.district_level, fields.district))
             if fields_extra.get(key)]
    return "; ".join(notes) or None


def failed_report(path: Path, source_file: str, sha256: str, error: str) -> Report:
    """The report of a document that could not be read at all."""
    return Report(source_file=source_file, source_sha256=sha256, status="failed", error=error,
                  method=_method_for(path), converted_at=dt.datetime.now(dt.timezone.utc))


_CELL_FIELDS = ("stt", "indicator", "unit", "value_raw", "note")


def _unreadable(ch: str) -> bool:
    # private use: a glyph no repair could name; control: bytes read as text; U+FFFD: bytes no decoder took
    return unicodedata.category(ch) in ("Co", "Cc") or ch == "\ufffd"


def unreadable_cells(rows: list[IndicatorRow]) -> Optional[str]:
    """Why the table rows cannot be trusted, when cells still hold characters that are no text after repair (a
    corrupt text layer reads as private-use or control characters); such a document is partial, never ok."""
    bad = [(row, name) for row in rows for name in _CELL_FIELDS
           if any(_unreadable(ch) for ch in (getattr(row, name) or ""))]
    if not bad:
        return None
    row, name = bad[0]
    return (f"{len(bad)} table cells hold unreadable characters (private-use, control or U+FFFD), "
            f"first in row {row.row_index} {name}: {getattr(row, name)[:40]!r}")


def judge_trust(report: Report, rows: list[IndicatorRow], checks: list[Check],
                 settings: TrustSettings = SETTINGS.trust) -> None:
    """Rows OCR was unsure of are flagged `low_confidence`, rows whose lines and cells the reader was unsure of
    `unsure_layout`, rows whose coded unit's codes stand cut or in another cell `misplaced_code`, and OCR'd values
    that read as no number and no value word (`7?`, `H`, `3Q`) `unread_value`; the doubts (failed checks, unsure
    rows and values, misplaced codes) are named in `doubts`, and a document with more than a few is `partial`."""
    by_index = {row.row_index: row for row in rows}
    doubts = [f"{check.rule} at {_row_name(by_index.get(check.row_indexes[0]))}"
              for check in checks if not check.passed and check.row_indexes]

    def doubt(row: IndicatorRow, flag: str, said: str) -> None:
        if flag not in row.flags:
            row.flags.append(flag)
        doubts.append(f"{_row_name(row)}{said}")

    for row in rows:
        if row.word_confidence < settings.unsure_confidence:
            doubt(row, "low_confidence", f" read with confidence {row.word_confidence:.2f}")
        if row.layout_confidence < settings.unsure_confidence:
            doubt(row, "unsure_layout", f" put together with confidence {row.layout_confidence:.2f}")
        misplaced = misplaced_codes(row.indicator, row.unit, row.note)
        if misplaced:
            doubt(row, "misplaced_code", f": {misplaced}")
        if row.word_confidence < 1.0 and unread_value(row):
            doubt(row, "unread_value", f" value {row.value_raw!r} reads as no number")
    if not doubts:
        return
    report.doubts = f"{len(doubts)} in {len(rows)} rows: {', '.join(doubts[:8])}" + (" …" if len(doubts) > 8 else "")
    if len(doubts) > max(settings.few, int(settings.few_share * len(rows))) and report.status == "ok":
        report.status = "partial"
        report.error = f"{len(doubts)} doubts: more than a few rows fail their checks or were read unsure"


def _row_name(row: Optional[IndicatorRow]) -> str:
    return "?" if row is None else f"row {row.stt_path or row.stt or row.row_index}"


def _row_repaired(rec: TableRecord, records: list[TableRecord], repaired: set[int]) -> bool:
    if rec.line is None or not repaired:
        return False
    following = [r.line for r in records if r.line is not None and r.line > rec.line]
    end = min(following) if following else rec.line + 12
    return any(rec.line <= k < end for k in repaired)


def _ocr_pages(source: Document) -> Optional[str]:
    pages = sorted(page for page, how in source.page_methods().items() if how == "ocr")
    return ",".join(map(str, pages)) or None


def _method_for(path: Path) -> str:
    from baocao.extract import method_for

    return method_for(path)

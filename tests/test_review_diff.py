"""`baocao diff`: the cells two extractions differ in, on cases whose differences are known by construction — a
report's DOCX against a copy with cells edited, rows removed and added; its scan against that copy."""
from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from baocao.review.diff import diff, load_side, render_html, render_terminal
from baocao.review.docs import ReviewDoc

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DOCX = SAMPLES / "docx" / "001_report.docx"
SCAN = SAMPLES / "scan" / "001_ruled_scan.pdf"
TRUTH = json.loads((SAMPLES / "expected" / "001_report.json").read_text(encoding="utf-8"))


def _truth_row(stt: str, prefix: str) -> dict:
    return next(r for r in TRUTH["rows"] if r["stt"] == stt and r["indicator"].startswith(prefix))


def _set_text(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    if paragraph.runs:
        paragraph.runs[0].text = text
        for run in paragraph.runs[1:]:
            run.text = ""
    else:
        paragraph.add_run(text)


def _row(table, stt: str, prefix: str):
    return next(r for r in table.rows if r.cells[0].text.strip() == stt and r.cells[1].text.startswith(prefix))


def edited_copy(folder: Path) -> tuple[Path, set]:
    """001_report.docx with three cells edited, one row removed and one added; the differences, as
    (field, indicator, old, new) for cells and (None, indicator, side) for rows, written from the truth file."""
    import docx

    document = docx.Document(str(DOCX))
    table = max(document.tables, key=lambda t: len(t.rows))
    known = set()
    row = _row(table, "1", "Số văn bản chỉ đạo")
    _set_text(row.cells[3], "15")
    known.add(("value", _truth_row("1", "Số văn bản chỉ đạo")["indicator"], 12, 15))
    row = _row(table, "2.1", "Số nhiệm vụ đề ra")
    _set_text(row.cells[2], "Việc")
    known.add(("unit", _truth_row("2.1", "Số nhiệm vụ đề ra")["indicator"], "Nhiệm vụ", "Việc"))
    row = _row(table, "2.2", "Số nhiệm vụ đã hoàn thành")
    _set_text(row.cells[4], "ước tính")
    truth = _truth_row("2.2", "Số nhiệm vụ đã hoàn thành")
    known.add(("note", truth["indicator"], truth["note"], "ước tính"))
    removed = _row(table, "3.2", "Số UBND cấp xã")
    removed._tr.getparent().remove(removed._tr)
    known.add((None, _truth_row("3.2", "Số UBND cấp xã")["indicator"], "removed"))
    model = _row(table, "2.2", "Số nhiệm vụ đã hoàn thành")
    added = copy.deepcopy(model._tr)
    model._tr.addnext(added)
    new_row = next(r for r in table.rows if r._tr is added)
    for cell, text in zip(new_row.cells, ("2.3", "Số nhiệm vụ thêm để thử", "Nhiệm vụ", "7", "")):
        _set_text(cell, text)
    known.add((None, "Số nhiệm vụ thêm để thử", "added"))
    out = folder / "001_report_resubmitted.docx"
    document.save(str(out))
    return out, known


def _as_known(changes) -> set:
    out = set()
    for c in changes:
        if c.field is None:
            out.add((None, c.indicator, "removed" if c.new is None else "added"))
        else:
            out.add((c.field, c.indicator, c.old, c.new))
    return out


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diff")
    edited, known = edited_copy(folder)
    return load_side(DOCX), load_side(edited), known


def test_docx_against_its_resubmitted_copy_lists_exactly_the_edits(docs):
    original, edited, known = docs
    changes = diff(original, edited)
    assert _as_known(changes) == known
    assert len(changes) == len(known)
    assert diff(original, original) == []


def test_views_name_every_change(docs, tmp_path):
    original, edited, known = docs
    changes = diff(original, edited)
    text = render_terminal(changes, width=100)
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "3 cells changed, 2 rows added or removed" in text
    page = render_html(changes, "a.docx", "b.docx")
    assert page.count('<tr class="changed">') == 3 and "removed" in page and "added" in page
    assert "<link" not in page.replace('<link rel="icon" href="data:,">', "")  # one self-contained file


def test_json_objects_have_the_documented_keys(docs):
    from baocao.cli import main
    import io
    import contextlib

    original, edited, known = docs
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["diff", str(DOCX), str(DOCX), "--json"]) == 0
    assert json.loads(out.getvalue()) == []
    for change in diff(original, edited):
        keys = set(change.as_dict())
        assert {"table", "stt", "indicator", "field", "old", "new"} <= keys


def test_rows_align_by_text_when_the_stt_was_misread(docs):
    original, _, _ = docs
    doc = original[0]
    misread = [dict(r) for r in doc.rows]
    target = next(r for r in misread if r["stt"] == "2.1")
    target["stt"], target["stt_path"] = "2.l", "I.2.l"  # an OCR `1` read as `l`
    changes = diff([doc], [ReviewDoc(report=doc.report, rows=misread)])
    assert [(c.field, c.old, c.new) for c in changes] == [("stt", "2.1", "2.l")]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed (the scan is OCR'd)")
def test_scan_against_the_resubmitted_docx_is_its_reading_errors_plus_the_edits(docs):
    """The scan and the DOCX were built from one truth: what tells the scan from the DOCX are its reading errors;
    from the edited copy, those and exactly the edits (each edited cell with the edited value)."""
    original, edited, known = docs
    scan = load_side(SCAN)
    misread = {(c.table, c.stt, c.field) for c in diff(scan, original)}
    against_edited = diff(scan, edited)
    listed = {(c.table, c.stt, c.field) for c in against_edited}
    edits = diff(original, edited)
    edited_cells = {(c.table, c.stt, c.field) for c in edits}
    gone = {(c.table, c.stt) for c in edits if c.field is None and c.new is None}  # a removed row has no cells
    misread = {k for k in misread if k[2] is None or (k[0], k[1]) not in gone}
    assert listed == misread | edited_cells
    for change in against_edited:
        if change.field is not None and (change.table, change.stt, change.field) in edited_cells - misread:
            assert any(k[0] == change.field and k[3] == change.new for k in known)

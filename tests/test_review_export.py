"""`baocao export` and `baocao correct`: the workbook holds every row and field of the lake; three cells edited in
it change exactly those three values in the lake, each with a record (old value, who, when), the checks run again,
and a later conversion of the same files keeps them."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from openpyxl import load_workbook

from baocao.cli import main
from baocao.review.diff import diff, load_side
from baocao.review.export import KEY_COLUMN, PATH_COLUMN, REPORTS_SHEET, ROW_CELLS
from baocao.review.labels import REPORT_FIELDS

from lake_support import PARTITIONING

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
INPUTS = [SAMPLES / "docx" / "000_report.docx", SAMPLES / "docx" / "002_report.docx",
          SAMPLES / "004_2dfbf661dfb4eca3.txt"]


def _dataset(lake: Path, name: str) -> list[dict]:
    folder = lake / name
    return ds.dataset(folder, partitioning=PARTITIONING).to_table().to_pylist() if folder.is_dir() else []


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    inputs = folder / "inputs"
    inputs.mkdir()
    for path in INPUTS:
        shutil.copy(path, inputs / path.name)
    out = folder / "lake"
    assert main(["-q", "convert", str(inputs), "--out", str(out)]) == 0
    return inputs, out


def _sheet_rows(sheet) -> dict:
    out = {}
    for values in sheet.iter_rows(values_only=True):
        key = values[KEY_COLUMN - 1] if len(values) >= KEY_COLUMN else None
        if key:
            out[key] = values
    return out


def test_workbook_holds_every_row_and_field_of_the_lake(lake, tmp_path):
    _, out = lake
    book_path = tmp_path / "book.xlsx"
    assert main(["export", str(out), "--xlsx", str(book_path)]) == 0
    book = load_workbook(book_path)
    reports, rows = _dataset(out, "reports"), _dataset(out, "indicators")
    index = book[REPORTS_SHEET]
    assert index.max_row == len(reports) + 1
    by_sha = {}
    for sheet in book.worksheets[1:]:
        keyed = _sheet_rows(sheet)
        if "doc" in keyed:
            by_sha[keyed["doc"][1]] = keyed
    assert set(by_sha) == {r["source_sha256"] for r in reports}
    for report in reports:
        keyed = by_sha[report["source_sha256"]]
        for name in REPORT_FIELDS:
            got = keyed[f"field:{name}"][1]
            want = report[name]
            assert (got.isoformat()[:10] if hasattr(got, "isoformat") else got) == \
                   (want.isoformat() if hasattr(want, "isoformat") else want), name
    for row in rows:
        values = by_sha[row["source_sha256"]][f"row:{row['row_index']}"]
        for name in ("table", "stt", "indicator", "unit", "note"):
            assert (values[ROW_CELLS[name] - 1] or None) == (row[name] or None), (row["row_index"], name)
        figure = values[ROW_CELLS["value"] - 1]
        assert figure == (row["value"] if row["value"] is not None else row["value_raw"])
        assert values[PATH_COLUMN - 1] == row["stt_path"]
    # figures are numbers shown the Vietnamese way; reasons to look are cell comments
    sheet = book[book.sheetnames[1]]
    numbers = [c for r in sheet.iter_rows() for c in r if isinstance(c.value, (int, float))
               and c.column == ROW_CELLS["value"]]
    assert numbers and all(c.number_format.startswith("[$-42A]#,##0") for c in numbers)
    flagged = [r for r in rows if any(f in ("rate", "sum", "child_le_parent", "pct_range") for f in r["flags"])]
    comments = [c for s in book.worksheets for r in s.iter_rows() for c in r if c.comment is not None]
    assert len(comments) >= len({(r["source_sha256"], r["row_index"]) for r in flagged}) > 0


def _edit(book_path: Path, edited: Path) -> tuple[str, dict]:
    """Three cells of one report: a figure, an indicator's text, the signer."""
    book = load_workbook(book_path)
    sheet = next(s for s in book.worksheets[1:] if "doc" in _sheet_rows(s))
    sha = _sheet_rows(sheet)["doc"][1]
    changed = {}
    for cells in sheet.iter_rows():
        key = cells[KEY_COLUMN - 1].value
        if key == "field:signer":
            cells[1].value = "Nguyễn Văn Thử"
            changed[(None, "signer")] = "Nguyễn Văn Thử"
        elif isinstance(key, str) and key.startswith("row:"):
            index = int(key[4:])
            value = cells[ROW_CELLS["value"] - 1]
            if isinstance(value.value, (int, float)) and (None, "value") not in changed:
                value.value = value.value + 7
                changed[(index, "value")] = value.value
                changed[(None, "value")] = True
            elif (None, "indicator") not in changed and cells[ROW_CELLS["indicator"] - 1].value and index > 3:
                cells[ROW_CELLS["indicator"] - 1].value += " (đã sửa)"
                changed[(index, "indicator")] = cells[ROW_CELLS["indicator"] - 1].value
                changed[(None, "indicator")] = True
    book.save(edited)
    return sha, {k: v for k, v in changed.items() if k[0] is not None or k[1] == "signer"}


def test_three_edited_cells_come_back_as_three_corrections(lake, tmp_path):
    inputs, out = lake
    before = tmp_path / "before"
    shutil.copytree(out, before)
    book_path, edited = tmp_path / "book.xlsx", tmp_path / "edited.xlsx"
    assert main(["export", str(out), "--xlsx", str(book_path)]) == 0
    sha, changed = _edit(book_path, edited)
    assert len(changed) == 3
    assert main(["correct", str(out), str(edited), "--by", "Trần Thị Soát", "--at", "2026-12-01T09:30:00+07:00",
                 "--note", "theo bản giấy"]) == 0
    changes = diff(load_side(before), load_side(out))
    assert {(c.field, c.new) for c in changes} == {
        ("signer", "Nguyễn Văn Thử"),
        *(("value", v) for (i, f), v in changed.items() if f == "value"),
        *(("indicator", v) for (i, f), v in changed.items() if f == "indicator")}
    records = _dataset(out, "corrections")
    assert len(records) == 3 and {r["source_sha256"] for r in records} == {sha}
    for record in records:
        assert record["corrected_by"] == "Trần Thị Soát" and record["note"] == "theo bản giấy"
        assert record["corrected_at"] == dt.datetime(2026, 12, 1, 2, 30, tzinfo=dt.timezone.utc)
        assert record["old"] is not None and record["new"] is not None and record["old"] != record["new"]
    rows = [r for r in _dataset(out, "indicators") if r["source_sha256"] == sha]
    corrected = {r["row_index"] for r in rows if "corrected" in r["flags"]}
    assert corrected == {i for (i, f) in changed if i is not None}
    report = next(r for r in _dataset(out, "reports") if r["source_sha256"] == sha)
    assert report["signer"] == "Nguyễn Văn Thử"
    # the checks ran again on the new figure
    checks = [c for c in _dataset(out, "checks") if c["source_sha256"] == sha]
    value_row = next(i for (i, f) in changed if f == "value")
    new_value = changed[(value_row, "value")]
    assert next(r for r in rows if r["row_index"] == value_row)["value"] == pytest.approx(new_value)
    assert report["n_checks_failed"] == sum(not c["passed"] for c in checks)

    # the review site of the lake marks the corrected cells with who corrected them
    from baocao.review.docs import from_lake
    from baocao.review.site import build_site

    site = build_site(from_lake(out), tmp_path / "site", page_images=False)
    assert site.reports == len(_dataset(out, "reports"))
    page = (tmp_path / "site" / "reports" / f"{sha[:16]}.html").read_text(encoding="utf-8")
    assert page.count("<ins ") == 2 and page.count("sửa bởi Trần Thị Soát") >= 3

    # converted again (the reader got better, say): the corrections hold
    assert main(["-q", "convert", str(inputs), "--out", str(out), "--force"]) == 0
    again = diff(load_side(before), load_side(out))
    assert {(c.field, c.new) for c in again} == {(c.field, c.new) for c in changes}
    assert len(_dataset(out, "corrections")) == 3

    # the same workbook again changes nothing; a cell set back to what the machine read drops its correction
    assert main(["correct", str(out), str(edited), "--by", "Trần Thị Soát"]) == 0
    assert len(_dataset(out, "corrections")) == 3
    assert main(["correct", str(out), str(book_path), "--by", "Trần Thị Soát"]) == 0
    assert _dataset(out, "corrections") == []
    assert diff(load_side(before), load_side(out)) == []


def test_correct_refuses_what_is_not_its_own(lake, tmp_path):
    _, out = lake
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert main(["correct", str(out), str(bad), "--by", "x"]) == 2
    assert main(["correct", str(tmp_path), str(bad), "--by", "x"]) == 2


def test_corrections_are_kept_when_applying_them_again_fails(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES / "004_2dfbf661dfb4eca3.txt", inputs / "report.txt")
    out = tmp_path / "lake"
    assert main(["-q", "convert", str(inputs), "--out", str(out)]) == 0
    book_path, edited = tmp_path / "book.xlsx", tmp_path / "edited.xlsx"
    assert main(["export", str(out), "--xlsx", str(book_path)]) == 0
    _edit(book_path, edited)
    assert main(["correct", str(out), str(edited), "--by", "B"]) == 0
    held = _dataset(out, "corrections")
    assert len(held) == 3

    def broken(result, corrections):
        raise RuntimeError("a bug")

    monkeypatch.setattr("baocao.review.corrections.reapply", broken)
    assert main(["-q", "convert", str(inputs), "--out", str(out), "--force"]) == 0
    assert [r["new"] for r in _dataset(out, "corrections")] == [r["new"] for r in held]


def test_a_value_read_again_is_named_with_what_ocr_first_read():
    from baocao.review.docs import ReviewDoc
    from baocao.review.export import _reasons
    from baocao.review.site import _rows

    rows = [dict(row_index=0, stt="6.1", indicator="Tỷ lệ văn bản gửi điện tử", unit="%", value_raw="64,9",
                 value=64.9, flags=["value_reread"], read_as="value: 649", confidence=0.9, page=7),
            dict(row_index=1, stt="6.2", indicator="Số văn bản", unit="Văn bản", value_raw="12", value=12.0,
                 flags=[], confidence=0.95, page=7)]
    doc = ReviewDoc(report=dict(source_sha256="x" * 64, source_file="scan.pdf"), rows=rows)
    why = _reasons(doc)
    assert why[0] == ["số liệu đã được đọc lại từ bản quét cho khớp các phép kiểm tra", "OCR đọc lần đầu: value: 649"]
    assert 1 not in why
    html = _rows(doc)
    assert "OCR đọc lần đầu: value: 649" in html and "value_reread" not in html

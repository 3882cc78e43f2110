"""Office formats: .doc .rtf .odt (LibreOffice → DOCX), .xlsx (.xls .ods through LibreOffice), .pptx (.ppt), with
legacy fonts converted by name; failures with reasons; conversions isolated from the user's home and each other.

Fixtures are made here: text is written in a legacy encoding with the encoders of `tests/legacy_corpus.py`
(the inverse of the tables the pipeline decodes with), set in the font that encoding belongs to, so the expected
text is known by construction. The binary formats are made from the XML ones by LibreOffice itself."""
from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest

from baocao.extract import ExtractionError, extractor_for


def extract(path):
    """The reader's own output (its text, lines and stated tables), before it becomes the document model."""
    return extractor_for(path).extract(path)
from baocao.extract import office
from baocao.extract.base import to_document
from baocao.pipeline import convert_file
from baocao.segment.reader import read_tables
from tests.legacy_corpus import encode

needs_soffice = pytest.mark.skipif(office.soffice() is None,
                                   reason="LibreOffice (soffice) is not installed; " + office.INSTALL_HINT)

TITLE = "Báo cáo kết quả công tác cải cách hành chính"  # no toned capital: TCVN3 has none
PLACE = "xã Hoằng Lưu, huyện Hoằng Hóa"  # `ư` is TCVN3 byte 0xAD, a soft hyphen to Word and LibreOffice
VNI_LINE = "Ủy ban nhân dân xã Quảng Phú"
ROWS = [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
        ["1", "Số văn bản chỉ đạo đã ban hành", "Văn bản", "12"],
        ["2", "Số thủ tục hành chính được công bố", "Thủ tục", "148"]]


def _lo_copy(source: Path, target: str, out: Path) -> Path:
    """`source` saved by LibreOffice as `target` (doc, odt, xls, ods, ppt), for a fixture."""
    with office.converted(source, target) as made:
        return Path(shutil.copyfile(made, out))


# ---------------------------------------------------------------- RTF and Word

def _rtf_text(surface: str) -> str:
    return "".join(ch if ord(ch) < 0x80 else "\\'%02x" % ch.encode("cp1252")[0] for ch in surface)


def _rtf(path: Path) -> Path:
    """An RTF as Word 97 wrote them: `.VnTime` and `VNI-Times` runs, a table whose cells mix the two fonts."""
    tcvn3 = lambda text: r"{\f0 " + _rtf_text(encode(text, "tcvn3")) + "}"  # noqa: E731
    vni = lambda text: r"{\f1 " + _rtf_text(encode(text, "vni")) + "}"  # noqa: E731
    body = [r"{\rtf1\ansi\ansicpg1252\deff2{\fonttbl{\f0\fnil .VnTime;}{\f1\fnil VNI-Times;}"
            r"{\f2\fnil Times New Roman;}}",
            r"\pard " + vni(VNI_LINE) + r"\par",
            r"\pard " + tcvn3(TITLE) + r"\par",
            r"\pard " + tcvn3(PLACE) + r"\par"]
    for k, row in enumerate(ROWS):
        body.append(r"\trowd\cellx800\cellx5000\cellx6500\cellx8000")
        # the unit column of the body rows is typed in VNI: one table, two legacy fonts
        cells = [vni(text) if (j == 2 and k) else tcvn3(text) for j, text in enumerate(row)]
        body.append("".join(r"\pard\intbl " + cell + r"\cell" for cell in cells) + r"\row")
    body.append(r"\pard " + tcvn3("Nơi nhận: như trên") + r"\par}")
    path.write_bytes("\n".join(body).encode("ascii"))
    return path


def _check_word(source):
    texts = [line.text for line in source.lines]
    assert VNI_LINE in texts and TITLE in texts and PLACE in texts
    table = next(t for t in source.tables if t.rows and t.rows[0][0] == "STT")
    assert [[" ".join(c.split()) for c in row] for row in table.rows] == ROWS
    assert "Nơi nhận: như trên" in texts
    assert source.encoding == "tcvn3"  # the font of most converted runs
    converted = {r.line for r in source.repairs if r.kind == "encoding"}
    assert texts.index(PLACE) in converted and texts.index(VNI_LINE) in converted


def test_docx_soft_hyphen_is_tcvn3_u_horn_and_nothing_in_a_unicode_font(tmp_path):
    from docx import Document
    from docx.oxml import OxmlElement

    document = Document()
    # `h<softHyphen/>íng dÉn`: how LibreOffice writes TCVN3 `hướng dẫn` to DOCX; then a real soft hyphen
    for font, pieces in ((".VnTime", ("h", None, "íng dÉn")), ("Times New Roman", ("cải cách hành chính", None, " xã"))):
        run = document.add_paragraph().add_run()
        run.font.name = font
        for piece in pieces:
            run._r.append(OxmlElement("w:softHyphen" if piece is None else "w:t"))
            if piece is not None:
                run._r[-1].text = piece
    document.save(tmp_path / "soft.docx")
    assert [line.text for line in extract(tmp_path / "soft.docx").lines] == ["hướng dẫn", "cải cách hành chính xã"]


# ---------------------------------------------------------------- spreadsheets

def _workbook(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Font

    legacy, vni = Font(name=".VnTime"), Font(name="VNI-Times")
    book = Workbook()
    sheet = book.active
    sheet.title = "Bieu 1"
    sheet["A1"] = "Phụ lục 02"
    sheet["A2"] = encode(TITLE, "tcvn3")
    sheet["A2"].font = legacy
    sheet.merge_cells("A2:D2")
    for j, text in enumerate(ROWS[0], start=1):
        cell = sheet.cell(row=4, column=j, value=encode(text, "tcvn3"))
        cell.font = legacy
    sheet.append([1, None, encode("Văn bản", "tcvn3"), 1034])
    sheet["B5"] = encode("Số văn bản chỉ đạo đã ban hành", "tcvn3")
    sheet["B5"].font = sheet["C5"].font = legacy
    sheet["D5"].number_format = "#,##0"
    # a cell in a Unicode font whose second run is typed in `.VnTime`
    sheet.append([2, CellRichText("Tỷ lệ hồ sơ ", TextBlock(InlineFont(rFont=".VnTime"), encode("đúng hạn", "tcvn3"))),
                  "%", 0.16667])
    sheet["D6"].number_format = "0.00%"
    sheet.append([3, "Ngày ban hành", None, dt.datetime(2024, 3, 15)])
    sheet["D7"].number_format = "dd/mm/yyyy"
    sheet.append(["", "hàng ẩn", "", 99])  # hidden on screen, still the table's
    sheet.row_dimensions[8].hidden = True
    second = book.create_sheet("Tong hop")
    second.append([encode("STT", "vni"), encode(VNI_LINE, "vni"), encode("Số liệu", "vni")])
    second.append([1, encode("Số hộ được cấp điện", "vni"), 1234.5])
    for row in second.iter_rows():
        for cell in row:
            cell.font = vni
    second["C2"].number_format = "#,##0.0"
    book.create_sheet("An").append(["sheet hidden from the reader"])
    book["An"].sheet_state = "hidden"
    book.save(path)
    return path


def _check_sheets(source):
    texts = [line.text for line in source.lines]
    assert texts[:3] == ["Phụ lục 02", TITLE, "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu"]
    assert texts[3] == "1\tSố văn bản chỉ đạo đã ban hành\tVăn bản\t1.034"
    assert texts[4] == "2\tTỷ lệ hồ sơ đúng hạn\t%\t16,67%"
    assert texts[5] == "3\tNgày ban hành\t\t15/03/2024"
    assert texts[6] == "\thàng ẩn\t\t99"
    assert texts[7:] == ["STT\t" + VNI_LINE + "\tSố liệu", "1\tSố hộ được cấp điện\t1.234,5"]
    first, second = source.tables
    assert first.line == 2 and first.page == 1
    assert first.rows[0] == ROWS[0] and first.rows[2][3] == "16,67%"
    assert first.values[1][3] == 1034 and first.values[3][3].date() == dt.date(2024, 3, 15)
    assert second.title == "Tong hop" and second.values[1][2] == pytest.approx(1234.5)
    # the reader labels the table by the `Phụ lục` title above it (the second sheet holds no statistics table)
    assert {row.table for row in read_tables(to_document(source))} == {"Phụ lục 02"}
    assert source.n_pages == 2  # the hidden sheet is not read
    assert {r.line for r in source.repairs if r.kind == "encoding"} == {1, 2, 3, 4, 7, 8}


def test_sheet_annex_becomes_rows_like_a_docx(tmp_path):
    converted = convert_file(_workbook(tmp_path / "bieu.xlsx"), "bieu.xlsx")
    assert converted.report.status == "ok"
    rows = {(r.stt, r.indicator): (r.unit, r.value) for r in converted.rows if r.table == "Phụ lục 02"}
    assert rows[("1", "Số văn bản chỉ đạo đã ban hành")] == ("Văn bản", 1034)


# ---------------------------------------------------------------- slides

def _presentation(path: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(8), Inches(1)).text_frame
    run = box.paragraphs[0].add_run()
    run.text, run.font.name = encode(TITLE, "tcvn3"), ".VnTime"
    second = box.add_paragraph().add_run()
    second.text, second.font.name = encode(VNI_LINE, "vni"), "VNI-Times"
    shape = slide.shapes.add_table(3, 4, Inches(0.5), Inches(2), Inches(8), Inches(2))
    for i, row in enumerate(ROWS):
        for j, text in enumerate(row):
            paragraph = shape.table.cell(i, j).text_frame.paragraphs[0]
            cell_run = paragraph.add_run()
            cell_run.text, cell_run.font.name = encode(text, "tcvn3"), ".VnTime"
    deck.save(path)
    return path


def _check_slides(source):
    texts = [line.text for line in source.lines]
    assert texts[:2] == [TITLE, VNI_LINE]
    assert source.tables[0].rows == ROWS and source.tables[0].page == 1
    assert texts[2:5] == ["\t".join(row) for row in ROWS]


# ---------------------------------------------------------------- every format, legacy fonts through it

_FORMATS = [  # (suffix read, fixture maker, its suffix, method, check); the binary forms made by LibreOffice
    ("rtf", _rtf, "rtf", "office", _check_word),
    ("doc", _rtf, "rtf", "office", _check_word),
    ("odt", _rtf, "rtf", "office", _check_word),
    ("xlsx", _workbook, "xlsx", "xlsx", _check_sheets),
    ("xls", _workbook, "xlsx", "office", _check_sheets),
    ("ods", _workbook, "xlsx", "office", _check_sheets),
    ("pptx", _presentation, "pptx", "pptx", _check_slides),
    ("ppt", _presentation, "pptx", "office", _check_slides),
]


def test_a_sheet_without_a_title_labels_its_table_by_the_sheet_name(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Bieu 1"
    book.active.append(["Phụ lục 3"])
    book.active.append(ROWS[0])
    book.active.append(ROWS[1])
    second = book.create_sheet("Tong hop")
    for row in ROWS:
        second.append(row)
    book.save(tmp_path / "two.xlsx")
    rows = read_tables(to_document(extract(tmp_path / "two.xlsx")))
    assert [(row.stt, row.table) for row in rows] == [("1", "Phụ lục 3"), ("1", "Tong hop"), ("2", "Tong hop")]


@pytest.mark.parametrize("kind,make,made_as,method,check", [
    pytest.param(*row, marks=[needs_soffice] if row[3] == "office" else [], id=row[0]) for row in _FORMATS])
def test_every_format_reads_its_text_tables_and_legacy_fonts(tmp_path, kind, make, made_as, method, check):
    path = make(tmp_path / f"fixture.{made_as}")
    if kind != made_as:
        path = _lo_copy(path, kind, tmp_path / f"fixture.{kind}")
    source = extract(path)
    assert source.method == method
    check(source)


# ---------------------------------------------------------------- failures and isolation

def test_not_an_office_file_is_refused_with_what_it_is(tmp_path):
    (tmp_path / "junk.doc").write_bytes(b"\x00\x01\x02 not a document" * 40)
    (tmp_path / "scan.xls").write_bytes(b"%PDF-1.4\n...")
    (tmp_path / "empty.ppt").write_bytes(b"")
    with pytest.raises(ExtractionError, match="not a Word, Excel or PowerPoint"):
        extract(tmp_path / "junk.doc")
    with pytest.raises(ExtractionError, match="PDF named .xls"):
        extract(tmp_path / "scan.xls")
    with pytest.raises(ExtractionError, match="empty"):
        extract(tmp_path / "empty.ppt")


def test_password_protected_file_is_refused(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _workbook(tmp_path / "plain.xlsx")
    with open(plain, "rb") as source, open(tmp_path / "locked.xls", "wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    shutil.copyfile(tmp_path / "locked.xls", tmp_path / "locked.xlsx")
    for name in ("locked.xls", "locked.xlsx"):
        report = convert_file(tmp_path / name, name).report
        assert report.status == "failed" and "password" in report.error, report.error


def test_missing_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    report = convert_file(_rtf(tmp_path / "a.rtf"), "a.rtf").report
    assert report.status == "failed" and report.method == "office"
    assert "apt-get install libreoffice-writer-nogui" in report.error


@needs_soffice
def test_conversion_that_takes_too_long_fails_and_leaves_nothing_running(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "TIMEOUT_S", 0.05)
    report = convert_file(_rtf(tmp_path / "slow.rtf"), "slow.rtf").report
    assert report.status == "failed" and "longer than" in report.error


@needs_soffice
def test_two_conversions_at_once_and_never_in_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    paths = [_rtf(tmp_path / "a.rtf"), _workbook(tmp_path / "b.xlsx")]
    paths[1] = _lo_copy(paths[1], "xls", tmp_path / "b.xls")
    results: dict[str, object] = {}

    def run(path: Path) -> None:
        try:
            results[path.name] = extract(path)
        except Exception as exc:  # recorded for the assertion below
            results[path.name] = exc

    threads = [threading.Thread(target=run, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _check_word(results["a.rtf"])
    _check_sheets(results["b.xls"])
    assert list(home.iterdir()) == []  # no LibreOffice profile in the user's home
    assert not list(tmp_path.glob(".~lock*"))  # nor lock files beside the documents


@needs_soffice
def test_folder_walk_converts_every_office_file_and_goes_on_after_a_bad_one(tmp_path):
    from baocao.lake.batch import run_batch, walk_inputs

    folder = tmp_path / "in"
    folder.mkdir()
    _rtf(folder / "a.rtf")
    _workbook(folder / "b.xlsx")
    _presentation(folder / "c.pptx")
    (folder / "d.doc").write_bytes(b"\x00garbage" * 30)
    inputs = walk_inputs([folder])
    assert sorted(i.source_file for i in inputs) == ["a.rtf", "b.xlsx", "c.pptx", "d.doc"]
    summary = run_batch(inputs, tmp_path / "lake", progress=False)
    assert summary.failed == 1 and len(summary.failures) == 1 and "d.doc" in summary.failures[0]

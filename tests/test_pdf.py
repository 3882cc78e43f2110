"""PDF text-layer extraction on report PDFs drawn here (reportlab; no LibreOffice needed): ruled and borderless
tables over several pages, rows cut by a page break, lost ToUnicode maps, legacy fonts, bad files; and the pdfium
path (every page pdfium does not flag) against the pdfminer path on every sample PDF, as documents and as rows."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

import baocao.extract.pdf as pdfmod  # noqa: E402
from baocao.extract.base import ExtractionError, TextLine, Word  # noqa: E402
from baocao.extract.ocr import OcrResult  # noqa: E402
from baocao.extract.pdf import PdfExtractor  # noqa: E402
from baocao.normalize.numbers import parse_value  # noqa: E402
from baocao.pipeline import convert_file  # noqa: E402
from baocao.segment.scoring import cell_f1  # noqa: E402
from baocao.extract.pdfium_page import PdfGeometry  # noqa: E402
from tests.document_diff import conversion, conversion_differences, document_differences, pdfminer_only  # noqa
from tests.expected_io import shared_dir  # noqa: E402
from tests.pdfmaker import SAMPLE_ROWS, make_report_pdf  # noqa: E402

ROWS = SAMPLE_ROWS * 3  # long enough for three pages at a short page height


def expected_rows(rows=ROWS, table="Phụ lục"):
    """The records the drawn table must give (parents and numbers are build_records' business; cells here)."""
    out = []
    for stt, indicator, unit, value, note in rows:
        if indicator == "Trong đó:":
            continue
        out.append({"table": table, "stt": stt.rstrip(".") or None, "indicator": indicator, "unit": unit or None,
                    "value_raw": value or None, "value": parse_value(value or None), "note": note or None})
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdfs")
    return {
        "ruled": make_report_pdf(root / "ruled.pdf", ROWS, ruled=True, page_height=600, split_rows=True),
        "borderless": make_report_pdf(root / "borderless.pdf", ROWS, ruled=False, page_height=600,
                                      split_rows=True),
        "root": root,
    }


def _score(path: Path):
    got = convert_file(path, path.name)
    rows = [r.model_dump() for r in got.rows]
    return got, rows, cell_f1(expected_rows(), rows)


@pytest.mark.parametrize("kind", ["ruled", "borderless"])
def test_tables_over_pages_read_exactly(pdfs, kind):
    got, rows, score = _score(pdfs[kind])
    assert got.report.method == "pdf_text"
    assert got.report.n_pages >= 3
    assert score.f1 == 1.0, score.diffs[:10]
    assert all(r["page"] is not None for r in rows)
    pages = [r["page"] for r in rows]
    assert pages == sorted(pages) and pages[-1] >= 3


def cell_rows(document) -> dict[tuple[int, int], dict[int, str]]:
    """Each stated grid row's cell texts, (grid, row) → column → the cell's words in reading order."""
    rows: dict[tuple[int, int], dict[int, str]] = {}
    for line in document.lines:
        for span in line.spans:
            if span.cell is not None:
                cells = rows.setdefault((span.cell.grid, span.cell.row), {})
                cells[span.cell.col] = f"{cells[span.cell.col]} {span.text}" if span.cell.col in cells else span.text
    return rows


def test_ruled_table_cells_stated_on_every_page(pdfs):
    document = PdfExtractor().extract(pdfs["ruled"])
    assert len(document.grids) == document.n_pages >= 3, "one ruled grid per page"
    assert [g.row_pages[0] for g in document.grids] == list(range(1, document.n_pages + 1))
    assert all(g.n_cols == 5 for g in document.grids)
    header = [line for line in document.lines if line.spans[0].text == "STT"]
    assert len(header) == document.n_pages, "the header repeated on each page"
    for line in header:
        cells = [(s.cell.row, s.cell.col, s.cell.cols) for s in line.spans]
        assert cells[0] == (0, 0, 1) and (0, 2, 2) in cells, "`Kết quả thống kê` spans unit and value"
    rows = cell_rows(document)
    assert all(rows[(g, 1)] == {2: "Đơn vị tính", 3: "Số liệu"} for g in range(len(document.grids)))
    # every drawn row in order, in one grid row or (cut by a page break) in two on consecutive grids
    body = [(key, cells) for key, cells in sorted(rows.items()) if key[1] >= 2]
    k = 0
    for want in ROWS:
        want = {c: v for c, v in enumerate(want) if v}
        (grid, _), got = body[k]
        if got != want:
            (next_grid, _), rest = body[k + 1]
            assert next_grid == grid + 1, (want, got)
            got = {c: " ".join(filter(None, (got.get(c), rest.get(c)))) for c in {*got, *rest}}
            k += 1
        assert got == want
        k += 1
    assert k == len(body)


def test_lines_are_visual_rows_with_cells_apart(pdfs):
    source = PdfExtractor().extract(pdfs["ruled"])
    texts = [line.text for line in source.lines]
    assert "Phụ lục" in texts
    row = next(t for t in texts if t.startswith("2.1."))
    assert row.split("\t") == ["2.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "79"]
    assert all(line.page for line in source.lines)
    assert {span.font for line in source.lines for span in line.spans} == {"DejaVuSerif", "DejaVuSerif-Bold"}
    plain = PdfExtractor().extract(pdfs["borderless"])
    row = next(line.text for line in plain.lines if line.text.startswith("2.1."))
    assert [c.strip() for c in row.split("   ") if c.strip()] == ["2.1.", "Số nhiệm vụ đề ra trong kế hoạch",
                                                                  "Nhiệm vụ", "79"]


def without_tounicode(source: Path, target: Path) -> Path:
    """The PDF with its regular font's ToUnicode map taken out: every glyph of that font is lost."""
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                if "/ToUnicode" in font and "Bold" not in str(font.get("/BaseFont")):
                    del font["/ToUnicode"]
        pdf.save(target)
    return target


def test_lost_tounicode_glyphs_become_private_use_characters(pdfs):
    path = without_tounicode(pdfs["ruled"], pdfs["root"] / "lost.pdf")
    source = PdfExtractor().extract(path)
    assert source.glyph_legend
    text = "\n".join(line.text for line in source.lines)
    assert "(cid:" not in text
    used = {ch for ch in text if 0xE000 <= ord(ch) < 0xF900}
    assert used == set(source.glyph_legend)
    legend = list(source.glyph_legend.values())
    assert len(set(legend)) == len(legend), "one character per distinct (font, cid)"
    assert all(v.startswith("(cid:") and "DejaVuSerif" in v for v in legend)
    # the same lost glyph is the same character everywhere: `Văn bản` twice in one row
    row = next(r for r in cell_rows(source).values() if r.get(0) == "1." and r.get(3) == "08")
    assert row[2][1:] in row[1]
    assert convert_file(path, path.name).report.status in ("ok", "partial")


def test_legacy_font_words_converted_and_recorded(pdfs, monkeypatch):
    # a stand-in legacy font: the bold one, "converted" to lower case so the test sees exactly what changed
    monkeypatch.setattr(pdfmod, "encoding_from_font", lambda font: "tcvn3" if "Bold" in font else None)
    monkeypatch.setattr(pdfmod, "to_unicode", lambda text, enc: text.lower())
    source = PdfExtractor().extract(pdfs["ruled"])
    assert "stt\tchỉ tiêu thống kê\tkết quả thống kê\tghi chú" in [line.text for line in source.lines]
    kinds = {r.kind for r in source.repairs}
    assert kinds == {"encoding"} and source.encoding == "tcvn3"
    repair = source.repairs[0]
    assert source.lines[repair.line].text == repair.after and repair.before != repair.after


def test_page_without_text_goes_to_ocr_or_is_reported(tmp_path, monkeypatch):
    from reportlab.pdfgen import canvas

    path = tmp_path / "mixed.pdf"
    first = make_report_pdf(tmp_path / "one.pdf", SAMPLE_ROWS[:4], ruled=True)
    pikepdf = pytest.importorskip("pikepdf")
    blank = tmp_path / "blank.pdf"
    from PIL import Image

    c = canvas.Canvas(str(blank))
    c.drawInlineImage(Image.new("L", (300, 400), 200), 20, 20, width=555, height=800)  # a scan: a picture, no text
    c.showPage()
    c.drawString(300, 40, "3")  # a page with only its number is short, not scanned
    c.showPage()
    c.save()
    with pikepdf.open(first) as a, pikepdf.open(blank) as b:
        a.pages.extend(b.pages)
        a.save(path)
    def no_tesseract(p, numbers):
        raise ExtractionError("OCR needs the tesseract program (apt-get install tesseract-ocr tesseract-ocr-vie)")

    monkeypatch.setattr(pdfmod, "ocr_pdf", no_tesseract)
    source = PdfExtractor().extract(path)
    assert len(source.warnings) == 1 and "page 2 " in source.warnings[0] and "OCR" in source.warnings[0]
    got = convert_file(path, path.name)
    assert got.report.status == "partial" and "OCR" in got.report.error
    assert got.rows  # the readable page still gives its rows

    calls = []

    def fake_ocr(p, numbers):
        calls.append(list(numbers))
        return OcrResult(words=[Word("Trang", 2, 10, 40, 10, 20), Word("quét", 2, 45, 70, 10, 20)],
                         lines=[TextLine("Trang quét", 2)], tables=[], warnings=[], angles={})

    monkeypatch.setattr(pdfmod, "ocr_pdf", fake_ocr)
    source = PdfExtractor().extract(path)
    assert calls == [[2]]
    assert source.page_methods() == {1: "pdf_text", 2: "ocr", 3: "pdf_text"}
    assert [line.text for line in source.lines[-2:]] == ["Trang quét", "3"] and not source.warnings
    assert [g.row_pages[0] for g in source.grids] == [1], "the ruled table of page 1 keeps its exact cells"


def test_bad_files_raise_clear_errors(tmp_path, pdfs):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf at all\n")
    with pytest.raises(ExtractionError, match="PDF"):
        PdfExtractor().extract(broken)
    pikepdf = pytest.importorskip("pikepdf")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(pdfs["ruled"]) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(ExtractionError, match="password"):
        PdfExtractor().extract(locked)
    report = convert_file(locked, locked.name).report
    assert report.status == "failed" and "password" in report.error


def test_pdf_without_table_still_reports(tmp_path):
    path = make_report_pdf(tmp_path / "none.pdf", [], ruled=False, label=None)
    got = convert_file(path, path.name)
    assert got.report.status == "partial" and got.report.error
    assert got.report.signer == "Nguyễn Văn An"


def _legacy_dir() -> Path | None:
    return shared_dir("legacy-tcvn3")


@pytest.mark.skipif(_legacy_dir() is None, reason="shared/legacy-tcvn3 not beside the repository")
@pytest.mark.parametrize("name", ["2006-16EZE_TT01.06GopvonDNNVV", "2007-1AF57_02-2007"])
def test_real_tcvn3_pdfs_read_as_unicode(name):
    """Real `.VnTime` PDFs: every diacritic of the hand-checked transcript comes back (the corpus' metric)."""
    import difflib
    import unicodedata

    pytest.importorskip("baocao.normalize.encoding")
    from baocao.pipeline import read_text

    folder = _legacy_dir()
    source, text = read_text(folder / f"{name}.pdf")
    assert source.encoding and source.repairs and all(r.kind == "encoding" for r in source.repairs)
    assert not source.warnings, "a page holding only its number is not a scan"

    def fold(t):
        return " ".join(unicodedata.normalize("NFC", t).split())

    def marked(ch):
        return ch in "đĐ" or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", ch))

    gold, ours = fold((folder / f"{name}.txt").read_text(encoding="utf-8")), fold(" ".join(text.lines))
    blocks = difflib.SequenceMatcher(None, gold, ours, autojunk=False).get_matching_blocks()
    found = sum(1 for a, _, n in blocks for ch in gold[a:a + n] if marked(ch))
    assert found / sum(1 for ch in gold if marked(ch)) >= 0.99


def test_ruled_and_borderless_tables_in_one_pdf(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    first = make_report_pdf(tmp_path / "a.pdf", SAMPLE_ROWS[:5], ruled=True, label="Phụ lục 1", outro=())
    second = make_report_pdf(tmp_path / "b.pdf", SAMPLE_ROWS[5:9], ruled=False, label="Phụ lục 2", intro=())
    both = tmp_path / "both.pdf"
    with pikepdf.open(first) as a, pikepdf.open(second) as b:
        a.pages.extend(b.pages)
        a.save(both)
    got = convert_file(both, both.name)
    rows = [r.model_dump() for r in got.rows]
    want = expected_rows(SAMPLE_ROWS[:5], "Phụ lục 1") + expected_rows(SAMPLE_ROWS[5:9], "Phụ lục 2")
    assert cell_f1(want, rows).f1 == 1.0
    assert [r["table"] for r in rows] == [w["table"] for w in want]
    assert [r["page"] for r in rows] == [1] * 5 + [2] * 4


def test_capital_of_a_lost_letter_told_from_its_small_letter():
    from baocao.normalize.repair import recase_legend

    big, small = "\ue000", "\ue001"
    lines = [f"{big}úng quy định: 1\tKhông {small}úng", f"Số văn bản chỉ {small}ạo", f"1. {big}ổi mới công tác",
             f"{big}ã kết nối: 1; Chưa kết nối: 2", f"nhiệm vụ {small}ề ra"]
    assert recase_legend({big: "đ", small: "đ"}, lines) == {big: "Đ", small: "đ"}
    # one stand-in alone keeps what the solver read
    assert recase_legend({big: "đ"}, lines) == {big: "đ"}


SAMPLE_PDFS = sorted((Path(__file__).resolve().parents[1] / "samples" / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=[p.stem for p in SAMPLE_PDFS])
def test_every_sample_row_carries_its_page(path):
    import json

    expected = path.parents[1] / "expected" / f"{path.stem}.json"
    if not expected.exists():
        pytest.skip("no expected output")
    want = json.loads(expected.read_text(encoding="utf-8"))["rows"]
    got = convert_file(path, path.name)
    rows = [r.model_dump() for r in got.rows]
    assert rows and all(r["page"] is not None and 1 <= r["page"] <= got.report.n_pages for r in rows)
    # where the sample's builder knew the page a row starts on, ours agrees (rows aligned in order)
    import difflib

    keys = [(r["stt"], r["indicator"]) for r in rows]
    gold = [(w["stt"], w["indicator"]) for w in want]
    checked = []
    for block in difflib.SequenceMatcher(None, gold, keys, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            if want[block.a + k].get("page"):
                checked.append(rows[block.b + k]["page"] == want[block.a + k]["page"])
    assert len(checked) >= 0.9 * len(want) and sum(checked) >= 0.98 * len(checked)


def _count_pdfminer_opens(monkeypatch) -> list[Path]:
    opened: list[Path] = []
    real = pdfmod._open
    monkeypatch.setattr(pdfmod, "_open", lambda path: opened.append(path) or real(path))
    return opened


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=[p.stem for p in SAMPLE_PDFS])
def test_pdfium_path_gives_the_pdfminer_paths_document_and_rows(path, monkeypatch):
    """Every page from pdfium (pdfminer only for the pages it flags) against every page from pdfminer: the same
    document (line texts, span boxes within half a point, fonts, cells, rules) and the same rows and report."""
    opened = _count_pdfminer_opens(monkeypatch)
    ours = conversion(path)
    with PdfGeometry(path) as geometry:
        flagged = [page.number for page in geometry.pages() if page.needs_pdfminer]
    assert len(opened) == (1 if flagged else 0), "pdfplumber opens the file only for the pages pdfium flags"
    with pdfminer_only():
        theirs = conversion(path)
    assert len(opened) == (2 if flagged else 1), "the reference path is pdfminer's"
    assert ours[2].pages and ours[2].lines and ours[1]
    assert document_differences(ours[2], theirs[2]) == []
    assert conversion_differences(ours, theirs) == []


def test_file_pdfium_cannot_open_is_read_by_pdfminer(pdfs, monkeypatch):
    def refuse(path):
        raise ExtractionError("not a readable PDF: pdfium refuses")

    reference = PdfExtractor(pdfium=False).extract(pdfs["ruled"])
    monkeypatch.setattr(pdfmod, "PdfGeometry", refuse)
    opened = _count_pdfminer_opens(monkeypatch)
    assert document_differences(PdfExtractor().extract(pdfs["ruled"]), reference) == []
    assert opened == [pdfs["ruled"]]


def test_flagged_pages_read_by_pdfium_when_pdfminer_cannot_open_the_file(pdfs, monkeypatch):
    """pdfium flags the pages whose fonts lost ToUnicode entries; where pdfminer cannot open the file at all,
    pdfium's reading of them stands (lost glyphs still become stand-ins) and the report says so."""
    path = without_tounicode(pdfs["borderless"], pdfs["root"] / "lost_for_pdfium.pdf")
    with PdfGeometry(path) as geometry:
        assert all(page.needs_pdfminer for page in geometry.pages())

    def unreadable(path):
        raise ExtractionError("not a readable PDF: pdfminer refuses")

    monkeypatch.setattr(pdfmod, "_open", unreadable)
    document = PdfExtractor().extract(path)
    assert len(document.warnings) == document.n_pages >= 3
    assert all("pdfium alone" in warning and "ToUnicode" in warning for warning in document.warnings)
    text = "\n".join(line.text for line in document.lines)
    assert "(cid:" not in text and {ch for ch in text if 0xE000 <= ord(ch) < 0xF900} == set(document.glyph_legend)
    assert convert_file(path, path.name).report.status == "partial"


@pytest.mark.parametrize("heading", [("ST", "T"), ("S", "TT")])
def test_an_stt_heading_a_narrow_column_broke_still_names_the_column(tmp_path, heading):
    path = make_report_pdf(tmp_path / "narrow.pdf", SAMPLE_ROWS, ruled=True, stt_heading=heading)
    got = convert_file(path, path.name)
    want = [stt.rstrip(".") for stt, *_ in SAMPLE_ROWS if stt]
    assert [r.stt for r in got.rows if r.stt] == want


def test_digits_set_small_and_raised_beside_a_word_are_a_footnote_mark():
    from baocao.extract.pdf import _mark_superscripts, _Piece

    word = _Piece("luật.", "luật.", 265.3, 286.9, 161.9, 174.9, "Serif", 13.0)
    mark = _Piece("2", "2", 288.1, 291.9, 162.2, 169.7, "Serif", 7.5)  # LibreOffice's superscript: 58 %, raised
    level = _Piece("2", "2", 288.1, 294.6, 161.9, 174.9, "Serif", 13.0)  # a digit of the text's own size
    _mark_superscripts([word, mark])
    _mark_superscripts([word, level])
    assert (mark.text, level.text, word.text) == ("²", "2", "luật.")

"""Page geometry read with pdfium (extract/pdfium_page.py) against pdfplumber on the same pages: words (text
exactly, boxes within half a point, font name and size), ruling edges, image boxes, ruled-table cells; and the
pages pdfium cannot read as the repair needs are flagged for pdfminer."""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

import pdfplumber  # noqa: E402

from baocao.extract.base import ExtractionError  # noqa: E402
from baocao.extract.pdf import _strict_unicode  # noqa: E402
from baocao.extract.pdf_fonts import FontIndex, FontMeasures, strip_subset  # noqa: E402
from baocao.extract.pdf_words import Char, extract_words  # noqa: E402
from baocao.extract.pdfium_page import PdfGeometry, find_tables, read_geometry  # noqa: E402
from tests.expected_io import SAMPLES, shared_dir  # noqa: E402
from tests.pdfmaker import SAMPLE_ROWS, make_report_pdf  # noqa: E402

BOX_TOLERANCE_PT = 0.5
# an upright word's size is its font's size; a turned one's is its box height along the advance, where pdfium
# (widths in whole thousandths of the size) and pdfminer (widths as written) may differ like the boxes do
SIZE_TOLERANCE_PT = 0.01
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
SAMPLE_PDFS = sorted((SAMPLES / "pdf").glob("*.pdf"))
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _plumber(path: Path):
    pdf = pdfplumber.open(path)
    _strict_unicode(pdf)  # as extract/pdf.py reads: a lost glyph is `(cid:N)`, not a guessed letter
    return pdf


def _close(a: dict, b: dict, keys=("x0", "x1", "top", "bottom")) -> bool:
    return all(abs(a[k] - b[k]) <= BOX_TOLERANCE_PT for k in keys)


def assert_same_words(ours: list[dict], theirs: list[dict]) -> None:
    """Every word of each side has one on the other with the same text, font name and size, its box within half
    a point (the order may differ where pdfium orders the text objects of a line by position)."""
    assert len(ours) == len(theirs), (len(ours), len(theirs))
    by_text: dict[str, list[dict]] = {}
    for word in ours:
        by_text.setdefault(word["text"], []).append(word)
    for word in theirs:
        same = by_text.get(word["text"], [])
        match = next((w for w in same if _close(w, word)), None)
        assert match is not None, f"pdfplumber's word {word['text']!r} at {word['x0']:.1f},{word['top']:.1f} missing"
        assert match["fontname"] == word["fontname"]
        tolerance = SIZE_TOLERANCE_PT if word["upright"] else BOX_TOLERANCE_PT
        assert abs(match["size"] - word["size"]) <= tolerance
        assert match["upright"] == word["upright"]
        same.remove(match)


def assert_same_boxes(ours: list[tuple], theirs: list[tuple]) -> None:
    assert len(ours) == len(theirs), (len(ours), len(theirs))
    for a, b in zip(sorted(ours), sorted(theirs)):
        assert max(abs(p - q) for p, q in zip(a, b)) <= BOX_TOLERANCE_PT, (a, b)


def _cells(tables) -> list[tuple]:
    return [tuple(cell) for table in tables for cell in table.cells]


def _edge_key(edge: dict) -> tuple:
    return (str(edge["orientation"]), edge["object_type"], edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def assert_same_edges(ours: list[dict], theirs: list[dict]) -> None:
    assert len(ours) == len(theirs), (len(ours), len(theirs))
    for a, b in zip(sorted(map(_edge_key, ours)), sorted(map(_edge_key, theirs))):
        assert a[:2] == b[:2], (a, b)
        assert max(abs(p - q) for p, q in zip(a[2:], b[2:])) <= BOX_TOLERANCE_PT, (a, b)


def assert_agrees_with_pdfplumber(path: Path, keep_chars: bool = False) -> list:
    """Words, edges, images and ruled cells of every page pdfium reads alone; returns the geometries."""
    pages = []
    with PdfGeometry(path) as geometry, _plumber(path) as pdf:
        assert len(geometry) == len(pdf.pages)
        for ours, page in zip(geometry.pages(keep_chars=keep_chars), pdf.pages):
            pages.append(ours)
            assert (ours.width, ours.height) == pytest.approx((float(page.width), float(page.height)), abs=0.01)
            text = "".join(ch["text"] for ch in page.chars)
            assert (ours.lost > 0) == ("(cid:" in text), (ours.number, ours.lost)
            if ours.needs_pdfminer:  # only for glyphs lost in a font whose widths pdfium cannot give as pdfminer
                assert ours.lost > 0 and "ToUnicode" in ours.reasons[0], (ours.number, ours.reasons)
                continue
            assert_same_words(ours.words, page.extract_words(extra_attrs=["fontname", "size"]))
            assert_same_edges(ours.edges, page.edges)
            assert_same_boxes(ours.images, [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images])
            assert_same_boxes(_cells(find_tables(ours)), _cells(page.find_tables(RULED)))
    return pages


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.name)
def test_sample_pdfs_agree_with_pdfplumber(path):
    pages = assert_agrees_with_pdfplumber(path)
    assert any(page.words for page in pages)


def test_lost_glyph_sample_pages_are_read_by_pdfium():
    """The sample's fonts lost ToUnicode entries; they are Identity-H and WinAnsi fonts, whose lost glyphs pdfium
    gives by their raw codes (pdfminer's CIDs) and the font dictionary measures as pdfminer does: no page needs
    pdfminer, and every word agrees with pdfplumber's (`test_sample_pdfs_agree_with_pdfplumber`)."""
    pages = read_geometry(SAMPLES / "pdf" / "004_lost_glyphs.pdf")
    assert all(page.lost > 0 for page in pages) and not any(page.needs_pdfminer for page in pages)
    assert any("(cid:" in word["text"] for page in pages for word in page.words)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdfium")
    return {
        "ruled": make_report_pdf(root / "ruled.pdf", SAMPLE_ROWS * 3, ruled=True, page_height=600, split_rows=True),
        "borderless": make_report_pdf(root / "borderless.pdf", SAMPLE_ROWS * 2, ruled=False, page_height=600),
        "geometry": _geometry_pdf(root / "geometry.pdf"),
        "root": root,
    }


def _geometry_pdf(path: Path) -> Path:
    """What a page can hold besides plain text in rows: scaled, risen, stretched and turned text, a Form XObject
    with text and rules, a diagonal, a curve, closed and multi-part paths, a hairline box, an image; a page turned
    by /Rotate; a page whose MediaBox does not start at the origin."""
    from PIL import Image
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "Serif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("Serif", 11)
    pdf.drawString(50, 800, "Chỉ tiêu thống kê  số 12,5 (đơn vị: hồ sơ)")
    text = pdf.beginText(50, 780)
    text.setFont("Helvetica", 10)
    text.setHorizScale(80)
    text.textOut("Tân Hà giãn")  # a standard font draws WinAnsi only: Latin-1 letters
    text.setHorizScale(100)
    text.setRise(3)
    text.textOut(" nâng cao")
    text.setRise(0)
    text.textOut(" bình thường".replace("ư", "u").replace("ờ", "o"))
    pdf.drawText(text)
    pdf.saveState()
    pdf.translate(300, 700)
    pdf.scale(2, 2)
    pdf.setFont("Serif", 6)
    pdf.drawString(0, 0, "Phóng to bằng cm")
    pdf.restoreState()
    pdf.saveState()
    pdf.translate(100, 600)
    pdf.rotate(90)
    pdf.setFont("Serif", 10)
    pdf.drawString(0, 0, "Chữ xoay dọc")
    pdf.restoreState()
    # a space drawn alone in another font between two words of one font, narrower than the word gap: pdfium's
    # text page leaves such an inkless object out, pdfplumber splits the words at its space
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if "SerifBold" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("SerifBold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    x = 50.0
    for word, font in (("chỉ", "Serif"), (" ", "SerifBold"), ("đạo", "Serif")):
        pdf.setFont(font, 8)
        pdf.drawString(x, 560, word)
        x += stringWidth(word, font, 8)
    pdf.setLineWidth(0.5)
    pdf.line(50, 500, 300, 500)
    pdf.line(50, 500, 50, 400)
    pdf.line(60, 410, 120, 470)
    pdf.rect(200, 400, 100, 50, stroke=1, fill=0)
    pdf.rect(320, 400, 100, 0.8, stroke=0, fill=1)
    path_obj = pdf.beginPath()
    path_obj.moveTo(400, 300)
    path_obj.curveTo(420, 320, 440, 280, 460, 300)
    path_obj.lineTo(460, 250)
    pdf.drawPath(path_obj)
    path_obj = pdf.beginPath()
    path_obj.moveTo(100, 200)
    path_obj.lineTo(200, 200)
    path_obj.lineTo(200, 250)
    path_obj.close()
    path_obj.moveTo(300, 200)
    path_obj.lineTo(350, 200)
    pdf.drawPath(path_obj)
    pdf.beginForm("box")
    pdf.setFont("Serif", 9)
    pdf.drawString(10, 10, "Trong biểu mẫu")
    pdf.line(0, 0, 80, 0)
    pdf.rect(0, 0, 80, 30)
    pdf.endForm()
    pdf.saveState()
    pdf.translate(350, 150)
    pdf.scale(1.5, 1.5)
    pdf.doForm("box")
    pdf.restoreState()
    image = path.with_suffix(".png")
    Image.new("RGB", (20, 20), "red").save(image)
    pdf.drawImage(str(image), 450, 600, 60, 40)
    pdf.showPage()
    pdf.setPageRotation(90)
    pdf.setFont("Serif", 12)
    pdf.drawString(50, 800, "Trang xoay ngang")
    pdf.line(50, 790, 250, 790)
    pdf.rect(50, 700, 80, 40)
    pdf.showPage()
    pdf.setPageRotation(0)
    pdf.setFont("Serif", 12)
    pdf.drawString(80, 700, "Hộp trang lệch gốc")
    pdf.line(80, 690, 300, 690)
    pdf.showPage()
    pdf.save()
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(path, allow_overwriting_input=True) as doc:
        doc.pages[2].MediaBox = [20, 30, 615, 872]
        doc.save(path)
    return path


@pytest.mark.parametrize("kind", ["ruled", "borderless", "geometry"])
def test_drawn_pdfs_agree_with_pdfplumber(drawn, kind):
    pages = assert_agrees_with_pdfplumber(drawn[kind])
    assert not any(page.needs_pdfminer for page in pages)
    if kind == "ruled":
        assert all(find_tables(page) for page in pages if any(w["text"] == "STT" for w in page.words))
    if kind == "geometry":
        first, turned, shifted = pages
        assert first.images and any(not w["upright"] for w in first.words)
        assert turned.words and not any(w["upright"] for w in turned.words)  # /Rotate turns the text
        assert any(w["text"] == "lệch" for w in shifted.words)


@pytest.mark.skipif(shutil.which("pdftocairo") is None, reason="poppler-utils' pdftocairo not installed")
def test_cairo_rewritten_pdf_agrees(drawn):
    """cairo re-emits each font change as its own text object and spaces as objects of their own, which pdfium's
    text page leaves out (they draw no ink): the words still split where pdfplumber splits them."""
    path = drawn["root"] / "cairo.pdf"
    subprocess.run(["pdftocairo", "-pdf", str(drawn["ruled"]), str(path)], check=True, capture_output=True,
                   timeout=120)
    pages = assert_agrees_with_pdfplumber(path)
    assert not any(page.needs_pdfminer for page in pages)


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (numbered from 1, the first the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_inherited_resources_and_a_standard_font(tmp_path):
    """Fonts the page inherits from its page-tree node, and a standard font without a descriptor (pdfminer
    measures it by its built-in metrics)."""
    content = b"BT /F1 12 Tf 72 720 Td (Inherited Helvetica words) Tj ET 72 700 m 300 700 l S"
    path = tmp_path / "inherited.pdf"
    path.write_bytes(_raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]))
    (page,) = assert_agrees_with_pdfplumber(path)
    assert [w["text"] for w in page.words] == ["Inherited", "Helvetica", "words"]
    assert page.words[0]["fontname"] == "Helvetica" and len(page.edges) == 1


def test_word_rules_are_pdfplumbers(drawn):
    """The word builder gives what pdfplumber's own extract_words gives on the same chars, turned text too."""
    for kind in ("ruled", "geometry"):
        with PdfGeometry(drawn[kind]) as geometry:
            for page in geometry.pages(keep_chars=True):
                dicts = [dict(Char(*ch)._asdict(), doctop=ch[3]) for ch in page.chars]
                theirs = pdfplumber.utils.extract_words(dicts, x_tolerance=3, y_tolerance=3,
                                                        extra_attrs=["fontname", "size"])
                assert extract_words(page.chars) == theirs


def _pdf_variants():
    """samples/build/pdf_variants.py (it imports its neighbours by plain name)."""
    build = str(SAMPLES / "build")
    spec = importlib.util.spec_from_file_location("pdf_variants_for_pdfium", SAMPLES / "build" / "pdf_variants.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, build)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(build)
    return module


def test_lost_tounicode_entries_flag_the_page(drawn):
    """Letters whose ToUnicode entries were dropped, in fonts without an encoding (where pdfium and pdfminer fall
    back on different tables): the pages are pdfminer's."""
    pytest.importorskip("pikepdf")
    path = drawn["root"] / "lost.pdf"
    path.write_bytes(drawn["ruled"].read_bytes())
    assert _pdf_variants().lose_glyphs(path, "đơ")
    pages = assert_agrees_with_pdfplumber(path)
    assert any(page.needs_pdfminer for page in pages)


def test_lost_entries_in_a_font_with_a_standard_encoding_are_read_by_pdfium(drawn):
    """The same lost letters in fonts that name WinAnsiEncoding: both readers fall back on that table, so pdfium
    reads the pages alone, each lost glyph as pdfminer's `(cid:N)` with pdfminer's advance from the font's
    widths, and every word agrees with pdfplumber's."""
    pikepdf = pytest.importorskip("pikepdf")
    source = drawn["root"] / "lost_winansi_source.pdf"
    source.write_bytes(drawn["ruled"].read_bytes())
    assert _pdf_variants().lose_glyphs(source, "đơ")
    path = drawn["root"] / "lost_winansi.pdf"
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                if "/ToUnicode" in font:
                    font.Encoding = pikepdf.Name("/WinAnsiEncoding")
        pdf.save(path)
    pages = assert_agrees_with_pdfplumber(path)
    assert any(page.lost for page in pages) and not any(page.needs_pdfminer for page in pages)


def _rewrite_regular_fonts(source: Path, target: Path, change) -> Path:
    """A copy of `source` where `change(font, pikepdf)` rewrote each regular-weight font that has a ToUnicode map
    (the bold headers stay readable), each font dictionary once."""
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(source) as pdf:
        fonts = {font.objgen: font for page in pdf.pages for font in page.Resources.Font.values()}
        for font in fonts.values():
            if "/ToUnicode" in font and "Bold" not in str(font.get("/BaseFont")):
                change(font, pikepdf)
        pdf.save(target)
    return target


def test_font_without_tounicode_flags_every_page_it_draws_on(drawn):
    def drop_map(font, _pikepdf):
        del font["/ToUnicode"]

    path = _rewrite_regular_fonts(drawn["ruled"], drawn["root"] / "no_map.pdf", drop_map)
    pages = assert_agrees_with_pdfplumber(path)
    assert all(page.needs_pdfminer for page in pages)


def _legacy_pdfs() -> list[Path]:
    folder = shared_dir("legacy-tcvn3")
    return sorted(folder.glob("*.pdf")) if folder else []


@pytest.mark.skipif(not _legacy_pdfs(), reason="shared/legacy-tcvn3 not beside the repository")
@pytest.mark.parametrize("path", _legacy_pdfs(), ids=lambda p: p.name)
def test_legacy_tcvn3_pdfs_read_the_same_bytes(path):
    """`.VnTime` pages: pdfium gives the same characters pdfminer does (the legacy converter reads them), so
    pdfium reads them alone."""
    pages = assert_agrees_with_pdfplumber(path)
    assert not any(page.needs_pdfminer for page in pages)


def test_legacy_font_read_through_a_private_mapping_is_flagged(drawn):
    """A legacy-named font whose codes come out as private-use characters (a symbol font's own cmap) goes to
    pdfminer: the legacy converters read the encoding's bytes."""
    def legacy_private(font, pikepdf):
        name = pikepdf.Name("/ABCDEF+.VnTime")
        font.BaseFont = name
        font.FontDescriptor.FontName = name
        cmap = font.ToUnicode.read_bytes().decode("latin-1")
        # every mapped letter → U+F041 (a symbol font's private-use range)
        cmap = re.sub(r"(<[0-9A-Fa-f]{2,4}>\s*)<[0-9A-Fa-f]{4}>", r"\1<F041>", cmap)
        font.ToUnicode.write(cmap.encode("latin-1"))

    path = _rewrite_regular_fonts(drawn["ruled"], drawn["root"] / "legacy_private.pdf", legacy_private)
    pages = read_geometry(path)
    assert all(page.needs_pdfminer for page in pages)
    assert all(any("legacy font" in reason for reason in page.reasons) for page in pages)


def test_font_index_takes_pdfiums_names():
    index = FontIndex()
    index.add("ABCDEF+Arial", FontMeasures("ABCDEF+Arial", -0.2), whole_name=False)
    index.add("GHIJKL+Arial", FontMeasures("GHIJKL+Arial", -0.2), whole_name=True)  # a Type0 of the same face
    assert index.lookup("Arial") == FontMeasures("ABCDEF+Arial", -0.2)  # pdfium drops a simple font's prefix
    assert index.lookup("GHIJKL+Arial") == FontMeasures("GHIJKL+Arial", -0.2)
    index.add("MNOPQR+Arial", FontMeasures("MNOPQR+Arial", -0.3), whole_name=False)
    assert index.lookup("Arial") is None  # two simple subsets that measure differently: not to be guessed
    assert strip_subset("ABCDEF+Times") == "Times" and strip_subset("Abcdef+Times") == "Abcdef+Times"


def test_bad_files_raise_clear_errors(tmp_path, drawn):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf at all\n")
    with pytest.raises(ExtractionError, match="PDF"):
        read_geometry(broken)
    with pytest.raises(ExtractionError, match="PDF"):
        read_geometry(tmp_path / "missing.pdf")
    pikepdf = pytest.importorskip("pikepdf")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(drawn["ruled"]) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(ExtractionError, match="password"):
        read_geometry(locked)


def test_text_strategies_are_refused(drawn):
    page = read_geometry(drawn["ruled"])[0]
    with pytest.raises(ValueError, match="lines"):
        find_tables(page, {"vertical_strategy": "text", "horizontal_strategy": "lines"})


def test_single_precision_numbers_read_back_as_the_pdfs_decimals():
    import random
    import struct

    from baocao.extract.pdfium_c import written, written_all

    def single(value: float) -> float:
        return struct.unpack("f", struct.pack("f", value))[0]

    rng = random.Random(14)
    decimals = [round(rng.uniform(-900, 900), rng.choice((0, 1, 2, 3))) for _ in range(500)]
    decimals += [0.0, 841.89, 595.276, 0.001, 12.5]
    assert [written(single(v)) for v in decimals] == decimals
    assert written_all([single(v) for v in decimals]) == decimals
    # no short decimal gives it: a value stays within single precision of itself
    odd = [single(rng.uniform(-900, 900)) for _ in range(200)]
    for value, back in zip(odd, written_all(odd)):
        assert single(back) == value and back == written(value)
    assert written(1e300) == 1e300 and written_all([float("inf")]) == [float("inf")]

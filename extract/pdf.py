"""PDF with a text layer (printed from Word): positioned words, visual lines, and the exact cells of ruled tables.

Every page is read once, by pdfium (`pdfium_page`: words with font names, ruling edges, image boxes, in
pdfplumber's terms at a sixth of its cost); pdfminer reads only the chars of the pages pdfium flags as not giving
what the repair needs (their edges and images stay pdfium's), and is not opened at all when no page is flagged.
Either way a page takes the same path from there: lines, cell texts and the judgement whether the page needs OCR
derive from its words; table grids come from the ruling lines only (pdfplumber's table finder with the `lines`
strategy reads edges, not text). Legacy `.VnTime` fonts are converted word by word and glyphs whose font lost its ToUnicode entries become
private-use characters for the repair stage."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Callable, Optional

import regex as re

from baocao.extract.base import ExtractionError, SourceText, to_document
from baocao.extract.geometry import visual_lines
from baocao.extract.ocr import OcrResult, ocr_pdf
from baocao.extract.pdfgrid import RuledGrid, ruled_grids
from baocao.extract.pdf_words import extract_words
from baocao.extract.pdfium_page import PageGeometry, PdfGeometry
from baocao.normalize.encoding import encoding_from_font, to_unicode
from baocao.schemas import Repair
from baocao.schemas.document import CellRef, Document, Grid, Line, Page, Rule, Span

log = logging.getLogger(__name__)

_CID = re.compile(r"\(cid:(\d+)\)")
PUA_START = 0xE000
# a page with fewer letters than this has no usable text layer (a scan, or a photo with a caption)
MIN_PAGE_LETTERS = 25
# share of a page's letters drawn by fonts that lost their Unicode mapping beyond which OCR reads it better
MAX_LOST_SHARE = 0.5
# pieces of one word that a font change split: tops this close (pt) share a baseline band, and a piece starting
# within this gap (pt) of the previous one's end continues it
GLUE_BAND_PT = 1.5
GLUE_GAP_PT = (-0.5, 0.6)
# a footnote's mark set superscript: digits at most this share of their neighbour's size, their foot raised at
# least this share of its size above the neighbour's
SUPERSCRIPT_SIZE_SHARE = 0.8
SUPERSCRIPT_RISE_SHARE = 0.2
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(slots=True)
class _Piece:
    """A word as pdfplumber found it, before and after conversion."""

    raw: str
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str
    size: float


@dataclass
class _Page:
    number: int
    words: list[_Piece] = field(default_factory=list)
    lost: int = 0
    letters: int = 0
    pictured: bool = False  # an image covers much of the page (a scan, a photographed page)

    @property
    def needs_ocr(self) -> bool:
        if self.letters < 0:
            return True  # the page could not be parsed at all
        if self.letters < MIN_PAGE_LETTERS:
            return self.pictured  # a short page without a picture is just short (a page number, a signature)
        return self.lost > MAX_LOST_SHARE * self.letters


class _FontConverter:
    """fontname → text converter for legacy-encoded fonts (None for Unicode fonts); remembers which encodings it
    used."""

    def __init__(self) -> None:
        self._cache: dict[str, Optional[Callable[[str], str]]] = {}
        self.used: dict[str, int] = {}

    def __call__(self, font: str) -> Optional[Callable[[str], str]]:
        if font not in self._cache:
            enc = encoding_from_font(font)
            self._cache[font] = None if not enc else self._converter(enc)
        return self._cache[font]

    def _converter(self, enc: str) -> Callable[[str], str]:
        def convert(text: str) -> str:
            self.used[enc] = self.used.get(enc, 0) + 1
            return to_unicode(text, enc)

        return convert


class _Glyphs:
    """Each distinct (font, cid) a font drew without a Unicode mapping → one private-use character."""

    def __init__(self) -> None:
        self.chars: dict[tuple[str, int], str] = {}
        self.legend: dict[str, str] = {}

    def replace(self, text: str, font: str) -> str:
        def sub(match: re.Match) -> str:
            key = (font, int(match.group(1)))
            if key not in self.chars:
                char = chr(PUA_START + len(self.chars))
                self.chars[key] = char
                self.legend[char] = f"(cid:{key[1]}) {font}"
            return self.chars[key]

        return _CID.sub(sub, text)


def _base_font(font: str) -> str:
    return font.split("+", 1)[1] if "+" in font[:8] else font


_TOP = attrgetter("top")
_X0 = attrgetter("x0")


def _read_words(found: list[dict], glyphs: _Glyphs, convert) -> tuple[list[_Piece], int, int]:
    """The page's words (pdfplumber's `extract_words` dicts, from either reader), converted; pieces a font change
    split inside one word are glued back."""
    raw_pieces: list[_Piece] = []
    lost = letters = 0
    for w in found:
        raw = w["text"]
        font = w.get("fontname", "")
        text = raw
        if "(cid:" in text:
            lost += len(_CID.findall(text))
            text = glyphs.replace(text, font)
        converter = convert(font)
        if converter is not None:
            text = converter(text)
        letters += len(text)  # words hold hardly any punctuation: their length is the page's letter count
        raw_pieces.append(_Piece(raw, text, w["x0"], w["x1"], w["top"], w["bottom"], font,
                                 float(w.get("size") or 0)))
    # pieces of one word share a baseline and touch; pdfplumber may list them apart (a vertically centred cell
    # interleaves its line with the next), so glue by position, not by the order found
    raw_pieces.sort(key=_TOP)
    pieces: list[_Piece] = []
    band: list[_Piece] = []
    low, high = GLUE_GAP_PT
    for piece in raw_pieces + [None]:
        if piece is not None and band and piece.top - band[0].top < GLUE_BAND_PT:
            band.append(piece)
            continue
        band.sort(key=_X0)
        _mark_superscripts(band)
        prev: Optional[_Piece] = None
        for part in band:
            if prev is not None and low < part.x0 - prev.x1 < high:
                prev.raw += part.raw
                prev.text += part.text
                prev.x1 = part.x1
                prev.bottom = max(prev.bottom, part.bottom)
                continue
            pieces.append(part)
            prev = part
        band = [piece] if piece is not None else []
    return pieces, lost, letters


def _mark_superscripts(band: list[_Piece]) -> None:
    """Digits set small and raised against the word beside them (a footnote's mark, `luật.²`) are written as
    the superscript digits they show, so they read as a mark and not as part of the word or a number."""
    for k, piece in enumerate(band):
        if not (len(piece.text) <= 2 and piece.text.isascii() and piece.text.isdigit()):
            continue
        beside = [band[j] for j in (k - 1, k + 1) if 0 <= j < len(band)]
        if any(piece.size <= SUPERSCRIPT_SIZE_SHARE * other.size
               and other.bottom - piece.bottom >= SUPERSCRIPT_RISE_SHARE * other.size for other in beside):
            piece.text = piece.text.translate(_SUPERSCRIPT)


def _strict_unicode(pdf) -> None:
    """Make a subset font that has a ToUnicode map emit `(cid:N)` for the codes the map lacks, instead of
    pdfminer's fallback through the standard encoding (which turns a lost `đ` into a plausible but wrong `7`).
    Fonts without any map (legacy `.VnTime`) keep their encoding: the legacy converter reads those bytes."""
    try:
        from pdfminer.pdffont import PDFSimpleFont, PDFUnicodeNotDefined
        manager = pdf.rsrcmgr
        get_font = manager.get_font
    except (ImportError, AttributeError):  # another pdfminer layout: keep its own behaviour
        return

    def strict(font):
        def to_unichr(cid: int) -> str:
            try:
                return font.unicode_map.get_unichr(cid)
            except KeyError:
                fallback = font.cid2unicode.get(cid)
                if fallback is not None and fallback.isspace():
                    return fallback
                raise PDFUnicodeNotDefined(None, cid) from None

        return to_unichr

    def get_strict_font(objid, spec):
        font = get_font(objid, spec)
        # only a font without an /Encoding: its codes are the subset's own numbering, so the fallback is noise;
        # with a named encoding (WinAnsi …) pdfminer's fallback reads the right letter
        if isinstance(font, PDFSimpleFont) and font.unicode_map is not None and "to_unichr" not in vars(font) \
                and not spec.get("Encoding"):
            font.to_unichr = strict(font)
        return font

    manager.get_font = get_strict_font


def _pictured(page) -> bool:
    """An image (or several) covering at least a quarter of the page."""
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for x0, top, x1, bottom in page.images:
        covered += max(0.0, x1 - x0) * max(0.0, bottom - top)
    return covered >= 0.25 * area


def _open(path: Path):
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
        pages = pdf.pages  # parses the page tree: a corrupt file fails here
    except Exception as exc:  # pdfminer raises many kinds; all mean the same for the user
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc  # pdfplumber wraps
        message = f"{type(inner).__name__}: {inner}" if str(inner) else type(inner).__name__
        if "password" in message.lower() or "encrypt" in message.lower() or "Password" in message:
            raise ExtractionError(f"encrypted PDF (a password is needed to read it): {message}") from exc
        raise ExtractionError(f"not a readable PDF: {message}") from exc
    _strict_unicode(pdf)
    if not pages:
        pdf.close()
        raise ExtractionError("PDF has no pages")
    return pdf


def _ocr_pages(path: Path, numbers: list[int]) -> tuple[Optional[OcrResult], Optional[str]]:
    """Scanned pages read by OCR (words, lines, exact cells of ruled tables whose `line` indexes the lines), or
    why they could not be: the text pages of the same PDF are still worth having."""
    try:
        return ocr_pdf(path, numbers), None
    except ExtractionError as exc:  # no tesseract on this machine, a page that will not render
        return None, str(exc)


def _rules(edges: list[dict]) -> list[Rule]:
    """The page's ruling lines (pdfplumber's edges): its drawn lines and the sides of thin rectangles (table
    borders)."""
    rules = []
    for edge in edges:
        rules.append(Rule(float(edge["x0"]), float(edge["top"]), float(edge["x1"]), float(edge["bottom"])))
    return rules


def _cell_of(piece: _Piece, grids: list[RuledGrid], ids: list[int]) -> Optional[CellRef]:
    x, y = (piece.x0 + piece.x1) / 2, (piece.top + piece.bottom) / 2
    for grid, grid_id in zip(grids, ids):
        at = grid.cell_at(x, y)
        if at is not None:
            row, col, rows, cols = at
            return CellRef(grid_id, row, col, rows, cols)
    return None


class _PdfminerPage:
    """A page pdfminer reads, seen as pdfium's `PageGeometry`: number, size, words (with font names), ruling
    edges and image boxes, so both readers' pages take one path into the document. pdfminer is asked only for the
    chars (its `(cid:N)` codes are what the repair needs); where pdfium read the page, its edges and images stand
    (they do not depend on fonts), and pdfplumber's conversion of every object on the page is not paid for."""

    def __init__(self, page, drawn: Optional[PageGeometry] = None) -> None:
        self._page = page
        self._drawn = drawn if drawn is not None and drawn.loaded else None
        self.number = page.page_number
        self.width = float(page.width)
        self.height = float(page.height)
        self.bbox = tuple(float(v) for v in page.bbox)
        self.loaded = True

    @property
    def words(self) -> list[dict]:
        return extract_words(_layout_chars(self._page), float(self._page.initial_doctop))

    @property
    def edges(self) -> list[dict]:
        return self._drawn.edges if self._drawn is not None else self._page.edges

    @property
    def images(self) -> list[tuple[float, float, float, float]]:
        if self._drawn is not None:
            return self._drawn.images
        return [(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in self._page.images]

    def close(self) -> None:
        self._page.close()  # frees the parsed objects: long reports stay small in memory


def _layout_chars(page) -> list[tuple]:
    """The page's chars (pdf_words.Char fields) straight from pdfminer's layout, placed as pdfplumber places them
    (`Page.process_object`: top from the page's height, offset by the MediaBox)."""
    from pdfminer.layout import LTChar, LTContainer
    from pdfplumber.page import fix_fontname_bytes

    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
    height = float(page.height)
    chars: list[tuple] = []

    def walk(objects) -> None:
        for obj in objects:
            if isinstance(obj, LTContainer):  # a form XObject (LTFigure): its chars, in drawing order
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                fontname = obj.fontname
                chars.append((obj.get_text(), obj.x0 + mb_x0, obj.x1 + mb_x0,
                              height - obj.y1 + mb_top, height - obj.y0 + mb_top, obj.upright,
                              fix_fontname_bytes(fontname) if isinstance(fontname, bytes) else fontname, obj.size))

    walk(page.layout._objs)
    return chars


class _Pdfminer:
    """pdfminer's reading of the document (through pdfplumber), opened only when a page needs it: parsing the
    whole file is most of what reading a PDF costs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pdf = None
        self.error: Optional[ExtractionError] = None

    def open(self):
        if self._pdf is None and self.error is None:
            try:
                self._pdf = _open(self.path)
            except ExtractionError as exc:
                self.error = exc
        if self._pdf is None:
            raise self.error
        return self._pdf

    def page(self, drawn: PageGeometry, of: int) -> _PdfminerPage:
        """The page pdfium read as `drawn`, of the `of` pages pdfium counts."""
        pages = self.open().pages
        if len(pages) != of:  # the two parsers walk different page trees: no page is surely the same page
            raise ExtractionError(f"pdfminer finds {len(pages)} pages where pdfium finds {of}")
        return _PdfminerPage(pages[drawn.number - 1], drawn)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


class _Reading:
    """The document as its pages come in, each from whichever reader read it."""

    def __init__(self) -> None:
        self.glyphs = _Glyphs()
        self.convert = _FontConverter()
        self.document = Document(method="pdf_text", lines=[], units="pt")
        self.need_ocr: list[int] = []

    def add(self, page) -> None:
        """One page (a `PageGeometry` or a `_PdfminerPage`): its visual lines, cells of ruled tables, rules, or
        its place in the OCR queue."""
        document = self.document
        state = _Page(page.number)
        grids: list[RuledGrid] = []
        rules: list[Rule] = []
        try:
            if not page.loaded:
                raise ExtractionError("; ".join(page.reasons))
            state.words, state.lost, state.letters = _read_words(page.words, self.glyphs, self.convert)
            state.pictured = _pictured(page)
            if not state.needs_ocr:
                edges = page.edges
                grids, rules = ruled_grids(page.number, edges, page.bbox), _rules(edges)
        except Exception as exc:  # one broken page must not lose the others
            log.debug("page %s unreadable: %s", page.number, exc)
            state.words, state.letters = [], -1
            document.warnings.append(f"page {page.number} could not be parsed: {type(exc).__name__}")
        document.pages.append(Page(page.number, float(page.width), float(page.height),
                                   "ocr" if state.needs_ocr else "pdf_text", rules))
        if state.needs_ocr:
            self.need_ocr.append(state.number)
            return
        ids = []
        for grid in grids:
            ids.append(len(document.grids))
            document.grids.append(Grid(grid.n_rows, grid.n_columns, [state.number] * grid.n_rows))
        for line in visual_lines(state.words):
            index = len(document.lines)
            spans = [Span(p.text, p.x0, p.x1, p.top, p.bottom, _base_font(p.font), p.size,
                          cell=_cell_of(p, grids, ids) if grids else None) for p in line]
            document.lines.append(Line(spans, state.number))
            # a converted legacy font is a repair worth a record; a lost glyph's stand-in is not (yet)
            if any(p.raw != p.text and _CID.sub("", p.raw) != _CID.sub("", p.text) for p in line):
                document.repairs.append(Repair(line=index, kind="encoding",
                                               before=" ".join(p.raw for p in line),
                                               after=" ".join(p.text for p in line)))

    def finish(self, path: Path) -> Document:
        document = self.document
        document.glyph_legend = dict(self.glyphs.legend)
        if self.convert.used:  # the legacy font encoding the words were converted from
            document.encoding = max(self.convert.used, key=self.convert.used.get)
        if self.need_ocr:
            _add_ocr_pages(document, path, self.need_ocr)
        if not any(line.spans for line in document.lines) and not document.warnings:
            raise ExtractionError("PDF has no text")
        return document


class PdfExtractor:
    """Every page read with pdfium (`pdfium_page`); pdfminer reads only the chars of the pages pdfium flags
    (`needs_pdfminer`: fonts whose ToUnicode map lost entries pdfium cannot give as pdfminer does, legacy fonts pdfium read through a mapping of its
    own, fonts or pages it could not match), and every page of a file pdfium cannot open. `pdfium=False` reads
    every page with pdfminer (the reference the pdfium path is held to)."""

    suffixes = (".pdf",)
    pdfium = True  # the default, which tests and benchmarks turn off to compare the two paths

    def __init__(self, pdfium: Optional[bool] = None) -> None:
        if pdfium is not None:
            self.pdfium = pdfium

    def extract(self, path: Path) -> Document:
        path = Path(path)
        reading = _Reading()
        pdfminer = _Pdfminer(path)
        try:
            geometry = self._geometry(path)
            if geometry is None:
                pages = pdfminer.open().pages
                reading.document.n_pages = len(pages)
                for page in pages:
                    self._add(reading, _PdfminerPage(page))
            else:
                with geometry:
                    reading.document.n_pages = len(geometry)
                    for page in geometry.pages():
                        self._add(reading, self._reader_of(page, len(geometry), pdfminer, reading.document))
        finally:
            pdfminer.close()
        return reading.finish(path)

    def _geometry(self, path: Path) -> Optional[PdfGeometry]:
        """pdfium's reading of the file; None where pdfminer is to read every page."""
        if not self.pdfium:
            return None
        try:
            geometry = PdfGeometry(path)
        except ExtractionError as exc:  # pdfminer may still read it (or says why not)
            log.debug("pdfium cannot open %s: %s", path, exc)
            return None
        if not len(geometry):
            geometry.close()
            raise ExtractionError("PDF has no pages")
        return geometry

    @staticmethod
    def _reader_of(page: PageGeometry, n_pages: int, pdfminer: _Pdfminer, document: Document):
        """The page as pdfium read it, or as pdfminer reads it where pdfium flagged it. Where pdfminer cannot
        read the file (or counts other pages), pdfium's reading of a page it loaded stands, and the report says
        so."""
        if not page.needs_pdfminer:
            return page
        log.debug("page %s to pdfminer: %s", page.number, "; ".join(page.reasons))
        try:
            return pdfminer.page(page, n_pages)
        except ExtractionError as exc:
            if not page.loaded:
                return page  # unread by both: `_Reading.add` says so
            document.warnings.append(f"page {page.number} read by pdfium alone ({'; '.join(page.reasons)}); "
                                     f"pdfminer cannot: {exc}")
            return page

    @staticmethod
    def _add(reading: _Reading, page) -> None:
        reading.add(page)
        if isinstance(page, _PdfminerPage):
            page.close()


def _add_ocr_pages(document: Document, path: Path, numbers: list[int]) -> None:
    """Pages without a usable text layer, read by OCR and put at their place among the text pages."""
    ocr, problem = _ocr_pages(path, numbers)
    if ocr is None:
        document.warnings.append(f"page{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))} "
                                 f"without a usable text layer could not be read: {problem}")
        return
    scanned = to_document(SourceText(method="ocr", lines=ocr.lines, words=ocr.words, tables=ocr.tables,
                                      page_methods={n: "ocr" for n in numbers}))
    offset = len(document.grids)
    document.grids.extend(scanned.grids)
    for line in scanned.lines:
        for span in line.spans:
            if span.cell is not None and span.cell.grid is not None:
                span.cell = CellRef(span.cell.grid + offset, span.cell.row, span.cell.col, span.cell.rows,
                                    span.cell.cols)
    merged = sorted([*document.lines, *scanned.lines], key=lambda ln: ln.page or 0)  # stable: page order kept
    document.lines[:] = merged
    document.warnings.extend(ocr.warnings)
    for page in document.pages:
        page.rules.extend(ocr.rules.get(page.number, []))
        page.turn, page.angle = ocr.turns.get(page.number, 0), ocr.angles.get(page.number, 0.0)
    if all(page.method == "ocr" for page in document.pages):
        document.method = "ocr"

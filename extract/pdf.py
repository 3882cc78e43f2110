"""PDF with a text layer (printed from Word): positioned words, visual lines, and the exact cells of ruled tables.

Every page is parsed once: its words (with font names) are read a single time and everything else (lines, cell
texts, the judgement whether the page needs OCR) is derived from them; table grids come from the ruling lines
only (`find_tables` with the `lines` strategy reads edges, not text). Legacy `.VnTime` fonts are converted word by
word and glyphs whose font lost its ToUnicode entries become private-use characters for the repair stage."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import regex as re

from baocao.extract.base import CellTable, ExtractionError, SourceText, TextLine, Word
from baocao.extract.ocr import OcrResult, ocr_pdf
from baocao.extract.pdfgrid import Grid, find_grids, join_grids, table_label
from baocao.normalize.encoding import encoding_from_font, to_unicode
from baocao.schemas import Repair
from baocao.segment.layout import visual_lines
from baocao.segment.vocab import starts_header

log = logging.getLogger(__name__)

_CID = re.compile(r"\(cid:(\d+)\)")
_HEADER_START = re.compile(r"^\W*(?:stt|tt)\b", re.IGNORECASE)
PUA_START = 0xE000
# a page with fewer letters than this has no usable text layer (a scan, or a photo with a caption)
MIN_PAGE_LETTERS = 25
# share of a page's letters drawn by fonts that lost their Unicode mapping beyond which OCR reads it better
MAX_LOST_SHARE = 0.5
# a gap wider than this many font sizes between two words of a visual line separates two cells
CELL_GAP_EM = 1.2


@dataclass
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
    lines: list[list[_Piece]] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
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


def _read_words(page, glyphs: _Glyphs, convert) -> tuple[list[_Piece], int, int]:
    """The page's words, converted; pieces a font change split inside one word are glued back."""
    found = page.extract_words(extra_attrs=["fontname", "size"])
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
    raw_pieces.sort(key=lambda p: p.top)
    pieces: list[_Piece] = []
    band: list[_Piece] = []
    for piece in raw_pieces + [None]:
        if piece is not None and band and piece.top - band[0].top < 1.5:
            band.append(piece)
            continue
        band.sort(key=lambda p: p.x0)
        prev: Optional[_Piece] = None
        for part in band:
            if prev is not None and -0.5 < part.x0 - prev.x1 < 0.6:
                prev.raw += part.raw
                prev.text += part.text
                prev.x1 = part.x1
                prev.bottom = max(prev.bottom, part.bottom)
                continue
            pieces.append(part)
            prev = part
        band = [piece] if piece is not None else []
    return pieces, lost, letters


def _in_grid(line: list[_Piece], grids: list[Grid]) -> bool:
    return any(grid.cell_at((p.x0 + p.x1) / 2, (p.top + p.bottom) / 2) is not None for p in line for grid in grids)


def _line_text(line: list[_Piece], grids: list[Grid], raw: bool = False) -> str:
    """Words joined by one space, or by a tab where they sit in two different cells / across a wide gap."""
    parts: list[str] = []
    prev: Optional[_Piece] = None
    prev_cell = None
    for piece in line:
        cell = None
        for grid in grids:
            cell = grid.cell_at((piece.x0 + piece.x1) / 2, (piece.top + piece.bottom) / 2)
            if cell is not None:
                break
        if prev is not None:
            gap = piece.x0 - prev.x1
            size = max(prev.size, piece.size, 6.0)
            if (cell is not None or prev_cell is not None) and cell != prev_cell:
                parts.append("\t")
            elif gap > CELL_GAP_EM * size:
                parts.append("   ")  # a column gap: 3 spaces, as text tools print it
            else:
                parts.append(" ")
        parts.append(piece.raw if raw else piece.text)
        prev, prev_cell = piece, cell
    return "".join(parts)


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
    for image in page.images:
        covered += max(0.0, float(image["x1"] - image["x0"])) * max(0.0, float(image["bottom"] - image["top"]))
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


class PdfExtractor:
    suffixes = (".pdf",)

    def extract(self, path: Path) -> SourceText:
        glyphs = _Glyphs()
        convert = _FontConverter()
        pages: list[_Page] = []
        with _open(path) as pdf:
            for page in pdf.pages:
                state = _Page(page.page_number)
                try:
                    state.words, state.lost, state.letters = _read_words(page, glyphs, convert)
                    state.pictured = _pictured(page)
                    if not state.needs_ocr:
                        state.grids = find_grids(page, state.words)
                except Exception as exc:  # one broken page must not lose the others
                    log.debug("page %s unreadable: %s", page.page_number, exc)
                    state.words, state.grids = [], []
                    state.letters = -1
                state.lines = visual_lines(state.words)
                page.close()  # frees the parsed objects: long reports stay small in memory
                pages.append(state)
            n_pages = len(pdf.pages)
        source = SourceText(method="pdf_text", lines=[], n_pages=n_pages)
        source.glyph_legend = dict(glyphs.legend)
        if convert.used:  # the legacy font encoding the words were converted from
            source.encoding = max(convert.used, key=convert.used.get)
        need_ocr = [p.number for p in pages if p.needs_ocr]
        ocr, ocr_problem = _ocr_pages(path, need_ocr) if need_ocr else (None, None)
        if need_ocr and ocr is None:
            source.warnings.append(
                f"page{'s' if len(need_ocr) > 1 else ''} {', '.join(map(str, need_ocr))} "
                f"without a usable text layer could not be read: {ocr_problem}")
        ocr_words: dict[int, list[Word]] = {}
        ocr_lines: dict[int, list[tuple[int, TextLine]]] = {}  # page → (index in the OCR result's lines, line)
        ocr_line_at: dict[int, int] = {}  # index in the OCR result's lines → index in source.lines
        if ocr is not None:
            for word in ocr.words:
                ocr_words.setdefault(word.page, []).append(word)
            for k, line in enumerate(ocr.lines):
                ocr_lines.setdefault(line.page or 0, []).append((k, line))
        grid_line: dict[int, int] = {}
        loose_header = False  # a statistics table header outside every ruled grid: a borderless table
        for state in pages:
            if state.number in need_ocr and ocr is not None:
                source.page_methods[state.number] = "ocr"
                source.words.extend(ocr_words.get(state.number, []))
                for k, line in ocr_lines.get(state.number, []):
                    ocr_line_at[k] = len(source.lines)
                    source.lines.append(line)
                    # a table OCR found no ruling lines for has no cells: the word reader must read the document
                    # (the rows of a ruled table OCR read into cells are tab-separated lines)
                    if "\t" not in line.text and _HEADER_START.match(line.text) and starts_header(line.text):
                        loose_header = True
                continue
            if state.number in need_ocr:
                continue
            source.page_methods[state.number] = "pdf_text"
            for piece in state.words:
                source.words.append(Word(piece.text, state.number, piece.x0, piece.x1, piece.top, piece.bottom,
                                         _base_font(piece.font)))
            for line in state.lines:
                index = len(source.lines)
                text = _line_text(line, state.grids)
                # a converted legacy font is a repair worth a record; a lost glyph's stand-in is not (yet)
                if any(_CID.sub("", p.raw) != _CID.sub("", p.text) for p in line):
                    before = _line_text(line, state.grids, raw=True)
                    source.repairs.append(Repair(line=index, kind="encoding", before=before, after=text))
                source.lines.append(TextLine(text, state.number))
                if not loose_header and _HEADER_START.match(text) and starts_header(text.replace("\t", " ")) \
                        and not _in_grid(line, state.grids):
                    loose_header = True
                for grid in state.grids:
                    if id(grid) not in grid_line and line[0].bottom > grid.top:
                        grid_line[id(grid)] = index
        if ocr is not None and len(source.page_methods) and all(m == "ocr" for m in source.page_methods.values()):
            source.method = "ocr"
        all_grids = [grid for state in pages if state.number not in need_ocr for grid in state.grids]
        for grid in all_grids:
            grid.line = grid_line.get(id(grid))
        # exact cells only when they hold every table: with a borderless table beside the ruled ones, the
        # positioned words (which read ruled tables too) give all of them in one pass
        if not loose_header:
            source.tables = [
                CellTable(rows=t.rows, page=t.page, row_pages=t.row_pages,
                          label=table_label(source.lines, t.line), line=t.line)
                for t in join_grids(all_grids)
            ]
            for t in ocr.tables if ocr is not None else []:
                line = ocr_line_at.get(t.line) if t.line is not None else None
                source.tables.append(CellTable(rows=t.rows, page=t.page, row_pages=t.row_pages, label=t.label,
                                               line=line))
            source.tables.sort(key=lambda t: (t.line is None, t.line or 0))
        if ocr is not None:
            source.warnings.extend(ocr.warnings)
        if not any(line.text.strip() for line in source.lines) and not source.warnings:
            raise ExtractionError("PDF has no text")
        return source

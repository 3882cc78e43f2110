"""Page geometry of a digital PDF read with pdfium: per page its size, words (as pdfplumber's
`extract_words(extra_attrs=["fontname", "size"])` gives them), ruling edges (as pdfplumber's `page.edges`), image
boxes, and whether pdfminer must read the page instead.

All of it costs about a sixth of pdfplumber's `extract_tables()` + `extract_text()` on the same pages
(bench/bench_pdf.py, its `geometry` column); pdfminer stays the reader for the pages where pdfium cannot give
what the repair stage needs (`needs_pdfminer`, with `reasons`):
- a font's ToUnicode map lacks codes the page draws, and pdfium cannot give them as pdfminer does (the repair
  keys each unknown glyph by pdfminer's `(cid:N)` and its box): a font without the map or without a standard
  encoding to fall back on, a Type3 font, a CMap other than Identity-H (`pdf_fonts.LostWidths`);
- a font whose dictionary could not be matched (no descent, no pdfplumber name for its words);
- a legacy 8-bit font (`.VnTime`, `VNI-Times`) whose codes pdfium read through a mapping of its own (private-use
  or control characters) instead of the PDF's encoding, which the legacy converters read;
- a page pdfium could not load, or a document whose page tree pdfminer's parser cannot walk.

One document per process at a time: pdfium is not thread-safe."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import pypdfium2 as pdfium

from baocao.extract.base import ExtractionError
from baocao.extract.pdf_fonts import DocumentFonts, FontIndex, PageDictionary
from baocao.extract.pdf_frame import PageFrame
from baocao.extract.pdfium_c import address, page_objects
from baocao.extract.pdfium_chars import PageChars, read_chars
from baocao.extract.pdf_words import extract_words
from baocao.extract.pdfium_paths import RULED, Drawing, RuledTable, find_table_cells, read_drawing
from baocao.normalize.encoding import encoding_from_font

log = logging.getLogger(__name__)

# pdfium's signs of a font read through its own internal mapping rather than the PDF's encoding: private-use
# code points (symbol-font cmaps) and control codes; the legacy converters expect what pdfminer gives (the
# encoding's characters, glyph-name substitutes such as U+2212 included), which pdfium matched on every page of
# the legacy corpus
def _foreign(text: str) -> bool:
    code = ord(text)
    return code < 0x20 or 0xE000 <= code <= 0xF8FF or code >= 0xFFF0


@dataclass
class PageGeometry:
    number: int  # 1-based
    width: float
    height: float
    words: list[dict] = field(default_factory=list)  # text, x0, x1, top, bottom, doctop, upright, fontname, size…
    drawing: Drawing = field(default_factory=Drawing)
    lost: int = 0  # chars whose font lacks their Unicode (written `(cid:N)`)
    reasons: list[str] = field(default_factory=list)  # why pdfminer must read this page; empty: it need not
    chars: list[tuple] = field(default_factory=list)  # pdf_words.Char fields, kept on request
    loaded: bool = True  # False: pdfium could not load or read the page (no size, no words)

    @property
    def needs_pdfminer(self) -> bool:
        return bool(self.reasons)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    @property
    def edges(self) -> list[dict]:
        return self.drawing.edges

    @property
    def images(self) -> list[tuple[float, float, float, float]]:
        return self.drawing.images


def find_tables(page: PageGeometry, settings: Optional[dict] = None) -> list[RuledTable]:
    """pdfplumber's `page.find_tables(settings)` (default: ruling lines both ways) for this page."""
    return find_table_cells(page.edges, page.bbox, settings or RULED)


def _legacy_misread(chars: list[tuple]) -> Optional[str]:
    """The first legacy-encoded font pdfium read through a mapping of its own."""
    legacy = {font for font in {ch[6] for ch in chars} if encoding_from_font(font)}
    if legacy:
        for char in chars:
            text = char[0]
            if char[6] in legacy and len(text) == 1 and _foreign(text):
                return char[6]
    return None


class PdfGeometry:
    """An open PDF: `pages()` yields each page's geometry. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._doc = pdfium.PdfDocument(str(self.path))
        except (pdfium.PdfiumError, OSError) as exc:  # not a PDF, damaged beyond repair, locked, unreadable
            text = str(exc)
            if "password" in text.lower():
                raise ExtractionError(f"encrypted PDF (a password is needed to read it): {text}") from exc
            raise ExtractionError(f"not a readable PDF: {text}") from exc
        self._page_fonts = self._read_fonts()

    def _read_fonts(self) -> list[Optional[PageDictionary]]:
        """Each page's dictionary; None for every page when pdfminer cannot walk the same page tree pdfium reads."""
        try:
            with open(self.path, "rb") as handle:
                indexes: list[Optional[PageDictionary]] = list(DocumentFonts(handle).pages())
        except Exception as exc:  # pdfminer raises many kinds; any means its measures are not to be had
            log.debug("font dictionaries unreadable: %s", exc)
            indexes = []
        if len(indexes) != len(self._doc):
            return [None] * len(self._doc)
        return indexes

    def __len__(self) -> int:
        return len(self._doc)

    def close(self) -> None:
        self._doc.close()

    def __enter__(self) -> "PdfGeometry":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def pages(self, keep_chars: bool = False) -> Iterator[PageGeometry]:
        """Each page's geometry, in order; a page pdfium cannot read comes flagged, without words."""
        doctop = 0.0
        for k in range(len(self._doc)):
            try:
                page = self._doc[k]
            except pdfium.PdfiumError as exc:
                yield PageGeometry(k + 1, 0.0, 0.0, reasons=[f"pdfium cannot load the page: {exc}"], loaded=False)
                continue
            try:
                geometry = self._read(page, k + 1, self._page_fonts[k], doctop, keep_chars)
            except Exception as exc:  # one broken page must not lose the others
                log.debug("page %s unreadable with pdfium: %s", k + 1, exc)
                geometry = PageGeometry(k + 1, 0.0, 0.0, reasons=[f"pdfium cannot read the page: {exc}"],
                                        loaded=False)
            finally:
                page.close()
            doctop += geometry.height
            yield geometry

    def _read(self, page, number: int, described: Optional[PageDictionary], doctop: float,
              keep_chars: bool) -> PageGeometry:
        if described is not None and described.mediabox is not None:
            frame = PageFrame.of(described.mediabox, described.rotation, doctop)
        else:
            frame = PageFrame.of(tuple(page.get_mediabox()), page.get_rotation(), doctop)
        fonts = described.fonts if described is not None else None
        geometry = PageGeometry(number, frame.width, frame.height)
        objects = page_objects(address(page.raw))
        geometry.drawing = read_drawing(objects, frame)
        textpage = page.get_textpage()
        try:
            read: PageChars = read_chars(address(textpage.raw), objects, fonts or FontIndex(), frame)
        finally:
            textpage.close()
        geometry.lost = read.lost
        if read.unmeasured:
            geometry.reasons.append(f"{read.unmeasured} chars drawn with codes their font's ToUnicode map lacks, "
                                    "in a font whose widths pdfminer alone reads")
        if fonts is None:
            geometry.reasons.append("the font dictionaries could not be read")
        elif read.unknown_fonts:
            geometry.reasons.append(f"fonts without a matching dictionary: {', '.join(sorted(read.unknown_fonts))}")
        misread = _legacy_misread(read.chars)
        if misread:
            geometry.reasons.append(f"legacy font {misread} read through a mapping of its own")
        geometry.words = extract_words(read.chars, doctop)
        if keep_chars:
            geometry.chars = read.chars
        return geometry


def read_geometry(path: Path) -> list[PageGeometry]:
    """Every page's geometry (a convenience for a whole document)."""
    with PdfGeometry(path) as pdf:
        return list(pdf.pages())

"""The fonts of a PDF's pages as pdfminer names and measures them, found by the name pdfium gives; and the
pages' MediaBox and rotation as pdfminer reads them.

pdfium hands out every character's origin, but a character's box as pdfplumber draws it also needs two numbers
from the font dictionary that pdfium does not expose: the descriptor's `/FontName` (pdfplumber's `fontname`, with
its subset prefix) and its `/Descent` (the box's bottom lies that far below the baseline). pdfium reports its own
descent, but replaces a descriptor's `Ascent 0 Descent 0` (as LibreOffice writes them) by values measured on the
glyphs, so the dictionaries are read here, with pdfminer's object parser only (no content stream is parsed).

pdfium names a simple font by its BaseFont without the subset prefix (`ABCDEF+Arial` → `Arial`) and a Type0 font
by its whole BaseFont; `FontIndex.lookup` takes either."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

# pdfminer's own table of the 14 standard fonts: it measures those by their AFM metrics, whatever the PDF says
from pdfminer.fontmetrics import FONT_METRICS
from pdfminer.pdffont import get_widths
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

# descriptor numbers are in thousandths of the font size
GLYPH_UNITS = 1000.0
# how deep Form XObjects / page-tree nodes may nest before a walk stops (a guard besides the seen sets)
MAX_FORM_DEPTH = 8
MAX_TREE_DEPTH = 64


@dataclass(frozen=True)
class FontMeasures:
    fontname: str  # as pdfplumber reports it: the descriptor's FontName, subset prefix included
    descent: float  # below the baseline, in font-size units (≤ 0)


def strip_subset(name: str) -> str:
    """`ABCDEF+Arial` → `Arial` (a subset tag is six capitals and a plus sign)."""
    if len(name) > 7 and name[6] == "+" and name[:6].isalpha() and name[:6].isupper():
        return name[7:]
    return name


def _name(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value if isinstance(value, str) else "unknown"


def _dict(value: Any) -> dict:
    value = resolve1(value)
    return value if isinstance(value, dict) else {}


def _descent(descriptor: dict) -> float:
    value = resolve1(descriptor.get("Descent", 0))
    value = float(value) if isinstance(value, (int, float)) else 0.0
    return -abs(value) / GLYPH_UNITS  # some producers write it positive; pdfminer turns it down


def measure_font(spec: dict, manager=None) -> tuple[FontMeasures, bool]:
    """(measures as pdfminer takes them, whether pdfium names the font by its whole BaseFont)."""
    subtype = _name(spec.get("Subtype", "Type1"))
    if subtype == "Type0":
        descendants = resolve1(spec.get("DescendantFonts"))
        first = _dict(descendants[0]) if isinstance(descendants, list) and descendants else {}
        descriptor = _dict(first.get("FontDescriptor"))
        return FontMeasures(_name(descriptor.get("FontName", "unknown")), _descent(descriptor)), True
    if subtype == "Type3":
        from pdfminer.pdfinterp import PDFResourceManager

        font = (manager or PDFResourceManager()).get_font(None, spec)  # its box comes from FontBBox × FontMatrix
        return FontMeasures(_name(font.fontname), float(font.get_descent())), False
    basefont = _name(spec.get("BaseFont", "unknown"))
    if basefont in FONT_METRICS:
        descriptor = FONT_METRICS[basefont][0]
    else:
        descriptor = _dict(spec.get("FontDescriptor"))
    return FontMeasures(_name(descriptor.get("FontName", "unknown")), _descent(descriptor)), False


# simple fonts' encodings pdfium and pdfminer both carry as tables (a code a ToUnicode map lacks falls back on it)
_SHARED_ENCODINGS = ("WinAnsiEncoding", "MacRomanEncoding")


class LostWidths:
    """The advance pdfminer gives a code a font's ToUnicode map lacks (its `(cid:N)`), from the font dictionary's
    widths as pdfminer reads them: pdfium measures such a char by its glyph box instead."""

    def __init__(self, widths: dict, default: Any) -> None:
        self._widths = widths  # code → width in glyph units
        self._default = default

    @staticmethod
    def of(spec: dict) -> Optional["LostWidths"]:
        """Only where pdfium's raw code is pdfminer's CID and both decode a code the map lacks alike: a Type0
        font encoded Identity-H (no fallback: the code is lost to both), or a simple font with its own widths and
        a named standard encoding both fall back on. None for a font without the map, a simple font without an
        encoding (pdfminer falls back on StandardEncoding, pdfium on the font program's own table: `'` and `’`),
        a Type3 font, a standard font (pdfminer measures it by name), another CMap."""
        if "ToUnicode" not in spec:
            return None
        subtype = _name(spec.get("Subtype", "Type1"))
        if subtype == "Type0":
            descendants = resolve1(spec.get("DescendantFonts"))
            if _name(spec.get("Encoding")) != "Identity-H" or not isinstance(descendants, list) or not descendants:
                return None
            descendant = _dict(descendants[0])
            listed = resolve1(descendant.get("W", []))
            return LostWidths(get_widths(listed if isinstance(listed, list) else []),
                              resolve1(descendant.get("DW", 1000)))
        if subtype == "Type3" or _name(spec.get("BaseFont", "unknown")) in FONT_METRICS \
                or _name(spec.get("Encoding")) not in _SHARED_ENCODINGS:
            return None
        first = resolve1(spec.get("FirstChar", 0))
        listed = resolve1(spec.get("Widths", [0] * 256))
        if not isinstance(first, int) or not isinstance(listed, list):
            return None
        default = resolve1(_dict(spec.get("FontDescriptor")).get("MissingWidth", 0))
        return LostWidths({first + k: resolve1(w) for k, w in enumerate(listed)}, default)

    def width(self, code: int) -> Optional[float]:
        """At font size 1, in text space; None where pdfminer would find no number."""
        for value in (self._widths.get(code), self._default):
            try:
                return float(value) / GLYPH_UNITS
            except (TypeError, ValueError, OverflowError):
                continue
        return None


class FontIndex:
    """The fonts one page can draw with (its own resources and its forms'), by pdfium's font name."""

    def __init__(self) -> None:
        self._whole: dict[str, set[FontMeasures]] = {}
        self._stripped: dict[str, set[FontMeasures]] = {}
        # fonts measured alike may still differ in their widths: a lost glyph's width is known only when one
        # font dictionary stands behind the measures
        self._lost: dict[FontMeasures, Optional[LostWidths]] = {}

    def add(self, basefont: str, measures: FontMeasures, whole_name: bool,
            lost: Optional[LostWidths] = None) -> None:
        self._whole.setdefault(basefont, set()).add(measures)
        if not whole_name:
            self._stripped.setdefault(strip_subset(basefont), set()).add(measures)
        self._lost[measures] = lost if self._lost.get(measures, lost) is lost else None

    def lost_widths(self, measures: FontMeasures) -> Optional[LostWidths]:
        return self._lost.get(measures)

    def lookup(self, pdfium_name: str) -> Optional[FontMeasures]:
        """The font's measures; None when no font of the page has that name, or two with different measures do."""
        found = self._whole.get(pdfium_name) or self._stripped.get(pdfium_name) \
            or self._stripped.get(strip_subset(pdfium_name))
        if found and len(found) == 1:
            return next(iter(found))
        return None


def _font_specs(resources: dict, seen: set, depth: int = 0) -> Iterator[tuple[Any, dict]]:
    """(object id or None, font dictionary) of the resources and of the forms they hold."""
    for ref in _dict(resources.get("Font")).values():
        objid = getattr(ref, "objid", None)
        if objid is not None and ("font", objid) in seen:
            continue
        seen.add(("font", objid))
        spec = _dict(ref)
        if spec:
            yield objid, spec
    if depth >= MAX_FORM_DEPTH:
        return
    for ref in _dict(resources.get("XObject")).values():
        objid = getattr(ref, "objid", None)
        if objid is not None:
            if ("xobject", objid) in seen:
                continue
            seen.add(("xobject", objid))
        xobject = resolve1(ref)
        attrs = getattr(xobject, "attrs", None)
        if attrs is not None and _name(attrs.get("Subtype")) == "Form":
            yield from _font_specs(_dict(attrs.get("Resources")), seen, depth + 1)


@dataclass
class PageDictionary:
    """What a page's dictionary says, inherited values included: its fonts, MediaBox and /Rotate."""

    fonts: FontIndex
    mediabox: Optional[tuple[float, float, float, float]]  # None where missing or malformed
    rotation: int


def _box(value: Any) -> Optional[tuple[float, float, float, float]]:
    value = resolve1(value)
    if isinstance(value, list) and len(value) == 4:
        numbers = [resolve1(v) for v in value]
        if all(isinstance(v, (int, float)) for v in numbers):
            return tuple(float(v) for v in numbers)  # type: ignore[return-value]
    return None


def _page_nodes(catalog: dict) -> Iterator[tuple[dict, Any, Any]]:
    """Each page's (Resources, MediaBox, Rotate) in page-tree order, inherited from its parents where it has
    none. The tree is walked here rather than by pdfminer's PDFPage, which also reads every page's content
    streams (most of its cost)."""
    seen: set = set()

    def walk(ref: Any, inherited: tuple, depth: int) -> Iterator[tuple[dict, Any, Any]]:
        objid = getattr(ref, "objid", None)
        if objid is not None:
            if objid in seen:
                return
            seen.add(objid)
        node = _dict(ref)
        resources, mediabox, rotate = inherited
        here = (_dict(node["Resources"]) if "Resources" in node else resources,
                node.get("MediaBox", mediabox), node.get("Rotate", rotate))
        kind = _name(node.get("Type") or node.get("type"))
        if kind == "Pages" and depth < MAX_TREE_DEPTH:
            kids = resolve1(node.get("Kids"))
            for kid in kids if isinstance(kids, list) else []:
                yield from walk(kid, here, depth + 1)
        elif kind == "Page":
            yield here

    yield from walk(catalog.get("Pages"), ({}, None, 0), 0)


class DocumentFonts:
    """Per page of an open PDF file: its fonts (each font dictionary measured once), MediaBox and rotation as
    pdfminer takes them (pdfium reads a MediaBox only from the page itself, not from the page tree above it)."""

    def __init__(self, handle) -> None:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfparser import PDFParser

        self._doc = PDFDocument(PDFParser(handle))
        self._manager = PDFResourceManager()
        self._measured: dict[Any, tuple[str, FontMeasures, bool, Optional[LostWidths]]] = {}

    def pages(self) -> Iterator[PageDictionary]:
        for resources, mediabox, rotate in _page_nodes(self._doc.catalog):
            index = FontIndex()
            for objid, spec in _font_specs(resources, set()):
                known = self._measured.get(objid) if objid is not None else None
                if known is None:
                    measures, whole = measure_font(spec, self._manager)
                    known = (_name(spec.get("BaseFont", "")), measures, whole, LostWidths.of(spec))
                    if objid is not None:
                        self._measured[objid] = known
                index.add(*known)
            rotate = resolve1(rotate)
            yield PageDictionary(index, _box(mediabox), int(rotate) if isinstance(rotate, (int, float)) else 0)

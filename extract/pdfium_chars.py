"""A PDF page's characters from pdfium's text page, as pdfplumber has them (text, box, upright, fontname, size).

A char's box is pdfminer's: from the origin along the advance width, from `Descent × size` below the baseline to
one font size above that, turned by the char's matrix and the page's rotation. pdfium gives the origin, the matrix
(horizontal scaling included) and the advance (by Unicode, looked up once per font and char); the font's
descriptor name and descent come from the font dictionaries (`pdf_fonts`).

Where pdfium's text differs from pdfminer's by design: a line-end hyphen becomes U+0002 (restored here to the
hyphen or soft hyphen whose advance fits), a code the font's ToUnicode map lacks comes out as the raw code with
an error mark and a box from its glyph (written here as pdfminer's `(cid:N)` with pdfminer's advance from the
font's widths where `pdf_fonts.LostWidths` can give it, and counted), overprinted duplicates (fake bold) and double
spaces are dropped, and `ActualText` replaces the drawn glyphs. pdfminer also leaves out the char spacing after
the last char of each string it shows; pdfium does not, so where a producer sets char spacing pdfplumber's boxes
drift left of the drawn glyphs and these do not."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from baocao.extract import pdfium_c as c
from baocao.extract.pdf_fonts import FontIndex, FontMeasures, LostWidths
from baocao.extract.pdf_frame import PageFrame, multiply

_HYPHEN_MARK = 0x02  # pdfium's stand-in for a hyphen it judged to end a line
_HYPHENS = ("-", "\u00ad")
_TEXT_PLACEHOLDER = 0xFFFE  # what the page text holds for a char whose code only the char itself keeps
_SPACE_CODES = frozenset((0x20, 0x0D, 0x0A))  # what pdfium generates between words and lines
_NO_FORM = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# pdfium leaves out a text object narrower than this (points): one that draws only spaces
_INKLESS_WIDTH = 0.01
# pdfminer's size is the box height, computed in floats from the position: it carries noise in the last bits,
# which rounding here leaves out (pdfplumber groups a word's chars by exact size)
SIZE_DIGITS = 6


@dataclass
class PageChars:
    chars: list[tuple] = field(default_factory=list)  # pdf_words.Char fields, as plain tuples
    lost: int = 0  # chars drawn with a code the font's ToUnicode map lacks
    unmeasured: int = 0  # … of them, those whose advance the font dictionary could not give as pdfminer takes it
    unknown_fonts: set[str] = field(default_factory=set)  # pdfium font names no font dictionary answered for


@dataclass
class _Run:
    """What the chars of one text object share."""

    font: int  # FPDF_FONT address
    fontname: str
    size: float  # Tf
    low: float  # box bottom and top above the baseline, in text space
    high: float
    a: float  # the char matrix after the page's rotation, without translation
    b: float
    c: float
    d: float
    upright: bool
    widths: dict[int, float]  # advance at size 1 per Unicode char, shared by the font's runs
    page_top: float  # the frame's height plus pdfplumber's top offset: a y of rotated page space → top is this - y
    user_a: float  # the advance direction in user space (where pdfium's boxes are), unturned by the page
    user_b: float
    lost: Optional[LostWidths]  # the advances pdfminer gives codes the font's ToUnicode map lacks, if known
    # for text not turned (b = c = 0), what every char of the run shares: the box's top and bottom as pdfplumber
    # values less the origin's y, and the size (pdfminer's box height)
    straight: bool = False
    top: float = 0.0
    bottom: float = 0.0
    height: float = 0.0

    def __post_init__(self) -> None:
        self.straight = self.b == 0.0 and self.c == 0.0
        if self.straight:
            y_low, y_high = sorted((self.d * self.low, self.d * self.high))
            self.top = self.page_top - y_high
            self.bottom = self.page_top - y_low
            self.height = round(y_high - y_low, SIZE_DIGITS)


def _font_name(font: int) -> str:
    length = c.font_base_name(font, None, 0)
    if length <= 0:
        return ""
    buffer = ctypes.create_string_buffer(length)
    c.font_base_name(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


class FontCache:
    """What pdfium says of each font: its name and its advance widths. One page's worth only: pdfium frees a font
    no open page uses, and a later font may get its address."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.widths: dict[int, dict[int, float]] = {}
        self._width = ctypes.c_float()

    def name(self, font: int) -> str:
        name = self.names.get(font)
        if name is None:
            name = self.names[font] = _font_name(font)
        return name

    def advance(self, font: int, widths: dict[int, float], code: int) -> float:
        width = widths.get(code)
        if width is None:
            ok = c.glyph_width(font, code, 1.0, ctypes.byref(self._width))
            width = widths[code] = c.written(self._width.value) if ok else 0.0
        return width


class _PageReader:
    def __init__(self, textpage: int, fonts: FontIndex, frame: PageFrame, cache: FontCache,
                 parents: dict[int, tuple]) -> None:
        self.textpage = textpage
        self.fonts = fonts
        self.frame = frame
        self.cache = cache
        self.parents = parents  # text object → the matrix of the forms around it
        self.out = PageChars()
        self.runs: dict[int, _Run] = {}
        self._alike: dict[tuple, _Run] = {}
        self._size = ctypes.c_float()
        self._box = c.FS_RECTF()

    def run(self, obj: int) -> _Run:
        font = c.text_font(obj) or 0
        c.text_font_size(obj, ctypes.byref(self._size))
        size = c.written(self._size.value)
        own = c.object_matrix_of(obj, translation=False)
        parent = self.parents.get(obj, _NO_FORM)
        key = (font, size, own, parent)  # text objects alike but for their position share one run
        run = self._alike.get(key)
        if run is None:
            run = self._alike[key] = self._new_run(font, size, own, parent)
        self.runs[obj] = run
        return run

    def _new_run(self, font: int, size: float, own: tuple, parent: tuple) -> _Run:
        name = self.cache.name(font)
        measures: Optional[FontMeasures] = self.fonts.lookup(name)
        if measures is None:
            self.out.unknown_fonts.add(name)
        # the text matrix (horizontal scaling included) in the forms around it, turned with the page
        user = multiply((*own, 0.0, 0.0), parent)
        a, b, cc, d, _, _ = multiply(user, self.frame.ctm)
        low = measures.descent * size if measures else 0.0
        return _Run(font, measures.fontname if measures else "", size, low, low + size, a, b, cc, d,
                    a * d > 0 and b * cc <= 0, self.cache.widths.setdefault(font, {}),
                    self.frame.height + self.frame.top_offset, user[0], user[1],
                    self.fonts.lost_widths(measures) if measures else None)

    def blank(self, obj: int) -> tuple:
        """A space char for a text object pdfium left out because it draws no ink (spaces only): pdfminer shows
        its spaces, and a space ends a word."""
        run = self.runs.get(obj) or self.run(obj)
        ox, oy = _apply(multiply(c.object_matrix_of(obj), self.parents.get(obj, _NO_FORM)), 0.0, 0.0)
        advance = self.cache.advance(run.font, run.widths, 0x20) * run.size
        return _char(" ", ox, oy, advance, run, self.frame)

    def loose_width(self, index: int, run: _Run) -> float:
        """The advance as pdfium's loose box spans it, along the text's direction (text space)."""
        box = self._box
        c.loose_char_box(self.textpage, index, ctypes.byref(box))
        if abs(run.user_a) >= abs(run.user_b):
            return abs(box.right - box.left) / (abs(run.user_a) or 1.0)
        return abs(box.top - box.bottom) / abs(run.user_b)

    def hyphen(self, index: int, run: _Run) -> tuple[str, float]:
        """The hyphen pdfium marked: whichever of `-` and the soft hyphen (a letter in legacy 8-bit fonts) has the
        advance closest to the drawn one."""
        drawn = self.loose_width(index, run)
        best: Optional[tuple[float, str, float]] = None
        for text in _HYPHENS:
            advance = self.cache.advance(run.font, run.widths, ord(text)) * run.size
            if advance > 0 and (best is None or abs(advance - drawn) < best[0] - 1e-6):
                best = (abs(advance - drawn), text, advance)
        return (best[1], best[2]) if best else (_HYPHENS[0], drawn)


def _codes(textpage: int, n: int) -> list[int]:
    """Every char's Unicode value in one call where the page text lines up with the chars (no char skipped, no
    surrogate pair), else one call per char."""
    buffer = ctypes.create_string_buffer((n + 1) * 2)
    if c.get_text(textpage, 0, n, buffer) == n + 1:
        try:
            text = buffer.raw[: n * 2].decode("utf-16-le")
        except UnicodeDecodeError:  # a lone surrogate
            text = ""
        if len(text) == n:  # a pair would have made one char of two
            return [ord(ch) for ch in text]
    return [c.get_unicode(textpage, i) for i in range(n)]


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, cc, d, e, f = m
    return a * x + cc * y + e, b * x + d * y + f


def _char(text: str, ox: float, oy: float, advance: float, run: _Run, frame: PageFrame) -> tuple:
    """A char (pdf_words.Char fields) from its origin in user space and its advance in text space."""
    e, f = _apply(frame.ctm, ox, oy)
    a, b, cc, d, low, high = run.a, run.b, run.c, run.d, run.low, run.high
    xs = (e + cc * low, e + a * advance + cc * low, e + cc * high, e + a * advance + cc * high)
    ys = (f + d * low, f + b * advance + d * low, f + d * high, f + b * advance + d * high)
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return (text, x0 + frame.x_offset, x1 + frame.x_offset, frame.height - y1 + frame.top_offset,
            frame.height - y0 + frame.top_offset, run.upright, run.fontname,
            round(y1 - y0, SIZE_DIGITS))  # pdfminer's size: the box height


def read_chars(textpage: int, objects: list[tuple[int, int, tuple]], fonts: FontIndex,
               frame: PageFrame) -> PageChars:
    """The chars of one pdfium text page (an FPDF_TEXTPAGE address) in pdfplumber's form and frame; `objects`
    are the page's objects (`pdfium_c.page_objects`)."""
    texts = [(obj, parent) for obj, kind, parent in objects if kind == c.OBJECT_TEXT]
    reader = _PageReader(textpage, fonts, frame, FontCache(), dict(texts))
    out = reader.out
    runs = reader.runs
    advance_of = reader.cache.advance
    text_object, char_origin, has_map_error = c.text_object, c.char_origin, c.has_map_error
    x, y = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.byref(x), ctypes.byref(y)
    n = c.count_chars(textpage)
    codes = _codes(textpage, n) if n > 0 else []
    # the chars pdfminer sees (pdfium's generated spaces left out): text, advance, origin, run, text object
    found = _Found()
    # per char: appended to the field lists directly (a method call per char costs more than the reading)
    texts_of, advances_of, xs_of, ys_of, runs_of, objects_of = (
        found.texts.append, found.advances.append, found.xs.append, found.ys.append, found.runs.append,
        found.objects.append)
    last_obj = 0
    last_x = last_y = None
    for i, code in enumerate(codes):
        if code == _TEXT_PLACEHOLDER:
            code = c.get_unicode(textpage, i)
        if code in _SPACE_CODES and c.is_generated(textpage, i):
            continue
        obj = text_object(textpage, i)
        if not obj:
            continue
        char_origin(textpage, i, px, py)
        ox, oy = x.value, y.value
        if obj != last_obj:
            run = runs.get(obj) or reader.run(obj)
            widths, size = run.widths, run.size
        elif ox == last_x and oy == last_y:
            # one code that maps to several chars (a ligature, a decomposed letter): pdfium gives each its own
            # entry at the same origin, pdfminer one char holding all of them
            found.texts[-1] += chr(code)
            continue
        last_obj, last_x, last_y = obj, ox, oy
        if has_map_error(textpage, i) or not code:  # code 0 unmapped: pdfium gives it as U+0000 unmarked
            out.lost += 1
            text = f"(cid:{code})"
            width = run.lost.width(code) if run.lost is not None else None
            if width is not None:
                advance = width * size
            else:
                out.unmeasured += 1
                advance = reader.loose_width(i, run)
        elif code == _HYPHEN_MARK and c.is_hyphen(textpage, i):
            text, advance = reader.hyphen(i, run)
        else:
            text = chr(code)
            width = widths.get(code)
            if width is None:
                width = advance_of(run.font, widths, code)
            advance = width * size
            if advance <= 0.0:  # pdfium finds no code for the char: its loose box spans the advance
                advance = reader.loose_width(i, run)
        texts_of(text)
        advances_of(advance)
        xs_of(ox)
        ys_of(oy)
        runs_of(run)
        objects_of(obj)
    out.chars = found.boxes(frame)
    _put_back_blanks(reader, texts, found.objects)
    return out


@dataclass
class _Found:
    """A page's chars as read, one list per field, their boxes computed for all at once."""

    texts: list[str] = field(default_factory=list)
    advances: list[float] = field(default_factory=list)  # text space
    xs: list[float] = field(default_factory=list)  # the origin in user space, in pdfium's single precision
    ys: list[float] = field(default_factory=list)
    runs: list[_Run] = field(default_factory=list)
    objects: list[int] = field(default_factory=list)  # each char's text object, to put back those pdfium left out

    def boxes(self, frame: PageFrame) -> list[tuple]:
        """pdf_words.Char tuples. Upright or mirrored text (most of it) takes its box's top, bottom and size from
        its run, offset by the origin; turned text is boxed char by char."""
        if not self.texts:
            return []
        xs, ys = c.written_all(self.xs), c.written_all(self.ys)
        ox, oy = np.array(xs), np.array(ys)
        a0, b0, c0, d0, e0, f0 = frame.ctm
        e = a0 * ox + c0 * oy + e0 + frame.x_offset
        f = b0 * ox + d0 * oy + f0
        span = np.array([run.a for run in self.runs]) * np.array(self.advances)
        forward = span >= 0
        x0, x1 = np.where(forward, e, e + span), np.where(forward, e + span, e)
        top = np.array([run.top for run in self.runs]) - f
        bottom = np.array([run.bottom for run in self.runs]) - f
        chars = list(zip(self.texts, x0.tolist(), x1.tolist(), top.tolist(), bottom.tolist(),
                         [run.upright for run in self.runs], [run.fontname for run in self.runs],
                         [run.height for run in self.runs]))
        for k, run in enumerate(self.runs):
            if not run.straight:
                chars[k] = _char(self.texts[k], xs[k], ys[k], self.advances[k], run, frame)
        return chars


def _put_back_blanks(reader: _PageReader, texts: list[tuple[int, tuple]], char_objects: list[int]) -> None:
    """pdfium's text page leaves out a text object that draws no ink (a run of spaces alone, as cairo writes
    them between font changes); pdfminer keeps its spaces, and they end words. Each such object gets one space
    char, before the first char of an object drawn after it."""
    seen = set(char_objects)
    bounds = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in bounds]
    blanks = []
    for order, (obj, _) in enumerate(texts):
        if obj in seen or not c.object_bounds(obj, *refs):
            continue
        if abs(bounds[2].value - bounds[0].value) < _INKLESS_WIDTH:
            blanks.append((order, obj))
    if not blanks:
        return
    order_of = {obj: k for k, (obj, _) in enumerate(texts)}
    chars = reader.out.chars
    merged: list[tuple] = []
    pending = 0
    for char, obj in zip(chars, char_objects):
        while pending < len(blanks) and blanks[pending][0] < order_of.get(obj, -1):
            merged.append(reader.blank(blanks[pending][1]))
            pending += 1
        merged.append(char)
    merged.extend(reader.blank(obj) for _, obj in blanks[pending:])
    chars[:] = merged

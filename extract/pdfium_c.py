"""pdfium's C functions that are called once per char or path point, re-typed to take and return plain addresses;
and the walk over a page's objects, Form XObjects included.

pypdfium2's own bindings (`pypdfium2.raw`) type every handle as its own pointer class: each call converts its
arguments, and a returned handle needs a `ctypes.cast` (several µs) before it can key a dict. A page holds
thousands of chars, so the few hot functions get a second prototype over the same C entry point; handles are
ints here (`address(handle)` turns a pypdfium2 handle into one)."""
from __future__ import annotations

import ctypes
import struct
from functools import lru_cache

import numpy as np
import pypdfium2.raw as typed

from baocao.extract.pdf_frame import multiply

_V = ctypes.c_void_p
_I = ctypes.c_int


def _retyped(name: str, restype, *argtypes):
    entry = ctypes.cast(getattr(typed, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(entry)


def address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


# text page
count_chars = _retyped("FPDFText_CountChars", _I, _V)
get_text = _retyped("FPDFText_GetText", _I, _V, _I, _I, _V)
get_unicode = _retyped("FPDFText_GetUnicode", ctypes.c_uint, _V, _I)
is_generated = _retyped("FPDFText_IsGenerated", _I, _V, _I)
is_hyphen = _retyped("FPDFText_IsHyphen", _I, _V, _I)
has_map_error = _retyped("FPDFText_HasUnicodeMapError", _I, _V, _I)
text_object = _retyped("FPDFText_GetTextObject", _V, _V, _I)
char_origin = _retyped("FPDFText_GetCharOrigin", _I, _V, _I, _V, _V)
loose_char_box = _retyped("FPDFText_GetLooseCharBox", _I, _V, _I, _V)
char_matrix = _retyped("FPDFText_GetMatrix", _I, _V, _I, _V)
# text objects and fonts
text_font = _retyped("FPDFTextObj_GetFont", _V, _V)
text_font_size = _retyped("FPDFTextObj_GetFontSize", _I, _V, _V)
font_base_name = _retyped("FPDFFont_GetBaseFontName", ctypes.c_size_t, _V, _V, ctypes.c_size_t)
glyph_width = _retyped("FPDFFont_GetGlyphWidth", _I, _V, ctypes.c_uint, ctypes.c_float, _V)
# page objects and paths
count_objects = _retyped("FPDFPage_CountObjects", _I, _V)
page_object = _retyped("FPDFPage_GetObject", _V, _V, _I)
count_form_objects = _retyped("FPDFFormObj_CountObjects", _I, _V)
form_object = _retyped("FPDFFormObj_GetObject", _V, _V, ctypes.c_ulong)
object_type = _retyped("FPDFPageObj_GetType", _I, _V)
object_matrix = _retyped("FPDFPageObj_GetMatrix", _I, _V, _V)
object_bounds = _retyped("FPDFPageObj_GetBounds", _I, _V, _V, _V, _V, _V)
count_segments = _retyped("FPDFPath_CountSegments", _I, _V)
path_segment = _retyped("FPDFPath_GetPathSegment", _V, _V, _I)
segment_point = _retyped("FPDFPathSegment_GetPoint", _I, _V, _V, _V)
segment_type = _retyped("FPDFPathSegment_GetType", _I, _V)
segment_close = _retyped("FPDFPathSegment_GetClose", _I, _V)

SEGMENT_LINETO = typed.FPDF_SEGMENT_LINETO
SEGMENT_BEZIERTO = typed.FPDF_SEGMENT_BEZIERTO
SEGMENT_MOVETO = typed.FPDF_SEGMENT_MOVETO
OBJECT_TEXT = typed.FPDF_PAGEOBJ_TEXT
OBJECT_PATH = typed.FPDF_PAGEOBJ_PATH
OBJECT_IMAGE = typed.FPDF_PAGEOBJ_IMAGE
OBJECT_FORM = typed.FPDF_PAGEOBJ_FORM
FS_MATRIX = typed.FS_MATRIX
FS_RECTF = typed.FS_RECTF

# Form XObjects nest; pdfium has already refused loops, this only bounds the walk
MAX_FORM_DEPTH = 16
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


_SINGLE = struct.Struct("f")
# decimal places a PDF's numbers are tried with, fewest first (rounding to 3 places also gives the shorter ones)
_PLACES = (3, 4, 5, 6)
_SINGLE_MAX = 3.0e38


def written(value: float) -> float:
    """A number pdfium gives in single precision, as the PDF wrote it: the fewest-places decimal (up to six)
    that single precision holds as this very value. pdfminer reads the PDF's decimals in double precision, so a
    word or a ruling line lands where pdfplumber puts it to double precision's noise, not single's (1e-5 pt, enough
    to tip a word from one 0.5 pt bin into the next); a value no short decimal gives stays as it is."""
    if not -_SINGLE_MAX < value < _SINGLE_MAX or value.is_integer():  # whole numbers are exact (most matrices)
        return value
    return _fraction_written(value)


@lru_cache(maxsize=8192)  # matrices repeat their numbers (scales, font sizes) page after page
def _fraction_written(value: float) -> float:
    pack, unpack = _SINGLE.pack, _SINGLE.unpack
    for places in _PLACES:
        decimal = round(value, places)
        if unpack(pack(decimal))[0] == value:
            return decimal
    return value


def written_all(values: list[float]) -> list[float]:
    """`written` for many values at once (a page's char origins, a path's points)."""
    if not values:
        return values
    given = np.asarray(values, dtype=np.float64)
    single = given.astype(np.float32)
    out = given.copy()
    todo = np.abs(given) < _SINGLE_MAX  # NaN too is left as it is
    for places in _PLACES:
        decimal = np.round(given, places)  # k / 10**places: the double nearest the decimal, as float() reads it
        hit = todo & (decimal.astype(np.float32) == single)
        out[hit] = decimal[hit]
        todo &= ~hit
        if not todo.any():
            break
    return out.tolist()


def object_matrix_of(obj: int, translation: bool = True) -> tuple[float, ...]:
    """The object's own matrix (a path's or image's CTM, a text object's text matrix, a form's matrix), its
    numbers as the PDF wrote them; without `translation`, its first four numbers only."""
    m = FS_MATRIX()
    if not object_matrix(obj, ctypes.byref(m)):
        return _IDENTITY if translation else _IDENTITY[:4]
    linear = (written(m.a), written(m.b), written(m.c), written(m.d))
    return linear + (written(m.e), written(m.f)) if translation else linear


def page_objects(page: int) -> list[tuple[int, int, tuple]]:
    """(object, kind, matrix of the forms around it) of every object a page draws, in content order; the forms
    themselves are left out, their objects walked in their place."""
    out: list[tuple[int, int, tuple]] = []

    def walk(count: int, get, parent: tuple, depth: int) -> None:
        for k in range(count):
            obj = get(k)
            kind = object_type(obj)
            if kind == OBJECT_FORM:
                if depth < MAX_FORM_DEPTH:
                    inner = multiply(object_matrix_of(obj), parent)
                    walk(count_form_objects(obj), lambda j, form=obj: form_object(form, j), inner, depth + 1)
                continue
            out.append((obj, kind, parent))

    walk(count_objects(page), lambda j: page_object(page, j), _IDENTITY, 0)
    return out

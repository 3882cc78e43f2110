"""Chars → words, split as pdfplumber's `page.extract_words(extra_attrs=["fontname", "size"])` splits them with
its default settings.

The rules are pdfplumber's WordExtractor's, written again over plain tuples because its generic version (dicts,
configurable directions, a key function per comparison) costs more than reading the page with pdfium does;
tests hold the two equal on real pages. In order:
- consecutive chars that share (upright, fontname, size) form a run;
- a run's chars are sorted into lines: upright chars by `top`, turned chars by `x0`, values chained together
  when each lies within the tolerance of the previous one; a line keeps the chars' order, then is sorted along
  the line (`x0` for upright chars, (`top`, `bottom`) for turned ones);
- along a line a blank char ends a word, and a char starts a new word when it begins before the previous char's
  start, more than the tolerance after its end, or more than the tolerance off its line;
- a word's box is its chars' union, its fontname and size its first char's; ligatures are spelt out."""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from pdfplumber.utils.text import LIGATURES

# pdfplumber's defaults (points), the ones extract/pdf.py reads words with
X_TOLERANCE = 3
Y_TOLERANCE = 3


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    upright: bool
    fontname: str
    size: float


_RUN_KEY = itemgetter(5, 6, 7)  # upright, fontname, size
_X0 = itemgetter(1)


def _lines(run: list[tuple], upright: bool) -> list[list[tuple]]:
    """The run's chars cut into lines, each sorted along the line."""
    at = 3 if upright else 1  # top, or x0 for turned text
    tolerance = Y_TOLERANCE if upright else X_TOLERANCE
    cluster: dict[float, int] = {}
    last = None
    number = -1
    for value in sorted({ch[at] for ch in run}):
        if last is None or value > last + tolerance:
            number += 1
        cluster[value] = number
        last = value
    lines: list[list[tuple]] = [[] for _ in range(number + 1)]
    for ch in run:
        lines[cluster[ch[at]]].append(ch)
    along = _X0 if upright else itemgetter(3, 4)
    return [sorted(line, key=along) for line in lines]


def _word(chars: list[tuple], doctop_offset: float, direction: str) -> dict:
    first = chars[0]
    if len(chars) == 1:
        x0, x1, top, bottom = first[1], first[2], first[3], first[4]
    else:
        _, x0s, x1s, tops, bottoms = list(zip(*chars))[:5]
        x0, x1, top, bottom = min(x0s), max(x1s), min(tops), max(bottoms)
    return {
        "text": "".join([LIGATURES.get(ch[0], ch[0]) for ch in chars]),
        "x0": x0, "x1": x1, "top": top, "doctop": top + doctop_offset, "bottom": bottom,
        "upright": first[5], "height": bottom - top, "width": x1 - x0, "direction": direction,
        "fontname": first[6], "size": first[7],
    }


def extract_words(chars: list[tuple], doctop_offset: float = 0.0) -> list[dict]:
    """Words (pdfplumber's dicts: text, x0, x1, top, doctop, bottom, upright, height, width, direction, fontname,
    size) from chars in drawing order (`Char` or tuples in its field order); `doctop_offset` is the page's top in
    the document."""
    words: list[dict] = []
    for (upright, _, _), run in groupby(chars, _RUN_KEY):
        direction = "ltr" if upright else "ttb"
        for line in _lines(list(run), upright):
            current: list[tuple] = []
            for ch in line:
                if ch[0].isspace():
                    if current:
                        words.append(_word(current, doctop_offset, direction))
                        current = []
                    continue
                if current:
                    prev = current[-1]
                    if upright:
                        breaks = ch[1] < prev[1] or ch[1] > prev[2] + X_TOLERANCE \
                            or abs(ch[3] - prev[3]) > Y_TOLERANCE
                    else:
                        breaks = ch[3] < prev[3] or ch[3] > prev[4] + Y_TOLERANCE \
                            or abs(ch[1] - prev[1]) > X_TOLERANCE
                    if breaks:
                        words.append(_word(current, doctop_offset, direction))
                        current = []
                current.append(ch)
            if current:
                words.append(_word(current, doctop_offset, direction))
    return words

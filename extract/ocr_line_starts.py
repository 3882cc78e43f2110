"""What Tesseract left unread at the start of a line: a dash, a number.

An unnumbered item of a statistics table has a dash where its STT would be (`-  Tại cấp xã`); a numbered one its
number (`12.`, wrapped in a narrow column as `12.` over `1.`). Standing in their own column, a good width away
from the text, these are often not read at all, and the row loses its mark. The ink left of a line's first word
that no word covers is looked at: one short level stroke at the height of a dash is a `-`; ink of a letter's
height is read again, all such spots in one more Tesseract run, and what it reads opens the line."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from baocao.extract.base import Word
from baocao.extract.ocr_dashes import BETWEEN, GAP, MIDDLE, MIDDLE_BETWEEN, dash_shaped, lone_dash
from baocao.extract.ocr_missed import MAX_SPOTS, MIN_INK, read_spots, uncovered

REACH = 6.0  # how far left of the first word unread ink is looked for, in the word's heights (as near as `GAP`)
LETTER = (0.4, 1.3)  # unread ink this high, in the word's heights, is read again (a number, a word)


def read_line_starts(ink: np.ndarray, words: list[tuple[Word, tuple]], clean, page: int
                     ) -> list[tuple[Word, tuple]]:
    """`words` with what stood unread left of each line's first word put before it, in that line."""
    scale = clean.scale
    first: dict[tuple, Word] = {}  # each line's first word of letters or digits (a dash found before is no text)
    for word, key in words:
        if any(ch.isalnum() for ch in word.text) and (key not in first or word.x0 < first[key].x0):
            first[key] = word
    left = uncovered(ink, words, scale)
    taken = [(w.x0 / scale, w.top / scale, w.x1 / scale, w.bottom / scale) for w, _ in words]
    added: dict[tuple, list[Word]] = {}
    spots: list[tuple[int, int, int, int]] = []
    spot_keys: list[tuple] = []
    for key, word in first.items():
        below, middle = 0.0, MIDDLE
        box = _unread_left_of(left, word, scale, taken)
        if box is None:
            # an STT's dash centred on a cell of two lines stands between them, under the first line's band: only
            # a dash is looked for there
            below, middle = BETWEEN, MIDDLE_BETWEEN
            box = _unread_left_of(left, word, scale, taken, below)
            if box is None:
                continue
        x0, y0, x1, y1 = box
        top, height = word.top / scale, (word.bottom - word.top) / scale
        # the unread ink is one dash, or holds one apart from specks (a fax's noise beside it)
        dash = box if dash_shaped(left[y0:y1, x0:x1], y0 - top, height, middle) else lone_dash(
            left, taken, word.x0 / scale - REACH * height, word.x0 / scale - GAP * height, top, height, below, middle)
        if dash is not None:
            x0, y0, x1, y1 = dash
            added.setdefault(key, []).append(replace(word, text="-", x0=x0 * scale, x1=x1 * scale,
                                                      top=y0 * scale, bottom=y1 * scale))
        elif middle == MIDDLE and LETTER[0] * height <= y1 - y0 <= LETTER[1] * height \
                and left[y0:y1, x0:x1].sum() >= MIN_INK and len(spots) < MAX_SPOTS:
            spots.append(box)
            spot_keys.append(key)
    found, _ = read_spots(spots, left, clean, page)
    for word, _, k in found:
        if k >= 0:
            added.setdefault(spot_keys[k], []).append(word)
    if not added:
        return words
    out = []
    for word, key in words:
        if key in added and first[key] is word:
            out.extend((w, key) for w in sorted(added.pop(key), key=lambda w: w.x0))
        out.append((word, key))
    return out


def _unread_left_of(left: np.ndarray, word: Word, scale: float, taken: list[tuple[float, float, float, float]],
                    below: float = 0.0):
    """The pixel box round the unread ink left of `word` within its line's height (and `below` heights under
    it), or None."""
    top, bottom, start = word.top / scale, word.bottom / scale, word.x0 / scale
    height = bottom - top
    x0, x1 = int(max(0.0, start - REACH * height)), int(start - GAP * height)
    y0, y1 = int(top), int(bottom + below * height)
    if x1 - x0 < 2 or y1 - y0 < 4:
        return None
    # not where another word stands (a line Tesseract read apart, an STT in its own line)
    if any(a < x1 and c > x0 and b < y1 and d > y0 for a, b, c, d in taken if (a, c) != (start, word.x1 / scale)):
        return None
    ys, xs = np.nonzero(left[y0:y1, x0:x1])
    if len(ys) == 0:
        return None
    return x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1

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
from baocao.extract.ocr_missed import MAX_SPOTS, MIN_INK, read_spots, uncovered

REACH = 6.0  # how far left of the first word unread ink is looked for, in the word's heights
GAP = 0.3  # … and how near it may stand (closer, it would be part of the word), in heights
MAX_THICK = 0.22  # a dash's stroke is at most this share of the word's height thick …
LENGTHS = (0.2, 1.2)  # … and this long (a hyphen to an en dash; longer is a rule's remains)
MIN_FILL = 0.6  # a stroke fills most of its box (a letter or a speck cluster does not)
MIDDLE = (0.35, 0.85)  # its middle lies this far down the word's box (the x-height's middle, under accents)
BETWEEN = 0.4  # how far under a line's band, in heights, a dash is looked for where none stands in it …
MIDDLE_BETWEEN = (0.85, 1.25)  # … its middle this far down: between the line and the next (a cell centred on two)
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
        box, middle = _unread_left_of(left, word, scale, taken), MIDDLE
        if box is None:
            # an STT's dash centred on a cell of two lines stands between them, under the first line's band: only
            # a dash is looked for there
            box, middle = _unread_left_of(left, word, scale, taken, BETWEEN), MIDDLE_BETWEEN
            if box is None:
                continue
        x0, y0, x1, y1 = box
        height = (word.bottom - word.top) / scale
        if _dash(left[y0:y1, x0:x1], y0 - word.top / scale, height, middle):
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


def _dash(part: np.ndarray, offset: float, height: float, middle_range: tuple[float, float] = MIDDLE) -> bool:
    """The ink `part` (its box `offset` px below the word's top) is a dash: thin, short, level, full, midway."""
    thick, long = part.shape
    middle = (offset + thick / 2) / height
    return thick <= MAX_THICK * height and LENGTHS[0] * height <= long <= LENGTHS[1] * height \
        and part.sum() >= MIN_FILL * thick * long and middle_range[0] <= middle <= middle_range[1]

"""A dash standing alone in a column: a value or a note that is `-`.

A statistics table marks an empty figure with `-`. Alone in its column, a good width from any text, and in a
cell centred on two lines often between them, a dash is too small a thing for Tesseract to read as a line, and the
cell comes out empty. Right of each line's last word and in each wide gap between its words, the unread ink is cut
into pieces where columns of paper part it; a piece that is one short level stroke at a dash's height (the line's
band, or just under it where a cell centres on two lines), with nothing of a letter's size beside it, is a `-`."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from baocao.extract.base import Word
from baocao.extract.ocr_missed import uncovered

# a dash's shape, in the height of its line's words
MAX_THICK = 0.22  # its stroke is at most this share of the height thick …
LENGTHS = (0.2, 1.2)  # … and this long (a hyphen to an en dash; longer is a rule's remains)
MIN_FILL = 0.6  # a stroke fills most of its box (a letter or a speck cluster does not)
MIDDLE = (0.35, 0.85)  # its middle lies this far down the line's band (the x-height's middle, under accents)
BETWEEN = 0.4  # how far under a line's band a dash is looked for where none stands in it …
MIDDLE_BETWEEN = (0.85, 1.25)  # … its middle this far down: between the line and the next (a cell centred on two)
GAP = 0.3  # how near a word the ink may stand (closer, it would be part of the word)
COLUMN_GAP = 2.0  # a gap between two words of a line this wide, in the line's heights, parts two columns
APART = 0.15  # paper this wide, in heights, parts two pieces of ink
LONG = 2.0  # a dash is at least this many times as long as it is thick (a speck is round)
NEAR = 1.0  # no word, nor other ink of a letter's height, within this many heights of it across …
BESIDE = 0.25  # … and this many up or down
LETTER_INK = 0.15  # a letter's ink: taller than this share of the height


def read_dashes(ink: np.ndarray, words: list[tuple[Word, tuple]], clean) -> list[tuple[Word, tuple]]:
    """`words` with a `-` put in its line wherever one stands alone right of a line's text or between columns."""
    scale = clean.scale
    lines: dict[tuple, list[Word]] = {}
    for word, key in words:
        lines.setdefault(key, []).append(word)
    if not lines:
        return words
    left = uncovered(ink, words, scale)
    taken = [(w.x0 / scale, w.top / scale, w.x1 / scale, w.bottom / scale) for w, _ in words]
    right_edge = max(w.x1 for w, _ in words) / scale
    spans = []  # (line key, a word of it, where to look, its top and height)
    for key, members in lines.items():
        members = sorted((w for w in members if w.text.strip()), key=lambda w: w.x0)
        height = max((w.bottom - w.top for w in members), default=0.0) / scale
        if not members or height < 4:
            continue
        gaps = [(a.x1 / scale, b.x0 / scale) for a, b in zip(members, members[1:])
                if (b.x0 - a.x1) / scale >= COLUMN_GAP * height]
        gaps.append((members[-1].x1 / scale, right_edge))
        top = min(w.top for w in members) / scale
        spans += [(key, members[-1], start + GAP * height, end - GAP * height, top, height) for start, end in gaps]
    added: list[tuple[Word, tuple]] = []
    # on a line's own band first; under it (a cell centred on two lines) only where no line's own band had it
    for below, middle in ((0.0, MIDDLE), (BETWEEN, MIDDLE_BETWEEN)):
        for key, word, start, end, top, height in spans:
            box = lone_dash(left, taken, start, end, top, height, below, middle)
            if box is not None:
                x0, y0, x1, y1 = box
                taken.append(box)
                added.append((replace(word, text="-", x0=x0 * scale, x1=x1 * scale, top=y0 * scale,
                                      bottom=y1 * scale), key))
    if not added:
        return words
    first = {}
    for k, (_, key) in enumerate(words):
        first.setdefault(key, k)
    return sorted(words + added, key=lambda item: (first[item[1]], item[0].x0))


def lone_dash(left: np.ndarray, taken: list, x_from: float, x_to: float, top: float, height: float,
              below: float, middle: tuple[float, float]):
    """The pixel box of the one dash in the unread ink between x_from and x_to on the line's band (reaching `below`
    heights under it), or None: none, more than one, or ink of a letter's size beside it."""
    x0, x1 = int(max(0.0, x_from)), int(x_to)
    y0, y1 = int(top), int(top + (1.0 + below) * height)
    if x1 - x0 < 2 or y1 - y0 < 4:
        return None
    region = left[y0:y1, x0:x1]
    pieces = _pieces(region.any(axis=0), max(1, int(APART * height)))
    dashes, letters = [], []
    for a, b in pieces:
        ys = np.nonzero(region[:, a:b].any(axis=1))[0]
        box = (x0 + a, y0 + int(ys.min()), x0 + b, y0 + int(ys.max()) + 1)
        part = left[box[1]:box[3], box[0]:box[2]]
        thick, long = part.shape
        if long >= LONG * thick and dash_shaped(part, box[1] - top, height, middle):
            dashes.append(box)
        elif thick > LETTER_INK * height:
            letters.append(box)  # ink of a letter's size: text left unread, not a mark alone
    if len(dashes) != 1:
        return None
    dash = dashes[0]
    reach = (dash[0] - NEAR * height, dash[1] - BESIDE * height, dash[2] + NEAR * height, dash[3] + BESIDE * height)
    if any(b[0] < reach[2] and b[2] > reach[0] and b[1] < reach[3] and b[3] > reach[1] for b in letters + taken):
        return None  # a mark beside a word or a letter left unread is the text's (`thường - xuyên`), not a cell's
    return dash


def _pieces(columns: np.ndarray, apart: int) -> list[tuple[int, int]]:
    """Runs of columns holding ink, parted where at least `apart` columns hold none."""
    xs = np.nonzero(columns)[0]
    if len(xs) == 0:
        return []
    cuts = np.nonzero(np.diff(xs) > apart)[0]
    starts, ends = np.r_[xs[0], xs[cuts + 1]], np.r_[xs[cuts], xs[-1]] + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends)]


def dash_shaped(part: np.ndarray, offset: float, height: float, middle: tuple[float, float] = MIDDLE) -> bool:
    """The ink `part` (its box `offset` px below the line's top) is a dash: thin, short, level, full, midway."""
    thick, long = part.shape
    centre = (offset + thick / 2) / height
    return thick <= MAX_THICK * height and LENGTHS[0] * height <= long <= LENGTHS[1] * height \
        and part.sum() >= MIN_FILL * thick * long and middle[0] <= centre <= middle[1]

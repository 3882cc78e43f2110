"""Rows of text Tesseract forced into one line, read again apart.

Reading a page as one block, Tesseract fits one baseline to each line it finds. Where the cells of one table row
hold different numbers of lines (a header's `Số TT` beside `Số` / `liệu` and `Ghi` / `chú`, cells aligned to the
bottom or the middle), text standing at three heights is forced into one line: the words off its baseline come out
garbled and unsure (`,05` for `Số`, `Ghỉ` for `Ghi`) or not at all, and their boxes stretch up or down to reach
them. Such a line shows it: unsure words whose boxes stand well above or below the line's sure words, or much
taller (one speck is not enough). The band of the page those rows take is read again in sparse mode (every piece of
text on its own) and, where it reads at least as surely, its words take the place of the first reading's (the
first's words standing where it boxed nothing stay), grouped into lines again by height."""
from __future__ import annotations

import numpy as np

from baocao.extract.base import Word

UNSURE = 0.6  # a word read below this confidence may be ink from another row …
OFF_LINE = 0.35  # … when its middle stands this many of the line's word heights above or below the line's …
TALL = 1.4  # … or its box is this many times as tall
LETTER = 0.5  # one such word boxed lower than this share of the line's height alone is a speck
SHARED = 0.3  # two readings' boxes sharing this share of the smaller one read the same ink
SAME_LINE = 0.5  # words whose middles are within this many word heights of a line's stand on that line
PAD = 24  # px of paper above and below each band in the image read again
MAX_BANDS = 8  # per page


def read_stacked_apart(ink: np.ndarray, words: list[tuple[Word, tuple]], groups: list[tuple], clean, page: int
                       ) -> tuple[list[tuple[Word, tuple]], list[tuple]]:
    """`words` and their line keys in reading order (`groups`), with each band of stacked rows read again."""
    scale = clean.scale
    lines: dict[tuple, list[Word]] = {}
    for w, key in words:
        lines.setdefault(key, []).append(w)
    reach = [(min(w.top for w in line), max(w.bottom for w in line)) for line in lines.values()]
    bands = _merge([band for line in lines.values()
                    if (band := _stacked_band(line, reach, scale)) is not None])[:MAX_BANDS]
    if not bands:
        return words, groups
    again = _read_bands(ink, bands, clean, page)
    for n, (y0, y1) in enumerate(bands):
        inside = [k for k, (w, _) in enumerate(words) if y0 <= (w.top + w.bottom) / 2 / scale <= y1]
        new = [w for w in again if y0 <= (w.top + w.bottom) / 2 / scale <= y1]
        old = [words[k][0] for k in inside]
        taken = _surer(old, new)
        if taken is old:
            continue
        rows = _lines(taken)
        keys = [("stacked", n, i) for i in range(len(rows))]
        at = min((groups.index(words[k][1]) for k in inside if words[k][1] in groups), default=len(groups))
        dropped = set(inside)
        words = [pair for k, pair in enumerate(words) if k not in dropped]
        words += [(w, key) for row, key in zip(rows, keys) for w in row]
        groups = groups[:at] + keys + groups[at:]
    return words, groups


def _surer(old: list[Word], new: list[Word]) -> list[Word]:
    """The band's words: the second reading where it is at least as sure over the band as the first, with the
    first's words it boxed nothing over (ink it left unread); else the first."""
    if not new or _sureness(new) < _sureness(old):
        return old
    return new + [w for w in old if not any(_overlap(w, v) for v in new)]


def _overlap(a: Word, b: Word) -> bool:
    """Boxes sharing a good part of the smaller one."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return width > 0 and height > 0 and width * height >= SHARED * smaller


def _stacked_band(line: list[Word], reach: list[tuple[float, float]], scale: float):
    """(top, bottom) in pixels of the rows Tesseract read as this line, when the line shows rows forced together
    (`reach`: every line's top and bottom, points); else None."""
    sure = [w for w in line if w.confidence >= UNSURE]
    if len(line) < 3 or len(sure) < 2:
        return None
    height = float(np.median([w.bottom - w.top for w in sure]))
    middle = float(np.median([(w.top + w.bottom) / 2 for w in sure]))
    off = [w for w in line if w.confidence < UNSURE and (
        abs((w.top + w.bottom) / 2 - middle) > OFF_LINE * height or w.bottom - w.top > TALL * height)]
    # one speck off the line is dust; a letter's size, or two, are ink of another row forced onto it
    if not off or len(off) == 1 and off[0].bottom - off[0].top < LETTER * height:
        return None
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    # the other lines reaching into it are rows of the stack too (`liệu` / `chú` under `Số` / `Ghi`)
    grown = True
    while grown:
        grown = False
        for a, b in reach:
            if a < bottom and b > top and (a < top or b > bottom):
                top, bottom, grown = min(top, a), max(bottom, b), True
    return top / scale, bottom / scale


def _merge(bands: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """Bands that overlap as one, top to bottom, in whole pixels."""
    out: list[list[float]] = []
    for top, bottom in sorted(bands):
        if out and top <= out[-1][1]:
            out[-1][1] = max(out[-1][1], bottom)
        else:
            out.append([top, bottom])
    return [(int(top), int(bottom) + 1) for top, bottom in out]


def _read_bands(ink: np.ndarray, bands: list[tuple[int, int]], clean, page: int) -> list[Word]:
    """The bands (full width) stacked into one image, paper between them, and read in sparse mode: their words
    placed back on the page."""
    from baocao.extract.ocr import _tesseract_words

    canvas = np.zeros((sum(y1 - y0 + 2 * PAD for y0, y1 in bands), ink.shape[1]), dtype=bool)
    starts = []
    y = 0
    for y0, y1 in bands:
        canvas[y + PAD : y + PAD + y1 - y0] = ink[y0:y1]
        starts.append(y)
        y += y1 - y0 + 2 * PAD
    starts_arr = np.array(starts)

    def place(x: int, yy: int) -> tuple[int, int]:
        k = int(np.searchsorted(starts_arr, yy, side="right") - 1)
        return x, yy - starts[k] - PAD + bands[k][0]

    found, _ = _tesseract_words(canvas, clean, page, place=place, key_base=("stacked",), config="--psm 11")
    return [w for w, _ in found]


def _sureness(words: list[Word]) -> float:
    """How much was read surely: letters and digits, weighed by confidence."""
    return sum(w.confidence * sum(ch.isalnum() for ch in w.text) for w in words)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by the height of their middles, top to bottom, each left to right."""
    height = float(np.median([w.bottom - w.top for w in words]))
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (w.top + w.bottom) / 2
        if lines and abs(middle - np.mean([(v.top + v.bottom) / 2 for v in lines[-1]])) <= SAME_LINE * height:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]

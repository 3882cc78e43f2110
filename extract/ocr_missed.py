"""Table cells Tesseract skipped, read again.

Reading a page as one block, Tesseract now and then drops a short line that sits close to another one: the last
line of a header cell just above the `(1) (2) (3)` row, a lone value `1` in a cell. Inside a ruled table the
cells say where text must be: ink in a cell that no word box covers is text that was not read. Those spots are
cut out, stacked into one small image with white between them, read in one more Tesseract run, and the words
put back where the spots were."""
from __future__ import annotations

import numpy as np

from baocao.extract.base import Word
from baocao.extract.grid import Grid
from baocao.extract.scan import ink_box

MARGIN = 6  # px kept clear of the cell's rules (their wiped edges leave specks)
PAD = 12  # px of paper around each spot in the stacked image
MIN_INK = 80  # px of ink: a `1` at 300 dpi has ~150
MIN_HEIGHT = 15  # px: less is dust or a stray mark, not a letter (x-height ~25 px)
MAX_SPOTS = 40
MIN_CONF = 70.0  # a second reading must be sure: what it sees are leftovers, often fragments of read words


def uncovered(ink: np.ndarray, words: list[tuple[Word, tuple]], scale: float) -> np.ndarray:
    """The ink no word's box covers (each box grown by its marks' and punctuation's reach): what was not read."""
    covered = np.zeros_like(ink)
    h, w = ink.shape
    for word, _ in words:
        # a word's box is tight on its letters: a few pixels more take its marks and its comma too
        x0, x1 = max(0, int(word.x0 / scale) - 4), min(w, int(word.x1 / scale) + 5)
        y0, y1 = max(0, int(word.top / scale) - 8), min(h, int(word.bottom / scale) + 8)
        covered[y0:y1, x0:x1] = True
    return ink & ~covered


def missed_spots(grids: list[Grid], left: np.ndarray):
    """Boxes (x0, y0, x1, y1) in pixels of unread ink (`left`) inside table cells."""
    spots = []
    for grid in grids:
        for box in grid.cell_boxes(MARGIN).values():
            spot = ink_box(left, box, MIN_INK)
            if spot is not None and spot[3] - spot[1] >= MIN_HEIGHT:
                spots.append(spot)
    return spots[:MAX_SPOTS]


def recover_missed(grids: list[Grid], ink: np.ndarray, words: list[tuple[Word, tuple]], clean, page: int):
    """Words read from the unread spots: (words, their line keys), keys apart from the first pass's."""
    left = uncovered(ink, words, clean.scale)
    spots = missed_spots(grids, left)
    found, groups = read_spots(spots, left, clean, page)
    return [(w, key) for w, key, _ in found], groups


def read_spots(spots: list[tuple[int, int, int, int]], left: np.ndarray, clean, page: int):
    """The spots' unread ink (`left`, boxes in pixels), stacked into one image and read in one Tesseract run:
    ((word, line key, index of its spot)…, line keys), words sure enough and holding a letter or digit."""
    from baocao.extract.ocr import _tesseract_words

    if not spots:
        return [], []
    width = max(x1 - x0 for x0, _, x1, _ in spots) + 2 * PAD
    height = sum(y1 - y0 + 2 * PAD for _, y0, _, y1 in spots)
    canvas = np.zeros((height, width), dtype=bool)
    starts = []
    y = 0
    for x0, y0, x1, y1 in spots:
        # the unread ink only (words inside the box that were read stay out)
        canvas[y + PAD : y + PAD + y1 - y0, PAD : PAD + x1 - x0] = left[y0:y1, x0:x1]
        starts.append(y)
        y += y1 - y0 + 2 * PAD
    starts_arr = np.array(starts)

    def place(x: int, yy: int) -> tuple[int, int]:
        k = int(np.searchsorted(starts_arr, yy, side="right") - 1)
        x0, y0, _, _ = spots[k]
        return x - PAD + x0, yy - starts[k] - PAD + y0

    found, groups = _tesseract_words(canvas, clean, page, place=place, key_base=("missed",), min_conf=MIN_CONF)
    out = []
    for w, key in found:
        if any(ch.isalnum() for ch in w.text):
            x, y = (w.x0 + w.x1) / 2 / clean.scale, (w.top + w.bottom) / 2 / clean.scale
            k = next((n for n, (x0, y0, x1, y1) in enumerate(spots)
                      if x0 - PAD <= x <= x1 + PAD and y0 - PAD <= y <= y1 + PAD), -1)
            out.append((w, key, k))
    return out, groups

"""Values read again on demand: the cells a table's checks doubt, cut from their page and read at other inks.

The page's reading cuts the gray page at one threshold; a value that reads wrong there (`649` for `64,9`: the
comma melted into the 4; `348,7` for `38,7`: a hollow stroke read as another digit) often reads right cut darker
or lighter. Here each doubted cell is cut out of its page as the page's reading saw it (the page evened out the
same way and the cell turned back by the page's tilt, so the boxes that reading gave fit), and cut at a few
thresholds between the ink's level and the paper's, the page's and the cell's own; a cell of two lines
(`27/101` over `=26%`) gives each line apart. The cuts of a document, set side by side on one strip (as
`ocr_reread` reads short pieces), are read by Tesseract's Vietnamese model, then its English one, in rounds that
leave out the cells whose cuts so far all read alike. Which reading to keep is not decided here: the table's
checks decide (catalog/hold.py); this module only says what the ink reads as."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Sequence

import numpy as np

from baocao.extract.ocr_reread import ink_runs, read_pieces
from baocao.extract.scan import OCR_DPI, Levels, flattened, straight_cut

# where between the ink's gray level (0) and the paper's (1) each reading cuts: darker keeps strokes apart (a comma
# from its digit), lighter joins a worn stroke
CUTS = (0.3, 0.45, 0.6)
# the models the cuts are read by, in turn: a figure is the same in both, and the English model, trained on far
# more figures, reads some the Vietnamese cannot (`77` in a sans face, read `f7`)
LANGS = ("vie", "eng")
LINE_GAP = 5  # px of paper rows, at least, that part two lines of a cell (`27/101` over `=26%`): each read apart
MIN_LINE = 10  # px: an inked band lower than this is a speck or a rule's remains, no line
PAD = 8  # px of paper kept round a line's ink
RULE_SHARE = 0.6  # a row or column along a cut's edge more than this share ink is a table rule's remains …
RULE_EDGE = 12  # … within this many pixels of the edge (a digit's upright fills a cut's height as much)
MARGIN_EM = 0.6  # a value's words' box widened by this many of its heights each side: ink the reading left out
STRIP_PIECES = 120  # lines of cuts on one strip at most (a strip ~50,000 px wide: Tesseract reads it whole)
_PIXELS = SimpleNamespace(scale=1.0)  # the strip's words are placed in its own pixels


@dataclass(frozen=True)
class Spot:
    """Where a value stands: its page, its box there in points, and how the page was set straight to be read."""

    page: int
    box: tuple[float, float, float, float]
    ruled: bool = False  # the box is a ruled cell's (inside its rules), else its words' (tight on their ink)
    turn: int = 0  # degrees the page was turned clockwise (scanned sideways)
    angle: float = 0.0  # degrees it was turned back by (its tilt)


def read_values_again(path: Path, spots: Sequence[Spot]) -> list[list[tuple[str, float]]]:
    """For each spot, the readings of its ink (text, confidence 0-100): one per cut and model that read anything."""
    from baocao.extract.ocr import page_image

    by_page: dict[tuple[int, int, float], list[int]] = defaultdict(list)
    for k, spot in enumerate(spots):
        by_page[(spot.page, spot.turn, spot.angle)].append(k)
    cuts: list[tuple[int, int, list[np.ndarray]]] = []  # (spot, levels: 0 the page's 1 the cell's, lines of a cut)
    for (page, turn, angle), ks in by_page.items():
        image, dpi = page_image(path, page)
        if turn:
            image = image.rotate(-turn, expand=True, fillcolor=255)
        image = flattened(image, dpi)  # as the page's reading had it, but for the tilt
        levels = Levels.of(np.asarray(image))
        if levels.blank:
            continue
        for k in ks:
            box = _pixels(spots[k].box, spots[k].ruled, 72.0 / OCR_DPI, (image.height, image.width))
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            cell = straight_cut(image, angle, box)
            # the page's levels, and the cell's own (a photographed page's light is uneven still)
            for level, (ink, paper) in enumerate(((levels.ink, levels.paper),
                                                  (np.percentile(cell, 2), np.median(cell)))):
                for fraction in CUTS:
                    lines = _lines(_without_rules(cell <= ink + fraction * (paper - ink)))
                    if lines:
                        cuts.append((k, level, lines))
    # read in rounds, the page's levels first, the Vietnamese model first; a cell whose cuts so far all read
    # alike is read, and goes no further (most cells: the rest could at most tie with them)
    out: list[list[tuple[str, float]]] = [[] for _ in spots]
    for lang in LANGS:
        for level in (0, 1):
            this = [(k, lines) for k, at, lines in cuts if at == level and not _settled(out[k])]
            for (k, _), reading in zip(this, _read_cuts([lines for _, lines in this], lang) if this else ()):
                if reading is not None:
                    out[k].append(reading)
    return out


def _settled(readings: list[tuple[str, float]]) -> bool:
    return len(readings) >= len(CUTS) and len({text for text, _ in readings}) == 1


def _read_cuts(cuts: list[list[np.ndarray]], lang: str) -> list[tuple[str, float] | None]:
    """Each cut's lines, read on strips of at most STRIP_PIECES lines, joined: (text, the least confidence of its
    words), None if none."""
    out: list[tuple[str, float] | None] = []
    batch: list[list[np.ndarray]] = []
    for k, lines in enumerate(cuts):
        batch.append(lines)
        if k + 1 == len(cuts) or sum(map(len, batch)) + len(cuts[k + 1]) > STRIP_PIECES:
            out.extend(_read_strip(batch, lang))
            batch = []
    return out


def _read_strip(cuts: list[list[np.ndarray]], lang: str) -> list[tuple[str, float] | None]:
    from baocao.extract.ocr import one_thread

    pieces = [line for lines in cuts for line in lines]
    height = max(piece.shape[0] for piece in pieces)
    with one_thread():
        found = read_pieces([_centred(piece, height) for piece in pieces], _PIXELS, 0, lang)
    out: list[tuple[str, float] | None] = []
    n = 0
    for lines in cuts:
        words = [word for k in range(n, n + len(lines)) for word in found.get(k, [])]
        n += len(lines)
        out.append((" ".join(t for t, _ in words), min(c for _, c in words)) if words else None)
    return out


def _lines(cut: np.ndarray) -> list[np.ndarray]:
    """The cut's lines of ink, top to bottom, each trimmed to its ink with a little paper round it."""
    lines = []
    for top, bottom in ink_runs(cut.T, LINE_GAP):  # the runs of inked rows
        if bottom - top >= MIN_LINE:
            band = cut[top:bottom]
            columns = np.nonzero(band.any(axis=0))[0]
            lines.append(np.pad(band[:, columns[0]:columns[-1] + 1], PAD))
    return lines


def _centred(piece: np.ndarray, height: int) -> np.ndarray:
    """The piece padded with paper to `height`, its ink in the middle: a strip's cuts stand on one line."""
    above = (height - piece.shape[0]) // 2
    return np.pad(piece, ((above, height - piece.shape[0] - above), (0, 0)))


def _pixels(box: tuple[float, float, float, float], ruled: bool, scale: float, shape: tuple[int, int]
            ) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = (v / scale for v in box)
    if not ruled:  # words' boxes are tight on the ink they read: a digit they missed lies just beside
        grow = MARGIN_EM * (y1 - y0)
        x0, x1, y0, y1 = x0 - grow, x1 + grow, y0 - grow / 3, y1 + grow / 3
    height, width = shape
    return (max(0, int(x0)), max(0, int(y0)), min(width, int(x1) + 1), min(height, int(y1) + 1))


def _without_rules(cut: np.ndarray) -> np.ndarray:
    """The cut with the rows and columns along its edges that are mostly ink (a tilted rule's remains) wiped."""
    cut = cut.copy()
    for axis in (0, 1):
        share = cut.mean(axis=1 - axis)
        edge = np.zeros(len(share), dtype=bool)
        edge[:RULE_EDGE] = edge[-RULE_EDGE:] = True
        wipe = edge & (share > RULE_SHARE)
        if axis == 0:
            cut[wipe, :] = False
        else:
            cut[:, wipe] = False
    return cut

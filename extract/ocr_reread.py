"""Short pieces of a page read again, each cut out on its own: one more Tesseract run per page.

Read as part of a whole page, a few characters standing alone — a figure, an STT, a code — are guessed with the
words around them as context, and the specks a scan leaves go into the reading: `29 .` comes out `2`, `0` with a
dot above it `ì`, `57` `S7`, `33` `3`, a worn `0` `9`, `74` `73`. The same ink cut out, with paper around it and
nothing else near, reads right far more often. Cut out:
- every cell of a ruled table whose ink is one short line and whose reading is short or holds a digit (its
  rules' margin left out; a unit's `Người` read surely is left), or that holds such ink and no word at all;
- off ruled tables, every such word that stands alone on its line with paper either side — an island of ink: a
  figure in a borderless table's value column, with the ink the page's reading left out of the word;
- every other number the page's reading was not sure of (its word's box);
- off ruled tables, ink standing alone on a line's band that no word covers, of a figure's size: a value the
  page's reading left out altogether (a lone `1` beside a coded unit).
The cuts are set side by side, wide apart, into one strip read as one line (psm 7: read as a block, a worn `0`
still came out `9`; as one line with wide gaps each cut is read as a word on its own).

A cell's or island's reading replaces the page's words in it when it is a figure or an STT Tesseract is at least
as sure of, and the page's is no figure or STT, or is one with the same separators (`3` → `33`, not `2.4` →
`244`) that the new one only adds digits to at an end, or, no longer (`346` → `36`, not `3.1` → `34.1`), is
clearly surer than. An unsure number's reading replaces it only when it is a number of the same form (same digits
count and separators) and clearly surer. Unread ink becomes a word when it reads as a figure, an STT or a
bullet `+` (ink of a dash's shape as `-`) at least `SURE_NEW` sure, or, alone in a cell, as one round letter (a
`0`, kept with its low confidence); a flat line alone in a cell that Tesseract cannot read at all is a `-`.
Anything else stays as the page read it: what is no figure or STT is left to the page's reading, which has the
words around it."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import regex as re

from baocao.extract.base import Word
from baocao.extract.grid import Grid
from baocao.extract.ocr_missed import uncovered
from baocao.extract.ocr_text import DASHES, ZERO_LOOKALIKE
from baocao.extract.scan import ink_box

# a value: digits, maybe in thousands groups, maybe a decimal comma (an STT's short groups are no value)
NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
STT = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}\.?$")
# what is worth cutting out of a cell or island: a reading that is short or holds a digit
WORTH_READING_AGAIN = re.compile(r"^\S{1,3}$|\d")
SURE = 90.0  # a number off cells and islands read at least this sure is left alone
GAIN = 5.0  # confidence points a new reading must be surer by than the page's to replace it with other digits
MARGIN = 6  # px kept clear of a cell's rules (their wiped edges leave specks); of a line's band round a word
WORD_MARGIN = 4  # px of the page kept round an unsure number's box: its box is tight on the ink
MAX_WIDTH = 320  # px (at 300 dpi) of ink: wider is text, not a figure (`8.066.841.050` is ~290)
MAX_HEIGHT = 70  # px of ink: one line (a capital with its marks ~50 px at 13 pt)
MIN_INK = 40  # px of ink in a cell: less is a speck …
MIN_DASH_INK = 20  # … or a dash, when it is at least twice as wide as high
ISLAND_GAP = 24  # px of paper that ends an island: more than between two digits, less than between two cells
PAD = 24  # px of paper above and below the cuts in the strip
GAP = 150  # px of paper between two cuts: narrower, Tesseract joins them into one word (`1` `0` → `19`)
MAX_CUTS = 100
SURE_NEW = 60.0  # how sure the reading of ink no word covered must be to become a word
UNREAD_DASH = 0.5  # the confidence of a dash known by its shape alone
MIN_HEIGHT = 15  # px of unread ink: lower is dust or a rule's remains (a dash is let through by its shape)


@dataclass
class _Cut:
    box: tuple[int, int, int, int]  # pixels
    words: list[int]  # the page's words in it
    whole: bool  # a cell or island (read as a whole), else an unsure number (its word's box)
    line: tuple = ()  # unread ink (no words): the key of the line whose band it stands on (or of its cell)


def read_again(grids: list[Grid], ink: np.ndarray, words: list[tuple[Word, tuple]], clean, page: int):
    """`words` with the pieces read again replaced where the new reading is better; same keys."""
    s = clean.scale
    cells, islands = _cell_cuts(grids, ink, words, s), _island_cuts(grids, ink, words, s)
    taken = {k for cut in cells + islands for k in cut.words}
    # cells and figures first: on a page of prose, words standing alone may be many
    cuts = (cells + _number_cuts(ink, words, taken, s) + _unread_cuts(grids, ink, words, s) + islands)[:MAX_CUTS]
    if not cuts:
        return words
    by_cut = _read_strip(ink, [cut.box for cut in cuts], clean, page)
    replaced: dict[int, tuple[Word, tuple]] = {}
    dropped: set[int] = set()
    added: list[tuple[Word, tuple]] = []
    for n, cut in enumerate(cuts):
        got = by_cut.get(n)
        if not cut.words:
            reading = _unread_reading(cut, got)
            if reading is not None:
                x0, y0, x1, y1 = cut.box
                added.append((Word(reading[0], page, x0 * s, x1 * s, y0 * s, y1 * s, confidence=reading[1]),
                              cut.line))
            continue
        if not got or not cut.whole and len(got) != 1:
            continue
        text, conf = " ".join(t for t, _ in got), min(c for _, c in got)
        old = [words[k][0] for k in cut.words]
        old_text = " ".join(w.text for w in old)
        old_conf = min((w.confidence or 0.0) * 100 for w in old)
        better = _better_piece(text, conf, old_text, old_conf) if cut.whole else \
            NUMBER.match(text) and _form(text) == _form(old_text) and conf >= old_conf + GAIN
        if text == old_text or not better:
            continue
        first, key = words[cut.words[0]]
        x0, y0, x1, y1 = cut.box if cut.whole else (first.x0 / s, first.top / s, first.x1 / s, first.bottom / s)
        replaced[cut.words[0]] = (Word(text=text, page=page, x0=x0 * s, x1=x1 * s, top=y0 * s, bottom=y1 * s,
                                       font=first.font, confidence=conf / 100), key)
        dropped.update(cut.words[1:])
    if not replaced and not added:
        return words
    return [replaced.get(k, pair) for k, pair in enumerate(words) if k not in dropped] + added


def _read_strip(ink: np.ndarray, boxes: list[tuple[int, int, int, int]], clean, page: int
               ) -> dict[int, list[tuple[str, float]]]:
    """The ink of `boxes` (pixels) set side by side, wide apart, and read as one line: each box's words and
    confidences, by the box's index."""
    return read_pieces([ink[y0:y1, x0:x1] for x0, y0, x1, y1 in boxes], clean, page)


def read_pieces(pieces: list[np.ndarray], clean, page: int, lang: str = "") -> dict[int, list[tuple[str, float]]]:
    """Pieces of ink set side by side, wide apart, and read as one line (in `lang`, else the page's language):
    each piece's words and confidences, by the piece's index."""
    from baocao.extract.ocr import LANG, _tesseract_words

    height = max(piece.shape[0] for piece in pieces) + 2 * PAD
    width = sum(piece.shape[1] + GAP for piece in pieces) + GAP
    canvas = np.zeros((height, width), dtype=bool)
    starts = []
    x = GAP
    for piece in pieces:
        canvas[PAD : PAD + piece.shape[0], x : x + piece.shape[1]] = piece
        starts.append(x - GAP // 2)
        x += piece.shape[1] + GAP
    confs: list[float] = []
    found, _ = _tesseract_words(canvas, clean, page, key_base=("again",), confs=confs, config="--psm 7",
                                lang=lang or LANG)
    # the words of each box, by where their middle falls in the strip
    by_box: dict[int, list[tuple[str, float]]] = {}
    starts_arr = np.array(starts)
    for (word, _), conf in zip(found, confs):
        middle = (word.x0 + word.x1) / 2 / clean.scale
        box = int(np.searchsorted(starts_arr, middle, side="right") - 1)
        by_box.setdefault(box, []).append((word.text, conf))
    return by_box


def _unread_reading(cut: _Cut, got: list[tuple[str, float]] | None) -> tuple[str, float] | None:
    """The word (text, confidence 0-1) ink no word covered becomes, if any: a figure, STT or bullet `+` read
    surely, a dash by its reading and shape; alone in a cell, one round letter is a `0` however unsure, and a flat
    line too small for Tesseract to read (a hyphen at 200 dpi) a dash by its shape (the cell's text keeps it only
    clear of the rules)."""
    in_cell = cut.line[:1] == ("cell",)
    if not got:
        return ("-", UNREAD_DASH) if in_cell and _wide(cut.box) else None
    text, conf = " ".join(t for t, _ in got), min(c for _, c in got)
    if _dash_shaped(text, cut.box):
        text = "-"
    if in_cell and _round(text):
        return "0", conf / 100  # no word is a lone `O`
    return (text, conf / 100) if conf >= SURE_NEW and (_shaped(text) or text in ("-", "+")) else None


def _round(text: str) -> bool:
    """One round letter (`O`, `Ó`, `Ô`…): what a lone `0` read alone comes out as."""
    return text in ZERO_LOOKALIKE or len(text) == 1 and unicodedata.normalize("NFD", text)[0] in "Oo"


def _shaped(text: str) -> bool:
    """A figure or an STT: what a short cell of a statistics table holds that its column can check."""
    return bool(NUMBER.match(text) or STT.match(text))


def _form(text: str) -> str:
    """The separators and where they sit: `1.034` → `d.ddd`."""
    return re.sub(r"\d", "d", text)


def _marks(text: str) -> str:
    """The separators and where they sit between runs of digits: `2.4` → `d.d`, `33` → `d`."""
    return re.sub(r"\d+", "d", text)


def _better_piece(text: str, conf: float, old_text: str, old_conf: float) -> bool:
    """A cell's or island's new reading is better: a figure or STT at least as sure as the page's reading, which
    is none, or one with the same separators that the new one only adds digits to at an end (`3` → `32`: the page
    read part of the ink) or, no longer, is surer than by `GAIN`."""
    if not _shaped(text) or conf < old_conf:
        return False
    if not _shaped(old_text):
        return True
    if _marks(text) != _marks(old_text):
        return False
    # a digit put inside the page's reading is more likely a speck read than one the page missed (`3.1` → `34.1`)
    return text.startswith(old_text) or text.endswith(old_text) or \
        len(text) <= len(old_text) and conf >= old_conf + GAIN


def _centre(word: Word, s: float) -> tuple[float, float]:
    return (word.x0 + word.x1) / 2 / s, (word.top + word.bottom) / 2 / s


def _cell_cuts(grids: list[Grid], ink: np.ndarray, words: list[tuple[Word, tuple]], s: float) -> list[_Cut]:
    """The short cells of the ruled tables worth reading again: those whose reading is short or holds a digit,
    and those with a short line of ink and no word at all (a lone `0` no reading took)."""
    cuts = []
    for g, grid in enumerate(grids):
        members: dict[tuple[int, int], list[int]] = {}
        for k, (w, _) in enumerate(words):
            at = grid.cell_at(*_centre(w, s))
            if at is not None:
                members.setdefault(at, []).append(k)
        for owner, box in grid.cell_boxes(MARGIN).items():
            inside = members.get(owner)
            if inside is None:
                # a dash holds little ink (a hyphen at 13 pt, thinned by the binarising, ~30 px)
                spot = _short_ink(ink, box, MIN_DASH_INK)
                if spot is not None and (_wide(spot) or spot[3] - spot[1] >= MIN_HEIGHT
                                         and _ink(ink, spot) >= MIN_INK):
                    cuts.append(_Cut(spot, [], True, ("cell", g, *owner)))
            elif WORTH_READING_AGAIN.search(" ".join(words[k][0].text for k in inside)):
                spot = _short_ink(ink, box)
                if spot is not None:
                    cuts.append(_Cut(spot, inside, True))
    return cuts


def _short_ink(ink: np.ndarray, box: tuple[int, int, int, int], min_ink: int = MIN_INK):
    """The box of the cell's ink when it is one short line, else None."""
    spot = ink_box(ink, box, min_ink)
    if spot is None or spot[3] - spot[1] > MAX_HEIGHT or spot[2] - spot[0] > MAX_WIDTH:
        return None
    return spot


def _island_cuts(grids: list[Grid], ink: np.ndarray, words: list[tuple[Word, tuple]], s: float) -> list[_Cut]:
    """The words off the ruled tables worth reading again that stand alone on their line."""
    cuts = []
    for k, (w, _) in enumerate(words):
        if WORTH_READING_AGAIN.search(w.text) and not any(grid.cell_at(*_centre(w, s)) for grid in grids):
            spot = _island(ink, words, k, s)
            if spot is not None:
                cuts.append(_Cut(spot, [k], True))
    return cuts


def _island(ink: np.ndarray, words: list[tuple[Word, tuple]], k: int, s: float):
    """The box of the ink around word `k` up to paper `ISLAND_GAP` wide either side, within its line's band,
    when it is short and holds no other word; else None."""
    word = words[k][0]
    h, w = ink.shape
    y0, y1 = max(0, int(word.top / s) - MARGIN), min(h, int(round(word.bottom / s)) + MARGIN)
    x0, x1 = int(word.x0 / s), int(round(word.x1 / s))
    left, right = max(0, x0 - MAX_WIDTH), min(w, x1 + MAX_WIDTH)
    # the island is the run(s) of ink the word's box overlaps
    mine = [(a, b) for a, b in ink_runs(ink[y0:y1, left:right], ISLAND_GAP, left) if b > x0 and a <= x1]
    if not mine:
        return None
    a, b = min(m[0] for m in mine), max(m[1] for m in mine)
    if b - a >= MAX_WIDTH or a <= left or b >= right:
        return None
    for j, (other, _) in enumerate(words):
        cx, cy = _centre(other, s)
        if j != k and a <= cx <= b and y0 <= cy <= y1:
            return None
    rows = np.nonzero(ink[y0:y1, a:b].any(axis=1))[0]
    return a, y0 + int(rows[0]), b, y0 + int(rows[-1]) + 1


def ink_runs(band: np.ndarray, gap: int, offset: int = 0) -> list[tuple[int, int]]:
    """The runs (first, end) of the band's inked columns, parted where at least `gap` px of paper lie between,
    `offset` added."""
    columns = np.nonzero(band.any(axis=0))[0]
    if not len(columns):
        return []
    breaks = np.nonzero(np.diff(columns) > gap)[0]
    starts, ends = np.r_[columns[0], columns[breaks + 1]], np.r_[columns[breaks], columns[-1]] + 1
    return [(int(a) + offset, int(b) + offset) for a, b in zip(starts, ends)]


def _dash_shaped(text: str, box: tuple[int, int, int, int]) -> bool:
    return text in (*DASHES, "_", "~") and _wide(box)


def _wide(box: tuple[int, int, int, int]) -> bool:
    """At least twice as wide as high: a dash's shape."""
    return box[2] - box[0] >= 2 * (box[3] - box[1])


def _unread_cuts(grids: list[Grid], ink: np.ndarray, words: list[tuple[Word, tuple]], s: float) -> list[_Cut]:
    """Ink off the ruled tables that no word covers, standing alone on a line's band (paper `ISLAND_GAP` wide
    either side), of a figure's or a dash's size."""
    left = uncovered(ink, words, s)
    for grid in grids:
        x0, y0, x1, y1 = (int(v) for v in grid.bbox)
        left[max(0, y0 - MARGIN):y1 + MARGIN, max(0, x0 - MARGIN):x1 + MARGIN] = False
    bands: dict[tuple, list[int]] = {}
    h, w = ink.shape
    for word, key in words:
        band = bands.setdefault(key, [h, 0])
        band[0], band[1] = min(band[0], int(word.top / s)), max(band[1], int(round(word.bottom / s)))
    cuts: list[_Cut] = []
    for key, (y0, y1) in bands.items():
        y0, y1 = max(0, y0 - MARGIN), min(h, y1 + MARGIN)
        # the digits of one figure stand closer than two gaps (`1.3` whose dot the despeckling took)
        for a, b in ink_runs(left[y0:y1], 2 * ISLAND_GAP):
            if ink[y0:y1, max(0, a - ISLAND_GAP):a].any() or ink[y0:y1, b:b + ISLAND_GAP].any():
                continue  # beside other ink: a piece of a word, not a figure of its own
            box = ink_box(left, (a, y0, b, y1), MIN_INK)
            if box is None or box[2] - box[0] > MAX_WIDTH or box[3] - box[1] > MAX_HEIGHT:
                continue
            if box[3] - box[1] < MIN_HEIGHT and not _wide(box):
                continue
            if not any(_overlap(box, cut.box) for cut in cuts):
                cuts.append(_Cut(box, [], True, key))
    return cuts


def _ink(ink: np.ndarray, box: tuple[int, int, int, int]) -> int:
    return int(ink[box[1]:box[3], box[0]:box[2]].sum())


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _number_cuts(ink: np.ndarray, words: list[tuple[Word, tuple]], taken: set[int], s: float) -> list[_Cut]:
    """The numbers not in a cell or island cut that the page's reading was unsure of, each its word's box."""
    h, w = ink.shape
    cuts = []
    for k, (word, _) in enumerate(words):
        if k not in taken and (word.confidence or 0.0) * 100 < SURE and NUMBER.match(word.text):
            box = (max(0, int(word.x0 / s) - WORD_MARGIN), max(0, int(word.top / s) - WORD_MARGIN),
                   min(w, int(round(word.x1 / s)) + WORD_MARGIN), min(h, int(round(word.bottom / s)) + WORD_MARGIN))
            cuts.append(_Cut(box, [k], False))
    return cuts

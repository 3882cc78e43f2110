"""Numbers Tesseract was unsure of, read again on their own.

Read as part of a whole page, a lone number in a table cell is guessed with the words around it as context, and
a slightly worn digit then goes wrong (`0` → `9`, `74` → `73`) at middling confidence. The same ink cut out tight,
with paper around it and nothing else near, reads right and surer. So every number the page reading was not sure
of is cut out, the cuts set side by side into one small strip read as a single line (one more Tesseract run per
page, a fraction of the page's cost), and a re-reading replaces the first only when it is a number of the same
form (same separators in the same places) and Tesseract is surer of it. Only what can be a value is re-read:
plain digits, thousands groups (`1.034`) or a decimal comma; STTs (`2.1`, `3.3.2`) are left to the STT rules.

One line rather than a stack of lines: read as a block (psm 6) a worn `0` still came out `9`; as one line
(psm 7) with wide gaps each cut is read as a word on its own."""
from __future__ import annotations

import re

import numpy as np

from baocao.extract.base import Word

SURE = 90.0  # a number read at least this sure is left alone (and costs nothing)
GAIN = 5.0  # the re-reading must be this much surer than the first
MARGIN = 4  # px of the page kept around a word's box: its box is tight on the ink
PAD = 24  # px of paper above and below the cuts
GAP = 150  # px of paper between two cuts: narrower, Tesseract joins them into one word (`1` `0` → `19`)
MAX_CUTS = 60
# a value: digits, maybe in thousands groups, maybe a decimal comma (an STT's short groups are no value)
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")


def _form(text: str) -> str:
    """The separators and where they sit: `1.034` → `d.ddd`."""
    return re.sub(r"\d", "d", text)


def reread_numbers(ink: np.ndarray, words: list[tuple[Word, tuple]], confs: list[float], clean, page: int):
    """`words` with the unsure numbers replaced by their re-reading where that is better; same order, same keys."""
    from baocao.extract.ocr import _tesseract_words

    s = clean.scale
    h, w = ink.shape
    picks = [k for k, (word, _) in enumerate(words) if confs[k] < SURE and _NUMBER.match(word.text)][:MAX_CUTS]
    if not picks:
        return words
    boxes = []
    for k in picks:
        word = words[k][0]
        boxes.append((max(0, int(word.x0 / s) - MARGIN), max(0, int(word.top / s) - MARGIN),
                      min(w, int(round(word.x1 / s)) + MARGIN), min(h, int(round(word.bottom / s)) + MARGIN)))
    height = max(y1 - y0 for _, y0, _, y1 in boxes) + 2 * PAD
    width = sum(x1 - x0 + GAP for x0, _, x1, _ in boxes) + GAP
    canvas = np.zeros((height, width), dtype=bool)
    starts = []
    x = GAP
    for x0, y0, x1, y1 in boxes:
        canvas[PAD : PAD + y1 - y0, x : x + x1 - x0] = ink[y0:y1, x0:x1]
        starts.append(x - GAP // 2)
        x += x1 - x0 + GAP
    new_confs: list[float] = []
    found, _ = _tesseract_words(canvas, clean, page, key_base=("numbers",), confs=new_confs, config="--psm 7")
    # the re-read words of each cut (by where their middle falls in the strip)
    by_cut: dict[int, list[tuple[str, float]]] = {}
    starts_arr = np.array(starts)
    for (word, _), conf in zip(found, new_confs):
        middle = (word.x0 + word.x1) / 2 / s
        cut = int(np.searchsorted(starts_arr, middle, side="right") - 1)
        by_cut.setdefault(cut, []).append((word.text, conf))
    out = list(words)
    for cut, k in enumerate(picks):
        got = by_cut.get(cut)
        if not got or len(got) != 1:
            continue
        text, conf = got[0]
        old, key = words[k]
        if text != old.text and _NUMBER.match(text) and _form(text) == _form(old.text) and conf >= confs[k] + GAIN:
            out[k] = (Word(text=text, page=old.page, x0=old.x0, x1=old.x1, top=old.top, bottom=old.bottom,
                           font=old.font, confidence=conf / 100), key)
    return out

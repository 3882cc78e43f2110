"""Words Tesseract glued across a space (`SốvănbảnchỉiđạoCCHC`, `banhành(Kết`), parted where their ink shows it.

Tesseract sometimes reads a run of words on a line as one word: the spaces are gone from the text, but not from
the page. Inside the word's box, the white between two letters is narrow (at most ~0.15 of the box's height as
measured on the scanned samples) and the white of a word space wide (~0.26 and more). So a long word whose box
holds such wide white is cut there, the pieces are set apart in one small strip read as a single line (one more
Tesseract run per page, only when a page has such words), and the pieces' readings replace the word when each
piece reads as one word and together they spell about what the first reading did. Else the word stays as read:
nothing here adds a letter the first reading did not see."""
from __future__ import annotations

import difflib

import numpy as np

from baocao.extract.base import Word

SPACE_SHARE = 0.22  # a white gap at least this share of the word box's height is a word space
MIN_LETTERS = 6  # shorter words are not looked at (a glued pair of short words is left to the syllable model)
SAME_SPELLING = 0.8  # the pieces' letters must match the first reading's this closely (difflib ratio)
MARGIN = 2  # px of the page kept around a piece
PAD = 24  # px of paper above and below the pieces
GAP = 150  # px of paper between two pieces in the strip (narrower, Tesseract joins them again)
MAX_WORDS = 40  # words looked at per page


def _spaces(column_ink: np.ndarray, least: int) -> list[tuple[int, int]]:
    """Runs of white columns at least `least` wide, inside the box (not touching its ends)."""
    padded = np.concatenate(([True], column_ink, [True]))
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = changes[0::2], changes[1::2]
    return [(int(a), int(b)) for a, b in zip(starts, ends) if b - a >= least and a > 0 and b < len(column_ink)]


def _pieces(ink: np.ndarray, word: Word, scale: float) -> list[tuple[int, int, int, int]]:
    """The word's box cut at its wide white gaps (pixels of `ink`); one piece when there is none."""
    h, w = ink.shape
    x0, x1 = max(0, int(word.x0 / scale)), min(w, int(round(word.x1 / scale)))
    y0, y1 = max(0, int(word.top / scale)), min(h, int(round(word.bottom / scale)))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return []
    gaps = _spaces(ink[y0:y1, x0:x1].any(axis=0), max(2, int(SPACE_SHARE * (y1 - y0))))
    cuts = [0] + [(a + b) // 2 for a, b in gaps] + [x1 - x0]
    return [(x0 + a, y0, x0 + b, y1) for a, b in zip(cuts, cuts[1:])]


_CODE_MARKS = "/-_@"


def _syllable(text: str) -> bool:
    """A piece of prose: a syllable the model knows (a code's pieces, `UB` `ND`, are none)."""
    from baocao.extract.ocr_lm import corrector
    from baocao.normalize.syllable import is_syllable

    fixer = corrector()
    core = _letters(text)
    return fixer is not None and core in fixer.model.uni and is_syllable(core)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def part_glued_words(ink: np.ndarray, words: list[tuple[Word, tuple]], clean, page: int) -> list[tuple[Word, tuple]]:
    """`words` with the glued ones parted where their ink shows spaces; same order, same line keys."""
    from baocao.extract.ocr import _tesseract_words

    s = clean.scale
    picks: list[tuple[int, list[tuple[int, int, int, int]]]] = []
    for k, (word, _) in enumerate(words):
        if sum(ch.isalpha() for ch in word.text) < MIN_LETTERS or " " in word.text \
                or any(ch.isdigit() or ch in _CODE_MARKS for ch in word.text):
            continue  # numbers, dates and codes (`09/BC-UBND`) are no prose a space was lost from
        pieces = _pieces(ink, word, s)
        if len(pieces) >= 2:
            picks.append((k, pieces))
        if len(picks) >= MAX_WORDS:
            break
    if not picks:
        return words
    boxes = [box for _, pieces in picks for box in pieces]
    h, w = ink.shape
    boxes = [(max(0, x0 - MARGIN), y0, min(w, x1 + MARGIN), y1) for x0, y0, x1, y1 in boxes]
    height = max(y1 - y0 for _, y0, _, y1 in boxes) + 2 * PAD
    canvas = np.zeros((height, sum(x1 - x0 + GAP for x0, _, x1, _ in boxes) + GAP), dtype=bool)
    starts, x = [], GAP
    for x0, y0, x1, y1 in boxes:
        canvas[PAD : PAD + y1 - y0, x : x + x1 - x0] = ink[y0:y1, x0:x1]
        starts.append(x - GAP // 2)
        x += x1 - x0 + GAP
    found, _ = _tesseract_words(canvas, clean, page, key_base=("spaces",), config="--psm 7")
    read: dict[int, list[str]] = {}
    starts_arr = np.array(starts)
    for word, _ in found:
        piece = int(np.searchsorted(starts_arr, (word.x0 + word.x1) / 2 / s, side="right") - 1)
        read.setdefault(piece, []).append(word.text)
    out: list[tuple[Word, tuple]] = []
    picked = dict(picks)
    first = 0  # index of a pick's first piece among all pieces
    for k, (word, key) in enumerate(words):
        if k not in picked:
            out.append((word, key))
            continue
        pieces = picked[k]
        texts = [read.get(first + n, []) for n in range(len(pieces))]
        first += len(pieces)
        same = difflib.SequenceMatcher(a=_letters(word.text), b=_letters("".join(t[0] for t in texts if t)),
                                       autojunk=False).ratio()
        if any(len(t) != 1 for t in texts) or same < SAME_SPELLING or not any(_syllable(t[0]) for t in texts):
            out.append((word, key))
            continue
        parts = _cased(word.text, [t[0] for t in texts])
        out.extend((Word(text=part, page=word.page, x0=x0 * s, x1=x1 * s, top=word.top, bottom=word.bottom,
                         font=word.font, confidence=word.confidence), key)
                   for part, (x0, _, x1, _) in zip(parts, pieces))
    return out


def _cased(first: str, parts: list[str]) -> list[str]:
    """The pieces with the first reading's letters where both readings agree but for case: read alone, a short
    piece loses the line's context and its case (`sơ` → `SƠ`)."""
    joined = "".join(parts)
    chars = list(joined)
    matcher = difflib.SequenceMatcher(a=first.lower(), b=joined.lower(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chars[j1:j2] = first[i1:i2]
    out, at = [], 0
    for part in parts:
        out.append("".join(chars[at : at + len(part)]))
        at += len(part)
    return out

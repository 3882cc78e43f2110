"""Vietnamese OCR confusions, settled by the syllable language model (normalize/lm.py).

On scans Tesseract `vie` reads the letters right far more often than the marks: a hỏi read as a sắc (`Tổng` →
`Tống`, `kiểm` → `kiếm`), a mark lost or added (`Hình` → `Hinh`, `dân` → `dẫn`, `ban` → `bạn`), a breve read as a
circumflex (`Văn` → `Vẫn`), a foreign letter (`hồ` → `hö`). Each of these keeps the syllable's bare letters. So
every syllable may become any syllable of the model with the same bare letters; a Viterbi pass over each line
picks the sequence with the best bigram probability, each changed mark costing about the log-odds of an OCR
mark error (a changed syllable must be much likelier in context to win)."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Optional, Sequence

import regex as re

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
TONE_COST = 3.0  # nats: Tesseract gets roughly 1 mark in 20 wrong on a 200 dpi scan
SHAPE_COST = 3.0  # a vowel's hat/breve/horn (or a non-Vietnamese mark) changed
MAX_CANDIDATES = 12
_TOKEN = re.compile(r"^(?P<pre>[^\p{L}]*)(?P<core>\p{L}+)(?P<post>[^\p{L}]*)$")


def _parts(syllable: str) -> tuple[str, str, str]:
    """(bare letters, tone marks, shape marks) of a lower-case syllable."""
    bare, tone, shape = [], [], []
    for ch in unicodedata.normalize("NFD", syllable):
        if unicodedata.combining(ch):
            (tone if ch in TONES else shape).append(ch)
        else:
            bare.append(ch)
    return "".join(bare), "".join(tone), "".join(shape)


def _shape_key(syllable: str) -> str:
    """Letters with their hats but no tone: `tổng` → `tông`."""
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", syllable) if ch not in TONES)
    )


class Corrector:
    def __init__(self, model):
        self.model = model
        by_bare: dict[str, list[tuple[float, str]]] = {}
        for unit, count in model.uni.items():
            if unit.isalpha() and count >= 1:
                by_bare.setdefault(_parts(unit)[0], []).append((count, unit))
        self.by_bare = {k: [u for _, u in sorted(v, reverse=True)[:MAX_CANDIDATES]] for k, v in by_bare.items()}

    def _cost(self, seen: str, cand: str) -> float:
        if seen == cand:
            return 0.0
        cost = 0.0
        if _parts(seen)[1] != _parts(cand)[1]:
            cost += TONE_COST
        if _shape_key(seen) != _shape_key(cand) and _parts(_shape_key(seen))[2] != _parts(_shape_key(cand))[2]:
            cost += SHAPE_COST
        return cost

    def candidates(self, core: str) -> list[tuple[str, float]]:
        low = core.lower()
        options = [(low, 0.0)]
        for cand in self.by_bare.get(_parts(low)[0], []):
            if cand != low:
                options.append((cand, self._cost(low, cand)))
        return options

    def correct(self, tokens: Sequence[str]) -> list[str]:
        """One line's words (with their punctuation) → the same words, marks settled. Tokens that are not a
        run of letters (numbers, `UBND`-like codes the model does not know) stay and break nothing."""
        slots: list[Optional[tuple[str, str, str, list[tuple[str, float]]]]] = []
        for token in tokens:
            match = _TOKEN.match(token)
            if not match:
                slots.append(None)
                continue
            core = match.group("core")
            slots.append((match.group("pre"), core, match.group("post"), self.candidates(core)))
        # Viterbi over the letter tokens; a token that is not letters resets the context
        best: list[Optional[str]] = [None] * len(tokens)
        k = 0
        while k < len(slots):
            if slots[k] is None or len(slots[k][3]) == 1 and (k + 1 >= len(slots) or slots[k + 1] is None):
                k += 1
                continue
            j = k
            while j < len(slots) and slots[j] is not None:
                j += 1
            for index, choice in zip(range(k, j), self._viterbi([slots[i][3] for i in range(k, j)])):
                best[index] = choice
            k = j
        out = []
        for token, slot, choice in zip(tokens, slots, best):
            if slot is None or choice is None or choice == slot[1].lower():
                out.append(token)
            else:
                out.append(slot[0] + _same_case(slot[1], choice) + slot[2])
        return out

    def _viterbi(self, options: list[list[tuple[str, float]]]) -> list[str]:
        lm = self.model
        scores = [(lm.logp1(cand) - cost, [cand]) for cand, cost in options[0]]
        for opts in options[1:]:
            nxt = []
            for cand, cost in opts:
                score, path = max(((s + lm.logp2(p[-1], cand), p) for s, p in scores), key=lambda t: t[0])
                nxt.append((score - cost, path + [cand]))
            scores = nxt
        return max(scores, key=lambda t: t[0])[1]


def _same_case(seen: str, cand: str) -> str:
    if seen.isupper() and len(seen) > 1:
        return cand.upper()
    if seen[:1].isupper():
        return cand[:1].upper() + cand[1:]
    return cand


@lru_cache(maxsize=1)
def corrector() -> Optional[Corrector]:
    """The corrector over the shipped model; None when the model is not there (the words stay as read)."""
    try:
        from normalize import lm
    except ImportError:
        return None
    try:
        return Corrector(lm.load())
    except (OSError, ValueError):
        return None

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
SPLIT_COST = 2.0  # nats per space put back between glued syllables (`Thủtục` → `Thủ tục`)
MIN_SPLIT_COUNT = 3.0  # a part of a glued word must be a syllable the model has seen this often
_TOKEN = re.compile(r"^(?P<pre>[^\p{L}]*)(?P<core>\p{L}+)(?P<post>[^\p{L}]*)$")


def _parts(syllable: str) -> tuple[str, str, str]:
    """(bare letters, tone marks, shape marks) of a lower-case syllable."""
    bare, tone, shape = [], [], []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch == "đ":  # the bar of đ is a mark Tesseract loses or adds like the others (`do` / `đo`)
            bare.append("d")
            shape.append(ch)
        elif unicodedata.combining(ch):
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
            cost = self._cost(low, cand) if cand != low else 0.0
            if cost > 0:  # same marks placed elsewhere (`ủy` / `uỷ`) is the same word: keep the document's
                options.append((cand, cost))
        return options

    def split(self, core: str) -> Optional[list[str]]:
        """A word Tesseract glued from syllables (it drops narrow spaces): the best cut into syllables the model
        knows, or None when the word is a syllable (or a code like `VBQPPL`) or no cut is all syllables."""
        from baocao.normalize.syllable import is_syllable

        low = core.lower()
        if len(low) < 4 or low in self.model.uni or is_syllable(low):
            return None
        if core.isupper() and core.isascii():
            return None  # an abbreviation
        n = len(low)
        best: list[Optional[tuple[float, list[int]]]] = [None] * (n + 1)
        best[0] = (0.0, [])
        for end in range(1, n + 1):
            for start in range(max(0, end - 7), end):
                if best[start] is None:
                    continue
                part = low[start:end]
                if self.model.uni.get(part, 0.0) < MIN_SPLIT_COUNT or not is_syllable(part):
                    continue
                score = best[start][0] + self.model.logp1(part) - SPLIT_COST
                if best[end] is None or score > best[end][0]:
                    best[end] = (score, best[start][1] + [end])
        if best[n] is None or len(best[n][1]) < 2:
            return None
        cuts = [0] + best[n][1]
        return [core[a:b] for a, b in zip(cuts, cuts[1:])]

    def correct(self, tokens: Sequence[str]) -> list[str]:
        """One line's words (with their punctuation) → the same words, marks settled, glued syllables cut
        (an output token may hold spaces). Tokens that are not a run of letters (numbers, `UBND`-like codes the
        model does not know) stay and break nothing."""
        pieces: list[str] = []
        owner: list[int] = []
        for k, token in enumerate(tokens):
            match = _TOKEN.match(token)
            parts = self.split(match.group("core")) if match else None
            if parts:
                parts[0] = match.group("pre") + parts[0]
                parts[-1] = parts[-1] + match.group("post")
            for part in parts or [token]:
                pieces.append(part)
                owner.append(k)
        fixed = self._settle(pieces)
        out = [""] * len(tokens)
        for k, piece in zip(owner, fixed):
            out[k] = piece if not out[k] else out[k] + " " + piece
        return out

    def _settle(self, tokens: Sequence[str]) -> list[str]:
        slots: list[Optional[tuple[str, str, str, list[tuple[str, float]]]]] = []
        for k, token in enumerate(tokens):
            match = _TOKEN.match(token)
            if not match:
                slots.append(None)
                continue
            core = match.group("core")
            options = [(core.lower(), 0.0)] if _in_name(tokens, k) else self.candidates(core)
            slots.append((match.group("pre"), core, match.group("post"), options))
        # Viterbi over runs of letter tokens; a token that is not letters, or punctuation between two tokens
        # (`chỉ thị, công` is not `thi công`), ends the run
        best: list[Optional[str]] = [None] * len(tokens)
        runs: list[list[int]] = []
        for k, slot in enumerate(slots):
            if slot is None:
                runs.append([])
                continue
            if not runs or not runs[-1] or slot[0] or slots[runs[-1][-1]][2]:
                runs.append([])
            runs[-1].append(k)
        for run in runs:
            if run and any(len(slots[i][3]) > 1 for i in run):
                for index, choice in zip(run, self._viterbi([slots[i][3] for i in run])):
                    best[index] = choice
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


def _title(token: str) -> bool:
    match = _TOKEN.match(token)
    core = match.group("core") if match else ""
    return len(core) > 1 and core[0].isupper() and core[1:].islower()


def _in_name(tokens: Sequence[str], k: int) -> bool:
    """`Trực Ninh`, `Nguyễn Minh Khâm`: capitalised words next to each other are a name; the model knows common
    words, not names, so their marks stay as read."""
    return _title(tokens[k]) and ((k > 0 and _title(tokens[k - 1])) or (k + 1 < len(tokens) and _title(tokens[k + 1])))


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
        from baocao.normalize import lm
    except ImportError:
        return None
    try:
        return Corrector(lm.load())
    except (OSError, ValueError):
        return None

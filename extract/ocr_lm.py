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
from rapidfuzz.distance import Levenshtein

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
# nats: a development set's table words read without this model had a wrong tone 1 time in 47 (a hỏi read as a sắc
# 1 in 16: `Tổng` → `Tống`); capitals lose theirs more often. A tone-pair table learnt from that set fixed fewer
# words than one price for every change
TONE_COST = 3.0
SHAPE_COST = 3.0  # a vowel's hat/breve/horn (or a non-Vietnamese mark) changed
MAX_CANDIDATES = 12
SPLIT_COST = 2.0  # nats per space put back between glued syllables (`Thủtục` → `Thủ tục`)
MIN_SPLIT_COUNT = 3.0  # a part of a glued word must be a syllable the model has seen this often
# A word the model hardly knows (only word lists hold it, less than one running-text occurrence) is more likely a
# misread letter (`thâng`, `thuậc`, `TTHỂ`, `ĐVSNCTL`) than a rare word: every known word one letter away is a
# candidate, each costing this much more than a changed mark
RARE_COUNT = 1.0
LETTER_COST = 4.0  # nats
COLLOCATION = 3.0  # nats: a pair this much likelier together than apart is one word (`nhiệm vụ`, `hồ sơ`)
# letters whose capital is the small letter drawn bigger (`s` `S`, `ơ` `Ơ`, `ụ` `Ụ`): OCR tells them by size alone
_SIZE_ONLY = frozenset("ckopsuvwxz")
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
        # one letter deleted from each known bare form → the forms: words a letter apart share a key
        self.by_deletion: dict[str, set[str]] = {}
        for bare, units in self.by_bare.items():
            if len(bare) >= 2 and model.uni[units[0]] >= RARE_COUNT:
                for key in _deletions(bare):
                    self.by_deletion.setdefault(key, set()).add(bare)

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
        # not `VD`, `XD` (too short to tell), nor a mix of cases (`SốTT`: words glued, `Số TT` in a header)
        if self.model.uni.get(low, 0.0) < RARE_COUNT and len(low) >= 3 and _one_case(core):
            options += self._letter_away(core, low)
        return options

    def _letter_away(self, core: str, low: str) -> list[tuple[str, float]]:
        """Known words one letter from `core` (a letter changed, lost or added), with their cost; an acronym's
        (`CHC` → `CCHC`) are acronyms, a syllable's syllables."""
        from baocao.normalize.syllable import is_syllable

        bare = _parts(low)[0]
        acronym = core.isupper() and not is_syllable(low)
        near = {key for key in _deletions(bare) if key in self.by_bare}  # a letter added
        for key in _deletions(bare) | {bare}:  # a letter changed, or lost
            near |= self.by_deletion.get(key, set())
        out = []
        # an acronym the model does not know may be one all the same (`ĐVT`): it changes only when its letters
        # cannot be an acronym's (a tone or hat: `TTHỂ`, `TĨHC`) or one letter was added or lost (`ĐVSNCTL`, `CHC`)
        marked = low.replace("đ", "d") != bare
        for form in near:
            if Levenshtein.distance(form, bare, score_cutoff=1) != 1:
                continue
            for cand in self.by_bare[form]:
                cost = self._cost(low, cand)
                if self.model.uni[cand] < RARE_COUNT or acronym == is_syllable(cand):
                    continue
                if acronym and not marked and (len(form) == len(bare) or cost):
                    continue
                out.append((cand, LETTER_COST + cost))
        return out

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
        tokens = self._unstopped(self._recased(tokens))
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

    def _recased(self, tokens: Sequence[str]) -> list[str]:
        """Letters OCR read in the wrong case where their capital is their small form drawn bigger: inside a word
        (`qUyết`, `tỤc`, `XOng`; its first too after a word in small letters: `rà SOát`), and a whole word in
        capitals between words in small letters that the model knows as a syllable, marked and of such letters only
        (`hồ SƠ`; not `UBND`, `CCHC`, `SO`)."""
        from baocao.normalize.syllable import is_syllable

        matches = [_TOKEN.match(token) for token in tokens]
        cores = [match.group("core") if match else "" for match in matches]
        out = list(tokens)
        for k, (match, core) in enumerate(zip(matches, cores)):
            if not core:
                continue
            fixed = _case_slip(core)
            lower_before = k > 0 and cores[k - 1].islower()
            if fixed != core and lower_before and _size_only(core[0]):
                fixed = fixed.lower()  # its first letter slipped too (`rà SOát`)
            lower_around = lower_before and (k + 1 == len(cores) or cores[k + 1].islower())
            # a syllable with a mark: an acronym has none (`SO` of a lost `ISO`)
            if fixed == core and len(core) > 1 and core.isupper() and lower_around and not core.isascii() \
                    and all(_size_only(ch) for ch in core) and is_syllable(core.lower()) \
                    and self.model.uni.get(core.lower(), 0.0) >= RARE_COUNT:
                fixed = core.lower()
            if fixed != core:
                out[k] = match.group("pre") + fixed + match.group("post")
        return out

    def _unstopped(self, tokens: Sequence[str]) -> list[str]:
        """A dot or colon OCR read after a word inside a two-syllable word or a fixed pair (`nhiệm: vụ`, `hồ. sơ`,
        `VBQPPL. cần`) goes: text goes on in small letters after it, and the pair is a collocation."""
        out = list(tokens)
        for k in range(len(tokens) - 1):
            this, after = _TOKEN.match(tokens[k]), _TOKEN.match(tokens[k + 1])
            if not this or not after or this.group("post") not in (".", ":") or after.group("pre") \
                    or not after.group("core")[0].islower():
                continue
            first, second = this.group("core").lower(), after.group("core").lower()
            if self.model.logp2(first, second) - self.model.logp1(second) > COLLOCATION:
                out[k] = this.group("pre") + this.group("core")
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


def _one_case(word: str) -> bool:
    """lower, Title or UPPER case: one word as printed."""
    return word.islower() or word.isupper() or word[0].isupper() and word[1:].islower()


def _size_only(letter: str) -> bool:
    return unicodedata.normalize("NFD", letter)[0].lower() in _SIZE_ONLY


def _case_slip(word: str) -> str:
    """A word of mixed case whose stray capitals are all letters told by size alone, in small letters after its
    first (`qUyết` → `quyết`, `XOng` → `Xong`); `SốTT` (words glued) as it is."""
    if _one_case(word):
        return word
    stray = [ch for ch in word[1:] if ch.isupper()]
    return word[0] + word[1:].lower() if all(_size_only(ch) for ch in stray) else word


def _deletions(bare: str) -> set[str]:
    return {bare[:k] + bare[k + 1:] for k in range(len(bare))}


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


def settle_cell(text: str) -> str:
    """A wrapped cell's text with its marks settled over the whole cell: the lines were settled one at a time,
    where a line's last word lacked the next line's first as context (`… 100% chỉ` / `thường xuyên`)."""
    fixer = corrector()
    return " ".join(fixer.correct(text.split(" "))) if fixer is not None and text else text

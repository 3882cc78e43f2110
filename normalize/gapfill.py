"""Filling lost glyphs in one line: the candidates for a gap (from the LM's vocabulary, in the case around it),
the lost-glyph prior of a font run, and the Viterbi decoding of a line's space runs.

Every space of a damaged line is either a word separator or a lost glyph. A line is decoded over the ways its
space runs split into [lost chars ending the left word][separators][lost chars starting the right word] (a run
with no separator joins its two sides into one word), each lost char filled from a prior over the characters the
document's font lost, scored by the syllable language model."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import regex as re

from baocao.normalize import lm as lm_mod
from baocao.normalize.syllable import LETTERS, is_syllable

GAP = "?"  # a lost glyph ending a word: a letter or punctuation (a real "?" in the text is escaped as _QMARK)
GAP_LETTER = "\u0001"  # a lost glyph starting or inside a word: a letter only
_QMARK = "\u0000"
PUNCT = (",", ".", ";", ":")
_RUNS = re.compile(r"( +)")
_LETTER_SEG = re.compile(r"[\p{L}\p{M}?\u0001]+")
_GAPS = (GAP, GAP_LETTER)
_LAST_RUN = re.compile(r"[\p{L}\p{M}]+$")
_FIRST_RUN = re.compile(r"^[\p{L}\p{M}]+")
K_BEST = 6  # fillings kept per token template
BEAM = 8  # states kept per chunk
EXTRA_SPACES = math.log(0.01)  # a natural double space inside prose
LAYOUT_SPACES = math.log(0.3)  # a run of 4+ spaces: layout (columns, centred headers)
INTACT_PENALTY = math.log(0.2)  # a char this line shows intact is less likely one its font lost


class Lexicon:
    """Letter runs of the LM vocabulary indexed by pattern with one or two unknown letters."""

    def __init__(self, model: lm_mod.SyllableLM):
        self.model = model
        words = [w for w, c in model.uni.items() if w.isalpha() and (is_syllable(w) or c >= 3)]
        self.by_len: dict[int, list[str]] = {}
        self.one: dict[str, list[str]] = {}
        for w in words:
            self.by_len.setdefault(len(w), []).append(w)
            for k in range(len(w)):
                self.one.setdefault(w[:k] + GAP + w[k + 1:], []).append(w)
        self._two: dict[tuple, dict[str, list[str]]] = {}
        self._ext: dict[tuple, int] = {}

    def _remember(self) -> None:
        if len(self._ext) > 500_000:  # a long batch: forget old documents' chunks
            self._ext.clear()

    def ext_right(self, chunk: str) -> int:
        """How many lost glyphs may end this chunk: letters that make a word of its last letters, or one mark."""
        key = ("r", chunk)
        if key not in self._ext:
            self._remember()
            m = _LAST_RUN.search(chunk)
            n = 0
            if m and self.match(m.group(0).lower() + GAP):
                n = 2  # a letter, then maybe a mark
            elif chunk[-1:].isalnum():
                n = 1  # punctuation after a word or a number
            self._ext[key] = n
        return self._ext[key]

    def ext_left(self, chunk: str) -> int:
        """How many lost letters may start this chunk."""
        key = ("l", chunk)
        if key not in self._ext:
            m = _FIRST_RUN.match(chunk)
            n = 0
            if m and self.match(GAP + m.group(0).lower()):
                n = 2 if self.match(GAP + GAP + m.group(0).lower()) else 1
            self._ext[key] = n
        return self._ext[key]

    def joins(self, left: str, right: str, k: int) -> bool:
        """Can k lost letters join the end of `left` and the start of `right` into one word?"""
        key = ("j", left, right, k)
        if key not in self._ext:
            a, b = _LAST_RUN.search(left), _FIRST_RUN.match(right)
            if a and not b and right[:1] and not right[:1].isalnum():  # `s ,` = sơ,
                self._ext[key] = bool(self.match((a.group(0) + GAP * k).lower()))
            else:
                self._ext[key] = bool(a and b and self.match((a.group(0) + GAP * k + b.group(0)).lower()))
        return bool(self._ext[key])

    def match(self, mask: str) -> list[str]:
        """Vocabulary words that fit `mask` (lower case, `?` = one unknown letter, at most two)."""
        slots = tuple(k for k, ch in enumerate(mask) if ch == GAP)
        if len(slots) == 1:
            return self.one.get(mask, [])
        if len(slots) != 2:
            return []
        key = (len(mask),) + slots
        index = self._two.get(key)
        if index is None:  # built once per (length, gap positions): a few thousand words each
            index = {}
            a, b = slots
            for w in self.by_len.get(len(mask), []):
                index.setdefault(w[:a] + GAP + w[a + 1:b] + GAP + w[b + 1:], []).append(w)
            self._two[key] = index
        return index.get(mask, [])


@dataclass
class Prior:
    """A font run's lost glyphs: log P(char | a glyph was lost), with `floor` for chars it did not lose, and
    log P(a space is a lost glyph)."""
    logp: dict[str, float]
    floor: float
    lost: float
    extra_spaces: float = EXTRA_SPACES  # log P(a natural double space)

    def __call__(self, ch: str) -> float:
        return self.logp.get(ch, self.floor)


def open_prior(shown: Optional[dict[str, float]] = None) -> Prior:
    """Any letter or mark may be lost, less so the ones the document shows intact as often as text uses them
    (`shown`: log factor per char)."""
    chars = list(LETTERS) + [c.upper() for c in LETTERS] + list(PUNCT)
    shown = shown or {}
    return Prior({c: math.log(1 / len(chars)) + shown.get(c, 0.0) for c in chars}, math.log(1e-4),
                 math.log(0.02))


def _case_options(seg: str, k: int) -> tuple[bool, ...]:
    """Upper-case fill? options for the gap at k of a letter segment."""
    known = [(i, ch) for i, ch in enumerate(seg) if ch not in _GAPS and ch.isalpha()]
    if known and all(ch.isupper() for _, ch in known):
        if len(known) == 1 and known[0][0] == 0 and k > 0:
            return (False, True)  # `C?` is Cơ or CƠ
        return (True,) if len(known) > 1 or k > 0 else (True, False)
    if k == 0:
        return (False, True)
    return (False,)


class Filler:
    """Fillings of token templates (text with GAP / GAP_LETTER where glyphs were lost) under one font run's
    prior, scored by the LM; cached per template for the document."""

    def __init__(self, model: lm_mod.SyllableLM, lexicon: Lexicon, prior: Prior):
        self.model = model
        self.lexicon = lexicon
        self.prior = prior
        self._cache: dict[str, list[tuple[str, tuple[str, ...], float]]] = {}
        self._seg_cache: dict[str, list[tuple[str, float, float]]] = {}

    def _segment_options(self, seg: str) -> list[tuple[str, float, float]]:
        """Fillings of one letter segment containing gaps: (text, log prior of its fills, ranking key = prior +
        unigram log-probability, used only to keep the likeliest)."""
        cached = self._seg_cache.get(seg)
        if cached is not None:
            return cached
        out = list(self._core_options(seg))
        if seg == GAP:  # a lost glyph after a number or a mark: punctuation too
            out.extend((p, self.prior(p), self.prior(p)) for p in PUNCT)
        elif seg.endswith(GAP):
            tails = [(p, self.prior(p)) for p in PUNCT]
            for body, score, key in self._core_options(seg[:-1]):
                out.extend((body + t, score + ts, key + ts) for t, ts in tails)
        out.sort(key=lambda x: -x[2])
        out = out[:40]
        self._seg_cache[seg] = out
        return out

    def _core_options(self, core: str) -> list[tuple[str, float, float]]:
        """Words of the vocabulary a letter run with one or two gaps can be, in the case around the gaps."""
        slots = [k for k, ch in enumerate(core) if ch in _GAPS]
        if not slots:
            return [(core, 0.0, 0.0)]
        if len(slots) > 2:
            return []
        mask = "".join(GAP if ch in _GAPS else ch for ch in core)
        cases = {k: _case_options(mask, k) for k in slots}
        prior = self.prior
        found = []
        for word in self.lexicon.match(mask.lower()):
            variants = [(list(core), 0.0)]
            for k in slots:
                grown = []
                for chars, score in variants:
                    for upper in cases[k]:
                        ch = word[k].upper() if upper else word[k]
                        new = list(chars)
                        new[k] = ch
                        grown.append((new, score + prior(ch)))
                variants = grown
            lm_score = self.model.logp1(word)
            found.extend(("".join(chars), score, score + lm_score) for chars, score in variants)
        return found

    def options(self, template: str) -> list[tuple[str, tuple[str, ...], float]]:
        """Top fillings of a token template: (text, LM units, internal score incl. fill priors)."""
        cached = self._cache.get(template)
        if cached is not None:
            return cached
        n_gaps = template.count(GAP) + template.count(GAP_LETTER)
        pieces: list[list[tuple[str, float, float]]] = []
        pos = 0
        for m in _LETTER_SEG.finditer(template):
            if m.start() > pos:
                pieces.append(self._plain(template[pos:m.start()]))
            seg = m.group(0)
            if any(ch in _GAPS for ch in seg):
                opts = self._segment_options(seg)
            else:
                opts = [(seg, 0.0, 0.0)]
            pieces.append(opts)
            pos = m.end()
        if pos < len(template):
            pieces.append(self._plain(template[pos:]))
        combos: list[tuple[str, float, float]] = [("", 0.0, 0.0)]
        for opts in pieces:
            if not opts:
                combos = []
                break
            combos = [(a + b, sa + sb, ka + kb) for a, sa, ka in combos for b, sb, kb in opts[:12]]
            if len(combos) > 60:
                combos.sort(key=lambda x: -x[2])
                combos = combos[:60]
        out = []
        for text, fill_score, _ in combos:
            if GAP in text or GAP_LETTER in text:
                continue
            us = tuple(lm_mod.units(text.replace(_QMARK, "?")))
            score = fill_score + n_gaps * self.prior.lost
            prev = None
            for u in us:
                score += self.model.logp2(prev, u)
                prev = u
            out.append((text, us, score))
        out.sort(key=lambda x: -x[2])
        out = out[:K_BEST]
        self._cache[template] = out
        return out

    def _plain(self, part: str) -> list[tuple[str, float, float]]:
        """Non-letter stretch (digits, punctuation) with maybe gaps: gaps there are punctuation."""
        if GAP not in part and GAP_LETTER not in part:
            return [(part, 0.0, 0.0)]
        if GAP_LETTER in part:
            return []
        opts = [("", 0.0)]
        for ch in part:
            if ch == GAP:
                opts = [(a + p, s + self.prior(p)) for a, s in opts for p in PUNCT]
            else:
                opts = [(a + ch, s) for a, s in opts]
        return [(text, score, score) for text, score in opts]


def _run_options(k: int, left: bool, right: bool) -> list[tuple[int, int, int]]:
    """(lost ending the left word, separators, lost starting the right word) for a run of k spaces;
    separators 0 = the run is inside one word (only between two chunks, k <= 2)."""
    out = []
    max_a = (2 if k <= 3 else 1) if left else 0
    max_l = (2 if k <= 3 else 1) if right else 0
    for a in range(max_a + 1):
        for l in range(max_l + 1):
            s = k - a - l
            if s >= 1:
                out.append((a, s, l))
    if left and right and k <= 2:
        out.append((k, 0, 0))
    return out


def _sep_cost(s: int, k: int, extra: float = EXTRA_SPACES) -> float:
    if s <= 1:
        return 0.0
    return LAYOUT_SPACES if k >= 4 else extra


def fills(template: str, text: str) -> list[str]:
    """The chars a filling put in the template's gaps."""
    return [f for t, f in zip(template, text) if t in _GAPS]


def decode_line(line: str, filler: Filler, before: Optional[str] = None,
                after: Optional[str] = None) -> tuple[str, list[tuple[str, str]], float]:
    """Best reading of one line: (text, [(damaged token template, repaired token)], log score). `before` and
    `after` are the LM units that end the previous line and start the next one (a sentence runs on)."""
    if _QMARK in line or GAP_LETTER in line:  # control chars are our gap marks: such a line is left alone
        return line, [], 0.0
    parts = _RUNS.split(line.replace("?", _QMARK))
    chunks = parts[0::2]
    runs = parts[1::2]
    lead = ""
    if chunks and chunks[0] == "" and runs:
        chunks = chunks[1:]
        lead, runs = runs[0], runs[1:]
    trail = ""
    if chunks and chunks[-1] == "" and runs:
        chunks = chunks[:-1]
        trail = runs[-1]
        runs = runs[:-1]
    n = len(chunks)
    if n == 0:
        return line, [], 0.0
    intact = set(line)
    upper_line = heading_like(line)
    model = filler.model
    # dp[i]: (gaps starting chunk i, last LM unit before it) -> (score, back pointer)
    dp: list[dict] = [dict() for _ in range(n + 1)]
    lex = filler.lexicon
    for l in range(min(1, len(lead), lex.ext_left(chunks[0])) + 1):
        dp[0][(l, before)] = (0.0, None)
    for i in range(n):
        if not dp[i]:
            continue
        if len(dp[i]) > BEAM:
            dp[i] = dict(sorted(dp[i].items(), key=lambda kv: -kv[1][0])[:BEAM])
        for j in range(i, min(n, i + 3)):
            if j > i and (len(runs[j - 1]) > 2 or not lex.joins(chunks[j - 1], chunks[j], len(runs[j - 1]))):
                break
            inner = chunks[i]
            for m in range(i + 1, j + 1):
                inner += GAP_LETTER * len(runs[m - 1]) + chunks[m]
            max_a = lex.ext_right(chunks[j])
            if j + 1 < n:
                max_l = lex.ext_left(chunks[j + 1])
                k_run = len(runs[j])
                right_opts = [o + (False,) for o in _run_options(k_run, True, True)
                              if o[1] >= 1 and o[0] <= max_a and o[2] <= max_l]
                if k_run >= 3:  # a one-letter word lost whole (`ở`, `ý`): separator, glyph, separator
                    right_opts.append((0, k_run - 2, 0, True))
            else:
                right_opts = [(a, len(trail) - a, 0, False) for a in range(min(2, len(trail), max_a) + 1)]
                k_run = 0
            for (l, last), (score, _) in list(dp[i].items()):
                for a, s, l2, mid in right_opts:
                    # next to a layout run (4+ spaces) a lost glyph is a letter, not punctuation
                    template = GAP_LETTER * l + inner + (GAP_LETTER if k_run >= 4 else GAP) * a
                    cost = _sep_cost(s, k_run, filler.prior.extra_spaces) if k_run else 0.0
                    for text, us, internal in filler.options(template):
                        if a and text[-1] in PUNCT and j + 1 < n and not chunks[j + 1][:1].isalpha():
                            continue  # lost punctuation stands before a word, not between numbers
                        if l or a or j > i:
                            filled = fills(template, text)
                            if upper_line and any(f.islower() for f in filled):
                                continue  # an upper-case heading lost upper-case glyphs
                            internal += sum(INTACT_PENALTY for f in filled if f in intact)
                        if not us:
                            bigram, new_last = 0.0, last
                        else:
                            bigram = model.logp2(last, us[0]) - model.logp1(us[0]) if last else 0.0
                            new_last = us[-1]
                        total = score + internal + bigram + cost
                        steps = [(text, template, new_last, total)]
                        if mid:
                            steps = []
                            for w_text, w_us, w_internal in filler.options(GAP_LETTER):
                                if not w_us or (upper_line and w_text.islower()):
                                    continue
                                w_score = w_internal + (INTACT_PENALTY if w_text in intact else 0.0)
                                if new_last:
                                    w_score += model.logp2(new_last, w_us[0]) - model.logp1(w_us[0])
                                steps.append((text + " " + w_text, template + " " + GAP_LETTER, w_us[-1],
                                              total + w_score))
                        for step_text, step_template, step_last, step_total in steps:
                            key = (l2, step_last)
                            if key not in dp[j + 1] or dp[j + 1][key][0] < step_total:
                                dp[j + 1][key] = (step_total, (i, l, last, step_text, step_template, s))
    if not dp[n]:
        return line, [], -math.inf
    def final(k: tuple) -> float:
        if after is None or k[1] is None:
            return dp[n][k][0]
        return dp[n][k][0] + model.logp2(k[1], after) - model.logp1(after)

    key = max(dp[n], key=final)
    best = final(key)
    pieces: list[str] = []
    changed: list[tuple[str, str]] = []
    j = n
    while j > 0:
        _, back = dp[j][key]
        i, l, last, text, template, s = back
        pieces.append(" " * s)
        pieces.append(text)
        if any(ch in _GAPS for ch in template):
            changed.append((template, text))
        key = (l, last)
        j = i
    pieces.append(" " * (len(lead) - key[0]))
    out = "".join(reversed(pieces)).replace(_QMARK, "?")
    changed.reverse()
    if len(out) != len(line):  # every lost glyph is one char: anything else is a decoding bug
        return line, [], -math.inf
    return out, changed, best




def heading_like(line: str) -> bool:
    """Upper-case line (a bold heading run): most of its letters are capitals."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)

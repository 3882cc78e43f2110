"""Lost-glyph repair: PDF font subsets that lost glyphs leave one space (or one private-use character) per lost
character: `c  quan` = cơ quan, `thủ t c` = thủ tục, `TH C HIỆN` = THỰC HIỆN, `III  ĐÁNH` = III. ĐÁNH.

Every space of a damaged line is either a word separator or a lost glyph. A line is decoded by Viterbi over the
ways its space runs split into [lost chars ending the left word][separators][lost chars starting the right word]
(a run with no separator joins its two sides into one word), each lost char filled from the letters and marks
THIS document lost, scored by the syllable language model. The document is solved jointly: a first pass with an
open alphabet finds which characters are lost and how often, a second pass fills every gap from that
distribution. A private-use character is one unknown glyph with an identity: all its occurrences get the same
letter, chosen by the sum of the evidence over them. Text with no sign of damage is returned unchanged."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import regex as re

from normalize import lm as lm_mod
from normalize.syllable import LETTERS, fill_candidates, is_syllable
from schemas import Repair

GAP = "?"  # a lost glyph ending a word: a letter or punctuation (a real "?" in the text is escaped as _QMARK)
GAP_LETTER = "\u0001"  # a lost glyph starting or inside a word: a letter only
_QMARK = "\u0000"
PUA = re.compile(r"[\ue000-\uf8ff]")
PUNCT = (",", ".", ";", ":")
_RUNS = re.compile(r"( +)")
_FRAGMENT = re.compile(r"(?<![\p{L}\p{M}\d/\-.&'(])[\p{Ll}\p{M}]{1,3}(?![\p{L}\p{M}\d/\-.&')])")
_LETTER_SEG = re.compile(r"[\p{L}\p{M}?\u0001]+")
_GAPS = (GAP, GAP_LETTER)
_BARE_FRAGMENT = re.compile(r"[\p{L}\p{M}]{1,3}[,.:;]?")
K_BEST = 6
BEAM = 8  # states kept per chunk
FIRST_PASS_LINES = 150  # lines the first pass reads to learn the lost glyphs
EXTRA_SPACES = math.log(0.01)  # a natural double space inside prose (layout runs of 3+ cost less)
HEADING_EXTRA_SPACES = math.log(1e-5)  # headings are short, hand-set lines: a double space there is a gap
HEADING_FOUND = 0.6  # share of a heading font's losses like those the first pass found
HEADING_SHARE = 0.5  # P(heading run) for a line that looks like a heading; other lines get HEADING_OTHER
HEADING_NEXT = 0.3  # ... for the line after a heading run
HEADING_OTHER = 0.02
HEADING_PUNCT = 0.15  # P(a lost heading glyph is a comma / a dot)
HEADING_RATE = 0.1  # heading fonts are small subsets: they lose many of their glyphs
_NEXT_FRAGMENT = re.compile(r" ([\p{Ll}\p{M}]{1,4})(?![\p{L}\p{M}\d])")
_TOKEN = re.compile(r"\S+")
_LAST_RUN = re.compile(r"[\p{L}\p{M}]+$")
_FIRST_RUN = re.compile(r"^[\p{L}\p{M}]+")
_DOUBLE = re.compile(r"\S  {1,2}\S")
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVX]+)[.)]?\s+\p{Lu}")
LAYOUT_SPACES = math.log(0.3)
MIN_EVIDENCE = 3
RARE = 3.0  # LM count under which a short word alone is suspect  # fragments needed before a document is treated as damaged


@dataclass
class GlyphRepair:
    lines: list[str]
    repairs: list[Repair] = field(default_factory=list)
    lost: str = ""  # the characters found lost, most frequent first
    n_words: int = 0  # words repaired
    legend: dict[str, str] = field(default_factory=dict)  # private-use char → letter
    solution: Optional["GlyphSolution"] = field(default=None, repr=False)


def damage_evidence(lines: Sequence[str], limit: Optional[int] = None) -> int:
    """Count of the traces lost glyphs leave: a lower-case fragment that is no syllable (`c`, `nh`, `qu`) next to
    a space that, read as one lost letter, makes it one (`c t` → cắt, `qu  III` → quý), and private-use chars.
    Clean Vietnamese prose has next to none (list markers `b)` and units `m` do not qualify)."""
    found = 0
    for line in lines:
        found += len(PUA.findall(line))
        if limit is not None and found >= limit:
            return found
        for m in _FRAGMENT.finditer(line):
            frag = m.group(0)
            if is_syllable(frag):
                continue
            after, before = line[m.end():], line[:m.start()]
            nxt = _NEXT_FRAGMENT.match(after)
            if nxt and fill_candidates(frag + GAP + nxt.group(1)):
                found += 1
            elif after.startswith("  ") and fill_candidates(frag + GAP):
                found += 1
            elif before.endswith("  ") and fill_candidates(GAP + frag):
                found += 1
    return found


# ---------------------------------------------------------------- candidates


class _Lexicon:
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

    def ext_right(self, chunk: str) -> int:
        """How many lost glyphs may end this chunk: letters that make a word of its last letters, or one mark."""
        key = ("r", chunk)
        if key not in self._ext:
            m = _LAST_RUN.search(chunk)
            n = 0
            if m and self.match(m.group(0).lower() + GAP):
                n = 2  # a letter, then maybe a mark
            elif chunk[-1:].isalnum():
                n = 1  # punctuation after a word or a number
            self._ext[key] = n
        return self._ext[key]

    def ext_left(self, chunk: str) -> int:
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
class _Prior:
    """log P(char | a glyph was lost) and log P(a space is a lost glyph)."""
    logp: dict[str, float]
    floor: float
    lost: float
    extra_spaces: float = EXTRA_SPACES  # log P(a natural double space)

    def __call__(self, ch: str) -> float:
        return self.logp.get(ch, self.floor)


def _open_prior() -> _Prior:
    chars = list(LETTERS) + [c.upper() for c in LETTERS] + list(PUNCT)
    return _Prior({c: math.log(1 / len(chars)) for c in chars}, math.log(1e-4), math.log(0.02))


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


class _Filler:
    def __init__(self, model: lm_mod.SyllableLM, lexicon: _Lexicon, prior: _Prior):
        self.model = model
        self.lexicon = lexicon
        self.prior = prior
        self._cache: dict[str, list[tuple[str, tuple[str, ...], float]]] = {}
        self._seg_cache: dict[str, list[tuple[str, float]]] = {}

    def _segment_options(self, seg: str) -> list[tuple[str, float]]:
        """Fillings of one letter segment containing gaps: (text, log prior of its fills)."""
        cached = self._seg_cache.get(seg)
        if cached is not None:
            return cached
        out = list(self._core_options(seg))
        if seg == GAP:  # a lost glyph after a number or a mark: punctuation too
            out.extend((p, self.prior(p)) for p in PUNCT)
        elif seg.endswith(GAP):
            tails = [(p, self.prior(p)) for p in PUNCT]
            for body, score in self._core_options(seg[:-1]):
                out.extend((body + t, score + ts) for t, ts in tails)
        out.sort(key=lambda x: -x[1])
        out = out[:40]
        self._seg_cache[seg] = out
        return out

    def _core_options(self, core: str) -> list[tuple[str, float]]:
        slots = [k for k, ch in enumerate(core) if ch in _GAPS]
        if not slots:
            return [(core, 0.0)]
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
            found.extend(("".join(chars), score + lm_score) for chars, score in variants)
        return found

    def options(self, template: str) -> list[tuple[str, tuple[str, ...], float]]:
        """Top fillings of a token template: (text, LM units, internal score incl. fill priors)."""
        cached = self._cache.get(template)
        if cached is not None:
            return cached
        n_gaps = template.count(GAP) + template.count(GAP_LETTER)
        pieces: list[list[tuple[str, float]]] = []
        pos = 0
        for m in _LETTER_SEG.finditer(template):
            if m.start() > pos:
                pieces.append(self._plain(template[pos:m.start()]))
            seg = m.group(0)
            if any(ch in _GAPS for ch in seg):
                opts = self._segment_options(seg)
            else:
                opts = [(seg, 0.0)]
            pieces.append(opts)
            pos = m.end()
        if pos < len(template):
            pieces.append(self._plain(template[pos:]))
        combos: list[tuple[str, float]] = [("", 0.0)]
        for opts in pieces:
            if not opts:
                combos = []
                break
            combos = [(a + b, sa + sb) for a, sa in combos for b, sb in opts[:12]]
            if len(combos) > 60:
                combos.sort(key=lambda x: -x[1])
                combos = combos[:60]
        out = []
        for text, fill_score in combos:
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

    def _plain(self, part: str) -> list[tuple[str, float]]:
        """Non-letter stretch (digits, punctuation) with maybe gaps: gaps there are punctuation."""
        if GAP not in part and GAP_LETTER not in part:
            return [(part, 0.0)]
        if GAP_LETTER in part:
            return []
        opts = [("", 0.0)]
        for ch in part:
            if ch == GAP:
                opts = [(a + p, s + self.prior(p)) for a, s in opts for p in PUNCT]
            else:
                opts = [(a + ch, s) for a, s in opts]
        return opts


# ---------------------------------------------------------------- line decoding


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


def _fills(template: str, text: str) -> list[str]:
    return [f for t, f in zip(template, text) if t in _GAPS]


INTACT_PENALTY = math.log(0.05)  # a char this line shows intact is rarely one its font lost


def decode_line(line: str, filler: _Filler, before: Optional[str] = None,
                after: Optional[str] = None) -> tuple[str, list[tuple[str, str]], float]:
    """Best reading of one line: (text, [(damaged token template, repaired token)], log score). `before` and
    `after` are the LM units that end the previous line and start the next one (a sentence runs on)."""
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
    upper_line = _heading_like(line)
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
                right_opts = [o for o in _run_options(len(runs[j]), True, True)
                              if o[1] >= 1 and o[0] <= max_a and o[2] <= max_l]
                k_run = len(runs[j])
            else:
                right_opts = [(a, len(trail) - a, 0) for a in range(min(2, len(trail), max_a) + 1)]
                k_run = 0
            for (l, last), (score, _) in list(dp[i].items()):
                for a, s, l2 in right_opts:
                    # next to a layout run (4+ spaces) a lost glyph is a letter, not punctuation
                    template = GAP_LETTER * l + inner + (GAP_LETTER if k_run >= 4 else GAP) * a
                    cost = _sep_cost(s, k_run, filler.prior.extra_spaces) if k_run else 0.0
                    for text, us, internal in filler.options(template):
                        if a and text[-1] in PUNCT and j + 1 < n and not chunks[j + 1][:1].isalpha():
                            continue  # lost punctuation stands before a word, not between numbers
                        if l or a or j > i:
                            fills = _fills(template, text)
                            if upper_line and any(f.islower() for f in fills):
                                continue  # an upper-case heading lost upper-case glyphs
                            internal += sum(INTACT_PENALTY for f in fills if f in intact)
                        if not us:
                            bigram, new_last = 0.0, last
                        else:
                            bigram = model.logp2(last, us[0]) - model.logp1(us[0]) if last else 0.0
                            new_last = us[-1]
                        total = score + internal + bigram + cost
                        key = (l2, new_last)
                        if key not in dp[j + 1] or dp[j + 1][key][0] < total:
                            dp[j + 1][key] = (total, (i, l, last, text, template, s))
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


# ---------------------------------------------------------------- private-use glyphs


def _solve_pua(lines: list[str], model: lm_mod.SyllableLM, lexicon: _Lexicon) -> dict[str, str]:
    """Letter for each private-use char: the one that makes its occurrences the likeliest words overall."""
    occurrences: dict[str, list[tuple[str, Optional[str], Optional[str]]]] = {}
    for line in lines:
        if not PUA.search(line):
            continue
        for m in _TOKEN.finditer(line):
            token = m.group(0)
            if not PUA.search(token):
                continue
            before = lm_mod.units(line[:m.start()])
            after = lm_mod.units(line[m.end():])
            for ch in set(PUA.findall(token)):
                occurrences.setdefault(ch, []).append(
                    (token, before[-1] if before else None, after[0] if after else None))
    legend: dict[str, str] = {}
    prior = _Prior({}, 0.0, 0.0)
    filler = _Filler(model, lexicon, prior)
    alphabet = list(LETTERS) + list(PUNCT)
    for _ in range(2):
        for ch, occ in sorted(occurrences.items(), key=lambda kv: -len(kv[1])):
            totals: dict[str, float] = {}
            upper_votes = 0
            for token, before, after in occ:
                known = {p: q for p, q in legend.items() if p != ch}
                t = "".join(known.get(c, c) for c in token)
                letters = [c for c in t if c.isalpha() and not PUA.match(c)]
                if letters and all(c.isupper() for c in letters):
                    upper_votes += 1
                elif letters and not t.startswith(ch):
                    upper_votes -= 1
                scored = {}
                for cand in alphabet:
                    filled = PUA.sub(GAP, t.replace(ch, cand))
                    opts = filler.options(filled) if GAP in filled else [
                        (filled, tuple(lm_mod.units(filled)), _score_units(model, lm_mod.units(filled)))]
                    if not opts:
                        continue
                    text, us, s = opts[0]
                    if us:
                        s += (model.logp2(before, us[0]) - model.logp1(us[0])) if before else 0.0
                        s += model.logp2(us[-1], after) if after else 0.0
                    scored[cand] = s
                if not scored:
                    continue
                best = max(scored.values())
                norm = best + math.log(sum(math.exp(v - best) for v in scored.values()))
                for cand in alphabet:
                    totals[cand] = totals.get(cand, 0.0) + max(scored.get(cand, -30.0) - norm, -30.0)
            if totals:
                letter = max(totals, key=totals.get)
                legend[ch] = letter.upper() if upper_votes > 0 else letter
    return legend


def _score_units(model: lm_mod.SyllableLM, us: list[str]) -> float:
    score, prev = 0.0, None
    for u in us:
        score += model.logp2(prev, u)
        prev = u
    return score


# ---------------------------------------------------------------- document

DOC_WEIGHT = 10.0  # a document's own intact words count this much (it repeats its terms)
_SUSPECT = re.compile(r"\S  +\S|^ +[\p{Ll}\p{M}]|[\p{L}\p{M}] +$")


@lru_cache(maxsize=4)
def _lexicon_for(model: lm_mod.SyllableLM) -> _Lexicon:
    return _Lexicon(model)


def _suspect_lines(lines: Sequence[str], model: lm_mod.SyllableLM) -> list[int]:
    """Lines that may hold a lost glyph: a double space, a space at an edge next to a letter, a word fragment
    (no syllable, or a syllable that running text hardly ever has alone: `gi a`, `dư i`)."""
    out = []
    for k, line in enumerate(lines):
        if _SUSPECT.search(line) or any(not is_syllable(m.group(0)) or model.uni.get(m.group(0), 0) < RARE
                                        for m in _FRAGMENT.finditer(line)):
            out.append(k)
    return out


def _document_counts(lines: Sequence[str], base: lm_mod.SyllableLM,
                     lexicon: _Lexicon) -> tuple[dict[str, int], dict[str, int]]:
    """Counts of the document's words that show no damage: word fragments, the words next to them and the words
    next to a double space are left out, and so are pairs that one lost letter would join into a word
    (`dư i` = dưới), so the damage does not teach itself."""
    phrases = []
    for line in lines:
        words = line.strip().split(" ")
        bad = [not w or bool(_BARE_FRAGMENT.fullmatch(w))
               and (not is_syllable(w.rstrip(",.:;")) or base.uni.get(w.rstrip(",.:;").lower(), 0) < RARE)
               for w in words]
        for k in range(len(words) - 1):
            w, nxt = words[k], words[k + 1]
            if w.isalpha() and nxt.isalpha() and lexicon.match((w + GAP + nxt).lower()):
                bad[k] = bad[k + 1] = True
        phrase: list[str] = []
        for k, w in enumerate(words):
            if bad[k] or (k and bad[k - 1]) or (k + 1 < len(words) and bad[k + 1]):
                if phrase:
                    phrases.append(" ".join(phrase))
                phrase = []
            else:
                phrase.append(w)
        if phrase:
            phrases.append(" ".join(phrase))
    return lm_mod.count(phrases)


def _prior_from(counts: dict[str, float], rate: float) -> _Prior:  # noqa: D401
    """A lost-glyph distribution from fill counts; chars barely used are dropped as the first pass's mistakes."""
    total = sum(counts.values())
    keep = {c: v for c, v in counts.items() if v >= max(1.5, 0.01 * total)}
    kept = sum(keep.values()) or 1.0
    logp = {c: math.log(v / kept) for c, v in keep.items()}
    return _Prior(logp, math.log(0.5 / kept) - 1.0, math.log(rate))


def _char_freq(model: lm_mod.SyllableLM) -> dict[str, float]:
    """How often running text uses each letter and punctuation mark (from the LM's unit counts)."""
    counts: dict[str, float] = {}
    for unit, c in model.uni.items():
        if unit.isalpha() or unit in PUNCT:
            for ch in unit.lower():
                counts[ch] = counts.get(ch, 0.0) + c
    keep = set(LETTERS) | set(PUNCT)
    counts = {ch: v for ch, v in counts.items() if ch in keep}
    total = sum(counts.values()) or 1.0
    return {ch: v / total for ch, v in counts.items()}


def _font_runs(first: dict[int, tuple], lines: Sequence[str], n_spaces: int,
               freq: dict[str, float]) -> list[_Prior]:
    """Split the first pass's fills into two font runs (body, headings) by EM over lines: a line's gaps come
    from one font, whose lost set differs from the other's (`ơ ụ ớ` in the body, `a đ , .` in bold headings)."""
    fills = {k: _fills_of(changed) for k, (_, changed, _) in first.items()}
    fills = {k: f for k, f in fills.items() if f}
    resp = {}
    for k, f in fills.items():
        marked = _heading_like(lines[k]) or any(c in PUNCT or c.isupper() for c in f)
        resp[k] = 0.9 if marked else 0.1  # P(heading run)
    alphabet = {c for f in fills.values() for c in f}
    for _ in range(8):
        counts = [dict.fromkeys(alphabet, 0.05), dict.fromkeys(alphabet, 0.05)]
        for k, f in fills.items():
            for c in f:
                counts[0][c] += 1 - resp[k]
                counts[1][c] += resp[k]
        share = sum(resp.values()) / max(len(resp), 1)
        share = min(max(share, 0.02), 0.98)
        logs = []
        for part in counts:
            tot = sum(part.values())
            logs.append({c: math.log(v / tot) for c, v in part.items()})
        for k, f in fills.items():
            b = math.log(1 - share) + sum(logs[0][c] for c in f)
            h = math.log(share) + sum(logs[1][c] for c in f)
            resp[k] = 1 / (1 + math.exp(max(-50.0, min(50.0, b - h))))
    total = sum(len(f) for f in fills.values()) or 1
    rate = min(0.3, max(0.002, total / max(n_spaces, 1)))
    body = {c: v - 0.05 for c, v in counts[0].items()}
    heading = {c: v - 0.05 for c, v in counts[1].items()}
    # A bold heading font is a small subset that loses many glyphs, letters and punctuation the first pass
    # cannot see: beside what it found, any char may be lost, in proportion to how often text uses it.
    found = sum(heading.values()) + 0.3 * sum(body.values()) or 1.0
    logp = {}
    for c, f in freq.items():
        for variant in {c, c.upper()}:
            p = (heading.get(variant, 0.0) + 0.3 * body.get(variant, 0.0)) / found
            logp[variant] = math.log(HEADING_FOUND * p + (1 - HEADING_FOUND) * f)
    for c in PUNCT[:2]:  # bold heading fonts drop the commas and the dots after heading numbers
        logp[c] = max(logp.get(c, -30.0), math.log(HEADING_PUNCT))
    heading_prior = _Prior(logp, math.log(1e-5), math.log(max(rate, HEADING_RATE)))
    heading_prior.extra_spaces = HEADING_EXTRA_SPACES
    return [_prior_from(body, rate), heading_prior]


def _fills_of(changed: list[tuple[str, str]]) -> list[str]:
    return [ch for template, filled in changed for ch in _fills(template, filled)]


def _previous_text_line(lines: Sequence[str], k: int) -> int:
    k -= 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    return k


def _heading_like(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _count_fills(decoded: dict[int, tuple[str, list]]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for _, changed, _ in decoded.values():
        for template, filled in changed:
            for ch in _fills(template, filled):
                counts[ch] = counts.get(ch, 0) + 1
    return counts


@dataclass
class GlyphSolution:
    """What a document's repair learned, to apply to more text of the same document (table cells)."""
    legend: dict[str, str]
    body: Optional[_Filler] = None
    heading: Optional[_Filler] = None


def _apply(work: list[str], targets: Sequence[int], solution: GlyphSolution,
           lost_counts: dict[str, float]) -> int:
    """Decode the target lines in place with the document's two font runs; returns words repaired."""
    n_words = 0
    previous_heading = -2
    for k in targets:
        # a heading run: a line that looks like one, or the next line of a heading run (wrapped heading)
        if _heading_like(work[k]) or _NUMBERED.match(work[k]):
            share = HEADING_SHARE
        elif previous_heading == _previous_text_line(work, k):
            share = HEADING_NEXT
        else:
            share = HEADING_OTHER
        before, after = _context(work, k)
        text, changed, score = decode_line(work[k], solution.body, before, after)
        if share != HEADING_OTHER or _unexplained(text):  # else nothing a heading font explains better
            h_text, h_changed, h_score = decode_line(work[k], solution.heading, before, after)
            if h_score + math.log(share) > score + math.log(1 - share):
                text, changed = h_text, h_changed
                previous_heading = k
        if text != work[k]:
            work[k] = text
            n_words += len(changed)
            for ch in _fills_of(changed):
                lost_counts[ch] = lost_counts.get(ch, 0) + 1
    return n_words


def _has_fragment(line: str) -> bool:
    return any(not is_syllable(m.group(0)) for m in _FRAGMENT.finditer(line))


def _unexplained(line: str) -> bool:
    """A double space or a word fragment the body font's reading left."""
    return bool(_DOUBLE.search(line)) or _has_fragment(line)


def _context(lines: Sequence[str], k: int) -> tuple[Optional[str], Optional[str]]:
    """Last LM unit of the previous text line and first of the next (the words a wrapped sentence continues)."""
    p = _previous_text_line(lines, k)
    before = lm_mod.units(lines[p][-40:]) if p >= 0 else []
    q = k + 1
    while q < len(lines) and not lines[q].strip():
        q += 1
    after = lm_mod.units(lines[q][:40]) if q < len(lines) else []
    ok = (lambda u: u.isalpha() and is_syllable(u))
    return (before[-1] if before and ok(before[-1]) and lines[p].rstrip()[-1:].isalpha() else None,
            after[0] if after and ok(after[0]) and lines[q].lstrip()[:1].isalpha() else None)


def _substitute(work: list[str], legend: dict[str, str]) -> int:
    n_words = 0
    for k, line in enumerate(work):
        if PUA.search(line):
            n_words += sum(1 for t in line.split() if PUA.search(t))
            work[k] = PUA.sub(lambda m: legend.get(m.group(0), m.group(0)), line)
    return n_words


def repair_glyphs(lines: Sequence[str], model: Optional[lm_mod.SyllableLM] = None) -> GlyphRepair:
    """Fill the glyphs a document's fonts lost; same number of lines; undamaged documents come back unchanged."""
    original = list(lines)
    work = list(lines)
    result = GlyphRepair(lines=work)
    has_pua = any(PUA.search(line) for line in work)
    evidence = damage_evidence(work, MIN_EVIDENCE)
    if evidence < MIN_EVIDENCE and not has_pua:
        return result
    base = model or lm_mod.load()
    lexicon = _lexicon_for(base)
    model = base.adapted(*_document_counts(work, base, lexicon), DOC_WEIGHT)
    lost_counts: dict[str, float] = {}
    solution = GlyphSolution(legend={})
    if has_pua:
        solution.legend = _solve_pua(work, model, lexicon)
        result.n_words += _substitute(work, solution.legend)
        for ch, letter in solution.legend.items():
            lost_counts[letter] = lost_counts.get(letter, 0) + sum(line.count(ch) for line in original)
    if (damage_evidence(work, MIN_EVIDENCE) if has_pua else evidence) >= MIN_EVIDENCE:
        targets = _suspect_lines(work, model)
        # the first pass only learns which glyphs are lost: a spread sample of the damaged lines is enough
        sample = [k for k in targets if _has_fragment(work[k])] or targets
        if len(sample) > FIRST_PASS_LINES:
            step = len(sample) / FIRST_PASS_LINES
            sample = [sample[int(i * step)] for i in range(FIRST_PASS_LINES)]
        first = {k: decode_line(work[k], _Filler(model, lexicon, _open_prior())) for k in sample}
        n_spaces = sum(work[k].count(" ") for k in sample)
        solution.body, solution.heading = (_Filler(model, lexicon, prior)
                                           for prior in _font_runs(first, work, n_spaces, _char_freq(base)))
        result.n_words += _apply(work, targets, solution, lost_counts)
    for k, (before, after) in enumerate(zip(original, work)):
        if before != after:
            result.repairs.append(Repair(line=k, kind="glyph", before=before, after=after))
    result.lost = "".join(sorted(lost_counts, key=lambda c: -lost_counts[c]))
    result.legend = solution.legend
    result.solution = solution
    return result


def apply_solution(texts: Sequence[str], solution: Optional[GlyphSolution]) -> list[str]:
    """The same repair on more text of the same document (cells of its tables): the private-use legend and the
    two font runs' lost glyphs, without learning anything new."""
    work = list(texts)
    if solution is None:
        return work
    if solution.legend:
        _substitute(work, solution.legend)
    if solution.body is not None and solution.heading is not None:
        _apply(work, _suspect_lines(work, solution.body.model), solution, {})
    return work

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
EXTRA_SPACES = math.log(0.05)  # a natural double space inside prose (layout runs of 3+ cost less)
LAYOUT_SPACES = math.log(0.3)
MIN_EVIDENCE = 3  # fragments needed before a document is treated as damaged


@dataclass
class GlyphRepair:
    lines: list[str]
    repairs: list[Repair] = field(default_factory=list)
    lost: str = ""  # the characters found lost, most frequent first
    n_words: int = 0  # words repaired
    legend: dict[str, str] = field(default_factory=dict)  # private-use char → letter


def damage_evidence(lines: Sequence[str]) -> int:
    """Count of the traces lost glyphs leave: a lower-case fragment that is no syllable (`c`, `nh`, `qu`) next to
    a space that, read as one lost letter, makes it one (`c t` → cắt, `qu  III` → quý), and private-use chars.
    Clean Vietnamese prose has next to none (list markers `b)` and units `m` do not qualify)."""
    found = 0
    for line in lines:
        found += len(PUA.findall(line))
        for m in _FRAGMENT.finditer(line):
            frag = m.group(0)
            if is_syllable(frag):
                continue
            after, before = line[m.end():], line[:m.start()]
            nxt = re.match(r" ([\p{Ll}\p{M}]{1,4})(?![\p{L}\p{M}\d])", after)
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
        self._cache: dict[str, list[str]] = {}

    def match(self, mask: str) -> list[str]:
        n = mask.count(GAP)
        if n == 1:
            return self.one.get(mask, [])
        if mask in self._cache:
            return self._cache[mask]
        rx = re.compile("".join("." if ch == GAP else re.escape(ch) for ch in mask))
        found = [w for w in self.by_len.get(len(mask), []) if rx.fullmatch(w)]
        self._cache[mask] = found
        return found


@dataclass
class _Prior:
    """log P(char | a glyph was lost) and log P(a space is a lost glyph)."""
    logp: dict[str, float]
    floor: float
    lost: float

    def __call__(self, ch: str) -> float:
        return self.logp.get(ch, self.floor)


def _open_prior() -> _Prior:
    chars = list(LETTERS) + [c.upper() for c in LETTERS] + list(PUNCT)
    return _Prior({c: math.log(1 / len(chars)) for c in chars}, math.log(1e-4), math.log(0.02))


def _case_options(seg: str, k: int) -> tuple[bool, ...]:
    """Upper-case fill? options for the gap at k of a letter segment."""
    known = [ch for ch in seg if ch != GAP and ch.isalpha()]
    if known and all(ch.isupper() for ch in known):
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
        if seg.endswith(GAP) and len(seg) > 1:
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
            chars = list(core)
            score = 0.0
            for k in slots:
                ch = word[k]
                if cases[k] == (False,):
                    s = prior(ch)
                elif cases[k] == (True,):
                    ch = ch.upper()
                    s = prior(ch)
                else:
                    s, up = prior(ch), prior(ch.upper())
                    if up > s:
                        ch, s = ch.upper(), up
                chars[k] = ch
                score += s
            found.append(("".join(chars), score + self.model.logp1(word)))
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


def _sep_cost(s: int, k: int) -> float:
    if s <= 1:
        return 0.0
    return LAYOUT_SPACES if k >= 4 else EXTRA_SPACES


def _fills(template: str, text: str) -> list[str]:
    return [f for t, f in zip(template, text) if t in _GAPS]


INTACT_PENALTY = math.log(0.05)  # a char this line shows intact is rarely one its font lost


def decode_line(line: str, filler: _Filler) -> tuple[str, list[tuple[str, str]]]:
    """Best reading of one line: (text, [(damaged token template, repaired token)])."""
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
        return line, []
    intact = set(line)
    model = filler.model
    # dp[i]: (gaps starting chunk i, last LM unit before it) -> (score, back pointer)
    dp: list[dict] = [dict() for _ in range(n + 1)]
    for l in range(min(1, len(lead)) + 1):
        dp[0][(l, None)] = (0.0, None)
    for i in range(n):
        if not dp[i]:
            continue
        for j in range(i, min(n, i + 3)):
            if j > i and len(runs[j - 1]) > 2:
                break
            inner = chunks[i]
            for m in range(i + 1, j + 1):
                inner += GAP_LETTER * len(runs[m - 1]) + chunks[m]
            if j + 1 < n:
                right_opts = [o for o in _run_options(len(runs[j]), True, True) if o[1] >= 1]
                k_run = len(runs[j])
            else:
                right_opts = [(a, len(trail) - a, 0) for a in range(min(2, len(trail)) + 1)]
                k_run = 0
            for (l, last), (score, _) in list(dp[i].items()):
                for a, s, l2 in right_opts:
                    template = GAP_LETTER * l + inner + GAP * a
                    cost = _sep_cost(s, k_run) if k_run else 0.0
                    for text, us, internal in filler.options(template):
                        if l or a or j > i:
                            internal += sum(INTACT_PENALTY for f in _fills(template, text) if f in intact)
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
        return line, []
    key = max(dp[n], key=lambda k: dp[n][k][0])
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
        return line, []
    return out, changed


# ---------------------------------------------------------------- private-use glyphs


def _solve_pua(lines: list[str], model: lm_mod.SyllableLM, lexicon: _Lexicon) -> dict[str, str]:
    """Letter for each private-use char: the one that makes its occurrences the likeliest words overall."""
    occurrences: dict[str, list[tuple[str, Optional[str], Optional[str]]]] = {}
    for line in lines:
        if not PUA.search(line):
            continue
        for m in re.finditer(r"\S+", line):
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

DOC_WEIGHT = 3.0  # a document's own intact words count this much (it repeats its terms)
_SUSPECT = re.compile(r"\S  +\S|^ +[\p{Ll}\p{M}]|[\p{L}\p{M}] +$")


@lru_cache(maxsize=4)
def _lexicon_for(model: lm_mod.SyllableLM) -> _Lexicon:
    return _Lexicon(model)


def _suspect_lines(lines: Sequence[str]) -> list[int]:
    """Lines that may hold a lost glyph: a double space, a space at an edge next to a letter, a word fragment."""
    out = []
    for k, line in enumerate(lines):
        if _SUSPECT.search(line) or any(not is_syllable(m.group(0)) for m in _FRAGMENT.finditer(line)):
            out.append(k)
    return out


def _document_counts(lines: Sequence[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Counts of the document's words that show no damage: word fragments, the words next to them and the words
    next to a double space are left out, so the damage does not teach itself."""
    phrases = []
    for line in lines:
        words = line.strip().split(" ")
        bad = [not w or bool(_BARE_FRAGMENT.fullmatch(w)) and not is_syllable(w) for w in words]
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


def _learned_prior(counts: dict[str, float], n_spaces: int) -> _Prior:
    """The lost-glyph distribution a first pass found; chars it barely used are dropped as its mistakes."""
    total = sum(counts.values())
    keep = {c: v for c, v in counts.items() if v >= max(2.0, 0.01 * total)}
    kept = sum(keep.values()) or 1.0
    logp = {c: math.log(v / kept) for c, v in keep.items()}
    rate = min(0.3, max(0.002, kept / max(n_spaces, 1)))
    return _Prior(logp, math.log(0.5 / kept) - 1.0, math.log(rate))


def _count_fills(decoded: dict[int, tuple[str, list]]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for _, changed in decoded.values():
        for template, filled in changed:
            for ch in _fills(template, filled):
                counts[ch] = counts.get(ch, 0) + 1
    return counts


def repair_glyphs(lines: Sequence[str], model: Optional[lm_mod.SyllableLM] = None) -> GlyphRepair:
    """Fill the glyphs a document's fonts lost; same number of lines; undamaged documents come back unchanged."""
    original = list(lines)
    work = list(lines)
    result = GlyphRepair(lines=work)
    has_pua = any(PUA.search(line) for line in work)
    if damage_evidence(work) < MIN_EVIDENCE and not has_pua:
        return result
    base = model or lm_mod.load()
    lexicon = _lexicon_for(base)
    model = base.adapted(*_document_counts(work), DOC_WEIGHT)
    lost_counts: dict[str, float] = {}
    if has_pua:
        legend = _solve_pua(work, model, lexicon)
        result.legend = legend
        for k, line in enumerate(work):
            if PUA.search(line):
                result.n_words += sum(1 for t in line.split() if PUA.search(t))
                work[k] = PUA.sub(lambda m: legend.get(m.group(0), m.group(0)), line)
        for ch, letter in legend.items():
            lost_counts[letter] = lost_counts.get(letter, 0) + sum(line.count(ch) for line in original)
    if damage_evidence(work) >= MIN_EVIDENCE:
        targets = _suspect_lines(work)
        first = {k: decode_line(work[k], _Filler(model, lexicon, _open_prior())) for k in targets}
        n_spaces = sum(work[k].count(" ") for k in targets)
        filler = _Filler(model, lexicon, _learned_prior(_count_fills(first), n_spaces))
        for k in targets:
            text, changed = decode_line(work[k], filler)
            if text != work[k]:
                work[k] = text
                result.n_words += len(changed)
                for template, filled in changed:
                    for ch in _fills(template, filled):
                        lost_counts[ch] = lost_counts.get(ch, 0) + 1
    for k, (before, after) in enumerate(zip(original, work)):
        if before != after:
            result.repairs.append(Repair(line=k, kind="glyph", before=before, after=after))
    result.lost = "".join(sorted(lost_counts, key=lambda c: -lost_counts[c]))
    return result

"""Private-use glyphs: a PDF font without ToUnicode entries gives each unmapped glyph one private-use character
(U+E000…, one per (font, glyph)). Each is one unknown letter with an identity: all its occurrences get the same
letter, the one that makes them the likeliest words overall. A glyph seen only in words made mostly of other
unknown glyphs (a font that lost its whole map: a substitution cipher) is not named: it stays as it is."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

import regex as re

from baocao.normalize import lm as lm_mod
from baocao.normalize.gapfill import GAP, PUNCT, Filler, Lexicon, Prior
from baocao.normalize.syllable import LETTERS

PUA = re.compile(r"[\ue000-\uf8ff]")
_TOKEN = re.compile(r"\S+")
MIN_OCCURRENCES = 2  # words showing a glyph before it is named
MIN_MARGIN = 3.0  # log-evidence by which the best letter must beat the next


def solve_pua(lines: list[str], model: lm_mod.SyllableLM, lexicon: Lexicon) -> dict[str, str]:
    """Letter for each private-use char: the one that makes its occurrences the likeliest words overall (none
    when the char reads best as a symbol between words)."""
    # occurrences in context, counted: reports repeat their words, each distinct context is scored once
    occurrences: dict[str, dict[tuple[str, Optional[str], Optional[str]], int]] = {}
    for line in lines:
        if not PUA.search(line):
            continue
        for m in _TOKEN.finditer(line):
            token = m.group(0)
            if not PUA.search(token):
                continue
            before = lm_mod.units(line[max(0, m.start() - 30):m.start()])
            after = lm_mod.units(line[m.end():m.end() + 30])
            key = (token, before[-1] if before else None, after[0] if after else None)
            for ch in set(PUA.findall(token)):
                occurrences.setdefault(ch, {})
                occurrences[ch][key] = occurrences[ch].get(key, 0) + 1
    legend: dict[str, str] = {}
    prior = Prior({}, 0.0, 0.0)
    filler = Filler(model, lexicon, prior)
    # " ": the glyph is no letter at all (a bullet, a dingbat): it reads as a separator and stays as it is
    alphabet = list(LETTERS) + list(PUNCT) + [" "]
    memo: dict[str, Optional[tuple[tuple[str, ...], float]]] = {}  # the same filled word recurs in every pass
    # a glyph whose words read the same as in an earlier pass (no other glyph in them newly named) gets the same
    # verdict: it is a function of those words alone
    verdicts: dict[tuple[str, tuple[str, ...]], Optional[str]] = {}
    for _ in range(2):
        for ch, occ in sorted(occurrences.items(), key=lambda kv: -sum(kv[1].values())):
            if sum(occ.values()) < MIN_OCCURRENCES:
                legend.pop(ch, None)  # too few words to name it, whatever they read
                continue
            known = {p: q for p, q in legend.items() if p != ch}
            words = tuple("".join(known.get(c, c) for c in token) for token, _, _ in occ)
            key = (ch, words)
            if key not in verdicts:
                verdicts[key] = _name(ch, words, list(occ.items()), alphabet, model, filler, memo)
            if verdicts[key] is None:
                legend.pop(ch, None)
            else:
                legend[ch] = verdicts[key]
    return legend


def _name(ch: str, words: tuple[str, ...], occ: list[tuple[tuple[str, Optional[str], Optional[str]], int]],
          alphabet: list[str], model: lm_mod.SyllableLM, filler: Filler,
          memo: dict[str, Optional[tuple[tuple[str, ...], float]]]) -> Optional[str]:
    """The letter `ch` stands for in these words (its occurrences with the other glyphs named so far put in,
    one per distinct context), None when no letter wins clearly or it reads as a separator."""
    totals = [0.0] * len(alphabet)
    upper_votes = 0
    informative = 0
    readings: dict[str, _Readings] = {}  # a word in many contexts: read once
    logp1, logp2 = model.logp1, model.logp2
    for t, ((_, before, after), times) in zip(words, occ):
        if len(set(PUA.findall(t)) - {ch}) > 1 or not any(c.isalpha() and not PUA.match(c) for c in t):
            continue  # a word of unknown glyphs says nothing about this one
        letters = [c for c in t if c.isalpha() and not PUA.match(c)]
        if letters and all(c.isupper() for c in letters):
            upper_votes += times
        elif letters and not t.startswith(ch):
            upper_votes -= times
        if t not in readings:
            readings[t] = _read(t, ch, alphabet, model, filler, memo)
        r = readings[t]
        if not r.at:
            continue
        # each candidate's reading in this context: the word's score, then its joins to the words around it
        scores = list(r.score)
        if before:
            for i, u in enumerate(r.first):
                if u is not None:
                    scores[i] += logp2(before, u) - logp1(u)
        if after:
            for i, u in enumerate(r.last):
                if u is not None:
                    scores[i] += logp2(u, after)
        informative += times
        best = max(scores)
        norm = best + math.log(sum(math.exp(v - best) for v in scores))
        unread = times * max(-30.0 - norm, -30.0)  # a candidate that makes no word of it
        for k in r.missing:
            totals[k] += unread
        for k, v in zip(r.at, scores):
            totals[k] += times * max(v - norm, -30.0)
    ranked = sorted(zip(alphabet, totals), key=lambda kv: -kv[1])
    # a glyph is named only on evidence: words that show it, and a clear winner among the letters
    if informative < MIN_OCCURRENCES or len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MIN_MARGIN:
        return None
    letter = ranked[0][0]
    if letter == " ":
        return None
    return letter.upper() if upper_votes > 0 else letter


@dataclass
class _Readings:
    """The candidates for one glyph in one word: those that give it a reading (their index in the alphabet, the
    reading's first and last LM unit, None for none, and its score) and those that give none."""

    at: list[int] = field(default_factory=list)
    first: list[Optional[str]] = field(default_factory=list)
    last: list[Optional[str]] = field(default_factory=list)
    score: list[float] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)


def _read(t: str, ch: str, alphabet: list[str], model: lm_mod.SyllableLM, filler: Filler,
          memo: dict[str, Optional[tuple[tuple[str, ...], float]]]) -> _Readings:
    """Each candidate letter for `ch` in the word `t`, the other unknown glyphs as gaps."""
    parts = [PUA.sub(GAP, part) for part in t.split(ch)]
    out = _Readings()
    for k, cand in enumerate(alphabet):
        best_option = _best_option(cand.join(parts), model, filler, memo)
        if best_option is None:
            out.missing.append(k)
            continue
        us, s = best_option
        out.at.append(k)
        out.first.append(us[0] if us else None)
        out.last.append(us[-1] if us else None)
        out.score.append(s)
    return out


def _best_option(filled: str, model: lm_mod.SyllableLM, filler: Filler,
                 memo: dict[str, Optional[tuple[tuple[str, ...], float]]]) -> Optional[tuple[tuple[str, ...], float]]:
    """The likeliest reading of a word with this candidate in place: its LM units and score."""
    if filled not in memo:
        if GAP in filled:
            opts = filler.options(filled)
            memo[filled] = (tuple(opts[0][1]), opts[0][2]) if opts else None
        else:
            us = lm_mod.units(filled)
            memo[filled] = (tuple(us), _score_units(model, us))
    return memo[filled]


def _score_units(model: lm_mod.SyllableLM, us: list[str]) -> float:
    score, prev = 0.0, None
    for u in us:
        score += model.logp2(prev, u)
        prev = u
    return score

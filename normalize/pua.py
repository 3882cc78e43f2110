"""Private-use glyphs: a PDF font without ToUnicode entries gives each unmapped glyph one private-use character
(U+E000…, one per (font, glyph)). Each is one unknown letter with an identity: all its occurrences get the same
letter, the one that makes them the likeliest words overall. A glyph seen only in words made mostly of other
unknown glyphs (a font that lost its whole map: a substitution cipher) is not named: it stays as it is."""
from __future__ import annotations

import math
from typing import Optional

import regex as re

from normalize import lm as lm_mod
from normalize.gapfill import GAP, PUNCT, Filler, Lexicon, Prior
from normalize.syllable import LETTERS

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
    for _ in range(2):
        for ch, occ in sorted(occurrences.items(), key=lambda kv: -sum(kv[1].values())):
            totals: dict[str, float] = {}
            upper_votes = 0
            informative = 0
            known = {p: q for p, q in legend.items() if p != ch}
            for (token, before, after), times in occ.items():
                t = "".join(known.get(c, c) for c in token)
                if len(set(PUA.findall(t)) - {ch}) > 1 or not any(c.isalpha() and not PUA.match(c) for c in t):
                    continue  # a word of unknown glyphs says nothing about this one
                letters = [c for c in t if c.isalpha() and not PUA.match(c)]
                if letters and all(c.isupper() for c in letters):
                    upper_votes += times
                elif letters and not t.startswith(ch):
                    upper_votes -= times
                scored = {}
                for cand in alphabet:
                    best_option = _best_option(PUA.sub(GAP, t.replace(ch, cand)), model, filler, memo)
                    if best_option is None:
                        continue
                    us, s = best_option
                    if us:
                        s += (model.logp2(before, us[0]) - model.logp1(us[0])) if before else 0.0
                        s += model.logp2(us[-1], after) if after else 0.0
                    scored[cand] = s
                if not scored:
                    continue
                informative += times
                best = max(scored.values())
                norm = best + math.log(sum(math.exp(v - best) for v in scored.values()))
                for cand in alphabet:
                    totals[cand] = totals.get(cand, 0.0) + times * max(scored.get(cand, -30.0) - norm, -30.0)
            ranked = sorted(totals.items(), key=lambda kv: -kv[1])
            # a glyph is named only on evidence: words that show it, and a clear winner among the letters
            if informative < MIN_OCCURRENCES or len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MIN_MARGIN:
                legend.pop(ch, None)
                continue
            letter = ranked[0][0]
            if letter == " ":
                legend.pop(ch, None)
            else:
                legend[ch] = letter.upper() if upper_votes > 0 else letter
    return legend


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

"""Syllable language model: unigram + bigram with Dirichlet back-off, over lower-cased syllables, `<n>` for digit
runs and single punctuation marks. Built offline by `normalize/build_lm.py` into `normalize/data/syllable_lm.json.gz`;
this module only loads and scores (no download, no word-list package at run time)."""
from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import regex as re

from normalize.syllable import is_syllable

DATA = Path(__file__).parent / "data" / "syllable_lm.json.gz"
_UNIT = re.compile(r"\p{L}+|\d+|[^\s\p{L}\p{M}\d]")
LEXICON_WEIGHT = 0.3  # a word-list entry counts this much next to one running-text occurrence
BIGRAM_PRIOR = 2.0  # Dirichlet strength of the unigram inside a bigram


def units(text: str) -> list[str]:
    """LM units of a text: `Số 252/QĐ` → [`số`, `<n>`, `/`, `qđ`]."""
    out = []
    for match in _UNIT.finditer(text):
        unit = match.group(0)
        out.append("<n>" if unit[0].isdigit() else unit.lower())
    return out


def count(lines: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Unigram and bigram counts of running text, one line at a time (bigrams do not cross lines)."""
    uni: dict[str, int] = {}
    bi: dict[str, int] = {}
    for line in lines:
        seq = units(line)
        for k, unit in enumerate(seq):
            uni[unit] = uni.get(unit, 0) + 1
            if k:
                key = seq[k - 1] + " " + unit
                bi[key] = bi.get(key, 0) + 1
    return uni, bi


class SyllableLM:
    def __init__(self, uni: dict[str, float], bi: dict[str, float], left: Optional[dict[str, float]] = None):
        self.uni = uni
        self.bi = bi
        self.total = sum(uni.values()) or 1.0
        self.vocab = len(uni) or 1
        if left is None:
            left = {}
            for key, value in bi.items():
                first = key.split(" ", 1)[0]
                left[first] = left.get(first, 0.0) + value
        self.left = left
        self._oov_syllable = math.log(0.3 / self.total)
        self._oov_other = math.log(0.02 / self.total)

    @lru_cache(maxsize=300_000)
    def logp1(self, unit: str) -> float:
        c = self.uni.get(unit)
        if c:
            return math.log(c / self.total)
        if unit.isalpha() and is_syllable(unit):
            return self._oov_syllable
        return self._oov_other - 0.5 * max(0, len(unit) - 1)

    def logp2(self, prev: Optional[str], unit: str) -> float:
        """log P(unit | prev); prev None = no left context."""
        if prev is None:
            return self.logp1(unit)
        left = self.left.get(prev)
        if not left:
            return self.logp1(unit)
        pair = self.bi.get(prev + " " + unit, 0.0)
        p1 = math.exp(self.logp1(unit))
        return math.log((pair + BIGRAM_PRIOR * p1) / (left + BIGRAM_PRIOR))

    def known(self, unit: str) -> bool:
        return unit in self.uni

    def adapted(self, uni: dict[str, int], bi: dict[str, int], weight: float) -> "SyllableLM":
        """This model with a document's own intact text added (cache model: a document repeats its words)."""
        if not uni:
            return self
        new_uni = dict(self.uni)
        for key, value in uni.items():
            new_uni[key] = new_uni.get(key, 0.0) + weight * value
        new_bi = dict(self.bi)
        left = dict(self.left)
        for key, value in bi.items():
            new_bi[key] = new_bi.get(key, 0.0) + weight * value
            first = key.split(" ", 1)[0]
            left[first] = left.get(first, 0.0) + weight * value
        return SyllableLM(new_uni, new_bi, left)


def _combine(model: dict, exclude: tuple[str, ...]) -> tuple[dict[str, float], dict[str, float]]:
    uni: dict[str, float] = {}
    bi: dict[str, float] = {}
    for name, part in model["sources"].items():
        if name in exclude:
            continue
        weight = LEXICON_WEIGHT if part.get("kind") == "lexicon" else 1.0
        for key, value in part["uni"].items():
            uni[key] = uni.get(key, 0.0) + weight * value
        for key, value in part["bi"].items():
            bi[key] = bi.get(key, 0.0) + weight * value
    return uni, bi


@lru_cache(maxsize=4)
def load(exclude: tuple[str, ...] = (), path: Optional[str] = None) -> SyllableLM:
    """The shipped model; `exclude` drops corpus sources by name (held-out measurement)."""
    with gzip.open(path or DATA, "rt", encoding="utf-8") as fh:
        model = json.load(fh)
    return SyllableLM(*_combine(model, exclude))


def source_names(path: Optional[str] = None) -> list[str]:
    with gzip.open(path or DATA, "rt", encoding="utf-8") as fh:
        return list(json.load(fh)["sources"])

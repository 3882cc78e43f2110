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

from baocao.normalize.syllable import is_syllable

DATA = Path(__file__).parent / "data" / "syllable_lm.json.gz"
_UNIT = re.compile(r"\p{L}+|\d+(?:[.,]\d+)*|[^\s\p{L}\p{M}\d]")
LEXICON_WEIGHT = 0.3  # a word-list entry counts this much next to one running-text occurrence
LEXICON_CAP = 3  # ... and a syllable in many entries (bụng: đau bụng, bụng dạ, ...) no more than this many
# Running text outside the domain (news/legal, with its own spelling: `lí`, `kí`) counts less than reports.
SOURCE_WEIGHT = {"text:vlsp": 0.3}
BIGRAM_PRIOR = 0.25  # Witten-Bell: back-off weight per distinct continuation


def units(text: str) -> list[str]:
    """LM units of a text: `Số 252/QĐ` → [`số`, `<n>`, `/`, `qđ`]. A lone letter keeps its case: `I`, `V` are
    numerals and list marks, a lone lower-case `i`, `v` is rare in clean text (and common in damaged text)."""
    out = []
    for match in _UNIT.finditer(text):
        unit = match.group(0)
        if unit[0].isdigit():
            out.append("<n>")
        else:
            out.append(unit if len(unit) == 1 else unit.lower())
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
    def __init__(self, uni: dict[str, float], bi: dict[str, float], left: Optional[dict[str, float]] = None,
                 types: Optional[dict[str, int]] = None, doc_bi: Optional[dict[str, float]] = None):
        self.uni = uni
        self.bi = bi
        # pairs an adapted model counts differently from `bi` (their new totals): the large table is shared, not
        # copied for every document
        self.doc_bi = doc_bi or {}
        self.total = sum(uni.values()) or 1.0
        self.vocab = len(uni) or 1
        if left is None or types is None:
            left, types = {}, {}
            for key, value in bi.items():
                first = key.split(" ", 1)[0]
                left[first] = left.get(first, 0.0) + value
                types[first] = types.get(first, 0) + 1
        self.left = left
        self.types = types  # distinct continuations: Witten-Bell back-off weight
        self._p1: dict[str, float] = {}  # per model (not a shared cache: adapted models come and go)
        self._p2: dict[tuple[str, str], float] = {}
        self._oov_syllable = math.log(0.3 / self.total)
        self._oov_other = math.log(0.02 / self.total)
        self._oov_fragment = math.log(0.001 / self.total)

    def logp1(self, unit: str) -> float:
        cached = self._p1.get(unit)
        if cached is not None:
            return cached
        c = self.uni.get(unit)
        if c:
            value = math.log(c / self.total)
        elif unit.isalpha() and is_syllable(unit):
            value = self._oov_syllable
        elif unit.isalpha():  # no syllable: a foreign word, an acronym, or a fragment of a damaged word
            value = self._oov_fragment - 0.5 * max(0, len(unit) - 1)
        else:
            value = self._oov_other
        self._p1[unit] = value
        return value

    def logp2(self, prev: Optional[str], unit: str) -> float:
        """log P(unit | prev); prev None = no left context."""
        if prev is None:
            return self.logp1(unit)
        cached = self._p2.get((prev, unit))
        if cached is not None:
            return cached
        left = self.left.get(prev)
        if not left:
            value = self.logp1(unit)
        else:
            key = prev + " " + unit
            pair = self.doc_bi.get(key)
            if pair is None:
                pair = self.bi.get(key, 0.0)
            weight = BIGRAM_PRIOR * self.types[prev]  # a word followed by many different words backs off more
            value = math.log((pair + weight * math.exp(self.logp1(unit))) / (left + weight))
        self._p2[(prev, unit)] = value
        return value

    def goes_on(self, before: str, after: str) -> Optional[float]:
        """How much likelier `after`'s first syllable is after `before`'s last than alone (pointwise mutual
        information, nats); None where either text holds no syllable."""
        left, right = units(before), units(after)
        if not left or not right:
            return None
        return self.logp2(left[-1], right[0]) - self.logp1(right[0])

    def known(self, unit: str) -> bool:
        return unit in self.uni

    def adapted(self, uni: dict[str, int], bi: dict[str, int], weight: float) -> "SyllableLM":
        """This model with a document's own intact text added (cache model: a document repeats its words)."""
        if not uni:
            return self
        new_uni = dict(self.uni)
        for key, value in uni.items():
            new_uni[key] = new_uni.get(key, 0.0) + weight * value
        new_bi = dict(self.doc_bi)
        left = dict(self.left)
        types = dict(self.types)
        for key, value in bi.items():
            first = key.split(" ", 1)[0]
            pair = new_bi.get(key)
            if pair is None:
                pair = self.bi.get(key)
            if pair is None:
                types[first] = types.get(first, 0) + 1
                pair = 0.0
            new_bi[key] = pair + weight * value
            left[first] = left.get(first, 0.0) + weight * value
        return SyllableLM(new_uni, self.bi, left, types, new_bi)


def _combine(model: dict, exclude: tuple[str, ...]) -> tuple[dict[str, float], dict[str, float]]:
    uni: dict[str, float] = {}
    bi: dict[str, float] = {}
    for name, part in model["sources"].items():
        if name in exclude:
            continue
        lexicon = part.get("kind") == "lexicon"
        weight = LEXICON_WEIGHT if lexicon else SOURCE_WEIGHT.get(name, 1.0)
        cap = LEXICON_CAP if lexicon else float("inf")
        for key, value in part["uni"].items():
            uni[key] = uni.get(key, 0.0) + weight * min(value, cap)
        for key, value in part["bi"].items():
            bi[key] = bi.get(key, 0.0) + weight * min(value, cap)
    return uni, bi


def _drop_rare_fragments(uni: dict[str, float], bi: dict[str, float]) -> None:
    """Short non-syllable letter runs seen a few times (`tr` of `tr.`, stray letters of a word list) look exactly
    like the fragments lost glyphs leave; the model should not find them likely."""
    rare = {u for u, c in uni.items()
            if c < 5 and 1 < len(u) <= 3 and u.isalpha() and not is_syllable(u)}
    for u in rare:
        del uni[u]
    for key in [k for k in bi if k.split(" ", 1)[0] in rare or k.split(" ", 1)[1] in rare]:
        del bi[key]


@lru_cache(maxsize=4)
def load(exclude: tuple[str, ...] = (), path: Optional[str] = None) -> SyllableLM:
    """The shipped model; `exclude` drops corpus sources by name (held-out measurement)."""
    with gzip.open(path or DATA, "rt", encoding="utf-8") as fh:
        model = json.load(fh)
    uni, bi = _combine(model, exclude)
    _drop_rare_fragments(uni, bi)
    return SyllableLM(uni, bi)


def source_names(path: Optional[str] = None) -> list[str]:
    with gzip.open(path or DATA, "rt", encoding="utf-8") as fh:
        return list(json.load(fh)["sources"])

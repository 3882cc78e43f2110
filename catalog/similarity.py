"""How alike two wordings are: the share of their words and word pairs they have in common, each word weighted by
how rare it is among the catalogue's wordings (`số`, `đã`, `của` weigh little; `toàn trình`, `PAKN` much)."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from baocao.catalog.wording import Wording

# a wording read without its tone marks counts a little less than one read with them
BARE_DISCOUNT = 0.03


def features(tokens: tuple[str, ...]) -> frozenset[str]:
    """Words and adjacent word pairs (Vietnamese words are often two syllables: `trực tuyến`, `một phần`)."""
    pairs = (f"{a}_{b}" for a, b in zip(tokens, tokens[1:]))
    return frozenset((*tokens, *pairs))


@dataclass
class _Doc:
    key: str
    feats: frozenset[str]
    weight: float


class _Space:
    """One feature space (with or without tone marks): documents, inverse document frequencies, an inverted
    index."""

    def __init__(self, docs: list[tuple[str, frozenset[str]]]):
        df: dict[str, int] = defaultdict(int)
        for _, feats in docs:
            for f in feats:
                df[f] += 1
        n = len(docs)
        self.idf = {f: math.log((n + 1) / (count + 0.5)) for f, count in df.items()}
        self.unknown = math.log((n + 1) / 0.5)
        self.docs = [_Doc(key, feats, sum(self.idf[f] for f in feats)) for key, feats in docs]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for k, doc in enumerate(self.docs):
            for f in doc.feats:
                self.postings[f].append(k)

    def weight(self, feats: Iterable[str]) -> float:
        return sum(self.idf.get(f, self.unknown) for f in feats)

    def scores(self, feats: frozenset[str]) -> dict[str, float]:
        """Dice similarity of `feats` with every document sharing a feature; best per key."""
        shared: dict[int, float] = defaultdict(float)
        for f in feats:
            w = self.idf.get(f)
            if w is None:
                continue
            for k in self.postings[f]:
                shared[k] += w
        total = self.weight(feats)
        best: dict[str, float] = {}
        for k, inter in shared.items():
            doc = self.docs[k]
            score = 2 * inter / (total + doc.weight) if total + doc.weight else 0.0
            if score > best.get(doc.key, 0.0):
                best[doc.key] = score
        return best


class TextIndex:
    """Every wording of every catalogue entry, searchable by a row's wording."""

    def __init__(self, entries: list[tuple[str, Wording]]):
        toned, bare = [], []
        for key, wording in entries:
            for tokens in {wording.full, wording.core}:
                toned.append((key, features(tokens)))
            for tokens in {wording.full_bare, wording.core_bare}:
                bare.append((key, features(tokens)))
        self.toned = _Space(toned)
        self.bare = _Space(bare)

    def scores(self, wording: Wording) -> dict[str, float]:
        """Best similarity (0-1) of the row's wording to each entry that shares a word with it."""
        best: dict[str, float] = {}
        for tokens in {wording.full, wording.core}:
            for key, score in self.toned.scores(features(tokens)).items():
                best[key] = max(best.get(key, 0.0), score)
        for tokens in {wording.full_bare, wording.core_bare}:
            for key, score in self.bare.scores(features(tokens)).items():
                best[key] = max(best.get(key, 0.0), score - BARE_DISCOUNT)
        return best

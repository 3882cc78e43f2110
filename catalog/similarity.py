"""How alike two wordings are: the share of their words and word pairs they have in common, each weighted by how
rare it is among the catalogue's wordings (`số`, `đã`, `của` weigh little; `toàn trình`, `PAKN` much): Dice's
coefficient over those weights, against every wording at once (a row's features pick the weight matrix's rows)."""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Sequence

import numpy as np

from baocao.catalog.wording import Wording

# a wording read without its tone marks counts a little less than one read with them
BARE_DISCOUNT = 0.03
# what the words in parentheses may add to the likeness of the words outside them
PARENTHESES_GAIN = 0.15
ROWS_KEPT = 1_000  # wordings whose feature columns and weight a space keeps (a form has a few hundred; ~1 MB)


def features(tokens: tuple[str, ...]) -> frozenset[str]:
    """Words and adjacent word pairs (Vietnamese words are often two syllables: `trực tuyến`, `một phần`)."""
    pairs = (f"{a}_{b}" for a, b in zip(tokens, tokens[1:]))
    return frozenset((*tokens, *pairs))


class _Space:
    """One feature space (with or without tone marks): documents as rows of idf weights."""

    def __init__(self, docs: list[tuple[str, frozenset[str]]]):
        df: dict[str, int] = defaultdict(int)
        for _, feats in docs:
            for f in feats:
                df[f] += 1
        n = len(docs)
        self.idf = {f: math.log((n + 1) / (count + 0.5)) for f, count in df.items()}
        self.unknown = math.log((n + 1) / 0.5)
        self.column = {f: k for k, f in enumerate(sorted(self.idf))}
        # documents grouped by key, so the best document of each key is one reduction
        order = sorted(range(n), key=lambda k: docs[k][0])
        self.keys: list[str] = []
        starts: list[int] = []
        for rank, k in enumerate(order):
            if not self.keys or self.keys[-1] != docs[k][0]:
                self.keys.append(docs[k][0])
                starts.append(rank)
        self.starts = np.array(starts, dtype=np.int64)
        self.matrix = np.zeros((n, len(self.column)), dtype=np.float32)
        for rank, k in enumerate(order):
            for f in docs[k][1]:
                self.matrix[rank, self.column[f]] = self.idf[f]
        self.doc_weight = self.matrix.sum(axis=1)
        self.matrix_t = np.ascontiguousarray(self.matrix.T)
        self._rows: dict[frozenset[str], tuple[tuple[int, ...], float]] = {}

    def weight(self, feats) -> float:
        # summed in a fixed order: a set's order changes with the process's string hashing, and the last bits of
        # a sum with it — two rows worded alike must tie exactly, run after run
        return sum(self.idf.get(f, self.unknown) for f in sorted(feats))

    def _row(self, feats: frozenset[str]) -> tuple[tuple[int, ...], float]:
        """A row's feature columns and its weight, kept: the reports of one form repeat their wordings."""
        known = self._rows.get(feats)
        if known is None:
            known = (tuple(sorted(self.column[f] for f in feats if f in self.column)), self.weight(feats))
            if len(self._rows) < ROWS_KEPT:
                self._rows[feats] = known
        return known

    def scores(self, many: Sequence[frozenset[str]]) -> np.ndarray:
        """Dice similarity of each feature set with each key's best document: (len(many), keys)."""
        if not many or not self.keys:
            return np.zeros((len(many), len(self.keys)), dtype=np.float32)
        shared = np.zeros((len(many), self.matrix.shape[0]), dtype=np.float32)
        totals = np.zeros(len(many), dtype=np.float32)
        for r, feats in enumerate(many):
            columns, totals[r] = self._row(feats)
            if columns:  # the documents' weights of the features this row has: what both hold
                shared[r] = self.matrix_t[list(columns)].sum(axis=0)
        dice = 2 * shared / np.maximum(totals[:, None] + self.doc_weight[None, :], 1e-9)
        return np.maximum.reduceat(dice, self.starts, axis=1)


class TextIndex:
    """Every wording of every catalogue entry, searchable by rows' wordings. Words in parentheses count only on top
    of a likeness without them: `Tổng VBQPPL (cả trực tiếp và trực tuyến)` is not a count of dossiers for its
    parenthesis."""

    def __init__(self, entries: list[tuple[str, Wording]]):
        self.spaces = {
            view: _Space([(key, features(getattr(wording, view))) for key, wording in entries])
            for view in ("core", "full", "core_bare", "full_bare")
        }
        self.keys = self.spaces["core"].keys  # every space lists the same keys, sorted

    def scores_many(self, wordings: Sequence[Wording], floor: float = 0.0) -> list[dict[str, float]]:
        """For each wording, its best similarity (0-1) to each entry scoring at least `floor`."""
        def view(name: str) -> np.ndarray:
            return self.spaces[name].scores([features(getattr(w, name)) for w in wordings])

        core, bare_core = view("core"), view("core_bare")
        best = np.maximum(core, np.minimum(view("full"), core + PARENTHESES_GAIN))
        bare = np.maximum(bare_core, np.minimum(view("full_bare"), bare_core + PARENTHESES_GAIN))
        best = np.maximum(best, bare - BARE_DISCOUNT)
        out = []
        for row in best:
            hits = np.nonzero(row >= max(floor, 1e-6))[0]
            out.append({self.keys[k]: float(row[k]) for k in hits})
        return out

    def scores(self, wording: Wording) -> dict[str, float]:
        return self.scores_many([wording])[0]

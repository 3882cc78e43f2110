"""Which catalogue indicator a table row states: `indicator_key` and `key_score` for every row.

A row is compared with every wording of every entry (`similarity.TextIndex`), then its unit and the row it sits
under weigh in: an entry whose unit kind differs loses, an entry that belongs under the row's parent's key gains.
Within one table a key goes to one row only (the best-scoring). A `Trong đó` sub-row that names a dimension
(`Cấp xã`, `Tiếp nhận trực tiếp`) gets its parent's key plus the dimension. Below `KEY_THRESHOLD` a row stays
unkeyed: never a forced guess."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Protocol, Sequence

from baocao.catalog.catalogue import Catalogue, Indicator, load_catalogue
from baocao.catalog.similarity import TextIndex, features
from baocao.catalog.tree import Node, build_tree, is_roman, table_runs
from baocao.catalog.wording import Normaliser
from baocao.normalize.text import canon
from baocao.segment.stt import parse_stt
from baocao.segment.vocab import unit_kind

# score (0-1) a row needs for a key; tuned on the seeds held out one at a time (tests/test_catalog_match.py)
KEY_THRESHOLD = 0.62
SECTION_THRESHOLD = 0.5
# candidates below this text similarity are not scored further
MIN_TEXT = 0.3
# adjustments to the text similarity, in the same 0-1 score
UNIT_SAME_KIND = 0.03
UNIT_SAME_TEXT = 0.02
UNIT_OTHER_KIND = 0.40
CTX_PARENT = 0.10  # the entry belongs right under the parent's key (or is a part of its formula)
CTX_NEAR = 0.05  # the parent's key is an ancestor of the entry, or they share the entry's parent
CTX_OTHER = 0.05  # the parent is keyed and the entry belongs elsewhere
CTX_SECTION = 0.10  # the table's section is known and the entry is in another
CTX_SUB_OTHER = 0.40  # a `Trong đó` sub-row whose entry does not belong under the row it breaks down
GROUP_WITH_UNIT = 0.05  # a heading entry for a row that prints a unit
# the administrative level a wording names (`cấp xã`, `cấp huyện`, `sở, ban, ngành`)
LEVEL_CONFLICT = 0.30  # the row and the entry name different levels
LEVEL_ONLY_ENTRY = 0.12  # the entry names a level the row does not
LEVEL_ONLY_ROW = 0.08  # the row names a level the entry does not
# the best two keys closer than this, on a row whose context cannot tell them apart: no key (a guess)
AMBIGUITY_MARGIN = 0.02
# a row whose best key went to a better row of its table takes another only this close to its best (else it is
# the same statistic printed twice, and the second copy stays unkeyed rather than take a neighbour's key)
SECOND_CHOICE_MARGIN = 0.10


class RowLike(Protocol):
    table: Optional[str]
    stt: Optional[str]
    indicator: str
    unit: Optional[str]
    parent_stt: Optional[str]


@dataclass
class Match:
    key: Optional[str] = None
    score: Optional[float] = None
    is_section: bool = False


@dataclass
class _Dimension:
    suffix: str
    group: str
    phrases: tuple[tuple[str, ...], ...]


class Matcher:
    def __init__(self, catalogue: Optional[Catalogue] = None, threshold: float = KEY_THRESHOLD,
                 texts: Optional[dict[str, tuple[str, ...]]] = None):
        """`texts`: the wordings to match each key by, when not the catalogue's own (to hold some out)."""
        self.cat = catalogue or load_catalogue()
        self.threshold = threshold
        self.norm = Normaliser(self.cat)
        texts = texts if texts is not None else {e.key: e.texts for e in [*self.cat.indicators.values(),
                                                                           *self.cat.sections.values()]}
        self.index = TextIndex([(k, self.norm.wording(t)) for k in self.cat.indicators for t in texts.get(k, ())])
        self.sections = TextIndex([(k, self.norm.wording(t)) for k in self.cat.sections for t in texts.get(k, ())])
        self.dimensions = [_Dimension(b.suffix, b.group, tuple(self.norm.phrase(w) for w in b.words))
                           for b in self.cat.breakdowns.values()]
        self.fillers = [self.norm.phrase(w) for w in self.cat.fillers]
        # dimension group → the groups whose sub-rows it breaks down when it follows them (`level` in `channel`)
        order = self.cat.nesting
        self.outer_of = {inner: tuple(order[:k]) for k, inner in enumerate(order)}
        self._entry_levels: dict[str, frozenset[str]] = {}
        self._partner_cache: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------------ one document
    def match(self, rows: Sequence[RowLike], nodes: Optional[list[Node]] = None) -> list[Match]:
        nodes = nodes or build_tree(rows)
        wordings = [self.norm.wording(r.indicator or "") for r in rows]
        # every row's text scores at once (the same in both passes)
        texts = dict(enumerate(self.index.scores_many(wordings, MIN_TEXT)))
        heads = [pos for pos, row in enumerate(rows) if _may_be_section(row)]
        section_scores = dict(zip(heads, self.sections.scores_many([wordings[p] for p in heads])))
        matches = [Match() for _ in rows]
        for run in table_runs(rows):
            self._sections(rows, run, section_scores, texts, matches)
            keys: Optional[dict[int, Optional[str]]] = None
            for _ in range(2):  # the second pass sees the parents' settled keys
                candidates = self._candidates(rows, nodes, run, wordings, texts, matches, keys)
                keys = self._assign(candidates)
            for pos in run:
                if matches[pos].is_section:
                    continue
                key = keys.get(pos)
                score = dict(candidates.get(pos, [])).get(key) if key else None
                matches[pos] = Match(key, round(min(1.0, score), 4) if score is not None else None)
        return matches

    def _sections(self, rows, run, section_scores, texts, matches) -> None:
        """Roman rows are sections; so is a top-level numbered heading worded like a section (`3 Cải cách thủ
        tục hành chính`) more than like any indicator."""
        for pos in run:
            if pos not in section_scores:
                continue
            key, score = max(section_scores[pos].items(), key=lambda kv: kv[1], default=(None, 0.0))
            best_indicator = max(texts[pos].values(), default=0.0)
            if is_roman(rows[pos].stt) or (score >= SECTION_THRESHOLD and score >= best_indicator):
                matches[pos] = Match(key if score >= SECTION_THRESHOLD else None,
                                     round(score, 4) if score >= SECTION_THRESHOLD else None, True)

    def _candidates(self, rows, nodes, run, wordings, texts, matches, keys: Optional[dict[int, Optional[str]]]
                    ) -> dict[int, list[tuple[str, float]]]:
        """Each row's keys with their scores, best first; `keys` are the table's settled keys (second pass)."""
        out: dict[int, list[tuple[str, float]]] = {}
        section_key: Optional[str] = None
        subs: dict[int, list[tuple[int, Optional[str]]]] = {}  # parent pos → its sub-rows (pos, dimension group)
        provisional: dict[int, Optional[str]] = {}  # first pass: each row's best key, before the table settles

        def key_of(pos: int) -> Optional[str]:
            return provisional.get(pos) if keys is None else keys.get(pos)

        settled = set(keys.values()) if keys is not None else set()

        for pos in run:
            if matches[pos].is_section:
                section_key = matches[pos].key
                provisional[pos] = section_key
                continue
            row, node = rows[pos], nodes[pos]
            parent_pos = node.parent
            parent_key = None
            if parent_pos is not None:
                parent_key = matches[parent_pos].key if matches[parent_pos].is_section else key_of(parent_pos)
            scored: dict[str, float] = {}
            level = self._levels(wordings[pos].core_bare)
            present = settled if keys is not None else set(provisional.values())
            for key, text in texts[pos].items():
                entry = self.cat.indicators[key]
                scored[key] = text + self._unit(row.unit, entry) + self._level(level, key) \
                    + self._context(parent_key, section_key, entry, node.is_sub, present)
            scored = self._unambiguous(scored)
            if parent_pos is not None and not matches[parent_pos].is_section and parent_key:
                siblings = subs.setdefault(parent_pos, [])
                found = self._dimension(wordings[pos], wordings[parent_pos], parent_key)
                # a numbered row is read as a dimension of its parent only when no entry fits it
                explicit = max(scored.values(), default=0.0)
                if found is not None and (node.is_sub or explicit < self.threshold):
                    dim, score = found
                    base = parent_key
                    outer = [p for p, g in siblings if g in self.outer_of.get(dim.group, ())]
                    if outer:  # `Tiếp nhận trực tiếp` then `Cấp xã`: the level breaks the channel down
                        base = key_of(outer[-1]) or parent_key
                    key = f"{base}.{dim.suffix}"
                    scored[key] = max(scored.get(key, 0.0), score)
                if node.is_sub:
                    siblings.append((pos, found[0].group if found else None))
            ranked = sorted(scored.items(), key=lambda kv: -kv[1])
            out[pos] = ranked
            provisional[pos] = ranked[0][0] if ranked and ranked[0][1] >= self.threshold else None
        return out

    def _assign(self, candidates: dict[int, list[tuple[str, float]]]) -> dict[int, Optional[str]]:
        """Each key to one row of the table: the pairs taken best score first."""
        pairs = sorted(((score, pos, key) for pos, ranked in candidates.items() for key, score in ranked
                        if score >= self.threshold), key=lambda t: (-t[0], t[1]))
        best = {pos: ranked[0][1] for pos, ranked in candidates.items() if ranked}
        keys: dict[int, Optional[str]] = {}
        used: set[str] = set()
        for score, pos, key in pairs:
            if pos in keys or key in used or score < best[pos] - SECOND_CHOICE_MARGIN:
                continue
            if any(other != key and other not in used and abs(other_score - score) < AMBIGUITY_MARGIN
                   for other, other_score in candidates[pos]):
                keys[pos] = None  # two keys still open fit it as well: none is taken
                continue
            keys[pos] = key
            used.add(key)
        return keys

    # ------------------------------------------------------------------ the parts of a score
    @staticmethod
    def _unit(unit: Optional[str], entry: Indicator) -> float:
        row_kind, entry_kind = _unit_kind(unit), _unit_kind(entry.unit)
        if entry.kind == "group":
            return -GROUP_WITH_UNIT if row_kind is not None and entry_kind is None else 0.0
        if row_kind is None or entry_kind is None:
            return 0.0
        if row_kind != entry_kind:
            return -UNIT_OTHER_KIND
        return UNIT_SAME_KIND + (UNIT_SAME_TEXT if _canon(unit) == _canon(entry.unit) else 0.0)

    def _levels(self, tokens: tuple[str, ...]) -> frozenset[str]:
        return frozenset(d.suffix for d in self.dimensions if d.group == "level"
                         and any(_contains(tokens, p) for p in d.phrases))

    def _level(self, row_levels: frozenset[str], key: str) -> float:
        entry_levels = self._entry_levels.get(key)
        if entry_levels is None:
            entry = self.cat.indicators[key]
            entry_levels = frozenset().union(*(self._levels(self.norm.wording(t).core_bare) for t in entry.texts))
            self._entry_levels[key] = entry_levels
        if row_levels and entry_levels:
            return 0.0 if row_levels & entry_levels else -LEVEL_CONFLICT
        if entry_levels:
            return -LEVEL_ONLY_ENTRY
        return -LEVEL_ONLY_ROW if row_levels else 0.0

    def _unambiguous(self, scored: dict[str, float]) -> dict[str, float]:
        """Entries worded alike (the three `Tổng số hồ sơ TTHC đã giải quyết xong`) that the row's place does not
        tell apart: none is taken."""
        ranked = sorted(scored.values(), reverse=True)
        if len(ranked) >= 2 and ranked[0] - ranked[1] < AMBIGUITY_MARGIN and ranked[0] >= self.threshold:
            return {}  # nor a lesser entry in their place
        return scored

    def _context(self, parent_key: Optional[str], section_key: Optional[str], entry: Indicator,
                 is_sub: bool = False, present: frozenset[str] | set[str] = frozenset()) -> float:
        parent = self.cat.get(parent_key)
        if parent is not None and parent.kind != "section":
            if entry.parent == parent.key or parent.key in self.cat.used_in(entry.key):
                return CTX_PARENT
            if parent.key in self.cat.ancestors(entry.key) or (entry.parent and entry.parent == parent.parent):
                return CTX_NEAR
            return -(CTX_SUB_OTHER if is_sub else CTX_OTHER)
        # no parent row to go by (a flat table, a section's item): the entries it goes with tell
        partner = CTX_NEAR if present & self._partners(entry) else 0.0
        section = parent.key if parent is not None else section_key
        if section is None:
            return partner
        if entry.parent == section:
            return CTX_NEAR + partner
        return partner if entry.section == section else partner - CTX_SECTION

    def _partners(self, entry: Indicator) -> frozenset[str]:
        """The keys an entry is checked with: what it cannot exceed, what cannot exceed it, its rate's other part."""
        found = self._partner_cache.get(entry.key)
        if found is None:
            keys = {entry.at_most} if entry.at_most else set()
            keys |= {e.key for e in self.cat.indicators.values() if e.at_most == entry.key}
            for rate in self.cat.used_in(entry.key):
                keys |= set(self.cat.indicators[rate].formula.terms) - {entry.key}
            found = self._partner_cache[entry.key] = frozenset(keys)
        return found

    def _dimension(self, wording, parent_wording, parent_key: str) -> Optional[tuple[_Dimension, float]]:
        """The dimension a sub-row names, and how much of its wording that (with the parent's words and filler
        words) accounts for."""
        tokens = wording.core_bare
        best: Optional[tuple[_Dimension, tuple[str, ...]]] = None
        for dim in self.dimensions:
            for phrase in dim.phrases:
                if _contains(tokens, phrase) and (best is None or len(phrase) > len(best[1])):
                    best = (dim, phrase)
        if best is None or _contains(parent_wording.core_bare, best[1]):
            return None  # a breakdown names what its parent does not
        dim, phrase = best
        explained = set(phrase) | set(parent_wording.full_bare)
        parent = self.cat.get(parent_key)
        if parent is not None:
            explained |= set(self.norm.wording(parent.name).full_bare)
        for filler in self.fillers:
            if _contains(tokens, filler):
                explained |= set(filler)
        space = self.index.spaces["full_bare"]
        total = space.weight(features(tokens)) or 1.0
        missing = space.weight(f for f in features(tokens) if not all(p in explained for p in f.split("_")))
        return dim, 1.0 - missing / total


def _may_be_section(row: RowLike) -> bool:
    if is_roman(row.stt):
        return True
    return bool(row.stt) and parse_stt(row.stt) is not None and "." not in row.stt \
        and row.parent_stt is None and not row.unit


@lru_cache(maxsize=4096)
def _unit_kind(unit: Optional[str]) -> Optional[str]:
    return unit_kind(unit)


@lru_cache(maxsize=4096)
def _canon(text: Optional[str]) -> str:
    return canon(text or "")


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 0 or phrase[0] not in tokens:  # most phrases: not even their first word
        return False
    return any(tokens[k:k + n] == phrase for k in range(len(tokens) - n + 1))


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    return Matcher()

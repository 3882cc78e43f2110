"""Cell-level F1 of extracted table rows against expected rows: the project's accuracy measure.

Rows are aligned in order (difflib on STT + indicator), then each of the five cells (stt, indicator, unit,
value, note) is compared after NFC and whitespace folding; values compare as numbers where both have one.
Empty cells are not counted, so a missing row costs recall and an invented row costs precision."""
from __future__ import annotations

import difflib
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional

from baocao.segment.vocab import ROLES as CELLS  # the five cells every row has


def fold(text: Any) -> str:
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def _cell(row: Mapping[str, Any], name: str) -> Any:
    if name == "value":
        number = row.get("value")
        if number is not None and not (isinstance(number, float) and math.isnan(number)):
            return round(float(number), 6)
        return fold(row.get("value_raw"))
    return fold(row.get(name))


@dataclass
class Score:
    matched: int = 0
    predicted: int = 0
    gold: int = 0
    diffs: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(row: Mapping[str, Any]) -> str:
    return fold(row.get("stt")) + "|" + fold(row.get("indicator")).lower()[:40]


def align(expected: list[Mapping[str, Any]], actual: list[Mapping[str, Any]]) -> list[tuple[Optional[int], Optional[int]]]:
    """Pairs (expected index, actual index) in document order; None on the side that has no such row.
    Order matters: reports repeat rows (`Tại cấp xã`), so rows are never matched by their text alone."""
    matcher = difflib.SequenceMatcher(a=[_key(r) for r in expected], b=[_key(r) for r in actual], autojunk=False)
    pairs: list[tuple[Optional[int], Optional[int]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
        else:
            pairs.extend((i, None) for i in range(i1, i2))
            pairs.extend((None, j) for j in range(j1, j2))
    return pairs


def read_wrong(expected: list[Mapping[str, Any]], actual: list[Mapping[str, Any]]) -> list[bool]:
    """For each row read, whether it is wrong: a cell differs from its row's in `expected`, or no row there is
    its."""
    wrong = [True] * len(actual)
    for i, j in align(expected, actual):
        if i is not None and j is not None:
            wrong[j] = any(_cell(expected[i], name) != _cell(actual[j], name) for name in CELLS)
    return wrong


def cell_f1(expected: Iterable[Mapping[str, Any]], actual: Iterable[Mapping[str, Any]]) -> Score:
    gold_rows, got_rows = list(expected), list(actual)
    score = Score()
    for row in gold_rows:
        score.gold += sum(1 for c in CELLS if _cell(row, c) not in ("", None))
    for row in got_rows:
        score.predicted += sum(1 for c in CELLS if _cell(row, c) not in ("", None))
    for i, j in align(gold_rows, got_rows):
        if i is None:
            score.diffs.append(f"extra row: {_brief(got_rows[j])}")
            continue
        if j is None:
            score.diffs.append(f"missing row: {_brief(gold_rows[i])}")
            continue
        for name in CELLS:
            want, have = _cell(gold_rows[i], name), _cell(got_rows[j], name)
            if want not in ("", None) and want == have:
                score.matched += 1
            elif want != have:
                score.diffs.append(f"row {i} [{fold(gold_rows[i].get('stt'))}] {name}: want {want!r} got {have!r}")
    return score


def _brief(row: Mapping[str, Any]) -> str:
    return f"[{fold(row.get('stt'))}] {fold(row.get('indicator'))[:60]!r}"


@dataclass
class ValueReading:
    """One expected row that has a value, against the row read in its place."""

    want: float
    got: Optional[float]  # None: no value read, or no row in its place
    flagged: bool  # the row read carries a flag (a failed check, low confidence) or is missing
    present: bool

    @property
    def right(self) -> bool:
        return self.got is not None and abs(self.got - self.want) < 1e-6


def value_readings(expected: Iterable[Mapping[str, Any]], actual: Iterable[Mapping[str, Any]]) -> list[ValueReading]:
    """Every expected row with a value, paired with the row read in its place. Rows are aligned in order by STT
    alone: the indicator text OCR slips in would unpair them, the value is what is judged here."""
    gold_rows, got_rows = list(expected), list(actual)
    matcher = difflib.SequenceMatcher(a=[str(r.get("stt")) for r in gold_rows],
                                      b=[str(r.get("stt")) for r in got_rows], autojunk=False)
    pairs = {a + k: b + k for a, b, n in matcher.get_matching_blocks() for k in range(n)}
    out = []
    for i, row in enumerate(gold_rows):
        if row.get("value") is None:
            continue
        j = pairs.get(i)
        got = got_rows[j] if j is not None else None
        value = got.get("value") if got is not None else None
        value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
        out.append(ValueReading(float(row["value"]), value, flagged=got is None or bool(got.get("flags")),
                                present=got is not None))
    return out

"""A report's own arithmetic, checked: one `Check` per rule applied (LAKE/checks/).

Rules from the catalogue: a rate against its formula's parts (`rate`), a total against its parts (`sum`), a count
against the count it can never exceed (`child_le_parent`). Rules from the table itself: `Trong đó` sub-rows add up
to the row they break down (`sum`; one sub-row only: `child_le_parent`), a `%` row with two counts under it is
the second over the first (`rate`, the template's order), a `%` value lies in 0-100 (`pct_range`), a coded row's
value is one of its codes (`code_in_set`), the STTs run as a numbering can (`stt_sequence`, recorded where it
breaks). And the report's period against its date (`period_matches_date`).
A rate passes as printed rounded or cut to its last digit: 1/6 as `16,67`, `16,7`, `17` or `16`, not `18` or `16,5`;
5/6 as `83` or `83,3`, not `84` (83,33 does not round up to it)."""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Optional, Sequence

import regex as re

from baocao.catalog.catalogue import Catalogue, Indicator
from baocao.catalog.match import Match
from baocao.catalog.tree import Node, is_roman
from baocao.normalize.numbers import parse_ratio
from baocao.schemas import Check, IndicatorRow, Report
from baocao.segment.stt import SttTracker
from baocao.segment.vocab import STT_DASHES, counts_things, unit_codes, unit_kind

# a count is exact: half a unit either way is no difference
COUNT_TOLERANCE = 0.5
# a report may be dated after its period ends by up to this many days (it is written, signed and sent later)
PERIOD_GRACE_DAYS = 60
PCT_MIN, PCT_MAX = 0.0, 100.0
# the rules that judge a row's value (the others judge its STT and the report's period)
VALUE_RULES = frozenset({"rate", "sum", "child_le_parent", "pct_range", "code_in_set", "count_whole"})
_NUMBER = re.compile(r"\d[\d.]*(?:,\d+)?")


def printed_tolerance(value_raw: Optional[str]) -> float:
    """One unit of the last digit printed: 1 for `26%`, 0.01 for `16,67%`."""
    if not value_raw:
        return 1.0
    tail = value_raw.rsplit("=", 1)[-1]
    numbers = _NUMBER.findall(tail)
    if not numbers:
        return 1.0
    number = numbers[-1]
    if "," in number:
        return 10.0 ** -len(number.rsplit(",", 1)[1])
    whole, _, after = number.rpartition(".")
    if whole and len(after) != 3:
        return 10.0 ** -len(after)  # `1.5`: a decimal point, not a thousands dot
    return 1.0


def printed_as(found: float, expected: float, unit: float) -> bool:
    """`found` is `expected` rounded (half a unit either way) or cut (up to a unit below) to its printed digits."""
    short = expected - found
    return -unit / 2 - 1e-9 <= short < unit + 1e-9


@dataclass
class _Table:
    rows: list[int]  # positions
    by_key: dict[str, int]


class _Checker:
    def __init__(self, report: Report, rows: Sequence[IndicatorRow], nodes: list[Node], matches: list[Match],
                 catalogue: Catalogue):
        self.report, self.rows, self.nodes, self.matches, self.cat = report, rows, nodes, matches, catalogue
        self.checks: list[Check] = []
        self.by_table: dict[int, _Table] = {}
        everywhere: dict[str, list[int]] = {}
        for pos, node in enumerate(nodes):
            table = self.by_table.setdefault(node.table, _Table([], {}))
            table.rows.append(pos)
            key = matches[pos].key
            if key:
                table.by_key.setdefault(key, pos)
                everywhere.setdefault(key, []).append(pos)
        self.unique = {key: found[0] for key, found in everywhere.items() if len(found) == 1}
        self.covered: set[tuple[str, int]] = set()  # (rule, target pos) already checked

    # ------------------------------------------------------------------ helpers
    def find(self, key: str, near: int) -> Optional[int]:
        """The row keyed `key` in the same table, else the one row of the report with that key."""
        pos = self.by_table[self.nodes[near].table].by_key.get(key)
        return pos if pos is not None else self.unique.get(key)

    def value(self, pos: int) -> Optional[float]:
        return self.rows[pos].value

    def add(self, rule: str, positions: list[int], expected: Optional[float], found: Optional[float],
            passed: bool, detail: str) -> None:
        self.covered.add((rule, positions[0]))
        self.checks.append(Check(
            source_sha256=self.report.source_sha256, table=self.rows[positions[0]].table if positions else None,
            rule=rule, row_indexes=[self.rows[p].row_index for p in positions], expected=expected, found=found,
            passed=passed, detail=detail))

    def label(self, pos: int) -> str:
        row = self.rows[pos]
        return f"{self.nodes[pos].path or row.stt or '?'} {row.indicator[:60]}"

    def entry(self, pos: int) -> Optional[Indicator]:
        return self.cat.indicators.get(self.matches[pos].key or "")

    # ------------------------------------------------------------------ rules
    def run(self) -> list[Check]:
        for pos in range(len(self.rows)):
            self.catalogue_rules(pos)
        for pos in range(len(self.rows)):
            self.table_rules(pos)
        for table in self.by_table.values():
            self.numbering(table)
        self.period_matches_date()
        return self.checks

    def numbering(self, table: _Table) -> None:
        """The table's STTs run as a numbering can (`SttTracker`: skips and repeats pass, a jump backwards or far
        ahead does not): one failed check per row that breaks the run, none where it holds (a row read with a
        misplaced or lost STT is not stored as sure). The run goes on from a breaking STT only when the next one
        follows it (rows lost between), not from a misread one (`11` for `1.3`, then `1.4`)."""
        numbered = [(pos, stt) for pos in table.rows
                    if (stt := (self.rows[pos].stt or "").strip()) and stt not in STT_DASHES]
        tracker = SttTracker()
        for k, (pos, stt) in enumerate(numbered):
            if tracker.plausible(stt):
                tracker.accept(stt)
                continue
            self.add("stt_sequence", [pos], None, None, False,
                     f"STT `{stt}` cannot follow `{'.'.join(map(str, tracker.last or ())) or 'the start'}`")
            after = copy.copy(tracker)
            after.accept(stt)
            if k + 1 < len(numbered) and after.plausible(numbered[k + 1][1]):
                tracker = after

    def catalogue_rules(self, pos: int) -> None:
        entry, found = self.entry(pos), self.value(pos)
        if entry is None or found is None:
            return
        if entry.formula and entry.formula.op == "rate":
            below = {self.matches[c].key: c for c in self.nodes[pos].children}
            a, b = (below.get(term) for term in entry.formula.terms)
            if (a is None or b is None) and self._counts_below(pos) >= 2:
                return  # its own parts are under it, unkeyed: `rate_from_children` reads them
            if a is None or b is None:
                a, b = (self.find(term, pos) for term in entry.formula.terms)
            if a is not None and b is not None:
                self.rate(pos, a, b, f"{entry.key} = {entry.formula.text()}")
        elif entry.formula and entry.formula.op == "sum":
            parts = [self.find(term, pos) for term in entry.formula.terms]
            if all(p is not None for p in parts):
                self.sum(pos, parts, f"{entry.key} = {entry.formula.text()}")  # type: ignore[arg-type]
        if entry.at_most:
            bound = self.find(entry.at_most, pos)
            if bound is not None:
                self.at_most(pos, bound, f"{entry.key} ≤ {entry.at_most}")

    def table_rules(self, pos: int) -> None:
        row, node = self.rows[pos], self.nodes[pos]
        kind = unit_kind(row.unit)
        entry = self.entry(pos)
        rate = kind == "rate" or (entry is not None and entry.kind == "rate")
        bounded = entry is None or not entry.any_range
        if row.value is None:
            # a `%` row's bare ratio is a part of a whole: never more than it (`71/1` is a misread `71,1`)
            ratio = parse_ratio(row.value_raw)
            if rate and bounded and ratio is not None and ratio[1] > 0:
                implied = ratio[0] / ratio[1] * 100
                self.add("pct_range", [pos], None, round(implied, 4), PCT_MIN <= implied <= PCT_MAX,
                         f"a percentage lies in {PCT_MIN:g}-{PCT_MAX:g}: {row.value_raw} is a part of a whole")
            return
        if rate:
            if ("rate", pos) not in self.covered:
                self.rate_from_children(pos)
            if bounded:
                ok = PCT_MIN <= row.value <= PCT_MAX
                self.add("pct_range", [pos], None, row.value, ok, f"a percentage lies in {PCT_MIN:g}-{PCT_MAX:g}")
        if counts_things(row.unit):
            ok = row.value >= 0 and float(row.value).is_integer()
            self.add("count_whole", [pos], None, row.value, ok, f"a count of `{row.unit}` is a whole number")
        codes = unit_codes(row.unit)
        if codes:
            self.add("code_in_set", [pos], None, row.value, row.value in codes,
                     f"the value is one of the codes of `{row.unit}`: {codes}")
        if kind in (None, "count", "money") and ("sum", pos) not in self.covered:
            self.sub_rows_sum(pos)

    def rate(self, pos: int, a: int, b: int, rule: str) -> None:
        part, whole = self.value(a), self.value(b)
        if part is None or whole is None or whole <= 0:
            return  # no rate of nothing
        expected = part / whole * 100
        found = self.value(pos)
        ok = printed_as(found, expected, printed_tolerance(self.rows[pos].value_raw))
        self.add("rate", [pos, a, b], round(expected, 4), found, ok,
                 f"{rule}: {part:g} / {whole:g} × 100 = {expected:.2f}")

    def _count_children(self, pos: int) -> list[int]:
        return [c for c in self.nodes[pos].children if not self.nodes[c].is_sub
                and unit_kind(self.rows[c].unit) == "count"]

    def _counts_below(self, pos: int) -> int:
        return len(self._count_children(pos))

    def rate_from_children(self, pos: int) -> None:
        """A `%` row with counts under it: the second over the first, as the template orders them (the total,
        then the part)."""
        counts = self._count_children(pos)[:2]  # an empty one leaves the rate unchecked, not read off a third
        if len(counts) == 2 and all(self.value(c) is not None for c in counts):
            self.rate(pos, counts[1], counts[0], f"{self.label(pos)} = ({self.label(counts[1])}) / "
                                                 f"({self.label(counts[0])}) × 100")

    def sum(self, pos: int, parts: list[int], rule: str) -> None:
        values = [self.value(p) for p in parts]
        if any(v is None for v in values):
            return
        expected, found = sum(values), self.value(pos)  # type: ignore[arg-type]
        tolerance = max(COUNT_TOLERANCE, printed_tolerance(self.rows[pos].value_raw) / 2)
        self.add("sum", [pos, *parts], expected, found, abs(found - expected) < tolerance,
                 f"{rule}: {' + '.join(f'{v:g}' for v in values)} = {expected:g}")

    def at_most(self, pos: int, bound: int, rule: str, found: Optional[float] = None) -> None:
        found = self.value(pos) if found is None else found
        limit = self.value(bound)
        if ("child_le_parent", pos) in self.covered or found is None or limit is None:
            return
        self.add("child_le_parent", [pos, bound], limit, found, found <= limit + COUNT_TOLERANCE,
                 f"{rule}: {found:g} ≤ {limit:g}")

    def sub_rows_sum(self, pos: int) -> None:
        """The `Trong đó` sub-rows of a row add up to it; a sub-row broken down further (a channel into its
        levels) counts once, by its own value or by the sum of its own sub-rows."""
        subs = [c for c in self.nodes[pos].children if self.nodes[c].is_sub]
        if not subs or is_roman(self.rows[pos].stt):
            return
        if any(unit_kind(self.rows[c].unit) in ("rate", "code") for c in subs):
            return
        keys = {c: self.matches[c].key for c in subs}
        outer = [c for c in subs if not any(keys[c] and keys[o] and o != c and keys[c].startswith(keys[o] + ".")
                                            for o in subs)]
        values: list[Optional[float]] = []
        for c in outer:
            inner = [i for i in subs if i != c and keys[c] and keys[i] and keys[i].startswith(keys[c] + ".")]
            values.append(self._effective(c, inner))
        if any(v is None for v in values):
            return
        if len(outer) == 1:
            self.at_most(outer[0], pos, f"`Trong đó` {self.label(outer[0])} ≤ {self.label(pos)}", values[0])
            return
        expected, found = sum(values), self.value(pos)  # type: ignore[arg-type]
        self.add("sum", [pos, *outer], expected, found, abs(found - expected) < COUNT_TOLERANCE,
                 f"`Trong đó` rows add up to {self.label(pos)}: "
                 f"{' + '.join(f'{v:g}' for v in values)} = {expected:g}")  # type: ignore[str-format]

    def _effective(self, pos: int, inner: list[int]) -> Optional[float]:
        value = self.value(pos)
        if value is not None:
            return value
        if inner:
            parts = [self.value(i) for i in inner]
            return None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type]
        return None  # an empty cell is not 0 (`không phải báo cáo` may hide the district's part): no check

    def period_matches_date(self) -> None:
        report = self.report
        bounds = period_bounds(report.period_type, report.period_number, report.year)
        if bounds is None or report.report_date is None:
            return
        start, end = bounds
        latest = end + dt.timedelta(days=PERIOD_GRACE_DAYS)
        ok = start <= report.report_date <= latest
        self.checks.append(Check(
            source_sha256=report.source_sha256, table=None, rule="period_matches_date", row_indexes=[],
            expected=None, found=None, passed=ok,
            detail=f"report dated {report.report_date.isoformat()}, period {start.isoformat()} … {end.isoformat()}"
                   f" (+{PERIOD_GRACE_DAYS} days)"))


def period_bounds(period_type: Optional[str], number: Optional[int], year: Optional[int]
                  ) -> Optional[tuple[dt.date, dt.date]]:
    if year is None or period_type is None:
        return None
    months = {"year": (1, 12), "nine_months": (1, 9)}.get(period_type)
    if months is None:
        if number is None:
            return None
        size = {"quarter": 3, "half_year": 6, "month": 1}.get(period_type)
        if size is None or not 1 <= number <= 12 // size:
            return None
        months = ((number - 1) * size + 1, number * size)
    first, last = months
    end = dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


def run_checks(report: Report, rows: Sequence[IndicatorRow], nodes: list[Node], matches: list[Match],
               catalogue: Catalogue) -> list[Check]:
    return _Checker(report, rows, nodes, matches, catalogue).run()

"""Values held to the table's arithmetic: a scanned value that breaks a check, or reads as no number, is read
again, and a reading that satisfies the table is taken.

OCR misreads a figure now and then in a way no single cell can tell (`649` for `64,9`, `348,7` for `38,7`); the
table can: a percentage above 100, parts that do not add up to their total, a count above the count it is part
of. Other figures read as no number at all (`H` for 11, `B7` for 87). For every OCR'd value in a failed check and
every one that reads as no number, the ink of its cell is read again (extract/ocr_values); a number enough of the
readings agree on replaces the value when with it every check of the row passes and no other check fails that
passed. A number is never made up to fit: only what the ink read as is tried, and a value no reading fits keeps
its first reading and its flags. A value taken so keeps what was first read in `read_as`, is flagged
`value_reread`, and the report's `repairs` names it."""
from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

import regex as re

from baocao.catalog.checks import VALUE_RULES
from baocao.normalize.numbers import parse_value
from baocao.schemas import Check, IndicatorRow
from baocao.segment.vocab import ITEM_FIGURE, value_fit

# readings of one cell, as (text, confidence 0-100): what its ink read as, cut at each threshold, by each model
Readings = list[tuple[str, float]]
ReadAgain = Callable[[Sequence[IndicatorRow]], list[Readings]]

MIN_AGREEING = 2  # of a cell's readings, at least this many must read the value taken
MIN_SURE = 60.0  # … each at least this sure (0-100)


def hold_values(rows: Sequence[IndicatorRow], checks: list[Check], recheck: Callable[[], list[Check]],
                read_again: ReadAgain) -> tuple[list[Check], list[str]]:
    """The checks after every value that could be put right was, and what was put right (for `repairs`)."""
    failed = {index for check in checks if not check.passed and check.rule in VALUE_RULES
              for index in check.row_indexes}
    doubted = [row for row in rows if row.word_confidence < 1.0 and row.value_bbox and row.value_raw
               and (row.row_index in failed or unread_value(row))]
    if not doubted:
        return checks, []
    notes: list[str] = []
    for row, readings in zip(doubted, read_again(doubted)):
        for raw, value in _candidates(row, readings):
            first_raw, first_value = row.value_raw, row.value
            row.value_raw, row.value = raw, value
            trial = recheck()
            # the row's checks all pass, and the others fail no more than before
            if _fails(trial, row.row_index) == 0 and \
                    _n_failed(trial) <= _n_failed(checks) - _fails(checks, row.row_index):
                checks = trial
                row.read_as = "; ".join(filter(None, [row.read_as, f"value: {first_raw}"]))
                row.flags.append("value_reread")
                notes.append(f"row {row.stt_path or row.stt or row.row_index} value `{first_raw}` read again as "
                             f"`{raw}` (its checks pass)")
                break
            row.value_raw, row.value = first_raw, first_value
    return checks, notes


_FIGURE_GLUED = re.compile(r"\d\p{L}|\p{L}\d")


def unread_value(row: IndicatorRow) -> bool:
    """A value cell OCR misread: what reads as no number, computation and no value word (`7?`, `.228`, `H` for
    11, `lãi` for 11, a unit's words), or a number with a letter glued to it (`3Q`, `4I`), which the number reads
    as its digits alone. A list of items is a value of its own."""
    raw = (row.value_raw or "").strip()
    if not raw or ITEM_FIGURE.search(raw):
        return False
    fit = value_fit(raw.rstrip(" .,:;"))
    if row.value is None:  # a dash, `x` or a ratio (`27/101`) is no number, and no misreading
        return fit == 0
    return fit == 0 and bool(_FIGURE_GLUED.search(raw))


def _candidates(row: IndicatorRow, readings: Readings) -> list[tuple[str, float]]:
    """The numbers other than the row's that enough readings agree on, and more than read the row's own, most
    agreed first; a number the page read well (no misreading) gives way only to what most of the sure readings
    say (a box that missed its figure reads as specks and a stray digit or two)."""
    votes: Counter = Counter()
    texts: dict[float, str] = {}
    n_sure = 0
    for text, sure in readings:
        if sure < MIN_SURE:
            continue
        n_sure += 1
        text = " ".join(text.split())
        value = parse_value(text)
        if value is not None and value_fit(text):
            votes[value] += 1
            texts.setdefault(value, text)
    kept = votes.pop(row.value, 0)
    needed = MIN_AGREEING if row.value is None or unread_value(row) else max(MIN_AGREEING, n_sure // 2 + 1)
    return [(texts[value], value) for value, n in votes.most_common() if n >= needed and n > kept]


def _fails(checks: list[Check], index: int) -> int:
    return sum(not c.passed and index in c.row_indexes for c in checks if c.rule in VALUE_RULES)


def _n_failed(checks: list[Check]) -> int:
    return sum(not c.passed for c in checks)

"""Whether a table read as a statistics table has the shape of one: most numbered rows carry a unit or a value,
and the unit column holds units, not figures. A layout the reader did not master shows here (columns shifted,
units and values left empty), and the document is then `partial` with the reason, never `ok`."""
from __future__ import annotations

from collections import defaultdict
from typing import Optional, Sequence

from baocao.segment.rows import TableRecord
from baocao.segment.stt import parse_stt
from baocao.segment.vocab import value_fit
from baocao.settings import SETTINGS, ReaderSettings


def shape_problems(records: Sequence[TableRecord], settings: ReaderSettings = SETTINGS.reader) -> list[str]:
    """One sentence per table whose rows do not look like a statistics table's."""
    tables: dict[Optional[str], list[TableRecord]] = defaultdict(list)
    for record in records:
        tables[record.table].append(record)
    problems = []
    for label, rows in tables.items():
        numbered = [r for r in rows if r.stt and parse_stt(r.stt) is not None]
        if len(numbered) < settings.shape_min_rows:
            continue
        name = label or "the table"
        empty = sum(1 for r in numbered if not r.unit and not r.value_raw)
        if empty > settings.shape_empty_share * len(numbered):
            problems.append(f"{name}: {empty} of {len(numbered)} numbered rows have neither unit nor value "
                            "(columns may not have been found)")
        figures = sum(1 for r in numbered if r.unit and value_fit(r.unit) == 1.0)
        if figures > settings.shape_figure_unit_share * len(numbered):
            problems.append(f"{name}: {figures} of {len(numbered)} units are figures (columns may be shifted)")
    return problems

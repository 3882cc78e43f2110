"""Rows of the lake that got no indicator key, grouped by wording and unit, most frequent first: what the catalogue
should learn next (`baocao unmatched LAKE`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from baocao.catalog.pivot import read_dataset
from baocao.catalog.tree import is_roman


@dataclass
class Unmatched:
    indicator: str
    unit: str | None
    rows: int
    reports: int
    example: str  # a source file and its STT path, to find the row


def unmatched_rows(lake: Path) -> list[Unmatched]:
    rows = read_dataset(lake, "indicators", ["source_file", "source_sha256", "indicator", "unit", "stt",
                                             "stt_path", "indicator_key"])
    rows = rows[rows["indicator_key"].isna() & ~rows["stt"].map(lambda s: is_roman(s) if isinstance(s, str)
                                                                   else False)]
    out = []
    for (indicator, unit), group in rows.groupby(["indicator", rows["unit"].fillna("")], sort=False):
        first = group.iloc[0]
        out.append(Unmatched(indicator, unit or None, len(group), group["source_sha256"].nunique(),
                             f"{first['source_file']} {first['stt_path'] or first['stt'] or ''}".strip()))
    return sorted(out, key=lambda u: (-u.rows, u.indicator))


def render(found: list[Unmatched], limit: int = 0) -> str:
    shown = found[:limit] if limit else found
    lines = [f"{u.rows:5d} rows {u.reports:4d} reports  {u.indicator} | {u.unit or '-'}   ({u.example})"
             for u in shown]
    total = sum(u.rows for u in found)
    lines.append(f"{total} unkeyed rows, {len(found)} wordings" + (f" ({len(shown)} shown)" if limit else ""))
    return "\n".join(lines) + "\n"

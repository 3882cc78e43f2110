"""The shape of a report's tables: which row each row sits under, and the row's STT path.

STT restarts in every section (`2` is in I, II and III), so a row's parent is the nearest row above it with the
parent's STT inside the same section, and its path qualifies the STT by the section (`II.2.2`). A `Trong đó`
sub-row (no STT, or `-`) breaking a row down gets that row's path plus a letter for its place (`III.3.3.1.a`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol, Sequence

from baocao.segment.stt import parse_stt, roman_value


class RowLike(Protocol):
    table: Optional[str]
    stt: Optional[str]
    parent_stt: Optional[str]


@dataclass
class Node:
    pos: int  # the row's place in the list given
    table: int  # which table (run of rows with one label) it belongs to
    parent: Optional[int] = None  # pos of the row it sits under
    section: Optional[int] = None  # pos of the roman section row it is in
    path: Optional[str] = None
    is_sub: bool = False  # no STT (or `-`) under a numbered row: it breaks that row down
    children: list[int] = field(default_factory=list)


def is_roman(stt: Optional[str]) -> bool:
    return bool(stt) and roman_value(stt) is not None and parse_stt(stt) is None


def is_unnumbered(stt: Optional[str]) -> bool:
    return stt is None or stt == "-"


def table_runs(rows: Sequence[RowLike]) -> list[list[int]]:
    """Positions of the rows of each table: consecutive rows with the same label."""
    runs: list[list[int]] = []
    last: object = object()
    for pos, row in enumerate(rows):
        if not runs or row.table != last:
            runs.append([])
            last = row.table
        runs[-1].append(pos)
    return runs


def _letters(k: int) -> str:
    """1 → a, 26 → z, 27 → aa."""
    out = ""
    while k > 0:
        k, rest = divmod(k - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def build_tree(rows: Sequence[RowLike]) -> list[Node]:
    nodes = [Node(pos, 0) for pos in range(len(rows))]
    for t, run in enumerate(table_runs(rows)):
        section: Optional[int] = None
        seen: dict[str, int] = {}
        subs: dict[Optional[int], int] = {}
        for pos in run:
            row, node = rows[pos], nodes[pos]
            node.table = t
            if is_roman(row.stt):
                section = pos
                node.path = _unique(row.stt, seen)
                continue
            node.section = section
            node.parent = _find_parent(rows, run, pos, section)
            if node.parent is not None:
                nodes[node.parent].children.append(pos)
            if is_unnumbered(row.stt):
                parent = nodes[node.parent] if node.parent is not None else None
                node.is_sub = parent is not None and not is_roman(rows[parent.pos].stt)
                if parent is not None and parent.path:
                    subs[node.parent] = subs.get(node.parent, 0) + 1
                    node.path = _unique(f"{parent.path}.{_letters(subs[node.parent])}", seen)
                continue
            base = f"{rows[section].stt}.{row.stt}" if section is not None else row.stt
            node.path = _unique(base, seen)
    return nodes


def _unique(path: str, seen: dict[str, int]) -> str:
    """A path printed twice in one table (an STT repeated by mistake) gets `#2`, `#3` …"""
    seen[path] = seen.get(path, 0) + 1
    return path if seen[path] == 1 else f"{path}#{seen[path]}"


def _find_parent(rows: Sequence[RowLike], run: list[int], pos: int, section: Optional[int]) -> Optional[int]:
    wanted = rows[pos].parent_stt
    if wanted is None:
        return None
    if section is not None and rows[section].stt == wanted:
        return section
    start = run.index(pos)
    for back in reversed(run[:start]):
        if section is not None and back < section:
            break  # STT restart in every section: a `2` of the section before is another row
        if rows[back].stt == wanted:
            return back
    return None

"""The ruling lines of a scanned table, and the exact cells they make.

Lines are found by a morphological opening of the ink mask along rows (horizontal rules) and columns (vertical
rules): only runs of ink much longer than any letter survive. Lines that cross each other form a table; the
table's cells are the rectangles between neighbouring rules, and a rule missing inside a row (or column) joins
the cells on both sides, as merged cells do in the document."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Rule:
    pos: float  # y of a horizontal rule, x of a vertical one (pixels)
    start: int  # extent along the rule
    end: int


@dataclass
class Grid:
    xs: list[float]  # column boundaries, left to right (len = columns + 1)
    ys: list[float]  # row boundaries, top to bottom (len = rows + 1)
    # owner[r][c] = (r0, c0): the top-left grid cell of the merged cell that (r, c) belongs to
    owner: list[list[tuple[int, int]]] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_boxes(self, margin: int = 0) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        """Each cell (merged cells once, by their top-left grid cell) as a pixel box `margin` inside its rules."""
        spans: dict[tuple[int, int], list[int]] = {}
        for r in range(len(self.ys) - 1):
            for c in range(len(self.xs) - 1):
                owner = self.owner[r][c] if self.owner else (r, c)
                span = spans.setdefault(owner, [c, r, c, r])
                span[2], span[3] = max(span[2], c), max(span[3], r)
        return {owner: (int(self.xs[c0]) + margin, int(self.ys[r0]) + margin,
                        int(self.xs[c1 + 1]) - margin, int(self.ys[r1 + 1]) - margin)
                for owner, (c0, r0, c1, r1) in spans.items()}

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        r = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.owner[r][c] if self.owner else (r, c)


def long_runs(ink: np.ndarray, length: int, gap: int = 2) -> np.ndarray:
    """Ink on a straight horizontal run of at least `length` pixels, bridging holes up to `gap` pixels
    (a scanned rule is often broken by the binarisation). Pass the transposed mask for vertical runs.

    Worked on the runs themselves (where each starts and ends along the flattened rows), not on windows over
    every pixel: a page has few runs, and this runs three times a page."""
    height, width = ink.shape
    # blank pixels at both ends of each row keep runs and the holes bridged between them in their row
    pad = max(gap, 0) + 1
    padded = np.zeros((height, width + 1 + pad), dtype=np.int8)
    padded[:, 1 : width + 1] = ink
    steps = np.diff(padded.ravel())
    starts = np.flatnonzero(steps == 1) + 1
    ends = np.flatnonzero(steps == -1) + 1  # one past each run's last pixel
    if gap > 0 and len(starts) > 1:
        # a hole up to `gap` wide between two runs of one row joins them
        joined = starts[1:] - ends[:-1] <= gap
        starts = starts[np.concatenate(([True], ~joined))]
        ends = ends[np.concatenate((~joined, [True]))]
    # a run reaches `gap` pixels on past its last (the closing's reach; the caller keeps only ink)
    ends = ends + max(gap, 0)
    keep = ends - starts >= length
    marks = np.zeros(padded.size + 1, dtype=np.int8)
    marks[starts[keep]] = 1
    marks[ends[keep]] = -1
    return np.cumsum(marks[:-1], dtype=np.int8).reshape(padded.shape)[:, 1 : width + 1].astype(bool)


def _rules(lines: np.ndarray, axis: int, min_len: int) -> list[Rule]:
    """Bands of line pixels → rules. axis=1: horizontal rules (runs along x)."""
    profile = lines.sum(axis=axis)
    on = profile >= min_len
    rules: list[Rule] = []
    k = 0
    n = len(on)
    while k < n:
        if not on[k]:
            k += 1
            continue
        j = k
        while j + 1 < n and on[j + 1]:
            j += 1
        band = lines[k : j + 1, :] if axis == 1 else lines[:, k : j + 1]
        along = np.nonzero(band.any(axis=0 if axis == 1 else 1))[0]
        weights = profile[k : j + 1].astype(np.float64)
        pos = float(np.dot(np.arange(k, j + 1), weights) / weights.sum())
        rules.append(Rule(pos=pos, start=int(along[0]), end=int(along[-1])))
        k = j + 1
    return rules


# the shortest run of ink taken for a rule: longer than any letter's stroke (with its marks above and below) and
# shorter than the narrowest column (a horizontal rule) or a table's height (a vertical one; a single row of one
# line, ~0.6 cm, is shorter). In inches of the page, not a share of it: a vertical rule as short as a landscape
# page's fiftieth is shorter than a letter with marks above and below (`ị`, `ỵ`), which was then wiped before OCR
# and read as `v trí`, `đ nh`.
H_RULE_MIN_IN = 0.41  # ~1 cm
V_RULE_MIN_IN = 0.3  # ~0.8 cm
# … but on a column's line, a vertical run of ink from one horizontal rule down to the next is the column's rule
# however short: a row of one line between two titles merged across the table (a section of one row, a page's last
# row under its section's title) has only such verticals, and a letter never touches both rules
V_RULE_BRIDGE_IN = 0.15
RULE_END_TOL_PX = 12  # how far from a horizontal rule such a run may end (pixels at OCR's 300 dpi)


def find_rules(ink: np.ndarray, dpi: float = 300.0) -> tuple[list[Rule], list[Rule], np.ndarray]:
    """Horizontal rules, vertical rules, and the mask of their pixels (to wipe before OCR); `ink` at `dpi`."""
    h_len, v_len = round(H_RULE_MIN_IN * dpi), round(V_RULE_MIN_IN * dpi)
    # found at half resolution (a rule stays ≥ 1 px thick), 4x less work. A 1 px rule the deskew left stepping
    # between two rows falls apart into dashes where the step crosses a border of the 2x2 blocks, so the blocks
    # are laid twice, the second time a pixel across the rule's direction further on; the second laying adds
    # only what the first did not find beside it (else it would take a row of the letters touching the rule).
    horizontal = _full_size(long_runs(_half(ink, 0, 0), h_len // 2), ink, 0, 0)
    horizontal |= _full_size(long_runs(_half(ink, 1, 0), h_len // 2), ink, 1, 0) & ~_beside(horizontal, 0)
    vertical = _full_size(_vertical_runs(_half(ink, 0, 0), v_len // 2), ink, 0, 0)
    vertical |= _full_size(_vertical_runs(_half(ink, 0, 1), v_len // 2), ink, 0, 1) & ~_beside(vertical, 1)
    h_rules = _rules(horizontal, axis=1, min_len=h_len)
    v_rules = _rules(vertical, axis=0, min_len=v_len)
    # pieces of the columns' rules in rows too short to show a long one (they mark no column of their own: a
    # photographed page's specks and strokes can join two rules too)
    bridges = _bridges(ink & ~horizontal & ~vertical, h_rules, v_rules, round(V_RULE_BRIDGE_IN * dpi))
    return h_rules, v_rules, horizontal | vertical | bridges


def _bridges(ink: np.ndarray, h_rules: list[Rule], v_rules: list[Rule], length: int) -> np.ndarray:
    """The vertical runs of ink at least `length` long that reach from one horizontal rule to another, on the line
    of a vertical rule."""
    found = np.zeros_like(ink)
    if len(h_rules) < 2 or not v_rules:
        return found
    runs = _full_size(_vertical_runs(_half(ink, 0, 0), length // 2), ink, 0, 0)
    tol = RULE_END_TOL_PX
    for x in np.flatnonzero(runs.any(axis=0)):
        if not any(abs(x - v.pos) <= tol for v in v_rules):
            continue
        at = [h.pos for h in h_rules if h.start - tol <= x <= h.end + tol]  # the rules crossing this column
        ys = np.flatnonzero(runs[:, x])
        breaks = np.flatnonzero(np.diff(ys) > 2)
        for first, last in zip(np.r_[ys[0], ys[breaks + 1]], np.r_[ys[breaks], ys[-1]]):
            if any(abs(y - first) <= tol for y in at) and any(abs(y - last) <= tol for y in at) \
                    and last - first >= length:
                found[first:last + 1, x] = True
    return found


def _half(ink: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Ink at half resolution, its 2x2 blocks starting dy rows and dx columns in."""
    part = ink[dy:, dx:]
    height, width = part.shape[0] // 2 * 2, part.shape[1] // 2 * 2
    rows = part[0:height:2, :width] | part[1:height:2, :width]
    return rows[:, 0::2] | rows[:, 1::2]


def _beside(mask: np.ndarray, axis: int) -> np.ndarray:
    """The mask grown by a pixel both ways along `axis` (0: up and down)."""
    grown = mask.copy()
    if axis == 0:
        grown[1:] |= mask[:-1]
        grown[:-1] |= mask[1:]
    else:
        grown[:, 1:] |= mask[:, :-1]
        grown[:, :-1] |= mask[:, 1:]
    return grown


def _vertical_runs(small: np.ndarray, length: int) -> np.ndarray:
    return np.ascontiguousarray(long_runs(np.ascontiguousarray(small.T), length).T)


def _full_size(half: np.ndarray, ink: np.ndarray, dy: int, dx: int) -> np.ndarray:
    full = np.zeros_like(ink)
    full[dy : dy + half.shape[0] * 2, dx : dx + half.shape[1] * 2] = half.repeat(2, axis=0).repeat(2, axis=1)
    return full & ink


def _merge_close(values: list[float], tol: float) -> list[float]:
    merged: list[list[float]] = []
    for v in sorted(values):
        if merged and v - merged[-1][-1] <= tol:
            merged[-1].append(v)
        else:
            merged.append([v])
    return [sum(group) / len(group) for group in merged]


def find_grids(h_rules: list[Rule], v_rules: list[Rule], lines: np.ndarray, tol: int = 12) -> list[Grid]:
    """Tables: sets of rules that cross each other (connected through crossings), top to bottom."""
    crossings: list[tuple[int, int]] = []
    for i, h in enumerate(h_rules):
        for j, v in enumerate(v_rules):
            if h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol:
                crossings.append((i, j))
    parent = list(range(len(h_rules) + len(v_rules)))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, j in crossings:
        parent[root(i)] = root(len(h_rules) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(h_rules):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(v_rules):
        groups.setdefault(root(len(h_rules) + j), ([], []))[1].append(v)
    grids = []
    for hs, vs in groups.values():
        # a table has at least one row between two rules and two columns' worth of vertical rules
        if len(hs) < 2 or len(vs) < 2:
            continue
        grid = _grid(hs, vs, lines, tol)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.ys[0])


def _grid(hs: list[Rule], vs: list[Rule], lines: np.ndarray, tol: int) -> Grid | None:
    ys = _merge_close([h.pos for h in hs], tol)
    xs = _merge_close([v.pos for v in vs], tol)
    # tables drawn without outer side (or bottom) borders: the rules' far ends close the table
    left, right = min(h.start for h in hs), max(h.end for h in hs)
    top, bottom = min(v.start for v in vs), max(v.end for v in vs)
    if xs[0] - left > 3 * tol:
        xs.insert(0, float(left))
    if right - xs[-1] > 3 * tol:
        xs.append(float(right))
    if ys[0] - top > 3 * tol:
        ys.insert(0, float(top))
    if bottom - ys[-1] > 3 * tol:
        ys.append(float(bottom))
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    # a vertical rule absent inside a row joins the cells left and right of it
    for r in range(n_rows):
        for c in range(1, n_cols):
            if not _has_rule(lines, xs[c], ys[r], ys[r + 1], vertical=True, tol=tol):
                owner[r][c] = owner[r][c - 1]
    # a horizontal rule absent across a cell joins it with the cell above (a cell spanning rows)
    for r in range(1, n_rows):
        for c in range(n_cols):
            if owner[r][c] != (r, c):
                continue
            if not _has_rule(lines, ys[r], xs[c], xs[c + 1], vertical=False, tol=tol):
                above = owner[r - 1][c]
                # join only when the whole merged cell lines up, so the grid stays rectangular per cell
                for k in range(c, n_cols):
                    if owner[r][k] == (r, c):
                        owner[r][k] = above
    return Grid(xs=xs, ys=ys, owner=owner)


def _has_rule(lines: np.ndarray, pos: float, a: float, b: float, vertical: bool, tol: int) -> bool:
    """Whether rule pixels run along `pos` over most of the span a..b (ends trimmed: rules cross there)."""
    lo, hi = int(a + (b - a) * 0.15), int(b - (b - a) * 0.15)
    if hi <= lo:
        return True
    p0, p1 = max(0, int(pos) - tol // 2), int(pos) + tol // 2 + 1
    band = lines[lo:hi, p0:p1].any(axis=1) if vertical else lines[p0:p1, lo:hi].any(axis=0)
    return bool(band.mean() >= 0.6) if band.size else False

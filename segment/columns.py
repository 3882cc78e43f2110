"""Where a table's columns stand, where the words' positions are the columns' (a PDF page, OCR, text pulled
with its layout).

The header says what the columns are and roughly where: each name stands over its column (words a narrow column
wrapped apart, `Kết` over `quả`, are read together where they stand one above the other; a `(1) (2) (3)` row
marks every column's middle). The body says exactly where: between two neighbouring names runs a gutter that the
fewest body words cross, and the border is put in the widest such gutter. A unit column whose name the header
lost (OCR) stands where the rows' units do: the known units standing apart at the lines' ends, beside the values.
A page may place its columns anew (text pulled with its layout lays out each page by itself), so each page's
borders are found in its own lines.
Positions count only where the body agrees: in text pulled line by line a word's character column says nothing,
and value-like words at the ends of lines then stand anywhere."""
from __future__ import annotations

from typing import Optional, Sequence

from baocao.segment.lines import RLine
from baocao.segment.vocab import (
    COLUMN_NUMBER,
    STT_TOKEN,
    gives_a_code,
    header_key,
    header_roles,
    unit_fit,
    value_fit,
)
from baocao.settings import SETTINGS, ReaderSettings

Bands = dict[str, tuple[float, float]]


def header_anchors(header: Sequence[RLine], settings: ReaderSettings = SETTINGS.reader,
                   pair: tuple[str, str] = ("unit", "value")) -> dict[str, tuple[float, float]]:
    """role → x-range of the header's name for it. `pair`: unit and value in the order the table has them."""
    found: dict[str, tuple[float, float]] = {}
    names: list[tuple[str, float, float, int]] = []  # (role, x0, x1, header line) of every name read
    results: list[tuple[float, float, int]] = []  # `Kết quả (thống kê)`, top to bottom: a group, or the value
    pieces: list[list] = []  # header words outside any name on their line, stacked by position
    numbers: list[tuple[float, float]] = []
    for at, line in enumerate(header):
        spans = line.spans
        named = header_roles([s.text for s in spans])
        used = set()
        for role, i, j in named:
            names.append((role, spans[i].x0, spans[j - 1].x1, at))
            used.update(range(i, j))
        if all(COLUMN_NUMBER.match(s.text) for s in spans) and len(spans) >= 3:
            numbers = [(s.x0, s.x1) for s in spans]
            continue
        for k, span in enumerate(spans):
            if k in used or not header_key(span.text):
                continue
            stack = next((st for st in pieces if st[1] >= span.x0 and span.x1 >= st[0]), None)
            if stack is None:
                pieces.append([span.x0, span.x1, [span.text], at])
            else:
                stack[0], stack[1] = min(stack[0], span.x0), max(stack[1], span.x1)
                stack[2].append(span.text)
    for x0, x1, words, at in pieces:
        # a name a narrow column broke inside a word (`ST` / `T`) is read again whole
        names += [(role, x0, x1, at) for role, _, _ in header_roles(words) or header_roles(["".join(words)])]
    overhang = settings.group_overhang_share
    for role, x0, x1, at in names:
        # a name standing over another column's name, wider than it and on a line above, is a group over them,
        # whatever it reads (`Số liệu thống` / `kê` over `ĐVT` and `Số liệu`: the line's end cut the group's name
        # to the value's); so is a value's name over a lower row that names the unit and, beside it, the value
        # again (`Kết quả thực hiện` over `ĐVT` and `Số liệu`: one column's name is not in two places)
        if role == "result" or any(other not in (role, "result") and below > at and b - a < x1 - x0
                                   and x0 - overhang * (b - a) <= a and b <= x1 + overhang * (b - a)
                                   for other, a, b, below in names) or role == "value" and (_named_again_below(
                                       names, at, x0, x1) or _over_two_below(names, at, x0, x1)):
            results.append((x0, x1, at))
        else:
            _widen(found, role, x0, x1)
    if results and "value" not in found:
        # under a group over unit and value, the lower `Kết quả` names the value
        group = max(results, key=lambda r: r[1] - r[0])
        # a value's name under the group's, or on a lower line (the group's words, centred over unit and
        # value, may be narrower than the two: `Số liệu thống kê` over `ĐVT` and `Kết quả`)
        lower = [r for r in results
                 if r is not group and (group[0] <= (r[0] + r[1]) / 2 <= group[1] or r[2] > group[2])]
        unit_centre = (found["unit"][0] + found["unit"][1]) / 2 if "unit" in found else None
        if lower:
            found["value"] = lower[-1][:2]
        elif unit_centre is None or not group[0] <= unit_centre <= group[1]:
            found["value"] = group[:2]  # `Kết quả` beside `ĐVT`: the value's own name
        else:  # `Kết quả thống kê` over `Đơn vị tính` and an unnamed `Số liệu`
            unit = found["unit"]
            found["value"] = (unit[1], group[1]) if (unit[0] + unit[1]) < (group[0] + group[1]) \
                else (group[0], unit[0])
    if "stt" not in found and "indicator" in found:
        # a heading left of the indicator's name is the first column's, however it reads (a bold `STT` misread)
        # (not the opening words of a phrase that runs on into the indicator's name: its usage note)
        left = [s for line in header for s in _clear_of(line.spans, found["indicator"][0], settings.word_space_pt)
                if s.x1 < found["indicator"][0] and header_key(s.text)]
        if left:
            found["stt"] = (min(s.x0 for s in left), max(s.x1 for s in left))
    missing = [role for role in ("unit", "value") if role not in found]
    if len(missing) == 1 and "indicator" in found:
        # one heading no name took, standing clear of the names right of the indicator's (before the note's),
        # names the one of the pair the header lacks, however it reads (`ca` / `quả` for `Kết quả`)
        end = found["note"][0] if "note" in found else float("inf")
        free = [(x0, x1) for x0, x1, words, _ in pieces if found["indicator"][1] < x0 and x1 < end
                and not any(a < x1 and x0 < b for a, b in found.values()) and not header_roles(words)
                and any(ch.isalpha() for word in words for ch in word)]  # a page number in the block is none
        if len(free) == 1:
            found[missing[0]] = free[0]
    if numbers and len(numbers) == len(found):
        # the column numbers stand in the middle of every column: the surest anchors there are
        for role, span in zip(sorted(found, key=lambda r: sum(found[r])), numbers):
            found[role] = span
    elif len(numbers) in (4, 5) and len(found) < len(numbers):
        # names OCR lost (`ĐVT`; `Kết quả`, `Ghi chú` read as `quả Kết`, `chú Gi`): the column numbers still count
        # the form's columns, in its order, the note last where there are five
        roles = ("stt", "indicator", *pair, "note")[:len(numbers)]
        if set(found) <= set(roles) and all(_nearest(found[role], numbers) == roles.index(role) for role in found):
            found = dict(zip(roles, numbers))
    return found


def _nearest(span: tuple[float, float], spans: Sequence[tuple[float, float]]) -> int:
    """The index of the span whose middle is nearest `span`'s."""
    middle = sum(span) / 2
    return min(range(len(spans)), key=lambda k: abs(sum(spans[k]) / 2 - middle))


def _clear_of(spans: Sequence, x: float, gap: float) -> list:
    """The spans of a line that no chain of word spaces (gaps narrower than `gap`) links to a span reaching x."""
    out, linked = [], False
    for k in range(len(spans) - 1, -1, -1):
        linked = spans[k].x1 >= x or linked and spans[k + 1].x0 - spans[k].x1 < gap
        if not linked:
            out.append(spans[k])
    return out[::-1]


def _named_again_below(names: Sequence[tuple[str, float, float, int]], at: int, x0: float, x1: float) -> bool:
    """A lower header row names the unit, and the value clear of the range x0..x1."""
    return any(role == "unit" and below > at for role, _, _, below in names) \
        and any(role in ("value", "result") and below > at and (b < x0 or a > x1) for role, a, b, below in names)


def _over_two_below(names: Sequence[tuple[str, float, float, int]], at: int, x0: float, x1: float) -> bool:
    """Lower header rows name two columns (of different roles) that the range x0..x1 stands over, both in part:
    a group's name centred over them (`Kết quả thực hiện` over `ĐVT` and `Số liệu`)."""
    return len({role for role, a, b, below in names if below > at and min(b, x1) > max(a, x0)}) >= 2


def _widen(found: dict[str, tuple[float, float]], role: str, x0: float, x1: float) -> None:
    old = found.get(role)
    found[role] = (min(x0, old[0]), max(x1, old[1])) if old else (x0, x1)


def column_bands(anchors: dict[str, tuple[float, float]], body: Sequence[RLine], units: str,
                 settings: ReaderSettings = SETTINGS.reader) -> Optional[Bands]:
    """role → x-range of its column, left to right, for these body lines; None where the header's names do not
    stand in the forms' order or there are no lines.

    Clean gutters (runs of x no body word covers) are borders for sure. Each header name goes to the stretch
    between gutters whose words it overlaps most; two names in one stretch (a ragged indicator running up to
    right-aligned values leaves no clean gutter) are parted where the fewest words cross between them."""
    if units == "none" or not body or len(anchors) < 3:
        return None
    if "stt" not in anchors and "indicator" in anchors:  # the header did not name it: where the body's STTs stand
        anchors = {**anchors, **_stt_from_body(body, anchors["indicator"][0])}
    if "value" in anchors and "unit" not in anchors and units != "char":
        # the header lost the unit's name (OCR): where the rows' units stand, set apart from their indicators
        anchors = {**anchors, **_units_from_body(body, anchors["value"], settings)}
    order = sorted(anchors, key=lambda r: sum(anchors[r]))
    if order[:2] != ["stt", "indicator"] or "note" in order[:-1] or not {"unit", "value"} & set(order):
        return None
    step = 1.0 if units == "char" else 0.5
    words = [s for line in body for s in line.spans]
    spans = [(s.x0, s.x1) for s in words]
    lo, hi = min(x0 for x0, _ in spans), max(x1 for _, x1 in spans)
    # value-like words, which must end up inside the value column; not a coded unit's own numbers (`Có = 1`)
    numbers = [(s.x0 + s.x1) / 2 for line in body for before, s in zip([None, *line.spans], line.spans)
               if value_fit(s.text) == 1.0 and not gives_a_code(before and before.text)]
    cover = _cover(spans, lo, hi, step)
    gutters = [(a, b) for a, b in _free_runs(cover, 0)  # (first, end) bin ranges, margins left out
               if (b - a) * step >= (settings.min_gutter_char if units == "char" else settings.word_space_pt)]
    stretches: list[tuple[float, float]] = []  # x-extent of the words between two gutters
    edges = [0] + [g for run in gutters for g in run] + [len(cover)]
    for a, b in zip(edges[::2], edges[1::2]):
        stretches.append((lo + a * step, lo + b * step))
    home: dict[str, int] = {}
    for role in order:
        x0, x1 = anchors[role]
        overlaps = [max(0.0, min(x1, b) - max(x0, a)) for a, b in stretches]
        best = max(range(len(stretches)), key=lambda k: (overlaps[k], -abs((x0 + x1) / 2 - sum(stretches[k]) / 2)))
        home[role] = best
    numbered = _stretch_of_numbers(body, stretches, anchors["indicator"][0])
    if numbered is not None and numbered < home["indicator"]:
        # the STTs stand apart from the indicators: a wide STT name (`Số thứ tự` centred over a narrow column)
        # that reaches over the indicators' first words does not take them into its column
        home["stt"] = numbered
    if [home[r] for r in order] != sorted(home[r] for r in order):
        return None  # names and columns disagree on the order
    unnamed = _unnamed_unit_or_value(body, stretches, home)
    if unnamed:  # the header lost one of the pair's names (OCR): the data's own column stands in for it
        role, k = unnamed
        anchors = {**anchors, role: stretches[k]}
        home[role] = k
        order = sorted(anchors, key=lambda r: home[r])
    borders: list[float] = []
    for left, right in zip(order, order[1:]):
        if home[left] != home[right]:
            run = gutters[home[right] - 1]  # the gutter just left of the right column's stretch
            borders.append(lo + step * (run[0] + run[1]) / 2)
            continue
        a, b = stretches[home[left]]
        x_left = max(a, (anchors[left][0] + anchors[left][1]) / 2 if left != "stt" else anchors[left][1])
        x_right = (anchors[right][0] + anchors[right][1]) / 2
        if home[left] < len(stretches) - 1:  # do not search into the gutter of the next stretch
            x_right = min(b - step, x_right)
        lo_x, hi_x = min(x_left, x_right), max(x_left, x_right)
        # numbers between the two names belong to the value column: the border leaves them on its side
        side = "left" if left == "value" else "right" if right == "value" else None
        inside = [x for x in numbers if lo_x <= x <= hi_x] if side else []
        borders.append(_gutter(spans, lo_x, hi_x, step, inside, side))
    edges_x = [float("-inf"), *borders, float("inf")]
    return {role: (edges_x[k], edges_x[k + 1]) for k, role in enumerate(order)}


def _opening_numbers(body: Sequence[RLine], x: float) -> list:
    """The STTs opening the body's lines left of x (as spans)."""
    return [line.spans[0] for line in body if line.spans and STT_TOKEN.match(line.spans[0].text)
            and line.spans[0].x1 < x]


def _stretch_of_numbers(body: Sequence[RLine], stretches: list[tuple[float, float]], x: float) -> Optional[int]:
    """The stretch where most of the STTs opening the body's lines left of x stand (none: fewer than two)."""
    spots = [(s.x0 + s.x1) / 2 for s in _opening_numbers(body, x)]
    counts = [sum(a <= spot <= b for spot in spots) for a, b in stretches]
    best = max(range(len(stretches)), key=counts.__getitem__, default=None)
    return best if best is not None and len(spots) >= 2 and 2 * counts[best] > len(spots) else None


def _stt_from_body(body: Sequence[RLine], x: float) -> dict[str, tuple[float, float]]:
    """The STT column's x-range as the numbers opening the body's lines left of x show it (none: no two)."""
    spans = _opening_numbers(body, x)
    return {"stt": (min(s.x0 for s in spans), max(s.x1 for s in spans))} if len(spans) >= 2 else {}


def _units_from_body(body: Sequence[RLine], value: tuple[float, float], settings: ReaderSettings
                     ) -> dict[str, tuple[float, float]]:
    """The unit column's x-range where the rows show one: lines ending in a known unit or a piece of one that
    stands apart (a wide space before it), beside the value's column on one side; most of those words stand in
    there. Empty where fewer than a few lines show it."""
    runs: dict[bool, list[tuple[float, float]]] = {True: [], False: []}  # left of the value or right of it
    for line in body:
        spans = [s for s in line.spans if not (value[0] <= (s.x0 + s.x1) / 2 <= value[1] and value_fit(s.text))]
        for n in range(len(spans) - 1, 0, -1):  # the run of words at the end, after the last wide space
            if spans[n].x0 - spans[n - 1].x1 >= 2 * settings.word_space_pt:
                run = spans[n:]
                left, right = run[-1].x1 <= value[0], run[0].x0 >= value[1]
                if (left or right) and unit_fit(" ".join(s.text for s in run)) >= 0.5:
                    runs[left].append((run[0].x0, run[-1].x1))
                break
    found = max(runs.values(), key=len)
    if len(found) < settings.unit_column_evidence:
        return {}
    starts, ends = sorted(a for a, _ in found), sorted(b for _, b in found)
    return {"unit": (starts[len(starts) // 4], ends[3 * len(ends) // 4])}  # where most of them stand


def _unnamed_unit_or_value(body: Sequence[RLine], stretches: list[tuple[float, float]],
                           home: dict[str, int]) -> Optional[tuple[str, int]]:
    """(role, stretch) of a unit or value column the header does not name: a stretch between clean gutters that
    no name claims, beside the pair's named column, whose cells mostly read as that role (known units, numbers)."""
    named = {"unit", "value"} & set(home)
    if len(named) != 1:
        return None
    partner = named.pop()
    role, fit = ("unit", unit_fit) if partner == "value" else ("value", value_fit)
    for k in (home[partner] + 1, home[partner] - 1):
        if not 0 <= k < len(stretches) or k in home.values():
            continue
        a, b = stretches[k]
        cells = [" ".join(s.text for s in line.spans if a <= (s.x0 + s.x1) / 2 <= b) for line in body]
        cells = [cell for cell in cells if cell]
        if len(cells) >= 3 and sum(fit(cell) >= 0.5 for cell in cells) >= 0.6 * len(cells):
            return role, k
    return None


def _cover(spans: Sequence[tuple[float, float]], lo: float, hi: float, step: float) -> list[int]:
    """How many words cover each step of x from lo to hi (a word covers [x0, x1): in character columns the
    gutter between two columns may be a single column wide)."""
    size = max(1, int((hi - lo) / step) + 1)
    cover = [0] * size
    for x0, x1 in spans:
        a, b = max(0, int((x0 - lo) / step)), min(size - 1, int((x1 - lo) / step - 1e-6))
        for k in range(a, b + 1):
            cover[k] += 1
    return cover


def _free_runs(cover: Sequence[int], allowed: int) -> list[tuple[int, int]]:
    runs, start = [], None
    for k in range(len(cover) + 1):
        free = k < len(cover) and cover[k] <= allowed
        if free and start is None:
            start = k
        elif not free and start is not None:
            if start > 0 and k < len(cover):
                runs.append((start, k))
            start = None
    return runs


def _gutter(spans: Sequence[tuple[float, float]], lo: float, hi: float, step: float,
            numbers: Sequence[float] = (), side: Optional[str] = None) -> float:
    """The middle of the run of x between lo and hi that the fewest words cross, fewest numbers left on the
    wrong side of it (`side`: where the value column lies), widest first."""
    if hi - lo < step:
        return (lo + hi) / 2
    cover = _cover([(x0, x1) for x0, x1 in spans if x1 >= lo and x0 <= hi], lo, hi, step)
    runs, start = [], None
    for k in range(len(cover) + 1):
        if start is not None and (k == len(cover) or cover[k] != cover[start]):
            runs.append((start, k))
            start = None
        if start is None and k < len(cover):
            start = k
    def cost(run: tuple[int, int]) -> tuple[int, int]:
        x = lo + step * (run[0] + run[1] - 1) / 2
        astray = sum(1 for n in numbers if (n > x) == (side == "left"))
        return (cover[run[0]] + 2 * astray, -(run[1] - run[0]))
    best = min(runs, key=cost)
    return lo + step * (best[0] + best[1] - 1) / 2


def placed_evidence(bands: Bands, body: Sequence[RLine]) -> tuple[int, int]:
    """(value- and unit-like words standing last and alone on their lines' ends, how many of them sit in their
    columns). A number after other words in the same column is a note's date or a computation's part: no
    evidence either way."""
    seen = inside = 0
    for line in body:
        if len(line.spans) < 2:
            continue
        last, before = line.spans[-1], line.spans[-2]
        if gives_a_code(before.text) or last.text.startswith(("=", ":")):
            continue  # the code of a coded unit, not a value
        role = "value" if value_fit(last.text) == 1.0 else "unit" if unit_fit(last.text) == 1.0 else None
        if role is None or role not in bands:
            continue
        centre, before_centre = (last.x0 + last.x1) / 2, (before.x0 + before.x1) / 2
        if any(lo <= centre <= hi and lo <= before_centre <= hi for lo, hi in bands.values()):
            continue
        seen += 1
        lo, hi = bands[role]
        if lo <= centre <= hi:
            inside += 1
    return seen, inside

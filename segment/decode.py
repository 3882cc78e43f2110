"""Which lines of a table body make one row, when the source does not say.

Text pulled from a PDF gives a table's lines, not its rows, and the STT line starting a row is only one of the
ways a row can lie. A cell centred in its row puts the first lines of a wrapped indicator above the STT line; a
cell set at the bottom puts them all above it; a tool that pulls text cell after cell gives the STT, then the
indicator's lines, then the unit and the value, each on lines of their own. So the rows of a body are chosen
together, under each way a table can lie, and the way that explains the lines best is kept:

- lines side by side (top, centre, bottom): a dynamic programme over runs of lines; a run is scored by what it
  would mean as a row: one STT, an indicator that starts like one and whose lines join as Vietnamese does, its
  one-line cells where the table's alignment puts them; a short line holding one cell may be read as another
  cell than its words alone say (a narrow note's `ngày`), and a note's lines going on count as one note;
- cell after cell: a Viterbi pass over the lines, each read as one of its candidate cuts; a row's cells come in
  column order, and a row begins where the order starts again (but a wrapped STT's rest comes with the row's
  next visual line, and past a page break a row's cells go on from the left).

Evidence is in log-odds (`settings.reader`); the cuts' own scores come from segment/split.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median
from typing import Callable, NamedTuple, Optional, Sequence

from baocao.normalize.text import ends_open, join_cell_lines
from baocao.segment.joins import first_char_kind, join_vote, opens_item
from baocao.segment.lines import RLine
from baocao.segment.split import (
    DANGLING_CODE,
    WHOLE_LINE_NOTE,
    Cut,
    cell_unit_score,
    unit_score,
    value_piece_score,
)
from baocao.segment.stt import follows, is_stt, parse_stt, roman_value
from baocao.segment.vocab import (
    CODE_END,
    CODE_REST,
    LEVEL_ROW,
    ROLES,
    STT_DASHES,
    STT_TAIL,
    gives_a_code,
    join_wrapped_stt,
    stt_tail,
    unit_fit,
)
from baocao.settings import SETTINGS, ReaderSettings

SIDE_BY_SIDE = ("top", "centre", "bottom")
MODES = SIDE_BY_SIDE + ("stream",)
NEG = float("-inf")
_DASH_STARTS = tuple(STT_DASHES)
STRAY_LINE = -12.0  # a line read as a row of its own although it cannot be one


@dataclass
class Row:
    lines: list[int]  # positions in the body
    cuts: list[Cut]  # the cut chosen for each of those lines
    breakdown: bool = False  # a `Trong đó` sub-row
    # log-odds by which the row's reading won: over the best that parts its lines else, and (× cut_margin_weight)
    # over the best cut of one of its lines that puts the line's words in other cells
    margin: float = float("inf")


@dataclass
class Body:
    """A table body's lines with their candidate cuts."""

    lines: list[RLine]
    cuts: list[list[Cut]]  # per line: candidate cuts, best first
    breaks: set[int] = field(default_factory=set)  # lines right after a page break
    breakdown: set[int] = field(default_factory=set)  # lines under a `Trong đó` marker (until the next STT)
    ruled: set[int] = field(default_factory=set)  # lines under a horizontal rule across the table: a row begins
    runs_on: set[int] = field(default_factory=set)  # lines whose last cell goes on on the next line (Line.runs_on)
    order: tuple[str, ...] = ROLES  # the table's columns, left to right
    dots_lost: bool = False  # read by OCR: a wrapped STT's dot may be lost (`10` / `1` for `10.` / `1`)

    def opens_breakdown(self, k: int) -> bool:
        """A `Trong đó` marker stands right before line k: its sub-rows begin there, the row above has ended."""
        return k in self.breakdown and k - 1 not in self.breakdown

    @property
    def positioned(self) -> bool:
        """The lines stand where a page puts them (points), not at line numbers."""
        return bool(self.lines) and self.lines[0].placed


class Decoded(NamedTuple):
    """A body read one way: how well that explains its lines, its rows, and what reads each row's lines together
    and gives the rows their margins (asked of the way taken only: it scores every rival reading again)."""

    score: float
    rows: list[Row]
    settle: Callable[[], None]


def decode_rows(body: Body, settings: ReaderSettings = SETTINGS.reader) -> dict[str, Decoded]:
    """The body's rows under every way of lying it can take. The tables of one document lie the same way: the
    reader chooses the mode for all of them together."""
    if not body.lines:
        return {mode: Decoded(0.0, [], lambda: None) for mode in MODES}
    evidence = _Evidence(body, settings)
    readings: dict[int, list[list[_Reading]]] = {}
    out = {alignment: _side_by_side(evidence, alignment, readings) for alignment in SIDE_BY_SIDE}
    # rows the source states lie side by side, and so do the visual lines of a page: cell after cell is a way
    # only text pulled from a page lies
    if not body.positioned and sum(line.stated for line in body.lines) < 0.5 * len(body.lines):
        score, rows, settle = _cell_after_cell(evidence)
        # read cell after cell, a line holding one cell is free to be any cell: such a reading must explain each
        # such line plainly better than cells side by side do (texts pulled so do, by more than a log-odds a line)
        single = sum(1 for row in rows for cut in row.cuts if len(cut.roles()) == 1)
        out["stream"] = Decoded(score - settings.stream_prior_per_line * single, rows, settle)
    return out


def _stts_alone(body: Body, numbered: Sequence[Optional[Cut]]) -> float:
    """Of the lines that begin with a number that can be an STT, the share that hold nothing else (cell after
    cell, nearly all; side by side, few)."""
    lines = [k for k, cut in enumerate(numbered) if cut is not None and parse_stt(cut.stt.rstrip(".")) is not None]
    return sum(len(body.lines[k].spans) == 1 for k in lines) / len(lines) if lines else 0.0


def best_mode(tables: Sequence[dict[str, Decoded]]) -> str:
    """The way of lying that explains a document's tables best together (a table that cannot lie that way
    counts with its own best)."""
    def total(mode: str) -> float:
        return sum(t[mode].score if mode in t else max(v.score for v in t.values()) for t in tables)
    return max(MODES, key=total)


# ------------------------------------------------------------------------------------------------- evidence
@lru_cache(maxsize=65536)  # the row decoder asks the same pairs for every run of lines
def plausibility(previous: Optional[str], stt: str) -> float:
    """How well an STT follows the row numbered before it: the next number at some depth, a first child, the
    next section (or a numbering that restarts under it); a jump backwards or far ahead is unlikely."""
    stt = stt.rstrip(".")
    if stt in STT_DASHES:
        return 0.0
    number = parse_stt(stt)
    if number is None:
        return 0.5 if roman_value(stt) is not None else -2.0
    if previous is None:
        return 1.0 if number in ((1,), (1, 1)) else 0.0
    last = parse_stt(previous)
    if last is None:  # after a section: its numbering starts
        return 1.5 if number in ((1,), (1, 1)) else -1.0
    if number == last + (1,):
        return 1.5
    for k in range(len(last)):
        if number == last[:k] + (last[k] + 1,):
            return 1.5
    if len(number) == len(last) and number[:-1] == last[:-1] and 0 < number[-1] - last[-1] <= 3 \
            or number[:-1] == last and number[-1] <= 4:
        return 0.0  # a skipped number
    if len(number) > len(last) + 1 or number < last:
        return -2.5
    return -1.0


@dataclass(frozen=True)
class _CutView:
    """What a cut holds, read once: the roles of its cells that hold words, and its text cells."""

    roles: tuple[str, ...]
    indicator: str
    unit: str
    value: str


class _Evidence:
    """What every way of lying shares: the lines' cuts, how their indicators join, the page's line height."""

    def __init__(self, body: Body, settings: ReaderSettings):
        self.body = body
        self.s = settings
        heights = [ln.bottom - ln.top for ln in body.lines if ln.bottom > ln.top]
        self.height = median(heights) if heights else 1.0
        self.plain: list[Cut] = []  # per line: the best cut without an STT …
        self.numbered: list[Optional[Cut]] = []  # … and with one, if the line can start with one
        self.stated_stt: list[bool] = []  # … the source places an STT on it (its STT column's band or cell)
        for options in body.cuts:
            numbered = next((c for c in options if c.stt is not None), None)
            plain = next((c for c in options if c.stt is None), None)
            self.stated_stt.append(plain is None)
            if plain is None:  # the source says this is an STT: not reading it as one costs what it would gain
                plain = Cut(numbered.score - 2 * settings.stt_bonus,
                            {k: v for k, v in numbered.cells.items() if k != "stt"})
                plain.cells["indicator"] = numbered.cells["stt"] + numbered.cells.get("indicator", [])
            self.plain.append(plain)
            self.numbered.append(numbered)
        # a short line holding one cell may be another cell than its words alone say (a narrow note's `ngày`, a
        # unit's `vụ`), and a line may hold the code of a coded unit wrapped above (`dân cấp xã | 2` under `…
        # quy định:`): the row it lies in decides. Not where the STTs stand on lines of their own: text pulled
        # cell after cell has a line per cell, and reading its lines freely explains it side by side too well
        free = _stts_alone(body, self.numbered) < settings.other_cell_stts_alone
        # … and so may a longer line that its words alone read as no indicator (`Số lượng hồ sơ | TTHC do …`, a
        # unit's name opening an indicator's line)
        self.others = [[] if not free or line.stated or (len(line.spans) > settings.other_cell_words
                                                         and plain.cells.get("indicator")) else
                       [cut for cut in options if cut is not plain and cut.stt is None
                        and (len(cut.roles()) == 1 or _opens_code(cut))
                        and cut.score >= plain.score - settings.other_cell_margin]
                       for line, options, plain in zip(body.lines, body.cuts, self.plain)]
        # … and an STT line's other cells may be cut otherwise than its words alone say best (`4.2 … nhiệm vụ |
        # quy định: 2 | 1`, the unit's rest under `Đúng quy` / `định: 1` / `Không đúng` set above it)
        self.numbered_others = [[] if not free or line.stated or numbered is None else
                                [cut for cut in options if cut.stt == numbered.stt and cut is not numbered
                                 and cut.cells.get("unit") and not numbered.cells.get("unit")
                                 and cut.score >= numbered.score - settings.other_cell_margin]
                                [:settings.numbered_other_cuts]
                                for line, options, numbered in zip(body.lines, body.cuts, self.numbered)]
        n = len(body.lines)
        # every run of lines a..b is read under several STT options: what each cut holds is read once
        self.views = {id(cut): _CutView(tuple(cut.roles()), cut.text("indicator"), cut.text("unit"),
                                        cut.text("value"))
                      for cut in self.plain + self.numbered + [c for cuts in self.others + self.numbered_others
                                                               for c in cuts]
                      if cut is not None}
        self.whole: dict[tuple[str, tuple[str, ...]], float] = {}
        self._votes: dict[tuple[int, int, str], float] = {}
        self._said: dict[tuple[str, str], float] = {}  # … and on two texts
        self._judged: dict[tuple[str, tuple[str, ...]], float] = {}
        self.joins = [self.join(self.plain[k], self.plain[k + 1]) for k in range(n - 1)]
        self.unruled = self._unruled_lines()
        self.pitch = self._pitch()
        self.plain_breakdown = self._plain_breakdown()
        # a line whose source states its cells and that opens a new indicator is a row of its own
        self.stated_start = [line.stated and bool(cut.cells.get("indicator"))
                             and first_char_kind(cut.text("indicator")) == "upper"
                             for line, cut in zip(body.lines, self.plain)]

    def _plain_breakdown(self) -> set[int]:
        """The lines under a `Trong đó` whose sub-rows are not marked by a dash or a `+` (their first opens without
        one): there a row without STT is a sub-row; where the sub-rows are marked, a row without a mark is not."""
        lines, breakdown = self.body.lines, self.body.breakdown
        plain: set[int] = set()
        for k in sorted(breakdown):
            if k - 1 in breakdown:
                if k - 1 in plain:
                    plain.add(k)
            elif not lines[k].text.lstrip().startswith(_DASH_STARTS):
                plain.add(k)
        return plain

    def _unruled_lines(self) -> set[int]:
        """In a table ruled between its rows, the lines with no rule above them (and no page break): no row
        starts there. A table ruled only under its header, or whose rules a scan partly lost, says nothing."""
        body = self.body
        # (a wrapped STT's closing `.` on the line below starts no row)
        numbered = [k for k, cut in enumerate(self.numbered)
                    if cut is not None and cut.stt not in STT_DASHES and cut.stt.strip(".")]
        if len(numbered) < 3 or not body.ruled:
            return set()
        ruled_pairs = sum(1 for j, k in zip(numbered, numbered[1:])
                          if any(i in body.ruled or i in body.breaks for i in range(j + 1, k + 1)))
        if ruled_pairs < self.s.rows_ruled_share * (len(numbered) - 1):
            return set()
        return {k for k in range(1, len(body.lines)) if k not in body.ruled and k not in body.breaks}

    def _pitch(self) -> Optional[float]:
        """On a page, how far apart a cell's lines stand (top to top), from lines that plainly go on from the
        line above (an indicator's next line, in lower case; lines of other cells set between two lines of a
        cell stand closer)."""
        if not self.body.positioned:
            return None
        lines = self.body.lines
        cuts = [self.body.cuts[k][0] for k in range(len(lines))]
        holding = [k for k, cut in enumerate(cuts) if cut.cells.get("indicator")]
        steps = [lines[j].top - lines[k].top for k, j in zip(holding, holding[1:])
                 if lines[k].page == lines[j].page and first_char_kind(cuts[j].text("indicator")) == "lower"
                 and lines[j].top - lines[k].top > 0.5 * self.height]
        return median(steps) if len(steps) >= 3 else None

    def spread(self, before: RLine, line: RLine) -> int:
        """How many lines' room stands between two lines of one cell beyond a cell's own spacing (none: they may
        be one cell's; some: they are two cells', two rows')."""
        if self.pitch is None or before.page != line.page:
            return 0
        gap = line.top - before.top - self.pitch
        return max(1, round(gap / self.pitch)) if gap > self.s.cell_gap_tolerance_lines * self.height else 0

    def one_row(self, a: int, b: int) -> bool:
        """Whether lines a..b may still be one row, line b added: a row holds one STT the source places, or one
        a narrow STT column wrapped onto the next line or the one after (`10.1.` / `1.`)."""
        if not self.stated_stt[b]:
            return True
        before = [k for k in range(a, b) if self.stated_stt[k]]
        return not before or len(before) == 1 and b - before[0] <= 2 and _wraps(self.numbered[before[0]].stt,
                                                                                 self.numbered[b].stt,
                                                                                 self.body.dots_lost)

    def join(self, before: Cut, after: Cut, role: str = "indicator") -> float:
        """The language model's vote on a text cell (the indicator, a note) going on from one line to the next."""
        key = (id(before), id(after), role)  # the cuts live as long as the evidence: every run asks again
        vote = self._votes.get(key)
        if vote is None:
            vote = self._votes[key] = self.vote(before.text(role), after.text(role))
        return vote

    def judged(self, role: str, pieces: tuple[str, ...]) -> float:
        """A unit's or value's pieces on a row's lines judged as one cell, against each judged alone."""
        if len(pieces) < 2:
            return 0.0
        key = (role, pieces)
        gain = self._judged.get(key)
        if gain is None:
            judge = cell_unit_score if role == "unit" else value_piece_score
            gain = self._judged[key] = judge(" ".join(pieces)) - sum(map(judge, pieces))
        return gain

    def vote(self, a: str, b: str) -> float:
        vote = self._said.get((a, b))
        if vote is None:
            vote = self._said[(a, b)] = self._vote(a, b)
        return vote

    def _vote(self, a: str, b: str) -> float:
        return join_vote(a, b, self.s)

    def note_going_on(self, before: Cut, after: Cut) -> float:
        """A note's next line is no new note: what its line paid for starting one comes back, and the language
        model votes on the join."""
        return self.join(before, after, "note") - WHOLE_LINE_NOTE

    def opening(self, k: int, cut: Cut, previous_stt: Optional[str]) -> float:
        """What a row starting at line k with this cut says: an STT that follows on, a dash item, a sub-row under
        `Trong đó`, or text that cannot start an indicator."""
        if cut.stt is not None:
            stt = cut.stt.rstrip(".")
            return self.s.stt_bonus + (plausibility(previous_stt, stt) if stt not in STT_DASHES else 0.0) \
                + self.opening_text(k, cut.text("indicator"), numbered=True)
        return self.opening_text(k, cut.text("indicator"), numbered=False)

    def opening_text(self, k: int, first: str, numbered: bool, side_by_side: bool = False) -> float:
        """What the first words of a row's indicator say: text that goes on from a line before cannot open a
        row; a row without STT is a dash item, a sub-row under `Trong đó`, or unlikely. Side by side, a level
        (`Cấp xã`) is an item as a dash item is; cell after cell, its `-` comes on a line of its own before it."""
        s = self.s
        lower = bool(first) and first_char_kind(first) == "lower"
        score = -s.lowercase_start_penalty if lower else 0.0
        if numbered:
            return score
        if lower:
            score -= s.lowercase_unnumbered_penalty
        if first.startswith(_DASH_STARTS) or side_by_side and LEVEL_ROW.match(first):
            return score - 0.2 * s.no_stt_penalty
        if k in self.plain_breakdown:
            return score - 0.4 * s.no_stt_penalty
        return score - s.no_stt_penalty


def _opens_code(cut: Cut) -> bool:
    unit = cut.cells.get("unit")
    return bool(unit) and bool(CODE_REST.match(unit[0].text))


def _numbered_stt(cut: Cut, previous: Optional[str]) -> Optional[str]:
    """The STT the numbering goes on from after a row with this cut."""
    if cut.stt is None or cut.stt in STT_DASHES:
        return previous
    return cut.stt.rstrip(".")


# ---------------------------------------------------------------------------------------------- side by side
def _side_by_side(ev: _Evidence, alignment: str, readings: dict[int, list[list["_Reading"]]]) -> Decoded:
    """The best partition of the body into rows whose cells stand side by side under this alignment.
    `readings` keeps, per first line, each run of lines' ways of being a row between alignments (only their fit
    differs)."""
    body = ev.body
    n = len(body.lines)
    best = [NEG] * (n + 1)
    best[0] = 0.0
    last_stt: list[Optional[str]] = [None] * (n + 1)
    back: list[tuple[int, _Reading | None]] = [(0, None)] * (n + 1)
    for a in range(n):
        if best[a] == NEG:
            continue
        if best[a + 1] == NEG:  # a line no row can take (a stray mark): kept apart at a cost, never a dead end
            best[a + 1], back[a + 1], last_stt[a + 1] = best[a] + STRAY_LINE, (a, None), last_stt[a]
        if a not in readings:
            readings[a] = _readings_from(ev, a)
        for b, options in enumerate(readings[a], start=a):
            for reading in options:
                score = reading.score - reading.misfit[alignment]
                if reading.stt is not None:
                    score += plausibility(last_stt[a], reading.stt)
                if best[a] + score > best[b + 1]:
                    best[b + 1] = best[a] + score
                    back[b + 1] = (a, reading)
                    last_stt[b + 1] = reading.stt or last_stt[a]
    rows: list[Row] = []
    taken: list[Optional[_Reading]] = []
    b = n
    while b > 0:
        a, reading = back[b]
        numbered, other = (reading.numbered, reading.other) if reading else ((), {})
        cuts = [other.get(k, ev.numbered[k] if k in numbered else ev.plain[k]) for k in range(a, b)]
        rows.append(Row(list(range(a, b)), cuts, breakdown=not numbered and a in body.breakdown))
        taken.append(reading)
        b = a
    rows.reverse()
    taken.reverse()

    def settle() -> None:
        for row in rows:
            _assemble(ev, row)
        for row, margin in zip(rows, _margins(ev, alignment, readings, best, last_stt, rows, taken)):
            row.margin = min(row.margin, margin)
    return Decoded(best[n], rows, settle)


def _margins(ev: _Evidence, alignment: str, readings: dict[int, list[list["_Reading"]]],
             best: list[float], last_stt: list[Optional[str]], rows: list[Row],
             taken: list[Optional["_Reading"]]) -> list[float]:
    """Each row's margin: how much better the best partition explains the lines than the best one that reads
    the row otherwise (its lines parted else, or its STT or cells taken else). A backward pass gives the best
    reading of the lines after each point, so every other way is scored whole."""
    n = len(ev.body.lines)
    after = [NEG] * (n + 1)  # the best reading of lines a.. (the numbering's link into them not counted)
    first_stt: list[Optional[str]] = [None] * (n + 1)  # … and the first STT it reads
    after[n] = 0.0

    def link(stt: Optional[str], b: int) -> float:
        return plausibility(stt, first_stt[b]) if stt is not None and first_stt[b] is not None else 0.0

    def spans(a: int):
        yield a, None, STRAY_LINE
        for b, options in enumerate(readings[a], start=a):
            for reading in options:
                yield b, reading, reading.score - reading.misfit[alignment]

    for a in range(n - 1, -1, -1):
        for b, reading, score in spans(a):
            stt = reading.stt if reading else None
            total = score + link(stt, b + 1) + after[b + 1]
            if total > after[a]:
                after[a], first_stt[a] = total, stt or first_stt[b + 1]
    whole = best[n]
    crossing = [NEG] * (n + 1)  # the best reading with no row starting at line p
    same: dict[tuple[int, int], list[tuple[float, "_Reading"]]] = {(row.lines[0], row.lines[-1]): [] for row in rows}
    for a in range(n):
        for b, reading, score in spans(a):
            stt = reading.stt if reading else None
            total = best[a] + score + (plausibility(last_stt[a], stt) if stt is not None else 0.0) \
                + link(stt or last_stt[a], b + 1) + after[b + 1]
            for p in range(a + 1, b + 1):
                crossing[p] = max(crossing[p], total)
            if (a, b) in same:  # the readings of a row taken, against the one taken
                same[(a, b)].append((total, reading))
    margins = []
    for row, chosen in zip(rows, taken):
        a, b = row.lines[0], row.lines[-1]
        rivals = [total for total, reading in same[(a, b)] if reading is not chosen]
        rivals += [crossing[p] for p in (a, b + 1) if 0 < p < n]
        rivals += [best[p] + link(last_stt[p], p) + after[p] for p in range(a + 1, b + 1)]  # parted inside
        margins.append(max(0.0, whole - max(rivals, default=NEG)))
    return margins


@dataclass
class _Reading:
    """One way lines a..b can be a row: its score before the alignment's fit and the STT's place in the
    numbering, the lines it takes its STT from, that STT, and how far its cells stand from where each alignment
    puts them (nothing where a page break cuts the row: where its cells stand says nothing)."""

    score: float
    numbered: tuple[int, ...]
    stt: Optional[str]
    misfit: dict[str, float]
    other: dict[int, Cut]  # lines read as another cell than their plain cut says


class _Option:
    """Lines a.. read as one row with their STT from the `numbered` lines, grown a line at a time: what a run's
    score needs, kept as running sums (added in the order a whole recount would add them)."""

    def __init__(self, numbered: tuple[int, ...], stt: Optional[str]) -> None:
        self.numbered = numbered
        self.stt = stt
        self.other: dict[int, Cut] = {}  # lines read as another cell than their plain cut says
        self.other_cost = 0.0  # … what those readings cost against the plain cuts
        self.note = 0.0  # a note's lines going on
        self.last_note: Optional[Cut] = None
        self.last: Optional[Cut] = None
        self.extents: dict[str, tuple[int, int]] = {}  # each cell's first and last line in the row
        self.apart = False  # a unit or value whose lines lie apart: no longer one row
        self.pieces: dict[str, list[str]] = {"unit": [], "value": []}
        self.joins = 0.0  # the indicator's joins across a numbered line, read with that line's own cut
        self.first = ""  # the row's first indicator text
        self.lines: dict[str, int] = {}  # each text cell's last line so far
        self.spread = 0  # lines of one cell standing further apart than a cell's lines do
        self.unit_goes_on = False  # the row's unit begins as the rest of one (`= 2`, `vị`)
        self.last_indicator = ""  # the row's last indicator text so far

    def fork(self, numbered: tuple[int, ...], stt: Optional[str]) -> "_Option":
        other = _Option(numbered, stt)
        other.last, other.apart, other.joins, other.first = self.last, self.apart, self.joins, self.first
        other.spread, other.lines, other.unit_goes_on = self.spread, dict(self.lines), self.unit_goes_on
        other.last_indicator = self.last_indicator
        other.other, other.other_cost, other.note, other.last_note = dict(self.other), self.other_cost, self.note, \
            self.last_note
        other.extents = dict(self.extents)
        other.pieces = {role: list(texts) for role, texts in self.pieces.items()}
        return other

    def add(self, ev: _Evidence, k: int, position: int, cut: Cut) -> None:
        usual = ev.numbered[k] if k in self.numbered else ev.plain[k]
        if cut is not usual:
            self.other[k] = cut
            self.other_cost += usual.score - cut.score + ev.s.other_cell_prior
        view = ev.views[id(cut)]
        if self.last is not None and (self.last is not ev.plain[k - 1] or cut is not ev.plain[k]):
            self.joins += ev.join(self.last, cut) - ev.joins[k - 1]
        if view.indicator and self.last_indicator and not ev.views[id(self.last)].indicator \
                and opens_item(view.indicator):
            # an item opening past lines that hold other cells only goes on no indicator there either
            self.joins -= ev.s.dash_going_on_penalty
        self.last = cut
        if cut.cells.get("note"):
            if self.last_note is not None:
                self.note += ev.note_going_on(self.last_note, cut)
            self.last_note = cut
        if not _extend(self.extents, view.roles, position):
            self.apart = True
        if view.unit:
            if not self.pieces["unit"]:
                self.unit_goes_on = _goes_on_unit(view.unit)
            self.pieces["unit"].append(view.unit)
        if view.value:
            self.pieces["value"].append(view.value)
        if self.first and view.indicator and _parallel(self.first, view.indicator):
            self.joins -= ev.s.parallel_opening_penalty
        if not self.first and view.indicator:
            self.first = view.indicator
        if view.indicator:
            self.last_indicator = view.indicator
        for role in view.roles:
            if role != "stt":
                if role in self.lines:
                    self.spread += ev.spread(ev.body.lines[self.lines[role]], ev.body.lines[k])
                self.lines[role] = k


def _readings_from(ev: _Evidence, a: int) -> list[list[_Reading]]:
    """The ways each run of lines a..b can be a row, for b = a, a + 1, … while the lines may still be one row;
    every option is grown a line at a time rather than recounted for each b."""
    body, s = ev.body, ev.s
    n = len(body.lines)
    out: list[list[_Reading]] = []
    options = [_Option((), None)]
    plain_sum = joins_sum = 0.0
    crossing = False
    for b in range(a, min(n, a + s.max_row_lines)):
        if not ev.one_row(a, b) or b > a and (ev.stated_start[b] or b in body.ruled):
            break  # two STTs the source places, a stated row of its own, or a rule drawn between the rows
        crossing = crossing or b > a and b in body.breaks
        plain_sum += ev.plain[b].score
        if b > a:
            joins_sum += ev.joins[b - 1]
        # the line may give the row its STT: alone, or as the tail of a number a narrow STT column wrapped
        grown: list[_Option] = []
        others: list[_Option] = []
        numbered = ev.numbered[b]
        if numbered is not None:
            if numbered.stt != ".":  # a lone dot only ends the number above
                # (from every reading without an STT the beam keeps: the line above read as another cell than its
                # words alone say may be this row's first)
                grown += [option.fork((b,), _stt_of(ev, (b,))) for option in options if not option.numbered]
                # (… and cut otherwise, from the best of them only: the rest rarely win and cost much)
                if ev.numbered_others[b] and not options[0].numbered:
                    for cut in ev.numbered_others[b]:
                        others.append(options[0].fork((b,), _stt_of(ev, (b,))))
                        others[-1].add(ev, b, b - a, cut)
            grown += [option.fork(option.numbered + (b,), _stt_of(ev, option.numbered + (b,)))
                      for option in options if len(option.numbered) == 1 and b - option.numbered[0] <= 2
                      and _wraps(ev.numbered[option.numbered[0]].stt, numbered.stt, ev.body.dots_lost)]
        for option in options:
            for cut in ev.others[b]:
                others.append(option.fork(option.numbered, option.stt))
                others[-1].add(ev, b, b - a, cut)
        for option in options:
            option.add(ev, b, b - a, ev.plain[b])
        for option in grown:
            option.add(ev, b, b - a, ev.numbered[b])
        options = _keep_best(ev, options + grown + others)
        base = plain_sum + joins_sum
        out.append([reading for reading in (_reading(ev, a, b, option, base, crossing) for option in options)
                    if reading is not None])
    return out


def _keep_best(ev: _Evidence, options: list[_Option]) -> list[_Option]:
    """The options worth growing: for each way of taking the STT (and of cutting its line), the best few ways of
    reading the short lines (best first; the option without an STT first of all)."""
    groups: dict[tuple[tuple[int, int], ...], list[_Option]] = {}
    for option in options:
        key = tuple((k, id(option.other[k]) if k in option.other else 0) for k in option.numbered)
        groups.setdefault(key, []).append(option)
    kept: list[_Option] = []
    for key in sorted(groups, key=lambda key: [k for k, _ in key]):
        group = groups[key]
        if len(group) > 1:
            group.sort(key=lambda option: -_so_far(ev, option))
        recut = any(other for _, other in key)  # an STT line cut otherwise: its best reading only
        kept += group[:1 if recut else ev.s.other_cell_beam if key else ev.s.other_cell_beam_unnumbered]
    return kept


def _so_far(ev: _Evidence, option: _Option) -> float:
    """What an option's own readings score so far (the lines' plain cuts are shared by all)."""
    if option.apart:
        return NEG
    return option.joins + option.note - option.other_cost + _whole_cells(ev, option.pieces) \
        - ev.s.cell_gap_penalty * option.spread


def _reading(ev: _Evidence, a: int, b: int, option: _Option, base: float, crossing: bool) -> Optional[_Reading]:
    extents = option.extents
    if option.apart or not _holds_text(extents):
        return None
    s, numbered = ev.s, option.numbered
    gain = 0.0  # of the numbered cuts over the plain ones
    for k in numbered:
        gain += ev.numbered[k].score - ev.plain[k].score
    score = base + gain + _whole_cells(ev, option.pieces) - option.other_cost + option.note
    score += option.joins
    if a in ev.unruled:
        score -= s.unruled_start_penalty
    score -= s.cell_gap_penalty * option.spread
    if option.unit_goes_on and ev.body.positioned:  # (pulled text's cuts already judged their unit's words)
        score -= s.lowercase_start_penalty
    if ends_open(option.last_indicator):
        score -= s.open_end_penalty
    if numbered:
        score += s.stt_bonus + ev.opening_text(a, option.first, numbered=True)
        if "indicator" not in extents:
            score -= s.wordless_row_penalty
    else:
        score += ev.opening_text(a, option.first, numbered=False, side_by_side=True)
        if "unit" not in extents and "value" not in extents and a not in ev.plain_breakdown \
                and not option.first.startswith(_DASH_STARTS) and not _level_aside(option.first):
            score -= s.bare_row_penalty
    misfit = _misfit_crossing(ev, a, b, extents) if crossing else _misfit(ev, a, b, extents)
    return _Reading(score, numbered, option.stt, misfit, dict(option.other))


def _level_aside(text: str) -> bool:
    """A level of government with an aside (`Cấp huyện (UBND xã, phường không phải báo cáo mục này)`): a sub-row
    the form leaves empty, as the aside says; a level alone (`Cấp huyện`) may be a wrapped note's line."""
    level = LEVEL_ROW.match(text)
    return bool(level) and level.group().endswith("(")


def _goes_on_unit(unit: str) -> bool:
    """A unit's first line that goes on from a unit begun above: a code's `= 2`, a lower-case rest (`vị`)."""
    return unit[:1] == "=" or unit[:1].islower() and unit_fit(unit) < 1.0


def _wraps(head: str, tail: str, dots_lost: bool = False) -> bool:
    """`tail` is the rest of the STT `head` begins, wrapped onto a line below; where OCR read them, the dot between
    may be lost (`10` / `1`), unless the tail's number is the head's again or follows it as the next row's would
    (`10` / `10`, `10` / `11`: two rows' numbers)."""
    return tail == "." and not head.endswith(".") or \
        bool(STT_TAIL.match(tail)) and (head.endswith(".") or tail.startswith(".")
                                        or dots_lost and _dot_lost_between(head, tail.rstrip(".")))


def _dot_lost_between(head: str, tail: str) -> bool:
    """Two figures OCR read in the STT column may be one number whose dot it lost (`10` / `1` is `10.1`)."""
    return parse_stt(head) is not None and tail[:1].isdigit() and tail != head and not follows(head, tail)


def _stt_of(ev: _Evidence, numbered: Sequence[int]) -> Optional[str]:
    """The STT the row's numbered lines print (without its final dot), None for a row without STT or a dash."""
    if not numbered:
        return None
    stt = join_wrapped_stt([ev.numbered[k].stt for k in numbered]).rstrip(".")
    if not is_stt(stt) and stt not in STT_DASHES:
        return None
    return None if stt in STT_DASHES else stt


def _whole_cells(ev: _Evidence, pieces: dict[str, list[str]]) -> float:
    """A unit or value cell whose pieces lie on several lines, judged whole: `Cơ quan, đơn` / `vị` is one known
    unit, `Văn bản` / `Văn bản` is two rows' units, never one."""
    gain = 0.0
    for role, score in (("unit", unit_score), ("value", value_piece_score)):
        if len(pieces[role]) > 1:
            key = (role, tuple(pieces[role]))
            if key not in ev.whole:
                ev.whole[key] = score(join_cell_lines(key[1])) - sum(score(piece) for piece in key[1])
            gain += ev.whole[key]
    return gain


def _extend(extents: dict[str, tuple[int, int]], roles: Sequence[str], position: int) -> bool:
    """Each cell's first and last line in the row, the line at `position` added (`roles`: its cells that hold
    words); False when the lines cannot be one row: a unit or value whose lines lie apart (they follow each
    other, or every other line where a cell centred between another's lines interleaves with it)."""
    whole = True
    for role in roles:
        first, last = extents.get(role, (position, position))
        if position - last > 2 and role in ("unit", "value"):
            whole = False
        extents[role] = (first, position)
    return whole


def _holds_text(extents: dict[str, tuple[int, int]]) -> bool:
    return "indicator" in extents or "stt" in extents


def _misfit(ev: _Evidence, a: int, b: int, extents: dict[str, tuple[int, int]]) -> dict[str, float]:
    """How far the row's cells stand from where each alignment puts them, in lines: each cell's lines (the STT,
    the indicator, the unit …) start at the row's top, end at its bottom, or sit about its middle."""
    lines, height = ev.body.lines, ev.height
    row_top, row_bottom = lines[a].top, lines[b].bottom
    top_off = centre_off = bottom_off = 0.0
    for first, last in extents.values():
        top, bottom = lines[a + first].top, lines[a + last].bottom
        top_off += max(0.0, (top - row_top) / height)
        centre_off += max(0.0, abs((top + bottom) - (row_top + row_bottom)) / 2 / height
                          - ev.s.centre_tolerance_lines)
        bottom_off += max(0.0, (row_bottom - bottom) / height)
    penalty = ev.s.misaligned_penalty_per_line
    return {"top": penalty * top_off, "centre": penalty * centre_off, "bottom": penalty * bottom_off}


def _misfit_crossing(ev: _Evidence, a: int, b: int, extents: dict[str, tuple[int, int]]) -> dict[str, float]:
    """A row a page break cuts: a page lays out its cells from the row's top whatever the table's alignment, so
    each begins on the row's first line (a cell beginning on a later page is a line off at least). Pulled text
    keeps no page's places: there a cell beginning on a later page says so only of a table set at the top."""
    lines, placed = ev.body.lines, ev.body.positioned
    off = 0.0
    for first, _ in extents.values():
        begins = lines[a + first]
        if begins.page != lines[a].page:
            off += 1.0
        elif placed:
            off += max(0.0, (begins.top - lines[a].top) / ev.height)
    late = ev.s.misaligned_penalty_per_line * off
    return {"top": late, "centre": late if placed else 0.0, "bottom": late if placed else 0.0}


def _assemble(ev: _Evidence, row: Row) -> None:
    """The row's lines re-read in the row's light (an STT line keeps its STT): a short line under a unit that it
    completes (`Cơ quan, đơn` / `vị`, a coded unit's next code) is the unit's, not the indicator's, and so is a
    word an STT line holds between the indicator and the value (`Nhiệm` / `1.1 Số nhiệm vụ … vụ 13`). The lines
    are read together (a beam over them), not one after the other: the rest of a unit wrapped below (`Có tiết
    kiệm:` / `… tự chủ 1; Không tiết` / `3 về … cấp xã kiệm: 2 1`) is the unit's only if every line gives it."""
    body = ev.body
    options: list[list[Cut]] = []
    for position, k in enumerate(row.lines):
        taken = row.cuts[position]
        if body.lines[k].stated or len(body.cuts[k]) < 2:
            options.append([taken])
            continue
        stt = taken.stt  # a numbered line keeps its STT, its other cells are read again too
        options.append([taken] + [cut for cut in body.cuts[k] if cut.stt == stt and cut is not taken])
    beam = [_Assembly()]
    for position, cuts in enumerate(options):
        grown = [more for assembly in beam for cut in cuts if (more := assembly.grow(ev, cut)) is not None]
        if position == len(options) - 1:
            grown = [assembly for assembly in grown if _holds_text(assembly.extents)]
        beam = sorted(grown, key=lambda assembly: -assembly.score(ev))[:ev.s.assembly_beam]
    if not beam:  # no way the lines make one row: the cuts the row was read with stay
        return
    best = beam[0].cuts
    best_score = beam[0].score(ev)
    # per line, how much better the row reads than with the best cut that puts the line's words in other cells
    margin = float("inf")
    for position, cuts in enumerate(options):
        held = _held(best[position])
        for cut in cuts:
            if _held(cut) != held:
                rival = _Assembly.of(ev, best[:position] + [cut] + best[position + 1:])
                if rival is not None and _holds_text(rival.extents):
                    margin = min(margin, best_score - rival.score(ev))
    row.cuts = best
    row.margin = min(row.margin, ev.s.cut_margin_weight * margin)


@dataclass
class _Assembly:
    """A row's first lines read with these cuts, grown a line at a time: each cut's own score; the indicator's
    and the note's joins from line to line; a unit going on from the unit above as Vietnamese words do (`Số
    lượng` / `hồ sơ`, `Chưa kết` / `nối = 0`); and (in `score`) the unit and value judged whole against their
    pieces."""

    cuts: list[Cut] = field(default_factory=list)
    running: float = 0.0
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)
    last_indicator: Optional[Cut] = None
    last_note: Optional[Cut] = None
    pieces: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"unit": (), "value": ()})

    @classmethod
    def of(cls, ev: _Evidence, cuts: Sequence[Cut]) -> Optional["_Assembly"]:
        assembly = cls()
        for cut in cuts:
            grown = assembly.grow(ev, cut)
            if grown is None:
                return None
            assembly = grown
        return assembly

    def grow(self, ev: _Evidence, cut: Cut) -> Optional["_Assembly"]:
        """The row with the next line cut so; None when the lines cannot be one row (see `_extend`)."""
        extents = dict(self.extents)
        if not _extend(extents, cut.roles(), len(self.cuts)):
            return None
        grown = _Assembly(self.cuts + [cut], self.running + cut.score, extents, self.last_indicator,
                          self.last_note, dict(self.pieces))
        if cut.cells.get("indicator"):
            if self.last_indicator is not None:
                grown.running += ev.join(self.last_indicator, cut)
            if first_char_kind(cut.text("unit")) == "lower":
                # a unit that would begin with the indicator's own next word (`quy | định`)
                grown.running -= max(0.0, ev.vote(cut.text("indicator"), cut.text("unit")))
            grown.last_indicator = cut
        if cut.cells.get("note"):
            if self.last_note is not None:
                grown.running += ev.note_going_on(self.last_note, cut)
            grown.last_note = cut
        for role in ("unit", "value"):
            if cut.cells.get(role):
                text = cut.text(role)
                if role == "unit" and self.pieces["unit"] and first_char_kind(text) == "lower":
                    grown.running += ev.vote(" ".join(self.pieces["unit"]), text)
                grown.pieces[role] += (text,)
        return grown

    def score(self, ev: _Evidence) -> float:
        return self.running + sum(ev.judged(role, pieces) for role, pieces in self.pieces.items())


def _held(cut: Cut) -> tuple[str, ...]:
    return tuple(cut.text(role) for role in ROLES)


# ---------------------------------------------------------------------------------------------- cell after cell
@dataclass
class _State:
    score: float
    back: Optional[tuple[int, int]]  # (line, option) before
    new_row: bool
    last_stt: Optional[str]
    has_text: bool  # the open row holds an STT or indicator text
    bare: bool = False  # the open row has no STT and, so far, no unit or value, or nothing but its STT
    numbered: bool = False  # the open row has an STT
    open_cell: str = ""  # the text so far of the row's last cell (a unit or value is judged whole)
    stt_before: Optional[str] = None  # the numbering before the open row (its STT judged again when it wraps)
    worded: bool = False  # the open row holds indicator words (a row never has an STT and no indicator)
    rival: Optional[float] = None  # the best score at this line and cut that decides the other way on a new row
    stt_head: Optional[str] = None  # the row opened on a line holding only an STT that may wrap, no rest seen yet
    # what the numbering says for the STT this line begins being whole with the next line's rest, counted here
    # (and given back by the next line's every reading) so that the best way to this line is chosen knowing it
    credit: float = 0.0


def _cell_after_cell(ev: _Evidence) -> Decoded:
    body = ev.body
    n = len(body.lines)
    # a narrow STT column wraps its number (`10.` / `1`, `1.2.1` / `.`): a line that can only be such a tail is
    # read as one too
    tails = {k: Cut(0.0, {"stt": list(body.lines[k].spans)}) for k in range(1, n) if stt_tail(body.lines[k].text)}
    step = _Step(ev, [body.cuts[k] + ([tails[k]] if k in tails else []) for k in range(n)], tails)
    columns: list[list[Optional[_State]]] = []
    gains: list[dict[tuple[int, int], float]] = []  # per line: (cut, cut of the line before) → the best step's gain
    for k in range(n):
        here: list[Optional[_State]] = []
        gains.append({})
        for i in range(len(step.options[k])):
            best = alt = None  # the best state, and the best that decides the other way whether a row begins
            for j, before in ([(None, None)] if k == 0 else enumerate(columns[k - 1])):
                if k > 0 and before is None:
                    continue
                states = step.states(k, i, j, before)
                if states and before is not None:
                    gains[k][(i, j)] = max(state.score for state in states) - before.score
                for state in states:
                    if best is None or state.score > best.score:
                        if best is not None and best.new_row != state.new_row:
                            alt = best
                        best = state
                    elif state.new_row != best.new_row and (alt is None or state.score > alt.score):
                        alt = state
            if best is not None and alt is not None:
                best.rival = alt.score
            here.append(best)
        columns.append(here)
    finals = [(st.score - _closing(ev, st), j) for j, st in enumerate(columns[-1]) if st and st.has_text]
    if not finals:
        return Decoded(NEG, [], lambda: None)
    score, j = max(finals)
    chosen: list[tuple[int, int, bool]] = []
    k = n - 1
    while k >= 0:
        state = columns[k][j]
        chosen.append((k, j, state.new_row))
        if state.back is None:
            break
        k, j = state.back
    chosen.reverse()
    rows: list[Row] = []
    row_of: list[int] = []  # each chosen line's row
    for k, j, new_row in chosen:
        cut = step.options[k][j]
        if new_row or not rows:
            rows.append(Row([], [], breakdown=cut.stt is None and k in body.breakdown))
        rows[-1].lines.append(k)
        rows[-1].cuts.append(cut)
        row_of.append(len(rows) - 1)

    def settle() -> None:
        for (_, _, new_row), r, margin in zip(chosen, row_of, _stream_margins(ev, step, columns, gains, chosen,
                                                                              score)):
            rows[r].margin = min(rows[r].margin, margin)
            if new_row and r > 0:  # where a row begins decides where the one before ends
                rows[r - 1].margin = min(rows[r - 1].margin, margin)
    return Decoded(score, rows, settle)


def _stream_margins(ev: _Evidence, step: "_Step", columns: list[list[Optional[_State]]],
                    gains: list[dict[tuple[int, int], float]], chosen: list[tuple[int, int, bool]],
                    whole: float) -> list[float]:
    """For each line of the chosen reading, how much better it explains the body than the best reading that
    takes the line otherwise: as another cut whose words lie in other cells, or with a row beginning there or
    not. A backward pass over the forward pass's steps gives the best reading of the lines after each state
    (from the state the forward pass kept there)."""
    n = len(columns)
    after: list[list[float]] = [[NEG] * len(column) for column in columns]
    for j, state in enumerate(columns[-1]):
        if state is not None and state.has_text:
            after[-1][j] = -_closing(ev, state)
    for k in range(n - 2, -1, -1):
        for (i, j), gain in gains[k + 1].items():
            after[k][j] = max(after[k][j], gain + after[k + 1][i])
    margins = []
    for k, j, _ in chosen:
        held = _held(step.options[k][j])
        state = columns[k][j]
        rivals = [st.score + after[k][i] for i, st in enumerate(columns[k])
                  if st is not None and i != j and _held(step.options[k][i]) != held]
        if state.rival is not None:
            rivals.append(state.rival + after[k][j])
        margins.append(max(0.0, whole - max(rivals, default=NEG)))
    return margins


class _Step:
    """The ways a line read as one of its cuts goes on from the state of the line before (cell after cell)."""

    def __init__(self, ev: _Evidence, options: list[list[Cut]], tails: dict[int, Cut]) -> None:
        self.ev = ev
        self.options = options
        self.tails = tails
        self.rank = {role: k for k, role in enumerate(ev.body.order)}
        # what each cut says of its line; one that ends the indicator inside the line on a word opening what follows
        # (`… đến | 100%`) pays as a row ending so does
        self.worth = [[cut.score - (ev.s.open_end_penalty if self._ends_open_inside(cut) else 0.0) for cut in cuts]
                      for cuts in options]

    def _credit(self, k: int, head: Optional[str], previous: Optional[str]) -> float:
        """How much better the numbering takes the STT line k opens (`10.`) whole with the rest the next line
        may hold (`1`), after the row numbered `previous`."""
        tail = self.tails.get(k + 1)
        whole = _whole_stt(head, tail.stt if tail else None)
        return 0.0 if whole is None else max(0.0, _wrap_gain(previous, head, whole))

    def _ends_open_inside(self, cut: Cut) -> bool:
        roles = cut.roles()
        return "indicator" in roles and max(self.rank[r] for r in roles) > self.rank["indicator"] \
            and ends_open(cut.text("indicator"))

    def states(self, k: int, i: int, j: Optional[int], before: Optional[_State]) -> list[_State]:
        """The states line k read as its i-th cut reaches from `before` (line k - 1 read as its j-th cut)."""
        ev, body, rank = self.ev, self.ev.body, self.rank
        cut, worth = self.options[k][i], self.worth[k][i]
        roles = cut.roles()
        if not roles:
            return []
        first = min(rank[r] for r in roles)
        starts_row = first <= rank["indicator"]
        bare = cut.stt is None and not _filled(cut) and k not in ev.plain_breakdown \
            and not cut.text("indicator").startswith(_DASH_STARTS) or roles == ["stt"]
        tail = cut is self.tails.get(k)  # only ever the rest of the STT above
        head = cut.stt if roles == ["stt"] and cut.stt not in STT_DASHES else None
        if before is None:
            if not starts_row or tail:
                return []
            credit = self._credit(k, head, None)
            return [_State(worth + ev.opening(k, cut, None) + credit, None, True, _numbered_stt(cut, None), True,
                           bare, cut.stt is not None, _open_cell(cut, body.order, ""), None, _worded(cut),
                           stt_head=head, credit=credit)]
        out: list[_State] = []
        base = before.score - before.credit
        prev_cut = self.options[k - 1][j]
        prev_last = max(rank[r] for r in prev_cut.roles())
        # an indicator ending on a word that opens what follows (`… ngành và`) goes on: it ends here at a cost
        ends = ev.s.open_end_penalty if prev_last == rank["indicator"] and ends_open(prev_cut.text("indicator")) \
            else 0.0
        ruled = k in body.ruled  # a rule drawn above the line: it begins a row
        # the line before ran on: its last cell goes on here (or, as some pullers give a row, after the other
        # cells' lines of the same visual line), and its row surely does
        runs_on = k - 1 in body.runs_on
        stt = _whole_stt(prev_cut.stt, cut.stt) if prev_cut.roles() == ["stt"] and not ruled else None
        if stt is not None:
            # the row's STT is the whole number: its place in the numbering is judged again; the line may go on
            # with the row's first cells (`3.3.` / `2 Số vấn đề … Vấn đề`)
            score = base + worth + ev.s.stt_bonus + _wrap_gain(before.stt_before, prev_cut.stt, stt)
            out.append(_State(score, (k - 1, j), False, stt, True, roles == ["stt"], numbered=True,
                              open_cell=_open_cell(cut, body.order, "") if roles != ["stt"] else "",
                              stt_before=before.stt_before, worded=_worded(cut)))
        elif tail and not ruled and (whole := _whole_stt(before.stt_head, cut.stt)):
            # text pulled cell after cell gives a wrapped STT's rest with the row's next visual line: after the
            # first lines of the cells to its right, or past a page break; the cells' next lines follow it. So far
            # from its head, only where the numbering asks for the whole (a figure there is a value: `2.3.3.` `6`)
            gain = _wrap_gain(before.stt_before, before.stt_head, whole)
            if gain > 0:
                score = base + worth + ev.s.stt_bonus + gain
                out.append(_State(score, (k - 1, j), False, whole, before.has_text, before.bare, True, "",
                                  before.stt_before, before.worded))
        if tail:
            return out
        # the same row goes on: cells in column order, a cell may go on over the line break; past a page break
        # its cells' rests follow from the left again (an indicator's in lower case: one in capitals is a new row;
        # a coded unit's next code opens in capitals, `Kết hợp = 2`, and no row opens on its unit)
        back = k in body.breaks and (body.order[first] not in ("stt", "indicator")
                                     or first_char_kind(cut.text(body.order[first])) == "lower") \
            and not body.opens_breakdown(k)
        if (first >= prev_last or back) and cut.stt is None and not ruled:
            going_on = prev_last == first
            role = body.order[first]
            score = base + worth + _going_on(ev, prev_cut, cut, role if going_on else None, before.open_cell) \
                - (0.0 if going_on else ends + (ev.s.run_on_cell_end_penalty if runs_on else 0.0))
            if going_on and role == "note" and body.runs_on and not runs_on and unit_fit(cut.text(role)) > 0 \
                    and first_char_kind(cut.text(role)) == "upper":
                # a note whose line ended there, going on with a unit alone on its line: that is the next row's
                # unit (`Số PAKN đã giải quyết xong` / `PAKN` / `08`; a narrow note's `tổ chức` goes on)
                score -= ev.s.echoed_unit_penalty
            if not going_on and role == "note" and first_char_kind(cut.text("note")) == "lower":
                score -= ev.s.lowercase_start_penalty  # a note opens like an indicator, not mid-text
            out.append(_State(score, (k - 1, j), False, before.last_stt,
                              before.has_text or bool(cut.cells.get("indicator")),
                              before.bare and not _filled(cut) and not before.numbered, before.numbered,
                              _open_cell(cut, body.order, before.open_cell if going_on else ""),
                              before.stt_before, before.worded or _worded(cut), stt_head=before.stt_head))
        if starts_row and before.has_text:
            credit = self._credit(k, head, before.last_stt)
            score = base + worth + ev.opening(k, cut, before.last_stt) - _closing(ev, before) - ends + credit \
                - (ev.s.run_on_row_end_penalty if runs_on else 0.0)
            out.append(_State(score, (k - 1, j), True, _numbered_stt(cut, before.last_stt), True, bare,
                              cut.stt is not None, _open_cell(cut, body.order, ""), before.last_stt, _worded(cut),
                              stt_head=head, credit=credit))
        return out


def _parallel(first: str, piece: str) -> bool:
    """A line opening as its row's indicator did (`Tại cấp huyện (…)` / `Tại cấp xã`): the next of a run of like
    rows, not more of the same text."""
    if not piece[:1].isupper():  # (most lines: asked before any splitting, on the row decoder's hot path)
        return False
    opening = piece.split()[:2]
    return len(opening) == 2 and first.split()[:2] == opening


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _worded(cut: Cut) -> bool:
    return _has_letters(cut.text("indicator"))


def _closing(ev: _Evidence, row: _State) -> float:
    """What the open row costs as it ends: one with no unit or value and no STT is more likely a cell's rest,
    one with an STT and no indicator words a figure read as a number (no row of a form goes without an
    indicator)."""
    return (ev.s.bare_row_penalty if row.bare else 0.0) \
        + (ev.s.wordless_row_penalty if row.numbered and not row.worded else 0.0)


def _whole_stt(head: Optional[str], tail: Optional[str]) -> Optional[str]:
    """The STT an STT's head and the rest a narrow column wrapped from it make (`10.` + `1` → `10.1`)."""
    if head is None or tail is None or not _wraps(head, tail):
        return None
    stt = (head + tail).rstrip(".")
    return stt if is_stt(stt) else None


def _wrap_gain(previous: Optional[str], head: str, whole: str) -> float:
    """What the numbering after `previous` says for an STT read whole (`10.1`) rather than as its head (`10.`)."""
    return plausibility(previous, whole) - plausibility(previous, head.rstrip("."))


def _filled(cut: Cut) -> bool:
    return bool(cut.cells.get("unit") or cut.cells.get("value"))


def _open_cell(cut: Cut, order: Sequence[str], so_far: str) -> str:
    """The text of the cell a line leaves open (its last), with what that cell held before the line."""
    role = max(cut.roles(), key=order.index)
    return f"{so_far} {cut.text(role)}".strip() if len(cut.roles()) == 1 else cut.text(role)


def _going_on(ev: _Evidence, before: Cut, after: Cut, role: Optional[str], so_far: str = "") -> float:
    """A line going on with the row the line before began: the same cell over the break (`role`), or the
    next cells (None). A unit or value is judged whole (`so_far`: its text on the lines before)."""
    if role is None:
        return 0.0
    if role == "indicator":
        # a unit on a line of its own that the indicator above already names (`Số PAKN đã giải quyết` / `PAKN`)
        # is the row's unit, not more of its indicator
        piece = after.text(role)
        echoed = unit_fit(piece) > 0 and f" {piece.lower()} " in f" {so_far.lower()} "
        return ev.join(before, after) - (ev.s.echoed_unit_penalty if echoed else 0.0) \
            - (ev.s.parallel_opening_penalty if _parallel(so_far, piece) else 0.0)
    if role == "note":  # a note's next line is no new note: what its own line paid for starting one comes back
        return ev.join(before, after, role) - WHOLE_LINE_NOTE
    score = {"unit": unit_score, "value": value_piece_score}.get(role)
    if score is None:
        return 0.0
    held, piece = so_far or before.text(role), after.text(role)
    whole = score(f"{held} {piece}") - score(held) - score(piece)
    if role == "unit" and gives_a_code(held) and piece[:1].isdigit():
        whole += DANGLING_CODE  # `… 3 cấp =` / `2`: the code the unit's last label waits for, not the value
    # a unit or text value of several words (`Số lượng` / `hồ sơ`, `Đã thực` / `hiện`) joins as Vietnamese does,
    # as an indicator's words would: the language model votes on them as on those (a figure is judged by its
    # shape alone); a coded unit's next label opens after a code, a capital there is no break
    worded = _has_letters(held) and _has_letters(piece) and not CODE_END.search(held)
    return whole + (ev.join(before, after, role) if worded else 0.0)

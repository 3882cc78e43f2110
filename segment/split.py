"""One line of a table body cut into its cells: which words are the STT, the indicator, the unit, the value, the
note.

The cells of a line stand left to right in the table's column order, so a cut is a choice of where each cell
begins. What decides it is the evidence the source has: the cell a word sits in where the source states its
cells; the column band a word stands in where positions are the columns'; and otherwise what the words read as
(a known unit or coded unit, a number's shape, an STT at the start). A line may have several plausible cuts (a
lone `14` is a value or an STT): the line gives the best cut with and without an STT, and the row decoder chooses."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import regex as re

from baocao.normalize.lm import load as load_lm
from baocao.schemas.document import Span
from baocao.segment.stt import is_stt
from baocao.segment.vocab import (
    CODE_REST,
    DOC_REFERENCE,
    OPEN_COMPUTATION,
    STT_DASHES,
    VALUE_LIST_OPEN,
    WEAK_UNITS,
    counted,
    gives_a_code,
    known_unit,
    stt_tail,
    unit_fit,
    value_fit,
)

# evidence weights (log-odds): what reading a piece as a cell of this kind is worth
UNIT_KNOWN, UNIT_PIECE, UNIT_UNKNOWN, UNIT_PER_WORD = 3.0, 1.0, -1.0, 0.5
LOWER_PIECE = -0.5  # a unit piece in lower case: it goes on from a unit above (the row's assembly judges it)
VALUE_SHAPED, VALUE_WORD, VALUE_OTHER, VALUE_PER_WORD = 2.5, 0.5, -3.0, 0.8
NOTE_BASE, NOTE_PER_WORD = -3.0, 0.1
NOTE_CAPITAL = 2.0  # a note's first word beside an indicator's, capitalised (in nats of the LM's parting)
PARTING_WEIGHT, PARTING_CAP = 0.3, 4.0  # what two words that do not go on from each other say of a cell's start
PARTING_CAP_AT_BORDER = 3.0  # … and of the indicator's end a space from the next column's words (nats)
WHOLE_LINE_NOTE = -1.0
DANGLING_CODE = 3.0
# a count with words (`207 bản`) in a value column with the unit's to its right: the words are more likely the
# rest of a unit wrapped above (`Văn` / `207 bản`)
COUNTED_BEFORE_UNIT = 1.0
OUT_OF_BAND = 1.0  # a word one slack outside its column's band
OUT_OF_BAND_PUSHED = 1.0  # … at most, for a word a long line of pulled text pushed on past its column
PUSHED_ON = ("indicator", "unit")  # the cells long enough to push (an indicator, a coded unit's labels)
STATED_ELSEWHERE = 8.0  # a word the source states in another column's cell
MAX_WORDS = {"stt": 1, "unit": 20, "value": 6, "note": 14}
CODE_IN_INDICATOR = 2.0  # a code (`= 1`) read inside an indicator
UNIT_IN_INDICATOR = 1.0  # … or a unit as the forms print it, capitalised after a word in lower case (`… xong Hồ sơ`)
REFERENCE_IN_NOTE = 1.5  # a cited document's number or a date read in a note (and not in an indicator)
MARKS_AS_INDICATOR = 1.0  # an indicator's words that hold no letter or digit (a wrapped STT's lone `.`)
WIDE_GAP_CHARS = 2  # spaces that set two cells of pulled text apart (one space parts two words)
GAP_BORDER, GAP_INSIDE = 1.0, 1.5  # a cell starting after such a run of spaces; a run inside one
GAP_MISSING_MOST = 2.0  # a cell starting a word space after the word before, in text that always parts its cells
WEAK_UNIT_BOUND, WEAK_UNIT_PMI = 1.5, 3.0  # a weak unit cut from a word it goes with (PMI in nats above this)
_CODE_MARK = re.compile(r"^(?:=|[=:]\d|.*\S=$|.*=\d)")


@dataclass
class Cut:
    """A line cut into cells: role → words (as spans), with the cut's score."""

    score: float
    cells: dict[str, list[Span]] = field(default_factory=dict)

    @property
    def stt(self) -> Optional[str]:
        spans = self.cells.get("stt")
        return spans[0].text if spans else None

    def text(self, role: str) -> str:
        return " ".join(s.text for s in self.cells.get(role, ()))

    def roles(self) -> list[str]:
        return [role for role, spans in self.cells.items() if spans]


@dataclass
class Columns:
    """What the table says about its columns, for cutting its lines."""

    order: tuple[str, ...]
    bands: Optional[dict[str, tuple[float, float]]] = None  # role → x-range, where positions are the columns'
    stated: dict[int, str] = field(default_factory=dict)  # stated column index → role
    slack: float = 1.0  # how far outside its band a word may stand, in the document's unit
    soft: bool = False  # the bands are character columns of pulled text: evidence, not certainty
    word_space: float = 0.0  # two words closer than this are one cell's (a gutter is wider), in the document's unit
    char: bool = False  # the spans stand at character columns (pulled text): runs of spaces part cells
    gap_missing: float = 0.0  # what a cell starting a word space after the word before costs (`missing_gap_cost`)


def stt_shaped(text: str) -> bool:
    return text in STT_DASHES or is_stt(text)


def _stt_piece(text: str) -> bool:
    """An STT, or the rest of one a narrow column wrapped onto the next line (`.1`, `1.`, a lone `.`)."""
    return stt_shaped(text) or stt_tail(text)


@lru_cache(maxsize=65536)
def unit_score(text: str, value_follows: bool = True) -> float:
    """A unit cell's text. Units are printed capitalised: a piece starting in lower case goes on from a unit
    begun on the line above (the row's assembly judges it whole); a unit that also ends many indicators (`TTHC`,
    `Văn bản`) counts only with a value after it, or as a word that starts a new cell after lower-case text."""
    words = text.split()
    if not words:
        return 0.0
    fit = unit_fit(text)
    lower = words[0][:1].islower()
    if fit == 1.0:
        return UNIT_KNOWN
    if fit == 0.5:
        if " ".join(words) in WEAK_UNITS and not value_follows:
            # `Văn bản` (capitalised as a cell starts) after the indicator's lower-case words starts a unit cell;
            # an acronym (`TTHC`) ends many indicators
            return UNIT_PIECE if words[0][1:2].islower() else -0.5
        return UNIT_PIECE if not lower else LOWER_PIECE
    if lower:
        return UNIT_UNKNOWN - UNIT_PER_WORD * len(words) - 1.0
    return UNIT_UNKNOWN - UNIT_PER_WORD * len(words) + (0.6 if len(words) <= 3 else 0.0)


def cell_unit_score(text: str) -> float:
    """A unit cell's text judged whole in its row (its pieces from several lines): a unit that also ends many
    indicators (`Văn` / `bản`) is the row's unit then."""
    return UNIT_KNOWN if " ".join(text.split()) in WEAK_UNITS else unit_score(text)


@lru_cache(maxsize=65536)
def value_score(text: str) -> float:
    fit = value_fit(text)
    if fit == 1.0:
        return VALUE_SHAPED
    if fit == 0.5:  # a cell starts capitalised: `không` in lower case ends an indicator's line
        return VALUE_WORD if not text[:1].islower() else LOWER_PIECE
    if VALUE_LIST_OPEN.match(" ".join(text.split())):
        return VALUE_OTHER  # a list of figures not yet whole: however long, its figure closes it
    return VALUE_OTHER - VALUE_PER_WORD * len(text.split())


def value_piece_score(text: str) -> float:
    """A value's line judged beside the lines it may go on with: a computation whose result the line break left
    for the next line (`86/86 =` / `100%`) is a piece of one value, not a value of its own."""
    return VALUE_WORD if OPEN_COMPUTATION.search(text) else value_score(text)


def note_score(words: Sequence[str]) -> float:
    return NOTE_BASE - NOTE_PER_WORD * len(words) - sum(1.0 for w in words if value_fit(w) == 1.0) \
        + _references(words)


def _references(words: Sequence[str]) -> float:
    return REFERENCE_IN_NOTE if any(DOC_REFERENCE.match(w) for w in words) else 0.0


def cut_line(spans: Sequence[Span], columns: Columns) -> list[Cut]:
    """The line's candidate cuts, best first: the one the source states or the page's positions give; where
    positions are only character columns of pulled text (a long line pushes words out of their column), the
    cuts the words read as, each word's distance from its column counted against them."""
    if columns.stated and any(s.cell is not None for s in spans) or columns.bands is not None and not columns.soft:
        return [_cut_by_evidence(spans, columns)]
    gaps = _gaps(spans) if columns.char else None
    if columns.bands is not None:
        costs = [{role: _evidence_cost(span, role, columns) for role in columns.order} for span in spans]
        if gaps is not None:
            # a long line of a cell pushes its last words on into the next columns, a word space after the one
            # before (a new cell starts after a run of spaces): how far says little
            for k in range(1, len(spans)):
                if not gaps[k]:
                    costs[k] = {role: min(cost, OUT_OF_BAND_PUSHED) if role in PUSHED_ON else cost
                                for role, cost in costs[k].items()}
        return _cut_by_words(spans, columns.order, costs, gaps, columns.gap_missing)
    return _cut_by_words(spans, columns.order, gaps=gaps, gap_missing=columns.gap_missing)


def _gaps(spans: Sequence[Span]) -> list[bool]:
    """Before each word, whether a run of spaces sets it apart (pulled text keeps cells apart so)."""
    return [k > 0 and span.x0 - spans[k - 1].x1 >= WIDE_GAP_CHARS for k, span in enumerate(spans)]


def parted_pairs(spans: Sequence[Span], bands: dict[str, tuple[float, float]]) -> tuple[int, int]:
    """(neighbouring words of a line that stand in two columns' bands, how many of them a run of spaces parts)."""
    def column(span: Span) -> Optional[str]:
        centre = (span.x0 + span.x1) / 2
        return next((role for role, (lo, hi) in bands.items() if lo <= centre < hi), None)
    roles, gaps = [column(span) for span in spans], _gaps(spans)
    pairs = [k for k in range(1, len(spans)) if roles[k] != roles[k - 1]]
    return len(pairs), sum(gaps[k] for k in pairs)


def missing_gap_cost(pairs: int, parted: int) -> float:
    """What a cell starting only a word space after the word before costs, as the text's own columns say how
    often the puller parts two cells by a run of spaces (`pdftotext -layout` nearly always; pdfplumber's layout
    text often leaves one space where a long cell runs up to the next): the log-odds of a word space at a cell's
    start, against inside a cell where it is the rule (one in two where no band shows it)."""
    return min(GAP_MISSING_MOST, -math.log(1.0 - (parted + 1) / (pairs + 2)))


def _cut_by_evidence(spans: Sequence[Span], columns: Columns) -> Cut:
    """Each word in the column its stated cell or its position says, kept left to right by a small dynamic
    programme (a word that strays across a border goes with its neighbours)."""
    order = columns.order
    costs = [[_evidence_cost(span, role, columns) for role in order] for span in spans]
    n, m = len(spans), len(order)
    # a border between two words a word space apart: a cell that runs past its column's edge, not two cells
    border = [STATED_ELSEWHERE / 2 if k and spans[k].cell is None and 0 <= spans[k].x0 - spans[k - 1].x1
              < columns.word_space else 0.0 for k in range(n)]
    best = [[float("inf")] * m for _ in range(n)]
    back = [[0] * m for _ in range(n)]
    for j in range(m):
        best[0][j] = costs[0][j]
    for i in range(1, n):
        run, arg = float("inf"), 0
        for j in range(m):
            if best[i - 1][j] + border[i] < run:  # the cell before ends here
                run, arg = best[i - 1][j] + border[i], j
            stay = best[i - 1][j]
            best[i][j], back[i][j] = (stay, j) if stay <= run else (run, arg)
            best[i][j] += costs[i][j]
    j = min(range(m), key=lambda r: best[n - 1][r])
    total = best[n - 1][j]
    roles = [0] * n
    for i in range(n - 1, -1, -1):
        roles[i] = j
        j = back[i][j]
    cut = Cut(score=-total)
    for span, j in zip(spans, roles):
        cut.cells.setdefault(order[j], []).append(span)
    stt = cut.cells.get("stt")
    if stt and [s.text for s in stt] != ["."]:
        # an STT's final dot set apart from its number is no word of the indicator (alone, it is the rest of the
        # number above, wrapped by a narrow column)
        stt = cut.cells["stt"] = [s for s in stt if any(ch.isalnum() for ch in s.text) or s.text in STT_DASHES]
        if not stt:
            del cut.cells["stt"]
    if stt and not (len(stt) == 1 and _stt_piece(stt[0].text)):
        # words in the STT column that are no STT (a title merged across the row) belong to the indicator
        cut.cells["indicator"] = stt + cut.cells.get("indicator", [])
        del cut.cells["stt"]
    return _merged_across(cut, columns)


def _merged_across(cut: Cut, columns: Columns) -> Cut:
    """A title set in a cell merged across the row (`I. CÔNG TÁC CHỈ ĐẠO ĐIỀU` | `HÀNH CCHC`) runs over the
    column borders a word space at a time: where the indicator's words go on so into the next columns and what
    they put there reads as no unit and no value (a title in capitals goes on in capitals: its `KHÔNG` is no
    value `Không`), they are the indicator's."""
    after = [role for role in cut.roles() if role not in ("stt", "indicator")]
    if "indicator" not in cut.cells or not after:
        return cut
    capitals = cut.text("indicator").isupper()
    pieces = [cut.text(role) for role in after]
    if any(unit_fit(text) >= 0.5 or value_fit(text) >= 0.5 for text in pieces if not (capitals and text.isupper())):
        return cut
    text = [span for role in cut.roles() if role != "stt" for span in cut.cells[role]]
    if any(span.cell is not None for span in text) or not all(
            0 <= b.x0 - a.x1 < columns.word_space for a, b in zip(text, text[1:])):
        return cut
    cells = {"stt": cut.cells["stt"]} if "stt" in cut.cells else {}
    cells["indicator"] = text
    return Cut(cut.score, cells)


def _evidence_cost(span: Span, role: str, columns: Columns) -> float:
    if span.cell is not None and span.cell.col in columns.stated:
        return 0.0 if columns.stated[span.cell.col] == role else STATED_ELSEWHERE
    if columns.bands is None or role not in columns.bands:
        return 0.0 if role == "indicator" else STATED_ELSEWHERE / 2
    lo, hi = columns.bands[role]
    centre = (span.x0 + span.x1) / 2
    outside = lo - centre if centre < lo else centre - hi if centre > hi else 0.0
    cost = OUT_OF_BAND * outside / columns.slack
    if role == "stt" and not _stt_piece(span.text):
        cost += 2.0
    return cost


def _cut_by_words(spans: Sequence[Span], order: tuple[str, ...],
                  placed: Optional[list[dict[str, float]]] = None, gaps: Optional[list[bool]] = None,
                  gap_missing: float = 0.0) -> list[Cut]:
    """Cuts chosen from what the words read as. The cells after the indicator are short: a dynamic programme
    from the right gives, for every place the indicator could end, the best way of filling them; the indicator
    takes the rest. A note is read only after a unit or value on the same line (without positions, words after
    the indicator that are neither are the indicator's). Alternatives: the best cut with an STT and without, and
    the whole line read as one cell of each kind (text pulled cell after cell has a line per cell). `placed`
    gives each word's cost of standing in each column (where the text kept its columns): a note may then stand
    alone, and the words' places count against every cut."""
    words = tuple(s.text for s in spans)
    n = len(words)
    tail = order[order.index("indicator") + 1:] if "indicator" in order else order
    # a line with no word that a unit, a value or a code could hold is the indicator's (or an STT and it)
    fills = placed or any(map(_may_fill_tail, words))
    best_tail = _best_tails(words, tail, placed, gaps, gap_missing) if fills \
        else [(float("-inf"), None)] * n + [(0.0, [0] * len(tail))]
    tails = [best_tail]
    # … and the best that leaves the value empty: where its column stands before the unit's, always (`… với | Không
    # = 0 Có`: the row's value on another line; alone, `Không` reads as well as a text value); where it stands after
    # the unit's, where no positions speak (`Sử` / `dụng chưa` / `thường xuyên = 0`: alone, `chưa` reads as a text
    # value; in its row it is the unit's label)
    skipped = range(tail.index("unit")) if "unit" in tail and tail.index("unit") > 0 \
        else (1,) if placed is None and tail[:2] == ("unit", "value") else ()
    if fills and skipped:
        kept = tuple(role for k, role in enumerate(tail) if k not in skipped)
        tails.append([(score, _with_empty(lengths, skipped) if lengths is not None else None)
                      for score, lengths in _best_tails(words, kept, placed, gaps, gap_missing)])
    # the words' places counted up to each word, for the indicator; a run of spaces inside it counts against it
    at_indicator = [0.0]
    for k in range(n):
        inside = GAP_INSIDE if gaps and gaps[k] and k > 0 else 0.0
        at_indicator.append(at_indicator[-1] + (placed[k]["indicator"] if placed else 0.0) + inside)
    # what the words out of place in an indicator cost, counted up to each word: a code (`Có = 1`) belongs to a
    # coded unit, a cited document (`61/KH-UBND`) to a note
    misplaced = [0.0]
    worded = [0]  # … and the words holding a letter or digit (an indicator of marks alone holds none)
    for k, word in enumerate(words):
        misplaced.append(misplaced[-1] + (CODE_IN_INDICATOR if _CODE_MARK.match(word) else
                                          REFERENCE_IN_NOTE if DOC_REFERENCE.match(word) else 0.0)
                         + (UNIT_IN_INDICATOR if _ends_printed_unit(words, k) else 0.0))
        worded.append(worded[-1] + any(map(str.isalnum, word)))

    def kind(option: tuple) -> tuple[bool, bool, bool, str, bool]:
        """Whether a way of cutting leaves every word to the indicator; whether it fills the unit (the first cell
        it fills after the indicator) with a piece of a known one, and with one opening as a unit does
        (capitalised: `… quản lý và sử | Có: 1;`); whether the unit opens as the rest of a coded unit wrapped
        above (`… Kết hợp =` / `5.2 Hình thức khảo sát 2 1`: the `2` is its last code) or as the rest of a word
        wrapped above (`… Không tiết` / `… cấp xã kiệm: 2`); whether it fills the unit at all (`Chưa đạt` reads
        alone as a text value, yet may be a coded unit's label)."""
        at, lengths = option[1], option[2]
        if "unit" not in tail:
            return at == n, False, False, "", False
        u = tail.index("unit")
        start = at + sum(lengths[:u])
        unit = words[start:start + lengths[u]]
        known = not any(lengths[:u]) and bool(unit) and unit_fit(" ".join(unit)) > 0
        opening = "" if not unit else "code" if CODE_REST.match(unit[0]) else "lower" if unit[0][:1].islower() else ""
        return at == n, known, known and unit[0][:1].isupper(), opening, bool(unit)

    # without positions, cuts of one score differ only where the indicator ends: it ends where its words least go on
    # into the next cell's (`… nhiệm vụ | quy định: 2`, not `… nhiệm vụ quy | định: 2`); per place, asked once
    parting = [0.0] * (n + 1) if placed is not None and gaps is None else [_apart(words, at) for at in range(n + 1)]
    # … and where the positions are a text's character columns, a word a space apart across a column's border
    # (`… thực hiện nhiệm vụ quy định: 2`) is placed by how the words go on as much as by where it stands
    parted = [_parting_vote(part, PARTING_CAP_AT_BORDER) for part in parting] \
        if placed is not None and gaps is not None else [0.0] * (n + 1)
    cuts: list[Cut] = []
    for with_stt in (True, False):
        # … an STT, or the rest of one a narrow column wrapped (`2.1` / `.1 quyền quản lý …`, `1.1.1` / `. TTHC …`)
        if with_stt and not ("stt" in order and (stt_shaped(words[0])
                                                 or words[0][:1] == "." and stt_tail(words[0]))):
            continue
        start = 1 if with_stt else 0
        options = [(score - (misplaced[at] - misplaced[start]) - _weak_unit_cut(words, at, tail, lengths)
                    - (MARKS_AS_INDICATOR if at > start and worded[at] == worded[start] else 0.0)
                    - (CODE_IN_INDICATOR if at > start and _code_label_cut(words, at) else 0.0)
                    - (at_indicator[at] - at_indicator[start])
                    + (GAP_INSIDE if gaps and at > start and gaps[start] else 0.0)
                    - (placed[0]["stt"] if placed and with_stt else 0.0)
                    + (GAP_BORDER if gaps and with_stt and n > 1 and gaps[1] else 0.0)
                    + (parted[at] if gaps and start < at < n and not gaps[at] else 0.0),
                    at, lengths)
                   for table in tails for at, (score, lengths) in enumerate(table) if at >= start and lengths]
        if not options:
            continue
        best = max(options, key=lambda o: (o[0], parting[o[1]], -o[1]))
        # … and the best of the other kind: where the best leaves every word to the indicator, the best that does
        # not (a unit's rest on its own line, `thành vụ` under `… chưa hoàn Nhiệm`, judged whole by the row's
        # assembly); where it fills a cell after the indicator, the indicator taking every word (`… tự chủ 100%` /
        # `chi thường xuyên`, pulled cell after cell, goes on in the next line)
        # … and the best that gives a unit where the best gives none, or none where it does (`Nhiệm` / `1.1 Số
        # nhiệm vụ … vụ 13`: the `vụ` is the unit's rest only in the light of the line above)
        kinds = {kind(best): best}
        # … and the unit opening with the shortest rest of a word wrapped above (`… tại UBND cấp xã | kiệm: 2`,
        # the line above ending `Không tiết`, where `tại | UBND cấp xã kiệm: 2` reads best alone)
        late = None
        for option in options:
            key = kind(option)
            if option[1] > start and (key not in kinds or (option[0], parting[option[1]])
                                      > (kinds[key][0], parting[kinds[key][1]])):
                kinds[key] = option
            if option[1] > start and key[3] == "lower" and (late is None or option[1] > late[1]):
                late = option
        # … and, on a line opening in lower case, the best that gives the indicator nothing: the line goes on with
        # the cells after it (`Hoàn thành = 1; chưa` / `hoàn thành = 0 0`, pulled cell after cell)
        rest = max((o for o in options if o[1] == start), key=lambda o: o[0], default=None) \
            if words[start:start + 1] and words[start][:1].islower() else None
        offered = {(at, tuple(lengths)): (score, at, lengths)
                   for score, at, lengths in [*kinds.values(), *([late] if late else []), *([rest] if rest else [])]}
        for score, at, lengths in offered.values():
            cut = Cut(score=score)
            if with_stt:
                cut.cells["stt"] = [spans[0]]
            if at > start:
                cut.cells["indicator"] = list(spans[start:at])
            for role, length in zip(tail, lengths):
                if length:
                    cut.cells[role] = list(spans[at:at + length])
                at += length
            cuts.append(cut)
    if placed is None and "note" in tail and not any(gaps or ()):
        for start in (0, 1) if "stt" in order and stt_shaped(words[0]) else (0,):
            if n - start >= 2:
                cuts.append(_indicator_then_note(spans, start))
    for role in ("indicator",) + tail:
        whole = Cut(score=_whole_line_score(role, words) - (sum(c[role] for c in placed) if placed else 0.0)
                    - (misplaced[-1] if role == "indicator" else 0.0),
                    cells={role: list(spans)})
        if not any(c.cells.keys() == whole.cells.keys() and len(c.cells[role]) == n for c in cuts):
            cuts.append(whole)
    cuts.sort(key=lambda c: -c.score)
    return cuts


def _indicator_then_note(spans: Sequence[Span], start: int) -> Cut:
    """A line that holds the indicator's words and then a note's, no unit or value between them (text pulled line
    by line sets a note's lines beside the indicator's): the note begins where the words least go on from each
    other (a capital's start the likelier), and the less they do, the likelier the cut. The row's lines around it
    judge it."""
    words = [s.text for s in spans]
    at = max(range(start + 1, len(words)),
             key=lambda k: _apart(words, k) + (NOTE_CAPITAL if words[k][:1].isupper() else 0))
    cells = {"stt": list(spans[:start])} if start else {}
    cells.update(indicator=list(spans[start:at]), note=list(spans[at:]))
    return Cut(note_score(words[at:]) + _parting_vote(_apart(words, at)), cells)


def _with_empty(lengths: list[int], skipped: Sequence[int]) -> list[int]:
    """Cell lengths of a tail read without some of its cells, those cells put back empty at their places."""
    lengths = list(lengths)
    for k in sorted(skipped):
        lengths.insert(k, 0)
    return lengths


def _apart(words: Sequence[str], at: int) -> float:
    """How little the words on either side of a cut go on from each other (PMI in nats, negated; 0 unknown)."""
    if not 0 < at < len(words):
        return 0.0
    pmi = load_lm().goes_on(words[at - 1], words[at])
    return -pmi if pmi is not None else 0.0


def _parting_vote(apart: float, cap: float = PARTING_CAP) -> float:
    """What how little two words go on from each other (`_apart`) says of a cell's start between them, weighed and
    capped."""
    return PARTING_WEIGHT * max(-cap, min(cap, apart))


def _code_label_cut(words: Sequence[str], at: int) -> bool:
    """An indicator ending on a coded unit's label whose code opens the next cell (`… cấp xã Không: | 2`)."""
    return 0 < at < len(words) and words[at - 1].endswith(":") and CODE_REST.match(words[at]) is not None


def _weak_unit_cut(words: Sequence[str], at: int, tail: Sequence[str], lengths: Sequence[int]) -> float:
    """A unit that also ends many indicators (`TTHC`) cut off words it goes with (`Thống kê TTHC`, a pair the
    language model knows well) is more likely the indicator's end; one the indicator has already named is the
    unit."""
    if at == 0 or not lengths or tail[0] != "unit" or not lengths[0]:
        return 0.0
    unit = " ".join(words[at:at + lengths[0]])
    if unit not in WEAK_UNITS or not unit.isupper():  # only an acronym goes on from the words before it
        return 0.0
    if unit in words[:at]:  # `Số PAKN đã giải quyết xong` / `PAKN`: an indicator does not end on its own acronym
        return -WEAK_UNIT_BOUND
    pmi = load_lm().goes_on(words[at - 1], words[at])
    return WEAK_UNIT_BOUND if pmi is not None and pmi > WEAK_UNIT_PMI else 0.0


def _ends_printed_unit(words: Sequence[str], k: int) -> bool:
    """Whether words[k] ends a unit printed as the forms print units, capitalised (no acronym), right after a word
    in lower case: inside an indicator the same words are in lower case (`… đã giải quyết xong Hồ sơ Lũy kế`)."""
    return any(words[j][:1].isupper() and not words[j].isupper() and words[j - 1][:1].islower()
               and known_unit(" ".join(words[j:k + 1])) for j in range(max(1, k - 3), k + 1))


@lru_cache(maxsize=65536)
def _may_fill_tail(word: str) -> bool:
    """A word that can stand in a unit, value or note cell beside an indicator: a number, a code, a unit's
    word (units and codes start with capitals), a known unit's wrapped rest (`vụ` of `Nhiệm` / `vụ`)."""
    return word[:1].isupper() or any(ch.isdigit() for ch in word) or word[:1] in "=:%(-–x" \
        or word[:1].islower() and unit_fit(word) == 0.5


def _whole_line_score(role: str, words: Sequence[str]) -> float:
    text = " ".join(words)
    if role == "unit":
        return unit_score(text, False)
    if role == "value":
        return value_score(text)
    if role == "note":  # a line of its own (text pulled cell after cell): the note cell's line
        return WHOLE_LINE_NOTE - NOTE_PER_WORD * len(words) + _references(words)
    return 0.0


def _best_tails(words: tuple[str, ...], tail: tuple[str, ...], placed: Optional[list[dict[str, float]]] = None,
                gaps: Optional[list[bool]] = None, gap_missing: float = 0.0
                ) -> list[tuple[float, Optional[list[int]]]]:
    """For every start position: the best score of giving words[start:] to the tail cells in order (each
    within its length cap, maybe empty) and their lengths; None where no way is allowed."""
    n = len(words)
    # where positions speak, a note may stand without a unit or value on its line, and is no rarer than they
    notes_free = placed is not None
    unit_after_value = "unit" in tail and "value" in tail and tail.index("unit") > tail.index("value")
    place = {role: [0.0] for role in tail}
    for role in tail:
        for k in range(n):
            place[role].append(place[role][-1] + (placed[k][role] if placed else 0.0))
    # state: (the role of the next filled cell to the right, a note to the right still waits for a unit or value)
    frontier: dict[int, dict[tuple[Optional[str], bool], tuple[float, list[int]]]] = {n: {(None, False): (0.0, [])}}
    for role in reversed(tail):
        nxt: dict[int, dict[tuple[Optional[str], bool], tuple[float, list[int]]]] = {}
        for end, states in frontier.items():
            for (right, waiting), (score, lengths) in states.items():
                for length in range(0, min(MAX_WORDS[role], end) + 1):
                    start = end - length
                    if length == 0:
                        key = (right, waiting)
                        gain = 0.0
                    else:
                        piece = words[start:end]
                        if role == "unit":
                            gain = unit_score(" ".join(piece), right == "value")
                            if right == "value" and gives_a_code(piece[-1]):
                                gain -= DANGLING_CODE  # `… chưa hoàn thành =` `0`: the number is the code
                        elif role == "value":
                            gain = value_score(" ".join(piece))
                            if unit_after_value and length > 1 and counted(" ".join(piece)):
                                gain -= COUNTED_BEFORE_UNIT
                        else:
                            gain = note_score(piece) if not notes_free else -NOTE_PER_WORD * length
                        gain -= place[role][end] - place[role][start]
                        if gaps:  # a cell begins after a run of spaces and holds none inside
                            gain += (GAP_BORDER if start == 0 or gaps[start] else -gap_missing) \
                                - GAP_INSIDE * sum(gaps[start + 1:end])
                        key = (role, not notes_free and (role == "note" or waiting and role not in ("unit", "value")))
                    total = score + gain
                    slot = nxt.setdefault(start, {})
                    if key not in slot or total > slot[key][0]:
                        slot[key] = (total, [length] + lengths)
        frontier = nxt
    out: list[tuple[float, Optional[list[int]]]] = []
    for start in range(n + 1):
        allowed = [v for (right, waiting), v in frontier.get(start, {}).items() if not waiting]
        out.append(max(allowed, key=lambda v: v[0]) if allowed else (float("-inf"), None))
    return out

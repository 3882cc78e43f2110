"""A table's STT column as a constraint: the numbers run `1, 1.1, 1.2, 2 …` (sections `I, II …` restart them),
so a number read wrong is told by the numbers around it.

What reading (OCR above all) does to an STT, and what puts it back:
- a lost dot (`1.1` → `11`, `3.2.1` → `321`, `2.1` → `2,1`): of the ways to put the dots back, the one that
  follows the row above (its first child, its next sibling, an ancestor's next) is taken, when only one does;
- an STT glued to its indicator (`321Số hồ sơ`, with nothing in the STT cell): split off, when it follows;
- a narrow STT column's number wrapped onto the next line with its dot lost (`22` / `1.1` for `22.1.1`), read as
  two rows: one row again, when the whole number follows the row above and the two halves do not;
- one slip (`10.` → `19`, `7.1.2` → `2.1.2`, `3.1` → `34.1`, `1.3` → `143`, `1.1.1` → `1.1`): when the number
  follows neither the row above nor leads to the row below, and exactly one number that does is it with one
  digit misread, one speck read as a digit, a dot read as a digit, or its last levels lost, that one;
- a roman section number read as letters (`I` → `l`, `|`, `1`; `II` → `H`, `Il`, `11`): on a section row (its
  title in capitals, no unit or value), the next roman numeral when the letters can be read as it.
Each change keeps the number as read in `CellRow.extra["stt_read"]`. A number that fits no rule stays as read:
reports skip and repeat numbers, and nothing is invented."""
from __future__ import annotations

from itertools import combinations
from typing import Callable, Optional, Sequence

import regex as re

from baocao.extract.docx_numbering import roman as roman_numeral
from baocao.normalize.text import add_cell_line, strip_accents
from baocao.segment.cells import CellRow
from baocao.segment.ocr_cells import DIGIT_OR_LOOKALIKE, LOOKALIKE_DIGITS
from baocao.segment.stt import follows, parse_stt, roman_value
from baocao.segment.vocab import STT_DASHES

_SEPARATORS = re.compile(r"(?<=\d)\s?[,:;·/]\s?(?=\d)")  # `2,1`, `4:1`, `12/1` in an STT are `2.1`, `4.1`, `12.1`
# digits, a few read as letters
_NUMBER_READ = re.compile(rf"^{DIGIT_OR_LOOKALIKE}*\d{DIGIT_OR_LOOKALIKE}*(?:\.{DIGIT_OR_LOOKALIKE}+)*\.?$")
_GLUED = re.compile(r"^(?P<stt>(?:\d{1,6}|[lI|])(?:[.,:;·/]\d{1,2}){0,4})[.,:;]?(?=\p{Lu}|\s)\s*(?P<rest>\S.*)$")
# letters OCR reads a roman numeral's strokes as: `I` as `l`, `1`, `|`, `!`; `II` as `H`, `U`
_ROMAN_STROKES = str.maketrans({"l": "I", "L": "I", "1": "I", "|": "I", "!": "I", "i": "I", "Í": "I", "í": "I",
                                "Ì": "I", "ì": "I", "H": "II", "U": "II", "v": "V", "Y": "V", "x": "X"})
MAX_DOTS = 4  # an STT has at most five levels (`1.2.3.4.5`)
MAX_LOST = 5  # numbers lost in a row that the run is asked to put back (the ways to try grow fast with more)


_STT_MISDOTTED = re.compile(r"^\d{1,2}(?:[.,:;]\d{1,2}){0,4}[.,:;]?$")


def stt_dots(word: str) -> str:
    """A line's first word as an STT whose dots OCR read as commas or colons (`2,` → `2.`, `3:1.` → `3.1.`); any
    other word as it is."""
    return re.sub(r"[,:;]", ".", word) if _STT_MISDOTTED.match(word) else word


def restore_numbering(rows: list[CellRow]) -> list[CellRow]:
    """The rows of one table, their STTs put right where the numbering says how (in place; returned)."""
    previous: Optional[str] = None  # the last numeric STT, in the current section
    lost = False  # a row since `previous` whose STT was not read (no breakdown row): its number is skipped
    last_roman = 0
    romans = _roman_numbered(rows)
    # the last number that ran on from the numbering and whether rows since lost or broke it; `before_last` is
    # that as it stood before the last numbered row, which a number wrapped over that row and the next must follow
    trusted: tuple[Optional[str], bool] = (None, False)
    before_last: tuple[Optional[str], bool] = (None, False)
    last: Optional[int] = None  # the last numbered row's index
    joined: set[int] = set()  # rows taken into the row above
    for k, row in enumerate(rows):
        if not row.stt:
            _split_glued(row, previous)
        if not row.stt and previous is not None:
            _dotless_in_indicator(row, previous, _next_numbers(rows, k))
        heads = _restarts_below(rows, k)
        if not row.stt:
            _split_roman(row, last_roman, heads)
        stt = _clean(row.stt)
        if (not stt or stt in STT_DASHES) and romans and heads and _section_row(row):
            # a section whose numeral was lost (or read as a dash) where the next one is due
            _put_lost(row, roman_numeral(last_roman + 1))
            stt = row.stt
        if not stt:
            lost = lost or not row.breakdown
            trusted = (trusted[0], trusted[1] or not row.breakdown)
            continue
        if stt in STT_DASHES:
            continue
        roman = _roman_section(row, stt, last_roman, romans or heads)
        if roman is not None:
            _set(row, roman)
            last_roman, previous, lost = roman_value(roman) or last_roman, None, False
            trusted, last = (None, False), None
            continue
        if not _NUMBER_READ.match(stt) and stt != "I":  # `I` on a row no section: a `1` read as a letter
            continue
        whole = _wrapped(rows[last], row, before_last, previous) if last == k - 1 else None
        if whole is not None:
            _join(rows[last], row, whole)
            joined.add(k)
            previous, trusted = whole, (whole, False)
            continue
        if previous is not None and not follows(previous, stt):
            _head_in_indicator(row, stt, previous)
            stt = row.stt
        chosen = _choose(stt, previous, _next_numbers(rows, k), lost)
        if chosen != row.stt:
            _set(row, chosen)
        if parse_stt(chosen) is not None:
            before_last, last = trusted, k
            runs_on = follows(previous, chosen) if previous is not None else _opens(chosen)
            trusted = (chosen, False) if runs_on or trusted[0] is None or follows(trusted[0], chosen) \
                else (trusted[0], True)
            previous, lost = chosen, False
    if joined:
        rows[:] = [row for k, row in enumerate(rows) if k not in joined]
    _fill_lost(rows)
    return rows


def _fill_lost(rows: list[CellRow]) -> None:
    """Numbers lost altogether (the STT cell read empty, or as marks the indicator took) put back where the rows
    between two numbers are exactly as many as the numbers the run must pass from one to the other, by one way
    only: `12.1`, ·, ·, ·, `12.5` → `12.2`, `12.3`, `12.4`; `2`, ·, `2.2` → `2.1`; a table's or a roman section's
    top, ·, `2` → `1`. Where the run could pass fewer (`1.3`, ·, `2`), the row may be one the report does not
    number, and stays so. A number whose child follows it on the path is a heading: it is put only on a row with
    no value."""
    numbered = [k for k, row in enumerate(rows) if parse_stt(_clean(row.stt)) is not None]
    # a section's numbers start at `1`: before the first number of the table or of a roman section, from there
    starts = [-1] + [k for k, row in enumerate(rows) if roman_value(_clean(row.stt)) is not None]
    firsts = [(a, next((b for b in numbered if b > a), None)) for a in starts]
    for a, b in [(a, b) for a, b in firsts if b is not None] + list(zip(numbered, numbered[1:])):
        between = rows[a + 1 : b]
        if not between or any(row.stt.strip() or row.breakdown for row in between):
            continue
        end = _clean(rows[b].stt)
        if a in starts:
            rest = _only_path("1", end, len(between) - 1) if end != "1" else None
            path = None if rest is None else ["1", *rest]
        else:
            path = _only_path(_clean(rows[a].stt), end, len(between))
        if path is None:
            continue
        ahead = path[1:] + [end]
        if any(row.value.strip() and nxt.startswith(number + ".") for row, number, nxt in zip(between, path, ahead)):
            continue
        for row, number in zip(between, path):
            _put_lost(row, number)


def _put_lost(row: CellRow, number: str) -> None:
    """A lost number put on its row; the indicator's first word goes with it when it is that number misread
    (`Z1` for `7.1`, `G.1.1.` for `6.1.1`, `#.5` for `7.5`, `VỊ` for `VI`): kept as what was read."""
    head, _, rest = row.indicator.partition(" ")
    if rest and _misread(head.rstrip(".,"), number):
        row.extra.setdefault("stt_read", head)
        row.indicator = rest.strip()
    else:
        _drop_dotless(row, number)
    _set(row, number)


def _dotless_in_indicator(row: CellRow, previous: str, below: list[str]) -> None:
    """The STT cell empty and a number inside the indicator that, its lost dots put back, follows the row above
    and leads to the next number below, the one way (`… được giải 111 quyết …` between `11` and `11.2`): the row's
    number, read beside a later line of its indicator."""
    words = row.indicator.split(" ")
    found = [(k, read) for k, word in enumerate(words) if k and re.fullmatch(r"\d{2,6}\.?", word)
             for read in _reads_of(word.rstrip(".")) if "." in read and follows(previous, read)
             and (not below or any(follows(read, b) for b in below))]
    if len(found) == 1:
        k, read = found[0]
        _take_out(row, words, k)
        row.stt = read


def _drop_dotless(row: CellRow, number: str) -> None:
    """The number read with its dots lost inside the indicator (`… đơn giản 101 hóa` for `10.1`: a row aligned to
    its cell's foot or middle prints its STT beside a later line of the indicator, where the reading took it for
    a word) goes with the number put on the row: kept as what was read."""
    if "." not in number:
        return
    words = row.indicator.split(" ")
    digits = number.replace(".", "")
    at = [k for k, word in enumerate(words) if k and word.rstrip(".") == digits]
    if len(at) == 1:
        _take_out(row, words, at[0])


def _take_out(row: CellRow, words: list[str], k: int) -> None:
    """The indicator's `k`th word taken out of it, kept as the STT read."""
    row.extra.setdefault("stt_read", words[k])
    row.indicator = " ".join(words[:k] + words[k + 1:])


def _misread(word: str, number: str) -> bool:
    """`word` reads as `number` with its digits partly lost or read as letters: a roman numeral with marks
    (`VỊ`), or a few digits (in order, all the number's) with at most one letter or mark for the others."""
    if roman_value(number) is not None:
        return strip_accents(word).upper() == number
    digits = "".join(ch for ch in word if ch.isdigit())
    others = [ch for ch in word if not ch.isdigit() and ch != "."]
    if not digits or len(others) > 1 or len(word) > len(number) + 1:
        return False
    wanted = iter(number.replace(".", ""))
    return all(d in wanted for d in digits)


def _only_path(start: str, end: str, steps: int) -> Optional[list[str]]:
    """The numbers a run passes from `start` to `end` when it takes exactly `steps` numbers between them, no
    shorter way reaching `end` and no other way of that length."""
    if steps > MAX_LOST:
        return None
    paths = [[start]]
    for _ in range(steps):
        if any(follows(path[-1], end) for path in paths):
            return None  # a shorter way: a row between may be unnumbered
        paths = [path + [n] for path in paths for n in _next_of(path[-1]) if _before(n, end)]
    ends = [path[1:] for path in paths if follows(path[-1], end)]
    return ends[0] if len(ends) == 1 else None


def _before(number: str, end: str) -> bool:
    """`number` comes before `end` in a numbering's order (`2.1` before `2.2` and `3`; `2` before `2.1`)."""
    a, b = parse_stt(number), parse_stt(end)
    return a is not None and b is not None and a < b


def _wrapped(head: CellRow, tail: CellRow, before: tuple[Optional[str], bool], previous: str) -> Optional[str]:
    """The whole STT when `tail`'s number is the rest of `head`'s, which a narrow column wrapped and OCR lost the
    dot of (`22` / `1.1`): exactly one whole follows the last number that ran on before `head` (or comes after it
    on its branch, when rows since lost or broke the numbering) while `tail` does not follow `head`, and the two
    rows do not each hold a value (a wrapped unit may)."""
    first = _clean(head.extra.get("stt_read", head.stt))
    if head.value and tail.value or _clean(tail.stt) == first:  # `first` again: a head, the rest of the one above lost
        return None
    rest = _reads_of(_clean(tail.stt))
    if any(follows(previous, r) for r in rest):
        return None
    number, broken = before

    def fits(whole: str) -> bool:
        if number is None:
            return _opens(whole)
        return follows(number, whole) or broken and _ahead(number, whole)

    wholes = _wholes(first, _clean(tail.stt), fits)
    return wholes[0] if len(wholes) == 1 else None


def _wholes(head: str, tail: str, fits: Callable[[str], bool]) -> list[str]:
    """The readings of `head` and `tail` as one number whose dot between them OCR lost, each once, that `fits`."""
    return [w for w in dict.fromkeys(f"{h}.{t}" for h in _reads_of(head) for t in _reads_of(tail))
            if parse_stt(w) is not None and fits(w)]


def _head_in_indicator(row: CellRow, stt: str, previous: str) -> None:
    """A narrow column's number wrapped with its dot lost, its head read as the indicator's first word (`1` |
    `10 Số TTHC …` for `10.1`; `3` | `19 Tỷ lệ …` for `10.3`, the dot read as a digit): the whole number again,
    when exactly one reading of it follows the row above (or is one slip from exactly one that does)."""
    words = row.indicator.split(None, 1)
    if len(words) < 2 or not _NUMBER_READ.match(words[0]) or "." in words[0]:
        return
    wholes = _wholes(words[0], stt, lambda whole: follows(previous, whole))
    if not wholes:
        wholes = [e for e in _next_of(previous) if _one_slip(f"{words[0]}.{stt}", e)]
    if len(wholes) == 1:
        row.extra["stt_read"] = f"{words[0]} {row.extra.get('stt_read', row.stt)}"
        row.stt, row.indicator = wholes[0], words[1]


def _ahead(number: str, later: str) -> bool:
    """`later` comes after `number` on its branch, numbers skipped: a child of it, or a later sibling of it or of an
    ancestor (`12.1` → `12.5`, `12.1.1`, `13`; not `11.3` or `12.1.2.4`)."""
    a, b = parse_stt(number), parse_stt(later)
    if a is None or b is None or len(b) - 1 > len(a) or a[: len(b) - 1] != b[:-1]:
        return False
    return len(b) == len(a) + 1 or b[-1] > a[len(b) - 1]


def _join(head: CellRow, tail: CellRow, stt: str) -> None:
    """`tail`'s cells taken into `head`, whose STT becomes the whole number."""
    head.extra["stt_read"] = f"{head.extra.get('stt_read', head.stt)} {tail.stt}"
    head.stt = stt
    head.indicator = add_cell_line(head.indicator, tail.indicator)
    head.unit = add_cell_line(head.unit, tail.unit)
    if not head.value:
        head.value, head.value_confidence = tail.value, tail.value_confidence
    head.note = add_cell_line(head.note, tail.note)
    head.word_confidence = min(head.word_confidence, tail.word_confidence)
    head.layout_confidence = min(head.layout_confidence, tail.layout_confidence)
    if head.bbox and tail.bbox and head.page == tail.page:
        head.bbox = (min(head.bbox[0], tail.bbox[0]), min(head.bbox[1], tail.bbox[1]),
                     max(head.bbox[2], tail.bbox[2]), max(head.bbox[3], tail.bbox[3]))


def _set(row: CellRow, stt: str) -> None:
    if stt != row.stt:
        row.extra.setdefault("stt_read", row.stt)
        row.stt = stt


def _clean(stt: str) -> str:
    return _SEPARATORS.sub(".", stt.strip()).strip(" ,;:'\"{}[]()").rstrip(".")


def _dotted(digits: str) -> list[str]:
    """`321` → every way of reading it with dots put in: `321`, `3.21`, `32.1`, `3.2.1` (existing dots kept)."""
    parts = digits.split(".")
    flat = "".join(parts)
    kept = {sum(len(p) for p in parts[:i]) for i in range(1, len(parts))}
    gaps = [g for g in range(1, len(flat)) if g not in kept]
    out = []
    for n in range(0, min(len(gaps), MAX_DOTS - len(kept)) + 1):
        for extra in combinations(gaps, n):
            cuts = sorted(kept | set(extra))
            pieces = [flat[a:b] for a, b in zip([0] + cuts, cuts + [len(flat)])]
            if all(p and p[0] != "0" for p in pieces):
                out.append(".".join(pieces))
    return out


def _reads_of(stt: str) -> list[str]:
    """What a number as read may stand for, the read itself first: lookalike letters as digits, lost dots."""
    base = stt.translate(LOOKALIKE_DIGITS)
    options = [stt] if parse_stt(stt) is not None else []
    for option in _dotted(base):
        if option not in options and parse_stt(option) is not None:
            options.append(option)
    return options


def _next_numbers(rows: Sequence[CellRow], k: int) -> list[str]:
    """What the next numbered row below may read as (empty when none follows in the table)."""
    for row in rows[k + 1:]:
        stt = _clean(row.stt)
        if not stt or stt in STT_DASHES:
            continue
        if roman_value(stt.translate(_ROMAN_STROKES)) is not None and not stt.isdigit():
            return []
        return _reads_of(stt) if _NUMBER_READ.match(stt) else []
    return []


def _leads_to(stt: str, following: list[str]) -> bool:
    return any(follows(stt, f) for f in following)


def _opens(stt: str) -> bool:
    """The first number of a table or a section: `1`, `1.1`, or a top-level number (a table cut by a page)."""
    number = parse_stt(stt)
    return number is not None and (len(number) == 1 or stt == "1.1")


def _choose(stt: str, previous: Optional[str], following: list[str], lost: bool = False) -> str:
    """The STT as read, unless one other reading of it fits the numbering better: following the row above counts
    twice (following the number after it, when a row between lost its STT), leading to the row below once."""
    reads = _reads_of(stt)
    if not reads:
        return stt
    as_read = reads[0] if reads[0] == stt else None

    def after(option: str) -> bool:
        return follows(previous, option) or lost and any(follows(lost_one, option) for lost_one in _next_of(previous))

    def score(option: str) -> int:
        above = after(option) if previous is not None else _opens(option)
        return 2 * above + _leads_to(option, following)

    kept = score(as_read) if as_read is not None else -1
    others = [(score(r), r) for r in reads if r != as_read]
    best = max((sc for sc, _ in others), default=-1)
    if best >= 2 and best > kept and sum(sc == best for sc, _ in others) == 1:
        return next(r for sc, r in others if sc == best)
    if kept >= 2 or previous is None or not following:
        return as_read or stt
    # one slip: the number the row above leads to, leading on to the row below, that the reading is one slip from
    expected = [e for e in _next_of(previous) if _leads_to(e, following)]
    close = [e for e in expected if any(_one_slip(r, e) for r in dict.fromkeys([_clean(stt), *reads]))]
    if len(close) == 1 and not (as_read is not None and _leads_to(as_read, following)):
        return close[0]
    return as_read or stt


def _next_of(previous: str) -> list[str]:
    """The numbers that may come right after `previous`: its first child, its next sibling, an ancestor's next."""
    parts = previous.split(".")
    out = [previous + ".1"]
    for depth in range(len(parts), 0, -1):
        out.append(".".join(parts[: depth - 1] + [str(int(parts[depth - 1]) + 1)]))
    return out


def _one_slip(read: str, number: str) -> bool:
    """`read` is `number` with one slip of OCR's: a digit misread (`19` for `10`), a speck read as a digit
    (`34.1` for `3.1`), a dot read as a digit (`143` for `1.3`), or its last levels lost (`1.1` for `1.1.1`,
    whose wrapped end the narrow column's next line held)."""
    read = read.translate(LOOKALIKE_DIGITS)
    if len(read) == len(number):
        slips = [(x, y) for x, y in zip(read, number) if x != y]
        return len(slips) == 1 and slips[0][0].isdigit()
    if len(read) == len(number) + 1:
        return any(read[:k] + read[k + 1:] == number for k in range(len(read)))
    return number.startswith(read + ".")


def _section_row(row: CellRow) -> bool:
    """A section's title row: letters in capitals, no unit, no value."""
    letters = [ch for ch in row.indicator if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters) and \
        not row.unit.strip() and not row.value.strip()


def _roman_numbered(rows: Sequence[CellRow]) -> bool:
    """Whether the table's sections are numbered in roman: a section row whose STT reads as a roman numeral and
    not as digits (`II`, `V`, `H`, `Il`), or two rows with no figure under which the numbers restart at `1`."""
    heads = [k for k, row in enumerate(rows) if not row.unit.strip() and not row.value.strip()
             and _clean(row.stt) in ("", *STT_DASHES) and _restarts_below(rows, k)]
    if len(heads) >= 2:
        return True
    for row in rows:
        stt = _clean(row.stt)
        if stt and not any(ch.isdigit() for ch in stt) and _section_row(row) \
                and roman_value(stt.translate(_ROMAN_STROKES).upper()) is not None:
            return True
    return False


def _restarts_below(rows: Sequence[CellRow], k: int) -> bool:
    """The numbered row below starts again at 1: the row is a section, its numbers restart under it."""
    following = _next_numbers(rows, k)
    return bool(following) and following[0] == "1"


def _roman_section(row: CellRow, stt: str, last_roman: int, roman_table: bool) -> Optional[str]:
    """The section's roman numeral, when the STT is one, or on a section row of a table numbered in roman, reads
    as the next one (`l`, `1`, `|` for `I`; `H`, `11` for `II`)."""
    if stt == "I" and (row.unit.strip() or row.value.strip()):
        return None  # a row that holds a figure is no section: its `I` is a `1` (the run decides)
    if roman_value(stt) is not None and parse_stt(stt) is None:
        # a stroke lost: the section before again (`II` for `III`) where the next one is due
        if roman_value(stt) == last_roman and roman_value(stt + "I") == last_roman + 1 and roman_table:
            return stt + "I"
        return stt
    if not roman_table or not _section_row(row):
        return None
    strokes = stt.translate(_ROMAN_STROKES).upper()
    value = roman_value(strokes)
    if value is not None and last_roman < value <= last_roman + 1:
        return strokes
    return None


def _split_roman(row: CellRow, last_roman: int, heads: bool) -> None:
    """A section's roman numeral read as the first word of its title (`H CẢI CÁCH …`, `L. Cải cách TTHC`, the STT
    cell empty, the letters no STT): split off when they read as the next numeral and the rest is a section's
    title (in capitals, or the numbers below restart: `heads`)."""
    head, _, rest = row.indicator.partition(" ")
    strokes = head.rstrip(".").translate(_ROMAN_STROKES).upper()
    if not rest or roman_value(strokes) != last_roman + 1 or row.unit.strip() or row.value.strip() \
            or not (heads or _section_row(CellRow(indicator=rest))):
        return
    row.extra.setdefault("stt_read", "")
    row.stt, row.indicator = strokes, rest.strip()


def _split_glued(row: CellRow, previous: Optional[str]) -> None:
    """An STT OCR glued to its indicator (`321Số hồ sơ …`), the STT cell empty: split off when it follows."""
    match = _GLUED.match(row.indicator)
    if not match:
        return
    fitting = [r for r in _reads_of(_clean(match.group("stt")))
               if (follows(previous, r) if previous is not None else _opens(r))]
    if fitting:
        row.extra.setdefault("stt_read", "")
        row.stt = fitting[0]
        row.indicator = match.group("rest").strip()

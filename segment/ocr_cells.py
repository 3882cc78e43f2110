"""What OCR does to a table's cells that only the cell's column tells apart from text: a value `0` read as `O`, a
`1` as `l` or `|` (`4I` is 41), a `5` as `S` (`S6` is 56), dust beside a figure (`.219`, `6.`), a row's figure
read into its unit cell (`77%`, `Đơn vị 01` there, the value cell empty), a coded unit's codes glued to its
answers' numbers (`= 02 cấp`); the row numbering the columns, `(1) (2) (3)`, read as `q1) @) 5)`; a known unit
with a speck beside it, its case or its marks slipped (`x Văn bản`, `hồ SƠ`); a dash before a numbered row's
indicator (`— Số nhiệm vụ`), an unnumbered row's bullet read as another mark (`= Tại cấp huyện`); a value word a
letter or so off (`Khôn g`), a grouped figure a space cut (`633.4 96`, `48.633, 1`), specks in a figure or a
computation (`1:.325`, `221/221-= 100%%`). A borderless table's wrapped cells are whole only here: their marks
are settled over their lines together.
(The STT column's own confusions are the numbering's: `segment/numbering.py`.)

Applied to an OCR'd document's rows once the reader knows which cell is the value; each change keeps the cell as
read in `CellRow.extra["value_read"]`."""
from __future__ import annotations

import unicodedata

import regex as re
from rapidfuzz.distance import Levenshtein

from baocao.extract.ocr_lm import settle_cell
from baocao.extract.ocr_text import DASHES, ZERO_LOOKALIKE
from baocao.segment.cells import CellRow
from baocao.segment.vocab import GROUPED_NUMBER, TEXT_VALUES, UNITS, unit_codes, unit_fit, value_fit

_ONE = {"|", "l", "I", "]", "["}
_DUST = re.compile(r"^[.:,;—–\-]+$")  # a token of marks beside a figure, in a value cell: a speck
# letters OCR reads a digit as, in a figure or an STT (`4I`, `1O`, `l.2`), and the digit each stands for
DIGIT_LOOKALIKES = {"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "s": "5"}
LOOKALIKE_DIGITS = str.maketrans(DIGIT_LOOKALIKES)
DIGIT_OR_LOOKALIKE = r"[\d" + re.escape("".join(DIGIT_LOOKALIKES)) + "]"  # a character class
# `4I`, `1O`, `S6`: a figure, a digit read as a letter (at least one digit read as one)
_FIGURE_WITH_LOOKALIKES = re.compile(rf"^(?=\D*\d){DIGIT_OR_LOOKALIKE}+$")
_FIGURE_IN_UNIT = re.compile(r"^(?P<figure>\d+(?:,\d+)?)\s?%$")  # `77%` in a `%` row's unit cell
_DASH_BEFORE_WORDS = re.compile(rf"^[{''.join(DASHES)}]\s+(?=\p{{Lu}})")  # `— Số nhiệm vụ` under STT `2.1`
# a row's bullet as OCR reads it, its STT cell empty: `= Tại cấp huyện`, `*+ Số TTHC cấp huyện`, `* Cấp xã`
_BULLET_READ = re.compile(r"^[=*~•·+\-–—]{1,2}\s*(?=\p{Lu}\p{Ll})")
_MARK = re.compile(r"^[\W_]{0,4}\w{0,2}[\W_]{0,4}$")  # `(1)`, `(2)`, as OCR reads them: `q1)`, `@)`, `5)`
# a grouped figure a space cut inside a group (`633.4 96`): whole again only when it makes the groups of three
_FIGURE_CUT = re.compile(r"^\d{1,3}(?:\.\d{1,3})*(?: \d{1,3})+(?:,\d+)?$")
_GROUPED = re.compile(rf"^{GROUPED_NUMBER}$")
# a speck in a figure: beside its separator (`1:.325`), before a computation's `=` (`221/221-= 100%`)
_COMPUTATION_SPECKS = re.compile(r"(?<=\d)[:;](?=[.,]\d)|(?<=\d[.,])[:;](?=\d)|(?<=\d)\s?[.\-–](?=\s?=)")
_DECIMAL_CUT = re.compile(r"(?<=^\d{1,3}(?:\.\d{3})*),\s(?=\d+%?$)")  # `48.633, 1`: a space after the decimal comma
_TEXT_VALUE_SLIPS = 6  # letters of a value word per letter OCR may have misread, lost or added in it


def settle_ocr_rows(rows: list[CellRow]) -> list[CellRow]:
    """The rows without a column-number row, their values as the column says they must read."""
    out = []
    for row in rows:
        if _column_numbers(row):
            continue
        # a borderless table's wrapped cell is whole only now: its marks settled over its lines together
        row.indicator, row.unit, row.note = settle_cell(row.indicator), settle_cell(row.unit), settle_cell(row.note)
        if row.stt:  # the row's bullet is its STT: a dash before its indicator is a speck or a rule's remains
            row.indicator = _DASH_BEFORE_WORDS.sub("", row.indicator)
        elif (bullet := _BULLET_READ.match(row.indicator)) is not None:
            row.extra.setdefault("stt_read", bullet.group(0).strip())
            row.stt, row.indicator = "-", row.indicator[bullet.end():]
        unit = _known_unit(row.unit)
        if unit != row.unit:
            row.extra.setdefault("unit_read", row.unit)
            row.unit = unit
        unit, figure = _unit_then_figure(row.unit) if not row.value.strip() else (row.unit, None)
        if figure:
            row.extra.setdefault("unit_read", row.unit)
            row.unit, row.value = unit, figure
        unit = _codes(row.unit)
        if unit != row.unit:
            row.extra.setdefault("unit_read", row.unit)
            row.unit = unit
        value = _value(row.value)
        if value != row.value:
            row.extra.setdefault("value_read", row.value)
            row.value = value
        out.append(row)
    return out


def _known_unit(unit: str) -> str:
    """A known unit as OCR slips in it: a speck read beside it, a letter or a mark (`x Văn bản`, `- Thủ tục`, `Ni
    Người`), its letters' case (`hồ SƠ`, `đơn VỊ`: OCR tells `s`, `o`, `v` from `S`, `O`, `V` by size alone), its
    marks (`Cơ quan đơn vị`, `Văn bản,`), a `%` with a speck (`%.`, `—%`): that unit."""
    if unit in UNITS:
        return unit
    words = unit.split()
    if len(words) >= 2:
        for rest, speck in ((words[1:], words[0]), (words[:-1], words[-1])):
            if len(speck) <= 2 and not any(ch.isdigit() for ch in speck) and " ".join(rest) in UNITS:
                return " ".join(rest)
    key = _letters(unit)
    if not key:
        return "%" if "%" in unit and not any(ch.isdigit() for ch in unit) else unit
    return _UNIT_BY_LETTERS.get(key, unit)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _by_letters(units: list[str]) -> dict[str, str]:
    """Each unit by its letters alone, where no other unit has the same (`Đồng` and `đồng` have)."""
    found: dict[str, list[str]] = {}
    for unit in units:
        found.setdefault(_letters(unit), []).append(unit)
    return {key: same[0] for key, same in found.items() if len(same) == 1}


_UNIT_BY_LETTERS = _by_letters(UNITS)


def _unit_then_figure(cell: str) -> tuple[str, str | None]:
    """A unit cell holding its row's figure too, the value cell empty (the border between them drawn right of
    the figure): `77%` in a `%` row, `Đơn vị 01`. (unit, figure), or the cell and None."""
    percent = _FIGURE_IN_UNIT.match(cell.strip())
    if percent:
        return "%", percent.group("figure")
    words = cell.split()
    # a unit that also ends indicators (`Đơn vị`) is one here, in its column; a coded unit's last code is no figure
    if len(words) >= 2 and value_fit(words[-1]) == 1.0 and unit_fit(" ".join(words[:-1])) > 0 \
            and not re.search(r"[=:]", cell):
        return " ".join(words[:-1]), words[-1]
    return cell, None


def _codes(unit: str) -> str:
    """A coded unit whose answers' codes OCR glued to the next answer's number (`Chưa có = 02 cấp = 13cấp = 2`
    for `= 0`, `2 cấp`, `= 1`, `3 cấp`): parted where that makes the codes small and all different, as a
    coded unit's are (`0, 1, 2`); else as read."""
    if "=" not in unit:
        return unit
    parted = _CODE_LABEL_GLUED.sub(r"\1 \2", _CODE_GLUED.sub(r"= \1 \2 ", unit))
    parted = " ".join(parted.split())
    codes = unit_codes(parted)
    if parted == unit or len(set(codes)) != len(codes) or max(codes, default=0) > _MAX_CODE:
        return unit
    return parted


# `= 02 cấp = …`: a code and the number that opens the next answer's label (`2 cấp`, in lower case after it)
_CODE_GLUED = re.compile(r"=\s*(\d)(\d)\s*(?=\p{Ll}[^=]*=)")
_CODE_LABEL_GLUED = re.compile(r"(?<=[\s=]|^)(\d)(\p{Ll}[^=]*=)")  # `3cấp =`: a number glued to its label
_MAX_CODE = 3


def _column_numbers(row: CellRow) -> bool:
    marks = [token for cell in row.cells() for token in cell.split() if not _DUST.match(token)]
    return len(marks) >= 3 and all(_MARK.match(mark) for mark in marks) \
        and sum("(" in mark or ")" in mark for mark in marks) >= 2


def _value(cell: str) -> str:
    # one letter alone with a dot below (`Ọ`, `Ị`: a speck under a figure read as a mark): a round one is a `0`, a
    # stroke a `1` (a mark above may be a figure's lost half: `Í` was `10`)
    bare = unicodedata.normalize("NFD", cell)
    bare = bare[0] if len(bare) == 2 and bare[1] == "\u0323" else cell
    if cell in ZERO_LOOKALIKE or bare in ZERO_LOOKALIKE:
        return "0"
    if cell in DASHES:
        return "-"  # a dash alone is the cell's (no data); the reading kept it only so (extract/ocr_text.py)
    if cell in _ONE or bare in _ONE:
        return "1"
    text = " ".join(token for token in cell.split(" ") if token and not _DUST.match(token))
    text = re.sub(r"^[.:,;'`]+(?=\d)", "", re.sub(r"(?<=[\d%])[.:,;\-–—]+$", "", text))
    text = _COMPUTATION_SPECKS.sub("", text.replace("\u2044", "/").replace("%%", "%"))
    head, _, rest = text.partition(" ")
    if _FIGURE_WITH_LOOKALIKES.match(head) and (not rest or rest.islower()):  # `O7 văn bản`: a count and its unit
        text = " ".join([head.translate(LOOKALIKE_DIGITS), rest]).strip()
    if _FIGURE_CUT.match(text) and _GROUPED.match(text.replace(" ", "")):
        return text.replace(" ", "")
    return _text_value(_DECIMAL_CUT.sub(",", text))


def _text_value(cell: str) -> str:
    """A value word OCR slipped in (`Khôn g`, `Khôn phát sinh`, `Hoàn thành h`): the one word values are written
    with that it is a letter or so from (spaces aside), when only one is; else the cell as read."""
    if not cell or any(ch.isdigit() for ch in cell) or cell.casefold() in TEXT_VALUES:
        return cell
    read = cell.casefold().replace(" ", "")
    near = [word for word in TEXT_VALUES
            if Levenshtein.distance(read, word.replace(" ", "")) <= max(1, len(read) // _TEXT_VALUE_SLIPS)]
    if len(near) != 1:
        return cell
    word = near[0]
    return word[0].upper() + word[1:] if cell[0].isupper() else word

"""What OCR does to a table's cells that only the cell's column tells apart from text: a value `0` read as `O`, a
`1` as `l` or `|` (`4I` is 41), a `5` as `S` (`S6` is 56), dust beside a figure (`.219`, `6.`), a `%` row's figure
read into its unit cell (`77%` there, the value cell empty); the row numbering the columns, `(1) (2) (3)`, read as
`q1) @) 5)`.
(The STT column's own confusions are the numbering's: `segment/numbering.py`.)

Applied to an OCR'd document's rows once the reader knows which cell is the value; each change keeps the cell as
read in `CellRow.extra["value_read"]`."""
from __future__ import annotations

import regex as re

from baocao.extract.ocr_text import ZERO_LOOKALIKE
from baocao.segment.cells import CellRow

_ONE = {"|", "l", "I", "]", "["}
_DUST = re.compile(r"^[.:,;—–\-]+$")  # a token of marks alone, in a value cell: a speck
# letters OCR reads a digit as, in a figure or an STT (`4I`, `1O`, `l.2`), and the digit each stands for
DIGIT_LOOKALIKES = {"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "s": "5"}
LOOKALIKE_DIGITS = str.maketrans(DIGIT_LOOKALIKES)
DIGIT_OR_LOOKALIKE = r"[\d" + re.escape("".join(DIGIT_LOOKALIKES)) + "]"  # a character class
# `4I`, `1O`, `S6`: a figure, a digit read as a letter (at least one digit read as one)
_FIGURE_WITH_LOOKALIKES = re.compile(rf"^(?=\D*\d){DIGIT_OR_LOOKALIKE}+$")
_FIGURE_IN_UNIT = re.compile(r"^(?P<figure>\d+(?:,\d+)?)\s?%$")  # `77%` in a `%` row's unit cell
_MARK = re.compile(r"^[\W_]{0,4}\w{0,2}[\W_]{0,4}$")  # `(1)`, `(2)`, as OCR reads them: `q1)`, `@)`, `5)`


def settle_ocr_rows(rows: list[CellRow]) -> list[CellRow]:
    """The rows without a column-number row, their values as the column says they must read."""
    out = []
    for row in rows:
        if _column_numbers(row):
            continue
        figure = _FIGURE_IN_UNIT.match(row.unit.strip()) if not row.value.strip() else None
        if figure:
            row.extra.setdefault("unit_read", row.unit)
            row.unit, row.value = "%", figure.group("figure")
        value = _value(row.value)
        if value != row.value:
            row.extra.setdefault("value_read", row.value)
            row.value = value
        out.append(row)
    return out


def _column_numbers(row: CellRow) -> bool:
    marks = [token for cell in row.cells() for token in cell.split() if not _DUST.match(token)]
    return len(marks) >= 3 and all(_MARK.match(mark) for mark in marks) \
        and sum("(" in mark or ")" in mark for mark in marks) >= 2


def _value(cell: str) -> str:
    if cell in ZERO_LOOKALIKE:
        return "0"
    if cell in _ONE:
        return "1"
    text = " ".join(token for token in cell.split(" ") if token and not _DUST.match(token))
    text = re.sub(r"^[.:,;'`]+(?=\d)", "", re.sub(r"(?<=[\d%])[.:,;]+$", "", text))
    if _FIGURE_WITH_LOOKALIKES.match(text):
        text = text.translate(LOOKALIKE_DIGITS)
    return text

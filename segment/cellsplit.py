"""Splitting one flattened line of a table row into its cells (indicator | unit | value | note).

A PDF's text layer flattens a table row into one line where its cells share a baseline, separated by single
spaces (an empty cell leaves an extra space). The unit is found by the forms' unit vocabulary or a coded-unit
pattern, the value by its numeric shape at the end, the note by a wide gap after them."""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from baocao.segment.vocab import CODE_START, UNITS, WEAK_UNITS, unit_suffix

_NUM = r"\d[\d.,]*"
VALUE_RE = re.compile(
    r"(?:\$[^$]*\$"
    r"|" + _NUM + r"\s*/\s*" + _NUM + r"\s*=(?:\s*" + _NUM + r"\s*%?)?"  # `317/1.034 = 31%`, or its first line
    r"|" + _NUM + r"\s*%"
    r"|" + _NUM + r"(?:\s+(?:phiếu|hồ\s+sơ|người|lượt|văn\s+bản|thủ\s+tục|TTHC))?"
    r")"
)
VALUE_TAIL = re.compile(r"(?P<gap>^|\s+)(?P<value>" + VALUE_RE.pattern + r")(?P<trail>\s*)$")
VALUE_ONLY = re.compile(r"^\s*(?:" + VALUE_RE.pattern + r")\s*$")
YEAR_ONLY = re.compile(r"^\s*(?:19|20)\d\d\s*[)]?\s*$")
_GAP = re.compile(r"\s{2,}")
# words a number follows inside an indicator: `mức độ 3`, `cấp 2`, `năm 2024`, `Phường 1`
_COUNTED = re.compile(
    r"(?:^|\s)(?:độ|cấp|loại|nhóm|số|khoản|điều|năm|quý|tháng|lần|thứ|phần|đoạn|phường|khu|tổ|đợt|kỳ|chương|mục|"
    r"bước|hạng|bậc|vòng|tuần|ngày|giờ|và|đến|từ|trên|dưới|hoặc|,)$",
    re.IGNORECASE,
)


@dataclass
class Parts:
    indicator: str = ""
    unit: str = ""
    value: str = ""
    note: str = ""
    empty_after: int = 0  # empty cells the line's trailing spaces stand for
    weak_unit: str = ""  # a weak unit the trailing spaces put back into the indicator (it may still be the unit)


def _coded_unit(text: str) -> tuple[str, str] | None:
    """`… người dân, tổ chức Có = 1; Không = 0` → (indicator, coded unit)."""
    for match in CODE_START.finditer(text):
        start = match.start()
        tail = text[start:].strip()
        head = text[:start].rstrip()
        if not tail or "=" not in tail and ":" not in tail:
            continue
        if head and head[-1] not in " \t" and not text[start - 1 : start].isspace():
            continue
        return head, tail
    dangling = _DANGLING_CODE.search(text)
    if dangling and text[: dangling.start()].strip():
        # `… qua thi tuyển Đã thực hiện =`: a coded unit whose code wrapped onto the next line
        return text[: dangling.start()].rstrip(), dangling.group(0).strip()
    return None


# a code's label and its `=` ending the line, the label after an indicator's lower-case word (with `:`, only the
# forms' usual labels: a colon ends too many sentences)
_DANGLING_CODE = re.compile(
    r"(?<=\p{Ll}\s+)(?:\p{Lu}\p{Ll}*(?:\s+(?:\p{Ll}+|\p{Lu}{2,})){0,4}\s*=|"
    r"(?:Có|Không|Đã|Chưa|Đúng|Đạt|Hoàn thành)(?:\s+(?:\p{Ll}+|\p{Lu}{2,})){0,4}\s*:)\s*$"
)


def _unit_split(text: str, partial: bool = False) -> tuple[str, str]:
    coded = _coded_unit(text)
    if coded:
        return coded
    found = unit_suffix(text)
    if found:
        return found
    if partial:  # `… được giải Số lượng hồ 0`: a unit cut by a wrap or the page break, its end on a later line
        stripped = text.rstrip()
        for unit in UNITS:
            words = unit.split()
            for n in range(len(words) - 1, 1, -1):
                prefix = " ".join(words[:n])
                if stripped.endswith(" " + prefix) and stripped[: -len(prefix)].strip():
                    return stripped[: -len(prefix)].rstrip(), prefix
    return text.rstrip(), ""


def split_line(text: str, expect_unit: bool = True) -> Parts:
    """Cells of one flattened line (the STT already removed)."""
    parts = Parts()
    stripped = text.rstrip()
    trailing = len(text.rstrip("\n")) - len(stripped)
    # text layers that write every cell followed by one space leave one more space per empty cell; a row has at
    # most three cells after the indicator, so a longer run is padding and says nothing
    parts.empty_after = max(0, trailing - 1) if trailing <= 4 else 0
    body = stripped.strip()
    if not body:
        return parts
    # a note after a wide gap: `… Tổ chức  Chỉ báo cáo các`
    pieces = _GAP.split(body)
    note = ""
    if len(pieces) > 1 and not VALUE_ONLY.match(pieces[-1]) and not pieces[-1][:1].islower():
        head_text = "  ".join(pieces[:-1])
        head_indicator, head_unit = _unit_split(head_text, partial=True)
        if head_unit or VALUE_TAIL.search(head_text):
            note = pieces[-1]
            body = head_text
    tail = VALUE_TAIL.search(body)
    if tail and body[: tail.start()].rstrip().endswith(("=", ":")):
        tail = None  # `Có = 1; Không = 0`: the number after `=` is the code, not the value cell
    if tail:
        left = body[: tail.start()].rstrip()
        gap = tail.group("gap")
        indicator, unit = _unit_split(left, partial=True)
        if unit in WEAK_UNITS and len(gap) >= 2:
            indicator, unit = left, ""  # `Kết quả giải quyết TTHC      4203`: the unit column is empty
        # one space before a number: the value cell, unless the number completes the indicator (`mức độ 3`)
        accept = bool(unit) or not left or len(gap) >= 2 or "\t" in gap or not _COUNTED.search(left)
        if accept and not (not unit and re.fullmatch(r"(?:19|20)\d\d", tail.group("value").strip())):
            parts.indicator, parts.unit, parts.value, parts.note = indicator, unit, tail.group("value").strip(), note
            return parts
    # `… một phần chi Cơ quan, đơn`: a unit the wrap or the page break cut, its end on a later line
    indicator, unit = _unit_split(body, partial=True)
    if unit and not note and (parts.empty_after >= 3 or (unit in WEAK_UNITS and parts.empty_after != 2)):
        parts.weak_unit = unit if unit in WEAK_UNITS else ""
        indicator, unit = body, ""  # the unit cell is empty: these words end the indicator
    parts.indicator, parts.unit, parts.note = indicator, unit, note
    return parts


def completes_unit(current: str, text: str) -> tuple[str, str] | None:
    """`quyết đúng hẹn sơ` after unit `Số lượng hồ` → (`quyết đúng hẹn`, `sơ`)."""
    current = current.strip()
    if not current:
        return None
    body = text.strip()
    for unit in sorted(UNITS, key=len, reverse=True):
        if unit.startswith(current) and unit != current:
            rest = unit[len(current) :].strip()
            if rest and body.endswith(rest) and (len(body) == len(rest) or body[-len(rest) - 1].isspace()):
                return body[: len(body) - len(rest)].rstrip(), rest
    return None

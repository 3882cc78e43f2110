"""Reading numbers the way Vietnamese reports print them.

`.` groups thousands and `,` is the decimal comma: `1.034` = 1034, `26,6` = 26.6, `16,67%` = 16.67.
Ambiguous cases, decided here once:
- `1.5` (a dot not followed by exactly three digits) cannot be thousands grouping, so it reads as 1.5.
- `1,034` (comma followed by three digits) still reads as the decimal comma: 1.034; reports do not group with commas.
- a computation `a/b = c%` or `$\\frac{a}{b} = c\\%$` reads as its result c.
- a bare ratio `25/25` with no result reads as nothing (None): which of the two parts is "the value" is unknowable
  (`parse_ratio` gives its two parts: in a `%` row it is a part of a whole).
- a number with a word (`360 phiếu`) reads as the number; several numbers in a list read as nothing.
"""
from __future__ import annotations

import regex as re

_NUMBER = r"[+-]?\d+(?:[.,]\d+)*"
# possessive `\s*+`: a space run is never given back (what follows it is never a space), so a long run of spaces
# costs linear time instead of one try per way of splitting it between the adjacent `\s*`
_RESULT = re.compile(r"=\s*+(" + _NUMBER + r")\s*+(?:\\?%)?\s*+\$?\s*+$")
_LATEX = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}|\\%|\$")
_ONE_NUMBER = re.compile(r"^\s*+(" + _NUMBER + r")\s*+%?\s*+(\p{L}[\p{L}\s.]*)?$")


def parse_vn_number(token: str) -> float | None:
    """One number token in Vietnamese format, or None when it is not one."""
    token = token.strip().lstrip("+")
    if not re.fullmatch(_NUMBER.replace("[+-]?", "-?"), token):
        return None
    negative = token.startswith("-")
    token = token.lstrip("-")
    if "," in token:
        whole, _, frac = token.rpartition(",")
        if "," in whole:
            return None  # 1,2,3 is a list, not a number
        whole = _ungroup(whole)
        if whole is None:
            return None
        number = float(f"{whole}.{frac}")
    elif "." in token:
        parts = token.split(".")
        if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3:
            number = float("".join(parts))
        elif len(parts) == 2:
            number = float(token)  # `1.5`: a decimal point, not grouping
        else:
            return None
    else:
        number = float(token)
    return -number if negative else number


def _ungroup(whole: str) -> str | None:
    if "." not in whole:
        return whole
    parts = whole.split(".")
    if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3:
        return "".join(parts)
    return None


def parse_value(raw: str | None) -> float | None:
    """The number a Số liệu cell states, or None (empty, text, list, bare ratio)."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    if not text:
        return None
    text = _LATEX.sub(lambda m: f"{m.group(1)}/{m.group(2)}" if m.group(1) is not None else "", text)
    text = text.replace("\\%", "%").strip()
    result = _RESULT.search(text)
    if result and re.match(r"^\s*" + _NUMBER + r"\s*/\s*" + _NUMBER + r"\s*=", text):
        return parse_vn_number(result.group(1))
    match = _ONE_NUMBER.match(text)
    if match:
        return parse_vn_number(match.group(1))
    return None


_RATIO = re.compile(r"^\s*+(" + _NUMBER + r")\s*+/\s*+(" + _NUMBER + r")\s*+$")


def parse_ratio(raw: str | None) -> tuple[float, float] | None:
    """The two numbers of a bare ratio (`27/101`, no result printed), or None."""
    match = _RATIO.match(raw or "")
    if not match:
        return None
    part, whole = parse_vn_number(match.group(1)), parse_vn_number(match.group(2))
    return None if part is None or whole is None else (part, whole)

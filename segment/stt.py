"""STT numbers: their shape, their order, and the parent they imply."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex as re

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ARABIC = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}$")
_ROMAN_RE = re.compile(r"^(?=[IVXLC])M{0,0}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def roman_value(token: str) -> Optional[int]:
    if not token or not _ROMAN_RE.match(token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " "):
        value = _ROMAN[a]
        total += -value if b != " " and _ROMAN.get(b, 0) > value else value
    return total


@lru_cache(maxsize=65536)
def parse_stt(stt: str) -> Optional[tuple[int, ...]]:
    """`3.3.1` → (3, 3, 1); roman numerals → None (they are sections); not an STT → None."""
    stt = stt.rstrip(".")
    if _ARABIC.match(stt):
        return tuple(int(p) for p in stt.split("."))
    return None


def follows(previous: Optional[str], stt: str) -> bool:
    """Whether `stt` can come right after `previous`: its first child, its next sibling, or an ancestor's next."""
    if previous is None:
        return stt == "1" or stt.isdigit()
    parts = previous.split(".")
    if stt == previous + ".1":
        return True
    for depth in range(len(parts), 0, -1):
        if stt == ".".join(parts[: depth - 1] + [str(int(parts[depth - 1]) + 1)]):
            return True
    return False


def is_stt(stt: str) -> bool:
    stt = stt.rstrip(".")
    return stt == "-" or parse_stt(stt) is not None or roman_value(stt) is not None


class SttTracker:
    """Remembers the numbering so far and judges whether a number can come next.

    Reports skip and repeat numbers, so this only tells the unlikely apart: a jump backwards or far ahead."""

    def __init__(self) -> None:
        self.last: Optional[tuple[int, ...]] = None
        self.roman: int = 0

    def plausible(self, stt: str) -> bool:
        stt = stt.rstrip(".")
        roman = roman_value(stt)
        if roman is not None:
            return self.roman < roman <= self.roman + 2
        number = parse_stt(stt)
        if number is None:
            return False
        last = self.last
        if last is None:
            return number[0] <= 3 and all(p <= 5 for p in number[1:])
        if number == last:
            return True
        for k in range(len(last) + 1):
            if number[:k] != last[:k] or len(number) <= k:
                continue
            step = number[k] - (last[k] if k < len(last) else 0)
            if 0 < step <= 4 and all(p <= 6 for p in number[k + 1:]):
                return True
        # a second numbering of the same level written with an old parent (`1.1.2` after `1.2.1`)
        return len(number) == len(last) and number[0] == last[0] and len(number) > 1

    def is_next(self, stt: str) -> bool:
        """The number that comes right after the last one: `4` or `3.4` after `3.3.2`, `3.3.3`, `3.3.2.1`."""
        number, last = parse_stt(stt.rstrip(".")), self.last
        if number is None:
            return False
        if last is None:
            return number in ((1,), (1, 1))
        if number == last + (1,):
            return True
        return any(number == last[:k] + (last[k] + 1,) for k in range(len(last)))

    def accept(self, stt: str) -> None:
        stt = stt.rstrip(".")
        roman = roman_value(stt)
        if roman is not None:
            self.roman = roman
            self.last = None
            return
        number = parse_stt(stt)
        if number is not None:
            self.last = number

"""Numbers as a commune report prints them, and the value the truth records for them.

The truth's value is the number the generator drew (or the rounded ratio it printed), never a parse of the
printed text: `1.034` is drawn as 1034 and printed with a thousands dot; `16,67%` is the ratio 1/6 printed to two
decimals and recorded as 16.67. A value is an int when whole, else a float."""
from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional, Union

Number = Union[int, float]
CODE = re.compile(r"(?:=|:)\s*(\d+)")

COUNT_RANGES = [  # (word in the unit, low, high)
    ("hồ sơ", 0, 5000), ("thủ tục", 0, 250), ("tthc", 0, 250), ("văn bản", 0, 400), ("người", 0, 40),
    ("nhiệm vụ", 0, 90), ("số lượng", 0, 1500), ("bài", 0, 60), ("tin", 0, 60), ("pakn", 0, 12),
    ("vấn đề", 0, 10), ("đợt", 0, 6), ("đơn vị", 0, 20), ("cơ quan", 0, 20), ("tổ chức", 0, 10),
]
TEXT_VALUES = ["Đạt", "Không", "Có", "Hoàn thành", "Đã thực hiện", "Không phát sinh"]


def unit_kind(unit: Optional[str]) -> Optional[str]:
    if not unit:
        return None
    if unit.strip() == "%":
        return "rate"
    if CODE.search(unit):
        return "coded"
    if "đồng" in unit.lower():
        return "money"
    return "count"


def codes(unit: str) -> list[int]:
    return [int(c) for c in CODE.findall(unit)]


def count_range(unit: Optional[str]) -> tuple[int, int]:
    low_unit = (unit or "").lower()
    for word, low, high in COUNT_RANGES:
        if word in low_unit:
            return low, high
    return 0, 30


def grouped(n: int) -> str:
    """1034 -> `1.034`."""
    return f"{n:,}".replace(",", ".")


def decimal_text(x: Decimal) -> str:
    """Decimal(26.60) -> `26,6`; thousands grouped, trailing zeros dropped."""
    sign, whole, frac = ("-" if x < 0 else ""), int(abs(x)), abs(x) - int(abs(x))
    text = sign + grouped(whole)
    if frac:
        text += "," + str(frac.normalize())[2:]
    return text


def as_number(x: Decimal) -> Number:
    return int(x) if x == x.to_integral_value() else float(x)


def rounded(x: float, places: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class Printer:
    """A document's habits of printing numbers (each document has its own, held for all its cells)."""

    RATE_STYLES = ["int", "int_pct", "dec1", "dec2_pct", "fraction"]

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.group_thousands = rng.random() < 0.7
        self.leading_zero = rng.choice([0.0, 0.3, 0.9])
        self.rate_styles = rng.sample(self.RATE_STYLES, rng.randint(1, 3))
        self.with_word = rng.choice([0.0, 0.1])
        self.lone_dash = rng.choice([0.0, 0.0, 0.05])
        self.text_value = rng.choice([0.0, 0.03, 0.08])

    def count(self, n: int, unit: Optional[str] = None) -> tuple[list[str], Number]:
        rng = self.rng
        if n < 10 and rng.random() < self.leading_zero:
            text = f"{n:02d}"
        elif n >= 1000 and self.group_thousands:
            text = grouped(n)
        else:
            text = str(n)
        if unit and rng.random() < self.with_word:
            word = {"Số lượng": "phiếu", "Hồ sơ": "hồ sơ", "Văn bản": "văn bản", "Người": "người"}.get(unit)
            if word:
                text = f"{text} {word}"
        return [text], n

    def rate(self, part: Optional[int], total: Optional[int]) -> tuple[list[str], Number]:
        """A rate from its parts, printed rounded; with no parts, a rate drawn alone."""
        rng = self.rng
        style = rng.choice(self.rate_styles)
        if part is None or not total:
            pct = rng.choice([100.0, 100.0, 0.0, rng.uniform(20, 100)])
            if style == "fraction":
                style = "int_pct"
        else:
            pct = 100.0 * part / total
        if style in ("int", "int_pct", "fraction"):
            shown = rounded(pct, 0)
        elif style == "dec1":
            shown = rounded(pct, 1)
        else:
            shown = rounded(pct, 2)
        number = decimal_text(shown)
        if style in ("int_pct", "dec2_pct"):
            text = f"{number}%"
        elif style == "fraction":
            a = grouped(part) if part >= 1000 and self.group_thousands else str(part)
            b = grouped(total) if total >= 1000 and self.group_thousands else str(total)
            text = rng.choice(["{a}/{b} = {r}%", "{a}/{b} ={r}%", "{a}/{b}= {r}%"]).format(a=a, b=b, r=number)
        else:
            text = number
        return [text], as_number(shown)

    def money(self, unit: str) -> tuple[list[str], Number]:
        rng = self.rng
        if "triệu" in unit.lower():
            x = Decimal(rng.randint(1000, 900000)) / (10 if rng.random() < 0.4 else 1)
            return [decimal_text(x)], as_number(x)
        n = rng.randint(10_000_000, 9_000_000_000)
        return [grouped(n)], n

    def coded(self, unit: str) -> tuple[list[str], Optional[Number]]:
        code = self.rng.choice(codes(unit))
        return [str(code)], code

    def text(self) -> tuple[list[str], None]:
        return [self.rng.choice(TEXT_VALUES)], None

    def dash(self) -> tuple[list[str], None]:
        return ["-"], None

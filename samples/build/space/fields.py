"""The report's fields (period, number, date, signer) and the way the document words them."""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Optional

from places import Place, pick_place

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai", "Hà", "Tạ", "Cao", "Lại"]
MIDDLES = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Hữu", "Thanh", "Quang", "Xuân", "Thu", "Đình", "Công", "Kim",
           "Hồng", "Bá", "Thế", "Trọng", "Mạnh", "Anh", "Quốc"]
GIVENS = ["Sữa", "Khâm", "Hạnh", "Huệ", "Hùng", "Dũng", "Lan", "Hương", "Tuấn", "Nam", "Hải", "Bình", "Thắng", "Long",
          "Phương", "Trang", "Cường", "Sơn", "Hiếu", "Thủy", "Lộc", "Việt", "Quý", "Hòa", "Khánh", "Nghĩa", "Tâm",
          "Chiến", "Đông", "Yến", "Thành", "Toàn", "Kiên", "Thảo", "Hưng", "Quyết", "Vinh", "Nhung"]


@dataclass
class Fields:
    place: Place
    period_type: str                 # quarter / half_year / nine_months / year / month
    period_number: Optional[int]
    year: int
    number: Optional[int]            # None: the number is left blank (`Số:   /BC-UBND`)
    date: Optional[datetime.date]    # None: the date line is left blank
    signer: Optional[str]
    signer_title: Optional[str]      # Chủ tịch / Phó Chủ tịch

    @property
    def report_number(self) -> Optional[str]:
        return None if self.number is None else f"{self.number:02d}/BC-UBND"

    def period_phrase(self, rng: random.Random) -> str:
        """`Quý II năm 2023`, `6 tháng đầu năm 2024`, `9 tháng năm 2022`, `năm 2021`, `tháng 5 năm 2025`."""
        year = f"năm {self.year}"
        if self.period_type == "quarter":
            return f"{rng.choice(['Quý', 'quý'])} {ROMAN[self.period_number]} {year}"
        if self.period_type == "half_year":
            return f"6 tháng {'đầu' if self.period_number == 1 else 'cuối'} {year}"
        if self.period_type == "nine_months":
            return f"9 tháng {rng.choice(['', 'đầu '])}{year}"
        if self.period_type == "month":
            return f"tháng {self.period_number} {year}"
        return year


def person(rng: random.Random) -> str:
    middle = rng.choice(MIDDLES)
    if rng.random() < 0.3:
        middle += " " + rng.choice([m for m in MIDDLES if m not in ("Văn", "Thị")])
    return f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVENS)}"


def _period(rng: random.Random) -> tuple[str, Optional[int], int]:
    kind = rng.choices(["quarter", "half_year", "nine_months", "year", "month"], [40, 20, 12, 18, 10])[0]
    number = {"quarter": rng.randint(1, 4), "half_year": rng.randint(1, 2), "month": rng.randint(1, 12)}.get(kind)
    return kind, number, rng.randint(2021, 2025)


def _period_end_month(kind: str, number: Optional[int]) -> int:
    return {"quarter": 3 * (number or 1), "half_year": 6 * (number or 1), "nine_months": 9, "year": 12,
            "month": number or 1}[kind]


def pick_fields(rng: random.Random) -> Fields:
    place = pick_place(rng)
    kind, number, year = _period(rng)
    # reports are dated in the last weeks of the period (a year report sometimes early next year)
    month = _period_end_month(kind, number)
    date = datetime.date(year, month, rng.randint(5, 28))
    if month == 12 and rng.random() < 0.3:
        date = datetime.date(year + 1, 1, rng.randint(3, 20))
    if rng.random() < 0.3:
        date = None
    report_number = None if rng.random() < 0.3 else rng.choice([rng.randint(1, 30), rng.randint(30, 350)])
    if rng.random() < 0.05:
        signer, title = None, None
    else:
        signer, title = person(rng), rng.choices(["Chủ tịch", "Phó Chủ tịch"], [60, 40])[0]
    return Fields(place, kind, number, year, report_number, date, signer, title)

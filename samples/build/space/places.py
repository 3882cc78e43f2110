"""A real commune, its district and province, from the pre-2025 (63-province) units that vietnamadminunits ships."""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

UNIT_LEVELS = {"Xã": "xã", "Phường": "phường", "Thị trấn": "thị trấn"}
DISTRICT_LEVELS = {"Huyện": "huyện", "Thị xã": "thị xã", "Thành phố": "thành phố", "Quận": "quận"}
PROVINCE_LEVELS = {"Tỉnh": "tỉnh", "Thành phố": "thành phố"}


@dataclass(frozen=True)
class Place:
    unit_name: str        # `Phương Định`, `1` for Phường 1
    unit_level: str       # xã / phường / thị trấn
    district: str
    district_level: str   # huyện / thị xã / thành phố / quận
    province: str         # as the package spells it (`Thanh Hóa`, `Huế`)
    province_level: str   # tỉnh / thành phố (the five, then six, centrally-run cities)

    @property
    def unit(self) -> str:
        return f"{self.unit_level} {self.unit_name}"

    @property
    def district_full(self) -> str:
        return f"{self.district_level} {self.district}"

    @property
    def province_full(self) -> str:
        return f"{self.province_level} {self.province}"


def _strip(full: str, kinds: dict[str, str]) -> tuple[str, str]:
    for prefix, level in kinds.items():
        if full.lower().startswith(prefix.lower() + " "):  # the data has a `Thành Phố Bắc Kạn`
            return full[len(prefix) + 1:], level
    raise ValueError(full)


@lru_cache(maxsize=1)
def all_places() -> tuple[Place, ...]:
    from vietnamadminunits.database import query

    rows = query("SELECT ward, district, province, provinceShort FROM admin_units_legacy "
                 "WHERE wardType IS NOT NULL ORDER BY wardCode")  # a fixed order: a seed always picks the same unit
    places = []
    for row in rows:
        unit_name, unit_level = _strip(row["ward"], UNIT_LEVELS)
        district, district_level = _strip(row["district"], DISTRICT_LEVELS)
        _, province_level = _strip(row["province"], PROVINCE_LEVELS)
        places.append(Place(unit_name, unit_level, district, district_level, row["provinceShort"], province_level))
    return tuple(places)


def pick_place(rng: random.Random) -> Place:
    return rng.choice(all_places())

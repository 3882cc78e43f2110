"""Resolve a commune/district named in the text against Vietnam's administrative units (package
`vietnamadminunits`): fills the province, corrects a misspelt district, adds the 2025 units and official codes."""
from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from baocao.normalize.text import canon
from baocao.segment.report_fields import ReportFields

log = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def _parse(address: str):
    try:
        from vietnamadminunits import parse_address
    except ImportError:  # the gazetteer is optional at run time; fields stay as read
        return None
    try:
        return parse_address(address, mode="LEGACY", level=3)
    except Exception as exc:  # the package raises plain exceptions on odd input
        log.debug("gazetteer cannot parse %r: %s", address, exc)
        return None


@lru_cache(maxsize=4096)
def _convert(address: str):
    try:
        from vietnamadminunits import convert_address
        return convert_address(address)
    except Exception as exc:
        log.debug("gazetteer cannot convert %r: %s", address, exc)
        return None


def is_province(name: str) -> Optional[bool]:
    """Whether a name read as the province is one (None where the gazetteer is not installed). The package
    matches loosely (`tỉnh Nghệ` gives Hà Nội): only the same name back counts."""
    if importlib.util.find_spec("vietnamadminunits") is None:
        return None
    unit = _parse(f"tỉnh {name}")
    if unit is None:  # the package could not read it
        return False
    found = getattr(unit, "short_province", None)
    return bool(found) and _loose(found) == _loose(name)


def resolve(fields: ReportFields) -> dict[str, Optional[str]]:
    """Complete `fields` in place; returns the extra gazetteer columns (2025 names and codes). A province read
    that is no province (a name cut by a line wrap, `… tỉnh Nghệ` / `An …`) is replaced by the one the commune
    and district lie in, or dropped when they say nothing. A commune read that the gazetteer does not know in its
    district (`Hòa Lợi Nam`: the `NAM` of the letterhead's `VIỆT NAM` wrapped beside it; `Hòa` of a spread
    `HÒA  LỢI`) gives way to another the text names, or to its own first words, that the gazetteer places there;
    the name as read is kept in `extra["unit_name_read"]`."""
    extra: dict[str, Optional[str]] = {}
    if fields.province and is_province(fields.province) is False:
        fields.province = None
    _city_as_province(fields)
    if not fields.unit_name and not fields.district:
        return extra
    found = _place(fields.unit_level, fields.unit_name, fields.district_level, fields.district, fields.province)
    if found is not None and fields.unit_name and fields.district and not (found.ward_ok and found.district_ok):
        for unit, district in _other_readings(fields):
            other = _place(*unit, *district, fields.province)
            if other is not None and other.ward_ok and other.district_ok:
                for read, taken, note in (((fields.unit_level, fields.unit_name), unit, "unit_name_read"),
                                          ((fields.district_level, fields.district), district, "district_read")):
                    if taken != read:
                        extra[note] = " ".join(filter(None, read))
                (fields.unit_level, fields.unit_name), (fields.district_level, fields.district) = unit, district
                found = other
                break
    if found is None:
        return extra
    unit = found.unit
    short_district = getattr(unit, "short_district", None)
    short_province = getattr(unit, "short_province", None)
    if fields.district and short_district and found.district_ok and canon(short_district) != canon(fields.district):
        fields.district = short_district  # a misspelling in the text (`Trục Ninh` for `Trực Ninh`)
    if short_province and (found.district_ok or found.ward_ok or fields.province
                           or not (getattr(unit, "short_ward", None) or short_district)):
        if not fields.province or _loose(fields.province) == _loose(short_province):
            fields.province = short_province
    if found.ward_ok and found.district_ok:
        extra["legacy_ward_code"] = getattr(unit, "ward_code", None)
        converted = _convert(f"{unit.ward}, {unit.district}, {unit.province}")
        if converted is not None and getattr(converted, "ward", None):
            extra["unit_name_2025"] = getattr(converted, "ward", None)
            extra["unit_code"] = getattr(converted, "ward_code", None)
            extra["province_2025"] = getattr(converted, "short_province", None)
            extra["province_code"] = getattr(converted, "province_code", None)
    return extra


def _city_as_province(fields: ReportFields) -> None:
    """`thành phố Hồ Chí Minh` (Hà Nội, Đà Nẵng, Cần Thơ …) names a province, not a district: it becomes the
    province where none was read, and the district is the next one the text names."""
    districts = [tuple(d) for d in fields.extra.get("district_mentions", ())]
    cities = [name for level, name in districts if level == "thành phố" and _is_city_province(name)]
    if not cities:
        return
    if not fields.province:
        fields.province = cities[0]
    if fields.district_level == "thành phố" and fields.district in cities:
        others = [(level, name) for level, name in districts if name not in cities]
        fields.district_level, fields.district = others[0] if others else (None, None)


def _is_city_province(name: str) -> bool:
    unit = _parse_province(f"thành phố {name}")
    return unit is not None and (unit.province or "").startswith("Thành phố") \
        and _loose(unit.short_province or "") == _loose(name)


@lru_cache(maxsize=1024)
def _parse_province(address: str):
    try:
        from vietnamadminunits import parse_address
        return parse_address(address, mode="LEGACY", level=1)
    except Exception as exc:  # not installed, or odd input
        log.debug("gazetteer cannot parse %r: %s", address, exc)
        return None


@dataclass
class _Placed:
    unit: object  # the package's parsed unit
    ward_ok: bool  # the commune is the one named
    district_ok: bool  # the district is the one named


def _place(unit_level: Optional[str], unit_name: Optional[str], district_level: Optional[str],
           district: Optional[str], province: Optional[str]) -> Optional[_Placed]:
    """The commune and district as the gazetteer places them. Without a province, a district named like its
    province (`thành phố Thanh Hoá`) is read as the province; it is asked again with that province."""
    parts = []
    if unit_name:
        parts.append(f"{unit_level or 'xã'} {unit_name}")
    if district:
        parts.append(f"{district_level or 'huyện'} {district}")
    unit = _parse(", ".join([*parts, f"tỉnh {province}"] if province else parts))
    if unit is not None and not province and getattr(unit, "short_province", None) \
            and not getattr(unit, "short_district", None):
        unit = _parse(", ".join([*parts, f"tỉnh {unit.short_province}"])) or unit
    if unit is None:
        return None
    short_ward, short_district = getattr(unit, "short_ward", None), getattr(unit, "short_district", None)
    return _Placed(unit,
                   bool(short_ward) and (not unit_name or _loose(short_ward) == _loose(unit_name)),
                   bool(short_district) and (not district or _loose(short_district) == _loose(district)))


def _other_readings(fields: ReportFields):
    """(commune, district) pairs other than the pair read: the other places of that level the text names, then
    each name's first words (a wrapped line's word after it, a spread name cut)."""
    def options(read: tuple, mentions) -> list[tuple]:
        named = [read, *[tuple(m) for m in mentions if tuple(m) != read]]
        cut = [(level, " ".join(name.split()[:k])) for level, name in named
               for k in range(len(name.split()) - 1, 0, -1)]
        return list(dict.fromkeys([*named, *cut]))

    units = options((fields.unit_level, fields.unit_name), fields.extra.get("unit_mentions", ()))
    districts = options((fields.district_level, fields.district), fields.extra.get("district_mentions", ()))
    for district in districts:
        for unit in units:
            if (unit, district) != (units[0], districts[0]):
                yield unit, district


def _loose(name: str) -> str:
    from baocao.normalize.text import strip_accents

    return strip_accents(name).replace(" ", "")

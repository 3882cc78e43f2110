"""Resolve a commune/district named in the text against Vietnam's administrative units (package
`vietnamadminunits`): fills the province, corrects a misspelt district, adds the 2025 units and official codes."""
from __future__ import annotations

import importlib.util
import logging
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
    and district lie in, or dropped when they say nothing."""
    extra: dict[str, Optional[str]] = {}
    if fields.province and is_province(fields.province) is False:
        fields.province = None
    if not fields.unit_name and not fields.district:
        return extra
    parts = []
    if fields.unit_name:
        parts.append(f"{fields.unit_level or 'xã'} {fields.unit_name}")
    if fields.district:
        parts.append(f"{fields.district_level or 'huyện'} {fields.district}")
    if fields.province:
        parts.append(f"tỉnh {fields.province}")
    unit = _parse(", ".join(parts))
    if unit is None:
        return extra
    short_district = getattr(unit, "short_district", None)
    short_ward = getattr(unit, "short_ward", None)
    short_province = getattr(unit, "short_province", None)
    ward_ok = bool(short_ward) and (not fields.unit_name or _loose(short_ward) == _loose(fields.unit_name))
    district_ok = bool(short_district) and (not fields.district or _loose(short_district) == _loose(fields.district))
    if fields.district and short_district and district_ok and canon(short_district) != canon(fields.district):
        fields.district = short_district  # a misspelling in the text (`Trục Ninh` for `Trực Ninh`)
    if short_province and (district_ok or ward_ok or fields.province or not (short_ward or short_district)):
        if not fields.province or _loose(fields.province) == _loose(short_province):
            fields.province = short_province
    if ward_ok and district_ok:
        extra["legacy_ward_code"] = getattr(unit, "ward_code", None)
        converted = _convert(f"{unit.ward}, {unit.district}, {unit.province}")
        if converted is not None and getattr(converted, "ward", None):
            extra["unit_name_2025"] = getattr(converted, "ward", None)
            extra["unit_code"] = getattr(converted, "ward_code", None)
            extra["province_2025"] = getattr(converted, "short_province", None)
            extra["province_code"] = getattr(converted, "province_code", None)
    return extra


def _loose(name: str) -> str:
    from baocao.normalize.text import strip_accents

    return strip_accents(name).replace(" ", "")

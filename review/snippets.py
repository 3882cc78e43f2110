"""Where each report field shows in the text: the line a reviewer reads to check it. The field reader keeps no
positions, so the line is found by the value itself: the first line (the last, for the signature) that states it."""
from __future__ import annotations

import datetime as dt
from typing import Callable, Optional, Sequence

import regex as re

from baocao.normalize.text import canon, nfc

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
SNIPPET_CHARS = 160  # a line longer than this is cut around the value


def _plain(text: str) -> str:
    return " ".join(nfc(text.replace("**", "")).casefold().split())


def _squeeze(text: str) -> str:
    return " ".join(canon(text.replace("**", "")).split())


def _first(lines: Sequence[str], test: Callable[[str], bool], last: bool = False) -> Optional[int]:
    order = range(len(lines) - 1, -1, -1) if last else range(len(lines))
    return next((k for k in order if test(_plain(lines[k]))), None)


def _contains(needle: str) -> Callable[[str], bool]:
    target = _squeeze(needle)
    pattern = re.compile(r"(?<![\p{L}\p{N}])" + re.escape(target) + r"(?![\p{L}\p{N}])")
    return lambda line: bool(target) and bool(pattern.search(_squeeze(line)))


def _period_test(report: dict) -> Optional[Callable[[str], bool]]:
    kind, number, year = report.get("period_type"), report.get("period_number"), report.get("year")
    if kind == "quarter" and number:
        return re.compile(rf"\bqu[ýyí]\s*(?:{_ROMAN.get(number, '')}|0?{number})\b", re.I).search
    if kind == "half_year":
        return re.compile(r"\b6\s*tháng", re.I).search
    if kind == "nine_months":
        return re.compile(r"\b9\s*tháng", re.I).search
    if kind == "month" and number:
        return re.compile(rf"\btháng\s*0?{number}\b", re.I).search
    if kind == "year" and year:
        return re.compile(rf"\bnăm\s*{year}\b", re.I).search
    return None


def _date_test(date: dt.date) -> Callable[[str], bool]:
    d, m, y = date.day, date.month, date.year
    spelled = re.compile(rf"ngày\s*0?{d}\s*tháng\s*0?{m}\s*năm\s*{y}", re.I)
    slashed = re.compile(rf"(?<!\d)0?{d}\s*/\s*0?{m}\s*/\s*{y}(?!\d)")
    stamped = re.compile(rf"{y}-{m:02d}-{d:02d}")  # a digital signature's timestamp
    return lambda line: bool(spelled.search(line) or slashed.search(line) or stamped.search(line))


def field_lines(report: dict, lines: Sequence[str]) -> dict[str, int]:
    """field → 0-based line where its value is stated."""
    found: dict[str, Optional[int]] = {}
    unit = f"{report.get('unit_level') or ''} {report.get('unit_name') or ''}".strip()
    if report.get("unit_name"):
        found["unit_name"] = _first(lines, _contains(unit)) if unit else None
        if found["unit_name"] is None:
            found["unit_name"] = _first(lines, _contains(report["unit_name"]))
        found["unit_level"] = found["unit_name"]
    if report.get("district"):
        district = f"{report.get('district_level') or ''} {report['district']}".strip()
        found["district"] = _first(lines, _contains(district))
        if found["district"] is None:
            found["district"] = _first(lines, _contains(report["district"]))
        found["district_level"] = found["district"]
    if report.get("province"):
        found["province"] = _first(lines, _contains(report["province"]))
    period = _period_test(report)
    if period is not None:
        found["period_type"] = found["period_number"] = _first(lines, lambda line: bool(period(line)))
    if report.get("year"):
        found["year"] = found.get("period_type")
        if found["year"] is None:
            found["year"] = _first(lines, _contains(str(report["year"])))
    if report.get("report_number"):
        number = re.sub(r"\s+", "", report["report_number"]).casefold()
        found["report_number"] = _first(lines, lambda line: number in line.replace(" ", ""))
    if report.get("report_date"):
        found["report_date"] = _first(lines, _date_test(dt.date.fromisoformat(str(report["report_date"]))))
    if report.get("signer"):
        found["signer"] = _first(lines, _contains(report["signer"]), last=True)
    if report.get("signer_title"):
        found["signer_title"] = _first(lines, _contains(report["signer_title"]), last=True)
    return {name: k for name, k in found.items() if k is not None}


def snippet(line: str, value: object) -> str:
    """The line, cut to SNIPPET_CHARS around the value when it is long."""
    line = " ".join(line.replace("**", "").split())
    if len(line) <= SNIPPET_CHARS:
        return line
    at = canon(line).find(canon(str(value))) if value is not None else -1
    start = max(0, min(at - SNIPPET_CHARS // 3, len(line) - SNIPPET_CHARS)) if at >= 0 else 0
    return ("…" if start else "") + line[start:start + SNIPPET_CHARS] + "…"

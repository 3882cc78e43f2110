"""Who reported, for which period: the report's identity read from its header, title, body and signature."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex as re

from baocao.normalize.text import canon, squash

_NAME_WORD = r"(?:\p{Lu}[\p{Ll}\p{M}]*(?:['’]\p{Lu}[\p{Ll}\p{M}]*)?)"  # `R'Lấp`
# one space between the words: a wider gap (a tab, a column gap in a PDF line) ends the name, so the next table
# cell (`… của tỉnh` | `Thủ tục`) is not read as part of it; a name ends where a word does (`HUYỆN THUẬN` is no
# `huyện T`)
_NAME = rf"(?P<name>\d{{1,2}}\b|{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,3}})(?![\p{{L}}\p{{M}}])"
# text pulled with its layout spreads words (`huyện  Thuận Nam`): read so too, as a lesser candidate
_SPREAD_NAME = rf"(?P<name>\d{{1,2}}\b|{_NAME_WORD}(?:[ ]{{1,2}}{_NAME_WORD}){{0,3}})(?![\p{{L}}\p{{M}}])"
_UNIT_LEVEL = r"(?P<level>(?i:xã|phường|thị\s+trấn))"
_DISTRICT_LEVEL = r"(?P<level>(?i:huyện|thị\s+xã|thành\s+phố|quận))"
# `thị xã Hương Thủy` is a district, not the commune `xã Hương Thủy`
_NOT_UNIT = r"(?<![\p{L}])(?<!(?i:cấp|các|và|thị)\s+)"
_NOT_DISTRICT = r"(?<![\p{L}])(?<!(?i:cấp|các|và)\s+)"
UNIT_RE = re.compile(rf"{_NOT_UNIT}{_UNIT_LEVEL}[ ]{_NAME}")
DISTRICT_RE = re.compile(rf"{_NOT_DISTRICT}{_DISTRICT_LEVEL}[ ]{_NAME}")
UNIT_SPREAD_RE = re.compile(rf"{_NOT_UNIT}{_UNIT_LEVEL}[ ]{{1,2}}{_SPREAD_NAME}")
DISTRICT_SPREAD_RE = re.compile(rf"{_NOT_DISTRICT}{_DISTRICT_LEVEL}[ ]{{1,2}}{_SPREAD_NAME}")
# a spread reading weighs this much of a close one: it only comes first where nothing else names the place
SPREAD_WEIGHT = 0.1
PROVINCE_RE = re.compile(rf"(?<![\p{{L}}])(?i:tỉnh)[ ]{_NAME}")
# the header block's `XÃ HOẰNG LƯU`: capitals up to a column gap, the line's end or a word in lower case (the
# letterhead's other column pulled onto the same line: `XÃ THỦY THANH Độc lập - Tự do - Hạnh phúc`)
_CAPS_UNIT = re.compile(r"^\s*(?P<level>XÃ|PHƯỜNG|THỊ TRẤN)\s+(?P<name>[\p{Lu}\d][\p{Lu}\p{M}\d ]{0,30}?)"
                        r"(?=\s{2,}|\s*$|\s+\p{Lu}\p{M}*\p{Ll})")
# text pulled with its layout spreads a name's words (`PHƯỜNG   HÒA  LỢI            NAM`): a column gap is wider
_CAPS_UNIT_SPREAD = re.compile(r"^\s*(?P<level>XÃ|PHƯỜNG|THỊ TRẤN)\s+(?P<name>[\p{Lu}\d][\p{Lu}\p{M}\d]*"
                               r"(?:[ ]{1,2}[\p{Lu}\d][\p{Lu}\p{M}\d]*){0,4})(?=\s{3,}|\s*$)")

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PERIODS = [
    ("nine_months", re.compile(r"\b9\s*tháng", re.I), None),
    ("half_year", re.compile(r"\b6\s*tháng\s*(?:đầu|cuối)?", re.I), None),
    ("quarter", re.compile(r"\bqu[ýíy]\s*(?P<n>IV|I{1,3}|[1-4])\b", re.I), None),
    ("month", re.compile(r"\btháng\s*(?P<n>1[0-2]|0?[1-9])\b(?!\s*/)", re.I), None),
    ("year", re.compile(r"\bnăm\s*(?:19|20)\d\d", re.I), None),
]
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
_NUMBER = re.compile(r"(?:^|\s{2,})Số\s*:\s*(?P<num>\d[\d ]*/\s*[\p{Lu}Đ][\p{Lu}Đ\d\-–]*)")
_NUMBER_KEM = re.compile(r"(?i:kèm\s+theo\s+Báo\s+cáo\s+số)\s*(?P<num>\d+\s*/\s*[\p{Lu}Đ][\p{Lu}Đ\-\d]*)")
_DATE_LINE = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})", re.I)
_DATE_KEM = re.compile(r"kèm\s+theo\s+Báo\s+cáo\s+số[^\n]{0,40}?ngày\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", re.I)
_TITLE = canon("báo cáo")  # the title line the report's subject follows
_REFORM = re.compile(r"cải\s+cách\s+hành\s+chính", re.I)
_LAYOUT_GAP = re.compile(r"\s{3,}|\t")  # where a layout line's columns part
_STAMP = re.compile(r"(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)T\d\d:\d\d")
_TITLE_WORDS = re.compile(r"^(?:\**)\s*(?:(?:TM|KT|Q)\.?\s*)?(?:ỦY|UỶ)?\s*(?:PHÓ\s+)?CHỦ\s+TỊCH\s*\**$|^Phó\s+Chủ\s+tịch$|^Chủ\s+tịch$", re.I)
_SURNAMES = set("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Đinh Lương Trịnh Mai
Trương Lâm Hà Cao Tạ Tô Quách Chu Thái Lưu Vương Kiều Triệu Mạc Hứa Khúc Tăng Văn Châu Phùng La Lại Thân Từ Nông Lò Lục
Hầu Vi Giáp Tống Âu Ông Quan Kim Tôn Đồng Viên Diệp Ninh Thạch Đàm Lã Khổng Mạnh Bạch Chử Cù Doãn Hàn Nghiêm Tiêu Trịnh Ưng
Lục Mẫn Khương Ma Sầm Quang Thiều Bế Cấn Hoàng Huỳnh""".split())


@dataclass
class ReportFields:
    unit_name: Optional[str] = None
    unit_level: Optional[str] = None
    district: Optional[str] = None
    district_level: Optional[str] = None
    province: Optional[str] = None
    period_type: Optional[str] = None
    period_number: Optional[int] = None
    year: Optional[int] = None
    report_number: Optional[str] = None
    report_date: Optional[dt.date] = None
    signer: Optional[str] = None
    signer_title: Optional[str] = None
    extra: dict = field(default_factory=dict)


def _title_case(name: str) -> str:
    return " ".join(w if w.isdigit() else w[:1] + w[1:].lower() for w in name.split())


def _clean(line: str) -> str:
    return line.replace("**", "").replace("\t", "  ")


def _most_common(found: Counter) -> Optional[tuple[str, str]]:
    return found.most_common(1)[0][0] if found else None


def _mentions(pattern: re.Pattern, lines: Sequence[str], scale: float = 1.0) -> Counter:
    found: Counter = Counter()
    # joined so a name cut by a line break (`UBND thành` / `phố Thanh Hoá`) is still found
    head = " ".join(_clean(l).strip() for l in lines[:12])
    rest = " ".join(_clean(l).strip() for l in lines[12:])
    for weight, text in ((3, head), (1, rest)):
        for match in pattern.finditer(text):
            level = " ".join(match.group("level").lower().split())
            name = " ".join(match.group("name").split())
            if not name or name.split()[0].lower() in {"ủy", "uỷ", "ubnd", "hđnd"}:
                continue
            if name.isdigit() and level not in ("phường", "quận"):  # `phường 1`, `quận 6`
                continue
            found[(level, name)] += weight * scale
    return found


def read_report_fields(lines: Sequence[str], body_end: Optional[int] = None) -> ReportFields:
    """Fields from the document's lines; `body_end` (the first table line) keeps table text out of the search."""
    body = list(lines[: body_end if body_end is not None else len(lines)])
    fields = ReportFields()
    _read_unit(body, fields)
    _read_period(body, fields)
    _read_number_and_date(body, list(lines), fields)
    _read_signer(body, fields)
    return fields


def _read_unit(body: Sequence[str], fields: ReportFields) -> None:
    units = _mentions(UNIT_RE, body) + _mentions(UNIT_SPREAD_RE, body, SPREAD_WEIGHT)
    for line in body[:8]:  # header block: `XÃ HOẰNG LƯU` under `ỦY BAN NHÂN DÂN`
        for pattern, weight in ((_CAPS_UNIT, 10), (_CAPS_UNIT_SPREAD, 9)):
            match = pattern.match(_clean(line))
            if match:
                level = " ".join(match.group("level").lower().split())
                units[(level, _title_case(match.group("name")))] += weight
    best = _most_common(units)
    if best:
        fields.unit_level, fields.unit_name = best
    # the others, for the gazetteer to choose from when the first is no commune it knows
    fields.extra["unit_mentions"] = [unit for unit, _ in units.most_common()]
    districts = _mentions(DISTRICT_RE, body) + _mentions(DISTRICT_SPREAD_RE, body, SPREAD_WEIGHT)
    best = _most_common(districts)
    if best:
        fields.district_level, fields.district = best
    provinces: Counter = Counter()
    for line in body:
        for match in PROVINCE_RE.finditer(_clean(line)):
            provinces[match.group("name").strip()] += 1
    if provinces:
        fields.province = provinces.most_common(1)[0][0]
    # the others, most named first: `thành phố Hồ Chí Minh` is the province, and the district another
    fields.extra["district_mentions"] = [district for district, _ in districts.most_common()]


def _read_period(body: Sequence[str], fields: ReportFields) -> None:
    # words one space apart: text pulled with its layout spreads them (`9 tháng đầu  năm`, `BÁO  CÁO`)
    plain = [" ".join(_clean(l).split()) for l in body]
    start = next((k for k, l in enumerate(plain) if canon(l).strip(" *") == _TITLE), None)
    title = " ".join([l for l in plain[start + 1:] if l][:3]) if start is not None else ""
    if not title:
        title = " ".join(l for l in plain if _REFORM.search(l))[:400]
    best: Optional[tuple[int, str, Optional[int]]] = None
    for kind, pattern, _ in _PERIODS:
        match = pattern.search(title)
        if match and (best is None or match.start() < best[0]):
            number: Optional[int] = None
            if kind == "quarter":
                token = match.group("n").upper()
                number = _ROMAN.get(token) or int(token)
            elif kind == "month":
                number = int(match.group("n"))
            elif kind == "half_year":
                number = 2 if "cuối" in match.group(0).lower() else 1
            best = (match.start(), kind, number)
    if best:
        _, fields.period_type, fields.period_number = best
    year = _YEAR.search(title)
    if year:
        fields.year = int(year.group(1))


def _date(match: re.Match) -> Optional[dt.date]:
    try:
        return dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _read_number_and_date(body: Sequence[str], lines: Sequence[str], fields: ReportFields) -> None:
    for line in body[:12]:
        text = _clean(line)
        match = _NUMBER.search(text)
        if match and fields.report_number is None:
            fields.report_number = re.sub(r"\s+", "", match.group("num"))
        date = _DATE_LINE.search(text)
        if date and fields.report_date is None:
            fields.report_date = _date(date)
    for line in lines:
        text = _clean(line)
        match = _NUMBER_KEM.search(text)
        if match and fields.report_number is None:
            fields.report_number = re.sub(r"\s+", "", match.group("num"))
        date = _DATE_KEM.search(text)
        if date and fields.report_date is None:
            fields.report_date = _date(date)
    if fields.report_date is None:
        stamps = [_date(m) for line in lines[-40:] for m in _STAMP.finditer(line)]
        stamps = [s for s in stamps if s]
        if stamps:
            fields.report_date = min(stamps)


def _segments(line: str) -> list[str]:
    # split on tabs before _clean turns them into spaces: a tab separates the columns of a layout table
    return [s.strip() for s in _LAYOUT_GAP.split(line.replace("**", "")) if s.strip()]


def _is_person(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if not all(re.fullmatch(r"\p{Lu}[\p{Ll}\p{M}]+", w) for w in words):
        return False
    return words[0] in _SURNAMES


def _read_signer(body: Sequence[str], fields: ReportFields) -> None:
    for k in range(len(body) - 1, -1, -1):
        segs = _segments(body[k])
        if not any(_TITLE_WORDS.match(s) for s in segs):
            continue
        block = body[max(0, k - 4): k + 14]
        text = " ".join(_clean(l) for l in block)
        fields.signer_title = "Phó Chủ tịch" if re.search(r"PHÓ\s+CHỦ\s+TỊCH|Phó\s+Chủ\s+tịch", text) else "Chủ tịch"
        for line in body[k + 1: k + 14]:
            for seg in reversed(_segments(line)):
                seg = seg.strip(" *")
                if _is_person(seg):
                    fields.signer = squash(seg)
                    return
        return

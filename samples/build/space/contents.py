"""One report's contents, all drawn from the seed: the fields, the words of the header block, title, body,
recipients and signature, and the statistics tables. Nothing here knows how the document is laid out beyond the
choices the template makes about what the tables contain (numbering, labels, `Trong đó` marks)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional

import body
from catalogue import load as load_catalogue
from fields import Fields, pick_fields
from tables import Table, make_tables
from template import Template
from values import Printer
from wording import Wording


@dataclass
class Report:
    fields: Fields
    header_left: list[str]        # `ỦY BAN NHÂN DÂN` / `XÃ …`, or `UBND HUYỆN …` / `UBND XÃ …`
    number_line: str              # `Số: 09/BC-UBND`, `Số:      /BC-UBND`
    motto: str                    # `Độc lập - Tự do - Hạnh phúc`
    date_line: str                # `Phương Định, ngày 08 tháng 3 năm 2024`
    title: list[str]              # `BÁO CÁO`, `Kết quả công tác cải cách hành chính Quý II năm 2023`, …
    paragraphs: list[tuple[str, str]]
    closing: str
    recipients: list[str]
    signature: list[str]          # `TM. ỦY BAN NHÂN DÂN`, `CHỦ TỊCH`; empty when unsigned
    tables: list[Table]


def _date_line(rng: random.Random, f: Fields) -> str:
    place = f.place.unit_name if not f.place.unit_name.isdigit() else f"Phường {f.place.unit_name}"
    if f.date is None:
        blank = rng.choice(["ngày      tháng      năm", "ngày    tháng    năm", "ngày … tháng … năm"])
        return f"{place}, {blank} {f.year}"
    day = f"{f.date.day:02d}" if rng.random() < 0.7 else str(f.date.day)
    month = f"{f.date.month:02d}" if f.date.month < 3 and rng.random() < 0.5 else str(f.date.month)
    return f"{place}, ngày {day} tháng {month} năm {f.date.year}"


def make_report(seed: int, template: Template) -> Report:
    # one stream per aspect, each from the seed: changing how tables are drawn leaves the fields as they were
    rng_fields = random.Random(f"{seed}:fields")
    rng_text = random.Random(f"{seed}:text")
    rng_tables = random.Random(f"{seed}:tables")
    f = pick_fields(rng_fields)
    p = f.place
    level_caps = p.unit_level.upper()
    if template.header_style == "ubnd_full":
        header_left = [rng_text.choice(["ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"]), f"{level_caps} {p.unit_name.upper()}"]
    else:
        header_left = [f"UBND {p.district_level.upper()} {p.district.upper()}", f"UBND {level_caps} {p.unit_name.upper()}"]
    gap = " " * rng_text.randint(5, 9)
    number_line = f"Số: {f.report_number}" if f.number is not None else f"Số:{gap}/BC-UBND"
    motto = rng_text.choice(["Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"])
    period = f.period_phrase(rng_text)
    lead = rng_text.choice(["Kết quả công tác cải cách hành chính", "Kết quả thực hiện công tác cải cách hành chính",
                            "Tình hình, kết quả công tác cải cách hành chính", "Công tác cải cách hành chính"])
    title = ["BÁO CÁO", f"{lead} {period}"]
    if rng_text.random() < 0.3:
        title.append("và phương hướng, nhiệm vụ trọng tâm kỳ tới")
    names = {"unit": p.unit, "district": p.district_full, "province": p.province_full, "level": p.unit_level}
    paragraphs = body.paragraphs(rng_text, names, f.year, period)
    closing = f"Trên đây là báo cáo kết quả công tác cải cách hành chính {period} của UBND {p.unit}./."
    recipients = ["Nơi nhận:", f"- UBND {p.district_full};", "- Phòng Nội vụ;",
                  f"- Đảng ủy, HĐND {p.unit_level};", "- Lưu: VT."]
    if f.signer_title == "Phó Chủ tịch":
        signature = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    elif f.signer_title == "Chủ tịch":
        signature = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    else:
        signature = []
    attachment = None
    if f.report_number and f.date:
        attachment = f"(Kèm theo Báo cáo số {f.report_number} ngày {f.date.day:02d}/{f.date.month:02d}/{f.date.year}" \
                     f" của UBND {p.unit})"
    tables = make_tables(rng_tables, load_catalogue(), template, Wording(rng_tables, p.district_level),
                         Printer(rng_tables), f.year, attachment)
    return Report(f, header_left, number_line, motto, _date_line(rng_text, f), title, paragraphs, closing,
                  recipients, signature, tables)

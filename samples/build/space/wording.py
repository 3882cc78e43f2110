"""Variations of an indicator's wording: abbreviations spelled out or shortened, synonyms, parentheticals added or
dropped, the issuing level named as the document's district level. Each variation is applied with a document-wide
taste (some reports abbreviate everything, some nothing), so one document stays consistent with itself."""
from __future__ import annotations

import random
import re

# (short, long): a document abbreviates with probability `abbreviate`, spells out otherwise
ABBREVIATIONS = [
    ("TTHC", "thủ tục hành chính"),
    ("VBQPPL", "văn bản quy phạm pháp luật"),
    ("CCHC", "cải cách hành chính"),
    ("UBND", "Ủy ban nhân dân"),
    ("ĐVSNCL", "đơn vị sự nghiệp công lập"),
    ("DVC", "dịch vụ công"),
]
SYNONYMS = [
    (r"^Số lượng ", "Số "),
    (r"^Tổng số ", "Tổng "),
    (r"đã hoàn thành", "hoàn thành"),
    (r"giải quyết xong", "đã giải quyết"),
    (r"Hệ thống", "hệ thống"),
    (r"đúng hạn", "đúng hẹn"),
    (r"thời điểm báo cáo", "kỳ báo cáo"),
]
ADDED = ["(lũy kế đến thời điểm báo cáo)", "(nếu có)", "(trong kỳ báo cáo)", "(cả trực tiếp và trực tuyến)"]
PAREN = re.compile(r"\s*\([^()]*\)")


class Wording:
    def __init__(self, rng: random.Random, district_level: str):
        self.rng = rng
        self.abbreviate = rng.choice([0.0, 0.5, 0.9, 1.0])
        self.synonyms = rng.random() * 0.5
        self.drop_parens = rng.choice([0.0, 0.2, 0.6])
        self.add_parens = rng.choice([0.0, 0.05, 0.15])
        self.district_level = district_level

    def _spell(self, text: str) -> str:
        for short, long in ABBREVIATIONS:
            if self.rng.random() < self.abbreviate:
                text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
            else:
                text = re.sub(rf"\b{short}\b", long, text)
        return re.sub(r"(\w+) \(\1\)", r"\1", text)  # `ĐVSNCL (ĐVSNCL)` after shortening a glossed name

    def vary(self, text: str) -> str:
        rng = self.rng
        text = self._spell(text)
        for pattern, repl in SYNONYMS:
            if rng.random() < self.synonyms:
                text = re.sub(pattern, repl, text)
        if rng.random() < self.drop_parens and len(text) > 30:
            shorter = PAREN.sub("", text).strip()
            text = shorter if len(shorter) > 8 else text
        if rng.random() < self.add_parens:
            text = f"{text.rstrip('.')} {rng.choice(ADDED)}"
        # the level that assigns tasks is the document's own district level
        text = re.sub(r"UBND (huyện|thị xã|thành phố)(?=[, ])", f"UBND {self.district_level}", text)
        text = re.sub(r"Chủ tịch UBND (huyện|thị xã|thành phố)", f"Chủ tịch UBND {self.district_level}", text)
        text = " ".join(text.split())
        return text[:1].upper() + text[1:]

    def title(self, text: str, upper: bool) -> str:
        text = self._spell(text)
        if upper:
            return text.upper()
        text = text[:1].upper() + text[1:].lower()
        for short, _ in ABBREVIATIONS:
            text = re.sub(rf"\b{short.lower()}\b", short, text)
        return text

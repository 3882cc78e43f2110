"""The statistics tables' contents: which indicators, how they are numbered, their units, values and notes.

Indicators come from the catalogue (the seeds' rows, one form per seed and topic), thinned, mixed across forms
and reworded. Numbers are drawn top-down so that they agree: a rate is its parts' ratio, `Trong đó` sub-rows sum
to their parent (most of the time). Each Row carries both what is printed and what the truth records."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Optional

from catalogue import TOPICS
from template import Template
from values import Number, Printer, count_range, unit_kind
from wording import Wording

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
NOTES_SHORT = ["Cấp huyện báo cáo cho cấp xã", "Lũy kế", "Không phát sinh", "Đạt kế hoạch", "Số liệu ước tính",
               "QĐ số {q}/QĐ-UBND ngày {d}", "Kế hoạch số {q}/KH-UBND", "Tăng so với cùng kỳ", "Trực tuyến"]
NOTES_LONG = ["Chỉ báo cáo các tổ chức vẫn đang hoạt động (VD: Ban Chỉ đạo, Đoàn kiểm tra…)",
              "Số liệu tính từ ngày 15/{m}/{y0} đến ngày 14/{m}/{y} theo Hệ thống thông tin giải quyết TTHC của tỉnh",
              "Kế hoạch số {q}/KH-UBND ngày {d} về cải cách hành chính năm {y}.",
              "Theo số liệu trên Cổng dịch vụ công quốc gia và Hệ thống thông tin một cửa điện tử của tỉnh"]
FOOTNOTES = ["Số liệu lũy kế từ đầu năm đến thời điểm báo cáo.",
             "Chỉ tính các thủ tục hành chính có phát sinh hồ sơ trong kỳ.",
             "Theo Quyết định công bố danh mục thủ tục hành chính của Chủ tịch UBND tỉnh.",
             "Số liệu do Bộ phận tiếp nhận và trả kết quả cung cấp."]
LIST_ITEMS = ["Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy", "Xây dựng và nâng cao đội ngũ cán bộ, công chức",
              "Cải cách tài chính công", "Hiện đại hoá hành chính", "Công tác chỉ đạo, điều hành, tuyên truyền"]


@dataclass
class Item:
    """One indicator before numbering: a tree, children either numbered or `Trong đó` sub-rows (breakdown)."""
    indicator: str
    unit: Optional[str]
    note: Optional[str]
    children: list["Item"] = field(default_factory=list)
    breakdown: bool = False
    value_lines: list[str] = field(default_factory=list)
    value: Optional[Number] = None


@dataclass
class Row:
    kind: str                     # section / item / sub (a `Trong đó` row) / dash (a `-` item of a section)
    stt: Optional[str]            # as the truth records it: `I`, `2.1`, `-`, None
    indicator: str
    unit: Optional[str]
    value_lines: list[str]        # the value cell's lines as printed ([] when empty)
    value: Optional[Number]
    note: Optional[str]
    parent_stt: Optional[str]
    marker_before: bool = False   # a `Trong đó:` row is printed above this row
    mark: str = ""                # `-` or `+` printed for sub / dash rows ("" for none)
    footnote: Optional[int] = None

    @property
    def value_raw(self) -> Optional[str]:
        return " ".join(self.value_lines) or None


@dataclass
class Table:
    label: Optional[str]
    title: Optional[str]
    attachment: Optional[str]     # `(Kèm theo Báo cáo số …)` under the title
    rows: list[Row]
    footnotes: list[str]


class TableMaker:
    def __init__(self, rng: random.Random, catalogue: dict, template: Template, wording: Wording,
                 printer: Printer, year: int):
        self.rng, self.catalogue, self.t, self.wording, self.printer, self.year = \
            rng, catalogue, template, wording, printer, year
        self.p_empty = rng.choice([0.0, 0.05, 0.2, 0.5])
        self.p_note = rng.choice([0.0, 0.05, 0.12]) if template.note_column else 0.0
        self.upper_titles = rng.random() < 0.7

    # ------------------------------------------------------------ which indicators
    def _item(self, node: dict, depth: int) -> Item:
        rng = self.rng
        note = node["note"] if self.t.note_column else None
        item = Item(self.wording.vary(node["indicator"]), node["unit"], note, breakdown=node["breakdown"])
        if depth < 3:
            keep = [c for k, c in enumerate(node["children"])
                    if rng.random() < 0.85 or (node["unit"] == "%" and k < 2)]
            item.children = [self._item(c, depth + 1) for c in keep]
        if item.children and not item.breakdown and all(not c.children for c in item.children) \
                and rng.random() < 0.1 and item.unit != "%":
            item.breakdown = True  # some forms put the parts of a total as `Trong đó` rows
        return item

    def topic_items(self, topic: str) -> list[Item]:
        rng = self.rng
        forms = [f for f in self.catalogue["topics"][topic]["forms"] if f]
        form = list(rng.choice(forms))
        if rng.random() < 0.3:  # borrow an indicator from another seed's form
            other = rng.choice(rng.choice(forms))
            if all(other["indicator"] != n["indicator"] for n in form):
                form.insert(rng.randint(0, len(form)), other)
        nodes = [n for n in form if rng.random() < 0.85] or [rng.choice(form)]
        return [self._item(n, 1) for n in nodes]

    def section_title(self, topic: str) -> str:
        titles = self.catalogue["topics"][topic]["titles"]
        return self.wording.title(self.rng.choice(titles), self.upper_titles)

    # ------------------------------------------------------------ numbers
    def fill(self, item: Item, given: Optional[int] = None, parent_unit: Optional[str] = None) -> None:
        rng, printer = self.rng, self.printer
        unit = item.unit or (parent_unit if item.breakdown is False and given is not None else None)
        kind = unit_kind(unit)
        counts = [c for c in item.children if unit_kind(c.unit or unit) == "count"]
        lines: list[str] = []
        value: Optional[Number] = None
        if kind == "rate" and len(counts) >= 2:
            low, high = count_range(counts[0].unit)
            total = rng.randint(max(low, 1), max(high, 5))
            part = min(total, int(total * rng.choice([1.0, 1.0, rng.uniform(0.2, 1.0)])))
            givens = {id(counts[0]): total, id(counts[1]): part}
            if len(counts) > 2:
                givens[id(counts[2])] = rng.randint(0, part)
            for child in item.children:
                self.fill(child, givens.get(id(child)), unit)
            lines, value = printer.rate(part, total)
        elif kind == "count":
            low, high = count_range(unit)
            n = given if given is not None else rng.randint(low, high)
            parts = self._split(n, len(item.children)) if item.breakdown and item.children else {}
            for k, child in enumerate(item.children):
                self.fill(child, parts.get(k), unit)
            lines, value = printer.count(n, unit)
            if unit == "Nhiệm vụ" and rng.random() < 0.03:  # a list of tasks by area: no single value
                lines, value = [f"{k + 1}. {t}: {rng.randint(1, 6):02d}"
                                for k, t in enumerate(rng.sample(LIST_ITEMS, rng.randint(2, 4)))], None
        else:
            for child in item.children:
                self.fill(child, None, None)
            if kind == "rate":
                lines, value = printer.rate(None, None)
            elif kind == "coded":
                lines, value = printer.coded(unit)
            elif kind == "money":
                lines, value = printer.money(unit)
            elif item.children and rng.random() < 0.2:
                sums = [c.value for c in item.children if isinstance(c.value, int)]
                if sums and len(sums) == len(item.children) and all(unit_kind(c.unit) == "count"
                                                                     for c in item.children):
                    lines, value = printer.count(sum(sums))
        if lines and kind in ("count", "coded", "rate") and rng.random() < printer.text_value:
            lines, value = printer.text()
        elif lines and rng.random() < printer.lone_dash:
            lines, value = printer.dash()
        if rng.random() < self.p_empty or "không phải báo cáo" in item.indicator:
            lines, value = [], None
        item.value_lines, item.value = lines, value

    def _split(self, n: int, k: int) -> dict[int, int]:
        """n as k parts, for `Trong đó` rows; one time in ten the parts do not add up (as in real reports)."""
        rng = self.rng
        cuts = sorted(rng.randint(0, n) for _ in range(k - 1))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [n])]
        if rng.random() < 0.1:
            parts[rng.randrange(k)] += rng.randint(1, 5)
        return dict(enumerate(parts))

    def _note(self) -> Optional[str]:
        rng = self.rng
        if rng.random() >= self.p_note:
            return None
        text = rng.choice(NOTES_LONG if rng.random() < 0.3 else NOTES_SHORT)
        return text.format(q=rng.randint(1, 300), d=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{self.year}",
                           y=self.year, y0=self.year - 1, m=rng.randint(1, 12))

    # ------------------------------------------------------------ numbering into rows
    def rows_of(self, item: Item, stt: str, parent: Optional[str], depth_left: int, out: list[Row]) -> None:
        note = item.note or self._note()
        out.append(Row("item", stt, item.indicator, item.unit, item.value_lines, item.value, note, parent))
        if not item.children:
            return
        if item.breakdown or depth_left == 0:
            self._sub_rows(item.children, stt, out)
            return
        for k, child in enumerate(item.children, 1):
            self.rows_of(child, f"{stt}.{k}", stt, depth_left - 1, out)

    def _sub_rows(self, children: list[Item], parent_stt: str, out: list[Row]) -> None:
        style = self.t.breakdown_style
        stt, mark = (None, "") if style == "none" else ("-", "+" if style.startswith("plus") else "-")
        for k, child in enumerate(self._flatten(children)):
            out.append(Row("sub", stt, child.indicator, child.unit, child.value_lines, child.value,
                           child.note or self._note(), parent_stt,
                           marker_before=k == 0 and self.t.trong_do_marker, mark=mark))

    def _flatten(self, items: list[Item]) -> list[Item]:
        flat: list[Item] = []
        for item in items:
            flat.append(item)
            flat += self._flatten(item.children)
        return flat

    def section_rows(self, topic: str, number: int, items: list[Item], numbering: str, out: list[Row],
                     start: int = 1) -> int:
        """Rows of one topic; returns the next top-level number (flat numbering runs on across topics)."""
        rng = self.rng
        if numbering == "flat":
            for k, item in enumerate(items, start):
                self.rows_of(item, str(k), None, 2, out)
            return start + len(items)
        section = ROMAN[number] if numbering == "roman" else str(number)
        out.append(Row("section", section, self.section_title(topic), None, [], None, None, None))
        if rng.random() < self.t.dash_section:
            for item in items:
                out.append(Row("dash", "-", item.indicator, item.unit, item.value_lines, item.value,
                               item.note or self._note(), section, mark=rng.choice(["-", "+"])))
            return start
        for k, item in enumerate(items, 1):
            stt = str(k) if numbering == "roman" else f"{section}.{k}"
            self.rows_of(item, stt, section, 2 if numbering == "roman" else 1, out)
        return start


def _labels(rng: random.Random, template: Template) -> list[Optional[str]]:
    n, style = template.n_tables, template.label_style
    if n > 1:
        first = rng.choice([1, 1, 1, 2])
        zero = rng.random() < 0.3
        word = "Biểu mẫu" if style == "bieu_mau" else "Phụ lục"
        return [f"{word} {k:02d}" if zero else f"{word} {k}" for k in range(first, first + n)]
    return [{"none": None, "phu_luc": "Phụ lục",
             "phu_luc_n": f"Phụ lục {rng.choice(['1', '2', '3', '02', 'I', 'II'])}",
             "phu_luc_code": f"Phụ lục {rng.choice(['01', '02', '1', '03'])}{rng.choice('abc')}",
             "bieu_mau": f"Biểu mẫu {rng.randint(1, 5)}"}[style]]


def make_tables(rng: random.Random, catalogue: dict, template: Template, wording: Wording, printer: Printer,
                year: int, attachment: Optional[str]) -> list[Table]:
    maker = TableMaker(rng, catalogue, template, wording, printer, year)
    names = [name for name, _ in TOPICS]
    n_topics = max(template.n_tables, rng.choice([3, 4, 5, 6, 7, 7]))
    topics = sorted(rng.sample(names, n_topics), key=names.index)
    # split the topics over the tables, in order
    cuts = sorted(rng.sample(range(1, n_topics), template.n_tables - 1))
    groups = [topics[a:b] for a, b in zip([0] + cuts, cuts + [n_topics])]
    labels = _labels(rng, template)
    tables = []
    for label, group in zip(labels, groups):
        numbering = "flat" if len(group) == 1 and template.n_tables > 1 else template.numbering
        rows: list[Row] = []
        next_number = 1
        for k, topic in enumerate(group, 1):
            items = maker.topic_items(topic)
            for item in items:
                maker.fill(item)
            next_number = maker.section_rows(topic, k, items, numbering, rows, next_number)
        footnotes = []
        if template.footnotes != "none":
            heads = [r for r in rows if r.kind in ("section", "item")]
            for row in rng.sample(heads, min(len(heads), rng.randint(1, 3))):
                row.footnote = 0
            marked = [r for r in rows if r.footnote == 0]
            for k, row in enumerate(marked, 1):
                row.footnote = k
            footnotes = rng.sample(FOOTNOTES, len(marked))
        title = None
        if template.title_line:
            if len(group) == 1 and template.n_tables > 1:
                title = maker.section_title(group[0]).upper()
            else:
                title = rng.choice(["BIỂU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ CẤP XÃ",
                                    "KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
                                    "SỐ LIỆU THỐNG KÊ CẢI CÁCH HÀNH CHÍNH"])
        tables.append(Table(label, title, attachment if rng.random() < 0.5 else None, rows, footnotes))
    return tables

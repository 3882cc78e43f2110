"""The statistics table as many Word users type it: STT drawn by automatic list numbering, a one-row header, the
table label in a title row inside the table."""
from __future__ import annotations

import re
from typing import Optional

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from report_docx import Layout, _cell_text, _row_property, _widths, table_lines

class Lists:
    """Word list definitions for the STT column: one multi-level list per table (so each table restarts at 1),
    level 0 `I.`, level 1 `1.`, level 2 `1.1.`, … and a `-` bullet for dash rows."""

    FORMATS = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("decimal", "%2.%3.%4."),
               ("decimal", "%2.%3.%4.%5.")]

    def __init__(self, document: Document):
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self._parse, self._ns = parse_xml, nsdecls("w")
        self.numbering = document.part.numbering_part.element
        self.next_id = 300
        self.bullet = self._add([("bullet", "-")])

    def _add(self, levels: list[tuple[str, str]]) -> str:
        num_id = str(self.next_id)
        self.next_id += 1
        lvls = "".join(
            f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="center"/></w:lvl>' for k, (fmt, text) in enumerate(levels))
        abstracts = self.numbering.findall(qn("w:abstractNum"))
        abstract = self._parse(f'<w:abstractNum {self._ns} w:abstractNumId="{num_id}">'
                               f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
        if abstracts:  # abstract definitions come before the num instances
            abstracts[-1].addnext(abstract)
        else:
            self.numbering.insert(0, abstract)
        self.numbering.append(self._parse(f'<w:num {self._ns} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
                                          f'</w:num>'))
        return num_id

    def table_list(self) -> str:
        return self._add(self.FORMATS)

    def apply(self, paragraph, num_id: str, level: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(self._parse(f'<w:numPr {self._ns}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def auto_numbers(stts: list[str]) -> list[Optional[int]]:
    """For each printed STT, the list level that draws it exactly (Word's counters simulated), or None when the
    number has to be typed (a skipped or repeated number, a dash, no STT)."""
    counters: list[Optional[int]] = [None] * 5
    levels: list[Optional[int]] = []
    for stt in stts:
        level = None
        if stt and re.fullmatch(r"[IVX]+", stt):
            level = 0
        elif stt and re.fullmatch(r"\d+(?:\.\d+){0,3}", stt):
            level = stt.count(".") + 1
        if level is None:
            levels.append(None)
            continue
        trial = list(counters)
        trial[level] = (trial[level] or 0) + 1
        for deeper in range(level + 1, 5):
            trial[deeper] = None
        if level == 0:
            drawn = _roman_numeral(trial[0])
        else:
            parts = trial[1:level + 1]
            drawn = None if any(p is None for p in parts) else ".".join(str(p) for p in parts)
        if drawn == stt:
            counters = trial
            levels.append(level)
        else:
            levels.append(None)
    return levels


def _roman_numeral(n: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X"}.get(n, "")


def word_style_table(document: Document, rows: list[dict], label: Optional[str], layout: Layout,
                      lists: Lists) -> None:
    size = layout.table_font_size
    body = table_lines(rows)
    levels = auto_numbers([line["stt"] for line in body])
    title_rows = 1 if label else 0
    table = document.add_table(rows=title_rows + 1 + len(body), cols=5)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    center = WD_ALIGN_PARAGRAPH.CENTER
    if label:
        title = table.rows[0].cells[0].merge(table.rows[0].cells[4])
        _cell_text(title, label, bold=True, align=center, size=size)
    header = table.rows[title_rows]
    for cell, text in zip(header.cells, ("TT", "Nội dung", "ĐVT", "Số liệu", "Ghi chú")):
        _cell_text(cell, text, bold=True, align=center, size=size)
    _row_property(header, "w:tblHeader")
    num_id = lists.table_list()
    for k, line in enumerate(body):
        row = table.rows[title_rows + 1 + k]
        _row_property(row, "w:cantSplit")
        cells = row.cells
        bold = line.get("section", False)
        level = levels[k]
        indicator = line["indicator"]
        if level is not None:
            _cell_text(cells[0], "", align=center, size=size)
            lists.apply(cells[0].paragraphs[0], num_id, level)
        else:
            _cell_text(cells[0], line["stt"], bold=bold, align=center, size=size)
        if indicator.startswith("- ") and not line["stt"]:
            _cell_text(cells[1], indicator[2:], size=size)
            lists.apply(cells[1].paragraphs[0], lists.bullet, 0)
        else:
            _cell_text(cells[1], indicator, bold=bold, italic=line.get("marker", False), size=size)
        _cell_text(cells[2], line["unit"], align=center, size=size)
        _cell_text(cells[3], line["value"], align=center, size=size)
        _cell_text(cells[4], line["note"], size=size)
    _widths(table, [1.5, layout.indicator_cm, 2.8, 2.4, 16.2 - layout.indicator_cm - 5.2])



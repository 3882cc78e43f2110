"""The document's lines as the table reader sees them: non-empty, in reading order, each with its vertical place.

A text line's place is its line number; a page's visual line has its points. Lines that state cells of several
table rows (HTML rows written on one line) are parted into one line per row."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from baocao.schemas.document import CellRef, Document, Line, Span
from baocao.segment.numbering import stt_dots


@dataclass
class RLine:
    index: int  # the line in Document.lines it comes from
    page: Optional[int]
    spans: list[Span]
    top: float
    bottom: float
    page_break: bool = False  # the first line of a page other than the first
    placed: bool = False  # top and bottom are where the page puts the line (points), not its line number

    @property
    def words(self) -> list[str]:
        return [span.text for span in self.spans]

    @property
    def text(self) -> str:
        return " ".join(span.text for span in self.spans)

    @property
    def stated(self) -> bool:
        """The source states this line's cells (a DOCX or ruled table row, a tab-separated line)."""
        return any(span.cell is not None for span in self.spans)

    def cells(self) -> list[tuple[CellRef, list[Span]]]:
        """The stated cells of the line in order, each with its spans."""
        out: list[tuple[CellRef, list[Span]]] = []
        for span in self.spans:
            if span.cell is None:
                continue
            if out and out[-1][0] == span.cell:
                out[-1][1].append(span)
            else:
                out.append((span.cell, [span]))
        return out


def reader_lines(document: Document) -> list[RLine]:
    out: list[RLine] = []
    previous_page: Optional[int] = None
    for index, line in enumerate(document.lines):
        for spans in _rows_of(line):
            if not spans:
                continue
            if document.method == "ocr" and spans[0].cell is None:
                spans = [replace(spans[0], text=stt_dots(spans[0].text)), *spans[1:]]
            if document.units == "pt":
                top, bottom = min(s.top for s in spans), max(s.bottom for s in spans)
            else:  # text and DOCX: the line's number is its place
                top, bottom = float(index), float(index) + 1.0
            out.append(RLine(index, line.page, spans, top, bottom,
                             page_break=previous_page is not None and line.page != previous_page,
                             placed=document.units == "pt"))
            previous_page = line.page
    return out


def _rows_of(line: Line) -> list[list[Span]]:
    """The line's spans, parted where they belong to different rows of a stated table."""
    groups: list[list[Span]] = []
    key: object = None
    for span in line.spans:
        if not span.text.strip():
            continue
        row = (span.cell.grid, span.cell.row) if span.cell is not None else None
        if not groups or row is not None and key is not None and row != key:
            groups.append([])
        if row is not None:
            key = row
        groups[-1].append(span)
    return groups

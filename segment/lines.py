"""The document's lines as the table reader sees them: non-empty, in reading order, each with its vertical place.

A text line's place is its line number; a page's visual line has its points. Lines that state cells of several
table rows (HTML rows written on one line) are parted into one line per row. Text pulled without its form feeds
takes its pages from the numbers they print; text that keeps the space of a soft line break (and only that) says
which lines run on."""
from __future__ import annotations

from dataclasses import dataclass, replace
from statistics import median
from typing import Optional

import regex as re

from baocao.schemas.document import CellRef, Document, Line, Span
from baocao.segment.numbering import stt_dots
from baocao.segment.vocab import PAGE_NUMBER
from baocao.settings import SETTINGS, ReaderSettings

_CLOSES = re.compile(r"[.;:\d]\s*$")  # a line ending on a figure or a stop


@dataclass
class RLine:
    index: int  # the line in Document.lines it comes from
    page: Optional[int]
    spans: list[Span]
    top: float
    bottom: float
    page_break: bool = False  # the first line of a page other than the first
    placed: bool = False  # top and bottom are where the page puts the line (points), not its line number
    # whether the line is its page's printed number, where the run of those numbers gave the pages (else unknown)
    page_number: Optional[bool] = None
    runs_on: bool = False  # its last cell goes on on the next line (Line.runs_on, where the text keeps that mark)

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


def reader_lines(document: Document, settings: ReaderSettings = SETTINGS.reader) -> list[RLine]:
    out: list[RLine] = []
    previous_page: Optional[int] = None
    printed = _printed_pages(document.lines, settings) \
        if document.method == "text" and all(line.page is None for line in document.lines) else None
    marked = _marks_soft_breaks(document.lines, settings)
    for index, line in enumerate(document.lines):
        page = printed[index][0] if printed else line.page
        for spans in _rows_of(line):
            if not spans:
                continue
            if document.method == "ocr" and spans[0].cell is None:
                spans = [replace(spans[0], text=stt_dots(spans[0].text)), *spans[1:]]
            if document.units == "pt":
                top, bottom = min(s.top for s in spans), max(s.bottom for s in spans)
            else:  # text and DOCX: the line's number is its place
                top, bottom = float(index), float(index) + 1.0
            out.append(RLine(index, page, spans, top, bottom,
                             page_break=previous_page is not None and page != previous_page,
                             placed=document.units == "pt", page_number=printed[index][1] if printed else None,
                             runs_on=marked and line.runs_on))
            previous_page = page
    return out


def _marks_soft_breaks(lines: list[Line], settings: ReaderSettings) -> bool:
    """Whether the text ends a line with a space only where the line's last cell goes on (as PyMuPDF and
    pypdfium2 pull a page): the lines that close on a figure or a stop end without one, but for a few. Some
    tools end every line so."""
    closing = [line.source_text for line in lines if line.source_text and _CLOSES.search(line.source_text)]
    return any(line.runs_on for line in lines) \
        and sum(text.endswith(" ") for text in closing) <= settings.soft_break_share * len(closing)


def _printed_pages(lines: list[Line], settings: ReaderSettings) -> Optional[list[tuple[int, bool]]]:
    """Each line's page and whether it is the page's number, for text pulled without its pages, from the numbers
    the pages print: the longest run of lone numbers going on by one down the text (1, 2, 3 …, or 2, 3 … where
    the first page prints none), its first on the first pages; each number opens its page (the decree on
    documents' form sets it at the top)."""
    numbers = [(k, int(re.search(r"\d+", line.text).group())) for k, line in enumerate(lines)
               if PAGE_NUMBER.match(line.text) and line.text.strip()]
    # a number the rows below go on from (`2`, then `2.1`) is a section's STT on a line of its own
    numbers = [(k, page) for k, page in numbers
               if not any(re.match(rf"\s*{page}\.1\b", line.text) for line in lines[k + 1:k + settings.printed_page_section_lines])]
    runs: list[tuple[int, Optional[int]]] = []  # per number: the length of the best run ending at it, the one before
    for i, (k, page) in enumerate(numbers):
        best = (1, None) if page <= 2 and k <= settings.printed_page_first_lines * page else (0, None)
        for j in range(i):
            if numbers[j][1] == page - 1 and runs[j][0] and k - numbers[j][0] > 1 and runs[j][0] + 1 > best[0]:
                best = (runs[j][0] + 1, j)
        runs.append(best)
    if not runs or max(length for length, _ in runs) < settings.printed_pages_seen:
        return None
    i: Optional[int] = max(range(len(runs)), key=lambda i: runs[i][0])
    opening: dict[int, int] = {}
    while i is not None:
        opening[numbers[i][0]] = numbers[i][1]
        i = runs[i][1]
    at = sorted(opening)
    # pages hold many lines: a run of numbers close together is a table's STTs on lines of their own
    if median(b - a for a, b in zip(at, at[1:])) < settings.printed_page_lines:
        return None
    # a number the run could have taken elsewhere between its neighbours (an STT alone on its line, `4`, where the
    # page's `4` stands further on; a value `8` on page 8) leaves that page unknown: its lines are counted with the
    # page before, and none of the numbers is taken for its own
    for before, k, after in zip([-1] + at, at, at[1:] + [len(lines)]):
        if any(before < other < after and other != k and page == opening[k] for other, page in numbers):
            del opening[k]
    pages, page = [], min(opening.values()) - 1
    for k in range(len(lines)):
        page = opening.get(k, page)
        pages.append((page, k in opening))
    return pages


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

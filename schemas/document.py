"""The one document model every reader fills: geometry only, no table rules.

A reader turns its source into lines of spans in reading order. A span is a piece of text where the source put
it: a word with its box (PDF text layer, OCR), a word of a text line with its character columns, or a whole cell
of a table the source states (a DOCX table, a ruled PDF table, a tab-separated line). Spans that sit in a cell the
source states carry a `CellRef`, so the table reader knows which cell they are in without guessing. Pages carry
their size and their ruling lines. What a table is, which column is the unit and where a row ends is decided
later, by the one table reader (segment/), the same way for every source."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

from baocao.schemas.records import Repair

# what a span's x and y measure: PDF points (PDF text layers and scans, 72 per inch), character columns and
# line numbers (pulled text), or nothing (DOCX, where Word lays out the text only when it prints)
Units = Literal["pt", "char", "none"]
# a gap between two words wider than this many font sizes parts two blocks side by side (an address block and the
# national motto, a signature beside the recipients)
WIDE_GAP_EM = 1.2
MIN_FONT_PT = 6.0  # a word whose size is unknown is taken this large


@dataclass(frozen=True, slots=True)
class CellRef:
    """The cell of a table the source states. `grid` numbers the document's stated tables (`Document.grids`);
    a text line split by tabs is a table of its own row (`grid` None, `row` the line's index)."""

    grid: Optional[int]
    row: int
    col: int
    rows: int = 1  # a merged cell spans rows …
    cols: int = 1  # … and columns of the grid


@dataclass(slots=True)
class Span:
    text: str
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    font: str = ""
    size: float = 0.0
    confidence: float = 1.0  # OCR's certainty of the reading (0-1); 1 for text the source stores
    cell: Optional[CellRef] = None


@dataclass(slots=True)
class Line:
    """One line of the document in reading order: a visual line of a page, a line of a text file, a paragraph
    line of a DOCX, or one row of a stated table."""

    spans: list[Span]
    page: Optional[int] = None  # 1-based; None where the source has no pages
    source_text: Optional[str] = None  # a text file's line exactly as it stands (spacing kept)
    # the line as the source shows it where that differs from what is read: a DOCX's tracked deletions, which
    # Word shows struck through and the table reader leaves out (read as if accepted)
    shown: Optional[str] = None

    @property
    def runs_on(self) -> bool:
        """The line's last word goes on on the next line, in the same cell: a tool that pulls a PDF's text cell
        after cell keeps the space a soft line break took, where a cell's end has none. One space exactly: a line
        padded to a width (text pulled with its layout) says nothing."""
        text = self.source_text
        return text is not None and text.endswith(" ") and not text.endswith("  ") and bool(text.strip())

    @property
    def text(self) -> str:
        """The line as `baocao text` prints it: the source's own text, else its spans, a tab between two cells
        and three spaces across a wide gap (two blocks side by side, as text tools print them)."""
        if self.source_text is not None:
            return self.source_text
        parts: list[str] = []
        previous: Optional[Span] = None
        for span in self.spans:
            if previous is not None:
                if span.cell != previous.cell and (span.cell or previous.cell):
                    parts.append("\t")
                elif span.x0 - previous.x1 > WIDE_GAP_EM * max(span.size, previous.size, MIN_FONT_PT):
                    parts.append("   ")
                else:
                    parts.append(" ")
            parts.append(span.text)
            previous = span
        return "".join(parts)

    @property
    def top(self) -> float:
        return min((s.top for s in self.spans), default=0.0)

    @property
    def bottom(self) -> float:
        return max((s.bottom for s in self.spans), default=0.0)


@dataclass(slots=True)
class Rule:
    """A ruling line drawn on a page (a table border): horizontal when y0 == y1."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass(slots=True)
class Page:
    number: int
    width: float = 0.0
    height: float = 0.0
    method: str = ""  # how its text was obtained: "pdf_text", "ocr", …
    rules: list[Rule] = field(default_factory=list)
    turn: int = 0  # degrees a scanned page was turned clockwise before it was read (scanned sideways)
    angle: float = 0.0  # degrees a scanned page was turned back by to straighten it (its tilt), after `turn`


@dataclass(slots=True)
class Grid:
    """A table whose cells the source states: its size and where its rows are."""

    n_rows: int
    n_cols: int
    row_pages: list[Optional[int]] = field(default_factory=list)
    title: Optional[str] = None  # the name the source gives the table (a spreadsheet's sheet)
    above: list[str] = field(default_factory=list)  # text just above a table nested in a cell (not in `lines`)
    row_boxes: list[Optional[tuple[float, float, float, float]]] = field(default_factory=list)


@dataclass
class Document:
    """One source file, read: lines of spans and what the reader learnt on the way."""

    method: str  # "text", "pdf_text", "ocr", "docx", …
    lines: list[Line]
    units: Units = "none"
    pages: list[Page] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    n_pages: Optional[int] = None
    encoding: Optional[str] = None  # the byte or font encoding found
    warnings: list[str] = field(default_factory=list)  # parts that could not be read (makes a report partial)
    repairs: list[Repair] = field(default_factory=list)  # conversions the reader made itself (legacy fonts)
    # glyphs a font drew without a Unicode mapping: each distinct (font, code) is one private-use character
    # (U+E000…) in the text, solved by the repair stage as one unknown letter; value: "(cid:N) FontName"
    glyph_legend: dict[str, str] = field(default_factory=dict)

    def page_methods(self) -> dict[int, str]:
        return {page.number: page.method for page in self.pages if page.method}

    def printed(self, texts: list[str]) -> list[tuple[Optional[int], str]]:
        """What `baocao text` prints, given the lines' texts after repair: (page, text) for each line as the source
        shows it (`Line.shown`, repaired), except that a row of a stated table prints as one line, each cell whole
        (its paragraphs joined by a space) and a tab between cells. The document model keeps the k-th paragraph of
        every cell on the row's k-th line, as the row prints; read that way a cell's sentence is cut by its
        neighbours', a person reads a cell through. A text file prints as it is, line N its line N."""
        if self.method == "text":
            return [(None, text) for text in texts]
        out: list[tuple[Optional[int], str]] = []
        k = 0
        while k < len(self.lines):
            row = _stated_row(self.lines[k])
            j = k + 1
            while row is not None and j < len(self.lines) and _stated_row(self.lines[j]) == row:
                j += 1
            lines = self.lines[k:j]
            if row is None or any(text != line.text for line, text in zip(lines, texts[k:j])):
                out.extend((line.page, line.shown or text) for line, text in zip(lines, texts[k:j]))
            else:
                cells: dict[int, list[str]] = {}
                for span in (span for line in lines for span in line.spans):
                    cells.setdefault(span.cell.col, []).append(span.text.strip())
                out.append((lines[0].page, "\t".join(" ".join(filter(None, cells[col])) for col in sorted(cells))))
            k = j
        return out


def _stated_row(line: Line) -> Optional[tuple[int, int]]:
    """(grid, row) of a line that is all cells of one row of a stated table; None for any other line."""
    refs = {(span.cell.grid, span.cell.row) if span.cell else None for span in line.spans}
    if len(refs) != 1:
        return None
    ref = refs.pop()
    return ref if ref is not None and ref[0] is not None else None

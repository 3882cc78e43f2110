"""What every extractor yields: the document's text as lines, each with its page, and (for layout-aware
sources) positioned words and exact table cells. One protocol, one extractor per input kind."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Protocol

from baocao.schemas import Repair
from baocao.schemas.document import CellRef, Document, Grid, Line, Page, Rule, Span


class ExtractionError(Exception):
    """The source cannot be read at all (unreadable, binary, empty, unsupported)."""


@dataclass(frozen=True)
class Word:
    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    font: str = ""
    confidence: float = 1.0  # OCR's certainty of the reading (0-1); 1 for text the source stores


@dataclass
class TextLine:
    text: str
    page: Optional[int] = None  # 1-based; None for text input
    shown: Optional[str] = None  # the line as the source shows it, where that differs (tracked deletions)


@dataclass
class CellTable:
    """A table read from the source's own cells (DOCX, ruled PDF): rows of cell texts, exact."""

    rows: list[list[str]]
    page: Optional[int] = None
    row_pages: Optional[list[Optional[int]]] = None
    title: Optional[str] = None  # the name the source gives the table (a spreadsheet's sheet)
    # the text just above a table nested in a cell, which is not among the document's lines before it
    above: list[str] = field(default_factory=list)
    line: Optional[int] = None  # index into SourceText.lines where the table sits
    n_lines: Optional[int] = None  # how many of those lines it takes (a row per line when not given)
    # typed values where the source keeps them (a spreadsheet's numbers and dates), aligned with `rows`
    values: Optional[list[list[object]]] = None
    # how sure OCR is of each cell's reading (0-1), aligned with `rows`; None: the source states the text
    confidences: Optional[list[list[float]]] = None
    # where each row stands on its page (x0, top, x1, bottom in points) where the cells are no words with places
    # (a scanned grid's cells): the rows' spans are placed there
    row_boxes: Optional[list[tuple[float, float, float, float]]] = None
    # where each cell stands (inside its rules), aligned with `rows`: its spans are placed there when known
    cell_boxes: Optional[list[list[Optional[tuple[float, float, float, float]]]]] = None


@dataclass
class SourceText:
    """Text pulled from one source file, before repair."""

    method: str  # "text", "pdf_text", "ocr", "docx", "office", "xlsx", "pptx"
    lines: list[TextLine]
    n_pages: Optional[int] = None
    words: list[Word] = field(default_factory=list)
    tables: list[CellTable] = field(default_factory=list)
    encoding: Optional[str] = None  # the byte encoding found, for text input
    warnings: list[str] = field(default_factory=list)  # parts that could not be read (makes a report partial)
    # text the extractor itself converted (a `.VnTime` font's words to Unicode), kept as provenance
    repairs: list[Repair] = field(default_factory=list)
    # glyphs a font drew without a Unicode mapping: each distinct (font, cid) becomes one private-use character
    # (U+E000…) in the text, so the repair stage can solve it as one unknown letter; value: "(cid:N) FontName"
    glyph_legend: dict[str, str] = field(default_factory=dict)
    page_methods: dict[int, str] = field(default_factory=dict)  # page → "pdf_text" / "ocr" when pages differ
    page_rules: dict[int, list[Rule]] = field(default_factory=dict)  # page → ruling lines found (scans)
    page_turns: dict[int, int] = field(default_factory=dict)  # page → degrees it was turned to read (scans)
    page_angles: dict[int, float] = field(default_factory=dict)  # page → degrees it was straightened by (scans)


class Extractor(Protocol):
    """One per input kind."""

    suffixes: tuple[str, ...]

    def extract(self, path: Path) -> SourceText: ...


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stated_grid_lines(table: CellTable, grid: int) -> list[Line]:
    """A table the source states, as the lines of the document model: a row's k-th line holds the k-th line
    (paragraph) of each of its cells, as spans of that cell, as the row prints."""
    out: list[Line] = []
    for r, row in enumerate(table.rows):
        pieces = [[piece.strip() for piece in text.split("\n") if piece.strip()] for text in row]
        page = table.row_pages[r] if table.row_pages and r < len(table.row_pages) else table.page
        sure = table.confidences[r] if table.confidences and r < len(table.confidences) else []
        row_box = table.row_boxes[r] if table.row_boxes and r < len(table.row_boxes) else (0, 0, 0, 0)
        cell_boxes = table.cell_boxes[r] if table.cell_boxes and r < len(table.cell_boxes) else []
        boxes = [(cell_boxes[c] if c < len(cell_boxes) else None) or row_box for c in range(len(pieces))]
        for k in range(max((len(p) for p in pieces), default=0)):
            out.append(Line([Span(cell[k], boxes[c][0], boxes[c][2], boxes[c][1], boxes[c][3],
                                  cell=CellRef(grid, r, c), confidence=sure[c] if c < len(sure) else 1.0)
                             for c, cell in enumerate(pieces) if k < len(cell)], page))
    return out


def to_document(source: SourceText) -> Document:
    """A reader's text, lines and stated tables, as the document model (a bridge for the readers that still
    give `SourceText`): stated tables become lines of cell spans at their place, other lines word spans; where the
    source has positioned words and no stated table on a page, that page's lines are its words' visual lines."""
    from baocao.extract.geometry import visual_lines

    table_at = {t.line: t for t in source.tables if t.line is not None}
    grids: list[Grid] = []
    lines: list[Line] = []
    stated_pages = {p for t in source.tables for p in (t.row_pages or [t.page])}
    worded_pages = sorted({w.page for w in source.words} - stated_pages)
    k = 0
    while k < len(source.lines):
        line = source.lines[k]
        if k in table_at:
            table = table_at[k]
            grids.append(Grid(len(table.rows), max((len(r) for r in table.rows), default=0),
                              list(table.row_pages or [table.page] * len(table.rows)), title=table.title,
                              above=list(table.above)))
            lines.extend(stated_grid_lines(table, len(grids) - 1))
            k += table.n_lines or len(table.rows)
            continue
        if line.page not in worded_pages:
            lines.append(Line([Span(w) for w in line.text.split()], line.page, source_text=line.text,
                              shown=line.shown))
        elif not any(l.page == line.page for l in lines):
            for group in visual_lines([w for w in source.words if w.page == line.page]):
                lines.append(Line([Span(w.text, w.x0, w.x1, w.top, w.bottom, w.font, confidence=w.confidence)
                                   for w in group], line.page))
        k += 1
    pages = [Page(n, method=how, rules=list(source.page_rules.get(n, [])), turn=source.page_turns.get(n, 0),
                  angle=source.page_angles.get(n, 0.0))
             for n, how in sorted(source.page_methods.items())]
    return Document(method=source.method, lines=lines, units="pt" if worded_pages else "none", pages=pages,
                    grids=grids, n_pages=source.n_pages, encoding=source.encoding, warnings=list(source.warnings),
                    repairs=list(source.repairs), glyph_legend=dict(source.glyph_legend))

"""`.txt` input: text someone already pulled out of a PDF or OCR, in UTF-8 or a legacy Vietnamese encoding.

Every line of the file is a line of the document (line N of `baocao text` is line N of the file). Its words are
spans placed by character column and line number, so text pulled with its layout (`pdftotext -layout`) keeps its
columns as positions; cells the text states (tab-separated fields, markdown pipe rows, HTML table rows) carry
their cell, as a DOCX's cells do."""
from __future__ import annotations

from pathlib import Path

import regex as re

from baocao.extract.base import ExtractionError
from baocao.extract.markup import markup_rows
from baocao.normalize.encoding import decode_bytes
from baocao.schemas.document import CellRef, Document, Line, Span

TAB_WIDTH = 8  # columns a tab advances to, as terminals and pdftotext's readers count them
_WORD = re.compile(r"\S+")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding found), by evidence in the bytes (normalize/encoding.py)."""
    try:
        return decode_bytes(data)
    except ValueError as exc:
        raise ExtractionError(str(exc)) from exc


def _words(text: str, start: int, row: int, cell: CellRef | None) -> list[Span]:
    # markdown bold markers are markup, not text
    return [Span(m.group(0), start + m.start(), start + m.end(), row, row + 1, cell=cell)
            for m in _WORD.finditer(text.replace("**", "  ")) if m.group(0)]


def line_spans(text: str, row: int) -> list[Span]:
    """The words of one text line, each at its character column; fields between tabs, and the cells of markup
    table rows, are stated cells."""
    rows = markup_rows(text)
    if rows is not None:
        spans: list[Span] = []
        for k, cells in enumerate(rows):
            # several HTML rows on one line: each keeps its own row number, so the table reader can part them
            for col, cell in enumerate(cells):
                spans.extend(_words(cell, 0, row, CellRef(None, row * 1000 + k, col)))
        return spans
    if "\t" not in text:
        return _words(text, 0, row, None)
    spans = []
    column = 0
    for col, field in enumerate(text.split("\t")):
        spans.extend(_words(field, column, row, CellRef(None, row, col)))
        column = (column + len(field)) // TAB_WIDTH * TAB_WIDTH + TAB_WIDTH
    return spans


class TextExtractor:
    suffixes = (".txt",)

    def extract(self, path: Path) -> Document:
        data = path.read_bytes()
        if not data.strip():
            raise ExtractionError("empty file")
        text, encoding = decode(data)
        document = text_document([line[:-1] if line.endswith("\r") else line for line in text.split("\n")])
        document.encoding = encoding
        return document


def text_document(lines: list[str]) -> Document:
    """Lines of pulled text as the document model (line N is line N of the text)."""
    # pdftotext ends each page with a form feed: where the text has them, lines know their page
    paged = any("\f" in line for line in lines)
    out: list[Line] = []
    page = 1
    for k, line in enumerate(lines):
        page += line.count("\f")  # the form feed opens the next page's first line
        out.append(Line(line_spans(line, k), page=page if paged else None, source_text=line))
    return Document(method="text", units="char", lines=out)

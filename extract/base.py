"""What every extractor yields: the document's text as lines, each with its page, and (for layout-aware
sources) positioned words and exact table cells. One protocol, one extractor per input kind."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Protocol

from baocao.schemas import Repair


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


@dataclass
class TextLine:
    text: str
    page: Optional[int] = None  # 1-based; None for text input


@dataclass
class CellTable:
    """A table read from the source's own cells (DOCX, ruled PDF): rows of cell texts, exact."""

    rows: list[list[str]]
    page: Optional[int] = None
    row_pages: Optional[list[Optional[int]]] = None
    label: Optional[str] = None  # e.g. "Phụ lục", "Biểu mẫu 3", read from the text just above
    line: Optional[int] = None  # index into SourceText.lines where the table sits
    # typed values where the source keeps them (a spreadsheet's numbers and dates), aligned with `rows`
    values: Optional[list[list[object]]] = None


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

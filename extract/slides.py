"""Presentations (`.pptx`; `.ppt` and `.odp` after LibreOffice made them `.pptx`): each slide's text boxes and
tables in the order the slide holds them, slides one after another; tables also as exact cells.

Each run's font (`a:latin`, else its paragraph's default) names a legacy encoding where there is one, and the run
is converted by it, each converted line recorded. Speaker notes are not part of what the slide shows."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterator, Optional

from baocao.extract.base import CellTable, ExtractionError, SourceText, TextLine
from baocao.extract.package import encoding_repairs, open_package
from baocao.normalize.encoding import FontEncodings

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class SlidesExtractor:
    suffixes = (".pptx",)

    def extract(self, path: Path, name: Optional[str] = None) -> SourceText:
        """`name`: the file's name in messages, when `path` is a converted copy (LibreOffice's PPTX of a .ppt)."""
        name = name or path.name
        presentation = open_package(path, name, "PowerPoint presentation", ".ppt", _load)
        reader = _Reader(_font_encodings(presentation))
        lines: list[TextLine] = []
        raw_lines: list[str] = []
        tables: list[CellTable] = []
        for number, slide in enumerate(presentation.slides, start=1):
            for kind, shape in _shapes(slide.shapes):
                if kind == "table":
                    rows, raw_rows = reader.table(shape.table)
                    tables.append(CellTable(rows=rows, page=number, line=len(lines)))
                    for row, raw in zip(rows, raw_rows):
                        lines.append(TextLine(_row_line(row), page=number))
                        raw_lines.append(_row_line(raw))
                else:
                    for text, raw in reader.text_frame(shape.text_frame._txBody):
                        lines.append(TextLine(text, page=number))
                        raw_lines.append(raw)
        if not any(line.text.strip() for line in lines):
            raise ExtractionError(f"{name}: the presentation has no text on its slides")
        repairs = encoding_repairs(raw_lines, lines)
        encoding = reader.used.most_common(1)[0][0] if reader.used else None
        return SourceText(method="pptx", lines=lines, n_pages=len(presentation.slides), tables=tables,
                          repairs=repairs, encoding=encoding)


def _load(path: Path):
    from pptx import Presentation

    return Presentation(str(path))


def _shapes(shapes) -> Iterator[tuple[str, object]]:
    """("table" | "text", shape) in the slide's own order, looking inside groups."""
    from pptx.shapes.group import GroupShape

    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shapes(shape.shapes)
        elif getattr(shape, "has_table", False):
            yield "table", shape
        elif getattr(shape, "has_text_frame", False):
            yield "text", shape


def _row_line(cells: list[str]) -> str:
    return "\t".join(" ".join(c.split()) for c in cells).rstrip("\t")


def _font_encodings(presentation) -> FontEncodings:
    """Every run's text by its font, for the encoding each font holds to be decided from all of it."""
    found = FontEncodings()
    for slide in presentation.slides:
        for p in slide.shapes._spTree.iter(_A + "p"):
            default_font = _latin(p.find(f"{_A}pPr/{_A}defRPr"))
            for run in p.iterchildren(_A + "r", _A + "fld"):
                found.add(_latin(run.find(_A + "rPr")) or default_font, run.findtext(_A + "t") or "")
    return found


class _Reader:
    def __init__(self, fonts: FontEncodings):
        self.fonts = fonts
        self.used: Counter = Counter()

    def text_frame(self, body) -> list[tuple[str, str]]:
        """(shown, stored) text of each paragraph of a text body; a line break inside one starts a new line."""
        out: list[tuple[str, str]] = []
        for p in body.iter(_A + "p"):
            shown, raw = self._paragraph(p)
            out.extend(zip(shown.split("\n"), raw.split("\n")))
        return out

    def _paragraph(self, p) -> tuple[str, str]:
        default = p.find(f"{_A}pPr/{_A}defRPr")
        default_font = _latin(default)
        runs: list[tuple[str, Optional[str]]] = []
        for child in p.iterchildren():
            if child.tag in (_A + "r", _A + "fld"):
                text = child.findtext(_A + "t") or ""
                runs.append((text, _latin(child.find(_A + "rPr")) or default_font))
            elif child.tag == _A + "br":
                runs.append(("\n", None))
        return self._convert(runs)

    def _convert(self, runs: list[tuple[str, Optional[str]]]) -> tuple[str, str]:
        shown: list[str] = []
        pieces: list[tuple[str, Optional[str]]] = []
        for text, font in runs:  # neighbouring runs in one legacy font convert together
            if pieces and pieces[-1][1] == font:
                pieces[-1] = (pieces[-1][0] + text, font)
            else:
                pieces.append((text, font))
        for text, font in pieces:
            done = self.fonts.convert(text, font)
            if done is not None and done[0] != text:
                shown.append(done[0])
                self.used[done[1]] += 1
            else:
                shown.append(text)
        return "".join(shown).replace("\xa0", " "), "".join(text for text, _ in runs).replace("\xa0", " ")

    def table(self, table) -> tuple[list[list[str]], list[list[str]]]:
        """(shown, stored) rows of cell texts; a merged range's text once, in its first cell."""
        rows, raw_rows = [], []
        for row in table.rows:
            cells, raw_cells = [], []
            for cell in row.cells:
                if cell.is_spanned:
                    cells.append("")
                    raw_cells.append("")
                    continue
                paragraphs = self.text_frame(cell.text_frame._txBody)
                cells.append("\n".join(shown for shown, _ in paragraphs).strip())
                raw_cells.append("\n".join(raw for _, raw in paragraphs).strip())
            rows.append(cells)
            raw_rows.append(raw_cells)
        return rows, raw_rows


def _latin(rpr) -> Optional[str]:
    if rpr is None:
        return None
    latin = rpr.find(_A + "latin")
    return latin.get("typeface") if latin is not None else None

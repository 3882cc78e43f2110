"""`.docx` input: the body's paragraphs and tables in document order, tables also as exact cells.

Word keeps a table's cells, so a DOCX never needs the layout guessing a PDF does: each table becomes a `CellTable`
(one list of cell texts per row, aligned on the table grid) and, for `baocao text` and the report-field reader,
lines. Page headers and footers (page numbers, running titles) are not read."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Iterator, Optional

from extract.base import CellTable, ExtractionError, SourceText, TextLine
from segment.vocab import LABEL

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# text a paragraph does not show: deleted revisions, field instructions, the fallback copy of a drawing
_HIDDEN = {_W + "del", _W + "instrText", _W + "delInstrText", _MC + "Fallback", _W + "txbxContent"}


class DocxExtractor:
    suffixes = (".docx",)

    def extract(self, path: Path) -> SourceText:
        body = _open_body(path)
        lines: list[TextLine] = []
        tables: list[CellTable] = []
        warnings: list[str] = []
        previous_end: Optional[int] = None  # line after the last table
        for kind, element in _blocks(body):
            if kind == "p":
                for text in paragraph_lines(element):
                    lines.append(TextLine(text))
                continue
            try:
                rows, row_texts = table_rows(element)
            except Exception as exc:  # one malformed table loses that table, not the document
                warnings.append(f"table {len(tables) + 1} unreadable: {type(exc).__name__}: {exc}")
                continue
            previous = tables[-1] if tables else None
            table = CellTable(rows=rows, label=_label_above(lines, previous, previous_end), line=len(lines))
            tables.append(table)
            lines.extend(TextLine(text) for text in row_texts)
            previous_end = len(lines)
        if not any(line.text.strip() for line in lines):
            raise ExtractionError("the Word document has no text in its body")
        return SourceText(method="docx", lines=lines, n_pages=_page_count(path), tables=tables, warnings=warnings)


def _open_body(path: Path):
    try:
        from docx import Document

        document = Document(str(path))
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"not a Word document: {path.name} is not a DOCX (zip) file ({exc})") from exc
    except Exception as exc:  # python-docx raises PackageNotFoundError, KeyError, lxml errors for broken parts
        raise ExtractionError(f"cannot open Word document {path.name}: {type(exc).__name__}: {exc}") from exc
    return document.element.body


def _blocks(container) -> Iterator[tuple[str, object]]:
    """Paragraphs and tables in document order, looking inside content controls (`w:sdt`)."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            yield "p", child
        elif tag == _W + "tbl":
            yield "tbl", child
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content)


def _run_text(element, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag in _HIDDEN:
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        else:
            _run_text(child, out)


def paragraph_text(p) -> str:
    """The text a paragraph shows: runs, hyperlinks, inserted revisions and field results; soft breaks as `\\n`."""
    out: list[str] = []
    _run_text(p, out)
    return "".join(out).replace("\xa0", " ")


def paragraph_lines(p) -> list[str]:
    """A paragraph as lines (a soft line break starts a new line), then its text boxes' paragraphs."""
    lines = paragraph_text(p).split("\n")
    for box in p.iter(_W + "txbxContent"):
        if any(a.tag == _MC + "Fallback" for a in box.iterancestors()):
            continue  # the same box again, for old readers
        for inner in box.iter(_W + "p"):
            lines.extend(paragraph_text(inner).split("\n"))
    return lines


def _cell_paragraphs(tc) -> list[str]:
    """A cell's lines: its paragraphs and those of tables nested in it."""
    out: list[str] = []
    for kind, element in _blocks(tc):
        if kind == "p":
            out.extend(paragraph_text(element).split("\n"))
        else:
            for row in element.iter(_W + "tr"):
                cells = [" ".join(" ".join(_cell_paragraphs(c)).split()) for c in row.findall(_W + "tc")]
                out.append("\t".join(c for c in cells if c))
    while out and not out[-1].strip():
        out.pop()
    return out


def _grid_span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, int(span.get(_W + "val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _vmerge_continues(tc) -> bool:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(_W + "val") in (None, "continue")


def table_rows(tbl) -> tuple[list[list[str]], list[str]]:
    """(rows of cell texts aligned on the table grid, one text line per row).

    A merged cell's text is kept once: in the first grid column it spans (horizontal merge) and in the first row
    (vertical merge); the other grid positions it covers are empty strings, so columns stay aligned."""
    rows: list[list[str]] = []
    texts: list[str] = []
    n_cols = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
    rows_xml = [tr for tr in tbl.iterchildren() if tr.tag == _W + "tr"]
    multi_line = []
    for tr in rows_xml:
        cells: list[str] = []
        paragraphs: list[list[str]] = []
        skip = tr.find(f"{_W}trPr/{_W}gridBefore")
        if skip is not None and (skip.get(_W + "val") or "").isdigit():
            cells.extend([""] * int(skip.get(_W + "val")))
        for tc in tr.iterchildren():
            if tc.tag == _W + "sdt":  # a content control wrapping cells
                content = tc.find(_W + "sdtContent")
                tcs = content.findall(_W + "tc") if content is not None else []
            elif tc.tag == _W + "tc":
                tcs = [tc]
            else:
                continue
            for cell in tcs:
                span = _grid_span(cell)
                lines = [] if _vmerge_continues(cell) else _cell_paragraphs(cell)
                cells.append("\n".join(lines))
                cells.extend([""] * (span - 1))
                if lines:
                    paragraphs.append(lines)
        width = max(n_cols, len(cells))
        cells.extend([""] * (width - len(cells)))
        rows.append(cells)
        multi_line.append(paragraphs)
    layout = max((len(r) for r in rows), default=0) <= 3
    for cells, paragraphs in zip(rows, multi_line):
        if layout and any(len(p) > 1 for p in paragraphs):
            # a layout table (header block, signature block): its columns read side by side, line by line
            depth = max(len(p) for p in paragraphs)
            for k in range(depth):
                texts.append("\t".join(p[k].strip() if k < len(p) else "" for p in paragraphs).rstrip("\t"))
        else:
            texts.append("\t".join(" ".join(c.split()) for c in cells).rstrip("\t"))
    return rows, texts


def table_label(text: str) -> Optional[str]:
    """`Phụ lục 2`, `Biểu mẫu 3`, `Phụ lục` from a line above a table; a title (`BIỂU MẪU THỐNG KÊ …`) is not one."""
    text = text.replace("**", "").strip()
    match = LABEL.match(text)
    if not match:
        return None
    label = " ".join(match.group("label").split())
    rest = text[match.end():].strip(" :.-*")
    if re.search(r"\d|\b[IVX]+$", label) or not rest:
        return label
    return None


def _label_above(lines: list[TextLine], previous: Optional[CellTable], previous_end: Optional[int]) -> Optional[str]:
    """The label among the last few non-empty lines before the table; a table straight after another one with at
    most one line between (a split table, a repeated title) continues that table's label."""
    seen = 0
    for k in range(len(lines) - 1, -1, -1):
        if previous_end is not None and k < previous_end:
            return previous.label if previous is not None and seen <= 1 else None
        text = lines[k].text.strip()
        if not text:
            continue
        seen += 1
        if seen > 5:
            break
        label = table_label(text)
        if label:
            return label
    return None


def _page_count(path: Path) -> Optional[int]:
    """Pages as Word last counted them (docProps/app.xml); None when the writer did not record it."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("docProps/app.xml").decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    match = re.search(r"<(?:\w+:)?Pages>\s*(\d+)\s*<", xml)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None

"""`.docx` input: the body's paragraphs and tables in document order, tables also as exact cells.

Word keeps a table's cells, so a DOCX never needs the layout guessing a PDF does: each table becomes a `CellTable`
(one list of cell texts per row, aligned on the table grid) and, for `baocao text` and the report-field reader,
lines; footnotes and endnotes follow the body. Page headers and footers (page numbers, running titles) are not
read. Automatic numbering, which Word draws but does not store in the text (an STT column is often numbered that
way), is put back in front of the text."""
from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator, Optional

from baocao.extract.base import CellTable, ExtractionError, SourceText, TextLine
from baocao.extract.docx_fonts import Fonts
from baocao.extract.docx_numbering import Numbering
from baocao.extract.package import encoding_repairs, refuse_old_binary
from baocao.normalize.encoding import FontEncodings
from baocao.schemas import Repair

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# text a paragraph does not show: field instructions, the fallback copy of a drawing, text boxes (read as lines of
# their own); and, read as if accepted, deleted or moved-away revisions
_HIDDEN = {_W + "instrText", _W + "delInstrText", _MC + "Fallback", _W + "txbxContent", _W + "rPr", _W + "pPr"}
_DELETED = {_W + "del", _W + "moveFrom"}
SOFT_HYPHEN = "\xad"


class DocxExtractor:
    suffixes = (".docx",)

    def extract(self, path: Path, name: Optional[str] = None) -> SourceText:
        """`name`: the file's name in messages, when `path` is a converted copy (LibreOffice's DOCX of a .doc)."""
        name = name or path.name
        body, numbering_xml, styles_xml = _open(path)
        body.extend(_notes(path))  # read after the body, as a transcript of the printed pages puts them last
        fonts = Fonts(styles_xml)
        reader = _Reader(_numbering(numbering_xml, styles_xml), fonts, _font_encodings(body, fonts).convert)
        lines, tables, warnings = _read_body(body, reader)
        deleted = sum(1 for _ in body.iter(*_DELETED))
        if deleted:
            # Word shows unaccepted deletions struck through beside the text that replaced them: `baocao text`
            # shows them too, while tables and report fields are read as if the changes were accepted
            warnings.append(f"{deleted} tracked deletions not accepted: tables and fields read as if accepted, "
                            "`baocao text` shows them")
            shown = _Reader(_numbering(numbering_xml, styles_xml), fonts, reader.convert, show_deleted=True)
            shown_lines, _, _ = _read_body(body, shown)
            if len(shown_lines) == len(lines):  # else (a deleted paragraph break) only the accepted text
                for line, seen in zip(lines, shown_lines):
                    if seen.text != line.text:
                        line.shown = seen.text
        repairs: list[Repair] = []
        if reader.converted:
            # provenance of the extractor's own conversion: the same body read without it, line for line
            raw_lines, _, _ = _read_body(body, _Reader(_numbering(numbering_xml, styles_xml), Fonts(styles_xml)))
            repairs = encoding_repairs([raw.text for raw in raw_lines], lines)
        if not any(line.text.strip() for line in lines):
            raise ExtractionError(f"{name}: the document has no text in its body")
        return SourceText(method="docx", lines=lines, n_pages=_page_count(path), tables=tables, warnings=warnings,
                          repairs=repairs,
                          encoding=reader.encodings.most_common(1)[0][0] if reader.encodings else None)


def _read_body(body, reader: "_Reader") -> tuple[list[TextLine], list[CellTable], list[str]]:
    lines: list[TextLine] = []
    tables: list[CellTable] = []
    warnings: list[str] = []
    for kind, element in _blocks(body):
        if kind == "p":
            lines.extend(TextLine(text) for text in reader.paragraph_lines(element))
            continue
        try:
            found = reader.tables(element)
        except Exception as exc:  # one malformed table loses that table, not the document
            warnings.append(f"table {len(tables) + 1} unreadable: {type(exc).__name__}: {exc}")
            continue
        for rows, row_texts, above in found:
            tables.append(CellTable(rows=rows, above=above, line=len(lines), n_lines=len(row_texts)))
            lines.extend(TextLine(text) for text in row_texts)
    return lines, tables, warnings


def _font_encodings(body, fonts: Fonts) -> FontEncodings:
    """Every run's text by its font, for the encoding each font holds to be decided from all of it."""
    found = FontEncodings()
    for p in body.iter(_W + "p"):
        paragraph_font = fonts.paragraph_font(p)
        for run in p.iter(_W + "r"):
            out: list[str] = []
            _run_text(run, out)
            found.add(fonts.run_font(run, paragraph_font), "".join(out))
    return found


def _numbering(numbering_xml, styles_xml) -> Numbering:
    try:
        return Numbering(numbering_xml, styles_xml)
    except Exception:  # broken list definitions cost the list labels, not the text
        return Numbering()


def _open(path: Path):
    refuse_old_binary(path, f"{path.name} is an old binary Word (.doc) or a password-protected file, not a DOCX: "
                            "name it .doc (LibreOffice reads it) or remove the password", path.name)
    try:
        from docx import Document

        document = Document(str(path))
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"{path.name} is not a DOCX: not a zip package ({exc})") from exc
    except ValueError as exc:
        # python-docx refuses a macro-enabled document or a template (.docm, .dotx renamed): same body XML
        raw = _open_raw(path)
        if raw is None:
            raise ExtractionError(f"cannot open Word document {path.name}: {exc}") from exc
        return raw
    except Exception as exc:  # python-docx raises PackageNotFoundError, KeyError, lxml errors for broken parts
        raise ExtractionError(f"cannot open Word document {path.name}: {type(exc).__name__}: {exc}") from exc
    part = document.part
    numbering_xml = part.numbering_part.element if _has_part(part, "numbering") else None
    styles_xml = part.styles.element if _has_part(part, "styles") else None
    return document.element.body, numbering_xml, styles_xml


def _open_raw(path: Path):
    """(body, numbering XML, styles XML) straight from the package, for packages python-docx refuses."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                return None
            root = _part(archive, "word/document.xml")
            extra = {name: _part(archive, f"word/{name}.xml")
                     for name in ("numbering", "styles") if f"word/{name}.xml" in names}
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
        return None
    body = root.find(_W + "body")
    if body is None:
        return None
    return body, extra.get("numbering"), extra.get("styles")


def _part(archive: zipfile.ZipFile, name: str):
    """One XML part of the package, parsed without resolving entities."""
    from lxml import etree

    return etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False, huge_tree=True))


def _notes(path: Path) -> list:
    """The paragraphs and tables of the footnotes, then of the endnotes (not the separator lines Word draws)."""
    from lxml import etree

    out: list = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for kind in ("footnote", "endnote"):
                if f"word/{kind}s.xml" in names:
                    for note in _part(archive, f"word/{kind}s.xml").iter(_W + kind):
                        if note.get(_W + "type") in (None, "normal"):
                            out.extend(child for child in note if child.tag in (_W + "p", _W + "tbl"))
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
        return []  # notes lost, the body still read
    return out


def _has_part(part, kind: str) -> bool:
    return any(rel.reltype.endswith("/" + kind) for rel in part.rels.values())


def _blocks(container) -> Iterator[tuple[str, object]]:
    """Paragraphs and tables in document order, looking inside content controls and custom XML wrappers."""
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
        elif tag == _W + "customXml":
            yield from _blocks(child)


def _on(run, prop: str) -> bool:
    element = run.find(f"{_W}rPr/{_W}{prop}")
    return element is not None and element.get(_W + "val") not in ("0", "false", "off")


def _hidden_run(run) -> bool:
    return _on(run, "vanish")


def _shown_case(run, text: str) -> str:
    """`Caps` / `Small caps` formatting: Word stores `Chủ tịch` and prints `CHỦ TỊCH`."""
    return text.upper() if _on(run, "caps") or _on(run, "smallCaps") else text


def _run_text(element, out: list[str], on_run: Optional[Callable] = None, deleted: bool = False) -> None:
    """`deleted`: also the text of tracked deletions (as Word shows it, struck through)."""
    for child in element.iterchildren():
        tag = child.tag
        if tag in _HIDDEN or (tag in _DELETED and not deleted):
            continue
        if tag == _W + "t" or (tag == _W + "delText" and deleted):
            out.append(child.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "softHyphen":
            # invisible in a Unicode font, but TCVN3 stores `ư` as byte 0xAD, which Word and LibreOffice take
            # for a soft hyphen: kept for the run's font to decide (see `_Reader._converter`)
            out.append(SOFT_HYPHEN)
        elif tag == _W + "r":
            if _hidden_run(child):
                continue
            inner: list[str] = []
            _run_text(child, inner, deleted=deleted)
            text = "".join(inner)
            if on_run is not None:
                text = on_run(child, text)
            out.append(_shown_case(child, text))
        else:
            _run_text(child, out, on_run, deleted)


def paragraph_text(p, on_run: Optional[Callable] = None, deleted: bool = False) -> str:
    """The text a paragraph shows: runs, hyperlinks, inserted revisions and field results; soft breaks as `\\n`.
    `on_run(run, text)` may rewrite each run's text (legacy-font conversion); `deleted`: tracked deletions too."""
    out: list[str] = []
    _run_text(p, out, on_run, deleted)
    return "".join(out).replace("\xa0", " ")


def _grid_span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, int(span.get(_W + "val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _merged_away(tc) -> bool:
    """A cell covered by the one before it: vertical merge continued, or the old horizontal merge."""
    for name in ("vMerge", "hMerge"):
        merge = tc.find(f"{_W}tcPr/{_W}{name}")
        if merge is not None and merge.get(_W + "val") in (None, "continue"):
            return True
    return False


def _row_cells(tr) -> Iterator[object]:
    for child in tr.iterchildren():
        if child.tag == _W + "tc":
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):  # a content control wrapping cells
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                yield from content.findall(_W + "tc")


class _Reader:
    def __init__(self, numbering: Numbering, fonts: Optional[Fonts] = None, convert: Optional[Callable] = None,
                 show_deleted: bool = False):
        self.numbering = numbering
        self.show_deleted = show_deleted
        self.fonts = fonts or Fonts()
        self.convert = convert
        self.converted = 0  # runs converted from a legacy font
        self.encodings: Counter = Counter()  # legacy encoding → runs converted from it
        self.nested: list[tuple[list[list[str]], list[str], list[str]]] = []

    def paragraph(self, p) -> str:
        text = paragraph_text(p, self._converter(p) if self.convert is not None else None, self.show_deleted)
        label = self.numbering.label(p)
        return f"{label} {text.lstrip()}" if label and text.strip() else label or text

    def _converter(self, p) -> Callable[[object, str], str]:
        """Converts the runs of paragraph `p` that are set in a legacy font."""
        paragraph_font = self.fonts.paragraph_font(p)

        def on_run(run, text: str) -> str:
            font = self.fonts.run_font(run, paragraph_font)
            done = self.convert(text, font) if text else None
            if done is None or done[0] == text:
                return text.replace(SOFT_HYPHEN, "")  # a real soft hyphen: not shown
            self.converted += 1
            self.encodings[done[1]] += 1
            return done[0]

        return on_run

    def paragraph_lines(self, p) -> list[str]:
        """A paragraph as lines (a soft line break starts a new line), then its text boxes' paragraphs."""
        lines = self.paragraph(p).split("\n")
        for box in p.iter(_W + "txbxContent"):
            if any(a.tag == _MC + "Fallback" for a in box.iterancestors()):
                continue  # the same box again, for old readers
            for inner in box.iter(_W + "p"):
                lines.extend(self.paragraph(inner).split("\n"))
        return lines

    def cell_lines(self, tc) -> list[str]:
        """A cell's lines: its paragraphs and, flattened, the rows of tables nested in it (kept as tables too)."""
        out: list[str] = []
        for kind, element in _blocks(tc):
            if kind == "p":
                out.extend(self.paragraph(element).split("\n"))
            else:
                rows, texts = self.table_rows(element)
                self.nested.append((rows, texts, [line for line in out if line.strip()][-3:]))
                out.extend("\t".join(" ".join(c.split()) for c in row if c.strip()) for row in rows)
        while out and not out[-1].strip():
            out.pop()
        return out

    def tables(self, tbl) -> list[tuple[list[list[str]], list[str], list[str]]]:
        """The table, then the tables nested in its cells (a report laid out inside one big table), each with the
        lines just above it in its cell (none for the outer one: what is above it is the document's lines)."""
        self.nested = []
        rows, texts = self.table_rows(tbl)
        return [(rows, texts, []), *self.nested]

    def table_rows(self, tbl) -> tuple[list[list[str]], list[str]]:
        """(rows of cell texts aligned on the table grid, text lines for the rows).

        A merged cell's text is kept once: in the first grid column it spans (horizontal merge) and in the first
        row (vertical merge); the other grid positions it covers are empty strings, so columns stay aligned."""
        rows: list[list[str]] = []
        cell_lines: list[list[list[str]]] = []
        n_cols = len(tbl.findall(f"{_W}tblGrid/{_W}gridCol"))
        for tr in tbl.iterchildren(_W + "tr"):
            cells: list[str] = []
            filled: list[list[str]] = []
            cells.extend([""] * _val_int(tr.find(f"{_W}trPr/{_W}gridBefore")))
            for tc in _row_cells(tr):
                lines = [] if _merged_away(tc) else self.cell_lines(tc)
                cells.append("\n".join(lines))
                cells.extend([""] * (_grid_span(tc) - 1))
                if lines:
                    filled.append(lines)
            width = max(n_cols, len(cells))
            rows.append(cells + [""] * (width - len(cells)))
            cell_lines.append(filled)
        return rows, _row_texts(rows, cell_lines)


def _val_int(element) -> int:
    value = element.get(_W + "val") if element is not None else None
    return int(value) if value and value.isdigit() else 0


def _row_texts(rows: list[list[str]], cell_lines: list[list[list[str]]]) -> list[str]:
    texts: list[str] = []
    layout = max((len(r) for r in rows), default=0) <= 3
    for cells, filled in zip(rows, cell_lines):
        if layout and any(len(lines) > 1 for lines in filled):
            # a layout table (header block, signature block): its columns read side by side, line by line
            depth = max(len(lines) for lines in filled)
            for k in range(depth):
                texts.append("\t".join(lines[k].strip() if k < len(lines) else "" for lines in filled).rstrip("\t"))
        else:
            texts.append("\t".join(" ".join(c.split()) for c in cells).rstrip("\t"))
    return texts


def _page_count(path: Path) -> Optional[int]:
    """Pages as Word last counted them (docProps/app.xml); None when the writer did not record it."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("docProps/app.xml").decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    match = re.search(r"<(?:\w+:)?Pages>\s*(\d+)\s*<", xml)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None

"""The one table reader: every statistics table of a document as rows of five cells, whatever the source.

Tables whose rows the source states (DOCX, ruled PDF and scanned tables) are read row by row (segment/grid.py).
Every other table is found by its header among the lines (segment/tables.py); each body line is cut into cells
by the best evidence the source has, stated cells, column positions or the words themselves (segment/split.py,
segment/columns.py); and the lines are grouped into rows by the row decoder (segment/decode.py)."""
from __future__ import annotations

import math
from dataclasses import replace
from types import MappingProxyType
from typing import Callable, Mapping, NamedTuple, Optional, Sequence

from baocao.normalize.text import add_cell_line
from baocao.schemas.document import Document
from baocao.segment.cells import CellRow
from baocao.segment.columns import Bands, column_bands, header_anchors, placed_evidence
from baocao.segment.decode import Body, Row, best_mode, decode_rows, plausibility
from baocao.segment.grid import GridTable, continues, is_stats_table, rows_from_grid
from baocao.segment.lines import RLine, reader_lines
from baocao.segment.numbering import restore_numbering
from baocao.segment.ocr_cells import settle_ocr_rows
from baocao.segment.split import Columns, Cut, cut_line, missing_gap_cost, parted_pairs
from baocao.segment.tables import Table, find_tables
from baocao.segment.vocab import (
    DASH_LINE,
    ITEM_FIGURE,
    PAGE_NUMBER,
    ROLES,
    STT_DASHES,
    STT_LINE,
    STT_TOKEN,
    TRONG_DO,
    join_stt,
    join_wrapped_stt,
    table_label,
    unit_fit,
    value_fit,
)
from baocao.settings import SETTINGS, ReaderSettings


def read_tables(document: Document, settings: ReaderSettings = SETTINGS.reader,
                problems: Optional[list[str]] = None) -> list[CellRow]:
    """Every row of every statistics table, in document order. Where lines outside every table read as its rows
    (a table whose header was not found), `problems` is told."""
    lines = reader_lines(document, settings)
    stated = _stated_rows(document, lines)
    found: list[tuple[int, list[CellRow]]] = []
    grids: list[GridTable] = []
    end: Optional[int] = None  # the line after the grid before
    for members in stated.values():
        table = _grid_table(document, lines, members, settings)
        adjacent = bool(grids) and sum(1 for k in range(end or 0, members[0]) if lines[k].text.strip()) <= 1
        end = members[-1] + 1
        if grids and continues(grids[-1], table, adjacent):
            grids[-1].extend(table)
            continue
        if adjacent and table.label is None:  # a table straight after another, or under a repeated title
            table.label = grids[-1].label
        grids.append(table)
    for table in grids:
        if is_stats_table(table):
            found.append((table.lines[0] or 0, rows_from_grid(table)))
    in_grid = {k for members in stated.values() for k in members}
    free_lines = [lines[k] for k in range(len(lines)) if k not in in_grid]
    tables = find_tables(free_lines, settings)
    if problems is not None:
        covered = {k for table in tables for k in range(table.header.start, max(table.body, default=0) + 1)}
        stray = [line.text for k, line in enumerate(free_lines) if k not in covered and _row_like(line)]
        if len(stray) >= settings.stray_rows:
            problems.append(f"{len(stray)} lines outside every table read as its rows (`{stray[0][:50]}`): a "
                            f"table whose header was not found")
    # which of unit and value comes first, as the bodies' lines say it: the tables of one document share a form
    said = [_unit_value_said([free_lines[k] for k in table.body]) for table in tables]
    in_document = (sum(a for a, _ in said), sum(b for _, b in said))
    found_columns = [_page_columns(document, free_lines, table, settings, (own, in_document))
                     for table, own in zip(tables, said)]
    columns = _columns_trusted(found_columns, document.units, settings)
    if document.units == "char":
        columns = _spaced_columns(columns, tables, free_lines)
    bodies = [_body(document, free_lines, table, cols, settings) for table, cols in zip(tables, columns)]
    decoded = [decode_rows(body, settings) for body in bodies]
    mode = best_mode(decoded) if decoded else None
    for table, body, modes in zip(tables, bodies, decoded):
        chosen = mode if mode in modes else max(modes, key=lambda m: modes[m].score)
        modes[chosen].settle()
        rows = _without_page_numbers(modes[chosen].rows, body)
        sure = _sure("stream" if chosen == "stream" else "scanned" if document.method == "ocr" else
                     "placed" if body.positioned else "lines", settings)
        found.append((free_lines[table.header.start].index,
                      [_cell_row(row, body, table.label, document.units, sure) for row in rows]))
    if document.method == "ocr":  # numbers as OCR read them: the numbering's run puts lost dots back
        found = [(at, settle_ocr_rows(restore_numbering(rows))) for at, rows in found]
    found.sort(key=lambda item: item[0])
    return [row for _, rows in found for row in rows]


def _row_like(line: RLine) -> bool:
    """A line that reads as a table's row: an STT, words, a unit and a figure (`11 Số văn bản … Văn bản 154`)."""
    words = line.words
    if len(words) < 4 or not STT_LINE.match(line.text) or value_fit(words[-1]) != 1.0:
        return False
    return any(unit_fit(" ".join(words[-1 - n:-1])) == 1.0 for n in (1, 2, 3))


def _stated_rows(document: Document, lines: Sequence[RLine]) -> dict[int, list[int]]:
    """Grid id → its lines, for the grids whose rows the source states. A grid whose ruling lacks the lines
    between rows (one cell holds several STTs, on lines of their own) states its columns only: its lines are read
    like any other. Two numbers on one line of a cell are one STT misread (`13 1.1`: a dot read as a space)."""
    members: dict[int, list[int]] = {}
    for k, line in enumerate(lines):
        cell = next((s.cell for s in line.spans if s.cell is not None), None)
        if cell is not None and cell.grid is not None:
            members.setdefault(cell.grid, []).append(k)
    for grid_id, ks in list(members.items()):
        first_column: dict[int, list[str]] = {}
        for k in ks:
            for cell, spans in lines[k].cells():
                if cell.col == 0:
                    first_column.setdefault(cell.row, []).append(" ".join(s.text for s in spans))
        if any(_stt_count(" ".join(texts)) >= 2 and sum(_stt_count(t) > 0 for t in texts) >= 2
               for texts in first_column.values()):
            del members[grid_id]
    return members


def _stt_count(text: str) -> int:
    return sum(1 for w in join_stt(text).split() if STT_TOKEN.match(w))


def _grid_table(document: Document, lines: Sequence[RLine], members: list[int],
                settings: ReaderSettings) -> GridTable:
    first = lines[members[0]]
    grid_id = next(s.cell.grid for s in first.spans if s.cell is not None)
    shape = document.grids[grid_id] if grid_id < len(document.grids) else None
    n_rows = shape.n_rows if shape else 1 + max(s.cell.row for k in members for s in lines[k].spans if s.cell)
    n_cols = shape.n_cols if shape else 1 + max(s.cell.col for k in members for s in lines[k].spans if s.cell)
    rows = [[""] * n_cols for _ in range(n_rows)]
    pages: list[Optional[int]] = [None] * n_rows
    where: list[Optional[int]] = [None] * n_rows
    cell_words: list[list[list]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    for k in members:
        line = lines[k]
        for cell, spans in line.cells():
            if cell.row >= n_rows or cell.col >= n_cols:
                continue
            rows[cell.row][cell.col] = add_cell_line(rows[cell.row][cell.col], " ".join(s.text for s in spans))
            cell_words[cell.row][cell.col].extend(spans)
            if pages[cell.row] is None:
                pages[cell.row], where[cell.row] = line.page, line.index
    keep = [r for r in range(n_rows) if any(rows[r])]
    nested = next((found for text in reversed(shape.above) if (found := table_label(text))), None) if shape else None
    label = nested or _label_above(lines, members[0], settings) or (shape.title if shape else None)
    words = [[span for cell in cell_words[r] for span in cell] for r in keep]
    return GridTable([rows[r] for r in keep], [pages[r] for r in keep], [where[r] for r in keep], label,
                     boxes=[_box(spans, document.units) for spans in words],
                     confidences=[_confidence(spans) for spans in words],
                     cell_confidences=[[_least_sure(spans) for spans in cell_words[r]] for r in keep],
                     cell_boxes=[[_box(spans, document.units) for spans in cell_words[r]] for r in keep])


def _label_above(lines: Sequence[RLine], k: int, settings: ReaderSettings) -> Optional[str]:
    """The label among the few non-empty lines above the table, up to the table before."""
    seen = 0
    for j in range(k - 1, -1, -1):
        if any(s.cell is not None and s.cell.grid is not None for s in lines[j].spans):
            return None
        if not lines[j].text.strip():
            continue
        label = table_label(lines[j].text)
        if label:
            return label
        seen += 1
        if seen >= settings.label_lookback_lines:
            return None
    return None


class _FoundColumns(NamedTuple):
    """A table's columns as its words alone give them (`content`), and as the header's names placed over each
    page's gutters give them where they can (`placed`), with what each page's words say of those places (value-
    like words seen, how many stand in their column) and whether the text kept its layout."""

    content: dict[Optional[int], Columns]
    placed: Optional[dict[Optional[int], Columns]] = None
    evidence: Mapping[Optional[int], tuple[int, int]] = MappingProxyType({})  # read-only: a shared default
    spaced: bool = True


def _columns_trusted(found: Sequence[_FoundColumns], units: str, settings: ReaderSettings
                     ) -> list[dict[Optional[int], Columns]]:
    """Each table's columns: placed ones where the page gives them. In pulled text, only where the text kept its
    layout and value-like words stand in their column, as the table's words show it, or a table too short to
    show it the whole document's (one puller made the whole text; its places must hold a unit's and a
    value's); a page whose own words stand out of their columns more often than not was given the wrong ones:
    it is read by its words, and says nothing of the other pages' places."""
    def astray(evidence: tuple[int, int]) -> bool:
        return evidence[1] < settings.positional_page_share * evidence[0]

    def total(evidences) -> tuple[int, int]:
        kept = [e for e in evidences if not astray(e)]
        return sum(s for s, _ in kept), sum(i for _, i in kept)

    def holds(evidence: tuple[int, int], least: int) -> bool:
        seen, inside = evidence
        return seen >= least and inside >= settings.positional_share * seen

    document = total(e for f in found for e in f.evidence.values())
    spaced = sum(f.spaced for f in found if f.placed is not None) * 2 >= sum(f.placed is not None for f in found)
    out = []
    for f in found:
        if f.placed is None or units == "char" and not f.spaced:
            out.append(f.content)
        elif units != "char":
            out.append(f.placed)
        else:
            table = total(f.evidence.values())
            if table[0] >= settings.positional_evidence:
                says = holds(table, settings.positional_evidence)
            else:
                whole = all({"unit", "value"} <= set(c.order) for c in f.placed.values())
                says = whole and holds(table, 1) and spaced and holds(document, settings.positional_evidence)
            out.append({page: f.placed[page] if says and not astray(f.evidence[page]) else f.content[page]
                        for page in f.placed})
    return out


def _page_columns(document: Document, lines: Sequence[RLine], table: Table, settings: ReaderSettings,
                  said: tuple[tuple[int, int], tuple[int, int]]) -> _FoundColumns:
    """The columns each page of the table's body is cut by: stated cells where the source states them, else
    the header's names placed over each page's own gutters, else the words themselves. `said`: what the table's
    lines and the document's say of the order of unit and value (`_unit_value_said`)."""
    header = table.header
    slack = settings.band_slack_char if document.units == "char" else settings.band_slack_pt
    pages = sorted({lines[k].page for k in table.body}, key=lambda p: (p is None, p or 0))
    order = header.order if header.columns else _unit_value_order(header.order, *said)
    char = document.units == "char"
    content = {page: Columns(order, None, dict(header.columns), slack, char=char) for page in pages}
    if header.columns or document.units == "none":
        return _FoundColumns(content)
    pair = tuple(role for role in order if role in ("unit", "value"))
    pair = pair if len(pair) == 2 else ("unit", "value")
    anchors_by_page = [(lines[h.start].page, header_anchors(lines[h.start:h.end], settings, pair))
                       for h in [header, *table.repeats]]
    # a name one printing of the header lost (OCR) is taken from another printing of it: the same columns
    every = {role: span for _, anchors in reversed(anchors_by_page) for role, span in anchors.items()}
    anchors_by_page = [(page, {**every, **anchors} if len(anchors) >= 3 else anchors)
                       for page, anchors in anchors_by_page]
    out: dict[Optional[int], Columns] = {}
    evidence: dict[Optional[int], tuple[int, int]] = {}
    # a PDF's pages put a table's columns at the same places (a scan's pages stand as each was laid on the glass,
    # a text's as each page's characters run)
    same_places = document.units == "pt" and "ocr" not in (document.method, *document.page_methods().values())
    whole = [lines[k] for k in table.body]
    table_bands: dict[int, Optional[Bands]] = {}  # the whole table cut under each printing of the header's names
    for page in pages:
        anchors = next((a for p, a in reversed(anchors_by_page) if p is None or page is None or p <= page),
                       anchors_by_page[0][1])
        on_page = [line for line in whole if line.page == page]
        bands = column_bands(anchors, on_page if len(on_page) >= 3 else whole, document.units, settings)
        if bands is not None and len(on_page) >= 3 and same_places:
            # a column the page leaves empty (no figure, no note) has nothing there to part it from its
            # neighbour: the page is cut where the table's lines as a whole are
            if id(anchors) not in table_bands:
                table_bands[id(anchors)] = column_bands(anchors, whole, document.units, settings)
            cut = table_bands[id(anchors)]
            if cut is not None and not all(_holds_words(on_page, band) for band in cut.values()):
                bands = cut
        if bands is None:
            return _FoundColumns(content)
        evidence[page] = placed_evidence(bands, on_page)
        out[page] = Columns(tuple(bands), bands, {}, slack, soft=char, char=char,
                            word_space=0.0 if char else settings.word_space_pt)
    return _FoundColumns(content, out, evidence, _spaced(whole))


def _holds_words(lines: Sequence[RLine], band: tuple[float, float]) -> bool:
    return any(band[0] <= (span.x0 + span.x1) / 2 < band[1] for line in lines for span in line.spans)


def _unit_value_said(body: Sequence[RLine]) -> tuple[int, int]:
    """How many lines end with a number and then a known unit (`305 Văn bản`), and how many with a known unit
    and then a number (`Nhiệm vụ 6`)."""
    unit_first = value_first = 0
    for line in body:
        words = line.words
        for k in range(1, min(4, len(words))):
            if unit_fit(" ".join(words[-k:])) == 1.0 and value_fit(words[-k - 1]) == 1.0 and len(words) > k + 1:
                value_first += 1
                break
            if value_fit(words[-1]) == 1.0 and unit_fit(" ".join(words[-k - 1:-1])) == 1.0:
                unit_first += 1
                break
    return value_first, unit_first


def _unit_value_order(order: tuple[str, ...], said: tuple[int, int], in_document: tuple[int, int]) -> tuple[str, ...]:
    """The header's order of unit and value, unless the body plainly says the other (`said`: lines saying value
    first, unit first); a body that says too little to tell is read as the document's other tables say. A
    header pulled line by line says the order only where both names stand whole on one line. A header that lost
    both names (OCR) gets the pair the body's lines show, in their order."""
    value_first, unit_first = said if max(said) >= 3 else in_document
    if "unit" not in order and "value" not in order and "indicator" in order and max(value_first, unit_first) >= 3:
        k = order.index("indicator") + 1
        return order[:k] + (("value", "unit") if value_first > unit_first else ("unit", "value")) + order[k:]
    if "unit" not in order or "value" not in order:
        return order
    says_value_first = value_first >= 3 and value_first > 2 * unit_first
    says_unit_first = unit_first >= 3 and unit_first > 2 * value_first
    is_value_first = order.index("value") < order.index("unit")
    if says_value_first and not is_value_first or says_unit_first and is_value_first:
        swapped = ["value" if r == "unit" else "unit" if r == "value" else r for r in order]
        return tuple(swapped)
    return order


def _spaced(lines, share: float = 0.3) -> bool:
    """Text that kept its layout: many lines are indented or have a run of spaces between words."""
    lines = list(lines)
    spaced = sum(1 for line in lines if line.spans[0].x0 >= 2 or any(
        b.x0 - a.x1 >= 2 for a, b in zip(line.spans, line.spans[1:])))
    return bool(lines) and spaced >= share * len(lines)


def _spaced_columns(columns: list[dict[Optional[int], Columns]], tables: Sequence[Table],
                    lines: Sequence[RLine]) -> list[dict[Optional[int], Columns]]:
    """The columns of pulled text told how often it parts two cells by a run of spaces, as its words standing in
    two columns' bands show it (one puller made the whole text); text that keeps no runs of spaces (pulled line
    by line) says nothing of it."""
    if not _spaced(lines[k] for table in tables for k in table.body):
        return columns
    pairs = parted = 0
    for table, page_columns in zip(tables, columns):
        for k in table.body:
            bands = page_columns[lines[k].page].bands
            if bands is not None:
                found = parted_pairs(lines[k].spans, bands)
                pairs, parted = pairs + found[0], parted + found[1]
    cost = missing_gap_cost(pairs, parted)
    return [{page: replace(c, gap_missing=cost) for page, c in page_columns.items()} for page_columns in columns]


def _body(document: Document, lines: Sequence[RLine], table: Table, columns: dict[Optional[int], Columns],
          settings: ReaderSettings) -> Body:
    """The table's body lines with their candidate cuts, `Trong đó` markers taken out (the rows under one are
    sub-rows)."""
    body = Body([], [], order=_body_order([c.order for c in columns.values()]), dots_lost=document.method == "ocr")
    breakdown = False
    last_stt: Optional[str] = None
    opened = ""  # `Trong` alone on a line: the marker goes on with `đó` on the next
    broken = False  # a page break before a marker line taken out: the break is before the next line kept
    for n, k in enumerate(table.body):
        line = lines[k]
        broken = broken or k in table.breaks
        page_columns = columns[line.page]
        cuts = cut_line(line.spans, page_columns)
        best = cuts[0]
        text = " ".join(span.text for span in line.spans)
        prefix, opened = opened, ""
        if not best.stt and text.casefold().strip(" :") == "trong" and n + 1 < len(table.body) \
                and TRONG_DO.match("trong " + lines[table.body[n + 1]].text):
            opened = "trong "
            continue
        marker = TRONG_DO.match(prefix + text) if not best.stt else None
        if marker:
            breakdown = True
            rest = _without_marker(line.spans, marker.end() - len(prefix))
            if not rest:
                continue  # the `Trong đó:` marker line itself
            cuts = cut_line(rest, page_columns)
        numbered = _numbers_on(cuts, last_stt)
        if numbered is not None:
            breakdown, last_stt = False, numbered
        position = len(body.lines)
        body.lines.append(line)
        body.cuts.append(cuts)
        if broken:
            body.breaks.add(position)
            broken = False
        if breakdown:
            body.breakdown.add(position)
    _numbered_lists(body, columns)
    body.ruled = _ruled(document, body.lines, settings)
    if not _spaced(body.lines):
        # a row cut by a page break gives its cells' first parts, then past the break their rests: a line just
        # before a break may go on after it
        near_break = {n - d for n in body.breaks for d in range(1, len(body.order) + 1)}
        body.runs_on = {n for n, line in enumerate(body.lines[:-1]) if line.runs_on and n not in near_break}
    return body


def _without_page_numbers(rows: Sequence[Row], body: Body) -> list[Row]:
    """The rows but a page's number that text pulled without its pages leaves among them: a line holding a lone
    number, read as a row of nothing but an STT that does not go on with the numbering."""
    kept: list[Row] = []
    last_stt: Optional[str] = None
    for row in rows:
        stt = row.cuts[0].stt
        lone = len(row.lines) == 1 and row.cuts[0].roles() == ["stt"] \
            and PAGE_NUMBER.match(body.lines[row.lines[0]].text)
        if lone and plausibility(last_stt, stt) < 1.0:
            continue
        if stt is not None and stt not in STT_DASHES:
            last_stt = stt.rstrip(".")
        kept.append(row)
    return kept


def _numbers_on(cuts: Sequence[Cut], last_stt: Optional[str]) -> Optional[str]:
    """The STT a body line goes on the numbering with, if it does: its best cut's, or (text pulled cell after
    cell puts `12.` on a line of its own, which reads as well as a unit) one that follows the number before it."""
    if cuts[0].stt is not None:
        return cuts[0].stt.rstrip(".") if cuts[0].stt not in STT_DASHES else None
    stt = next((c.stt.rstrip(".") for c in cuts if c.stt is not None and c.stt not in STT_DASHES), None)
    return stt if stt is not None and plausibility(last_stt, stt) >= 1.0 else None


def _ruled(document: Document, lines: Sequence[RLine], settings: ReaderSettings) -> set[int]:
    """The body lines (by position) with a horizontal rule between them and the line above on the same page, the
    rule as wide as a good part of the table (a table ruled between its rows, not a word underlined)."""
    rules = {page.number: [r for r in page.rules if r.horizontal] for page in document.pages if page.rules}
    out: set[int] = set()
    if not rules or document.units != "pt":
        return out
    for page, on_page in rules.items():
        here = [k for k, line in enumerate(lines) if line.page == page]
        if len(here) < 2:
            continue
        left = min(s.x0 for k in here for s in lines[k].spans)
        right = max(s.x1 for k in here for s in lines[k].spans)
        least = settings.row_rule_min_share * (right - left)
        wide = [r for r in on_page if min(r.x1, right) - max(r.x0, left) >= least]
        for above, k in zip(here, here[1:]):
            if k != above + 1:
                continue
            low = (lines[above].top + lines[above].bottom) / 2
            high = (lines[k].top + lines[k].bottom) / 2
            if any(low < (r.y0 + r.y1) / 2 < high for r in wide):
                out.add(k)
    return out


def _body_order(orders: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The columns of the whole body: the pages' fullest order, or, where pages name roles that order lacks (a
    column one page's header lost), every role in the form's order."""
    if not orders:
        return ROLES
    order = max(orders, key=len)
    named = {role for o in orders for role in o}
    return order if named <= set(order) else tuple(role for role in ROLES if role in named)


def _numbered_lists(body: Body, columns: dict[Optional[int], Columns]) -> None:
    """A numbered list inside a cell (`1. Cải cách thủ tục hành chính: 6` / `2. …: 01` under row `1.1.1`) looks
    like rows, but its numbering starts again at 1 below a row numbered deeper, and its items end on their
    figure: its lines are the cell's, the value's (the cell a figure goes in). Pulled line by line, the list may
    open on its row's line, after the row's other cells (`2.2. Số nhiệm vụ đã hoàn thành Nhiệm vụ 1. Hiện đại`)."""
    last_deep = False  # the row numbered last is numbered below the top level (`1.1.1`)
    k = 0
    while k < len(body.lines):
        words = body.lines[k].words
        stt = next((c.stt for c in body.cuts[k] if c.stt), None)
        # a dash item stands below a row too; an STT's rest wrapped onto a line of its own (`1.4.` / `2.`) is no
        # row of its own
        wrapped = k > 0 and len(words) == len(body.lines[k - 1].words) == 1 \
            and body.lines[k - 1].words[0].endswith(".") and STT_TOKEN.match(body.lines[k - 1].words[0])
        numbered = bool(stt) and bool(STT_TOKEN.match(stt) or stt in STT_DASHES) and not wrapped
        deep = (stt in STT_DASHES or stt.rstrip(".").count(".") >= 1) if numbered else last_deep
        # (on its row's line only where no positions tell the value's column: else they tell the list's words)
        opening = 0 if words[0] == "1." and last_deep \
            else next((n for n in range(1, len(words)) if words[n] == "1."), None) \
            if deep and columns[body.lines[k].page].bands is None else None
        run = _list_run(body, k) if opening is not None else []
        if run:
            spans = list(body.lines[k].spans)
            body.cuts[k] = _opening_cuts(spans, opening, body.order, columns[body.lines[k].page])
            for i in run[1:]:
                body.cuts[i] = [Cut(0.0, {"value": list(body.lines[i].spans)})]
            k = run[-1] + 1
            last_deep = deep if opening else last_deep  # below the list, the row above it is the last numbered
            continue
        last_deep = deep
        k += 1


def _list_run(body: Body, k: int) -> list[int]:
    """The lines of a numbered list whose first item opens on line k: its items `2.`, `3.` … and the lines that
    go on from them; none where fewer than two items or an item not ending on its figure."""
    run, expect, j = [k], 2, k + 1
    while j < len(body.lines):
        head = body.lines[j].words[0]
        if head == f"{expect}." and len(body.lines[j].words) > 1:
            expect += 1
        elif not _continues_item(body.lines[j], body.lines[j - 1]):
            break
        run.append(j)
        j += 1
    items = [k] + [i for i in run[1:] if body.lines[i].words[0].endswith(".")]
    return run if len(items) >= 2 and all(_ends_on_figure(body, i, run) for i in items) else []


def _opening_cuts(spans: list, opening: int, order: tuple[str, ...], columns: Columns) -> list[Cut]:
    """The cuts of the line a list opens on: the list's words are the value's, the words before it the cells
    before the value, as they read."""
    if opening == 0:
        return [Cut(0.0, {"value": spans})]
    before = set(order[:order.index("value")]) if "value" in order else set()
    heads = [cut for cut in cut_line(spans[:opening], columns) if set(cut.roles()) <= before] \
        or [Cut(0.0, {"indicator": spans[:opening]})]
    return [Cut(cut.score, {**cut.cells, "value": spans[opening:]}) for cut in heads]


def _continues_item(line: RLine, before: RLine) -> bool:
    """The line goes on with the item above: in lower case, or the item's figure alone (`chính công:` / `02`,
    pulled cell after cell)."""
    return line.words[0][:1].islower() or before.text.rstrip().endswith(":") and len(line.words) == 1 \
        and bool(ITEM_FIGURE.match(":" + line.words[0]))


def _ends_on_figure(body: Body, i: int, run: list[int]) -> bool:
    """The item (its line and the lines that go on from it) ends `…: 6`."""
    text = body.lines[i].text
    for j in run[run.index(i) + 1:]:
        if body.lines[j].words[0].endswith("."):
            break
        text += " " + body.lines[j].text
    return bool(ITEM_FIGURE.search(text))


def _confidence(spans: Sequence) -> float:
    """How sure the row's reading is: the mean of its words' (OCR gives a clean word 0 now and then, so one word
    alone says little)."""
    return sum(s.confidence for s in spans) / len(spans) if spans else 1.0


def _least_sure(spans: Sequence) -> float:
    """How sure a cell's reading is: its least sure word's (a value is a word or two, and one misread figure
    makes it wrong)."""
    return min((s.confidence for s in spans), default=1.0)


def _sure(kind: str, settings: ReaderSettings) -> Callable[[float], float]:
    """How sure a row the decoder read is, from its margin (log-odds), as fitted for this kind of body
    (`settings.row_sure`); 1 for a row the source states (no rival reading)."""
    scale, offset = settings.row_sure[kind]

    def sure(margin: float) -> float:
        return 1.0 if margin == math.inf else 1.0 / (1.0 + math.exp(-(scale * margin + offset)))
    return sure


def _without_marker(spans: list, chars: int) -> list:
    """A line's spans after the `Trong đó:` words."""
    spans, taken = list(spans), 0
    while spans and taken < chars:
        taken += len(spans[0].text) + 1
        spans.pop(0)
    return spans


def _cell_row(row: Row, body: Body, label: Optional[str], units: str, sure: Callable[[float], float]) -> CellRow:
    texts = {role: "" for role in ROLES}
    for cut in row.cuts:
        for role in texts:
            piece = cut.text(role)
            if piece:
                # an STT a narrow column wrapped (`10.1.` / `1.`) is one number again
                texts[role] = join_wrapped_stt([texts[role], piece]) if role == "stt" \
                    else add_cell_line(texts[role], piece)
    first = body.lines[row.lines[0]]
    spans = [span for cut in row.cuts for cell in cut.cells.values() for span in cell]
    stt = texts["stt"].rstrip(".") if texts["stt"] not in STT_DASHES else "-"
    indicator = texts["indicator"]
    if not stt:
        dash = DASH_LINE.match(indicator)
        if dash:
            stt, indicator = "-", dash.group("rest").strip()
    on_first_page = [cut for line, cut in zip(row.lines, row.cuts) if body.lines[line].page == first.page]
    return CellRow(stt=stt, indicator=indicator, unit=texts["unit"], value=texts["value"], note=texts["note"],
                   table=label, page=first.page, line=first.index, breakdown=row.breakdown,
                   bbox=_box([s for cut in on_first_page for cell in cut.cells.values() for s in cell], units),
                   word_confidence=_confidence(spans), layout_confidence=sure(row.margin),
                   value_box=_box([s for cut in on_first_page for s in cut.cells.get("value", ())], units),
                   value_confidence=_least_sure([s for cut in row.cuts for s in cut.cells.get("value", ())]))


def _box(spans, units: str) -> Optional[tuple[float, float, float, float]]:
    """The box round the spans, where spans have places on a page (in a document of places, or every span placed
    where the source placed its cells: a scanned grid's rows)."""
    if units == "char" or not spans or units == "none" and not all(s.x1 > s.x0 for s in spans):
        return None
    return (min(s.x0 for s in spans), min(s.top for s in spans), max(s.x1 for s in spans), max(s.bottom for s in spans))

"""Whether a table read as a statistics table has the shape of one: most numbered rows carry a unit or a value,
the unit column holds units, not figures, the value column values, not units, and the note no figures where the
value is empty. A layout the reader did not master shows here (columns shifted, units and values left empty),
and the document is then `partial` with the reason, never `ok`. A row alone shows it where its coded unit's
codes stand cut or in another cell (`misplaced_codes`)."""
from __future__ import annotations

from collections import defaultdict
from typing import Optional, Sequence

from baocao.segment.rows import TableRecord
from baocao.segment.stt import parse_stt
from baocao.segment.vocab import CODE_AFTER_EQUALS, CODE_PIECE, unit_fit, value_fit
from baocao.settings import SETTINGS, ReaderSettings


def shape_problems(records: Sequence[TableRecord], settings: ReaderSettings = SETTINGS.reader,
                   suspect: Optional[list[TableRecord]] = None) -> list[str]:
    """One sentence per table (or page of one) whose rows do not look like a statistics table's; `suspect`
    receives the rows of each such table or page (their cells cannot be trusted one by one)."""
    tables: dict[Optional[str], list[TableRecord]] = defaultdict(list)
    for record in records:
        tables[record.table].append(record)
    problems: list[str] = []

    def condemn(sentence: str, rows: Sequence[TableRecord]) -> None:
        problems.append(sentence)
        if suspect is not None:
            suspect.extend(rows)

    for label, rows in tables.items():
        name = label or "the table"
        inner = sum(1 for r in rows if not r.stt and _inner_stt(r.indicator))
        if len(rows) >= settings.shape_min_rows and inner > settings.shape_figure_unit_share * len(rows):
            condemn(f"{name}: {inner} of {len(rows)} rows have no STT and an STT inside their indicator "
                    "(`kỳ báo 1.2 cáo`: the STT column may not have been found)", rows)
        numbered = [r for r in rows if r.stt and parse_stt(r.stt) is not None]
        if len(numbered) < settings.shape_min_rows:
            continue
        empty = sum(1 for r in numbered if not r.unit and not r.value_raw)
        if empty > settings.shape_empty_share * len(numbered):
            condemn(f"{name}: {empty} of {len(numbered)} numbered rows have neither unit nor value "
                    "(columns may not have been found)", rows)
        # columns shift page by page (a page whose ruling lost a line): judged on each page with rows enough
        pages: dict[Optional[int], list[TableRecord]] = defaultdict(list)
        for r in numbered:
            pages[r.page].append(r)
        for page, on_page in sorted(pages.items(), key=lambda item: item[0] or 0):
            if len(on_page) < settings.shape_min_rows and len(pages) > 1:
                continue
            where = f"{name}, page {page}" if len(pages) > 1 else name
            page_rows = [r for r in rows if r.page == page]
            figures = sum(1 for r in on_page if r.unit and value_fit(r.unit) == 1.0)
            if figures > settings.shape_figure_unit_share * len(on_page):
                condemn(f"{where}: {figures} of {len(on_page)} units are figures (columns may be shifted)", page_rows)
            units = sum(1 for r in on_page
                        if r.value_raw and unit_fit(r.value_raw) == 1.0 and value_fit(r.value_raw) == 0)
            if units > settings.shape_figure_unit_share * len(on_page):
                condemn(f"{where}: {units} of {len(on_page)} values are units (columns may be shifted)", page_rows)
            noted = sum(1 for r in on_page if not r.unit and not r.value_raw and r.note and _unit_and_figure(r.note))
            if noted > settings.shape_figure_unit_share * len(on_page):
                condemn(f"{where}: {noted} of {len(on_page)} notes hold a unit and a figure, their unit and value "
                        "empty (columns may be shifted)", page_rows)
            figure_notes = sum(1 for r in on_page if not r.value_raw and r.note and value_fit(r.note) == 1.0)
            if figure_notes > settings.shape_figure_unit_share * len(on_page):
                condemn(f"{where}: {figure_notes} of {len(on_page)} notes are figures, their value empty (the value "
                        "column may have been read as the note's)", page_rows)
            split = sum(1 for r in on_page if r.value_raw and _unit_rest_and_figure(r.value_raw))
            if split > settings.shape_figure_unit_share * len(on_page):
                condemn(f"{where}: {split} of {len(on_page)} values begin with a unit's words (`bản 275`: the "
                        "border between unit and value may be misplaced)", page_rows)
    return problems


def misplaced_codes(indicator: Optional[str], unit: Optional[str], note: Optional[str]) -> Optional[str]:
    """Why a row's cells hold a coded unit as no form prints one, None if they do not: a unit with codes lists them
    whole, each code once (`Có = 1; Không = 0`; not `Có = 1; Không =`, `= 0 Phát phiếu = 1`, `Có = 1; Không = 1`),
    and no code stands in the indicator or the note (`… cấp xã Đã kết nối = 1`). Such a row's words were put in
    the wrong cells, whatever the reader's certainty (no row of the layout space's truth reads so)."""
    if unit and CODE_PIECE.search(unit) and unit_fit(unit) < 1.0:
        return f"coded unit `{unit}` is no whole list of codes"
    for name, text in (("indicator", indicator), ("note", note)):
        if text and CODE_AFTER_EQUALS.search(text):
            return f"a code stands in the {name}"
    return None


def _inner_stt(indicator: Optional[str]) -> bool:
    """A sub-item's STT (`1.2`, `3.1.2.`: two levels or more, no figure) standing after the indicator's first
    word: the STT column was read into the text."""
    return any(len(parse_stt(word) or ()) >= 2 for word in (indicator or "").split()[1:])


def _before_figure(text: str) -> Optional[str]:
    """The words of a cell before the figure that ends it (`Văn bản` of `Văn bản 185`), None if none does."""
    words = text.split()
    return " ".join(words[:-1]) if len(words) >= 2 and value_fit(words[-1]) == 1.0 else None


def _unit_rest_and_figure(value: str) -> bool:
    """A value cell holding the end of a unit and then the figure (`bản 275`, `quan, đơn 04`): words a unit
    ends with, or that go on in lower case, before it."""
    rest = _before_figure(value)
    return rest is not None and value_fit(rest) == 0 and (unit_fit(rest) > 0 or rest[:1].islower())


def _unit_and_figure(text: str) -> bool:
    """A cell holding a whole unit and then a figure (`Văn bản 185`, `% 100%`)."""
    rest = _before_figure(text)
    return rest is not None and unit_fit(rest) == 1.0

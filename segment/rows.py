"""From raw cell rows to table records: clean cells, numbers read, parents found. The same for every source."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from baocao.normalize.numbers import parse_value
from baocao.normalize.text import squash
from baocao.segment.cells import CellRow
from baocao.segment.stt import parse_stt, roman_value
from baocao.segment.vocab import FOOTNOTE_MARK, STT_DASHES


@dataclass
class TableRecord:
    """One table row, ready to become an `IndicatorRow` once its source is known."""

    table: Optional[str]
    row_index: int
    stt: Optional[str]
    indicator: str
    unit: Optional[str]
    value_raw: Optional[str]
    value: Optional[float]
    note: Optional[str]
    parent_stt: Optional[str]
    page: Optional[int]
    line: Optional[int]
    bbox: Optional[list[float]] = None
    word_confidence: float = 1.0  # how sure OCR was of the row's words
    layout_confidence: float = 1.0  # how sure the reader is that its lines and cells are its own
    read_as: Optional[str] = None  # cells put right from what OCR read, as read
    value_bbox: Optional[list[float]] = None
    value_confidence: float = 1.0  # how sure OCR was of the value's words
    value_ruled: bool = False  # the value's box is a ruled cell's (not kept in the lake: how to read it again)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _text(value: str) -> Optional[str]:
    cleaned = squash(value.replace("**", ""))
    return cleaned or None


def clean_stt(stt: str) -> Optional[str]:
    stt = squash(stt).rstrip(".").strip()
    if stt in STT_DASHES:
        return "-"
    return stt or None


def _coded(unit: Optional[str]) -> bool:
    return bool(unit) and ("=" in unit or ":" in unit)


def build_records(cell_rows: Sequence[CellRow]) -> list[TableRecord]:
    """Records in document order with parents: `3.3` for `3.3.1`, the section for a top-level number, the row
    broken down for a `Trong đó` sub-row or a `-` row."""
    records: list[TableRecord] = []
    section: Optional[str] = None  # current roman section
    last_numbered: Optional[str] = None  # nearest row above with a real STT
    table: Optional[str] = object()  # type: ignore[assignment]  # sentinel: no table yet
    for cell in cell_rows:
        if cell.table != table:
            table, section, last_numbered = cell.table, None, None
        indicator = _text(FOOTNOTE_MARK.sub("", cell.indicator))
        stt = clean_stt(cell.stt)
        if indicator is None and stt is None:
            continue
        value_raw = _text(cell.value)
        unit = _text(cell.unit)
        parent: Optional[str]
        if stt is not None and roman_value(stt) is not None and parse_stt(stt) is None:
            parent = None
            section = stt
            last_numbered = stt
        elif stt is not None and stt != "-" and parse_stt(stt) is not None:
            parts = stt.split(".")
            parent = ".".join(parts[:-1]) if len(parts) > 1 else section
            last_numbered = stt
        else:
            parent = last_numbered
        records.append(
            TableRecord(
                table=cell.table,
                row_index=len(records),
                stt=stt,
                indicator=indicator or "",
                unit=unit,
                value_raw=value_raw,
                value=parse_value(value_raw),
                note=_text(cell.note),
                parent_stt=parent,
                page=cell.page,
                line=cell.line,
                bbox=list(cell.bbox) if cell.bbox else None,
                word_confidence=cell.word_confidence,
                layout_confidence=cell.layout_confidence,
                value_bbox=list(cell.value_box) if cell.value_box and value_raw else None,
                value_ruled=cell.value_ruled,
                value_confidence=cell.value_confidence if value_raw else 1.0,
                read_as="; ".join(f"{key.removesuffix('_read')}: {text}" for key, text in cell.extra.items()
                                  if key.endswith("_read")) or None,
            )
        )
    return records

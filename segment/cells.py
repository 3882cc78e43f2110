"""A table row as five raw cells, wherever the text came from.

The table reader (segment/reader.py) gives `CellRow`s for stated grids and for rows it assembled from lines;
`segment/rows.py` turns them into records the same way for all of them (STT clean-up, parents, `Trong đó`
sub-rows, numbers)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class CellRow:
    stt: str = ""
    indicator: str = ""
    unit: str = ""
    value: str = ""
    note: str = ""
    table: Optional[str] = None  # label printed above the table ("Phụ lục 01b", "Biểu mẫu 3")
    page: Optional[int] = None  # 1-based page the row starts on
    line: Optional[int] = None  # 0-based line in the repaired text where the row starts
    breakdown: bool = False  # a `Trong đó` sub-row: parent is the row it breaks down
    bbox: Optional[tuple[float, float, float, float]] = None  # where the row stands on its first page (points)
    word_confidence: float = 1.0  # how sure the reading of its words is (OCR); 1 for text the source stores
    layout_confidence: float = 1.0  # how sure the row's lines and cells are its own; 1 where the source states them
    value_box: Optional[tuple[float, float, float, float]] = None  # where its value stands on `page` (points)
    value_confidence: float = 1.0  # how sure OCR was of the value's least sure word; 1 for text the source stores
    value_ruled: bool = False  # the value's box is a ruled cell's (inside its rules), not its words'
    extra: dict = field(default_factory=dict)

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.stt, self.indicator, self.unit, self.value, self.note)

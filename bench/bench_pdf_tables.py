"""Cell F1 of the PDF reader against the baseline issue 4 names: pdfplumber's `extract_tables` plus simple glue
(header rows dropped, columns taken in order, a row without STT, unit and value appended to the row above;
the `text` strategy where a page has no ruled table).

    python bench/bench_pdf_tables.py [PDF ...]   (default: samples/**/*.pdf with samples/expected/<stem>.json)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from pipeline import convert_file  # noqa: E402
from segment.cells import CellRow  # noqa: E402
from segment.rows import build_records  # noqa: E402
from segment.scoring import cell_f1  # noqa: E402
from segment.vocab import is_header_line  # noqa: E402


def baseline_rows(path: Path) -> list[dict]:
    cells: list[CellRow] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables = page.extract_tables() or page.extract_tables({"vertical_strategy": "text",
                                                                   "horizontal_strategy": "text"})
            for table in tables:
                for raw in table:
                    row = [" ".join((c or "").split()) for c in raw]
                    if len(row) < 4 or not any(row) or is_header_line(" ".join(row)):
                        continue
                    row += [""] * (5 - len(row))
                    stt, indicator, unit, value, note = row[0], row[1], row[2], row[3], " ".join(row[4:])
                    if cells and not stt and not unit and not value:
                        last = cells[-1]
                        last.indicator = f"{last.indicator} {indicator}".strip()
                        last.note = f"{last.note} {note}".strip()
                        continue
                    cells.append(CellRow(stt=stt, indicator=indicator, unit=unit, value=value, note=note,
                                         page=page.page_number))
    return [r.as_dict() for r in build_records(cells)]


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "samples").rglob("*.pdf"))
    for path in paths:
        expected = path.with_suffix(".json")
        if not expected.exists():
            expected = ROOT / "samples" / "expected" / f"{path.stem}.json"
        if not expected.exists():
            continue
        want = json.loads(expected.read_text(encoding="utf-8"))["rows"]
        ours = cell_f1(want, [r.model_dump() for r in convert_file(path, path.name).rows]).f1
        base = cell_f1(want, baseline_rows(path)).f1
        print(f"{path.name}: ours {ours:.4f}  extract_tables+glue {base:.4f}")


if __name__ == "__main__":
    main()

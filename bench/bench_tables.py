"""Our table extraction against what a user would otherwise get, on the same files.

For every sample PDF or image with an expected output (`samples/expected/*.json`), run
- baocao (the whole pipeline: extraction, repair, segmentation, records),
- pdfplumber `extract_tables` (digital PDFs), Camelot lattice (digital PDFs), img2table + Tesseract `vie` (scans),
map the baselines' tables to our five columns with the same light rules (`glue`), and print cell F1
(`segment/scoring.py`) and seconds side by side, plus pdfplumber's bare `extract_text` over the same pages: our
end-to-end time on a digital PDF should stay within 1.5x of it.

    pip install -e '.[bench]'
    python bench/bench_tables.py [FILE ...]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # expected_io: the samples' expected outputs, as the tests read them

import regex as re  # noqa: E402

from baocao.normalize.numbers import parse_value  # noqa: E402
from baocao.normalize.text import squash  # noqa: E402
from baocao.segment.scoring import cell_f1  # noqa: E402
from baocao.segment.vocab import header_words_only, is_column_numbers  # noqa: E402

Grid = list[list[Optional[str]]]


def glue(tables: list[Grid]) -> list[dict]:
    """The light rules a user would apply to any extractor's tables: drop empty columns and rows, header rows
    and column-number rows; read the first five columns as STT | indicator | unit | value | note; a row with no
    STT, unit and value continues the row above (a cell cut by a page break)."""
    rows: list[dict] = []
    for grid in tables:
        grid = [[squash(c) if isinstance(c, str) else "" for c in row] for row in grid]  # DataFrames hold NaN
        width = max((len(r) for r in grid), default=0)
        grid = [r + [""] * (width - len(r)) for r in grid]
        keep = [k for k in range(width) if any(r[k] for r in grid)]
        for row in grid:
            cells = [row[k] for k in keep]
            joined = " ".join(c for c in cells if c)
            if not joined or header_words_only(joined.split()) or is_column_numbers([c for c in cells if c]):
                continue
            cells = (cells + [""] * 5)[:5] if len(cells) <= 5 else cells[:4] + [" ".join(c for c in cells[4:] if c)]
            stt, indicator, unit, value, note = cells
            if rows and not (stt or unit or value):
                last = rows[-1]
                last["indicator"] = f"{last['indicator']} {indicator}".strip()
                last["note"] = f"{last['note'] or ''} {note}".strip() or None
                continue
            rows.append({"stt": stt.rstrip(".") or None, "indicator": indicator, "unit": unit or None,
                         "value_raw": value or None, "value": parse_value(value), "note": note or None})
    return rows


def run_baocao(path: Path) -> list[dict]:
    from baocao.pipeline import convert_file

    return [row.model_dump() for row in convert_file(path, path.name).rows]


def run_pdfplumber(path: Path) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return glue([t for page in pdf.pages for t in page.extract_tables()])


def run_camelot(path: Path) -> list[dict]:
    import camelot

    tables = camelot.read_pdf(str(path), pages="all", flavor="lattice", suppress_stdout=True)
    return glue([t.df.values.tolist() for t in tables])


def run_img2table(path: Path) -> list[dict]:
    from img2table.document import PDF, Image
    from img2table.ocr import TesseractOCR

    with _quiet_stdout():  # img2table lets Tesseract print its build banner on our table
        ocr = TesseractOCR(lang="vie", n_threads=1)
        document = PDF(str(path)) if path.suffix.lower() == ".pdf" else Image(str(path))
        found = document.extract_tables(ocr=ocr, borderless_tables=True, implicit_rows=True)
    tables = found.values() if isinstance(found, dict) else [found]
    return glue([t.df.values.tolist() for page in tables for t in page])


@contextlib.contextmanager
def _quiet_stdout():
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def bare_extract_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def has_text_layer(path: Path) -> bool:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return any(page.chars for page in pdf.pages[:3])


def timed(func: Callable[[Path], object], path: Path) -> tuple[object, float]:
    start = time.perf_counter()
    try:
        result = func(path)
    except Exception as exc:  # a baseline that crashes scores zero, it does not stop the bench
        result = exc
    return result, time.perf_counter() - start


def sample_files(given: list[str]) -> list[tuple[Path, dict]]:
    from expected_io import expected_files, load, source_for

    found = []
    for expected in expected_files():
        source = source_for(expected)
        if source is None or source.suffix.lower() in (".txt", ".docx"):
            continue
        if given and source.name not in {Path(g).name for g in given}:
            continue
        found.append((source, load(expected)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="sample names to run (default: all PDFs and images)")
    args = parser.parse_args()
    runners = {"baocao": run_baocao, "pdfplumber": run_pdfplumber, "camelot": run_camelot,
               "img2table": run_img2table}
    header = f"{'sample':42} {'kind':7} " + " ".join(f"{n:>11}" for n in runners) + \
        f" {'ours s':>7} {'text s':>7} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for path, expected in sample_files(args.files):
        digital = path.suffix.lower() == ".pdf" and has_text_layer(path)
        scores, ours_seconds = [], 0.0
        for name, runner in runners.items():
            if (name in ("pdfplumber", "camelot") and not digital) or (name == "img2table" and digital):
                scores.append(f"{'-':>11}")
                continue
            rows, seconds = timed(runner, path)
            if name == "baocao":
                ours_seconds = seconds
            if isinstance(rows, Exception):
                scores.append(f"{'error':>11}")
                print(f"  {name} failed on {path.name}: {type(rows).__name__}: {rows}", file=sys.stderr)
                continue
            scores.append(f"{cell_f1(expected['rows'], rows).f1:>11.4f}")
        text_seconds = timed(bare_extract_text, path)[1] if digital else float("nan")
        ratio = ours_seconds / text_seconds if digital and text_seconds else float("nan")
        print(f"{path.name[:42]:42} {'digital' if digital else 'scan':7} " + " ".join(scores) +
              f" {ours_seconds:7.2f} {text_seconds:7.2f} {ratio:6.2f}")
    print("\nF1: cell-level over (stt, indicator, unit, value, note) against samples/expected; "
          "ratio: our end-to-end seconds / pdfplumber extract_text seconds (target <= 1.5 on digital PDFs)")


if __name__ == "__main__":
    main()

"""End-to-end conversion time of digital PDFs against pdfplumber's bare `extract_text` over the same pages
(issue 4: within 1.5×). CPU time of this process, best of N, alternating the two: a shared machine's load
changes wall time far more than the work does.

    python bench/bench_pdf.py [PDF ...]      (default: the digital sample PDFs, samples/pdf/*.pdf)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

import pdfplumber  # noqa: E402

from baocao.pipeline import convert_file  # noqa: E402


def _timed(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def bare_extract_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
    ratios = []
    for path in paths:
        convert_file(path, path.name)  # load models and tables once, as a batch does
        bare = ours = float("inf")
        for _ in range(5):
            bare = min(bare, _timed(lambda: bare_extract_text(path)))
            ours = min(ours, _timed(lambda: convert_file(path, path.name)))
        ratios.append(ours / bare)
        print(f"{path.name}: extract_text {bare:.3f} s, convert {ours:.3f} s, ratio {ours / bare:.2f}")
    if ratios:
        print(f"worst ratio {max(ratios):.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()

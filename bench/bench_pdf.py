"""End-to-end conversion time of digital PDFs against pdfplumber's bare `extract_text` over the same pages
(issue 4: within 1.5×). Each is timed best-of-N to damp the noise of a shared machine.

    python bench/bench_pdf.py [PDF ...]      (default: samples/**/*.pdf)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from pipeline import convert_file  # noqa: E402


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bare_extract_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or sorted(p for p in (ROOT / "samples").rglob("*.pdf"))
    ratios = []
    for path in paths:
        bare = _best(lambda: bare_extract_text(path), 3)
        ours = _best(lambda: convert_file(path, path.name), 3)
        ratios.append(ours / bare)
        print(f"{path.name}: extract_text {bare:.3f} s, convert {ours:.3f} s, ratio {ours / bare:.2f}")
    if ratios:
        print(f"worst ratio {max(ratios):.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()

"""CPU cost of reading digital PDFs' page geometry with pdfium (extract/pdfium_page.py: words, edges, images, the
needs-pdfminer verdict, and the ruled tables' cells) against pdfplumber's `extract_tables()` + `extract_text()`
and bare pypdfium2 text extraction, on the same pages, side by side in one process.

CPU time of this process (time.process_time), best of N per document, the three readers alternating so the
machine's load weighs on all alike; pages per second per core = pages / CPU seconds.

    python bench/bench_pdfium.py [-n N] [--limit K] [PDF or folder ...]

Default inputs: samples/pdf/*.pdf and, when present, /work/space/dev/*/report.pdf (the generated layout space).
The target for the whole conversion is at most 0.5× the pdfplumber reference; the geometry should be a small
part of that (aim: at most 0.2×).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPACE = Path("/work/space/dev")

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from baocao.extract.pdfium_page import PdfGeometry, find_tables  # noqa: E402


def geometry(path: Path) -> int:
    pages = 0
    with PdfGeometry(path) as pdf:
        for page in pdf.pages():
            if not page.needs_pdfminer:
                find_tables(page)
            pages += 1
    return pages


def plumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()
            page.close()
        return len(pdf.pages)


def bare_pdfium(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(doc)
    finally:
        doc.close()


READERS = {"geometry": geometry, "pdfplumber": plumber, "pypdfium2": bare_pdfium}


def _cpu(fn, path: Path) -> float:
    start = time.process_time()
    fn(path)
    return time.process_time() - start


def _inputs(args: list[str], limit: int) -> list[Path]:
    if not args:
        paths = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
        if SPACE.is_dir():
            paths += sorted(SPACE.glob("*/report.pdf"))[:limit]
        return paths
    paths = []
    for arg in map(Path, args):
        paths += sorted(arg.rglob("*.pdf"))[:limit] if arg.is_dir() else [arg]
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("-n", type=int, default=3, help="runs per reader and document (best counts)")
    parser.add_argument("--limit", type=int, default=40, help="documents taken from a folder / the space")
    opts = parser.parse_args()
    totals = {name: 0.0 for name in READERS}
    total_pages = 0
    for path in _inputs(opts.paths, opts.limit):
        pages = geometry(path)  # warm: imports, caches
        best = {name: float("inf") for name in READERS}
        for _ in range(opts.n):
            for name, fn in READERS.items():
                best[name] = min(best[name], _cpu(fn, path))
        total_pages += pages
        for name in READERS:
            totals[name] += best[name]
        print(f"{path.parent.name + '/' + path.name if path.name == 'report.pdf' else path.name:34} {pages:3} p  "
              + "  ".join(f"{name} {best[name] * 1000:7.1f} ms" for name in READERS)
              + f"  geometry/pdfplumber {best['geometry'] / best['pdfplumber']:.3f}")
    if not total_pages:
        print("no PDFs")
        return
    print(f"\n{total_pages} pages; CPU seconds: " + ", ".join(f"{name} {totals[name]:.2f}" for name in READERS))
    print("pages per second per core: " + ", ".join(f"{name} {total_pages / totals[name]:.1f}" for name in READERS))
    print(f"geometry / pdfplumber (extract_tables + extract_text): {totals['geometry'] / totals['pdfplumber']:.3f} "
          f"(aim <= 0.2; the whole conversion must stay <= 0.5)")
    print(f"geometry / bare pypdfium2 text: {totals['geometry'] / totals['pypdfium2']:.1f}x")


if __name__ == "__main__":
    main()

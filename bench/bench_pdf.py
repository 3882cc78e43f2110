"""Digital PDFs: CPU cost of baocao's whole conversion against pdfplumber's `extract_tables()` + `extract_text()`
and bare pypdfium2 text extraction on the same pages, side by side in one process (issue 14: the conversion at
most 0.5× pdfplumber, at least 40 pages per second per core).

    python bench/bench_pdf.py [-n N] [--limit K] [--profile] [PDF or folder ...]

- convert: `pipeline.convert_file` (reader + repair + table reader + records), as `baocao convert` runs it;
- geometry: the part of it that reads pages with pdfium (extract/pdfium_page.py: words, edges, images, the
  pages to hand to pdfminer, ruled cells);
- pdfplumber: every page's `extract_tables()` and `extract_text()`;
- pypdfium2: every page's text (`get_textpage().get_text_range()`).
CPU time of this process (time.process_time), best of N per document, the three alternating so the machine's
load weighs on all alike; pages per second per core = pages / CPU seconds. Default inputs: samples/pdf/*.pdf (the
digital samples; the scans are OCR's business) and the first K documents of each split of the generated layout
space (/work/space/{dev,test}/*/report.pdf). `--profile` adds where the conversion's time goes, by module
(cProfile; a C function's time is charged to the module that called it).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPACE = Path("/work/space")
TARGET_RATIO = 0.5  # the conversion's CPU against pdfplumber's
TARGET_PAGES_PER_SECOND = 40.0

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from baocao.extract.pdfium_page import PdfGeometry, find_tables  # noqa: E402
from baocao.pipeline import convert_file  # noqa: E402


def convert(path: Path) -> int:
    got = convert_file(path, path.name)
    if got.report.status == "failed":
        raise SystemExit(f"{path}: {got.report.error}")
    return got.report.n_pages or 0


def geometry(path: Path) -> int:
    with PdfGeometry(path) as pdf:
        for page in pdf.pages():
            if not page.needs_pdfminer:
                find_tables(page)
        return len(pdf)


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


READERS = {"convert": convert, "geometry": geometry, "pdfplumber": plumber, "pypdfium2": bare_pdfium}


def _cpu(fn, path: Path) -> float:
    start = time.process_time()
    fn(path)
    return time.process_time() - start


def _inputs(args: list[str], limit: int) -> list[Path]:
    if not args:
        paths = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
        for split in ("dev", "test"):
            paths += sorted((SPACE / split).glob("*/report.pdf"))[:limit]
        return paths
    paths = []
    for arg in map(Path, args):
        paths += sorted(arg.rglob("*.pdf"))[:limit] if arg.is_dir() else [arg]
    return paths


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.name == "report.pdf" else path.name


def _module(filename: str) -> str:
    """A source file as the module (or package, for libraries) it belongs to."""
    path = Path(filename)
    parts = path.with_suffix("").parts
    if str(ROOT) in filename or "baocao" in parts:
        inner = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else Path(*parts[-2:])
        return "baocao." + ".".join(inner.with_suffix("").parts)
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return parts[parts.index(marker) + 1]
    return "python" if "lib" in parts else filename


def profile_by_module(paths: list[Path]) -> None:
    """The conversion's CPU by module over the documents, once each (imports and models already loaded)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        convert(path)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # (file, line, name) → (calls, prim calls, own time, cumulative, callers)
    own: Counter = Counter()
    for (filename, _, _), (_, _, tottime, _, callers) in stats.items():
        if filename != "~":
            own[_module(filename)] += tottime
            continue
        for (caller_file, _, _), (_, _, caller_tt, _) in callers.items():  # a C function: its callers' share
            own[_module(caller_file) if caller_file != "~" else "builtins"] += caller_tt
    total = sum(own.values()) or 1.0
    print(f"\nconversion CPU by module (cProfile, {total:.2f} s profiled; top 30):")
    for module, seconds in own.most_common(30):
        print(f"  {seconds:7.2f} s  {100 * seconds / total:5.1f} %  {module}")
    stages = Counter()
    for module, seconds in own.items():
        stage = module.split(".")[1] if module.startswith("baocao.") else module
        stages[stage] += seconds
    print("by package: " + ", ".join(f"{name} {100 * s / total:.1f} %" for name, s in stages.most_common(12)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("-n", type=int, default=3, help="runs per reader and document (the best counts)")
    parser.add_argument("--limit", type=int, default=20, help="documents taken from each folder / space split")
    parser.add_argument("--profile", action="store_true", help="where the conversion's time goes, by module")
    opts = parser.parse_args()
    paths = _inputs(opts.paths, opts.limit)
    totals = {name: 0.0 for name in READERS}
    total_pages = 0
    for path in paths:
        pages = convert(path)  # warm: imports, models, caches, as a batch has them
        best = {name: float("inf") for name in READERS}
        for _ in range(opts.n):
            for name, fn in READERS.items():
                best[name] = min(best[name], _cpu(fn, path))
        total_pages += pages
        for name in READERS:
            totals[name] += best[name]
        print(f"{_label(path):22} {pages:3} p " + " ".join(f"{name} {best[name] * 1000:6.1f} ms" for name in READERS)
              + f"  convert/pdfplumber {best['convert'] / best['pdfplumber']:.3f}", flush=True)
    if not total_pages:
        print("no PDFs")
        return
    ratio = totals["convert"] / totals["pdfplumber"]
    print(f"\n{len(paths)} documents, {total_pages} pages; CPU seconds: "
          + ", ".join(f"{name} {totals[name]:.2f}" for name in READERS))
    print("pages per second per core: " + ", ".join(f"{name} {total_pages / totals[name]:.1f}" for name in READERS))
    print(f"convert / pdfplumber (extract_tables + extract_text): {ratio:.3f} (target <= {TARGET_RATIO}); "
          f"convert {total_pages / totals['convert']:.1f} pages/s/core (target >= {TARGET_PAGES_PER_SECOND:.0f})")
    print(f"geometry / pdfplumber: {totals['geometry'] / totals['pdfplumber']:.3f}; geometry / bare pypdfium2 text: "
          f"{totals['geometry'] / totals['pypdfium2']:.1f}x")
    if opts.profile:
        profile_by_module(paths)


if __name__ == "__main__":
    sys.exit(main())

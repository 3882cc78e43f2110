"""OCR cost: our whole page treatment against Tesseract alone on the same pages, and core use.

    python3 bench/bench_ocr.py [SCAN.pdf] [--pages 10]

1. Tesseract alone: each page rendered at 300 dpi, `tesseract page.png - -l vie --psm 6 tsv`, one after another
   (one thread each, as in the pool). 2. Ours: `OcrExtractor().extract` on the same pages (render, deskew,
   binarise, grid, OCR, second look at unread cells, language-model marks, cells), once with one worker and once
   in the process pool (one worker per core). Reports wall and CPU time (children included) and
   CPU / (wall x cores): near 1.0 means every core was busy. A scanned page must cost little more than
   Tesseract alone: the sequential per-page CPU of ours vs bare Tesseract is the overhead."""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _scan_of(pages: int, source: Path, out: Path) -> Path:
    """A scan of `pages` pages: the sample scan's pages repeated."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    images = [pdf[k % len(pdf)].render(scale=200 / 72, grayscale=True).to_pil() for k in range(pages)]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=200, quality=70)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("scan", nargs="?", default=str(ROOT / "samples/scan/001_ruled_scan.pdf"))
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    import pypdfium2 as pdfium

    from baocao.extract.ocr import OcrExtractor
    from baocao.extract.scan import OCR_DPI

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        scan = _scan_of(args.pages, Path(args.scan), Path(tmp) / "scan.pdf")
        pdf = pdfium.PdfDocument(str(scan))
        pngs = []
        for k in range(len(pdf)):
            path = Path(tmp) / f"p{k}.png"
            pdf[k].render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(path)
            pngs.append(path)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        cpu0, t0 = _cpu(), time.perf_counter()
        for path in pngs:
            subprocess.run(["tesseract", str(path), "-", "-l", "vie", "--psm", "6", "--dpi", str(OCR_DPI), "tsv"],
                           check=True, capture_output=True, env=env)
        bare_wall, bare_cpu = time.perf_counter() - t0, _cpu() - cpu0

        t0 = time.perf_counter()
        OcrExtractor(workers=1).extract(scan)
        one_wall = time.perf_counter() - t0
        cpu0, t0 = _cpu(), time.perf_counter()
        source = OcrExtractor().extract(scan)
        ours_wall, ours_cpu = time.perf_counter() - t0, _cpu() - cpu0
    n = args.pages
    print(f"{n} pages, {cores} cores, load average before: {os.getloadavg()[0]:.1f} (other work shares the cores)")
    print(f"Tesseract alone (sequential): wall {bare_wall:6.1f} s  cpu {bare_cpu:6.1f} s  = {bare_cpu / n:.2f} s cpu/page")
    print(f"baocao OCR (pool):            wall {ours_wall:6.1f} s  cpu {ours_cpu:6.1f} s  = {ours_cpu / n:.2f} s cpu/page")
    print(f"overhead per page (cpu): {100 * (ours_cpu / bare_cpu - 1):+.0f} %   "
          f"core use: {ours_cpu / (ours_wall * cores):.0%} of {cores} cores   "
          f"speed-up vs sequential bare: {bare_wall / ours_wall:.2f}x")
    print(f"one worker: wall {one_wall:.1f} s; {cores} workers: wall {ours_wall:.1f} s = {one_wall / ours_wall:.2f}x "
          f"(the cores other work leaves free bound this)")
    print(f"words {len(source.words)}, tables {len(source.tables)}, rows {sum(len(t.rows) for t in source.tables)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""OCR cost: our whole page treatment against Tesseract alone on the same pages, and core use.

    python3 bench/bench_ocr.py [SCAN.pdf] [--pages 10]

1. Tesseract alone: each page rendered at 300 dpi, `tesseract page.png - -l vie --psm 6 tsv`, one after another
   (one thread each, as in the pool). 2. Ours, the whole conversion of the same pages: the OCR (render, deskew,
   binarise, grid, OCR, second look at unread cells, language-model marks, cells) in the process pool (one worker
   per core), then the table reader and the checks, with the values that fail them or read as no number read
   again (their CPU counted apart); and the OCR with one worker, for how the pool scales. Reports wall and CPU
   time (children included) and CPU / (wall x cores): near 1.0 means every core was busy. A scanned page must
   cost little more than Tesseract alone: the per-page CPU of the OCR and the values read again against bare
   Tesseract is the overhead; the table reader's and checks' share is said beside it.
   `--as-is` times SCAN itself (a PDF or image) instead of the sample's pages repeated."""
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


def _n_pages(scan: Path) -> int:
    if scan.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        return len(pdfium.PdfDocument(str(scan)))
    from PIL import Image

    with Image.open(scan) as image:
        return getattr(image, "n_frames", 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("scan", nargs="?", default=str(ROOT / "samples/scan/001_ruled_scan.pdf"))
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--as-is", action="store_true", help="time SCAN's own pages")
    args = parser.parse_args()
    from baocao.extract.ocr import OcrExtractor, page_image
    from baocao import pipeline
    from baocao.extract import extract
    from baocao.extract.ocr_values import read_values_again

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        scan = Path(args.scan) if args.as_is else _scan_of(args.pages, Path(args.scan), Path(tmp) / "scan.pdf")
        pngs = []
        for k in range(_n_pages(scan)):
            path = Path(tmp) / f"p{k}.png"
            image, dpi = page_image(scan, k + 1)  # as the pipeline takes it: a PDF at 300 dpi, an image as scanned
            image.save(path, dpi=(dpi, dpi))
            pngs.append(path)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        cpu0, t0 = _cpu(), time.perf_counter()
        for path in pngs:
            subprocess.run(["tesseract", str(path), "-", "-l", "vie", "--psm", "6", "tsv"],
                           check=True, capture_output=True, env=env)
        bare_wall, bare_cpu = time.perf_counter() - t0, _cpu() - cpu0

        t0 = time.perf_counter()
        OcrExtractor(workers=1).extract(scan)
        one_wall = time.perf_counter() - t0
        cpu0, t0 = _cpu(), time.perf_counter()
        document = extract(scan)
        ocr_wall, ocr_cpu = time.perf_counter() - t0, _cpu() - cpu0
        reread = [0.0]

        def timed_read_again(*args):
            start = _cpu()
            try:
                return read_values_again(*args)
            finally:
                reread[0] += _cpu() - start

        pipeline.extract, pipeline.read_values_again = (lambda path: document), timed_read_again
        cpu0, t0 = _cpu(), time.perf_counter()
        converted = pipeline.convert_file(scan, scan.name)
        rest_wall, rest_cpu = time.perf_counter() - t0, _cpu() - cpu0
        ours_wall, ours_cpu = ocr_wall + rest_wall, ocr_cpu + reread[0]
    n = len(pngs)
    taken = sum("value_reread" in row.flags for row in converted.rows)
    print(f"{n} pages, {cores} cores, load average before: {os.getloadavg()[0]:.1f} (other work shares the cores)")
    print(f"Tesseract alone (sequential): wall {bare_wall:6.1f} s  cpu {bare_cpu:6.1f} s  = {bare_cpu / n:.2f} s cpu/page")
    print(f"baocao OCR + values read again: wall {ours_wall:6.1f} s  cpu {ours_cpu:6.1f} s  = {ours_cpu / n:.2f} s cpu/page "
          f"(of it values read again {reread[0]:.1f} s)")
    print(f"overhead per page (cpu): {100 * (ours_cpu / bare_cpu - 1):+.0f} %; with the table reader and checks "
          f"{100 * ((ocr_cpu + rest_cpu) / bare_cpu - 1):+.0f} %   "
          f"core use (OCR): {ocr_cpu / (ocr_wall * cores):.0%} of {cores} cores   "
          f"speed-up vs sequential bare: {bare_wall / ours_wall:.2f}x")
    print(f"one worker: wall {one_wall:.1f} s; {cores} workers: wall {ocr_wall:.1f} s = {one_wall / ocr_wall:.2f}x "
          f"(the cores other work leaves free bound this)")
    print(f"lines {len(document.lines)}, tables {len(document.grids)}, rows {len(converted.rows)}, "
          f"values read again and taken {taken}, status {converted.report.status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

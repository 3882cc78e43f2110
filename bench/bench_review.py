"""How light the review site is for a batch: `baocao review LAKE` on N reports (text reports made from the seeds,
plus every sample PDF, scan-free, and DOCX), against `baocao convert` of the same batch run just before it on the
same machine. Prints the build time as a ratio of the conversion's, the site's size, and the weight of one
report's page (HTML) and of one page image.

    python3 bench/bench_review.py [N]        (default 300)
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEEDS = sorted(SAMPLES.glob("0*.txt"))


def _batch(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    extras = sorted((SAMPLES / "pdf").glob("*.pdf")) + sorted((SAMPLES / "docx").glob("*.docx"))
    for path in extras:
        (folder / path.name).write_bytes(path.read_bytes())
    for k in range(max(0, n - len(extras))):
        seed = SEEDS[k % len(SEEDS)]
        (folder / f"{k:04d}_{seed.stem[:3]}.txt").write_text(
            seed.read_text(encoding="utf-8") + f"\nBản số {k}\n", encoding="utf-8")


def _run(*argv: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "baocao", *argv], check=True)
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        root = Path(tmp)
        _batch(root / "inputs", n)
        convert = _run("-q", "convert", str(root / "inputs"), "--out", str(root / "lake"))
        review = _run("-q", "review", str(root / "lake"), "--out", str(root / "site"))
        pages = sorted((root / "site" / "reports").glob("*.html"))
        images = sorted((root / "site" / "reports" / "img").glob("*.jpg"))
        html_kb = [p.stat().st_size / 1024 for p in pages]
        image_kb = [p.stat().st_size / 1024 for p in images]
        total = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 2 ** 20
        print(f"{len(pages)} reports: convert {convert:.1f} s, review {review:.1f} s "
              f"({review / convert:.2f}× the conversion, {review / len(pages) * 1000:.0f} ms a report)")
        print(f"site {total:.1f} MB; index {(root / 'site' / 'index.html').stat().st_size / 1024:.0f} KB; "
              f"report page median {statistics.median(html_kb):.0f} KB, max {max(html_kb):.0f} KB; "
              f"{len(images)} page images, median {statistics.median(image_kb):.0f} KB, max {max(image_kb):.0f} KB")


if __name__ == "__main__":
    main()

"""Scanned versions of the digital sample PDFs: what a report looks like after print, sign, stamp and scan.

Each page is rasterised at 200 dpi, turned by a small angle (0.5-1.5°, either way), given a paper tone, uneven
lighting, dust specks and the blur of a scanner. Two containers:
- `samples/scan/<stem>_scan.pdf`: grayscale JPEG pages (quality 70) inside a PDF (no text layer), the usual
  office scan;
- `samples/scan/<stem>_scan.tif`: a bilevel multi-page TIFF (Group 4), as document scanners and fax servers write.
Each gets `samples/expected/<stem>_scan[_tif].json`: the source's expected output with `source_file` changed
(the rows' pages stay: a scan keeps the pages). Every scan OCRs in the test suite (~15 s each), so by default
the ruled table is checked in as a PDF scan and the borderless one as a TIFF: both containers, both ways of
finding cells (ruling lines; positioned words).

    python3 samples/build/make_scans.py                     # the checked-in set (CHECKED_IN)
    python3 samples/build/make_scans.py 001_ruled pdf tif   # one document, the containers named

Deterministic (seeded by the file name). Needs pypdfium2, Pillow, numpy. The built files are checked in.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

SAMPLES = Path(__file__).resolve().parents[1]
EXPECTED = SAMPLES / "expected"
OUT = SAMPLES / "scan"
DPI = 200
JPEG_QUALITY = 70
CHECKED_IN = {"001_ruled": ("pdf",), "001_borderless": ("tif",)}


def rasterise(pdf_path: Path, dpi: int = DPI) -> list[Image.Image]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in pdf]
    finally:
        pdf.close()


def scanned(page: Image.Image, rng: np.random.Generator) -> tuple[Image.Image, float]:
    """One page through a tired office scanner. Returns the page and the angle it was turned by."""
    angle = float(rng.uniform(0.5, 1.5) * rng.choice([-1, 1]))
    # the sheet lies a little crooked on the glass; what comes in at the corners is the scanner's white lid
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    ink = np.asarray(page, dtype=np.float32)
    h, w = ink.shape
    # toner is not pure black, paper not pure white; lighting falls off towards one side
    shade = np.linspace(0, rng.uniform(8, 20), w, dtype=np.float32)[None, :]
    gray = 25 + (ink / 255.0) * (232 - 25) - shade
    # dust: a few hundred dark specks, 1-3 px
    n_specks = int(rng.integers(200, 500))
    ys, xs = rng.integers(0, h - 3, n_specks), rng.integers(0, w - 3, n_specks)
    sizes = rng.integers(1, 4, n_specks)
    for y, x, s in zip(ys, xs, sizes):
        gray[y : y + s, x : x + s] = np.minimum(gray[y : y + s, x : x + s], rng.uniform(40, 140))
    # sensor noise, mild (strong noise only makes the JPEGs big)
    gray += rng.normal(0, 2, gray.shape).astype(np.float32)
    image = Image.fromarray(np.clip(gray, 0, 255).astype(np.uint8))
    return image.filter(ImageFilter.GaussianBlur(0.7)), angle


def _seed(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")


def build(stem: str, containers: tuple[str, ...] = ("pdf", "tif"), out_dir: Path = OUT,
          expected_dir: Path = EXPECTED) -> list[Path]:
    source = SAMPLES / "pdf" / f"{stem}.pdf"
    expected = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    rng = np.random.default_rng(_seed(stem))
    pages, angles = [], []
    for page in rasterise(source):
        image, angle = scanned(page, rng)
        pages.append(image)
        angles.append(round(angle, 2))
    out_dir.mkdir(exist_ok=True)
    written = []
    if "pdf" in containers:
        out = out_dir / f"{stem}_scan.pdf"
        # Pillow writes each grayscale page as a JPEG (DCTDecode, this quality) in the PDF: no text layer at all
        stamp = time.gmtime(1709856000)  # 2024-03-08, fixed: rebuilds are byte-stable
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=DPI, quality=JPEG_QUALITY,
                      creationDate=stamp, modDate=stamp)
        written += [out, _expected(expected_dir / f"{stem}_scan.json", expected, out, source, angles)]
    if "tif" in containers:
        out = out_dir / f"{stem}_scan.tif"
        # a bilevel scanner thresholds the gray page itself (a fixed level, as cheap scanners do)
        bilevel = [p.point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages]
        bilevel[0].save(out, save_all=True, append_images=bilevel[1:], compression="group4", dpi=(DPI, DPI))
        written += [out, _expected(expected_dir / f"{stem}_scan_tif.json", expected, out, source, angles)]
    return written


def _expected(target: Path, expected: dict, out: Path, source: Path, angles: list[float]) -> Path:
    data = dict(expected)
    data["source_file"] = out.name
    data["scan"] = {"from": source.name, "dpi": DPI, "angles": angles}
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    jobs = {argv[0]: tuple(argv[1:]) or ("pdf", "tif")} if argv else CHECKED_IN
    for stem, containers in jobs.items():
        for path in build(stem, containers):
            print(f"{path.relative_to(SAMPLES)}  {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

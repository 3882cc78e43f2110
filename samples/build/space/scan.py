"""Scans of the layout space: every generated report printed, stamped, then scanned, faxed or photographed.

    python3 samples/build/space/scan.py --space /work/space --out /work/space_scan --split dev [--jobs 2]
    python3 samples/build/space/scan.py --space /work/space --out /work/space_scan --split test --jobs 2

Each document of `<space>/<split>/<id>/report.pdf` becomes `<out>/<split>/<id>/` with the scan (`scan.pdf`, image
pages only, or `scan.tif`), `scan.json` (every degradation applied, so a figure can be broken down by them),
`truth.json` (the source's, with `source_file` naming the scan) and `layout.json` (the source's, for its layout
class); `<out>/<split>/index.csv` lists them. Deterministic: everything is drawn from a generator seeded by the
document's id. Dev and test are scanned apart, from their own folders.

What a document goes through is chosen by its seed, so that every resolution meets every kind of degradation
across consecutive seeds: resolution 150, 200 or 300 dpi (`seed % 3`), and one of four kinds (`seed // 3 % 4`):
- `gray`: an office scanner: grayscale, the sheet tilted up to ±2°, paper tone, uneven lamp, dust, blur, sensor
  noise, JPEG quality 50-90 inside a PDF;
- `fax`: the same gray page thresholded by the machine at a fixed level into a bilevel Group 4 TIFF (fax);
- `stamp`: a colour scan (JPEG in a PDF) of a page that carries the commune's red round stamp over the signature
  and over a few table cells;
- `photo`: a page photographed with a phone: lying on a desk (background around it), seen at a slight angle
  (perspective), light falling off across it, softer focus, colour JPEG in a PDF; half of them stamped too.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from baocao.extract.scan import perspective_coeffs  # the page seen at an angle, as the reader undoes it

DPIS = (150, 200, 300)
KINDS = ("gray", "fax", "stamp", "photo")
MAX_TILT_DEG = 2.0
JPEG_QUALITY = (50, 90)
STAMP_DIAMETER_MM = (36.0, 42.0)
STAMP_CELLS = (1, 3)  # stamps over table cells, besides the one over the signature
STAMP_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
INDEX_FIELDS = ["id", "layout_class", "dpi", "kind", "stamped", "pages", "container", "jpeg_quality"]


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass
class Plan:
    """What one document goes through (written to scan.json)."""

    id: str
    dpi: int
    kind: str
    container: str  # "pdf" or "tif"
    jpeg_quality: Optional[int]
    blur_px: float  # Gaussian sigma at the scan's resolution
    noise: float  # sensor noise, gray levels (sigma)
    paper: float  # paper's gray level
    toner: float  # toner's gray level
    fax_threshold: Optional[int] = None
    stamped: bool = False
    pages: list[dict] = field(default_factory=list)  # per page: tilt, shade, stamps, photo corners


def plan_for(doc_id: str, seed: int, n_pages: int, dpi: Optional[int] = None, kind: Optional[str] = None) -> Plan:
    """The seed chooses resolution and kind unless they are given (a set of one kind, to study it)."""
    rng = np.random.default_rng(_seed(f"{doc_id}:scan"))
    dpi = dpi or DPIS[seed % len(DPIS)]
    kind = kind or KINDS[seed // len(DPIS) % len(KINDS)]
    quality = None if kind == "fax" else int(rng.integers(JPEG_QUALITY[0], JPEG_QUALITY[1] + 1))
    plan = Plan(id=doc_id, dpi=dpi, kind=kind, container="tif" if kind == "fax" else "pdf", jpeg_quality=quality,
                blur_px=float(rng.uniform(0.3, 0.9) * dpi / 200 * (1.6 if kind == "photo" else 1.0)),
                noise=float(rng.uniform(2.0, 6.0)), paper=float(rng.uniform(222, 242)),
                toner=float(rng.uniform(18, 48)),
                fax_threshold=int(rng.integers(120, 165)) if kind == "fax" else None,
                stamped=kind == "stamp" or (kind == "photo" and bool(rng.integers(0, 2))))
    for _ in range(n_pages):
        page = {"tilt_deg": round(float(rng.uniform(-MAX_TILT_DEG, MAX_TILT_DEG)), 3),
                "shade": round(float(rng.uniform(4, 20)), 2), "shade_side": int(rng.integers(0, 4)),
                "specks": int(rng.integers(100, 400))}
        if kind == "photo":
            # the page's corners seen off square: each moved inward by up to 3 % of the page's size
            page["corners"] = [[round(float(rng.uniform(0, 0.03)), 4), round(float(rng.uniform(0, 0.03)), 4)]
                               for _ in range(4)]
            page["margin"] = round(float(rng.uniform(0.04, 0.08)), 4)
            page["light_low"] = round(float(rng.uniform(0.55, 0.8)), 3)  # darkest corner's share of the light
            page["light_at"] = [round(float(rng.uniform(0, 1)), 3), round(float(rng.uniform(0, 1)), 3)]
            page["desk"] = [int(v) for v in rng.integers(40, 120, 3)]
        plan.pages.append(page)
    return plan


# ---------------------------------------------------------------- the stamp


def stamp_image(diameter: int, words: str, rng: np.random.Generator) -> Image.Image:
    """A red round seal: two rings, the unit's name around, a star in the middle; alpha = ink."""
    size = diameter + 4
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    c = size / 2
    r = diameter / 2
    ring = max(2, round(diameter * 0.025))
    draw.ellipse([c - r, c - r, c + r, c + r], outline=255, width=ring)
    inner = r * 0.72
    draw.ellipse([c - inner, c - inner, c + inner, c + inner], outline=255, width=max(1, ring // 2))
    # the star
    points = []
    for k in range(10):
        radius = inner * (0.42 if k % 2 == 0 else 0.17)
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    draw.polygon(points, fill=255)
    # the words around, letter by letter
    font = ImageFont.truetype(STAMP_FONT, max(8, round(diameter * 0.085)))
    text = words.upper()
    mid_r = (r + inner) / 2
    span = 1.75 * math.pi
    for k, ch in enumerate(text):
        angle = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(text)
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x, y = c + mid_r * math.cos(angle), c + mid_r * math.sin(angle)
        mask.paste(255, (round(x - font.size), round(y - font.size)), glyph)
    # ink is uneven: some of the seal prints faint
    arr = np.asarray(mask, dtype=np.float32) / 255.0
    arr *= rng.uniform(0.65, 1.0, size=arr.shape).astype(np.float32)
    return Image.fromarray((arr * 255).astype(np.uint8))


def _stamp_over(page: np.ndarray, stamp: Image.Image, cx: float, cy: float, colour: tuple[int, int, int]) -> None:
    """Red ink over the RGB page (float, 0-255), multiplied as ink is: black stays black."""
    alpha = np.asarray(stamp, dtype=np.float32) / 255.0
    h, w = alpha.shape
    x0, y0 = round(cx - w / 2), round(cy - h / 2)
    ys, xs = slice(max(0, y0), min(page.shape[0], y0 + h)), slice(max(0, x0), min(page.shape[1], x0 + w))
    part = alpha[ys.start - y0 : ys.stop - y0, xs.start - x0 : xs.stop - x0][..., None]
    tint = np.array(colour, dtype=np.float32) / 255.0
    page[ys, xs] *= (1 - part) + part * tint


def stamp_places(pdf, truth: dict, dpi: int, rng: np.random.Generator) -> dict[int, list[tuple[float, float]]]:
    """Page index → stamp centres (pixels at `dpi`): over the signer's name (or title), and over a few table
    rows' unit and value cells."""
    scale = dpi / 72
    places: dict[int, list[tuple[float, float]]] = {}

    def find(text: str) -> Optional[tuple[int, tuple[float, float, float, float]]]:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            hit = textpage.search(text).get_next() if text else None
            if hit:
                first, count = hit
                l0, b0, r0, t0 = textpage.get_charbox(first)
                l1, b1, r1, t1 = textpage.get_charbox(first + count - 1)
                height = page.get_height()
                return index, (min(l0, l1) * scale, (height - max(t0, t1)) * scale, max(r0, r1) * scale,
                               (height - min(b0, b1)) * scale)
        return None

    report = truth.get("report", {})
    signature = find(report.get("signer") or "") or find((report.get("signer_title") or "").upper())
    if signature:
        index, (x0, y0, x1, y1) = signature
        # the seal is pressed over the left part of the signature, above the name
        places.setdefault(index, []).append(((x0 + x1) / 2 - 0.25 * (x1 - x0), y0 - 0.35 * dpi))
    rows = [r for r in truth["rows"] if r.get("value_raw") and len(r.get("indicator") or "") >= 12]
    n_cells = int(rng.integers(STAMP_CELLS[0], STAMP_CELLS[1] + 1))
    for k in rng.permutation(len(rows))[: 3 * n_cells]:
        if sum(len(v) for v in places.values()) > n_cells:
            break
        hit = find(" ".join(rows[k]["indicator"].split()[:3]))
        if hit:
            index, (x0, y0, x1, y1) = hit
            width = pdf[index].get_width() * scale
            places.setdefault(index, []).append((float(rng.uniform(0.55, 0.8)) * width, (y0 + y1) / 2))
    return places


# ---------------------------------------------------------------- one page


def _rotate(arr: np.ndarray, degrees: float, fill: float) -> np.ndarray:
    """The sheet turned on the glass (counter-clockwise for positive degrees)."""
    if arr.ndim == 2:
        image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        return np.asarray(image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=int(fill)),
                          dtype=np.float32)
    image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    turned = image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=(int(fill),) * 3)
    return np.asarray(turned, dtype=np.float32)


def _shade(shape: tuple[int, int], amount: float, side: int) -> np.ndarray:
    h, w = shape
    ramp = np.linspace(0, amount, w if side < 2 else h, dtype=np.float32)
    ramp = ramp if side % 2 == 0 else ramp[::-1]
    return ramp[None, :] if side < 2 else ramp[:, None]


def _dust(arr: np.ndarray, n: int, rng: np.random.Generator) -> None:
    h, w = arr.shape[:2]
    ys, xs = rng.integers(0, h - 3, n), rng.integers(0, w - 3, n)
    for y, x, s, level in zip(ys, xs, rng.integers(1, 4, n), rng.uniform(40, 140, n)):
        arr[y : y + s, x : x + s] = np.minimum(arr[y : y + s, x : x + s], level)


def photograph(page: np.ndarray, params: dict, rng: np.random.Generator) -> np.ndarray:
    """The RGB page (float) on a desk, seen from a slight angle, under light that falls off to one side."""
    h, w = page.shape[:2]
    margin = params["margin"]
    out_w, out_h = round(w * (1 + 2 * margin)), round(h * (1 + 2 * margin))
    mx, my = w * margin, h * margin
    square = [(mx, my), (mx + w, my), (mx + w, my + h), (mx, my + h)]
    inward = [(1, 1), (-1, 1), (-1, -1), (1, -1)]
    seen = [(x + sx * dx * w, y + sy * dy * h)
            for (x, y), (sx, sy), (dx, dy) in zip(square, inward, params["corners"])]
    coeffs = perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], seen)
    image = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "RGB")
    warped = image.transform((out_w, out_h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                             fillcolor=(1, 2, 3))
    arr = np.asarray(warped, dtype=np.float32).copy()
    outside = np.all(arr == np.array([1, 2, 3], dtype=np.float32), axis=2)
    desk = np.array(params["desk"], dtype=np.float32) + rng.normal(0, 6, size=arr.shape).astype(np.float32)
    arr[outside] = desk[outside]
    # light: full at one point, falling to `light_low` at the farthest corner
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    lx, ly = params["light_at"][0] * out_w, params["light_at"][1] * out_h
    distance = np.hypot(xx - lx, yy - ly)
    light = 1 - (1 - params["light_low"]) * (distance / distance.max()) ** 1.5
    return arr * light[..., None]


def scan_page(rendered: Image.Image, plan: Plan, index: int, stamps: list[tuple[float, float]],
              stamp_words: str, rng: np.random.Generator) -> Image.Image:
    params = plan.pages[index]
    colour = plan.kind in ("stamp", "photo")
    arr = np.asarray(rendered.convert("RGB" if colour else "L"), dtype=np.float32).copy()
    for cx, cy in stamps:
        diameter = round(float(rng.uniform(*STAMP_DIAMETER_MM)) / 25.4 * plan.dpi)
        red = (int(rng.integers(190, 235)), int(rng.integers(20, 70)), int(rng.integers(30, 80)))
        _stamp_over(arr, stamp_image(diameter, stamp_words, rng), cx, cy, red)
    # toner and paper are no pure black and white
    arr = plan.toner + arr / 255.0 * (plan.paper - plan.toner)
    if colour:
        arr *= np.array([1.0, 0.985, 0.95], dtype=np.float32)  # paper a little yellow
    arr = _rotate(arr, params["tilt_deg"], plan.paper)
    if plan.kind == "photo":
        arr = photograph(arr, params, rng)
    else:
        shade = _shade(arr.shape[:2], params["shade"], params["shade_side"])
        arr = arr - (shade[..., None] if colour else shade)
    _dust(arr, params["specks"], rng)
    arr += rng.normal(0, plan.noise, arr.shape).astype(np.float32)
    image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB" if colour else "L")
    image = image.filter(ImageFilter.GaussianBlur(plan.blur_px))
    if plan.kind == "fax":
        threshold = plan.fax_threshold
        image = image.point(lambda v: 255 if v > threshold else 0).convert("1")
    return image


# ---------------------------------------------------------------- one document


def scan_document(source: Path, out: Path, dpi: Optional[int] = None, kind: Optional[str] = None) -> dict:
    import pypdfium2 as pdfium

    layout = json.loads((source / "layout.json").read_text(encoding="utf-8"))
    truth = json.loads((source / "truth.json").read_text(encoding="utf-8"))
    doc_id = source.name
    pdf = pdfium.PdfDocument(str(source / "report.pdf"))
    try:
        plan = plan_for(doc_id, int(layout["seed"]), len(pdf), dpi, kind)
        rng = np.random.default_rng(_seed(f"{doc_id}:pages"))
        places = stamp_places(pdf, truth, plan.dpi, rng) if plan.stamped else {}
        report = truth.get("report", {})
        words = f"ủy ban nhân dân {report.get('unit_level') or 'xã'} {report.get('unit_name') or ''} * "
        images = []
        for index in range(len(pdf)):
            rendered = pdf[index].render(scale=plan.dpi / 72, grayscale=plan.kind in ("gray", "fax")).to_pil()
            images.append(scan_page(rendered, plan, index, places.get(index, []), words, rng))
            plan.pages[index]["stamps"] = [[round(x), round(y)] for x, y in places.get(index, [])]
    finally:
        pdf.close()
    target = out / doc_id
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("scan.*"):
        old.unlink()
    name = f"scan.{plan.container}"
    if plan.container == "tif":
        images[0].save(target / name, save_all=True, append_images=images[1:], compression="group4",
                       dpi=(plan.dpi, plan.dpi))
    else:
        stamp = time.gmtime(1709856000)  # fixed: a rebuild is byte-stable
        images[0].save(target / name, "PDF", save_all=True, append_images=images[1:], resolution=plan.dpi,
                       quality=plan.jpeg_quality, creationDate=stamp, modDate=stamp)
    record = asdict(plan)
    record.update(source=f"{source.parent.name}/{doc_id}/report.pdf", file=name,
                  layout_class=layout["layout_class"])
    (target / "scan.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    truth["source_file"] = f"{out.name}/{doc_id}/{name}"
    truth["scan"] = {k: record[k] for k in ("dpi", "kind", "stamped", "jpeg_quality")}
    (target / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(source / "layout.json", target / "layout.json")
    return {"id": doc_id, "layout_class": layout["layout_class"], "dpi": plan.dpi, "kind": plan.kind,
            "stamped": plan.stamped, "pages": len(images), "container": plan.container,
            "jpeg_quality": plan.jpeg_quality}


def _job(args: tuple) -> dict:
    return scan_document(*args)


def scan_split(space: Path, out: Path, split: str, jobs: int, only: Optional[list[str]] = None,
               dpi: Optional[int] = None, kind: Optional[str] = None) -> None:
    start = time.time()
    sources = sorted(p for p in (space / split).iterdir() if (p / "report.pdf").exists())
    if only:
        sources = [p for p in sources if p.name in only]
    (out / split).mkdir(parents=True, exist_ok=True)
    tasks = [(p, out / split, dpi, kind) for p in sources]
    if jobs > 1:
        with Pool(jobs) as pool:
            rows = list(pool.imap(_job, tasks))
    else:
        rows = [_job(t) for t in tasks]
    index = out / split / "index.csv"
    known = {}
    if only and index.exists():
        with open(index, encoding="utf-8") as handle:
            known = {r["id"]: r for r in csv.DictReader(handle)}
    known.update({r["id"]: r for r in rows})
    with open(index, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_FIELDS)
        writer.writeheader()
        writer.writerows(known[k] for k in sorted(known))
    print(f"{len(rows)} documents scanned into {out / split} in {time.time() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--space", type=Path, default=Path("/work/space"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", nargs="*", help="these document ids only")
    parser.add_argument("--dpi", type=int, choices=DPIS, help="every document at this resolution (else by seed)")
    parser.add_argument("--kind", choices=KINDS, help="every document of this kind (else by seed)")
    args = parser.parse_args()
    scan_split(args.space, args.out, args.split, args.jobs, args.only, args.dpi, args.kind)


if __name__ == "__main__":
    sys.exit(main())

"""A scanned page made ready for OCR: grayscale at a known resolution, straightened, binarised.

Resolution: Tesseract reads best when the x-height of the text is about 20-30 px. These reports are printed in
12-14 pt Times (x-height ≈ 0.45 em ≈ 5.4-6.3 pt), which is 23-26 px at 300 dpi but only 15-18 px at 200 dpi.
So every page is brought to 300 dpi: PDF pages are rendered at 300 dpi, images are resampled to it (a 200 dpi
scan is upsampled, a 600 dpi one halved, which also makes OCR 4x cheaper)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

OCR_DPI = 300
A4_SHORT_SIDE_IN = 8.27  # the reports are A4; an image without a usable dpi is taken to be an A4 page
TEXT_FRACTION = 0.45  # see text_threshold


@dataclass
class CleanPage:
    gray: np.ndarray  # uint8, deskewed, at OCR_DPI
    ink: np.ndarray  # bool, True where the page is printed (after deskew), Otsu: for ruling lines
    text_ink: np.ndarray  # bool, thinner strokes, despeckled: what Tesseract reads
    angle: float  # degrees the scan was rotated by (counter-clockwise); the page was turned back by it
    scale: float  # points per pixel: word boxes in points, like a PDF's text layer


def to_gray(image: Image.Image) -> Image.Image:
    """Any PIL mode → 8-bit grayscale; transparency is composited over white paper."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(image, dtype=np.float64)
        top = arr.max() or 1.0
        return Image.fromarray((arr * (255.0 / top)).astype(np.uint8))
    return image.convert("L")


def image_dpi(image: Image.Image) -> float:
    """The scan's resolution: from the file when it is plausible, else from the page size (A4)."""
    dpi = image.info.get("dpi")
    short = min(image.size)
    by_size = short / A4_SHORT_SIDE_IN
    if dpi:
        value = float(dpi[0] if isinstance(dpi, tuple) else dpi)
        # many scanners write 72 or 96 whatever they scanned at; trust the file only when it agrees with A4
        if 100 <= value <= 1200 and 0.6 <= by_size / value <= 1.6:
            return value
    return by_size


# The page-size sanity rule: a report page is at most A3 (11.7 × 16.5 in) and its scan at least 75 dpi. Beyond
# either, what the file holds is no page to read (a strip of pixels, a poster), and bringing it to OCR_DPI would
# multiply its pixels without bound (a 16 × 2000 px strip taken for A4 is 1.9 dpi: ×155 each way).
MAX_PAGE_IN = (12.0, 17.0)  # short side, long side, inches
MIN_SCAN_DPI = 75.0


def check_page(width_px: float, height_px: float, dpi: float, what: str) -> None:
    """Raise ExtractionError when a page of this many pixels at this resolution is no report page."""
    from baocao.extract.base import ExtractionError

    short, long = sorted((width_px / dpi, height_px / dpi))
    if dpi < MIN_SCAN_DPI or short > MAX_PAGE_IN[0] or long > MAX_PAGE_IN[1]:
        raise ExtractionError(
            f"{what} is not a page to read: {width_px:.0f} × {height_px:.0f} px at {dpi:.0f} dpi is "
            f"{short:.1f} × {long:.1f} in (a page is at most {MAX_PAGE_IN[0]:g} × {MAX_PAGE_IN[1]:g} in, "
            f"scanned at {MIN_SCAN_DPI:g} dpi or more)")


def at_ocr_dpi(image: Image.Image, dpi: float) -> Image.Image:
    if abs(dpi - OCR_DPI) / OCR_DPI < 0.08:
        return image
    factor = OCR_DPI / dpi
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC)


def otsu_threshold(gray: np.ndarray, hist: "np.ndarray | None" = None) -> int:
    """The gray level that best splits the histogram into two classes (ink, paper)."""
    if hist is None:
        hist = np.bincount(gray.ravel(), minlength=256)
    hist = hist.astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    weight0 = np.cumsum(hist)
    weight1 = total - weight0
    sum0 = np.cumsum(hist * levels)
    mean0 = np.divide(sum0, weight0, out=np.zeros(256), where=weight0 > 0)
    mean1 = np.divide(sum0[-1] - sum0, weight1, out=np.zeros(256), where=weight1 > 0)
    between = weight0 * weight1 * (mean0 - mean1) ** 2
    return int(np.argmax(between))


def _quantile(hist: np.ndarray, lo: int, hi: int, q: float) -> float:
    """The q-quantile of the gray levels lo..hi (inclusive) from the page's histogram."""
    part = hist[lo : hi + 1]
    total = part.sum()
    if not total:
        return float(lo)
    return float(lo + np.searchsorted(np.cumsum(part), q * total))


@dataclass
class Levels:
    """The page's gray levels, from one histogram: Otsu's split, the ink's and the paper's level."""

    otsu: int
    ink: float  # 10th percentile of the dark class: solid ink, not the blurred edges
    paper: float  # median of the light class
    ink_median: float
    n_dark: int

    @classmethod
    def of(cls, gray: np.ndarray) -> "Levels":
        hist = np.bincount(gray.ravel(), minlength=256)
        otsu = otsu_threshold(gray, hist)
        return cls(otsu=otsu, ink=_quantile(hist, 0, otsu, 0.1), paper=_quantile(hist, otsu + 1, 255, 0.5),
                   ink_median=_quantile(hist, 0, otsu, 0.5), n_dark=int(hist[: otsu + 1].sum()))

    @property
    def blank(self) -> bool:
        # a page of paper only: Otsu still splits the noise in two; real ink is far darker than the paper
        return self.n_dark == 0 or self.paper - self.ink_median < 40


def binarise(gray: np.ndarray, levels: "Levels | None" = None) -> np.ndarray:
    """Ink mask. Otsu on the page; a blank page (no real second class) gives no ink."""
    levels = levels or Levels.of(gray)
    if levels.blank:
        return np.zeros(gray.shape, dtype=bool)
    return gray <= levels.otsu


def _box_sum(mask: np.ndarray, radius: int) -> np.ndarray:
    """Count of ink in the (2r+1)² square around each pixel (outside the page counts as paper)."""
    k = 2 * radius + 1
    padded = np.zeros((mask.shape[0] + k, mask.shape[1] + k), dtype=np.int32)
    padded[radius + 1 : radius + 1 + mask.shape[0], radius + 1 : radius + 1 + mask.shape[1]] = mask
    np.cumsum(padded, axis=0, out=padded)
    rows = padded[k:, :] - padded[:-k, :]
    np.cumsum(rows, axis=1, out=rows)
    return rows[:, k:] - rows[:, :-k]


def despeckle(ink: np.ndarray, core: int = 3, reach: int = 12) -> np.ndarray:
    """Drop dust: ink blobs of at most ~(2·core+1) px with no other ink within `reach` px (at 300 dpi).

    Tesseract reads dust as `.`, `'`, `-`, `¬`, and a dash before an indicator makes a wrong row. A Vietnamese
    diacritic or a full stop is as small, but it sits within a few pixels of its letter, so it stays."""
    near = _box_sum(ink, core)
    around = _box_sum(ink, reach)
    return ink & (around > near)


def text_threshold(levels: Levels, fraction: float = TEXT_FRACTION) -> int:
    """A threshold near the dark end, for the letters Tesseract reads.

    A scanner's blur spreads every stroke; Otsu cuts the spread wide, so the small hook of a hỏi mark above a
    vowel melts into it and is read as a sắc (`Tổng` → `Tống`, `kiểm` → `kiếm`). Cutting at `fraction` of the
    way from the ink's level to the paper's keeps strokes thinner and marks apart. Measured on the ruled sample
    scan: hỏi/sắc confusions in 14 of 24 words at Otsu, 1 of 23 at 0.3, but 0.3 breaks thin strokes elsewhere
    (cell F1 0.68 at 0.3, 0.79 at 0.45, 0.80 at Otsu; values right 21, 35, 26 of 55): 0.45 is the balance."""
    return int(min(levels.otsu, levels.ink + fraction * (levels.paper - levels.ink)))


def estimate_skew(ink: np.ndarray, max_angle: float = 3.0, max_points: int = 200_000) -> float:
    """The angle (degrees, counter-clockwise) the page content is rotated by, by projection profiles.

    Text lines and ruling lines make the horizontal projection of the ink spiky when the page is straight; for
    each candidate angle the ink is sheared back and the spikiness (sum of squared bin counts) scored. A coarse
    pass over ±max_angle, then a fine pass around the best."""
    ys, xs = np.nonzero(ink)
    if len(ys) < 50:
        return 0.0
    if len(ys) > max_points:
        pick = np.random.default_rng(0).choice(len(ys), max_points, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()
    bin_px = 2.0

    def score(angle: float) -> float:
        # content turned counter-clockwise by `angle`: a text line's y falls by x·tan(angle) to the right
        projected = ys + xs * np.tan(np.radians(angle))
        bins = np.bincount(((projected - projected.min()) / bin_px).astype(np.int64))
        return float(np.dot(bins, bins))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.25)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.025)
    return float(max(fine, key=score))


def clean_page(image: Image.Image, dpi: float) -> CleanPage:
    """Grayscale at OCR_DPI, deskewed, binarised."""
    image = to_gray(image)
    image = at_ocr_dpi(image, dpi)
    gray = np.asarray(image)
    levels = Levels.of(gray)
    ink = binarise(gray, levels)
    angle = estimate_skew(ink)
    if abs(angle) >= 0.05:
        # turn back (bilinear: at 300 dpi as good for OCR as bicubic, at half the cost); the corners are paper;
        # the histogram hardly changes, so the levels stay
        image = image.rotate(-angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        gray = np.asarray(image)
        ink = binarise(gray, levels)
    text_ink = np.zeros_like(ink)
    if ink.any():
        text_ink = despeckle(gray <= text_threshold(levels))
    return CleanPage(gray=gray, ink=ink, text_ink=text_ink, angle=angle, scale=72.0 / OCR_DPI)

"""A scanned page made ready for OCR: grayscale at a known resolution, straightened, binarised.

Before that, what a scanner or a phone adds that is no text goes: a red seal pressed over the signature or the
table (read through its red, as a scanner's red drop-out does), the desk around a photographed page and the
angle it was seen from (the page's four corners are brought back to a rectangle), and light that falls off
across a photo (the paper's own level, measured block by block, is divided out).

Resolution: Tesseract reads best when the x-height of the text is about 20-30 px. These reports are printed in
12-14 pt Times (x-height ≈ 0.45 em ≈ 5.4-6.3 pt), which is 23-26 px at 300 dpi but only 15-18 px at 200 dpi.
So every page is brought to 300 dpi: PDF pages are rendered at 300 dpi, images are resampled to it (a 200 dpi
scan is upsampled, a 600 dpi one halved, which also makes OCR 4x cheaper)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from PIL import Image

OCR_DPI = 300
A4_SHORT_SIDE_IN = 8.27  # the reports are A4; an image without a usable dpi is taken to be an A4 page
TEXT_FRACTION = 0.45  # see text_threshold
RED_MARGIN = 40  # gray levels the red channel must exceed green and blue by for a pixel to be a seal's red ink
PAPER_BLOCK_PX = 64  # paper level is measured over blocks this large (at the scan's resolution)…
PAPER_REDUCE = 4  # …on a copy averaged over this many pixels square
UNEVEN_LIGHT = 30  # …and divided out when the paper's levels differ by more than this (gray levels)
PAPER_LEVEL = 235.0  # the paper's gray level once the light is evened out
# a page of a few lines (the recipients, a signature): Otsu splits the paper's own grain, and the text is the few
# pixels this many gray levels darker than the paper, when there are at least so many (a word or two at 300 dpi)
SPARSE_INK_CONTRAST = 60
SPARSE_INK_MIN_PX = 1000
MIN_SKEW = 0.05  # degrees: a page tilted less is read as it is
DESK_CONTRAST = 50  # gray levels a desk around a photographed page is darker than the page, at least (a lamp's
# unevenness over one sheet is 20 at most)
MIN_PAGE_SHARE = 0.4  # a photographed page covers at least this share of the photo…
MAX_PAGE_SHARE = 0.97  # …and leaves desk around it (less than this share): else nothing is cut


@dataclass
class CleanPage:
    gray: np.ndarray  # uint8, deskewed, at OCR_DPI
    ink: np.ndarray  # bool, True where the page is printed (after deskew), Otsu: for ruling lines
    text_ink: np.ndarray  # bool, thinner strokes, despeckled: what Tesseract reads
    angle: float  # degrees the scan was rotated by (counter-clockwise); the page was turned back by it
    scale: float  # points per pixel: word boxes in points, like a PDF's text layer


def to_gray(image: Image.Image) -> Image.Image:
    """Any PIL mode → 8-bit grayscale; transparency is composited over white paper; a red seal's ink is read
    through its red channel, where it is as light as paper (black print under it stays black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(image, dtype=np.float64)
        top = arr.max() or 1.0
        return Image.fromarray((arr * (255.0 / top)).astype(np.uint8))
    if image.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return _red_dropout(image.convert("RGB"))
    return image.convert("L")


def _red_dropout(image: Image.Image) -> Image.Image:
    gray = image.convert("L")
    rgb = np.asarray(image)
    red = rgb[..., 0].astype(np.int16)
    seal = red - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16) > RED_MARGIN
    if not seal.any():
        return gray
    arr = np.asarray(gray).copy()
    arr[seal] = rgb[..., 0][seal]
    return Image.fromarray(arr)


def unwarp(gray: Image.Image) -> tuple[Image.Image, Optional[list[tuple[float, float]]]]:
    """A photographed page cut from the desk around it and seen square again: the paper's four corners (found
    on a small copy where the paper is the large bright region) are mapped back to a rectangle. A scan, whose
    paper fills the image, comes back as it was (corners None)."""
    small_side = 400
    factor = max(gray.size) / small_side
    small = np.asarray(gray.resize((max(1, round(gray.width / factor)), max(1, round(gray.height / factor))),
                                   Image.Resampling.BOX), dtype=np.int16)
    paper = small > otsu_threshold(small.astype(np.uint8))
    if paper.all() or not paper.any() or small[paper].mean() - small[~paper].mean() < DESK_CONTRAST:
        return gray, None  # no desk: the bright and the dark part are paper (a sparse page under an uneven lamp)
    # the paper is the bright region that holds the image's middle; its print inside is filled over by rows
    rows = np.nonzero(paper.any(axis=1))[0]
    cols = np.nonzero(paper.any(axis=0))[0]
    if len(rows) < 2 or len(cols) < 2:
        return gray, None
    filled = _filled(paper)
    share = filled.mean()
    if not MIN_PAGE_SHARE <= share <= MAX_PAGE_SHARE or _touches_all_sides(filled):
        return gray, None
    ys, xs = np.nonzero(filled)
    corners = []
    for sx, sy in ((1, 1), (-1, 1), (-1, -1), (1, -1)):  # top-left, top-right, bottom-right, bottom-left
        k = int(np.argmin(sx * xs + sy * ys))
        corners.append(((xs[k] + 0.5) * factor, (ys[k] + 0.5) * factor))
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    width = round((np.hypot(x1 - x0, y1 - y0) + np.hypot(x2 - x3, y2 - y3)) / 2)
    height = round((np.hypot(x3 - x0, y3 - y0) + np.hypot(x2 - x1, y2 - y1)) / 2)
    if width < small_side or height < small_side:
        return gray, None
    coeffs = perspective_coeffs(corners, [(0, 0), (width, 0), (width, height), (0, height)])
    return gray.transform((width, height), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR,
                          fillcolor=255), corners


def _filled(mask: np.ndarray) -> np.ndarray:
    """The bright region with its print filled over: what lies between its first and last bright pixel both
    along its row and along its column (the page, without the desk)."""
    both = np.ones_like(mask)
    for m, out in ((mask, both), (mask.T, both.T)):
        any_ = m.any(axis=1)
        first = np.where(any_, m.argmax(axis=1), m.shape[1])
        last = np.where(any_, m.shape[1] - 1 - m[:, ::-1].argmax(axis=1), -1)
        idx = np.arange(m.shape[1])[None, :]
        out &= (idx >= first[:, None]) & (idx <= last[:, None])
    return both


def _touches_all_sides(filled: np.ndarray) -> bool:
    """Paper up to every edge of the image: a scan (perhaps dark in a corner), not a page on a desk."""
    return bool(filled[0].mean() > 0.9 and filled[-1].mean() > 0.9 and filled[:, 0].mean() > 0.9
                and filled[:, -1].mean() > 0.9)


def perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """PIL's PERSPECTIVE coefficients: for each output point of `dst`, the input point of `src`."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return list(np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64)))


def even_light(gray: Image.Image) -> Image.Image:
    """Light that falls off across the page (a photo, a lamp at one side) divided out: the paper's level is the
    brightest of each block (on a copy averaged over 4×4 pixels, so noise does not count), smoothed; where it
    varies little (a scanner's lamp) the page is left as it is."""
    small = np.asarray(gray.reduce(PAPER_REDUCE), dtype=np.float32)
    b = PAPER_BLOCK_PX // PAPER_REDUCE
    nh, nw = max(1, small.shape[0] // b), max(1, small.shape[1] // b)
    level = small[: nh * b, : nw * b].reshape(nh, b, nw, b).max(axis=(1, 3))
    # a block of solid print (a black bar) says nothing of its paper: its neighbours speak for it
    padded = np.pad(level, 1, mode="edge")
    around = np.max([padded[dy : dy + nh, dx : dx + nw] for dy in range(3) for dx in range(3)], axis=0)
    level = np.maximum(level, around - UNEVEN_LIGHT)
    padded = np.pad(level, 1, mode="edge")
    level = np.mean([padded[dy : dy + nh, dx : dx + nw] for dy in range(3) for dx in range(3)], axis=0)
    if np.percentile(level, 95) - np.percentile(level, 5) <= UNEVEN_LIGHT:
        return gray
    paper = np.asarray(Image.fromarray(level.astype(np.float32), "F").resize(gray.size, Image.Resampling.BILINEAR))
    flat = np.clip(np.asarray(gray, dtype=np.float32) * (PAPER_LEVEL / np.maximum(paper, 1.0)), 0, 255)
    return Image.fromarray(flat.astype(np.uint8))


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
        hist = _histogram(gray)
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


def _histogram(gray: np.ndarray) -> np.ndarray:
    """Pixels per gray level (PIL counts a page's in a tenth of the time `np.bincount` takes)."""
    return np.asarray(Image.fromarray(gray).histogram(), dtype=np.int64)


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
        hist = _histogram(gray)
        otsu = otsu_threshold(gray, hist)
        levels = cls(otsu=otsu, ink=_quantile(hist, 0, otsu, 0.1), paper=_quantile(hist, otsu + 1, 255, 0.5),
                     ink_median=_quantile(hist, 0, otsu, 0.5), n_dark=int(hist[: otsu + 1].sum()))
        if not levels.blank:
            return levels
        paper = _quantile(hist, 0, 255, 0.5)
        darkest = int(paper) - SPARSE_INK_CONTRAST
        n_dark = int(hist[: darkest + 1].sum()) if darkest >= 0 else 0
        if n_dark < SPARSE_INK_MIN_PX:
            return levels  # paper only
        ink_median = _quantile(hist, 0, darkest, 0.5)
        return cls(otsu=int((paper + ink_median) / 2), ink=_quantile(hist, 0, darkest, 0.1), paper=paper,
                   ink_median=ink_median, n_dark=n_dark)

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
    """Count of ink in the (2r+1)² square around each pixel (outside the page counts as paper).

    In 8 or 16 bits: the running sums wrap round, but a box's count, a difference of two of them, is right
    modulo 2⁸ or 2¹⁶ while it stays below (k² < 256 or 65536), at a quarter or half the memory traffic of 32 bits
    (a page's two sums in 0.17 s of CPU instead of 0.38)."""
    k = 2 * radius + 1
    dtype = np.uint8 if k * k < 256 else np.uint16
    padded = np.zeros((mask.shape[0] + k, mask.shape[1] + k), dtype=dtype)
    padded[radius + 1 : radius + 1 + mask.shape[0], radius + 1 : radius + 1 + mask.shape[1]] = mask
    np.cumsum(padded, axis=0, out=padded)
    rows = padded[k:, :] - padded[:-k, :]
    np.cumsum(rows, axis=1, out=rows)
    return rows[:, k:] - rows[:, :-k]


def ink_box(ink: np.ndarray, box: tuple[int, int, int, int], min_ink: int
            ) -> Optional[tuple[int, int, int, int]]:
    """The box (x0, y0, x1, y1, pixels) tight round the ink inside `box`; None where it holds less than `min_ink`
    pixels of ink (or is empty)."""
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return None
    part = ink[y0:y1, x0:x1]
    if part.sum() < min_ink:
        return None
    rows = np.nonzero(part.any(axis=1))[0]
    cols = np.nonzero(part.any(axis=0))[0]
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1


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
    """Grayscale at OCR_DPI, cut from the desk and evened out if photographed, deskewed, binarised."""
    image = flattened(image, dpi)
    gray = np.asarray(image)
    levels = Levels.of(gray)
    ink = binarise(gray, levels)
    angle = estimate_skew(ink)
    if abs(angle) >= MIN_SKEW:
        # the histogram hardly changes, so the levels stay
        image = straight(image, angle)
        gray = np.asarray(image)
        ink = binarise(gray, levels)
    text_ink = np.zeros_like(ink)
    if ink.any():
        text_ink = despeckle(gray <= text_threshold(levels))
    return CleanPage(gray=gray, ink=ink, text_ink=text_ink, angle=angle, scale=72.0 / OCR_DPI)


def flattened(image: Image.Image, dpi: float) -> Image.Image:
    """Grayscale at OCR_DPI, cut from the desk and evened out if photographed: the page before it is deskewed."""
    image = to_gray(image)
    image, corners = unwarp(image)
    if corners is not None:  # the page cut from a photo: its resolution is the page's (A4), not the photo's
        dpi = min(image.size) / A4_SHORT_SIDE_IN
    return at_ocr_dpi(even_light(image), dpi)


def straight(image: Image.Image, angle: float) -> Image.Image:
    """The page turned back by `angle` about its centre (bilinear: at 300 dpi as good for OCR as bicubic, at half
    the cost); the corners are paper."""
    return image.rotate(-angle, resample=Image.Resampling.BILINEAR, fillcolor=255)


def straight_cut(image: Image.Image, angle: float, box: tuple[int, int, int, int]) -> np.ndarray:
    """The pixels `box` covers on the page turned back by `angle` (as `straight` turns it), computed for the box
    alone: the same affine map PIL's `rotate` applies about the page's centre, shifted to the box."""
    x0, y0, x1, y1 = box
    if abs(angle) < MIN_SKEW:
        return np.asarray(image.crop(box))
    a = np.radians(angle)
    cos, sin = round(float(np.cos(a)), 15), round(float(np.sin(a)), 15)
    cx, cy = image.width / 2.0, image.height / 2.0
    # each pixel (x, y) of the turned page is sampled at (cos x + sin y + c, -sin x + cos y + f) of the page
    c, f = cx - cos * cx - sin * cy, cy + sin * cx - cos * cy
    cut = image.transform((x1 - x0, y1 - y0), Image.Transform.AFFINE,
                          (cos, sin, cos * x0 + sin * y0 + c, -sin, cos, -sin * x0 + cos * y0 + f),
                          Image.Resampling.BILINEAR, fillcolor=255)
    return np.asarray(cut)

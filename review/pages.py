"""Page images for the review site: a PDF's pages rendered (pypdfium2), a scan's own frames, at a modest
resolution so a batch of hundreds of reports stays light. Row boxes are in PDF points on their page; each image
is returned with its page's size in points, so a box is placed as a fraction of the page whatever the pixels."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from PIL import Image, ImageOps

PAGE_DPI = 100  # enough to read a table's figures on screen; ~100 KB a page as JPEG
JPEG_QUALITY = 70
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
POINTS_PER_INCH = 72.0


@dataclass
class PageImage:
    number: int  # 1-based
    file: str  # name of the written image, relative to the folder given
    width: float  # the page in points: the unit of the rows' boxes
    height: float


def render_pages(source: Path, folder: Path, prefix: str, dpi: int = PAGE_DPI) -> list[PageImage]:
    """Write one JPEG per page of a PDF or scanned image into `folder`; [] for other kinds or an unreadable file
    (the review page then shows the text alone)."""
    suffix = source.suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_pages(source, folder, prefix, dpi)
        if suffix in IMAGE_SUFFIXES:
            return _image_pages(source, folder, prefix, dpi)
    except Exception:  # a damaged or encrypted file: no images, the rows are still reviewed
        return []
    return []


def _save(image: Image.Image, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(folder / name, "JPEG", quality=JPEG_QUALITY, optimize=True)


def _pdf_pages(source: Path, folder: Path, prefix: str, dpi: int) -> list[PageImage]:
    import pypdfium2 as pdfium

    out = []
    pdf = pdfium.PdfDocument(str(source))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            image = page.render(scale=dpi / POINTS_PER_INCH).to_pil()
            name = f"{prefix}-p{index + 1}.jpg"
            _save(image, folder, name)
            out.append(PageImage(index + 1, name, width, height))
    finally:
        pdf.close()
    return out


def _image_pages(source: Path, folder: Path, prefix: str, dpi: int) -> list[PageImage]:
    """Each frame of a scan, brought to `dpi`; its size in points at the resolution the OCR read it at (the same
    rule the reader uses, so the boxes land where the words are)."""
    from baocao.extract.scan import image_dpi

    out = []
    with Image.open(source) as img:
        for index in range(getattr(img, "n_frames", 1)):
            img.seek(index)
            info = dict(img.info)
            frame = ImageOps.exif_transpose(img)
            frame.info = info
            scan_dpi = image_dpi(frame)
            width, height = frame.width / scan_dpi * POINTS_PER_INCH, frame.height / scan_dpi * POINTS_PER_INCH
            factor = dpi / scan_dpi
            small = frame.convert("L").resize((max(1, round(frame.width * factor)), max(1, round(frame.height * factor))),
                                              Image.Resampling.LANCZOS)
            name = f"{prefix}-p{index + 1}.jpg"
            _save(small, folder, name)
            out.append(PageImage(index + 1, name, width, height))
    return out


def page_size(pages: list[PageImage], number: Optional[int]) -> Optional[PageImage]:
    return next((p for p in pages if p.number == number), None)

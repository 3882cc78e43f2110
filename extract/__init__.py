"""Sources → text with positions. One extractor per input kind, chosen by suffix."""
from __future__ import annotations

from pathlib import Path

from baocao.extract.base import ExtractionError, Extractor, SourceText, sha256_file

IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SHEETS = (".xlsx", ".xlsm")
SLIDES = (".pptx",)
# read through LibreOffice (extract/office.py): old binary Office, RTF and OpenDocument
OFFICE = (".doc", ".dot", ".rtf", ".odt", ".xls", ".xlt", ".ods", ".ppt", ".pps", ".odp")
SUPPORTED = (".txt", ".pdf", ".docx", *SHEETS, *SLIDES, *OFFICE, *IMAGES)


def extractor_for(path: Path) -> Extractor:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        from baocao.extract.text import TextExtractor

        return TextExtractor()
    if suffix == ".pdf":
        from baocao.extract.pdf import PdfExtractor

        return PdfExtractor()
    if suffix == ".docx":
        from baocao.extract.docx import DocxExtractor

        return DocxExtractor()
    if suffix in SHEETS:
        from baocao.extract.sheet import SheetExtractor

        return SheetExtractor()
    if suffix in SLIDES:
        from baocao.extract.slides import SlidesExtractor

        return SlidesExtractor()
    if suffix in OFFICE:
        from baocao.extract.office import OfficeExtractor

        return OfficeExtractor()
    if suffix in IMAGES:
        from baocao.extract.ocr import OcrExtractor

        return OcrExtractor()
    raise ExtractionError(f"unsupported input type {suffix or '(no suffix)'}; supported: {', '.join(SUPPORTED)}")


def method_for(path: Path) -> str:
    """The report's `method` for a file that could not be read (the reader would have said it otherwise)."""
    suffix = path.suffix.lower()
    if suffix in OFFICE:
        return "office"
    if suffix in SHEETS:
        return "xlsx"
    if suffix in SLIDES:
        return "pptx"
    return {".txt": "text", ".pdf": "pdf_text", ".docx": "docx"}.get(suffix, "ocr")


def extract(path: Path) -> SourceText:
    return extractor_for(path).extract(path)


__all__ = ["ExtractionError", "SourceText", "SUPPORTED", "extract", "extractor_for", "method_for", "sha256_file"]

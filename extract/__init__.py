"""Sources → text with positions. One extractor per input kind, chosen by suffix."""
from __future__ import annotations

from pathlib import Path

from baocao.extract.base import ExtractionError, Extractor, SourceText, sha256_file, to_document
from baocao.schemas.document import Document

SUPPORTED = (".txt", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


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
    if suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        from baocao.extract.ocr import OcrExtractor

        return OcrExtractor()
    raise ExtractionError(f"unsupported input type {suffix or '(no suffix)'}; supported: {', '.join(SUPPORTED)}")


def extract(path: Path) -> Document:
    """The source as the one document model (readers that still give `SourceText` are bridged)."""
    result = extractor_for(path).extract(path)
    return result if isinstance(result, Document) else to_document(result)


__all__ = ["ExtractionError", "SourceText", "SUPPORTED", "extract", "extractor_for", "sha256_file"]

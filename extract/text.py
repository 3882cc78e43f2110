"""`.txt` input: text someone already pulled out of a PDF or OCR, in UTF-8 or a legacy Vietnamese encoding."""
from __future__ import annotations

from pathlib import Path

from baocao.extract.base import ExtractionError, SourceText, TextLine
from baocao.normalize.encoding import decode_bytes


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding found), by evidence in the bytes (normalize/encoding.py)."""
    try:
        return decode_bytes(data)
    except ValueError as exc:
        raise ExtractionError(str(exc)) from exc


class TextExtractor:
    suffixes = (".txt",)

    def extract(self, path: Path) -> SourceText:
        data = path.read_bytes()
        if not data.strip():
            raise ExtractionError("empty file")
        text, encoding = decode(data)
        # keep the input's lines exactly: line N of the text is line N of the file
        lines = text.split("\n")
        lines = [l[:-1] if l.endswith("\r") else l for l in lines]
        return SourceText(method="text", lines=[TextLine(l) for l in lines], encoding=encoding)

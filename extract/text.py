"""`.txt` input: text someone already pulled out of a PDF or OCR, in UTF-8 or a legacy Vietnamese encoding."""
from __future__ import annotations

from pathlib import Path

from extract.base import ExtractionError, SourceText, TextLine


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding found). Uses the repair stage's detector when present."""
    try:
        from normalize.encoding import decode_bytes
    except ImportError:
        decode_bytes = None
    if decode_bytes is not None:
        try:
            return decode_bytes(data)
        except ValueError as exc:
            raise ExtractionError(str(exc)) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ExtractionError("binary file: NUL bytes in what should be text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


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

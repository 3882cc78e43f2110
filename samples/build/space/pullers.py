"""The PDF's text as users pull it, five ways. Each returns one string for the whole document."""
from __future__ import annotations

import subprocess
from pathlib import Path


def pdfplumber_plain(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def pdfplumber_layout(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text(layout=True) or "" for page in doc.pages)


def pdftotext_layout(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, timeout=120)
    return done.stdout.decode("utf-8")


def pymupdf(pdf: Path) -> str:
    import pymupdf as fitz_module

    with fitz_module.open(pdf) as doc:
        return "".join(page.get_text() for page in doc)


def pypdfium2(pdf: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        parts = []
        for page in doc:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        doc.close()


PULLERS = {
    "pdfplumber": pdfplumber_plain,
    "pdfplumber_layout": pdfplumber_layout,
    "pdftotext_layout": pdftotext_layout,
    "pymupdf": pymupdf,
    "pypdfium2": pypdfium2,
}


def pull_all(pdf: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, pull in PULLERS.items():
        (out_dir / f"{name}.txt").write_text(pull(pdf), encoding="utf-8")

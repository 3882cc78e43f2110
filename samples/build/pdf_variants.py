"""Rendering the DOCX to PDF and the PDF variants: pages of the rows, fonts re-emitted, ToUnicode entries dropped."""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Optional

from report_docx import printed_value

def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to render PDFs: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx_path)], check=True, capture_output=True, timeout=300)
    return out_dir / (docx_path.stem + ".pdf")


def _pdf_pages(pdf_path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        return len(pdf.pages)


def set_page_count(docx_path: Path, out: Path, pages: Optional[int]) -> None:
    """Copy the DOCX with its recorded page count set (removed when unknown: python-docx's template says 1)."""
    import zipfile

    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                text = data.decode("utf-8")
                if pages is None:
                    text = re.sub(r"\s*<Pages>\d*</Pages>", "", text)
                elif re.search(r"<Pages>\d*</Pages>", text):
                    text = re.sub(r"<Pages>\d*</Pages>", f"<Pages>{pages}</Pages>", text)
                else:
                    text = text.replace("</Properties>", f"<Pages>{pages}</Pages></Properties>")
                data = text.encode("utf-8")
            stable = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))  # same bytes on a rebuild
            stable.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(stable, data)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def row_pages(pdf_path: Path, rows: list[dict]) -> list[Optional[int]]:
    """The page each row starts on, found by its STT + indicator start in the page texts, in order."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        pages = [_squeeze(page.extract_text() or "") for page in pdf.pages]
    found: list[Optional[int]] = []
    page, offset = 0, 0
    for row in rows:
        indicator = row["indicator"] if row.get("stt") != "-" else f"-{row['indicator']}"
        hit = None
        # a narrow column wraps the indicator, and the text line interleaves the other cells: shorter needles
        for size in (24, 12, 6):
            needle = _squeeze(indicator)[:size]
            for p in range(page, len(pages)):
                at = pages[p].find(needle, offset if p == page else 0)
                if at >= 0:
                    hit = (p, at)
                    break
            if hit:
                break
        if hit is None:
            found.append(None)
            continue
        page, offset = hit[0], hit[1] + 1
        found.append(page + 1)
    return found


def variant_expected(seed: dict, source_file: str, pages: Optional[list[Optional[int]]]) -> dict:
    out = copy.deepcopy(seed)
    out["source_file"] = source_file
    for k, row in enumerate(out["rows"]):
        row["value_raw"] = printed_value(row.get("value_raw"))
        row["page"] = pages[k] if pages else None
    return out


def recode_fonts(pdf_path: Path) -> None:
    pdftocairo = shutil.which("pdftocairo")
    if not pdftocairo:
        raise SystemExit("pdftocairo (poppler-utils) is needed for the lost-glyph variant")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cairo.pdf"
        subprocess.run([pdftocairo, "-pdf", str(pdf_path), str(out)], check=True, capture_output=True, timeout=300)
        shutil.copy(out, pdf_path)


def lose_glyphs(pdf_path: Path, letters: str) -> dict[str, int]:
    """Drop the ToUnicode entries of `letters` (both cases) from every font: the glyphs stay drawn but their text
    is unknown, as in PDFs whose fonts were subset without a full map. Returns how many entries went per letter."""
    import pikepdf

    targets = set(letters) | {c.upper() for c in letters}
    removed: dict[str, int] = {}
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        done = set()
        for page in pdf.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for _, font in fonts.items():
                tounicode = font.get("/ToUnicode")
                if tounicode is None or tounicode.objgen in done:
                    continue
                done.add(tounicode.objgen)
                cmap = tounicode.read_bytes().decode("latin-1")
                new, counts = _drop_cmap_entries(cmap, targets)
                for letter, n in counts.items():
                    removed[letter] = removed.get(letter, 0) + n
                tounicode.write(new.encode("latin-1"))
        pdf.save(pdf_path)
    return removed


def _utf16(hexstr: str) -> str:
    return bytes.fromhex(hexstr).decode("utf-16-be", errors="replace")


def _drop_cmap_entries(cmap: str, targets: set[str]) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}

    def fix_block(match: re.Match) -> str:
        kind, body = match.group(1), match.group(2)
        kept = []
        if kind == "bfchar":
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", body):
                char = unicodedata.normalize("NFC", _utf16(dst))
                if char in targets:
                    counts[char] = counts.get(char, 0) + 1
                    continue
                kept.append(f"<{src}> <{dst}>")
        else:  # bfrange: split a range around a dropped code
            for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", body):
                width = len(lo)
                start, end, base = int(lo, 16), int(hi, 16), int(dst, 16)
                for code in range(start, end + 1):
                    char = chr(base + code - start)
                    if unicodedata.normalize("NFC", char) in targets:
                        counts[char] = counts.get(char, 0) + 1
                        continue
                    kept.append(f"<{code:0{width}X}> <{code:0{width}X}> <{base + code - start:04X}>")
            kind = "bfrange"
        lines = []
        for k in range(0, len(kept), 100):
            chunk = kept[k:k + 100]
            lines.append(f"{len(chunk)} begin{kind}\n" + "\n".join(chunk) + f"\nend{kind}")
        return "\n".join(lines)

    new = re.sub(r"\d+\s+begin(bfchar|bfrange)(.*?)end(?:bfchar|bfrange)", fix_block, cmap, flags=re.S)
    return new, counts


def check_lost(pdf_path: Path, letters: str) -> int:
    """How many `(cid:N)` placeholders pdfplumber now reads (the glyphs whose letter was dropped)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    remaining = [c for c in letters if c in text]
    if remaining:
        raise SystemExit(f"{pdf_path.name}: letters still readable: {remaining}")
    return len(re.findall(r"\(cid:\d+\)", text))



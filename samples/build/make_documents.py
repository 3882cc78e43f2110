"""Build realistic report documents (DOCX, and PDFs rendered from them) out of a seed's hand-written expected JSON.

The expected JSON is the source of truth: every report field and every table cell printed in the document comes
from it, so the same JSON (with `source_file` and the rows' pages changed) stays the document's expected output.
Nothing here reads the pipeline.

    python3 samples/build/make_documents.py            # every variant in VARIANTS whose seed JSON exists
    python3 samples/build/make_documents.py 001_ruled  # one variant

The Word document is laid out by report_docx.py (and word_form.py for the auto-numbered form), the PDF variants
are made by pdf_variants.py. Needs python-docx, pdfplumber, pikepdf, LibreOffice (`soffice`) with a Times-compatible font
(`apt-get install libreoffice-writer-nogui fonts-liberation2`). Only needed to rebuild; the built files are checked in.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdf_variants import (  # noqa: E402
    _drop_cmap_entries, _pdf_pages, check_lost, lose_glyphs, recode_fonts, row_pages, set_page_count, to_pdf,
    variant_expected,
)
from report_docx import Layout, build_docx, printed_value, table_lines  # noqa: E402

__all__ = ["Layout", "VARIANTS", "Variant", "build", "build_docx", "printed_value", "table_lines",
           "variant_expected", "_drop_cmap_entries"]

SAMPLES = Path(__file__).resolve().parents[1]
EXPECTED = SAMPLES / "expected"


@dataclass
class Variant:
    name: str  # file stem; the expected output is samples/expected/<name>.json
    seed: str  # stem of the seed whose expected JSON is the content
    kind: str  # "docx" | "word_style" (DOCX) | "ruled" | "borderless" | "split_rows" | "lost_glyphs"
    options: dict = field(default_factory=dict)


VARIANTS = [
    Variant("001_ruled", "001_911833c78731c98a", "ruled"),
    Variant("001_borderless", "001_911833c78731c98a", "borderless"),
    Variant("002_ruled", "002_655cb6c347cb7500", "ruled"),
    Variant("003_borderless", "003_b08f386338765894", "borderless"),
    Variant("000_split_rows", "000_f615b932ca683a52", "split_rows"),
    Variant("004_lost_glyphs", "004_2dfbf661dfb4eca3", "lost_glyphs", {"letters": "ơụđ"}),
    Variant("000_report", "000_f615b932ca683a52", "docx"),
    Variant("001_report", "001_911833c78731c98a", "docx"),
    Variant("002_report", "002_655cb6c347cb7500", "docx"),
    Variant("003_report", "003_b08f386338765894", "docx"),
    Variant("004_report", "004_2dfbf661dfb4eca3", "docx"),
    Variant("004_numbered", "004_2dfbf661dfb4eca3", "word_style"),
]

LAYOUTS = {
    "docx": Layout(),
    "ruled": Layout(),
    "borderless": Layout(ruled=False),
    # narrow indicator column, large type and splittable rows: long cells run over page ends
    "split_rows": Layout(rows_can_split=True, font_size=14, table_font_size=14, indicator_cm=6.0, line_spacing=1.5,
                         header_height_cm=2.2),
    "lost_glyphs": Layout(),
    "word_style": Layout(word_style=True),
}


def build(variant: Variant, seeds: Path = EXPECTED, root: Path = SAMPLES) -> Optional[Path]:
    seed_path = seeds / f"{variant.seed}.json"
    if not seed_path.exists():
        print(f"skip {variant.name}: {seed_path.name} not written yet")
        return None
    seed = json.loads(seed_path.read_text(encoding="utf-8"))
    layout = LAYOUTS[variant.kind]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx_path = work / f"{variant.name}.docx"
        build_docx(seed, docx_path, layout)
        if variant.kind in ("docx", "word_style"):
            out = root / "docx" / docx_path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            # Word records the page count it laid out in docProps/app.xml; without LibreOffice to lay the document
            # out, the count is left out (the DOCX itself does not need the renderer)
            have_renderer = shutil.which("soffice") or shutil.which("libreoffice")
            set_page_count(docx_path, out, _pdf_pages(to_pdf(docx_path, work)) if have_renderer else None)
            pages = None
        else:
            pdf = to_pdf(docx_path, work)
            out = root / "pdf" / pdf.name
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(pdf, out)
            pages = row_pages(out, seed["rows"])
            if variant.kind == "lost_glyphs":
                # re-emitted through cairo, the letters outside Latin-1 sit in a CID (Identity-H) font: without a
                # ToUnicode entry a reader has nothing to fall back on and sees `(cid:N)`, as in the real cases
                recode_fonts(out)
                letters = variant.options.get("letters", "ơụđ")
                removed = lose_glyphs(out, letters)
                print(f"  dropped ToUnicode entries: {removed}; (cid:N) read: {check_lost(out, letters)}")
    expected = variant_expected(seed, out.name, pages)
    (root / "expected").mkdir(parents=True, exist_ok=True)
    (root / "expected" / f"{variant.name}.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    missing = sum(1 for p in (pages or []) if p is None)
    known = [p for p in pages or [] if p]
    where = f", pages {min(known)}-{max(known)}, {missing} rows without page" if known else ""
    print(f"{variant.name}: {out} ({len(seed['rows'])} rows{where})")
    return out


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="variants to build (default: all)")
    parser.add_argument("--seeds", type=Path, default=EXPECTED, help="where the seeds' expected JSONs are")
    parser.add_argument("--out", type=Path, default=SAMPLES, help="root for docx/, pdf/ and expected/")
    args = parser.parse_args(argv)
    for variant in VARIANTS:
        if args.names and variant.name not in args.names:
            continue
        build(variant, args.seeds, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


"""Agreement of the pdfium page geometry (extract/pdfium_page.py) with pdfplumber on the same PDFs: words (text
exactly, box within half a point, font name, size), ruled-table cells, and how many pages pdfium hands to
pdfminer (`needs_pdfminer`). A page counts as agreeing when every word and cell has its counterpart.

    python bench/agree_pdfium.py [--limit K] [PDF or folder ...]

Default inputs: samples/pdf/*.pdf and, when present, /work/space/dev/*/report.pdf (the generated layout space).
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPACE = Path("/work/space/dev")
BOX_TOLERANCE_PT = 0.5
SIZE_TOLERANCE_PT = 0.01  # upright words; a turned word's size is its box height, held to the box tolerance
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

import pdfplumber  # noqa: E402

from baocao.extract.pdf import _strict_unicode  # noqa: E402
from baocao.extract.pdfium_page import PdfGeometry, find_tables  # noqa: E402

_BOX = ("x0", "x1", "top", "bottom")


def _twin(word: dict, candidates: list[dict]) -> bool:
    """Take the candidate that is this word (pdfplumber's) in pdfium's reading, if there is one."""
    size_tolerance = SIZE_TOLERANCE_PT if word["upright"] else BOX_TOLERANCE_PT
    for k, other in enumerate(candidates):
        if all(abs(other[key] - word[key]) <= BOX_TOLERANCE_PT for key in _BOX) \
                and other["fontname"] == word["fontname"] and abs(other["size"] - word["size"]) <= size_tolerance:
            del candidates[k]
            return True
    return False


def words_found(ours: list[dict], theirs: list[dict]) -> int:
    """How many of pdfplumber's words pdfium's reading holds."""
    by_text: dict[str, list[dict]] = {}
    for word in ours:
        by_text.setdefault(word["text"], []).append(word)
    return sum(_twin(word, by_text.get(word["text"], [])) for word in theirs)


def cells_found(ours: list, theirs: list) -> int:
    left = [cell for table in ours for cell in table.cells]
    found = 0
    for cell in (cell for table in theirs for cell in table.cells):
        k = next((k for k, o in enumerate(left) if max(abs(p - q) for p, q in zip(o, cell)) <= BOX_TOLERANCE_PT),
                 None)
        if k is not None:
            del left[k]
            found += 1
    return found


def compare(path: Path, totals: Counter) -> None:
    with PdfGeometry(path) as geometry, pdfplumber.open(path) as pdf:
        _strict_unicode(pdf)  # as extract/pdf.py reads
        for ours, page in zip(geometry.pages(), pdf.pages):
            totals["pages"] += 1
            if ours.needs_pdfminer:
                totals["pages to pdfminer"] += 1
                continue
            theirs = page.extract_words(extra_attrs=["fontname", "size"])
            their_tables = page.find_tables(RULED)
            n_cells = sum(len(t.cells) for t in their_tables)
            found = words_found(ours.words, theirs)
            cells = cells_found(find_tables(ours), their_tables)
            totals["words"] += len(theirs)
            totals["words found"] += found
            totals["cells"] += n_cells
            totals["cells found"] += cells
            exact = found == len(theirs) == len(ours.words) and cells == n_cells == sum(
                len(t.cells) for t in find_tables(ours))
            totals["pages agreeing"] += exact
            if not exact:
                print(f"{path}: page {ours.number}: {found}/{len(theirs)} words ({len(ours.words)} read), "
                      f"{cells}/{n_cells} cells")
            page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--limit", type=int, default=1000, help="documents taken from a folder / the space")
    opts = parser.parse_args()
    if opts.paths:
        paths = []
        for arg in map(Path, opts.paths):
            paths += sorted(arg.rglob("*.pdf"))[:opts.limit] if arg.is_dir() else [arg]
    else:
        paths = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
        paths += sorted(SPACE.glob("*/report.pdf"))[:opts.limit] if SPACE.is_dir() else []
    totals: Counter = Counter()
    for path in paths:
        compare(path, totals)
    print(f"{len(paths)} documents, {totals['pages']} pages, {totals['pages to pdfminer']} handed to pdfminer; "
          f"of the others {totals['pages agreeing']} agree in full")
    print(f"words {totals['words found']}/{totals['words']}, cells {totals['cells found']}/{totals['cells']}")


if __name__ == "__main__":
    main()

"""The PDF reader's two paths side by side: every page from pdfium (the default, pdfminer only for the pages pdfium
flags) against every page from pdfminer through pdfplumber (the reference), as documents (line texts, span
boxes within half a point, fonts, cells, rules, pages, grids, repairs) and as what `convert_file` makes of them
(report fields, rows field by field, a row's box within half a point). Where the document's truth is known
(the space's `truth.json`, written when the document was generated), each path's cell F1 against it
(segment/scoring.py): where the two paths' rows differ, which one is right.

    python bench/agree_pdf.py [--limit K] [--jobs J] [PDF or folder ...]

Default inputs: the generated layout space, /work/space/dev/*/report.pdf and /work/space/test/*/report.pdf
(held out), each reported apart.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPACE = Path("/work/space")
sys.path.insert(0, str(ROOT))  # tests/document_diff.py, the comparison the test suite makes on the samples

from tests.document_diff import conversion, conversion_differences, document_differences, pdfminer_only  # noqa


def compare(path: Path) -> dict:
    from baocao.extract.pdfium_page import PdfGeometry

    with PdfGeometry(path) as geometry:
        flagged = sum(page.needs_pdfminer for page in geometry.pages())
        pages = len(geometry)
    ours = conversion(path)
    with pdfminer_only():
        theirs = conversion(path)
    documents = document_differences(ours[2], theirs[2]) if ours[2] and theirs[2] else ["a document missing"]
    rows = conversion_differences(ours, theirs)
    scores = None
    truth = path.with_name("truth.json")
    if truth.exists():
        from baocao.segment.scoring import cell_f1

        want = json.loads(truth.read_text(encoding="utf-8"))["rows"]
        scores = (cell_f1(want, ours[1]).f1, cell_f1(want, theirs[1]).f1)
    return {"path": str(path), "pages": pages, "flagged": flagged, "rows": len(theirs[1]),
            "documents": documents, "conversions": rows, "f1": scores}


def _inputs(args: list[str], limit: int) -> dict[str, list[Path]]:
    if not args:
        return {split: sorted((SPACE / split).glob("*/report.pdf"))[:limit] for split in ("dev", "test")
                if (SPACE / split).is_dir()}
    paths = []
    for arg in map(Path, args):
        paths += sorted(arg.rglob("*.pdf"))[:limit] if arg.is_dir() else [arg]
    return {"given": paths}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--limit", type=int, default=10_000, help="documents taken from each folder")
    parser.add_argument("--jobs", type=int, default=2, help="documents compared at once (processes)")
    opts = parser.parse_args()
    for split, paths in _inputs(opts.paths, opts.limit).items():
        totals: Counter = Counter()
        with ProcessPoolExecutor(opts.jobs) as pool:
            for got in pool.map(compare, paths):
                totals["documents"] += 1
                totals["pages"] += got["pages"]
                totals["pages to pdfminer"] += got["flagged"]
                totals["rows"] += got["rows"]
                totals["same documents"] += not got["documents"]
                totals["same rows"] += not got["conversions"]
                if got["f1"] is not None:
                    totals["scored"] += 1
                    totals["f1 pdfium"] += got["f1"][0]
                    totals["f1 pdfminer"] += got["f1"][1]
                    totals["pdfium better"] += got["f1"][0] > got["f1"][1]
                    totals["pdfminer better"] += got["f1"][1] > got["f1"][0]
                if got["documents"] or got["conversions"]:
                    f1 = "" if got["f1"] is None else f" (cell F1 {got['f1'][0]:.4f} / {got['f1'][1]:.4f})"
                    print(f"{got['path']}{f1}: " + "; ".join((got["documents"] + got["conversions"])[:5]))
        print(f"{split}: {totals['documents']} documents, {totals['pages']} pages ({totals['pages to pdfminer']} "
              f"handed to pdfminer), {totals['rows']} rows: identical rows and report "
              f"{totals['same rows']}/{totals['documents']}, identical documents "
              f"{totals['same documents']}/{totals['documents']}", flush=True)
        if totals["scored"]:
            print(f"  cell F1 against truth.json, mean over {totals['scored']} documents: pdfium path "
                  f"{totals['f1 pdfium'] / totals['scored']:.4f}, pdfminer path "
                  f"{totals['f1 pdfminer'] / totals['scored']:.4f}; better: pdfium {totals['pdfium better']}, "
                  f"pdfminer {totals['pdfminer better']}", flush=True)


if __name__ == "__main__":
    main()

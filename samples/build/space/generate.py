"""Generate a layout space of commune CCHC reports with truth by construction.

    python3 samples/build/space/generate.py --out DIR --split dev --seeds 1000-1199 [--jobs 2]
    python3 samples/build/space/generate.py --out DIR --split test --seeds 9000-9199
    python3 samples/build/space/generate.py --slice DIR/dev --out samples/space     # a small varied slice

Each seed gives one document, DIR/<split>/<id>/: report.docx, report.pdf (LibreOffice), pulled/<puller>.txt,
truth.json, layout.json; and DIR/<split>/index.csv lists them."""
from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from contents import make_report  # noqa: E402
from docx_render import render_docx  # noqa: E402
from pdf_render import render_pdf  # noqa: E402
from pullers import pull_all  # noqa: E402
from template import pick_template  # noqa: E402
from truth import truth  # noqa: E402

INDEX_FIELDS = ["id", "seed", "layout_class", "n_rows", "n_tables", "pages", "ruling", "header_rows", "numbering",
                "breakdown_style", "label_style", "note_column", "value_first", "column_numbers", "repeat_header",
                "rows_cant_split", "section_merged", "orientation", "font", "font_size", "table_font_size",
                "indicator_cm", "stt_cm", "v_align", "footnotes"]


def doc_id(split: str, seed: int) -> str:
    return f"{split}-{seed:05d}"


def build(split: str, seed: int, out: Path, pdf: bool = True) -> dict:
    template = pick_template(random.Random(f"{seed}:layout"))
    report = make_report(seed, template)
    name = doc_id(split, seed)
    folder = out / split / name
    folder.mkdir(parents=True, exist_ok=True)
    render_docx(report, template, folder / "report.docx")
    layout = dict(template.to_json(), seed=seed, id=name)
    data = truth(report, f"{split}/{name}/report.pdf")
    (folder / "truth.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    pages = None
    if pdf:
        import pypdfium2 as pdfium

        pdf_path = render_pdf(folder / "report.docx")
        pull_all(pdf_path, folder / "pulled")
        document = pdfium.PdfDocument(str(pdf_path))
        pages = len(document)
        document.close()
        layout.update(pages=pages, pdf_fonts=pdf_fonts(pdf_path))
    (folder / "layout.json").write_text(json.dumps(layout, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    row = {key: layout.get(key) for key in INDEX_FIELDS}
    row.update(id=name, seed=seed, n_rows=len(data["rows"]), n_tables=len(report.tables), pages=pages)
    return row


def pdf_fonts(pdf: Path) -> list[str]:
    """The fonts LibreOffice embedded (Times New Roman and Arial are not on the machine: it substitutes the
    metric-compatible Liberation Serif / Sans)."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    names = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}
    return sorted(names)


def _build_args(args: tuple) -> dict:
    return build(*args)


def seed_range(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += list(range(int(low), int(high or low) + 1))
    return seeds


def generate(out: Path, split: str, seeds: list[int], jobs: int, pdf: bool) -> None:
    start = time.time()
    tasks = [(split, seed, out, pdf) for seed in seeds]
    if jobs > 1:
        with Pool(jobs) as pool:
            rows = list(pool.imap(_build_args, tasks))
    else:
        rows = [_build_args(task) for task in tasks]
    with open(out / split / "index.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} documents in {out / split} in {time.time() - start:.0f} s")


def make_slice(source: Path, target: Path, per_class: int = 2, budget_bytes: int = 3_000_000) -> None:
    """Copy a few documents of every layout class (the smallest ones, one-table and several-table both when
    there are), for the repository's tests."""
    with open(source / "index.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    chosen: list[dict] = []
    for layout_class in sorted({r["layout_class"] for r in rows}):
        members = sorted((r for r in rows if r["layout_class"] == layout_class), key=lambda r: int(r["pages"] or 0))
        single = [r for r in members if r["n_tables"] == "1"]
        several = [r for r in members if r["n_tables"] != "1"]
        picks = (single[:1] + several[:1]) if single and several else members[:per_class]
        chosen += picks[:per_class]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    size = 0
    kept = []
    for row in chosen:
        folder = source / row["id"]
        files = [p for p in folder.rglob("*") if p.is_file()]
        need = sum(p.stat().st_size for p in files)
        if size + need > budget_bytes:
            continue
        shutil.copytree(folder, target / row["id"])
        size += need
        kept.append(row)
    with open(target / "index.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_FIELDS)
        writer.writeheader()
        writer.writerows(kept)
    print(f"{len(kept)} documents, {size / 1e6:.2f} MB in {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--seeds", default="1000-1199")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-pdf", action="store_true", help="DOCX, truth and layout only (no LibreOffice)")
    parser.add_argument("--slice", type=Path, help="copy a small varied slice of this split folder to --out")
    args = parser.parse_args()
    if args.slice:
        make_slice(args.slice, args.out)
    else:
        generate(args.out, args.split, seed_range(args.seeds), args.jobs, not args.no_pdf)


if __name__ == "__main__":
    main()

"""Accuracy on the generated layout space: cell F1 and values right per layout class and per source.

The space (samples/build/space/generate.py) writes each document as DOCX, as a LibreOffice PDF and as the text
five tools pull from that PDF, with its rows known by construction. The rules are written against the `dev`
split; the README reports the `test` split, which nobody tunes on:

    python3 samples/build/space/generate.py --out SPACE --split test --seeds 9000-9199 --jobs 2
    python bench/bench_space.py SPACE/test [--limit N] [--sources pdf,docx,pdftotext_layout,...] [--jobs 2]

Every document goes through `convert_file`, as `baocao convert` reads it. Per source and class: mean cell F1
(segment/scoring.py), the share of printed values read right (a number equal as a number, a text value equal as
text), and the worst document's F1. `--worst FILE` writes the worst documents' differences."""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path
from typing import Optional

from baocao.catalog.report_key import report_key
from baocao.normalize.text import canon
from baocao.pipeline import convert_file
from baocao.schemas import Report
from baocao.segment.gazetteer import resolve
from baocao.segment.report_fields import ReportFields
from baocao.segment.scoring import align, cell_f1, read_wrong

SOURCES = ("pdf", "docx", "pdfplumber", "pdfplumber_layout", "pdftotext_layout", "pymupdf", "pypdfium2")


def values_right(want: list[dict], got: list[dict]) -> tuple[int, int]:
    """Of the rows whose value is printed, how many came out with that value (aligned as cell F1 aligns)."""
    right = printed = 0
    for i, j in align(want, got):
        if i is None or want[i].get("value_raw") is None:
            continue
        printed += 1
        if j is None:
            continue
        w, g = want[i], got[j]
        if w.get("value") is not None:
            right += g.get("value") is not None and abs(g["value"] - w["value"]) < 1e-6
        else:
            right += " ".join((g.get("value_raw") or "").split()) == " ".join(w["value_raw"].split())
    return right, printed


def source_path(document: Path, source: str) -> Path:
    if source in ("pdf", "docx"):
        return document / f"report.{source}"
    return document / "pulled" / f"{source}.txt"


def score(job: tuple[Path, str]) -> tuple[str, str, float, int, int, str]:
    document, source = job
    truth = json.loads((document / "truth.json").read_text(encoding="utf-8"))["rows"]
    path = source_path(document, source)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / f"report{path.suffix}"  # the file name says nothing about the puller
        shutil.copy(path, copy)
        converted = convert_file(copy, copy.name)
    got = [row.model_dump() for row in converted.rows]
    result = cell_f1(truth, got)
    right, printed = values_right(truth, got)
    report = converted.report
    fields = {name: getattr(report, name) for name in FIELDS}
    return document.name, source, result.f1, right, printed, "\n".join(result.diffs[:12]), \
        flagged(truth, got) + (report.status,), fields, report.report_key


def flagged(want: list[dict], got: list[dict]) -> tuple[int, int, int, int]:
    """Rows read wrong (a cell differs, or no row of the truth is theirs) and how many of them carry a flag; rows
    read right and how many of those do."""
    wrong = read_wrong(want, got)
    bad = [row for row, w in zip(got, wrong) if w]
    good = [row for row, w in zip(got, wrong) if not w]
    return len(bad), sum(1 for row in bad if row["flags"]), len(good), sum(1 for row in good if row["flags"])


def trust_table(sources: list[str], results) -> None:
    """Per source: of the rows read wrong, the share that carries a flag (a failed check, `unsure_layout`, …), of
    the rows read right the share that does; of the documents read below 0.95 cell F1 the share stored `ok`, of
    those read at 0.98 or more the share stored `ok`."""
    print("\nTrust: rows read wrong flagged / rows read right flagged / documents below 0.95 F1 `ok` / "
          "documents at 0.98+ `ok`\n")
    print("| source | wrong rows flagged | right rows flagged | F1 < 0.95 `ok` | F1 ≥ 0.98 `ok` |")
    print("|---|---|---|---|---|")
    for source in sources:
        mine = [(f1, trust) for _, s, f1, _, _, _, trust, *_ in results if s == source]
        if not mine:
            continue
        bad, bad_flagged, good, good_flagged = (sum(trust[k] for _, trust in mine) for k in range(4))
        low = [trust[4] == "ok" for f1, trust in mine if f1 < 0.95]
        high = [trust[4] == "ok" for f1, trust in mine if f1 >= 0.98]
        print(f"| {source} | {bad_flagged / max(1, bad):.2f} of {bad} | {good_flagged / max(1, good):.3f} of {good} | "
              f"{sum(low)} of {len(low)} | {sum(high)} of {len(high)} |")


# who reported for which period: what `report_key` is made of
FIELDS = ("unit_level", "unit_name", "district", "province", "period_type", "period_number", "year")


def truth_key(document: Path) -> tuple[dict, Optional[str]]:
    """The truth's fields, and the key the lake would give them (through the same gazetteer)."""
    truth = json.loads((document / "truth.json").read_text(encoding="utf-8"))["report"]
    fields = ReportFields(**{k: truth.get(k) for k in (*FIELDS, "district_level")})
    extra = resolve(fields)
    report = Report(source_file="truth", source_sha256="0", status="ok", method="text",
                    **{k: getattr(fields, k) for k in (*FIELDS, "district_level")},
                    **{k: v for k, v in extra.items() if k in Report.model_fields})
    return {k: truth.get(k) for k in FIELDS}, report_key(report)


def same(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return canon(a) == canon(b)
    return a == b


def report_fields_table(documents: list[Path], sources: list[str], results) -> None:
    """Per source: each field as the truth has it, the report key as the truth's; per document: every source of
    it gives the truth's key (one current report for the commune and period)."""
    truths = {d.name: truth_key(d) for d in documents}
    right: dict[tuple[str, str], int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    keys: dict[str, set] = defaultdict(set)
    for name, source, *_, fields, key in results:
        want, want_key = truths[name]
        count[source] += 1
        for field in FIELDS:
            right[(source, field)] += same(fields[field], want[field])
        right[(source, "report_key")] += key is not None and key == want_key
        keys[name].add(key)
    print("\nReport fields: share of documents read as the truth has them\n")
    columns = [*FIELDS, "report_key"]
    print("| source | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for source in sources:
        if count[source]:
            print(f"| {source} | " + " | ".join(f"{right[(source, c)] / count[source]:.3f}" for c in columns) + " |")
    one = sum(keys[n] == {truths[n][1]} and truths[n][1] is not None for n in keys)
    unkeyed = sum(truths[n][1] is None for n in keys)
    print(f"\nevery source of a document gives the truth's report key: {one} of {len(keys)} documents"
          f" ({unkeyed} whose truth gives no key)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("split", type=Path, help="a split folder of the generated space (e.g. SPACE/test)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--sources", default=",".join(SOURCES))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--worst", type=Path, default=None, help="write the 60 worst documents' differences here")
    args = parser.parse_args()
    documents = sorted(p for p in args.split.iterdir() if (p / "truth.json").exists())[:args.limit]
    classes = {d.name: json.loads((d / "layout.json").read_text())["layout_class"] for d in documents}
    sources = [s for s in args.sources.split(",") if s]
    jobs = [(d, s) for d in documents for s in sources if source_path(d, s).exists()]
    with Pool(args.jobs) as pool:
        results = pool.map(score, jobs, chunksize=2)
    table: dict[tuple[str, str], list[tuple[float, int, int]]] = defaultdict(list)
    for name, source, f1, right, printed, *_ in results:
        for key in ((source, "all"), (source, classes[name])):
            table[key].append((f1, right, printed))
    columns = ["all"] + sorted(set(classes.values()))
    print(f"{len(documents)} documents of {args.split}; each cell: mean cell F1 / values right / worst F1\n")
    print("| source | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for source in sources:
        cells = []
        for column in columns:
            found = table.get((source, column), [])
            if not found:
                cells.append("–")
                continue
            mean = sum(f for f, _, _ in found) / len(found)
            right = sum(r for _, r, _ in found) / max(1, sum(p for _, _, p in found))
            cells.append(f"{mean:.3f} / {right:.3f} / {min(f for f, _, _ in found):.2f}")
        print(f"| {source} | " + " | ".join(cells) + " |")
    if args.worst:
        worst = sorted(results, key=lambda r: r[2])[:60]
        args.worst.write_text("\n\n".join(f"{f1:.3f} {name} {source}\n{diffs}"
                                          for name, source, f1, _, _, diffs, *_ in worst), encoding="utf-8")
    trust_table(sources, results)
    report_fields_table(documents, sources, results)


if __name__ == "__main__":
    main()

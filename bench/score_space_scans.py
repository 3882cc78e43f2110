"""Accuracy on the scanned layout space (`samples/build/space/scan.py`): cell F1, values right and wrong values
that go unflagged, per layout class × resolution × degradation.

    python3 bench/score_space_scans.py dev [--limit 40] [--only dev-01003 …]
    python3 bench/score_space_scans.py test                     # once, at the end
    python3 bench/score_space_scans.py dev --report             # the table again from the saved results
    python3 bench/score_space_scans.py dev --only dev-01003 --diffs   # what went wrong in one document

Every document goes through the whole pipeline (`convert_file`: OCR, repair, table reader, checks).
Per document: cell F1 over (stt, indicator, unit, value, note) (`segment/scoring.py`); values right = the
expected rows that have a value whose row, aligned by STT, was read with the same number; unflagged wrong = of
those read wrong (or missing), the share whose row carries no flag. Results are kept one JSON line per document
in `--results` (default `/tmp/space_scan_<split>.jsonl`), so a long run can be resumed and re-tabled."""
from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path("/work/space_scan")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_space import truth_key  # noqa: E402  (the same truth key as the text layer's benchmark)


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def score_document(folder: Path, meta: dict, diffs: bool = False) -> dict:
    from baocao.pipeline import convert_file
    from baocao.segment.scoring import cell_f1, value_readings

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    scan = folder / f"scan.{meta['container']}"
    cpu0, t0 = _cpu(), time.perf_counter()
    got = convert_file(scan, scan.name)
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    rows = [r.model_dump() for r in got.rows]
    f1 = cell_f1(truth["rows"], rows)
    readings = value_readings(truth["rows"], rows)
    wrong = [r for r in readings if not r.right]
    if diffs:
        for line in f1.diffs:
            print("   ", line)
        for row in rows:
            if row["flags"]:
                print(f"    flagged [{row['stt']}] {row['indicator'][:50]!r} {row['value_raw']!r} {row['flags']}")
    return dict(meta, f1=round(f1.f1, 4), rows=len(rows), gold_rows=len(truth["rows"]),
                values=len(readings), values_right=len(readings) - len(wrong),
                wrong_unflagged=sum(not r.flagged for r in wrong), flagged_rows=sum(bool(r["flags"]) for r in rows),
                status=got.report.status, error=got.report.error, seconds=round(seconds, 1), cpu=round(cpu, 1),
                report_key=got.report.report_key, key_right=got.report.report_key == truth_key(folder)[1],
                wrong=[[r.want, r.got, r.flagged, r.present] for r in wrong])


def _line(name: str, docs: list[dict]) -> str:
    values = sum(d["values"] for d in docs)
    right = sum(d["values_right"] for d in docs)
    wrong = values - right
    unflagged = sum(d["wrong_unflagged"] for d in docs)
    f1s = [d["f1"] for d in docs]
    shares = [d["values_right"] / d["values"] for d in docs if d["values"]]
    return (f"{name:28s} {len(docs):4d}  F1 {sum(f1s) / len(f1s):.4f} (min {min(f1s):.3f})  values right "
            f"{right / max(values, 1):.4f} (min {min(shares, default=1):.3f})  unflagged wrong "
            f"{unflagged}/{wrong}  ok {sum(d['status'] == 'ok' for d in docs)}")


def table(results: list[dict]) -> None:
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for d in results:
        stamp = "+stamp" if d["stamped"] in (True, "True") and d["kind"] != "stamp" else ""
        groups["class"][d["layout_class"]].append(d)
        groups["dpi"][f"{d['dpi']} dpi"].append(d)
        groups["kind"][d["kind"] + stamp].append(d)
        groups["class x dpi"][f"{d['layout_class']} {d['dpi']}"].append(d)
        groups["class x kind"][f"{d['layout_class']} {d['kind']}"].append(d)
        groups["dpi x kind"][f"{d['dpi']} {d['kind']}"].append(d)
        if int(d["dpi"]) >= 200:
            groups["class, 200 dpi and above"][d["layout_class"]].append(d)
    print(_line("all", results))
    for title, members in groups.items():
        print(f"-- {title}")
        for name in sorted(members):
            print(_line(name, members[name]))
    worst = sorted(results, key=lambda d: (d["f1"], d["values_right"] / max(d["values"], 1)))[:8]
    print("-- worst documents")
    for d in worst:
        print(f"{d['id']} {d['layout_class']} {d['dpi']} {d['kind']}: F1 {d['f1']:.3f} values "
              f"{d['values_right']}/{d['values']} unflagged wrong {d['wrong_unflagged']} status {d['status']}")
    keyed = [d for d in results if "key_right" in d]
    print(f"report key as the truth's (commune and period, through the gazetteer): "
          f"{sum(d['key_right'] for d in keyed)} of {len(keyed)}")
    cpu = sum(d["cpu"] for d in results)
    pages = sum(int(d["pages"]) for d in results)
    print(f"CPU {cpu:.0f} s over {pages} pages = {cpu / max(pages, 1):.2f} s per page")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", help="a scanned split: dev, test, dev2")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--kinds", nargs="*")
    parser.add_argument("--min-dpi", type=int, default=0)
    parser.add_argument("--fresh", action="store_true", help="score every document again")
    parser.add_argument("--report", action="store_true", help="only print the table of the saved results")
    parser.add_argument("--diffs", action="store_true")
    args = parser.parse_args()
    folder = args.root / args.split
    results_path = args.results or Path(f"/tmp/space_scan_{args.split}.jsonl")
    with open(folder / "index.csv", encoding="utf-8") as handle:
        index = list(csv.DictReader(handle))
    if args.only:
        index = [m for m in index if m["id"] in args.only]
    if args.kinds:
        index = [m for m in index if m["kind"] in args.kinds]
    index = [m for m in index if int(m["dpi"]) >= args.min_dpi][: args.limit]
    done: dict[str, dict] = {}
    if results_path.exists() and not args.fresh:
        for line in results_path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            done[record["id"]] = record
    if not args.report:
        for meta in index:
            if meta["id"] in done and not args.only:
                continue
            record = score_document(folder / meta["id"], meta, args.diffs)
            done[meta["id"]] = record
            print(f"{record['id']} {record['layout_class']:14s} {record['dpi']} {record['kind']:6s} F1 {record['f1']:.3f}"
                  f" values {record['values_right']}/{record['values']} unflagged wrong {record['wrong_unflagged']}"
                  f" flagged {record['flagged_rows']} {record['status']} {record['cpu']:.0f} s cpu", flush=True)
            with open(results_path, "w", encoding="utf-8") as handle:
                for r in done.values():
                    handle.write(json.dumps(r, ensure_ascii=False) + "\n")
    ids = {m["id"] for m in index}
    table([d for d in done.values() if d["id"] in ids])
    return 0


if __name__ == "__main__":
    sys.exit(main())

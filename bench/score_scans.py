"""Accuracy on the scanned samples (issue 4 targets: values right for ≥ 97 % of rows that have one, cell F1 ≥ 0.93).

    python3 bench/score_scans.py            # every samples/expected/*.json made by samples/build/make_scans.py
    python3 bench/score_scans.py --all      # also the containers not checked in (built into a temp dir)

Values right: the expected rows that have a value, aligned to ours in order by STT (the cell F1 aligns on STT +
indicator text, which OCR slips in the indicator would unpair), whose value we read as the same number."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def values_right(want: list[dict], got: list[dict]) -> tuple[int, int]:
    from baocao.segment.scoring import value_readings

    readings = value_readings(want, got)
    return sum(r.right for r in readings), len(readings)


def score(source: Path, want: dict) -> str:
    from baocao.pipeline import convert_file
    from baocao.segment.scoring import cell_f1

    start = time.perf_counter()
    got = convert_file(source, source.name)
    seconds = time.perf_counter() - start
    rows = [r.model_dump() for r in got.rows]
    f1 = cell_f1(want["rows"], rows)
    right, total = values_right(want["rows"], rows)
    return (f"{source.name:32s} {got.report.method:8s} rows {len(rows):3d}/{len(want['rows']):3d}  "
            f"cell F1 {f1.f1:.4f}  values right {right}/{total} = {100 * right / max(total, 1):.1f} %  "
            f"{seconds:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()
    expected = [p for p in sorted((ROOT / "samples/expected").glob("*.json"))
                if "scan" in json.loads(p.read_text(encoding="utf-8"))]
    for path in expected:
        want = json.loads(path.read_text(encoding="utf-8"))
        print(score(ROOT / "samples/scan" / want["source_file"], want))
    if args.all:
        sys.path.insert(0, str(ROOT / "samples/build"))
        import make_scans

        with tempfile.TemporaryDirectory() as tmp:
            have = {p.name for p in (ROOT / "samples/scan").iterdir()}
            for stem in make_scans.CHECKED_IN:
                written = make_scans.build(stem, ("pdf", "tif"), out_dir=Path(tmp), expected_dir=Path(tmp))
                for path in written:
                    if path.suffix == ".json":
                        want = json.loads(path.read_text(encoding="utf-8"))
                        if want["source_file"] not in have:
                            print(score(Path(tmp) / want["source_file"], want))
    return 0


if __name__ == "__main__":
    sys.exit(main())

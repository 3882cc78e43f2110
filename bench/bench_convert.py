"""Throughput and peak memory of `convert` over the samples (repeated to a batch of N documents).

    python bench/bench_convert.py [N]
"""
from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from baocao.lake.batch import run_batch, walk_inputs  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    texts = sorted((ROOT / "samples").glob("0*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for k in range(n):
            src = texts[k % len(texts)]
            # a distinct document each time (content-keyed lake): append the copy number
            (folder / f"{k:04d}_{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n{k}\n", encoding="utf-8")
        start = time.perf_counter()
        summary = run_batch(walk_inputs([folder]), Path(tmp) / "lake", progress=False)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = sum(len(p.read_bytes()) for p in folder.iterdir()) / 1e6
        print(f"{n} text documents ({size:.1f} MB): {seconds:.2f} s, {n / seconds:.1f} docs/s, "
              f"{summary.rows} rows, peak RSS {peak:.0f} MB")
        start = time.perf_counter()
        run_batch(walk_inputs([folder]), Path(tmp) / "lake", progress=False)
        print(f"re-run (nothing changed): {time.perf_counter() - start:.2f} s")
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

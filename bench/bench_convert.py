"""Throughput and peak memory of one `convert` over the sample texts (repeated to a batch of N distinct documents),
and the cost of running it again when nothing changed (hashing and the catalogue only).

    python bench/bench_convert.py [N] [convert options, e.g. --jobs 1]
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_jobs import convert, make_batch  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    options = sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_batch(Path(tmp) / "in", n)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        seconds, peak = convert(folder, Path(tmp) / "lake", *options)
        print(f"{n} text documents ({size:.1f} MB): {seconds:.2f} s, {n / seconds:.1f} docs/s, "
              f"peak {peak / 2**20:.0f} MB (batch and workers)")
        again, _ = convert(folder, Path(tmp) / "lake", *options)
        print(f"re-run (nothing changed): {again:.2f} s")


if __name__ == "__main__":
    main()

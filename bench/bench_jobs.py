"""Batch throughput and memory, side by side in one command (each figure a ratio against a reference run here).

    python bench/bench_jobs.py speed [N_DOCS] [ROUNDS]    documents per second with --jobs 1, 2 and all cores
    python bench/bench_jobs.py memory [SIZES...]          peak memory (batch + workers) for batches of 10, 100, 1000
    python bench/bench_jobs.py dask [N_DOCS]              --dask local against --jobs (same cores)

Documents: the sample text reports, each copy made distinct (a numbered closing line), so every one is converted.
Every run is `baocao convert` in its own process, into a fresh lake; rounds alternate the settings so a busy machine
weighs on all of them alike, and the best round of each counts."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "samples").glob("0*.txt"))


def make_batch(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        seed = SEEDS[k % len(SEEDS)]
        (folder / f"{k:05d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\nBản số {k}\n",
                                                     encoding="utf-8")
    return folder


def convert(folder: Path, lake: Path, *args: str) -> tuple[float, int]:
    """Seconds of `baocao convert`, and the peak resident memory of it and every process under it."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "baocao", "convert", str(folder), "--out", str(lake), "-q", *args],
                            env=dict(os.environ))
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [root] + root.children(recursive=True)
                peak[0] = max(peak[0], sum(_rss(p) for p in procs))
            except psutil.NoSuchProcess:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if code not in (0, 3):
        raise SystemExit(f"convert exited {code}")
    return seconds, peak[0]


def _rss(proc: psutil.Process) -> int:
    try:
        return proc.memory_info().rss
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0


def speed(n: int, rounds: int) -> None:
    cores = len(os.sched_getaffinity(0))
    settings = sorted({1, 2, cores})
    best: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_batch(Path(tmp) / "in", n)
        for r in range(rounds):
            for jobs in settings:
                seconds, _ = convert(folder, Path(tmp) / f"lake-{jobs}-{r}", "--jobs", str(jobs))
                best[jobs] = min(best.get(jobs, seconds), seconds)
                print(f"round {r + 1}: --jobs {jobs}: {seconds:.1f} s", flush=True)
    print(f"\n{n} documents, {cores} cores, best of {rounds}:")
    for jobs in settings:
        print(f"  --jobs {jobs}: {best[jobs]:.1f} s, {n / best[jobs]:.2f} docs/s, "
              f"{best[1] / best[jobs]:.2f}× --jobs 1")


def memory(sizes: list[int]) -> None:
    peaks = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = make_batch(Path(tmp) / f"in-{n}", n)
            seconds, peak = convert(folder, Path(tmp) / f"lake-{n}")
            peaks[n] = peak
            print(f"{n} documents: {seconds:.1f} s, peak {peak / 2**20:.0f} MB (batch and its workers)", flush=True)
    low = peaks[min(sizes)]
    for n in sizes:
        print(f"  {n}: {peaks[n] / low:.2f}× the peak for {min(sizes)}")


def dask(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_batch(Path(tmp) / "in", n)
        local, _ = convert(folder, Path(tmp) / "lake-local")
        cluster, _ = convert(folder, Path(tmp) / "lake-dask", "--dask", "local")
    print(f"{n} documents: --jobs (all cores) {local:.1f} s; --dask local {cluster:.1f} s "
          f"({local / cluster:.2f}× the local speed; the cluster's start is included)")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "speed"
    args = [int(a) for a in sys.argv[2:]]
    if what == "speed":
        speed(args[0] if args else 100, args[1] if len(args) > 1 else 3)
    elif what == "memory":
        memory(args or [10, 100, 1000])
    elif what == "dask":
        dask(args[0] if args else 100)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()

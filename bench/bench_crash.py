"""Kill -9 at random moments, and runs side by side, against a clean single run of the same batch.

    python bench/bench_crash.py [KILLS] [N_DOCS] [CONCURRENT_ROUNDS]

Each kill: `convert` started on the batch, killed with SIGKILL after a random delay, and after every few kills a
run to the end; each round of concurrency: two `convert` runs into one fresh lake at once. After each, the lake
is compared with the clean run: documents lost, rows duplicated, unreadable files, stray files (after the next
run), by the same checks as tests/test_reliability.py."""
from __future__ import annotations

import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from lake_support import assert_whole, baocao, content, make_batch, start  # noqa: E402


def compare(lake: Path, clean: tuple) -> dict:
    docs, rows = content(lake)
    found = {"lost": len(set(clean[0]) - set(docs)),
             "duplicated_rows": sum(n - 1 for n in rows.values() if n > 1),
             "different": int((docs, rows) != clean)}
    try:
        assert_whole(lake)
        found["not_whole"] = 0
    except AssertionError as exc:
        found["not_whole"] = 1
        print(f"  not whole: {exc}", flush=True)
    return found


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rnd = random.Random(2026)
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_batch(tmp / "in", n)
        assert baocao("convert", str(tmp / "in"), "--out", str(tmp / "clean"), "-q").returncode == 0
        clean = content(tmp / "clean")
        lake, done, since_check = tmp / "lake", 0, 0
        while done < kills:
            run = start("convert", str(tmp / "in"), "--out", str(lake), "-q")
            time.sleep(rnd.uniform(0.3, 8.0))
            if run.poll() is None:
                run.send_signal(signal.SIGKILL)
                run.wait()
                done += 1
                since_check += 1
            if since_check >= 5 or done == kills:  # finish the batch, compare, start a new lake
                assert baocao("convert", str(tmp / "in"), "--out", str(lake), "-q").returncode == 0
                found = compare(lake, clean)
                print(f"after {done} kills: {found}", flush=True)
                for key, value in found.items():
                    totals[key] = totals.get(key, 0) + value
                shutil.rmtree(lake)
                since_check = 0
        for r in range(rounds):
            lake = tmp / f"together-{r}"
            runs = [start("convert", str(tmp / "in"), "--out", str(lake), "-q") for _ in range(2)]
            codes = [run.wait() for run in runs]
            assert baocao("convert", str(tmp / "in"), "--out", str(lake), "-q").returncode == 0
            found = compare(lake, clean)
            print(f"two runs at once, round {r + 1}: exits {codes}, {found}", flush=True)
            for key, value in found.items():
                totals[f"concurrent_{key}"] = totals.get(f"concurrent_{key}", 0) + value
    print(f"\n{kills} kills over {n} documents, {rounds} rounds of two runs at once: {totals}")


if __name__ == "__main__":
    main()

"""Helpers for the lake's tests: batches of distinct documents, reading a lake back, checking it is whole."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

# the partition's type, stated: a lake whose documents all lack a year has only null partition values
PARTITIONING = ds.partitioning(pa.schema([("report_year", pa.int32())]), flavor="hive")

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# the seeds that convert fastest: batches of many documents stay cheap
FAST_SEEDS = [SAMPLES / name for name in ("001_911833c78731c98a.txt", "002_655cb6c347cb7500.txt",
                                          "004_2dfbf661dfb4eca3.txt")]
DATA = ("reports", "indicators", "checks")


def make_batch(folder: Path, n: int, tag: str = "") -> list[Path]:
    """n distinct text reports (a seed with a numbered closing line: different bytes, same tables)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        seed = FAST_SEEDS[k % len(FAST_SEEDS)]
        path = folder / f"{k:03d}_{seed.stem[:3]}.txt"
        path.write_text(seed.read_text(encoding="utf-8") + f"\nBản số {k}{tag}\n", encoding="utf-8")
        out.append(path)
    return out


def amend(path: Path, line: str = "sửa") -> str:
    """A new version of a document (one more line); its content hash."""
    import hashlib

    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reports(lake: Path) -> list[dict]:
    if not (lake / "reports").exists():
        return []
    return ds.dataset(lake / "reports", partitioning=PARTITIONING).to_table().to_pylist()


def indicator_rows(lake: Path) -> list[dict]:
    if not (lake / "indicators").exists():
        return []
    return ds.dataset(lake / "indicators", partitioning=PARTITIONING).to_table().to_pylist()


def content(lake: Path) -> tuple[dict, Counter]:
    """What a lake holds, whoever wrote it and when: status and rows of each content hash, and every row."""
    docs = {r["source_sha256"]: (r["status"], r["n_rows"], r["error"]) for r in reports(lake)}
    rows = Counter((r["source_sha256"], r["row_index"], r["stt"], r["indicator"], r["value_raw"])
                   for r in indicator_rows(lake))
    return docs, rows


def assert_whole(lake: Path) -> None:
    """One report per document, no row twice, every file readable with the full schema, no file the
    catalogue does not know and no temporary file left."""
    import sqlite3

    from baocao.lake.writer import SCHEMAS

    all_reports = reports(lake)
    shas = Counter(r["source_sha256"] for r in all_reports)
    assert all(n == 1 for n in shas.values()), [s for s, n in shas.items() if n > 1]
    keys = Counter((r["source_sha256"], r["row_index"]) for r in indicator_rows(lake))
    assert all(n == 1 for n in keys.values()), "rows stored twice"
    on_disk = set()
    for dataset in DATA:
        for path in (lake / dataset).rglob("*"):
            if path.is_file():
                rel = path.relative_to(lake).as_posix()
                assert not path.name.startswith("."), f"stray temporary file {rel}"
                assert pq.read_schema(path).names == SCHEMAS[dataset].names
                pq.read_table(path)
                on_disk.add(rel)
    db = sqlite3.connect(lake / "_state" / "catalog.sqlite")
    known = {row[0] for row in db.execute("SELECT name FROM files")}
    dirty = db.execute("SELECT count(*) FROM files WHERE dirty = 1").fetchone()[0]
    db.close()
    assert on_disk == known, (sorted(on_disk - known)[:5], sorted(known - on_disk)[:5])
    assert dirty == 0
    rows_of = Counter(r["source_sha256"] for r in indicator_rows(lake))
    for report in all_reports:
        assert rows_of.get(report["source_sha256"], 0) == report["n_rows"], report["source_file"]


def baocao(*args: str, cwd: Path | None = None, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """`baocao …` as a user runs it, in its own process."""
    return subprocess.run([sys.executable, "-m", "baocao", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ), **kw)


def start(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    # Ctrl-C as a user's terminal delivers it: a test run started in the background of a shell without job control
    # ignores SIGINT, and a child would inherit that (Python keeps an ignored SIGINT ignored)
    return subprocess.Popen([sys.executable, "-m", "baocao", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for_documents(lake: Path, n: int, timeout: float = 120) -> None:
    """Until the lake's catalogue holds n documents (a run is well under way)."""
    catalog = lake / "_state" / "catalog.sqlite"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            # read-only: a poll that came before the run's catalogue must not create it empty
            db = sqlite3.connect(f"{catalog.as_uri()}?mode=ro", uri=True)
            try:
                if db.execute("SELECT count(*) FROM documents").fetchone()[0] >= n:
                    return
            finally:
                db.close()
        except sqlite3.OperationalError:  # not created yet
            pass
    raise AssertionError(f"{lake}: fewer than {n} documents after {timeout} s")

"""The catalogue and the files it keeps: one current report per report_key, compaction, lakes without a
catalogue, lakes on another filesystem."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3

import pyarrow.dataset as ds
import pytest

from baocao.cli import main
from baocao.lake.tasks import DocResult, make_result
from baocao.lake.writer import Lake, PathRef
from baocao.schemas import Report

from lake_support import PARTITIONING, amend, assert_whole, content, make_batch, reports


def _doc(name: str, status="ok", method="pdf_text", checks_failed=0, date="2024-07-01", key="27001-quarter-2-2024"):
    sha = hashlib.sha256(name.encode()).hexdigest()
    report = Report(source_file=name, source_sha256=sha, status=status, method=method, report_key=key,
                    report_date=dt.date.fromisoformat(date), n_checks=3, n_checks_failed=checks_failed,
                    year=2024, converted_at=dt.datetime(2024, 8, 1, tzinfo=dt.timezone.utc))
    return make_result(report, [], [])


def _enter(lake: Lake, result: DocResult, path: str, run: int) -> None:
    ref = PathRef(path.encode(), "in", result.report["source_file"])
    lake.commit(result.sha256, lake.stage(result, ref), [ref], run)


def _verdicts(root) -> dict[str, tuple[bool, str]]:
    return {r["source_file"]: (r["current"], r["superseded_by"]) for r in reports(root)}


def test_one_current_report_per_report_key(tmp_path):
    lake = Lake(str(tmp_path / "lake"))
    lake.open_for_writing()
    run = lake.catalog.begin_run([])
    scan = _doc("scan.png", method="ocr")
    _enter(lake, scan, "/in/a", run)
    assert _verdicts(tmp_path / "lake") == {"scan.png": (True, None)}
    typed = _doc("typed.pdf")  # same commune and period, a text layer: it is the one to read
    _enter(lake, typed, "/in/b", run)
    assert _verdicts(tmp_path / "lake") == {"scan.png": (False, typed.sha256), "typed.pdf": (True, None)}
    _enter(lake, _doc("partial.pdf", status="partial"), "/in/c", run)
    _enter(lake, _doc("checks.pdf", checks_failed=2), "/in/d", run)
    _enter(lake, _doc("older.pdf", date="2024-06-30"), "/in/e", run)
    # the same PDF's text pulled by someone, dated later: its columns were guessed, the PDF's cells were not
    _enter(lake, _doc("pulled.txt", method="text", date="2024-07-02"), "/in/g", run)
    _enter(lake, _doc("other.pdf", key="27002-quarter-2-2024"), "/in/f", run)
    verdicts = _verdicts(tmp_path / "lake")
    assert verdicts["typed.pdf"] == (True, None) and verdicts["other.pdf"] == (True, None)
    assert {name for name, (current, by) in verdicts.items() if not current and by == typed.sha256} == \
        {"scan.png", "partial.pdf", "checks.pdf", "older.pdf", "pulled.txt"}
    # the current document's path now holds a failed file: the next best is current (a text layer, no failed
    # check; an earlier date than the scan's, but the text layer counts first)
    older = _doc("older.pdf", date="2024-06-30")
    _enter(lake, _doc("typed.pdf v2", status="failed"), "/in/b", run)
    verdicts = _verdicts(tmp_path / "lake")
    assert "typed.pdf" not in verdicts
    assert verdicts["older.pdf"] == (True, None)
    assert verdicts["scan.png"] == verdicts["typed.pdf v2"] == (False, older.sha256)
    lake.finish_writing()
    lake.close()
    assert_whole(tmp_path / "lake")


def test_compaction_keeps_the_rows_and_a_reconverted_document_leaves_none_behind(tmp_path):
    folder = tmp_path / "in"
    paths = make_batch(folder, 12)
    lake = tmp_path / "lake"
    assert main(["convert", str(folder), "--out", str(lake), "-q"]) == 0
    before = content(lake)
    files_before = len(list((lake / "indicators").rglob("*.parquet")))
    assert main(["compact", str(lake), "-q"]) == 0
    assert content(lake) == before
    partitions = {p.parent for p in (lake / "indicators").rglob("*.parquet")}
    assert len(list((lake / "indicators").rglob("*.parquet"))) == len(partitions) < files_before
    assert_whole(lake)
    amend(paths[0])
    assert main(["convert", str(folder), "--out", str(lake), "-q"]) == 0
    docs, rows = content(lake)
    old_sha = next(sha for sha in before[0] if sha not in docs)
    assert not any(key[0] == old_sha for key in rows)
    assert sum(rows.values()) == sum(before[1].values())
    assert_whole(lake)


def test_compaction_interrupted_after_its_commit_is_finished_by_the_next_run(tmp_path, monkeypatch):
    from baocao.lake.store import Store

    folder = tmp_path / "in"
    make_batch(folder, 6)
    lake = tmp_path / "lake"
    main(["convert", str(folder), "--out", str(lake), "-q"])
    before = content(lake)
    with monkeypatch.context() as patch:
        def crash(self, a, b):
            raise KeyboardInterrupt  # the process dies between the catalogue's commit and the folder swap

        patch.setattr(Store, "exchange", crash)
        with pytest.raises(KeyboardInterrupt):
            from baocao.lake.compact import compact

            compact(Lake(str(lake)))
    assert main(["convert", str(folder), "--out", str(lake), "-q"]) == 0
    assert content(lake) == before
    assert_whole(lake)


def test_a_lake_without_its_catalogue_is_taken_in_not_swept(tmp_path):
    folder = tmp_path / "in"
    make_batch(folder, 4)
    lake = tmp_path / "lake"
    main(["convert", str(folder), "--out", str(lake), "-q"])
    before = content(lake)
    # an older lake: no catalogue, one document twice (under another file name), an `unknown` year folder
    shutil.rmtree(lake / "_state")
    twin = next((lake / "reports").rglob("*.parquet"))
    for dataset in ("reports", "indicators"):
        src = next((lake / dataset).rglob(twin.name))
        shutil.copy(src, src.with_name("0000-twin.parquet"))
    moved = sorted((lake / "reports").rglob("*.parquet"))[-1].name  # one document stored under `unknown`
    for dataset in ("reports", "indicators"):
        (lake / dataset / "report_year=unknown").mkdir()
        src = next((lake / dataset).rglob(moved))
        src.rename(lake / dataset / "report_year=unknown" / moved)
    assert main(["convert", str(folder), "--out", str(lake), "-q"]) == 0
    assert content(lake) == before
    assert not list(lake.rglob("report_year=unknown"))
    assert (lake / "reports" / "report_year=__HIVE_DEFAULT_PARTITION__" / moved).exists()
    assert_whole(lake)


def test_a_lake_on_another_filesystem(tmp_path):
    """Written through pyarrow's filesystem layer: an in-memory fsspec filesystem stands in for an object store."""
    fsspec = pytest.importorskip("fsspec")
    import pyarrow.fs as pafs

    from baocao.lake.batch import Options, run_batch, walk_inputs
    from baocao.lake.store import Store

    memory = fsspec.filesystem("memory")
    store = Store(pafs.PyFileSystem(pafs.FSSpecHandler(memory)), "/lake-test", None)
    folder = tmp_path / "in"
    make_batch(folder, 3)
    summary = run_batch(walk_inputs([str(folder)]), store, Options(progress=False, state_dir=tmp_path / "state"))
    assert summary.ok == 3
    table = ds.dataset("/lake-test/reports", filesystem=store.fs, partitioning=PARTITIONING).to_table()
    assert table.num_rows == 3
    again = run_batch(walk_inputs([str(folder)]), store, Options(progress=False, state_dir=tmp_path / "state"))
    assert again.unchanged == 3
    names = [p for p in memory.find("/lake-test") if p.endswith(".parquet")]
    db = sqlite3.connect(tmp_path / "state" / "catalog.sqlite")
    # one file per document and dataset (reports, indicators, checks), each known to the catalogue
    assert len(names) == db.execute("SELECT count(*) FROM files").fetchone()[0] == 3 * 3
    assert {p.split("/")[2] for p in names} == {"reports", "indicators", "checks"}
    memory.rm("/lake-test", recursive=True)


def test_a_batch_of_versions_ends_with_one_current_report_per_key(tmp_path):
    # copies of one report (the same commune and period) in one batch: the batch settles the current flags once
    # in a while and at its end, never leaving two current or a label out of step
    from collections import defaultdict

    folder, lake = tmp_path / "in", tmp_path / "lake"
    make_batch(folder, 9)
    assert main(["convert", str(folder), "--out", str(lake), "-q", "--jobs", "2"]) == 0
    by_key = defaultdict(list)
    for report in reports(lake):
        by_key[report["report_key"]].append(report)
    assert len(by_key) < 9  # versions share keys
    for versions in by_key.values():
        current = [r for r in versions if r["current"]]
        assert len(current) == 1
        assert all(r["superseded_by"] == current[0]["source_sha256"] for r in versions if not r["current"])
    assert_whole(lake)

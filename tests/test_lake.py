"""The lake as the contract describes it: layout, types, idempotent re-runs, replaced versions, bad files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from baocao.cli import main
from baocao.schemas import INDICATOR_SCHEMA, REPORT_SCHEMA

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TEXTS = sorted(SAMPLES.glob("0*.txt"))


def _counts(lake: Path) -> tuple[int, int]:
    reports = ds.dataset(lake / "reports", partitioning="hive").to_table()
    rows = ds.dataset(lake / "indicators", partitioning="hive").to_table()
    return reports.num_rows, rows.num_rows


@pytest.fixture()
def folder(tmp_path):
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    for path in TEXTS[:3]:
        shutil.copy(path, src / path.name)
    return tmp_path / "in"


def test_convert_writes_contract_datasets(folder, tmp_path):
    lake = tmp_path / "lake"
    assert main(["convert", str(folder), "--out", str(lake), "-q"]) == 0
    reports = ds.dataset(lake / "reports", partitioning="hive").to_table().to_pylist()
    rows = ds.dataset(lake / "indicators", partitioning="hive").to_table()
    assert len(reports) == 3
    assert {r["source_file"] for r in reports} == {f"sub/{p.name}" for p in TEXTS[:3]}
    assert all(r["status"] == "ok" for r in reports)
    for name in INDICATOR_SCHEMA.names:
        assert rows.schema.field(name).type == INDICATOR_SCHEMA.field(name).type
    assert rows.num_rows > 100
    # every file carries every column, so readers that take the first file's schema lose nothing
    for path in (lake / "indicators").rglob("*.parquet"):
        import pyarrow.parquet as pq

        assert pq.read_schema(path).names == INDICATOR_SCHEMA.names
    for path in (lake / "reports").rglob("*.parquet"):
        import pyarrow.parquet as pq

        assert pq.read_schema(path).names == REPORT_SCHEMA.names


def test_rerun_adds_nothing(folder, tmp_path):
    lake = tmp_path / "lake"
    main(["convert", str(folder), "--out", str(lake), "-q"])
    first = _counts(lake)
    main(["convert", str(folder), "--out", str(lake), "-q"])
    assert _counts(lake) == first
    main(["convert", str(folder), "--out", str(lake), "-q", "--force"])
    assert _counts(lake) == first


def test_changed_file_replaces_its_rows(folder, tmp_path):
    lake = tmp_path / "lake"
    main(["convert", str(folder), "--out", str(lake), "-q"])
    reports_before, rows_before = _counts(lake)
    target = sorted((folder / "sub").glob("*.txt"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\n", encoding="utf-8")  # same content but one more line: a new version
    main(["convert", str(folder), "--out", str(lake), "-q"])
    reports = ds.dataset(lake / "reports", partitioning="hive").to_table().to_pylist()
    assert len(reports) == reports_before
    mine = [r for r in reports if r["source_file"] == f"sub/{target.name}"]
    assert len(mine) == 1
    import hashlib

    assert mine[0]["source_sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert _counts(lake)[1] == rows_before
    log = (lake / "_state" / "runs.jsonl").read_text(encoding="utf-8")
    assert "old_sha256" in log


def test_bad_files_never_stop_the_batch(folder, tmp_path):
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "prose.txt").write_text("Đây là một văn bản không có bảng thống kê.\n", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    lake = tmp_path / "lake"
    assert main(["convert", str(folder), "--out", str(lake), "-q"]) == 3
    reports = {r["source_file"]: r for r in ds.dataset(lake / "reports", partitioning="hive").to_table().to_pylist()}
    assert reports["binary.txt"]["status"] == "failed" and reports["binary.txt"]["error"]
    assert reports["empty.txt"]["status"] == "failed"
    assert reports["broken.pdf"]["status"] == "failed"
    assert reports["prose.txt"]["status"] == "partial"
    assert "no statistics table" in reports["prose.txt"]["error"]
    assert sum(r["status"] == "ok" for r in reports.values()) == 3


def test_usage_errors_exit_2(tmp_path):
    assert main(["convert", str(tmp_path / "missing"), "--out", str(tmp_path / "lake")]) == 2
    assert main(["convert"]) == 2


def test_single_file_input_uses_its_name(tmp_path):
    lake = tmp_path / "lake"
    assert main(["convert", str(TEXTS[0]), "--out", str(lake), "-q"]) == 0
    reports = ds.dataset(lake / "reports", partitioning="hive").to_table().to_pylist()
    assert reports[0]["source_file"] == TEXTS[0].name


def test_duckdb_reads_the_lake(folder, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    lake = tmp_path / "lake"
    main(["convert", str(folder), "--out", str(lake), "-q"])
    n = duckdb.execute(f"select count(*) from read_parquet('{lake}/indicators/**/*.parquet', hive_partitioning=true)")
    assert n.fetchone()[0] == _counts(lake)[1]


def test_text_command_is_line_aligned(capsys):
    path = TEXTS[0]
    assert main(["text", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.split("\n")[:-1] == path.read_text(encoding="utf-8").split("\n")

"""Issue 9, row by row: what a new user or a hostile tester met, and what the lake does now."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from baocao.cli import main

from lake_support import (FAST_SEEDS, SAMPLES, amend, assert_whole, baocao, content, make_batch, reports, start,
                          wait_for_documents)


def _convert(*args: str) -> int:
    return main(["convert", *args, "-q"])


# ---------------------------------------------------------------- documents keyed by content


def test_same_name_in_two_folders_keeps_both(tmp_path):
    xa, xb = tmp_path / "xa", tmp_path / "xb"
    xa.mkdir()
    xb.mkdir()
    shutil.copy(FAST_SEEDS[0], xa / "bao_cao.txt")
    shutil.copy(FAST_SEEDS[1], xb / "bao_cao.txt")
    lake = tmp_path / "lake"
    assert _convert(str(xa), str(xb), "--out", str(lake)) == 0
    got = {(r["source_root"], r["source_file"]): r["source_sha256"] for r in reports(lake)}
    assert got == {(str(xa), "bao_cao.txt"): hashlib.sha256((xa / "bao_cao.txt").read_bytes()).hexdigest(),
                   (str(xb), "bao_cao.txt"): hashlib.sha256((xb / "bao_cao.txt").read_bytes()).hexdigest()}
    # converted again one folder at a time: still both
    assert _convert(str(xb), "--out", str(lake)) == 0
    assert len(reports(lake)) == 2
    assert_whole(lake)


def test_file_name_not_utf8_is_converted_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"b\xe1o_c\xe1o.txt")  # Latin-1 bytes: no valid UTF-8
    with open(odd, "wb") as handle:
        handle.write(FAST_SEEDS[0].read_bytes())
    shutil.copy(FAST_SEEDS[1], folder / "z_after.txt")
    lake = tmp_path / "lake"
    assert _convert(str(folder), "--out", str(lake)) == 0
    names = sorted(r["source_file"] for r in reports(lake))
    assert names == ["b\\xe1o_c\\xe1o.txt", "z_after.txt"]
    assert all(r["status"] == "ok" for r in reports(lake))


def test_same_bytes_under_other_paths_are_one_document(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    make_batch(folder, 3)
    shutil.copy(folder / "000_001.txt", folder / "copy.txt")
    lake = tmp_path / "lake"
    assert _convert(str(folder), "--out", str(lake)) == 0
    docs, rows = content(lake)
    assert len(docs) == 3
    # renamed, and the folder given again from another root (its parent, relative to another directory)
    (folder / "001_002.txt").rename(folder / "renamed.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["convert", "in", "--out", str(lake), "-q"]) == 0
    assert _convert(str(tmp_path), "--out", str(lake)) == 0
    assert content(lake) == (docs, rows)
    db = sqlite3.connect(lake / "_state" / "catalog.sqlite")
    sha = hashlib.sha256((folder / "copy.txt").read_bytes()).hexdigest()
    assert db.execute("SELECT count(*) FROM paths WHERE sha256 = ?", (sha,)).fetchone()[0] == 2
    assert_whole(lake)


def test_changed_file_replaces_its_version_and_gone_files_are_pruned_on_request(tmp_path, capsys):
    folder = tmp_path / "in"
    paths = make_batch(folder, 3)
    lake = tmp_path / "lake"
    _convert(str(folder), "--out", str(lake))
    sha = amend(paths[0], "thêm một dòng")
    paths[1].unlink()
    capsys.readouterr()
    assert main(["convert", str(folder), "--out", str(lake)]) == 0
    err = capsys.readouterr().err
    assert "replaced: 000_001.txt" in err and "001_002.txt" in err and "--prune" in err
    docs, _ = content(lake)
    assert sha in docs
    assert len(docs) == 3  # the gone one is listed, kept
    assert _convert(str(folder), "--out", str(lake), "--prune") == 0
    assert len(content(lake)[0]) == 2
    assert_whole(lake)


# ---------------------------------------------------------------- crashes and concurrent runs


def _clean_batch(tmp_path_factory, n=50):
    root = tmp_path_factory.mktemp("clean")
    make_batch(root / "in", n)
    assert baocao("convert", str(root / "in"), "--out", str(root / "lake")).returncode == 0
    return root


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return _clean_batch(tmp_path_factory)


def test_kill_9_at_random_moments_loses_nothing(clean, tmp_path):
    kills = int(os.environ.get("BAOCAO_TEST_KILLS", "8"))
    folder = tmp_path / "in"
    shutil.copytree(clean / "in", folder)
    lake = tmp_path / "lake"
    rnd = random.Random(9)
    for _ in range(kills):
        run = start("convert", str(folder), "--out", str(lake), "-q")
        time.sleep(rnd.uniform(0.5, 6.0))
        if run.poll() is not None:
            break
        run.send_signal(signal.SIGKILL)
        run.wait()
    final = baocao("convert", str(folder), "--out", str(lake), "-q")
    assert final.returncode == 0, final.stderr
    assert content(lake) == content(clean / "lake")
    assert_whole(lake)


def test_two_runs_at_once_give_the_lake_of_one_run(clean, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(clean / "in", folder)
    lake = tmp_path / "lake"
    # one names the folder absolutely, the other relatively: the same files
    runs = [start("convert", str(folder), "--out", str(lake), "-q"),
            start("convert", "in", "--out", str(lake), "-q", cwd=tmp_path)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    assert content(lake) == content(clean / "lake")
    assert_whole(lake)
    # a later change replaces the one version both runs recorded
    changed = sorted(folder.glob("*.txt"))[0]
    sha = amend(changed)
    assert _convert(str(folder), "--out", str(lake)) == 0
    docs, _ = content(lake)
    assert len(docs) == 50 and sha in docs
    assert_whole(lake)


def test_crash_after_commit_before_the_old_version_is_removed(tmp_path, monkeypatch):
    from baocao.lake.writer import Lake

    folder = tmp_path / "in"
    paths = make_batch(folder, 2)
    lake = tmp_path / "lake"
    _convert(str(folder), "--out", str(lake))
    before = content(lake)
    sha = amend(paths[0])
    with monkeypatch.context() as patch:
        # the process dies right after the commit: the replaced version's files are still on disk
        def die(self):
            if self.catalog.dirty_files():
                raise KeyboardInterrupt

        patch.setattr(Lake, "settle", die)
        patch.setattr(Lake, "finish_writing", lambda self: self.lock.release())
        assert _convert(str(folder), "--out", str(lake)) == 130
    assert len(reports(lake)) == 3  # both versions on disk for now
    assert _convert(str(folder), "--out", str(lake)) == 0
    docs, rows = content(lake)
    assert len(docs) == 2 and sha in docs
    assert sum(rows.values()) == sum(before[1].values())
    assert_whole(lake)


# ---------------------------------------------------------------- readable, typed lake


def test_files_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        lake = tmp_path / "lake"
        assert _convert(str(FAST_SEEDS[0]), "--out", str(lake)) == 0
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in lake.rglob("*.parquet")}
    assert modes == {0o644}


def test_unknown_year_is_a_null_partition_and_the_year_stays_an_integer(tmp_path):
    folder = tmp_path / "in"
    make_batch(folder, 2)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    lake = tmp_path / "lake"
    assert _convert(str(folder), "--out", str(lake)) == 3
    table = ds.dataset(lake / "reports", partitioning="hive").to_table()  # types inferred from the folders
    assert str(table.schema.field("report_year").type).startswith("int")
    years = {r["source_file"]: r["report_year"] for r in table.to_pylist()}
    assert years["broken.txt"] is None and all(isinstance(y, int) for k, y in years.items() if k != "broken.txt")
    duckdb = pytest.importorskip("duckdb")
    kinds = duckdb.execute(f"select distinct typeof(report_year) from read_parquet('{lake}/reports/**/*.parquet', "
                           "hive_partitioning=true)").fetchall()
    assert kinds == [("BIGINT",)]


# ---------------------------------------------------------------- bounded work per document


def _glyph_damaged_long_line(path: Path) -> None:
    """A lost-glyph text with one 1 MB line: its repair takes far longer than the test's time limit."""
    seed = (SAMPLES / "003_b08f386338765894.txt").read_text(encoding="utf-8")
    path.write_text(seed + "\n" + "c  quan qu n l  " * 70_000 + "\n", encoding="utf-8")


def _blank_page_600_dpi(path: Path) -> None:
    """A blank A4 page at 600 dpi: 35 MP to straighten and binarise (~700 MB of arrays), 20 KB on disk."""
    from PIL import Image

    Image.new("L", (4960, 7016), 255).save(path, dpi=(600, 600))


@pytest.mark.parametrize("make, name, limit, reason", [
    (_glyph_damaged_long_line, "slow.txt", ("--time-limit", "15"), "time limit"),
    (_blank_page_600_dpi, "page.png", ("--memory-limit", "400"), "memory limit"),
])
def test_a_document_over_its_limit_fails_and_the_batch_goes_on(tmp_path, make, name, limit, reason):
    folder = tmp_path / "in"
    make_batch(folder, 2)
    make(folder / name)
    lake = tmp_path / "lake"
    assert _convert(str(folder), "--out", str(lake), *limit, "--jobs", "1") == 3
    got = {r["source_file"]: r for r in reports(lake)}
    assert got[name]["status"] == "failed" and got[name]["error"].startswith(reason)
    assert got["000_001.txt"]["status"] == "ok" and got["001_002.txt"]["status"] == "ok"


def test_a_strip_of_pixels_is_no_page_and_is_never_upscaled(tmp_path):
    from PIL import Image

    strip = tmp_path / "strip.png"
    Image.new("L", (16, 2000), 255).save(strip, optimize=True)
    lake = tmp_path / "lake"
    assert _convert(str(strip), "--out", str(lake), "--memory-limit", "600") == 3
    (report,) = reports(lake)
    assert report["status"] == "failed" and "not a page" in report["error"]


def test_special_files_are_refused_up_front(tmp_path, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    lake = tmp_path / "lake"
    assert _convert(str(fifo), "--out", str(lake)) == 2
    assert _convert("/dev/zero", "--out", str(lake)) == 2
    assert "not a regular file" in capsys.readouterr().err
    folder = tmp_path / "in"
    make_batch(folder, 1)
    os.mkfifo(folder / "fifo.txt")
    assert main(["convert", str(folder), "--out", str(lake)]) == 0
    assert "skipped: fifo.txt: not a regular file" in capsys.readouterr().err


# ---------------------------------------------------------------- corrupt input


def test_a_pdf_with_garbage_inside_is_never_ok_with_unreadable_cells(tmp_path):
    import unicodedata

    from baocao.pipeline import convert_file

    data = (SAMPLES / "pdf" / "001_ruled.pdf").read_bytes()
    seen_garbage = 0
    for seed in range(5):
        rnd = random.Random(seed)
        damaged = bytearray(data)
        at = rnd.randrange(len(data) // 4, 3 * len(data) // 4)
        for k in range(at, min(len(damaged), at + 400)):
            damaged[k] = rnd.randrange(256)
        path = tmp_path / f"damaged{seed}.pdf"
        path.write_bytes(bytes(damaged))
        converted = convert_file(path, path.name)
        garbage = [r for r in converted.rows for cell in (r.indicator, r.unit, r.note, r.value_raw)
                   if cell and any(unicodedata.category(ch) in ("Co", "Cc") for ch in cell)]
        if garbage:
            seen_garbage += 1
            assert converted.report.status == "partial"
            assert "unreadable characters" in converted.report.error
    assert seen_garbage  # the damage did reach the tables in some of them


# ---------------------------------------------------------------- honest exits and messages


def test_failures_are_retried_named_and_keep_exit_3(tmp_path, capsys):
    folder = tmp_path / "in"
    make_batch(folder, 1)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "prose.txt").write_text("Văn bản không có bảng thống kê.\n", encoding="utf-8")
    (folder / "old.doc.bak").write_bytes(b"x")
    (folder / "archive.zip").write_bytes(b"PK")
    lake = tmp_path / "lake"
    assert main(["convert", str(folder), "--out", str(lake)]) == 3
    err = capsys.readouterr().err
    assert "failed: " in err and "empty.txt" in err
    assert "partial: " in err and "prose.txt" in err and "no statistics table" in err
    assert "skipped: old.doc.bak" in err and "skipped: archive.zip" in err and "2 skipped" in err
    # a re-run converts the failed file again (and it still fails: exit 3)
    assert main(["convert", str(folder), "--out", str(lake), "--json", "-q"]) == 3
    summary = json.loads(capsys.readouterr().out)
    assert summary["failed"] == 1 and summary["unchanged"] == 2
    assert main(["convert", str(folder), "--out", str(lake), "--json", "-q", "--no-retry"]) == 3
    summary = json.loads(capsys.readouterr().out)
    assert summary["failed"] == 0 and summary["unchanged"] == 3
    assert len(summary["still_failed"]) == 1 and summary["still_failed"][0].startswith(f"{folder / 'empty.txt'}: ")


def test_usage_problems_are_messages_with_exit_2(tmp_path, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert _convert(str(FAST_SEEDS[0]), "--out", str(a_file)) == 2
    assert _convert(str(FAST_SEEDS[0]), "--out", str(a_file / "below")) == 2
    (tmp_path / "report.zip").write_bytes(b"x")
    assert _convert(str(tmp_path / "report.zip"), "--out", str(tmp_path / "lake")) == 2
    (tmp_path / "empty").mkdir()
    assert _convert(str(tmp_path / "empty"), "--out", str(tmp_path / "lake")) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("baocao: ") == 4


@pytest.fixture()
def read_only_folder(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a read-only filesystem here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_read_only_lake_folder_is_a_usage_error(read_only_folder, capsys):
    assert _convert(str(FAST_SEEDS[0]), "--out", str(read_only_folder)) == 2
    assert _convert(str(FAST_SEEDS[0]), "--out", str(read_only_folder / "lake")) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("cannot write the lake") == 2


def test_a_closed_pipe_ends_quietly():
    text = subprocess.Popen([sys.executable, "-m", "baocao", "text", str(FAST_SEEDS[0])], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ))
    text.stdout.readline()
    text.stdout.close()  # `| head -1`
    err = text.stderr.read().decode()
    text.wait(timeout=60)
    assert "Traceback" not in err and "Error" not in err


def test_ctrl_c_stops_cleanly_with_a_summary_and_a_run_log_line(tmp_path):
    folder = tmp_path / "in"
    make_batch(folder, 60)  # many: a loaded machine must not finish before the signal
    lake = tmp_path / "lake"
    run = start("convert", str(folder), "--out", str(lake), "--jobs", "1")
    wait_for_documents(lake, 2)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    log = [json.loads(line) for line in (lake / "_state" / "runs.jsonl").read_text().splitlines()]
    assert log[-1]["outcome"] == "interrupted"
    done = len(reports(lake))
    assert 2 <= done < 60
    assert _convert(str(folder), "--out", str(lake)) == 0
    assert len(reports(lake)) == 60
    assert_whole(lake)


def test_progress_never_goes_into_a_pipe_and_flags_go_anywhere(tmp_path):
    lake = tmp_path / "lake"
    run = baocao("-v", "convert", str(SAMPLES / "pdf" / "001_ruled.pdf"), "--out", str(lake))
    assert run.returncode == 0 and "\r" not in run.stderr
    assert "baocao.lake.batch" in run.stderr and "001_ruled.pdf: ok" in run.stderr
    assert "pdfminer" not in run.stderr
    run = baocao("convert", str(FAST_SEEDS[0]), "--out", str(lake), "-q")
    assert run.returncode == 0 and run.stderr == ""
    version = baocao("--version")
    assert version.returncode == 0 and version.stdout.startswith("baocao ")

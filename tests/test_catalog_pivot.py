"""The province's view: report keys, the wide table from a lake, the unkeyed-rows listing; and the pipeline's
call filling the new columns."""
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from baocao.catalog.pivot import PivotError, wide_table, write_table
from baocao.catalog.report_key import period_label, report_key
from baocao.cli import main
from baocao.pipeline import convert_file
from baocao.schemas import CHECK_SCHEMA, INDICATOR_SCHEMA, REPORT_SCHEMA, IndicatorRow
from catalog_rows import SAMPLES, report


def test_report_key_uses_the_2025_code_and_keeps_a_merged_communes_name():
    kept = report(unit_name="Như Quỳnh", unit_level="thị trấn", unit_code="12004", unit_name_2025="Xã Như Quỳnh",
                  period_type="quarter", period_number=1, year=2024)
    assert report_key(kept) == "12004@2024Q1"
    merged = report(unit_name="Phương Định", unit_level="xã", unit_code="14038", unit_name_2025="Xã Ninh Giang",
                    period_type="half_year", period_number=1, year=2024)
    assert report_key(merged) == "14038-xa_phuong_dinh@2024H1"
    named = report(unit_name="1", unit_level="phường", district="Quảng Trị", district_level="thị xã",
                   province="Quảng Trị", period_type="year", year=2024)
    assert report_key(named) == "quang_tri/thi_xa_quang_tri/phuong_1@2024"
    assert report_key(report(unit_name="1", period_type="quarter", year=2024)) is None  # no quarter number
    assert report_key(report(period_type="quarter", period_number=2, year=2024)) is None  # no commune


def test_period_labels():
    assert [period_label(*p) for p in [("quarter", 3, 2024), ("half_year", 2, 2023), ("nine_months", None, 2024),
                                       ("year", None, 2022), ("month", 7, 2024), (None, None, 2024)]] == \
        ["2024Q3", "2023H2", "2024M1-9", "2022", "2024M07", None]


def test_check_schema_has_the_contract_columns():
    assert CHECK_SCHEMA.field("row_indexes").type == pa.list_(pa.int32())
    for name, typ in {"source_sha256": pa.string(), "table": pa.string(), "rule": pa.string(),
                      "expected": pa.float64(), "found": pa.float64(), "passed": pa.bool_(),
                      "detail": pa.string()}.items():
        assert CHECK_SCHEMA.field(name).type == typ
    assert INDICATOR_SCHEMA.field("flags").type == pa.list_(pa.string())
    assert REPORT_SCHEMA.field("n_checks_failed").type == pa.int32()


def _lake(tmp_path: Path) -> Path:
    """Three documents of two communes: the same report twice (one of them superseded), a second commune."""
    lake = tmp_path / "lake"
    reports = [
        report(source_file="a.pdf", source_sha256="aaa", report_key="12004@2024Q1", unit_name="Như Quỳnh",
               unit_code="12004", period_type="quarter", period_number=1, year=2024, current=True),
        report(source_file="a.docx", source_sha256="bbb", report_key="12004@2024Q1", unit_name="Như Quỳnh",
               unit_code="12004", period_type="quarter", period_number=1, year=2024, current=False,
               superseded_by="aaa"),
        report(source_file="b.pdf", source_sha256="ccc", report_key="15976-xa_hoang_luu@2024Q1",
               unit_name="Hoằng Lưu", unit_code="15976", period_type="quarter", period_number=1, year=2024),
        report(source_file="c.pdf", source_sha256="ddd", report_key="15976-xa_hoang_luu@2023Q4",
               unit_name="Hoằng Lưu", unit_code="15976", period_type="quarter", period_number=4, year=2023),
    ]
    values = {"aaa": (1034, 317), "bbb": (1034, 317), "ccc": (602, None), "ddd": (500, 20)}
    for rep in reports:
        total, done = values[rep.source_sha256]
        rows = [IndicatorRow(source_file=rep.source_file, source_sha256=rep.source_sha256, row_index=0,
                             indicator="Tổng số hồ sơ TTHC đã tiếp nhận", value=total,
                             indicator_key="tthc.ho_so.tiep_nhan"),
                IndicatorRow(source_file=rep.source_file, source_sha256=rep.source_sha256, row_index=1,
                             indicator="Số hồ sơ TTHC giải quyết đúng hạn", value=done,
                             indicator_key="tthc.ho_so.xa.dung_han"),
                IndicatorRow(source_file=rep.source_file, source_sha256=rep.source_sha256, row_index=2,
                             indicator="Số cây xanh trồng mới", unit="Cây", value=3, stt="4")]
        part = lake / "reports" / f"report_year={rep.year}"
        part.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist([rep.model_dump()], schema=REPORT_SCHEMA),
                       part / f"{rep.source_sha256}.parquet")
        part = lake / "indicators" / f"report_year={rep.year}"
        part.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist([r.model_dump() for r in rows], schema=INDICATOR_SCHEMA),
                       part / f"{rep.source_sha256}.parquet")
    return lake


def test_wide_table_reads_current_reports_only(tmp_path):
    table = wide_table(_lake(tmp_path))
    assert list(table["report_key"]) == ["12004@2024Q1", "15976-xa_hoang_luu@2023Q4", "15976-xa_hoang_luu@2024Q1"]
    assert list(table["tthc.ho_so.tiep_nhan"]) == [1034, 500, 602]  # not 2068: the superseded copy is left out
    assert table["tthc.ho_so.xa.dung_han"].isna().tolist() == [False, False, True]
    assert list(table.columns[-2:]) == ["tthc.ho_so.tiep_nhan", "tthc.ho_so.xa.dung_han"]


def test_wide_table_filters(tmp_path):
    table = wide_table(_lake(tmp_path), indicators=["tthc.ho_so.xa.*", "cqs.dvc.thanh_toan.ty_le"],
                       periods=["2024Q1"])
    assert list(table["period"]) == ["2024Q1", "2024Q1"]
    assert [c for c in table.columns if "." in c] == ["tthc.ho_so.xa.dung_han", "cqs.dvc.thanh_toan.ty_le"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_pivot_command_writes_each_format(tmp_path, suffix):
    lake, out = _lake(tmp_path), tmp_path / f"wide{suffix}"
    assert main(["pivot", str(lake), "--out", str(out), "--period", "2024Q1", "2023Q4"]) == 0
    read = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".xlsx": pd.read_excel}[suffix]
    back = read(out)
    assert len(back) == 3 and back["tthc.ho_so.tiep_nhan"].tolist() == [1034, 500, 602]


def test_pivot_command_refuses_what_it_cannot_do(tmp_path):
    assert main(["pivot", str(tmp_path), "--out", str(tmp_path / "x.csv")]) == 2  # no lake
    with pytest.raises(PivotError):
        write_table(pd.DataFrame(), tmp_path / "x.json")


def test_unmatched_lists_unkeyed_rows(tmp_path, capsys):
    assert main(["unmatched", str(_lake(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "4 rows    4 reports  Số cây xanh trồng mới | Cây" in out
    assert "4 unkeyed rows, 1 wordings" in out


def test_the_pipeline_fills_keys_paths_checks_and_the_report_key():
    converted = convert_file(SAMPLES / "001_911833c78731c98a.txt", "001.txt")
    rep, rows = converted.report, converted.rows
    assert rep.report_key is not None and rep.report_key.endswith("@2024Q1")
    assert rep.n_checks == len(converted.checks) > 20
    assert rep.n_checks_failed == sum(not c.passed for c in converted.checks)
    assert all(r.stt_path for r in rows)
    assert len({r.stt_path for r in rows}) == len(rows)
    keyed = [r for r in rows if r.indicator_key]
    assert len(keyed) == len(rows) and all(0 < r.key_score <= 1 for r in keyed)
    assert {r.stt_path: r.indicator_key for r in rows}["III.3.1.1"] == "tthc.ho_so.xa.giai_quyet"
    # 2.1: 27 of 27 procedures printed as 26 % (the commune divided by all 101): flagged
    flagged = {r.stt_path: r.flags for r in rows if r.flags}
    assert flagged["V.2.1"] == ["rate"]

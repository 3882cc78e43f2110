"""A table whose units and values came out empty or shifted makes the document partial; a right one does not."""
from __future__ import annotations

import json
from pathlib import Path

from baocao.pipeline import convert_file
from baocao.segment.rows import TableRecord
from baocao.segment.shape import misplaced_codes, shape_problems
from baocao.segment.vocab import unit_codes
from tests.expected_io import expected_files

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _records(rows: list[dict]) -> list[TableRecord]:
    return [TableRecord(table=r.get("table"), row_index=k, stt=r.get("stt"), indicator=r.get("indicator") or "",
                        unit=r.get("unit"), value_raw=r.get("value_raw"), value=r.get("value"), note=r.get("note"),
                        parent_stt=None, page=None, line=None) for k, r in enumerate(rows)]


def test_the_seeds_written_by_hand_have_the_shape_of_statistics_tables():
    for path in expected_files():
        rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
        assert shape_problems(_records(rows)) == [], path.name


def test_units_and_values_lost_or_shifted_are_named():
    rows = json.loads(expected_files()[0].read_text(encoding="utf-8"))["rows"]
    emptied = [dict(r, unit=None, value_raw=None, value=None) for r in rows]
    assert any("neither unit nor value" in p for p in shape_problems(_records(emptied)))
    shifted = [dict(r, unit=r["value_raw"] or "12", value_raw=None, value=None) for r in rows]
    assert any("units are figures" in p for p in shape_problems(_records(shifted)))
    # the unit read into the value column and the value into the note (a page whose grid lost a column)
    moved = [dict(r, unit=None, value_raw=r["unit"], value=None, note=r["value_raw"]) for r in rows]
    assert any("values are units" in p for p in shape_problems(_records(moved)))
    # the border between unit and value drawn inside the unit: its last word goes with the figure (`Văn` / `bản 275`)
    cut = [dict(r, unit=" ".join(r["unit"].split()[:-1]), value_raw=f"{r['unit'].split()[-1]} {r['value_raw']}")
           for r in rows if r["unit"] and r["value_raw"]]
    assert shape_problems(_records([r for r in rows if r["unit"] and r["value_raw"]])) == []
    assert any("begin with a unit's words" in p for p in shape_problems(_records(cut)))
    # unit and value read into the note (a ruled page whose grid lost the lines between them)
    noted = [dict(r, unit=None, value_raw=None, value=None, note=f"{r['unit']} {r['value_raw']}")
             for r in rows if r["unit"] and r["value_raw"]]
    assert any("notes hold a unit and a figure" in p for p in shape_problems(_records(noted)))
    # the value read into the note (the value's name lost, its column taken for the note's)
    valued = [r for r in rows if r["unit"] and r["value"] is not None]
    into_note = [dict(r, value_raw=None, value=None, note=r["value_raw"]) for r in valued]
    assert any("notes are figures" in p for p in shape_problems(_records(into_note)))
    assert not any("notes are figures" in p for p in shape_problems(_records(valued)))
    # the STT column lost: each sub-item's number read into its indicator, where the wrapped text surrounds it
    inside = [dict(r, stt=None, indicator=" ".join([*r["indicator"].split()[:2], r["stt"], *r["indicator"].split()[2:]]))
              for r in rows if r["stt"] and r["stt"].count(".") >= 1 and len(r["indicator"].split()) > 2]
    assert len(inside) >= 8
    assert any("STT inside their indicator" in p for p in shape_problems(_records(inside)))


def test_coded_units_cut_or_read_into_other_cells_are_named():
    truths = [json.loads(path.read_text(encoding="utf-8"))["rows"] for path in expected_files()]
    truths += [json.loads(path.read_text(encoding="utf-8"))["rows"] for path in (SAMPLES / "space").glob("*/truth.json")]
    rows = [r for rows in truths for r in rows]
    assert not [r for r in rows if misplaced_codes(r["indicator"], r["unit"], r["note"])]
    # pulled text's ways of mixing a coded unit with its neighbours (a wrapped unit's lines given to other rows or
    # cells), made from every coded row of the seeds (written by hand) and of the layout space's slice
    coded = [r for r in rows if r["unit"] and r["unit"].count("=") >= 2]
    assert len(coded) >= 20
    for r in coded:
        indicator, unit, note = r["indicator"], r["unit"], r["note"]
        head, _, last_code = unit.rpartition("=")
        assert misplaced_codes(indicator, head + "=", note)  # its last code read into the value or the next row
        assert misplaced_codes(indicator, f"{unit} Khác = {unit_codes(unit)[0]}", note)  # a code twice
        first_label = unit[:unit.index("=") + 2]  # `Có = 1`
        assert misplaced_codes(f"{indicator} {first_label}", unit[len(first_label):], note)
        assert misplaced_codes(indicator, unit, f"{note or ''} = {last_code}")  # its last code in the note


def test_a_table_without_its_columns_is_partial(tmp_path):
    # a table whose unit and value columns the text lost (only STT and indicator survived)
    lines = ["BIỂU THỐNG KÊ", "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu\tGhi chú"]
    lines += [f"{k}\tSố văn bản đã ban hành theo kế hoạch lần {k}\t\t\t" for k in range(1, 13)]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    converted = convert_file(path, path.name)
    assert converted.report.status == "partial" and "neither unit nor value" in converted.report.error
    # and every row of that table says so itself (a value read there is no sure value)
    assert converted.rows and all("table_shape" in row.flags for row in converted.rows)


def test_a_right_table_has_no_row_flagged_for_its_shape():
    seed = SAMPLES / "001_911833c78731c98a.txt"
    assert not [row for row in convert_file(seed, seed.name).rows if "table_shape" in row.flags]


def test_rows_outside_every_table_make_the_document_partial(tmp_path):
    # a seed whose first table lost its header's names (as OCR garbles them): its rows stand outside every table
    seed = SAMPLES / "001_911833c78731c98a.txt"
    assert convert_file(seed, seed.name).report.status == "ok"
    lines = seed.read_text(encoding="utf-8").splitlines()
    header = next(k for k, line in enumerate(lines) if "Chỉ tiêu" in line)
    lines[header] = "x"
    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = convert_file(path, path.name).report
    assert report.status == "partial" and "outside every table read as its rows" in report.error

"""The sample-document builder: what it prints from an expected JSON, and whether the checked-in documents are
still those of the seeds' current expected outputs (no renderer needed)."""
from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from baocao.pipeline import convert_file
from baocao.segment.scoring import cell_f1
from tests.expected_io import REPORT_FIELDS, SAMPLES

_spec = importlib.util.spec_from_file_location("make_documents", SAMPLES / "build" / "make_documents.py")
builder = importlib.util.module_from_spec(_spec)
sys.modules["make_documents"] = builder  # dataclasses look their module up
_spec.loader.exec_module(builder)


def test_printed_value():
    assert builder.printed_value(r"$\frac{317}{1.034} = 31\%$") == "317/1.034 = 31%"
    assert builder.printed_value("184/184= 100%") == "184/184= 100%"
    assert builder.printed_value(None) is None


def test_table_lines_mark_breakdowns_and_dash_rows():
    rows = [
        {"stt": "1", "indicator": "Số hồ sơ", "unit": "Hồ sơ", "value_raw": "3", "note": None},
        {"stt": None, "indicator": "Trả trực tiếp", "unit": "Hồ sơ", "value_raw": "2", "note": None},
        {"stt": None, "indicator": "Trả qua BCCI", "unit": "Hồ sơ", "value_raw": "1", "note": None},
        {"stt": "-", "indicator": "Số cán bộ bị kỷ luật", "unit": "Người", "value_raw": "0", "note": None},
    ]
    printed = [(r["stt"], r["indicator"]) for r in builder.table_lines(rows)]
    assert printed == [("1", "Số hồ sơ"), ("", "Trong đó:"), ("", "Trả trực tiếp"), ("", "Trả qua BCCI"),
                       ("", "- Số cán bộ bị kỷ luật")]


def test_cmap_entries_dropped_from_bfchar_and_bfrange():
    cmap = ("2 beginbfchar\n<0003> <01A1>\n<0004> <0061>\nendbfchar\n"
            "1 beginbfrange\n<0010> <0012> <1EE4>\nendbfrange\n")  # Ụ ụ Ủ
    new, counts = builder._drop_cmap_entries(cmap, {"ơ", "ụ", "Ụ"})
    assert counts == {"ơ": 1, "Ụ": 1, "ụ": 1}
    assert "<0004> <0061>" in new and "01A1" not in new
    assert "<0012> <0012> <1EE6>" in new and "1EE4" not in new and "1EE5" not in new


SMALL = {
    "source_file": "x.txt",
    "report": {"unit_name": "Hoằng Lưu", "unit_level": "xã", "district": "Hoằng Hóa", "district_level": "huyện",
               "province": "Thanh Hóa", "period_type": "half_year", "period_number": 1, "year": 2023,
               "report_number": "12/BC-UBND", "report_date": "2023-06-12", "signer": "Lê Ngọc Hạnh",
               "signer_title": "Phó Chủ tịch"},
    "rows": [
        {"table": "Biểu mẫu 1", "stt": "I", "indicator": "CÔNG TÁC CHỈ ĐẠO", "unit": None, "value_raw": None,
         "value": None, "note": None, "parent_stt": None},
        {"table": "Biểu mẫu 1", "stt": "1", "indicator": "Số văn bản đã ban hành", "unit": "Văn bản",
         "value_raw": "12", "value": 12, "note": "đúng hạn", "parent_stt": "I"},
        {"table": "Biểu mẫu 1", "stt": None, "indicator": "Kế hoạch", "unit": "Văn bản", "value_raw": "5",
         "value": 5, "note": None, "parent_stt": "1"},
        {"table": "Biểu mẫu 2", "stt": "1", "indicator": "Tỷ lệ hồ sơ đúng hạn", "unit": "%",
         "value_raw": r"$\frac{317}{1.034} = 31\%$", "value": 31, "note": None, "parent_stt": None},
        {"table": "Biểu mẫu 2", "stt": "-", "indicator": "Số hồ sơ quá hạn", "unit": "Hồ sơ", "value_raw": "0",
         "value": 0, "note": None, "parent_stt": "1"},
    ],
}


def test_built_docx_reads_back_as_its_expected_output(tmp_path):
    path = tmp_path / "small.docx"
    builder.build_docx(SMALL, path, builder.Layout())
    converted = convert_file(path, path.name)
    want = builder.variant_expected(SMALL, path.name, None)
    got = [r.model_dump() for r in converted.rows]
    assert cell_f1(want["rows"], got).f1 == 1.0
    assert [(r["table"], r["parent_stt"]) for r in got] == [(r["table"], r["parent_stt"]) for r in want["rows"]]
    report = converted.report.model_dump(mode="json")
    assert {k: report[k] for k in REPORT_FIELDS} == SMALL["report"]


BUILT = [v for v in builder.VARIANTS if (SAMPLES / "expected" / f"{v.name}.json").exists()]


@pytest.mark.parametrize("variant", BUILT, ids=[v.name for v in BUILT])
def test_built_sample_matches_its_seed(variant):
    """A seed's expected JSON changed after its documents were built: rerun samples/build/make_documents.py."""
    seed = json.loads((SAMPLES / "expected" / f"{variant.seed}.json").read_text(encoding="utf-8"))
    built = json.loads((SAMPLES / "expected" / f"{variant.name}.json").read_text(encoding="utf-8"))
    folder = "docx" if variant.kind in ("docx", "word_style") else "pdf"
    assert (SAMPLES / folder / built["source_file"]).is_file()
    assert built["report"] == seed["report"]
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("page", "value_raw")} for r in rows]  # noqa: E731
    assert strip(built["rows"]) == strip(seed["rows"])
    pages = [r["page"] for r in built["rows"]]
    if folder == "pdf":
        assert all(pages) and pages == sorted(pages)


def test_lost_glyph_pdf_reads_as_cids():
    pdfplumber = pytest.importorskip("pdfplumber")
    variant = next((v for v in BUILT if v.kind == "lost_glyphs"), None)
    if variant is None:
        pytest.skip("no lost-glyph sample built")
    with pdfplumber.open(SAMPLES / "pdf" / f"{variant.name}.pdf") as pdf:
        text = pdf.pages[0].extract_text() + pdf.pages[-1].extract_text()
    letters = variant.options["letters"]
    assert "(cid:" in text
    assert not any(c in text or c.upper() in text for c in letters)

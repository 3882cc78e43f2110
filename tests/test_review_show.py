"""`inspect` fits the terminal and shows page, full values and flags; `text` marks a PDF's page breaks."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

from baocao.cli import main
from baocao.lake.show import render_inspect

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue()


def _rows(n_long: int = 3) -> list[dict]:
    long = "Tổng số hồ sơ thủ tục hành chính đã tiếp nhận trong kỳ báo cáo (cả trực tiếp và trực tuyến) " * 2
    rows = [{"table": "Phụ lục 2", "stt": f"3.{k}", "indicator": long.strip(), "unit": "Đồng",
             "value_raw": "8.066.841.050", "value": 8066841050.0, "note": None, "page": 4,
             "flags": ["sum"], "confidence": 0.42} for k in range(n_long)]
    rows.append({"table": "Phụ lục 2", "stt": "4", "indicator": "Tỷ lệ", "unit": "%", "value_raw": "26,6",
                 "value": 26.6, "note": None, "page": 5, "flags": [], "confidence": 1.0})
    return rows


def test_inspect_fits_the_width_and_shows_full_values_pages_and_flags():
    for width in (80, 120, 200):
        text = render_inspect({"source_file": "x.pdf", "status": "ok"}, _rows(), width=width)
        table = text.split("\n\n", 1)[1]
        assert all(len(line) <= width for line in table.splitlines()), width
        assert "8.066.841.050" in table and "26,6" in table  # figures whole, never `8.06684e+09`
        assert "e+" not in table
        assert "conf 0.42" in table and "sum" in table
        header = table.splitlines()[0]
        assert "page" in header and "flags" in header
        # the long indicator is wrapped, not cut: every word is there
        words = " ".join(table.split())
        assert "(cả trực tiếp và trực tuyến)" in words


def test_text_marks_page_breaks_of_a_pdf_and_keeps_its_lines():
    pdf = SAMPLES / "pdf" / "001_ruled.pdf"
    text = _run(["text", str(pdf)])
    import pypdfium2

    n_pages = len(pypdfium2.PdfDocument(str(pdf)))
    assert text.count("\f") == n_pages - 1
    seed = SAMPLES / "001_911833c78731c98a.txt"
    assert "\f" not in _run(["text", str(seed)])  # a text file's lines are its own

"""What the review page marks: the line each report field was found in, and the words a repair changed in a row."""
from __future__ import annotations

import json
from pathlib import Path

from baocao.review.marks import WordChange, changes_by_row, mark_words
from baocao.review.snippets import field_lines
from baocao.schemas import Repair

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_each_field_points_at_a_line_that_states_it():
    for seed in sorted(SAMPLES.glob("0*.txt")):
        truth = json.loads((SAMPLES / "expected" / f"{seed.stem}.json").read_text(encoding="utf-8"))["report"]
        lines = seed.read_text(encoding="utf-8").splitlines()
        found = field_lines(truth, lines)
        for name in ("unit_name", "signer", "report_number"):
            if truth.get(name):
                assert name in found, (seed.name, name)
                assert "".join(truth[name].split()).casefold() in "".join(lines[found[name]].split()).casefold()
        if truth.get("report_date"):
            year = truth["report_date"][:4]
            assert year in lines[found["report_date"]], seed.name
        if truth.get("period_type") == "quarter":
            assert "quý" in lines[found["period_type"]].casefold()


def test_repaired_words_are_found_in_their_row():
    rows = [{"row_index": 0, "line": 10, "indicator": "Số phương án đơn giản hóa"},
            {"row_index": 1, "line": 12, "indicator": "Tỷ lệ hồ sơ đúng hạn"}]
    repairs = [Repair(line=11, kind="glyph", before="đơn gi n hóa", after="đơn giản hóa"),
               Repair(line=12, kind="ocr", before="đứng hạn", after="đúng hạn")]
    found = changes_by_row(rows, repairs)
    assert found[0] == [WordChange("glyph", "gi n", "giản")]  # line 11 is the first row's second line
    assert found[1] == [WordChange("ocr", "đứng", "đúng")]
    pieces = mark_words(rows[1]["indicator"], found[1])
    assert [p for p, change in pieces if change is not None] == ["đúng"]
    assert "".join(p for p, _ in pieces) == rows[1]["indicator"]

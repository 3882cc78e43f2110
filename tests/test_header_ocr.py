"""A table header as OCR reads it still reads as a header: the column-number row with its marks misread, dashes
and specks between the header's words."""
from __future__ import annotations

import pytest

from baocao.segment.vocab import header_words_only


@pytest.mark.parametrize("words", [
    ["(1)", "(2)", "(3)", "(4)", "(5)"],
    ["q)", "(2)", "(3)", "(4)", "(5)"],  # `(1)` with its `(1` read as one letter
    ["()", "(2).", "(3)", "4)", "(5)"],  # a mark lost, a speck after one
    ["(Sử", "dụng", "trong", "kỳ", "báo", "cáo", "hàng", "quý,", "6", "—", "Đơn", "vị", "tính", "Số", "liệu"],
])
def test_header_lines_as_read(words):
    assert header_words_only(words)


@pytest.mark.parametrize("words", [
    ["2.1", "Số", "VBQPPL", "đã", "kiểm", "tra", "Văn", "bản", "0"],
    ["(a)", "Tổng", "số", "hồ", "sơ"],
    ["Số", "liệu", "(2)", "101"],  # a value is no column number
])
def test_body_lines_are_no_header(words):
    assert not header_words_only(words)

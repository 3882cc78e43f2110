"""One rule joins a table cell's lines for every segmenter (samples/README.md)."""
from baocao.normalize.text import ends_open, join_cell_lines


def test_lines_join_with_one_space():
    assert join_cell_lines(["Cấp huyện báo ", "", "  cáo cho cấp xã "]) == "Cấp huyện báo cáo cho cấp xã"


def test_a_hyphen_glued_to_a_word_joins_without_space():
    assert join_cell_lines(["Kế hoạch số 61/KH-", "UBND về"]) == "Kế hoạch số 61/KH-UBND về"
    assert join_cell_lines(["QĐ Số 252/QĐ-", "UBND ngày", "30/12/2023"]) == "QĐ Số 252/QĐ-UBND ngày 30/12/2023"


def test_a_free_standing_dash_keeps_its_space():
    assert join_cell_lines(["từ 70% -", "dưới 100%"]) == "từ 70% - dưới 100%"
    assert join_cell_lines(["-", "Cấp xã"]) == "- Cấp xã"


def test_closing_marks_a_narrow_column_wrapped_join_the_line_above():
    assert join_cell_lines(["1.1.1", "."]) == "1.1.1."
    assert join_cell_lines(["(lũy kế đến kỳ báo cáo", ")"]) == "(lũy kế đến kỳ báo cáo)"
    assert join_cell_lines(["Tỷ lệ", ".5 điểm"]) == "Tỷ lệ .5 điểm"  # a mark that starts text keeps its space


def test_a_number_or_a_reference_cut_at_its_separator_joins_without_space():
    assert join_cell_lines(["1.977,", "5"]) == "1.977,5"
    assert join_cell_lines(["2.561/2.", "561 =100%"]) == "2.561/2.561 =100%"
    assert join_cell_lines(["QĐ Số 252/QĐ", "-UBND ngày"]) == "QĐ Số 252/QĐ-UBND ngày"
    assert join_cell_lines(["1.542/1", ".736", "=89%"]) == "1.542/1.736 =89%"  # cut right before a separator
    assert join_cell_lines(["Số liệu 12,", "15 hồ sơ"]) == "Số liệu 12, 15 hồ sơ"  # no number's parts
    assert join_cell_lines(["CCHC", "- Cấp xã"]) == "CCHC - Cấp xã"  # a dash item, not a reference's hyphen
    # a column narrower than the reference's kind broke inside it
    assert join_cell_lines(["QĐ Số", "252/Q", "Đ-", "UBND ngày"]) == "QĐ Số 252/QĐ-UBND ngày"
    assert join_cell_lines(["Số 12/UBND", "Về việc"]) == "Số 12/UBND Về việc"


def test_a_colon_a_narrow_column_had_no_room_for_joins_its_label():
    assert join_cell_lines(["Có: 1;", "Không", ": 2"]) == "Có: 1; Không: 2"
    assert join_cell_lines(["Đúng quy định", ": 1"]) == "Đúng quy định: 1"


def test_a_text_ending_on_a_word_that_opens_what_follows_goes_on():
    assert ends_open("Số lãnh đạo cấp phòng thuộc sở, ban, ngành và")
    assert ends_open("Tổng số thủ tục cung cấp trực tuyến mức độ")  # a level's number follows
    assert not ends_open("Tổng số thủ tục cung cấp trực tuyến mức độ 3") and not ends_open("Cải cách chế độ công vụ")

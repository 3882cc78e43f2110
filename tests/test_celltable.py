"""Exact cells (DOCX, ruled PDF) to cell rows: column roles from the header, what is not a row, STT cells."""
from __future__ import annotations

from baocao.extract.base import CellTable
from baocao.segment.celltable import cell_rows_from_table, find_columns, is_column_numbers
from baocao.segment.rows import build_records

HEADER = [
    ["STT", "Chỉ tiêu thống kê\n(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", "Kết quả thống kê", "", "Ghi chú"],
    ["", "", "Đơn vị tính", "Số liệu", ""],
]
NUMBERS = ["(1)", "(2)", "(3)", "(4)", "(5)"]


def rows_of(body, header=HEADER, **kw):
    return cell_rows_from_table(CellTable(rows=[*header, *body], **kw))


def test_two_row_header_gives_unit_and_value_under_the_merged_cell():
    columns = find_columns(HEADER, 5)
    assert (columns.stt, columns.indicator, columns.unit, columns.value, columns.note) == (0, 1, 2, 3, (4,))


def test_columns_follow_the_header_not_the_position():
    header = [["TT", "Nội dung", "Số liệu", "ĐVT", "Ghi chú"]]
    rows = rows_of([["1", "Số văn bản đã ban hành", "12", "Văn bản", "đúng hạn"]], header=header)
    assert [(r.stt, r.indicator, r.unit, r.value, r.note) for r in rows] == [
        ("1", "Số văn bản đã ban hành", "Văn bản", "12", "đúng hạn")]


def test_header_rows_column_numbers_and_repeated_headers_are_not_rows():
    body = [
        NUMBERS,
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", ""],
        ["1", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", "12", ""],
        *HEADER,  # the header again where a page began (a ruled PDF table joined across pages)
        NUMBERS,
        ["2", "Tỷ lệ hoàn thành Kế hoạch CCHC năm", "%", "16,67%", ""],
    ]
    rows = rows_of(body)
    assert [(r.stt, r.indicator) for r in rows] == [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        ("1", "Số văn bản chỉ đạo CCHC đã ban hành"),
        ("2", "Tỷ lệ hoàn thành Kế hoạch CCHC năm"),
    ]
    assert rows[2].value == "16,67%" and rows[2].unit == "%"


def test_trong_do_marker_opens_breakdown_rows_until_the_next_numbered_row():
    body = [
        ["3", "Số hồ sơ đã giải quyết", "Hồ sơ", "120", ""],
        ["", "Trong đó:", "", "", ""],
        ["", "Trả trực tiếp", "Hồ sơ", "100", ""],
        ["", "Trả qua BCCI", "Hồ sơ", "20", ""],
        ["4", "Số hồ sơ quá hạn", "Hồ sơ", "0", ""],
    ]
    rows = rows_of(body)
    assert [(r.stt, r.indicator, r.breakdown) for r in rows] == [
        ("3", "Số hồ sơ đã giải quyết", False),
        ("", "Trả trực tiếp", True),
        ("", "Trả qua BCCI", True),
        ("4", "Số hồ sơ quá hạn", False),
    ]
    records = build_records(rows)
    assert [r.parent_stt for r in records] == [None, "3", "3", None]


def test_trong_do_with_text_in_the_same_cell_is_a_row():
    rows = rows_of([["1", "Tổng số TTHC", "Thủ tục", "101", ""], ["", "Trong đó: TTHC cấp xã", "Thủ tục", "90", ""]])
    assert [(r.stt, r.indicator, r.breakdown) for r in rows][1] == ("", "TTHC cấp xã", True)


def test_dash_indicator_is_a_dash_row():
    rows = rows_of([
        ["IV", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "", "", ""],
        ["", "- Số cán bộ cấp xã bị kỷ luật.", "Người", "0", ""],
        ["-", "Số công chức cấp xã bị kỷ luật.", "Người", "0", ""],
    ])
    assert [(r.stt, r.indicator) for r in rows][1:] == [
        ("-", "Số cán bộ cấp xã bị kỷ luật."), ("-", "Số công chức cấp xã bị kỷ luật.")]
    assert [r.parent_stt for r in build_records(rows)] == [None, "IV", "IV"]


def test_cells_from_a_pdf_table_none_cells_pages_and_wrapped_lines():
    body = [
        [None, None, None, None, None],
        ["1.1.", "Số VBQPPL do cấp xã\nban hành", "Văn bản", "0", None],
        ["1.2", "Số VBQPPL đã rà soát", "Văn\nbản", "3", "Cấp huyện\nbáo cáo"],
    ]
    rows = rows_of(body, label="Phụ lục 2", row_pages=[2, 2, 2, 3, 4], line=10)
    assert [(r.stt, r.indicator, r.unit, r.note, r.page, r.table) for r in rows] == [
        ("1.1", "Số VBQPPL do cấp xã ban hành", "Văn bản", "", 3, "Phụ lục 2"),
        ("1.2", "Số VBQPPL đã rà soát", "Văn bản", "Cấp huyện báo cáo", 4, "Phụ lục 2"),
    ]
    assert rows[0].line == 13


def test_section_title_merged_across_the_row_lands_in_the_stt_cell():
    rows = rows_of([["II. CẢI CÁCH THỂ CHẾ", "", "", "", ""], ["1", "Tổng số VBQPPL", "Văn bản", "0", ""]])
    assert [(r.stt, r.indicator) for r in rows] == [("II", "CẢI CÁCH THỂ CHẾ"), ("1", "Tổng số VBQPPL")]


def test_continuation_without_header_is_read_by_position():
    table = CellTable(rows=[
        ["4.4", "Số nhiệm vụ quá hạn nhưng chưa hoàn thành", "Nhiệm vụ", "0", ""],
        ["5", "Khảo sát sự hài lòng của người dân", "Có = 1; Không = 0", "1", ""],
        ["5.1", "Số lượng phiếu khảo sát", "Số lượng", "1.034", ""],
    ])
    rows = cell_rows_from_table(table)
    assert [(r.stt, r.unit, r.value) for r in rows] == [
        ("4.4", "Nhiệm vụ", "0"), ("5", "Có = 1; Không = 0", "1"), ("5.1", "Số lượng", "1.034")]


def test_layout_tables_give_no_rows():
    header_block = CellTable(rows=[["ỦY BAN NHÂN DÂN\nXÃ PHƯƠNG ĐỊNH\nSố: 09/BC-UBND",
                                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]])
    signature = CellTable(rows=[["Nơi nhận:\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Minh Khâm"]])
    assert cell_rows_from_table(header_block) == []
    assert cell_rows_from_table(signature) == []
    assert cell_rows_from_table(CellTable(rows=[])) == []


def test_column_numbers():
    assert is_column_numbers(["(1)", "(2)", "(3)", "(4)", "(5)"])
    assert is_column_numbers(["1", "2", "3", "4", ""])
    assert not is_column_numbers(["1", "Số văn bản", "Văn bản", "12", ""])
    assert not is_column_numbers(["1", "3", "7", "", ""])


def test_row_split_by_a_page_break_joins_the_row_above():
    body = [
        ["3.3.2", "Số vấn đề phát hiện đã xử", "Vấn đề", "0", ""],
        *HEADER,
        ["", "lý xong", "", "", ""],
        ["4", "Thực hiện nhiệm vụ", "", "", ""],
        ["", "a) Nhiệm vụ của huyện giao", "Nhiệm vụ", "2", ""],
    ]
    rows = rows_of(body, row_pages=[2, 2, 2, 3, 3, 3, 3, 3])
    assert [(r.stt, r.indicator, r.page) for r in rows] == [
        ("3.3.2", "Số vấn đề phát hiện đã xử lý xong", 2), ("4", "Thực hiện nhiệm vụ", 3),
        ("", "a) Nhiệm vụ của huyện giao", 3)]


def test_label_in_a_title_row_inside_the_table():
    title = [["Phụ lục 3", "", "", "", ""]]
    rows = rows_of([["1", "Số cuộc kiểm tra", "Cuộc", "2", ""]], header=[*title, *HEADER])
    assert [(r.stt, r.table) for r in rows] == [("1", "Phụ lục 3")]


def test_header_in_other_words_and_lettered_column_numbers():
    header = [["Số TT", "Tên chỉ tiêu", "Đơn vị", "Số liệu thống kê", "Ghi chú"], ["A", "B", "1", "2", "3"]]
    rows = rows_of([["1", "Số cuộc kiểm tra", "Cuộc", "2", ""], *header[:1], ["2", "Số vấn đề", "Vấn đề", "0", ""]],
                   header=header)
    assert [(r.stt, r.indicator, r.unit, r.value) for r in rows] == [
        ("1", "Số cuộc kiểm tra", "Cuộc", "2"), ("2", "Số vấn đề", "Vấn đề", "0")]
    assert is_column_numbers(["A", "B", "1", "2", "3"])
    assert not is_column_numbers(["B", "A", "1", "2", "3"])


def test_line_wrapped_after_a_word_hyphen_joins_without_space():
    rows = rows_of([["1.1", "Số TTHC đã phê duyệt", "Thủ tục", "5", "QĐ Số 252/QĐ-\nUBND ngày 30/12/2023"],
                    ["1.2", "Tỷ lệ hồ sơ", "%", "100% -\nTỷ lệ trực tuyến", ""]])
    assert [(r.note, r.value) for r in rows] == [("QĐ Số 252/QĐ-UBND ngày 30/12/2023", "5"),
                                                 ("", "100% - Tỷ lệ trực tuyến")]

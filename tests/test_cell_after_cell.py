"""Text pulled cell after cell (PyMuPDF, pypdfium2): each cell on lines of its own, a narrow STT column's number
wrapped (`10.` / `1`, `1.2.1` / `.`)."""
from baocao.extract.text import text_document
from baocao.segment.reader import read_tables
from baocao.segment.rows import build_records

HEADER = ["Phụ lục", "STT", "Tên chỉ tiêu", "Kết quả thống kê", "Ghi chú", "ĐVT", "Kết quả"]


def _rows(lines: list[str]) -> list[tuple]:
    records = build_records(read_tables(text_document(HEADER + lines)))
    return [(r.stt, r.indicator, r.unit, r.value_raw) for r in records]


def test_an_stt_wrapped_in_a_narrow_column_is_one_number():
    rows = _rows([
        "1", "Số văn bản quy phạm pháp luật đã ban", "hành", "Văn bản", "39",
        "2", "Thực hiện cơ chế một cửa, một cửa liên", "thông",
        "2.", "1", "Số thủ tục hành chính đưa vào thực hiện", "theo cơ chế một cửa", "Thủ tục", "105",
        "2.", "2", "Số thủ tục hành chính liên thông giữa các", "cấp chính quyền", "Thủ tục", "16",
        "2.", "3", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "98",
        "3", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4",
    ])
    assert [r[0] for r in rows] == ["1", "2", "2.1", "2.2", "2.3", "3"]
    assert rows[2] == ("2.1", "Số thủ tục hành chính đưa vào thực hiện theo cơ chế một cửa", "Thủ tục", "105")
    assert rows[4][2:] == ("%", "98")


def test_a_dot_wrapped_after_an_stt_is_the_stts():
    rows = _rows([
        "1.", "Công tác chỉ đạo, điều hành",
        "1.1.", "Số văn bản chỉ đạo đã ban hành", "Văn bản", "24",
        "1.1.1", ".", "Số kế hoạch đã ban hành", "Kế hoạch", "3",
        "1.1.2", ".", "Số công văn đôn đốc đã ban hành", "Văn bản", "21",
    ])
    assert [r[0] for r in rows] == ["1", "1.1", "1.1.1", "1.1.2"]
    assert rows[2] == ("1.1.1", "Số kế hoạch đã ban hành", "Kế hoạch", "3")


def test_a_figure_inside_an_indicator_at_a_line_end_stays_the_indicators():
    rows = _rows([
        "1 Số đơn vị sự nghiệp đã thực hiện tự chủ 100%", "chi thường xuyên và chi đầu tư", "Cơ quan,", "đơn vị", "12",
        "2 Số đơn vị sự nghiệp do nhà nước đảm bảo 100%", "chi thường xuyên", "Cơ quan,", "đơn vị", "10",
    ])
    assert rows == [
        ("1", "Số đơn vị sự nghiệp đã thực hiện tự chủ 100% chi thường xuyên và chi đầu tư", "Cơ quan, đơn vị", "12"),
        ("2", "Số đơn vị sự nghiệp do nhà nước đảm bảo 100% chi thường xuyên", "Cơ quan, đơn vị", "10")]


def test_a_coded_unit_over_many_lines_is_one_unit_after_a_breakdown():
    # a narrow unit column puts a word or two on each line; each answer's label opens with a capital, as a row
    # does, and `12.` on a line of its own reads as well as a unit's piece, but it ends the `Trong đó` sub-rows
    coded = ["Đúng", "quy", "định: 1", "Không", "đúng", "quy", "định: 2"]
    rows = _rows([
        "11.", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "120", "Trong đó:", "Tiếp nhận trực tiếp", "80",
        "Tiếp nhận trực tuyến", "40",
        "12.", "Sắp xếp tổ chức bộ máy, ban hành", "quy chế làm việc", *coded, "1",
        "13.", "Phân công nhiệm vụ phù hợp với trình", "độ cho từng công chức", *coded, "2",
    ])
    unit = "Đúng quy định: 1 Không đúng quy định: 2"
    assert [r[0] for r in rows] == ["11", None, None, "12", "13"]
    assert rows[3] == ("12", "Sắp xếp tổ chức bộ máy, ban hành quy chế làm việc", unit, "1")
    assert rows[4] == ("13", "Phân công nhiệm vụ phù hợp với trình độ cho từng công chức", unit, "2")



def test_a_wrapped_stts_rest_comes_with_the_rows_next_visual_line():
    # the tool gives each cell's first line, then the second lines: the STT's rest `1.` after the row's figures
    rows = _rows([
        "11.", "Kết quả giải quyết hồ sơ", "11.1.", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "2046",
        "11.2.", "Số hồ sơ đã giải quyết", "Hồ sơ", "1980",
        "11.3.", "Tỷ lệ hồ sơ được tiếp nhận", "trực tuyến", "%", "87",
        "11.3.", "Tổng số hồ sơ", "Hồ sơ", "1786", "1.", "đã tiếp nhận",
        "11.3.", "Số hồ sơ đã tiếp", "Hồ sơ", "1624", "2.", "nhận trực tuyến",
        "12.", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4",
    ])
    assert [r[0] for r in rows] == ["11", "11.1", "11.2", "11.3", "11.3.1", "11.3.2", "12"]
    assert rows[4] == ("11.3.1", "Tổng số hồ sơ đã tiếp nhận", "Hồ sơ", "1786")
    assert rows[5] == ("11.3.2", "Số hồ sơ đã tiếp nhận trực tuyến", "Hồ sơ", "1624")


def test_a_row_broken_across_pages_goes_on_from_the_left_under_the_repeated_header():
    rows = _rows([
        "3.1", "Số cán bộ bị kỷ luật", "Người", "31",
        "3.2", "Số lãnh đạo cấp phòng thuộc sở,", "Người",
        *HEADER[1:],  # the next page: its header again, then the rest of each of the row's cells
        "ban, ngành và Ủy ban nhân dân", "cấp huyện bị kỷ luật", "5",
        "3.3", "Số người làm việc tại các đơn vị", "sự nghiệp bị kỷ luật", "Người", "7",
    ])
    assert rows == [
        ("3.1", "Số cán bộ bị kỷ luật", "Người", "31"),
        ("3.2", "Số lãnh đạo cấp phòng thuộc sở, ban, ngành và Ủy ban nhân dân cấp huyện bị kỷ luật", "Người", "5"),
        ("3.3", "Số người làm việc tại các đơn vị sự nghiệp bị kỷ luật", "Người", "7")]


def test_a_unit_the_indicator_names_is_its_unit():
    rows = _rows([
        "4.", "Tiếp nhận, xử lý phản ánh, kiến nghị",
        "4.1.", "Tổng số PAKN đã tiếp nhận", "PAKN", "10",
        "4.2.", "Số PAKN đã giải quyết xong", "PAKN", "6",
    ])
    assert rows[1:] == [("4.1", "Tổng số PAKN đã tiếp nhận", "PAKN", "10"),
                        ("4.2", "Số PAKN đã giải quyết xong", "PAKN", "6")]


def test_a_sub_row_opening_as_its_total_does_is_a_row_of_its_own():
    rows = _rows([
        "7.5.", "Số liệu về trao đổi văn bản", "điện tử",
        "7.5.", "1.", "Tổng số văn bản đi của", "cơ quan, đơn vị", "Văn bản", "352",
        "7.5.", "2.", "Tỷ lệ văn bản đi dưới", "dạng điện tử của cơ", "quan, đơn vị.", "Trong đó:",
        "Tỷ lệ sử dụng văn bản", "điện tử của các sở, ban,", "ngành tỉnh", "%", "0",
        "Tỷ lệ sử dụng văn bản", "điện tử của UBND cấp", "huyện", "%", "100",
    ])
    assert rows[2:] == [
        ("7.5.2", "Tỷ lệ văn bản đi dưới dạng điện tử của cơ quan, đơn vị.", None, None),
        (None, "Tỷ lệ sử dụng văn bản điện tử của các sở, ban, ngành tỉnh", "%", "0"),
        (None, "Tỷ lệ sử dụng văn bản điện tử của UBND cấp huyện", "%", "100")]


def test_an_indicator_does_not_end_open_before_its_figures():
    rows = _rows([
        "1", "Số lãnh đạo cấp phòng thuộc sở, ban, ngành và", "Ủy ban nhân dân cấp huyện bị kỷ luật", "Người", "21",
        "2", "Số thủ tục hành chính cung cấp trực tuyến", "mức độ 3", "Thủ tục", "143",
        "3", "Số người làm việc bị kỷ luật", "Người", "4",
    ])
    assert rows == [
        ("1", "Số lãnh đạo cấp phòng thuộc sở, ban, ngành và Ủy ban nhân dân cấp huyện bị kỷ luật", "Người", "21"),
        ("2", "Số thủ tục hành chính cung cấp trực tuyến mức độ 3", "Thủ tục", "143"),
        ("3", "Số người làm việc bị kỷ luật", "Người", "4")]



def test_under_a_breakdown_marked_by_dashes_a_line_without_one_is_no_sub_row():
    # the sub-rows under `Trong đó` open with `-`: the note after the last one's value is its note, not a row
    rows = build_records(read_tables(text_document(HEADER + [
        "1", "Số đơn vị sự nghiệp công lập thuộc Ủy ban", "nhân dân cấp huyện", "Đơn vị", "14",
        "Trong đó:", "- Số đơn vị tự chủ một phần chi", "thường xuyên", "Đơn vị", "9",
        "- Tỷ lệ đơn vị đã giảm so với năm", "2015", "%", "12", "Số liệu ước tính",
        "2", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4",
    ])))
    assert [(r.stt, r.indicator, r.unit, r.value_raw, r.note) for r in rows] == [
        ("1", "Số đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân cấp huyện", "Đơn vị", "14", None),
        ("-", "Số đơn vị tự chủ một phần chi thường xuyên", "Đơn vị", "9", None),
        ("-", "Tỷ lệ đơn vị đã giảm so với năm 2015", "%", "12", "Số liệu ước tính"),
        ("2", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4", None)]


def test_a_coded_units_code_wrapped_onto_the_next_line_is_the_units_not_the_value():
    # `… 3 cấp =` / `2`: the last label's code, then the row's value `1`, then the next row's STT
    rows = _rows([
        "1.", "Số cuộc họp trực tuyến đã tổ chức", "Cuộc", "6",
        "2.", "Xây dựng và vận hành hệ thống họp trực tuyến từ tỉnh đến", "cấp xã",
        "Chưa có = 0 2 cấp = 1 3 cấp =", "2", "1",
        "3.", "Số văn bản điện tử gửi đi trong kỳ", "Văn bản", "185",
        "4.", "Kết nối với hệ thống một cửa điện tử cấp tỉnh", "Đã kết nối =", "1 Chưa kết nối = 0", "0",
        "5.", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4",
    ])
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[1][2:] == ("Chưa có = 0 2 cấp = 1 3 cấp = 2", "1")
    assert rows[3][2:] == ("Đã kết nối = 1 Chưa kết nối = 0", "0")


def test_a_line_ending_on_a_soft_breaks_space_goes_on_in_the_next():
    # PyMuPDF and pypdfium2 keep the space a cell's line wrapped at, and none where a cell ends: a narrow note's
    # lines (`vẫn ` / `đang `, `(VD: ` / `Ban Chỉ`) go on to its end, none opens a row
    rows = _rows([
        "3.3.2. Số ban, chi cục, trung tâm trực thuộc", "Cơ", "quan,", "đơn vị", "5",
        "3.3.3.", "Số tổ chức liên ngành do sở, ban, ", "ngành tham mưu thành lập", "Tổ", "chức", "Chỉ báo",
        "cáo các", "tổ chức", "vẫn ", "đang ", "hoạt ", "động ", "(VD: ", "Ban Chỉ", "đạo, ", "Đoàn ", "kiểm ", "tra…)",
        "3.3.4. Tổng số ĐVSNCL trên địa bàn tỉnh", "Cơ", "quan,", "đơn vị", "12",
        "3.3.5. Số ĐVSNCL thuộc sở, ban, ngành", "Cơ", "quan,", "đơn vị", "7",
    ])
    assert [r[0] for r in rows] == ["3.3.2", "3.3.3", "3.3.4", "3.3.5"]


def test_a_line_opening_in_lower_case_may_go_on_with_the_cells_after_the_indicator():
    # a coded unit's second line (`hoàn thành = 0`) and the value after it: nothing of it is the indicator's
    coded = ["Hoàn thành = 1; chưa", "hoàn thành = 0 0"]
    rows = _rows([
        "1.1", "Sở, ban, ngành đã hoàn thành việc sắp ", "xếp các phòng chuyên môn", *coded,
        "1.2", "UBND cấp huyện đã hoàn thành việc sắp ", "xếp các phòng chuyên môn", "Hoàn thành = 1; chưa",
        "hoàn thành = 0 1",
    ])
    assert [r[2:] for r in rows] == [("Hoàn thành = 1; chưa hoàn thành = 0", "0"),
                                     ("Hoàn thành = 1; chưa hoàn thành = 0", "1")]


def test_a_unit_alone_on_its_line_after_a_closed_note_line_is_the_next_rows():
    # `Số PAKN đã giải quyết xong` could be the note of the row above, but the unit and value on the lines after
    # it (`PAKN` / `08`) make it a row: the note's line ended without a soft break's space, the unit opens in capitals
    rows = _rows([
        "1", "Tổng số PAKN đã tiếp nhận (do cơ ", "quan có thẩm quyền chuyển ", "đến)", "PAKN", "8",
        "Số PAKN đã giải ", "quyết xong", "PAKN", "08",
        "2", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4",
    ])
    assert rows == [
        ("1", "Tổng số PAKN đã tiếp nhận (do cơ quan có thẩm quyền chuyển đến)", "PAKN", "8"),
        (None, "Số PAKN đã giải quyết xong", "PAKN", "08"),
        ("2", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4")]


REPEATED_HEADER = ["STT", "Tên chỉ tiêu", "Kết quả thống kê", "Ghi chú", "ĐVT", "Kết quả"]
ROWS_BEFORE_THE_BREAK = [
    "1", "Số văn bản quy phạm pháp luật đã ban ", "hành", "Văn bản", "39",
    "2", "Số cuộc kiểm tra đã thực hiện", "Cuộc", "4",
    "3", "Số lượng phiếu khảo sát", "Số lượng",
]
ROWS_AFTER_THE_BREAK = ["4", "Số thủ tục hành chính đang áp dụng", "Thủ tục", "105"]


def test_a_lone_number_above_a_repeated_header_that_no_page_could_print_is_the_rows_value():
    # 20 lines of text fill no 73 pages, no page prints `0` or `06`: each is the value of the last row before the
    # page breaks (text pulled without its pages)
    for value in ("74", "0", "06"):
        rows = _rows(ROWS_BEFORE_THE_BREAK + [value] + REPEATED_HEADER + ROWS_AFTER_THE_BREAK)
        assert [r[0] for r in rows] == ["1", "2", "3", "4"]
        assert rows[2][2:] == ("Số lượng", value)
        assert rows[3][2:] == ("Thủ tục", "105")


def test_a_lone_number_above_a_repeated_header_that_can_number_its_page_is_the_pages():
    rows = _rows(ROWS_BEFORE_THE_BREAK + ["74", "2"] + REPEATED_HEADER + ROWS_AFTER_THE_BREAK)
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert rows[2][2:] == ("Số lượng", "74")


def test_a_coded_units_next_code_past_a_page_break_goes_on_with_its_unit():
    # a row broken across pages: its value on the first page, the rest of its coded unit on the next, below the
    # repeated header; the next code opens in capitals (`Kết hợp = 2`) as a row would, but no row opens on its unit
    rows = _rows([
        "5.1", "Số lượng phiếu khảo sát", "Phiếu", "961",
        "5.2", "Hình thức khảo sát", "Trực tuyến = 0", "Phát phiếu = 1", "0",
        *REPEATED_HEADER, "Kết hợp = 2",
        "6", "Tổ chức đối thoại của lãnh đạo với ", "người dân", "Không = 0 Có = 1", "0",
    ])
    assert [r[0] for r in rows] == ["5.1", "5.2", "6"]
    assert rows[1][2:] == ("Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", "0")


def test_a_numbered_list_of_figures_under_a_dash_item_is_its_value_its_last_figure_on_a_line_of_its_own():
    # a value cell listing figures per field (`1. Cải cách thủ tục hành chính: 05` …) wrapped a word or two a line:
    # its items restart the numbering below a dash item, the last item's figure stands alone on its line
    rows = _rows([
        "4", "Thực hiện nhiệm vụ Ủy ban nhân dân huyện giao", "Trong đó:",
        "- Tổng số nhiệm vụ được giao", "Nhiệm vụ", "1. Cải", "cách thủ", "tục hành", "chính: 05", "2. Công",
        "tác chỉ", "đạo, điều", "hành,", "tuyên", "truyền: 02", "3. Cải cách tài", "chính công:", "02",
        "- Số nhiệm vụ đã hoàn thành đúng hẹn", "Nhiệm vụ", "28",
    ])
    assert [r[0] for r in rows] == ["4", "-", "-"]
    assert rows[1] == ("-", "Tổng số nhiệm vụ được giao", "Nhiệm vụ", "1. Cải cách thủ tục hành chính: 05 "
                       "2. Công tác chỉ đạo, điều hành, tuyên truyền: 02 3. Cải cách tài chính công: 02")
    assert rows[2][2:] == ("Nhiệm vụ", "28")


def test_a_numbered_list_of_figures_may_open_on_its_rows_line():
    # pypdfium2 gives a visual line's cells on one line: the list opens after the row's unit
    rows = _rows([
        "2.1. Số nhiệm vụ đề ra trong kế hoạch Nhiệm vụ 9",
        "2.2. Số nhiệm vụ đã hoàn thành (nếu có) Nhiệm vụ 1. Hiện đại",
        "hoá hành", "chính: 05", "2. Công tác", "chỉ đạo, điều", "hành, tuyên", "truyền: 02",
        "2.3. Số nhiệm vụ quá hạn nhưng chưa hoàn thành Nhiệm vụ 4",
    ])
    assert [r[0] for r in rows] == ["2.1", "2.2", "2.3"]
    assert rows[1][2:] == ("Nhiệm vụ", "1. Hiện đại hoá hành chính: 05 2. Công tác chỉ đạo, điều hành, tuyên truyền: 02")
    assert rows[2][2:] == ("Nhiệm vụ", "4")


def test_a_figure_with_a_leading_zero_closing_a_page_is_the_rows_value():
    # text that keeps its pages (a form feed opens each): a lone number closing a page is its number, but no page
    # prints `06`
    rows = _rows(ROWS_BEFORE_THE_BREAK + ["06", "\f" + REPEATED_HEADER[0]] + REPEATED_HEADER[1:] + ROWS_AFTER_THE_BREAK)
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert rows[2][2:] == ("Số lượng", "06")

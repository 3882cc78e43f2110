"""Rows a page break cuts: the rest of a row past the break, where its cells or its STT read as something else
alone (a header's word, a new number, a new item), and a table that ends where the next one's label stands far
above its header. Every table here is written for the test; the rows it must give back are the ones written."""
from baocao.extract.text import text_document
from baocao.schemas.document import Document
from baocao.segment.grid import GridTable, rows_from_grid
from baocao.segment.reader import read_tables
from baocao.segment.rows import build_records
from placed_lines import placed_line as _line

HEADER = ["STT", "Chỉ tiêu (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", "Đơn vị tính", "Số liệu"]


def _grid_over_a_break(page_one: list[list[str]], page_two: list[list[str]]) -> list[tuple]:
    table = GridTable([HEADER] + page_one, pages=[1] * (1 + len(page_one)))
    table.extend(GridTable(page_two, pages=[2] * len(page_two)))
    return [row.cells()[:4] for row in rows_from_grid(table)]


def test_an_stt_wrapped_over_a_page_break_is_one_number():
    # a narrow STT column: `10.2.` at the foot of the page, its `2.` at the top of the next with the rest
    rows = _grid_over_a_break(
        [["10.2.1.", "Tổng thủ tục hành chính đủ điều kiện cung cấp trực tuyến", "Thủ tục", "245"],
         ["10.2.", "Số thủ tục hành chính đang cung cấp", "Thủ tục", "245"]],
        [["2.", "trực tuyến toàn trình", "", ""], ["10.3", "Số hồ sơ trực tuyến", "Hồ sơ", "85"]])
    assert rows[1:] == [("10.2.2", "Số thủ tục hành chính đang cung cấp trực tuyến toàn trình", "Thủ tục", "245"),
                        ("10.3", "Số hồ sơ trực tuyến", "Hồ sơ", "85")]
    # … and a section opening the next page keeps its own number
    rows = _grid_over_a_break([["1.3", "Số văn bản đã ban hành", "Văn bản", "4"]],
                              [["2.", "Cải cách thể chế", "", ""], ["2.1", "Số văn bản đã rà soát", "Văn bản", "9"]])
    assert [row[0] for row in rows] == ["1.3", "2", "2.1"]


def test_the_rest_of_a_cell_past_a_repeated_header_is_no_header_word():
    # `hiện`, `dụng (trong kỳ báo cáo)`, `đơn vị`: words a header prints too, alone past the header repeated
    rows = _grid_over_a_break(
        [["4.2", "Số TTHC đã tích hợp thanh toán trực tuyến", "Thủ tục", "Đã thực"]],
        [HEADER, ["", "", "", "hiện"], ["5", "Số thư xin lỗi đã công khai", "Thư", "3"]])
    assert rows == [("4.2", "Số TTHC đã tích hợp thanh toán trực tuyến", "Thủ tục", "Đã thực hiện"),
                    ("5", "Số thư xin lỗi đã công khai", "Thư", "3")]
    rows = _grid_over_a_break(
        [["2.2.1", "Số công chức được tuyển", "Cơ quan,", "7"]],
        [["", "dụng (trong kỳ báo cáo)", "đơn vị", ""], ["2.2.2", "Số viên chức được tuyển dụng", "Người", "5"]])
    assert rows == [("2.2.1", "Số công chức được tuyển dụng (trong kỳ báo cáo)", "Cơ quan, đơn vị", "7"),
                    ("2.2.2", "Số viên chức được tuyển dụng", "Người", "5")]


def test_a_row_past_a_break_whose_unit_or_value_goes_on_is_the_rest_of_the_row_above():
    # the indicator's rest opens in capitals (`Cổng …`), but the unit's goes on in lower case (`đã giải quyết`) …
    rows = _grid_over_a_break(
        [["4.1", "Công khai kết quả giải quyết trên", "Số hồ sơ", "1.024"]],
        [["", "Cổng dịch vụ công của tỉnh", "đã giải quyết", ""], ["4.2", "Số thư xin lỗi", "Thư", "3"]])
    assert rows == [("4.1", "Công khai kết quả giải quyết trên Cổng dịch vụ công của tỉnh", "Số hồ sơ đã giải quyết",
                     "1.024"), ("4.2", "Số thư xin lỗi", "Thư", "3")]
    # … or the value ends a computation the row above left open
    rows = _grid_over_a_break(
        [["4.2", "Tỷ lệ xử lý", "%", "76/92="]],
        [["", "VBQPPL sau rà soát", "", "83%"], ["4.2.1", "Tổng VBQPPL cần phải xử lý", "Văn bản", "92"]])
    assert [row[:2] for row in rows] == [("4.2", "Tỷ lệ xử lý VBQPPL sau rà soát"),
                                         ("4.2.1", "Tổng VBQPPL cần phải xử lý")]
    assert rows[0][3].replace(" ", "") == "76/92=83%"


def test_an_item_opening_past_a_units_rest_is_a_row_of_its_own():
    # a borderless PDF: the unit `Số lượng` / `hồ sơ` cut by the page break, then a dash item under it
    stt, indicator, value, unit = 60, 96, 400, 460
    head = ((stt, "STT"), (indicator, "Tên chỉ tiêu"), (value, "Số liệu"), (unit, "ĐVT"))
    lines = [_line(1, 60, *head),
             _line(1, 90, (stt, "1"), (indicator, "Số lượng hồ sơ đã tiếp nhận"), (value, "1.520"), (unit, "Hồ sơ")),
             _line(1, 110, (indicator, "- Tiếp nhận qua BCCI"), (value, "60"), (unit, "Số lượng")),
             _line(2, 60, *head),
             _line(2, 90, (unit, "hồ sơ")),
             _line(2, 110, (indicator, "- Cấp huyện (Ủy ban nhân dân xã,")),
             _line(2, 124, (indicator, "phường không phải báo cáo mục")),
             _line(2, 138, (indicator, "này)")),
             _line(2, 158, (indicator, "- Cấp xã"), (value, "49")),
             _line(2, 178, (stt, "2"), (indicator, "Số cuộc kiểm tra công vụ"), (value, "4"), (unit, "Cuộc"))]
    rows = [row.cells()[:4] for row in read_tables(Document(method="pdf", lines=lines, units="pt"))]
    assert rows == [("1", "Số lượng hồ sơ đã tiếp nhận", "Hồ sơ", "1.520"),
                    ("-", "Tiếp nhận qua BCCI", "Số lượng hồ sơ", "60"),
                    ("-", "Cấp huyện (Ủy ban nhân dân xã, phường không phải báo cáo mục này)", "", ""),
                    ("-", "Cấp xã", "", "49"),
                    ("2", "Số cuộc kiểm tra công vụ", "Cuộc", "4")]


def test_a_level_the_form_leaves_empty_is_a_row_of_its_own():
    # text pulled line by line: `Cấp huyện (… không phải báo cáo …)` has no figure, as its aside says
    records = build_records(read_tables(text_document(["Biểu mẫu 1", "STT Tên chỉ tiêu ĐVT Số liệu",
        "1 Số lượng hồ sơ đã tiếp nhận trong kỳ Số lượng hồ sơ 1520",
        "- Tiếp nhận trực tuyến mức độ 3 Số lượng hồ sơ 24",
        "Cấp huyện (Ủy ban nhân dân xã, phường",
        "không phải báo cáo mục này)",
        "Cấp xã 17",
        "2 Số cuộc kiểm tra công vụ tại các bộ phận Cuộc 4"])))
    assert [(r.indicator, r.value_raw) for r in records] == [
        ("Số lượng hồ sơ đã tiếp nhận trong kỳ", "1520"), ("Tiếp nhận trực tuyến mức độ 3", "24"),
        ("Cấp huyện (Ủy ban nhân dân xã, phường không phải báo cáo mục này)", None), ("Cấp xã", "17"),
        ("Số cuộc kiểm tra công vụ tại các bộ phận", "4")]


def test_a_label_over_a_long_title_ends_the_table_before_it():
    # the next annex's label, its title on three lines and the line naming the report on two, then its header
    records = build_records(read_tables(text_document([
        "Phụ lục 3", "STT Tên chỉ tiêu ĐVT Số liệu",
        "1 Số phản ánh kiến nghị đã tiếp nhận PAKN 7",
        "2 Số phản ánh kiến nghị đã giải quyết PAKN 7",
        "Phụ lục 4",
        "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC (ỦY BAN",
        "NHÂN DÂN CÁC XÃ, PHƯỜNG BÁO CÁO DỰA TRÊN CƠ SỞ CHỨC",
        "NĂNG, NHIỆM VỤ ĐƯỢC GIAO)",
        "(Kèm theo Báo cáo số 140/BC-UBND ngày 22/12/2024 của UBND xã Tiên",
        "An)",
        "STT Tên chỉ tiêu ĐVT Số liệu",
        "1 Số cơ quan chuyên môn đã sắp xếp Cơ quan 3"])))
    assert [(r.table, r.stt, r.indicator) for r in records] == [
        ("Phụ lục 3", "1", "Số phản ánh kiến nghị đã tiếp nhận"), ("Phụ lục 3", "2", "Số phản ánh kiến nghị đã giải quyết"),
        ("Phụ lục 4", "1", "Số cơ quan chuyên môn đã sắp xếp")]


def test_a_repeated_headers_row_with_a_letter_ocr_slipped_on_is_no_cells():
    # a two-row header printed again over the next page, where OCR read `Đơn vị tính` as `Đơnvj tính`: still the
    # header's row, not a row whose unit and value are `Đơnvj tính` and `Số liệu`
    head = [["STT", "Chỉ tiêu", "Kết quả thống kê", ""], ["", "", "Đơn vị tính", "Số liệu"]]
    table = GridTable(head + [["1", "Số văn bản đã ban hành", "Văn bản", "4"]], pages=[1, 1, 1])
    table.extend(GridTable([["STT", "Chỉ tiêu", "Kết quả thống kê", ""], ["", "", "Đơnvj tính", "Số liệu"],
                            ["2", "Số văn bản đã rà soát", "Văn bản", "9"]], pages=[2, 2, 2]))
    rows = [row.cells()[:4] for row in rows_from_grid(table)]
    assert rows == [("1", "Số văn bản đã ban hành", "Văn bản", "4"), ("2", "Số văn bản đã rà soát", "Văn bản", "9")]

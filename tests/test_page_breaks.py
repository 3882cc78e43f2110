"""Rows a page break cuts: the rest of a row past the break, where its cells or its STT read as something else
alone (a header's word, a new number, a new item), and a table that ends where the next one's label stands far
above its header. Every table here is written for the test; the rows it must give back are the ones written."""
from baocao.extract.text import text_document
from baocao.schemas.document import Document, Page, Rule
from baocao.segment.grid import GridTable, rows_from_grid
from baocao.segment.reader import read_tables
from baocao.segment.rows import build_records
from placed_lines import placed_line
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


def test_an_item_opening_past_a_break_in_a_ruled_table_is_a_row_of_its_own():
    # rows that may not break across pages: the next item moved whole onto the next page, without STT, unit or
    # value; a level (`Cấp xã`) or a text that does not go on from the row above is no rest of that row …
    rows = _grid_over_a_break(
        [["4", "Số thư/trường hợp đã công khai xin lỗi", "", ""], ["", "Cấp huyện", "", ""]],
        [["", "Cấp xã", "", ""], ["5", "Số cuộc kiểm tra công vụ", "Cuộc", "4"]])
    assert [row[:2] for row in rows] == [("4", "Số thư/trường hợp đã công khai xin lỗi"), ("", "Cấp huyện"),
                                         ("", "Cấp xã"), ("5", "Số cuộc kiểm tra công vụ")]
    rows = _grid_over_a_break(
        [["3.3", "Số hồ sơ giải quyết đúng hẹn", "Hồ sơ", ""], ["", "Trả qua BCCI", "", "50"]],
        [["", "Giải quyết trực tuyến mức độ 3", "", ""], ["3.4", "Số hồ sơ trễ hẹn", "Hồ sơ", "2"]])
    assert [row[1] for row in rows] == ["Số hồ sơ giải quyết đúng hẹn", "Trả qua BCCI", "Giải quyết trực tuyến mức độ 3",
                                        "Số hồ sơ trễ hẹn"]
    # … while a name going on from the words before it is (`… trên` / `Cổng dịch vụ công`)
    rows = _grid_over_a_break(
        [["4.1", "Công khai kết quả giải quyết trên", "Hồ sơ", "1.024"]],
        [["", "Cổng dịch vụ công của tỉnh", "", ""], ["4.2", "Số thư xin lỗi", "Thư", "3"]])
    assert [row[1] for row in rows] == ["Công khai kết quả giải quyết trên Cổng dịch vụ công của tỉnh", "Số thư xin lỗi"]


def _bottom_aligned_rows(page: int, top: float, rows: list[tuple[str, list[str], str, str]]) -> tuple[list, float]:
    """Placed lines of rows set at their cells' bottom: an indicator wrapped over lines, the STT, unit and value on
    its last; (stt x 60, indicator 110, unit 330, value 420)."""
    lines = []
    for stt, indicator, unit, value in rows:
        for n, piece in enumerate(indicator):
            last = n == len(indicator) - 1
            cells = [(110, piece)] + ([(60, stt), (330, unit), (420, value)] if last else [])
            lines.append(placed_line(page, top, *sorted((x, text) for x, text in cells if text)))
            top += 14
        top += 6
    return lines, top


def test_a_tall_note_opening_a_page_is_the_next_rows_not_the_rest_of_the_row_above():
    # a table set at its cells' bottom, its header repeated: the page opens on a long note's first lines, the row
    # whose note it is ends below them; no cell of the row above the break begins on the next page
    head = ((60, "STT"), (110, "Chỉ tiêu thống kê"), (330, "Đơn vị tính"), (420, "Số liệu"), (480, "Ghi chú"))
    body, top = _bottom_aligned_rows(1, 90, [
        ("3.1.1", ["Số thủ tục hành chính đã được phê duyệt", "phương án đơn giản hóa"], "Thủ tục", "159"),
        ("3.1.2", ["Số thủ tục hành chính công bố mới"], "Thủ tục", "7"),
        ("3.1.3", ["Số thủ tục hành chính bãi bỏ"], "Thủ tục", "249")])
    note = ["Số liệu", "tính từ", "ngày", "15/9/2022", "đến ngày", "14/9/2023", "theo Hệ", "thống", "giải quyết"]
    page_two = [placed_line(2, 90 + 14 * n, (480, piece)) for n, piece in enumerate(note)]
    top = 90 + 14 * len(note)
    page_two += [placed_line(2, top, (110, "Tổng số thủ tục hành chính thuộc"), (480, "TTHC")),
                 placed_line(2, top + 14, (60, "3.1.4"), (110, "thẩm quyền giải quyết"), (330, "Thủ tục"), (420, "85"),
                             (480, "của tỉnh"))]
    more, _ = _bottom_aligned_rows(2, top + 34, [
        ("3.1.5", ["Số thủ tục hành chính thực hiện", "tiếp nhận trực tuyến"], "Thủ tục", "64")])
    lines = [placed_line(1, 60, *head)] + body + [placed_line(2, 60, *head)] + page_two + more
    rows = read_tables(Document(method="pdf", lines=lines, units="pt"))
    assert [(row.stt, row.note) for row in rows] == [
        ("3.1.1", ""), ("3.1.2", ""), ("3.1.3", ""),
        ("3.1.4", "Số liệu tính từ ngày 15/9/2022 đến ngày 14/9/2023 theo Hệ thống giải quyết TTHC của tỉnh"),
        ("3.1.5", "")]


def test_a_page_opening_on_a_trong_do_marker_still_breaks_there():
    # a table ruled between its rows, where a row starts only under a rule or a page break: the marker line is
    # taken out of the body, the page break before it stays before the sub-row under it
    head = ((60, "STT"), (110, "Chỉ tiêu"), (330, "ĐVT"), (420, "Số liệu"))
    lines = [placed_line(1, 60, *head),
             placed_line(1, 80, (60, "1.5"), (110, "Tỷ lệ TTHC đã được phê duyệt quy"), (330, "%"), (420, "100%")),
             placed_line(1, 94, (110, "trình nội bộ")),
             placed_line(1, 114, (110, "Trong đó:")),
             placed_line(1, 134, (110, "Tại cấp huyện")),
             placed_line(1, 154, (110, "Tại cấp xã"), (330, "%")),
             placed_line(1, 174, (60, "1.6"), (110, "Tỷ lệ quy trình nội bộ giải quyết"), (330, "%"), (420, "66%")),
             placed_line(1, 188, (110, "TTHC đã được điện tử hóa")),
             placed_line(2, 60, (110, "Trong đó:")),
             placed_line(2, 80, (110, "Tại cấp huyện")),
             placed_line(2, 100, (110, "Tại cấp xã"), (330, "%"), (420, "87%")),
             placed_line(2, 120, (60, "2"), (110, "Kết quả giải quyết TTHC"))]
    rules = {1: (76, 110, 130, 150, 170), 2: (76, 96, 116)}  # under the header and each row
    pages = [Page(n, 595, 842, rules=[Rule(55, y, 520, y) for y in ys]) for n, ys in rules.items()]
    rows = read_tables(Document(method="pdf", lines=lines, units="pt", pages=pages))
    assert [(row.stt, row.indicator) for row in rows][3:] == [
        ("1.6", "Tỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử hóa"), ("", "Tại cấp huyện"), ("", "Tại cấp xã"),
        ("2", "Kết quả giải quyết TTHC")]


def test_a_cells_rest_past_a_break_joins_as_a_cells_next_line_does():
    # a note's reference cut at its hyphen by the page break: `152/QĐ` / `-UBND`, `262/QĐ-` / `UBND`
    head = HEADER + ["Ghi chú"]
    for above, rest in (("QĐ số 152/QĐ", "-UBND ngày 08/08/2023"), ("QĐ số 152/QĐ-", "UBND ngày 08/08/2023")):
        table = GridTable([head, ["5", "Số quyết định đã ban hành", "Quyết định", "3", above]], pages=[1, 1])
        table.extend(GridTable([["", "", "", "", rest], ["6", "Số cuộc kiểm tra", "Cuộc", "2", ""]], pages=[2, 2]))
        rows = rows_from_grid(table)
        assert [row.note for row in rows] == ["QĐ số 152/QĐ-UBND ngày 08/08/2023", ""]

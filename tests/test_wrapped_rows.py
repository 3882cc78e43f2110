"""Rows of text pulled line by line (pdfplumber's `extract_text()`) whose cells wrapped round the STT line: a coded
unit cut after its `=`, a row's last lines in lower case, a run of like sub-rows. Every table here is written
for the test; the rows it must give back are the ones written."""
from baocao.extract.text import text_document
from baocao.segment.reader import read_tables
from baocao.segment.rows import build_records
from baocao.segment.vocab import unit_fit


def _rows(header: str, lines: list[str]) -> list[tuple]:
    records = build_records(read_tables(text_document(["Biểu mẫu 1", header] + lines)))
    return [(r.stt, r.indicator, r.unit, r.value_raw) for r in records]


def test_a_coded_unit_cut_after_its_equals_sign_takes_the_code_opening_its_next_line():
    # centred cells: the unit's first line above the STT line, its second (`0 Có = 1`) beside the indicator's last
    rows = _rows("STT Tên chỉ tiêu ĐVT Số liệu", [
        "1 Số văn bản chỉ đạo công tác cải cách hành chính Văn bản 12",
        "Tổ chức hội nghị đối thoại giữa lãnh đạo xã và Không =",
        "2 1",
        "người dân về thủ tục hành chính 0 Có = 1",
        "3 Số cuộc kiểm tra công vụ tại các bộ phận Cuộc 4",
    ])
    assert rows == [
        ("1", "Số văn bản chỉ đạo công tác cải cách hành chính", "Văn bản", "12"),
        ("2", "Tổ chức hội nghị đối thoại giữa lãnh đạo xã và người dân về thủ tục hành chính", "Không = 0 Có = 1",
         "1"),
        ("3", "Số cuộc kiểm tra công vụ tại các bộ phận", "Cuộc", "4"),
    ]


def test_a_rows_lines_in_lower_case_are_no_row_of_their_own():
    # value before unit, cells at the top: a coded unit's last code stands beside the indicator's second line
    rows = _rows("STT Tên chỉ tiêu Số liệu ĐVT", [
        "1. Số cuộc kiểm tra công vụ tại các bộ phận 4 Cuộc",
        "2. Ban hành quy chế phối hợp giữa các bộ phận 1 Có: 1; Không:",
        "tiếp nhận và trả kết quả của cấp xã theo 2",
        "quy định hiện hành",
        "3. Số phản ánh kiến nghị đã xử lý 9 Phản ánh",
    ])
    assert rows == [
        ("1", "Số cuộc kiểm tra công vụ tại các bộ phận", "Cuộc", "4"),
        ("2", "Ban hành quy chế phối hợp giữa các bộ phận tiếp nhận và trả kết quả của cấp xã theo quy định hiện "
              "hành", "Có: 1; Không: 2", "1"),
        ("3", "Số phản ánh kiến nghị đã xử lý", "Phản ánh", "9"),
    ]


def test_like_sub_rows_opening_alike_are_rows_of_their_own():
    # cells at the bottom: a sub-row without unit or value, then one opening as it did, with its value
    rows = _rows("STT Tên chỉ tiêu ĐVT Số liệu", [
        "Số thủ tục hành chính được công bố trong",
        "1 kỳ báo cáo Thủ tục 45",
        "Tại cấp huyện (Ủy ban nhân dân cấp xã",
        "không báo cáo mục này)",
        "Tại cấp xã 18",
        "2 Số cuộc kiểm tra công vụ tại các bộ phận Cuộc 4",
    ])
    assert [row[1] for row in rows] == [
        "Số thủ tục hành chính được công bố trong kỳ báo cáo",
        "Tại cấp huyện (Ủy ban nhân dân cấp xã không báo cáo mục này)",
        "Tại cấp xã",
        "Số cuộc kiểm tra công vụ tại các bộ phận",
    ]
    assert rows[2][3] == "18" and rows[1][3] is None


def test_a_coded_unit_lists_each_code_once():
    assert unit_fit("Có = 1; Không = 0") == 1.0
    assert unit_fit("Có = 1; Không = 1") < 1.0  # a value read into the unit as the code a label waits for
    assert unit_fit("0 Có = 1") > 0  # the rest of `Không =` wrapped: a piece of a list
    assert unit_fit("1. Kế hoạch = 1") == 0  # an STT is no code


def test_a_sub_row_by_level_of_government_is_no_more_of_the_note_above():
    # cell after cell (PyMuPDF, pypdfium2): a note's lines, then a sub-row `Tại cấp xã` with its figure
    header = ["Phụ lục", "STT", "Tên chỉ tiêu", "Kết quả thống kê", "Ghi chú", "ĐVT", "Kết quả"]
    records = build_records(read_tables(text_document(header + [
        "1", "Số hồ sơ thủ tục hành chính đã tiếp nhận", "Hồ sơ", "120", "Số liệu lấy từ Hệ", "thống thông tin một",
        "cửa điện tử của", "tỉnh",
        "Tại cấp xã 77",
        "2", "Số cuộc kiểm tra công vụ tại các bộ phận", "Cuộc", "4",
    ])))
    assert [(r.stt, r.indicator, r.value_raw, r.note) for r in records] == [
        ("1", "Số hồ sơ thủ tục hành chính đã tiếp nhận", "120", "Số liệu lấy từ Hệ thống thông tin một cửa điện tử của tỉnh"),
        (None, "Tại cấp xã", "77", None),
        ("2", "Số cuộc kiểm tra công vụ tại các bộ phận", "4", None),
    ]


def test_a_level_left_empty_after_another_is_a_row_of_its_own():
    # the table's last rows: two levels of government, the second without unit or value (a level is an item the
    # forms print without STT, as a dash item is), not the rest of the first's text
    rows = _rows("STT Tên chỉ tiêu ĐVT Số liệu", [
        "5 Số thư/ trường hợp đã công khai xin lỗi",
        "Cấp huyện (Ủy ban nhân dân xã, phường không",
        "phải báo cáo mục này)",
        "Cấp xã",
    ])
    assert [row[1] for row in rows] == [
        "Số thư/ trường hợp đã công khai xin lỗi",
        "Cấp huyện (Ủy ban nhân dân xã, phường không phải báo cáo mục này)",
        "Cấp xã"]


def test_a_range_wrapped_at_its_dash_goes_on_its_indicator():
    # `từ 70%` / `- dưới 100% …`: a dash before a word in lower case goes on a range, no dash item opens there
    rows = _rows("STT Tên chỉ tiêu ĐVT Số liệu", [
        "2.4 Số đơn vị SNCL tự bảo đảm một phần chi thường xuyên Đơn vị 18",
        "2.4.1 Số đơn vị SNCL tự bảo đảm từ 70% Đơn vị 11",
        "- dưới 100% chi thường xuyên",
        "2.4.2 Số đơn vị SNCL tự bảo đảm từ 30% Đơn vị 8",
        "- dưới 70% chi thường xuyên",
        "- Cấp xã 5",
    ])
    assert [row[1] for row in rows] == [
        "Số đơn vị SNCL tự bảo đảm một phần chi thường xuyên",
        "Số đơn vị SNCL tự bảo đảm từ 70% - dưới 100% chi thường xuyên",
        "Số đơn vị SNCL tự bảo đảm từ 30% - dưới 70% chi thường xuyên",
        "Cấp xã"]


def test_a_computation_cut_before_its_result_and_an_aside_in_brackets_go_on_with_their_row():
    # on a page, cells set at their bottom: a rate's computation wrapped after its `=` (`86/86 =` / `100%`) and an
    # indicator going on with an aside in brackets that opens on a capital (`(Lũy kế …)`): one row, not two
    from baocao.schemas.document import Document
    from placed_lines import placed_line

    cells = [[(60, "STT"), (110, "Chỉ tiêu"), (330, "Đơn vị tính"), (420, "Số liệu")],
             [(110, "Số văn bản chỉ đạo CCHC đã ban hành")],
             [(60, "1"), (110, "(Kết luận, chỉ thị, công văn)"), (330, "Văn bản"), (420, "22")],
             [(110, "Tỷ lệ hoàn thành Kế hoạch CCHC năm"), (420, "86/86 =")],
             [(60, "2"), (110, "(Lũy kế đến thời điểm báo cáo)"), (330, "%"), (420, "100%")],
             [(60, "2.1"), (110, "Số nhiệm vụ đề ra trong kế hoạch"), (330, "Nhiệm vụ"), (420, "86")],
             [(60, "2.2"), (110, "Số nhiệm vụ đã hoàn thành"), (330, "Nhiệm vụ"), (420, "86")]]
    lines = [placed_line(1, 100 + 20 * k, *line) for k, line in enumerate(cells)]
    records = build_records(read_tables(Document(method="pdf", lines=lines, units="pt")))
    assert [(r.stt, r.indicator, r.value_raw) for r in records] == [
        ("1", "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn)", "22"),
        ("2", "Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)", "86/86 = 100%"),
        ("2.1", "Số nhiệm vụ đề ra trong kế hoạch", "86"), ("2.2", "Số nhiệm vụ đã hoàn thành", "86")]

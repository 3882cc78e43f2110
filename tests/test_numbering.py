"""The STT run as a constraint on what OCR read (segment/numbering.py). Expected numbers are known by
construction: each case is a run of numbers with one of them damaged the way OCR damages them."""
from __future__ import annotations

import pytest

from baocao.segment.cells import CellRow
from baocao.segment.numbering import restore_numbering


def _rows(*items):
    return [CellRow(stt=stt, indicator=text, unit=unit, value=value) for stt, text, unit, value in items]


def test_lost_dots_come_back_where_the_run_says():
    rows = restore_numbering(_rows(("1", "Tổng số TTHC", "Thủ tục", ""), ("11", "Số TTHC cấp huyện", "Thủ tục", "3"),
                                   ("1.2", "Số TTHC cấp xã", "Thủ tục", "101"), ("2", "Kiểm tra", "", ""),
                                   ("2.1", "Số hồ sơ", "Hồ sơ", "4"), ("2.1.1", "Trực tuyến", "Hồ sơ", "1"),
                                   ("2.12", "Trực tiếp", "Hồ sơ", "3")))
    assert [r.stt for r in rows] == ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2"]
    assert rows[1].extra["stt_read"] == "11"


def test_a_number_that_fits_stays_as_read():
    rows = restore_numbering(_rows(("9", "a", "", "1"), ("10", "b", "", "2"), ("11", "c", "", "3"), ("12", "d", "", "4")))
    assert [r.stt for r in rows] == ["9", "10", "11", "12"]
    assert not any("stt_read" in r.extra for r in rows)


def test_roman_section_read_as_letters():
    rows = restore_numbering(_rows(("I", "CÔNG TÁC CHỈ ĐẠO", "", ""), ("1", "Số văn bản", "Văn bản", "12"),
                                   ("H", "CẢI CÁCH THỂ CHẾ", "", ""), ("1", "Tổng số VBQPPL", "Văn bản", "0")))
    assert [r.stt for r in rows] == ["I", "1", "II", "1"]


def test_an_stt_glued_to_its_indicator_is_split_off():
    rows = restore_numbering(_rows(("3.2", "Số PAKN", "PAKN", "0"), ("", "3.3Số PAKN đã giải quyết", "PAKN", "0")))
    assert (rows[1].stt, rows[1].indicator) == ("3.3", "Số PAKN đã giải quyết")


def test_a_dot_read_as_a_slash_and_the_run_after_it():
    # `1.2.1.` read as `12/1.` before the indicator, then `1.2.2` with its dots lost: both come back
    rows = restore_numbering(_rows(("1.2", "Rà soát VBQPPL", "", ""), ("", "12/1. Số VBQPPL đã rà soát", "Văn bản", "4"),
                                   ("", "122 Tỷ lệ xử lý VBQPPL sau rà soát", "%", "100")))
    assert [(r.stt, r.indicator) for r in rows] == [("1.2", "Rà soát VBQPPL"), ("1.2.1", "Số VBQPPL đã rà soát"),
                                                     ("1.2.2", "Tỷ lệ xử lý VBQPPL sau rà soát")]


def test_a_row_whose_stt_was_lost_does_not_stop_the_run():
    # `2.1` not read at all: `22` after `2` is `2.2` (the number after the lost one), and the run goes on from it
    rows = restore_numbering(_rows(("2", "Kiểm tra VBQPPL", "", ""), ("", "Số VBQPPL đã kiểm tra", "Văn bản", "5"),
                                   ("22", "Tỷ lệ xử lý", "%", "100"), ("2.21", "Tổng số cần xử lý", "Văn bản", "3"),
                                   ("22.2", "Số đã xử lý xong", "Văn bản", "3")))
    # … and the lost one is the one number the run passes between `2` and `2.2`
    assert [r.stt for r in rows] == ["2", "2.1", "2.2", "2.2.1", "2.2.2"]
    # a breakdown row has no STT of its own: no number was lost there
    rows = [CellRow(stt="1", indicator="Số hồ sơ", unit="Hồ sơ", value="9"),
            CellRow(stt="", indicator="Trực tuyến", unit="Hồ sơ", value="4", breakdown=True),
            CellRow(stt="12", indicator="Số TTHC", unit="Thủ tục", value="3")]
    assert [r.stt for r in restore_numbering(rows)] == ["1", "", "12"]


def test_numbers_lost_altogether_come_back_where_the_run_passes_them_one_way_only():
    # `12.2`, `12.3`, `12.4` read as nothing (or as marks the indicator took)
    rows = restore_numbering(_rows(("12.1", "Số TTHC một cửa", "Thủ tục", "9"), ("", "Số TTHC liên thông", "Thủ tục", "-"),
                                   ("", "E§ Số TTHC liên thông giữa các cấp", "Thủ tục", "103"),
                                   ("", "Tỷ lệ TTHC có quy trình nội bộ", "%", "100"),
                                   ("12.5", "Tỷ lệ quy trình điện tử", "%", "100")))
    assert [r.stt for r in rows] == ["12.1", "12.2", "12.3", "12.4", "12.5"]
    assert rows[1].extra["stt_read"] == ""
    # a heading lost before its first child: `3` between `2.3.2` and `3.1`
    rows = restore_numbering(_rows(("2.3.2", "Số PAKN đã xử lý", "PAKN", "0"), ("", "ả. Thực hiện nhiệm vụ", "", ""),
                                   ("3.1", "Tổng số nhiệm vụ", "Nhiệm vụ", "12")))
    assert [r.stt for r in rows] == ["2.3.2", "3", "3.1"]
    # the number misread before the indicator goes with it
    rows = restore_numbering(_rows(("7", "Hiện đại hóa", "", ""), ("", "Z1 Xây dựng hệ thống họp trực tuyến", "Có = 1", "1"),
                                   ("7.2", "Số cuộc họp", "Cuộc", "12")))
    assert [(r.stt, r.indicator, r.extra.get("stt_read")) for r in rows][1] == \
        ("7.1", "Xây dựng hệ thống họp trực tuyến", "Z1")


def test_a_sections_first_number_lost_is_put_back_from_the_one_after_it():
    # `1` lost under section `II` (and at the table's top): the run from `1` passes it once before `2` or `1.1`
    rows = restore_numbering(_rows(("", "Số văn bản chỉ đạo", "Văn bản", "400"), ("2", "Tỷ lệ hoàn thành", "%", "100"),
                                   ("II", "CẢI CÁCH THỂ CHẾ", "", ""), ("", "Tổng số VBQPPL", "", ""),
                                   ("1.1", "Số VBQPPL cấp xã", "Văn bản", "7")))
    assert [r.stt for r in rows] == ["1", "2", "II", "1", "1.1"]
    # a title row over a table that opens at `1` has no number of its own
    rows = restore_numbering(_rows(("", "Biểu số liệu", "", ""), ("1", "Số văn bản", "Văn bản", "4")))
    assert [r.stt for r in rows] == ["", "1"]


def test_rows_the_run_need_not_number_stay_unnumbered():
    # the run may go from `1.3` to `2` directly: the row between may be one the report leaves unnumbered
    rows = restore_numbering(_rows(("1.3", "Số văn bản", "Văn bản", "4"), ("", "Tổng số cần xử lý", "Văn bản", "3"),
                                   ("2", "Kiểm tra", "", "")))
    assert [r.stt for r in rows] == ["1.3", "", "2"]
    # two rows where one number is due: which one lost it is not known
    rows = restore_numbering(_rows(("2", "Kiểm tra", "", ""), ("", "Số cơ quan", "Cơ quan", "4"),
                                   ("", "Số xã", "Xã", "18"), ("2.2", "Tỷ lệ", "%", "100")))
    assert [r.stt for r in rows] == ["2", "", "", "2.2"]
    # a heading (`3`, its child `3.1` next) never goes on a row that holds a value
    rows = restore_numbering(_rows(("2.1.2", "Số biên chế", "Người", "40"), ("", "Tỷ lệ đã tinh giản 213", "%", "100"),
                                   ("3.1", "Tổng số nhiệm vụ", "Nhiệm vụ", "12")))
    assert [r.stt for r in rows] == ["2.1.2", "", "3.1"]


@pytest.mark.parametrize("above, read, meant, below", [
    ("5.2.1", "9.2.2", "5.2.2", "5.2.3"),  # a digit misread
    ("3", "34.1", "3.1", "3.2"),  # a speck read as a digit
    ("1.2", "143", "1.3", "1.4"),  # a dot read as a digit
    ("3.2", "3.2", "3.2.1", "3.2.2"),  # the last level lost (a narrow column wrapped it onto a line of its own)
])
def test_one_slip_is_undone_where_one_number_of_the_run_fits_above_and_below(above, read, meant, below):
    rows = restore_numbering(_rows((above, "Số TTHC", "Thủ tục", "9"), (read, "Số hồ sơ", "Hồ sơ", "4"),
                                   (below, "Số PAKN", "PAKN", "2")))
    assert [r.stt for r in rows] == [above, meant, below]
    assert rows[1].extra["stt_read"] == read


def test_a_number_that_leads_on_or_fits_two_ways_stays_as_read():
    # `2` again before `3`: a report may repeat a number, and the one below follows it
    rows = restore_numbering(_rows(("2", "a", "", "1"), ("2", "b", "", "2"), ("3", "c", "", "3")))
    assert [r.stt for r in rows] == ["2", "2", "3"]
    # `1.12` after `1.1` before `2`: `1.1.1` (as `1.1.2`, a digit misread) and `1.2` (a speck) both fit: as read
    rows = restore_numbering(_rows(("1.1", "a", "", "1"), ("1.12", "b", "", "2"), ("2", "c", "", "3")))
    assert rows[1].stt == "1.12"


def test_a_roman_numeral_that_lost_a_stroke_is_the_section_due():
    rows = restore_numbering(_rows(("I", "CÔNG TÁC CHỈ ĐẠO", "", ""), ("1", "Số văn bản", "Văn bản", "12"),
                                   ("II", "CẢI CÁCH THỂ CHẾ", "", ""), ("1", "Tổng số VBQPPL", "Văn bản", "0"),
                                   ("II", "CẢI CÁCH TTHC", "", ""), ("1", "Số TTHC", "Thủ tục", "7")))
    assert [r.stt for r in rows] == ["I", "1", "II", "1", "III", "1"]
    assert rows[4].extra["stt_read"] == "II"


def test_a_number_a_narrow_column_wrapped_with_its_dot_lost_is_one_row_again():
    # `22.1` / `22.1.1` printed `22.` over `1` and `22.` over `1.1` in a narrow STT column, the dots lost: each
    # number read as two rows (the row's words above and below); the whole follows the run, the halves do not
    rows = restore_numbering(_rows(("22", "Cung cấp DVC trực tuyến", "", ""),
                                   ("22", "Tỷ lệ TTHC đủ điều kiện được cung cấp trực", "%", "100"),
                                   ("1", "tuyến một phần", "", ""),
                                   ("22", "Tổng số TTHC đủ điều kiện cung cấp trực", "Thủ", ""),
                                   ("1.1", "tuyến một phần", "tục", "41"),
                                   ("22.1.2", "Số TTHC đang cung cấp trực tuyến", "Thủ tục", "40")))
    assert [(r.stt, r.indicator, r.unit, r.value) for r in rows] == [
        ("22", "Cung cấp DVC trực tuyến", "", ""),
        ("22.1", "Tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến một phần", "%", "100"),
        ("22.1.1", "Tổng số TTHC đủ điều kiện cung cấp trực tuyến một phần", "Thủ tục", "41"),
        ("22.1.2", "Số TTHC đang cung cấp trực tuyến", "Thủ tục", "40")]
    assert rows[1].extra["stt_read"] == "22 1"


def test_a_wrapped_numbers_head_read_into_the_indicator_comes_back():
    # `10.` over `1` in a narrow STT column beside the row's first line, the dot lost: the reader took `10` as the
    # indicator's first word and `1` as the STT; `19` is `10.` with its dot read as a digit
    rows = restore_numbering(_rows(("10", "Thực hiện cơ chế một cửa", "", ""),
                                   ("1", "10 Số TTHC đưa vào thực hiện", "Thủ tục", "45"),
                                   ("2", "10 Số TTHC liên thông", "Thủ tục", "16"),
                                   ("3", "19 Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ", "%", "100"),
                                   ("11", "Kết quả giải quyết TTHC", "", "")))
    assert [(r.stt, r.indicator) for r in rows] == [
        ("10", "Thực hiện cơ chế một cửa"), ("10.1", "Số TTHC đưa vào thực hiện"), ("10.2", "Số TTHC liên thông"),
        ("10.3", "Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ"), ("11", "Kết quả giải quyết TTHC")]
    assert rows[3].extra["stt_read"] == "19 3"
    # a number that opens an indicator where the row's own STT follows the run stays the indicator's
    rows = restore_numbering(_rows(("1", "Họp trực tuyến", "", ""), ("1.1", "2 cấp chính quyền", "Cuộc", "4"),
                                   ("2", "3 cấp chính quyền", "Cuộc", "1")))
    assert [(r.stt, r.indicator) for r in rows] == [("1", "Họp trực tuyến"), ("1.1", "2 cấp chính quyền"),
                                                    ("2", "3 cấp chính quyền")]


def test_rows_lost_between_do_not_stop_a_wrapped_number_coming_back():
    # `12.2`-`12.4` lost their STTs; `12` over `5` is `12.5`, a later number on the same branch
    rows = restore_numbering(_rows(("12.1", "Số TTHC một cửa", "Thủ tục", "9"), ("", "Số TTHC liên thông", "Thủ tục", "3"),
                                   ("", "Số TTHC giữa các cấp", "Thủ tục", "2"),
                                   ("12", "Tỷ lệ quy trình nội bộ đã", "%", "100"), ("5", "được điện tử hóa", "", "")))
    assert [r.stt for r in rows] == ["12.1", "", "", "12.5"]


def test_two_rows_that_each_hold_a_value_or_run_on_are_not_joined():
    # `1` under `2` with values of their own: two rows (a table's numbering may restart); `2` then `2.1` runs on
    rows = restore_numbering(_rows(("1", "Số văn bản", "Văn bản", "4"), ("2", "Số hồ sơ", "Hồ sơ", "7"),
                                   ("1", "Trực tuyến", "Hồ sơ", "3")))
    assert [r.stt for r in rows] == ["1", "2", "1"]
    rows = restore_numbering(_rows(("1", "Số văn bản", "Văn bản", "4"), ("2", "Kiểm tra", "", ""),
                                   ("2.1", "Số hồ sơ", "Hồ sơ", "7")))
    assert [r.stt for r in rows] == ["1", "2", "2.1"]
    # a head whose rest was lost, then the next head: not one number
    rows = restore_numbering(_rows(("22.2.1", "Tổng số TTHC", "Thủ tục", "166"), ("22", "Số TTHC đang cung cấp", "", ""),
                                   ("22", "Số TTHC có phát sinh hồ sơ", "Thủ tục", "31")))
    assert len(rows) == 3


def test_what_ocr_read_is_kept_with_the_record():
    from baocao.segment.rows import build_records

    rows = restore_numbering(_rows(("1", "Tổng số TTHC", "Thủ tục", "5"), ("11", "Số TTHC cấp huyện", "Thủ tục", "3")))
    records = build_records(rows)
    assert [r.read_as for r in records] == [None, "stt: 11"]


def test_a_section_numeral_lost_or_read_into_its_title_where_the_numbers_restart():
    # `I` read as a dash; `II` read as `lÍ` before a title not in capitals; `III` lost altogether
    rows = restore_numbering(_rows(("-", "CÔNG TÁC CHỈ ĐẠO", "", ""), ("1", "Số văn bản", "Văn bản", "12"),
                                   ("", "lÍ Cải cách TTHC", "", ""), ("1", "Số TTHC", "Thủ tục", "7"),
                                   ("", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "", ""), ("1", "Số cán bộ", "Người", "20")))
    assert [(r.stt, r.indicator) for r in rows] == [
        ("I", "CÔNG TÁC CHỈ ĐẠO"), ("1", "Số văn bản"), ("II", "Cải cách TTHC"), ("1", "Số TTHC"),
        ("III", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ"), ("1", "Số cán bộ")]
    # a numeral read with a mark, as the title's first word
    rows = restore_numbering(_rows(("V", "CẢI CÁCH TÀI CHÍNH CÔNG", "", ""), ("1", "Số đơn vị", "Đơn vị", "3"),
                                   ("", "VỊ XÂY DỰNG CHÍNH QUYỀN SỐ", "", ""), ("1", "Số TTHC", "Thủ tục", "7")))
    assert [(r.stt, r.indicator) for r in rows][2] == ("VI", "XÂY DỰNG CHÍNH QUYỀN SỐ")
    # a row that holds a figure is no section: its `I` is the `1` the run is due
    rows = restore_numbering(_rows(("II", "CẢI CÁCH THỂ CHẾ", "", ""), ("I", "Số cán bộ bị kỷ luật", "Người", "0"),
                                   ("2", "Số công chức", "Người", "3")))
    assert [r.stt for r in rows] == ["II", "1", "2"]


def test_a_wrapped_numbers_two_rows_made_one_are_as_sure_as_the_less_sure_of_them():
    rows = _rows(("22", "Cung cấp DVC trực tuyến", "", ""),
                 ("22", "Tỷ lệ TTHC đủ điều kiện được cung cấp trực", "%", "100"),
                 ("1", "tuyến một phần", "", ""))
    rows[1].word_confidence, rows[1].layout_confidence = 0.9, 0.95
    rows[2].word_confidence, rows[2].layout_confidence = 0.97, 0.6
    rows = restore_numbering(rows)
    assert rows[1].stt == "22.1"
    assert (rows[1].word_confidence, rows[1].layout_confidence) == (0.9, 0.6)


def test_a_wrapped_number_whose_dot_ocr_lost_reads_as_one_row_in_the_page():
    """A narrow STT column printed `10.` over `1` (and `11.` over `1`); OCR lost both dots. The reader takes the
    two figures as one number where the second does not follow the first as a row of its own would, and the
    run makes it `10.1`; `11` under `10.2`'s head starts a row."""
    from baocao.schemas.document import Document
    from baocao.segment.reader import read_tables
    from tests.test_header_ocr import _line

    stt, indicator, unit, value = 40, 100, 330, 430
    printed = [("10", "Thực hiện cơ chế một cửa", "", ""),
               ("10", "Số TTHC đưa vào thực hiện theo", "Thủ tục", "45"), ("1", "cơ chế một cửa tại cấp xã", "", ""),
               ("10", "Số TTHC liên thông giữa các", "Thủ tục", "16"), ("2", "cấp chính quyền", "", ""),
               ("11", "Kết quả giải quyết TTHC", "", ""),
               ("11", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "476"), ("1", "", "", ""),
               ("11", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ", "13"), ("2", "", "", "")]
    lines = [_line(1, 80, (stt, "STT"), (indicator, "Chỉ tiêu"), (unit, "Đơn vị tính"), (value, "Số liệu"))]
    for k, cells in enumerate(printed):
        lines.append(_line(1, 100 + 16 * k, *[(x, text) for x, text in zip((stt, indicator, unit, value), cells)
                                               if text]))
    got = [row.cells()[:4] for row in read_tables(Document(method="ocr", lines=lines, units="pt"))]
    assert got == [("10", "Thực hiện cơ chế một cửa", "", ""),
                   ("10.1", "Số TTHC đưa vào thực hiện theo cơ chế một cửa tại cấp xã", "Thủ tục", "45"),
                   ("10.2", "Số TTHC liên thông giữa các cấp chính quyền", "Thủ tục", "16"),
                   ("11", "Kết quả giải quyết TTHC", "", ""),
                   ("11.1", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "476"),
                   ("11.2", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ", "13")]


def test_a_number_read_beside_a_later_line_of_its_indicator_leaves_it():
    # a row aligned to its cell's foot prints its STT beside the indicator's last line: OCR read `101` there, its
    # dot lost, and the indicator took it as a word
    rows = restore_numbering(_rows(
        ("10", "Cải cách TTHC", "", ""), ("", "Số TTHC đã được phê duyệt phương án đơn giản 101 hóa", "Thủ tục", "48"),
        ("10.2", "Số TTHC công bố mới", "Thủ tục", "3"),
        ("11", "Giải quyết TTHC", "", ""), ("", "Tỷ lệ hồ sơ được giải 111 quyết đúng hạn", "%", "98"),
        ("", "Số hồ sơ giải quyết trước hạn", "Hồ sơ", "12"), ("11.3", "Số hồ sơ quá hạn", "Hồ sơ", "0")))
    assert [(r.stt, r.indicator) for r in rows[1:2] + rows[4:6]] == [
        ("10.1", "Số TTHC đã được phê duyệt phương án đơn giản hóa"),
        ("11.1", "Tỷ lệ hồ sơ được giải quyết đúng hạn"), ("11.2", "Số hồ sơ giải quyết trước hạn")]
    assert rows[1].extra["stt_read"] == "101" and rows[4].extra["stt_read"] == "111"


def test_a_number_inside_an_indicator_that_is_no_lost_stt_stays():
    # `Nghị định 61` in a row the run does not number, or whose number is not `61` with its dots lost
    rows = restore_numbering(_rows(
        ("6", "Văn bản", "", ""), ("6.1", "Số văn bản theo Nghị định 61 năm", "Văn bản", "4"),
        ("", "Tổng số theo Nghị định 72", "Văn bản", "2"), ("6.3", "Số khác", "Văn bản", "1")))
    assert [r.indicator for r in rows] == ["Văn bản", "Số văn bản theo Nghị định 61 năm", "Tổng số theo Nghị định 72",
                                           "Số khác"]

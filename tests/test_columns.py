"""Column names in a header whose lines a narrow or merged cell broke: what each name is and where it stands."""
import pytest

from baocao.schemas.document import Span
from baocao.segment.columns import column_bands, header_anchors
from baocao.segment.lines import RLine
from baocao.segment.tables import header_at
from baocao.segment.vocab import header_roles
from baocao.settings import SETTINGS


def _line(k: int, *words: tuple[str, float, float]) -> RLine:
    return RLine(k, 1, [Span(text, x0, x1, 10.0 * k, 10.0 * k + 9) for text, x0, x1 in words], 10.0 * k,
                 10.0 * k + 9)


def _pulled(*texts: str) -> list[RLine]:
    """Lines of pulled text without positions."""
    return [RLine(k, None, [Span(w, 0.0, 0.0, 0.0, 0.0) for w in text.split()], 0.0, 0.0)
            for k, text in enumerate(texts)]


def test_a_line_ending_inside_a_longer_name_reads_as_that_name():
    assert header_roles(["Số", "liệu", "thống"]) == [("result", 0, 3)]  # `… kê` wrapped to the next line
    assert header_roles(["Số", "liệu"]) == [("value", 0, 2)]
    assert header_roles(["Số", "liệu", "thống", "Ghi", "chú"]) == [("value", 0, 2), ("note", 3, 5)]
    assert header_roles(["ST", "T"]) == [("stt", 0, 2)]  # a word a narrow column broke


def test_a_group_name_over_unit_and_value_is_not_the_value_column():
    # a two-row header as a borderless PDF places it: `Số liệu thống kê` centred over `ĐVT` and `Số liệu`, which
    # its narrow column wrapped around the unit's line (x in points)
    header = [
        _line(0, ("Số", 392, 408), ("liệu", 412, 437), ("thống", 441, 478)),
        _line(1, ("kê", 428, 443)),
        _line(2, ("TT", 104, 121), ("Chỉ", 203, 225), ("tiêu", 229, 255), ("thống", 259, 296), ("kê", 300, 316),
              ("Ghi", 497, 519), ("chú", 523, 547)),
        _line(3, ("Số", 457, 473)),
        _line(4, ("ĐVT", 396, 423)),
        _line(5, ("liệu", 452, 477)),
    ]
    anchors = header_anchors(header)
    assert sorted(anchors, key=lambda role: sum(anchors[role])) == ["stt", "indicator", "unit", "value", "note"]
    assert anchors["value"][0] > anchors["unit"][1] - 1  # the value's name stands right of the unit's


def test_a_group_named_like_the_value_is_not_the_value_column():
    # `Kết quả thực hiện` over `ĐVT` and `Số liệu` (the group's name is also a value column's name); the group
    # ends left of `Số liệu`, so it is not that column's name wrapped (x in points, dev-01039's page)
    header = [
        _line(0, ("Kết", 536, 560), ("quả", 564, 589), ("thực", 593, 623), ("hiện", 628, 657)),
        _line(1, ("Tên", 218, 243), ("chỉ", 247, 262), ("tiêu", 266, 298)),
        _line(2, ("Số", 88, 100), ("TT", 103, 113), ("ĐVT", 487, 516), ("Số", 681, 697), ("liệu", 702, 727)),
    ]
    anchors = header_anchors(header)
    assert anchors["value"][0] > 660 and anchors["unit"] == (487, 516)


@pytest.mark.parametrize("group, top, lower, value, unit", [
    # `Số liệu thống kê` centred over `ĐVT` and `Kết quả`, its words narrower than the two columns: the lower
    # `Kết quả` is the value's name, not the group's words (x in points)
    ([("Số", 491, 503), ("liệu", 506, 527), ("thống", 530, 559), ("kê", 562, 576)],
     [("TT", 101, 115), ("Nội", 246, 263), ("dung", 266, 293), ("Ghi", 709, 727), ("chú", 730, 749)],
     [("ĐVT", 464, 486), ("Kết", 580, 597), ("quả", 600, 620)], (580, 620), (464, 486)),
    # `Kết quả thực hiện` centred over `ĐVT` and `Số liệu`, the unit's name starting a hair left of it
    ([("Kết", 538, 560), ("quả", 563, 588), ("thực", 591, 617), ("hiện", 620, 645)],
     [("STT", 96, 120), ("Chỉ", 290, 310), ("tiêu", 314, 337), ("Ghi", 721, 742), ("chú", 746, 769)],
     [("ĐVT", 534.8, 561), ("Số", 624, 640), ("liệu", 644, 666)], (624, 666), (534.8, 561)),
])
def test_a_group_over_unit_and_value_is_no_column(group, top, lower, value, unit):
    anchors = header_anchors([_line(0, *group), _line(1, *top), _line(2, *lower)])
    assert anchors["value"] == value and anchors["unit"] == unit


def test_a_coded_units_numbers_do_not_pull_the_value_border_into_the_unit():
    # a page without its header: the unit `Có = 1; Không = 0` runs up to where a wide coded unit fills the
    # column, so no clean gutter parts unit and value; the codes' numbers are no values
    anchors = {"stt": (95, 113), "indicator": (218, 298), "unit": (487, 516), "value": (681, 727)}
    body = [
        _line(0, ("1.5", 92, 112), ("Có", 127, 140), ("ban", 144, 160), ("hành", 164, 190),
              ("Có", 444, 461), ("=", 465, 475), ("1;", 479, 490), ("Không", 494, 533), ("=", 537, 547),
              ("0", 551, 559), ("1", 786, 794)),
        _line(1, ("1.6", 92, 112), ("Đã", 127, 140), ("ban", 144, 160), ("hành", 164, 190),
              ("Đúng", 444, 478), ("quy", 482, 500), ("định:", 504, 540), ("1", 544, 550), ("Không", 554, 594),
              ("đúng", 598, 630), ("quy", 634, 652), ("định:", 656, 678), ("2", 682, 688), ("2", 786, 794)),
        _line(2, ("1.7", 92, 112), ("Đã", 127, 140), ("ban", 144, 160), ("hành", 164, 190),
              ("Văn", 444, 465), ("bản", 469, 490), ("Không", 691, 733), ("phát", 737, 765), ("sinh", 769, 794)),
    ]
    bands = column_bands(anchors, body, "pt")
    assert bands["unit"][1] > 559  # `Có = 1; Không = 0` stays whole in the unit's column


def test_a_units_first_word_set_a_little_apart_stays_in_the_unit_column():
    # values right-aligned left of the units (x in points, as a scan placed them): the units' first words `Số`
    # stand apart from `lượng` by less than a word space, so they are one cell's; the wide gutter after the values
    # parts the two columns, not the narrow space inside the unit
    anchors = {"stt": (101, 125), "indicator": (156, 270), "value": (301, 352), "unit": (398, 426),
               "note": (480, 530)}
    body = [
        _line(0, ("2.1.1.", 96, 128), ("Số", 145, 159), ("hồ", 164, 178), ("sơ", 183, 195), ("4.102", 328, 360),
              ("Số", 377, 390), ("lượng", 396, 427)),
        _line(1, ("sơ", 406, 418)),
        _line(2, ("2.1.2.", 96, 128), ("Giải", 145, 170), ("quyết", 175, 205), ("2237", 328, 360),
              ("Số", 377, 391), ("lượng", 396, 427)),
        _line(3, ("-", 100, 104), ("Trả", 145, 165), ("trực", 170, 195), ("tiếp", 200, 222), ("570", 339, 360)),
    ]
    bands = column_bands(anchors, body, "pt")
    assert bands is not None and 360 < bands["value"][1] < 377 and bands["unit"][0] < 377


def test_a_group_over_the_unit_and_a_value_named_like_it_keeps_the_unit_first():
    # a two-row header pulled cell after cell (PyMuPDF): the group `Kết quả thống kê`, then `Ghi chú` (merged down
    # both rows), then the lower row's `ĐVT` and `Kết quả`; the lower `Kết quả` is the value, right of the unit
    lines = _pulled("Số", "TT", "Tên chỉ tiêu", "Kết quả thống kê", "Ghi chú", "ĐVT", "Kết quả")
    assert header_at(lines, 1).order == ("stt", "indicator", "unit", "value", "note")
    # value first: the lower `Kết quả` is still the value
    lines = _pulled("STT", "Chỉ tiêu", "Kết quả thống kê", "Kết quả", "Đơn vị tính")
    assert header_at(lines, 0).order == ("stt", "indicator", "value", "unit")
    # a group named like a value column: the value named again under it is the column
    lines = _pulled("Số", "TT", "Tên chỉ tiêu", "Kết quả thực hiện", "ĐVT", "Số liệu")
    assert header_at(lines, 1).order == ("stt", "indicator", "unit", "value")
    lines = _pulled("TT", "Nội dung", "Kết quả thực hiện", "Ghi chú", "ĐVT", "Kết quả")
    assert header_at(lines, 0).order == ("stt", "indicator", "unit", "value", "note")
    # names a narrow column wrapped, a line each: the header's last name still belongs to it
    lines = _pulled("TT", "Chỉ tiêu", "(Sử dụng trong kỳ báo cáo hàng quý,", "6 tháng, năm)", "Kết quả thực",
                    "hiện", "Ghi", "chú", "ĐVT", "Kết", "quả", "1", "Số văn bản đã ban hành")
    assert header_at(lines, 0).order == ("stt", "indicator", "unit", "value", "note")


def test_a_name_cut_over_lines_stands_where_its_first_piece_stands():
    # a narrow `Kết quả` column left of `Đơn vị tính`, pulled cell after cell: `Kết` / `quả` name nothing line by
    # line, `Đơn vị` does; joined, `Kết quả` still comes first, and its pieces name no second value
    lines = _pulled("Số", "TT", "Chỉ tiêu thống kê", "Kết", "quả", "Đơn vị", "tính", "Ghi", "chú")
    assert header_at(lines, 1).order == ("stt", "indicator", "value", "unit", "note")


def _spaced(k: int, x0: float, text: str, x1: float) -> list[tuple[str, float, float]]:
    """The words of `text` spread evenly from x0 to x1, a word space (3 pt) apart."""
    words = text.split()
    width = (x1 - x0 - 3 * (len(words) - 1)) / len(words)
    return [(w, x0 + n * (width + 3), x0 + n * (width + 3) + width) for n, w in enumerate(words)]


# a two-row borderless header as OCR read it (positions in points): the STT heading misread (`hạn`), the usage
# note under the indicator's name opening left of it, `Kết quả thống kê` over `ĐVT` and `Kết quả`
_GARBLED = [
    _line(0, *_spaced(0, 181, "Chỉ tiêu thống kê", 274)),
    _line(1, ("hạn", 92, 108), *_spaced(1, 137, "(Sử dụng trong kỳ báo cáo hàng quý. 6", 319),
          *_spaced(1, 353, "Kết quả thống kê", 446), *_spaced(1, 475, "Ghi chú", 517)),
    _line(2, *_spaced(2, 200, "tháng, năm)", 256), ("ĐVT", 359, 381), *_spaced(2, 412, "Kết quả", 453)),
]


def test_the_usage_note_opening_left_of_the_indicator_is_not_the_stt_heading():
    anchors = header_anchors(_GARBLED)
    assert anchors["stt"] == (92, 108)
    assert anchors["indicator"][0] == 181 and anchors["unit"] == (359, 381)


def test_a_header_line_garbled_in_a_quarter_of_its_words_is_still_header():
    # `Kết quả thống kê` read `Kết ; x quả ti:öng kê`: four words no header has, of eighteen
    garbled = [_GARBLED[0],
               _line(1, ("hài", 92, 108), *_spaced(1, 137, "(Sử dụng trong kỳ báo cáo hàng quý. 6", 319),
                     *_spaced(1, 353, "Kết ; x quả ti:öng kê", 446), *_spaced(1, 475, "Ghi chú", 517)),
               _line(2, *_spaced(2, 200, "tháng, năm)", 256), *_spaced(2, 412, "Kết quả", 453)),
               _line(3, ("1", 95, 101), *_spaced(3, 124, "Kế hoạch cải cách hành chính", 300)),
               _line(4, ("1.1", 90, 104), *_spaced(4, 124, "Số văn bản đã ban hành", 300), *_spaced(4, 355, "Văn bản", 390),
                     ("15", 425, 435))]
    header = header_at(garbled, 0)
    assert header is not None and (header.start, header.end) == (0, 3)
    # a body line is no header line, however many header words it holds
    assert header_at(garbled, 4) is None


def test_a_speck_read_as_a_short_word_leaves_a_header_line_a_header_line():
    lines = _pulled("Mà Đơn vị Kết", "TT Chỉ tiêu thống kê tính quả Ghi chú", "1 Số văn bản đã ban hành Văn bản 15")
    header = header_at(lines, 0)
    assert header is not None and (header.start, header.end) == (0, 2)
    assert header.order == ("stt", "indicator", "unit", "value", "note")
    # a short heading in capitals misread beside a name (`ĐVI` for `ĐVT`) keeps the line in the header; a word
    # in small letters does not
    lines = _pulled("Số TT Tên chỉ tiêu Kết quả thực hiện", "ĐVI Số liệu", "1 Số văn bản đã ban hành Văn bản 15")
    assert header_at(lines, 0).end == 2
    lines = _pulled("Số TT Tên chỉ tiêu Kết quả thực hiện", "hành Số liệu", "1 Số văn bản đã ban hành Văn bản 15")
    assert header_at(lines, 0).end == 1


def test_an_unread_stt_heading_is_found_from_the_numbered_rows_below():
    # a narrow STT column's bold `ST` / `T` not read at all: the header names indicator, unit and value, the rows
    # below are numbered, and the numbers opening them show where the STT column stands
    lines = [_line(0, *_spaced(0, 200, "Chỉ tiêu", 250), ("ĐVT", 380, 405), *_spaced(0, 470, "Kết quả", 515)),
             _line(1, *_spaced(1, 120, "Số văn bản quy phạm pháp luật", 300)),
             _line(2, ("1.", 92, 100), *_spaced(2, 120, "đã kiểm tra", 180), *_spaced(2, 370, "Văn bản", 415),
                   ("15", 485, 497)),
             _line(3, *_spaced(3, 120, "Số văn bản đã xử lý", 260)),
             _line(4, ("2.", 92, 100), *_spaced(4, 120, "xong", 145), *_spaced(4, 370, "Văn bản", 415), ("7", 488, 494))]
    header = header_at(lines, 0)
    assert header is not None and header.order == ("stt", "indicator", "unit", "value")
    bands = column_bands(header_anchors(lines[:1]), lines[1:], "pt")
    assert bands is not None and list(bands) == ["stt", "indicator", "unit", "value"]
    assert bands["stt"][0] < 92 and 100 < bands["stt"][1] < 120  # the numbers' column, left of the indicators


def test_a_wide_stt_name_reaching_over_the_indicators_does_not_take_their_words():
    # `Số thứ tự` centred over a narrow column reads wider than it: its name's box reaches the indicators' first
    # words; the numbers opening the rows stand left of a clean gutter, and that gutter parts the two columns
    anchors = {"stt": (96, 163), "indicator": (178, 239), "unit": (315, 343), "value": (390, 441)}
    body = [_line(0, *_spaced(0, 139, "Số thủ tục hành chính", 270)),
            _line(1, ("1.2", 98, 118), *_spaced(1, 139, "thuộc thẩm quyền bãi", 271), *_spaced(1, 306, "Thủ tục", 352),
                  ("16", 437, 450)),
            _line(2, *_spaced(2, 139, "bỏ, thay thế", 210)),
            _line(3, ("1.3", 100, 118), *_spaced(3, 139, "Tổng số thủ tục", 230), *_spaced(3, 306, "Thủ tục", 352),
                  ("212", 430, 450)),
            _line(4, ("2", 106, 113), *_spaced(4, 139, "Thực hiện cơ chế một cửa", 280))]
    bands = column_bands(anchors, body, "pt")
    assert bands is not None and 118 < bands["stt"][1] < 139


def test_a_garbled_heading_where_the_value_is_missing_names_the_value():
    # `Kết quả` read as `ca` / `quả` between `ĐVT` and `Ghi chú` (a 150 dpi fax): no name, but the one heading
    # standing there is the value's; a page number caught in the block is no heading
    header = [_line(0, ("4", 316, 322)),
              _line(1, ("STT", 98, 121), ("Chỉ", 238, 256), ("tiêu", 260, 278), ("ĐVT", 400, 425), ("ca", 457, 476),
                    ("Ghi", 503, 521), ("chú", 525, 542)),
              _line(2, ("quả", 457, 475))]
    anchors = header_anchors(header)
    assert sorted(anchors, key=lambda role: sum(anchors[role])) == ["stt", "indicator", "unit", "value", "note"]
    assert anchors["value"] == (457, 476)
    # two headings no name took: which is the value's is not known
    header[1].spans.insert(4, Span("xy", 430, 445, 10.0, 19.0))
    assert "value" not in header_anchors(header)


def test_a_header_that_lost_the_unit_and_value_names_takes_them_from_the_rows():
    # `Số TT  Tên chỉ tiêu` read, `ĐVT`, `Số liệu` and `Ghi chú` lost (OCR of a header whose cells stand at
    # three heights): the numbered rows below say it is a table, and their units and values where they stand
    from baocao.extract.text import text_document
    from baocao.segment.reader import read_tables

    lines = ["Biểu mẫu 1", "Số TT    Tên chỉ tiêu",
             "1        Số văn bản chỉ đạo đã ban hành             Văn bản       12",
             "2        Số cuộc kiểm tra cải cách hành chính       Cuộc           3",
             "3        Số nhiệm vụ đã hoàn thành                  Nhiệm vụ      25",
             "4        Tỷ lệ văn bản gửi dưới dạng điện tử        %            100"]
    rows = read_tables(text_document(lines))
    assert [(r.stt, r.unit, r.value) for r in rows] == [
        ("1", "Văn bản", "12"), ("2", "Cuộc", "3"), ("3", "Nhiệm vụ", "25"), ("4", "%", "100")]
    # without numbered rows below holding units and figures, two names are no header (a plan's table)
    assert read_tables(text_document(lines[:2] + ["Các đơn vị đã ban hành văn bản"])) == []
    plan = ["STT    Nội dung", "1      Tuyên truyền cải cách hành chính        Quý II     Văn phòng",
            "2      Rà soát thủ tục hành chính              Quý III    Tư pháp",
            "3      Kiểm tra công vụ                        Quý IV     Nội vụ"]
    assert read_tables(text_document(plan)) == []


@pytest.mark.parametrize("pair, numbers", [(("unit", "value"), 5), (("value", "unit"), 5), (("unit", "value"), 4)])
def test_a_header_that_lost_its_names_is_placed_by_its_column_numbers(pair, numbers):
    # a 200 dpi scan read `STT Nội dung quả Kết chú Gi` over `(1) (2) (3) (4) (5)`: `ĐVT` lost, `Kết quả` and
    # `Ghi chú` garbled; the column numbers still stand one over each column, in the form's order
    middles = [110, 254, 402, 460, 520][:numbers]
    header = [_line(0, ("STT", 98, 121), ("Nội", 222, 246), ("dung", 250, 280), ("quả", 448, 470),
                    ("Kết", 449, 470), ("chú", 508, 530), ("Gi", 509, 520)),
              _line(1, *[(f"({k + 1})", x - 7, x + 7) for k, x in enumerate(middles)])]
    anchors = header_anchors(header, pair=pair)
    roles = ["stt", "indicator", *pair, "note"][:numbers]
    assert sorted(anchors, key=lambda role: sum(anchors[role])) == roles
    assert [sum(anchors[role]) / 2 for role in roles] == middles
    # a name standing over another number than its place in the form's order says: the numbers are not taken
    header[0].spans[:1] = [Span("STT", 240, 262, 0.0, 9.0)]
    assert set(header_anchors(header, pair=pair)) <= {"stt", "indicator"}


def test_a_page_whose_value_column_is_empty_is_cut_where_the_whole_table_is():
    # a table's second page holds no figure: nothing there parts the value from a note set at the left of its
    # column (the column numbers centre `(4)` and `(5)` over value and note), so the page takes the table's cut
    from baocao.schemas.document import Document
    from baocao.segment.lines import reader_lines
    from baocao.segment.reader import _page_columns
    from baocao.segment.tables import find_tables
    from placed_lines import placed_line

    header = [[(96, "STT"), (150, "Chỉ tiêu"), (340, "ĐVT"), (418, "Số liệu"), (498, "Ghi chú")],
              [(100, "(1)"), (213, "(2)"), (346, "(3)"), (423, "(4)"), (503, "(5)")]]
    page_one = [*header,
                [(100, "1"), (133, "Số văn bản đã ban hành"), (337, "Văn bản"), (430, "12")],
                [(100, "2"), (133, "Số cuộc kiểm tra"), (337, "Cuộc"), (436, "3")],
                [(100, "3"), (133, "Số hồ sơ đã tiếp nhận"), (337, "Hồ sơ"), (424, "548")]]
    page_two = [*header,
                [(472, "Chỉ báo cáo")], [(472, "các tổ chức")], [(472, "vẫn đang")],
                [(100, "4"), (133, "Số hồ sơ trực tuyến"), (337, "Hồ sơ"), (472, "hoạt động")],
                [(100, "5"), (133, "Số tổ chức được kiện toàn"), (337, "Tổ chức")]]
    document = Document(method="pdf", units="pt", lines=[
        placed_line(page, 100 + 14 * k, *cells)
        for page, rows in ((1, page_one), (2, page_two)) for k, cells in enumerate(rows)])
    lines = reader_lines(document)
    table = find_tables(lines)[0]
    found = _page_columns(document, lines, table, SETTINGS.reader, ((0, 3), (0, 3)))
    note_from = found.placed[2].bands["note"][0]
    assert 450 < note_from < 472  # right of every figure, left of every note's first word

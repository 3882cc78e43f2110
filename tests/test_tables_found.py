"""Tables and rows in text pulled side by side: where one table ends and the next begins when both print the same
header, which of unit and value comes first, an STT a narrow column wrapped."""
from baocao.extract.text import text_document
from baocao.segment.lines import reader_lines
from baocao.segment.tables import find_tables

HEADER = "STT   Chỉ tiêu   Đơn vị tính   Số liệu   Ghi chú"


def _tables(lines: list[str]) -> list[list[str]]:
    found = reader_lines(text_document(lines))
    return [[found[k].text for k in table.body] for table in find_tables(found)]


def test_the_same_header_over_a_numbering_that_starts_again_is_the_next_table():
    tables = _tables([
        "THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH", HEADER,
        "1   Số văn bản chỉ đạo đã ban hành   Văn bản   12",
        "2   Số cuộc kiểm tra   Cuộc   3",
        "THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH", HEADER,
        "1   Số thủ tục hành chính   Thủ tục   101",
    ])
    assert [len(t) for t in tables] == [2, 1]  # the second table's title belongs to neither body


def test_the_header_repeated_over_a_page_keeps_the_table():
    tables = _tables([
        HEADER,
        "I   CÔNG TÁC CHỈ ĐẠO",
        "1   Số văn bản chỉ đạo đã ban hành   Văn bản   12",
        "II   CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "\f" + HEADER,
        "1   Số thủ tục hành chính   Thủ tục   101",  # under section II: its numbering starts again
        "3.1.   Số phòng, ban chuyên   Cơ quan, đơn   19",
        "\f" + HEADER,
        "1   môn cấp huyện   vị",  # the row and its STT `3.1.` / `1` a page break cut
    ])
    assert len(tables) == 1 and len(tables[0]) == 6


def test_a_short_table_takes_the_order_of_unit_and_value_the_documents_other_tables_show():
    # pulled line by line, `Kết quả` wraps round the header's main line: the header cannot say where it stands;
    # the first table's lines say the value comes before the unit, the second is too short to say
    from baocao.segment.reader import read_tables

    header = ["Chỉ tiêu", "Kết", "STT (Sử dụng trong kỳ báo cáo) ĐVT Ghi chú", "quả"]
    rows = read_tables(text_document(["Phụ lục 1", *header,
                                      "1 Số văn bản chỉ đạo đã ban hành 12 Văn bản",
                                      "2 Số cuộc kiểm tra đã thực hiện 3 Cuộc",
                                      "3 Số nhiệm vụ đã hoàn thành 7 Nhiệm vụ",
                                      "4 Số hồ sơ đã tiếp nhận 105 Hồ sơ",
                                      "Phụ lục 2", *header,
                                      "1 Số thủ tục hành chính đã công bố 101 Thủ tục"]))
    assert [(r.unit, r.value) for r in rows][-2:] == [("Hồ sơ", "105"), ("Thủ tục", "101")]


def test_the_rest_of_a_wrapped_stt_opening_the_next_line_is_the_stts():
    # pdfplumber layout=True: `2.1.1` wrapped as `2.1` / `.1`, the indicator's second line beside the rest
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        HEADER,
        "2.1 Số thủ tục hành chính công bố mới trong",
        " .1    kỳ báo cáo                          233      Thủ tục",
        "2.1 Số thủ tục hành chính bãi bỏ, thay",
        " .2    thế                                   5      Thủ tục",
    ]))
    assert [r.stt for r in rows] == ["2.1.1", "2.1.2"]
    assert rows[0].indicator.startswith("Số thủ tục hành chính công bố mới trong kỳ báo cáo")


def test_footnotes_over_the_pages_number_are_no_rows():
    tables = _tables([
        HEADER,
        "1   Số nhiệm vụ hoàn thành đúng hạn1   Nhiệm vụ   57",
        "2   Số vấn đề phát hiện qua kiểm tra2   Vấn đề   10",
        "1 Chỉ tính các thủ tục hành chính có phát sinh hồ sơ trong kỳ.",
        "2 Theo Quyết định công bố danh mục thủ tục hành chính.",
        "7",  # the page's number, the signature block after it
        "Nơi nhận:",
    ])
    assert len(tables[0]) == 2


def test_sections_numbered_like_footnotes_are_rows_not_footnotes():
    # a mark-like `I1` OCR read in a coded unit, and the table's sections `1 …`, `2 …`, `3 …` open lines as
    # footnotes do: they are its rows, each over rows of its own
    tables = _tables([
        HEADER,
        "1   Kế hoạch CCHC",
        "1.1.   Số nhiệm vụ đã hoàn thành   Nhiệm vụ   21",
        "1.2.   Số văn bản chỉ đạo đã ban hành   Văn bản   4",
        "2   Thực hiện nhiệm vụ được giao",
        "2.1.   Tổng số nhiệm vụ được giao   Nhiệm vụ   9",
        "3   Xây dựng Quy chế chi tiêu nội bộ   Có = I1 Không = 0   1",
        "3.1.   Số quy chế đã ban hành   Văn bản   2",
    ])
    assert len(tables[0]) == 7


def test_a_headers_first_line_with_a_word_ocr_garbled_is_the_headers():
    # `Đơn vị tính`, `Số liệu` and `Ghi chú` wrap over the header's lines, `Số` of the value's name read `Sẽ`:
    # the line still opens the header, and the names the lines above held (`Đơn` / `vị` / `tính`, `Ghi` / `chú`)
    # name their columns
    from baocao.segment.columns import header_anchors
    from baocao.segment.tables import header_at

    lines = reader_lines(text_document([
        "Phụ lục 2",
        "                                          Đơn",
        "Số                               Sẽ                Ghi",
        "       Tên chỉ tiêu                       vị",
        "TT                               liệu     tính     chú",
        "1      Số văn bản đã ban hành    12       Văn bản",
        "2      Số cuộc kiểm tra          3        Cuộc",
    ]))
    header = header_at(lines, 3)
    assert header is not None and (header.start, header.end) == (1, 5)
    assert {"unit", "note"} <= set(header_anchors(lines[header.start:header.end]))


def _placed(rows: list[tuple], rules: list[float] = (), tops: list[float] | None = None):
    """A page of words at their places, lines 14 pt apart (no wider gap between rows than inside one) unless
    `tops` gives each line's top, and horizontal rules across the table at the given heights."""
    from baocao.schemas.document import Document, Line, Page, Rule, Span

    columns = (40, 80, 350, 450)
    lines = []
    for n, cells in enumerate(rows):
        top, spans = tops[n] if tops else 100 + 14 * n, []
        for x, text in zip(columns, cells):
            for word in text.split():
                spans.append(Span(word, x, x + 5 * len(word), top, top + 11))
                x += 5 * len(word) + 3
        lines.append(Line(spans, 1))
    return Document(method="pdf_text", lines=lines, units="pt",
                    pages=[Page(1, 595, 842, rules=[Rule(35, y, 520, y) for y in rules])])


def test_a_unit_column_the_header_lost_is_found_where_the_rows_units_stand():
    # OCR lost the unit's name; a section's title runs across the unit's column, so no clean gutter parts it from
    # the indicators: the units standing apart at the rows' ends, beside the values, say where it is
    from baocao.segment.reader import read_tables

    rows = [("STT", "Chỉ tiêu", "", "Số liệu"),
            ("1", "CẢI CÁCH HÀNH CHÍNH VÀ CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CỦA ỦY BAN NHÂN DÂN", "", ""),
            ("1.1", "Số văn bản chỉ đạo đã ban hành", "Văn bản", "12"),
            ("1.2", "Số nhiệm vụ được giao", "Nhiệm vụ", "7"),
            ("1.3", "Số cơ quan đã kiểm tra", "Cơ quan, đơn vị", "4"),
            ("1.4", "Số người được tuyển dụng", "Người", "9"),
            ("1.5", "Tỷ lệ nhiệm vụ hoàn thành", "%", "100"),
            ("1.6", "Số thủ tục hành chính", "Thủ tục", "31")]
    read = read_tables(_placed(rows))
    assert [(r.stt, r.unit, r.value) for r in read] == [("1", "", ""), *((stt, unit, value) for stt, _, unit, value
                                                                         in rows[2:])]


def test_a_rule_drawn_between_rows_parts_them():
    from baocao.segment.reader import read_tables

    rows = [("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"),
            ("1", "Số văn bản chỉ đạo đã ban hành", "Văn bản", "12"),
            ("", "Tại cấp huyện (Ủy ban nhân dân xã, phường", "", ""),
            ("", "không phải báo cáo mục này)", "", ""),
            ("", "Tại cấp xã", "", "27"),
            ("2", "Số cuộc kiểm tra", "Cuộc", "3")]
    between = [100 + 14 * n - 1.5 for n in (1, 2, 4, 5)]  # under the header and between the body's rows
    read = read_tables(_placed(rows, between))
    assert [(r.indicator, r.value) for r in read] == [
        ("Số văn bản chỉ đạo đã ban hành", "12"),
        ("Tại cấp huyện (Ủy ban nhân dân xã, phường không phải báo cáo mục này)", ""),
        ("Tại cấp xã", "27"), ("Số cuộc kiểm tra", "3")]
    # without the rules the aside alone parts them (`… không phải báo cáo …`: a level the form leaves empty) …
    assert [(r.indicator, r.value) for r in read_tables(_placed(rows, []))] == [(r.indicator, r.value) for r in read]
    # … and where no word does (no aside, no level of government opening a row), nothing tells the unnumbered rows
    # apart: they read as one
    plain = rows[:2] + [("", "Số văn bản đã rà soát theo đề nghị", "", ""), ("", "của các cơ quan chuyên môn", "", ""),
                        ("", "Tổng số văn bản đã sửa đổi", "", "27")] + rows[5:]
    assert len(read_tables(_placed(plain, between))) == 4
    assert len(read_tables(_placed(plain, []))) < 4


_UNNUMBERED = [("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"),
               ("1", "Số văn bản chỉ đạo", "Văn bản", "12"),
               ("", "đã ban hành", "", ""),
               ("", "Tại cấp huyện (Ủy ban nhân dân xã, phường", "", ""),
               ("", "không phải báo cáo mục này)", "", ""),
               ("", "Tại cấp xã", "", "27"),
               ("2", "Số cuộc kiểm tra", "Cuộc", "3"),
               ("", "đã thực hiện", "", "")]
_READ_APART = [("Số văn bản chỉ đạo đã ban hành", "12"),
               ("Tại cấp huyện (Ủy ban nhân dân xã, phường không phải báo cáo mục này)", ""),
               ("Tại cấp xã", "27"), ("Số cuộc kiểm tra đã thực hiện", "3")]


def test_rows_set_further_apart_than_a_cells_lines_are_read_apart():
    from baocao.segment.reader import read_tables

    # a cell's lines 14 pt apart, rows 20 pt: the gap between rows parts the unnumbered ones
    tops = [100, 120, 134, 154, 168, 188, 208, 222]
    assert [(r.indicator, r.value) for r in read_tables(_placed(_UNNUMBERED, tops=tops))] == _READ_APART
    # … and where rows stand as close as a cell's lines, the words still do (`… không phải báo cáo …`: a level the
    # form leaves empty is a row of its own; where no word parts them, see the test above)
    assert [(r.indicator, r.value) for r in read_tables(_placed(_UNNUMBERED))] == _READ_APART


def test_in_a_table_ruled_between_its_rows_a_row_starts_only_under_a_rule():
    from baocao.segment.reader import read_tables

    rows = [("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"),
            ("1", "Tỷ lệ hồ sơ thủ tục hành chính", "%", "1.458/1.458"),
            ("", "Ủy ban nhân dân cấp huyện tiếp nhận", "", "=100%"),
            ("2", "Số hồ sơ đã giải quyết", "Hồ sơ", "1.230"),
            ("3", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "1.200/1.230"),
            ("", "Ủy ban nhân dân cấp xã tiếp nhận", "", "=98%"),
            ("4", "Số hồ sơ quá hạn", "Hồ sơ", "30")]
    ruled = [100 + 14 * k - 1.5 for k in (1, 3, 4, 6)]  # under the header and over every numbered line
    read = read_tables(_placed(rows, ruled))
    assert [(r.stt, r.indicator, r.value) for r in read] == [
        ("1", "Tỷ lệ hồ sơ thủ tục hành chính Ủy ban nhân dân cấp huyện tiếp nhận", "1.458/1.458 =100%"),
        ("2", "Số hồ sơ đã giải quyết", "1.230"),
        ("3", "Tỷ lệ hồ sơ giải quyết đúng hạn Ủy ban nhân dân cấp xã tiếp nhận", "1.200/1.230 =98%"),
        ("4", "Số hồ sơ quá hạn", "30")]


def test_a_wrapped_stts_dot_below_its_rule_leaves_the_table_ruled_between_its_rows():
    # a narrow STT column wraps every STT's closing dot onto the row's next line: the rules still stand over
    # every row, so a line under no rule starts none, though its text opens on a capital (`Từ UBND …`)
    from baocao.segment.reader import read_tables

    rows = [("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"),
            ("1.2.1", "Số nhiệm vụ đề ra trong", "Nhiệm vụ", "77"), (".", "kế hoạch", "", ""),
            ("1.2.2", "Số nhiệm vụ đã hoàn", "Nhiệm vụ", "45"), (".", "thành", "", ""),
            ("1.2.3", "Xây dựng và vận hành", "Chưa có = 0", "1"), ("", "Hệ thống họp trực tuyến", "2 cấp = 1", ""),
            ("", "Từ UBND huyện đến", "3 cấp = 2", ""), ("", "100% UBND cấp xã.", "", ""),
            ("1.2.4", "Số văn bản đã ban", "Văn bản", "12"), (".", "hành", "", "")]
    ruled = [100 + 14 * k - 1.5 for k in (1, 3, 5, 9)]
    read = read_tables(_placed(rows, ruled))
    assert [(r.stt, r.indicator, r.unit) for r in read] == [
        ("1.2.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ"), ("1.2.2", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ"),
        ("1.2.3", "Xây dựng và vận hành Hệ thống họp trực tuyến Từ UBND huyện đến 100% UBND cấp xã.",
         "Chưa có = 0 2 cấp = 1 3 cấp = 2"),
        ("1.2.4", "Số văn bản đã ban hành", "Văn bản")]


def test_a_title_merged_across_the_row_is_the_indicators_whole():
    from baocao.segment.reader import read_tables

    rows = [("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"),
            ("I", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH CỦA XÃ NĂM 2024 VÀ KẾ HOẠCH", "", ""),
            ("1", "Số văn bản chỉ đạo đã ban hành", "Văn bản", "12"),
            ("2", "Số cuộc kiểm tra", "Cuộc", "3")]
    read = read_tables(_placed(rows))
    # the title's words run a word space apart over the unit's and the value's columns
    assert (read[0].indicator, read[0].unit, read[0].value) == (
        "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH CỦA XÃ NĂM 2024 VÀ KẾ HOẠCH", "", "")
    assert (read[1].unit, read[1].value) == ("Văn bản", "12")


def test_values_and_footnote_marks_as_the_forms_write_them():
    from baocao.segment.vocab import FOOTNOTE_MARK, header_words_only, value_fit

    assert [value_fit(v) for v in ("1.234", "26.796,5", "71,4", "1.03", "2.561/3.645 = 70%")] == [1.0] * 5
    assert [value_fit(v) for v in ("1.2.", "1.2.1", "3.3.")] == [0.0] * 3  # an STT is no value
    assert value_fit("276 văn bản") == 1.0 and value_fit("276 văn") == 0.5 and value_fit("5 cái gì đó") == 0.0
    assert value_fit("Không phát sinh") == 0.5
    # a list of figures per field is a value, from its first item on
    assert value_fit("1. Cải cách thủ tục hành chính: 6 2. Cải cách tổ chức bộ máy: 01") == 1.0
    assert value_fit("2. Cải cách tổ chức bộ máy: 01") == 0.0 and value_fit("Đúng quy định: 1") == 0.0
    assert FOOTNOTE_MARK.sub("", "Số công chức cấp xã bị kỷ luật.²") == "Số công chức cấp xã bị kỷ luật."
    assert FOOTNOTE_MARK.sub("", "Tổng TTHC cung cấp trực tuyến mức độ 4³") == "Tổng TTHC cung cấp trực tuyến mức độ 4"
    # text pulled from a PDF gives a raised mark as a plain digit: against a word's full stop it is one all the same
    assert FOOTNOTE_MARK.sub("", "Số cán bộ cấp xã bị kỷ luật.2") == "Số cán bộ cấp xã bị kỷ luật."
    assert FOOTNOTE_MARK.sub("", "Mục 1.2") == "Mục 1.2" and FOOTNOTE_MARK.sub("", "năm 2015") == "năm 2015"
    assert header_words_only(["(Sử", "dụng"]) and not header_words_only(["Đúng"])  # `Đúng` is no `dụng`


def test_short_lines_of_text_pulled_line_by_line_are_read_in_their_rows_light():
    # cells set at the bottom of their rows, pulled line by line: a narrow unit column's `Nhiệm` stands above the
    # STT line and its `vụ` beside the indicator; a narrow note's lines stand one or two words a line above
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu Đơn vị tính Số liệu Ghi chú",
        "Tỷ lệ hoàn thành Kế hoạch cải cách", "1 hành chính năm % 100",
        "Nhiệm", "1.1 Số nhiệm vụ đề ra trong kế hoạch vụ 13",
        "Nhiệm", "1.2 Số nhiệm vụ đã hoàn thành vụ 12",
        "Kiểm tra, giám sát công tác cải cách", "2 hành chính",
        "Số vấn đề phát hiện qua kiểm tra,", "2.1 giám sát Vấn đề 3",
        "Theo Kế", "hoạch số", "109/KH-", "UBND ngày",
        "Số văn bản chỉ đạo cải cách hành chính", "2.2 đã ban hành Văn bản 4 15/4/2025",
        "Nhiệm", "2.3 Số nhiệm vụ quá hạn vụ 2",
    ]))
    assert [r.stt for r in rows] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "2.3"]
    by_stt = {r.stt: r for r in rows}
    for stt, indicator in (("1.1", "Số nhiệm vụ đề ra trong kế hoạch"), ("1.2", "Số nhiệm vụ đã hoàn thành"),
                           ("2.3", "Số nhiệm vụ quá hạn")):
        assert (by_stt[stt].indicator, by_stt[stt].unit) == (indicator, "Nhiệm vụ")
    assert by_stt["2.2"].note.endswith("109/KH-UBND ngày 15/4/2025")
    assert by_stt["2.2"].indicator.endswith("Số văn bản chỉ đạo cải cách hành chính đã ban hành")


def test_a_unit_wrapped_onto_three_lines_leaves_a_middle_piece():
    from baocao.segment.vocab import unit_fit

    assert unit_fit("lượng") == 0.5  # `Số` / `lượng` / `hồ sơ`
    assert unit_fit("kiểm tra") == 0.0


def test_a_unit_that_also_ends_indicators_is_the_rows_unit_when_its_words_stand_on_two_lines():
    # set at the top of their rows and pulled line by line: `Văn` beside the indicator's first line, `bản` beside
    # its last word
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu Đơn vị tính Số liệu",
        "1 Kiểm tra, xử lý văn bản quy phạm pháp luật",
        "1.1 Số văn bản đã kiểm tra theo thẩm Văn 134",
        "quyền bản",
        "1.2 Số văn bản đã rà soát thuộc thẩm Văn 20",
        "quyền bản",
        "1.3 Số văn bản do cấp xã ban hành Văn bản 7",
    ]))
    assert [(r.stt, r.indicator, r.unit) for r in rows][1:] == [
        ("1.1", "Số văn bản đã kiểm tra theo thẩm quyền", "Văn bản"),
        ("1.2", "Số văn bản đã rà soát thuộc thẩm quyền", "Văn bản"),
        ("1.3", "Số văn bản do cấp xã ban hành", "Văn bản")]


def _char_spans(line: str) -> list:
    """The words of a line of pulled text, each at its character columns."""
    from baocao.schemas.document import Span

    spans, at = [], 0
    for word in line.split():
        at = line.index(word, at)
        spans.append(Span(word, at, at + len(word)))
        at += len(word)
    return spans


def test_an_indicators_words_a_long_line_pushed_into_the_next_column_stay_the_indicators():
    # pdfplumber layout=True: character columns, and a long indicator line runs on over the value column a word
    # space at a time; a new cell starts after a run of spaces
    from baocao.segment.split import Columns, cut_line

    line = "                   Số văn bản chỉ đạo cải cách hành chính đã  Văn"
    spans = _char_spans(line)
    columns = Columns(order=("stt", "indicator", "value", "unit"), slack=2.0, soft=True, char=True,
                      bands={"stt": (12, 17), "indicator": (19, 47), "value": (48, 54), "unit": (56, 66)})
    best = cut_line(spans, columns)[0]
    assert (best.text("indicator"), best.text("value"), best.text("unit")) == \
        ("Số văn bản chỉ đạo cải cách hành chính đã", "", "Văn")


def test_a_name_in_capitals_after_a_word_that_opens_what_follows_goes_on_the_indicator():
    # set at the top, pulled line by line, with a note column: `… và` / `Ủy ban nhân dân …` is one indicator
    # (a capital there starts a name, not the note)
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu Đơn vị tính Số liệu Ghi chú",
        "1 Số cán bộ được khen thưởng trong kỳ",
        "1.1 Số lãnh đạo cấp phòng, ban, ngành và Người 12",
        "Ủy ban nhân dân cấp xã được khen",
        "thưởng",
        "1.2 Số công chức cấp xã được khen thưởng Người 5",
    ]))
    assert [(r.stt, r.indicator, r.note or "") for r in rows][1:] == [
        ("1.1", "Số lãnh đạo cấp phòng, ban, ngành và Ủy ban nhân dân cấp xã được khen thưởng", ""),
        ("1.2", "Số công chức cấp xã được khen thưởng", "")]


def test_the_dot_a_narrow_stt_column_wrapped_is_the_stts_not_the_indicators():
    # pulled line by line from an STT column too narrow for `1.2.1.`: its last dot opens the next line, before
    # the indicator's next words, or stands alone under the STT
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu Đơn vị tính Số liệu Ghi chú",
        "1.2. Kiểm tra công tác cải cách hành chính",
        "1.2.1 Số cơ quan chuyên môn được Cơ quan 6",
        ". kiểm tra trong kỳ",
        "1.2.2 Số vấn đề phát hiện qua kiểm tra Vấn đề 4",
        ".",
        "1.2.3 Số vấn đề đã xử lý xong Vấn đề 3",
        ".",
    ]))
    assert [(r.stt, r.indicator, r.unit, r.value) for r in rows][1:] == [
        ("1.2.1", "Số cơ quan chuyên môn được kiểm tra trong kỳ", "Cơ quan", "6"),
        ("1.2.2", "Số vấn đề phát hiện qua kiểm tra", "Vấn đề", "4"),
        ("1.2.3", "Số vấn đề đã xử lý xong", "Vấn đề", "3")]


def test_a_rows_first_line_above_its_stt_opening_with_a_units_name_is_the_indicators():
    # cells set at the bottom, pulled line by line: the indicator's first line stands above the STT line, and
    # opens with words that also name a unit (`Số lượng hồ sơ …`)
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu Đơn vị tính Số liệu Ghi chú",
        "Kết quả giải quyết thủ tục hành chính (trong kỳ",
        "3 báo cáo)",
        "Số lượng hồ sơ do Ủy ban nhân dân cấp",
        "3.1 huyện tiếp nhận được giải quyết đúng hẹn Số lượng hồ sơ 120",
        "Trong đó:",
        "+ Trả kết quả trực tiếp 80",
        "+ Trả kết quả qua dịch vụ bưu chính 40",
        "Số lượng hồ sơ do Ủy ban nhân dân cấp xã",
        "3.2 tiếp nhận được giải quyết đúng hẹn Số lượng hồ sơ 95",
        "Số thư/ trường hợp đã công khai xin lỗi trong",
        "3.3 kỳ báo cáo Trường hợp 2",
    ]))
    assert [(r.stt, r.indicator, r.unit, r.value, r.note or "") for r in rows] == [
        ("3", "Kết quả giải quyết thủ tục hành chính (trong kỳ báo cáo)", "", "", ""),
        ("3.1", "Số lượng hồ sơ do Ủy ban nhân dân cấp huyện tiếp nhận được giải quyết đúng hẹn", "Số lượng hồ sơ",
         "120", ""),
        ("-", "Trả kết quả trực tiếp", "", "80", ""),
        ("-", "Trả kết quả qua dịch vụ bưu chính", "", "40", ""),
        ("3.2", "Số lượng hồ sơ do Ủy ban nhân dân cấp xã tiếp nhận được giải quyết đúng hẹn", "Số lượng hồ sơ",
         "95", ""),
        ("3.3", "Số thư/ trường hợp đã công khai xin lỗi trong kỳ báo cáo", "Trường hợp", "2", "")]


def test_a_cell_of_pulled_text_starts_after_a_run_of_spaces_where_the_text_parts_its_cells_so():
    # pdftotext -layout parts every two cells by a run of spaces: `Số lượng hồ` is one unit cell's line (its rest
    # `sơ` is on the next), not the known unit `Số lượng` and a note `hồ` a word space after it
    from baocao.segment.split import Columns, cut_line, missing_gap_cost

    line = "         Số lượng hồ sơ đã tiếp               Số lượng hồ"
    spans = _char_spans(line)
    bands = {"stt": (float("-inf"), 7.5), "indicator": (7.5, 34.5), "value": (34.5, 44.5), "unit": (44.5, 58.5),
             "note": (58.5, float("inf"))}
    parted_always = missing_gap_cost(pairs=60, parted=60)
    columns = Columns(order=tuple(bands), bands=bands, slack=2.0, soft=True, char=True, gap_missing=parted_always)
    best = cut_line(spans, columns)[0]
    assert (best.text("indicator"), best.text("unit"), best.text("note")) == \
        ("Số lượng hồ sơ đã tiếp", "Số lượng hồ", "")


def test_how_much_a_cell_start_without_a_run_of_spaces_costs_is_what_the_text_shows():
    # the words standing in two columns' bands: pdftotext parts them by a run of spaces nearly always,
    # pdfplumber's layout text often by one space where a long cell runs up to the next
    from baocao.segment.split import missing_gap_cost, parted_pairs

    bands = {"stt": (float("-inf"), 5.5), "indicator": (5.5, 36.5), "unit": (36.5, 46.5),
             "value": (46.5, float("inf"))}
    apart = _char_spans("2    Số VBQPPL đã kiểm tra theo thẩm    Văn bản    284")
    abutting = _char_spans("2    Số VBQPPL đã kiểm tra theo thẩm Văn bản    284")
    assert parted_pairs(apart, bands) == (3, 3) and parted_pairs(abutting, bands) == (3, 2)
    assert missing_gap_cost(60, 59) > missing_gap_cost(60, 40) > missing_gap_cost(60, 20) > 0
    assert missing_gap_cost(0, 0) == missing_gap_cost(60, 30)  # no evidence: one in two


def test_the_rest_of_a_unit_wrapped_below_joins_it_as_vietnamese_does():
    # set at the bottom, pulled line by line: `Số lượng` alone above, `hồ sơ` after the indicator's words on the
    # row's line; `lượng hồ` goes together, so `hồ sơ` is the unit's rest, not the indicator's last words
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "Phụ lục 1", "STT Chỉ tiêu ĐVT Số liệu",
        "Số văn bản chỉ đạo cải cách hành chính",
        "1 đã ban hành Văn bản 12",
        "Số thủ tục hành chính đưa vào thực hiện",
        "2 theo cơ chế một cửa Thủ tục 51",
        "Số lượng",
        "3 Số hồ sơ đã tiếp nhận trong kỳ hồ sơ 3140",
        "Số lượng",
        "4 Số hồ sơ giải quyết đúng hạn hồ sơ 309",
        "Số cuộc kiểm tra công tác cải cách",
        "5 hành chính Cuộc 4",
    ]))
    assert [(r.indicator, r.unit, r.value) for r in rows][2:4] == [
        ("Số hồ sơ đã tiếp nhận trong kỳ", "Số lượng hồ sơ", "3140"),
        ("Số hồ sơ giải quyết đúng hạn", "Số lượng hồ sơ", "309")]


def test_a_pages_number_left_among_the_rows_is_no_row():
    # pdfplumber's text keeps no pages: the page's number stands alone between the last row and the next table
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "Phụ lục 1", "STT Chỉ tiêu ĐVT Số liệu",
        "1 Số văn bản chỉ đạo cải cách hành chính Văn bản 12", "đã ban hành",
        "2 Số thủ tục hành chính đưa vào thực hiện Thủ tục 51", "theo cơ chế một cửa",
        "3 Số cuộc kiểm tra công tác cải cách Cuộc 4", "hành chính",
        "3.1 Số cuộc kiểm tra tại cấp xã Cuộc 3",
        "8",
        "Phụ lục 2", "STT Chỉ tiêu ĐVT Số liệu",
        "1 Số thủ tục hành chính đã công bố Thủ tục 101",
    ]))
    assert [(r.stt, r.value) for r in rows] == [("1", "12"), ("2", "51"), ("3", "4"), ("3.1", "3"), ("1", "101")]


def test_a_coded_units_last_code_beside_the_indicator_is_the_units():
    # cells set at the bottom of their rows, pulled line by line: a narrow unit column's lines come before the STT
    # line, whose `2` is the unit's last code and `1` the value
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu",
        "Số văn bản chỉ đạo cải cách hành chính", "1 đã ban hành Văn bản 12",
        "Số thủ tục hành chính đưa vào thực hiện", "2 theo cơ chế một cửa Thủ tục 51",
        "Trực tuyến =", "0 Phát phiếu", "= 1 Kết hợp =",
        "3 Hình thức khảo sát 2 1",
        "Số cuộc kiểm tra công tác cải cách", "4 hành chính Cuộc 4",
    ]))
    assert [(r.stt, r.indicator, r.unit, r.value) for r in rows][2] == \
        ("3", "Hình thức khảo sát", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", "1")


def test_a_note_beside_the_indicator_on_lines_without_unit_or_value_is_the_notes():
    # pulled line by line, a note's lines follow the indicator's on the same lines: the note begins where the
    # words stop going on from each other, and each cell goes on across the STT line
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu Ghi chú",
        "1 Số văn bản chỉ đạo đã ban hành Văn bản 12",
        "Số văn bản quy phạm pháp luật do cấp Cấp huyện báo",
        "2 Văn bản 88",
        "xã ban hành cáo cho cấp xã",
        "3 Số cuộc kiểm tra đã thực hiện Cuộc 4",
    ]))
    assert [(r.indicator, r.unit, r.value, r.note) for r in rows][1] == \
        ("Số văn bản quy phạm pháp luật do cấp xã ban hành", "Văn bản", "88", "Cấp huyện báo cáo cho cấp xã")


def test_a_short_tables_columns_are_placed_as_the_documents_other_tables_show_them():
    # pdftotext -layout: the second table has too few figures to show its words stand in their columns, the
    # first has many (one puller made the whole text); by its place, `trực tuyến` alone on a line is the note's
    from baocao.segment.reader import read_tables

    header = "STT    Chỉ tiêu                        Đơn vị tính    Số liệu    Ghi chú"
    rows = read_tables(text_document([
        "Phụ lục 1", header,
        "1.     Số văn bản chỉ đạo đã ban hành      Văn bản         12",
        "2.     Số cuộc kiểm tra đã thực hiện       Cuộc             3",
        "3.     Số nhiệm vụ đã hoàn thành           Nhiệm vụ         7",
        "4.     Số hồ sơ đã tiếp nhận               Hồ sơ          105",
        "5.     Số thủ tục hành chính đã công bố    Thủ tục        101",
        "\fPhụ lục 2", header,
        "1.     Số phiếu khảo sát đã phát           Phiếu           95        Số liệu",
        "                                                                     ước tính",
        "2.     Số cuộc đối thoại đã tổ chức        Cuộc             2        Tổ chức",
        "                                                                     trực tuyến",
        "3.     Số văn bản đã kiểm tra              Văn bản          4",
    ]))
    assert [(r.indicator, r.note) for r in rows][-2] == ("Số cuộc đối thoại đã tổ chức", "Tổ chức trực tuyến")


def test_a_units_capitalised_start_is_offered_where_the_indicators_line_runs_up_to_it():
    # pdfplumber layout=True: the indicator's line runs up to the unit a word space before `Có: 1;`, its last
    # words standing in the unit's column; the unit begins as units do, capitalised
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "                                                 Số liệu thống kê",
        "              TT            Nội dung                                Ghi chú",
        "                                                ĐVT      Kết quả",
        "              (1)              (2)               (3)       (4)        (5)",
        "                    Xây dựng và cập nhật quy chế chi",
        "                    tiêu nội bộ, quy chế quản lý và sử Có: 1;",
        "            1       dụng tài sản công          Không: 2        1",
        "                    Công khai và minh bạch trong quản",
        "                    lý, sử dụng tài sản công theo quy Có: 1;     Số liệu ước",
        "            2       định                       Không: 2        2 tính",
    ]))
    assert [(r.stt, r.indicator) for r in rows][:2] == [
        ("1", "Xây dựng và cập nhật quy chế chi tiêu nội bộ, quy chế quản lý và sử dụng tài sản công"),
        ("2", "Công khai và minh bạch trong quản lý, sử dụng tài sản công theo quy định")]


def test_pulled_texts_places_are_trusted_as_its_figures_bear_them_out_page_by_page():
    # the figures that end lines stand in their column (seen, inside) on each page; a page whose own figures
    # stand out of it more often than not was given wrong columns, and is read by its words
    from baocao.segment.reader import _columns_trusted, _FoundColumns
    from baocao.segment.split import Columns
    from baocao.settings import SETTINGS

    words = Columns(("stt", "indicator", "unit", "value"))
    placed = Columns(("stt", "indicator", "unit", "value"), bands={"stt": (0, 5), "indicator": (5, 40),
                                                                    "unit": (40, 50), "value": (50, 60)})
    lacking = Columns(("stt", "indicator", "unit"), bands={"stt": (0, 5), "indicator": (5, 40), "unit": (40, 60)})

    def table(evidence: dict, columns: Columns = placed) -> _FoundColumns:
        return _FoundColumns({p: words for p in evidence}, {p: columns for p in evidence}, evidence)

    long_table = table({1: (12, 11), 2: (14, 0), 3: (8, 6)})
    short_table, short_lacking = table({4: (1, 1)}), table({5: (1, 1)}, lacking)
    got = _columns_trusted([long_table, short_table, short_lacking], "char", SETTINGS.reader)
    assert [got[0][p] is placed for p in (1, 2, 3)] == [True, False, True]
    assert got[1][4] is placed  # too short to tell: the document's tables tell
    assert got[2][5] is words  # … but its places lack the value's column
    assert _columns_trusted([table({1: (12, 3)})], "char", SETTINGS.reader)[0][1] is words


def test_a_coded_unit_wrapped_onto_every_line_of_its_row_is_read_with_the_rows_lines_together():
    # cells set at the bottom, pulled line by line: the unit's three lines stand above, beside and after the
    # indicator's words; `tiết` / `kiệm` goes on only if each line gives the unit its piece, which no line read
    # alone in the others' light shows
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu",
        "Số văn bản chỉ đạo cải cách hành chính", "1 đã ban hành Văn bản 12",
        "Có tiết kiệm:",
        "Kết quả thực hiện tự chủ về tài chính 1; Không tiết",
        "2 của đơn vị sự nghiệp công lập kiệm: 2 1",
        "Số cuộc kiểm tra công tác cải cách", "3 hành chính Cuộc 4",
    ]))
    assert [(r.indicator, r.unit, r.value) for r in rows][1] == (
        "Kết quả thực hiện tự chủ về tài chính của đơn vị sự nghiệp công lập",
        "Có tiết kiệm: 1; Không tiết kiệm: 2", "1")


def test_words_after_a_figure_with_the_unit_column_to_its_right_are_the_units_rest():
    # value before unit: `Văn` / `bản` wrapped, its rest after the figure on the STT line, not words the value
    # counts with (`207 bản`)
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu Số liệu ĐVT",
        "1 Số cuộc kiểm tra đã thực hiện 4 Cuộc",
        "Số văn bản chỉ đạo cải cách hành chính đã Văn",
        "2 ban hành 207 bản",
        "3 Số hồ sơ đã tiếp nhận 105 Hồ sơ",
    ]))
    assert [(r.unit, r.value) for r in rows] == [("Cuộc", "4"), ("Văn bản", "207"), ("Hồ sơ", "105")]


def test_a_coded_units_next_line_that_reads_alone_as_a_text_value_may_still_be_the_units():
    # cells set at the top: the unit's lines under the STT line, `Chưa thực hiện` a text value read alone; the row
    # it lies in (a value already given, `= 0` below) makes it the unit's
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu",
        "1 Số văn bản chỉ đạo đã ban hành Văn bản 12",
        "2 Thực hiện tuyển chọn lãnh đạo qua thi tuyển Đã thực hiện = 1 1",
        "Chưa thực hiện",
        "= 0",
        "3 Số lãnh đạo được bổ nhiệm mới Người 18",
    ]))
    assert [(r.stt, r.unit, r.value) for r in rows] == [
        ("1", "Văn bản", "12"), ("2", "Đã thực hiện = 1 Chưa thực hiện = 0", "1"), ("3", "Người", "18")]


def test_a_lone_number_over_a_repeated_header_is_no_word_of_it():
    # pulled cell after cell, a page's last row ends on its figure; the page's number and the next page's header
    # follow: the figure stays the row's value
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT", "Chỉ tiêu thống kê", "ĐVT", "Kết quả", "Ghi chú",
        "5.1", "Số lượng bài viết đăng tải trên Trang", "Thông tin điện tử của đơn vị", "Bài", "27", "4",
        "STT", "Chỉ tiêu thống kê", "ĐVT", "Kết quả", "Ghi chú",
        "5.2", "Số lượng tin, bài đăng trên báo", "Tin, bài", "12",
    ]))
    assert [(r.stt, r.unit, r.value) for r in rows] == [("5.1", "Bài", "27"), ("5.2", "Tin, bài", "12")]


def test_the_pages_of_text_pulled_without_form_feeds_come_from_their_printed_numbers():
    # the pages' numbers stand alone at their tops; the one under a row that has no figure is no figure of it
    from baocao.segment.reader import read_tables

    prose = [f"Ủy ban nhân dân xã đã triển khai nhiệm vụ cải cách hành chính thứ {k} theo kế hoạch."
             for k in range(18)]
    rows = read_tables(text_document([
        *prose, "2", *prose, "3", HEADER,
        "1 Số văn bản chỉ đạo đã ban hành Văn bản 12",
        *[f"1.{k} Số cuộc kiểm tra lần {k} Cuộc {k + 3}" for k in range(1, 15)],
        "2 Sắp xếp, kiện toàn tổ chức bộ máy", "4",
        "2.1 Số phòng chuyên môn Cơ quan, đơn vị 9",
        *[f"2.{k} Số đơn vị đã sắp xếp lần {k} Cơ quan, đơn vị {k}" for k in range(2, 16)],
        "5", "2.16 Số đơn vị chưa sắp xếp Cơ quan, đơn vị 1",
    ]))
    section = next(r for r in rows if r.stt == "2")
    assert (section.indicator, section.unit, section.value) == ("Sắp xếp, kiện toàn tổ chức bộ máy", "", "")
    assert [r.stt for r in rows[-2:]] == ["2.15", "2.16"] and len(rows) == 32


def test_a_unit_after_the_value_column_is_offered_whole_where_the_value_stands_on_another_line():
    # value before unit, cells centred: `Không = 0 Có` is the unit's first line, its `= 1` below, the value on
    # the STT line; alone, `Không` reads as well as a text value
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu Số liệu ĐVT",
        "1 Số cuộc kiểm tra đã thực hiện 4 Cuộc",
        "Tổ chức đối thoại",
        "của lãnh đạo với Không = 0 Có",
        "2 1",
        "người dân, cộng = 1",
        "đồng doanh nghiệp",
        "3 Số hồ sơ đã tiếp nhận 105 Hồ sơ",
    ]))
    assert [(r.indicator, r.unit, r.value) for r in rows][1] == (
        "Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp", "Không = 0 Có = 1", "1")


def test_an_indicator_does_not_end_on_a_coded_units_label_whose_code_follows():
    # `Không: 2` is the coded unit's second answer, not an indicator's `Không:` and a value 2
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu",
        "1 Số văn bản chỉ đạo đã ban hành Văn bản 12",
        "Chấp hành kỷ luật, kỷ cương của cán bộ, Có: 1",
        "2",
        "công chức cấp xã Không: 2",
        "3 Số cuộc kiểm tra đã thực hiện Cuộc 4",
    ]))
    assert [(r.indicator, r.unit, r.value) for r in rows][1] == (
        "Chấp hành kỷ luật, kỷ cương của cán bộ, công chức cấp xã", "Có: 1 Không: 2", "")


def test_a_coded_unit_that_a_layout_puller_pushed_past_its_column_stays_the_units():
    # pdftotext -layout: a coded unit's line runs on over the value's column, a word space between its words; a
    # new cell starts only after a run of spaces
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "                                        Chỉ tiêu",
        "TT                                                          "
        "                    Đơn vị tính   Số liệu",
        " I.    CẢI CÁCH THỂ CHẾ",
        " 1.    Số VBQPPL đã ban hành/tham mưu ban hành              "
        "                     Văn bản                 297",
        "       Trong đó:",
        "       Tại cấp huyện (UBND xã, phường không phải báo cáo mục này)",
        "       Tại cấp xã                                           "
        "                                             262",
        " 2.    Số VBQPPL đã rà soát                                 "
        "                     Văn bản                 264",
        " 3.    Số văn bản quy phạm pháp luật đã kiến nghị xử lý sau "
        "kiểm tra, rà soát    Văn bản                 173",
        " 4.    Số văn bản quy phạm pháp luật có kiến nghị xử lý đã đ"
        "ược xử lý xong       Văn bản                 381",
        "II.    CẢI CÁCH TTHC",
        " 1.     Xây dựng và vận hành Hệ thống họp trực tuyến Từ UBND"
        " tỉnh đến 100%        Chưa có = 0 2 cấp = 1 3 cấp =        1",
        "        UBND cấp xã.                                        "
        "                                    2",
        " 2.     Số liệu về trao đổi văn bản điện tử (cả trực tiếp và"
        " trực tuyến)                     Văn bản                 185",
        "2.1.    Thực hiện kết nối, liên thông các Hệ thống quản lý v"
        "ăn bản điều hành từ   Đã kết nối = 1 Chưa kết nối =",
        "        tỉnh, huyện đến cấp xã                              "
        "                                    0",
        "2.2.    Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên đị"
        "a bàn xã                         Văn bản                 110",
    ]))
    coded = [(r.stt, r.unit.split(" =")[0], r.value) for r in rows if "=" in r.unit + r.indicator]
    assert coded == [("1", "Chưa có", "1"), ("2.1", "Đã kết nối", "0")]


def test_an_stt_lines_cut_is_chosen_with_the_rows_other_lines():
    # cells set at the bottom, pulled line by line: a coded unit of four lines, two above the indicator, the last
    # (`tra: 2`, its label's rest opening in lower case) beside the STT line's words. Alone, that line reads best
    # with the label's rest in the indicator; with the unit's pieces above, the row reads it as the unit's
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu",
        "1 Số cuộc kiểm tra công tác cải cách hành chính Cuộc 4",
        "Đã kiểm",
        "tra: 1",
        "Mức độ hoàn thành kế hoạch tuyên truyền Chưa kiểm",
        "2 cải cách hành chính của cấp xã tra: 2 1",
        "3 Số hồ sơ đã tiếp nhận trong kỳ Hồ sơ 105",
    ]))
    assert [(r.stt, r.indicator, r.unit, r.value) for r in rows] == [
        ("1", "Số cuộc kiểm tra công tác cải cách hành chính", "Cuộc", "4"),
        ("2", "Mức độ hoàn thành kế hoạch tuyên truyền cải cách hành chính của cấp xã",
         "Đã kiểm tra: 1 Chưa kiểm tra: 2", "1"),
        ("3", "Số hồ sơ đã tiếp nhận trong kỳ", "Hồ sơ", "105")]


def test_a_coded_units_line_holding_a_text_values_word_is_still_offered_to_the_unit():
    # cells set at the top, pulled line by line: `dụng chưa` alone reads best as a word and a text value (`chưa`);
    # the line's cuts offer the one filling the unit too, and the row's lines read it as the coded unit's
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu",
        "1 Số cuộc kiểm tra công tác cải cách hành chính Cuộc 4",
        "2 Ứng dụng phần mềm quản lý văn bản Sử dụng tốt 1",
        "tại Ủy ban nhân dân cấp xã = 1; Sử",
        "dụng chưa",
        "thường xuyên = 0",
        "3 Số hồ sơ đã tiếp nhận trong kỳ Hồ sơ 105",
    ]))
    assert [(r.stt, r.indicator, r.unit, r.value) for r in rows][1] == (
        "2", "Ứng dụng phần mềm quản lý văn bản tại Ủy ban nhân dân cấp xã",
        "Sử dụng tốt = 1; Sử dụng chưa thường xuyên = 0", "1")


def test_a_coded_units_label_that_reads_alone_as_a_text_value_is_offered_to_the_unit():
    # cells set at the bottom, pulled line by line without positions: `Chưa đạt` after the indicator's words reads
    # best as the row's text value; the line's cuts offer it to the unit too, and the row (its value `1` on the STT
    # line, the unit's pieces above and below) reads it so
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu",
        "1 Số cuộc kiểm tra công tác cải cách hành chính Cuộc 4",
        "Đạt yêu",
        "cầu: 1",
        "Mức độ hoàn thành kế hoạch tuyên truyền Chưa đạt",
        "2 cải cách hành chính của cấp xã mức: 2 1",
        "3 Số hồ sơ đã tiếp nhận trong kỳ Hồ sơ 105",
    ]))
    assert [(r.stt, r.unit, r.value) for r in rows] == [
        ("1", "Cuộc", "4"), ("2", "Đạt yêu cầu: 1 Chưa đạt mức: 2", "1"), ("3", "Hồ sơ", "105")]


def test_pages_numbered_in_text_pulled_without_them_stay_known_where_one_number_is_also_a_value():
    # five pages of forty lines, each opening on its printed number; a row's value `3` stands on page 3 too: which
    # line opens page 3 is unknown, the other pages are not
    text = []
    for page in range(1, 6):
        text.append(str(page))
        text += [f"Dòng thứ {n} của trang" for n in range(1, 40)]
    text[100] = "3"
    pages = [line.page for line in reader_lines(text_document(text))]
    assert pages[0] == 1 and pages[45] == 2 and pages[125] == 4 and pages[165] == 5
    assert pages[85] == pages[105] == 2  # page 3's lines are counted with the page before


def test_a_unit_as_the_forms_print_it_is_no_part_of_an_indicator():
    # pulled line by line, a row's cells on one line a space apart: `Văn bản` capitalised after a word in lower case
    # is the unit the forms print, not the indicator's words, and the line's last words the note's
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "STT Chỉ tiêu ĐVT Số liệu Ghi chú",
        "1 Số văn bản quy phạm pháp luật đã ban hành Văn bản 12",
        "2 Số văn bản quy phạm pháp luật đã kiểm tra theo thẩm quyền Văn bản 66 Cấp huyện báo",
        "cáo cho cấp xã",
        "3 Số văn bản quy phạm pháp luật đã rà soát Văn bản 38",
    ]))
    assert [(r.stt, r.indicator, r.unit, r.value, r.note) for r in rows] == [
        ("1", "Số văn bản quy phạm pháp luật đã ban hành", "Văn bản", "12", ""),
        ("2", "Số văn bản quy phạm pháp luật đã kiểm tra theo thẩm quyền", "Văn bản", "66", "Cấp huyện báo cáo cho cấp xã"),
        ("3", "Số văn bản quy phạm pháp luật đã rà soát", "Văn bản", "38", "")]


LAYOUT_ROWS = [  # pdfplumber `extract_text(layout=True)` of a bottom-set table: words a space apart across a border
    '                                                 Số liệu thống kê',
    '              TT            Nội dung                                Ghi chú',
    '                                                ĐVT      Kết quả',
    '',
    '              (1)              (2)               (3)       (4)        (5)',
    '                    Tỷ lệ cán bộ, công chức đạt chuẩn',
    '',
    '            1       theo quy định',
    '',
    '            1.1     Tỷ lệ cán bộ đạt chuẩn       %          100%',
    '',
    '            1.2     Tỷ lệ công chức đạt chuẩn    %            0%',
    '                    Chấp hành kỷ luật, kỷ cương của Có: 1 Không:',
    '',
    '            2       cán bộ, công chức cấp xã     2             2',
    '',
    '                    Tỷ lệ cán bộ, công chức tham dự',
    '                    các lớp đào tạo, bồi dưỡng do cấp',
    '',
    '            3       huyện tổ chức                %           25%',
    '',
    '                    Đổi mới công tác quản lý cá bộ,',
    '            4       công chức',
    '',
    '                    Cập nhật đầy đủ thông tin cán bộ,',
    '                    công chức trên hệ thống thông tin',
    '',
    '                    cán bộ, công chức, viên chức của',
    '',
    '            4.1     tỉnh (cả trực tiếp và trực tuyến) %        0',
    '                                              Đúng quy',
    '',
    '                                               định: 1',
    '',
    '                    Đánh giá cán bộ, công chức trên cơ Không đúng',
    '            4.2     sở kết quả thực hiện nhiệm vụ quy định: 2  1',
]


def test_a_word_a_space_from_the_next_column_goes_where_the_words_go_on():
    # `nhiệm vụ` is one word pair, `vụ quy` none: text with its layout places `vụ` by its characters' column, but
    # a space apart across a border that says little
    from baocao.segment.reader import read_tables

    rows = {r.stt: r for r in read_tables(text_document(LAYOUT_ROWS))}
    assert rows["4.2"].indicator == "Đánh giá cán bộ, công chức trên cơ sở kết quả thực hiện nhiệm vụ"
    assert rows["4.2"].unit == "Đúng quy định: 1 Không đúng quy định: 2"
    assert rows["2"].unit == "Có: 1 Không: 2"


def test_a_first_row_whose_words_a_header_also_prints_is_no_header_line():
    # a two-row header (`Kết quả thực hiện` over `ĐVT` and `Số liệu`), the first row set at its top straight under
    # it: `Thực hiện` also names a value column, but a line opening on an STT and a capital opens the body …
    lines = reader_lines(text_document([
        "Biểu mẫu 4",
        "                                 Kết quả thực hiện",
        "TT        Chỉ tiêu",
        "                                 ĐVT            Số liệu",
        "1         Thực hiện tự chủ tài chính                26",
        "          của ĐVSNCL trực thuộc",
        "1.1       Tổng đơn vị SNCL       Đơn vị         01",
        "1.2       Số đơn vị SNCL tự bảo  Đơn vị         20",
    ]))
    table = find_tables(lines)[0]
    assert [lines[k].text for k in range(table.header.start, table.header.end)] == [
        "Kết quả thực hiện", "TT Chỉ tiêu", "ĐVT Số liệu"]
    assert lines[table.body[0]].text.startswith("1 Thực hiện")
    # … while a header name wrapped after a figure goes on in lower case (`… hàng quý,` / `6 tháng, năm)`)
    lines = reader_lines(text_document([
        "STT   Chỉ tiêu (Sử dụng trong kỳ báo cáo hàng quý,   Đơn vị tính   Số liệu",
        "      6 tháng, năm)",
        "1     Số văn bản đã ban hành                         Văn bản       12",
    ]))
    table = find_tables(lines)[0]
    assert (table.header.start, table.header.end) == (0, 2)
    # … and a header line whose `TT` OCR read as a number names columns only
    lines = reader_lines(text_document([
        "      Tên chỉ tiêu                    Đơn vị tính",
        "1                                                   Số liệu   Ghi chú",
        "1     Số văn bản đã ban hành          Văn bản       12",
        "2     Số cuộc kiểm tra                Cuộc          3",
    ]))
    table = find_tables(lines)[0]
    assert (table.header.start, table.header.end) == (0, 2)


def test_a_tall_notes_first_line_above_the_first_row_is_the_bodys():
    # on a page, a note set at the bottom of a tall first row opens many lines above its STT, straight under the
    # header: `Chỉ báo` sounds like header words (`Chỉ` of `Chỉ tiêu`, `báo` of the usage note) but is no name …
    from baocao.schemas.document import Document
    from placed_lines import placed_line

    def header_and_body(*rows):
        found = reader_lines(Document(method="pdf", units="pt", lines=[
            placed_line(1, 100 + 14 * k, *cells) for k, cells in enumerate([
                [(190, "Chỉ tiêu thống kê")],
                [(96, "Số"), (150, "(Sử dụng trong kỳ báo cáo"), (386, "Số"), (443, "ĐVT"), (495, "Ghi chú")],
                [(96, "TT"), (150, "hàng quý, 6 tháng, năm)"), (386, "liệu")],
                *rows])]))
        table = find_tables(found)[0]
        return [found[k].text for k in range(table.header.start, table.header.end)], found[table.body[0]].text

    header, first = header_and_body([(495, "Chỉ báo")], [(495, "cáo các tổ")],
                                    [(100, "1"), (150, "Số văn bản đã ban hành"), (386, "333"), (443, "Văn bản")],
                                    [(100, "2"), (150, "Số cuộc kiểm tra"), (386, "3"), (443, "Cuộc")])
    assert len(header) == 3 and first == "Chỉ báo"
    # … while the names a narrow column wrapped stand a column apart (`Số` of `Số TT` beside `kê` of `… thống kê`)
    header, first = header_and_body([(96, "Số"), (386, "kê")], [(96, "TT")],
                                    [(100, "1"), (150, "Số văn bản đã ban hành"), (386, "333"), (443, "Văn bản")],
                                    [(100, "2"), (150, "Số cuộc kiểm tra"), (386, "3"), (443, "Cuộc")])
    assert len(header) == 5 and first.startswith("1 Số văn bản")
    # … and a line naming a column stays the header's, whatever speck OCR read among its names
    header, first = header_and_body([(96, "T"), (386, "Số liệu thống 5 kê")],
                                    [(100, "1"), (150, "Số văn bản đã ban hành"), (386, "333"), (443, "Văn bản")],
                                    [(100, "2"), (150, "Số cuộc kiểm tra"), (386, "3"), (443, "Cuộc")])
    assert len(header) == 4 and first.startswith("1 Số văn bản")


def test_a_title_in_capitals_merged_across_the_row_keeps_a_word_a_value_could_be():
    # a PDF's words as a section title merged across the row sets them, a word space (4 pt) apart over the unit's,
    # value's and note's columns: `KHÔNG` alone in the note's band is the title's, not a value `Không`
    from baocao.schemas.document import Span
    from baocao.segment.split import Columns, cut_line

    boxes = (("5.", 102, 114), ("CẢI", 136, 160), ("CÁCH", 164, 204), ("CHẾ", 208, 238), ("ĐỘ", 242, 263),
             ("CÔNG", 267, 309), ("VỤ", 312, 332), ("(UBND", 336, 381), ("XÃ,", 385, 408), ("PHƯỜNG", 412, 476),
             ("KHÔNG", 480, 532))
    spans = [Span(word, x0, x1, 300, 313) for word, x0, x1 in boxes]
    columns = Columns(order=("stt", "indicator", "unit", "value", "note"), slack=6.0, word_space=8.0,
                      bands={"stt": (-1e9, 130), "indicator": (130, 326), "unit": (326, 394), "value": (394, 476),
                             "note": (476, 1e9)})
    best = cut_line(spans, columns)[0]
    assert (best.text("stt"), best.text("indicator"), best.roles()) == (
        "5.", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ (UBND XÃ, PHƯỜNG KHÔNG", ["stt", "indicator"])

"""Borderless tables from positioned words (segment/layout.py), on word layouts built here."""
from __future__ import annotations

from baocao.extract.base import TextLine, Word
from baocao.segment.layout import cell_rows_from_words, join_wrapped, visual_lines
from baocao.segment.rows import build_records

# column x positions of a typical form: STT | indicator | unit | value | note
STT, IND, UNIT, VAL, NOTE = 60, 100, 330, 420, 480
CHAR = 5.0  # points per character of the made-up font


class Page:
    """Lines of words placed at given x positions, 16 pt apart (rows 19 pt apart, cell padding)."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.lines: list[TextLine] = []
        self.page = 1
        self.top = 40.0

    def line(self, *cells: tuple[float, str], gap: float = 16.0) -> "Page":
        self.top += gap
        texts = []
        for x, text in cells:
            for token in text.split():
                self.words.append(Word(token, self.page, x, x + CHAR * len(token), self.top, self.top + 12))
                x += CHAR * (len(token) + 1)
            texts.append(text)
        self.lines.append(TextLine("   ".join(texts), self.page))
        return self

    def row(self, *cells: tuple[float, str]) -> "Page":
        return self.line(*cells, gap=19.0)

    def header(self) -> "Page":
        self.line((STT, "STT"), (IND + 40, "Chỉ tiêu thống kê"), (UNIT + 20, "Kết quả thống kê"), (NOTE, "Ghi chú"))
        self.line((IND + 10, "(Sử dụng trong kỳ báo cáo hàng quý,"), (UNIT, "Đơn vị tính"), (VAL, "Số liệu"))
        self.line((IND + 40, "6 tháng, năm)"))
        return self

    def new_page(self, number: bool = True) -> "Page":
        self.page += 1
        self.top = 20.0
        if number:
            self.line((290, str(self.page)))
            self.top += 20
        return self


def records(page: Page):
    return build_records(cell_rows_from_words(page.words, page.lines))


def cells(recs):
    return [(r.stt, r.indicator, r.unit, r.value_raw, r.note) for r in recs]


def test_columns_from_a_wrapped_header_and_wrapped_cells_joined():
    p = Page().line((200, "Phụ lục 2")).line((120, "BIỂU THỐNG KÊ SỐ LIỆU")).header()
    p.row((STT, "I"), (IND, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"))
    p.row((STT, "1."), (IND, "Số văn bản chỉ đạo CCHC đã ban hành"), (UNIT, "Văn bản"), (VAL, "08"))
    p.line((IND, "(Kết luận, chỉ thị, công văn chỉ đạo)"))
    p.row((STT, "2."), (IND, "Tỷ lệ hoàn thành Kế hoạch"), (UNIT, "%"), (VAL, "26,6"), (NOTE, "Lũy kế"))
    p.row((STT, "2.1."), (IND, "Số nhiệm vụ đề ra"), (UNIT, "Nhiệm vụ"), (VAL, "79"))
    got = records(p)
    assert cells(got) == [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None),
        ("1", "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo)", "Văn bản", "08", None),
        ("2", "Tỷ lệ hoàn thành Kế hoạch", "%", "26,6", "Lũy kế"),
        ("2.1", "Số nhiệm vụ đề ra", "Nhiệm vụ", "79", None),
    ]
    assert [r.table for r in got] == ["Phụ lục 2"] * 4
    assert [r.parent_stt for r in got] == [None, "I", "I", "2"]
    assert all(r.page == 1 for r in got)
    assert got[1].line == 6, "a row points at its line in the document's text"


def test_trong_do_sub_rows_and_dash_items():
    p = Page().header()
    p.row((STT, "3."), (IND, "Tổng số hồ sơ đã tiếp nhận"), (UNIT, "Hồ sơ"), (VAL, "120"))
    p.row((IND, "Trong đó:"))
    p.row((IND, "Trực tuyến"), (UNIT, "Hồ sơ"), (VAL, "100"))
    p.row((IND, "Trực tiếp"), (UNIT, "Hồ sơ"), (VAL, "20"))
    p.row((STT, "4."), (IND, "Số cán bộ bị kỷ luật"))
    p.row((IND, "- Cán bộ cấp xã"), (UNIT, "Người"), (VAL, "0"))
    p.row((IND, "- Công chức cấp xã"), (UNIT, "Người"), (VAL, "1"))
    got = records(p)
    assert cells(got) == [
        ("3", "Tổng số hồ sơ đã tiếp nhận", "Hồ sơ", "120", None),
        (None, "Trực tuyến", "Hồ sơ", "100", None),
        (None, "Trực tiếp", "Hồ sơ", "20", None),
        ("4", "Số cán bộ bị kỷ luật", None, None, None),
        ("-", "Cán bộ cấp xã", "Người", "0", None),
        ("-", "Công chức cấp xã", "Người", "1", None),
    ]
    assert [r.parent_stt for r in got] == [None, "3", "3", None, "4", "4"]


def test_rows_without_stt_told_apart_by_row_spacing():
    p = Page().header()
    p.row((STT, "1."), (IND, "Số TTHC liên thông cùng cấp, bao gồm"), (UNIT, "Thủ tục"))
    p.line((IND, "các thủ tục liên thông"))
    p.row((IND, "Tại cấp huyện (UBND xã, phường không"))
    p.line((IND, "phải báo cáo mục này)"))
    p.row((IND, "Tại cấp xã"))
    p.row((STT, "2."), (IND, "Số TTHC đã công bố, công khai"), (UNIT, "Thủ tục"), (VAL, "5"))
    p.line((IND, "trên cổng dịch vụ công"))
    indicators = [r.indicator for r in records(p)]
    assert indicators == ["Số TTHC liên thông cùng cấp, bao gồm các thủ tục liên thông",
                          "Tại cấp huyện (UBND xã, phường không phải báo cáo mục này)", "Tại cấp xã",
                          "Số TTHC đã công bố, công khai trên cổng dịch vụ công"]


def test_table_over_pages_with_repeated_header_and_cut_row():
    p = Page().line((200, "Biểu mẫu 3")).header()
    p.row((STT, "1."), (IND, "Số văn bản đã ban hành"), (UNIT, "Văn bản"), (VAL, "3"))
    p.row((STT, "2."), (IND, "Số nhiệm vụ UBND huyện giao cho"), (UNIT, "Nhiệm vụ"), (VAL, "7"))
    p.new_page().header()
    p.row((IND, "xã trong kỳ báo cáo"))  # the rest of row 2, cut by the page break
    p.row((STT, "3."), (IND, "Tổng số hồ sơ"), (UNIT, "Hồ sơ"), (VAL, "12"))
    p.row((IND, "Trong đó:"))
    p.row((IND, "Trực tuyến"), (UNIT, "Hồ sơ"), (VAL, "10"))
    p.new_page().header()
    p.row((IND, "Trực tiếp"))  # a sub-row opening the page
    p.new_page(number=False)
    p.line((STT, "Nơi nhận:"), (VAL, "TM. ỦY BAN NHÂN DÂN"))
    got = records(p)
    assert cells(got) == [
        ("1", "Số văn bản đã ban hành", "Văn bản", "3", None),
        ("2", "Số nhiệm vụ UBND huyện giao cho xã trong kỳ báo cáo", "Nhiệm vụ", "7", None),
        ("3", "Tổng số hồ sơ", "Hồ sơ", "12", None),
        (None, "Trực tuyến", "Hồ sơ", "10", None),
        (None, "Trực tiếp", None, None, None),
    ]
    assert [r.page for r in got] == [1, 1, 2, 2, 3]
    assert {r.table for r in got} == {"Biểu mẫu 3"}


def test_a_word_that_reads_like_a_header_word_stays_in_its_cell():
    p = Page().header()
    p.row((STT, "1."), (IND, "Số TTHC có phát sinh hồ"), (UNIT, "Thủ tục"), (VAL, "4"))
    p.line((IND, "sơ"))
    p.row((STT, "2."), (IND, "Công khai trên Cổng DVC của"), (UNIT, "%"), (VAL, "100"))
    p.line((IND, "tỉnh"))
    assert [r.indicator for r in records(p)] == ["Số TTHC có phát sinh hồ sơ", "Công khai trên Cổng DVC của tỉnh"]


def test_two_tables_each_with_its_label():
    p = Page().line((200, "Phụ lục 1")).header()
    p.row((STT, "1."), (IND, "Số văn bản"), (UNIT, "Văn bản"), (VAL, "2"))
    p.line((60, "Ghi chú: số liệu tính đến hết quý."), gap=30)
    p.line((200, "Phụ lục 2")).header()
    p.row((STT, "1."), (IND, "Số hồ sơ"), (UNIT, "Hồ sơ"), (VAL, "9"))
    got = records(p)
    assert [(r.table, r.stt, r.value_raw) for r in got] == [("Phụ lục 1", "1", "2"), ("Phụ lục 2", "1", "9")]


def test_no_header_no_rows():
    p = Page().line((60, "Thực hiện Kế hoạch số 12/KH-UBND, Ủy ban nhân dân xã báo cáo như sau:"))
    p.line((60, "1. Công tác chỉ đạo, điều hành"))
    assert cell_rows_from_words(p.words, p.lines) == []


def test_join_wrapped_lines_of_a_cell():
    assert join_wrapped("Số văn bản chỉ đạo", "CCHC đã ban hành") == "Số văn bản chỉ đạo CCHC đã ban hành"
    assert join_wrapped("Quyết định số 252/QĐ-", "UBND ngày 30/12") == "Quyết định số 252/QĐ-UBND ngày 30/12"
    assert join_wrapped("phóng sự…", "trên Đài") == "phóng sự…trên Đài"
    assert join_wrapped("Nơi nhận: -", "UBND") == "Nơi nhận: - UBND"
    assert join_wrapped("", "a") == "a" and join_wrapped("a", "") == "a"


def test_visual_lines_group_by_vertical_overlap():
    words = [Word("b", 1, 50, 60, 100.5, 112), Word("a", 1, 10, 20, 100, 112), Word("c", 1, 10, 20, 116, 128),
             Word("sup", 1, 70, 80, 97, 105)]
    lines = visual_lines(words)
    assert [[w.text for w in line] for line in lines] == [["a", "b", "sup"], ["c"]]


def test_cells_centred_vertically_keep_their_first_lines():
    """Word's `centre` cell alignment puts a one-line STT or unit beside the middle of a taller indicator cell:
    the indicator lines above it still belong to its row."""
    p = Page().header()
    p.row((STT, "1."), (IND, "Số văn bản chỉ đạo"), (UNIT, "Văn bản"), (VAL, "3"))
    p.row((IND, "Tỷ lệ hoàn thành kế hoạch cải cách"))
    p.line((STT, "2."), (IND, "hành chính năm (lũy kế đến thời"), (UNIT, "%"), (VAL, "26,6"))
    p.line((IND, "điểm báo cáo)"))
    p.row((IND, "Số nhiệm vụ đề ra trong kế hoạch"), (UNIT, "Nhiệm vụ"))
    p.line((STT, "2.1."), (IND, "của xã"), (VAL, "79"))
    p.row((STT, "2.2."), (IND, "Số nhiệm vụ đã hoàn thành"), (UNIT, "Nhiệm vụ"), (VAL, "21"))
    p.row((IND, "Số cơ quan đã kiểm tra trong"), (UNIT, "Cơ quan,"))
    p.line((STT, "3."), (IND, "kỳ báo cáo"), (UNIT, "đơn vị"), (VAL, "2"))
    p.row((IND, "Số vấn đề phát hiện qua"))
    p.line((STT, "3.1."), (IND, "kiểm tra, giám sát"), (UNIT, "Vấn đề"), (VAL, "4"))
    p.line((IND, "trong kỳ"))
    p.row((STT, "4."), (IND, "Số cán bộ, công chức được"), (UNIT, "Người"), (VAL, "6"))
    p.line((IND, "đào tạo, bồi dưỡng"))
    assert cells(records(p))[:5] == [
        ("1", "Số văn bản chỉ đạo", "Văn bản", "3", None),
        ("2", "Tỷ lệ hoàn thành kế hoạch cải cách hành chính năm (lũy kế đến thời điểm báo cáo)", "%", "26,6", None),
        ("2.1", "Số nhiệm vụ đề ra trong kế hoạch của xã", "Nhiệm vụ", "79", None),
        ("2.2", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "21", None),
        ("3", "Số cơ quan đã kiểm tra trong kỳ báo cáo", "Cơ quan, đơn vị", "2", None),
    ]


def test_a_dot_lost_in_an_stt_is_put_back_when_only_that_follows_the_row_above():
    p = Page().header()
    p.row((STT, "II"), (IND, "CẢI CÁCH TTHC"))
    p.row((STT, "2.4"), (IND, "Tỷ lệ hồ sơ trực tuyến"), (UNIT, "%"), (VAL, "100"))
    p.row((STT, "2.4.1"), (IND, "Tổng số hồ sơ"), (UNIT, "Hồ sơ"), (VAL, "1.034"))
    p.row((STT, "2.42"), (IND, "Số hồ sơ trực tuyến"), (UNIT, "Hồ sơ"), (VAL, "1.034"))
    p.row((STT, "III"), (IND, "CẢI CÁCH TỔ CHỨC"))
    p.row((STT, "12"), (IND, "Số đơn vị"), (UNIT, "Đơn vị"), (VAL, "3"))  # a section's first row: no STT above
    got = records(p)
    assert [r.stt for r in got] == ["II", "2.4", "2.4.1", "2.4.2", "III", "12"]
    assert got[3].parent_stt == "2.4"

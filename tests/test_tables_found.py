"""Where one table ends and the next begins when both print the same header."""
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

"""A table header as OCR reads it still reads as a header: the column-number row with its marks misread, dashes
and specks between the header's words."""
from __future__ import annotations

import pytest

from baocao.segment.vocab import header_words_only
from placed_lines import placed_line as _line


@pytest.mark.parametrize("words", [
    ["(1)", "(2)", "(3)", "(4)", "(5)"],
    ["q)", "(2)", "(3)", "(4)", "(5)"],  # `(1)` with its `(1` read as one letter
    ["()", "(2).", "(3)", "4)", "(5)"],  # a mark lost, a speck after one
    ["(Sử", "dụng", "trong", "kỳ", "báo", "cáo", "hàng", "quý,", "6", "—", "Đơn", "vị", "tính", "Số", "liệu"],
])
def test_header_lines_as_read(words):
    assert header_words_only(words)


def test_a_speck_inside_a_name_is_read_through():
    from baocao.segment.vocab import header_roles

    roles = [role for role, _, _ in header_roles("TT Nội rẻ dung ĐVT Kết ca quả Ghi chú".split())]
    assert roles == [role for role, _, _ in header_roles("TT Nội dung ĐVT Kết quả Ghi chú".split())]
    assert len(roles) == 5
    # a real word between two names' words is no speck: `Kết quả` is not read out of `Kết luận quả`
    assert header_roles("Kết luận quả".split()) == []


@pytest.mark.parametrize("words", [
    ["2.1", "Số", "VBQPPL", "đã", "kiểm", "tra", "Văn", "bản", "0"],
    ["(a)", "Tổng", "số", "hồ", "sơ"],
    ["Số", "liệu", "(2)", "101"],  # a value is no column number
])
def test_body_lines_are_no_header(words):
    assert not header_words_only(words)


def test_a_misread_stt_heading_and_a_lost_unit_heading_are_read_from_the_data():
    """OCR read the bold `Số TT` as `Sài` and lost `Đơn vị tính`: the header still opens the table, the first column
    is the STT's, and the column of known units beside `Số liệu` is the unit's. An STT's dot read as a comma
    (`2,`) still starts its row."""
    from baocao.schemas.document import Document
    from baocao.segment.reader import read_tables

    stt, indicator, value, unit, note = 40, 100, 330, 400, 490
    rows = [("1", "Kế hoạch cải cách hành chính", "", "", ""),
            ("1.1", "Số nhiệm vụ đã hoàn thành", "21", "Nhiệm vụ", ""),
            ("1.2", "Số văn bản chỉ đạo đã ban hành", "4", "Văn bản", ""),
            ("2", "Tổng số thủ tục hành chính", "189", "Thủ tục", "Cấp xã"),
            ("2.1", "Số hồ sơ đã tiếp nhận", "1.034", "Hồ sơ", ""),
            ("2.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "98", "%", "")]
    lines = [_line(1, 80, (stt, "Sài"), (indicator, "Tên chỉ tiêu"), (value, "Số liệu"), (note, "Ghi chú"))]
    for k, cells in enumerate(rows):
        printed = ("2,", *cells[1:]) if cells[0] == "2" else cells
        placed = [(x, text) for x, text in zip((stt, indicator, value, unit, note), printed) if text]
        lines.append(_line(1, 100 + 20 * k, *placed))
    got = [row.cells() for row in read_tables(Document(method="ocr", lines=lines, units="pt"))]
    assert got == [(s, i, u, v, n) for s, i, v, u, n in rows]


def test_a_name_one_printing_of_the_header_lost_is_taken_from_its_repeat():
    """Page 1's header lost `Số liệu` (OCR) and page 1's values are mostly words, so page 1 alone does not show
    where the value column is; the header printed again over page 2 names it."""
    from baocao.schemas.document import Document
    from baocao.segment.reader import read_tables

    stt, indicator, unit, value, note = 40, 100, 300, 400, 470
    header = [(stt, "STT"), (indicator, "Chỉ tiêu"), (unit, "Đơn vị tính"), (value, "Số liệu"), (note, "Ghi chú")]
    pages = {1: [("I", "CÔNG TÁC CHỈ ĐẠO", "", "", ""),
                 ("1", "Số văn bản đã ban hành", "Văn bản", "12", ""),
                 ("2", "Kết quả tự đánh giá", "Mức", "Tốt", ""),
                 ("3", "Xếp loại cải cách hành chính", "Mức", "Khá", "")],
             2: [("4", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "1.034", ""),
                 ("5", "Số cuộc kiểm tra", "Cuộc", "2", "")]}
    lines = []
    for page, rows in pages.items():
        shown = [cell for cell in header if page == 2 or cell[1] != "Số liệu"]
        lines.append(_line(page, 80, *shown))
        for k, cells in enumerate(rows):
            placed = [(x, text) for x, text in zip((stt, indicator, unit, value, note), cells) if text]
            lines.append(_line(page, 100 + 20 * k, *placed))
    got = [row.cells() for row in read_tables(Document(method="ocr", lines=lines, units="pt"))]
    assert got == [cells for rows in pages.values() for cells in rows]


def test_a_header_line_with_one_garbled_word_still_opens_the_table():
    # `Đơn vị tính` wrapped around the main line, its middle read as `K`; the line names four columns
    from baocao.extract.text import text_document
    from baocao.segment.lines import reader_lines
    from baocao.segment.tables import find_tables

    lines = reader_lines(text_document([
        "Chỉ tiêu thống kê", "Đơn vị",
        "TT   (Sử dụng trong kỳ báo cáo hàng quý, 6   K   Số liệu   Ghi chú", "tháng, năm)   tính",
        "1   Số văn bản chỉ đạo đã ban hành   Văn bản   82",
        "2   Số nhiệm vụ đề ra trong kế hoạch   Nhiệm vụ   57",
    ]))
    tables = find_tables(lines)
    assert len(tables) == 1 and len(tables[0].body) == 2


def test_an_indicator_heading_garbled_past_reading_stands_between_stt_and_unit():
    # `Tên chỉ tiêu` read as `Tên chỉ Hiệu`: STT, unit and value are named, the indicator lies between them
    from baocao.extract.text import text_document
    from baocao.segment.reader import read_tables

    rows = read_tables(text_document([
        "Số          Kết quả thực hiện",
        "TT   Tên chỉ Hiệu                              ĐVT        Số liệu",
        "1    Số văn bản chỉ đạo CCHC đã ban hành       Văn bản    92",
        "1.1  Số nhiệm vụ đề ra trong kế hoạch          Nhiệm vụ   14",
    ]))
    assert [(r.stt, r.indicator, r.unit, r.value) for r in rows] == [
        ("1", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", "92"),
        ("1.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "14")]


def _grid_document(rows):
    """An OCR'd ruled table: each row one line of cell spans, as the scan reader states them."""
    from baocao.schemas.document import CellRef, Document, Grid, Line, Span

    lines = [Line([Span(text, 60.0 * c, 60.0 * c + 50, 20.0 * r, 20.0 * r + 12, cell=CellRef(0, r, c))
                   for c, text in enumerate(row) if text], page=1) for r, row in enumerate(rows)]
    return Document(method="ocr", lines=lines, units="pt", grids=[Grid(len(rows), len(rows[0]), [1] * len(rows))])


def test_a_ruled_scan_table_with_garbled_header_names_and_a_misread_stt_is_still_read():
    """The lower header row's `Đơn vị tính` with a speck in it, the column numbers' `(1)` read as `GINN`, an
    indicator heading read as `Nội dun Š`, and one STT whose dot became a space (`13 1.1`, which once made the
    grid look like one whose cells hold several rows): the grid's rows, units and values all read."""
    from baocao.segment.reader import read_tables

    rows = [["TT", "Nội dun Š", "Kết quả thống kê", "", "Ghi chú"],
            ["", "", "Đơn vị R tính", "Kết quả", ""],
            ["GINN", "(2)", "(3)", "(4)", "(5)"],
            ["13", "Cung cấp dịch vụ công trực tuyến", "", "", ""],
            ["13.1", "Tỷ lệ TTHC cung cấp trực tuyến", "%", "80", ""],
            ["13 1.1", "Tổng số TTHC cung cấp trực tuyến", "Thủ tục", "120", ""],
            ["13.1.2", "Số TTHC đã tích hợp", "Thủ tục", "96", ""]]
    got = [(r.stt, r.indicator, r.unit, r.value) for r in read_tables(_grid_document(rows))]
    assert got == [("13", "Cung cấp dịch vụ công trực tuyến", "", ""),
                   ("13.1", "Tỷ lệ TTHC cung cấp trực tuyến", "%", "80"),
                   ("13.1.1", "Tổng số TTHC cung cấp trực tuyến", "Thủ tục", "120"),
                   ("13.1.2", "Số TTHC đã tích hợp", "Thủ tục", "96")]


def test_a_ruled_scan_tables_stt_column_whose_name_ocr_garbled_is_read_from_its_numbers():
    """`STT` read as `ST 1` names nothing; the column before the indicator's holds the numbering (`1.1.`, a
    wrapped `1.1. 2`): it is the STT's."""
    from baocao.segment.reader import read_tables

    rows = [["ST 1", "Tên chỉ tiêu", "Số liệu thống kê", ""],
            ["", "", "Đơn vị tính", "Kết quả"],
            ["1", "Công tác chỉ đạo điều hành", "", ""],
            ["1.1.", "Số phiếu khảo sát", "Số lượng", "743"],
            ["1.1. 2", "Hình thức khảo sát", "Trực tuyến = 0 Phát phiếu = 1", "1"],
            ["1.2", "Tỷ lệ hoàn thành Kế hoạch", "%", "100"]]
    got = [(r.stt, r.indicator, r.unit, r.value) for r in read_tables(_grid_document(rows))]
    assert got == [("1", "Công tác chỉ đạo điều hành", "", ""), ("1.1", "Số phiếu khảo sát", "Số lượng", "743"),
                   ("1.1.2", "Hình thức khảo sát", "Trực tuyến = 0 Phát phiếu = 1", "1"),
                   ("1.2", "Tỷ lệ hoàn thành Kế hoạch", "%", "100")]


_X = (40, 100, 300, 400, 470)  # where the STT, indicator, unit, value and note columns start
_HEADER = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")


def _row(page, top, *cells):
    """A visual line of a borderless table: its cells in column order, an empty one left out."""
    return _line(page, top, *[(x, text) for x, text in zip(_X, cells) if text])


def test_a_note_under_a_repeated_header_that_starts_like_a_column_name_is_a_cell():
    """A borderless table's header repeated over page 2, whose first row's note, wrapped in a narrow column and
    centred on the row, opens with `Số liệu tính từ …`: the words read as names, yet the header printed once is
    one line, so the repeat is one line too and the note's lines stay cells."""
    from baocao.schemas.document import Document
    from baocao.segment.reader import read_tables

    lines = [_row(1, 80, *_HEADER),
             _row(1, 100, "1", "Số văn bản đã ban hành", "Văn bản", "12"),
             _row(1, 120, "2", "Số cuộc kiểm tra", "Cuộc", "2"),
             _row(2, 80, *_HEADER),
             _row(2, 100, "", "", "", "", "Số liệu"),
             _row(2, 112, "", "", "", "", "tính từ"),
             _row(2, 124, "3", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "1.034", "ngày 15/9"),
             _row(2, 136, "", "", "", "", "năm 2023"),
             _row(2, 148, "", "", "", "", "đến nay"),
             _row(2, 170, "4", "Số thủ tục công bố", "Thủ tục", "7")]
    got = [row.cells() for row in read_tables(Document(method="ocr", lines=lines, units="pt"))]
    # the columns stand (read into the header, the note's lines had shifted `1.034` into the unit) ...
    assert [cells[:4] for cells in got] == [("1", "Số văn bản đã ban hành", "Văn bản", "12"),
                                            ("2", "Số cuộc kiểm tra", "Cuộc", "2"),
                                            ("3", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "1.034"),
                                            ("4", "Số thủ tục công bố", "Thủ tục", "7")]
    # ... and no word of the note is lost (which row its lines above a row's STT line belong to, the row a page
    # break cut or the row they are centred on, is the row decoder's to say)
    assert " ".join(cells[4] for cells in got if cells[4]) == "Số liệu tính từ ngày 15/9 năm 2023 đến nay"


def test_the_column_number_row_of_a_repeated_header_whose_names_were_lost_is_no_cells():
    """Page 2 repeats the header; OCR lost its names and read `(5)` as `G5)`: the column-number row left is no
    part of the row above it."""
    from baocao.schemas.document import Document
    from baocao.segment.reader import read_tables

    lines = [_row(1, 80, *_HEADER),
             _row(1, 100, "1", "Số văn bản đã ban hành", "Văn bản", "12"),
             _row(1, 120, "2", "Tỷ lệ xử lý sau kiểm tra", "%", "77"),
             _row(2, 80, "(1)", "(2)", "(3)", "(4)", "G5)"),
             _row(2, 100, "3", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "1.034")]
    got = [row.cells() for row in read_tables(Document(method="ocr", lines=lines, units="pt"))]
    assert got == [("1", "Số văn bản đã ban hành", "Văn bản", "12", ""), ("2", "Tỷ lệ xử lý sau kiểm tra", "%", "77", ""),
                   ("3", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "1.034", "")]


def test_a_long_name_with_one_word_misread_by_a_letter_is_still_that_name():
    from baocao.segment.vocab import header_roles

    assert [role for role, _, _ in header_roles("Đơm vị tính".split())] == ["unit"]
    assert [role for role, _, _ in header_roles("Số liệu thống kế".split())] == ["result"]
    # a word apart by more than a letter, or a short name, is no name
    assert header_roles("Đám vị tính".split()) == []
    assert header_roles("Số liệm".split()) == []


def test_a_grid_whose_lower_header_row_ocr_misread_takes_its_unit_and_value_columns_from_the_cells():
    """`Kết quả thống kê` over `Đơn vị tính | Số liệu`, the lower row read `Đơm vị tính`; the units are `Văn bản`
    (a unit that also ends indicators): the lower row is still header, units and values land in their columns."""
    from baocao.segment.grid import GridTable, rows_from_grid

    body = [("1", "Số VBQPPL đã ban hành", "Văn bản", "283"), ("2", "Số VBQPPL đã kiểm tra", "Văn bản", "89"),
            ("3", "Số VBQPPL đã rà soát", "Văn bản", "248"), ("4", "Số VBQPPL đã xử lý xong", "Văn bản", "72")]
    for lower in ("Đơm vị tính", "Đơn vị tính"):
        table = GridTable([["STT", "Chỉ tiêu", "Số liệu thống kê", "", "Ghi chú"], ["", "", lower, "Số liệu", ""]]
                          + [[*row, ""] for row in body])
        assert [row.cells() for row in rows_from_grid(table)] == [(*row, "") for row in body]


def _borderless_ocr_table(extra_lines):
    """A borderless scanned table (STT, indicator, unit, value) whose rows are followed by `extra_lines`, each
    its (x, text) cells."""
    from baocao.schemas.document import Document

    stt, indicator, unit, value = 100, 136, 400, 470
    rows = [("1", "Kế hoạch cải cách hành chính", "", ""),
            ("1.1", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "21"),
            ("1.2", "Số văn bản chỉ đạo đã ban hành", "Văn bản", "4"),
            ("2", "Tổng số thủ tục hành chính", "Thủ tục", "189")]
    lines = [_line(1, 80, (stt, "STT"), (indicator, "Chỉ tiêu"), (unit, "ĐVT"), (value, "Số liệu"))]
    for k, cells in enumerate(rows):
        lines.append(_line(1, 100 + 20 * k, *[(x, t) for x, t in zip((stt, indicator, unit, value), cells) if t]))
    for k, cells in enumerate(extra_lines):
        lines.append(_line(1, 100 + 20 * (len(rows) + k), *cells))
    return Document(method="ocr", lines=lines, units="pt"), rows


def test_notes_under_a_table_whose_marks_a_scan_lost_are_no_rows():
    """`(1)` before a note under the table is a speck OCR dropped: the note still starts at the margin, left of
    where the indicators start, and is no row; a last row's wrapped text, under its indicator, is."""
    from baocao.segment.reader import read_tables

    doc, rows = _borderless_ocr_table([[(91, "Số liệu lũy kế từ đầu năm đến thời điểm báo cáo.")],
                                       [(91, "1 Số liệu do Bộ phận một cửa cung cấp.")]])
    assert [row.cells()[:4] for row in read_tables(doc)] == [(s, i, u, v) for s, i, u, v in rows]
    doc, _ = _borderless_ocr_table([[(136, "trên địa bàn")]])
    assert read_tables(doc)[-1].indicator == "Tổng số thủ tục hành chính trên địa bàn"


def test_a_wrapped_borderless_cells_marks_are_settled_over_its_lines():
    """A borderless table's cell is whole only once its rows are read: `… 100% chỉ` / `thường xuyên` is
    `chi thường xuyên`."""
    from baocao.extract.ocr_lm import corrector
    from baocao.segment.reader import read_tables

    if corrector() is None:
        pytest.skip("no syllable model")
    doc, _ = _borderless_ocr_table([[(100, "3"), (136, "Số đơn vị tự chủ 100% chỉ"), (470, "2")],
                                    [(136, "thường xuyên")]])
    assert read_tables(doc)[-1].indicator == "Số đơn vị tự chủ 100% chi thường xuyên"

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


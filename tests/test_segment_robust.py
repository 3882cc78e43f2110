"""The flattened-text segmenter and the field reader take any text without raising."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baocao.segment.flat import segment_text
from baocao.segment.report_fields import read_report_fields
from baocao.segment.rows import build_records

PIECES = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú", "Phụ lục", "Biểu mẫu 3", "I", "1.",
          "2.1", "3.3.1.", "-", "Trong đó", "Trong", "đó", "Có = 1; Không = 0", "Văn bản", "%", "1.034", "26,6%",
          "Cơ quan, đơn", "vị", "\t", "  ", "     ", "=", "|", "|---|---|", "<tr><td>1</td>", "<td colspan=2>",
          "</table>", "<br>", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "quý II năm 2023", "xã Hoằng Lưu"]
LINES = st.lists(st.one_of(st.text(max_size=40), st.lists(st.sampled_from(PIECES), max_size=6).map(" ".join)),
                 max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_segmenter_never_raises(lines):
    rows = segment_text([(line, None) for line in lines])
    records = build_records(rows)
    assert all(r.indicator is not None for r in records)
    read_report_fields(lines)

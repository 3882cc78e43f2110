"""DOCX input: body text in document order, tables as exact cells, merged cells once, labels, bad files."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from extract import ExtractionError, extract
from pipeline import convert_file


def _table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    return table


def _stats_document(path: Path) -> Path:
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Trang đầu: tiêu đề chạy"
    section.footer.paragraphs[0].text = "Số trang 7"
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ HOẰNG LƯU"
    layout.cell(0, 1).paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    layout.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Kết quả công tác cải cách hành chính Quý II năm 2023")
    document.add_paragraph("Phụ lục 01b")
    document.add_paragraph("BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH")
    table = _table(document, [
        ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"],
        ["", "", "Đơn vị tính", "Số liệu", ""],
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", ""],
        ["1", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", "12", ""],
        ["", "Trong đó:", "", "", ""],
        ["", "Kế hoạch", "Văn bản", "5", ""],
        ["", "- Công văn", "Văn bản", "7", "gửi điện tử"],
    ])
    # `Kết quả thống kê` over unit and value; STT, indicator and note over both header rows
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Kết quả thống kê"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "STT"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Chỉ tiêu thống kê"
    table.cell(0, 4).merge(table.cell(1, 4)).text = "Ghi chú"
    # a section title merged across indicator..note
    table.cell(2, 1).merge(table.cell(2, 4)).text = "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    document.add_paragraph("Trên đây là báo cáo./.")
    document.save(path)
    return path


def test_body_in_document_order_without_header_and_footer(tmp_path):
    source = extract(_stats_document(tmp_path / "r.docx"))
    assert source.method == "docx"
    texts = [line.text for line in source.lines]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ HOẰNG LƯU\tĐộc lập - Tự do - Hạnh phúc"]
    assert texts.index("BÁO CÁO") < texts.index("Phụ lục 01b") < texts.index("Trên đây là báo cáo./.")
    assert not any("tiêu đề chạy" in t or "Số trang" in t for t in texts)


def test_merged_cells_appear_once_and_columns_stay_aligned(tmp_path):
    source = extract(_stats_document(tmp_path / "r.docx"))
    stats = source.tables[-1]
    assert stats.rows[0] == ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"]
    assert stats.rows[1] == ["", "", "Đơn vị tính", "Số liệu", ""]
    assert stats.rows[2] == ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", ""]
    assert stats.label == "Phụ lục 01b"  # the label, not the title line under it
    assert source.lines[stats.line].text.startswith("STT\tChỉ tiêu thống kê")
    assert source.tables[0].label is None


def test_docx_rows_through_the_pipeline(tmp_path):
    path = _stats_document(tmp_path / "r.docx")
    converted = convert_file(path, path.name)
    got = [(r.stt, r.indicator, r.unit, r.value, r.note, r.parent_stt, r.table) for r in converted.rows]
    assert got == [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None, None, "Phụ lục 01b"),
        ("1", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", 12, None, "I", "Phụ lục 01b"),
        (None, "Kế hoạch", "Văn bản", 5, None, "1", "Phụ lục 01b"),
        ("-", "Công văn", "Văn bản", 7, "gửi điện tử", "1", "Phụ lục 01b"),
    ]
    assert converted.report.unit_name == "Hoằng Lưu" and converted.report.period_number == 2


def test_table_label_continues_over_a_split_table(tmp_path):
    document = Document()
    document.add_paragraph("Biểu mẫu 3")
    _table(document, [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"],
                      ["1", "Số cuộc kiểm tra", "Cuộc", "2", ""]])
    document.add_paragraph("")
    _table(document, [["2", "Số vấn đề phát hiện", "Vấn đề", "0", ""]])
    document.save(tmp_path / "split.docx")
    source = extract(tmp_path / "split.docx")
    assert [t.label for t in source.tables] == ["Biểu mẫu 3", "Biểu mẫu 3"]


def test_page_count_from_app_properties(tmp_path):
    path = _stats_document(tmp_path / "r.docx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / "p.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = data.replace(b"<Pages>1</Pages>", b"<Pages>6</Pages>")
            dst.writestr(item, data)
    assert extract(tmp_path / "p.docx").n_pages == 6


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 not a word file", b"PK\x03\x04 truncated zip"])
def test_not_a_docx_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match="bad.docx"):
        extract(path)


def test_zip_without_a_document_part(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ExtractionError):
        extract(path)
    converted = convert_file(path, path.name)
    assert converted.report.status == "failed" and converted.report.error


def test_document_without_text(tmp_path):
    Document().save(tmp_path / "blank.docx")
    with pytest.raises(ExtractionError, match="no text"):
        extract(tmp_path / "blank.docx")

"""DOCX input: body text in document order, tables as exact cells, merged cells once, labels, bad files."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from baocao.extract import ExtractionError, extractor_for


def extract(path):
    """The reader's own output (its text, lines and stated tables), before it becomes the document model."""
    return extractor_for(path).extract(path)
from baocao.pipeline import convert_file, read_text


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
    assert source.lines[stats.line].text.startswith("STT\tChỉ tiêu thống kê")


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
    converted = convert_file(tmp_path / "split.docx", "split.docx")
    assert [(row.stt, row.table) for row in converted.rows] == [("1", "Biểu mẫu 3"), ("2", "Biểu mẫu 3")]


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


def _add_list(document, levels: list[tuple[str, str]], num_id: int = 90, start_override: int | None = None) -> str:
    """An abstract list with the given (numFmt, lvlText) levels and a num instance; returns the num id."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for k, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>'))
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                if start_override else "")
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
                               f'{override}</w:num>'))
    return str(num_id)


def _number(paragraph, num_id: str, level: int = 0) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_automatic_numbering_in_the_stt_column(tmp_path):
    document = Document()
    sections = _add_list(document, [("upperRoman", "%1"), ("decimal", "%2.")], num_id=91)
    document.add_paragraph("Phụ lục")
    table = _table(document, [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"],
                              ["", "CÔNG TÁC CHỈ ĐẠO", "", "", ""],
                              ["", "Số văn bản", "Văn bản", "3", ""],
                              ["", "Số kế hoạch", "Kế hoạch", "1", ""],
                              ["", "CẢI CÁCH THỂ CHẾ", "", "", ""],
                              ["", "Số VBQPPL", "Văn bản", "0", ""]])
    for row, level in ((1, 0), (2, 1), (3, 1), (4, 0), (5, 1)):
        _number(table.cell(row, 0).paragraphs[0], sections, level)
    document.save(tmp_path / "n.docx")
    stats = extract(tmp_path / "n.docx").tables[0]
    assert [r[0] for r in stats.rows[1:]] == ["I", "1.", "2.", "II", "1."]
    converted = convert_file(tmp_path / "n.docx", "n.docx")
    assert [(r.stt, r.parent_stt) for r in converted.rows] == [
        ("I", None), ("1", "I"), ("2", "I"), ("II", None), ("1", "II")]


def test_multilevel_numbering_and_restart(tmp_path):
    document = Document()
    first = _add_list(document, [("decimal", "%1."), ("decimal", "%1.%2.")], num_id=92)
    for text, level in (("Một", 0), ("Một một", 1), ("Một hai", 1), ("Hai", 0), ("Hai một", 1)):
        _number(document.add_paragraph(text), first, level)
    restart = _add_list(document, [("lowerLetter", "%1)")], num_id=93, start_override=1)
    for text in ("a", "b"):
        _number(document.add_paragraph(text), restart)
    bullet = _add_list(document, [("bullet", "\uf0b7")], num_id=94)
    _number(document.add_paragraph("Số cán bộ bị kỷ luật"), bullet)
    document.save(tmp_path / "m.docx")
    assert [l.text for l in extract(tmp_path / "m.docx").lines] == [
        "1. Một", "1.1. Một một", "1.2. Một hai", "2. Hai", "2.1. Hai một", "a) a", "b) b", "- Số cán bộ bị kỷ luật"]


def test_nested_table_is_read_as_a_table(tmp_path):
    document = Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "Biểu mẫu 2"
    inner = cell.add_table(rows=2, cols=5)
    for j, text in enumerate(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]):
        inner.cell(0, j).text = text
    for j, text in enumerate(["1", "Số cuộc kiểm tra", "Cuộc", "2", ""]):
        inner.cell(1, j).text = text
    document.save(tmp_path / "nested.docx")
    converted = convert_file(tmp_path / "nested.docx", "nested.docx")
    assert [(r.stt, r.indicator, r.unit, r.value, r.table) for r in converted.rows] == [
        ("1", "Số cuộc kiểm tra", "Cuộc", 2, "Biểu mẫu 2")]


def test_deleted_moved_and_hidden_text_is_not_read_but_shown(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    paragraph = document.add_paragraph("Số liệu ")
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>cũ</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>mới</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:moveFrom {nsdecls("w")} w:id="3" w:author="a"><w:r><w:t>chuyển</w:t></w:r></w:moveFrom>'))
    hidden = paragraph.add_run(" ẩn")
    hidden.font.hidden = True
    document.save(tmp_path / "rev.docx")
    source = extract(tmp_path / "rev.docx")
    assert [l.text for l in source.lines] == ["Số liệu mới"]
    # read as if accepted, and said so: Word shows the unaccepted deletions struck through
    assert any("2 tracked deletions not accepted" in w for w in source.warnings)
    # `baocao text` shows the document as Word does, deletions beside what replaced them; hidden text stays out
    document, repaired = read_text(tmp_path / "rev.docx")
    assert [text for _, text in document.printed(repaired.lines)] == ["Số liệu cũmớichuyển"]
    assert [line.text for line in document.lines] == ["Số liệu mới"]
    run = subprocess.run([sys.executable, "-m", "baocao", "text", str(tmp_path / "rev.docx")], capture_output=True,
                         text=True)
    assert run.stdout == "Số liệu cũmớichuyển\n" and "2 tracked deletions not accepted" in run.stderr


def test_old_word_or_encrypted_file_is_named_as_such(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(ExtractionError, match=r"\.doc\b|password"):
        extract(path)


def test_macro_enabled_document_renamed_docx_is_read(tmp_path):
    """python-docx refuses a .docm by its content type; the body is the same WordprocessingML."""
    source = _stats_document(tmp_path / "r.docx")
    target = tmp_path / "m.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"officedocument.wordprocessingml.document.main+xml",
                                    b"ms-word.document.macroEnabled.main+xml")
                assert b"macroEnabled" in data
            dst.writestr(item, data)
    converted = convert_file(target, target.name)
    assert converted.report.status == "ok" and converted.report.n_rows == 4


def test_run_fonts_through_styles_and_defaults(tmp_path):
    from baocao.extract.docx_fonts import Fonts

    document = Document()
    document.styles["Normal"].font.name = ".VnTime"
    plain = document.add_paragraph("a")
    direct = document.add_paragraph()
    direct.add_run("b").font.name = "Times New Roman"
    heading = document.add_paragraph("c", style="Heading 1")  # based on Normal, may set its own font
    fonts = Fonts(document.styles.element)
    assert fonts.run_font(plain.runs[0]._r, fonts.paragraph_font(plain._p)) == ".VnTime"
    assert fonts.run_font(direct.runs[0]._r, fonts.paragraph_font(direct._p)) == "Times New Roman"
    assert fonts.run_font(heading.runs[0]._r, fonts.paragraph_font(heading._p)) is not None


def test_legacy_font_runs_are_converted_with_provenance(tmp_path):
    pytest.importorskip("baocao.normalize.encoding")
    legacy = pytest.importorskip("tests.legacy_corpus")
    document = Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.add_paragraph(legacy.encode("Kết quả công tác cải cách hành chính", "tcvn3"))
    mixed = document.add_paragraph(legacy.encode("Báo cáo của xã ", "tcvn3"))  # no toned capital: TCVN3 has none
    mixed.add_run("Hoằng Lưu").font.name = "Times New Roman"  # a Unicode run stays as it is
    table = _table(document, [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"],
                              ["1", legacy.encode("Số văn bản đã ban hành", "tcvn3"), legacy.encode("Văn bản", "tcvn3"),
                               "3", ""]])
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.font.name = "Times New Roman"
    document.save(tmp_path / "vn3.docx")
    source = extract(tmp_path / "vn3.docx")
    texts = [line.text for line in source.lines]
    assert texts[0] == "Kết quả công tác cải cách hành chính"
    assert texts[1] == "Báo cáo của xã Hoằng Lưu"
    assert source.tables[0].rows[1][1:3] == ["Số văn bản đã ban hành", "Văn bản"]
    assert source.encoding == "tcvn3"
    assert {r.line for r in source.repairs} == {0, 1, 3} and all(r.kind == "encoding" for r in source.repairs)


def test_caps_formatting_reads_as_printed(tmp_path):
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Tm. ủy ban nhân dân").font.all_caps = True
    paragraph.add_run(" (ký)")
    document.save(tmp_path / "caps.docx")
    assert [l.text for l in extract(tmp_path / "caps.docx").lines] == ["TM. ỦY BAN NHÂN DÂN (ký)"]


def test_text_prints_a_cell_through_before_the_next(tmp_path, capsys):
    """A cell of several paragraphs beside one-line cells: `baocao text` reads the cell whole, then the next."""
    from baocao.cli import main

    document = Document()
    table = _table(document, [["TT", "Họ và tên", "", "Ghi chú"], ["1", "Nguyễn Văn An", "Nam", ""]])
    cell = table.cell(0, 2)
    cell.text = "Chỗ ở hiện tại đối với"
    cell.add_paragraph("thành viên là cá nhân")
    table.cell(0, 3).add_paragraph("(nếu có)")
    document.add_paragraph("Trên đây là báo cáo./.")
    document.save(tmp_path / "cells.docx")
    assert main(["text", str(tmp_path / "cells.docx")]) == 0
    printed = capsys.readouterr().out.split("\n")
    assert printed[:3] == ["TT\tHọ và tên\tChỗ ở hiện tại đối với thành viên là cá nhân\tGhi chú (nếu có)",
                           "1\tNguyễn Văn An\tNam", "Trên đây là báo cáo./."]


def test_a_toned_capital_run_of_the_other_encoding_in_a_mixed_font(tmp_path):
    """One font holding VNI text and a TCVN3 heading in capitals, whose toned capitals TCVN3 stores as small
    letters (`MôC LôC`): the heading reads as TCVN3 although the font's text is VNI."""
    legacy = pytest.importorskip("tests.legacy_corpus")
    document = Document()
    document.styles["Normal"].font.name = "VNSTCVN3"
    document.add_paragraph(legacy.encode("MỤC LỤC", "tcvn3"))
    for _ in range(4):
        document.add_paragraph(legacy.encode("Kế hoạch tổng thể phát triển công nghệ thông tin của tỉnh", "vni"))
    document.save(tmp_path / "mixed.docx")
    texts = [line.text for line in extract(tmp_path / "mixed.docx").lines]
    assert texts[0].upper() == "MỤC LỤC"
    assert texts[1] == "Kế hoạch tổng thể phát triển công nghệ thông tin của tỉnh"


def test_footnotes_and_endnotes_are_read_after_the_body(tmp_path):
    document = Document()
    document.add_paragraph("Thân bài")
    document.add_paragraph("Nơi nhận")
    document.save(tmp_path / "notes.docx")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    separator = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    notes = {
        "word/footnotes.xml": f'<w:footnotes {w}>{separator}<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
                              '<w:r><w:t xml:space="preserve"> Số liệu tính đến ngày 15/6</w:t></w:r></w:p></w:footnote>'
                              '</w:footnotes>',
        "word/endnotes.xml": f'<w:endnotes {w}><w:endnote w:id="1"><w:p><w:r><w:t>Ghi chú cuối</w:t></w:r></w:p>'
                             '</w:endnote></w:endnotes>',
    }
    with zipfile.ZipFile(tmp_path / "notes.docx", "a") as archive:
        for name, xml in notes.items():
            archive.writestr(name, xml)
    lines = [line.text.strip() for line in extract(tmp_path / "notes.docx").lines if line.text.strip()]
    assert lines == ["Thân bài", "Nơi nhận", "Số liệu tính đến ngày 15/6", "Ghi chú cuối"]

"""Small report PDFs drawn for tests (reportlab, no LibreOffice): a statistics table, ruled or borderless, with a
two-row header whose `Kết quả thống kê` spans unit and value, wrapped cells, the header repeated on each page and,
optionally, a row cut by the page break."""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
WIDTHS = (34, 236, 78, 60, 75)  # STT | indicator | unit | value | note (points)
LEFT = 50
LEADING = 13
SIZE = 10


def _fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Serif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
        pdfmetrics.registerFont(TTFont("SerifBold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))


def _wrap(text: str, width: float, font: str = "Serif") -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, SIZE, width - 6) if text else []


def make_report_pdf(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    ruled: bool = True,
    label: Optional[str] = "Phụ lục",
    intro: Sequence[str] = ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", "BÁO CÁO", "Kết quả công tác cải cách hành chính quý I năm 2024"),
    page_height: float = 842,
    split_rows: bool = False,
    outro: Sequence[str] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"),
    stt_heading: Sequence[str] = ("STT",),
) -> Path:
    """Draw the report; returns its path. `rows` are (stt, indicator, unit, value, note); `stt_heading` the STT
    column's heading, line by line (`("ST", "T")`: a narrow column broke the word)."""
    from reportlab.pdfgen import canvas

    _fonts()
    pdf = canvas.Canvas(str(path), pagesize=(595, page_height))
    bottom_margin = 60
    y = page_height - 60
    xs = [LEFT]
    for w in WIDTHS:
        xs.append(xs[-1] + w)

    def text(x, yy, s, font="Serif"):
        pdf.setFont(font, SIZE)
        pdf.drawString(x, yy, s)

    def hline(yy, x0=xs[0], x1=xs[-1]):
        if ruled:
            pdf.line(x0, yy, x1, yy)

    def vlines(y0, y1, cols=range(len(xs))):
        if ruled:
            for c in cols:
                pdf.line(xs[c], y0, xs[c], y1)

    def header(yy):
        # row 1: STT | indicator | Kết quả thống kê (spans unit+value) | Ghi chú; row 2: Đơn vị tính | Số liệu
        h1, h2 = LEADING * len(stt_heading) + 6, LEADING + 6
        hline(yy)
        for j, piece in enumerate(stt_heading):
            text(xs[0] + 3, yy - 14 - j * LEADING, piece, "SerifBold")
        text(xs[1] + 3, yy - 14, "Chỉ tiêu thống kê", "SerifBold")
        text(xs[2] + 3, yy - 14, "Kết quả thống kê", "SerifBold")
        text(xs[4] + 3, yy - 14, "Ghi chú", "SerifBold")
        hline(yy - h1, xs[2], xs[4])
        text(xs[2] + 3, yy - h1 - 14, "Đơn vị tính", "SerifBold")
        text(xs[3] + 3, yy - h1 - 14, "Số liệu", "SerifBold")
        hline(yy - h1 - h2)
        if ruled:
            for c in (0, 1, 2, 4, 5):
                pdf.line(xs[c], yy, xs[c], yy - h1 - h2)
            pdf.line(xs[3], yy - h1, xs[3], yy - h1 - h2)
        return yy - h1 - h2

    for line in intro:
        text(LEFT, y, line, "SerifBold")
        y -= LEADING + 4
    if label:
        text(LEFT, y, label, "SerifBold")
        y -= LEADING + 4
    y = header(y)
    for row in rows:
        cells = [_wrap(str(v), w) for v, w in zip(row, WIDTHS)]
        height = max(len(c) for c in cells) or 1
        need = height * LEADING + 6
        if y - need < bottom_margin and not (split_rows and height > 1 and y - 2 * LEADING - 6 > bottom_margin):
            pdf.showPage()
            y = header(page_height - 60)
        k = 0
        while k < height:
            fit = height - k
            room = int((y - bottom_margin - 6) // LEADING)
            if fit > room:
                fit = max(room, 1)
            top = y
            for c, lines in enumerate(cells):
                for j, s in enumerate(lines[k:k + fit]):
                    text(xs[c] + 3, y - 12 - j * LEADING, s)
            y -= fit * LEADING + 6
            vlines(y, top)
            hline(y)
            k += fit
            if k < height:
                pdf.showPage()
                y = header(page_height - 60)
    y -= 2 * LEADING
    for line in outro:
        if y < bottom_margin:
            pdf.showPage()
            y = page_height - 60
        text(LEFT + 300, y, line, "SerifBold")
        y -= LEADING + 4
    pdf.save()
    return path


SAMPLE_ROWS = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", ""),
    ("1.", "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)", "Văn bản",
     "08", ""),
    ("2.", "Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)", "%", "26,6", ""),
    ("2.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "79", ""),
    ("2.2.", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "21", ""),
    ("3.", "Kiểm tra CCHC", "", "", ""),
    ("3.1.", "Số phòng, ban, đơn vị trực thuộc đã kiểm tra", "Cơ quan, đơn vị", "", ""),
    ("3.2.", "Số UBND cấp xã đã kiểm tra", "Cơ quan, đơn vị", "", "Cấp huyện báo cáo cho cấp xã"),
    ("II", "CẢI CÁCH THỂ CHẾ", "", "", ""),
    ("1.", "Tổng số văn bản quy phạm pháp luật đã ban hành trong kỳ báo cáo thuộc phạm vi quản lý", "Văn bản",
     "1.034", ""),
    ("2.", "Số thủ tục hành chính được giải quyết đúng hạn trên tổng số hồ sơ tiếp nhận", "%", "16,67%", ""),
    ("", "Trong đó:", "", "", ""),
    ("", "Số hồ sơ trực tuyến toàn trình", "Hồ sơ", "360", ""),
    ("", "Số hồ sơ trực tuyến một phần", "Hồ sơ", "12", ""),
    ("3.", "Có thực hiện tự kiểm tra việc ban hành văn bản", "Có = 1; Không = 0", "1", ""),
]

"""The report's prose: paragraphs taken from the seeds' body text, the seeds' names replaced by the document's
(`{unit}` xã Phương Định, `{district}` huyện Trực Ninh, `{province}` tỉnh Nam Định, `{level}` xã), its year and
period, and a few numbers drawn per document. Long on purpose: a name wraps across a line somewhere."""
from __future__ import annotations

import random

OPENINGS = [
    "Thực hiện Kế hoạch số {k1}/KH-UBND ngày {d1} của UBND {district} về cải cách hành chính năm {year}; Công văn "
    "số {k2}/UBND-NV ngày {d2} của UBND {district} về việc xây dựng kế hoạch và báo cáo cải cách hành chính định kỳ "
    "năm {year}; Kế hoạch số {k3}/KH-UBND ngày {d3} của UBND {unit} về cải cách hành chính năm {year}. UBND {unit} "
    "báo cáo tình hình thực hiện nhiệm vụ CCHC {period} cụ thể như sau:",
    "Thực hiện quy định tại Công văn số {k1}/UBND-NV ngày {d1} của UBND {district} về việc thực hiện chế độ báo cáo "
    "cải cách hành chính định kỳ. Ủy ban nhân dân {unit} báo cáo kết quả thực hiện công tác cải cách hành chính "
    "(CCHC) {period}, cụ thể như sau:",
    "Thực hiện chế độ báo cáo Cải cách hành chính định kỳ theo hướng dẫn của UBND {province} và UBND {district}, "
    "UBND {unit} báo cáo kết quả thực hiện Cải cách hành chính {period}, triển khai một số nhiệm vụ Cải cách hành "
    "chính kỳ tới như sau:",
]

SECTIONS = [
    ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", [
        "Quán triệt và triển khai thực hiện Kế hoạch số {k1}/KH-UBND ngày {d1} của UBND tỉnh về cải cách hành chính "
        "{province}, giai đoạn 2021-2025; Kế hoạch số {k2}/KH-UBND ngày {d2} của UBND {district} về cải cách hành "
        "chính nhà nước {district}, giai đoạn 2021-2025; Kế hoạch số {k3}/KH-UBND ngày {d3} của UBND {district} về "
        "cải cách hành chính năm {year} tới toàn thể cán bộ, công chức, cán bộ chủ chốt địa phương.",
        "Căn cứ Kế hoạch của UBND {district} về cải cách hành chính năm {year}, UBND {level} đã xây dựng và ban hành "
        "Kế hoạch số {k1}/KH-UBND ngày {d1} về cải cách hành chính năm {year} làm cơ sở để tổ chức triển khai các "
        "nhiệm vụ công tác CCHC trong năm. Trong đó xác định các nội dung cụ thể CCHC cần tập trung lãnh đạo, chỉ "
        "đạo, tổ chức thực hiện với các nhiệm vụ theo từng tháng, quý và phân công trách nhiệm đối với từng cán bộ, "
        "công chức nhằm thực hiện hiệu quả nhiệm vụ CCHC gắn với chức năng nhiệm vụ công tác được giao.",
        "Thường xuyên cập nhật các thông tin, văn bản chỉ đạo của Trung ương, của {province}, của {district} trên "
        "Cổng thông tin điện tử. Chủ động, sáng tạo, áp dụng những giải pháp đổi mới để CCHC là khâu đột phá trong "
        "công tác quản lý, chỉ đạo điều hành tại UBND {unit}. Rà soát và niêm yết công khai bộ TTHC, 100% TTHC được "
        "Chủ tịch UBND tỉnh công bố thuộc thẩm quyền giải quyết của UBND {level} được thực hiện tại Bộ phận một cửa.",
        "Đài truyền thanh đã xây dựng chuyên mục tuyên truyền về CCHC được {n1} tin bài, truyền thanh {n2} lượt để "
        "tuyên truyền sâu rộng đến các thôn, phố nhằm nâng cao nhận thức của người dân về công tác CCHC; ngoài ra, "
        "công tác tuyên truyền CCHC còn được lồng ghép trong các Hội nghị giao ban, Hội nghị triển khai nhiệm vụ "
        "kinh tế - xã hội của {unit}, {district}, {province}.",
    ]),
    ("II. KẾT QUẢ THỰC HIỆN", [
        "Thực hiện tốt kế hoạch rà soát văn bản QPPL năm {year}, đến thời điểm báo cáo UBND {unit} đã ban hành {n3} "
        "văn bản chỉ đạo, điều hành thực hiện nhiệm vụ phát triển kinh tế - xã hội và các hoạt động điều hành của "
        "UBND, trong đó: {n1} quyết định; {n2} thông báo; 08 báo cáo; 18 kế hoạch; 44 tờ trình và 12 công văn. Các "
        "văn bản ban hành đúng thể thức, thẩm quyền, đúng pháp luật và phù hợp với tình hình thực tế của địa phương.",
        "Thực hiện nghiêm Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về việc thực hiện cơ chế một cửa, "
        "một cửa liên thông trong giải quyết TTHC và Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ sửa "
        "đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP. Bộ phận tiếp nhận và trả kết quả của UBND {unit} "
        "thường xuyên duy trì tốt nề nếp làm việc, tiếp nhận, giải quyết và trả kết quả giải quyết các TTHC đúng quy "
        "định, không có hồ sơ tồn đọng.",
        "Kết quả giải quyết TTHC {period}, Bộ phận một cửa đã tiếp nhận và giải quyết {n4} hồ sơ, trong đó: lĩnh vực "
        "Tư pháp - Hộ tịch là {n3} hồ sơ; lĩnh vực Lao động - Thương binh và Xã hội là {n1} hồ sơ; lĩnh vực Văn hóa "
        "{n2} hồ sơ. 100% hồ sơ được giải quyết đúng và trước hạn, không có hồ sơ quá hạn phải xin lỗi tổ chức, công "
        "dân trên địa bàn {district}.",
        "Thực hiện Kế hoạch số {k2}/KH-UBND ngày {d2} của UBND {province} về kiểm tra thực hiện kỷ luật, kỷ cương "
        "hành chính năm {year}, Ủy ban nhân dân {unit} đã quán triệt cán bộ công chức thực hiện nghiêm kỷ luật kỷ "
        "cương hành chính về: chấp hành nội quy, quy chế; thái độ giao tiếp, ứng xử trong giải quyết công việc, đặc "
        "biệt là giải quyết thủ tục hành chính; chấp hành giờ giấc làm việc, giờ họp, hội nghị.",
        "Đẩy mạnh việc ứng dụng công nghệ thông tin trong hoạt động của các bộ phận chuyên môn; 100% cán bộ, công "
        "chức được cấp tài khoản và sử dụng Hệ thống quản lý văn bản và điều hành của {province}; tỷ lệ văn bản đi "
        "được gửi dưới dạng điện tử, sử dụng chữ ký số đạt trên 95%.",
    ]),
    ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", [
        "Tiếp tục đẩy mạnh công tác tuyên truyền, nâng cao chất lượng giải quyết thủ tục hành chính, tăng cường kỷ "
        "luật, kỷ cương hành chính và ứng dụng công nghệ thông tin trong hoạt động của UBND {unit}; phấn đấu hoàn "
        "thành các chỉ tiêu cải cách hành chính năm {year} do UBND {district} giao.",
        "Thực hiện tốt công tác tự kiểm tra, kịp thời uốn nắn, khắc phục những thiếu sót tồn tại trong thực hiện "
        "CCHC, thông qua các buổi họp định kỳ hàng tháng, giao ban đầu tuần. Phát động phong trào thi đua, lấy kết "
        "quả thực hiện nhiệm vụ công tác CCHC để đánh giá, bình xét thi đua, khen thưởng hàng năm.",
    ]),
]


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"


def paragraphs(rng: random.Random, names: dict[str, str], year: int, period: str) -> list[tuple[str, str]]:
    """[(kind, text)]: kind `heading` or `para`, the text filled in. A random subset of each section."""
    values = dict(names, year=year, period=period,
                  k1=rng.randint(1, 99), k2=rng.randint(1, 300), k3=rng.randint(1, 99),
                  d1=_date(rng, year), d2=_date(rng, year), d3=_date(rng, year),
                  n1=f"{rng.randint(1, 30):02d}", n2=f"{rng.randint(1, 40):02d}", n3=rng.randint(100, 900),
                  n4=f"{rng.randint(1000, 3000):,}".replace(",", "."))
    out = [("para", rng.choice(OPENINGS).format(**values))]
    for heading, texts in SECTIONS:
        out.append(("heading", heading))
        keep = [t for t in texts if rng.random() < 0.6] or [rng.choice(texts)]
        out += [("para", t.format(**values)) for t in keep]
    return out

"""What the statistics tables of CCHC reports are made of: header words, units, STT shapes, table labels.

These are facts of the reporting forms (the Home Affairs templates every commune fills in), not of any one file."""
from __future__ import annotations

import regex as re

from normalize.text import canon, strip_accents

# Units printed in the Đơn vị tính column of the CCHC forms. Matching is case-sensitive on the first letter:
# a unit is printed capitalised, while the same words inside an indicator are lower-case.
UNITS = [
    "Văn bản", "Nhiệm vụ", "%", "Cơ quan, đơn vị", "Cơ quan", "Đơn vị", "Vấn đề", "Người", "Thủ tục", "TTHC",
    "Hồ sơ", "Số lượng hồ sơ", "Số hồ sơ đã giải quyết", "Số hồ sơ", "PAKN", "Triệu đồng", "Đồng", "đồng",
    "Số lượng", "Phiếu", "Đợt", "Bài", "Tin, bài", "Bản tin, phóng sự", "Lượt", "Cuộc", "Lớp", "Lần", "Buổi",
    "Bộ phận chuyên môn", "Bộ phận", "Tổ chức", "Quy trình", "Lĩnh vực", "Kế hoạch", "Báo cáo", "Quyết định",
    "Hội nghị", "Ngày", "Tháng", "Dịch vụ", "Điểm", "Cán bộ", "Công chức", "Viên chức", "Thư", "Trường hợp",
    "Tài khoản", "Văn bản/ Kế hoạch", "Cơ quan, tổ chức", "Xã", "Thôn", "Mô hình", "Sáng kiến", "Đề án", "Tin",
    "Bản", "Cái", "Chiếc", "Máy", "Ý kiến", "Kiến nghị", "Phản ánh", "Vụ", "Việc", "Hộ", "Lao động", "Chỉ tiêu",
]
# Units that also end many indicators (`Thống kê TTHC`): taken as a unit only with a value or a gap after them.
WEAK_UNITS = {"TTHC", "Tổ chức", "Kế hoạch", "Báo cáo", "Quyết định", "Dịch vụ", "Cán bộ", "Công chức",
              "Viên chức", "Hội nghị", "PAKN", "Lĩnh vực", "Hồ sơ", "Văn bản", "Chỉ tiêu", "Xã", "Thôn", "Tin",
              "Bản", "Việc", "Vụ", "Hộ", "Lao động", "Đồng", "đồng", "Bộ phận", "Cơ quan", "Đơn vị"}
_UNITS_SORTED = sorted(UNITS, key=len, reverse=True)

# A coded unit: `Có = 1; Không = 0`, `Đúng quy định: 1`, `Chưa = 0; Đang làm = 1`.
CODE_PAIR = re.compile(r"(?:\p{L}[\p{L}\s/]*?|\d+\s*cấp)\s*(?:=|:)\s*\d\b")
# the label of a code is a capitalised word and a few lower-case (or all-caps) words: `Hoạt động chưa hiệu quả`
CODE_START = re.compile(
    r"(?<![\p{L}])(?=(?:\p{Lu}\p{Ll}*(?:\s+(?:\p{Ll}+|\p{Lu}{2,})){0,4}|\d+\s*cấp)\s*(?:=|:)\s*\d\b)"
)

STT_TOKEN = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,4})\.?$")
STT_LINE = re.compile(
    r"^\s*(?P<stt>(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,4})\.?)(?=\s|$)(?P<rest>.*)$"
)
DASH_LINE = re.compile(r"^\s*[-–+]\s*(?P<rest>\S.*)$")
LABEL = re.compile(
    r"^\s*\**\s*(?P<label>(?:phụ\s*lục|biểu\s*mẫu|biểu\s*số|mẫu\s*số|biểu)(?:\s*(?:số\s*)?[0-9]{1,3}[a-zđ]?|\s+[IVX]{1,4}\b)?)",
    re.IGNORECASE,
)

_HEADER_PHRASES = [
    "chi tieu thong ke", "chi tieu", "noi dung", "ket qua thong ke", "ket qua", "ghi chu", "don vi tinh",
    "so lieu", "dvt", "stt", "tt", "ghi", "chu", "so", "don vi", "tinh", "lieu",
]
_HEADER_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _HEADER_PHRASES) + r")\b")
_USAGE_NOTE = re.compile(r"\(?\s*su dung trong ky bao cao[^)]*\)?|^[^()]*\b(?:thang|nam)\)\s*$")


def skeleton(text: str) -> str:
    return " ".join(strip_accents(text.replace("**", "")).split())


_LOST = re.compile(r"[\ue000-\uf8ff]")  # glyphs a font drew without a Unicode mapping (see extract.base)
_LOST_GROUP = re.compile(r"\([^()]*[\ue000-\uf8ff][^()]*\)?")
_LOST_WORD = re.compile(r"\S*[\ue000-\uf8ff]\S*")


def _without_lost(text: str) -> str:
    """A header read with unsolved glyphs: the usage note holding one and words holding one are left out, while
    most of the line stays readable (a row whose words are mostly lost is not taken for a header)."""
    words = len(text.split())
    kept = _LOST_WORD.sub(" ", _LOST_GROUP.sub(" ", text))
    return kept if len(_LOST_WORD.findall(text)) <= max(1, words // 4) else text


def is_header_line(text: str) -> bool:
    """A line made only of table-header words (STT, Chỉ tiêu thống kê, Đơn vị tính, Số liệu, Ghi chú …)."""
    if _LOST.search(text):
        text = _without_lost(text)
    skel = skeleton(text)
    if not skel:
        return False
    skel = _USAGE_NOTE.sub(" ", skel)
    skel = re.sub(r"\(\d+\)", " ", skel)  # column numbers (1) (2) (3)
    rest = _HEADER_RE.sub(" ", skel)
    return not re.sub(r"[\s,.;:()\-|]", "", rest)


def starts_header(text: str) -> bool:
    skel = skeleton(text)
    return bool(re.match(r"^(stt|tt)\b", skel)) and is_header_line(text)


def is_usage_note_start(text: str) -> bool:
    skel = skeleton(text)
    return skel.startswith("(su dung trong ky") and ")" not in skel


def unit_suffix(text: str) -> tuple[str, str] | None:
    """Split `indicator words Unit` into (indicator, unit) when the text ends with a known unit."""
    stripped = text.rstrip()
    for unit in _UNITS_SORTED:
        if stripped.endswith(unit):
            head = stripped[: len(stripped) - len(unit)]
            if head and not head[-1].isspace() and unit != "%":
                continue
            return head.rstrip(), unit
    return None


def is_unit_fragment(text: str, current: str = "") -> bool:
    """A line that is a known unit, a piece of one (`Cơ quan, đơn`), or completes the unit begun (`vị`)."""
    piece = " ".join(text.split())
    if not piece:
        return False
    joined = f"{current} {piece}".strip() if current else piece
    for unit in UNITS:
        if joined == unit or (len(joined) >= 3 and unit.startswith(joined) and unit != joined[:1]):
            return True
        if current and unit.startswith(current.strip()) and unit.endswith(piece):
            return True
    return False


def is_coded_fragment(text: str) -> bool:
    piece = " ".join(text.split())
    return bool(CODE_PAIR.search(piece)) or bool(re.fullmatch(r"[=:]?\s*\d\s*[;,.]?", piece)) and "=" in piece


def looks_like_code_tail(text: str) -> bool:
    """`= 0`, `hiện = 0`, `QC = 1`: the end of a coded unit wrapped onto its own line."""
    piece = " ".join(text.split())
    if re.match(r"\p{Lu}\p{Ll}", piece):
        return False  # `Có thực hiện = 1` starts a code; a tail continues one (`định = 0`, `KH = 0`)
    return bool(re.fullmatch(r"(?:[\p{L}/]+\s*){0,4}=\s*\d\s*[;,.]?", piece))


def same_words(a: str, b: str) -> bool:
    return canon(a) == canon(b)

"""What the statistics tables of CCHC reports are made of: header words, units, STT shapes, table labels.

These are facts of the reporting forms (the Home Affairs templates every commune fills in), not of any one file."""
from __future__ import annotations

import regex as re

from baocao.normalize.text import canon, strip_accents

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

# the numbers a coded unit gives its answers: `Có = 1; Không = 0` → 1, 0
_CODE_VALUE = re.compile(r"(?:=|:)\s*(\d+)\b")


def unit_codes(unit: str | None) -> list[int]:
    """The codes a coded unit offers (`Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2` → [0, 1, 2]); [] for others."""
    if not unit or not CODE_PAIR.search(unit):
        return []
    return [int(code) for code in _CODE_VALUE.findall(unit)]


def unit_kind(unit: str | None) -> str | None:
    """What a Đơn vị tính cell says the value is: `rate` (%), `code` (a coded unit), `money` (đồng), `count`
    (any other unit); None when the cell is empty."""
    if not unit or not unit.strip():
        return None
    if unit.strip().startswith("%"):
        return "rate"
    if CODE_PAIR.search(unit):
        return "code"
    if "đồng" in unit.lower():
        return "money"
    return "count"


STT_TOKEN = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,4})\.?$")
# an STT never starts with 0 (`0 Đã kết nối =` is the code of a coded unit wrapped onto the next line)
STT_LINE = re.compile(
    r"^\s*(?P<stt>(?:[IVX]{1,5}|[1-9]\d?(?:\.\d{1,2}){0,4})\.?)(?=\s|$)(?P<rest>.*)$"
)
# marks printed in the STT column for an unnumbered item; all read as STT `-`
STT_DASHES = frozenset({"-", "–", "+", "•"})
DASH_LINE = re.compile(r"^\s*[-–+]\s*(?P<rest>\S.*)$")
LABEL = re.compile(
    r"^\s*\**\s*(?P<label>(?:phụ\s*lục|biểu\s*mẫu|biểu\s*số|mẫu\s*số|biểu)(?:\s*(?:số\s*)?[0-9]{1,3}[a-zđ]?|\s+[IVX]{1,4}\b)?)",
    re.IGNORECASE,
)



def table_label(text: str) -> str | None:
    """`Phụ lục 2`, `Biểu mẫu 3`, `Phụ lục` from a line above a table (or a title row inside it); a title
    (`BIỂU MẪU THỐNG KÊ …`) is not a label: a label has a number or stands alone."""
    text = text.replace("**", "").strip()
    match = LABEL.match(text)
    if not match:
        return None
    label = " ".join(match.group("label").split())
    rest = text[match.end():].strip(" :.-*")
    return label if re.search(r"\d|\b[IVX]+$", label) or not rest else None

_HEADER_PHRASES = [
    "chi tieu thong ke", "ten chi tieu", "noi dung chi tieu", "chi tieu", "noi dung", "ket qua thong ke", "ket qua",
    "ghi chu", "don vi tinh", "so lieu", "gia tri", "dvt", "so tt", "stt", "tt", "ghi", "chu", "so", "don vi", "tinh",
    "lieu",
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
    # a header line may hold only the usage note or the column numbers (1) (2) (3)
    usage_note = bool(_USAGE_NOTE.search(skel) or re.search(r"\(\d+\)", skel))
    skel = _USAGE_NOTE.sub(" ", skel)
    skel = re.sub(r"\(\d+\)", " ", skel)  # column numbers (1) (2) (3)
    if not _HEADER_RE.search(skel) and not usage_note:
        return False  # punctuation alone (a `-` in the STT column) is no header
    rest = _HEADER_RE.sub(" ", skel)
    return not re.sub(r"[\s,.;:()\-|]", "", rest)


_USAGE_WORDS = set("su dung trong ky bao cao hang quy 6 thang nam".split())


def is_header_fragment(text: str) -> bool:
    """Inside a header block: a line holding only column numbers and pieces of the usage note that a layout
    tool interleaved (`(1)   tháng,` / `(2)năm)   (3)   (4)   (5)`)."""
    skel = re.sub(r"\(\d+\)", " ", skeleton(text))
    if skel == skeleton(text) and not re.search(r"\b(?:thang|nam)\b", skel):
        return False
    words = re.sub(r"[,.;:()\-|]", " ", _HEADER_RE.sub(" ", skel)).split()
    return all(word in _USAGE_WORDS for word in words)


def starts_header(text: str) -> bool:
    skel = skeleton(text)
    return bool(re.match(r"^(stt|tt|so tt)\b", skel)) and is_header_line(text)


def is_usage_note_start(text: str) -> bool:
    skel = skeleton(text)
    return skel.startswith("(su dung trong ky") and ")" not in skel


def unit_suffix(text: str) -> tuple[str, str] | None:
    """Split `indicator words Unit` into (indicator, unit) when the text ends with a known unit."""
    stripped = text.rstrip()
    for unit in _UNITS_SORTED:
        if stripped.endswith(unit):
            head = stripped[: len(stripped) - len(unit)]
            if head and not head[-1].isspace() and (unit != "%" or head[-1].isdigit()):
                continue  # a unit is a word of its own; `100%` is a percentage, not the `%` unit
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
    # the tail may run on into the next code's label (`định = 0 Đúng`, `KH = 1 Không`)
    return bool(re.fullmatch(r"(?:[\p{L}/]+\s*){0,4}[=:]\s*\d\s*[;,.]?(?:\s*(?:\p{Lu}|\d\s*\p{Ll})[\p{L}\s]{0,20})?", piece))


def same_words(a: str, b: str) -> bool:
    return canon(a) == canon(b)

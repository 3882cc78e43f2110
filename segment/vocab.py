"""What the statistics tables of CCHC reports are made of: header words, units, STT shapes, table labels.

These are facts of the reporting forms (the Home Affairs templates every commune fills in), not of any one file."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Optional, Sequence

import regex as re

from baocao.normalize.text import strip_accents

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
# Units that also end many indicators (`Thống kê TTHC`): taken as a unit only with a value after them, or set
# apart as a new cell.
WEAK_UNITS = {"TTHC", "Tổ chức", "Kế hoạch", "Báo cáo", "Quyết định", "Dịch vụ", "Cán bộ", "Công chức",
              "Viên chức", "Hội nghị", "PAKN", "Lĩnh vực", "Hồ sơ", "Văn bản", "Chỉ tiêu", "Xã", "Thôn", "Tin",
              "Bản", "Việc", "Vụ", "Hộ", "Lao động", "Đồng", "đồng", "Bộ phận", "Cơ quan", "Đơn vị"}

# A coded unit: `Có = 1; Không = 0`, `Đúng quy định: 1`, `Chưa = 0; Đang làm = 1`.
CODE_PAIR = re.compile(r"(?:\p{L}[\p{L}\s/]*?|\d+\s*cấp)\s*(?:=|:)\s*\d\b")
# the numbers a coded unit gives its answers: `Có = 1; Không = 0` → 1, 0
_CODE_VALUE = re.compile(r"(?:=|:)\s*(\d+)\b")


def unit_codes(unit: str | None) -> list[int]:
    """The codes a coded unit offers (`Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2` → [0, 1, 2]); [] for others."""
    if not unit or not CODE_PAIR.search(unit):
        return []
    return [int(code) for code in _CODE_VALUE.findall(unit)]


def gives_a_code(previous_word: str | None) -> bool:
    """Whether the number after this word is a coded unit's answer (`Có = 1`, `Đúng quy định: 1`), not a value."""
    return bool(previous_word) and previous_word.endswith((":", "="))


# units that measure rather than count (a score, a length of time): their values may have a fraction
MEASURES = frozenset({"điểm", "ngày", "tháng", "năm", "giờ"})


def counts_things(unit: str | None) -> bool:
    """A unit whose values count things (`Người`, `Văn bản`, `Hồ sơ`): each is a whole number, never below 0."""
    return unit_kind(unit) == "count" and "%" not in unit and unit.strip().lower() not in MEASURES


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
# the rest of an STT a narrow column wrapped onto the next line (`10.1.` / `1.`)
STT_TAIL = re.compile(r"^\.?\d{1,2}(?:\.\d{1,2}){0,2}\.?$")
_STT_WRAP = re.compile(r"(?<=\d\.)\s+(?=\d)|(?<=\d)\s+(?=\.\d)")


def stt_tail(text: str) -> bool:
    """`text` can be the rest of a wrapped STT: digits (`1.`, `.1`) or its final dot alone."""
    return text == "." or bool(STT_TAIL.match(text))


def join_stt(text: str) -> str:
    """An STT cell's lines as one number where a narrow column wrapped it (`1.1. 1.` → `1.1.1.`)."""
    joined = _STT_WRAP.sub("", text.strip())
    return joined if STT_TOKEN.match(joined) else text


def join_wrapped_stt(pieces: Sequence[str]) -> str:
    """An STT's pieces a narrow column wrapped, as one number (`10.` + `1` → `10.1`); two figures meet only where
    OCR lost the dot between them (`10` + `1` → `10.1`)."""
    joined = ""
    for piece in pieces:
        joined += ("." if joined[-1:].isdigit() and piece[:1].isdigit() else "") + piece
    return joined


# marks printed in the STT column for an unnumbered item; all read as STT `-`
STT_DASHES = frozenset({"-", "–", "+", "•"})
DASH_LINE = re.compile(r"^\s*[-–+]\s*(?P<rest>\S.*)$")
# a sub-row giving a figure by level of government (`Cấp xã`, `Tại cấp huyện (…)`): a line opening so goes on no
# text above it, as a dash item's does not (inside a text the level is written in lower case; a note opening with
# one says more: `Cấp huyện báo cáo …`)
LEVEL_ROW = re.compile(r"^(?:Tại\s+cấp|Cấp)\s+(?:tỉnh|huyện|xã)\s*(?:$|\()")
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

# ---------------------------------------------------------------------------------------------- the table reader
# Column roles of the statistics tables, in the order the forms print them (unit and value may be swapped).
ROLES = ("stt", "indicator", "unit", "value", "note")
# Header words (accent-free, lower case, as token sequences) and the column each names, longest first.
# `result` is `Kết quả thống kê`, the group over unit and value in a two-row header; alone it names the value.
_COLUMN_NAMES = [
    ("chi tieu thong ke", "indicator"), ("ten chi tieu", "indicator"), ("noi dung chi tieu", "indicator"),
    ("chi tieu", "indicator"), ("noi dung", "indicator"), ("ket qua thong ke", "result"),
    ("ket qua thuc hien", "value"), ("so lieu thong ke", "result"), ("ket qua", "result"),
    ("don vi tinh", "unit"), ("don vi", "unit"), ("dvt", "unit"), ("so lieu", "value"), ("gia tri", "value"),
    ("thuc hien", "value"), ("ghi chu", "note"), ("so thu tu", "stt"), ("so tt", "stt"), ("stt", "stt"),
    ("tt", "stt"),
]
# each name as words, longest first
HEADER_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(sorted(
    [(tuple(phrase.split()), role) for phrase, role in _COLUMN_NAMES], key=lambda item: -len(item[0])))
# each name with its words glued into one (`SốTT`, `Đơnvịtính`: OCR or a narrow cell lost the space; `ST` / `T`:
# a narrow column broke the word)
_GLUED_NAMES = {phrase.replace(" ", ""): role for phrase, role in reversed(_COLUMN_NAMES)}
# `(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)` under `Chỉ tiêu thống kê`: words of the usage note
_USAGE_PHRASE = tuple("su dung trong ky bao cao hang quy 6 thang nam".split())
USAGE_WORDS = frozenset(_USAGE_PHRASE)
# header words spelt with a plain `d`: keys drop the stroke of `đ`, so `Đúng` (a coded unit's answer) would read as
# `dụng`
_PLAIN_D = frozenset({"dung"})
# every word a header block is made of: its names (also cut apart by a narrow column: `Kết` / `quả`) and the note
HEADER_WORDS = frozenset(w for phrase, _ in HEADER_PHRASES for w in phrase) | set(_GLUED_NAMES) | USAGE_WORDS \
    | {"st", "t", "s"}  # `STT` a narrow column broke inside the word (`ST` / `T`)
COLUMN_NUMBER = re.compile(r"^\(?\s*(?:\d{1,2}|[A-E])\s*\)?$")
# …as OCR reads it: the mark inside lost or misread (`()`, `q)`), a speck after it (`(2).`); parenthesised
COLUMN_NUMBER_READ = re.compile(r"^(?:\(\s*\w?\s*\)?|\(?\s*\w?\s*\))[.,]?$")
# the words each column's name is made of, for a header whose names are cut apart over its lines
PIECES_OF = {"unit": frozenset({"don", "vi", "tinh", "dvt"}), "value": frozenset({"so", "lieu", "ket", "qua", "gia", "tri"}),
             "note": frozenset({"ghi", "chu"})}


# the phrases by their first word, longest first, so a line's words are looked up, not scanned
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _role in HEADER_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _role))
# …and the long ones by their second word, for a first word OCR misread (`Đơm vị tính`)
_LONG_PHRASES_BY_SECOND: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _role in HEADER_PHRASES:
    if len(_phrase) >= 3:
        _LONG_PHRASES_BY_SECOND.setdefault(_phrase[1], []).append((_phrase, _role))


@lru_cache(maxsize=65536)
def header_key(word: str) -> str:
    return strip_accents(word).strip(" ,.:;()*-–—")


def header_words_only(words: list[str]) -> bool:
    """Every word is a header word, a column number or punctuation (and there is at least one)."""
    seen = False
    for word in words:
        key = header_key(word)
        if not key:
            continue
        if key not in HEADER_WORDS and not COLUMN_NUMBER.match(word.strip()) \
                and not COLUMN_NUMBER_READ.match(word.strip()) or key in _PLAIN_D and "đ" in word.casefold():
            return False
        seen = True
    return seen

# where a table ends: the signature block, the list of recipients, the person who drew the table up
TABLE_END = re.compile(
    r"^\W*(?:nơi\s+nhận|tm\.|t/m|kt\.|k/t|người\s+lập(?:\s+biểu)?|thủ\s+trưởng(?:\s+đơn\s+vị)?|xác\s+nhận\s+của)",
    re.IGNORECASE,
)
# a page's own number: `2`, `- 2 -`, `Trang 2`, `2/7`
PAGE_NUMBER = re.compile(r"^\s*(?:(?:trang|page)\s*)?[-–]?\s*\d{1,3}\s*(?:[-–]|/\s*\d{1,3})?\s*$", re.IGNORECASE)
# a footnote's mark at the end of an indicator: `(1)`, or a superscript digit set against the last word (`giao¹`,
# pulled as `giao1`); the footnote itself stands under the table
# (a PDF's raised digits are read as superscripts: they are a mark wherever they stand, `luật.²`; text pulled
# from the PDF gives them as plain digits, `luật.2`, where a number never stands against a word's full stop)
FOOTNOTE_MARK = re.compile(r"(?:\s*\(\d{1,2}\)|(?<=[\p{L})]|\p{L}\.)\d{1,2}|\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})\s*$")
FOOTNOTE_MARK_IN = re.compile(  # … anywhere on a line
    r"\(\d{1,2}\)|(?:(?<=[\p{L})]|\p{L}\.)\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})(?!\S)")
# a footnote under the table, or its mark on a line of its own: `(1) Số liệu …`, `1 Số liệu …`, `¹ Số liệu …`, `1`
FOOTNOTE_LINE = re.compile(r"^\s*\(?(?P<mark>\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})\)?(?:\s+\p{Lu}.*)?$")


def footnote_number(mark: str) -> int:
    """A footnote mark's number, superscript or not."""
    return int("".join(str(unicodedata.digit(ch)) for ch in mark))


# a document cited by number or a date (`252/QĐ-UBND`, `61/KH-UBND`, `30/12/2023`): a note's or a value's words,
# not an indicator's (an indicator names what is counted, never which paper)
DOC_REFERENCE = re.compile(r"^(?:\d+/[\p{Lu}Đ]+(?:-[\p{Lu}Đ]+)*-?|\d{1,2}/\d{1,2}/\d{4})[.,;]?$")
# the `Trong đó:` marker over the rows that break the row above down
TRONG_DO = re.compile(r"^\W*trong\s+(?:đó|do)\b\s*:?\s*", re.IGNORECASE)

# the shape of a value cell: numbers in Vietnamese format, rates, computations, and the marks for "none"
# (thousands in groups of three, `1.234.567,5`, or a number with one decimal part, `71,4`, `1.03`: never an STT's
# `1.2.1` or `1.2.`)
GROUPED_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # thousands in groups of three: `1.234.567,5`
_NUM = r"(?:" + GROUPED_NUMBER + r"|\d+(?:[.,]\d+)?)"
VALUE_SHAPE = re.compile(
    r"^(?:\$[^$]*\$"
    r"|" + _NUM + r"\s*/\s*" + _NUM + r"\s*(?:=\s*(?:" + _NUM + r"\s*%?)?)?"  # `317/1.034 = 31%`, `27/101`
    r"|" + _NUM + r"\s*%?|=\s*(?:\d[\d.,]*\s*%|\d{2,}[\d.,]*)"  # `=26%` closes a computation; `= 2` is a code
    r"|[xX]|[-–])$"
)
# … a computation whose result a line break left for the next line (`76/92=` / `83%`)
OPEN_COMPUTATION = re.compile(_NUM + r"\s*/\s*" + _NUM + r"\s*=\s*$")
_COUNTED = re.compile(r"^" + _NUM + r"\s+(?P<what>\p{L}+(?:\s+\p{L}+){0,3})$")
# an item of a numbered list a value cell holds ends on its figure: `… hành chính: 6`
ITEM_FIGURE = re.compile(r":\s*\d[\d.,]*\s*$")
# … and such a list whole is a value (`1. Cải cách thủ tục hành chính: 6 2. Cải cách tổ chức bộ máy: 01`)
# (from its first item: `2. …: 02 3. …: 06` is a list's rest)
_ITEM = r"\d{1,2}\.\s*\p{L}[^:]*:\s*\d[\d.,]*"
VALUE_LIST = re.compile(r"^(?=1\.)" + _ITEM + r"(?:\s*[;,]?\s+" + _ITEM + r")*\s*[;.]?$")
# … and one whose last item is still open, its figure on a line below (`1. …: 05 2. Công tác`)
VALUE_LIST_OPEN = re.compile(r"^(?=1\.)(?:" + _ITEM + r"\s*[;,]?\s+)*\d{1,2}\.\s*\p{L}[^:]*:?$")
# words a value cell holds instead of a number
TEXT_VALUES = frozenset({"đạt", "không", "có", "chưa", "đã", "không có", "chưa có", "có thực hiện", "đã thực hiện",
                         "chưa thực hiện", "không đạt", "hoàn thành", "chưa đạt", "đầy đủ", "không phát sinh"})
# a coded unit, whole or a piece of one: `Có = 1; Không = 0`, `Đúng quy định: 1`, `= 0`
CODE_PIECE = re.compile(r"(?:=|:)\s*\d\b")
# a whole coded unit: short labels, each with its code (`Có = 1; Không = 0`, `Đúng quy định: 1`, `2 cấp = 1`)
_CODE_LABEL = r"(?:[\p{L}/]+(?:\s+[\p{L}/]+){0,4}|\d+\s*cấp)"
_CODE = r"\s*[=:]\s*\d{1,2}\s*[;,.]?\s*"
CODE_LIST = re.compile(rf"^(?:{_CODE_LABEL}{_CODE})+$")
# a piece of one a wrapped line leaves: the list cut before a code (`Có = 1; Không`, `Đã kết nối =`) or after a
# label's start (`= 0`, `phiếu =1, Kết hợp = 2`), or opening on the code whose `=` ended the line above (`Không =`
# / `0 Có = 1`)
CODE_LIST_PIECE = re.compile(
    rf"^(?:{_CODE}|\d{{1,2}}[;,]?\s+(?=\p{{L}}))?(?:{_CODE_LABEL}{_CODE})*(?:{_CODE_LABEL}(?:\s*[=:])?)?$")
# a code as a coded unit prints it after `=` (`= 1`, `=0`): in an indicator or a note, a coded unit's words read there
CODE_AFTER_EQUALS = re.compile(r"=\s*\d")
# a text that ends on a code (`Đúng quy định: 1`, `Có = 1;`): the next label of its list opens after it
CODE_END = re.compile(rf"{_CODE}$")
# the first word of a coded unit's line that goes on from its label above: the code (`2`, `1;`), or `=`/`:` and on
CODE_REST = re.compile(r"^(?:\d{1,2}[;,.]?|[=:].*)$")


# a name a narrow column cut inside a word (`ST` / `T`, `Đơn vị tí` / `nh`), its pieces glued: at most this many
_MAX_PIECES = 4


# a speck OCR reads inside a name (`Nội rẻ dung`, `Kết ca quả`): a word of at most this many letters that no
# header word is
_MAX_SPECK_LETTERS = 2


def _one_letter_apart(got: str, want: str) -> bool:
    """One letter changed, added or dropped, in a word of three letters or more."""
    if min(len(got), len(want)) < 3 or abs(len(got) - len(want)) > 1:
        return False
    if len(got) == len(want):
        return sum(a != b for a, b in zip(got, want)) == 1
    short, long_ = sorted((got, want), key=len)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _name_end(keys: list[str], i: int, phrase: tuple[str, ...]) -> Optional[int]:
    """Where the name `phrase` starting at word i ends (the word after it), also when one speck stands between
    two of its words; None when the words are not that name."""
    if tuple(keys[i:i + len(phrase)]) == phrase:
        return i + len(phrase)
    if len(phrase) >= 3 and len(keys) >= i + len(phrase):
        # a long name with one word OCR misread by a letter (`Đơm vị tính`): the other words say which name
        slips = [(got, want) for got, want in zip(keys[i:i + len(phrase)], phrase) if got != want]
        if len(slips) == 1 and _one_letter_apart(*slips[0]):
            return i + len(phrase)
    for k in range(i + 1, min(i + len(phrase), len(keys))):
        if len(keys[k]) <= _MAX_SPECK_LETTERS and keys[k] not in HEADER_WORDS \
                and tuple(keys[i:k] + keys[k + 1:i + len(phrase) + 1]) == phrase:
            return i + len(phrase) + 1
    return None


# every phrase a header prints: the columns' names and the usage note
_HEADER_TEXTS = (*(phrase for phrase, _ in HEADER_PHRASES), _USAGE_PHRASE)


def header_piece(words: Sequence[str]) -> bool:
    """The words, one after the other, are a piece of a column's name or of the usage note (`Kết quả thực`,
    `báo cáo hàng`); `Chỉ báo` is header words, but of no one name."""
    keys = tuple(key for key in map(header_key, words) if key)
    n = len(keys)
    return any(phrase[i:i + n] == keys for phrase in _HEADER_TEXTS for i in range(len(phrase) - n + 1))


def header_roles(words: list[str]) -> list[tuple[str, int, int]]:
    """The column names among a line's words: (role, first word, word after the last), left to right; a name
    written glued (`SốTT`) or whose pieces glue into it (`ST` `T`) counts when no name is made of the words
    themselves, and words that run to the line's end and begin a longer name are that name."""
    keys = [header_key(w) for w in words]
    found: list[tuple[str, int, int]] = []
    i = 0
    while i < len(keys):
        options = _PHRASES_BY_FIRST.get(keys[i], ()) or (
            _LONG_PHRASES_BY_SECOND.get(keys[i + 1], ()) if i + 1 < len(keys) else ())
        rest = tuple(keys[i:])
        # the line ends inside a longer name than any it holds whole (`Số liệu thống` / `kê`): the rest wrapped
        cut = None if rest in (phrase for phrase, _ in options) else next(
            (role for phrase, role in options if len(phrase) > len(rest) >= 2 and phrase[:len(rest)] == rest), None)
        if cut is not None:
            found.append((cut, i, len(keys)))
            break
        for phrase, role in options:
            end = _name_end(keys, i, phrase)
            if end is not None:
                found.append((role, i, end))
                i = end
                break
        else:
            glued = _glued_name(keys, i)
            if glued is not None:
                found.append(glued)
                i = glued[2]
            else:
                i += 1
    return found


def _glued_name(keys: list[str], i: int) -> Optional[tuple[str, int, int]]:
    """A column name whose words, glued, are keys[i] (`SốTT`), or else the pieces keys[i:j] glued (`ST` `T`):
    the longest such run."""
    for j in (i + 1, *range(min(len(keys), i + _MAX_PIECES), i + 1, -1)):
        role = _GLUED_NAMES.get("".join(keys[i:j]))
        if role is not None:
            return role, i, j
    return None


def misread_stt_heading(first: str, rest: list[str]) -> bool:
    """`first` stands where the STT column's heading does but names nothing (a bold `STT` OCR read as `Sài`,
    `hào`): a short word before words that are all header words and name the indicator."""
    return len(header_key(first)) <= 4 and header_words_only(rest) \
        and any(role == "indicator" for role, _, _ in header_roles(rest))


def is_column_numbers(cells: list[str]) -> bool:
    """`(1) (2) (3) (4) (5)` or `A B 1 2 3`: the row numbering the columns under the header. One short cell of
    four or more that OCR garbled (`GINN (2) (3) (4) (5)`) counts as the number the run misses there, when the
    others are bracketed, as no data row is."""
    filled = [c for c in cells if c]
    if len(filled) < 3:
        return False
    garbled = []
    for k, c in enumerate(filled):
        if not COLUMN_NUMBER.match(c):
            garbled.append(k)
            if len(garbled) > 1:
                return False
    marks = [re.sub(r"[\s()]", "", c) for c in filled]
    if garbled:
        k = garbled[0]
        others = [j for j in range(len(filled)) if j != k]
        if len(filled) < 4 or len(filled[k]) > 6 or " " in filled[k] \
                or not all(re.fullmatch(r"\(\s*\d+\s*\)", filled[j].strip()) for j in others):
            return False
        first = int(marks[others[0]]) - (k == 0)
        return [int(marks[j]) for j in others] == [first + j for j in range(len(filled)) if j != k]
    letters = [m for m in marks if m.isalpha()]
    numbers = [int(m) for m in marks if m.isdigit()]
    if marks != letters + [str(n) for n in numbers]:
        return False  # letters first, then numbers
    if letters and "".join(letters) != "ABCDE"[: len(letters)]:
        return False
    return not numbers or numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@lru_cache(maxsize=65536)
def unit_fit(text: str) -> float:
    """How much a text reads as a whole Đơn vị tính cell: 1 a known unit or a complete coded unit (`Có = 1;
    Không = 0`), 0.5 a piece of one (`Cơ quan, đơn`, `Có = 1; Không`, `= 0`) or a unit that also ends many
    indicators (`TTHC`), 0 nothing known."""
    piece = " ".join(text.split())
    if not piece:
        return 0.0
    if piece in _UNIT_SET:
        return 0.5 if piece in WEAK_UNITS else 1.0
    if "=" in piece or ":" in piece:
        if CODE_LIST.match(piece):  # a coded unit lists its answers, each code once: one code alone is a piece
            codes = unit_codes(piece)
            whole = len(codes) > 1 and len(set(codes)) == len(codes) and (piece[:1].isupper() or piece[:1].isdigit())
            return 1.0 if whole else 0.5
        return 0.5 if CODE_LIST_PIECE.match(piece) else 0.0
    if ("=" in piece or ":" in piece) and CODE_PIECE.search(piece) or len(piece) >= 2 and (
            piece in _UNIT_STARTS or piece in _UNIT_ENDS or piece in _UNIT_MIDDLES):
        return 0.5
    return 0.0


def known_unit(text: str) -> bool:
    """A unit the forms print, as printed (`Hồ sơ`; `hồ sơ` is an indicator's words)."""
    return " ".join(text.split()) in _UNIT_SET


def counted(text: str) -> bool:
    """A count with what it counts (`276 văn bản`), not a bare number."""
    return bool(_COUNTED.match(" ".join(text.split())))


def value_fit(text: str) -> float:
    """How much a text reads as a Số liệu cell: 1 a number, rate or computation (or a numbered list of figures),
    0.5 a word values are written with (`Đạt`, `Không`), 0 anything else."""
    piece = " ".join(text.split())
    if VALUE_SHAPE.match(piece) or VALUE_LIST.match(piece):
        return 1.0
    counted = _COUNTED.match(piece)  # a count with what it counts, in lower case (`276 văn bản`)
    if counted and counted.group("what").islower():
        what = counted.group("what").capitalize()
        if what in _UNIT_SET:
            return 1.0
        if what in _UNIT_STARTS:
            return 0.5  # … cut by the line's end (`276 văn` / `bản`)
    return 0.5 if piece.casefold() in TEXT_VALUES else 0.0


_UNIT_SET = frozenset(UNITS)
# the pieces a wrapped unit leaves on its lines: how a unit of several words begins, and how it ends
_UNIT_STARTS = frozenset(u[:k] for u in UNITS if " " in u for k in range(2, len(u)))
_UNIT_ENDS = frozenset(u.split(" ", k)[-1] for u in UNITS if " " in u for k in range(1, u.count(" ") + 1))
# … and the words between (`lượng` of `Số` / `lượng` / `hồ sơ`, a unit wrapped onto three lines)
_UNIT_MIDDLES = frozenset(" ".join(words[i:j]) for words in (u.split() for u in UNITS)
                          for i in range(1, len(words)) for j in range(i + 1, len(words)))

"""What a legacy font says beyond its bytes: the encoding its name implies, and the case TCVN3 cannot store.

TCVN3 (VN3) has no toned capitals. All-caps text is set in the `.VnTimeH` fonts, which draw the lower-case
codes as capitals, so the text layer holds `TOµN` for what the page shows as `TOÀN`. With no font at hand
the case comes back by evidence in the text (see `restore_case`).
"""
from __future__ import annotations

import bisect
from typing import Optional

import regex as re

from baocao.normalize.syllable import is_syllable, split_tone

_WORD = re.compile(r"[\p{L}\p{M}]+")
_TCVN3_UPPER = frozenset("\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7")  # Ă Â Ê Ô Ơ Ư Đ codes

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"(?:[-, ]?(?:bold|italic|oblique|regular|normal|condensed|narrow|black|light|mt|ps))+$",
                    re.I)


def encoding_from_font(fontname: str) -> Optional[str]:
    """The legacy encoding a font name implies: `.VnTime`, `VnTimeH`, `ABCDEF+.VnArial-Bold` → "tcvn3",
    `VNI-Times` → "vni", VISCII fonts → "viscii"; Unicode fonts → None."""
    name = _SUBSET.sub("", (fontname or "").strip()).lower()
    if not name or "new roman" in name or "newroman" in name:  # `VNtimes new roman` is a Unicode font
        return None
    if "viscii" in name:
        return "viscii"
    if re.match(r"vni(?:[-_ ]|$|times|helve|aptima|souvir|book|centur|couri)", name):
        return "vni"
    # the ABC (TCVN3) families are `.Vn…`, written without the dot in PDF subsets and `(Ds)` copies
    # (`VnSouthern(Ds)`), or name the standard (`VNSTCVN3`)
    if name.startswith(".vn") or "tcvn" in name or re.match(r"vn(?!i)[a-z3]", name):
        return "tcvn3"
    return None


def is_caps_font(fontname: str) -> bool:
    """`.VnTimeH`, `VnTimeHBold`, `.VnArialH`: the TCVN3 fonts that draw every letter as a capital."""
    if encoding_from_font(fontname) != "tcvn3":
        return False
    base = _STYLE.sub("", _SUBSET.sub("", fontname.strip()))
    return base.endswith("H")


_HARD_BREAK = re.compile(r"\t| {3,}|\n")  # table cells, columns, lines: case evidence stops here
_SOFT_BREAK = re.compile(r"[.:;!?](?=\s)")  # sentence marks: evidence crosses, counted as farther
_SENTENCE_END = re.compile(r"[.!?]\s+$")
_LIST_MARKER = re.compile(r"^\s*(?:[-+•*–]|\d+(?:\.\d+)*\.|[a-zđ]\)|[IVXLC]+\.)\s+$")


def _sentence_start(text: str, position: int) -> bool:
    """Right after a sentence end (`kú. ñy ban`) or a list marker at the line start (`- ¸p dông`)."""
    line_start = text.rfind("\n", 0, position) + 1
    before = text[max(line_start, position - 40):position]
    return bool(_SENTENCE_END.search(before)) or (position - line_start <= 40 and bool(_LIST_MARKER.match(before)))


def _inherit(verdicts: list[Optional[bool]], words: list, text: str) -> None:
    """Words without case evidence take the nearer decided neighbour's (a sentence mark between counts as two
    more words); equally near neighbours that disagree leave the stored case."""
    hard = sorted(m.start() for m in _HARD_BREAK.finditer(text))
    soft = sorted(m.start() for m in _SOFT_BREAK.finditer(text))
    segment = [bisect.bisect_right(hard, m.start()) for m in words]
    marks = [bisect.bisect_right(soft, m.start()) for m in words]
    n = len(verdicts)
    left: list[Optional[int]] = [None] * n
    right: list[Optional[int]] = [None] * n
    last = None
    for k in range(n):
        if last is not None and segment[last] != segment[k]:
            last = None
        left[k] = last
        if verdicts[k] is not None:
            last = k
    last = None
    for k in reversed(range(n)):
        if last is not None and segment[last] != segment[k]:
            last = None
        right[k] = last
        if verdicts[k] is not None:
            last = k
    for k in range(n):
        if verdicts[k] is not None:
            continue
        near = [(abs(j - k) + 2 * abs(marks[j] - marks[k]), verdicts[j]) for j in (left[k], right[k]) if j is not None]
        if len(near) == 2 and near[0][1] != near[1][1] and near[0][0] == near[1][0]:
            verdicts[k] = False
        elif near:
            verdicts[k] = min(near, key=lambda d: d[0])[1]
        else:
            verdicts[k] = False


def restore_case(source: str, converted: str, caps: Optional[bool]) -> str:
    """TCVN3 case, which the encoding cannot store for toned capitals. Evidence, word by word:
    - a word whose plain letters are all capitals (`TOµN`, `§¹I`) is all capitals; a plain lower-case letter
      keeps the word as stored; words with no evidence (`µ`, `ë`, `Uû`) or abbreviations (`UBND`) follow
      the nearest word with evidence, up to a tab, a wide gap or a line end;
    - a toned first letter right after a sentence end or a list marker (`- ¸p dông`) is a capital.
    `caps=True` forces capitals (a `.VnTimeH` font). `source` and `converted` align char by char."""
    if caps is False:
        return converted
    words = list(_WORD.finditer(converted))
    verdicts: list[Optional[bool]] = []
    for match in words:
        text = source[match.start():match.end()]
        upper = sum(1 for ch in text if (ch.isascii() and ch.isupper()) or ch in _TCVN3_UPPER)
        lower = sum(1 for ch in text if ch.isascii() and ch.islower())
        if caps:
            verdicts.append(True)
        elif lower:
            verdicts.append(False)
        elif not is_syllable(match.group(0).upper()):
            verdicts.append(None)  # an abbreviation (`UBND`, `§VSNCL`) says nothing about case
        elif upper >= 2 or (upper == 1 and not (text[0].isupper() or text[0] in _TCVN3_UPPER)):
            verdicts.append(True)
        else:
            verdicts.append(None)
    _inherit(verdicts, words, converted)
    parts, pos = [], 0
    for match, verdict in zip(words, verdicts):
        word = match.group(0)
        parts.append(converted[pos:match.start()])
        if verdict:
            word = word.upper()
        elif source[match.start()] != word[0] and word[0].islower() and word.islower() and \
                split_tone(word[0])[1] and _sentence_start(converted, match.start()):
            word = word[0].upper() + word[1:]
        parts.append(word)
        pos = match.end()
    parts.append(converted[pos:])
    return "".join(parts)

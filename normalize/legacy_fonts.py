"""What a legacy font says beyond its bytes: the encoding its name implies, and the case TCVN3 cannot store.

TCVN3 (VN3) has no toned capitals. All-caps text is set in the `.VnTimeH` fonts, which draw the lower-case
codes as capitals, so the text layer holds `TOµN` for what the page shows as `TOÀN`. With no font at hand
the case comes back by evidence in the text (see `restore_case`).
"""
from __future__ import annotations

import bisect
from typing import Optional

import regex as re

from normalize.syllable import is_syllable

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
    if name.startswith(".vn") or re.match(r"vn(?:time|arial|avant|bodoni|book|centur|clarendon|commercial|"
                                           r"cooper|courier|helve|univers|souvir|present|shelley|"
                                           r"aptima|bahaus|black|lincoln|3)", name):
        return "tcvn3"
    return None


def is_caps_font(fontname: str) -> bool:
    """`.VnTimeH`, `VnTimeHBold`, `.VnArialH`: the TCVN3 fonts that draw every letter as a capital."""
    if encoding_from_font(fontname) != "tcvn3":
        return False
    base = _STYLE.sub("", _SUBSET.sub("", fontname.strip()))
    return base.endswith("H")


_BOUNDARY = re.compile(r"\t| {3,}|[.:;!?](?=\s)")
_SENTENCE_END = re.compile(r"[.!?]\s+$")
_LIST_MARKER = re.compile(r"^\s*(?:[-+•*–]|\d+(?:\.\d+)*\.|[a-zđ]\)|[IVXLC]+\.)\s+$")


def _sentence_start(text: str, position: int) -> bool:
    """Right after a sentence end (`kú. ñy ban`) or a list marker at the line start (`- ¸p dông`)."""
    line_start = text.rfind("\n", 0, position) + 1
    before = text[max(line_start, position - 40):position]
    return bool(_SENTENCE_END.search(before)) or (position - line_start <= 40 and bool(_LIST_MARKER.match(before)))


def restore_case(source: str, converted: str, caps: Optional[bool]) -> str:
    """TCVN3 case, which the encoding cannot store for toned capitals. Evidence, word by word:
    - a word whose plain letters are all capitals (`TOµN`, `§¹I`) is all capitals; a plain lower-case letter
      keeps the word as stored; words with no evidence (`µ`, `ë`, `Uû`) or abbreviations (`UBND`) follow
      their neighbours up to a tab, a wide gap or a sentence mark;
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
    cuts = [m.start() for m in _BOUNDARY.finditer(converted)] + [m.start() for m in re.finditer("\n", converted)]
    cuts.sort()
    segment = [bisect.bisect_right(cuts, match.start()) for match in words]
    for k, verdict in enumerate(verdicts):  # no evidence: upper only when every decided neighbour is
        if verdict is None:
            left = next((v for j, v in reversed(list(enumerate(verdicts[:k])))
                         if v is not None and segment[j] == segment[k]), None)
            right = next((v for j, v in enumerate(verdicts[k + 1:], k + 1)
                          if v is not None and segment[j] == segment[k]), None)
            verdicts[k] = bool((left or right) and left is not False and right is not False)
    parts, pos = [], 0
    for match, verdict in zip(words, verdicts):
        word = match.group(0)
        parts.append(converted[pos:match.start()])
        if verdict:
            word = word.upper()
        elif source[match.start()] != word[0] and word[0].islower() and word.islower() and \
                _sentence_start(converted, match.start()):
            word = word[0].upper() + word[1:]
        parts.append(word)
        pos = match.end()
    parts.append(converted[pos:])
    return "".join(parts)

"""Unicode form, whitespace, and the canonical comparison form of Vietnamese text."""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Sequence

import regex as re

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_SYLLABLE = re.compile(r"\p{L}[\p{L}\p{M}]*")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Cell text as the lake keeps it: NFC, one space between words, trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def _canon_syllable(match: re.Match) -> str:
    return _canon_of(match.group(0))


@lru_cache(maxsize=16384)  # a language's syllables repeat: most are met again within a page
def _canon_of(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    bare = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare) + tones


def canon(text: str) -> str:
    """Comparison form: case-folded, one space, tone mark placement ignored (`hoá` = `hóa`, `Uỷ` = `Ủy`)."""
    text = _SPACES.sub(" ", nfc(text)).strip().casefold()
    return _SYLLABLE.sub(_canon_syllable, text)


def one_placement(lines: Sequence[str]) -> list[str]:
    """The lines with every syllable spelt as the document mostly spells it. A document places its tone marks one
    way (`Ủy`, `hòa`, or the older `Uỷ`, `hoà`); OCR reads some of them the other way (`Uỷ` for a printed `Ủy`: 93
    of 766 on the development scans), so for a scan the majority of its readings is the print's. Ties stay."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        for match in _SYLLABLE.finditer(line):
            syllable = match.group(0).lower()
            seen[_canon_of(syllable)][syllable] += 1
    spelling: dict[str, str] = {}
    for forms in seen.values():
        if len(forms) > 1:
            (most, n), (_, runner_up) = forms.most_common(2)
            spelling.update({form: most for form in forms if form != most and n > runner_up})
    if not spelling:
        return list(lines)

    def respell(match: re.Match) -> str:
        word = match.group(0)
        to = spelling.get(word.lower())
        if to is None:
            return word
        if word.isupper() and len(word) > 1:
            return to.upper()
        return to[0].upper() + to[1:] if word[0].isupper() else to

    return [_SYLLABLE.sub(respell, line) for line in lines]


def strip_accents(text: str) -> str:
    """ASCII-ish skeleton for loose matching of headers (`Đơn vị tính` → `don vi tinh`)."""
    decomposed = unicodedata.normalize("NFD", canon(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d")


# a line the layout broke right after a hyphen, slash or ellipsis inside a word (`QĐ-` / `UBND`, `sự…` / `trên`),
# or right before the closing marks that end the line above (`1.1.1` / `.` in a narrow STT column) or a colon
# the column had no room for (`Không` / `: 2`: no text puts a space before one)
_TIGHT_END = re.compile(r"(?:[\p{L}\p{N}][-/]|…)$")
_TIGHT_START = re.compile(r"^(?:[…/]|[:;,](?=\s))")
_CLOSING_MARKS = re.compile(r"[.,;:)]+")
# … or inside a document's number: before its hyphen (`252/QĐ` / `-UBND`) or inside its kind (`252/Q` / `Đ-UBND`)
_CUT_REFERENCE = ((re.compile(r"\p{Lu}{2}$"), re.compile(r"^-\p{Lu}{2,}\b")),
                  (re.compile(r"\d/\p{Lu}+$"), re.compile(r"^\p{Lu}+-")))
# a number a narrow column broke where it had no space (`164/16` / `4 =100%`, `30/12/20` / `23`, `1.03` / `4`),
# or right after a separator inside it (`1.977,` / `5`, `2.561/2.` / `561`)
_CUT_NUMBER = re.compile(r"\d[./]\d+$|\d[.,/]\d+[.,]$")
# … or right before a separator inside it (`1.542/1` / `.736`): no text opens on a separator and digits
_SEPARATOR_START = re.compile(r"^[.,]\d")
_LAST_WORD = re.compile(r"\p{L}+$")
_FIRST_WORD = re.compile(r"^\p{L}+")


# words that open what follows them (prepositions, conjunctions, the plural marker, auxiliaries): a Vietnamese
# phrase does not end on one, so a cell's text ending so goes on
_OPENING_WORDS = frozenset("""do của và các cho với trong theo tại từ đến về là có đã được những một trên thuộc
    hoặc như để bị mà""".split())
# … and a level named without its number (`trực tuyến mức độ` / `3`)
_OPENING_PHRASES = (("mức", "độ"),)


def ends_open(text: str) -> bool:
    """The text ends on a word that opens what follows (`… giải quyết do`): it goes on."""
    words = text.split()
    return bool(words) and (words[-1] in _OPENING_WORDS or tuple(w.lower() for w in words[-2:]) in _OPENING_PHRASES)


def closing_marks(text: str) -> bool:
    """The text is only marks that close what stands before it (`.`, `);`): it says nothing of a cell's kind."""
    return bool(_CLOSING_MARKS.fullmatch(text))


def join_cell_lines(lines: Iterable[str]) -> str:
    """A table cell's lines as one text, the same for every reader: single spaces between lines, except that a
    line broken right after a hyphen, slash or ellipsis inside a word joins the next without one (`61/KH-` + `UBND`
    → `61/KH-UBND`), and so do a number or a word a narrow column broke where it had no space and a line of
    closing marks alone (`1.1.1` + `.` → `1.1.1.`)."""
    out = ""
    for line in lines:
        out = add_cell_line(out, line)
    return out


def add_cell_line(joined: str, line: str) -> str:
    """`joined` (a cell's lines already joined) with one more line joined on by the same rule."""
    piece = squash(line)
    if not piece:
        return joined
    if not joined:
        return piece
    return joined + piece if cut_inside(joined, piece) else f"{joined} {piece}"


def cut_inside(joined: str, piece: str) -> bool:
    """The line break between `joined` and `piece` fell inside a word or number: they join without a space."""
    return bool(_TIGHT_END.search(joined) and piece[:1].isalnum() or _TIGHT_START.match(piece) or closing_marks(piece)
                or _CUT_NUMBER.search(joined) and piece[:1].isdigit() or _cut_word(joined, piece)
                or joined[-1:].isdigit() and bool(_SEPARATOR_START.match(piece))
                or any(end.search(joined) and start.match(piece) for end, start in _CUT_REFERENCE))


def _cut_word(joined: str, piece: str) -> bool:
    """A word a narrow column broke inside (`thàn` / `h`): the next line starts with letters that are no syllable,
    and the two pieces together are one."""
    from baocao.normalize.syllable import is_syllable  # the syllable grammar builds its tables on first use

    head, tail = _LAST_WORD.search(joined), _FIRST_WORD.match(piece)
    if not head or not tail or is_syllable(tail.group(0)) or not tail.group(0).islower():
        return False
    return is_syllable(head.group(0) + tail.group(0))

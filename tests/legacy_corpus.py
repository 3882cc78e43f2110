"""Unicode → legacy Vietnamese encoders, to make test documents the way legacy software wrote them.

Source of the facts: the encoders are the INVERSE of the conversion tables the pipeline decodes with
(`normalize.encoding.CHARMAP`: viparse's TCVN3, VNI and VISCII tables, VISCII transcribed by viparse from
glibc's `localedata/charmaps/VISCII` = RFC 1456, plus VNI's `aú` = ẳ), and Python's own `cp1258` codec for
Windows-1258. A letter VNI or VISCII holds as itself (VNI `ì`, VISCII `á`) is written as itself, as those
code pages do.

TCVN3 (VN3) has no toned capitals. Real documents set all-caps headings in the `.VnTimeH` fonts, whose
lower-case codes draw capitals; this encoder does the same: in an all-caps word, `À` is written as the code of
`à` (`TOÀN` → `TOµN`), while Ă Â Ê Ô Ơ Ư Đ keep their own capital codes. A toned capital in a word that is not
all caps (`Ủy`, `Ở`) is written the same way, and there the capital cannot come back from the text alone:
tests measure that loss instead of hiding it.
"""
from __future__ import annotations

import unicodedata

import regex as re

from baocao.normalize.encoding import CHARMAP, to_unicode

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"[\p{L}\p{M}]+")


def _inverse(encoding: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for source, letter in CHARMAP[encoding].pairs:
        if letter in table and len(table[letter]) <= len(source):
            continue
        table[letter] = source
    marks = {ch for source, _ in CHARMAP[encoding].pairs if len(source) > 1 for ch in source}
    for letter in list(table):  # a letter the code page holds as itself is written as itself (VNI `ì`)
        if (encoding != "tcvn3" and ord(letter) < 0x100 and letter not in marks
                and to_unicode(letter, encoding) == letter):
            del table[letter]
    return table


_INVERSE = {enc: _inverse(enc) for enc in CHARMAP}


def toned_capital(ch: str) -> bool:
    """A capital with a tone mark: what TCVN3 has no code for."""
    return ch.isupper() and any(m in unicodedata.normalize("NFD", ch) for m in _TONES)


def _tcvn3_word(word: str) -> str:
    table = _INVERSE["tcvn3"]
    out = []
    for ch in word:
        if ch in table:
            out.append(table[ch])
        elif toned_capital(ch):  # `.VnTimeH`: the lower-case code, drawn as a capital
            out.append(table[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def encode(text: str, encoding: str) -> str:
    """Unicode text → the characters a legacy font's bytes surface as ("tcvn3", "vni", "viscii")."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        return _WORD.sub(lambda m: _tcvn3_word(m.group(0)), text)
    table = _INVERSE[encoding]
    return "".join(table.get(ch, ch) for ch in text)


def encode_bytes(text: str, encoding: str) -> bytes:
    """Unicode text → the bytes of a file saved in that encoding ("tcvn3", "vni", "viscii", "cp1258")."""
    if encoding == "cp1258":
        return _cp1258(text)
    surface = encode(text, encoding)
    if encoding == "viscii":  # a VISCII byte is its Latin-1 surface; VISCII has no curly quotes or dashes
        return surface.encode("latin-1")
    return surface.encode("cp1252")


def _cp1258(text: str) -> bytes:
    """Windows-1258: precomposed where the code page has the letter, else base letter + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


def pdf_glyph_swaps(surface: str) -> str:
    """What a `.VnTime` PDF text layer gives: U+2212 for the byte of ư, U+2219 for the byte of ã."""
    return surface.replace("\u00ad", "\u2212").replace("\u00b7", "\u2219")


def is_heading(line: str) -> bool:
    """An all-caps line (`I. CÔNG TÁC CHỈ ĐẠO`), the kind typed in a `.VnTimeH` font."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def encode_headings(text: str, encoding: str, body: str | None = None) -> str:
    """Headings in `encoding`; the other lines in `body` (another legacy encoding) or left as Unicode."""
    lines = text.split("\n")
    return "\n".join(encode(line, encoding) if is_heading(line) else (encode(line, body) if body else line)
                     for line in lines)

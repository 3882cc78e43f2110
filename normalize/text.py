"""Unicode form, whitespace, and the canonical comparison form of Vietnamese text."""
from __future__ import annotations

import unicodedata
from typing import Iterable

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
    decomposed = unicodedata.normalize("NFD", match.group(0))
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    bare = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare) + tones


def canon(text: str) -> str:
    """Comparison form: case-folded, one space, tone mark placement ignored (`hoá` = `hóa`, `Uỷ` = `Ủy`)."""
    text = _SPACES.sub(" ", nfc(text)).strip().casefold()
    return _SYLLABLE.sub(_canon_syllable, text)


def strip_accents(text: str) -> str:
    """ASCII-ish skeleton for loose matching of headers (`Đơn vị tính` → `don vi tinh`)."""
    decomposed = unicodedata.normalize("NFD", canon(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d")


# a line the layout broke right after a hyphen, slash or ellipsis inside a word (`QĐ-` / `UBND`, `sự…` / `trên`)
_TIGHT_END = re.compile(r"(?:[\p{L}\p{N}][-/]|…)$")
_TIGHT_START = re.compile(r"^[…/]")


def join_cell_lines(lines: Iterable[str]) -> str:
    """A table cell's lines as one text, the same for every segmenter: single spaces between lines, except that a
    line broken right after a hyphen, slash or ellipsis inside a word joins the next without one (`61/KH-` + `UBND`
    → `61/KH-UBND`)."""
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
    tight = _TIGHT_END.search(joined) and piece[:1].isalnum() or _TIGHT_START.match(piece)
    return joined + piece if tight else f"{joined} {piece}"

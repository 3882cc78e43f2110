"""Legacy Vietnamese encodings: bytes of a `.txt` to text, and TCVN3 / VNI / VISCII runs to Unicode.

Reports still arrive typed in the pre-Unicode fonts (`.VnTime` = TCVN3/ABC, `VNI-Times` = VNI) or saved as
VISCII / Windows-1258 bytes. A legacy font's text reaches us as the font's byte values read as Latin-1/CP1252
characters (`B¸o c¸o` for `Báo cáo`, `Baùo caùo` in VNI), sometimes only in some lines of an otherwise
Unicode document.

The conversion tables are the maintained ones shipped by `viparse` (MIT; tables validated against real
government documents); this module adds what a table cannot know:
- where a legacy run starts and ends inside Unicode text, decided word by word by evidence: a word that is
  not a Vietnamese syllable as it stands but becomes one when converted (normalize/syllable.py), weighed
  against words that already read as Vietnamese. Nothing is converted without evidence, because a false
  conversion ruins good text;
- the case TCVN3 cannot carry: it has no toned capitals, so all-caps words set in the `.VnTimeH` fonts come
  back as `TOàN`; a word whose plain letters are all capitals is upper-cased (`TOÀN`);
- the PDF text-layer glyph swaps of the `.VnTime` fonts (U+2212 for `ư`, U+2219 for `ã`).
"""
from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache
from typing import Optional

import regex as re
from viparse.normalize.encodings import CHARMAPS
from viparse.normalize.tables import Charmap, build_charmap, convert

from baocao.normalize.legacy_fonts import encoding_from_font, is_caps_font, restore_case
from baocao.normalize.syllable import has_vowel, is_syllable
from baocao.schemas import Repair

ENCODINGS = ("tcvn3", "vni", "viscii")

# VNI's breve+hook mark is byte 0xFA (`ú`), the row ắ=aé, ằ=aè, ẵ=aü, ặ=aë completes with ẳ=aú. viparse
# leaves ẳ out for want of a corpus occurrence; `khẳng định` is in every other report we read.
_VNI_EXTRA = [("aú", "ẳ"), ("AÚ", "Ẳ")]


def _charmaps() -> dict[str, Charmap]:
    maps = {name: CHARMAPS[name] for name in ENCODINGS}
    vni = maps["vni"]
    pairs = list(vni.pairs) + _VNI_EXTRA
    # a capital typed with the lower-case mark key (`Uûy` for `Ủy`, `Ñ` fine but `Aù`): VNI-Times draws the
    # capital's mark all the same
    pairs += [(source[0] + source[1].lower(), letter) for source, letter in pairs
              if len(source) == 2 and source[0].isupper() and source[1].isupper() and letter.isupper()]
    known: set[str] = set()
    unique = [p for p in pairs if not (p[0] in known or known.add(p[0]))]
    maps["vni"] = build_charmap("vni", unique)
    return maps


CHARMAP = _charmaps()
# every character that is part of some legacy sequence, per encoding
_SURFACE = {name: frozenset(ch for source, _ in cm.pairs for ch in source) for name, cm in CHARMAP.items()}

# `.VnTime` fonts in PDF text layers: U+2212 stands for ư (byte 0xAD), U+2219 for ã (byte 0xB7)
_PDF_SWAPS = {"\u2212": "\u00ad", "\u2219": "\u00b7"}
_TCVN3 = dict(CHARMAP["tcvn3"].pairs)
assert all(len(source) == 1 and len(letter) == 1 for source, letter in _TCVN3.items())
_WORD = re.compile(r"[\p{L}\p{M}]+")
_TOKEN = re.compile(r"\S+")
_ABBREVIATION = re.compile(r"[A-Za-zĐđ]+")


# ---------------------------------------------------------------- conversion

def _swap_pdf_glyphs(text: str) -> str:
    """U+2212/U+2219 → the TCVN3 bytes they stand for, unless they sit by a digit with no letter beside them
    (a real minus sign in a statistics table)."""
    if "\u2212" not in text and "\u2219" not in text:
        return text
    out = list(text)
    for i, ch in enumerate(text):
        if ch in _PDF_SWAPS:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            near_before = text[:i].rstrip()[-1:]
            near_after = text[i + 1:].lstrip()[:1]
            if before.isalpha() or after.isalpha() or not (near_before.isdigit() or near_after.isdigit()):
                out[i] = _PDF_SWAPS[ch]
    return "".join(out)


def to_unicode(text: str, encoding: str, *, caps: Optional[bool] = None) -> str:
    """Convert a run known to be in `encoding` ("tcvn3", "vni", "viscii") to NFC Unicode.

    For TCVN3, all-caps words get their toned capitals back by evidence; `caps=True` says the run was set in
    a `.VnTimeH` capitals font (see `is_caps_font`), `caps=False` keeps the letters' stored case."""
    if encoding not in CHARMAP:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    if encoding == "tcvn3":
        swapped = _swap_pdf_glyphs(text)
        converted = "".join(_TCVN3.get(ch, ch) for ch in swapped)  # one byte per letter: stays aligned
        return unicodedata.normalize("NFC", restore_case(swapped, converted, caps))
    # viparse applies the `.VnTime` glyph swaps to every table; outside TCVN3 they are real symbols
    held = {ch: chr(0xF8F0 + k) for k, ch in enumerate(_PDF_SWAPS) if ch in text}
    for ch, mark in held.items():
        text = text.replace(ch, mark)
    out = convert(text, CHARMAP[encoding])
    for ch, mark in held.items():
        out = out.replace(mark, ch)
    return out


def convert_by_font(text: str, font: str) -> Optional[tuple[str, str]]:
    """(Unicode text, encoding) for a run set in a legacy Vietnamese font (`.VnTime`, `VNI-Times`), else None:
    the font's name says the encoding. Where a whole document is at hand, `FontEncodings` checks the names.

    A `.VnTimeH` capitals font only draws the letters typed as capitals; the text keeps the letters as typed
    (`céng hßa` → `cộng hòa`), as a PDF's text layer does, with TCVN3's missing toned capitals restored by
    evidence (`TOµN` → `TOÀN`)."""
    encoding = encoding_from_font(font)
    if encoding is None:
        return None
    return to_unicode(text, encoding), encoding


class FontEncodings:
    """The encoding each font of one document holds, decided once from all the text set in it.

    A font's name is a strong hint, not proof: documents carry TCVN3-named fonts holding VNI bytes, blank or
    unknown font names over TCVN3 text, Unicode typed in a `.VnTime` font. Every reading of a font's text
    (as it stands, TCVN3, VNI) is counted in Vietnamese syllables; the name's reading stands unless another
    reads clearly better. Feed it every run (`add`), then convert runs (`convert`)."""

    SAMPLE_CHARS = 200000  # of each font's text, enough to decide
    MARGIN_WORDS = 3  # another reading must win by this many words, and by a tenth of the words read
    RUN_MARGIN_WORDS = 2  # within a legacy font, a run switches reading only when another wins by this many

    def __init__(self):
        self._samples: dict[str, list[str]] = {}
        self._sizes: dict[str, int] = {}
        self._decided: Optional[dict[str, Optional[str]]] = None

    def add(self, font: Optional[str], text: str) -> None:
        key = font or ""
        if self._sizes.get(key, 0) < self.SAMPLE_CHARS and text.strip():
            self._samples.setdefault(key, []).append(text)
            self._sizes[key] = self._sizes.get(key, 0) + len(text)
        self._decided = None

    def encodings(self) -> dict[str, Optional[str]]:
        if self._decided is None:
            self._decided = {font: self._decide(font, " ".join(texts)) for font, texts in self._samples.items()}
        return self._decided

    @staticmethod
    def _scores(text: str) -> dict[Optional[str], int]:
        """Vietnamese words less twice the broken ones, for the text as it stands and read as TCVN3 / VNI."""
        scores = {}
        for enc in (None, "tcvn3", "vni"):
            # case does not decide which reading is Vietnamese: TCVN3 stores a toned capital as its small letter
            # (`MôC` is `MụC`, set in capitals), so every reading is judged in small letters
            good, bad = _tally((text if enc is None else to_unicode(text, enc, caps=False)).lower())
            scores[enc] = good - 2 * bad
        return scores

    @classmethod
    def _decide(cls, font: str, sample: str) -> Optional[str]:
        named = encoding_from_font(font)
        scores = cls._scores(sample)
        best = max(scores, key=lambda enc: scores[enc])
        words = len(_WORD.findall(sample))
        if best != named and scores[best] >= scores[named] + max(cls.MARGIN_WORDS, 0.1 * words):
            return best
        return named

    def convert(self, text: str, font: Optional[str]) -> Optional[tuple[str, str]]:
        """(Unicode text, encoding) for a run whose font holds a legacy encoding, else None. A run that already
        reads as Unicode Vietnamese (`ư`, `ạ`: letters no 8-bit font has) is left as it is; a run of a legacy
        font that reads clearly better in the other legacy encoding or as it stands (a document pasted together
        from TCVN3 and VNI sources in one font) is read that way."""
        encoding = self.encodings().get(font or "")
        if encoding is None or not text:
            return None
        if _native(text):
            return self._mixed(text, encoding)
        scores = self._scores(text)
        best = max(scores, key=lambda enc: scores[enc])
        if best != encoding and scores[best] >= scores[encoding] + self.RUN_MARGIN_WORDS:
            encoding = best
        if encoding is None:
            return None
        return to_unicode(text, encoding), encoding


    @staticmethod
    def _mixed(text: str, encoding: str) -> Optional[tuple[str, str]]:
        """A run of Unicode retyped into a legacy font, with legacy words left over (`Quyết ®ịnh sè`): only the
        words broken as they stand, or with a legacy symbol glued inside, that read as Vietnamese converted."""
        changed = False
        out = []
        for token in re.split(r"(\s+)", text):
            converted = to_unicode(token, encoding) if token.strip() else token
            if converted != token:
                good, bad = _tally(converted)
                was_good, was_bad = _tally(token)
                if good and not bad and (was_bad or _glued(token, encoding)):
                    out.append(converted)
                    changed = True
                    continue
            out.append(token)
        return ("".join(out), encoding) if changed else None


# ---------------------------------------------------------------- evidence

def _tally(text: str) -> tuple[int, int]:
    """(Vietnamese words, broken words) among a text's non-ASCII words; abbreviations (`QĐ`) are neutral."""
    good = bad = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii() or (_ABBREVIATION.fullmatch(word) and not has_vowel(word)):
            continue
        if is_syllable(word):
            good += 1
        else:
            bad += 1
    return good, bad


def _native(text: str) -> bool:
    """A Vietnamese word with a letter no 8-bit legacy surface has (ư, ơ, ạ, ế …): Unicode, certainly."""
    return any(is_syllable(w) and any(ord(ch) > 0xFF for ch in w)
               for w in _WORD.findall(unicodedata.normalize("NFC", text)))


@lru_cache(maxsize=65536)
def _judge(token: str, encoding: str) -> tuple[str, str]:
    """(verdict, converted) for one whitespace-free token read as `encoding`:
    L = legacy (broken as it stands, Vietnamese converted), U = already Unicode Vietnamese, A = changes but
    either reading is fine, X = changes and neither reading is fine, N = conversion changes nothing."""
    converted = to_unicode(token, encoding)
    if converted == unicodedata.normalize("NFC", token):
        return ("U" if _native(token) else "N"), converted
    u_good, u_bad = _tally(token)
    c_good, c_bad = _tally(converted)
    if _native(token):
        return "U", converted
    if c_bad == 0 and c_good >= 1:
        if u_bad >= 1 or _glued(token, encoding):
            return "L", converted
        return ("U" if u_good > c_good else "A"), converted
    if u_bad == 0 and u_good >= 1:
        return "U", converted
    return ("X" if c_good + c_bad else "A"), converted


def _glued(token: str, encoding: str) -> bool:
    """A legacy character inside a word, touching a letter (`B¸o`, `n−íc`), not a lone symbol (`3×4`)."""
    token = _swap_pdf_glyphs(token) if encoding == "tcvn3" else token
    surface = _SURFACE[encoding]
    for i, ch in enumerate(token):
        if ch in surface and not ch.isalpha():
            if (i and token[i - 1].isalpha()) or (i + 1 < len(token) and token[i + 1].isalpha()):
                return True
    return False


@lru_cache(maxsize=16384)  # a document's words repeat; numbers come and go
def _maybe_legacy(token: str) -> bool:
    """Whether some legacy encoding reads the token as a broken Vietnamese word."""
    return any(_judge(token, enc)[0] == "L" for enc in ENCODINGS)


def _line_votes(line: str) -> dict[str, list[tuple[int, int, str]]]:
    """Per encoding: (start, end, verdict) of each token of a line."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(line)]
    return {enc: [(s, e, _judge(t, enc)[0]) for s, e, t in tokens] for enc in ENCODINGS}


def detect_legacy(text: str) -> Optional[str]:
    """The legacy encoding a run of text is in ("tcvn3" / "vni" / "viscii"), or None when it reads as
    Unicode (or there is too little evidence to say)."""
    best, best_score = None, 0
    for enc in ENCODINGS:
        tokens = _TOKEN.findall(text)
        verdicts = [_judge(t, enc)[0] for t in tokens]
        legacy, unicode_ = verdicts.count("L"), verdicts.count("U")
        if legacy == 1:  # one word is enough only when a legacy symbol sits inside it (`B¸o`, not `µm`)
            word = tokens[verdicts.index("L")]
            if not _glued(word, enc):
                continue
        if legacy and legacy > unicode_ and legacy - unicode_ > best_score:
            best, best_score = enc, legacy - unicode_
    return best


def _runs(votes: list[tuple[int, int, str]]) -> list[tuple[int, int, int]]:
    """Spans of a mixed line that are legacy: (first token, last token, legacy words). Undecided tokens
    side with the nearer decided neighbour; a tie stays Unicode."""
    decided = [k for k, (_, _, v) in enumerate(votes) if v in "LU"]
    side = []
    for k, (_, _, v) in enumerate(votes):
        if v in "LU":
            side.append(v == "L")
            continue
        left = max((d for d in decided if d < k), default=None)
        right = min((d for d in decided if d > k), default=None)
        dl = k - left if left is not None else 1 << 30
        dr = right - k if right is not None else 1 << 30
        if dl == dr:
            side.append(votes[left][2] == "L" and votes[right][2] == "L" if left is not None else False)
        else:
            side.append(votes[left if dl < dr else right][2] == "L")
    spans, k = [], 0
    while k < len(votes):
        if side[k]:
            j = k
            while j + 1 < len(votes) and side[j + 1]:
                j += 1
            spans.append((k, j, sum(1 for i in range(k, j + 1) if votes[i][2] == "L")))
            k = j + 1
        else:
            k += 1
    return spans


def fix_legacy_text(text: str) -> tuple[str, list[Repair], Optional[str]]:
    """Find the legacy-encoded runs inside (otherwise Unicode) text and convert them.

    Keeps the number of lines; one Repair(kind="encoding") per changed line; returns the dominant legacy
    encoding found, or None. A line is converted as a whole when it has legacy words and none that read as
    Unicode; a line with both is converted span by span. A single legacy word converts only where the
    document has legacy text elsewhere (`5 µm` alone stays as it is)."""
    if not any(map(_maybe_legacy, _TOKEN.findall(text))):  # most documents: no legacy word at all
        return text, [], None
    lines = text.split("\n")
    votes = [_line_votes(line) for line in lines]
    totals = {enc: sum(1 for line in votes for _, _, v in line[enc] if v == "L") for enc in ENCODINGS}

    def supported(enc: str, legacy_words: int) -> bool:
        return legacy_words >= 2 or (legacy_words == 1 and totals[enc] >= 3)

    main = max(ENCODINGS, key=lambda e: totals[e])
    plans: list[Optional[tuple[str, list[tuple[int, int]]]]] = []
    for line, vote in zip(lines, votes):
        scores = {enc: (sum(v == "L" for *_, v in vote[enc]), sum(v == "U" for *_, v in vote[enc]))
                  for enc in ENCODINGS}
        # the document's main legacy encoding breaks near ties (a word can read as both TCVN3 and VNI)
        enc = max(ENCODINGS, key=lambda e: (scores[e][0] - scores[e][1] + (1.5 if e == main and scores[e][0]
                                                                              else 0), totals[e]))
        legacy, unicode_ = scores[enc]
        plan = None
        if legacy and not unicode_ and supported(enc, legacy):
            plan = (enc, [(vote[enc][0][0], vote[enc][-1][1])])
        elif legacy and unicode_:
            spans = [(vote[enc][a][0], vote[enc][b][1]) for a, b, n in _runs(vote[enc]) if supported(enc, n)]
            plan = (enc, spans) if spans else None
        plans.append(plan)

    # in a document that is legacy throughout, a line of only ambiguous words (`cã mét`) follows the legacy
    # lines around it; where Unicode lines are common too, it stays as it is
    unicode_words = {enc: sum(1 for line in votes for _, _, v in line[enc] if v == "U") for enc in ENCODINGS}
    above: list[Optional[str]] = []
    last = None
    for plan in plans:
        above.append(last)
        last = plan[0] if plan is not None else last
    below: list[Optional[str]] = []
    last = None
    for plan in reversed(plans):
        below.append(last)
        last = plan[0] if plan is not None else last
    below.reverse()
    for k, vote in enumerate(votes):
        enc = above[k]
        if plans[k] is not None or enc is None or below[k] != enc or unicode_words[enc] > 0.05 * totals[enc]:
            continue
        verdicts = [v for *_, v in vote[enc]]
        if "U" not in verdicts and any(v in "AX" for v in verdicts):
            plans[k] = (enc, [(vote[enc][0][0], vote[enc][-1][1])])

    out, repairs, used = list(lines), [], {}
    for k, plan in enumerate(plans):
        if plan is None:
            continue
        enc, spans = plan
        line = lines[k]
        new, pos = [], 0
        for start, end in spans:
            new.append(line[pos:start])
            new.append(to_unicode(line[start:end], enc))
            pos = end
        new.append(line[pos:])
        fixed = "".join(new)
        if fixed != line:
            out[k] = fixed
            repairs.append(Repair(line=k, kind="encoding", before=line, after=fixed))
            used[enc] = used.get(enc, 0) + 1
    dominant = max(used, key=lambda e: used[e]) if used else None
    return "\n".join(out), repairs, dominant


# ---------------------------------------------------------------- bytes

_MAGIC = {b"%PDF": "a PDF", b"PK\x03\x04": "a ZIP/DOCX archive", b"\x89PNG": "a PNG image",
          b"\xff\xd8\xff": "a JPEG image", b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image",
          b"\xd0\xcf\x11\xe0": "an OLE (.doc/.xls) file", b"GIF8": "a GIF image", b"\x7fELF": "an executable"}
# control characters real text carries: tab, newlines, form feed, DOS end-of-file, and the six C0 bytes
# VISCII uses for letters (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a\x02\x05\x06\x14\x19\x1e")


def _cp1252_surface(data: bytes) -> str:
    """Bytes as a Windows font sees them: CP1252, with its five undefined bytes kept as Latin-1."""
    return data.decode("cp1252", errors="latin1_fallback")


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)


def _utf16_by_nuls(data: bytes) -> Optional[str]:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII-heavy text."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        codec = "utf-16-le"
    elif even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        codec = "utf-16-be"
    else:
        return None
    text = data[:len(data) - len(data) % 2].decode(codec, errors="replace")
    # what decodes must look like text: no control codes, unassigned or replaced characters
    odd_chars = sum(1 for ch in text if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Cn", "Cs", "Co")
                    or ch == "\ufffd")
    return codec if odd_chars <= 0.01 * max(len(text), 1) else None


def _reads_as(text: str) -> int:
    good, bad = _tally(text)
    return good - 2 * bad


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Bytes of a `.txt` → (text, encoding found), by evidence in the bytes, never by file name.

    UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), Windows-1258 (its separate tone marks composed
    to NFC), or an 8-bit legacy font encoding ("tcvn3", "vni", "viscii"): that text is returned in its
    surface form (as a PDF text layer would give it) and the repair stage converts it line by line, so every
    conversion is recorded. Raises ValueError for binary data."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise ValueError(f"binary data, not text: the file is {kind}")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data:
        utf16 = _utf16_by_nuls(data)
        if utf16 is None:
            raise ValueError("binary data, not text: NUL bytes without a UTF-16 pattern")
        return data.decode(utf16, errors="replace"), utf16
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > 0.02 * len(sample):
        raise ValueError(f"binary data, not text: {controls} control bytes in the first {len(sample)}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes (a cut-off download): keep UTF-8, mark each bad byte with U+FFFD
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 0x7F) - damaged
    if multibyte >= 20 and damaged <= 0.01 * multibyte:
        return lenient, f"utf-8 ({damaged} invalid bytes replaced)"
    # 8-bit: Windows-1258 or a legacy font encoding, whichever reads as more Vietnamese (scored on the first
    # 64 KB); bytes a code page leaves undefined are kept as their Latin-1 characters, so no byte is lost
    head = data[:65536]
    readers = {
        "windows-1258": lambda b: unicodedata.normalize("NFC", b.decode("cp1258", errors="latin1_fallback")),
        "tcvn3": _cp1252_surface, "vni": _cp1252_surface, "viscii": lambda b: b.decode("latin-1"),
    }
    scores = {name: _reads_as(read(head) if name == "windows-1258" else to_unicode(read(head), name))
              for name, read in readers.items()}
    best = max(scores, key=lambda name: scores[name])
    if scores[best] <= 0:
        best = "windows-1258"  # nothing reads as Vietnamese: the common Windows code page
    candidates = {best: (readers[best](data), scores[best])}
    return candidates[best][0], best


__all__ = ["FontEncodings", "convert_by_font", "decode_bytes", "detect_legacy", "to_unicode", "encoding_from_font", "is_caps_font",
           "fix_legacy_text", "ENCODINGS", "CHARMAP"]

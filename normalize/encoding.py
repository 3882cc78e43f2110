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

from normalize.syllable import has_vowel, is_syllable
from schemas import Repair

ENCODINGS = ("tcvn3", "vni", "viscii")

# VNI's breve+hook mark is byte 0xFA (`ú`), the row ắ=aé, ằ=aè, ẵ=aü, ặ=aë completes with ẳ=aú. viparse
# leaves ẳ out for want of a corpus occurrence; `khẳng định` is in every other report we read.
_VNI_EXTRA = [("aú", "ẳ"), ("AÚ", "Ẳ")]


def _charmaps() -> dict[str, Charmap]:
    maps = {name: CHARMAPS[name] for name in ENCODINGS}
    vni = maps["vni"]
    known = {source for source, _ in vni.pairs}
    maps["vni"] = build_charmap("vni", list(vni.pairs) + [p for p in _VNI_EXTRA if p[0] not in known])
    return maps


CHARMAP = _charmaps()
# every character that is part of some legacy sequence, per encoding
_SURFACE = {name: frozenset(ch for source, _ in cm.pairs for ch in source) for name, cm in CHARMAP.items()}

# `.VnTime` fonts in PDF text layers: U+2212 stands for ư (byte 0xAD), U+2219 for ã (byte 0xB7)
_PDF_SWAPS = {"\u2212": "\u00ad", "\u2219": "\u00b7"}
_TCVN3 = dict(CHARMAP["tcvn3"].pairs)
assert all(len(source) == 1 and len(letter) == 1 for source, letter in _TCVN3.items())
_TCVN3_UPPER = frozenset("\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7")  # Ă Â Ê Ô Ơ Ư Đ codes
_WORD = re.compile(r"[\p{L}\p{M}]+")
_TOKEN = re.compile(r"\S+")
_ABBREVIATION = re.compile(r"[A-Za-zĐđ]+")


# ---------------------------------------------------------------- fonts

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"(?:[-, ]?(?:bold|italic|oblique|regular|normal|condensed|narrow|black|light|mt|ps))+$",
                    re.I)


def encoding_from_font(fontname: str) -> Optional[str]:
    """The legacy encoding a font name implies: `.VnTime`, `VnTimeH`, `ABCDEF+.VnArial-Bold` → "tcvn3",
    `VNI-Times` → "vni", VISCII fonts → "viscii"; Unicode fonts → None."""
    name = _SUBSET.sub("", (fontname or "").strip()).lower()
    if not name:
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


_BOUNDARY = re.compile(r"\t| {3,}|[.:;!?](?=\s)")
_SENTENCE_START = re.compile(r"(?:[.!?]\s+|^\s*(?:[-+•*–]|\d+(?:\.\d+)*\.|[a-zđ]\)|[IVXLC]+\.)\s+)$")


def _restore_case(source: str, converted: str, caps: Optional[bool]) -> str:
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
    segment = [len(_BOUNDARY.findall(converted, 0, match.start())) for match in words]
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
        elif (source[match.start()] != word[0] and word[0].islower() and word.islower()
              and _SENTENCE_START.search(converted, 0, match.start())):
            word = word[0].upper() + word[1:]
        parts.append(word)
        pos = match.end()
    parts.append(converted[pos:])
    return "".join(parts)


def to_unicode(text: str, encoding: str, *, caps: Optional[bool] = None) -> str:
    """Convert a run known to be in `encoding` ("tcvn3", "vni", "viscii") to NFC Unicode.

    For TCVN3, all-caps words get their toned capitals back by evidence; `caps=True` says the run was set in
    a `.VnTimeH` capitals font (see `is_caps_font`), `caps=False` keeps the letters' stored case."""
    if encoding not in CHARMAP:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    if encoding == "tcvn3":
        swapped = _swap_pdf_glyphs(text)
        converted = "".join(_TCVN3.get(ch, ch) for ch in swapped)  # one byte per letter: stays aligned
        return unicodedata.normalize("NFC", _restore_case(swapped, converted, caps))
    # viparse applies the `.VnTime` glyph swaps to every table; outside TCVN3 they are real symbols
    held = {ch: chr(0xF8F0 + k) for k, ch in enumerate(_PDF_SWAPS) if ch in text}
    for ch, mark in held.items():
        text = text.replace(ch, mark)
    out = convert(text, CHARMAP[encoding])
    for ch, mark in held.items():
        out = out.replace(mark, ch)
    return out


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


def _line_votes(line: str) -> dict[str, list[tuple[int, int, str]]]:
    """Per encoding: (start, end, verdict) of each token of a line."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(line)]
    return {enc: [(s, e, _judge(t, enc)[0]) for s, e, t in tokens] for enc in ENCODINGS}


def detect_legacy(text: str) -> Optional[str]:
    """The legacy encoding a run of text is in ("tcvn3" / "vni" / "viscii"), or None when it reads as
    Unicode (or there is too little evidence to say)."""
    best, best_score = None, 0
    for enc in ENCODINGS:
        verdicts = [_judge(t, enc)[0] for t in _TOKEN.findall(text)]
        legacy, unicode_ = verdicts.count("L"), verdicts.count("U")
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
    lines = text.split("\n")
    votes = [_line_votes(line) for line in lines]
    totals = {enc: sum(1 for line in votes for _, _, v in line[enc] if v == "L") for enc in ENCODINGS}
    if not any(totals.values()):
        return text, [], None

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
    for k, (line, vote) in enumerate(zip(lines, votes)):
        if plans[k] is not None:
            continue
        above = next((p for p in reversed(plans[:k]) if p is not None), None)
        below = next((p for p in plans[k + 1:] if p is not None), None)
        near = [p[0] for p in (above, below) if p is not None]
        if near and len(set(near)) == 1 and (above is not None and below is not None):
            enc = near[0]
            if unicode_words[enc] > 0.05 * totals[enc]:
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
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


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
    # 8-bit: Windows-1258 or a legacy font encoding; whichever reads as more Vietnamese
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    candidates = {"windows-1258": (cp1258, _reads_as(cp1258))}
    surface = _cp1252_surface(data)
    latin1 = data.decode("latin-1")
    for enc in ENCODINGS:
        text = latin1 if enc == "viscii" else surface
        candidates[enc] = (text, _reads_as(to_unicode(text, enc)))
    best = max(candidates, key=lambda name: candidates[name][1])
    if candidates[best][1] <= 0 and best != "windows-1258":
        best = "windows-1258"  # nothing reads as Vietnamese: the common Windows code page, losing no byte
    return candidates[best][0], best

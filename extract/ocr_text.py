"""What Tesseract read, cleaned: slips fixed word by word (dust, lone letters standing for digits, the spaces it
drops, marks settled by the language model) and cell by cell (edge dust, and what only a known column can
settle: separators in STT, lookalikes in the value column, the row numbering the columns)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Optional, Sequence

import numpy as np
import regex as re

from baocao.extract.base import Word
from baocao.extract.ocr_lm import settle_cell


def _unknown_short(text: str) -> bool:
    core = "".join(ch for ch in text if ch.isalnum())
    if not core or len(core) > 3 or core.isdigit():
        return False
    from baocao.extract.ocr_lm import corrector

    fixer = corrector()
    return fixer is not None and core.lower() not in fixer.model.uni


def _fix_word(text: str) -> str:
    """Word-level OCR slips any reader would undo: a lone `l` is a 1 (no Vietnamese word is `l`), the Icelandic
    eth `Ð` Tesseract gives for its twin `Đ` (Vietnamese has no eth; `ÐĐ` is one Đ read twice), the narrow space
    Tesseract drops after a comma or colon (`quan,đơn`, `máy:05`), around `=` in a coded unit (`Có =1`) or after
    a code's figure (`0Có`), specks read as dots after a bullet's `+` or dash (`+...`: no text ends so), a
    question or exclamation mark after a word, braces."""
    if text == "l":
        return "1"
    text = _BULLET_DUST.sub(r"\1", text)
    text = _NEVER_AFTER_WORD.sub("", text).translate(_BRACES)
    text = text.translate(_ETH).replace("ĐĐ", "Đ")
    text = _COMMA_NUMBER.sub(r"\1 ", _COMMA_WORD.sub(r"\1 ", _parted_at_dot(_parted_after_figure(text))))
    return _CODE_EQ.sub(" = ", re.sub(r"^=(?=\d)", "= ", text)).strip()


_ETH = str.maketrans("Ðð", "Đđ")
# a report's tables ask nothing and exclaim nothing: `?`/`!` after a word is a speck or a mark's remains (`tra?`,
# `cáo!`); braces are no report's either: `}` is a `)` (`cáo}`)
_NEVER_AFTER_WORD = re.compile(r"(?<=\p{L}[.,;:)]?)[?!]+$")
_BRACES = str.maketrans("{}", "()")
_BULLET_DUST = re.compile(r"^([-–+])[.:,·]+$")
_DOT_GLUED = re.compile(r"^([^\W\d_]+)\.([^\W\d_]+)$")


_FIGURE_GLUED = re.compile(r"^(\d{1,3})(\p{Lu}\p{Ll}+)$")


def _parted_after_figure(text: str) -> str:
    """A code's figure glued to the next answer (`Không = 0Có = 1`): Tesseract dropped the space. Only where the
    rest is a syllable the model knows (`3G`, `2Km` stay)."""
    match = _FIGURE_GLUED.match(text)
    return f"{match.group(1)} {match.group(2)}" if match and _known_syllable(match.group(2)) else text


def _known_syllable(word: str) -> bool:
    """A Vietnamese syllable the shipped model knows (none without the model)."""
    from baocao.extract.ocr_lm import corrector
    from baocao.normalize.syllable import is_syllable

    fixer = corrector()
    return fixer is not None and word.lower() in fixer.model.uni and is_syllable(word.lower())


def _parted_at_dot(text: str) -> str:
    """Two syllables glued at a dot (`Đơn.vị`): a speck read as `.` where the space was (the next word starts
    small) or a sentence's end whose space Tesseract dropped (`xong.Tiếp`). Only where both sides are syllables
    the model knows: `gov.vn`, `v.v` stay."""
    match = _DOT_GLUED.match(text)
    if not match:
        return text
    left, right = match.groups()
    if not all(len(part) >= 2 and _known_syllable(part) for part in (left, right)):
        return text
    return f"{left} {right}" if right[0].islower() else f"{left}. {right}"


DASHES = ("-", "–", "—")  # a dash as OCR reads it (hyphen, en dash, em dash)


def _drop_dust(words: list[tuple[Word, tuple]], cells: Sequence[Optional[tuple]] = ()) -> list[tuple[Word, tuple]]:
    """Punctuation that is dust, judged by where it stands: a mark smaller than half a letter with no word
    touching it (`.`, `:`, `'` alone between words), a dash that ends a run of words (a bullet dash opens one;
    a dash alone in its ruled cell or on its line is the cell's `-`),
    the `.` / `:` dust glued to a small number (`0:` → `0`; a sentence's `2024.` keeps its dot), a dot after a
    word that a word in lower case follows on the line (`hành. chính`), and capitals or figures squashed flat
    (`R`, `HA`, `2` read from a tilted rule's remains: a capital or a digit stands a letter's full height)."""
    if not words:
        return words
    height = float(np.median([w.bottom - w.top for w, _ in words]))
    # `cells`: each word's ruled table cell, if any; a word alone in its cell is a cell's whole text
    held = Counter(cell for cell in cells if cell is not None)
    alone_in_cell = [cell is not None and held[cell] == 1 for cell in cells] or [False] * len(words)
    out = []
    for k, (w, key) in enumerate(words):
        text = w.text
        after = words[k + 1][0] if k + 1 < len(words) and words[k + 1][1] == key else None
        before = words[k - 1][0] if k and words[k - 1][1] == key else None
        alone = (after is None or after.x0 - w.x1 > 1.5 * height) and (before is None or w.x0 - before.x1 > 1.5 * height)
        letter_high = 0.7 * height <= w.bottom - w.top <= 1.4 * height
        if _squashed(w, height):
            continue
        if text == "|":
            # an STT `1` opening a table row (the indicator a few letters to its right), or a value `1` alone in
            # its cell; anything else is a rule's remains or dust, dropped once table cells had their say
            opens = before is None and after is not None and after.x0 - w.x1 <= 5 * height
            if letter_high and (opens or (alone and before is not None)):
                w = replace(w, text="1")
            out.append((w, key))
            continue
        if before is None and re.fullmatch(r"I{1,2}", text):
            # a section's roman STT: an `I` stroke with its serifs is about half a letter height wide, so a box
            # three strokes wide is `III` however many strokes Tesseract told apart
            strokes = round((w.x1 - w.x0) / (0.5 * (w.bottom - w.top)))
            if len(text) < strokes <= 3:
                w = replace(w, text="I" * strokes)
        if text in ZERO_LOOKALIKE and alone and before is not None and letter_high:
            # a lone round letter in a cell of its own, right of other cells: a value 0 (no word is a lone `O`)
            out.append((replace(w, text="0"), key))
            continue
        if not any(ch.isalnum() for ch in text) and text != "%":
            near_after = after is not None and after.x0 - w.x1 <= 1.5 * height
            near_before = before is not None and w.x0 - before.x1 <= 1.5 * height
            if text in DASHES:
                # a dash alone in its cell (or on its line), flat and a letter's width, is the cell's `-`; off
                # ruled tables, one read surely a column's gap from the words on its line is too (an STT's or a
                # value's dash; not wider than a letter or two: a rule's remains are longer, and read unsure)
                flat = w.x1 - w.x0 >= 0.2 * height and w.bottom - w.top <= 0.5 * height
                apart = not near_before and w.x1 - w.x0 <= 1.5 * height and (not cells or cells[k] is None) \
                    and (w.confidence or 0.0) >= SURE_DASH
                if not near_after and not (flat and (alone_in_cell[k] or apart or before is None and after is None)):
                    continue
            elif max(w.x1 - w.x0, w.bottom - w.top) < 0.5 * height and not (near_after and near_before):
                continue
        elif re.fullmatch(r"\d{1,3}[.:]", text) and not _numbers_item(w, after, height):
            w = replace(w, text=text[:-1])
        elif _SYLLABLE_DOT.match(text) and after is not None and after.x0 - w.x1 <= 1.5 * height \
                and after.text[:1].islower():
            w = replace(w, text=text[:-1])  # no sentence ends before a word in lower case: `hành. chính` is dust
        out.append((w, key))
    return out


def _numbers_item(w: Word, after: Optional[Word], height: float) -> bool:
    """`1.` a word's space before a word in capitals: an item of a numbered list (`1. Cải cách …: 03 2. Xây
    dựng …`, a text value), whose dot is the text's, not dust (a value's `12.` stands a column's gap away)."""
    return after is not None and after.x0 - w.x1 <= 0.6 * height and after.text[:1].isupper()


SURE_DASH = 0.5  # how sure a dash standing apart off ruled tables is read, to be a cell's (specks read ~0.2)
FLAT_CAPITAL = 0.4  # a capital or digit is at least this share of the page's median word height …
SURE_FLAT = 0.9  # … unless read this surely (a small raised footnote mark)


def _squashed(w: Word, height: float) -> bool:
    """A capital or a figure boxed far lower than the page's words, read unsure: no letter at all."""
    return bool(re.search(r"[\p{Lu}\d]", w.text)) and w.bottom - w.top < FLAT_CAPITAL * height \
        and w.confidence < SURE_FLAT


def code_digits(words: list[tuple[Word, tuple]]) -> list[tuple[Word, tuple]]:
    """The number after an `=` read as a letter of its shape (`= I`, `=l1`, `= Ì;`, `= Ô`): no word stands
    there, so it is the digit (a coded unit's `Có = 1; Không = 0`)."""
    out = []
    for k, (w, key) in enumerate(words):
        text = w.text
        after_sign = k and words[k - 1][1] == key and words[k - 1][0].text.endswith("=")
        sign, rest = ("= ", text[1:]) if text.startswith("=") and len(text) > 1 else ("", text)
        if sign or after_sign:
            digit = _CODE_ONE.match(rest) and "1" or _CODE_ZERO.match(rest) and "0"
            if digit:
                w = replace(w, text=sign + digit + rest[len(rest.rstrip(";,.")):])
        out.append((w, key))
    return out


_CODE_ONE = re.compile(r"^(?:[lI|ÌÍỊ!\]]1?|1[lI|!\]])[;,.]?$")
_CODE_ZERO = re.compile(r"^(?:[OoÔỞƠÓÒÕÖQ]|0[OoÔỞƠ])[;,.]?$")
_SYLLABLE_DOT = re.compile(r"^\p{L}*\p{Ll}\.$")  # a word in lower case with a dot after it (`hành.`, `Công.`)


def _settle_marks(words: list[tuple[Word, tuple]]) -> list[tuple[Word, tuple]]:
    """Tone/hat confusions fixed by the syllable model (extract/ocr_lm.py), one run of words at a time: a line,
    cut where a wide gap (a cell boundary) breaks the context."""
    from baocao.extract.ocr_lm import corrector

    fixer = corrector()
    if fixer is None or not words:
        return words
    runs: list[list[int]] = []
    for k, (w, key) in enumerate(words):
        if runs:
            prev, prev_key = words[runs[-1][-1]]
            if key == prev_key and w.x0 - prev.x1 <= 1.5 * (prev.bottom - prev.top):
                runs[-1].append(k)
                continue
        runs.append([k])
    out = list(words)
    for run in runs:
        fixed = fixer.correct(_case_slips([words[k][0].text for k in run]))
        for k, text in zip(run, fixed):
            w, key = words[k]
            if text != w.text:
                out[k] = (replace(w, text=text), key)
    return out


def _case_slips(texts: list[str]) -> list[str]:
    """A syllable with marks read in capitals among words in lower case (`SỐ lượng`, `Hồ SƠ`, `Đơn VỊ`): its
    capitals and small letters share their shapes (s, o, v, u and their marked forms), so Tesseract takes the case
    from the marks' height. It goes back to lower case (a run's first word keeps its capital). A word beside
    another in capitals is a title's; an acronym (`UBND`, `VI`) is no marked syllable."""
    from baocao.normalize.syllable import is_syllable

    def caps(text: str) -> bool:
        letters = [ch for ch in text if ch.isalpha()]
        return len(letters) >= 2 and all(ch.isupper() for ch in letters)

    out = list(texts)
    for k, text in enumerate(texts):
        core = text.strip(_WORD_EDGE)
        if not caps(core) or core.isascii() or not is_syllable(core.lower()):
            continue
        around = [texts[j] for j in (k - 1, k + 1) if 0 <= j < len(texts)]
        if any(caps(t) for t in around) or not any(ch.islower() for t in around for ch in t):
            continue
        low = core.lower() if k else core[0] + core[1:].lower()
        out[k] = text.replace(core, low, 1)
    return out


_WORD_EDGE = ".,;:()\"'“”…"


def _join_words(words: Sequence[Word], gap_sep: str = "   ") -> str:
    """Words of one visual line, left to right; a gap wider than ~2 letters' height marks a new cell."""
    words = sorted(words, key=lambda w: w.x0)
    height = float(np.median([w.bottom - w.top for w in words])) if words else 0.0
    out = ""
    for k, w in enumerate(words):
        if k:
            out += gap_sep if w.x0 - words[k - 1].x1 > 1.5 * height else " "
        out += w.text
    return out


def _visual_lines(words: list[Word]) -> list[list[Word]]:
    """Words of one cell (or region) grouped into lines by vertical overlap, top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        mid = (w.top + w.bottom) / 2
        if lines:
            last = lines[-1]
            top = np.median([v.top for v in last])
            bottom = np.median([v.bottom for v in last])
            if top <= mid <= bottom:
                last.append(w)
                continue
        lines.append([w])
    return lines


_BULLET = re.compile(r"^[-–+•]\s")
_NEVER_TEXT = "_~¬|`‘’“”•·'\"ˆ˜´"  # marks no report prints at a word's edge; Tesseract reads dust and rules so
_EDGE_PUNCT = re.compile(r"^[.:,;—–\-]+$")
_NUMBERISH = re.compile(r"^[\d.,%/=\s]+$")


def clean_cell(text: str) -> str:
    """Dust read as punctuation at a cell's edges goes (`0 .` → `0`, `- 0` → `0`, `Hồ sơ -` → `Hồ sơ`); a
    dash before words stays (it is the row's bullet)."""
    tokens = text.replace("\n", " \n ").split(" ")
    tokens = [t for t in tokens if t and t != "|"]
    while tokens and (_EDGE_PUNCT.match(tokens[-1]) or tokens[-1] == "\n"):
        tokens.pop()
    while tokens and (tokens[0] == "\n" or (_EDGE_PUNCT.match(tokens[0]) and not _bullet_before_words(tokens))):
        tokens.pop(0)
    return " ".join(tokens).replace(" \n ", "\n")


# Tesseract drops the narrow space after a comma or colon (`quan,đơn`, `VD:Ban`)
_COMMA_WORD = re.compile(r"([,;:])(?=[^\W\d_])")
# …also before a number that follows a word (`quý,6`, `máy:05`); a decimal comma stands between digits, left alone
_COMMA_NUMBER = re.compile(r"(?<=[^\W\d_])([,;:])(?=\d)")
_CODE_EQ = re.compile(r"(?<=[^\W\d_])\s*=\s*(?=\d)")  # `Có =1` → `Có = 1` (coded units)
# what Tesseract reads a lone `0` as
ZERO_LOOKALIKE = frozenset({"O", "o", "Ô", "Õ", "Ơ", "Ũ", "Ö", "U", "Q", "()"})


def _bullet_before_words(tokens: list[str]) -> bool:
    rest = " ".join(t for t in tokens[1:] if t != "\n")
    return tokens[0] in ("-", "–", "+") and bool(rest) and not _NUMBERISH.match(rest)


def cell_text(words: list[Word]) -> str:
    """A cell's words as text: wrapped lines joined by a space, a new bullet line (`- …`) by a newline. The marks
    of a wrapped cell are settled again over the whole cell: a line's last word and the next line's first are
    each other's context (`… 100% chỉ` / `thường xuyên` is `chi thường xuyên`)."""
    parts: list[str] = []
    lines = _visual_lines(words)
    for line in lines:
        text = _join_words(line, gap_sep=" ")
        if parts and _BULLET.match(text):
            parts.append("\n" + text)
        elif parts:
            parts.append(" " + text)
        else:
            parts.append(text)
    text = "".join(parts)
    return settle_cell(text) if len(lines) > 1 else text

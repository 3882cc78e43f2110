"""The repair stage: every line of a document made into correct NFC Vietnamese, each change recorded.

Order matters: legacy-font runs are converted first (they are whole-character substitutions), then lost glyphs
are filled (they need real Vietnamese around them to be solved)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex as re

from baocao.normalize.encoding import fix_legacy_text
from baocao.normalize.glyphs import GlyphSolution, apply_solution, repair_glyphs
from baocao.normalize.text import nfc
from baocao.schemas import Repair

log = logging.getLogger(__name__)


@dataclass
class RepairedText:
    lines: list[str]
    repairs: list[Repair] = field(default_factory=list)
    encoding: Optional[str] = None  # legacy encoding found inside the text
    lost: str = ""  # characters the fonts lost
    n_words: int = 0  # words repaired by glyph filling
    stages: list[str] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)  # private-use glyph → the letter it was solved as
    glyphs: Optional[GlyphSolution] = field(default=None, repr=False)  # the lost-glyph solution, for cells

    def summary(self) -> Optional[str]:
        kinds: dict[str, int] = {}
        for repair in self.repairs:
            kinds[repair.kind] = kinds.get(repair.kind, 0) + 1
        if not kinds:
            return None
        return "; ".join(f"{kind}: {count} lines" if kind != "glyph" else f"glyph: {self.n_words} words"
                         for kind, count in sorted(kinds.items()))


# pdfium marks a hyphen it judged to end a line with this noncharacter; tools built on it (pypdfium2's
# `get_text_range`) write it into the text they pull, with the line joined (`61/KH\ufffeUBND`)
PDFIUM_HYPHEN = "\ufffe"


def repair_lines(lines: Sequence[str]) -> RepairedText:
    """Repair a document's lines; the result has the same number of lines."""
    out = list(lines)
    result = RepairedText(lines=out)
    for k, line in enumerate(out):
        fixed = nfc(line)
        if fixed != line:
            result.repairs.append(Repair(line=k, kind="nfc", before=line, after=fixed))
            out[k] = fixed
        if PDFIUM_HYPHEN in fixed:
            out[k] = fixed.replace(PDFIUM_HYPHEN, "-")
            result.repairs.append(Repair(line=k, kind="hyphen", before=fixed, after=out[k]))
    _respace_codes(out, result.repairs)
    text, repairs, encoding = fix_legacy_text("\n".join(out))
    new = text.split("\n")
    if len(new) == len(out):
        out[:] = new
        result.repairs.extend(repairs)
        result.encoding = encoding
        result.stages.append("encoding")
    else:  # a converter must never move lines; keep the text as it was
        log.warning("legacy conversion changed the line count; skipped")
    glyphs = repair_glyphs(out)
    if len(glyphs.lines) == len(out):
        legend = dict(glyphs.legend)
        recased = recase_legend(legend, out)
        fixed = [_apply_case(before, after, legend, recased) for before, after in zip(out, glyphs.lines)]
        result.repairs.extend(r if fixed[r.line] == r.after else Repair(line=r.line, kind=r.kind, before=r.before,
                                                                      after=fixed[r.line])
                              for r in glyphs.repairs)
        out[:] = fixed
        result.lost = glyphs.lost
        result.n_words = glyphs.n_words
        result.legend = recased
        result.glyphs = glyphs.solution
        if glyphs.solution is not None:
            glyphs.solution.legend = recased
        result.stages.append("glyphs")
    result.lines = out
    return result


# a code standing alone on its cell's line (`Không = 0 Có` / `=1`): glued to its `=` or spaced; a code spaced
# inside a line (`Có = 1`)
_CODE_ALONE = re.compile(r"(?:^|(?<=\s\s))\s*=(?P<space>\s*)\d(?=\s\s|\s*$)")
_CODE_SPACED_INSIDE = re.compile(r"\S\s=\s+\d\b")


def _respace_codes(lines: list[str], repairs: list[Repair]) -> None:
    """A text puller that prints the codes of coded units spaced from their `=` inside a line (`Có = 1`) but
    glued to it where a code stands alone on a wrapped line (`=0`), and never spaced there, lost that space
    (`pdftotext -layout` does): the code is spaced as the document prints it. A document that glues its codes
    (`phát phiếu =1`) does so inside its lines too, and is kept as read."""
    alone = [m.group("space") for line in lines for m in _CODE_ALONE.finditer(line)]
    glued = alone.count("")
    if not glued or glued < len(alone) or len(_CODE_SPACED_INSIDE.findall("\n".join(lines))) < glued:
        return
    for k, line in enumerate(lines):
        fixed = _CODE_ALONE.sub(lambda m: m.group(0).replace("=", "= "), line)
        if fixed != line:
            repairs.append(Repair(line=k, kind="code_space", before=line, after=fixed))
            lines[k] = fixed


_CELL_START = re.compile(r"(?:^|\t|\s{2,}|[.:;=)]\s*|\d\s+)$")


def recase_legend(legend: dict[str, str], lines: Sequence[str]) -> dict[str, str]:
    """A font draws `Đ` and `đ` as two glyphs; when both lost their Unicode mapping the solver may read both as
    `đ`. Of two stand-ins read as the same letter, the one that opens cells and sentences (or stands before
    capitals) while the other follows lower-case words is the capital."""
    starts: dict[str, list[int]] = {ch: [0, 0] for ch in legend}
    for line in lines:
        for k, ch in enumerate(line):
            if ch not in starts:
                continue
            head, nxt = line[:k], line[k + 1:k + 2]
            opening = bool(_CELL_START.search(head)) or nxt.isupper()
            starts[ch][0 if opening else 1] += 1
    recased = dict(legend)
    by_letter: dict[str, list[str]] = {}
    for ch, letter in legend.items():
        by_letter.setdefault(letter, []).append(ch)
    for letter, chars in by_letter.items():
        if len(chars) < 2 or letter.upper() == letter:
            continue
        share = {ch: starts[ch][0] / max(1, sum(starts[ch])) for ch in chars}
        if min(share.values()) > 0.3:
            continue  # no stand-in plainly lower-case to set the others against
        for ch in chars:
            if share[ch] >= 0.6 and sum(starts[ch]) >= 1:
                recased[ch] = letter.upper()
    return recased


def _apply_case(before: str, after: str, legend: dict[str, str], recased: dict[str, str]) -> str:
    """Give a repaired line the capitals `recase_legend` found, where the stand-ins sit at the same places."""
    if len(before) != len(after) or not any(recased[ch] != legend[ch] for ch in legend if ch in before):
        return after
    return "".join(recased[b] if b in recased and recased[b] != legend[b] and a == legend[b] else a
                   for b, a in zip(before, after))


def repair_cells(cells: list[str], like: RepairedText) -> list[str]:
    """Cell texts of a document whose lines were repaired as `like`: the same NFC, legacy-encoding conversion and
    lost-glyph solution (a cell is too short to learn them alone). Same number of cells, in order."""
    out = [nfc(cell) if cell else cell for cell in cells]
    if like.encoding:
        # cells may hold line breaks: convert all of them at once, then split them back by their line counts
        sizes = [cell.count("\n") + 1 if cell else 0 for cell in out]
        joined = "\n".join(cell for cell in out if cell)
        text, _, _ = fix_legacy_text(joined)
        lines = text.split("\n")
        if len(lines) == sum(sizes):
            k = 0
            for i, size in enumerate(sizes):
                if size:
                    out[i] = "\n".join(lines[k:k + size])
                    k += size
    if like.glyphs is not None:
        for i, cell in enumerate(out):
            if cell:
                out[i] = "\n".join(apply_solution(cell.split("\n"), like.glyphs))
    return out

"""The repair stage: every line of a document made into correct NFC Vietnamese, each change recorded.

Order matters: legacy-font runs are converted first (they are whole-character substitutions), then lost glyphs
are filled (they need real Vietnamese around them to be solved)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Optional, Sequence

from normalize.text import nfc
from schemas import Repair

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

    def summary(self) -> Optional[str]:
        kinds: dict[str, int] = {}
        for repair in self.repairs:
            kinds[repair.kind] = kinds.get(repair.kind, 0) + 1
        if not kinds:
            return None
        return "; ".join(f"{kind}: {count} lines" if kind != "glyph" else f"glyph: {self.n_words} words"
                         for kind, count in sorted(kinds.items()))


def repair_lines(lines: Sequence[str]) -> RepairedText:
    """Repair a document's lines; the result has the same number of lines."""
    out = list(lines)
    result = RepairedText(lines=out)
    for k, line in enumerate(out):
        fixed = nfc(line)
        if fixed != line:
            result.repairs.append(Repair(line=k, kind="nfc", before=line, after=fixed))
            out[k] = fixed
    try:
        from normalize.encoding import fix_legacy_text
    except ImportError:
        fix_legacy_text = None
    if fix_legacy_text is not None:
        text, repairs, encoding = fix_legacy_text("\n".join(out))
        new = text.split("\n")
        if len(new) == len(out):
            out[:] = new
            result.repairs.extend(repairs)
            result.encoding = encoding
            result.stages.append("encoding")
        else:  # a converter must never move lines; keep the text as it was
            log.warning("legacy conversion changed the line count; skipped")
    try:
        from normalize.glyphs import repair_glyphs
    except ImportError:
        repair_glyphs = None
    if repair_glyphs is not None:
        glyphs = repair_glyphs(out)
        if len(glyphs.lines) == len(out):
            out[:] = glyphs.lines
            result.repairs.extend(glyphs.repairs)
            result.lost = glyphs.lost
            result.n_words = glyphs.n_words
            result.legend = dict(getattr(glyphs, "legend", {}) or {})
            result.stages.append("glyphs")
    result.lines = out
    return result

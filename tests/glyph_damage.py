"""Lost-glyph damage for the test corpus, and the word-level score of a repair.

Damage as broken PDF fonts do it: every occurrence of each chosen character becomes one space (or, for fonts that
lost their ToUnicode entries, one private-use character per character), with a separate choice for heading runs
(upper-case lines), where letters and punctuation go too."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional, Sequence

import regex as re

# Letters a broken body font tends to lose: the rarer precomposed vowels (each glyph is its own subset entry).
BODY_POOL = "ơớụọữắýờợưởổồộềệểấầậảạẩẫằặẳẵíìịỉúùủứừửựóòỏốồổớờởéèẻẹếềểễ"
HEADING_POOL = "aonhkđô,.RÀẠỰ"
_WORD = re.compile(r"\S+")


def is_heading(line: str) -> bool:
    """Upper-case line (a bold heading run in the reports): most of its letters are capitals."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def damage(lines: Sequence[str], body_lost: str, heading_lost: str = "", pua: bool = False) -> list[str]:
    """Every char of `body_lost` (and, in heading lines, of `heading_lost`) replaced by a space, or by a
    private-use char per (run, char) when `pua`."""
    out = []
    codes: dict[tuple[bool, str], str] = {}
    for line in lines:
        heading = is_heading(line)
        lost = set(body_lost) | (set(heading_lost) if heading else set())
        chars = []
        for ch in line:
            if ch in lost:
                if pua:
                    key = (heading, ch)
                    codes.setdefault(key, chr(0xE000 + len(codes)))
                    chars.append(codes[key])
                else:
                    chars.append(" ")
            else:
                chars.append(ch)
        out.append("".join(chars))
    return out


def random_loss(seed: int, n_body: int = 7, n_heading: int = 4) -> tuple[str, str]:
    rng = random.Random(seed)
    body = "".join(rng.sample(sorted(set(BODY_POOL)), n_body))
    heading = "".join(rng.sample(sorted(set(HEADING_POOL) - set(body)), n_heading))
    return body, heading


@dataclass
class Score:
    damaged: int = 0
    exact: int = 0
    undamaged: int = 0
    changed: int = 0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.damaged if self.damaged else 1.0

    @property
    def changed_rate(self) -> float:
        return self.changed / self.undamaged if self.undamaged else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.damaged + other.damaged, self.exact + other.exact,
                     self.undamaged + other.undamaged, self.changed + other.changed)

    def __str__(self) -> str:
        return (f"damaged words {self.damaged}: {100 * self.exact_rate:.1f}% repaired exactly; "
                f"undamaged words {self.undamaged}: {100 * self.changed_rate:.2f}% changed")


def score(damaged: Sequence[str], expected: Sequence[str], output: Sequence[str],
          missing: Optional[list] = None) -> Score:
    """Words (whitespace tokens of the expected line) counted line by line: a word is damaged when the damaged
    line differs inside it; it is right when the output has exactly its characters and the spaces around it.
    Lost glyphs are one char each, so expected and damaged lines have the same length."""
    total = Score()
    for k, (dam, exp, out) in enumerate(zip(damaged, expected, output)):
        for m in _WORD.finditer(exp):
            s, e = m.span()
            hurt = dam[s:e] != exp[s:e] or len(dam) != len(exp)
            right = (len(out) == len(exp) and out[s:e] == exp[s:e]
                     and (s == 0 or out[s - 1] == exp[s - 1]) and (e == len(exp) or out[e] == exp[e]))
            if hurt:
                total.damaged += 1
                total.exact += right
                if not right and missing is not None:
                    missing.append((k, exp[s:e], out[s:e] if len(out) == len(exp) else out))
            else:
                total.undamaged += 1
                total.changed += not right
                if not right and missing is not None:
                    missing.append((k, exp[s:e], "CHANGED " + (out[s:e] if len(out) == len(exp) else out)))
    return total

"""Geometry shared by the readers that place words on a page (PDF text layers, OCR)."""
from __future__ import annotations

from typing import Sequence

FLAT = 0.1  # pt: the least height a word is taken to have (a dash OCR boxed half a point high is one)


def visual_lines(words: Sequence) -> list[list]:
    """Words (anything with x0, x1, top, bottom) grouped into visual lines, top to bottom, each left to right.
    Two words share a line when their vertical extents overlap by more than half the smaller height, and not
    when one stands over the other: a line's band grows with its words, and two header rows set close (`Số liệu
    thống kê` over `ĐVT  Kết quả`) would otherwise chain into one line whose words interleave."""
    lines: list[list] = []
    bands: list[tuple[float, float]] = []
    ends: list[float] = []  # the right end of each line's words so far: a word right of it stands over none
    for word in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        word_top, word_bottom = word.top, word.bottom
        height = max(word_bottom - word_top, FLAT)
        # the last three lines only (a word lies on a recent one); min/max written out: this runs per word
        for k in range(len(bands) - 1, max(-1, len(bands) - 4), -1):
            top, bottom = bands[k]
            overlap = (bottom if bottom < word_bottom else word_bottom) - (top if top > word_top else word_top)
            if overlap > 0.5 * (height if height < bottom - top else bottom - top) \
                    and (word.x0 >= ends[k] or not any(_stacked(word, other) for other in lines[k])):
                lines[k].append(word)
                bands[k] = (top if top < word_top else word_top, bottom if bottom > word_bottom else word_bottom)
                ends[k] = ends[k] if ends[k] > word.x1 else word.x1
                break
        else:
            lines.append([word])
            bands.append((word_top, word_bottom))
            ends.append(word.x1)
    for line in lines:
        line.sort(key=lambda w: w.x0)
    order = sorted(range(len(lines)), key=lambda k: bands[k][0])
    return [lines[k] for k in order]


def _stacked(a, b) -> bool:
    """Word a stands over or under word b: two words of a size (not a speck or a mark beside a word), most of
    the narrower's width shared, their middles a third of a height or more apart (an overprinted copy, in the
    same place, is not stacked)."""
    shared = min(a.x1, b.x1) - max(a.x0, b.x0)
    if shared <= 0.5 * min(a.x1 - a.x0, b.x1 - b.x0):
        return False
    low, high = sorted((a.bottom - a.top, b.bottom - b.top))
    return low >= 0.6 * high and abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 >= low / 3

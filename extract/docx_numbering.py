"""Word's automatic numbering: the `1.`, `2.1.`, `II.`, `-` that Word draws in front of a paragraph but does not store
in its text. A table's STT column is often numbered this way, so without it the STT cells would read empty."""
from __future__ import annotations

from typing import Optional

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(element, path: str) -> Optional[str]:
    found = element.find(path) if element is not None else None
    return found.get(_W + "val") if found is not None else None


def _int(text: Optional[str], default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def roman(n: int) -> str:
    """`3` → `III`, `14` → `XIV`."""
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word: a..z, then aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """Counts list paragraphs in document order and gives each its label."""

    def __init__(self, numbering_xml=None, styles_xml=None):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract id → level → (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # num id → (abstract id, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph style → (num id, level)
        self.counters: dict[str, list[Optional[int]]] = {}  # None: the level has not started
        self.restarted: set[str] = set()
        if numbering_xml is not None:
            self._read_numbering(numbering_xml)
        if styles_xml is not None:
            self._read_styles(styles_xml)

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(_W + "lvl"):
                ilvl = _int(lvl.get(_W + "ilvl"), 0)
                fmt = _val(lvl, _W + "numFmt") or "decimal"
                if lvl.find(_W + "isLgl") is not None and fmt != "bullet":
                    fmt = "decimal"
                levels[ilvl] = (fmt, _val(lvl, _W + "lvlText") or "", _int(_val(lvl, _W + "start"), 1))
            self.levels[abstract.get(_W + "abstractNumId")] = levels
        for num in root.iter(_W + "num"):
            overrides = {}
            for override in num.findall(_W + "lvlOverride"):
                start = _val(override, _W + "startOverride")
                if start is not None:
                    overrides[_int(override.get(_W + "ilvl"), 0)] = _int(start, 1)
            self.nums[num.get(_W + "numId")] = (_val(num, _W + "abstractNumId") or "", overrides)

    def _read_styles(self, root) -> None:
        based: dict[str, str] = {}
        direct: dict[str, tuple[Optional[str], int]] = {}
        for style in root.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            parent = _val(style, _W + "basedOn")
            if parent:
                based[sid] = parent
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                direct[sid] = (_val(num_pr, _W + "numId"), _int(_val(num_pr, _W + "ilvl"), 0))
        for sid in set(based) | set(direct):
            seen, current = 0, sid
            while current and current not in direct and seen < 10:
                current, seen = based.get(current), seen + 1
            if current in direct and direct[current][0]:
                self.style_num[sid] = (direct[current][0], direct[current][1])

    def label(self, p) -> str:
        """The label Word draws before paragraph `p` ("" when it is not a list paragraph); advances the count."""
        ppr = p.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id: Optional[str] = None
        ilvl = 0
        style = _val(ppr, _W + "pStyle") if ppr is not None else None
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if num_pr is not None:
            num_id = _val(num_pr, _W + "numId") or num_id
            ilvl = _int(_val(num_pr, _W + "ilvl"), ilvl)
        if not num_id or num_id == "0" or num_id not in self.nums or not 0 <= ilvl < 9:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.restarted and overrides:
            self.restarted.add(num_id)  # `restart numbering`: a new list instance with its own start
            for level, start in overrides.items():
                if 0 <= level < 9:
                    counters[level] = start - 1
                    for deeper in range(level + 1, 9):
                        counters[deeper] = None
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-"  # a bullet in an indicator cell marks a dash row, whatever glyph draws it
        if fmt == "none":
            return text if "%" not in text else ""
        current = counters[ilvl]
        counters[ilvl] = current + 1 if current is not None else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        label = text
        for level in range(ilvl, -1, -1):
            lvl_fmt, _, start = levels.get(level, ("decimal", "", 1))
            value = counters[level] if counters[level] is not None else start
            label = label.replace(f"%{level + 1}", format_number(value, lvl_fmt))
        return label.strip()

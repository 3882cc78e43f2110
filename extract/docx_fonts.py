"""Which font a Word run is set in, through direct formatting, character and paragraph styles and the document
defaults: a run in `.VnTime` / `VNI-Times` holds legacy-encoded bytes that only the font name identifies reliably."""
from __future__ import annotations

from typing import Optional

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _font_of(rpr) -> Optional[str]:
    fonts = rpr.find(_W + "rFonts") if rpr is not None else None
    if fonts is None:
        return None
    # Vietnamese letters of a legacy code page sit in the high-ANSI range: Word draws them with `hAnsi`
    return fonts.get(_W + "hAnsi") or fonts.get(_W + "ascii") or fonts.get(_W + "cs")


class Fonts:
    def __init__(self, styles_xml=None):
        self.default: Optional[str] = None
        self.default_paragraph_style: Optional[str] = None
        self.style_font: dict[str, Optional[str]] = {}
        if styles_xml is not None:
            self._read(styles_xml)

    def _read(self, root) -> None:
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default = _font_of(defaults)
        own: dict[str, Optional[str]] = {}
        based: dict[str, str] = {}
        for style in root.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            if not sid:
                continue
            own[sid] = _font_of(style.find(_W + "rPr"))
            parent = style.find(_W + "basedOn")
            if parent is not None and parent.get(_W + "val"):
                based[sid] = parent.get(_W + "val")
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true"):
                self.default_paragraph_style = sid
        for sid in own:
            current, depth = sid, 0
            while current is not None and own.get(current) is None and depth < 10:
                current, depth = based.get(current), depth + 1
            self.style_font[sid] = own.get(current) if current is not None else None

    @property
    def any_named(self) -> set[str]:
        return {f for f in (self.default, *self.style_font.values()) if f}

    def paragraph_font(self, p) -> Optional[str]:
        style = p.find(f"{_W}pPr/{_W}pStyle")
        sid = style.get(_W + "val") if style is not None else self.default_paragraph_style
        return self.style_font.get(sid) if sid else None

    def run_font(self, run, paragraph_font: Optional[str]) -> Optional[str]:
        rpr = run.find(_W + "rPr")
        direct = _font_of(rpr)
        if direct:
            return direct
        style = rpr.find(_W + "rStyle") if rpr is not None else None
        if style is not None and self.style_font.get(style.get(_W + "val")):
            return self.style_font[style.get(_W + "val")]
        return paragraph_font or self.default

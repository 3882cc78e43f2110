"""A PDF page's coordinate frame as pdfplumber uses it: points, origin at the top left of the (rotated) page.

pdfminer first turns PDF user space by the page's /Rotate and moves the MediaBox corner to the origin; pdfplumber
then flips y and adds back the MediaBox offset it keeps (the arithmetic is theirs, quirks included, so boxes read
from elsewhere land where pdfplumber puts them)."""
from __future__ import annotations

from dataclasses import dataclass

Matrix = tuple[float, float, float, float, float, float]


def multiply(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 applied first, then m0 (the PDF order: a point's matrix times its parent's)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a1 * a0 + b1 * c0, a1 * b0 + b1 * d0,
            c1 * a0 + d1 * c0, c1 * b0 + d1 * d0,
            e1 * a0 + f1 * c0 + e0, e1 * b0 + f1 * d0 + f0)


@dataclass(frozen=True)
class PageFrame:
    ctm: Matrix  # user space → pdfminer's rotated page space
    width: float
    height: float
    x_offset: float  # pdfplumber's MediaBox x0, added to every x
    top_offset: float  # pdfplumber's MediaBox top, added to every top
    doctop: float = 0.0  # the page's top in the whole document (sum of the heights of the pages before)

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int, doctop: float = 0.0) -> "PageFrame":
        """`mediabox` as (x0, y0, x1, y1) in user space; `rotation` in degrees clockwise."""
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        rotation %= 360
        if rotation == 90:
            ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        if rotation in (90, 270):
            left, bottom, right, top = y0, x0, y1, x1
        else:
            left, bottom, right, top = x0, y0, x1, y1
        height = top - bottom
        # pdfplumber's MediaBox flipped against its own height: its top is minus the bottom
        return cls(ctm, right - left, height, left, height - top, doctop)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point of rotated page space → (x, top)."""
        return x + self.x_offset, self.height - y + self.top_offset

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A box of rotated page space (y up) → (x0, top, x1, bottom)."""
        return x0 + self.x_offset, self.height - y1 + self.top_offset, x1 + self.x_offset, \
            self.height - y0 + self.top_offset

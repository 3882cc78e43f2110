"""Lines placed on a page, for the tests that read placed words (a PDF's or a scan's) without a file."""
from baocao.schemas.document import Line, Span


def placed_line(page: int, top: float, *cells: tuple[float, str]) -> Line:
    """A line of a page: (x, text) cells, each word 6 pt a letter wide, words a space apart."""
    spans = []
    for x, text in cells:
        for word in text.split():
            spans.append(Span(word, x, x + 6 * len(word), top, top + 12))
            x += 6 * len(word) + 4
    return Line(spans, page)

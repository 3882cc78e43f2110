"""A PDF page's drawn lines and images from pdfium, as pdfplumber's edges and image boxes; and the ruled tables'
cells found from those edges by pdfplumber's own table finder, without pdfplumber parsing the page.

Each path is cut into subpaths and sorted into line / rect / curve by the rules pdfminer applies to the path
operators (a lone segment is a line, a closed axis-parallel quadrilateral a rect, anything else a curve), so the
edges pdfplumber derives from them (`line_to_edge`, `rect_to_edges`, `curve_to_edges`, used here as they are)
are the ones `page.edges` holds. pdfium gives a path's points in its own space, with `re` spelt as five points
(the last one closing), and a closing `h` as a closing flag on the last point (plus that point when the path did
not end where it started)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Iterable, Optional

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import curve_to_edges, line_to_edge, obj_to_bbox, rect_to_edges

from baocao.extract import pdfium_c as c
from baocao.extract.pdf_frame import Matrix, PageFrame, multiply

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_SEGMENT_OP = {c.SEGMENT_MOVETO: "m", c.SEGMENT_LINETO: "l", c.SEGMENT_BEZIERTO: "c"}


@dataclass
class Drawing:
    """What a page draws besides text, in pdfplumber's terms."""

    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom

    @property
    def edges(self) -> list[dict]:
        """pdfplumber's `page.edges`: line edges, then rect edges, then curve edges."""
        edges = [line_to_edge(line) for line in self.lines]
        for rect in self.rects:
            edges.extend(rect_to_edges(rect))
        for curve in self.curves:
            edges.extend(curve_to_edges(curve))
        return edges


def _segments(path: int) -> list[tuple[str, float, float, bool]]:
    """(operator, x, y, closes) of each point, in the path's own space, as the PDF wrote them; a Bézier's three
    points become one `c` whose point is the last."""
    out = []
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    pending_curve = 0
    for k in range(c.count_segments(path)):
        segment = c.path_segment(path, k)
        op = _SEGMENT_OP.get(c.segment_type(segment))
        if op is None or not c.segment_point(segment, px, py):
            continue
        closes = bool(c.segment_close(segment))
        if op == "c":
            pending_curve += 1
            if pending_curve < 3 and not closes:
                continue  # a control point
            pending_curve = 0
        else:
            pending_curve = 0
        out.append((op, x.value, y.value, closes))
    xs, ys = c.written_all([p[1] for p in out]), c.written_all([p[2] for p in out])
    return [(op, x, y, closes) for (op, _, _, closes), x, y in zip(out, xs, ys)]


def _subpaths(points: list[tuple[str, float, float, bool]]) -> Iterable[tuple[str, list[tuple[float, float]]]]:
    """(shape, end points) per subpath, as pdfminer's paint_path sees them: `h` stands for the subpath's start."""
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    for op, x, y, closes in points:
        if op == "m" and shape:
            yield "".join(shape), pts
            shape, pts = [], []
        shape.append(op)
        pts.append((x, y))
        if closes:
            shape.append("h")
            pts.append(pts[0])
    if shape:
        yield "".join(shape), pts


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


class _Collector:
    def __init__(self, frame: PageFrame) -> None:
        self.frame = frame
        self.drawing = Drawing()

    def _bounded(self, kind: str, corners: list[tuple[float, float]], **extra) -> dict:
        xs = [p[0] for p in corners]
        ys = [p[1] for p in corners]
        x0, top, x1, bottom = self.frame.box(min(xs), min(ys), max(xs), max(ys))
        obj = {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
               "doctop": self.frame.doctop + top, "y0": min(ys), "y1": max(ys),
               "width": x1 - x0, "height": bottom - top}
        obj.update(extra)
        return obj

    def path(self, shape: str, pts: list[tuple[float, float]]) -> None:
        if not shape.startswith("m") or "m" in shape[1:]:
            return  # not a subpath pdfminer paints (it splits at every `m` before this)
        if len(shape) > 3 and shape.endswith("lh") and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"  # a closing line back to the start and the `h` are one closing
            pts = pts[:-1]
        if shape in ("ml", "mlh"):
            self.drawing.lines.append(self._bounded("line", pts[:2], pts=self._points(pts[:2])))
            return
        if shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts
            if pts[0] == last and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                   or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
                self.drawing.rects.append(self._bounded("rect", [pts[0], pts[2]]))
                return
        self.drawing.curves.append(self._bounded("curve", pts, pts=self._points(pts)))

    def _points(self, pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [self.frame.point(x, y) for x, y in pts]

    def image(self, m: Matrix) -> None:
        corners = [_apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs = [p[0] for p in corners]
        ys = [p[1] for p in corners]
        self.drawing.images.append(self.frame.box(min(xs), min(ys), max(xs), max(ys)))


def read_drawing(objects: list[tuple[int, int, Matrix]], frame: PageFrame) -> Drawing:
    """The lines, rects, curves and images among a page's objects (`pdfium_c.page_objects`)."""
    collector = _Collector(frame)
    for obj, kind, parent in objects:
        if kind == c.OBJECT_PATH:
            m = multiply(multiply(c.object_matrix_of(obj), parent), frame.ctm)
            for shape, pts in _subpaths(_segments(obj)):
                collector.path(shape, [_apply(m, x, y) for x, y in pts])
        elif kind == c.OBJECT_IMAGE:
            collector.image(multiply(multiply(c.object_matrix_of(obj), parent), frame.ctm))
    return collector.drawing


@dataclass(frozen=True)
class RuledTable:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    cells: list[tuple[float, float, float, float]]  # as pdfplumber's Table.cells


class _EdgeSource:
    """The part of a pdfplumber Page that TableFinder reads for the line strategies."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]) -> None:
        self.edges = edges
        self.bbox = bbox


# the strategies that read only edges (and explicit lines); `text` would need pdfplumber's words of another split
_EDGE_STRATEGIES = ("lines", "lines_strict", "explicit")


def find_table_cells(edges: list[dict], bbox: tuple[float, float, float, float],
                     settings: Optional[dict] = None) -> list[RuledTable]:
    """The tables pdfplumber's `page.find_tables(settings)` finds (default: ruling lines both ways), from edges
    read elsewhere; `bbox` is the page's (x0, top, x1, bottom). Only the strategies that read lines."""
    resolved = TableSettings.resolve(settings or RULED)
    if resolved.vertical_strategy not in _EDGE_STRATEGIES or resolved.horizontal_strategy not in _EDGE_STRATEGIES:
        raise ValueError(f"only the lines / explicit table strategies read edges alone, not {settings}")
    finder = _TableFinder(_EdgeSource(edges, bbox), resolved)
    return [RuledTable(tuple(table.bbox), list(table.cells)) for table in finder.tables]


class _TableFinder(TableFinder):
    """pdfplumber's TableFinder, its steps in its order, with the cells found from the crossings by `_cells`."""

    def __init__(self, page: _EdgeSource, settings: TableSettings) -> None:
        self.page = page
        self.settings = settings
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(self.edges, settings.intersection_x_tolerance,
                                                    settings.intersection_y_tolerance)
        self.cells = _cells(self.intersections)
        self.tables = [Table(page, group) for group in cells_to_tables(self.cells)]


def _cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's `intersections_to_cells`, the same cells in the same order: from each crossing (in x, then y
    order), the first crossing below it and the first to its right (nearest first) that the ruling joins to it and
    to a fourth crossing make its cell. pdfplumber's own rebuilds each crossing's set of edge boxes at every
    comparison and scans every later crossing for each (quadratic in a ruled page's crossings): a third of reading
    a ruled page."""
    vertical = {p: {obj_to_bbox(e) for e in edges["v"]} for p, edges in intersections.items()}
    horizontal = {p: {obj_to_bbox(e) for e in edges["h"]} for p, edges in intersections.items()}
    points = sorted(intersections)
    columns: dict[float, list] = {}  # x → its crossings top to bottom
    rows: dict[float, list] = {}  # top → its crossings left to right
    for point in points:
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    cells = []
    for point in points:
        column, row = columns[point[0]], rows[point[1]]
        below = column[column.index(point) + 1:]
        right = row[row.index(point) + 1:]
        cell = next(((point[0], point[1], across[0], down[1]) for down in below
                     if not vertical[point].isdisjoint(vertical[down])
                     for across in right if not horizontal[point].isdisjoint(horizontal[across])
                     and (across[0], down[1]) in intersections
                     and not vertical[(across[0], down[1])].isdisjoint(vertical[across])
                     and not horizontal[(across[0], down[1])].isdisjoint(horizontal[down])), None)
        if cell is not None:
            cells.append(cell)
    return cells

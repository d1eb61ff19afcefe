"""Ruled tables of a PDF page, as pdfplumber finds and reads them, with less work.

The loader must read a report in no more time than plain pdfplumber takes (issue 8), and two of
pdfplumber's table steps compare everything with everything: finding cells compares every ruling
intersection with every later one, reading cells tests every character of the page against every
row. Here both look things up in sorted lists instead; the results are pdfplumber's, cell for cell
(tests/test_pdf_source.py compares them on every table of the samples and the corpus).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from operator import itemgetter

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables

from .page_lines import text
from .table_edges import merged_edges


_BOX = itemgetter("x0", "top", "x1", "bottom")  # pdfplumber's obj_to_bbox


def find_tables(page) -> list[Table]:
    """page.find_tables() with pdfplumber's default settings."""
    return _TableFinder(page).tables


class _TableFinder(TableFinder):
    """pdfplumber's TableFinder, its steps in its order, with table_edges for get_edges, _intersections
    for edges_to_intersections and _cells for intersections_to_cells."""

    def __init__(self, page) -> None:  # not super().__init__(): that finds the cells the slow way
        self.page = page
        self.settings = TableSettings.resolve(None)
        self.edges = merged_edges(page)
        self.intersections = _intersections(self.edges, self.settings.intersection_x_tolerance,
                                            self.settings.intersection_y_tolerance)
        self.cells = _cells(self.intersections)
        self.tables = [Table(page, group) for group in cells_to_tables(self.cells)]


def _intersections(edges: list[dict], x_tolerance: float, y_tolerance: float) -> dict:
    """pdfplumber's edges_to_intersections, the horizontal edges sorted once (not once for each
    vertical edge): each point where a vertical edge meets a horizontal one, within the tolerances,
    with the edges that meet there, in the same order."""
    across = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    points: dict = {}
    for v in sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top")):
        x, top, bottom = v["x0"], v["top"], v["bottom"]
        for h in across:
            if top <= h["top"] + y_tolerance and bottom >= h["top"] - y_tolerance and \
                    h["x0"] - x_tolerance <= x <= h["x1"] + x_tolerance:
                meeting = points.setdefault((x, h["top"]), {"v": [], "h": []})
                meeting["v"].append(v)
                meeting["h"].append(h)
    return points


def _cells(intersections: dict) -> list[tuple]:
    """pdfplumber's intersections_to_cells: for each point, in sorted order, the smallest cell it is
    the top left corner of, trying the points below it from the nearest and, for each, the points
    to its right from the nearest. Those points are the ones on the point's own edges (each edge
    knows its points), instead of every later point tested for a shared edge."""
    points = sorted(intersections)
    v_edges = {p: set(map(_BOX, intersections[p]["v"])) for p in points}
    h_edges = {p: set(map(_BOX, intersections[p]["h"])) for p in points}
    on_edge = defaultdict(list)  # an edge's box → the points on it, in sorted order
    for p in points:
        for edge in v_edges[p] | h_edges[p]:
            on_edge[edge].append(p)

    def connects(a: tuple, b: tuple) -> bool:
        """An edge runs from a to b: they share a vertical edge (one column) or a horizontal one (one row)."""
        return (a[0] == b[0] and not v_edges[a].isdisjoint(v_edges[b])) or \
            (a[1] == b[1] and not h_edges[a].isdisjoint(h_edges[b]))

    def after(pt: tuple, edges: set) -> list[tuple]:
        """The points after pt on its edges (below it on a vertical one, right of it on a horizontal
        one), nearest first."""
        if len(edges) == 1:  # most points: the rest of the edge's own list
            points = on_edge[next(iter(edges))]
            return points[bisect_right(points, pt):]
        return sorted({q for edge in edges for q in on_edge[edge] if q > pt})

    cells = []
    for pt in points:
        below, right = after(pt, v_edges[pt]), after(pt, h_edges[pt])
        cell = next(((pt[0], pt[1], r[0], b[1]) for b in below for r in right
                     if (r[0], b[1]) in intersections and connects((r[0], b[1]), r) and connects((r[0], b[1]), b)),
                    None)
        if cell:
            cells.append(cell)
    return cells


def by_height(chars: list[dict]) -> tuple[list[tuple], list[float]]:
    """A page's characters as (vertical middle, index in the page, horizontal middle, char) by
    height, and their vertical middles: what cell_text looks a row's characters up in (once for
    all the tables of a page)."""
    placed = sorted((((c["top"] + c["bottom"]) / 2, i, (c["x0"] + c["x1"]) / 2, c) for i, c in enumerate(chars)),
                    key=itemgetter(0, 1))
    return placed, [v for v, *_ in placed]


def cell_text(table: Table, placed: tuple[list[tuple], list[float]] | None = None) -> list[list[str | None]]:
    """table.extract(), cell for cell, finding each row's characters and then each cell's by
    bisection; placed is by_height(the page's characters).

    pdfplumber tests every character of the page against every row, about 7 % of reading a report.
    The test is the same: a character is in a cell when its middle is, the cell's left and top
    edges included; a cell's characters keep their order in the page."""
    chars, mids = placed or by_height(table.page.chars)
    out = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        # the row's characters (h, index, v, char) from left to right
        row_chars = sorted((h, i, v, c) for v, i, h, c in chars[bisect_left(mids, top):bisect_left(mids, bottom)]
                           if x0 <= h < x1)
        across = [h for h, *_ in row_chars]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            left, upper, right, lower = cell
            inside = sorted((i, c) for _, i, v, c in row_chars[bisect_left(across, left):bisect_left(across, right)]
                            if upper <= v < lower)
            cells.append(text([c for _, c in inside]))
        out.append(cells)
    return out

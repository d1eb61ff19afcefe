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

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

from .page_lines import text
from .table_edges import merged_edges


def find_tables(page) -> list[Table]:
    """page.find_tables() with pdfplumber's default settings."""
    return _TableFinder(page).tables


class _TableFinder(TableFinder):
    """pdfplumber's TableFinder, its steps in its order, with table_edges for get_edges and _cells for
    intersections_to_cells."""

    def __init__(self, page) -> None:  # not super().__init__(): that finds the cells the slow way
        self.page = page
        self.settings = TableSettings.resolve(None)
        self.edges = merged_edges(page)
        self.intersections = edges_to_intersections(self.edges, self.settings.intersection_x_tolerance,
                                                    self.settings.intersection_y_tolerance)
        self.cells = _cells(self.intersections)
        self.tables = [Table(page, group) for group in cells_to_tables(self.cells)]


def _cells(intersections: dict) -> list[tuple]:
    """pdfplumber's intersections_to_cells: for each point, in sorted order, the smallest cell it is
    the top left corner of, trying the points below it from the nearest and, for each, the points
    to its right from the nearest. Those points are found in the point's column and row, kept
    sorted, instead of by scanning all later points."""
    points = sorted(intersections)
    v_edges = {p: set(map(obj_to_bbox, intersections[p]["v"])) for p in points}
    h_edges = {p: set(map(obj_to_bbox, intersections[p]["h"])) for p in points}
    columns, rows = defaultdict(list), defaultdict(list)
    for p in points:  # in sorted order: a column by height, a row from left to right
        columns[p[0]].append(p)
        rows[p[1]].append(p)

    def connects(a: tuple, b: tuple) -> bool:
        """An edge runs from a to b: they share a vertical edge (one column) or a horizontal one (one row)."""
        return (a[0] == b[0] and not v_edges[a].isdisjoint(v_edges[b])) or \
            (a[1] == b[1] and not h_edges[a].isdisjoint(h_edges[b]))

    cells = []
    for pt in points:
        column, row = columns[pt[0]], rows[pt[1]]
        below = [b for b in column[bisect_right(column, pt):] if connects(pt, b)]
        right = [r for r in row[bisect_right(row, pt):] if connects(pt, r)]
        cell = next(((pt[0], pt[1], r[0], b[1]) for b in below for r in right
                     if (r[0], b[1]) in intersections and connects((r[0], b[1]), r) and connects((r[0], b[1]), b)),
                    None)
        if cell:
            cells.append(cell)
    return cells


def cell_text(table: Table) -> list[list[str | None]]:
    """table.extract(), cell for cell, finding each row's characters and then each cell's by bisection.

    pdfplumber tests every character of the page against every row, about 7 % of reading a report.
    The test is the same: a character is in a cell when its middle is, the cell's left and top
    edges included; a cell's characters keep their order in the page."""
    # (vertical middle, index in the page, horizontal middle, char), by height
    chars = sorted(((_v_mid(c), i, _h_mid(c), c) for i, c in enumerate(table.page.chars)), key=itemgetter(0, 1))
    mids = [v for v, *_ in chars]
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


def _v_mid(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def _h_mid(char: dict) -> float:
    return (char["x0"] + char["x1"]) / 2

"""A page's ruling edges as pdfplumber's table finder merges them (TableFinder.get_edges with the
default settings), with less work.

pdfplumber copies every rectangle into four edge dicts, filters them, and copies each again to
snap it and to join it: a third of finding a page's tables, on pages of thousands of cell borders.
Here an edge is a tuple until the few merged edges are made; the steps are pdfplumber's, in its
order (so that snapped positions, averages of floats, come out to the same bits) and with its
tolerances; tests/test_pdf_source.py compares the tables found on every page of the samples and
the corpus.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from pdfplumber.table import TableSettings

from .page_lines import clusters

_SETTINGS = TableSettings.resolve(None)
X0, TOP, X1, BOTTOM, WIDTH, HEIGHT = range(6)  # an edge: (x0, top, x1, bottom, width, height)


def merged_edges(page) -> list[dict]:
    """The horizontal edges by height, then the vertical ones from left to right, each snapped to
    its neighbours' average position, joined where they meet, and at least edge_min_length long."""
    vertical, horizontal = _page_edges(page)
    s = _SETTINGS
    horizontal = _merged(horizontal, "h", s.snap_y_tolerance, s.join_x_tolerance)
    vertical = _merged(vertical, "v", s.snap_x_tolerance, s.join_y_tolerance)
    return [_edge(e, "h") for e in horizontal if e[WIDTH] >= s.edge_min_length] + \
        [_edge(e, "v") for e in vertical if e[HEIGHT] >= s.edge_min_length]


def _page_edges(page) -> tuple[list[tuple], list[tuple]]:
    """page.edges (lines, then each rectangle's top, bottom, left and right, then curves' segments)
    that are vertical or horizontal and edge_min_length_prefilter long, in that order."""
    least = _SETTINGS.edge_min_length_prefilter
    vertical, horizontal = [], []
    for line in page.lines:
        edge = (line["x0"], line["top"], line["x1"], line["bottom"], line["width"], line["height"])
        if line["top"] == line["bottom"]:
            if edge[WIDTH] >= least:
                horizontal.append(edge)
        elif edge[HEIGHT] >= least:
            vertical.append(edge)
    for r in page.rects:
        x0, top, x1, bottom, width, height = r["x0"], r["top"], r["x1"], r["bottom"], r["width"], r["height"]
        if width >= least:
            horizontal += [(x0, top, x1, top, width, 0), (x0, top + height, x1, bottom, width, 0)]
        if height >= least:
            vertical += [(x0, top, x0, bottom, 0, height), (x1, top, x1, bottom, 0, height)]
    for curve in page.curves:
        for (ax, ay), (bx, by) in zip(curve["pts"], curve["pts"][1:]):
            edge = (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), abs(ax - bx), abs(ay - by))
            if ax == bx:
                if edge[HEIGHT] >= least:
                    vertical.append(edge)
            elif ay == by and edge[WIDTH] >= least:
                horizontal.append(edge)
    return vertical, horizontal


def _merged(edges: list[tuple], orientation: str, snap: float, join: float) -> list[tuple]:
    """snap_objects on the edges' position (top of a horizontal edge, x0 of a vertical one; the
    opposite side moved with it), then merge_edges' grouping by position and join_edge_group along
    the edges, as resize_object extends them (a horizontal edge's width is then x1 - x0, a vertical
    one's height grows by what it gained)."""
    at, at_end, start, end = (TOP, BOTTOM, X0, X1) if orientation == "h" else (X0, X1, TOP, BOTTOM)
    snapped = []
    for cluster in clusters(edges, itemgetter(at), snap):
        average = sum(e[at] for e in cluster) / len(cluster)
        for e in cluster:
            moved = list(e)
            moved[at], moved[at_end] = e[at] + (average - e[at]), e[at_end] + (average - e[at])
            snapped.append(moved)
    out = []
    for _, group in groupby(sorted(snapped, key=itemgetter(at)), key=itemgetter(at)):
        joined = []
        for e in sorted(group, key=itemgetter(start)):
            last = joined[-1] if joined else None
            if last is None or e[start] > last[end] + join:
                joined.append(e)
            elif e[end] > last[end]:
                last = joined[-1] = list(last)
                if orientation == "h":
                    last[WIDTH] = e[end] - last[start]
                else:
                    last[HEIGHT] += e[end] - last[end]
                last[end] = e[end]
        out += joined
    return out


def _edge(e, orientation: str) -> dict:
    return {"x0": e[X0], "top": e[TOP], "x1": e[X1], "bottom": e[BOTTOM], "width": e[WIDTH], "height": e[HEIGHT],
            "orientation": orientation}

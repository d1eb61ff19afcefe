"""Ruled tables of a scanned page: cells from the crossings of its ruling lines, as pdfplumber finds
them in a text PDF from the drawn lines.

A table is a group of touching horizontal and vertical lines (at least two of each). Its row lines
and column lines cut it into bands; two neighbouring bands are one cell where the line between them
is missing there (a merged cell). A row holds a cell's text at the cell's top-left band and blanks
under the rest of it, as pdfplumber's rows do, so the parsers read both alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

COVERED = 0.5  # a line drawn along at least this share of a band's side separates the two bands


@dataclass
class Grid:
    """One table: its row lines' y and column lines' x (pixels, in order) and its cells as band
    ranges (row0, col0, row1, col1), the ends exclusive."""
    ys: list[float]
    xs: list[float]
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_box(self, cell: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
        r0, c0, r1, c1 = cell
        return self.xs[c0], self.ys[r0], self.xs[c1], self.ys[r1]

    def cell_at(self, x: float, y: float) -> tuple[int, int, int, int] | None:
        for cell in self.cells:
            x0, top, x1, bottom = self.cell_box(cell)
            if x0 <= x < x1 and top <= y < bottom:
                return cell
        return None


def grids(horizontal: np.ndarray, vertical: np.ndarray) -> list[Grid]:
    """The tables the ruling masks draw, top to bottom."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal | vertical, connectivity=8)
    tolerance = max(3.0, horizontal.shape[0] / 400)
    out = []
    for i in range(1, count):
        x, y, w, h = stats[i, :4]
        region = labels[y:y + h, x:x + w] == i
        rows = _lines(horizontal[y:y + h, x:x + w] & region, axis=0, tolerance=tolerance)
        cols = _lines(vertical[y:y + h, x:x + w] & region, axis=1, tolerance=tolerance)
        if len(rows) < 2 or len(cols) < 2:
            continue
        grid = _cells([(p + y, [(a + x, b + x) for a, b in runs]) for p, runs in rows],
                      [(p + x, [(a + y, b + y) for a, b in runs]) for p, runs in cols])
        out.append(grid)
    return sorted(out, key=lambda g: g.ys[0])


def _lines(mask: np.ndarray, axis: int, tolerance: float) -> list[tuple[float, list[tuple[float, float]]]]:
    """The lines of one direction in a mask: (position across, runs along it), positions within
    tolerance taken as one line. axis 0: horizontal lines (position y, runs in x); 1: vertical."""
    import cv2

    count, _, stats, centroids = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    parts = []
    for i in range(1, count):
        x, y, w, h = stats[i, :4]
        if axis == 0:
            parts.append((centroids[i][1], (float(x), float(x + w))))
        else:
            parts.append((centroids[i][0], (float(y), float(y + h))))
    parts.sort()
    lines: list[tuple[list[float], list[tuple[float, float]]]] = []
    for position, run in parts:
        if lines and position - lines[-1][0][-1] <= tolerance:
            lines[-1][0].append(position)
            lines[-1][1].append(run)
        else:
            lines.append(([position], [run]))
    return [(float(np.mean(ps)), sorted(runs)) for ps, runs in lines]


def _covered(runs: list[tuple[float, float]], start: float, end: float) -> float:
    """The share of [start, end] the runs cover."""
    length = end - start
    if length <= 0:
        return 1.0
    inside = sum(max(0.0, min(b, end) - max(a, start)) for a, b in runs)
    return min(1.0, inside / length)


def _cells(rows: list, cols: list) -> Grid:
    """Bands merged into cells where the line between them is missing (union-find over bands)."""
    ys, xs = [p for p, _ in rows], [p for p, _ in cols]
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and _covered(cols[c + 1][1], ys[r], ys[r + 1]) < COVERED:
                join(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and _covered(rows[r + 1][1], xs[c], xs[c + 1]) < COVERED:
                join(r * n_cols + c, (r + 1) * n_cols + c)
    spans: dict[int, list[int]] = {}
    for band in range(n_rows * n_cols):
        r, c = divmod(band, n_cols)
        box = spans.setdefault(find(band), [r, c, r + 1, c + 1])
        box[:] = [min(box[0], r), min(box[1], c), max(box[2], r + 1), max(box[3], c + 1)]
    return Grid(ys, xs, sorted(tuple(b) for b in spans.values()))


def rows_of(grid: Grid, texts: dict[tuple[int, int, int, int], str]) -> tuple[list[list[str]], list[tuple]]:
    """The grid as pdfplumber's rows: for each row band where cells start, a cell per column band
    (a cell's text at its top-left band, '' elsewhere), and each such row's box in pixels (from its
    first to its last cell, down to the lowest of them)."""
    n_cols = len(grid.xs) - 1
    starts: dict[int, list[tuple[int, int, int, int]]] = {}
    for cell in grid.cells:
        starts.setdefault(cell[0], []).append(cell)
    rows, boxes = [], []
    for r in sorted(starts):
        row = [""] * n_cols
        for cell in starts[r]:
            row[cell[1]] = texts.get(cell, "")
        cells = starts[r]
        rows.append(row)
        boxes.append((grid.xs[min(c[1] for c in cells)], grid.ys[r], grid.xs[max(c[3] for c in cells)],
                      grid.ys[max(c[2] for c in cells)]))
    return rows, boxes

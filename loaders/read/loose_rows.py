"""Rows of a ruled table printed beyond its rules: a continued table's first row at the top of a page,
its first rule under that row (seen in real reports); a 合计 under the last rule.

pdfplumber's finder leaves such a row out of the table, and it would become a text line and be lost.
A line right above or below a grid whose characters each sit inside one of the grid's columns, with
a figure or a number (a code, a 行次) in two columns or more, is that grid's row; so is one figure
alone, or an item alone ('（十四）…') over a grid that begins with data (a continuation page without
header). Its characters go to the columns as pdfplumber gives a cell its characters (by their middle);
the row keeps the line's box.
"""
from __future__ import annotations

from ..document import clean_text
from .lift import is_caption
from ..numbers import is_amount, is_figure
from .pdf_lines import EDGE_TOLERANCE, Grid, Line, item_word, rounded, token_text, tokens


def attach_loose_rows(grids: list[Grid], lines: list[Line]) -> list[Line]:
    """Lines that are rows of a ruled grid printed beyond its first or last rule join that grid (at
    its top or bottom); returns the lines left."""
    left = list(lines)
    for grid in grids:
        for above in (True, False):
            while True:
                line = _next_to(grid, left, above)
                if line is None or not _is_row_of(grid, line, above and _starts_with_data(grid)):
                    break
                row = _cells(grid.edges, line)
                if above:
                    grid.rows.insert(0, row)
                    grid.boxes.insert(0, rounded(line.box))
                else:
                    grid.rows.append(row)
                    grid.boxes.append(rounded(line.box))
                left.remove(line)
    return left


def _next_to(grid: Grid, lines: list[Line], above: bool) -> Line | None:
    """The line right above (or below) the grid, no farther than one of its rows is high."""
    heights = sorted(b[3] - b[1] for b in grid.boxes)
    reach = heights[len(heights) // 2]
    if above:
        near = [ln for ln in lines if ln.raw["bottom"] <= grid.top + EDGE_TOLERANCE]
        line = max(near, key=lambda ln: ln.raw["bottom"], default=None)
        gap = grid.top - line.raw["bottom"] if line else None
    else:
        near = [ln for ln in lines if ln.raw["top"] >= grid.bottom - EDGE_TOLERANCE]
        line = min(near, key=lambda ln: ln.raw["top"], default=None)
        gap = line.raw["top"] - grid.bottom if line else None
    return line if line is not None and gap <= max(reach, line.raw["bottom"] - line.raw["top"]) else None


def _is_row_of(grid: Grid, line: Line, over_data: bool = False) -> bool:
    """A row of the grid: every character inside one of the grid's columns, no sentence, no caption;
    two columns or more with a figure or a number (a code, a 行次) among them, or one figure alone; over
    a grid that begins with data (a continuation page without header), an item alone ('（十四）…')."""
    edges = grid.edges
    if line.prose or is_caption(line.raw["text"]) or line.raw["x0"] < edges[0] - EDGE_TOLERANCE \
            or line.raw["x1"] > edges[-1] + EDGE_TOLERANCE:
        return False
    inner = edges[1:-1]
    for char in line.raw["chars"]:
        if (char["text"] or "").strip() and any(char["x0"] + EDGE_TOLERANCE < e < char["x1"] - EDGE_TOLERANCE
                                                for e in inner):
            return False
    filled = [c for c in _cells(edges, line) if c]
    if any(w.figure or is_amount(w.text.split(" ")[0]) for w in line.words):
        return len(filled) >= 2 or (len(filled) == 1 and line.figures == 1)
    return over_data and bool(line.words) and item_word(line.words[0].text)


def _starts_with_data(grid: Grid) -> bool:
    """The grid's first row prints a figure or begins with a code: no header above it on this page."""
    first = grid.rows[0]
    return any(is_figure(c) for c in first) or item_word(next((c for c in first if c), ""))


def _cells(edges: list[float], line: Line) -> list[str]:
    """Each column's characters (by their horizontal middle), its tokens parted by a space, as
    pdfplumber reads a cell."""
    columns: list[list[list[dict]]] = [[] for _ in edges[:-1]]
    for token in tokens(line.raw):
        last = None
        for char in token:
            j = sum(1 for e in edges[1:-1] if e <= (char["x0"] + char["x1"]) / 2)
            if j != last:
                columns[j].append([])
                last = j
            columns[j][-1].append(char)
    return [clean_text(token_text(c)) for c in columns]

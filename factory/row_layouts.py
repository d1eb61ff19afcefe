"""Layout variants of a table's rows, as real reports print them where rulings do not say it all.

- unruled_first_row: a table continued on the next page without its header, that page's first row
  printed above the grid's first rule (the rule is under it);
- continued_fewer_columns: the header repeated on the continuation page, the columns blank on that
  page left out (the others spread over the page's width);
- continued_merged_columns: the continuation page without its header, each column blank on that page
  merged into the one left of it (the other columns stand where they stood);
- figures_below_label: a row with a long label printed as two rows, the code and label, then the
  figures on the line below;
- unruled: tables of columns printed without any ruling line, the words set in columns, each cell's
  text at the bottom of its row (a wrapped label's figures on its last line).

Tables are found by what they hold (a header, rows of figures), never by title; the continuation pages
are variants._continued's, changed by the function given as its `then`; a table the variant has
nothing to change in stays as it is. Every rewrite keeps each figure, so the loader must read back
exactly what the corpus layout gives.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .figures import Report
from .layout import Grid

_MONEY = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$|^-?\d+\.\d{2}$")
_LONG_LABEL = 8  # characters: a label this long wraps in its cell


def _body(grid: Grid) -> list[list[str]]:
    return grid.rows[grid.header:]


def _body_spans(grid: Grid) -> bool:
    return any(r1 >= grid.header for _, _, _, r1 in grid.spans)


# ------------------------------------------------------------------ continuation pages (variants._continued's `then`)

def first_row_outside(rest: Grid) -> Grid:
    """The continuation page's first row printed above its grid's first rule."""
    return replace(rest, outside=(1, rest.outside[1])) if rest.header == 0 and rest.rows else rest


def _blank_columns(grid: Grid) -> list[int]:
    """Columns (but the first) printing nothing in any body row."""
    body = _body(grid)
    return [j for j in range(1, len(grid.rows[0])) if body and not any(j < len(r) and r[j].strip() for r in body)]


def without_blank_columns(rest: Grid) -> Grid:
    """The continuation page (its header printed again) without the columns blank on it."""
    drop = set(_blank_columns(rest)) if rest.header else set()
    return replace(rest, shown=tuple(j for j in range(len(rest.rows[0])) if j not in drop)) if drop else rest


def blank_columns_merged(rest: Grid) -> Grid:
    """The continuation page (without header) with each blank column merged into the column left of it."""
    blank = set(_blank_columns(rest)) if rest.header == 0 else set()
    runs, j, width = [], 1, len(rest.rows[0])
    while j < width:
        if j in blank:
            end = j
            while end + 1 in blank:
                end += 1
            runs.append((j - 1, end))
            j = end + 1
        else:
            j += 1
    return replace(rest, spans=rest.spans + [(a, i, b, i) for a, b in runs for i in range(len(rest.rows))])


# ------------------------------------------------------------------ rows

def _label_then_figures(row: list[str]) -> int | None:
    """Where the figures of a row start when a label comes before them (codes and words, no figure, rate
    or score) and only figures (or blanks) after: the row a label can be printed above."""
    at = next((j for j, c in enumerate(row) if _MONEY.match(c)), None)
    if at is None or not any(c.strip() and not _MONEY.match(c) for c in row[:at]) \
            or any(re.search(r"\d[.%]", c) for c in row[:at]):
        return None
    if any(c.strip() and not _MONEY.match(c) for c in row[at:]):
        return None
    return at


def figures_below_label(r: Report, elements: list) -> list:
    """Rows with a long label printed as two rows: the code and label, then the figures under them."""
    def change(grid: Grid) -> Grid:
        if not grid.header or _body_spans(grid):
            return grid
        rows = list(grid.rows[:grid.header])
        for row in _body(grid):
            at = _label_then_figures(row)
            if at is not None and max(len(c) for c in row[:at]) >= _LONG_LABEL:
                rows += [row[:at] + [""] * (len(row) - at), [""] * at + row[at:]]
            else:
                rows.append(row)
        return replace(grid, rows=rows)
    return [change(el) if isinstance(el, Grid) else el for el in elements]


def unruled(r: Report, elements: list) -> list:
    """Tables of columns (a header over rows) printed without ruling lines, cells aligned at the bottom."""
    return [replace(el, ruled=False, valign="BOTTOM") if isinstance(el, Grid) and el.header else el
            for el in elements]


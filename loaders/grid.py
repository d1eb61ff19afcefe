"""Putting a table's figures back under their headers before any parser reads it.

Reports drawn from spreadsheets often print a figure one grid column off its header (the header
cell and the figure's cell are merged differently), a level-1 row's figure on the line below its
code and name, or one figure cut in two by a ruling line ('267.8 | 0'). These repairs are the same
for every kind of table, so they happen once here, driven only by what the cells hold:

- a figure in a column with no header words moves to the nearest column whose header names an
  amount and that is blank in its row (on a continuation page drawn on a grid of its own, a row's
  one figure goes under the table's one amount column);
- a row of figures only, right under a row with a classification code and no figures, is that row's
  figures;
- a number ending in one decimal digit followed by a cell of one digit is one number.
"""
from __future__ import annotations

import re

from .numbers import is_amount, leading_code
from .tables import LocatedTable

_AMOUNT_WORDS = re.compile(r"金额|合计|小计|总计|支出|收入|预算|决算|经费|费|资金|数$")
_KEY_WORDS = re.compile(r"名称|编码|代码|科目$|项目$|^[类款项]$|单位[:：]|部门[:：]")
_ONE_DECIMAL = re.compile(r"^\d[\d,]*\.\d$")
_FIGURE = re.compile(r"[.,]")  # a figure, not a code: codes are bare digits


def tidy(table: LocatedTable) -> None:
    """Repair the table's rows in place (see the module docstring)."""
    rows = [_join_cut_figures(r) for r in table.rows]
    rows, pages = _merge_ragged(rows, list(table.pages))
    table.rows, table.pages = _snap(rows), pages


def _join_cut_figures(row: list[str]) -> list[str]:
    """'267.8' | '0' → '267.80' | '': a ruling line through a figure splits its last digit off."""
    row = list(row)
    for j in range(len(row) - 1):
        left, right = (row[j] or "").strip(), (row[j + 1] or "").strip()
        if _ONE_DECIMAL.match(left) and re.fullmatch(r"\d", right):
            row[j], row[j + 1] = left + right, ""
    return row


def _has_text(row: list[str]) -> bool:
    return any(c and c.strip() and not is_amount(c) for c in row)


def _figures(row: list[str]) -> list[int]:
    return [j for j, c in enumerate(row) if c and is_amount(c)]


def _merge_ragged(rows: list[list[str]], pages: list):
    """A row holding only figures, under a coded row with none, fills that row's blank cells."""
    out_rows: list[list[str]] = []
    out_pages: list = []
    for row, page in zip(rows, pages):
        prev = out_rows[-1] if out_rows else None
        if prev is not None and not _has_text(row) and _figures(row) and _is_coded_without_figures(prev) \
                and all(j >= len(prev) or not (prev[j] or "").strip() for j in _figures(row)):
            merged = prev + [""] * (len(row) - len(prev))
            for j in _figures(row):
                merged[j] = row[j]
            out_rows[-1] = merged
            continue
        out_rows.append(row)
        out_pages.append(page)
    return out_rows, out_pages


def _is_coded_without_figures(row: list[str]) -> bool:
    code, after = leading_code(row)
    return code is not None and not any(c and is_amount(c) for c in row[after:])


def _snap(rows: list[list[str]]) -> list[list[str]]:
    """Move stray figures under the nearest amount header, page by page of the table (a
    continuation page with a grid of its own keeps the header of the page before only when it
    is as wide)."""
    out: list[list[str]] = []
    start = _header_end(rows)
    header = rows[:start]
    width = max((len(r) for r in header), default=0)
    labels = _labels(header, width)
    targets = [j for j, lab in enumerate(labels) if lab and _AMOUNT_WORDS.search(lab) and not _KEY_WORDS.search(lab)]
    for i, row in enumerate(rows):
        if i < start or not targets:
            out.append(row)
        elif len(row) == width:
            out.append(_snap_row(row, labels, targets))
        else:
            out.append(_one_figure_row(row, width, targets))
    return out


def _one_figure_row(row: list[str], width: int, targets: list[int]) -> list[str]:
    """A row of a continuation page drawn on a grid of its own: its one figure goes under the
    table's one amount column (with more, the columns cannot be told apart, and the row stays)."""
    figures = [j for j in _figures(row) if _FIGURE.search(row[j])]
    if len(targets) != 1 or len(figures) != 1 or len(row) > width:
        return row
    out = list(row) + [""] * (width - len(row))
    out[figures[0]], out[targets[0]] = "", row[figures[0]]
    return out


def _header_end(rows: list[list[str]]) -> int:
    """The header ends at the first row with a figure or a classification code."""
    for i, row in enumerate(rows):
        if leading_code(row)[0] is not None or any(c and is_amount(c) and _FIGURE.search(c) for c in row):
            return i
    return len(rows)


def _labels(header: list[list[str]], width: int) -> list[str]:
    return ["".join((r[j] if j < len(r) else "") or "" for r in header).replace(" ", "") for j in range(width)]


def _snap_row(row: list[str], labels: list[str], targets: list[int]) -> list[str]:
    row = list(row)
    first_text = next((j for j, c in enumerate(row) if c and c.strip() and not is_amount(c)), None)
    for j, cell in enumerate(row):
        if labels[j] or not cell or not is_amount(cell):
            continue
        if not _FIGURE.search(cell) and (first_text is None or j < first_text):
            continue  # a bare number left of the row's label is a code, not a figure
        free = [t for t in targets if not (row[t] or "").strip()]
        if not free:
            continue
        target = min(free, key=lambda t: (abs(t - j), -t))
        row[target], row[j] = cell, ""
    return row

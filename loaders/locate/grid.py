"""Putting a table's figures back under their headers before any parser reads it.

Reports drawn from spreadsheets often print a figure one grid column off its header (the header
cell and the figure's cell are merged differently), a level-1 row's figure on the line below its
code and name, or one figure cut in two by a ruling line ('267.8 | 0'). These repairs are the same
for every kind of table, so they happen once here, driven only by what the cells hold and where
the columns stand:

- a continuation page drawn on a grid of its own (a column fewer, columns merged) has its cells put
  under the table's columns: by their header words when the page repeats a header, else by where its
  columns stand on the page (inside the first page's columns, or spanning some of them from their
  left rule), never by index;
- a figure in a column with no header words moves to the nearest column whose header names an
  amount and that is blank in its row (on a continuation page drawn on a grid of its own, a row's
  one figure goes under the table's one amount column);
- a row of figures only, right under a row with a code or a label and no figures (a header repeated
  on a new page between them), is that row's figures;
- a number ending in one decimal digit followed by a cell of one digit is one number.
"""
from __future__ import annotations

import re

from ..document import column_edges, spanning
from ..numbers import is_amount, is_figure, leading_code
from .tables import LocatedTable, column_labels

_AMOUNT_WORDS = re.compile(r"金额|合计|小计|总计|支出|收入|预算|决算|经费|费|资金|数$")
_KEY_WORDS = re.compile(r"名称|编码|代码|科目$|项目$|^[类款项]$|单位[:：]|部门[:：]")
_ONE_DECIMAL = re.compile(r"^\d[\d,]*\.\d$")
_NUMBER_ROW = re.compile(r"^(栏次|行次|\d{1,2}|\*+)$")
_EDGE = 3.0  # points: two grids' column edges this close stand in one place


def tidy(table: LocatedTable) -> None:
    """Repair the table's rows in place (see the module docstring)."""
    rows = [_join_cut_figures(r) for r in table.rows]
    columns = list(table.columns) + [None] * (len(rows) - len(table.columns))
    where = list(table.where) + [None] * (len(rows) - len(table.where))
    rows, places = _align_pages(rows, list(zip(table.pages, where)), columns)
    rows, places = _merge_ragged(rows, places)
    table.rows, table.columns = _snap(rows), []
    table.pages, table.where = [p for p, _ in places], [w for _, w in places]


def _align_pages(rows: list[list[str]], places: list, columns: list) -> tuple[list[list[str]], list]:
    """Each part of the table drawn on a grid of its own (a continuation page; a header printed again)
    mapped onto the columns of the first part: by its header words (the header printed again is then
    left out: its columns are the first part's), else by where its columns stand. places: each row's
    page and position, kept with it."""
    start = _header_end(rows)
    main_labels = _words(rows[:start])
    out_rows, out_places = rows[:start], places[:start]
    parts = [start] + _parts(rows, columns, start, main_labels)
    for a, b in zip(parts, parts[1:] + [len(rows)]):
        head = a
        while head < b and any(c and c.strip() for c in rows[head]) and (
                _numbers(rows[head]) or _in_header(rows[head], main_labels) == 1):
            head += 1
        labels = _words(rows[a:head])
        mapping = _by_words(main_labels, labels) if a > start and head > a and labels != main_labels else None
        width = len(main_labels)
        if mapping is None and a > start and columns[a] and columns[0] and columns[a] != columns[0]:
            mapping, width, head = _by_position(columns[0], columns[a]), len(columns[0]), a
        if mapping is None:
            head = a
        out_rows += [_mapped(row, mapping, width) if mapping else row for row in rows[head:b]]
        out_places += places[head:b]
    return out_rows, out_places


def _parts(rows: list[list[str]], columns: list, start: int, labels: list[str]) -> list[int]:
    """Where each part of the table after the first begins: another grid, or its header printed again
    (a row of the header's own words, two cells at least) after rows of figures."""
    out, figures = [], True
    for i in range(start + 1, len(rows)):
        cells = sum(1 for c in rows[i] if c and c.strip())
        if columns[i] is not columns[i - 1] or (figures and cells >= 2 and _in_header(rows[i], labels) >= 0.5):
            out.append(i)
            figures = False
        figures = figures or _header_end([rows[i]]) == 0
    return out


def _in_header(row: list[str], labels: list[str]) -> float:
    """The share of the row's cells whose words are header words (part of a column's header words,
    however the header wraps them); 0 for a row with a figure or a code."""
    cells = [c.replace(" ", "") for c in row if c and c.strip()]
    if not cells or _header_end([row]) == 0:
        return 0
    return sum(1 for c in cells if any(c in label for label in labels)) / len(cells)


def _numbers(row: list[str]) -> bool:
    """The 栏次 row under a header: 1, 2, 3 … over the columns."""
    return all(_NUMBER_ROW.match(c.strip()) for c in row if c and c.strip())


def _words(header: list[list[str]]) -> list[str]:
    """Each column's header words top to bottom, without the 栏次 row's numbers."""
    rows = [r for r in header if not _numbers(r)]
    return column_labels(rows, max((len(r) for r in rows), default=0))


def _by_words(main: list[str], labels: list[str]) -> list[int] | None:
    """For each column of a repeated header, the first part's next column of the same words (equal,
    else containing them or contained in them), left to right; a blank column takes the column after
    the last one matched. None when a column cannot be told, or fewer than half of the columns (two at
    least) repeat the first part's words exactly (rows of words that are not a header)."""
    named = [label for label in labels if label]
    if sum(1 for label in named if label in main) < max(2, len(named) / 2):
        return None
    found: list[int] = []
    for label in labels:
        after = range(found[-1] + 1 if found else 0, len(main))
        j = next((j for j in after if label and main[j] == label), None)
        if j is None and label:
            j = next((j for j in after if main[j] and (label in main[j] or main[j] in label)), None)
            if j is None:
                return None
        found.append(j if j is not None else (found[-1] + 1 if found else 0))
    return found if found and found[-1] < len(main) else None


def _by_position(main: tuple[tuple[float, float], ...], columns: tuple[tuple[float, float], ...]) -> list[int] | None:
    """For each column of another grid, the first part's column it stands in (its cells, or its words,
    inside that column's ground), or whose left edge it begins at when it spans several (columns merged,
    their rules where they were); None when a column does neither (a grid drawn anew, whose columns
    follow the first part's in order)."""
    edges = column_edges(main)
    out = []
    for left, right in columns:
        inside = next((j for j in range(len(main)) if edges[j] - _EDGE <= left and right <= edges[j + 1] + _EDGE), None)
        start = next((j for j in range(len(main)) if abs(edges[j] - left) <= _EDGE), None)
        if inside is None and (start is None or not any(abs(e - right) <= _EDGE for e in edges[start + 1:])):
            return None
        out.append(inside if inside is not None else start)
    return out if all(a <= b for a, b in zip(out, out[1:])) else None


def _mapped(row: list[str], mapping: list[int], width: int) -> list[str]:
    """The row's cells under their mapped columns (cells mapped to one column joined by a space)."""
    out = [""] * max(width, max(mapping, default=0) + 1)
    for cell, j in zip(row, mapping):
        if cell:
            out[j] = f"{out[j]} {cell}" if out[j] else cell
    return out


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


def _merge_ragged(rows: list[list[str]], places: list):
    """A row holding only figures fills the blank cells of the row of words above it (a label's figures
    printed on the line below it), to the right of its words; a header printed again on a new page
    may stand between them. The merged row is on the figures' page, its box spanning both lines when
    they share a page (places: each row's page and position)."""
    start = _header_end(rows)
    labels = _words(rows[:start])
    out_rows: list[list[str]] = []
    out_places: list = []
    for row, place in zip(rows, places):
        k = len(out_rows) - 1
        while k >= start and (_in_header(out_rows[k], labels) == 1 or _numbers(out_rows[k])):
            k -= 1
        if k >= 1 and _label_of(out_rows[k], row):  # the first row is the header's, whatever it prints
            merged = out_rows[k] + [""] * (len(row) - len(out_rows[k]))
            for j in _figures(row):
                merged[j] = row[j]
            (page, where), (label_page, label_where) = place, out_places[k]
            out_rows[k], out_places[k] = merged, (page, spanning(label_where, where) if label_page == page else where)
            continue
        out_rows.append(row)
        out_places.append(place)
    return out_rows, out_places


def _label_of(prev: list[str], row: list[str]) -> bool:
    """Whether row is figures only and prev words only (codes and labels, no figure), all left of them."""
    figures = _figures(row)
    filled = [j for j, c in enumerate(prev) if c and c.strip()]
    return not _has_text(row) and any(is_figure(row[j]) for j in figures) and _has_text(prev) \
        and not any(is_figure(prev[j]) for j in filled) and max(filled) < min(figures)


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
    figures = [j for j in _figures(row) if is_figure(row[j])]
    if len(targets) != 1 or len(figures) != 1 or len(row) > width:
        return row
    out = list(row) + [""] * (width - len(row))
    out[figures[0]], out[targets[0]] = "", row[figures[0]]
    return out


def _header_end(rows: list[list[str]]) -> int:
    """The header ends at the first row with a figure or a classification code."""
    return next((i for i, row in enumerate(rows) if leading_code(row)[0] is not None
                 or any(is_figure(c) for c in row)), len(rows))


def _labels(header: list[list[str]], width: int) -> list[str]:
    return ["".join((r[j] if j < len(r) else "") or "" for r in header).replace(" ", "") for j in range(width)]


def _snap_row(row: list[str], labels: list[str], targets: list[int]) -> list[str]:
    row = list(row)
    first_text = next((j for j, c in enumerate(row) if c and c.strip() and not is_amount(c)), None)
    for j, cell in enumerate(row):
        if labels[j] or not cell or not is_amount(cell):
            continue
        if not is_figure(cell) and (first_text is None or j < first_text):
            continue  # a bare number left of the row's label is a code, not a figure
        free = [t for t in targets if not (row[t] or "").strip()]
        if not free:
            continue
        target = min(free, key=lambda t: (abs(t - j), -t))
        row[target], row[j] = cell, ""
    return row

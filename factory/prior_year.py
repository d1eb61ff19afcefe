"""Last year's figures printed beside this year's (many cities' 预算), and a narrative that states the change.

The 三公 table with its items as rows gets a 上年预算数 column (a 决算: 上年决算数) before this year's (the
template's table is printed with its items as rows for it; a table of 三公, 会议费 and 培训费 as columns
gets a 上年预算数 row above this year's), the 一般公共预算 function table a 上年预算数 column before its 合计,
and the 三公 section a sentence saying by how much 三公 fell since last year. Last year's figures are this year's plus a tenth, so the change is
known. The error variant states a change that the printed columns contradict.
"""
from __future__ import annotations

import re
from decimal import Decimal

from dataclasses import replace

from loaders.vocabulary import SANGONG_ITEMS

from .figures import Report
from .layout import Grid, Text, amount, grids
from .provincial import meeting_training

_MONEY = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
_CENT = Decimal("0.01")
WRONG_BY = Decimal("10.00")  # how far the error variant's stated change is off


def prior(value: Decimal) -> Decimal:
    """Last year's figure the variant prints for this year's value."""
    return (value * Decimal("1.1")).quantize(_CENT)


def label(r: Report) -> str:
    return "上年预算数" if r.kind == "budget" else "上年决算数"


def basis(r: Report) -> str:
    return "budget" if r.kind == "budget" else "final"


def _prior_cell(cell: str) -> str:
    return f"{prior(Decimal(cell.replace(',', ''))):,.2f}" if _MONEY.match(cell) else ""


def _with_column(grid: Grid, at: int, heading: str, source: int) -> Grid:
    """The grid with a column inserted at `at`: its header `heading` over all header rows, each body
    cell last year's figure for the cell in column `source`."""
    rows = [row[:at] + ([heading] if i == 0 else [""]) + row[at:] if i < grid.header
            else row[:at] + [_prior_cell(row[source])] + row[at:] for i, row in enumerate(grid.rows)]
    spans = [(c0 + (c0 >= at), r0, c1 + (c1 >= at), r1) for c0, r0, c1, r1 in grid.spans]
    if grid.header > 1:
        spans.append((at, 0, at, grid.header - 1))
    return replace(grid, rows=rows, widths=grid.widths[:at] + [1.4] + grid.widths[at:], spans=spans)


def _with_row(grid: Grid, heading: str) -> Grid:
    """A table of items as columns over one row of figures with last year's row above this year's,
    each row named in a first column."""
    h = grid.header
    rows = [(["项目"] if i == 0 else [""]) + row for i, row in enumerate(grid.rows[:h])]
    rows += [[heading] + [_prior_cell(c) for c in grid.rows[h]], ["本年预算数"] + grid.rows[h]]
    spans = [(c0 + 1, r0, c1 + 1, r1) for c0, r0, c1, r1 in grid.spans] + ([(0, 0, 0, h - 1)] if h > 1 else [])
    return replace(grid, rows=rows, widths=[2] + grid.widths, spans=spans)


def _items_as_rows(grid: Grid) -> bool:
    return grid.header == 1 and grid.rows[0][0] == "项目"


def _sangong_total(r: Report) -> Decimal:
    return (r.sangong_budget if r.kind == "budget" else r.sangong_actual).total


def _sentence(r: Report, change: Decimal) -> Text:
    """'2024年“三公”经费预算12.00万元，比上年预算减少1.20万元。'"""
    word = "预算" if r.kind == "budget" else "财政拨款支出决算"
    return Text(f"{r.year}年“三公”经费{word}{amount(_sangong_total(r))}万元，比{label(r)[:-1]}减少"
                f"{amount(change)}万元。")


def columns(r: Report, elements: list, change: Decimal | None = None) -> list:
    """The 上年 columns and the sentence (with the true change unless another is given)."""
    from .variants import sangong_rows

    elements = sangong_rows(r, elements)  # the template's 三公 table with its items as rows
    this_year = 1 if r.kind == "budget" else 2  # the 三公 rows: 项目 | 预算数 | 决算数
    for k, grid in grids(elements, "sangong"):
        if _items_as_rows(grid):
            elements[k] = _with_column(grid, 1, label(r), this_year)
        elif r.kind == "budget" and len(grid.rows) - grid.header == 1 and grid.rows[0][0] != "项目":
            elements[k] = _with_row(grid, label(r))
    for k, grid in grids(elements, "general") if r.kind == "budget" else ():
        total_at = next(j for j, cell in enumerate(grid.rows[0]) if cell == "合计")
        elements[k] = _with_column(grid, total_at, "上年预算数", total_at)
    total = _sangong_total(r)
    said = change if change is not None else prior(total) - total
    at = next(k for k, el in enumerate(elements) if isinstance(el, Text) and "“三公”经费" in el.text
              and el.style != "heading" and "万元" in el.text)
    return elements[:at + 1] + [_sentence(r, said)] + elements[at + 1:]


def _prints(grid: Grid, word: str) -> bool:
    """Whether a column of the grid says word (read down the column: a header cell may be wrapped)."""
    width = max(len(row) for row in grid.rows)
    return any(word in "".join(row[j] for row in grid.rows if j < len(row)) for j in range(width))


def columns_contradicted(r: Report, elements: list) -> list:
    """The same columns, but the sentence's change is off by WRONG_BY from what they print."""
    total = _sangong_total(r)
    return columns(r, elements, prior(total) - total + WRONG_BY)


def expected(r: Report, printed: list) -> list[tuple[str, dict, dict]]:
    """Last year's figures the loader must read from the printed columns: every 三公 item (and 会议费,
    培训费 where the table prints them), and (预算) every row of the 一般公共预算 function table."""
    s = r.sangong_budget if r.kind == "budget" else r.sangong_actual
    values = {item: getattr(s, item) for item in ("total", "overseas", "vehicle", "vehicle_purchase",
                                                  "vehicle_operation", "reception")}
    printed_sangong = [grid for _, grid in grids(printed, "sangong") if _prints(grid, label(r))]
    if not printed_sangong:
        values = {}
    elif any(_prints(grid, SANGONG_ITEMS["meeting"]) for grid in printed_sangong):
        values["meeting"], values["training"] = meeting_training(r)
    out = [("sangong", {"item": item}, {"previous": prior(value), "previous_basis": basis(r)})
           for item, value in values.items() if value]
    if r.kind == "budget" and any(_prints(grid, "上年预算数") for _, grid in grids(printed, "general")):
        general_total = sum((x.total for x in r.general), Decimal(0))
        out.append(("expenditure_function", {"fund": "general", "code": "total"},
                    {"previous": prior(general_total), "previous_basis": "budget"}))
        out += [("expenditure_function", {"fund": "general", "code": x.code},
                 {"previous": prior(x.total), "previous_basis": "budget"}) for x in r.general if x.total]
    return out

"""预算 项目支出表 / 项目支出预算表: one row per project with its unit code, type and total.

Columns come from header words (代码, 项目名称, 项目类型, 合计). The table interleaves unit
subtotal rows with the projects: with a 项目类型 column a project is a row that has a type;
without one, a unit row is the first of its code whose next row carries the same or a longer code.
"""
from __future__ import annotations

import re

from ..numbers import is_amount
from ..locate.registry import reads
from ..locate.tables import LocatedTable, column_labels, find_column

_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_HEADER_ROWS = 5
_TOTAL_ROW = ("合计", "总计")


def _header_rows(rows: list[list[str]]) -> int:
    """Leading rows without a single figure or code: the header, however many rows it wraps over."""
    for i, row in enumerate(rows[:_MAX_HEADER_ROWS]):
        if any(is_amount(c) for c in row):
            return i
    return 0


def _columns(labels: list[str]) -> dict[str, int | None]:
    name = next((j for j, s in enumerate(labels) if "项目" in s and "名称" in s), None)
    return {
        "code": find_column(labels, "代码", "编码", exclude=("项目", "科目")),
        "name": name if name is not None else find_column(labels, "名称", exclude=("单位名称",)),
        "type": find_column(labels, "类型", "类别"),
        "total": find_column(labels, "合计", "总计", "金额", "预算数"),
    }


def _cell(row: list[str], j: int | None) -> str:
    return (row[j] or "").strip() if j is not None and j < len(row) else ""


def _is_unit_row(rows: list[list[str]], i: int, code_col: int | None) -> bool:
    """Without a type column: the first row of a code whose next row has the same or a longer code."""
    code = _cell(rows[i], code_col)
    if not code or (i > 0 and _cell(rows[i - 1], code_col) == code):
        return False
    return i + 1 < len(rows) and _cell(rows[i + 1], code_col).startswith(code)


def _is_line(row: list[str], name_col: int) -> bool:
    """A unit or project line: a name in words, not the 合计 row, not a header repeated on a new page."""
    name = _cell(row, name_col).replace(" ", "")
    return bool(_CJK.search(name)) and not name.startswith(_TOTAL_ROW) and "名称" not in name


def parse_projects(table: LocatedTable, facts, info) -> None:
    start = _header_rows(table.rows)
    header = table.rows[:start]
    width = max((len(r) for r in table.rows), default=0)
    cols = _columns(column_labels(header, width))
    if cols["name"] is None:
        return
    body = [(r, p, w) for r, p, w in table.placed(start) if r not in header]
    rows = [r for r, _, _ in body]
    for i, (row, page, where) in enumerate(body):
        if not _is_line(row, cols["name"]):
            continue
        kind = _cell(row, cols["type"])
        if (cols["type"] is not None and not kind) or (cols["type"] is None and _is_unit_row(rows, i, cols["code"])):
            continue
        facts.add("budget_projects", unit_code=_cell(row, cols["code"]) or None,
                  project=re.sub(r"\s+", "", _cell(row, cols["name"])), project_type=kind or None,
                  total=table.amount(_cell(row, cols["total"])) if cols["total"] is not None else None, page=page,
                  where=where)


reads("budget_projects", parse_projects)

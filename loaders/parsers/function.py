"""Expenditure by functional classification (类/款/项), every fund, 决算 and 预算 layouts."""
from __future__ import annotations

from ..numbers import code_level
from ..registry import TableKind, register
from ..tables import LocatedTable, column_labels, find_column, row_code_and_name


def parse_function(fund: str):
    def parse(table: LocatedTable, facts, info) -> None:
        header, body = table.header_and_body()
        width = max(len(r) for r in table.rows)
        labels = column_labels(header, width)
        total_col = find_column(labels, "本年支出合计", "合计", "小计", "总计")
        basic_col = find_column(labels, "基本支出")
        project_col = find_column(labels, "项目支出")
        for row, page in body:
            code, name, _ = row_code_and_name(row)
            if code is None and not any(c.startswith(("合计", "总计")) for c in row if c):
                continue
            cell = lambda j: table.amount(row[j]) if j is not None and j < len(row) else None  # noqa: E731
            facts.add("expenditure_function", fund=fund, code=code or "total", name=name if code else "合计",
                      level=code_level(code) if code else 0, total=cell(total_col), basic=cell(basic_col),
                      project=cell(project_col), page=page)
    return parse


register(TableKind("final_expense", [r"支出决算表$"], parse_function("all"), ("final",), True, "支出决算表"))
register(TableKind("final_general", [r"一般公共预算财政拨款支出决算表$"], parse_function("general"),
                   ("final",), True, "一般公共预算财政拨款支出决算表"))

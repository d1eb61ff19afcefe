"""Layout variants of provincial budgets (as 江苏省 departments print them), for the round trip.

- summary_three_groups: the 收支总表 with three column groups, 收入 | 功能分类 | 支出用途 (基本支出 /
  项目支出), the 支出 totals printed in the rightmost column, income labels wrapped mid-word
  ('一、一般公共预' | '算');
- expense_one_row: the 部门支出总表 as one row of totals (合计 | 基本支出 | 项目支出), no codes;
- sangong_combined: one table of “三公”经费, 会议费 and 培训费, whose 合计 includes all of them (the 三公
  total is the 小计 under “三公”经费);
- offset_figures: every figure of the tables with one or two header rows (基本支出 by economic
  class, 政府性基金) printed one grid column left of its header, and each 类 row's figures on the
  line below its code and name;
- unit_in_title: no 部门名称 line anywhere, the unit named only in the cover's title line;
- tables_only / narrative_only (PARTS in variants.py): the two files of a report published apart.

The rewrites take the figures from the Report, so what the loader must read back is known exactly
(expected() in variants.py).
"""
from __future__ import annotations

import re
from decimal import Decimal

from .figures import Report, ZERO, rollup
from .classification import CLASSES
from .layout import Grid, PageBreak, Text, amount, chinese_number

_MEETING = Decimal("0.35")  # 会议费 and 培训费 as shares of the 三公 total: invented, but fixed
_TRAINING = Decimal("0.6")


def money(value: Decimal | None) -> str:
    return amount(value, blank_zero=True)


def meeting_training(r: Report) -> tuple[Decimal, Decimal]:
    """The 会议费 and 培训费 the combined table prints (the figures files carry none)."""
    total = r.sangong_budget.total
    return (total * _MEETING).quantize(Decimal("0.01")), (total * _TRAINING).quantize(Decimal("0.01"))


def _replace_grid(elements: list, title_end: str, build) -> list:
    """The elements with the grid under the title ending in title_end rebuilt by build(grid)."""
    out, title = [], ""
    for el in elements:
        if isinstance(el, Text) and el.style == "title":
            title = el.text
        if isinstance(el, Grid) and title.endswith(title_end):
            el = build(el)
            title = ""
        out.append(el)
    return out


def summary_three_groups(r: Report, elements: list) -> list:
    if r.kind != "budget":
        return elements
    classes = {row["code"]: row["total"] for row in rollup(r.leaves, "total") if row["level"] == 1}
    income = [("一般公共预算", r.general_total), ("政府性基金预算拨款收入", r.gov_income)]
    purpose = [("基本支出", sum((x.basic for x in r.leaves), ZERO)), ("项目支出", sum((x.project for x in r.leaves), ZERO))]
    expense = [(CLASSES[c].removesuffix("支出"), classes.get(c)) for c in CLASSES]
    rows = []
    for i, (name, value) in enumerate(expense):
        left = [f"{chinese_number(i + 1)}、{income[i][0]}", money(income[i][1])] if i < len(income) else ["", ""]
        right = [f"{chinese_number(i + 1)}、{purpose[i][0]}", money(purpose[i][1])] if i < len(purpose) else ["", ""]
        wrapped = i == 0 and len(left[0]) > 4
        if wrapped:
            left[0], tail = left[0][:-1], left[0][-1]
        rows.append(left + [f"{chinese_number(i + 1)}、{name}", money(value)] + right)
        if wrapped:
            rows.append([tail, "", "", "", "", ""])
    rows += [["本年收入合计", money(r.appropriation), "本年支出合计", "", "", money(r.total)],
             ["上年结转结余", money(r.carry_in), "年终结转结余", "", "", ""],
             ["收入总计", money(r.total), "支出总计", "", "", money(r.total)]]
    header = [["收入", "", "支出", "", "", ""], ["", "", "功能分类", "", "支出用途", ""],
              ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"]]
    spans = [(0, 0, 1, 1), (2, 0, 5, 0), (2, 1, 3, 1), (4, 1, 5, 1)]
    return _replace_grid(elements, "部门收支总体情况表", lambda g: Grid(header + rows, 3, [3, 1.6, 3.5, 1.6, 3, 1.6], spans))


def expense_one_row(r: Report, elements: list) -> list:
    if r.kind != "budget":
        return elements
    basic, project = sum((x.basic for x in r.leaves), ZERO), sum((x.project for x in r.leaves), ZERO)
    rows = [["合计", "基本支出", "项目支出", "结转下年资金"], [money(basic + project), money(basic), money(project), ""]]
    return _replace_grid(elements, "部门支出总体情况表", lambda g: Grid(rows, 1, [2, 2, 2, 2]))


def sangong_combined(r: Report, elements: list) -> list:
    if r.kind != "budget":
        return elements
    s = r.sangong_budget
    meeting, training = meeting_training(r)
    header = [["合计", "“三公”经费", "", "", "", "", "", "会议费", "培训费"],
              ["", "小计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费", "", ""],
              ["", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""]]
    row = [money(v) for v in (s.total + meeting + training, s.total, s.overseas, s.vehicle, s.vehicle_purchase,
                              s.vehicle_operation, s.reception, meeting, training)]
    spans = [(0, 0, 0, 2), (1, 0, 6, 0), (1, 1, 1, 2), (2, 1, 2, 2), (3, 1, 5, 1), (6, 1, 6, 2), (7, 0, 7, 2),
             (8, 0, 8, 2)]
    grid = Grid(header + [row], 3, [1.5] * 9, spans)
    out = _replace_grid(elements, "三公”经费支出情况表", lambda g: grid)
    return [Text(el.text.replace("“三公”经费支出情况表", "“三公”经费、会议费、培训费支出预算表"), el.style)
            if isinstance(el, Text) and el.style == "title" and el.text.endswith("“三公”经费支出情况表") else el
            for el in out]


_FIGURE = re.compile(r"^-?\d[\d,]*\.\d{2}$")
_CLASS_CODE = re.compile(r"^[23]\d{2}$")


def offset_figures(r: Report, elements: list) -> list:
    """Each amount column becomes two grid columns: the header word in the right one, the figures in
    the left one; a 类 row's figures move to a line of their own under it."""
    def rebuild(grid: Grid, title: str) -> Grid:
        if r.kind != "budget" or grid.header > 2 or "支出" not in title \
                or any(w in title for w in ("三公", "收支", "收入", "项目")):
            return grid
        width = len(grid.rows[0])
        amounts = [j for j in range(width) if any(_FIGURE.match(row[j]) for row in grid.rows[grid.header:] if j < len(row))]
        if not amounts:
            return grid
        rows = []
        for i, row in enumerate(grid.rows):
            out = []
            for j, cell in enumerate(row):
                if j in amounts:
                    out += ["", cell] if i < grid.header else [cell, ""]
                else:
                    out.append(cell)
            if i >= grid.header and _CLASS_CODE.match(row[0].replace(" ", "")) and any(_FIGURE.match(c) for c in row):
                rows.append([c if not _FIGURE.match(c) else "" for c in out])
                rows.append(["" if not _FIGURE.match(c) else c for c in out])
            else:
                rows.append(out)
        widths, left = [], []
        for j, w in enumerate(grid.widths):
            left.append(len(widths))
            widths += [w / 2, w / 2] if j in amounts else [w]

        def at(j: int) -> int:  # a header cell's grid column: the right half of an amount column
            return left[j] + (j in amounts)
        spans = [(at(c0), r0, at(c1), r1) for c0, r0, c1, r1 in grid.spans if r1 < grid.header]
        return Grid(rows, grid.header, widths, spans)
    out, title = [], ""
    for el in elements:
        if isinstance(el, Text) and el.style == "title":
            title = el.text
        out.append(rebuild(el, title) if isinstance(el, Grid) else el)
    return out


def unit_in_title(r: Report, elements: list) -> list:
    """No '部门名称：' line; the cover's two title lines become one: '某某局2026年部门预算'."""
    out = []
    for k, el in enumerate(elements):
        if isinstance(el, Text) and el.text.startswith(("部门名称：", "单位名称：", "部门：", "单位：")) \
                and "万元" not in el.text:
            continue
        if isinstance(el, Text) and el.style == "cover" and el.text == r.unit:
            continue
        if isinstance(el, Text) and el.style == "cover" and re.fullmatch(r"20\d{2}年度?部门(预算|决算)", el.text):
            el = Text(r.unit + el.text, "cover")
        out.append(el)
    return out


def tables_only(r: Report, elements: list) -> list:
    """The 公开表格 of a report published as two files: the tables with their titles and notes, no
    cover and no narrative."""
    return [el for el in elements if isinstance(el, (Grid, PageBreak)) or
            (isinstance(el, Text) and el.style in ("title", "note") and len(el.text) < 60)]


def narrative_only(r: Report, elements: list) -> list:
    """The 公开文件 of a report published as two files: the cover and the narrative, no table."""
    return [el for el in elements if not isinstance(el, Grid) and not (isinstance(el, Text) and el.style == "title")]

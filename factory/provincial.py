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
- title_in_frame: each table's title printed in the first row of its frame, its 部门/单位 lines run on after
  it in the same merged cell ('财政拨款基本支出预算表部门：某某厅 单位：万元');
- gongkai_lines: each table under a '公开NN表' line, titled the way 江苏's 公开表 title them (收支预算总表,
  支出预算总表, 财政拨款政府性基金支出预算表 …: titles the catalogue does not list), one '部门：某某 单位：万元'
  line under the title;
- total_last: the 合计 row of each table printed last, under its codes (the 中央 预算), not first;
- tables_only / narrative_only (PARTS in variants.py): the two files of a report published apart.

The rewrites take the figures from the Report, so what the loader must read back is known exactly
(expected() in variants.py).
"""
from __future__ import annotations

import re
from decimal import Decimal

from dataclasses import replace

from loaders.vocabulary import SANGONG_ITEMS

from .figures import Report, ZERO, rollup
from .classification import CLASSES
from .layout import Grid, PageBreak, Text, amount, chinese_number, grids, title_above

_MEETING = Decimal("0.35")  # 会议费 and 培训费 as shares of the 三公 total: invented, but fixed
_TRAINING = Decimal("0.6")


def money(value: Decimal | None) -> str:
    return amount(value, blank_zero=True)


def meeting_training(r: Report) -> tuple[Decimal, Decimal]:
    """The 会议费 and 培训费 the combined table prints (the figures files carry none)."""
    total = r.sangong_budget.total
    return (total * _MEETING).quantize(Decimal("0.01")), (total * _TRAINING).quantize(Decimal("0.01"))


def _replace_grid(elements: list, kind: str, grid: Grid) -> list:
    """The elements with the grids of this kind printed as grid."""
    out = list(elements)
    for i, _ in grids(elements, kind):
        out[i] = replace(grid, kind=kind)
    return out


def _basic_project(r: Report) -> tuple[Decimal, Decimal]:
    return sum((x.basic for x in r.leaves), ZERO), sum((x.project for x in r.leaves), ZERO)


def summary_three_groups(r: Report, elements: list) -> list:
    if r.kind != "budget":
        return elements
    classes = {row["code"]: row["total"] for row in rollup(r.leaves, "total") if row["level"] == 1}
    income = [("一般公共预算", r.general_total), ("政府性基金预算拨款收入", r.gov_income)]
    purpose = list(zip(("基本支出", "项目支出"), _basic_project(r)))
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
    return _replace_grid(elements, "summary", Grid(header + rows, 3, [3, 1.6, 3.5, 1.6, 3, 1.6], spans))


def expect_summary_three_groups(r: Report, printed: list, facts: list) -> list:
    """The 支出用途 group's lines besides the usual ones."""
    if r.kind != "budget":
        return facts
    return facts + [("summary", {"side": "expense", "item": item}, {"amount": value})
                    for item, value in zip(("基本支出", "项目支出"), _basic_project(r))]


def expense_one_row(r: Report, elements: list) -> list:
    if r.kind != "budget":
        return elements
    basic, project = _basic_project(r)
    rows = [["合计", "基本支出", "项目支出", "结转下年资金"], [money(basic + project), money(basic), money(project), ""]]
    return _replace_grid(elements, "expense", Grid(rows, 1, [2, 2, 2, 2]))


def expect_expense_one_row(r: Report, printed: list, facts: list) -> list:
    """The one row is the all-funds table's 合计: no 项 row of it to read."""
    if r.kind != "budget":
        return facts
    return [f for f in facts if not (f[0] == "expenditure_function" and f[1]["fund"] == "all"
                                     and f[1]["code"] != "total")]


def sangong_combined(r: Report, elements: list) -> list:
    if r.kind != "budget":
        return elements
    s = r.sangong_budget
    meeting, training = meeting_training(r)
    item = SANGONG_ITEMS
    header = [["合计", "“三公”经费", "", "", "", "", "", item["meeting"], item["training"]],
              ["", "小计", item["overseas"], item["vehicle"], "", "", item["reception"], "", ""],
              ["", "", "", "小计", item["vehicle_purchase"], item["vehicle_operation"], "", "", ""]]
    row = [money(v) for v in (s.total + meeting + training, s.total, s.overseas, s.vehicle, s.vehicle_purchase,
                              s.vehicle_operation, s.reception, meeting, training)]
    spans = [(0, 0, 0, 2), (1, 0, 6, 0), (1, 1, 1, 2), (2, 1, 2, 2), (3, 1, 5, 1), (6, 1, 6, 2), (7, 0, 7, 2),
             (8, 0, 8, 2)]
    out = _replace_grid(elements, "sangong", Grid(header + [row], 3, [1.5] * 9, spans))
    for i, _ in grids(out, "sangong"):
        t = title_above(out, i)
        if t is not None:
            out[t] = Text(re.sub(r"“三公”经费.*表$", "“三公”经费、会议费、培训费支出预算表", out[t].text), "title")
    return out


def expect_sangong_combined(r: Report, printed: list, facts: list) -> list:
    if r.kind != "budget":
        return facts
    meeting, training = meeting_training(r)
    return facts + [("sangong", {"item": "meeting"}, {"budget": meeting}),
                    ("sangong", {"item": "training"}, {"budget": training})]


_FIGURE = re.compile(r"^-?\d[\dO,]*\.[\dO]{2}$")  # a garbled figure ('1,2O4.00') is printed where the others are
_CLASS_CODE = re.compile(r"^[23]\d{2}$")
_OFFSET = ("economic", "gov_fund")  # the tables with one or two header rows


def offset_figures(r: Report, elements: list) -> list:
    """Each amount column becomes two grid columns: the header word in the right one, the figures in
    the left one; a 类 row's figures move to a line of their own under it."""
    def rebuild(grid: Grid) -> Grid:
        if r.kind != "budget" or grid.kind not in _OFFSET:
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
        return replace(grid, rows=rows, widths=widths, spans=spans)
    return [rebuild(el) if isinstance(el, Grid) else el for el in elements]


def unit_in_title(r: Report, elements: list) -> list:
    """No '部门名称：' line; the cover's two title lines become one: '某某局2026年部门预算'."""
    out = []
    for el in without_unit_fields(r, elements):
        if isinstance(el, Text) and el.style == "cover" and el.text == r.unit:
            continue
        if isinstance(el, Text) and el.style == "cover" and re.fullmatch(r"20\d{2}年度?部门(预算|决算)", el.text):
            el = Text(r.unit + el.text, "cover")
        out.append(el)
    return out


def without_unit_fields(r: Report, elements: list) -> list:
    """The elements without the lines naming the unit in a field ('单位：元' is the unit of the amounts)."""
    return [el for el in elements if not (isinstance(el, Text) and r.unit in el.text and el.text.startswith(
        ("部门名称：", "单位名称：", "部门：", "单位：")))]


def tables_only(r: Report, elements: list) -> list:
    """The 公开表格 of a report published as two files: the tables with their titles and notes, no
    cover and no narrative."""
    return [el for el in elements if isinstance(el, (Grid, PageBreak)) or
            (isinstance(el, Text) and el.style in ("title", "note") and len(el.text) < 60)]


def narrative_only(r: Report, elements: list) -> list:
    """The 公开文件 of a report published as two files: the cover and the narrative, no table."""
    return [el for el in elements if not isinstance(el, Grid) and not (isinstance(el, Text) and el.style == "title")]


_FIELD_NOTE = re.compile(r"^(部门|单位|部门名称|单位名称|金额单位|编制单位)[:：]")


def title_in_frame(r: Report, elements: list) -> list:
    out: list = []
    title, fields = None, []
    for el in elements:
        if isinstance(el, Text) and el.style == "title" and "绩效" not in el.text:
            title, fields = el.text, []
            continue
        if title is not None and isinstance(el, Text) and el.style == "note" and _FIELD_NOTE.match(el.text):
            fields.append(el.text)
            continue
        if title is not None and isinstance(el, Grid):
            el, title = _framed(el, title + " ".join(fields)), None
        out.append(el)
    return out


def _framed(grid: Grid, text: str) -> Grid:
    """The grid with a first row of one cell across its width holding text (a header row: it repeats)."""
    width = len(grid.rows[0])
    spans = [(0, 0, width - 1, 0)] + [(c0, r0 + 1, c1, r1 + 1) for c0, r0, c1, r1 in grid.spans]
    return replace(grid, rows=[[text] + [""] * (width - 1)] + grid.rows, header=grid.header + 1, spans=spans)


PROVINCIAL_TITLES = {  # the factory's titles as 江苏's 公开表 print them
    "部门收支总体情况表": "收支预算总表", "部门收入总体情况表": "收入预算总表", "部门支出总体情况表": "支出预算总表",
    "财政拨款收支总体情况表": "财政拨款收支预算总表", "一般公共预算支出情况表": "一般公共预算支出预算表",
    "一般公共预算基本支出表": "一般公共预算基本支出预算表", "一般公共预算“三公”经费支出情况表": "一般公共预算“三公”经费支出预算表",
    "政府性基金预算支出情况表": "财政拨款政府性基金支出预算表", "项目支出表": "项目支出预算表",
    "收入支出决算总表": "收支决算总表", "支出决算表": "支出决算总表", "财政拨款收入支出决算总表": "财政拨款收支决算总表",
    "一般公共预算财政拨款支出决算表": "一般公共预算支出决算表",
    "一般公共预算财政拨款基本支出决算明细表": "一般公共预算基本支出决算表",
    "政府性基金预算财政拨款收入支出决算表": "政府性基金预算支出决算表",
    "国有资本经营预算财政拨款支出决算表": "国有资本经营预算支出决算表", "财政拨款“三公”经费支出决算表": "“三公”经费支出决算表",
}
_UNIT = re.compile(r"单位[:：]\s*(万元|千元|元)")
_FRAME_NOTE = re.compile(r"^((部门|单位|部门名称|单位名称|金额单位)[:：].*|公开\s*\d+\s*表|\d{4}\s*年度)$")


def gongkai_lines(r: Report, elements: list) -> list:
    out: list = []
    framing, n, unit = False, 0, "万元"
    for el in elements:
        if isinstance(el, Text) and el.style == "title" and "绩效" not in el.text:
            n += 1
            base = re.sub(r"^\d{4}年", "", el.text)
            out += [Text(f"公开{n:02d}表", "note"), Text(PROVINCIAL_TITLES.get(base, base), "title")]
            framing, unit = True, "万元"
            continue
        if framing and isinstance(el, Text) and el.style == "note" and _FRAME_NOTE.match(el.text):
            unit = next(iter(_UNIT.findall(el.text)), unit)
            continue  # the frame's own lines: the 部门 line says it all, in the unit they said
        if framing and isinstance(el, Grid):
            out.append(Text(f"部门：{r.unit} 单位：{unit}", "note"))
            framing = False
        out.append(el)
    return out


def total_last(r: Report, elements: list) -> list:
    def change(grid: Grid) -> Grid:
        body = grid.rows[grid.header:]
        first = [c.strip() for c in body[0][:3]] if body else []
        if len(body) < 2 or "合计" not in first or any(r1 >= grid.header for _, _, _, r1 in grid.spans):
            return grid
        return replace(grid, rows=grid.rows[:grid.header] + body[1:] + body[:1])
    return [change(el) if isinstance(el, Grid) else el for el in elements]

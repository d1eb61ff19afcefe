"""Layout variants of the 中央 template (a central department's unit, as a university of 教育部 prints its
部门预算 and 部门决算), for the round trip:

- appropriation_table: the 一般公共预算 function table replaced by one table of all 财政拨款 (一般公共预算 and
  政府性基金 rows together, 国有土地使用权出让收入 beside 一般公共服务支出), 项目支出 split into 小计 and
  其中：基本建设资金支出, titled 财政拨款支出预算表 / 财政拨款支出决算表 (Grid.kind 'all_appropriations');
- central_unit: the report says the unit is run directly by 教育部 and that its 财政拨款 is 中央财政's,
  the only sign that it belongs to 中央;
- central_template: the four tables of the template only (收支总表, 收入表, 支出表 and the 财政拨款支出表 of
  appropriation_table), and central_unit's sentence; 三公 is stated in the narrative alone;
- unit_titles: every table's title begins with the unit's name (西南大学收支预算总表), its year left out.

The rewrites take the figures from the Report, and each expect() says what the printed elements hold.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .figures import Report, rollup
from .layout import EVALUATIONS, Grid, PageBreak, Text, amount, grids, title_above

KIND = "all_appropriations"
_BUILDING = Decimal("0.4")  # 其中：基本建设资金支出 as a share of 项目支出: invented, but fixed
_CENTRAL_SENTENCE = "本单位是教育部直属的事业单位，财政拨款收入指中央财政当年拨付的资金。"
_TEMPLATE = ("summary", "income", "expense", KIND, *EVALUATIONS)  # the tables the 中央 template prints
# What each table the template leaves out gives: (fact table, key it selects by), None for all its rows.
_LEFT_OUT = {"appropriation": ("grant_summary", None), "economic": ("expenditure_economic", None),
             "projects": ("budget_projects", None), "gov_fund": ("expenditure_function", {"fund": "gov_fund"}),
             "state_capital": ("expenditure_function", {"fund": "state_capital"})}


def appropriation_title(r: Report) -> str:
    return f"{r.year}年财政拨款支出预算表" if r.kind == "budget" else "财政拨款支出决算表"


def appropriation_rows(r: Report) -> list[dict]:
    """The rows the table of all 财政拨款 prints: 合计, 类, 款 and 项 of 一般公共预算 and 政府性基金 together."""
    return rollup(r.general + r.gov_fund, "total", "basic", "project")


def appropriation_table(r: Report, elements: list) -> list:
    out = list(elements)
    for i, _ in grids(elements, "general"):
        out[i] = _grid(r)
        title = title_above(elements, i)
        if title is not None:
            out[title] = Text(appropriation_title(r), "title")
    return out


def _grid(r: Report) -> Grid:
    header = [["项目", "", "本年支出", "", "", ""], ["科目编码", "科目名称", "合计", "基本支出", "项目支出", ""],
              ["", "", "", "", "小计", "其中：基本建设资金支出"]]
    body = []
    for row in appropriation_rows(r):
        label = ["", "合计"] if row["code"] == "total" else [row["code"], row["name"]]
        building = (row["project"] * _BUILDING).quantize(Decimal("0.01"))
        body.append(label + [amount(row[c], blank_zero=True) for c in ("total", "basic", "project")]
                    + [amount(building, blank_zero=True)])
    spans = [(0, 0, 1, 0), (2, 0, 5, 0), (0, 1, 0, 2), (1, 1, 1, 2), (2, 1, 2, 2), (3, 1, 3, 2), (4, 1, 5, 1)]
    return Grid(header + body, 3, [2, 6, 2, 2, 2, 2.4], spans, kind=KIND)


def expect_appropriation(r: Report, printed: list, facts: list) -> list:
    """The table of all 财政拨款 as printed; its 一般公共预算 rows are the general facts already expected."""
    if not grids(printed, KIND) or any(k.get("fund") == "appropriation" for _, k, _ in facts):
        return facts
    return facts + [("expenditure_function", {"fund": "appropriation", "code": row["code"]},
                     {c: row[c] for c in ("total", "basic", "project")}) for row in appropriation_rows(r)]


def central_unit(r: Report, elements: list) -> list:
    """The sentence goes after the first paragraph of the narrative."""
    at = next((i for i, el in enumerate(elements) if isinstance(el, Text) and el.style == "body"), None)
    return elements if at is None else elements[:at + 1] + [Text(_CENTRAL_SENTENCE)] + elements[at + 1:]


def central_template(r: Report, elements: list) -> list:
    """A table is printed from the page break before it to the next: the pages of the others are left out."""
    chunks: list[list] = [[]]
    for el in central_unit(r, elements if grids(elements, KIND) else appropriation_table(r, elements)):
        if isinstance(el, PageBreak):
            chunks.append([])
        chunks[-1].append(el)
    return [el for chunk in chunks if all(not g.kind or g.kind in _TEMPLATE for _, g in grids(chunk)) for el in chunk]


def expect_template(r: Report, printed: list, facts: list) -> list:
    """No fact of a table the template leaves out, but the 三公 figures the narrative states (a budget states
    each item, a 决算 its total)."""
    facts = expect_appropriation(r, printed, facts)
    kinds = {g.kind for _, g in grids(printed)}
    gone = [_LEFT_OUT[k] for k in _LEFT_OUT if k not in kinds]
    said = ("total",) if r.kind == "final" else ("total", "overseas", "vehicle", "vehicle_purchase",
                                                  "vehicle_operation", "reception")
    return [(t, k, e) for t, k, e in facts
            if not any(t == table and (key is None or key.items() <= k.items()) for table, key in gone)
            and not (t == "sangong" and "sangong" not in kinds and k["item"] not in said)]


def unit_titles(r: Report, elements: list) -> list:
    return [Text(r.unit + re.sub(r"^\d{4}年", "", el.text), "title")
            if isinstance(el, Text) and el.style == "title" and "绩效" not in el.text else el for el in elements]

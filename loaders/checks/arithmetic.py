"""Sums inside one table: totals balance, parents equal the sum of their children."""
from __future__ import annotations

from decimal import Decimal

from . import check, compare, dec, unrun

_TOTAL_ITEMS = ("总计", "收入总计", "支出总计")
_YEAR_SUMS = {"income": "本年收入合计", "expense": "本年支出合计"}
_SIDE = {"income": "收入", "expense": "支出"}
_FUND = {"all": "支出决算（全部资金）", "general": "一般公共预算财政拨款", "gov_fund": "政府性基金",
         "state_capital": "国有资本经营"}
_COLUMN = {"total": "合计", "basic": "基本支出", "project": "项目支出"}


def _total_of(rows, side):
    return next((r for r in rows if r["side"] == side and r["item"] in _TOTAL_ITEMS), None)


@check("summary_balance", "收入总计等于支出总计")
def summary_balance(ctx):
    rows = ctx.facts.get("summary")
    income, expense = _total_of(rows, "income"), _total_of(rows, "expense")
    if income and expense:
        yield compare("summary_balance", "收入支出总表：收入总计与支出总计", dec(income["amount"]),
                      dec(expense["amount"]), page=income["page"], pages=[expense["page"]])


@check("summary_lines_sum", "本年收入/支出合计等于各行之和")
def summary_lines_sum(ctx):
    for side, label in _YEAR_SUMS.items():
        rows = [r for r in ctx.facts.get("summary") if r["side"] == side]
        idx = next((i for i, r in enumerate(rows) if r["item"] == label), None)
        if idx is None:
            continue
        lines = [dec(r["amount"]) for r in rows[:idx] if r["amount"] is not None]
        if lines:
            yield compare("summary_lines_sum", f"收入支出总表：{label}与{_SIDE[side]}各行之和",
                          dec(rows[idx]["amount"]), sum(lines, Decimal(0)), terms=len(lines),
                          page=rows[idx]["page"])


def _children(rows, parent_code):
    want = {3: 5, 5: 7}.get(len(parent_code))
    return [r for r in rows if want and len(r["code"]) == want and r["code"].startswith(parent_code)]


@check("function_hierarchy", "功能分类：类=Σ款，款=Σ项，合计=Σ类")
def function_hierarchy(ctx):
    rows = ctx.facts.get("expenditure_function")
    for fund in dict.fromkeys(r["fund"] for r in rows):
        fund_rows = [r for r in rows if r["fund"] == fund]
        for parent in fund_rows:
            if parent["code"] == "total":
                kids = [r for r in fund_rows if len(r["code"]) == 3 and r["code"].isdigit()]
                what = "合计与各类之和"
            else:
                kids = _children(fund_rows, parent["code"])
                what = f"{parent['name']}（{parent['code']}）与下级科目之和"
            if not kids:
                continue
            for col, col_label in _COLUMN.items():
                yield _parent_sum(f"{_FUND.get(fund, fund)}{col_label}：{what}", parent, kids, col)


def _parent_sum(what: str, parent: dict, kids: list[dict], col: str) -> dict | None:
    """Parent against the sum of its children in one column. A blank child may be a printed '-' (nothing)
    or a figure that could not be read: when the sum then disagrees, the check says which figures it
    lacks instead of counting them as 0 and calling the table wrong."""
    values = [dec(k[col]) for k in kids if k[col] is not None]
    if parent[col] is None and not values:
        return None
    pages = [k["page"] for k in kids]
    found = compare("function_hierarchy", what, dec(parent[col]), sum(values, Decimal(0)), terms=len(values),
                    page=parent["page"], pages=pages)
    blank = [k for k in kids + [parent] if k[col] is None]
    if found and found["severity"] != "info" and blank:
        return unrun("function_hierarchy", what, parent["page"], pages,
                     missing=[f"{k['name']}（{k['code']}）{_COLUMN[col]}" for k in blank])
    return found


@check("function_basic_project", "功能分类：合计=基本支出+项目支出")
def function_basic_project(ctx):
    for r in ctx.facts.get("expenditure_function"):
        if r["basic"] is None and r["project"] is None:
            continue
        parts = [dec(v) for v in (r["basic"], r["project"]) if v is not None]
        yield compare("function_basic_project",
                      f"{_FUND.get(r['fund'], r['fund'])} {r['name']}（{r['code']}）：合计与基本支出+项目支出",
                      dec(r["total"]), sum(parts, Decimal(0)), terms=len(parts), page=r["page"])


@check("economic_totals", "经济分类：人员经费/公用经费合计等于各类之和")
def economic_totals(ctx):
    rows = ctx.facts.get("expenditure_economic")
    for category, label in (("personnel", "人员经费"), ("public", "公用经费")):
        total = next((r for r in rows if r["code"] == f"{category}_total"), None)
        parts = [r for r in rows if r["category"] == category and r["level"] == 1 and r["amount"] is not None]
        if total is None or not parts:
            continue
        yield compare("economic_totals", f"基本支出经济分类：{label}合计与各类之和", dec(total["amount"]),
                      sum((dec(r["amount"]) for r in parts), Decimal(0)), terms=len(parts),
                      page=total["page"], pages=[r["page"] for r in parts])
    for parent in (r for r in rows if r["level"] == 1 and r["amount"] is not None):
        kids = [r for r in rows if r["level"] == 2 and r["code"].startswith(parent["code"]) and r["amount"] is not None]
        if kids:
            yield compare("economic_totals", f"基本支出经济分类：{parent['name']}（{parent['code']}）与各款之和",
                          dec(parent["amount"]), sum((dec(k["amount"]) for k in kids), Decimal(0)),
                          terms=len(kids), page=parent["page"], pages=[k["page"] for k in kids])


@check("sangong_parts", "三公经费：合计=出国+公务用车+接待，公务用车=购置+运行维护")
def sangong_parts(ctx):
    items = {r["item"]: r for r in ctx.facts.get("sangong")}
    groups = (("total", ("overseas", "vehicle", "reception"), "“三公”经费合计与三项之和"),
              ("vehicle", ("vehicle_purchase", "vehicle_operation"), "公务用车购置及运行维护费与购置费+运行维护费"))
    for col, col_label in (("budget", "预算数"), ("actual", "决算数")):
        for whole, parts, what in groups:
            if whole not in items or items[whole][col] is None:
                continue
            values = [dec(items[p][col]) for p in parts if p in items and items[p][col] is not None]
            yield compare("sangong_parts", f"{what}（{col_label}）", dec(items[whole][col]),
                          sum(values, Decimal(0)), terms=len(values), page=items[whole]["page"])

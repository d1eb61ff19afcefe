"""Sums inside one table: totals balance, parents equal the sum of their children."""
from __future__ import annotations

from decimal import Decimal

from ..vocabulary import SANGONG_ITEMS, parts_of
from .base import CENT, COULD_NOT_RUN, UNRUN, Finding, check, finding, fmt, page_ref
from .judge import compare, whole_vs_parts
from .blame import cell, sum_figures

_TOTAL_ITEMS = ("总计", "收入总计", "支出总计")
_YEAR_SUMS = {"income": "本年收入合计", "expense": "本年支出合计"}
_SIDE = {"income": "收入", "expense": "支出"}
_FUND = {"all": "支出决算（全部资金）", "general": "一般公共预算财政拨款", "gov_fund": "政府性基金",
         "state_capital": "国有资本经营", "appropriation": "财政拨款"}
_COLUMN = {"total": "合计", "basic": "基本支出", "project": "项目支出"}


def _total_of(rows, side):
    return next((r for r in rows if r["side"] == side and r["item"] in _TOTAL_ITEMS), None)


WORDING = {
    "balance": "收入支出总表：收入总计与支出总计",
    "lines": "收入支出总表：{total}与{side}各行之和",
    "total_lines": "收入支出总表：{side}{total}与{year}及以下各行之和",
    "funds": "财政拨款收支总表 {line}：合计与各资金之和",
    "income_funds": "财政拨款收支总表 收入 {line}与各资金之和",
    "shifted": UNRUN + "{what}：合计 {total} 同时列在两种资金下（疑为续页表头少一列、数字错列）{where}",
    "classes": "合计与各类之和",
    "children": "{name}（{code}）与下级科目之和",
    "in_column": "{fund}{column}：{what}",
    "basic_project": "{fund} {name}（{code}）：合计与基本支出+项目支出{reserve}",
    "economic_total": "基本支出经济分类：{label}合计与各类之和",
    "economic_class": "基本支出经济分类：{name}（{code}）与各款之和",
    "sangong_total": "“三公”经费合计与三项之和",
    "vehicle_parts": "公务用车购置及运行维护费与购置费+运行维护费",
    "sangong": "{what}（{column}）",
}


@check("summary_balance", WORDING)
def summary_balance(ctx):
    rows = ctx.facts.get("summary")
    income, expense = _total_of(rows, "income"), _total_of(rows, "expense")
    if income and expense:
        yield compare(WORDING["balance"], income["amount"],
                      expense["amount"], page=income["page"], pages=[expense["page"]], facts=(income, expense))


@check("summary_lines_sum", WORDING)
def summary_lines_sum(ctx):
    for side, label in _YEAR_SUMS.items():
        rows = _side(ctx, side)
        idx = next((i for i, r in enumerate(rows) if r["item"] == label), None)
        if idx is None:  # a table without the year's sum line: its 总计 sums the lines above it
            idx = next((i for i, r in enumerate(rows) if r["item"] in _TOTAL_ITEMS), None)
        if idx is not None:
            yield _lines_sum(WORDING["lines"].format(total=rows[idx]["item"], side=_SIDE[side]),
                             rows[idx], rows[:idx], _outlined(rows))


@check("summary_total_sum", WORDING)
def summary_total_sum(ctx):
    for side, label in _YEAR_SUMS.items():
        rows = _side(ctx, side)
        start = next((i for i, r in enumerate(rows) if r["item"] == label), None)
        end = next((i for i, r in enumerate(rows) if r["item"] in _TOTAL_ITEMS), None)
        if start is not None and end is not None and start < end:
            yield _lines_sum(WORDING["total_lines"].format(side=_SIDE[side], total=rows[end]["item"], year=label),
                             rows[end], rows[start:end], _outlined(rows))


def _side(ctx, side: str) -> list[dict]:
    return [r for r in ctx.facts.get("summary") if r["side"] == side]


def _outlined(rows: list[dict]) -> bool:
    """Whether the parser read the side's outline (some line stands under another): then a line
    without a parent is a top-level line, not one whose place is unknown."""
    return any(r["parent"] for r in rows)


def _lines_sum(what: str, whole: dict, lines: list[dict], outlined: bool) -> Finding | None:
    """A summary total against its top-level lines (sub-lines are already in the line above).

    The parser records the line each line is printed under (from numbering and 其中); the top-level
    lines are those with no parent. A side printed without any of that (no numbering, no 其中) may still
    print a breakdown under a line, so there it is recognised by its figures: the run of lines right
    under a line that adds up to it. Lines that happen to add up to the line above are read both ways,
    and the sum that balances is the reading."""
    if outlined:
        readings = ([r for r in lines if r["parent"] is None],)
    else:
        readings = (_main_lines(lines), [r for r in lines if not r["item"].startswith("其中")])
    first = None
    for kept in readings:
        found = whole_vs_parts(what, (whole["item"], whole["amount"]),
                               [(r["item"], r["amount"]) for r in kept], page=whole["page"], facts=(whole, kept))
        if found is None or found.severity == "info":
            return found
        first = first or found
    return first


_GRANT_FUNDS = {"general": "一般公共预算", "gov_fund": "政府性基金", "state_capital": "国有资本经营"}


@check("grants_fund_columns", WORDING)
def grants_fund_columns(ctx):
    """Each expense line's 合计 column against its three fund columns, on layouts printing all three (a
    layout without one cannot say whether its 合计 holds it); on the income side, a line against the
    fund lines it sums: a heading's fund lines under it (上年结转: 一般公共预算拨款 …), and a total
    printed right after top-level fund lines (本年收入合计 of a 决算, 收入总计 of a 预算)."""
    rows = ctx.facts.get("grant_summary")
    lines: dict[tuple, dict[str, dict]] = {}
    for r in rows:
        if r["side"] == "expense":
            lines.setdefault((r["item"], r["parent"]), {})[r["fund"]] = r
    for (item, parent), funds in lines.items():
        if "all" in funds and funds.keys() >= _GRANT_FUNDS.keys():
            where = f"{parent}·{item}" if parent else item
            what = WORDING["funds"].format(line=where)
            if _shifted(funds):
                yield finding("warning", WORDING["shifted"].format(what=what, total=fmt(funds["all"]["amount"]),
                                                                    where=page_ref(funds["all"]["page"])),
                              funds["all"]["page"], subject=what, kind=COULD_NOT_RUN, facts=(funds["all"],))
                continue
            yield _fund_sum(what, funds["all"],
                            [(f"{where}（{name}）", funds[fund]) for fund, name in _GRANT_FUNDS.items()])
    for whole, parts in _income_sums([r for r in rows if r["side"] == "income"]):
        yield _fund_sum(WORDING["income_funds"].format(line=whole["item"]), whole,
                        [(p["item"] + (f"（{p['parent']}）" if p["parent"] else ""), p) for p in parts])


def _shifted(funds: dict[str, dict]) -> bool:
    """A line whose whole 合计 stands under two funds at once: no line is all of two funds, but 合计 | 小计
    | 其中 read under a header of one column fewer (a continuation page) prints that way."""
    whole = funds["all"]["amount"]
    return bool(whole) and sum(1 for f in _GRANT_FUNDS if funds[f]["amount"] == whole) >= 2


def _fund_sum(what: str, whole: dict, parts: list[tuple[str, dict]]) -> Finding | None:
    return whole_vs_parts(what, (whole["item"], whole["amount"]),
                          [(name, r["amount"]) for name, r in parts], page=whole["page"],
                          pages=[r["page"] for _, r in parts], facts=(whole, [r for _, r in parts]))


def _income_sums(income: list[dict]):
    """(whole, fund lines) on the income side: a heading and the fund lines under it, or a total and
    the top-level fund lines printed since the previous line of all funds."""
    since: list[dict] = []
    for r in income:
        if r["fund"] != "all":
            if r["parent"] is None and r["fund"] in _GRANT_FUNDS:
                since.append(r)
            continue
        if r["parent"] is None:
            under = [x for x in income if x["parent"] == r["item"] and x["fund"] in _GRANT_FUNDS]
            if under:
                yield r, under
            elif since and ("合计" in r["item"] or "总计" in r["item"]):
                yield r, since
        since = []


def _main_lines(lines: list[dict]) -> list[dict]:
    """The lines that are not a breakdown of another: neither 其中 lines nor a run that adds up to the line above."""
    sub: set[int] = set()
    for i, r in enumerate(lines):
        if i in sub:
            continue
        if r["item"].startswith("其中"):
            sub.add(i)
            continue
        sub.update(_breakdown(lines, i))
    return [r for i, r in enumerate(lines) if i not in sub]


def _breakdown(lines: list[dict], i: int) -> range:
    """Indexes of the lines right under lines[i] whose amounts first add up to it (empty if none do)."""
    parent = lines[i]["amount"]
    if not parent:
        return range(0)
    acc, terms = Decimal(0), 0
    for j in range(i + 1, len(lines)):
        value = lines[j]["amount"]
        if value is None:
            continue
        acc, terms = acc + value, terms + 1
        if abs(acc - parent) <= CENT * terms:
            return range(i + 1, j + 1)
        if acc > parent:
            break
    return range(0)


def _children(rows, parent_code):
    want = {3: 5, 5: 7}.get(len(parent_code))
    return [r for r in rows if want and len(r["code"]) == want and r["code"].startswith(parent_code)]


@check("function_hierarchy", WORDING)
def function_hierarchy(ctx):
    rows = ctx.facts.get("expenditure_function")
    for fund in dict.fromkeys(r["fund"] for r in rows):
        fund_rows = [r for r in rows if r["fund"] == fund]
        for parent in fund_rows:
            if parent["code"] == "total":
                kids = [r for r in fund_rows if len(r["code"]) == 3 and r["code"].isdigit()]
                what = WORDING["classes"]
            else:
                kids = _children(fund_rows, parent["code"])
                what = WORDING["children"].format(name=parent["name"], code=parent["code"])
            if not kids:
                continue
            for col, col_label in _COLUMN.items():
                yield _parent_sum(WORDING["in_column"].format(fund=_FUND.get(fund, fund), column=col_label, what=what),
                                  parent, kids, col)


def _parent_sum(what: str, parent: dict, kids: list[dict], col: str) -> Finding | None:
    """Parent against the sum of its children in one column (a blank child is named, never zeroed)."""
    return whole_vs_parts(what, _labelled(parent, col), [_labelled(k, col) for k in kids],
                          page=parent["page"], pages=[k["page"] for k in kids],
                          refs=(_cell(parent, col), [_cell(k, col) for k in kids]))


def _cell(row: dict, col: str):
    return cell("expenditure_function", row, col, f"{_FUND.get(row['fund'], row['fund'])} {_labelled(row, col)[0]}")


def _labelled(row: dict, col: str) -> tuple[str, Decimal | None]:
    return f"{row['name']}（{row['code']}）{_COLUMN[col]}", row[col]


@check("function_basic_project", WORDING)
def function_basic_project(ctx):
    for r in ctx.facts.get("expenditure_function"):
        if r["basic"] is None and r["project"] is None:
            continue
        parts = [v for v in (r["basic"], r["project"], r.get("reserve")) if v is not None]
        reserve = "+预留机动经费" if r.get("reserve") is not None else ""
        found = compare(WORDING["basic_project"].format(fund=_FUND.get(r["fund"], r["fund"]), name=r["name"], code=r["code"],
                                                reserve=reserve),
                        r["total"], sum(parts, Decimal(0)), terms=len(parts), page=r["page"], facts=(r,))
        if found and found.severity == "error":
            found.figures = sum_figures(_cell(r, "total"), r["total"],
                                           [(_cell(r, c), r[c]) for c in ("basic", "project") if r[c] is not None],
                                           CENT * len(parts))
        yield found


@check("economic_totals", WORDING)
def economic_totals(ctx):
    rows = ctx.facts.get("expenditure_economic")
    for category, label in (("personnel", "人员经费"), ("public", "公用经费")):
        total = next((r for r in rows if r["code"] == f"{category}_total"), None)
        parts = [r for r in rows if r["category"] == category and r["level"] == 1]
        if total is not None and parts:
            yield whole_vs_parts(WORDING["economic_total"].format(label=label),
                                 (f"{label}合计", total["amount"]), [_named(r) for r in parts],
                                 page=total["page"], pages=[r["page"] for r in parts], facts=(total, parts))
    for parent in (r for r in rows if r["level"] == 1):
        kids = [r for r in rows if r["level"] == 2 and r["code"].startswith(parent["code"])]
        if kids:
            yield whole_vs_parts(WORDING["economic_class"].format(name=parent["name"], code=parent["code"]),
                                 _named(parent), [_named(k) for k in kids], page=parent["page"],
                                 pages=[k["page"] for k in kids], facts=(parent, kids))


def _named(row: dict) -> tuple[str, Decimal | None]:
    return f"{row['name']}（{row['code']}）", row["amount"]


@check("sangong_parts", WORDING)
def sangong_parts(ctx):
    """A blank 三公 item usually means the unit has none (a budget without 出国 leaves that line empty or
    out), so it counts as nothing while the sum agrees. When the sum then falls short, an unprinted and
    an unread figure cannot be told apart: the check names the blank items instead of an error."""
    items = {r["item"]: r for r in ctx.facts.get("sangong")}
    groups = (("total", parts_of("total"), WORDING["sangong_total"]),
              ("vehicle", parts_of("vehicle"), WORDING["vehicle_parts"]))
    for col, col_label in (("budget", "预算数"), ("actual", "决算数")):
        for whole, parts, what in groups:
            if whole not in items:
                continue
            yield whole_vs_parts(WORDING["sangong"].format(what=what, column=col_label),
                                 (SANGONG_ITEMS[whole], items[whole][col]),
                                 [(SANGONG_ITEMS[p], items[p][col]) for p in parts if p in items],
                                 page=items[whole]["page"], facts=(items[whole], [items[p] for p in parts if p in items]))

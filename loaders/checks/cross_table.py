"""Agreements between tables: the same money printed in two places must match."""
from __future__ import annotations

import re
from decimal import Decimal

from ..judgement import JUDGEMENT
from .base import CENT, check, finding, fmt, page_ref, unrun
from .judge import compare, whole_vs_parts
from ..vocabulary import SANGONG
from .blame import cell

# 基本支出 economic lines that are part of a 三公 item: a part larger than its whole is an error.
_SANGONG_PARTS = sorted((i.economic, i.key, i.label) for i in SANGONG if i.economic)


def _one(rows, **key):
    return next((r for r in rows if all(r.get(k) == v for k, v in key.items())), None)


WORDING = {
    "over_sangong": "基本支出经济分类 {label}（{code}）{part} 大于“三公”经费表中的 {label} {whole}{where}",
    "rate": "{item}：完成率印为 {printed}%，按 {actual} ÷ {base} 计算为 {computed}%{where}",
    "carried": "{what}：财政拨款收支总表 {actual} 含上年结转 {carried}，支出表为 {expected}{where}",
    "year_sum": "支出表合计与收入支出总表本年支出合计",
    "class": "收入支出总表 {line} 与支出表 {name}（{code}）",
    "basic": "一般公共预算财政拨款基本支出与人员经费+公用经费",
    "execution": "情况说明 {item} 支出决算数与一般公共预算财政拨款支出表",
    "fund_total": "财政拨款收支总表{fund}支出合计与{fund}支出表合计",
    "fund_class": "财政拨款收支总表{line}（{fund}）与{fund}支出表",
}


@check("function_vs_summary", WORDING)
def function_vs_summary(ctx):
    total = _one(ctx.facts.get("expenditure_function"), fund="all", code="total")
    year_sum = _one(ctx.facts.get("summary"), side="expense", item="本年支出合计")
    if total and year_sum:
        yield compare(WORDING["year_sum"], year_sum["amount"],
                      total["total"], page=total["page"], pages=[year_sum["page"]], facts=(total, year_sum))


def _class_key(name: str) -> str:
    """'一般公共服务支出' and '一般公共服务' (budget summaries drop the word) name the same 类."""
    return re.sub(r"\s+", "", name or "").removesuffix("支出")


@check("summary_vs_function", WORDING)
def summary_vs_function(ctx):
    """The 收入支出总表 prints spending by 类 a second time: each line must equal the 支出表 (all funds) 类."""
    classes = {_class_key(r["name"]): r for r in ctx.facts.get("expenditure_function", fund="all", level=1)}
    for line in ctx.facts.get("summary", side="expense"):
        row = classes.get(_class_key(line["item"]))
        if row is None:
            continue
        yield whole_vs_parts(WORDING["class"].format(line=line["item"], name=row["name"], code=row["code"]),
                             (f"支出表 {row['name']}", row["total"]), [(f"收入支出总表 {line['item']}", line["amount"])],
                             page=line["page"], pages=[row["page"]], facts=(line, row),
                             refs=(cell("expenditure_function", row, "total", f"支出表 {row['name']}（{row['code']}）合计"),
                                   [cell("summary", line, "amount", f"收入支出总表 {line['item']}")]))


@check("basic_vs_economic", WORDING)
def basic_vs_economic(ctx):
    general = _one(ctx.facts.get("expenditure_function"), fund="general", code="total")
    econ = ctx.facts.get("expenditure_economic")
    personnel, public = _one(econ, code="personnel_total"), _one(econ, code="public_total")
    if general and general["basic"] is not None and personnel and public:
        parts = [r["amount"] for r in (personnel, public) if r["amount"] is not None]
        yield compare(WORDING["basic"], general["basic"],
                      sum(parts, Decimal(0)), terms=2, page=general["page"], pages=[personnel["page"]],
                      facts=(general, personnel, public))


@check("sangong_vs_economic", WORDING)
def sangong_vs_economic(ctx):
    col = "actual" if ctx.info.doc_kind == "final" else "budget"
    sangong = {r["item"]: r for r in ctx.facts.get("sangong")}
    for code, item, label in _SANGONG_PARTS:
        part = _one(ctx.facts.get("expenditure_economic"), code=code)
        whole = sangong.get(item)
        if not part or part["amount"] is None or not whole:
            continue
        p, w = part["amount"], whole[col] if whole[col] is not None else Decimal(0)
        if p > w + CENT:
            yield finding("error", WORDING["over_sangong"].format(label=label, code=code, part=fmt(p), whole=fmt(w),
                                                                   where=page_ref(part["page"], whole["page"])),
                          part["page"], w, p, facts=(part, whole))


@check("execution_rate", WORDING)
def execution_rate(ctx):
    for r in ctx.facts.get("budget_execution"):
        if r["completion_rate"] is None:
            continue
        base = r["budget"] if r["budget"] else r["budget_full_year"]
        if not base or r["actual"] is None:
            continue
        printed = r["completion_rate"]
        computed = (r["actual"] / base * 100).quantize(Decimal("0.01"))
        diff = abs(printed - computed)
        if diff <= CENT:
            continue
        severity = "info" if diff <= JUDGEMENT.rate_rounding else "error"
        yield finding(severity, WORDING["rate"].format(item=r["item"] or r["code"], printed=printed,
                                                        actual=fmt(r["actual"]), base=fmt(base),
                                                        computed=computed, where=page_ref(r["page"])),
                      r["page"], computed, printed, facts=(r,))


@check("execution_vs_function", WORDING)
def execution_vs_function(ctx):
    general = ctx.facts.get("expenditure_function", fund="general")
    for r in ctx.facts.get("budget_execution"):
        row = _one(general, code=r["code"]) if r["code"] else None
        if row is None or r["actual"] is None:
            continue
        yield compare(WORDING["execution"].format(item=r["item"] or r["code"]),
                      row["total"], r["actual"], page=r["page"], pages=[row["page"]], facts=(r, row))


_GRANT_FUNDS = {"general": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款",
                "state_capital": "国有资本经营预算财政拨款"}
_YEAR_SPENT = ("本年支出合计", "本年支出", "支出合计")  # the year's spending, before 年末结转和结余
_BUDGET_SPENT = ("支出总计", "总计")  # a budget's 总计 has no 年末结转 in it


def _grant_spent(rows: list[dict], fund: str, doc_kind: str | None) -> dict | None:
    """The grants table's figure of the year's spending from one fund (its 本年支出合计 line)."""
    items = _YEAR_SPENT + (_BUDGET_SPENT if doc_kind == "budget" else ())
    return next((r for item in items for r in rows if r["item"] == item and r["fund"] == fund and not r["parent"]),
                None)


def _carried_in(rows: list[dict], fund: str) -> Decimal | None:
    """The fund's 上年结转 / 年初结转和结余 on the income side: a budget may spend it in the grants
    table's column while its function table shows this year's appropriation only."""
    row = next((r for r in rows if r["side"] == "income" and r["fund"] == fund and "结转" in (r["parent"] or "")),
               None)
    return row["amount"] if row else None


def _nothing(value) -> bool:
    return value is None or value == 0


def _grant_vs(what: str, grant: dict, function: dict | None, carried: Decimal | None = None, printed: bool = True):
    """One grants figure against the function table's: blank and absent on both sides is nothing to
    check; one side missing is 无法核对 (a fund table the report does not print at all is the completeness
    check's to say); a budget difference equal to the carried-in funds is said, not an error."""
    expected = function["total"] if function else None
    actual = grant["amount"]
    if _nothing(expected) and _nothing(actual):
        return None
    if expected is not None and actual is not None and carried and actual - expected == carried:
        return finding("info", WORDING["carried"].format(what=what, actual=fmt(actual), carried=fmt(carried),
                                                          expected=fmt(expected),
                                                          where=page_ref(grant["page"], function["page"])),
                       grant["page"], expected, actual, facts=(grant, function))
    if function is None:
        return unrun(what, grant["page"], missing=["支出表合计"], facts=(grant,)) if printed else None
    return compare(what, expected, actual, page=grant["page"], pages=[function["page"]],
                   refs=(cell("expenditure_function", function, "total", f"{function['name']}（{function['code']}）"),
                         cell("grant_summary", grant, "amount", f"财政拨款收支总表 {grant['item']}")))


@check("grants_vs_function", WORDING)
def grants_vs_function(ctx):
    grants = ctx.facts.get("grant_summary")
    expense = [r for r in grants if r["side"] == "expense"]
    for fund, label in _GRANT_FUNDS.items():
        spent = _grant_spent(expense, fund, ctx.info.doc_kind)
        if spent is None:
            continue
        function = ctx.facts.get("expenditure_function", fund=fund)
        carried = _carried_in(grants, fund) if ctx.info.doc_kind == "budget" else None
        yield _grant_vs(WORDING["fund_total"].format(fund=label), spent,
                        _one(function, code="total"), carried, printed=bool(function))
        classes = {r["code"]: r for r in function if r["level"] == 1}
        by_name = {r["name"]: r for r in classes.values()}
        for row in expense:
            if row["fund"] != fund or row is spent:
                continue
            match = classes.get(row["code"]) if row["code"] else by_name.get(row["item"])
            if match:
                yield _grant_vs(WORDING["fund_class"].format(line=row["item"], fund=label),
                                row, match)

"""Agreements between tables: the same money printed in two places must match."""
from __future__ import annotations

from decimal import Decimal

from . import check, compare, dec, finding, fmt, page_ref

# 基本支出 economic lines that are part of a 三公 item: a part larger than its whole is an error.
_SANGONG_PARTS = (("30212", "overseas", "因公出国（境）费"), ("30217", "reception", "公务接待费"),
                  ("30231", "vehicle_operation", "公务用车运行维护费"))


def _one(rows, **key):
    return next((r for r in rows if all(r.get(k) == v for k, v in key.items())), None)


@check("function_vs_summary", "支出表合计等于收入支出总表本年支出合计")
def function_vs_summary(ctx):
    total = _one(ctx.facts.get("expenditure_function"), fund="all", code="total")
    year_sum = _one(ctx.facts.get("summary"), side="expense", item="本年支出合计")
    if total and year_sum:
        yield compare("function_vs_summary", "支出表合计与收入支出总表本年支出合计", dec(year_sum["amount"]),
                      dec(total["total"]), page=total["page"], pages=[year_sum["page"]])


@check("basic_vs_economic", "一般公共预算基本支出等于人员经费+公用经费")
def basic_vs_economic(ctx):
    general = _one(ctx.facts.get("expenditure_function"), fund="general", code="total")
    econ = ctx.facts.get("expenditure_economic")
    personnel, public = _one(econ, code="personnel_total"), _one(econ, code="public_total")
    if general and general["basic"] is not None and personnel and public:
        parts = [dec(r["amount"]) for r in (personnel, public) if r["amount"] is not None]
        yield compare("basic_vs_economic", "一般公共预算财政拨款基本支出与人员经费+公用经费", dec(general["basic"]),
                      sum(parts, Decimal(0)), terms=2, page=general["page"], pages=[personnel["page"]])


@check("sangong_vs_economic", "经济分类中的三公科目不超过三公经费")
def sangong_vs_economic(ctx):
    col = "actual" if ctx.info.doc_kind == "final" else "budget"
    sangong = {r["item"]: r for r in ctx.facts.get("sangong")}
    for code, item, label in _SANGONG_PARTS:
        part = _one(ctx.facts.get("expenditure_economic"), code=code)
        whole = sangong.get(item)
        if not part or part["amount"] is None or not whole:
            continue
        p, w = dec(part["amount"]), dec(whole[col]) if whole[col] is not None else Decimal(0)
        if p > w + Decimal("0.01"):
            yield finding("sangong_vs_economic", "error",
                          f"基本支出经济分类 {label}（{code}）{fmt(p)} 大于“三公”经费表中的 {label} {fmt(w)}"
                          f"{page_ref(part['page'], whole['page'])}", part["page"], w, p)


@check("execution_rate", "完成率等于决算数/年初预算数")
def execution_rate(ctx):
    for r in ctx.facts.get("budget_execution"):
        if r["completion_rate"] is None:
            continue
        base = r["budget"] if r["budget"] else r["budget_full_year"]
        if not base or r["actual"] is None:
            continue
        printed = dec(r["completion_rate"])
        computed = (dec(r["actual"]) / dec(base) * 100).quantize(Decimal("0.01"))
        diff = abs(printed - computed)
        if diff <= Decimal("0.01"):
            continue
        severity = "info" if diff <= Decimal("0.05") else "error"
        yield finding("execution_rate", severity,
                      f"{r['item'] or r['code']}：完成率印为 {printed}%，按 {fmt(dec(r['actual']))} ÷ {fmt(dec(base))} "
                      f"计算为 {computed}%{page_ref(r['page'])}", r["page"], computed, printed)


@check("execution_vs_function", "情况说明中的支出决算数等于一般公共预算支出表")
def execution_vs_function(ctx):
    general = ctx.facts.get("expenditure_function", fund="general")
    for r in ctx.facts.get("budget_execution"):
        row = _one(general, code=r["code"]) if r["code"] else None
        if row is None or r["actual"] is None:
            continue
        yield compare("execution_vs_function", f"情况说明 {r['item'] or r['code']} 支出决算数与一般公共预算财政拨款支出表",
                      dec(row["total"]), dec(r["actual"]), page=r["page"], pages=[row["page"]])

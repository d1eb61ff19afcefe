"""What the loader must read back from a factory report: the contract rows its tables print.

Each fact is (table, key, expect) as in the corpus gold files: key columns select the stored
row, expect holds the values (amounts in 万元, percentages as printed)."""
from __future__ import annotations

from decimal import Decimal

from .classification import CLASSES
from .figures import ZERO, Report, percent, rollup


def expected_facts(r: Report) -> list[tuple[str, dict, dict]]:
    facts = _summary(r) + _functions(r) + _economic(r) + _sangong(r)
    if r.kind == "final":
        facts += _execution(r) + _performance(r)
    else:
        facts += [("budget_projects", {"project": p.project},
                   {"total": p.total, "project_type": p.project_type, "unit_code": p.unit_code}) for p in r.projects]
    return facts


def _summary(r: Report) -> list:
    classes = {row["code"]: row["total"] for row in rollup(r.leaves, "total") if row["level"] == 1}
    if r.kind == "final":
        income = {"一般公共预算财政拨款收入": r.general_total, "政府性基金预算财政拨款收入": r.gov_income,
                  "其他收入": r.other_income, "本年收入合计": r.income_total, "年初结转和结余": r.carry_in,
                  "总计": r.income_total + r.carry_in}
        expense = {CLASSES[c]: v for c, v in classes.items()}
        expense.update({"本年支出合计": r.total, "年末结转和结余": r.carry_out, "总计": r.total + r.carry_out})
    else:
        income = {"一般公共预算": r.general_total, "政府性基金预算拨款收入": r.gov_income,
                  "本年收入合计": r.appropriation, "上年结转结余": r.carry_in, "收入总计": r.total}
        expense = {CLASSES[c].removesuffix("支出"): v for c, v in classes.items()}
        expense.update({"本年支出合计": r.total, "支出总计": r.total})
    return [("summary", {"side": side, "item": item}, {"amount": v})
            for side, lines in (("income", income), ("expense", expense)) for item, v in lines.items()]


def _functions(r: Report) -> list:
    out = []
    for fund, leaves in r.fund_leaves().items():
        if not leaves:
            continue
        rows = rollup(leaves, "total", "basic", "project")
        if r.kind == "budget":  # budgets print the 合计 and the 项 rows only
            rows = [row for row in rows if row["level"] in (0, 3)]
        out += [("expenditure_function", {"fund": fund, "code": row["code"]},
                 {"total": row["total"], "basic": row["basic"], "project": row["project"]}) for row in rows]
    return out


def _economic(r: Report) -> list:
    sums: dict[str, Decimal] = {}
    for e in r.economic:
        sums[e.code[:3]] = sums.get(e.code[:3], ZERO) + e.amount
        sums[e.code] = e.amount
    totals = r.economic_totals()
    sums["personnel_total"], sums["public_total"] = totals["personnel"], totals["public"]
    return [("expenditure_economic", {"code": code}, {"amount": v}) for code, v in sums.items()]


def _sangong(r: Report) -> list:
    actual = r.sangong_actual.items() if r.sangong_actual else {}
    return [("sangong", {"item": item}, {"budget": v, "actual": actual.get(item)})
            for item, v in r.sangong_budget.items().items()]


def _execution(r: Report) -> list:
    budget = sum((x.budget for x in r.general), ZERO)
    out = [("budget_execution", {"code": "total"},
            {"budget": budget, "actual": r.general_total, "completion_rate": percent(r.general_total, budget)})]
    out += [("budget_execution", {"code": x.code},
             {"budget": x.budget, "actual": x.total, "completion_rate": percent(x.total, x.budget)})
            for x in r.general]
    return out


def _performance(r: Report) -> list:
    out = []
    for ev in r.evaluations:
        out.append(("performance_projects", {"project": ev.project},
                    {"budget_initial": ev.budget_initial, "budget_full_year": ev.budget_full_year,
                     "executed": ev.executed, "execution_rate": ev.execution_rate, "score": ev.score}))
        out += [("performance_indicators", {"project": ev.project, "name": i.name},
                 {"target": i.target, "actual": i.actual, "weight": i.weight, "score": i.score})
                for i in ev.indicators]
    return out

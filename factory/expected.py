"""What the loader must read back from a factory report: the contract rows its tables print.

Each fact is (table, key, expect) as in the corpus gold files: key columns select the stored
row, expect holds the values (amounts in 万元, percentages as printed)."""
from __future__ import annotations

from decimal import Decimal

from . import disclosures
from .classification import CLASSES
from .figures import ZERO, Report, percent, rollup


def expected_facts(r: Report) -> list[tuple[str, dict, dict]]:
    facts = _summary(r) + _functions(r) + _economic(r) + _sangong(r) + _grants(r) + disclosures.expected(r)
    if r.kind == "final":
        facts += _execution(r) + _performance(r)
    else:
        facts += [("budget_projects", {"project": p.project},
                   {"total": p.total, "project_type": p.project_type, "unit_code": p.unit_code}) for p in r.projects]
        facts += _targets(r)
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


def _grants(r: Report) -> list:
    """财政拨款收入支出决算总表 / 财政拨款收支总体情况表: income lines under their heading, and each 类
    and total per fund (a budget's 一般公共预算 column also spends 上年结转)."""
    classes: dict[str, dict[str, Decimal]] = {}
    for fund, leaves in (("general", r.general), ("gov_fund", r.gov_fund), ("state_capital", r.state_capital)):
        for x in leaves:
            row = classes.setdefault(x.code[:3], {"general": ZERO, "gov_fund": ZERO, "state_capital": ZERO})
            row[fund] += x.total
    spent = {"general": r.general_total, "gov_fund": sum((x.total for x in r.gov_fund), ZERO),
             "state_capital": r.state_capital_total}
    if r.kind == "final":
        carried = "年初财政拨款结转和结余"
        income = [("一般公共预算财政拨款", None, "general", r.general_total),
                  ("政府性基金预算财政拨款", None, "gov_fund", r.gov_income),
                  ("国有资本经营预算财政拨款", None, "state_capital", r.state_capital_total),
                  ("本年收入合计", None, "all", r.appropriation), (carried, None, "all", r.carry_in),
                  ("政府性基金预算财政拨款", carried, "gov_fund", r.carry_in),
                  ("总计", None, "all", r.appropriation + r.carry_in)]
        totals = {"本年支出合计": spent, "年末财政拨款结转和结余": {"gov_fund": r.carry_out},
                  "总计": dict(spent, gov_fund=spent["gov_fund"] + r.carry_out)}
    else:
        income = [("本年收入", None, "all", r.appropriation), ("一般公共预算拨款", "本年收入", "general", r.general_total),
                  ("政府性基金预算拨款", "本年收入", "gov_fund", r.gov_income), ("上年结转", None, "all", r.carry_in),
                  ("收入合计", None, "all", r.total)]
        for x in r.leaves:  # what the three funds do not pay, 上年结转, is printed as 一般公共预算
            classes.setdefault(x.code[:3], {"general": ZERO, "gov_fund": ZERO, "state_capital": ZERO})
        for code, row in classes.items():
            row["general"] = sum((x.total for x in r.leaves if x.code[:3] == code), ZERO) - row["gov_fund"] \
                - row["state_capital"]
        totals = {"支出合计": {"general": r.total - r.gov_income - r.state_capital_total, "gov_fund": r.gov_income,
                           "state_capital": r.state_capital_total}}
    lines = [(CLASSES[c], row) for c, row in classes.items()] + list(totals.items())
    out = [("grant_summary", {"side": "income", "item": item, "parent": parent, "fund": fund}, {"amount": v})
           for item, parent, fund, v in income]
    return out + [("grant_summary", {"side": "expense", "item": item, "fund": f}, {"amount": v})
                  for item, row in lines for f, v in dict(row, all=sum(row.values(), ZERO)).items()]


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


def _targets(r: Report) -> list:
    """The targets a budget's 绩效目标表 print: each project's funds and indicators, the department's."""
    out = []
    for t in r.targets:
        out.append(("performance_projects", {"evaluation": "project_target", "project": t.project},
                    {"budget_initial": t.budget}))
        out += [("performance_indicators", {"evaluation": "project_target", "project": t.project, "name": i.name},
                 {"target": i.target, "weight": i.weight, "level1": i.level1, "level2": i.level2})
                for i in t.indicators]
    if r.department_targets:
        out.append(("performance_projects", {"evaluation": "department_target", "project": r.unit},
                    {"budget_initial": r.total}))
        out += [("performance_indicators", {"evaluation": "department_target", "project": r.unit, "name": i.name},
                 {"target": i.target, "level2": i.level2}) for i in r.department_targets]
    return out

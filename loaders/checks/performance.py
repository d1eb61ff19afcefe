"""Performance self-evaluations: an indicator cannot score more than its weight; 总分 = Σ 得分; 执行率 =
执行数 / 预算数. The last two need what the parser read of each printed table (its points and weights,
its funds row), which it leaves as evidence (Facts.evidence) for these checks.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..vocabulary import TOLERANCES
from . import check, compare, dec, finding, fmt, page_ref


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _named(who: str) -> str:
    """The project or department a self-evaluation is of ('项目支出绩效自评表“某项目”' → 某项目)."""
    m = re.search(r"“(.+)”", who)
    return m.group(1) if m else who


@check("performance_score_sum", "绩效自评：各项得分之和等于总分")
def score_sum(ctx):
    for e in ctx.facts.evidence.get("performance_score_sum", []):
        found = compare(f"{e['who']}各项得分之和与总分", e["score"], e["computed"],
                        terms=e["terms"], page=e["page"])
        weights, total_weight = e["weights"], e["total_weight"]
        if found and None not in (total_weight, weights) and weights != total_weight:
            found["message"] += f"；各项分值合计 {_num(weights)}，总分栏分值 {_num(total_weight)}（表内指标可能漏列或合并）"
        if found:
            yield found | {"subject": _named(e["who"])}


@check("performance_execution_rate", "绩效自评：执行率等于全年执行数除以全年预算数")
def execution_rate(ctx):
    for e in ctx.facts.evidence.get("performance_execution_rate", []):
        expected = (e["executed"] / e["full"] * 100).quantize(Decimal("0.01"))
        if abs(expected - e["rate"]) > TOLERANCES.rate_points:
            yield finding("warning",
                          f"{e['who']}：执行率印为 {_num(e['rate'])}%，按全年执行数 {_num(e['executed'])} ÷ 全年预算数 "
                          f"{_num(e['full'])} 应为 {expected}%{page_ref(e['page'])}", e["page"], expected, e["rate"])


@check("performance_score_weight", "绩效指标得分不超过分值")
def score_within_weight(ctx):
    for r in ctx.facts.get("performance_indicators"):
        score, weight = dec(r["score"]), dec(r["weight"])
        if score is None or weight is None or score <= weight:
            continue
        yield finding("error",
                      f"绩效自评“{r['project']}”指标“{r['name']}”得分 {fmt(score)} 超过分值 {fmt(weight)}"
                      f"{page_ref(r['page'])}", r["page"], weight, score)


_COUNTED = re.compile(r"(\d+)个(?:一级|二级)?项目(?:支出)?(?:进行|开展|实施)了?(?:绩效)?自评")
_SOME = re.compile(r"选取|抽取|重点|部分|其中")  # the report names only some of them


@check("performance_project_count", "情况说明所称自评项目个数与所列项目自评表一致")
def project_count(ctx):
    """'对 9 个项目进行了绩效自评' against the projects whose self-evaluations the report prints (their own
    tables or the rows of a 项目自评汇总表); said only where the report prints them and claims them all."""
    printed = {r["project"] for r in ctx.facts.get("performance_projects", evaluation="project")}
    if not printed:
        return
    pages = [r["page"] for r in ctx.facts.get("performance_projects", evaluation="project") if r["page"] is not None]
    for p in ctx.prose:
        m = _COUNTED.search(p.text)
        if m is None or _SOME.search(p.text[m.end():m.end() + 20]):
            continue
        claimed = int(m.group(1))
        if claimed != len(printed):
            page = p.page_at(m.start())
            listed = any(t["kind"] == "performance_summary" and t["fact_count"] for t in ctx.facts.tables)
            yield finding("error" if listed else "warning",  # a report may print only some projects' tables
                          f"情况说明称对 {claimed} 个项目开展绩效自评{page_ref(page)}，报告所列项目自评"
                          f"为 {len(printed)} 个{page_ref(*pages[:1])}", page, len(printed), claimed,
                          other_page=pages[0] if pages else None, subject=f"{claimed}个项目")


@check("performance_vs_final", "部门整体绩效自评表的全年执行数与决算本年支出合计一致")
def department_vs_final(ctx):
    """The 部门整体绩效自评表 of a 决算 prints the department's spending of the year a second time: a
    warning where it is not the 收入支出决算总表's 本年支出合计 (the two may count the money differently)."""
    if ctx.info.doc_kind != "final":
        return
    spent = next((r for r in ctx.facts.get("summary", side="expense", item="本年支出合计")), None)
    for r in ctx.facts.get("performance_projects", evaluation="department"):
        executed, total = dec(r["executed"]), dec(spent["amount"]) if spent else None
        if executed is None or total is None or abs(executed - total) <= TOLERANCES.cent:
            continue
        yield finding("warning", f"部门整体绩效自评表“{r['project']}”全年执行数 {fmt(executed)} 万元{page_ref(r['page'])}，"
                      f"收入支出决算总表本年支出合计为 {fmt(total)} 万元{page_ref(spent['page'])}，相差 "
                      f"{fmt(abs(executed - total))}", r["page"], total, executed, other_page=spent["page"],
                      subject=r["project"])

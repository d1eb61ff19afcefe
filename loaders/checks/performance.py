"""Performance self-evaluations: an indicator cannot score more than its weight; 总分 = Σ 得分; 执行率 =
执行数 / 预算数. The last two need what the parser read of each printed table (its points and weights,
its funds row), which it leaves as evidence (Facts.evidence) for these checks.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..judgement import JUDGEMENT
from .base import CENT, check, finding, fmt, page_ref, printed_line
from .judge import compare

WORDING = {
    "sum": "{who}各项得分之和与总分",
    "weights": "；各项分值合计 {weights}，总分栏分值 {total}（表内指标可能漏列或合并）",
    "rate": "{who}：执行率印为 {rate}%，按全年执行数 {executed} ÷ 全年预算数 {full} 应为 {expected}%{where}",
    "over_weight": "绩效自评“{project}”指标“{name}”得分 {score} 超过分值 {weight}{where}",
    "count": "情况说明称对 {claimed} 个项目开展绩效自评{where}，报告所列项目自评为 {printed} 个{printed_where}",
    "count_subject": "{claimed}个项目",
    "vs_final": "部门整体绩效自评表“{project}”全年执行数 {executed} 万元{where}，收入支出决算总表本年支出合计为 "
                "{total} 万元{total_where}，相差 {diff}",
}


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _named(who: str) -> str:
    """The project or department a self-evaluation is of ('项目支出绩效自评表“某项目”' → 某项目)."""
    m = re.search(r"“(.+)”", who)
    return m.group(1) if m else who


@check("performance_score_sum", WORDING)
def score_sum(ctx):
    for e in ctx.facts.evidence.get("performance_score_sum", []):
        found = compare(WORDING["sum"].format(who=e["who"]), e["score"], e["computed"],
                        terms=e["terms"], page=e["page"], facts=(e,))
        weights, total_weight = e["weights"], e["total_weight"]
        if found and None not in (total_weight, weights) and weights != total_weight:
            found.message += WORDING["weights"].format(weights=_num(weights), total=_num(total_weight))
        if found:
            found.subject = _named(e["who"])
            yield found


@check("performance_execution_rate", WORDING)
def execution_rate(ctx):
    for e in ctx.facts.evidence.get("performance_execution_rate", []):
        expected = (e["executed"] / e["full"] * 100).quantize(Decimal("0.01"))
        if abs(expected - e["rate"]) > JUDGEMENT.rate_points:
            yield finding("warning", WORDING["rate"].format(
                who=e["who"], rate=_num(e["rate"]), executed=_num(e["executed"]), full=_num(e["full"]),
                expected=expected, where=page_ref(e["page"])), e["page"], expected, e["rate"], facts=(e,))


@check("performance_score_weight", WORDING)
def score_within_weight(ctx):
    for r in ctx.facts.get("performance_indicators"):
        score, weight = r["score"], r["weight"]
        if score is None or weight is None or score <= weight:
            continue
        yield finding("error", WORDING["over_weight"].format(project=r["project"], name=r["name"], score=fmt(score),
                                                              weight=fmt(weight), where=page_ref(r["page"])),
                      r["page"], weight, score, facts=(r,))


_COUNTED = re.compile(r"(\d+)个(?:一级|二级)?项目(?:支出)?(?:进行|开展|实施)了?(?:绩效)?自评")
_SOME = re.compile(r"选取|抽取|重点|部分|其中")  # the report names only some of them


@check("performance_project_count", WORDING)
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
                          WORDING["count"].format(claimed=claimed, where=page_ref(page), printed=len(printed),
                                                  printed_where=page_ref(*pages[:1])), page, len(printed), claimed,
                          other_page=pages[0] if pages else None,
                          subject=WORDING["count_subject"].format(claimed=claimed),
                          facts=(printed_line(page, p.where_at(m.start())),
                                 ctx.facts.get("performance_projects", evaluation="project")))


@check("performance_vs_final", WORDING)
def department_vs_final(ctx):
    """The 部门整体绩效自评表 of a 决算 prints the department's spending of the year a second time: a
    warning where it is not the 收入支出决算总表's 本年支出合计 (the two may count the money differently)."""
    if ctx.info.doc_kind != "final":
        return
    spent = next((r for r in ctx.facts.get("summary", side="expense", item="本年支出合计")), None)
    for r in ctx.facts.get("performance_projects", evaluation="department"):
        executed, total = r["executed"], spent["amount"] if spent else None
        if executed is None or total is None or abs(executed - total) <= CENT:
            continue
        yield finding("warning", WORDING["vs_final"].format(
            project=r["project"], executed=fmt(executed), where=page_ref(r["page"]), total=fmt(total),
            total_where=page_ref(spent["page"]), diff=fmt(abs(executed - total))),
                      r["page"], total, executed, other_page=spent["page"], subject=r["project"], facts=(r, spent))

"""Performance self-evaluations: an indicator cannot score more than its weight; 总分 = Σ 得分; 执行率 =
执行数 / 预算数. The last two need what the parser read of each printed table (its points and weights,
its funds row), which it leaves as evidence (Facts.evidence) for these checks.
"""
from __future__ import annotations

from decimal import Decimal

from ..vocabulary import TOLERANCES
from . import check, compare, dec, finding, fmt, page_ref


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


@check("performance_score_sum", "绩效自评：各项得分之和等于总分")
def score_sum(ctx):
    for e in ctx.facts.evidence.get("performance_score_sum", []):
        found = compare(f"{e['who']}各项得分之和与总分", e["score"], e["computed"],
                        terms=e["terms"], page=e["page"])
        weights, total_weight = e["weights"], e["total_weight"]
        if found and None not in (total_weight, weights) and weights != total_weight:
            found["message"] += f"；各项分值合计 {_num(weights)}，总分栏分值 {_num(total_weight)}（表内指标可能漏列或合并）"
        if found:
            yield found


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

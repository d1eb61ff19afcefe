"""Performance self-evaluations: an indicator cannot score more than its weight.

总分 = Σ 得分 and 执行率 = 执行数 / 预算数 need the printed funds rows and are checked where those are
read (loaders/parsers/performance.py, check ids performance_score_sum / performance_execution_rate).
"""
from __future__ import annotations

from . import check, dec, finding, fmt, page_ref


@check("performance_score_weight", "绩效指标得分不超过分值")
def score_within_weight(ctx):
    for r in ctx.facts.get("performance_indicators"):
        score, weight = dec(r["score"]), dec(r["weight"])
        if score is None or weight is None or score <= weight:
            continue
        yield finding("performance_score_weight", "error",
                      f"绩效自评“{r['project']}”指标“{r['name']}”得分 {fmt(score)} 超过分值 {fmt(weight)}"
                      f"{page_ref(r['page'])}", r["page"], weight, score)

"""Self-evaluations that flatter: a high score the figures beside it do not bear out.

A project that spent less than 60% of its budget yet scores 90 or more (judgement.FLATTERY, which the
绩效自评 page reads too), or whose 预算执行率 points are
full, and an indicator whose printed value misses its printed target while it keeps every point, are
warnings naming the figures: the evaluation may be right, but a reader should look.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..judgement import FLATTERY
from .base import check, finding, fmt, page_ref

_FULL = Decimal(100)
_TARGET = re.compile(r"^(≥|>=|不低于|≤|<=|不高于|不超过|>|<|＞|＜|=)?\s*(\d+(?:\.\d+)?)\s*(%|％)?")
_VALUE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|％)?")
_AT_LEAST = ("≥", ">=", "不低于", ">", "＞", None, "=")


def _funds_points(project: dict, indicators: list[dict]) -> tuple[Decimal, Decimal] | None:
    """(points scored, points possible) of the 预算执行率 line: what the total has beyond the indicators."""
    weights = [r["weight"] for r in indicators]
    scores = [r["score"] for r in indicators]
    score = project["score"]
    if not indicators or None in weights or None in scores or score is None or sum(weights) >= _FULL:
        return None
    return score - sum(scores), _FULL - sum(weights)


WORDING = {
    "high_score": "绩效自评“{project}”执行率 {rate}%，{funds}自评总分 {score}{where}",
    "funds_full": "预算执行率得分 {points}（满分 {full}）、",
    "missed_target": "绩效自评“{project}”指标“{name}”目标 {target}、完成 {actual}，未达目标却得满分 {score}{where}",
}


@check("performance_flattery", WORDING)
def flattery(ctx):
    indicators = ctx.facts.get("performance_indicators")
    for p in ctx.facts.get("performance_projects"):
        rate, score = p["execution_rate"], p["score"]
        if p["evaluation"] != "project" or rate is None or score is None or rate >= FLATTERY.low_rate:
            continue
        funds = _funds_points(p, [r for r in indicators if r["project"] == p["project"]])
        full = funds is not None and funds[1] > 0 and funds[0] >= funds[1]
        if score < FLATTERY.high_score and not full:
            continue
        said = WORDING["funds_full"].format(points=fmt(funds[0]), full=fmt(funds[1])) if full else ""
        yield finding("warning",  # a rate and a score are not two sides of one figure: no 应为 / 实为
                      WORDING["high_score"].format(project=p["project"], rate=fmt(rate), funds=said, score=fmt(score),
                                                   where=page_ref(p["page"])), p["page"], subject=p["project"], facts=(p,))
    for r in indicators:
        missed = _misses(r["target"], r["actual"])
        weight, score = r["weight"], r["score"]
        if missed and weight and score is not None and score >= weight:
            yield finding("warning", WORDING["missed_target"].format(
                project=r["project"], name=r["name"], target=r["target"], actual=r["actual"], score=fmt(score),
                where=page_ref(r["page"])), r["page"], weight, score, subject=f"{r['project']}·{r['name']}",
                facts=(r,))


def _misses(target: str | None, actual: str | None) -> bool:
    """Whether a numeric value misses a numeric target ('≥95%' and '80%'); text targets are not judged."""
    t, a = _TARGET.match(target or ""), _VALUE.match(actual or "")
    if not t or not a or t.group(3) != a.group(2) or not t.group(2):
        return False
    goal, got = Decimal(t.group(2)), Decimal(a.group(1))
    if t.group(1) in _AT_LEAST:
        return got < goal if t.group(1) not in (">", "＞") else got <= goal
    return got > goal if t.group(1) not in ("<", "＜") else got >= goal

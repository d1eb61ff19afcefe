"""Year over year, within the report: a change stated in 万元 and in % must follow from the figures.

'收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%': last year's figure is
2995.39 + 56.95, and 56.95 of it is 1.87%. Where the sentence prints last year's figure too, the
change must be the difference. The claims (what, this year's and last year's figure, the base) are
kept as facts (prior_year_claims) so that the check against last year's loaded report
(cross_document.py) can run once that report is in the database.
"""
from __future__ import annotations

from decimal import Decimal

from ..prose import tolerance
from . import check, finding, fmt, page_ref
from .comparisons import Comparison
from .narrative import _WHAT, _percent_judge

_ITEM = {**_WHAT, "appropriation_total": "财政拨款收入支出总计"}


def _places(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def _slack(c: Comparison, change: Decimal, previous: Decimal) -> Decimal:
    """How far change / previous × 100 moves with the rounding of the printed figures."""
    t_change = tolerance(c.change.places) if c.change else tolerance(c.current.places) + tolerance(c.other.places)
    t_prev = tolerance(c.other.places) if c.other else tolerance(c.current.places) + t_change
    return 100 * (t_change / previous + change * t_prev / previous ** 2)


def what(c: Comparison) -> str:
    return _ITEM.get(c.key, "") if c.key else ""


@check("year_over_year", "情况说明中与上年相比的增减额、增减幅度与所述金额一致")
def year_over_year(ctx):
    for c in ctx.comparisons:
        previous = c.previous
        if c.form == "budget_actual" or previous is None or c.current is None:
            continue
        diff = abs(c.current.value - previous)
        where = page_ref(c.page, c.current.page)
        if c.other is not None and c.change is not None:
            tol = tolerance(c.current.places) + tolerance(c.other.places) + tolerance(c.change.places)
            if abs(diff - c.change.value) > tol:
                yield finding("error",
                              f"情况说明称{what(c)}比上年{c.word} {fmt(c.change.value)} 万元，但所述本年 "
                              f"{fmt(c.current.value)} 万元与上年 {fmt(c.other.value)} 万元相差 {fmt(diff)} 万元{where}",
                              c.page, diff, c.change.value)
        if c.percent is None or previous <= 0:
            continue  # from nothing, reports print 增长100% or nothing: no ratio to check
        computed = diff / previous * 100
        severity = _percent_judge(Decimal(c.percent), _places(c.percent), computed, _slack(c, diff, previous))
        if severity:
            yield finding(severity,
                          f"情况说明称{what(c)}比上年{c.word} {c.percent}%，按本年 {fmt(c.current.value)} 万元、"
                          f"上年 {fmt(previous)} 万元计算为 {computed:.2f}%{where}",
                          c.page, computed.quantize(Decimal("0.01")), Decimal(c.percent))


def claims(ctx) -> list[dict]:
    """What the narrative says last year's figures were, for the check against last year's report."""
    out = []
    for c in ctx.comparisons:
        if c.form == "budget_actual" or c.key is None or c.previous is None or c.current is None:
            continue
        out.append({"item_key": c.key, "item": what(c), "current": float(c.current.value),
                    "previous": float(c.previous), "places": c.current.places, "base": c.base,
                    "page": c.page})
    return out

"""Year over year, within the report: a change stated in 万元 and in % must follow from the figures.

'收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%': last year's figure is
2995.39 + 56.95, and 56.95 of it is 1.87%. Where the sentence prints last year's figure too, the
change must be the difference; where a table prints last year's figure beside this year's (上年预算数),
last year's figure the sentence gives or implies must be that one. The claims (what, this year's and last year's figure, the base) are
kept as facts (prior_year_claims) so that the check against last year's loaded report
(cross_document.py) can run once that report is in the database.
"""
from __future__ import annotations

from decimal import Decimal

from ..facts import place
from ..prose import tolerance
from ..vocabulary import DOC_KINDS
from .base import CENT, check, finding, fmt, page_ref
from .comparisons import Comparison
from ..prose import amounts
from .funds import ALL, function_rows, scope_of
from .narrative import _WHAT, _percent_judge, item_words, named_row, table_row

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


WORDING = {
    "change": "情况说明称{what}比上年{word} {change} 万元，但所述本年 {current} 万元与上年 {previous} 万元相差 {diff} 万元{where}",
    "percent": "情况说明称{what}比上年{word} {percent}%，按本年 {current} 万元、上年 {previous} 万元计算为 {computed:.2f}%{where}",
    "column": "情况说明所述{what}上年数为 {stated} 万元{where}，{table}所列上年数为 {printed} 万元{table_where}，相差 {diff}",
    "other_basis": "{said}（口径不同：情况说明为上年{base}数，表格为上年{column}数，仅供参考）",
    "rounding": "{said}（四舍五入尾差）",
}


@check("year_over_year", WORDING)
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
                yield finding("error", WORDING["change"].format(
                    what=what(c), word=c.word, change=fmt(c.change.value), current=fmt(c.current.value),
                    previous=fmt(c.other.value), diff=fmt(diff), where=where), c.page, diff, c.change.value,
                    facts=c.lines())
        if c.percent is None or previous <= 0:
            continue  # from nothing, reports print 增长100% or nothing: no ratio to check
        computed = diff / previous * 100
        severity = _percent_judge(Decimal(c.percent), _places(c.percent), computed, _slack(c, diff, previous))
        if severity:
            yield finding(severity, WORDING["percent"].format(
                what=what(c), word=c.word, percent=c.percent, current=fmt(c.current.value), previous=fmt(previous),
                computed=computed, where=where),
                          c.page, computed.quantize(Decimal("0.01")), Decimal(c.percent), facts=c.lines())


@check("year_over_year_columns", WORDING)
def year_over_year_columns(ctx):
    """Last year's figure the sentence gives (or implies by the change) against the table's 上年 column;
    a column of another base (上年预算数 against a 上年决算 the sentence speaks of) is said, not an error."""
    for c in ctx.comparisons:
        found = _printed_row(ctx.facts, c) if c.form != "budget_actual" else None
        stated = c.previous
        if not found or stated is None or found[0].get("previous") is None:
            continue
        row, _, where = found
        printed = Decimal(str(row["previous"]))
        diff = abs(stated - printed)
        slack = _stated_slack(c)
        if diff <= slack:
            continue
        said = WORDING["column"].format(what=what(c), stated=fmt(stated), where=page_ref(c.page), table=where,
                                        printed=fmt(printed), table_where=page_ref(row["page"]), diff=fmt(diff))
        column_base = row.get("previous_basis") or None
        if c.base and column_base and c.base != column_base:
            yield finding("info", WORDING["other_basis"].format(said=said, base=DOC_KINDS[c.base],
                                                                 column=DOC_KINDS[column_base]), c.page, printed, stated, other_page=row["page"],
                          facts=(c.lines(), row))
        else:
            severity = "info" if diff <= slack + CENT else "error"
            yield finding(severity, WORDING["rounding"].format(said=said) if severity == "info" else said, c.page, printed, stated,
                          other_page=row["page"], facts=(c.lines(), row))


def _printed_row(facts, c: Comparison):
    """(row, column, table) the comparison's figure is printed in, in the fund its sentence speaks of."""
    about = subject(facts, c)
    if about is None:
        return None
    key, _, scope = about[0].partition("@")
    if key.startswith("function:"):
        row = next((r for r in function_rows(facts, scope or ALL) if r["code"] == key[len("function:"):]), None)
        return row and (row, "total", "功能分类支出表")
    return table_row(facts, key, scope or ALL)


def _stated_slack(c: Comparison) -> Decimal:
    """How far the rounding of the printed figures lets last year's stated (or implied) figure move."""
    if c.other is not None:
        return tolerance(c.other.places)
    return tolerance(c.current.places) + (tolerance(c.change.places) if c.change else 0)


def subject(facts, c: Comparison) -> tuple[str, str] | None:
    """(claim key, what it is) of the figure a comparison is about: a statement key in the fund its sentence
    speaks of ('basic@general'), or the 功能分类 row its words name ('function:2010201@appropriation')."""
    p = c.passage
    if p is None or c.current is None:
        return None
    scope = scope_of(p, c.current.start)
    if c.key:
        return (c.key if scope == ALL else f"{c.key}@{scope}"), what(c)
    named = named_row(facts, scope, item_words(p, c.current.start, amounts(p)))
    if named is None or not named[0].get("code"):
        return None
    row = named[0]
    return f"function:{row['code']}@{scope}", f"{row['name']}（{row['code']}）"


def claims(ctx) -> list[dict]:
    """What the narrative says last year's figures were (基本支出, 项目支出, the totals, 三公 items, each 类, 款
    and 项 it names), for the check against last year's report."""
    out = []
    for c in ctx.comparisons:
        if c.form == "budget_actual" or c.previous is None or c.current is None:
            continue
        about = subject(ctx.facts, c)
        if about is None:
            continue
        claim = {"item_key": about[0], "item": about[1], "current": c.current.value,
                 "previous": c.previous, "places": c.current.places, "base": c.base, "page": c.page}
        # the line stating this year's figure, when on the claim's page: a finding against last year's report stands there
        place(claim, c.current.where if c.current.page == c.page else None)
        out.append(claim)
    return out

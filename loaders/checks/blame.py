"""One finding per misprinted figure: the figure that is wrong where the others agree.

A misprinted cell breaks every sum it stands in (its 类's, the 合计's, 合计 = 基本 + 项目, the 收支总表's copy),
and a misprinted narrative amount every comparison made with it (its table, its share, the list it is
part of). Each finding names the printed figures it compares (Figure: which cell or which amount, and the
values that figure could take for the finding to go away). Where several findings share one figure and
agree on what it should be, that figure is the one misprinted: they become one finding that names it,
says what the other figures make it, and lists what it broke.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .base import MESSAGES, Finding, blamed, fmt, page_ref, printed_line


@dataclass(frozen=True)
class Figure:
    """A printed figure a finding compares: its identity in the report, how a reader finds it, and the
    values (lo..hi) it would have to hold for the finding to go away."""
    id: tuple  # ('t', page, value) a narrative amount; ('f', fund, code, column) a 功能分类 cell; …
    label: str  # what it is, in Chinese ('情况说明所称住房保障支出', '支出表 住房保障支出（221）合计')
    page: int | None
    value: Decimal
    lo: Decimal
    hi: Decimal
    fact: dict | None = field(default=None, compare=False)  # the fact row (or printed line) holding it


@dataclass(frozen=True)
class Ref:
    """Which printed figure a value is, before a check knows what it should be."""
    id: tuple
    label: str
    page: int | None
    fact: dict | None = field(default=None, compare=False)  # the fact row (or printed line) holding it

    def should(self, value: Decimal, be: Decimal, slack: Decimal) -> Figure:
        """This figure, printed as value, where the finding would go away if it were be (± slack)."""
        return Figure(self.id, self.label, self.page, value, be - slack, be + slack, self.fact)


def cell(table: str, row: dict, column: str, label: str) -> Ref:
    """A table cell: its table, the keys that name its row, its column (and the row, for where it was printed)."""
    keys = {"expenditure_function": ("fund", "code"), "summary": ("side", "item"), "sangong": ("item",),
            "grant_summary": ("side", "fund", "item", "parent"), "expenditure_economic": ("code",)}[table]
    return Ref((table, *(row.get(k) for k in keys), column), label, row.get("page"), row)


def sum_figures(whole: Ref | None, value: Decimal, parts: list[tuple[Ref | None, Decimal]], slack: Decimal
                ) -> list[Figure]:
    """The figures of a whole that is not the sum of its parts: the whole should be the sum, or any one
    part should be what makes the sum the whole."""
    total = sum((v for _, v in parts), Decimal(0))
    gap = value - total
    return ([whole.should(value, total, slack)] if whole else []) + [r.should(v, v + gap, slack) for r, v in parts if r]


def stated(label: str, value: Decimal, page, where=None) -> Ref:
    """An amount or percentage the narrative states (where: the line printing it)."""
    return Ref(("text", page, str(value)), label, page, printed_line(page, where))


def facts_of(figures) -> list[dict]:
    """The fact rows (or printed lines) holding the figures, in their order."""
    return blamed(*(f.fact for f in figures or ()))


def consolidate(found: list[Finding]) -> list[Finding]:
    """Findings that share a figure and agree on what it should be, merged into one naming that figure
    (at least one of them an error); the others unchanged, in their order."""
    pool = [f for f in found if f.figures]
    merged: dict[int, Finding] = {}  # id() of the first finding of a group → the merged finding
    gone: set[int] = set()
    while True:
        group, fig = _largest_group([f for f in pool if id(f) not in gone])
        if not group:
            break
        gone.update(id(f) for f in group)
        merged[id(group[0])] = _merge(group, fig)
    return [merged.get(id(f), f) for f in found if id(f) not in gone or id(f) in merged]


def _largest_group(pool: list[Finding]) -> tuple[list[Finding], Figure | None]:
    """The most findings (two or more, one an error) that share a figure with a common value for it."""
    best, best_fig = [], None
    ids = {fig.id for f in pool if f.severity == "error" for fig in f.figures}
    for fid in ids:
        holding = [(f, next(g for g in f.figures if g.id == fid)) for f in pool
                   if any(g.id == fid for g in f.figures)]
        holding.sort(key=lambda fg: fg[0].severity != "error")  # errors first: they choose the value
        lo, hi, group, first = None, None, [], None
        for f, g in holding:
            nlo, nhi = (g.lo, g.hi) if lo is None else (max(lo, g.lo), min(hi, g.hi))
            if nlo <= nhi:
                lo, hi, first = nlo, nhi, first or g
                group.append(f)
        if len(group) >= 2 and len(group) > len(best) and group[0].severity == "error":
            best, best_fig = group, Figure(first.id, first.label, first.page, first.value, lo, hi)
    return best, best_fig


def _merge(group: list[Finding], fig: Figure) -> Finding:
    """One finding for a misprinted figure: it named, what the others make it, what it broke."""
    primary = next((f for f in group if f.figures[0].id == fig.id and f.severity == "error"), group[0])
    rest = [f for f in group if f is not primary]
    should = (fig.lo + fig.hi) / 2
    value = should.quantize(Decimal("0.01")) if abs(should - should.quantize(Decimal("0.01"))) < Decimal("0.001") \
        else should
    tail = "；".join(f.message for f in rest)
    return replace(primary, facts=blamed(fig.fact, primary.facts), message=MESSAGES["misprinted"].format(
                       figure=fig.label, value=fmt(fig.value), where=page_ref(fig.page), count=len(group),
                       should=fmt(value), first=primary.message, others=tail),
                   page=fig.page if fig.page is not None else primary.page, expected=value,
                   actual=fig.value, subject=fig.label,
                   other_page=primary.other_page if primary.figures[0].id == fig.id else primary.page)

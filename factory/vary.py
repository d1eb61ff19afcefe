"""More reports from a few: the bundled figures scaled to other units and years, sums kept exact.

Every leaf is scaled and rounded to the cent; where a printed identity ties leaves of different
tables together (基本支出 by economic class = by function, 项目支出表 = 项目支出, budget splits),
the rounding remainder goes to the largest item, so validate() still holds."""
from __future__ import annotations

import random
import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .figures import ZERO, Leaf, Report, Split, load, money, validate

FIGURES = Path(__file__).parent / "figures"
REGIONS = ("示例市", "样本县", "东湖区", "西山县", "南河市", "北原县", "青川区", "临江市")
DEPARTMENTS = ("财政局", "教育局", "卫生健康委员会", "民政局", "自然资源局", "生态环境局", "交通运输局",
               "农业农村局", "文化广电和旅游局", "市场监督管理局", "统计局", "审计局", "人力资源和社会保障局")


def scaled(r: Report, factor: float | Decimal, unit: str | None = None, year: int | None = None) -> Report:
    """The report's figures × factor (as another unit or year when given), all sums still exact."""
    k = Decimal(str(factor))

    def s(v: Decimal | None) -> Decimal | None:
        return None if v is None else money(v * k)

    def leaf(x: Leaf) -> Leaf:
        basic, project = s(x.basic), s(x.project)
        split = x.split and _split(x.split, k, basic, project)
        extra = {"carry_in": s(x.carry_in), "carry_out": s(x.carry_out)} if hasattr(x, "carry_in") else {}
        return replace(x, basic=basic, project=project, split=split, budget=s(x.budget), **extra)

    general = [leaf(x) for x in r.general]
    gov = [leaf(x) for x in r.gov_fund]
    for x in gov:  # what was carried in cannot exceed what was spent and carried out
        x.carry_in = min(x.carry_in, x.total + x.carry_out)
    state = [leaf(x) for x in r.state_capital]
    leaves = [_cover(leaf(x), [f for f in general + gov + state if f.code == x.code]) for x in r.leaves]
    year = year or r.year
    published = re.sub(r"^\d{4}", str(year + int(r.published[:4]) - r.year), r.published)
    out = replace(
        r, unit=unit or r.unit, year=year, published=published, leaves=leaves, general=general, gov_fund=gov,
        state_capital=state, economic=_economic(r, general, s),
        sangong_budget=_sangong(r.sangong_budget, s),
        sangong_actual=r.sangong_actual and _sangong(r.sangong_actual, s),
        evaluations=[replace(e, budget_initial=s(e.budget_initial), budget_full_year=s(e.budget_full_year),
                             executed=min(s(e.executed), s(e.budget_full_year))) for e in r.evaluations],
        projects=_projects(r, leaves, general, gov, s),
        disclosures=_disclosures(r.disclosures, s), targets=[replace(t, budget=s(t.budget)) for t in r.targets],
        sub_units=_sub_units(r, out_unit) if (out_unit := unit or r.unit) != r.unit else r.sub_units)
    return validate(out)


def _disclosures(d, s):
    """The stated amounts scaled; what went to small firms kept within what was bought after rounding."""
    out = replace(d, **{k: s(v) for k, v in d.amounts().items()})
    out.sme = min(out.sme, out.procurement)
    out.small_micro = min(out.small_micro, out.sme)
    return out


def _sub_units(r: Report, unit: str) -> dict[str, str]:
    """Another unit has its own subordinate units: the first is the unit itself."""
    return {code: unit if i == 0 else f"{unit}直属单位{i}" for i, code in enumerate(r.sub_units)}


def _sangong(sg, s):
    return replace(sg, overseas=s(sg.overseas), vehicle_purchase=s(sg.vehicle_purchase),
                   vehicle_operation=s(sg.vehicle_operation), reception=s(sg.reception))


def _split(sp: Split, k: Decimal, basic: Decimal, project: Decimal) -> Split:
    parts = {f: money(getattr(sp, f) * k) for f in ("wages", "family", "public", "running", "specific")}
    _settle(parts, ("wages", "family", "public"), basic)
    _settle(parts, ("running", "specific"), project)
    return Split(**parts)


def _settle(values: dict, keys: tuple[str, ...], target: Decimal) -> None:
    """Put the rounding remainder on the largest of keys so that they sum to target."""
    diff = target - sum((values[key] for key in keys), ZERO)
    if diff:
        values[max(keys, key=lambda key: values[key])] += diff


def _cover(x: Leaf, funds: list[Leaf]) -> Leaf:
    """An all-funds leaf at least as large as its funds after rounding."""
    basic = max(x.basic, sum((f.basic for f in funds), ZERO))
    project = max(x.project, sum((f.project for f in funds), ZERO))
    if (basic, project) == (x.basic, x.project):
        return x
    split = x.split
    if split:
        split = replace(split, wages=split.wages + basic - x.basic, specific=split.specific + project - x.project)
    return replace(x, basic=basic, project=project, split=split)


def _economic(r: Report, general: list[Leaf], s) -> list:
    items = [replace(e, amount=s(e.amount)) for e in r.economic]
    if not items:
        return items
    values = {i: e.amount for i, e in enumerate(items)}
    if general and all(x.split for x in general):
        for category, target in (("personnel", sum((x.split.wages + x.split.family for x in general), ZERO)),
                                 ("public", sum((x.split.public for x in general), ZERO))):
            keys = tuple(i for i, e in enumerate(items) if e.category == category)
            if keys:
                _settle(values, keys, target)
    else:
        _settle(values, tuple(values), sum((x.basic for x in general), ZERO))
    return [replace(e, amount=values[i]) for i, e in enumerate(items)]


def _projects(r: Report, leaves, general, gov, s) -> list:
    items = [replace(p, general=s(p.general), gov_fund=s(p.gov_fund), carry=s(p.carry)) for p in r.projects]
    if not items:
        return items
    targets = {"general": sum((x.project for x in general), ZERO), "gov_fund": sum((x.project for x in gov), ZERO)}
    targets["carry"] = sum((x.project for x in leaves), ZERO) - targets["general"] - targets["gov_fund"]
    for column, target in targets.items():
        values = {i: getattr(p, column) for i, p in enumerate(items)}
        keys = tuple(i for i, p in enumerate(r.projects) if getattr(p, column)) or tuple(values)
        _settle(values, keys, target)
        items = [replace(p, **{column: values[i]}) for i, p in enumerate(items)]
    return items


@lru_cache(maxsize=1)
def bundled() -> tuple[Report, ...]:
    """The figures files shipped with the factory (the seeds' figures), in name order."""
    return tuple(load(p) for p in sorted(FIGURES.glob("*.json")))


def varied(n_units: int, n_years: int, seed: int = 0, first_year: int = 2015) -> Iterator[Report]:
    """n_units × n_years reports of fictional units, deterministic for a seed.

    Each unit starts from one bundled report (its layout and line items) at its own size and
    grows by a few percent a year with some noise; kind alternates over the templates."""
    rng = random.Random(seed)
    templates = bundled()
    for u in range(n_units):
        name = f"{REGIONS[u % len(REGIONS)]}{DEPARTMENTS[u // len(REGIONS) % len(DEPARTMENTS)]}"
        if u >= len(REGIONS) * len(DEPARTMENTS):
            name = f"{REGIONS[u % len(REGIONS)]}第{u // (len(REGIONS) * len(DEPARTMENTS)) + 1}{name[3:]}"
        size = rng.uniform(0.3, 3.0)
        growth = rng.uniform(-0.03, 0.08)
        for y in range(n_years):
            template = templates[(u + y) % len(templates)]
            factor = round(size * (1 + growth) ** y * rng.uniform(0.95, 1.05), 4)
            yield scaled(template, factor, unit=name, year=first_year + y)

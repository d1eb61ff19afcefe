"""The figures of one report, typed and self-checking.

A figures file holds only the leaves (项 rows, economic 款, 三公 parts, project rows); every sum a
report prints (类, 款, 合计, totals, 人员/公用经费, 三公 合计, 总分) is derived from them, so a
report drawn from figures always adds up. validate() checks what cannot be derived: that the
fund tables fit inside the all-funds table, that 基本支出 by economic class equals 基本支出 by
function, that budget projects add up to 项目支出.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from loaders.vocabulary import VEHICLE_KINDS  # (the car kinds a report states, as the loader reads them)

from .classification import CLASSES, ECONOMIC_CLASSES, SECTIONS

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
KINDS = ("final", "budget")
SCOPES = ("department", "unit")
LAYOUTS = {"final": ("final2023", "final2021"), "budget": ("budget2026",)}
FUNDS_WEIGHT = Decimal(10)  # points for 预算执行率 in a self-evaluation
MANAGEMENT = (("安排科学性", "资金安排科学合理"), ("拨付合规性", "资金拨付符合规定"),
              ("使用规范性", "资金使用规范"), ("预算绩效管理情况", "项目绩效管理规范"))
MANAGEMENT_WEIGHT = Decimal(5)  # each 资金管理情况 line, always scored in full


class FigureError(ValueError):
    """Figures that do not add up or do not fit the layout; the message says which."""


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if not whole else (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Split:
    """The finer columns of a budget's 基本支出 and 项目支出."""
    wages: Decimal = ZERO  # 人员经费 工资福利支出
    family: Decimal = ZERO  # 人员经费 对个人和家庭的补助
    public: Decimal = ZERO  # 公用经费
    running: Decimal = ZERO  # 项目支出 其他运转类
    specific: Decimal = ZERO  # 项目支出 特定目标类


@dataclass
class Leaf:
    """A 项 row of a 功能分类 table; a general-fund leaf of a 决算 also carries its 年初预算."""
    code: str
    name: str
    basic: Decimal = ZERO
    project: Decimal = ZERO
    split: Split | None = None
    budget: Decimal | None = None  # 年初预算 (决算 narrative)
    reason: str = ""  # why 决算 differs from 年初预算

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@dataclass
class FundLeaf(Leaf):
    """A 政府性基金 leaf: what was carried in and out besides what was spent."""
    carry_in: Decimal = ZERO
    carry_out: Decimal = ZERO

    @property
    def income(self) -> Decimal:
        return self.total + self.carry_out - self.carry_in


@dataclass
class Economic:
    code: str  # 款, five digits
    name: str
    amount: Decimal

    @property
    def category(self) -> str:
        return ECONOMIC_CLASSES[self.code[:3]][1]


@dataclass
class Sangong:
    overseas: Decimal = ZERO
    vehicle_purchase: Decimal = ZERO
    vehicle_operation: Decimal = ZERO
    reception: Decimal = ZERO

    @property
    def vehicle(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> Decimal:
        return self.overseas + self.vehicle + self.reception

    def items(self) -> dict[str, Decimal]:
        """The six contract items (sangong.item) with their amounts."""
        return {"total": self.total, "overseas": self.overseas, "vehicle": self.vehicle,
                "vehicle_purchase": self.vehicle_purchase, "vehicle_operation": self.vehicle_operation,
                "reception": self.reception}


@dataclass
class Indicator:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: Decimal
    score: Decimal
    reason: str = ""

    @property
    def deviation(self) -> Decimal:
        return percent(self.score - self.weight, self.weight) or ZERO


@dataclass
class Evaluation:
    """One 项目支出绩效自评表."""
    project: str
    budget_initial: Decimal
    budget_full_year: Decimal
    executed: Decimal
    goal: str
    indicators: list[Indicator]

    @property
    def execution_rate(self) -> Decimal:
        return percent(self.executed, self.budget_full_year) or ZERO

    @property
    def funds_score(self) -> Decimal:
        return (FUNDS_WEIGHT * min(self.execution_rate, Decimal(100)) / 100).quantize(CENT, ROUND_HALF_UP)

    @property
    def score(self) -> Decimal:
        return self.funds_score + MANAGEMENT_WEIGHT * len(MANAGEMENT) + sum(i.score for i in self.indicators)


@dataclass
class TargetIndicator:
    """An indicator a budget sets: its levels, name, 指标值 and 分值 (None in a form without weights)."""
    level1: str
    level2: str
    name: str
    target: str
    weight: Decimal | None = None
    note: str = ""  # 指标值说明 (the 部门整体 form)


@dataclass
class Target:
    """One 项目支出绩效目标表 of a 预算: the project, its 年度资金总额, goal and indicators."""
    project: str
    budget: Decimal
    goal: str
    indicators: list[TargetIndicator]


@dataclass
class Project:
    """A row of a budget's 项目支出表."""
    unit_code: str
    project: str
    project_type: str  # 其他运转类 / 特定目标类
    general: Decimal = ZERO
    gov_fund: Decimal = ZERO
    carry: Decimal = ZERO  # 上年结转 一般公共预算

    @property
    def total(self) -> Decimal:
        return self.general + self.gov_fund + self.carry





@dataclass
class Disclosures:
    """What a report states beyond its tables (factory/disclosures.py prints it): 机关运行经费, 政府采购,
    国有资产占用, 人员. Counts are whole; None is a figure the report does not state."""
    operating_costs: Decimal = ZERO
    operating_costs_prior: Decimal | None = None  # last year's, which the report states as a change
    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO
    sme: Decimal = ZERO  # 授予中小企业合同金额 (预算: 面向中小企业预留)
    small_micro: Decimal = ZERO  # of which to 小微企业
    vehicles: dict[str, int] = field(default_factory=dict)  # VEHICLE_KINDS item → count
    equipment_general: int = 0  # 单价50万元以上通用设备
    equipment_special: int = 0  # 单价100万元以上专用设备
    assets_total: Decimal | None = None
    authorized: int | None = None  # 编制数
    staff: int | None = None  # 实有人数
    retired: int | None = None

    @property
    def procurement(self) -> Decimal:
        return self.goods + self.works + self.services

    @property
    def vehicle_total(self) -> int:
        return sum(self.vehicles.values())

    def amounts(self) -> dict[str, Decimal | None]:
        """The amount fields (万元), for scaling and validation."""
        return {f: getattr(self, f) for f in ("operating_costs", "operating_costs_prior", "goods", "works", "services",
                                               "sme", "small_micro", "assets_total")}


@dataclass
class Report:
    unit: str
    year: int
    kind: str  # 'final' | 'budget'
    scope: str  # 'department' | 'unit'
    layout: str
    published: str  # date line of the cover, e.g. '2024年10月'
    leaves: list[Leaf]  # fund 'all'
    general: list[Leaf]
    gov_fund: list[FundLeaf] = field(default_factory=list)
    state_capital: list[Leaf] = field(default_factory=list)
    economic: list[Economic] = field(default_factory=list)
    sangong_budget: Sangong = field(default_factory=Sangong)
    sangong_actual: Sangong | None = None  # 决算 only
    evaluations: list[Evaluation] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    sub_units: dict[str, str] = field(default_factory=dict)  # budget: unit code → name, first = department
    disclosures: Disclosures = field(default_factory=Disclosures)
    targets: list[Target] = field(default_factory=list)  # 预算: 项目支出绩效目标表
    department_targets: list[TargetIndicator] = field(default_factory=list)  # 预算: 部门整体绩效目标表
    goal: str = ""  # 预算: the 年度履职目标 of the 部门整体 form
    notice: str = ""  # a line printed under the cover title: the bundled samples say they are fictional

    # ------------------------------------------------------------ totals the tables print
    @property
    def total(self) -> Decimal:
        return sum((x.total for x in self.leaves), ZERO)

    @property
    def general_total(self) -> Decimal:
        return sum((x.total for x in self.general), ZERO)

    @property
    def gov_income(self) -> Decimal:
        return sum((x.income for x in self.gov_fund), ZERO)

    @property
    def state_capital_total(self) -> Decimal:
        return sum((x.total for x in self.state_capital), ZERO)

    @property
    def carry_in(self) -> Decimal:
        """年初结转和结余 (决算: 政府性基金 carried in) / 上年结转结余 (预算: what the year's income leaves open)."""
        if self.kind == "budget":
            return self.total - self.general_total - self.gov_income - self.state_capital_total
        return sum((x.carry_in for x in self.gov_fund), ZERO)

    @property
    def carry_out(self) -> Decimal:
        return sum((x.carry_out for x in self.gov_fund), ZERO)

    @property
    def other_income(self) -> Decimal:
        """其他收入 of a 决算: what the all-funds table spends beyond the 财政拨款 funds."""
        return ZERO if self.kind == "budget" else self.total + self.carry_out - self.carry_in - self.appropriation

    @property
    def appropriation(self) -> Decimal:
        """财政拨款 received this year, all three funds."""
        return self.general_total + self.gov_income + self.state_capital_total

    @property
    def income_total(self) -> Decimal:
        return self.appropriation + self.other_income

    def economic_totals(self) -> dict[str, Decimal]:
        out = {"personnel": ZERO, "public": ZERO}
        for e in self.economic:
            out[e.category] += e.amount
        return out

    def fund_leaves(self) -> dict[str, list[Leaf]]:
        return {"all": self.leaves, "general": self.general, "gov_fund": self.gov_fund,
                "state_capital": self.state_capital}


def rollup(leaves: list[Leaf], *columns: str) -> list[dict]:
    """The rows of a 功能分类 table: 类, 款 and 项 in the leaves' order, each with its sums.

    The first row is the 合计 (code 'total', level 0)."""
    rows: dict[str, dict] = {}
    total = {"code": "total", "name": "合计", "level": 0, **{c: ZERO for c in columns}}
    for leaf in leaves:
        for code, level, name in ((leaf.code[:3], 1, CLASSES[leaf.code[:3]]),
                                  (leaf.code[:5], 2, SECTIONS[leaf.code[:5]]), (leaf.code, 3, leaf.name)):
            row = rows.setdefault(code, {"code": code, "name": name, "level": level, **{c: ZERO for c in columns}})
            for c in columns:
                row[c] += getattr(leaf, c)
        for c in columns:
            total[c] += getattr(leaf, c)
    ordered = sorted(rows.values(), key=lambda r: _order(leaves, r["code"]))
    return [total] + ordered


def _order(leaves: list[Leaf], code: str) -> tuple[int, int, int]:
    """Group by 类 then 款 in order of first appearance, 类 before its 款 before its 项."""
    first = {}
    for i, leaf in enumerate(leaves):
        for prefix in (leaf.code[:3], leaf.code[:5], leaf.code):
            first.setdefault(prefix, i)
    return first[code[:3]], first[code[:5]] if len(code) >= 5 else -1, first[code] if len(code) == 7 else -1


# ------------------------------------------------------------------ validation

def validate(r: Report) -> Report:
    """Raise FigureError naming the first thing that does not add up; return r when all does."""
    if r.kind not in KINDS or r.scope not in SCOPES or r.layout not in LAYOUTS[r.kind]:
        raise FigureError(f"{r.unit} {r.year}: unknown kind/scope/layout {r.kind}/{r.scope}/{r.layout}")
    where = f"{r.unit} {r.year} {r.kind}"
    by_code = {x.code: x for x in r.leaves}
    if len(by_code) != len(r.leaves):
        raise FigureError(f"{where}: a 项 code appears twice in the all-funds table")
    for leaf in r.leaves:
        if len(leaf.code) != 7 or leaf.code[:3] not in CLASSES or leaf.code[:5] not in SECTIONS:
            raise FigureError(f"{where}: code {leaf.code} is not a known 类/款/项")
    _check_amounts(where, r)
    used = {c: {"basic": ZERO, "project": ZERO} for c in by_code}
    for fund in ("general", "gov_fund", "state_capital"):
        for leaf in getattr(r, fund):
            if leaf.code not in by_code:
                raise FigureError(f"{where}: {fund} code {leaf.code} is missing from the all-funds table")
            used[leaf.code]["basic"] += leaf.basic
            used[leaf.code]["project"] += leaf.project
    for code, u in used.items():
        if u["basic"] > by_code[code].basic or u["project"] > by_code[code].project:
            raise FigureError(f"{where}: the 财政拨款 funds of {code} exceed its all-funds amounts")
    for leaf in r.leaves + r.general:
        s = leaf.split
        if s and (s.wages + s.family + s.public != leaf.basic or s.running + s.specific != leaf.project):
            raise FigureError(f"{where}: the budget columns of {leaf.code} do not add up to 基本/项目支出")
    for leaf in r.gov_fund:
        if leaf.income < 0:
            raise FigureError(f"{where}: 政府性基金 {leaf.code} spends more than it had")
    if r.other_income < 0:
        raise FigureError(f"{where}: income does not cover spending")
    _check_economic(where, r)
    _check_kind_parts(where, r)
    return r


def _check_amounts(where: str, r: Report) -> None:
    def check(obj, path):
        for f in fields(obj):
            v = getattr(obj, f.name)
            if isinstance(v, Decimal) and (v < 0 or v != v.quantize(CENT) and f.name not in ("weight", "score")):
                raise FigureError(f"{where}: {path}.{f.name} = {v} is negative or has more than two decimals")
    for leaf in r.leaves + r.general + r.gov_fund + r.state_capital:
        check(leaf, leaf.code)
        if leaf.split:
            check(leaf.split, leaf.code)
    _check_disclosures(where, r.disclosures)
    for obj in [*r.economic, *r.projects, r.sangong_budget] + ([r.sangong_actual] if r.sangong_actual else []):
        check(obj, type(obj).__name__)


def _check_disclosures(where: str, d: Disclosures) -> None:
    for name, v in d.amounts().items():
        if v is not None and (v < 0 or v != v.quantize(CENT)):
            raise FigureError(f"{where}: disclosures.{name} = {v} is negative or has more than two decimals")
    counts = [*d.vehicles.values(), d.equipment_general, d.equipment_special, d.authorized, d.staff, d.retired]
    if any(c is not None and (not isinstance(c, int) or c < 0) for c in counts) or set(d.vehicles) - set(VEHICLE_KINDS):
        raise FigureError(f"{where}: a count of disclosures is not a whole number ≥ 0, or a car kind is unknown")
    if not d.small_micro <= d.sme <= d.procurement:
        raise FigureError(f"{where}: 小微企业 ≤ 中小企业 ≤ 政府采购 does not hold")


def _check_economic(where: str, r: Report) -> None:
    basic = sum((x.basic for x in r.general), ZERO)
    if sum((e.amount for e in r.economic), ZERO) != basic:
        raise FigureError(f"{where}: 基本支出 by economic class ≠ 一般公共预算 基本支出 {basic}")
    for e in r.economic:
        if len(e.code) != 5 or e.code[:3] not in ECONOMIC_CLASSES:
            raise FigureError(f"{where}: economic code {e.code} is not a known 款")
    if all(x.split for x in r.general) and r.general:
        totals = r.economic_totals()
        personnel = sum((x.split.wages + x.split.family for x in r.general), ZERO)
        if totals["personnel"] != personnel:
            raise FigureError(f"{where}: 人员经费 by economic class {totals['personnel']} ≠ {personnel}")


def _check_kind_parts(where: str, r: Report) -> None:
    if r.kind == "final":
        if r.sangong_actual is None:
            raise FigureError(f"{where}: a 决算 needs 三公 actuals")
        if any(x.budget is None for x in r.general):
            raise FigureError(f"{where}: every general-fund 项 of a 决算 needs its 年初预算")
        for ev in r.evaluations:
            weights = FUNDS_WEIGHT + MANAGEMENT_WEIGHT * len(MANAGEMENT) + sum(i.weight for i in ev.indicators)
            if weights != 100 or any(i.score > i.weight for i in ev.indicators):
                raise FigureError(f"{where}: self-evaluation {ev.project}: weights sum to {weights}, not 100, "
                                  "or a score exceeds its weight")
        return
    if not r.sub_units or any(p.unit_code not in r.sub_units for p in r.projects):
        raise FigureError(f"{where}: budget projects need sub_units naming their unit codes")
    if any(x.split is None for x in r.leaves + r.general):
        raise FigureError(f"{where}: budget leaves need the 人员/公用/运转/特定目标 split")
    sums = {"general": sum((x.project for x in r.general), ZERO),
            "gov_fund": sum((x.project for x in r.gov_fund), ZERO),
            "total": sum((x.project for x in r.leaves), ZERO)}
    got = {"general": sum((p.general for p in r.projects), ZERO),
           "gov_fund": sum((p.gov_fund for p in r.projects), ZERO),
           "total": sum((p.total for p in r.projects), ZERO)}
    if sums != got:
        raise FigureError(f"{where}: 项目支出表 {got} ≠ 项目支出 by function {sums}")


# ------------------------------------------------------------------ files

def _leaf(d: dict, cls=Leaf) -> Leaf:
    d = dict(d)
    if "split" in d:  # a budget leaf: 基本/项目支出 are the sums of its split
        d["split"] = split = Split(**{k: money(v) for k, v in d["split"].items()})
        d.setdefault("basic", split.wages + split.family + split.public)
        d.setdefault("project", split.running + split.specific)
    for k in ("basic", "project", "budget", "carry_in", "carry_out"):
        if d.get(k) is not None:
            d[k] = money(d[k])
    return cls(**d)


def from_dict(d: dict) -> Report:
    ev = [Evaluation(e["project"], money(e["budget_initial"]), money(e["budget_full_year"]), money(e["executed"]),
                     e["goal"], [Indicator(**{**i, "weight": Decimal(str(i["weight"])),
                                              "score": Decimal(str(i["score"]))}) for i in e["indicators"]])
          for e in d.get("evaluations", [])]
    actual = d.get("sangong_actual")
    return validate(Report(
        unit=d["unit"], year=d["year"], kind=d["kind"], scope=d["scope"], layout=d["layout"],
        published=d["published"], leaves=[_leaf(x) for x in d["leaves"]],
        general=[_leaf(x) for x in d["general"]],
        gov_fund=[_leaf(x, FundLeaf) for x in d.get("gov_fund", [])],
        state_capital=[_leaf(x) for x in d.get("state_capital", [])],
        economic=[Economic(x["code"], x["name"], money(x["amount"])) for x in d.get("economic", [])],
        sangong_budget=Sangong(**{k: money(v) for k, v in d.get("sangong_budget", {}).items()}),
        sangong_actual=Sangong(**{k: money(v) for k, v in actual.items()}) if actual is not None else None,
        evaluations=ev,
        projects=[Project(**{k: money(v) if k in ("general", "gov_fund", "carry") else v for k, v in p.items()})
                  for p in d.get("projects", [])],
        sub_units=d.get("sub_units", {}),
        disclosures=disclosures_from(d.get("disclosures", {})),
        targets=[Target(t["project"], money(t["budget"]), t["goal"], [_target(i) for i in t["indicators"]])
                 for t in d.get("targets", [])],
        department_targets=[_target(i) for i in d.get("department_targets", [])], goal=d.get("goal", ""),
    ))


def _target(d: dict) -> TargetIndicator:
    return TargetIndicator(**{**d, "weight": None if d.get("weight") is None else Decimal(str(d["weight"]))})


def disclosures_from(d: dict) -> Disclosures:
    """Disclosures from a figures file's block: amounts to the cent, counts as they are."""
    amounts = {k: None if d.get(k) is None else money(d[k]) for k in Disclosures().amounts() if k in d}
    return Disclosures(**{**{k: v for k, v in d.items() if k not in amounts}, **amounts})


def load(path: str | Path) -> Report:
    return from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

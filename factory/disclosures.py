"""The sections every report explains last, in the wordings real reports use: 机关运行经费, 政府采购,
国有资产占用, 人员 (and the 绩效 paragraph after them).

A wording is how one family of reports says it: the 2023 决算 template (河南, 中央), the 2021 one, 河南's
预算, 上海's 决算 and 预算, 江苏's 预算. Each sentence is written through a Writer that records what it
states as it prints it, so the facts the loader must read back (expected) are exactly what was printed:
a zero said in words (无, 未发生, 没有) is 0, a purchase plan or a second mention of a figure is not a fact,
a figure no sentence prints has no row. Options print the counts in Chinese numerals (三辆) or the
amounts in 元.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from loaders.vocabulary import DISCLOSED_BY_KEY

from .figures import VEHICLE_KINDS, ZERO, Disclosures, Report, percent
from .layout import Grid, PageBreak, Text, amount, chinese_number, grids, title_above

WORDINGS = ("template2023", "template2021", "henan_budget", "shanghai_final", "shanghai_budget", "jiangsu_budget")
_DEFAULT = {"final2023": "template2023", "final2021": "template2021", "budget2026": "henan_budget"}
# The car kinds as the report prints them: their labels, the leaders' cars as the templates word them.
_KIND_LABELS = {k: DISCLOSED_BY_KEY[("assets", k)].label for k in VEHICLE_KINDS} | {"vehicles_leaders": "主要领导干部用车"}


def default_wording(r: Report) -> str:
    return _DEFAULT[r.layout]


@dataclass
class Writer:
    """Prints figures and records what each states: (topic, item) → {value, prior_value, threshold}."""
    numerals: bool = False
    yuan: bool = False
    facts: dict = field(default_factory=dict)

    def state(self, topic: str, item: str, value, prior=None, threshold=None, adds: bool = False) -> None:
        key = (topic, item)
        if adds and key in self.facts:
            self.facts[key]["value"] += value
            return
        self.facts.setdefault(key, {"value": value, "prior_value": prior, "threshold": threshold})

    def money(self, value: Decimal, topic: str | None = None, item: str | None = None, prior=None) -> str:
        """'27.72万元' (or '277,200.00元'), stated as the item's figure when one is named."""
        if topic:
            self.state(topic, item, value, prior)
        return f"{amount(value * 10000)}元" if self.yuan else f"{amount(value)}万元"

    def count(self, n: int, unit: str, topic: str | None = None, item: str | None = None, threshold=None,
              adds: bool = False) -> str:
        if topic:
            self.state(topic, item, Decimal(n), threshold=threshold, adds=adds)
        return f"{_numeral(n) if self.numerals and 0 < n < 100 else n}{unit}"

    def none(self, topic: str, item: str, threshold=None) -> str:
        """Nothing of the item, said in words: its figure is 0."""
        self.state(topic, item, ZERO, threshold=threshold)
        return ""

    def change(self, value: Decimal, prior: Decimal | None, last: str, up="增加", down="减少", rise="增长",
               fall="下降") -> str:
        """'，比2022年度增加8.15万元，增长4.33%' against last year (last names it), '' when not stated."""
        if prior is None:
            return ""
        if prior == value:
            return f"，与{last}持平"
        diff, pct = abs(value - prior), percent(abs(value - prior), prior) if prior else None
        word, rate = (up, rise) if value > prior else (down, fall)
        tail = f"，{rate}{pct}%" if pct is not None else ""
        return f"，比{last}{word}{self.money(diff)}{tail}"


def section(r: Report, wording: str | None = None, numerals: bool = False, yuan: bool = False) -> tuple[list[Text], dict]:
    """The disclosure sections in a wording, and what they state ((topic, item) → expected values)."""
    w = Writer(numerals, yuan)
    texts = _WORDINGS[wording or default_wording(r)](r, r.disclosures, w)
    return texts, w.facts


def closing_sections(r: Report, wording: str | None = None, numerals: bool = False, yuan: bool = False) -> list[Text]:
    """The disclosure sections, then 绩效: the sections every report explains last."""
    evaluated = f"对{len(r.evaluations)}个项目开展了绩效自评" if r.evaluations else "按要求编制了项目绩效目标"
    return section(r, wording, numerals, yuan)[0] + [
        Text("十四、预算绩效情况说明", "heading"),
        Text(f"{r.year}年度{evaluated}，绩效目标管理覆盖全部项目支出。")]


def expected(r: Report, wording: str | None = None, numerals: bool = False, yuan: bool = False) -> list:
    """The disclosure facts the loader must read back from the section (source 'text')."""
    facts = section(r, wording, numerals, yuan)[1]
    return [("disclosures", {"topic": t, "item": i, "source": "text"},
             {k: v for k, v in values.items() if v is not None or k == "value"}) for (t, i), values in facts.items()]


# ------------------------------------------------------------------ the wordings

def _who(r: Report) -> str:
    return "本单位" if r.scope == "unit" else "本部门"


def _procurement_none(r: Report, w: Writer) -> str:
    return f"{_who(r)}{r.year}年度未发生政府采购支出{w.none('procurement', 'total')}。"


def _staff(r: Report, d: Disclosures, w: Writer, heading: str) -> list[Text]:
    if d.authorized is None:
        return []
    return [Text(heading, "heading"),
            Text(f"截至{r.year}年底，{_who(r)}编制数{w.count(d.authorized, '人', 'staff', 'authorized')}，实有人数"
                 f"{w.count(d.staff, '人', 'staff', 'actual')}，离退休人员{w.count(d.retired, '人', 'staff', 'retired')}。")]


def _kinds(d: Disclosures, w: Writer, kinds: tuple[str, ...], labels: dict | None = None) -> str:
    labels = labels or _KIND_LABELS
    return "、".join(f"{labels[k]}{w.count(d.vehicles.get(k, 0), '辆', 'assets', k, adds=k == 'vehicles_leaders')}"
                    for k in kinds)


def _template(r: Report, d: Disclosures, w: Writer, new: bool) -> list[Text]:
    """The 决算 templates' sections: 2023 (new) or 2021 (its numbering, '2021 年度' with a space, half-width
    commas in 政府采购, 小微企业 as a share of the total, 单位价值 equipment, 没有机关运行经费支出)."""
    y, sp, comma = r.year, "" if new else " ", "，" if new else ","
    first = 10 if new else 9
    heads = [f"{chinese_number(first + k)}、{what}" for k, what in enumerate(
        ("机关运行经费支出情况说明", "政府采购支出情况说明", "国有资产占用情况说明", "人员情况说明"))]
    out = [Text(heads[0], "heading")]
    if d.operating_costs:
        last = f"{y - 1}年度" if new else "上年"
        out.append(Text(f"{y}{sp}年度{'' if new else _who(r)}机关运行经费支出"
                        f"{w.money(d.operating_costs, 'operating_costs', 'total', d.operating_costs_prior)}"
                        f"{w.change(d.operating_costs, d.operating_costs_prior, last)}"
                        f"{'，主要原因是日常公用经费调整' if new else ''}。"))
    elif new:
        out.append(Text(f"{_who(r)}{y}年度未发生机关运行经费支出{w.none('operating_costs', 'total')}。"))
    else:
        out.append(Text(f"我单位不是行政机关，也不是参照公务员法管理的事业单位，没有机关运行经费支出"
                        f"{w.none('operating_costs', 'total')}。"))
    out.append(Text(heads[1], "heading"))
    if d.procurement:
        small_base, small_share = (("授予中小企业合同金额", _share(w, d.small_micro, d.sme)) if new else
                                   ("政府采购支出总额", _share(w, d.small_micro, d.procurement)))
        out.append(Text(
            f"{y}{sp}年度政府采购支出总额{sp}{w.money(d.procurement, 'procurement', 'total')}{comma}其中{'：' if new else ':'}"
            f"政府采购货物支出{sp}{w.money(d.goods, 'procurement', 'goods')}、政府采购工程支出{sp}"
            f"{w.money(d.works, 'procurement', 'works')}、政府采购服务支出{sp}{w.money(d.services, 'procurement', 'services')}。"
            f"授予中小企业合同金额{sp}{w.money(d.sme, 'procurement', 'sme')}{comma}占政府采购支出总额的{sp}"
            f"{_share(w, d.sme, d.procurement, True)}%{comma}其中{'：' if new else ':'}授予小微企业合同金额{sp}"
            f"{w.money(d.small_micro, 'procurement', 'small_micro')}{comma}占{small_base}的{sp}{small_share}%。"))
    else:
        out.append(Text(_procurement_none(r, w)))
    out += [Text(heads[2], "heading"), Text(_template_cars(r, d, w, new))]
    return out + _staff(r, d, w, heads[3])


def _template_cars(r: Report, d: Disclosures, w: Writer, new: bool) -> str:
    """2023: every kind of car listed, 副部（省）级 and 主要领导干部 both leaders'; 2021: the kinds held."""
    y = r.year
    if new:
        leaders = w.count(0, "辆", "assets", "vehicles_leaders", adds=True)
        kinds = _kinds(d, w, ("vehicles_leaders", "vehicles_general", "vehicles_confidential", "vehicles_emergency",
                              "vehicles_law", "vehicles_special", "vehicles_retiree", "vehicles_other"))
        return (f"截至{y}年12月31日，{_who(r)}共有车辆{w.count(d.vehicle_total, '辆', 'assets', 'vehicles')}，其中："
                f"副部（省）级及以上领导用车{leaders}、{kinds}；"
                f"单价50万元以上通用设备{w.count(d.equipment_general, '台（套）', 'assets', 'equipment_general', 50)}，"
                f"单价100万元以上专用设备{w.count(d.equipment_special, '台（套）', 'assets', 'equipment_special', 100)}。")
    kinds = tuple(k for k in d.vehicles if d.vehicles[k] or k == "vehicles_other")
    return (f"{y} 年期末，我部门共有车辆 {w.count(d.vehicle_total, '辆', 'assets', 'vehicles')}，其中："
            f"{_kinds(d, w, kinds)}；单位价值 50 万元以上通用设备 "
            f"{w.count(d.equipment_general, '台（套）', 'assets', 'equipment_general', 50)}，单位价值 100 万元以上专用设备 "
            f"{w.count(d.equipment_special, '台（套）', 'assets', 'equipment_special', 100)}。")


def template2023(r: Report, d: Disclosures, w: Writer) -> list[Text]:
    return _template(r, d, w, new=True)


def template2021(r: Report, d: Disclosures, w: Writer) -> list[Text]:
    return _template(r, d, w, new=False)


def _share(w: Writer, part: Decimal, whole: Decimal, stated: bool = False) -> str:
    share = percent(part, whole) or ZERO
    if stated:
        w.state("procurement", "sme_share", share)
    return f"{share}"


def henan_budget(r: Report, d: Disclosures, w: Writer) -> list[Text]:
    """河南's 预算: the change a sentence of its own; none of the large equipment said in words."""
    y = r.year
    change = w.change(d.operating_costs, d.operating_costs_prior, f"{y - 1}年").lstrip("，")
    out = [Text("九、其他重要事项的情况说明", "heading"), Text("（一）机关运行经费支出情况", "heading"),
           Text(f"{r.unit}{y}年机关运行经费支出预算"
                f"{w.money(d.operating_costs, 'operating_costs', 'total', d.operating_costs_prior)}，主要保障机构正常运转及"
                f"正常履职需要。" + (f"{change}，主要原因是公用经费调整。" if change else "")),
           Text("（二）政府采购支出情况", "heading")]
    out.append(Text(f"{y}年政府采购预算安排{w.money(d.procurement, 'procurement', 'total')}，其中：政府采购货物预算"
                    f"{w.money(d.goods, 'procurement', 'goods')}、政府采购工程预算{w.money(d.works, 'procurement', 'works')}、"
                    f"政府采购服务预算{w.money(d.services, 'procurement', 'services')}。"))
    equipment = (f"无单价50万元以上通用设备{w.none('assets', 'equipment_general', 50)}"
                 if not d.equipment_general else
                 f"单价50万元以上通用设备{w.count(d.equipment_general, '套', 'assets', 'equipment_general', 50)}")
    equipment += (f"，无价值100万元以上专用设备{w.none('assets', 'equipment_special', 100)}"
                  if not d.equipment_special else
                  f"，单位价值100万元以上专用设备{w.count(d.equipment_special, '套', 'assets', 'equipment_special', 100)}")
    labels = {**_KIND_LABELS, "vehicles_law": "一般执法执勤用车"}
    out += [Text("（三）国有资产占用情况", "heading"),
            Text(f"{y - 1}年期末，{r.unit}共有车辆{w.count(d.vehicle_total, '辆', 'assets', 'vehicles')}，其中："
                 f"{_kinds(d, w, tuple(d.vehicles), labels)}；{equipment}。")]
    return out


def shanghai_final(r: Report, d: Disclosures, w: Writer) -> list[Text]:
    """上海's 决算: SME amounts reserved, then who won them (not another figure); equipment not split."""
    y = r.year
    out = [Text("十、其他重要事项的情况说明", "heading"), Text("（一）机关运行经费支出情况", "heading")]
    if d.operating_costs:
        out.append(Text(f"机关运行经费支出{w.money(d.operating_costs, 'operating_costs', 'total', d.operating_costs_prior)}"
                        f"{w.change(d.operating_costs, d.operating_costs_prior, f'{y - 1}年度')}。主要原因是办公设施更新。"))
    else:
        out.append(Text(f"{r.unit}{y}年度无机关运行经费支出{w.none('operating_costs', 'total')}。"))
    out += [Text("（二）政府采购支出情况", "heading"),
            Text(f"{r.unit}{y}年度政府采购金额（以合同签订为准）为{w.money(d.procurement, 'procurement', 'total')}，其中："
                 f"货物采购金额{w.money(d.goods, 'procurement', 'goods')}、工程采购金额{w.money(d.works, 'procurement', 'works')}、"
                 f"服务采购金额{w.money(d.services, 'procurement', 'services')}。"),
            Text(f"{y}年度本部门面向中小企业预留政府采购项目预算金额{w.money(d.sme, 'procurement', 'sme')}，面向小微企业预留"
                 f"政府采购项目预算金额{w.money(d.small_micro, 'procurement', 'small_micro')}。在面向中小企业预留的政府采购项目中，"
                 f"由中小企业供应商中标或成交的，采购金额{w.money(d.sme)}。")]
    out += [Text("（三）国有资产占有使用情况说明", "heading"), Text(_shanghai_cars(r, d, w, f"{y}年12月31日"))]
    return out


def _shanghai_cars(r: Report, d: Disclosures, w: Writer, when: str) -> str:
    return (f"截至{when}，{r.unit}共有车辆{w.count(d.vehicle_total, '辆', 'assets', 'vehicles')}，其中：部级领导干部用车"
            f"{w.count(0, '辆', 'assets', 'vehicles_leaders', adds=True)}、{_kinds(d, w, tuple(_KIND_LABELS))}。单价100万元（含）"
            f"以上设备（不含车辆）{w.count(d.equipment_special, '台（套）', 'assets', 'equipment', 100)}。")


def shanghai_budget(r: Report, d: Disclosures, w: Writer) -> list[Text]:
    """上海's 预算: no change stated; the cars to be bought in the same section (a plan, not a holding)."""
    y = r.year
    return [Text("二、机关运行经费预算", "heading"),
            Text(f"{y}年{r.unit}财政拨款的机关运行经费预算为{w.money(d.operating_costs, 'operating_costs', 'total')}。"),
            Text("三、政府采购预算情况", "heading"),
            Text(f"{y}年本部门政府采购预算{w.money(d.procurement, 'procurement', 'total')}，其中：政府采购货物预算"
                 f"{w.money(d.goods, 'procurement', 'goods')}、政府采购工程预算{w.money(d.works, 'procurement', 'works')}、"
                 f"政府采购服务预算{w.money(d.services, 'procurement', 'services')}。"),
            Text(f"{y}年本部门面向中小企业预留政府采购项目预算金额{w.money(d.sme, 'procurement', 'sme')}，其中，预留给小型和微型"
                 f"企业的政府采购项目预算为{w.money(d.small_micro, 'procurement', 'small_micro')}。"),
            Text("五、国有资产占有使用情况", "heading"),
            Text(_shanghai_cars(r, d, w, f"{y - 1}年8月31日")),
            Text(f"{y}年部门预算安排购置车辆{w.count(1, '辆')}，其中：部级领导干部用车{w.count(0, '辆')}、其他用车"
                 f"{w.count(1, '辆')}；部门预算安排购置单价100万元（含）以上设备（不含车辆）{w.count(0, '台（套）')}。")]


def jiangsu_budget(r: Report, d: Disclosures, w: Writer) -> list[Text]:
    """江苏's 预算: 与上年相比 …; the car kinds a sentence of their own; one equipment threshold."""
    y = r.year
    change = w.change(d.operating_costs, d.operating_costs_prior, "上年", rise="增长", fall="减少")
    change = change.replace("，比上年", "，与上年相比")
    kinds = tuple(k for k in d.vehicles if d.vehicles[k])
    return [Text("十一、一般公共预算机关运行经费支出预算情况说明", "heading"),
            Text(f"{y}年本部门一般公共预算机关运行经费预算支出"
                 f"{w.money(d.operating_costs, 'operating_costs', 'total', d.operating_costs_prior)}{change}。"),
            Text("十二、政府采购支出预算情况说明", "heading"),
            Text(f"{y}年度政府采购支出预算总额{w.money(d.procurement, 'procurement', 'total')}，其中：拟采购货物支出"
                 f"{w.money(d.goods, 'procurement', 'goods')}、拟采购工程支出{w.money(d.works, 'procurement', 'works')}、"
                 f"拟购买服务支出{w.money(d.services, 'procurement', 'services')}。"),
            Text("十三、国有资产占用情况", "heading"),
            Text(f"本部门共有车辆{w.count(d.vehicle_total, '辆', 'assets', 'vehicles')}。"
                 + (f"其中，{_kinds(d, w, kinds)}。" if kinds else "")
                 + f"单价50万元（含）以上的设备"
                 f"{w.count(d.equipment_general + d.equipment_special, '台（套）', 'assets', 'equipment', 50)}。")]


_WORDINGS = {"template2023": template2023, "template2021": template2021, "henan_budget": henan_budget,
             "shanghai_final": shanghai_final, "shanghai_budget": shanghai_budget, "jiangsu_budget": jiangsu_budget}


# ------------------------------------------------------------------ as layout variants (factory/variants.py)

_END = "十四、预算绩效情况说明"
_FIGURE_COUNT = re.compile(r"(?<![\d.])([1-9]\d?)(辆|台（套）|套|人)")
_FIGURE_WAN = re.compile(r"(\d[\d,]*\.\d{2})万元")


def _bounds(r: Report, elements: list) -> tuple[int, int]:
    """Where the disclosure sections stand among a report's elements: (their first heading, the 绩效 heading)."""
    end = next(i for i, el in enumerate(elements) if isinstance(el, Text) and el.text == _END)
    starts = {_WORDINGS[w](r, r.disclosures, Writer())[0].text for w in WORDINGS}
    start = max(i for i, el in enumerate(elements[:end]) if isinstance(el, Text) and el.text in starts)
    return start, end


def reworded(wording: str | dict[str, str]):
    """A rewrite printing the sections in another wording (one per report kind when a dict)."""
    def rewrite(r: Report, elements: list) -> list:
        start, end = _bounds(r, elements)
        chosen = wording.get(r.kind, default_wording(r)) if isinstance(wording, dict) else wording
        return elements[:start] + section(r, chosen)[0] + elements[end:]
    return rewrite


def _in_section(change):
    def rewrite(r: Report, elements: list) -> list:
        start, end = _bounds(r, elements)
        return elements[:start] + [Text(change(el.text), el.style) for el in elements[start:end]] + elements[end:]
    return rewrite


def _numeral(n: int) -> str:
    return "两" if n == 2 else chinese_number(n)


# Counts in Chinese numerals ('共有车辆五辆'); amounts in 元 ('机关运行经费支出1,964,000.00元').
numerals = _in_section(lambda t: _FIGURE_COUNT.sub(lambda m: _numeral(int(m.group(1))) + m.group(2), t))
in_yuan = _in_section(lambda t: _FIGURE_WAN.sub(lambda m: f"{Decimal(m.group(1).replace(',', '')) * 10000:,.2f}元", t))


# Variant name → (the wording, per report kind where it differs; where such reports are printed).
REWORDINGS = {
    "disclosures_2023": ("template2023", "the 2023 决算 template's 机关运行经费 / 政府采购 / 国有资产 sentences (河南, 中央)"),
    "disclosures_2021": ("template2021", "the 2021 决算 wording: 单位价值50万元以上通用设备, 没有机关运行经费支出"),
    "disclosures_henan": ("henan_budget", "河南 预算: the change a sentence of its own, 无单价50万元以上通用设备"),
    "disclosures_shanghai": ({"final": "shanghai_final", "budget": "shanghai_budget"},
                             "上海: 政府采购金额（以合同签订为准）, 面向中小企业预留, cars to buy beside cars held"),
    "disclosures_jiangsu": ("jiangsu_budget", "江苏: 与上年相比…, 拟采购货物支出, the car kinds a sentence of their own"),
}


def expect_reworded(wording: str | dict[str, str]):
    """A rewording's expected facts: the sections' figures as that wording states them."""
    def expect(r: Report, printed: list, facts: list) -> list:
        chosen = wording.get(r.kind, default_wording(r)) if isinstance(wording, dict) else wording
        kept = [f for f in facts if not (f[0] == "disclosures" and f[1].get("source") == "text")]
        return kept + expected(r, chosen)
    return expect


def expect_without_narrative(r: Report, printed: list, facts: list) -> list:
    """A file without the narrative (公开表格) states none of the sections' figures."""
    return [f for f in facts if not (f[0] == "disclosures" and f[1].get("source") == "text")]


# ------------------------------------------------------------------ tables that print them

def operating_costs_column(r: Report, elements: list) -> list:
    """上海: 机关运行经费 printed beside 三公 in one table ('“三公”经费和机关运行经费预算表'), a column of its own
    after the six items (the template's wide 三公 table: one row of figures)."""
    measure = "决算数" if r.kind == "final" else "预算数"
    out = list(elements)
    for k, grid in grids(elements, "sangong"):
        if len(grid.rows) - grid.header != 1:
            continue
        width = len(grid.rows[0])
        header = [row + ([f"机关运行经费{measure}"] if i == 0 else [str(width + 1)] if row[0] == "1" else [""])
                  for i, row in enumerate(grid.rows[:grid.header])]
        merged = sum(1 for row in grid.rows[:grid.header] if row[0] != "1")
        body = [row + [amount(r.disclosures.operating_costs)] for row in grid.rows[grid.header:]]
        out[k] = replace(grid, rows=header + body, widths=grid.widths + [1.6],
                         spans=grid.spans + [(width, 0, width, merged - 1)])
        title = title_above(elements, k)
        if title is not None:
            out[title] = Text(elements[title].text.replace("“三公”经费", "“三公”经费和机关运行经费", 1), "title")
    return out


def expect_operating_costs_column(r: Report, printed: list, facts: list) -> list:
    """The column's figure, where a 三公 table that prints it is left in the report (the 中央 template drops it)."""
    shown = any("机关运行经费" in cell for _, g in grids(printed, "sangong") for row in g.rows[:g.header] for cell in row)
    return facts + [table_fact("operating_costs", "total", r.disclosures.operating_costs)] * shown


def assets_table(r: Report, elements: list) -> list:
    """A 国有资产占用情况表 (cars by kind, large equipment, total assets) before the narrative, as some 决算 print."""
    d = r.disclosures
    kinds = list(d.vehicles)
    header = [["项目", "资产总额", "车辆（辆）"] + [""] * len(kinds)
              + ["单价50万元以上通用设备（台，套）", "单价100万元以上专用设备（台，套）"],
              ["", "", "合计"] + [_KIND_LABELS[k] for k in kinds] + ["", ""]]
    row = ["合计", amount(d.assets_total), str(d.vehicle_total), *[str(d.vehicles[k]) for k in kinds],
           str(d.equipment_general), str(d.equipment_special)]
    last = len(header[0]) - 1
    spans = [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2 + len(kinds), 0), (last - 1, 0, last - 1, 1), (last, 0, last, 1)]
    table = [PageBreak(), Text("国有资产占用情况表", "title"), Text(f"单位：{r.unit}", "note"), Text("金额单位：万元", "note"),
             Grid(header + [row], 2, [1.6, 1.6, 1.2] + [1.3] * len(kinds) + [1.8, 1.8], spans, kind="assets")]
    at = next((i for i, el in enumerate(elements) if isinstance(el, Text) and el.text.startswith("第三部分")),
              len(elements))
    return elements[:at] + table + elements[at:]


def expect_assets_table(r: Report, printed: list, facts: list) -> list:
    d = r.disclosures
    out = [table_fact("assets", "assets_total", d.assets_total)] if d.assets_total is not None else []
    out += [table_fact("assets", "vehicles", d.vehicle_total)]
    out += [table_fact("assets", k, n) for k, n in d.vehicles.items()]
    out += [table_fact("assets", "equipment_general", d.equipment_general, 50),
            table_fact("assets", "equipment_special", d.equipment_special, 100)]
    return facts + out


def table_fact(topic: str, item: str, value, threshold=None) -> tuple:
    """A disclosure figure the loader must read from a table (source 'table')."""
    return ("disclosures", {"topic": topic, "item": item, "source": "table"},
            {"value": value} | ({"threshold": threshold} if threshold else {}))

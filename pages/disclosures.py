"""公开信息 page: what the reports state beyond their tables. For the chosen units and years: 机关运行经费
and its trend, 政府采购 by kind and the share to small firms, cars by kind and large equipment, staff;
for a 决算, its projects' targets (from the same unit's 预算 of the year) beside their self-evaluated results.

Thin: filters in, dashboard.disclosures queries, dashboard.charts, dashboard.widgets out. The
answers come first, one card per unit and year, each figure one click from the line that states it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import disclosures as ds
from dashboard import charts, filters, widgets
from dashboard.widgets import percent, plain, yuan

MAX_CARDS = 12


def _source(row: dict) -> str:
    """Where a card's figure was printed, and the link that opens that line (markdown)."""
    address = ds.link(row)
    shown = f"来源：{plain(row['source'])}"
    return f"{shown} · [查看原文]({address})" if address else shown


def _answer(question: str, row, shown=None, delta=None, note: str = "", missing: str = "",
            tone: str = "gray") -> tuple[str, str]:
    """One question of a card (a cell of widgets.card): its answer, what qualifies it, where it was
    printed; in words when the report does not say."""
    if row is None:
        return widgets.figure_text(question, "—"), missing
    return widgets.figure_text(question, shown, delta, tone), "\n\n".join(filter(None, [note, _source(row)]))


def _costs(costs) -> tuple[str, str]:
    change, delta = (costs or {}).get("change"), None
    if change is not None and pd.notna(change):
        basis = "比上年" if pd.notna(costs.get("prior_value")) else f"比 {costs['previous_year']} 年报告"
        delta = f"{basis}{'增加' if change > 0 else '减少' if change < 0 else '持平'}" + (
            f" {abs(change):,.2f} 万元（{percent(costs['change_pct'], signed=True)}）" if change else "")
    return _answer("机关运行经费多少？", costs, costs and yuan(costs["value"]), delta, missing="报告未说明机关运行经费。",
                   tone="red" if (change or 0) > 0 else "green")


def _cards(df: pd.DataFrame) -> None:
    """A card (widgets.card) per unit-year: its running costs, cars, procurement and staff."""
    cards = ds.headline(df)
    for card in cards[:MAX_CARDS]:
        kind = "决算" if card["doc_kind"] == "final" else "预算"
        car, share, staff = card["cars"], (card["procurement"] or {}).get("share"), card["staff"]
        widgets.card(f"**{plain(card['unit_name'])} · {card['fiscal_year']} 年{kind}**", [
            _costs(card["costs"]),
            _answer("有多少公务用车？", car, car and f"{int(car['value'])} 辆",
                    note=f"其中：{plain(card['car_kinds'])}。" if card["car_kinds"] else "", missing="报告未说明车辆数。"),
            _answer("政府采购多少？", card["procurement"], card["procurement"] and yuan(card["procurement"]["value"]),
                    None if share is None or pd.isna(share) else f"中小企业占 {percent(share)}",
                    missing="报告未说明政府采购。"),
            _answer("有多少人？", staff, staff and f"{int(staff['value'])} 人",
                    staff and ds.ITEMS[("staff", staff["item"])], missing="报告未说明人员情况。")])
    if len(cards) > MAX_CARDS:
        st.caption(f"仅显示前 {MAX_CARDS} 个单位年度，共 {len(cards)} 个；全部数字见下方各表。")


def _trend(df: pd.DataFrame) -> None:
    costs = ds.operating_costs(df)
    cols = ["unit_name", "fiscal_year", "value", "prior_value", "previous_year", "previous_value", "change",
            "change_pct", "origin", "label", "source", *widgets.WHERE]
    widgets.section("机关运行经费怎样变化？", costs, widgets.no_data_text("机关运行经费说明"), lambda: widgets.chart(
        charts.trend(ds.trend(costs)), ds.for_display(costs[cols]), "机关运行经费",
        {**ds.LABELS, "value": "机关运行经费（万元）"}),
        "“报告所述上年数”由报告中“比上年增加/减少…万元”推出（持平即同数），不按百分比折算；报告未说明时，"
        "增减按已加载的上一年度报告计算。未加载上一年度报告时，图中该年的点即报告所述上年数。")


def _procurement_section(df: pd.DataFrame) -> None:
    kinds = ds.procurement(df)
    parts = [ds.ITEMS[("procurement", k)] for k in ds.PROCUREMENT_KINDS]
    cols = ["unit_name", "fiscal_year", "item_name", "amount", "origin", "label", "source", *widgets.WHERE]
    widgets.section("政府采购买了什么？", kinds, widgets.no_data_text("政府采购说明"), lambda: widgets.chart(
        charts.stacked(kinds.assign(part=kinds["item_name"]), "part", "amount", parts, "万元"),
        ds.for_display(kinds[cols]), "政府采购构成", ds.LABELS))
    shares = ds.sme_shares(df)
    if len(shares):
        st.caption("授予中小企业的金额及其占政府采购总额的比例（报告所述，未说明时按金额计算）。")
        widgets.table(ds.for_display(shares[["unit_name", "fiscal_year", "total", "sme", "share", "share_basis",
                                             "source", *widgets.WHERE]]), "政府采购中小企业占比",
                      {**ds.LABELS, "total": "政府采购总额（万元）", "sme": "授予中小企业（万元）"})


def _assets_section(df: pd.DataFrame) -> None:
    cars = ds.vehicles(df)
    order = [ds.ITEMS[("assets", k)] for k in ds.VEHICLE_KINDS]
    cols = ["unit_name", "fiscal_year", "item_name", "count", "origin", "label", "source", *widgets.WHERE]
    widgets.section("公务用车有哪些？", cars, widgets.no_data_text("分类型的车辆数"), lambda: widgets.chart(
        charts.stacked(cars.assign(part=cars["item_name"]), "part", "count", order, "辆", fmt=",d"),
        ds.for_display(cars[cols]), "公务用车构成", ds.LABELS), "各类车辆按报告所列；车辆总数见下表。")
    held = ds.assets(df)
    cols = ["unit_name", "fiscal_year", "item_name", "value", "unit", "origin", "label", "source", *widgets.WHERE]
    widgets.section("车辆总数、大型设备和资产", held, widgets.no_data_text("国有资产占用情况说明"),
                    lambda: widgets.table(ds.for_display(held[cols]), "国有资产占用", ds.LABELS))


def _staff_section(df: pd.DataFrame) -> None:
    people = ds.staff(df)
    cols = ["unit_name", "fiscal_year", "item_name", "value", "origin", "label", "source", *widgets.WHERE]
    widgets.section("人员情况", people, widgets.no_data_text("人员情况说明"),
                    lambda: widgets.table(ds.for_display(people[cols]), "人员情况", {**ds.LABELS, "value": "人数"}))


def _targets(sel) -> None:
    paired = ds.targets_vs_results(sel)
    widgets.section("绩效目标：预算承诺与决算自评", paired,
                    "所选单位和年度没有同时加载预算（含项目绩效目标表）和决算（含项目绩效自评表），无法对照。",
                    lambda: widgets.table(ds.for_display(paired), "绩效目标与自评结果", ds.LABELS),
                    "同一单位同一年度：预算报告所定的项目绩效目标值，与决算自评表所列的指标值和实际完成值并列；"
                    "预算目标值一栏为空，表示预算未列该指标。")


def main() -> None:
    sel = filters.sidebar()
    kind = filters.KINDS.get(sel.kind, sel.kind)
    widgets.intro("公开信息", f"本页显示：{plain(sel.unit_label())}，{sel.year_label()}，{kind}报告中说明的机关运行经费、"
                          "政府采购、公务用车、大型设备和人员情况，以及决算项目的绩效目标与自评结果。金额单位：万元。")
    if widgets.empty_selection(sel):
        return
    df = ds.stated(sel)
    if not widgets.section("各单位各年度要点", df, widgets.no_data_text("机关运行经费、政府采购、国有资产或人员的说明"),
                           lambda: _cards(df)):
        _targets(sel)
        return
    _trend(df)
    _procurement_section(df)
    _assets_section(df)
    _staff_section(df)
    _targets(sel)


main()

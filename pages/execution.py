"""预算执行 page: how far each 决算 item strayed from its 年初预算, overall completion across units and
years, and, where both reports of a year are loaded, the 预算 document against the 决算 document.

Thin: pick filters, call dashboard.execution, draw. Every table keeps its 来源 (file, page).
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import execution as ex
from dashboard import charts, filters, widgets
from dashboard.widgets import plain


def _overall(overall) -> None:
    """Across units, bars; a single unit's rates as numbers beside the two figures each divides
    (one full-width bar says nothing)."""
    if overall["unit_name"].nunique() > 1 or len(overall) > 4:
        widgets.chart(charts.completion_overall(overall), overall, "总体完成情况", ex.LABELS)
        return
    for col, row in zip(st.columns(len(overall)), overall.itertuples()):
        widgets.figure(col, f"{plain(row.unit_name)} {row.fiscal_year}年 完成率", widgets.percent(row.completion_rate))
        col.caption(f"年初预算 {widgets.yuan(row.budget)}，支出决算 {widgets.yuan(row.actual)}。"
                    f"来源：{plain(row.source)}")
    widgets.table(overall, "总体完成情况", ex.LABELS)


def _items(items, low: int, high: int) -> None:
    """Counts, the completion bars, and the reasons the report gives for items outside the band."""
    outside = items[items["outside"]]
    cols = st.columns(3)
    widgets.figure(cols[0], "对比项目", f"{len(items)} 项")
    widgets.figure(cols[1], f"完成率超出 {low}–{high}%", f"{len(outside)} 项")
    cols[1].caption("含年初未列预算、决算有支出的项目。")
    widgets.figure(cols[2], "其中报告说明了原因", f"{int(outside['reason'].notna().sum())} 项")
    widgets.chart(charts.completion_items(items, (low, high)), ex.for_display(items), "项目完成情况", ex.LABELS)
    if len(outside):
        with st.expander(f"超出区间的项目及报告所述原因（{len(outside)} 项）", expanded=len(outside) <= 8):
            st.markdown("\n".join("- " + plain(ex.describe_outside(row, (low, high)))  # one list: an element each
                                   for _, row in outside.iterrows()))  # (hundreds) held the page's chart back
    st.caption(f"完成率口径：“{ex.PRINTED}”为报告原文；报告未列时“{ex.COMPUTED}”＝决算 ÷ 年初预算。")


picked = filters.sidebar()
sel = replace(picked, kind="final")  # execution is told by 决算 reports
low, high = st.sidebar.slider("完成率正常区间（%）", 0, 200, (int(ex.BAND[0]), int(ex.BAND[1])), step=5,
                              key="band", bind="query-params", help="完成率在此区间之外的项目标红，并列出报告所述原因。")
finals = ex.finals(sel) if not sel.empty else None
reports = {} if finals is None else {f"{r.unit_name} {r.fiscal_year}年": (r.unit_id, r.fiscal_year)
                                     for r in finals.itertuples()}
focus = st.sidebar.selectbox("聚焦一份决算", ["全部"] + list(reports), key="exec_focus",
                             bind="query-params") if len(reports) > 1 else "全部"
if focus in reports:  # drill down: every section below shows this one report
    unit_id, year = reports[focus]
    sel, finals = replace(sel, units=(unit_id,), years=(year,)), finals[finals["unit_id"] == unit_id]
    finals = finals[finals["fiscal_year"] == year]
widgets.intro("预算执行", widgets.describe(sel, fund="general")
              + f"决算报告中一般公共预算财政拨款支出的年初预算与决算对比，完成率 {low}–{high}% 之外的项目标红。",
              [] if focus == "全部" else [focus])
if picked.kind != "final":
    st.caption("本页只看决算报告：左侧“报告类型”不影响本页。")
if widgets.empty_selection(sel):
    st.stop()
if finals.empty:
    widgets.no_data("决算报告（所选单位和年度只有预算报告）")
    st.stop()
missing = finals[~finals["has_execution"]]
if len(missing):
    st.caption("以下决算报告中未读出“一般公共预算财政拨款支出决算情况说明”：" + "、".join(
        plain(f"{r.unit_name} {r.fiscal_year}年") for r in missing.itertuples()) + "。")



overall = ex.overall(sel)
widgets.section("总体完成情况", overall, widgets.no_data_text("一般公共预算财政拨款支出总体完成情况（年初预算与支出决算）"),
                lambda: _overall(overall))

items = ex.items(sel, (low, high))
widgets.section("各项目完成情况（按偏离程度排序）", items, widgets.no_data_text("逐项的年初预算与决算对比"),
                lambda: _items(items, low, high))

st.subheader("预算报告与决算报告对比")
fund = filters.choice("资金范围", "exec_fund", {"all": ex.FUNDS["all"], "general": ex.FUNDS["general"]},
                      sidebar=False)
level = st.radio("科目级次", [1, 2, 3], index=2, format_func={1: "类", 2: "类、款", 3: "类、款、项"}.get,
                 horizontal=True, key="exec_level", bind="query-params")
paired = ex.budget_vs_final(sel, fund, level)
if paired.empty:
    st.info("所选单位和年度没有同一年度的预算报告和决算报告同时导入（或其中缺少该资金范围的功能分类支出表），"
            "无法逐科目对比。请在“数据管理”中导入同一年度的预算和决算报告。")
else:
    widgets.chart(charts.budget_vs_final(paired), ex.for_display(paired), "预算与决算对比", ex.LABELS)

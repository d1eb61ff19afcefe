"""支出结构 page: what the money is spent on — by function (类 → 款 → 项), 基本 vs 项目, 人员 vs 公用,
and the economic classes of basic spending — for one unit-year and across the selection.

Thin: filters in, dashboard.structure queries, dashboard.charts specs, dashboard.widgets out.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, widgets
from dashboard import structure as su
from dashboard.links import without_sides

PARTS = {"basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费"}


def _drill(rows: pd.DataFrame, fund: str, slot) -> None:
    """The unit-year picker and its sunburst."""
    keys = rows[["unit_name", "fiscal_year"]].drop_duplicates()
    options = [f"{u} · {y} 年" for u, y in zip(keys["unit_name"], keys["fiscal_year"])]
    picked = st.selectbox("单位年度（由内向外：类 → 款 → 项，点击扇区查看原文）", options, key="drill",
                          bind="query-params")
    unit, year = keys.iloc[options.index(picked)]
    widgets.breadcrumb(slot, "支出结构", [unit, f"{year} 年", widgets.FUNDS[fund]])
    one = rows[(rows["unit_name"] == unit) & (rows["fiscal_year"] == year)]
    cols = ["code", "name", "level", "total", "basic", "project", "share_pct", "source", *widgets.WHERE]
    widgets.chart(charts.sunburst(one), one[cols], f"功能分类_{unit}_{year}")


def _across(rows: pd.DataFrame, docs: pd.DataFrame) -> None:
    st.subheader("各单位、各年度的功能结构")
    classes = rows[rows["level"] == 1]
    widgets.missing(docs, classes, "按功能分类的支出金额")
    st.caption("每根柱子为 100%，颜色为功能分类的类；悬停可见金额和来源页，点击柱段查看原文。")
    cols = ["unit_name", "fiscal_year", "code", "name", "total", "share_pct", "source", *widgets.WHERE]
    fig = charts.stacked_shares(classes, "name", "total", legend="功能分类（类）")
    widgets.chart(fig, classes[cols], "功能分类结构")
    wide = classes.assign(col=classes["unit_name"] + " " + classes["fiscal_year"].astype(str) + "年") \
        .pivot_table(index=["code", "name"], columns="col", values="share_pct", aggfunc="first", sort=False) \
        .fillna(0.0).reset_index().rename_axis(columns=None)  # a 类 a report does not list: nothing spent on it
    widgets.folded_table("对照表：各类支出占比（%）", wide.rename(columns={c: f"{c}（%）" for c in wide.columns if "年" in c}),
                         "功能分类占比对照")


def _two_parts(data: pd.DataFrame, docs: pd.DataFrame, a: str, b: str, title: str, what: str, note: str) -> None:
    def draw() -> None:
        widgets.missing(docs, data, what)
        st.caption(note)
        long = su.parts_long(data, {a: PARTS[a], b: PARTS[b]})
        widgets.chart(charts.stacked_shares(long, "part", "amount", [PARTS[a], PARTS[b]]),
                      without_sides(data, a, b), title)  # the table: positions of one row's place only

    widgets.section(title, data, widgets.no_data_text(what), draw)


def _economic(sel, docs: pd.DataFrame) -> None:
    rows = su.economic_rows(sel)

    def draw() -> None:
        widgets.missing(docs, rows, "基本支出经济分类表")
        st.caption("一般公共预算财政拨款基本支出，按经济分类的类；数据表含款级明细。")
        fig = charts.stacked_shares(rows[rows["level"] == 1], "name", "amount", legend="经济分类（类）")
        cols = ["unit_name", "fiscal_year", "code", "name", "level", "amount", "share_pct", "source", *widgets.WHERE]
        widgets.chart(fig, rows[cols], "基本支出经济分类")

    widgets.section("基本支出按经济分类花在哪？", rows, widgets.no_data_text("基本支出经济分类表"), draw)


PAGE_TABS = ["功能分类", "基本与项目", "人员与公用", "经济分类"]  # built only when open (widgets.open_tab)


def _functions(sel, fund: str, docs: pd.DataFrame, slot) -> None:
    rows = su.function_rows(sel, fund).dropna(subset=["total"])  # a table printed blank has nothing to draw
    if widgets.section("钱花在哪些功能上？", rows, widgets.no_data_text(f"{widgets.FUNDS[fund]}按功能分类的支出金额"),
                       lambda: _drill(rows, fund, slot)):
        _across(rows, docs)


def main() -> None:
    sel = filters.sidebar()
    fund = filters.choice("资金范围", "fund", widgets.FUNDS, horizontal=False)
    slot = widgets.intro("支出结构", widgets.describe(sel, fund=fund))
    if widgets.empty_selection(sel):
        return
    docs = su.documents(sel)
    which, tab = widgets.open_tab(PAGE_TABS, "part")
    with tab:
        if which == 0:
            _functions(sel, fund, docs, slot)
        elif which == 1:
            _two_parts(su.basic_project(sel, fund), docs, "basic", "project", "基本支出与项目支出各占多少？",
                       "基本支出和项目支出", "基本支出保障机构运转和人员，项目支出用于完成特定任务。")
        elif which == 2:
            _two_parts(su.personnel_public(sel), docs, "personnel", "public", "人员经费与公用经费各占多少？",
                       "人员经费和公用经费", "基本支出中人员经费与公用经费的划分（一般公共预算财政拨款，不随资金范围切换）。")
        else:
            _economic(sel, docs)


main()

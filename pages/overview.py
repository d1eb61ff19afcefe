"""总览 page: what each unit-year spent (cards that ask and answer a question), the trend of total
spending (名义/实际), the biggest year-on-year changes, and what is loaded.

Thin: filters in, dashboard.overview queries, dashboard.charts, dashboard.widgets out.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, cpi, filters, widgets
from dashboard import overview as ov
from dashboard.widgets import percent, plain, yuan

MAX_CARDS = 12  # unit-years shown as cards; the table below has them all
TOP_CHANGES = 10
LEVELS = {1: "类", 2: "款", 3: "项"}


def _delta(change, change_pct, previous_year) -> str | None:
    if pd.isna(change):
        return None
    return f"{change:+,.2f} 万元（{percent(change_pct, signed=True)}），比 {int(previous_year)} 年"


def _card(row: pd.Series) -> None:
    """One unit-year's answers (widgets.card): the first figures a visit shows."""
    final = row["doc_kind"] == "final"
    year = int(row["fiscal_year"])
    n_units = row["units_in_year"]
    context = (f"占所选 {n_units} 个单位 {year} 年支出合计的 {percent(row['share_pct'])}。" if n_units > 1
               else "支出总额（全部资金）。")
    spend = (widgets.figure_text("花了多少？" if final else "打算花多少？", yuan(row["total"]),
                                 _delta(row["change"], row["change_pct"], row["previous_year"])),
             f"{context}来源：{widgets.sourced(row['source'], row.to_dict())}")
    if pd.notna(row["top_name"]):
        where = (widgets.figure_text("钱主要花在哪？", plain(row["top_name"])),
                 f"{yuan(row['top_amount'])}，占支出的 {percent(row['top_share_pct'])}。来源：{_page_of(row, 'top')}")
    else:
        where = widgets.figure_text("钱主要花在哪？", "—"), "报告中没有按功能分类的支出表。"
    split = (widgets.figure_text("养人还是办事？", f"项目支出占 {percent(row['project_share_pct'])}"),
             f"基本支出（人员和日常运转）{yuan(row['basic'])}，项目支出 {yuan(row['project'])}。")
    widgets.card(f"**{plain(row['unit_name'])} · {year} 年{'决算' if final else '预算'}**",
                 [spend, where, split, _sangong_cell(row, final)])


def _page_of(row: pd.Series, figure: str) -> str:
    """The 来源 of a card's other figure (the largest 类, 三公), linked to its page in the report."""
    return widgets.sourced(row[f"{figure}_source"], {"doc_id": row["doc_id"], "source_page": row[f"{figure}_page"]})


def _cards(heads: pd.DataFrame) -> None:
    for _, row in heads.head(MAX_CARDS).iterrows():
        _card(row)
    if len(heads) > MAX_CARDS:
        st.caption(f"仅显示前 {MAX_CARDS} 个单位年度，共 {len(heads)} 个；请在左侧缩小选择。")


def _sangong_cell(row: pd.Series, final: bool) -> tuple[str, str]:
    if pd.isna(row["sangong"]):
        budget = row["sangong_budget"]
        return (widgets.figure_text("“三公”经费多少？", "—"),
                f"报告未列“三公”经费决算数（预算 {yuan(budget)}）。" if final and pd.notna(budget)
                else "报告中没有“三公”经费数据。")
    change = row["sangong_change_pct"]
    delta = None if pd.isna(change) else f"{change:+.1f}%，比 {int(row['previous_year'])} 年"
    budget = row["sangong_budget"]
    context = (f"预算 {yuan(budget)}，完成 {percent(100 * row['sangong'] / budget)}。"
               if final and pd.notna(budget) and budget else "")
    return (widgets.figure_text("“三公”经费多少？", yuan(row["sangong"]), delta, tone="red" if change > 0 else "green"),
            f"{context}来源：{_page_of(row, 'sangong')}")


def _coverage(sel) -> None:
    st.subheader("已加载哪些报告？")
    newest = ov.newest_years()
    left, right = st.columns(2)
    widgets.figure(left, "决算数据最新到", f"{newest['final']} 年" if newest["final"] else "—")
    widgets.figure(right, "预算数据最新到", f"{newest['budget']} 年" if newest["budget"] else "—")
    cov = ov.coverage(sel)
    if cov.empty:
        st.info("所选单位和年度没有已加载的报告。")
        return
    st.caption("每格表示该单位该年度已加载的报告（预算、决算）。")
    widgets.small_table(ov.matrix(cov), "已加载报告")


def _trend(heads: pd.DataFrame, basis: str, base_year: int) -> None:
    data = ov.priced(heads.dropna(subset=["total"]), basis, base_year)
    cols = ["unit_name", "fiscal_year", "total", "previous_year", "previous", "change", "change_pct", "source",
            *widgets.WHERE]  # where each total was printed: the table's 原文 links (not shown, not downloaded)
    widgets.section("支出总额怎样变化？", data, widgets.no_data_text("支出总额"), lambda: widgets.chart(
        charts.trend(data), data[cols].sort_values(["unit_name", "fiscal_year"]), "支出总额",
        {"total": "支出总额（万元）", "previous": "上一年度（万元）"}),
        cpi.note(data["fiscal_year"], base_year) if basis == "real" and len(data) else None)


def _changes(sel, basis: str, base_year: int) -> None:
    st.subheader("哪些科目变化最大？")
    level = st.radio("科目级次", list(LEVELS), format_func=LEVELS.get, index=2, horizontal=True, key="change_level",
                     bind="query-params")
    top = ov.changes(sel, level, TOP_CHANGES, base_year if basis == "real" else None)
    if top.empty:
        st.info("所选年度没有可比较的上一年度报告（同一单位、同一报告类型），无法计算同比变化。")
        return
    st.caption(f"与该单位上一个已加载年度相比，按增减额（万元）绝对值排序的前 {len(top)} 个{LEVELS[level]}级科目。")
    cols = ["unit_name", "fiscal_year", "code", "name", "previous_year", "previous", "total", "change",
            "change_pct", "source", *widgets.WHERE]
    widgets.chart(charts.change_bars(top), top[cols], "变化最大的科目", {"total": "本年（万元）"})


def main() -> None:
    sel = filters.sidebar()
    basis = filters.choice("金额口径", "basis", cpi.BASES)
    widgets.intro("总览", widgets.describe(sel, fund="all", basis=basis))
    if widgets.empty_selection(sel):
        return
    _headlines(sel, basis)  # the answers first; what is loaded is the reference below them
    _coverage(sel)


def _headlines(sel, basis: str) -> None:
    heads = ov.headlines(sel)
    if not widgets.section("各单位各年度要点", heads, widgets.no_data_text(f"{filters.KINDS[sel.kind]}报告"),
                           lambda: None):
        return
    cards = st.container()  # filled once the trend below is sent: a dozen cards ahead of it held the chart back
    base_year = max(sel.years)
    _trend(heads, basis, base_year)
    with cards:
        _cards(heads)
    _changes(sel, basis, base_year)


main()

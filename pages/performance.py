"""绩效自评 page: how units score their own projects, and where the scores and the facts disagree.

Thin: pick filters, call dashboard.performance, draw. Every table keeps a 来源 column (file, page).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, widgets
from dashboard import performance as perf


def _highlight_lost(row: pd.Series) -> list[str]:
    lost = row.get(perf.LABELS["lost"])
    return ["background-color: #fde2e1" if pd.notna(lost) and lost > 0 else "" for _ in row]


def _drill_down(projects: pd.DataFrame) -> None:
    st.subheader("指标明细")
    keys = projects[["unit_name", "fiscal_year", "project", "doc_id", "score", "has_indicators"]].drop_duplicates()
    keys["label"] = [f"{r.unit_name} {r.fiscal_year}年 · {r.project}"
                     + (f"（{r.score:.2f} 分）" if pd.notna(r.score) else "") for r in keys.itertuples()]
    has_rows = list(keys["has_indicators"])
    choice = st.selectbox("选择项目查看其绩效指标（扣分的指标标红）", list(keys["label"]),
                          index=has_rows.index(True) if any(has_rows) else 0, key="project", bind="query-params")
    picked = keys[keys["label"] == choice].iloc[0]
    rows = perf.indicators(picked["doc_id"], picked["project"])
    if rows.empty:
        st.info("该项目在报告中只有汇总得分，没有逐项指标。")
        return
    widgets.grid(perf.for_display(rows), styler=lambda shown: shown.style.apply(_highlight_lost, axis=1)
                 .format(precision=2, thousands=",", na_rep="—"))
    missed = rows[rows["lost"] > 0]
    if missed.empty:
        st.success("所有指标均得满分。")
    for _, r in missed.iterrows():
        reason = widgets.plain(r["reason"]) if pd.notna(r["reason"]) else "报告未说明原因"
        st.markdown(f"- **{widgets.plain(r['name'])}**：目标 {widgets.plain(r['target'])}，实际 {widgets.plain(r['actual'])}，"
                    f"扣 {r['lost']:.2f} 分。原因：{reason}（{widgets.plain(r['source'])}）")


def _flags(sel: filters.Selection) -> None:
    st.subheader("疑点")
    flags = perf.score_flags(sel)
    st.markdown(f"**高分但目标未达成**：自评得分不低于 {perf.NEAR_PERFECT:g} 分，却有满意度指标扣分"
                f"或执行率低于 {perf.LOW_EXECUTION:g}%。")
    if flags.empty:
        st.write("未发现此类项目。")
    else:
        widgets.grid(perf.for_display(flags))
    copied = perf.copied_indicator_sets(sel)
    st.markdown(f"**指标雷同**：两个项目的三级指标相同或高度相似（相似度不低于 {100 * perf.SIMILAR:g}%），"
                "可能是照搬模板。")
    if copied.empty:
        st.write("未发现指标雷同的项目。")
    else:
        widgets.grid(perf.for_display(copied))
    checks = perf.score_findings(sel)
    st.markdown("**表内不一致**：总分与各项得分之和不符，或执行率与执行数、预算数不符。")
    if checks.empty:
        st.write("未发现表内不一致。")
    else:
        widgets.grid(perf.for_display(checks))


def _summary(overview: pd.DataFrame, projects: pd.DataFrame, evaluated: pd.DataFrame) -> None:
    """The counts and the two tables shown above the charts (sent after them: a page's tables and
    figures ahead of its first chart held that chart back in the browser)."""
    left, mid, right = st.columns(3)
    widgets.figure(left, "自评项目数", str(len(evaluated)))
    widgets.figure(mid, "平均自评得分", f"{evaluated['score'].mean():.2f}" if evaluated["score"].notna().any() else "—")
    widgets.figure(right, f"得分≥{perf.NEAR_PERFECT:g}分的项目占比",
                   f"{100 * (evaluated['score'] >= perf.NEAR_PERFECT).mean():.0f}%" if len(evaluated) else "—")

    st.subheader("各单位概况")
    widgets.grid(perf.for_display(overview))

    st.subheader("项目自评结果")
    st.caption("点击列标题排序。")
    widgets.table(perf.for_display(projects), "绩效自评项目")


def main() -> None:
    sel = filters.sidebar()
    widgets.intro("绩效自评", "各单位在决算中公开的项目支出绩效自评表、项目自评汇总表和部门整体绩效自评表"
                  f"（{widgets.plain(sel.unit_label()) or '未选择单位'}，{sel.year_label() or '未选择年度'}）。金额单位：万元。")
    overview = perf.overview(sel)
    if overview.empty:
        st.info("所选单位和年度没有绩效自评数据。请在左侧选择其他单位或年度，或导入含绩效自评表的决算报告。")
        return
    projects = perf.projects(sel)

    evaluated = projects[projects["evaluation"] == "project"]
    summary = st.container()  # filled after the charts below: their elements reach the browser first
    scored = evaluated.dropna(subset=["score", "execution_rate"])
    widgets.section("执行率与自评得分", scored, "所选范围内没有同时公开执行率和得分的项目。", lambda: widgets.vega(
        charts.rate_score_scatter(scored, perf.LOW_EXECUTION, perf.NEAR_PERFECT), "执行率与自评得分"))
    widgets.section("得分分布", evaluated.dropna(subset=["score"]), "所选范围内没有公开自评得分的项目。",
                    lambda: widgets.vega(charts.score_histograms(evaluated.dropna(subset=["score"])), "得分分布"))
    with summary:
        _summary(overview, projects, evaluated)

    _drill_down(projects)
    _flags(sel)


main()

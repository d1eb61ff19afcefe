"""三公经费 page: budget and actual per unit and year, the four components, completion and year-on-year
change, one panel per unit with shared scales; nominal or real (CPI) amounts.

Thin: pick filters, call dashboard.sangong, draw. Both report kinds are read: a year's budget comes
from its 决算 (or its 预算 report), its actual from the 决算.
"""
from __future__ import annotations

import streamlit as st

from dashboard import charts, cpi, filters, widgets
from dashboard import sangong as sg
from dashboard.widgets import plain

sel = filters.sidebar()
basis = filters.choice("金额口径", "basis", cpi.BASES)
widgets.intro("三公经费", widgets.describe(sel, basis=basis, what="预算报告和决算报告中的“三公”经费"
                                          "（因公出国（境）费、公务用车购置及运行维护费、公务接待费）"))
if widgets.empty_selection(sel):
    st.stop()

yearly = sg.yearly(sel)
if yearly.empty:
    widgets.no_data("“三公”经费表")
    st.stop()
base_year = max(sel.years)
if basis == "real":
    yearly = cpi.deflate(yearly, ["budget", "actual", "plan"], base_year)
    st.caption(cpi.note(yearly["fiscal_year"], base_year))
with_table = set(yearly["unit_id"])
without = [sel.names.get(u, u) for u in sel.units if u not in with_table]
if without:
    st.caption("以下单位在所选年度没有“三公”经费表：" + plain("、".join(without)) + "。")
long_df = sg.long_form(yearly)
if long_df.empty:
    widgets.no_data("“三公”经费金额（表格为空，或其中的数字未能读出）")
    st.stop()
price = widgets.Price(basis, base_year)
amount_title = f"金额（{price.unit()}）"
shared = st.sidebar.toggle("各单位使用相同纵轴刻度", value=True, key="sangong_shared", bind="query-params",
                           help="关闭后每个单位按自身金额设刻度，便于看清小额单位的变化。")

st.subheader("预算与决算")
st.caption("预算数取决算报告所列（与决算数同表），没有决算报告的年度取预算报告。")
totals = yearly[yearly["item"] == "total"]
widgets.chart(charts.sangong_trend(long_df, sg.MEASURES, amount_title, shared), sg.for_display(yearly),
              "三公经费预算与决算", sg.LABELS, price)
done = totals.dropna(subset=["actual"])
if len(done):
    cols = st.columns(min(len(done), 4))
    for col, row in zip(cols, done.sort_values("fiscal_year", ascending=False).drop_duplicates("unit_id").itertuples()):
        widgets.figure(col, f"{plain(row.unit_name)} {row.fiscal_year}年决算", widgets.yuan(row.actual),
                       f"完成预算 {widgets.percent(row.completion_rate)}")
        col.caption(f"来源：{plain(row.actual_source)}")

st.subheader("构成")
measure = st.radio("口径", list(sg.MEASURES), format_func=sg.MEASURES.get, horizontal=True, key="sangong_measure",
                   bind="query-params")
parts = sg.components(long_df)
if parts[parts["measure"] == measure].empty:
    st.info(f"所选单位和年度没有{sg.MEASURES[measure]}数的“三公”经费分项。")
else:
    widgets.chart(charts.sangong_components(parts[parts["measure"] == measure], sg.ORDER, amount_title, shared),
                  sg.for_display(parts[parts["measure"] == measure]), f"三公经费构成_{sg.MEASURES[measure]}",
                  sg.LABELS, price)

changes = sg.year_on_year(long_df)
changes = changes.reindex(changes["change"].abs().sort_values(ascending=False).index)
widgets.section("同比变化", changes, "所选单位只有一个年度的“三公”经费，无法计算变化。请在左侧多选几个年度。",
                lambda: widgets.table(sg.for_display(changes[[
                    "unit_id", "unit_name", "item", "measure", "fiscal_year", "amount", "prev_year", "prev_amount",
                    "change", "change_pct", "source", *widgets.WHERE]]), "三公经费同比变化", sg.LABELS, price=price),
                "与该单位上一个已加载年度相比（比较年度一栏注明），按变化额绝对值排序。")

"""Plotly figure builders: DataFrames in (English columns, a `source` column), figures out.

Small multiples share their scales (one y range for every facet) so units can be compared at a
glance; every hover names the figure's source document and page. The landing page's charts and
all of 支出结构's (its sunburst too) are Vega-Lite specs instead (vegalite.py): the browser draws them
without evaluating Plotly's script, which took 支出结构 12.8–14 s to its first chart.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .links import printed_links, side
from .style import FONT, PALETTE
from .vegalite import MAX_PANELS, few_panels  # noqa: F401  (MAX_PANELS: the limit the panels' note names)


def on_every_panel(fig: go.Figure, *shapes: dict) -> go.Figure:
    """Draw each shape (a plotly shape dict in x data units, spanning the panel's height) on every
    panel that has data, set in one layout update: add_vline(row="all") re-validates the figure once
    per panel and takes seconds on 24 panels."""
    panels = dict.fromkeys((t.xaxis or "x", t.yaxis or "y") for t in fig.data)
    fig.layout.shapes = list(fig.layout.shapes) + [
        {**shape, "xref": x, "yref": f"{y} domain", "y0": 0, "y1": 1} for x, y in panels for shape in shapes]
    return fig


def _layout(fig: go.Figure, height: int = 420) -> go.Figure:
    fig.update_layout(font_family=FONT, height=height, margin=dict(t=50, l=10, r=10, b=10),
                      legend=dict(orientation="h", y=-0.15, title_text=""), hoverlabel=dict(font_family=FONT))
    return fig


def _custom(rows: pd.DataFrame, columns: list[str]) -> list:
    """customdata of each point: the columns the hover names (blanks as '—'), then the row's 来源
    link, which a click opens (widgets.plotly); '—' for a row printed nowhere."""
    return rows[columns].assign(link=printed_links(rows)).astype(object).fillna("—").values


def _grid(panels: list[str], wrap: int, shared_x: bool = False, shared_y: bool = False,
          spacing: float = 0.06) -> tuple[go.Figure, dict]:
    """One subplot per panel, `wrap` to a row, titled by the panel; returns the figure and each
    panel's (row, col). Shared axes match every panel's ("all"), so units compare at a glance."""
    cols = min(wrap, len(panels)) or 1
    rows = -(-len(panels) // cols) or 1
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=panels, horizontal_spacing=spacing,
                        vertical_spacing=min(0.12, 0.4 / rows), shared_xaxes="all" if shared_x else False,
                        shared_yaxes="all" if shared_y else False)
    return fig, {p: (i // cols + 1, i % cols + 1) for i, p in enumerate(panels)}


def _place(fig: go.Figure, traces: list, where: list[tuple[int, int]]) -> None:
    if traces:
        fig.add_traces(traces, rows=[r for r, _ in where], cols=[c for _, c in where])


def _unit_year(df: pd.DataFrame) -> pd.Series:
    return df["unit_name"] + " " + df["fiscal_year"].astype(str) + "年"


def _short(labels: pd.Series, width: int = 12) -> pd.Series:
    """Axis labels short enough not to run into the next panel; the full name is in the hover."""
    return labels.where(labels.str.len() <= width, labels.str[: width - 1] + "…")


def _bars_height(bars_per_panel: pd.Series, px_per_bar: int, wrap: int = 2) -> int:
    """Tall enough for the fullest panel in each row of panels."""
    rows = -(-len(bars_per_panel) // wrap) or 1
    return rows * (px_per_bar * int(bars_per_panel.max() if len(bars_per_panel) else 1) + 100) + 80


def _count_step(largest: float) -> int:
    """A whole-number tick step for an axis of counts (never 0.5 project)."""
    return max(1, -(-int(largest) // 5))


def _year_axis(fig: go.Figure, years) -> None:
    """Years as whole numbers, one tick each (their text, 2023年, is also what %{x} shows on hover); a
    single year gets room on both sides of its point."""
    years = sorted({int(y) for y in years})
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[f"{y}年" for y in years], title_text="")
    if len(years) == 1:
        fig.update_xaxes(range=[years[0] - 0.6, years[0] + 0.6])


def _gapped(rows: pd.DataFrame, years: list[int], column: str) -> list:
    """rows[column] on every year of the axis, None where a year has no figure: the line breaks
    there instead of bridging 2020 → 2023 as if the years between existed."""
    by_year = dict(zip(rows["fiscal_year"].astype(int), rows[column]))
    return [by_year.get(y) for y in years]


def _sources(rows: pd.DataFrame, years: list[int]) -> list:
    """Each year's [来源 text, 来源 link] (clicking the point opens the link, widgets.plotly)."""
    linked = rows.assign(link=printed_links(rows))
    return [[source, link] for source, link in zip(_gapped(linked, years, "source"), _gapped(linked, years, "link"))]


def completion_items(df: pd.DataFrame, band: tuple[float, float]) -> go.Figure:
    """Completion rate per item as horizontal bars, one panel per unit-year, the rate printed on
    each bar, the band shaded and the 100% line on every panel."""
    data = df.dropna(subset=["completion_rate"]).copy()
    data["panel"] = _unit_year(data)
    data["label"] = _short(data["item"].fillna(data["code"]))
    data, note = few_panels(data.sort_values(["unit_name", "fiscal_year"], kind="stable"), "panel")
    panels = list(dict.fromkeys(data["panel"]))
    fig, where_of = _grid(panels, 2, spacing=0.2)
    traces, where = [], []
    for status, outside, colour in (("超出区间", True, "#d62728"), ("区间内", False, "#7f9fbf")):
        for i, panel in enumerate(panels):
            rows = data[(data["panel"] == panel) & (data["outside"] == outside)]
            rows = rows.sort_values("deviation", key=abs)
            if rows.empty:
                continue
            traces.append(go.Bar(
                x=rows["completion_rate"], y=rows["label"], orientation="h", name=status, legendgroup=status,
                showlegend=not any(t.name == status for t in traces), marker_color=colour,
                text=[f"{v:.1f}%" for v in rows["completion_rate"]], textposition="auto",
                customdata=_custom(rows, ["item", "budget", "actual", "reason", "source"]),
                hovertemplate="%{customdata[0]}：完成 %{x:.1f}%<br>年初预算 %{customdata[1]:,.2f} 万元，"
                              "决算 %{customdata[2]:,.2f} 万元<br>原因：%{customdata[3]}"
                              "<br>来源：%{customdata[4]}<extra></extra>"))
            where.append(where_of[panel])
    _place(fig, traces, where)
    on_every_panel(fig, dict(type="rect", x0=band[0], x1=band[1], fillcolor="green", opacity=0.08, line_width=0,
                             layer="below"),
                   dict(type="line", x0=100, x1=100, line=dict(dash="dash", color="black")))
    fig.update_xaxes(ticksuffix="%", rangemode="tozero")
    _layout(fig, height=_bars_height(data.groupby("panel")["label"].nunique(), 24))
    fig.update_layout(title=note or None, barmode="overlay")
    return fig


def completion_overall(df: pd.DataFrame) -> go.Figure:
    """Overall completion per unit, years side by side, the rate printed at the foot of each bar
    (above it, or at its top, a rate near 100 % sat on the dashed 100 % line), the 100% line."""
    data = df.dropna(subset=["completion_rate"]).sort_values(["fiscal_year", "unit_name"])
    traces = []
    for colour, (year, rows) in zip(PALETTE * 4, data.groupby("fiscal_year", sort=True)):
        traces.append(go.Bar(
            x=rows["unit_name"], y=rows["completion_rate"], name=f"{year}年", marker_color=colour,
            text=[f"{v:.1f}%" for v in rows["completion_rate"]], textposition="inside", insidetextanchor="start",
            textangle=0, textfont_color="white", customdata=_custom(rows, ["budget", "actual", "source"]),
            hovertemplate="%{x} " + f"{year}年" + "：完成 %{y:.1f}%<br>年初预算 %{customdata[0]:,.2f} 万元，"
                          "决算 %{customdata[1]:,.2f} 万元<br>来源：%{customdata[2]}<extra></extra>"))
    fig = go.Figure(traces)
    fig.add_hline(y=100, line_dash="dash", line_color="black")
    top = max(100.0, float(data["completion_rate"].max()) if len(data) else 100.0)
    fig.update_layout(barmode="group", xaxis_title="", yaxis=dict(title="完成率（%）", range=[0, top * 1.15]))
    return _layout(fig)


def budget_vs_final(df: pd.DataFrame) -> go.Figure:
    """预算数 and 决算数 by code, bars side by side with their amounts, one panel per unit-year; each bar
    links to its own document's row (budget_x0 … / final_x0 …, links.side)."""
    data = df[df["code"] != "total"].copy()
    data["panel"] = _unit_year(data)
    data, note = few_panels(data, "panel")
    data["label"] = _short(data["code"] + " " + data["name"].fillna(""), 16)
    panels = list(dict.fromkeys(data.sort_values(["unit_name", "fiscal_year"])["panel"]))
    fig, where_of = _grid(panels, 2, spacing=0.2)
    traces, where = [], []
    for measure, figure, colour in (("预算", "budget", "#7f9fbf"), ("决算", "final", "#d62728")):
        for i, panel in enumerate(panels):
            rows = side(data[data["panel"] == panel], figure)
            traces.append(go.Bar(
                x=rows[f"{figure}_total"], y=rows["label"], orientation="h", name=measure, legendgroup=measure,
                showlegend=i == 0, marker_color=colour, texttemplate="%{x:,.2f}", textposition="auto",
                customdata=_custom(rows, ["code", "name"]),
                hovertemplate="%{customdata[0]} %{customdata[1]}<br>" + measure
                              + "：%{x:,.2f} 万元<extra></extra>"))
            where.append(where_of[panel])
    _place(fig, traces, where)
    fig.update_xaxes(title_text="金额（万元）", tickformat=",.0f")
    _layout(fig, height=_bars_height(data.groupby("panel")["label"].nunique(), 40))
    fig.update_layout(title=note or None, barmode="group")
    return fig


SANGONG_COLOURS = {"预算": "#7f9fbf", "决算": "#d62728"}


def sangong_trend(long_df: pd.DataFrame, measures: dict, amount_title: str = "金额（万元）",
                  shared: bool = True) -> go.Figure:
    """Total budget and actual per year, one panel per unit; a year without a figure breaks the line."""
    data, note = few_panels(long_df[long_df["item"] == "total"], "unit_name")
    units = list(dict.fromkeys(data["unit_name"]))
    first, last = int(long_df["fiscal_year"].min()), int(long_df["fiscal_year"].max())
    years = list(range(first, last + 1))
    fig, where_of = _grid(units, 3, shared_x=True, shared_y=shared)
    traces, where = [], []
    for key, measure in measures.items():
        for i, unit in enumerate(units):
            rows = data[(data["unit_name"] == unit) & (data["measure"] == key)]
            if rows.empty:
                continue
            traces.append(go.Scatter(
                x=years, y=_gapped(rows, years, "amount"), mode="lines+markers", connectgaps=False, name=measure,
                legendgroup=measure, showlegend=not any(t.name == measure for t in traces),
                line_color=SANGONG_COLOURS[measure], customdata=_sources(rows, years),
                hovertemplate=f"{measure} " + "%{x}：%{y:,.2f} 万元<br>来源：%{customdata[0]}<extra></extra>"))
            where.append(where_of[unit])
    _place(fig, traces, where)
    _year_axis(fig, years)
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f")
    fig.update_yaxes(title_text=amount_title, col=1)
    _layout(fig, height=320 * (-(-len(units) // 3) or 1) + 60)
    fig.update_layout(title=note or None)
    return fig


def sangong_components(parts: pd.DataFrame, order: list[str], amount_title: str = "金额（万元）",
                       shared: bool = True) -> go.Figure:
    """One measure's components stacked per year (`label` names each), one panel per unit, each
    part's amount printed on it; a segment printed at a box or a line opens its 来源 when clicked."""
    data, note = few_panels(parts, "unit_name")
    units = list(dict.fromkeys(data["unit_name"]))
    fig, where_of = _grid(units, 3, shared_x=True, shared_y=shared)
    traces, where = [], []
    for colour, label in zip(PALETTE, order):
        for unit in units:
            rows = data[(data["unit_name"] == unit) & (data["label"] == label)]
            if rows.empty:
                continue
            traces.append(go.Bar(
                x=rows["fiscal_year"], y=rows["amount"], name=label, legendgroup=label,
                showlegend=not any(t.name == label for t in traces), marker_color=colour,
                texttemplate="%{y:,.2f}", textposition="inside", textangle=0, customdata=_custom(rows, ["source"]),
                hovertemplate=f"{label} " + "%{x}：%{y:,.2f} 万元<br>来源：%{customdata[0]}<extra></extra>"))
            where.append(where_of[unit])
    _place(fig, traces, where)
    _year_axis(fig, data["fiscal_year"])
    fig.update_yaxes(tickformat=",.0f")
    fig.update_yaxes(title_text=amount_title, col=1)
    _layout(fig, height=320 * (-(-len(units) // 3) or 1) + 60)
    fig.update_layout(barmode="stack", title=note or None, uniformtext=dict(minsize=10, mode="hide"))
    return fig


def rate_score_scatter(projects: pd.DataFrame, low_execution: float, near_perfect: float) -> go.Figure:
    """Execution rate against score, one colour per unit, the project named on hover; both axes
    take in every point and the two thresholds. A point (one printed project row) opens its 来源
    when clicked."""
    traces = []
    for colour, (unit, rows) in zip(PALETTE * 8, projects.groupby("unit_name", sort=True)):
        traces.append(go.Scatter(
            x=rows["execution_rate"], y=rows["score"], mode="markers", name=unit, marker=dict(color=colour, size=9),
            customdata=_custom(rows, ["project", "fiscal_year", "executed", "source"]),
            hovertemplate="%{customdata[0]}（%{customdata[1]}年）<br>执行率 %{x:.1f}%，得分 %{y:.2f}"
                          "<br>执行数 %{customdata[2]:,.2f} 万元<br>来源：%{customdata[3]}<extra></extra>"))
    fig = go.Figure(traces)
    fig.add_vline(x=low_execution, line_dash="dot", line_color="grey")
    fig.add_hline(y=near_perfect, line_dash="dot", line_color="grey")
    xs = [*projects["execution_rate"], low_execution, 100.0]
    ys = [*projects["score"], near_perfect, 100.0]
    fig.update_layout(xaxis=dict(title="执行率（%）", range=[min(xs) - 5, max(xs) + 5]),
                      yaxis=dict(title="自评得分", range=[min(ys) - 3, max(ys) + 3]))
    _layout(fig)
    fig.update_layout(legend_title_text="单位")
    return fig


def score_histograms(projects: pd.DataFrame, bin_width: int = 5) -> go.Figure:
    """How many projects scored in each band of `bin_width` points, per unit-year, the count on
    each bar and whole numbers on the count axis."""
    data = projects.assign(panel=_unit_year(projects))
    data, note = few_panels(data, "panel")
    panels = list(dict.fromkeys(data["panel"]))
    fig, where_of = _grid(panels, 3, shared_x=True, shared_y=True)
    edges = list(range(0, 100 + bin_width, bin_width))
    traces, where, largest = [], [], 1
    for panel in panels:
        scores = data.loc[data["panel"] == panel, "score"]
        bins = pd.cut(scores, edges, right=False, include_lowest=True).value_counts(sort=False)
        bins = bins[bins > 0]
        largest = max(largest, int(bins.max()) if len(bins) else 1)
        traces.append(go.Bar(
            x=[b.left + bin_width / 2 for b in bins.index], y=list(bins), width=bin_width * 0.9, showlegend=False,
            marker_color=PALETTE[0], text=list(bins), textposition="outside",
            customdata=[f"{b.left:g}–{b.right:g}" for b in bins.index],
            hovertemplate="得分 %{customdata} 分：%{y} 个项目<extra></extra>"))
        where.append(where_of[panel])
    _place(fig, traces, where)
    fig.update_yaxes(dtick=_count_step(largest), tickformat="d", range=[0, largest * 1.25], rangemode="tozero")
    fig.update_yaxes(title_text="项目数", col=1)
    fig.update_xaxes(title_text="自评得分")
    _layout(fig, height=300 * (-(-len(panels) // 3) or 1) + 60)
    fig.update_layout(title=note or None)
    return fig


def completeness_bars(df: pd.DataFrame) -> go.Figure:
    """Completeness scores as horizontal bars, best on top, one per unit-year, the score printed."""
    labels = [f"{u} {y}年" for u, y in zip(df["unit_name"], df["fiscal_year"])]
    fig = go.Figure(go.Bar(x=df["score"], y=labels, orientation="h", text=[f"{s:.0f}" for s in df["score"]],
                           textposition="auto", hovertemplate="%{y}：%{x:.0f} 分<extra></extra>"))
    fig.update_layout(xaxis=dict(title="公开完整性得分", range=[0, 100]), yaxis=dict(autorange="reversed"))
    _layout(fig, height=max(240, 40 * len(df) + 80))
    return fig

"""Plotly figure builders: DataFrames in (English columns, a `source` column), figures out.

Small multiples share their scales (one y range for every facet) so units can be compared at a
glance; every hover names the figure's source document and page. The landing page's charts are
Vega-Lite specs instead (vegalite.py), so that its first visit needs no Plotly in the browser.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .style import FONT, PALETTE, year_label

MAX_PANELS = 24


def few_panels(data: pd.DataFrame, column: str, limit: int = MAX_PANELS) -> tuple[pd.DataFrame, str]:
    """The first `limit` panels of a faceted chart, and a note saying so when some are left out:
    plotly cannot lay out hundreds of facet rows, and nobody reads them; the table keeps every row."""
    panels = list(dict.fromkeys(data[column]))
    if len(panels) <= limit:
        return data, ""
    return data[data[column].isin(panels[:limit])].copy(), f"图中显示前 {limit} 个（共 {len(panels)} 个），全部数据见数据表"


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


def _parent(code: str, codes: set[str]) -> str:
    """The nearest printed ancestor: 项 '2010301' → 款 '20103' (or 类 '201' when no 款 row)."""
    return next((code[:n] for n in (5, 3) if len(code) > n and code[:n] in codes), "")


def _tint(colour: str, amount: float) -> str:
    """A hex colour mixed with white: 款 and 项 rings are lighter shades of their 类."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def sunburst(rows: pd.DataFrame, title: str = "") -> go.Figure:
    """合计 → 类 → 款 → 项 of one document. Each ring shows what its parent printed: a 类 whose 款 do
    not add up keeps the difference as its own slice (values in 'remainder' mode), so nothing is lost."""
    data = rows[rows["level"].between(1, 3)].drop_duplicates("code").copy()
    codes = set(data["code"])
    data["parent"] = [_parent(c, codes) or "合计" for c in data["code"]]
    children = data.groupby("parent")["total"].sum()
    data["own"] = (data["total"].fillna(0) - data["code"].map(children).fillna(0)).clip(lower=0)
    classes = list(dict.fromkeys(c[:3] for c in data["code"]))  # one colour per 类, shades for its 款 and 项
    data["colour"] = [_tint(PALETTE[classes.index(c[:3]) % len(PALETTE)], {1: 0, 2: 0.3, 3: 0.55}[lv])
                      for c, lv in zip(data["code"], data["level"])]
    root = pd.DataFrame([{"code": "合计", "parent": "", "name": "支出合计", "own": 0.0, "colour": "#ffffff",
                          "total": children.get("合计", 0.0), "share_pct": 100.0, "source": data["source"].iloc[0]}])
    data = pd.concat([root, data], ignore_index=True)
    fig = go.Figure(go.Sunburst(
        ids=data["code"], parents=data["parent"], values=data["own"], branchvalues="remainder",
        labels=data["name"], marker=dict(colors=data["colour"], line=dict(color="white", width=1.5)),
        textinfo="label+percent root", customdata=data[["code", "total", "share_pct", "source"]].values,
        hovertemplate="%{label}（%{customdata[0]}）<br>%{customdata[1]:,.2f} 万元，占 %{customdata[2]:.1f}%"
                      "<br>来源：%{customdata[3]}<extra></extra>",
        insidetextorientation="radial"))
    fig.update_layout(title=title)
    return _layout(fig, height=560)


def stacked_shares(df: pd.DataFrame, part: str, value: str, parts_order: list[str] | None = None,
                   title: str = "", legend: str = "") -> go.Figure:
    """100%-stacked bars: one panel per unit (three to a row), one bar per year, one colour per part,
    the same 0–100% scale. Traces are built directly and added in one call: plotly express takes
    about a second for a dozen units of 类, and the 支出结构 page draws four of these."""
    data = df.assign(year=year_label(df["fiscal_year"])).sort_values(["unit_name", "fiscal_year"])
    share = 100 * data[value] / data.groupby(["unit_name", "fiscal_year"])[value].transform("sum")
    data, note = few_panels(data.assign(share=share.round(1)), "unit_name")
    units = list(dict.fromkeys(data["unit_name"]))
    parts = parts_order or list(dict.fromkeys(data[part]))
    wrap = min(3, len(units)) or 1
    rows = -(-len(units) // wrap) or 1
    fig = make_subplots(rows=rows, cols=wrap, subplot_titles=units, shared_yaxes=True, horizontal_spacing=0.03,
                        vertical_spacing=min(0.08, 0.3 / rows))
    panel = {u: (i // wrap + 1, i % wrap + 1) for i, u in enumerate(units)}
    traces, where = [], []
    for colour, name in zip(PALETTE * (len(parts) // len(PALETTE) + 1), parts):
        for i, (unit, rows_of) in enumerate(data[data[part] == name].groupby("unit_name", sort=False)):
            traces.append(go.Bar(x=rows_of["year"], y=rows_of["share"], name=name, legendgroup=name,
                                 showlegend=i == 0, marker_color=colour,
                                 customdata=rows_of[[part, value, "source"]].values,
                                 hovertemplate="%{customdata[0]}<br>%{x}：%{customdata[1]:,.2f} 万元（%{y:.1f}%）"
                                               "<br>来源：%{customdata[2]}<extra></extra>"))
            where.append(panel[unit])
    fig.add_traces(traces, rows=[r for r, _ in where], cols=[c for _, c in where])
    fig.update_layout(barmode="stack", title="，".join(t for t in (title, note) if t))
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    fig.update_xaxes(type="category", categoryorder="category ascending")  # each unit its own years
    _layout(fig, height=380 + 260 * (rows - 1))
    fig.update_layout(legend_title_text=legend)
    return fig

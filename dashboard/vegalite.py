"""Vega-Lite specs: the charts of the 总览 page (the page every visit starts on) and of 支出结构 (its
100%-stacked bars and its sunburst).

Streamlit draws a Vega-Lite chart with a 0.8 MB script where a Plotly figure needs a 4.7 MB one, and
on a first visit the browser is busy evaluating that script just when the page's first figures
arrive (issue 8: cold start ≤ 3 s). A spec is a plain dict carrying its data, so building one costs
no chart library in Python either. As in charts.py, every hover names the figure's source and page,
and a mark whose row was printed somewhere carries its 来源 link (`link`): a chart with such marks has
a point selection (PICK) of it, and widgets.vega opens the 来源 page of the mark clicked.
"""
from __future__ import annotations

import pandas as pd

from . import sunburst as rings
from .links import printed_links
from .style import FONT, PALETTE, year_label

INCREASE, DECREASE = "#c0392b", "#2e86c1"
MAX_PANELS = 24
THIN_SHARE = 4.0  # a stacked share under this many percent is too thin to carry its label
PICK = "pick"  # the point selection of the `link` of the mark clicked
LEGEND_COLUMNS = 4  # a legend under a chart wraps into rows of this many: one row of 20 classes ran off the page


def few_panels(data: pd.DataFrame, column: str, limit: int = MAX_PANELS) -> tuple[pd.DataFrame, str]:
    """The first `limit` panels of a faceted chart, and a note saying so when some are left out:
    nobody reads hundreds of panels, and the table keeps every row."""
    panels = list(dict.fromkeys(data[column]))
    if len(panels) <= limit:
        return data, ""
    return data[data[column].isin(panels[:limit])].copy(), f"图中显示前 {limit} 个（共 {len(panels)} 个），全部数据见数据表"


def records(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The rows as JSON-ready dicts, with their 来源 links when some have one (linked); a missing
    figure is null (Vega-Lite leaves the point out)."""
    part = df[columns + (["link"] if "link" in df.columns else [])]
    return part.astype(object).where(part.notna(), None).to_dict("records")


def linked(data: pd.DataFrame) -> pd.DataFrame:
    """The rows with their 来源 link (None where a row was printed nowhere) when one has a link; a
    chart of rows printed nowhere (or of a frame without positions) gets no link column at all."""
    links = printed_links(data)
    return data.assign(link=links) if links.notna().any() else data


def pickable(view: dict, values: list[dict], marks: str | None = None) -> dict:
    """The view (a unit spec) with a point selection of the link of the mark clicked, when a mark has
    one; `marks` (a Vega mark type) narrows it to such marks: a line's path has its first point's datum."""
    if any(v.get("link") for v in values):
        select = {"type": "point", "fields": ["link"]}
        if marks:
            select["on"] = f"click[event.item && event.item.mark.marktype === '{marks}']"
        view["params"] = [{"name": PICK, "select": select}]
    return view


def picks(spec: dict) -> bool:
    """Whether clicking a mark of the spec picks a 来源 link (the views pickable gave a selection)."""
    views = [spec, spec.get("spec", {})]
    views += [layer for view in list(views) for layer in view.get("layer", [])]
    return any(p.get("name") == PICK for view in views for p in view.get("params", []))


def base(values: list[dict], height: int, **spec) -> dict:
    return {"data": {"values": values}, "height": height,
            "config": {"font": FONT, "legend": {"orient": "bottom", "title": None, "columns": LEGEND_COLUMNS,
                                                "labelLimit": 300}}, **spec}


def _runs(df: pd.DataFrame) -> pd.Series:
    """A name per unbroken run of years of a unit ('甲局#0', '甲局#1' after a missing year): a line
    is drawn within a run only, so 2020 → 2023 is not bridged as if the years between existed."""
    years = df["fiscal_year"].astype(int)
    breaks = years.groupby(df["unit_name"]).diff().fillna(1).ne(1).astype(int)
    return df["unit_name"] + "#" + breaks.groupby(df["unit_name"]).cumsum().astype(str)


def trend(df: pd.DataFrame) -> dict:
    """One line per unit across years, a point on each year that has a report; every year of the
    range has its place on the axis, and a line breaks where a year is missing. One year is bars,
    one a unit with its figure printed (a lone dot said nothing)."""
    data = df.assign(year=year_label(df["fiscal_year"])).sort_values(["unit_name", "fiscal_year"])
    if data["fiscal_year"].nunique() == 1:
        return _year_bars(linked(data))
    data = linked(data.assign(run=_runs(data)))
    first, last = int(data["fiscal_year"].min()), int(data["fiscal_year"].max())
    values = records(data, ["unit_name", "year", "run", "total", "source"])
    spec = base(values, 420, mark={"type": "line", "point": True},
                 encoding={
                     "x": {"field": "year", "type": "ordinal", "title": None,
                           "scale": {"domain": [f"{y}年" for y in range(first, last + 1)]},
                           "axis": {"labelAngle": 0}},
                     "y": {"field": "total", "type": "quantitative", "title": "万元", "scale": {"zero": True},
                           "axis": {"format": ",.0f"}},
                     "color": {"field": "unit_name", "type": "nominal", "scale": {"range": PALETTE}},
                     "detail": {"field": "run", "type": "nominal"},
                     "tooltip": [{"field": "unit_name", "title": "单位"}, {"field": "year", "title": "年度"},
                                 {"field": "total", "type": "quantitative", "title": "万元", "format": ",.2f"},
                                 {"field": "source", "title": "来源"}]})
    return pickable(spec, values, marks="symbol")  # the points; a click on the line picks nothing


def _year_bars(data: pd.DataFrame) -> dict:
    """The totals of one year: a horizontal bar a unit, its amount printed at the bar's end."""
    values = records(data, ["unit_name", "year", "total", "source"])
    largest = max(float(data["total"].max()) if data["total"].notna().any() else 1.0, 1.0)
    return base(values, {"step": 30}, encoding={
        "y": {"field": "unit_name", "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 320}},
        "x": {"field": "total", "type": "quantitative", "title": f"{data['year'].iloc[0]}（万元）",
              "axis": {"format": ",.0f"}, "scale": {"domain": [0, 1.3 * largest]}},
        "tooltip": [{"field": "unit_name", "title": "单位"}, {"field": "year", "title": "年度"},
                    {"field": "total", "type": "quantitative", "title": "万元", "format": ",.2f"},
                    {"field": "source", "title": "来源"}]},
        layer=[pickable({"mark": {"type": "bar", "color": PALETTE[0]}}, values), *value_labels("total", ",.2f")])


def value_labels(field: str, fmt: str) -> list[dict]:
    """Text layers printing each bar's value at its end: right of a bar that grows right, left of
    one that grows left."""
    return [{"transform": [{"filter": f"datum.{field} {op} 0"}],
             "mark": {"type": "text", "align": align, "dx": dx, "fontSize": 11},
             "encoding": {"text": {"field": field, "type": "quantitative", "format": fmt}}}
            for op, align, dx in ((">=", "left", 4), ("<", "right", -4))]


def change_bars(df: pd.DataFrame) -> dict:
    """Horizontal bars of year-on-year changes in 万元, the largest at the top, increases and
    decreases in two colours, each change printed at its bar's end. A label names the code too:
    项 of one name recur under many 款."""
    data = linked(df).assign(
        label=df["unit_name"] + " · " + df["name"] + " " + df["code"] + "（" + df["fiscal_year"].astype(str) + "）",
        direction=["增加" if v >= 0 else "减少" for v in df["change"]],
        previous_year=year_label(df["previous_year"]))
    columns = ["label", "direction", "previous_year", "previous", "total", "change", "change_pct", "source"]
    room = [1.3 * min(0.0, float(data["change"].min())), 1.3 * max(0.0, float(data["change"].max()))]  # for labels
    values = records(data, columns)
    return base(values, max(300, 40 * len(data) + 60),
                 encoding={
                     "y": {"field": "label", "type": "nominal", "sort": None, "title": None,
                           "axis": {"labelLimit": 360}},
                     "x": {"field": "change", "type": "quantitative", "title": "增减（万元）",
                           "axis": {"format": ",.0f"}, "scale": {"domain": room}},
                     "tooltip": [{"field": "label", "title": "科目"},
                                 {"field": "previous_year", "title": "比较年度"},
                                 {"field": "previous", "type": "quantitative", "title": "上年（万元）", "format": ",.2f"},
                                 {"field": "total", "type": "quantitative", "title": "本年（万元）", "format": ",.2f"},
                                 {"field": "change", "type": "quantitative", "title": "增减（万元）", "format": "+,.2f"},
                                 {"field": "change_pct", "type": "quantitative", "title": "增减（%）", "format": "+.1f"},
                                 {"field": "source", "title": "来源"}]},
                 layer=[pickable({"mark": "bar",
                                   "encoding": {"color": {"field": "direction", "type": "nominal",
                                                          "scale": {"domain": ["增加", "减少"],
                                                                    "range": [INCREASE, DECREASE]}}}}, values),
                        *value_labels("change", "+,.2f")])


def stacked_shares(df: pd.DataFrame, part: str, value: str, parts_order: list[str] | None = None,
                   title: str = "", legend: str = "") -> dict:
    """100%-stacked bars: one panel per unit (three to a row), one bar per year of the range (a year
    without a report is an empty place), one colour per part, each share printed on its segment
    (centred there; too thin ones show none), the same 0–100% scale. Shares are computed here, so
    the numbers printed are the numbers a test can read from the spec."""
    data = df.dropna(subset=[value]).sort_values(["unit_name", "fiscal_year"])
    data = data.assign(year=year_label(data["fiscal_year"]),
                       share=(100 * data[value] / data.groupby(["unit_name", "fiscal_year"])[value].transform("sum")))
    data, note = few_panels(data, "unit_name")
    parts = parts_order or list(dict.fromkeys(data[part]))
    data = data[data[part].isin(parts)].assign(rank=lambda d: d[part].map(parts.index)).sort_values(
        ["unit_name", "fiscal_year", "rank"])
    top = data.groupby(["unit_name", "fiscal_year"])["share"].cumsum()
    data = data.assign(middle=top - data["share"] / 2, share=data["share"].round(1), part_name=data[part],
                       amount=data[value])
    data = linked(data).assign(
        label=[f"{s:.1f}%" for s in data["share"]],
        panel=data["unit_name"].map({u: i for i, u in enumerate(dict.fromkeys(data["unit_name"]))}))
    years = range(int(data["fiscal_year"].min()), int(data["fiscal_year"].max()) + 1) if len(data) else []
    domain = [f"{y}年" for y in years]
    columns = ["unit_name", "year", "part_name", "rank", "amount", "share", "middle", "label", "panel", "source"]
    values = records(data, columns)
    x = {"field": "year", "type": "ordinal", "title": None, "scale": {"domain": domain}, "axis": {"labelAngle": 0}}
    spec = {
        "facet": {"field": "unit_name", "type": "nominal", "sort": {"field": "panel", "op": "min"},
                  "title": None, "header": {"labelFontSize": 13, "labelLimit": 300}},
        "columns": 3,
        "resolve": {"axis": {"x": "independent"}},  # years under every panel, not under an empty cell
        "spec": {"width": max(160, 48 * len(domain)), "height": 260, "layer": [
            pickable({"mark": "bar", "encoding": {
                "x": x,
                "y": {"field": "share", "type": "quantitative", "stack": "zero", "title": None,
                      "scale": {"domain": [0, 100]}, "axis": {"labelExpr": "datum.value + '%'"}},
                "color": {"field": "part_name", "type": "nominal", "title": legend or None,
                          "sort": {"field": "rank", "op": "min"},  # parts in their order, no report text in the spec
                          "scale": {"range": PALETTE}},
                "order": {"field": "rank", "type": "quantitative"},
                "tooltip": [{"field": "unit_name", "title": "单位"}, {"field": "year", "title": "年度"},
                            {"field": "part_name", "title": legend or "构成"},
                            {"field": "amount", "type": "quantitative", "title": "万元", "format": ",.2f"},
                            {"field": "share", "type": "quantitative", "title": "占比（%）", "format": ".1f"},
                            {"field": "source", "title": "来源"}]}}, values),
            {"transform": [{"filter": f"datum.share >= {THIN_SHARE}"}],
             "mark": {"type": "text", "fontSize": 11, "color": "white"},
             "encoding": {"x": x, "y": {"field": "middle", "type": "quantitative"},
                          "text": {"field": "label", "type": "nominal"}}}]},
    }
    out = base(values, 260, **spec)
    del out["height"]  # a faceted spec takes its panels' height
    out["config"]["legend"]["title"] = legend or None
    if title or note:
        out["title"] = "，".join(t for t in (title, note) if t)
    return out


def stacked(df: pd.DataFrame, part: str, value: str, parts_order: list[str], unit: str, fmt: str = ",.2f") -> dict:
    """Stacked bars of amounts or counts (not shares): one panel per unit (three to a row), one bar per
    year of the range, one colour per part in the given order, each bar's total printed above it."""
    data = df.dropna(subset=[value]).sort_values(["unit_name", "fiscal_year"])
    data, note = few_panels(data, "unit_name")
    data = data[data[part].isin(parts_order)]
    data = linked(data.assign(year=year_label(data["fiscal_year"]), part_name=data[part],
                               rank=data[part].map(parts_order.index), amount=data[value]))
    data = data.assign(panel=data["unit_name"].map({u: i for i, u in enumerate(dict.fromkeys(data["unit_name"]))}))
    years = range(int(data["fiscal_year"].min()), int(data["fiscal_year"].max()) + 1) if len(data) else []
    values = records(data, ["unit_name", "year", "part_name", "rank", "amount", "panel", "source"])
    x = {"field": "year", "type": "ordinal", "title": None, "scale": {"domain": [f"{y}年" for y in years]},
         "axis": {"labelAngle": 0}}
    bars = pickable({"mark": "bar", "encoding": {
        "x": x, "y": {"field": "amount", "type": "quantitative", "stack": "zero", "title": unit,
                      "axis": {"format": fmt.replace(".2f", ".0f")}},
        "color": {"field": "part_name", "type": "nominal", "sort": parts_order, "scale": {"range": PALETTE}},
        "order": {"field": "rank", "type": "quantitative"},
        "tooltip": [{"field": "unit_name", "title": "单位"}, {"field": "year", "title": "年度"},
                    {"field": "part_name", "title": "构成"},
                    {"field": "amount", "type": "quantitative", "title": unit, "format": fmt},
                    {"field": "source", "title": "来源"}]}}, values)
    totals = {"transform": [{"aggregate": [{"op": "sum", "field": "amount", "as": "bar_total"}], "groupby": ["year"]}],
              "mark": {"type": "text", "dy": -6, "fontSize": 11},
              "encoding": {"x": x, "y": {"field": "bar_total", "type": "quantitative"},
                           "text": {"field": "bar_total", "type": "quantitative", "format": fmt}}}
    spec = {"facet": {"field": "unit_name", "type": "nominal", "sort": {"field": "panel", "op": "min"},
                      "title": None, "header": {"labelFontSize": 13, "labelLimit": 300}},
            "columns": 3, "resolve": {"axis": {"x": "independent"}},
            "spec": {"width": max(160, 48 * len(years)), "height": 240, "layer": [bars, totals]}}
    out = base(values, 240, **spec)
    del out["height"]
    if note:
        out["title"] = note
    return out


def sunburst(rows: pd.DataFrame) -> dict:
    """合计 → 类 → 款 → 项 of one document as rings of arcs (laid out by dashboard.sunburst), each
    slice labelled with its name and share where the label fits, hovered with its amount and
    source, and opening its 来源 when it was printed somewhere (a grouped 其他 or summed 类 was not)."""
    data = linked(rings.rings(rows))
    columns = ["code", "name", "detail", "total", "share_pct", "source", "start", "end", "inner", "outer",
               "depth", "colour", "label"]
    values = records(data, columns)
    size = 2 * float(data["outer"].max()) + 8
    raw = {"type": "quantitative", "scale": None}  # angles and radii in the data are radians and pixels
    arcs = {"mark": {"type": "arc", "stroke": "white", "strokeWidth": 1.5}, "encoding": {
        "theta": {"field": "start", **raw}, "theta2": {"field": "end"},
        "radius": {"field": "inner", **raw}, "radius2": {"field": "outer"},
        "color": {"field": "colour", "type": "nominal", "scale": None},
        "tooltip": [{"field": "name", "title": "科目"}, {"field": "detail", "title": "编码"},
                    {"field": "total", "type": "quantitative", "title": "万元", "format": ",.2f"},
                    {"field": "share_pct", "type": "quantitative", "title": "占比（%）", "format": ".1f"},
                    {"field": "source", "title": "来源"}]}}
    labels = {"transform": [{"filter": "datum.label"},
                            {"calculate": "datum.depth ? (datum.start + datum.end) / 2 : 0", "as": "middle"},
                            {"calculate": "(datum.inner + datum.outer) / 2", "as": "across"}],
              "mark": {"type": "text", "fontSize": rings.FONT_SIZE, "lineHeight": rings.LINE,
                       "lineBreak": rings.LINE_BREAK},
              "encoding": {"theta": {"field": "middle", **raw}, "radius": {"field": "across", **raw},
                           "text": {"field": "label"},
                           "color": {"condition": {"test": "datum.depth === 1", "value": "white"},
                                     "value": "#222222"}}}
    spec = base(values, int(size), width=int(size), view={"stroke": None}, autosize={"type": "pad"},
                 layer=[pickable(arcs, values), labels])  # pad: the rings keep their size, none cut off
    spec["config"]["legend"] = {"disable": True}
    return spec

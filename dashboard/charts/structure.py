"""支出结构: 100%-stacked shares, stacked amounts and the 功能分类 sunburst (laid out by rings.py)."""
from __future__ import annotations

import pandas as pd

from ..style import PALETTE, year_label
from . import rings
from .base import base, few_panels, linked, percent_labels, pickable, records, year_axis

THIN_SHARE = 4.0  # a stacked share under this many percent is too thin to carry its label


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
        label=percent_labels(data["share"]),
        panel=data["unit_name"].map({u: i for i, u in enumerate(dict.fromkeys(data["unit_name"]))}))
    columns = ["unit_name", "year", "part_name", "rank", "amount", "share", "middle", "label", "panel", "source"]
    values = records(data, columns)
    x = year_axis(data["fiscal_year"])
    spec = {
        "facet": {"field": "unit_name", "type": "nominal", "sort": {"field": "panel", "op": "min"},
                  "title": None, "header": {"labelFontSize": 13, "labelLimit": 300}},
        "columns": 3,
        "resolve": {"axis": {"x": "independent"}},  # years under every panel, not under an empty cell
        "spec": {"width": max(160, 48 * len(x["scale"]["domain"])), "height": 260, "layer": [
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
    values = records(data, ["unit_name", "year", "part_name", "rank", "amount", "panel", "source"])
    x = year_axis(data["fiscal_year"])
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
            "spec": {"width": max(160, 48 * len(x["scale"]["domain"])), "height": 240, "layer": [bars, totals]}}
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

"""预算执行: completion rates of the items and of each 决算 overall, and 预算 against 决算 by code."""
from __future__ import annotations

import pandas as pd

from ..links import printed_links, side
from ..picture import HEAD
from ..style import PALETTE, year_label
from .base import (AMOUNT, LABEL_ROOM, SANGONG_COLOURS, base, faceted, few_panels, linked, ordered, percent_labels,
                   pickable, records, tip, unit_year)

OUTSIDE, INSIDE = "超出区间", "区间内"
FIRST_BARS = 20  # of a long list of overall completions, shown first while the whole is drawn (about a screen)
NAMES_EXTENT = 190  # pixels of the overall completions' column of names (labels cut at 180, ticks, padding), as wide
# for any names: their first bars drawn alone (picture.head) look as they do in the whole list


def completion_items(df: pd.DataFrame, band: tuple[float, float]) -> dict:
    """Completion rate per item as horizontal bars, most deviating on top, one panel per unit-year,
    outside the band in red (_rate_layers: the band, the 100% line, the rates at the right)."""
    data = df.dropna(subset=["completion_rate"]).sort_values(["unit_name", "fiscal_year"], kind="stable")
    data, note = few_panels(data.assign(panel=unit_year(data)), "panel")
    data = linked(ordered(data, data["panel"])).assign(
        label=data["item"].fillna(data["code"]), status=[OUTSIDE if o else INSIDE for o in data["outside"]],
        away=data["deviation"].abs(), rate_label=percent_labels(data["completion_rate"]))
    values = records(data, ["panel", "order", "label", "status", "away", "completion_rate", "rate_label", "item",
                            "budget", "actual", "reason", "source"])
    colour = {"field": "status", "type": "nominal", "title": None,
              "scale": {"domain": [OUTSIDE, INSIDE], "range": ["#d62728", "#7f9fbf"]}}
    layer = _rate_layers(values, data["completion_rate"], [
        tip("item", "项目"), tip("completion_rate", "完成率（%）", ".1f"), tip("budget", "年初预算（万元）", AMOUNT),
        tip("actual", "决算（万元）", AMOUNT), tip("reason", "原因"), tip("source", "来源")],
        colour, band, sort={"field": "away", "order": "descending"})
    return faceted(values, layer, 2, note, shared_y=False, width=250, height={"step": 22})


def completion_overall(df: pd.DataFrame) -> dict:
    """Overall completion per unit and year, one bar each under the other (names whole), the dashed
    100% line, and the rates in a column at the right, where no bar or line runs through them."""
    data = df.dropna(subset=["completion_rate"]).sort_values(["unit_name", "fiscal_year"])
    data = linked(data).assign(label=unit_year(data), year=year_label(data["fiscal_year"]),
                               rate_label=percent_labels(data["completion_rate"]))
    values = records(data, ["label", "unit_name", "year", "completion_rate", "rate_label", "budget", "actual", "source"])
    return base(values, {"step": 26}, layer=_rate_layers(values, data["completion_rate"], [
        tip("unit_name", "单位"), tip("year", "年度"), tip("completion_rate", "完成率（%）", ".1f"),
        tip("budget", "年初预算（万元）", AMOUNT), tip("actual", "决算（万元）", AMOUNT), tip("source", "来源")],
        names_extent=NAMES_EXTENT), usermeta={HEAD: ["label", FIRST_BARS]})


def _rate_layers(values: list[dict], rates: pd.Series, tooltip: list[dict], colour: dict | None = None,
                 band: tuple[float, float] | None = None, sort=None, names_extent: int | None = None) -> list[dict]:
    """Horizontal bars of completion rates (%) by `label`: the band shaded, the dashed 100% line, each
    rate printed in a column at the right (clear of bars and line), the bars picking their 来源 link;
    the column of names `names_extent` pixels wide when given."""
    top = LABEL_ROOM * max(100.0, band[1] if band else 0.0, float(rates.max()) if len(rates) else 100.0)
    x = {"field": "completion_rate", "type": "quantitative", "title": "完成率（%）", "scale": {"domain": [0, top]},
         "axis": {"labelExpr": "datum.value + '%'"}}
    names = {"minExtent": names_extent, "maxExtent": names_extent} if names_extent else {}
    y = {"field": "label", "type": "nominal", "title": None, "sort": sort, "axis": {"labelLimit": 180, **names}}
    once = {"transform": [{"aggregate": [{"op": "count", "as": "n"}]}]}  # one a panel, not one a bar
    layers = [
        {**once, "mark": {"type": "rect", "color": "green", "opacity": 0.08},
         "encoding": {"x": {"datum": band[0], "type": "quantitative"}, "x2": {"datum": band[1]}}}] if band else []
    bar = {"x": x, "y": y, "tooltip": tooltip}
    return layers + [
        pickable({"mark": {"type": "bar", **({} if colour else {"color": PALETTE[0]})},
                  "encoding": {**bar, **({"color": colour} if colour else {})}}, values),
        {**once, "mark": {"type": "rule", "strokeDash": [4, 4], "color": "black"},
         "encoding": {"x": {"datum": 100, "type": "quantitative"}}},
        {"mark": {"type": "text", "align": "right", "fontSize": 11},
         "encoding": {"x": {"datum": top, "type": "quantitative"}, "y": y, "text": {"field": "rate_label"}}},
    ]


def budget_vs_final(df: pd.DataFrame) -> dict:
    """预算数 and 决算数 by code, two bars side by side with their amounts, one panel per unit-year; each
    bar links to its own document's row (budget_x0 … / final_x0 …, links.side)."""
    data = df[df["code"] != "total"].sort_values(["unit_name", "fiscal_year", "code"], kind="stable")
    data, note = few_panels(data.assign(panel=unit_year(data)), "panel")
    data = ordered(data, data["panel"]).assign(label=data["code"] + " " + data["name"].fillna(""))
    sides = []
    for measure, figure in (("预算", "budget"), ("决算", "final")):
        rows = side(data, figure)
        sides.append(rows.assign(measure=measure, amount=rows[f"{figure}_total"], link=printed_links(rows)))
    both = pd.concat(sides, ignore_index=True).dropna(subset=["amount"])
    if not both["link"].notna().any():  # as base.linked: bars printed nowhere get no link column
        both = both.drop(columns="link")
    values = records(both, ["panel", "order", "label", "code", "measure", "amount"])  # and its link, if any
    top = LABEL_ROOM * max(float(both["amount"].max()) if len(both) else 1.0, 1.0)
    x = {"field": "amount", "type": "quantitative", "title": "金额（万元）", "scale": {"domain": [0, top]},
         "axis": {"format": ",.0f"}}
    y = {"field": "label", "type": "nominal", "title": None, "sort": {"field": "code"}, "axis": {"labelLimit": 200}}
    offset = {"field": "measure", "type": "nominal", "sort": ["预算", "决算"]}
    layer = [
        pickable({"mark": "bar", "encoding": {
            "x": x, "y": y, "yOffset": offset,
            "color": {"field": "measure", "type": "nominal", "title": None,
                      "scale": {"domain": list(SANGONG_COLOURS), "range": list(SANGONG_COLOURS.values())}},
            "tooltip": [tip("label", "科目"), tip("measure", "口径"), tip("amount", "万元", AMOUNT)]}}, values),
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 10},
         "encoding": {"x": x, "y": y, "yOffset": offset, "text": {"field": "amount", "type": "quantitative",
                                                                  "format": AMOUNT}}},
    ]
    return faceted(values, layer, 2, note, shared_y=False, width=360, height={"step": 34})

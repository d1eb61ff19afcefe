"""三公经费: budget and actual per year (bars with their amounts), and each component."""
from __future__ import annotations

import pandas as pd

from ..style import PALETTE, year_label
from .base import (AMOUNT, LABEL_ROOM, PAGE_WIDTH, SANGONG_COLOURS, faceted, few_panels, linked, ordered, pickable,
                   records, tip, year_axis)

def _by_year(data: pd.DataFrame, value: str, step: int, shared: bool) -> tuple[pd.DataFrame, dict, int, int]:
    """Panels (one per unit) over the same years, every year from the first to the last (a year
    without a figure keeps an empty place), `step` pixels a year. Each row's `room` is LABEL_ROOM × the
    largest `value` of its panel (of all, on a shared axis), where an invisible bar (_room_layer) makes
    the axis reach past the bars' printed values. Returns the rows, the x encoding, the panels' width
    and how many fit side by side."""
    largest = data[value].max() if shared else data.groupby("panel")[value].transform("max")
    data = data.assign(year=year_label(data["fiscal_year"]), room=LABEL_ROOM * pd.Series(largest, index=data.index))
    x = year_axis(data["fiscal_year"])
    width = max(160, step * len(x["scale"]["domain"]))
    return data, x, width, max(1, min(3, PAGE_WIDTH // (width + 75)))  # 75: the y axis beside each panel


def _room_layer(x: dict) -> dict:
    """An invisible bar to the panel's `room` (_by_year) at each year: first in the layer, under the
    bars clicked. (One a row put up to 336 in a picture of a dozen units over ten years, where
    120 do: each drawn, sent and laid out by the browser for nothing.)"""
    return {"transform": [{"aggregate": [{"op": "max", "field": "room", "as": "room"}], "groupby": ["year"]}],
            "mark": {"type": "bar", "opacity": 0},
            "encoding": {"x": x, "y": {"field": "room", "type": "quantitative", "stack": None}}}


def sangong_trend(long_df: pd.DataFrame, measures: dict, amount_title: str = "金额（万元）",
                  shared: bool = True) -> dict:
    """Total budget and actual per year, bars side by side with their amounts printed over them, one
    panel per unit; every year of the range has its place (a year without a figure is empty)."""
    data = long_df[long_df["item"] == "total"].dropna(subset=["amount"])
    data, note = few_panels(data.sort_values(["unit_name", "fiscal_year"], kind="stable"), "unit_name")
    data = linked(ordered(data, data["unit_name"])).assign(measure_name=data["measure"].map(measures))
    data, x, width, columns = _by_year(data, "amount", 12 * (len(measures) + 1), shared)
    values = records(data, ["panel", "order", "year", "measure_name", "amount", "room", "source"])
    y = {"field": "amount", "type": "quantitative", "title": amount_title, "axis": {"format": ",.0f"}}
    offset = {"field": "measure_name", "type": "nominal", "sort": list(measures.values())}
    layer = [
        _room_layer(x),
        pickable({"mark": "bar", "encoding": {
            "x": x, "y": y, "xOffset": offset,
            "color": {"field": "measure_name", "type": "nominal", "title": None,
                      "scale": {"domain": list(SANGONG_COLOURS), "range": list(SANGONG_COLOURS.values())}},
            "tooltip": [tip("panel", "单位"), tip("year", "年度"), tip("measure_name", "口径"),
                        tip("amount", "万元", AMOUNT), tip("source", "来源")]}}, values),
        {"mark": {"type": "text", "angle": 270, "align": "left", "baseline": "middle", "dx": 4, "fontSize": 10},
         "encoding": {"x": x, "y": y, "xOffset": offset,
                      "text": {"field": "amount", "type": "quantitative", "format": AMOUNT}}},
    ]
    return faceted(values, layer, columns, note, shared, width=width, height=240, rows_alike=True)


def sangong_components(parts: pd.DataFrame, order: list[str], amount_title: str = "金额（万元）",
                       shared: bool = True) -> dict:
    """One measure's components stacked per year (`label` names each), one panel per unit, each part's
    amount printed on it where it is tall enough to hold it and the year's total over the stack; a
    segment printed at a box or a line opens its 来源 when clicked."""
    data, note = few_panels(parts.dropna(subset=["amount"]).sort_values(["unit_name", "fiscal_year"], kind="stable"),
                            "unit_name")
    data = data[data["label"].isin(order)].assign(rank=lambda d: d["label"].map(order.index)).sort_values(
        ["unit_name", "fiscal_year", "rank"], kind="stable")
    stacks = data.groupby(["unit_name", "fiscal_year"])["amount"]
    data = linked(ordered(data, data["unit_name"])).assign(
        middle=stacks.cumsum() - data["amount"] / 2, stack=stacks.transform("sum"),
        first=~data.duplicated(["unit_name", "fiscal_year"]))  # one total label a stack
    data, x, width, columns = _by_year(data, "stack", 36, shared)
    data["amount_label"] = [f"{a:,.2f}" if a >= 0.08 * room / LABEL_ROOM else None  # a twelfth of the axis holds it
                            for a, room in zip(data["amount"], data["room"])]
    values = records(data, ["panel", "order", "year", "label", "rank", "amount", "amount_label", "middle", "stack",
                            "first", "room", "source"])
    layer = [
        _room_layer(x),
        pickable({"mark": "bar", "encoding": {
            "x": x, "y": {"field": "amount", "type": "quantitative", "stack": "zero", "title": amount_title,
                          "axis": {"format": ",.0f"}},
            "color": {"field": "label", "type": "nominal", "title": None, "sort": {"field": "rank", "op": "min"},
                      "scale": {"domain": order, "range": PALETTE}},
            "order": {"field": "rank", "type": "quantitative"},
            "tooltip": [tip("panel", "单位"), tip("year", "年度"), tip("label", "项目"),
                        tip("amount", "万元", AMOUNT), tip("source", "来源")]}}, values),
        {"transform": [{"filter": "datum.amount_label"}],
         "mark": {"type": "text", "color": "white", "fontSize": 9},
         "encoding": {"x": x, "y": {"field": "middle", "type": "quantitative"}, "text": {"field": "amount_label"}}},
        {"transform": [{"filter": "datum.first"}],
         "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": 10},
         "encoding": {"x": x, "y": {"field": "stack", "type": "quantitative"},
                      "text": {"field": "stack", "type": "quantitative", "format": AMOUNT}}},
    ]
    return faceted(values, layer, columns, note, shared, width=width, height=240, rows_alike=True)

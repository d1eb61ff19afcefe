"""Vega-Lite specs for the 总览 page, the page every visit starts on.

Streamlit draws a Vega-Lite chart with a 0.8 MB script where a Plotly figure needs a 4.7 MB one, and
on a first visit the browser is busy evaluating that script just when the page's first figures
arrive (issue 8: cold start ≤ 3 s). A spec is a plain dict carrying its data, so building one costs
no chart library in Python either. As in charts.py, every hover names the figure's source and page.
"""
from __future__ import annotations

import pandas as pd

from .style import FONT, PALETTE, year_label

INCREASE, DECREASE = "#c0392b", "#2e86c1"


def _values(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The rows as JSON-ready dicts; a missing figure is null (Vega-Lite leaves the point out)."""
    part = df[columns]
    return part.astype(object).where(part.notna(), None).to_dict("records")


def _spec(values: list[dict], height: int, **spec) -> dict:
    return {"data": {"values": values}, "height": height,
            "config": {"font": FONT, "legend": {"orient": "bottom", "title": None}}, **spec}


def _runs(df: pd.DataFrame) -> pd.Series:
    """A name per unbroken run of years of a unit ('甲局#0', '甲局#1' after a missing year): a line
    is drawn within a run only, so 2020 → 2023 is not bridged as if the years between existed."""
    years = df["fiscal_year"].astype(int)
    breaks = years.groupby(df["unit_name"]).diff().fillna(1).ne(1).astype(int)
    return df["unit_name"] + "#" + breaks.groupby(df["unit_name"]).cumsum().astype(str)


def trend(df: pd.DataFrame) -> dict:
    """One line per unit across years, a point on each year that has a report; every year of the
    range has its place on the axis, and a line breaks where a year is missing."""
    data = df.assign(year=year_label(df["fiscal_year"])).sort_values(["unit_name", "fiscal_year"])
    data = data.assign(run=_runs(data))
    first, last = int(data["fiscal_year"].min()), int(data["fiscal_year"].max())
    return _spec(_values(data, ["unit_name", "year", "run", "total", "source"]), 420,
                 mark={"type": "line", "point": True},
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


def _value_labels(field: str, fmt: str) -> list[dict]:
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
    data = df.assign(
        label=df["unit_name"] + " · " + df["name"] + " " + df["code"] + "（" + df["fiscal_year"].astype(str) + "）",
        direction=["增加" if v >= 0 else "减少" for v in df["change"]],
        previous_year=year_label(df["previous_year"]))
    columns = ["label", "direction", "previous_year", "previous", "total", "change", "change_pct", "source"]
    room = [1.3 * min(0.0, float(data["change"].min())), 1.3 * max(0.0, float(data["change"].max()))]  # for labels
    return _spec(_values(data, columns), max(300, 40 * len(data) + 60),
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
                 layer=[{"mark": "bar",
                         "encoding": {"color": {"field": "direction", "type": "nominal",
                                                "scale": {"domain": ["增加", "减少"],
                                                          "range": [INCREASE, DECREASE]}}}},
                        *_value_labels("change", "+,.2f")])

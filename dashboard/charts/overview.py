"""总览: the units' spending across years (one year: bars with their figures) and the year-on-year changes."""
from __future__ import annotations

import pandas as pd

from ..style import PALETTE, year_label
from .base import LABEL_ROOM, base, linked, pickable, records, value_labels, year_axis

INCREASE, DECREASE = "#c0392b", "#2e86c1"


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
    values = records(data, ["unit_name", "year", "run", "total", "source"])
    tooltip = [{"field": "unit_name", "title": "单位"}, {"field": "year", "title": "年度"},
               {"field": "total", "type": "quantitative", "title": "万元", "format": ",.2f"},
               {"field": "source", "title": "来源"}]
    return base(values, 420, encoding={
        "x": year_axis(data["fiscal_year"]),
        "y": {"field": "total", "type": "quantitative", "title": "万元", "scale": {"zero": True},
              "axis": {"format": ",.0f"}},
        "color": {"field": "unit_name", "type": "nominal", "scale": {"range": PALETTE}},
        "detail": {"field": "run", "type": "nominal"}},
        layer=[{"mark": "line"},  # a line links nowhere: its points do
               pickable({"mark": {"type": "point", "filled": True, "size": 60}, "encoding": {"tooltip": tooltip}},
                        values)])


def _year_bars(data: pd.DataFrame) -> dict:
    """The totals of one year: a horizontal bar a unit, its amount printed at the bar's end."""
    values = records(data, ["unit_name", "year", "total", "source"])
    largest = max(float(data["total"].max()) if data["total"].notna().any() else 1.0, 1.0)
    return base(values, {"step": 30}, encoding={
        "y": {"field": "unit_name", "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 320}},
        "x": {"field": "total", "type": "quantitative", "title": f"{data['year'].iloc[0]}（万元）",
              "axis": {"format": ",.0f"}, "scale": {"domain": [0, LABEL_ROOM * largest]}},
        "tooltip": [{"field": "unit_name", "title": "单位"}, {"field": "year", "title": "年度"},
                    {"field": "total", "type": "quantitative", "title": "万元", "format": ",.2f"},
                    {"field": "source", "title": "来源"}]},
        layer=[pickable({"mark": {"type": "bar", "color": PALETTE[0]}}, values), *value_labels("total", ",.2f")])


def change_bars(df: pd.DataFrame) -> dict:
    """Horizontal bars of year-on-year changes in 万元, the largest at the top, increases and
    decreases in two colours, each change printed at its bar's end. A label names the code too:
    项 of one name recur under many 款."""
    data = linked(df).assign(
        label=df["unit_name"] + " · " + df["name"] + " " + df["code"] + "（" + df["fiscal_year"].astype(str) + "）",
        direction=["增加" if v >= 0 else "减少" for v in df["change"]],
        previous_year=year_label(df["previous_year"]))
    columns = ["label", "direction", "previous_year", "previous", "total", "change", "change_pct", "source"]
    room = [LABEL_ROOM * min(0.0, float(data["change"].min())), LABEL_ROOM * max(0.0, float(data["change"].max()))]
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

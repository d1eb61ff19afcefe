"""Vega-Lite specs of 预算执行, 三公经费, 绩效自评 and 数据核对: DataFrames in (English columns, a `source`
column), specs out, as vegalite.py draws 总览 and 支出结构.

These were Plotly figures: on a first visit the browser spent 3–4 s evaluating Plotly's 4.7 MB script
before the first chart (issue 29: 三公经费 10–11 s, 预算执行 4.4–4.9 s); Vega-Lite's is 0.8 MB, and a
spec costs no chart library in Python. Small multiples are facets (one panel per unit or unit-year,
MAX_PANELS at most); a bar carries its value where a reader quotes it; a year is a place on the axis,
so one year is a bar and a missing year an empty place; every hover names the figure's source, and a
mark printed somewhere opens its 来源 page when clicked (vegalite.pickable).
"""
from __future__ import annotations

import pandas as pd

from .links import printed_links, side
from .style import PALETTE, year_label
from .vegalite import MAX_PANELS, base, few_panels, linked, pickable, records  # noqa: F401  (MAX_PANELS: the note's limit)

SANGONG_COLOURS = {"预算": "#7f9fbf", "决算": "#d62728"}
OUTSIDE, INSIDE = "超出区间", "区间内"
LABEL_ROOM = 1.3  # axes reach this far beyond the largest bar, so its printed value fits
AMOUNT = ",.2f"


def _tip(field: str, title: str, fmt: str | None = None) -> dict:
    return {"field": field, "title": title, **({"type": "quantitative", "format": fmt} if fmt else {})}


def _faceted(values: list[dict], layer: list[dict], columns: int, note: str = "", shared_y: bool = True,
             width: int | None = None, height=None) -> dict:
    """One panel per `panel` of the values (in `order`), `columns` to a row, each drawing the layers;
    every panel has its own axes drawn (a shared scale still compares); report text stays in the data."""
    spec = {"layer": layer}
    if width:
        spec["width"] = width
    if height:
        spec["height"] = height
    out = base(values, 0, facet={"field": "panel", "type": "nominal", "sort": {"field": "order", "op": "min"},
                                 "title": None, "header": {"labelFontSize": 13, "labelLimit": 320}},
               columns=columns, spec=spec,
               resolve={"axis": {"x": "independent", "y": "independent"},
                        "scale": {"y": "shared" if shared_y else "independent"}})
    del out["height"]  # a faceted spec takes its panels' size
    if note:
        out["title"] = note
    return out


def _ordered(data: pd.DataFrame, panel: pd.Series) -> pd.DataFrame:
    """The rows with their panel's name and its place (panels in the order they first appear)."""
    order = {p: i for i, p in enumerate(dict.fromkeys(panel))}
    return data.assign(panel=panel.values, order=panel.map(order).values)


def _unit_year(df: pd.DataFrame) -> pd.Series:
    return df["unit_name"] + " " + df["fiscal_year"].astype(int).astype(str) + "年"


def _percent_labels(values: pd.Series) -> list[str]:
    return [f"{v:.1f}%" for v in values]


def completion_items(df: pd.DataFrame, band: tuple[float, float]) -> dict:
    """Completion rate per item as horizontal bars, most deviating on top, one panel per unit-year,
    outside the band in red (_rate_layers: the band, the 100% line, the rates at the right)."""
    data = df.dropna(subset=["completion_rate"]).sort_values(["unit_name", "fiscal_year"], kind="stable")
    data, note = few_panels(data.assign(panel=_unit_year(data)), "panel")
    data = linked(_ordered(data, data["panel"])).assign(
        label=data["item"].fillna(data["code"]), status=[OUTSIDE if o else INSIDE for o in data["outside"]],
        away=data["deviation"].abs(), rate_label=_percent_labels(data["completion_rate"]))
    values = records(data, ["panel", "order", "label", "status", "away", "completion_rate", "rate_label", "item",
                            "budget", "actual", "reason", "source"])
    colour = {"field": "status", "type": "nominal", "title": None,
              "scale": {"domain": [OUTSIDE, INSIDE], "range": ["#d62728", "#7f9fbf"]}}
    layer = _rate_layers(values, data["completion_rate"], [
        _tip("item", "项目"), _tip("completion_rate", "完成率（%）", ".1f"), _tip("budget", "年初预算（万元）", AMOUNT),
        _tip("actual", "决算（万元）", AMOUNT), _tip("reason", "原因"), _tip("source", "来源")],
        colour, band, sort={"field": "away", "order": "descending"})
    return _faceted(values, layer, 2, note, shared_y=False, width=250, height={"step": 22})


def completion_overall(df: pd.DataFrame) -> dict:
    """Overall completion per unit and year, one bar each under the other (names whole), the dashed
    100% line, and the rates in a column at the right, where no bar or line runs through them."""
    data = df.dropna(subset=["completion_rate"]).sort_values(["unit_name", "fiscal_year"])
    data = linked(data).assign(label=_unit_year(data), year=year_label(data["fiscal_year"]),
                               rate_label=_percent_labels(data["completion_rate"]))
    values = records(data, ["label", "unit_name", "year", "completion_rate", "rate_label", "budget", "actual", "source"])
    return base(values, {"step": 26}, layer=_rate_layers(values, data["completion_rate"], [
        _tip("unit_name", "单位"), _tip("year", "年度"), _tip("completion_rate", "完成率（%）", ".1f"),
        _tip("budget", "年初预算（万元）", AMOUNT), _tip("actual", "决算（万元）", AMOUNT), _tip("source", "来源")]))


def _rate_layers(values: list[dict], rates: pd.Series, tooltip: list[dict], colour: dict | None = None,
                 band: tuple[float, float] | None = None, sort=None) -> list[dict]:
    """Horizontal bars of completion rates (%) by `label`: the band shaded, the dashed 100% line, each
    rate printed in a column at the right (clear of bars and line), the bars picking their 来源 link."""
    top = LABEL_ROOM * max(100.0, band[1] if band else 0.0, float(rates.max()) if len(rates) else 100.0)
    x = {"field": "completion_rate", "type": "quantitative", "title": "完成率（%）", "scale": {"domain": [0, top]},
         "axis": {"labelExpr": "datum.value + '%'"}}
    y = {"field": "label", "type": "nominal", "title": None, "sort": sort, "axis": {"labelLimit": 180}}
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
    data, note = few_panels(data.assign(panel=_unit_year(data)), "panel")
    data = _ordered(data, data["panel"]).assign(label=data["code"] + " " + data["name"].fillna(""))
    sides = []
    for measure, figure in (("预算", "budget"), ("决算", "final")):
        rows = side(data, figure)
        sides.append(rows.assign(measure=measure, amount=rows[f"{figure}_total"], link=printed_links(rows)))
    both = pd.concat(sides, ignore_index=True).dropna(subset=["amount"])
    values = records(both, ["panel", "order", "label", "code", "measure", "amount", "link"])
    if not both["link"].notna().any():
        values = [{k: v for k, v in r.items() if k != "link"} for r in values]
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
            "tooltip": [_tip("label", "科目"), _tip("measure", "口径"), _tip("amount", "万元", AMOUNT)]}}, values),
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 10},
         "encoding": {"x": x, "y": y, "yOffset": offset, "text": {"field": "amount", "type": "quantitative",
                                                                  "format": AMOUNT}}},
    ]
    return _faceted(values, layer, 2, note, shared_y=False, width=360, height={"step": 34})


PAGE_WIDTH = 940  # pixels of chart the main column has room for on a 1,400-pixel-wide screen


def _by_year(data: pd.DataFrame, value: str, step: int, shared: bool) -> tuple[pd.DataFrame, dict, int, int]:
    """Panels (one per unit) over the same years, every year from the first to the last (a year
    without a figure keeps an empty place), `step` pixels a year. Each row's `room` is LABEL_ROOM × the
    largest `value` of its panel (of all, on a shared axis), where an invisible bar (ROOM_LAYER) makes
    the axis reach past the bars' printed values. Returns the rows, the x encoding, the panels' width
    and how many fit side by side."""
    largest = data[value].max() if shared else data.groupby("panel")[value].transform("max")
    data = data.assign(year=year_label(data["fiscal_year"]), room=LABEL_ROOM * pd.Series(largest, index=data.index))
    years = data["fiscal_year"].astype(int)
    domain = [f"{y}年" for y in range(int(years.min()), int(years.max()) + 1)] if len(data) else []
    x = {"field": "year", "type": "ordinal", "title": None, "scale": {"domain": domain}, "axis": {"labelAngle": 0}}
    width = max(160, step * len(domain))
    return data, x, width, max(1, min(3, PAGE_WIDTH // (width + 75)))  # 75: the y axis beside each panel


def _room_layer(x: dict) -> dict:
    """An invisible bar to each row's `room` (_by_year): first in the layer, under the bars clicked."""
    return {"mark": {"type": "bar", "opacity": 0},
            "encoding": {"x": x, "y": {"field": "room", "type": "quantitative", "stack": None}}}


def sangong_trend(long_df: pd.DataFrame, measures: dict, amount_title: str = "金额（万元）",
                  shared: bool = True) -> dict:
    """Total budget and actual per year, bars side by side with their amounts printed over them, one
    panel per unit; every year of the range has its place (a year without a figure is empty)."""
    data = long_df[long_df["item"] == "total"].dropna(subset=["amount"])
    data, note = few_panels(data.sort_values(["unit_name", "fiscal_year"], kind="stable"), "unit_name")
    data = linked(_ordered(data, data["unit_name"])).assign(measure_name=data["measure"].map(measures))
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
            "tooltip": [_tip("panel", "单位"), _tip("year", "年度"), _tip("measure_name", "口径"),
                        _tip("amount", "万元", AMOUNT), _tip("source", "来源")]}}, values),
        {"mark": {"type": "text", "angle": 270, "align": "left", "baseline": "middle", "dx": 4, "fontSize": 10},
         "encoding": {"x": x, "y": y, "xOffset": offset,
                      "text": {"field": "amount", "type": "quantitative", "format": AMOUNT}}},
    ]
    return _faceted(values, layer, columns, note, shared, width=width, height=240)


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
    data = linked(_ordered(data, data["unit_name"])).assign(
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
            "tooltip": [_tip("panel", "单位"), _tip("year", "年度"), _tip("label", "项目"),
                        _tip("amount", "万元", AMOUNT), _tip("source", "来源")]}}, values),
        {"transform": [{"filter": "datum.amount_label"}],
         "mark": {"type": "text", "color": "white", "fontSize": 9},
         "encoding": {"x": x, "y": {"field": "middle", "type": "quantitative"}, "text": {"field": "amount_label"}}},
        {"transform": [{"filter": "datum.first"}],
         "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": 10},
         "encoding": {"x": x, "y": {"field": "stack", "type": "quantitative"},
                      "text": {"field": "stack", "type": "quantitative", "format": AMOUNT}}},
    ]
    return _faceted(values, layer, columns, note, shared, width=width, height=240)


def rate_score_scatter(projects: pd.DataFrame, low_execution: float, near_perfect: float) -> dict:
    """Execution rate against score, one colour per unit, the project named on hover; both axes take
    in every point and the two thresholds (dotted). A point (one printed project row) opens its 来源
    when clicked."""
    data = linked(projects)
    values = records(data, ["unit_name", "fiscal_year", "project", "execution_rate", "score", "executed", "source"])
    xs = [*projects["execution_rate"], low_execution, 100.0]
    ys = [*projects["score"], near_perfect, 100.0]
    rule = {"data": {"values": [{}]}, "mark": {"type": "rule", "strokeDash": [2, 3], "color": "grey"}}
    layer = [
        pickable({"mark": {"type": "point", "filled": True, "size": 70}, "encoding": {
            "x": {"field": "execution_rate", "type": "quantitative", "title": "执行率（%）",
                  "scale": {"domain": [min(xs) - 5, max(xs) + 5], "nice": False}},
            "y": {"field": "score", "type": "quantitative", "title": "自评得分",
                  "scale": {"domain": [min(ys) - 3, max(ys) + 3], "nice": False}},
            "color": {"field": "unit_name", "type": "nominal", "title": "单位", "scale": {"range": PALETTE}},
            "tooltip": [_tip("project", "项目"), _tip("fiscal_year", "年度"), _tip("execution_rate", "执行率（%）", ".1f"),
                        _tip("score", "得分", ".2f"), _tip("executed", "执行数（万元）", AMOUNT),
                        _tip("source", "来源")]}}, values),
        {**rule, "encoding": {"x": {"datum": low_execution, "type": "quantitative"}}},
        {**rule, "encoding": {"y": {"datum": near_perfect, "type": "quantitative"}}},
    ]
    return base(values, 420, width="container", layer=layer)


def score_histograms(projects: pd.DataFrame, bin_width: int = 5) -> dict:
    """How many projects scored in each band of `bin_width` points, one panel per unit-year, the count
    over each bar and whole numbers on the count axis."""
    data, note = few_panels(projects.assign(panel=_unit_year(projects)), "panel")
    edges = list(range(0, 100 + bin_width, bin_width))
    rows = []
    for order, (panel, scores) in enumerate(data.groupby("panel", sort=False)["score"]):
        bins = pd.cut(scores, edges, right=False, include_lowest=True).value_counts(sort=False)
        rows += [{"panel": panel, "order": order, "start": float(b.left), "end": float(b.right),
                  "band": f"{b.left:g}–{b.right:g}", "count": int(n)} for b, n in bins.items() if n > 0]
    largest = max([r["count"] for r in rows], default=1)
    low = min([r["start"] for r in rows], default=0.0)  # scores crowd near 100: the axis starts near the lowest
    x = {"field": "start", "type": "quantitative", "title": "自评得分",
         "scale": {"domain": [min(80.0, 10 * (low // 10)), 100], "nice": False}}
    y = {"field": "count", "type": "quantitative", "title": "项目数", "scale": {"domain": [0, largest * 1.25]},
         "axis": {"tickMinStep": 1, "format": "d"}}
    layer = [
        {"mark": {"type": "bar", "color": PALETTE[0]}, "encoding": {
            "x": x, "x2": {"field": "end"}, "y": y, "y2": {"datum": 0},
            "tooltip": [_tip("band", "得分"), _tip("count", "项目数", "d")]}},
        {"mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 11},
         "encoding": {"x": {"field": "middle", "type": "quantitative"}, "y": y, "text": {"field": "count"}},
         "transform": [{"calculate": "(datum.start + datum.end) / 2", "as": "middle"}]},
    ]
    return _faceted(rows, layer, 3, note, width=240, height=180)


def completeness_bars(df: pd.DataFrame) -> dict:
    """Completeness scores as horizontal bars, best on top, one per unit-year, the score printed."""
    data = df.assign(label=_unit_year(df), score_label=[f"{s:.0f}" for s in df["score"]])
    values = records(data, ["label", "score", "score_label", "source"])
    x = {"field": "score", "type": "quantitative", "title": "公开完整性得分", "scale": {"domain": [0, 110]},
         "axis": {"values": [0, 20, 40, 60, 80, 100]}}
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 320}}
    return base(values, {"step": 26}, layer=[
        {"mark": {"type": "bar", "color": PALETTE[0]},
         "encoding": {"x": x, "y": y, "tooltip": [_tip("label", "报告"), _tip("score", "得分", ".0f"),
                                                  _tip("source", "来源")]}},
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
         "encoding": {"x": x, "y": y, "text": {"field": "score_label"}}}])


REPORT = "report"  # the point selection of the `doc_id` of the report bar clicked (数据核对's ranking)
RANKED_BARS = 20  # reports the ranking chart draws; its table has them all


def report_ranking(df: pd.DataFrame) -> dict:
    """The reports with the most errors, then warnings: a bar each, errors and warnings stacked with
    their counts printed, the worst on top; a bar clicked selects its report (REPORT, by doc_id)."""
    top = df[(df["errors"] > 0) | (df["warnings"] > 0)].head(RANKED_BARS)
    label = (top["unit_name"].fillna("（未识别单位）") + " " + top["fiscal_year"].astype("Int64").astype(str) + "年"
             + top["doc_kind"].fillna("") + " · " + top["file_name"])
    rows = [{"doc_id": d, "label": lab, "order": i, "severity": name, "count": int(n), "file_name": f}
            for i, (d, lab, f, e, w) in enumerate(zip(top["doc_id"], label, top["file_name"], top["errors"],
                                                     top["warnings"]))
            for name, n in (("错误", e), ("警告", w)) if n]
    y = {"field": "label", "type": "nominal", "title": None, "sort": {"field": "order", "op": "min"},
         "axis": {"labelLimit": 420}}
    totals = {"aggregate": [{"op": "sum", "field": "count", "as": "found"}], "groupby": ["label", "order"]}
    return base(rows, {"step": 24}, layer=[
        {"mark": "bar", "params": [{"name": REPORT, "select": {"type": "point", "fields": ["doc_id"]}}],
         "encoding": {"y": y, "x": {"field": "count", "type": "quantitative", "stack": "zero", "title": "发现数（条）",
                            "axis": {"tickMinStep": 1, "format": "d"}},
                      "color": {"field": "severity", "type": "nominal", "title": None,
                                "scale": {"domain": ["错误", "警告"], "range": ["#d62728", "#ff9f43"]}},
                      "tooltip": [_tip("label", "报告"), _tip("severity", "严重程度"), _tip("count", "条", "d")]}},
        {"transform": [totals], "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
         "encoding": {"y": y, "x": {"field": "found", "type": "quantitative"}, "text": {"field": "found"}}}])

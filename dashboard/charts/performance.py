"""绩效自评: scores against execution rates, and how the scores spread."""
from __future__ import annotations

import pandas as pd

from ..style import PALETTE
from .base import AMOUNT, base, faceted, few_panels, linked, pickable, records, tip, unit_year

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
            "tooltip": [tip("project", "项目"), tip("fiscal_year", "年度"), tip("execution_rate", "执行率（%）", ".1f"),
                        tip("score", "得分", ".2f"), tip("executed", "执行数（万元）", AMOUNT),
                        tip("source", "来源")]}}, values),
        {**rule, "encoding": {"x": {"datum": low_execution, "type": "quantitative"}}},
        {**rule, "encoding": {"y": {"datum": near_perfect, "type": "quantitative"}}},
    ]
    return base(values, 420, width="container", layer=layer)


def score_histograms(projects: pd.DataFrame, bin_width: int = 5) -> dict:
    """How many projects scored in each band of `bin_width` points, one panel per unit-year, the count
    over each bar and whole numbers on the count axis."""
    data, note = few_panels(projects.assign(panel=unit_year(projects)), "panel")
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
            "tooltip": [tip("band", "得分"), tip("count", "项目数", "d")]}},
        {"mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 11},
         "encoding": {"x": {"field": "middle", "type": "quantitative"}, "y": y, "text": {"field": "count"}},
         "transform": [{"calculate": "(datum.start + datum.end) / 2", "as": "middle"}]},
    ]
    return faceted(rows, layer, 3, note, width=240, height=180)

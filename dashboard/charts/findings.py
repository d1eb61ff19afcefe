"""数据核对: completeness scores, and the reports ranked by what the checks found."""
from __future__ import annotations

import pandas as pd

from ..style import PALETTE
from .base import base, pickable, records, tip, unit_year


def completeness_bars(df: pd.DataFrame) -> dict:
    """Completeness scores as horizontal bars, best on top, one per unit-year, the score printed."""
    data = df.assign(label=unit_year(df), score_label=[f"{s:.0f}" for s in df["score"]])
    values = records(data, ["label", "score", "score_label", "source"])
    x = {"field": "score", "type": "quantitative", "title": "公开完整性得分", "scale": {"domain": [0, 110]},
         "axis": {"values": [0, 20, 40, 60, 80, 100]}}
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 320}}
    return base(values, {"step": 26}, layer=[
        {"mark": {"type": "bar", "color": PALETTE[0]},
         "encoding": {"x": x, "y": y, "tooltip": [tip("label", "报告"), tip("score", "得分", ".0f"),
                                                  tip("source", "来源")]}},
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
         "encoding": {"x": x, "y": y, "text": {"field": "score_label"}}}])


RANKED_BARS = 20  # reports the ranking chart draws; its table has them all


def report_ranking(df: pd.DataFrame) -> dict:
    """The reports with the most errors, then warnings: a bar each, errors and warnings stacked with
    their counts printed, the worst on top; a bar links to its report's findings (the `link` column)."""
    top = df[(df["errors"] > 0) | (df["warnings"] > 0)].head(RANKED_BARS)
    label = (top["unit_name"].fillna("（未识别单位）") + " " + top["fiscal_year"].astype("Int64").astype(str) + "年"
             + top["doc_kind"].fillna("") + " · " + top["file_name"])
    links = top["link"] if "link" in top.columns else [None] * len(top)
    rows = [{"doc_id": d, "label": lab, "order": i, "severity": name, "count": int(n), "file_name": f, "link": link}
            for i, (d, lab, f, e, w, link) in enumerate(zip(top["doc_id"], label, top["file_name"], top["errors"],
                                                           top["warnings"], links))
            for name, n in (("错误", e), ("警告", w)) if n]
    y = {"field": "label", "type": "nominal", "title": None, "sort": {"field": "order", "op": "min"},
         "axis": {"labelLimit": 420}}
    totals = {"aggregate": [{"op": "sum", "field": "count", "as": "found"}], "groupby": ["label", "order"]}
    return base(rows, {"step": 24}, layer=[
        pickable({"mark": "bar", "encoding": {
            "y": y, "x": {"field": "count", "type": "quantitative", "stack": "zero", "title": "发现数（条）",
                          "axis": {"tickMinStep": 1, "format": "d"}},
            "color": {"field": "severity", "type": "nominal", "title": None,
                      "scale": {"domain": ["错误", "警告"], "range": ["#d62728", "#ff9f43"]}},
            "tooltip": [tip("label", "报告"), tip("severity", "严重程度"), tip("count", "条", "d")]}}, rows),
        {"transform": [totals], "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
         "encoding": {"y": y, "x": {"field": "found", "type": "quantitative"}, "text": {"field": "found"}}}])

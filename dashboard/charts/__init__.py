"""Every chart of the dashboard, as Vega-Lite specs: DataFrames in (English columns, a `source`
column), plain dicts out, drawn by widgets.vega as pictures made on the server (dashboard.picture).
One module per page's charts; base.py owns what they share: the 来源 link a click on a mark opens
(pickable), hovers, printed values, panels and the year axis.

Vega-Lite, not Plotly (the design card's library): on a first visit the browser spent 3–4 s
evaluating Plotly's 4.7 MB script before the first chart (issue 29: 三公经费 10–11 s), and even Vega's
0.8 MB held each page's first chart above 2 s, so the server draws the picture and the browser loads
no chart library. Small multiples are facets (MAX_PANELS at most); a bar carries its value where a
reader quotes it; a year is a place on the axis, so one year is a bar and a missing year an empty
place; every hover names the figure's source.
"""
from .base import MAX_PANELS
from .execution import budget_vs_final, completion_items, completion_overall
from .findings import RANKED_BARS, completeness_bars, report_ranking
from .overview import change_bars, trend
from .performance import rate_score_scatter, score_histograms
from .sangong import sangong_components, sangong_trend
from .structure import stacked, stacked_shares, sunburst

__all__ = ["MAX_PANELS", "budget_vs_final", "completion_items", "completion_overall", "RANKED_BARS",
           "completeness_bars", "report_ranking", "change_bars", "trend", "rate_score_scatter",
           "score_histograms", "sangong_components", "sangong_trend", "stacked", "stacked_shares", "sunburst"]

"""How charts look, shared by every spec of dashboard/charts/: plain values."""
from __future__ import annotations

import pandas as pd

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"
# D3's ten categorical colours, then ColorBrewer Set2's eight; all #rrggbb, since charts/rings._tint mixes them.
PALETTE = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22",
           "#17BECF", "#66C2A5", "#FC8D62", "#8DA0CB", "#E78AC3", "#A6D854", "#FFD92F", "#E5C494", "#B3B3B3"]


def year_label(years: pd.Series) -> pd.Series:
    """'2023年' for each year: years on an axis or in a hover are categories, not numbers."""
    return years.astype(int).astype(str) + "年"

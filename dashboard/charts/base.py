"""What every chart shares: the spec's frame (data, font, legend), rows as JSON-ready records with their
来源 links, the marks that link to them (pickable), panels (facets, at most MAX_PANELS), hovers, printed
values and the year axis.

A year is a place on the axis: every year from the first to the last has one, so a missing year is an
empty place and never bridged (year_domain)."""
from __future__ import annotations

import pandas as pd

from ..links import printed_links
from ..picture import HEAD
from ..style import FONT

SANGONG_COLOURS = {"预算": "#7f9fbf", "决算": "#d62728"}
MAX_PANELS = 24


LEGEND_COLUMNS = 4  # a legend under a chart wraps into rows of this many: one row of 20 classes ran off the page


LABEL_ROOM = 1.3  # axes reach this far beyond the largest bar, so its printed value fits


AMOUNT = ",.2f"


PAGE_WIDTH = 940  # pixels of chart the main column has room for on a 1,400-pixel-wide screen


def few_panels(data: pd.DataFrame, column: str, limit: int = MAX_PANELS) -> tuple[pd.DataFrame, str]:
    """The first `limit` panels of a faceted chart, and a note saying so when some are left out:
    nobody reads hundreds of panels, and the table keeps every row."""
    panels = list(dict.fromkeys(data[column]))
    if len(panels) <= limit:
        return data, ""
    return data[data[column].isin(panels[:limit])].copy(), f"图中显示前 {limit} 个（共 {len(panels)} 个），全部数据见数据表"


def records(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The rows as JSON-ready dicts, with their 来源 links when some have one (linked); a missing
    figure is null (Vega-Lite leaves the point out)."""
    part = df[columns + (["link"] if "link" in df.columns else [])]
    return part.astype(object).where(part.notna(), None).to_dict("records")


def linked(data: pd.DataFrame) -> pd.DataFrame:
    """The rows with their 来源 link (None where a row was printed nowhere) when one has a link; a
    chart of rows printed nowhere (or of a frame without positions) gets no link column at all."""
    links = printed_links(data)
    return data.assign(link=links) if links.notna().any() else data


def pickable(view: dict, values: list[dict]) -> dict:
    """The view (a unit spec) whose marks link to their 来源 page (the `link` of their row), when a
    row has one: a click on the mark opens where its figure was printed."""
    if any(v.get("link") for v in values):
        view.setdefault("encoding", {})["href"] = {"field": "link"}
    return view


def year_axis(fiscal_years: pd.Series) -> dict:
    """The x encoding of `year` (style.year_label's '2023年'): every year from the first to the last
    has its place, so a year without a figure is an empty place and a line is never drawn across it."""
    years = fiscal_years.dropna().astype(int)
    domain = [f"{y}年" for y in range(int(years.min()), int(years.max()) + 1)] if len(years) else []
    return {"field": "year", "type": "ordinal", "title": None, "scale": {"domain": domain}, "axis": {"labelAngle": 0}}


def base(values: list[dict], height: int, **spec) -> dict:
    return {"data": {"values": values}, "height": height,
            "config": {"font": FONT, "legend": {"orient": "bottom", "title": None, "columns": LEGEND_COLUMNS,
                                                "labelLimit": 300}}, **spec}


def tip(field: str, title: str, fmt: str | None = None) -> dict:
    return {"field": field, "title": title, **({"type": "quantitative", "format": fmt} if fmt else {})}


def value_labels(field: str, fmt: str) -> list[dict]:
    """Text layers printing each bar's value at its end: right of a bar that grows right, left of
    one that grows left."""
    return [{"transform": [{"filter": f"datum.{field} {op} 0"}],
             "mark": {"type": "text", "align": align, "dx": dx, "fontSize": 11},
             "encoding": {"text": {"field": field, "type": "quantitative", "format": fmt}}}
            for op, align, dx in ((">=", "left", 4), ("<", "right", -4))]


def faceted(values: list[dict], layer: list[dict], columns: int, note: str = "", shared_y: bool = True,
             width: int | None = None, height=None, rows_alike: bool = False) -> dict:
    """One panel per `panel` of the values (in `order`), `columns` to a row, each drawing the layers;
    every panel has its own axes drawn (a shared scale still compares); report text stays in the data.

    rows_alike: a row of panels is drawn the same alone as among the others (a fixed width and
    height, and a y axis of each panel's own or reaching the same top in every row), so the page may
    show the first row while the whole is drawn (picture.head)."""
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
    if rows_alike and width and isinstance(height, int):
        out["usermeta"] = {HEAD: ["order", columns]}
    if note:
        out["title"] = note
    return out


def ordered(data: pd.DataFrame, panel: pd.Series) -> pd.DataFrame:
    """The rows with their panel's name and its place (panels in the order they first appear)."""
    order = {p: i for i, p in enumerate(dict.fromkeys(panel))}
    return data.assign(panel=panel.values, order=panel.map(order).values)


def unit_year(df: pd.DataFrame) -> pd.Series:
    return df["unit_name"] + " " + df["fiscal_year"].astype(int).astype(str) + "年"


def percent_labels(values: pd.Series) -> list[str]:
    return [f"{v:.1f}%" for v in values]

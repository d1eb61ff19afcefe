"""A chart drawn on the server: the Vega-Lite spec becomes an SVG picture (vl-convert), which the page
shows as it shows text.

Streamlit's chart element has the browser fetch and start the Vega library first: about a second on
a two-core machine, which held every page's first chart above 2 s (issue 29). A picture is drawn as
soon as it arrives. What the browser library gave, the picture keeps: a mark printed somewhere is a
link to its 来源 page (the spec's `href`), and its hover text is the mark's title (the spec's
`tooltip`, turned into Vega-Lite's `description`, which the SVG carries).

The pictures are drawn in a process of their own (engine): vl-convert holds Python's GIL while it
draws, 0.1–0.5 s a chart, and in the server's process that froze every other thread, the event loop
sending what the page had already drawn and other readers' pages included.

Vega shortens a label longer than its limit while it draws, measuring it again and again: half the
drawing time of a chart with long names. The picture shortens labels by their characters instead
(short_labels) and draws with no limit.

Report text reaches the picture only as data that Vega draws as text, escaped (tests/test_chart_text)."""
from __future__ import annotations

import copy
import functools
import html
import json
import math
import multiprocessing
import multiprocessing.connection
import os
import re
import sys
import threading
import types
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import vl_convert

VEGA_BASE = "https://vega.github.io/vega-datasets/"  # put before a relative href by vl-convert's loader
HEAD = "head"  # the usermeta key of a spec's first rows that may be drawn alone: [field, count] (head)
TIP = "_tip"  # the field a mark's hover text is calculated into
_UNLINKED = re.compile(r'<a xlink:href="(?:null|undefined)?">(<[^>]*/>)</a>')  # a mark printed nowhere
GUIDES = {"x": "axis", "y": "axis", "color": "legend", "fill": "legend", "stroke": "legend", "shape": "legend",
          "size": "legend", "opacity": "legend", "row": "header", "column": "header", "facet": "header"}
VEGA_LIMITS = {"axis": 180, "legend": 160, "header": 0}  # labelLimit (px) where neither spec nor config sets one
VEGA_FONT_SIZE = 10  # labelFontSize likewise, for axes, legends and headers
_DESCRIBED = re.compile(r'<(path|rect|circle|line|image)\b([^>]*?) aria-label="([^"]*)"([^>]*?)/>')


def svg(spec: dict, width: int) -> str:
    """The chart as an SVG document, `width` pixels wide where the spec sets no width of its own (drawn
    by the engine process)."""
    return _in_engine(draw, sized(spec, width))


def _in_engine(func, *args):
    """func(*args) run by the engine process, started again if it died."""
    try:
        return engine().submit(func, *args).result()
    except BrokenProcessPool:
        engine.cache_clear()
        return engine().submit(func, *args).result()


@functools.cache
def engine() -> ProcessPoolExecutor:
    """The one process that draws (spawned: the server has threads a fork would copy mid-step). One is
    enough: a page's pictures come one after another, and each process holds its own JavaScript engine.
    This module imports nothing of the dashboard's, so the engine imports vl-convert alone.

    A spawned process first runs the file of sys.modules["__main__"] again, and during a page run
    that is the page (Streamlit puts it there): an engine started or restarted by a page ran the
    page and died. So the process is started at once (the pool starts it at its first job), with no
    main module to run."""
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_follow_parent)
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        pool.submit(int)
    finally:
        sys.modules["__main__"] = main
    return pool


def _follow_parent() -> None:
    """In the engine: exit when the server does, however it ended (a worker left behind would keep its
    memory for good: a killed server's pool never tells it to stop)."""
    parent = multiprocessing.parent_process()
    threading.Thread(target=lambda: multiprocessing.connection.wait([parent.sentinel]) and os._exit(0),
                     daemon=True).start()


PNG_SCALE = 2  # pixels per SVG pixel of a picture's PNG: sharp on a high-density screen and in print


def png(svg_text: str) -> bytes:
    """The picture as a PNG, PNG_SCALE times its size (drawn by the engine): for the tools that take
    no SVG (a word processor's older versions, most article editors). Its text is drawn in the
    server's fonts, the first of the chart's font list it has."""
    return _in_engine(_raster, svg_text)


def _raster(svg_text: str) -> bytes:
    return vl_convert.svg_to_png(svg_text, scale=PNG_SCALE)


def start() -> None:
    """Start the engine and its JavaScript (0.5 s) in the background, before the first page wants a picture."""
    engine().submit(draw, {"mark": "point"})


def draw(spec: dict) -> str:
    """The chart as an SVG document: its marks' hover text and links in place."""
    drawn = vl_convert.vegalite_to_svg(short_labels(described(spec)))
    drawn = _UNLINKED.sub(r"\1", drawn.replace(f'xlink:href="{VEGA_BASE}', 'xlink:href="'))
    drawn = drawn.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)  # a narrow screen: smaller
    return _DESCRIBED.sub(_titled, drawn).replace("\n", "&#10;")  # one line: markdown reads it as one HTML block


def head(spec: dict) -> dict | None:
    """The spec drawn for its first `count` values of `field` alone (its usermeta's HEAD, [field,
    count], which a chart sets when those rows are drawn alone as they are in the whole: a row of
    panels, charts.base.faceted's rows_alike, or the first bars of a list whose axes are pinned),
    titled as the whole and without its legend (under the last row); None when it has no more. The
    page shows it while the whole is drawn: the dozen panels of 三公经费 at 10,000 documents took
    0.3-0.6 s to draw, their first row a quarter of that."""
    field, count = spec.get("usermeta", {}).get(HEAD, (None, 0))
    values = spec.get("data", {}).get("values", [])
    firsts = list(dict.fromkeys(v[field] for v in values)) if field else []
    if len(firsts) <= count:
        return None
    shown = set(firsts[:count])
    top = copy.deepcopy({key: part for key, part in spec.items() if key != "data"})
    for channel, encoding in _channels(top):
        if GUIDES[channel] == "legend":
            encoding["legend"] = None
    return {**top, "data": {"values": [v for v in values if v[field] in shown]}}


def sized(spec: dict, width: int) -> dict:
    """The spec `width` pixels wide (the main column's), axis labels included, where it set no width or the
    container's: a picture is drawn at one size, and the browser scales it down on a narrower screen
    (a plot of that width with its labels beside it came out wider and was shrunk, its text too)."""
    if any(k in spec for k in ("facet", "spec", "hconcat", "vconcat", "concat")):
        return spec
    if spec.get("width", "container") == "container":
        return {**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}}
    return spec


def described(spec: dict) -> dict:
    """The spec whose every view with a tooltip also has it as its marks' description, one line per
    field ('万元: 1,200.00'): the SVG's only hover text. A view without one describes nothing (Vega
    would describe its marks by every field, an axis' reach included). The expression names fields
    and our titles, never report text, which stays in the data."""
    spec = copy.deepcopy(spec)
    for view in _views(spec):
        tips = view.get("encoding", {}).get("tooltip")
        if isinstance(tips, list) and tips:
            lines = " + '\\n' + ".join(_line(t) for t in tips)
            view["transform"] = [*view.get("transform", []), {"calculate": lines, "as": TIP}]
            view["encoding"]["description"] = {"field": TIP}
        elif "mark" in view:
            mark = view["mark"] if isinstance(view["mark"], dict) else {"type": view["mark"]}
            view["mark"] = {**mark, "aria": False}
    return spec


def short_labels(spec: dict) -> dict:
    """The spec whose every axis, legend and header draws with no label limit, a name or category
    that may be longer cut by its characters instead ('…' at the end): as many as fit the limit at
    the label's mean width (_cut), one em a Chinese character or full-width sign, 0.55 em any other
    (a digit's width; Latin letters are 0.47-0.55 em in the charts' fonts). The full text stays in
    the data, the hover text and the table; each label keeps its own place (two names alike up to
    the cut are still two bars)."""
    spec = copy.deepcopy(spec)
    config = spec.setdefault("config", {})
    for channel, field in _channels(spec):
        kind = GUIDES[channel]
        guide = field.get(kind, {})
        if guide is None or "field" not in field:  # no guide, or a constant's
            continue
        shared = config.get(kind, {})  # what the spec's config sets for every axis, legend or header
        limit = guide.get("labelLimit", shared.get("labelLimit", VEGA_LIMITS[kind]))
        if limit and field.get("type") in ("nominal", "ordinal"):
            size = guide.get("labelFontSize", shared.get("labelFontSize", VEGA_FONT_SIZE))
            label = f"({guide.get('labelExpr', 'datum.label')})"
            guide = {**guide, "labelExpr": _cut(label, limit / size)}
        field[kind] = {**guide, "labelLimit": 0}
    for kind in ("axis", "legend", "header"):
        config[kind] = {**config.get(kind, {}), "labelLimit": 0}
    return spec


def _cut(label: str, ems: float) -> str:
    """A Vega expression: the label cut to `ems` em at the mean character width of its first `ems`
    characters, which all fit (a name's wide characters often come first, its narrow code last)."""
    head = f"substring({label}, 0, {math.ceil(ems)})"
    wide = f"length(replace({head}, regexp('[^\\u2e80-\\uffff]', 'g'), ''))"
    return f"truncate({label}, floor({ems:g} / (0.55 + 0.45 * {wide} / max(1, length({head})))))"


def _channels(spec: dict):
    """(channel, field definition) of every guided channel: the views' encodings and facets."""
    for view in _views(spec):
        for channel, field in view.get("encoding", {}).items():
            if channel in GUIDES and isinstance(field, dict):
                yield channel, field
        facet = view.get("facet")
        if isinstance(facet, dict) and "field" in facet:
            yield "facet", facet
        elif isinstance(facet, dict):
            yield from ((k, v) for k, v in facet.items() if k in ("row", "column") and isinstance(v, dict))


def _views(spec: dict):
    """The spec's unit views and layers, where encodings live."""
    yield spec
    for key in ("spec", "layer", "hconcat", "vconcat", "concat"):
        inner = spec.get(key)
        for view in inner if isinstance(inner, list) else [inner] if isinstance(inner, dict) else []:
            yield from _views(view)


def _line(tip: dict) -> str:
    """A Vega expression for one tooltip field: its title, then its value formatted, or — when missing."""
    field = f"datum[{json.dumps(tip['field'])}]"
    value = f"format({field}, {json.dumps(tip['format'])})" if tip.get("format") else f"'' + {field}"
    return f"{json.dumps(tip.get('title', tip['field']) + ': ')} + (isValid({field}) ? {value} : '—')"


def _titled(match: re.Match) -> str:
    """A described mark with its description as a <title> child, which browsers show on hover."""
    tag, before, label, after = match.groups()
    text = html.unescape(label)
    return f'<{tag}{before}{after}><title>{html.escape(text)}</title></{tag}>'

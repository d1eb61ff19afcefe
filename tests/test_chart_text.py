"""Text is text in charts: report names carrying tags reach every page's figures, and none is rendered.

Every chart is a Vega-Lite spec, which must carry report text only as data values (Vega-Lite draws
those as text; Streamlit's Vega tooltips escape HTML), never in titles, labels or expressions. (Plotly,
which the pages no longer draw, rendered <a href>, <span style> … in labels and hovers.)"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts
from loaders.run.ingest import ingest

from .pages import each_tab

ROOT = Path(__file__).resolve().parents[1]
LINK = '<a href="http://evil.example/">点此核对原始报告</a>'
BIG = '<span style="font-size:60px">'


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    """The two text samples (决算 with every table kind), every name the pages show given tags."""
    files = sorted((ROOT / "data" / "samples").glob("*.txt"))
    if not files:
        pytest.skip("data/samples has no text samples")
    path = str(tmp_path_factory.mktemp("tags") / "tags.duckdb")
    assert all(r.ok for r in ingest(files, path))
    with duckdb.connect(path) as con:
        con.execute("UPDATE documents SET unit_name = ? || unit_name || '=乙', file_name = ? || file_name", [LINK, BIG])
        for table, column in (("expenditure_function", "name"), ("expenditure_economic", "name"),
                              ("budget_execution", "item"), ("budget_execution", "reason"),
                              ("performance_projects", "project"), ("performance_indicators", "name")):
            con.execute(f"UPDATE {table} SET {column} = ? || {column}", [BIG])
    return path


def strings(node, key=None):
    """(key, text) of every string in a JSON value."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)
    elif isinstance(node, str):
        yield key, node


def rendered_tags(spec: dict) -> list[str]:
    return [text for _, text in strings(spec) if "<a " in text or "<span" in text]


@pytest.mark.parametrize("page", ["structure", "execution", "sangong", "performance", "checks", "overview"])
def test_no_tag_from_a_report_is_rendered_in_any_chart(hostile_db, monkeypatch, page):
    monkeypatch.setenv("BUDGET_LENS_DB", hostile_db)
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90).run()
    assert not at.exception, at.exception
    vega = at.get("vega_lite_chart")
    assert vega and not at.get("plotly_chart"), "the page drew no chart, or a Plotly one"
    for chart in vega:  # report text only in the data (Streamlit sends it apart), never in the spec
        assert rendered_tags(json.loads(chart.proto.spec)) == []
        assert LINK.encode() in chart.proto.SerializeToString()


def test_facet_titles_keep_the_whole_name_as_data():
    """A panel's title is the unit's whole name (a name holding '=' was cut at it), carried only as
    a data value (Vega-Lite draws it as text); the spec itself holds no report text."""
    unit = LINK + "甲=乙局"
    df = pd.DataFrame({"unit_name": [unit, unit], "fiscal_year": [2022, 2023], "name": [BIG + "一般公共服务支出"] * 2,
                       "total": [1.0, 2.0], "source": ["a.pdf 第5页"] * 2})
    spec = charts.stacked_shares(df, "name", "total")
    assert spec["facet"]["field"] == "unit_name"
    assert {r["unit_name"] for r in spec["data"]["values"]} == {unit}
    assert {r["part_name"] for r in spec["data"]["values"]} == {BIG + "一般公共服务支出"}
    assert rendered_tags({k: v for k, v in spec.items() if k != "data"}) == []


def test_structure_charts_carry_the_source_links_of_printed_rows(hostile_db, monkeypatch):
    """支出结构 as drawn, over its tabs: the sunburst and every share chart (功能分类 类, 基本/项目 from
    the 合计 row, 人员/公用 from the economic table's total rows, 经济分类 类) select on their 来源
    links (in the data Streamlit sends); the whole (合计) in the sunburst's middle has none."""
    monkeypatch.setenv("BUDGET_LENS_DB", hostile_db)
    at = AppTest.from_file(str(ROOT / "pages" / "structure.py"), default_timeout=90).run()
    assert not at.exception, at.exception
    drawn = [c.proto for view in each_tab(at, "part") for c in view.get("vega_lite_chart")]
    specs = [(json.loads(c.spec), c.SerializeToString()) for c in drawn]
    assert len(specs) == 5 and all(charts.picks(spec) for spec, _ in specs)
    for spec, sent in specs:
        marks = spec["layer"][0] if "layer" in spec else spec["spec"]["layer"][0]
        assert marks["params"][0]["select"]["fields"] == ["link"]
        assert b"/source?doc=" in sent and b"line=" in sent  # text exports: the line of the figure
    sunburst = next(c for c, (spec, _) in zip(drawn, specs) if "layer" in spec)
    assert json.loads(sunburst.spec)["layer"][0]["mark"]["type"] == "arc"
    slices = pa.ipc.open_stream(sunburst.data.data).read_all().to_pandas()
    assert slices["code"].iloc[0] == "合计" and pd.isna(slices["link"].iloc[0])
"""Text is text in charts: report names carrying tags reach every page's figures, and none is rendered.

Every chart is a Vega-Lite spec, which must carry report text only as data values (Vega draws those as
text, escaped in the SVG picture the page shows), never in titles, labels or expressions. (Plotly,
which the pages no longer draw, rendered <a href>, <span style> … in labels and hovers.)"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts
from loaders.run.ingest import ingest

from .pages import each_tab, picture_links, picture_texts, picture_titles, pictures

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
    drawn = pictures(at)
    assert drawn and not at.get("plotly_chart") and not at.get("vega_lite_chart"), "the page drew no chart"
    for svg in drawn:  # report text is text: drawn escaped, never as markup, and links lead nowhere else
        assert "<a href" not in svg and "<span" not in svg and "evil.example" not in "".join(picture_links(svg))
        assert any(LINK[:20] in t or BIG in t for t in picture_texts(svg) + picture_titles(svg))  # a label may be cut


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
    drawn = [svg for view in each_tab(at, "part") for svg in pictures(view)]
    assert len(drawn) == 5
    for svg in drawn:
        links = picture_links(svg)
        assert links and all(link.startswith("/source?doc=") and "line=" in link for link in links)  # text exports
    sunburst = next(svg for svg in drawn if 'aria-roledescription="arc mark"' in svg)
    assert re.search(r"<path[^>]*><title>科目: 支出合计", sunburst)  # the whole, in the middle: drawn
    assert not re.search(r"<a [^>]*><path[^>]*><title>科目: 支出合计", sunburst)  # and linked nowhere

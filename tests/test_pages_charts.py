"""Charts and tables a journalist can quote: gaps not bridged, values on bars, whole-number count
axes, thin sunburst slices grouped, exports rounded as shown and naming their price basis."""
from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest
import vl_convert
from PIL import Image, ImageChops
from streamlit.testing.v1 import AppTest

from dashboard import charts, picture, widgets
from dashboard import execution as ex
from dashboard import overview as ov
from dashboard import sangong as sg
from dashboard import structure as su
from dashboard.filters import Selection
from dashboard.links import WHERE, printed_links, without_sides

from .hand_db import database, doc
from .pages import each_tab, layers, linking, open_tables, picture_links, pictures

ROOT = Path(__file__).resolve().parents[1]

JIA, YI = "测试市甲局", "测试市乙中心"


def test_a_missing_year_breaks_the_trend_line_and_keeps_its_place_on_the_axis():
    heads = pd.DataFrame([(JIA, 2020, 10.0, "a.pdf"), (JIA, 2023, 12.0, "b.pdf"), (JIA, 2024, 13.0, "c.pdf")],
                         columns=["unit_name", "fiscal_year", "total", "source"])
    spec = charts.trend(heads)
    assert [r["run"] for r in spec["data"]["values"]] == [f"{JIA}#0", f"{JIA}#1", f"{JIA}#1"]
    assert spec["encoding"]["detail"]["field"] == "run"
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2020年", "2021年", "2022年", "2023年", "2024年"]


def test_share_panels_keep_missing_years_in_place_each_under_its_own_panel():
    """A unit with no report in a year keeps an empty place there; with five panels three to a row,
    the years are drawn under each panel, not once under an empty cell of the last row."""
    df = pd.DataFrame([(u, y, "基本", 30.0, "x.pdf") for u in "甲乙丙丁戊" for y in (2021, 2023)],
                      columns=["unit_name", "fiscal_year", "part", "amount", "source"])
    spec = charts.stacked_shares(df, "part", "amount")
    assert spec["spec"]["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["2021年", "2022年", "2023年"]
    assert spec["columns"] == 3 and spec["resolve"]["axis"]["x"] == "independent"


def test_sangong_bars_keep_every_year_of_the_range_in_its_place():
    long_df = pd.DataFrame([(JIA, 2020, "total", "actual", 5.0, "a.pdf"), (JIA, 2023, "total", "actual", 4.0, "b.pdf"),
                            (YI, 2021, "total", "actual", 2.0, "c.pdf")],
                           columns=["unit_name", "fiscal_year", "item", "measure", "amount", "source"])
    spec = charts.sangong_trend(long_df, {"budget": "预算", "actual": "决算"})
    bars = layers(spec)[1]
    assert bars["mark"] == "bar" and bars["encoding"]["x"]["scale"]["domain"] == ["2020年", "2021年", "2022年", "2023年"]
    assert [(v["panel"], v["year"], v["amount"]) for v in spec["data"]["values"]] == [
        (YI, "2021年", 2.0), (JIA, "2020年", 5.0), (JIA, "2023年", 4.0)]  # 2021, 2022 of 甲: empty places


def test_a_single_year_is_a_bar_with_its_figure_and_room_above_it():
    """One year, several units and a shared axis (the default): each unit's bar is drawn with its
    value printed; the axis reaches past the largest bar so its figure is not cut."""
    long_df = pd.DataFrame([(JIA, 2023, "total", m, a, "a.pdf") for m, a in (("budget", 6.0), ("actual", 5.0))]
                           + [(YI, 2023, "total", "actual", 500.0, "b.pdf")],
                           columns=["unit_name", "fiscal_year", "item", "measure", "amount", "source"])
    spec = charts.sangong_trend(long_df, {"budget": "预算", "actual": "决算"})
    room, bars, text = layers(spec)
    assert bars["encoding"]["x"]["scale"]["domain"] == ["2023年"] and bars["encoding"]["xOffset"]["field"] == "measure_name"
    assert text["mark"]["type"] == "text" and text["encoding"]["text"] == {"field": "amount", "type": "quantitative",
                                                                         "format": ",.2f"}
    assert spec["resolve"]["scale"]["y"] == "shared" and {v["room"] for v in spec["data"]["values"]} == {650.0}
    assert room["mark"]["opacity"] == 0 and room["encoding"]["y"]["stack"] is None
    alone = charts.sangong_trend(long_df, {"budget": "预算", "actual": "决算"}, shared=False)
    assert alone["resolve"]["scale"]["y"] == "independent"
    assert {(v["panel"], round(v["room"], 2)) for v in alone["data"]["values"]} == {(JIA, 7.8), (YI, 650.0)}


def test_the_room_above_the_bars_is_one_invisible_bar_a_panel_year():
    """Three years of 甲 (budget and actual) and one of 乙: the axis reaches past the bars through
    four invisible bars, not seven (one a row put hundreds in a picture of a dozen units)."""
    rows = [(JIA, y, "total", m, a, "a.pdf") for y in (2021, 2022, 2023) for m, a in (("budget", 6.0), ("actual", 5.0))]
    long_df = pd.DataFrame(rows + [(YI, 2023, "total", "actual", 500.0, "b.pdf")],
                           columns=["unit_name", "fiscal_year", "item", "measure", "amount", "source"])
    svg = picture.svg(charts.sangong_trend(long_df, {"budget": "预算", "actual": "决算"}), widgets.PAGE_WIDTH)
    assert svg.count('opacity="0"') == 4
    assert svg.count('aria-roledescription="bar"') == 7  # the bars themselves, one a row


def test_bars_carry_their_values():
    df = pd.DataFrame([(JIA, 2023, "基本", 30.0, "x.pdf"), (JIA, 2023, "项目", 10.0, "x.pdf")],
                      columns=["unit_name", "fiscal_year", "part", "amount", "source"])
    shares = charts.stacked_shares(df, "part", "amount")
    assert [r["label"] for r in shares["data"]["values"]] == ["75.0%", "25.0%"]
    assert shares["spec"]["layer"][1]["mark"]["type"] == "text"
    overall = pd.DataFrame([(JIA, 2023, 100.0, 95.5, 95.5, "x.pdf"), (YI, 2023, 10.0, 12.0, 120.0, "y.pdf")],
                           columns=["unit_name", "fiscal_year", "budget", "actual", "completion_rate", "source"])
    spec = charts.completion_overall(overall)
    assert sorted(v["rate_label"] for v in spec["data"]["values"]) == ["120.0%", "95.5%"]
    text = spec["layer"][-1]  # in a column at the axis's end: clear of the bars and the 100% line
    assert text["encoding"]["text"]["field"] == "rate_label" and text["encoding"]["x"]["datum"] == 1.3 * 120.0
    spec = charts.change_bars(pd.DataFrame(
        [(JIA, 2023, 2022, "201", "一般公共服务支出", 10.0, 5.0, -5.0, -50.0, "a.pdf")],
        columns=["unit_name", "fiscal_year", "previous_year", "code", "name", "previous", "total", "change",
                 "change_pct", "source"]))
    assert [layer["mark"]["type"] for layer in spec["layer"][1:]] == ["text", "text"]


def test_score_counts_are_whole_numbers():
    projects = pd.DataFrame({"unit_name": JIA, "fiscal_year": 2023, "score": [91.0, 92.0, 99.0]})
    spec = charts.score_histograms(projects)
    bars, counts = layers(spec)
    assert bars["encoding"]["y"]["axis"] == {"tickMinStep": 1, "format": "d"}
    assert sorted(v["count"] for v in spec["data"]["values"]) == [1, 2] and counts["encoding"]["text"]["field"] == "count"


def test_slices_under_two_percent_are_one_other_slice_with_readable_labels():
    rows = pd.DataFrame([("201", "一般公共服务支出", 1, 900.0), ("20101", "人大事务", 2, 890.0), ("20102", "政协事务", 2, 10.0),
                         ("208", "社会保障和就业支出", 1, 85.0), ("212", "城乡社区支出", 1, 10.0),
                         ("213", "农林水支出", 1, 5.0)], columns=["code", "name", "level", "total"])
    rows = rows.assign(share_pct=rows["total"] / 10, source="x.pdf 第3页")
    slices = {v["code"]: v for v in charts.sunburst(rows)["data"]["values"]}
    assert "212" not in slices and "213" not in slices and "20102" not in slices
    other, inner = slices["合计·其他"], slices["201·其他"]
    assert (other["name"], other["total"], other["depth"]) == ("其他", 15.0, 1)
    assert (inner["name"], inner["total"], inner["depth"]) == ("其他", 10.0, 2)
    assert slices["201"]["label"] == "一般公共服务支出\n90.0%"  # its name and share of the whole
    assert slices["20101"]["label"] == "人大事务\n89.0%" and slices["合计"]["label"] == "支出合计\n1,000.00 万元"
    assert inner["label"] is None and other["label"] is None  # 1.0% and 1.5% of the circle: no room for a label
    assert slices["208"]["label"] is None  # 8.5%, near twelve o'clock: even wrapped it would spill over


def test_sunburst_rings_nest_each_slice_within_its_parent_largest_first():
    rows = pd.DataFrame([("201", "一般公共服务支出", 1, 600.0), ("20101", "人大事务", 2, 200.0), ("20103", "政府办公厅", 2, 300.0),
                         ("2010301", "行政运行", 3, 300.0), ("208", "社会保障和就业支出", 1, 400.0)],
                        columns=["code", "name", "level", "total"]).assign(share_pct=0.0, source="x.pdf 第3页")
    ring = {v["code"]: v for v in charts.sunburst(rows)["data"]["values"]}
    turn = 2 * math.pi
    assert [(c, ring[c]["depth"]) for c in ("合计", "201", "20103", "2010301")] == [
        ("合计", 0), ("201", 1), ("20103", 2), ("2010301", 3)]
    assert ring["201"]["start"] == 0 and ring["201"]["end"] == pytest.approx(0.6 * turn)
    assert ring["208"]["start"] == pytest.approx(0.6 * turn) and ring["208"]["end"] == pytest.approx(turn)
    assert ring["20103"]["start"] == 0 and ring["20103"]["end"] == pytest.approx(0.3 * turn)  # the larger 款 first
    assert ring["20101"]["start"] == pytest.approx(0.3 * turn) and ring["20101"]["end"] == pytest.approx(0.5 * turn)
    assert ring["2010301"]["end"] == ring["20103"]["end"]  # 行政运行 is all of 政府办公厅
    assert ring["201"]["label"] == "一般公共\n服务支出\n60.0%"  # across the ring at three o'clock: wrapped to fit
    assert [ring[c]["inner"] < ring[c]["outer"] <= ring[d]["inner"] for c, d in (("201", "20103"), ("20103", "2010301"))] \
        == [True, True]


def test_exports_are_rounded_as_shown_and_name_their_price_basis():
    df = pd.DataFrame({"金额（万元）": [90.103833], "占比（%）": [12.345], "单位": ["甲"]})
    out = widgets.rounded(df)
    assert out.iloc[0].tolist() == [90.10, 12.3, "甲"]
    real = widgets.Price("real", 2026)
    assert real.unit() == "万元，2026 年价格" and real.stem("三公经费") == "三公经费_实际"
    assert widgets.Price("nominal", 2026).stem("三公经费") == "三公经费_名义"


# Where rows were printed (links.WHERE): 201 at a box on page 3, 202 summed from its 款 (a page, no box).
PRINTED = {"doc_id": "d1", "source_page": 3, "x0": 10.0, "top": 20.0, "x1": 30.0, "bottom": 40.0, "line": None}
SUMMED = {"doc_id": "d1", "source_page": 3, "x0": None, "top": None, "x1": None, "bottom": None, "line": None}
LINK_201 = "/source?doc=d1&page=3&x0=10.0&top=20.0&x1=30.0&bottom=40.0"


def _classes() -> pd.DataFrame:
    return pd.DataFrame([{"unit_name": JIA, "fiscal_year": 2023, "code": "201", "name": "一般公共服务支出", "level": 1,
                          "total": 80.0, "share_pct": 80.0, "source": "a.pdf 第3页", **PRINTED},
                         {"unit_name": JIA, "fiscal_year": 2023, "code": "202", "name": "外交支出", "level": 1,
                          "total": 20.0, "share_pct": 20.0, "source": "a.pdf 第3页", **SUMMED}])


def test_a_share_segment_carries_the_link_of_its_printed_row_and_a_summed_one_none():
    spec = charts.stacked_shares(_classes(), "name", "total")
    links = {r["part_name"]: r["link"] for r in spec["data"]["values"]}
    assert links == {"一般公共服务支出": LINK_201, "外交支出": None}
    bars = spec["spec"]["layer"][0]
    assert bars["encoding"]["href"] == {"field": "link"}
    assert linking(spec)
    assert bars["encoding"]["tooltip"][-1] == {"field": "source", "title": "来源"}  # the hover as before
    unlinked = charts.stacked_shares(_classes().drop(columns=["doc_id"]), "name", "total")  # 基本/项目: no positions
    assert not linking(unlinked) and "href" not in unlinked["spec"]["layer"][0]["encoding"]
    assert not any("link" in r for r in unlinked["data"]["values"])  # the data as before


def test_trend_points_and_change_bars_pick_their_links_when_the_rows_have_positions():
    rows = _classes().assign(fiscal_year=[2022, 2023], previous_year=[2021, 2022], previous=[1.0, 2.0],
                             change=[79.0, 18.0], change_pct=[1.0, 2.0])
    for spec, view in ((charts.trend(rows), lambda s: s["layer"][1]), (charts.change_bars(rows), lambda s: s["layer"][0])):
        assert [r["link"] for r in spec["data"]["values"]] == [LINK_201, None]
        assert linking(spec) and view(spec)["encoding"]["href"] == {"field": "link"}
    line, points = charts.trend(rows)["layer"]  # a point links; a line's path has one datum, and links nowhere
    assert points["mark"]["type"] == "point" and "href" not in line.get("encoding", {})
    for build in (charts.trend, charts.change_bars):  # a frame without positions: no link, no selection
        spec = build(rows.drop(columns=list(WHERE)))
        assert not linking(spec) and not any("link" in r for r in spec["data"]["values"])


def test_a_sunburst_of_zeros_is_the_total_alone():
    rows = pd.DataFrame([("201", "一般公共服务支出", 1, 0.0), ("20101", "人大事务", 2, 0.0)],
                        columns=["code", "name", "level", "total"]).assign(share_pct=0.0, source="x.pdf 第3页")
    spec = charts.sunburst(rows)
    assert [(v["code"], v["label"]) for v in spec["data"]["values"]] == [("合计", "支出合计\n0.00 万元")]
    assert spec["height"] == spec["width"] > 0


def test_sunburst_slices_carry_links_except_the_grouped_other_and_summed_ones():
    rows = pd.concat([_classes(), pd.DataFrame([
        {"unit_name": JIA, "fiscal_year": 2023, "code": "20101", "name": "人大事务", "level": 2, "total": 79.0,
         "share_pct": 79.0, "source": "a.pdf 第3页", **PRINTED, "top": 50.0, "bottom": 60.0},
        {"unit_name": JIA, "fiscal_year": 2023, "code": "20102", "name": "政协事务", "level": 2, "total": 1.0,
         "share_pct": 1.0, "source": "a.pdf 第3页", **PRINTED}])], ignore_index=True)
    spec = charts.sunburst(rows)
    link = {v["code"]: v["link"] for v in spec["data"]["values"]}
    assert link["201"] == LINK_201 and link["20101"] == LINK_201.replace("top=20.0", "top=50.0").replace(
        "bottom=40.0", "bottom=60.0")
    assert link["202"] is None and link["201·其他"] is None and link["合计"] is None  # summed, grouped, the whole
    arcs = spec["layer"][0]
    assert arcs["encoding"]["href"] == {"field": "link"}
    assert arcs["encoding"]["tooltip"][-1] == {"field": "source", "title": "来源"} and linking(spec)


def test_execution_bars_carry_the_link_of_their_item():
    items = pd.DataFrame([{"unit_name": JIA, "fiscal_year": 2023, "code": "2010101", "item": "行政运行", "budget": 100.0,
                           "actual": 80.0, "completion_rate": 80.0, "deviation": -20.0, "outside": True,
                           "reason": None, "source": "a.pdf 第3页", **PRINTED}])
    spec = charts.completion_items(items, (90, 110))
    assert [(v["link"], v["reason"]) for v in spec["data"]["values"]] == [(LINK_201, None)] and linking(spec)
    overall = items.drop(columns=list(WHERE))  # a frame without positions
    spec = charts.completion_overall(overall)
    assert not linking(spec) and not any("link" in v for v in spec["data"]["values"])


def test_sangong_points_link_where_printed_and_gaps_link_nowhere():
    long_df = pd.DataFrame([{"unit_name": JIA, "fiscal_year": 2021, "item": "total", "measure": "actual", "amount": 5.0,
                             "source": "a.pdf 第3页", **PRINTED},
                            {"unit_name": JIA, "fiscal_year": 2023, "item": "total", "measure": "actual", "amount": 4.0,
                             "source": "a.pdf 第3页", **SUMMED}])  # found on its page, not at a box: no click
    spec = charts.sangong_trend(long_df, {"actual": "决算"})
    assert [(v["year"], v["link"]) for v in spec["data"]["values"]] == [("2021年", LINK_201), ("2023年", None)]
    assert linking(spec)


def test_sangong_segments_link_their_printed_item_and_an_unplaced_one_none():
    parts = pd.DataFrame([
        {"unit_name": JIA, "fiscal_year": 2023, "item": "overseas", "label": "因公出国（境）费", "measure": "actual",
         "amount": 1.0, "source": "a.pdf 第3页", **PRINTED},
        {"unit_name": JIA, "fiscal_year": 2023, "item": "reception", "label": "公务接待费", "measure": "actual",
         "amount": 2.0, "source": "a.pdf 第3页", **SUMMED},  # its page, at no box or line
        {"unit_name": JIA, "fiscal_year": 2022, "item": "reception", "label": "公务接待费", "measure": "actual",
         "amount": 3.0, "source": "b.txt", **{**SUMMED, "source_page": None, "line": 7}}])  # a text export's line
    spec = charts.sangong_components(parts, ["因公出国（境）费", "公务接待费"])
    links = {(v["label"], v["year"]): v["link"] for v in spec["data"]["values"]}
    assert links == {("因公出国（境）费", "2023年"): LINK_201, ("公务接待费", "2023年"): None,
                     ("公务接待费", "2022年"): "/source?doc=d1&line=7"}
    assert layers(spec)[1]["encoding"]["tooltip"][-1] == {"field": "source", "title": "来源"}  # the hover as before
    assert linking(spec)
    assert not linking(charts.sangong_components(parts.drop(columns=list(WHERE)), ["公务接待费"]))


def test_rate_score_points_link_their_printed_project_row_and_an_unplaced_one_none():
    projects = pd.DataFrame([
        {"unit_name": JIA, "fiscal_year": 2023, "project": "甲项目", "score": 96.0, "execution_rate": 70.0,
         "executed": 7.0, "source": "a.pdf 第3页", **PRINTED},
        {"unit_name": JIA, "fiscal_year": 2023, "project": "乙项目", "score": 90.0, "execution_rate": 99.0,
         "executed": None, "source": "a.pdf 第3页", **SUMMED}])
    spec = charts.rate_score_scatter(projects, 80.0, 95.0)
    assert [(v["project"], v["link"], v["executed"]) for v in spec["data"]["values"]] == [
        ("甲项目", LINK_201, 7.0), ("乙项目", None, None)]
    assert linking(spec)
    assert not linking(charts.rate_score_scatter(projects.drop(columns=list(WHERE)), 80.0, 95.0))
    assert not linking(charts.score_histograms(projects))  # counts: no single printed figure, no link

# The queries behind 总览, 支出结构 and 预算执行 on a database of known positions (hand_db): 甲局 2022
# prints its 合计 row, 类 and 项 at boxes; 甲局 2023 prints only 项 (its 类 and total are sums, printed
# nowhere); 乙中心 2023 is a text export (lines); 甲局's 预算 2023 prints 合计 and 行政运行.
def _box(top: float) -> tuple:
    return (50.0, top, 500.0, top + 12.0, None)


J22, J23, J23B, Y23 = "j22", "j23", "j23b", "y23"
NOTHING = (None,) * 5
KNOWN_DOCS = [doc(J22, JIA, 2022, "final"), doc(J23, JIA, 2023, "final"), doc(J23B, JIA, 2023, "budget"),
              doc(Y23, YI, 2023, "final", file_name="乙中心2023决算.txt", fmt="text")]
_FN = (None, None, None)  # reserve, previous, previous_basis
KNOWN_FACTS = {
    "expenditure_function": [
        (J22, "all", "total", "合计", 0, 1000.0, 400.0, 600.0, 5, *_FN, *_box(100)),
        (J22, "all", "201", "一般公共服务支出", 1, 700.0, 400.0, 300.0, 5, *_FN, *_box(120)),
        (J22, "all", "208", "社会保障和就业支出", 1, 300.0, 0.0, 300.0, 5, *_FN, *_box(140)),
        (J22, "all", "2010301", "行政运行", 3, 400.0, 400.0, 0.0, 5, *_FN, *_box(160)),
        (J22, "all", "2080505", "机关事业单位基本养老保险缴费支出", 3, 300.0, 0.0, 300.0, 5, *_FN, *_box(180)),
        (J23, "all", "2010301", "行政运行", 3, 450.0, 450.0, 0.0, 6, *_FN, *_box(100)),
        (J23, "all", "2120101", "行政运行", 3, 200.0, 0.0, 200.0, 6, *_FN, *_box(120)),
        (J23B, "all", "total", "合计", 0, 1100.0, 500.0, 600.0, 3, *_FN, *_box(300)),
        (J23B, "all", "2010301", "行政运行", 3, 500.0, 500.0, 0.0, 3, *_FN, *_box(320)),
        (Y23, "all", "total", "合计", 0, 500.0, 300.0, 200.0, None, *_FN, None, None, None, None, 41),
        (Y23, "all", "201", "一般公共服务支出", 1, 500.0, 300.0, 200.0, None, *_FN, None, None, None, None, 42),
    ],
    "expenditure_economic": [
        (J22, "301", "工资福利支出", 1, 300.0, "personnel", 8, *_box(100)),
        (J22, "302", "商品和服务支出", 1, 100.0, "public", 8, *_box(120)),
        (J22, "personnel_total", "人员经费合计", None, 300.0, "personnel", 8, *_box(200)),  # no 公用经费合计
        (J23, "301", "工资福利支出", 1, 330.0, "personnel", 9, *_box(100)),
        (J23, "302", "商品和服务支出", 1, 120.0, "public", 9, *_box(120)),
        (J23, "personnel_total", "人员经费合计", None, 330.0, "personnel", 9, *_box(200)),
        (J23, "public_total", "公用经费合计", None, 120.0, "public", 9, *_box(220)),
    ],
    "budget_execution": [
        (J22, "total", "一般公共预算财政拨款支出", 900.0, 900.0, 100.0, None, 11, None, *_box(400)),
        (J23, "total", "一般公共预算财政拨款支出", 1000.0, 950.0, 95.0, None, 12, None, *NOTHING),  # at no box
        (Y23, "total", "一般公共预算财政拨款支出", 200.0, 230.0, 115.0, None, None, None, None, None, None, None, 30),
    ],
}
known_positions = database(KNOWN_DOCS, KNOWN_FACTS)
BOTH = Selection((JIA, YI), (2022, 2023), "final")


def _at(doc_id: str, page: int, top: float) -> str:
    return f"/source?doc={doc_id}&page={page}&x0=50.0&top={top}&x1=500.0&bottom={top + 12.0}"


def _links(df: pd.DataFrame, *keys: str) -> dict:
    """Each row's 来源 link (printed_links, as the charts give their marks) by the row's keys."""
    named = zip(*(df[k] for k in keys)) if len(keys) > 1 else df[keys[0]]
    return dict(zip(named, printed_links(df)))


def _spec_links(spec: dict, *keys: str) -> dict:
    return {tuple(v[k] for k in keys): v.get("link") for v in spec["data"]["values"]}


def test_the_totals_trend_links_each_printed_total_and_not_a_sum_of_classes(known_positions):
    heads = ov.headlines(BOTH)
    want = {(JIA, 2022): _at(J22, 5, 100.0), (JIA, 2023): None, (YI, 2023): f"/source?doc={Y23}&line=41"}
    assert _links(heads, "unit_name", "fiscal_year") == want
    spec = charts.trend(heads)
    assert _spec_links(spec, "unit_name", "year") == {(u, f"{y}年"): link for (u, y), link in want.items()}
    assert linking(spec)


def test_change_bars_link_this_years_row_or_the_gone_items_last_year_and_summed_classes_nowhere(known_positions):
    items = ov.changes(BOTH, 3, 10)
    assert _links(items, "code") == {"2010301": _at(J23, 6, 100.0), "2120101": _at(J23, 6, 120.0),
                                     "2080505": _at(J22, 5, 180.0)}  # gone in 2023: the 2022 row it was
    classes = ov.changes(BOTH, 1, 10)  # 甲局 2023 prints no 类: its 201 and 212 are sums
    assert _links(classes, "code") == {"201": None, "208": _at(J22, 5, 140.0), "212": None}
    spec = charts.change_bars(classes)
    assert sorted(v["link"] or "" for v in spec["data"]["values"]) == ["", "", _at(J22, 5, 140.0)]


def test_basic_and_project_shares_link_the_total_row_they_were_read_from(known_positions):
    rows = su.basic_project(BOTH)
    assert _links(rows, "unit_name", "fiscal_year") == {(JIA, 2022): _at(J22, 5, 100.0), (JIA, 2023): None,
                                                        (YI, 2023): f"/source?doc={Y23}&line=41"}
    spec = charts.stacked_shares(su.parts_long(rows, {"basic": "基本支出", "project": "项目支出"}), "part", "amount")
    assert _spec_links(spec, "unit_name", "year", "part_name") == {
        (JIA, "2022年", "基本支出"): _at(J22, 5, 100.0), (JIA, "2022年", "项目支出"): _at(J22, 5, 100.0),
        (JIA, "2023年", "基本支出"): None, (JIA, "2023年", "项目支出"): None,
        (YI, "2023年", "基本支出"): f"/source?doc={Y23}&line=41", (YI, "2023年", "项目支出"): f"/source?doc={Y23}&line=41"}


def test_personnel_and_public_shares_link_their_own_total_rows_and_a_sum_of_classes_none(known_positions):
    rows = su.personnel_public(BOTH)
    spec = charts.stacked_shares(su.parts_long(rows, {"personnel": "人员经费", "public": "公用经费"}),
                                   "part", "amount")
    assert _spec_links(spec, "year", "part_name", "amount") == {
        ("2022年", "人员经费", 300.0): _at(J22, 8, 200.0), ("2022年", "公用经费", 100.0): None,  # summed from 302
        ("2023年", "人员经费", 330.0): _at(J23, 9, 200.0), ("2023年", "公用经费", 120.0): _at(J23, 9, 220.0)}
    assert not set(widgets.WHERE) & set(without_sides(rows, "personnel", "public").columns)  # the table's


def test_economic_classes_link_their_rows(known_positions):
    rows = su.economic_rows(BOTH)
    assert _links(rows, "fiscal_year", "code") == {(2022, "301"): _at(J22, 8, 100.0), (2022, "302"): _at(J22, 8, 120.0),
                                                   (2023, "301"): _at(J23, 9, 100.0), (2023, "302"): _at(J23, 9, 120.0)}


def test_overall_completion_bars_link_the_printed_overall_line(known_positions):
    overall = ex.overall(BOTH)
    assert _links(overall, "unit_name", "fiscal_year") == {(JIA, 2022): _at(J22, 11, 400.0), (JIA, 2023): None,
                                                           (YI, 2023): f"/source?doc={Y23}&line=30"}
    spec = charts.completion_overall(overall)
    assert _spec_links(spec, "unit_name", "year") == {
        (JIA, "2022年"): _at(J22, 11, 400.0), (JIA, "2023年"): None, (YI, "2023年"): f"/source?doc={Y23}&line=30"}


def test_budget_and_final_bars_link_each_to_its_own_documents_row(known_positions):
    paired = ex.budget_vs_final(BOTH)
    spec = charts.budget_vs_final(paired)
    assert _spec_links(spec, "measure", "label") == {("预算", "2010301 行政运行"): _at(J23B, 3, 320.0),
                                                     ("决算", "2010301 行政运行"): _at(J23, 6, 100.0)}
    shown = ex.for_display(paired)
    assert not {c for c in shown.columns if c.startswith(("budget_", "final_")) and c.endswith(widgets.WHERE)}
    assert {"budget_source", "final_source", "budget_total", "final_total"} <= set(shown.columns)


POSITIONS = {*WHERE, *(f"{s}_{c}" for s in ("budget", "final", "personnel", "public") for c in WHERE)}


@pytest.mark.parametrize("page", ["overview", "structure", "execution"])
def test_pages_tables_show_no_positions_and_their_charts_pick_links(known_positions, page):
    """As drawn: no table holds a position column (nor do the downloads: they are the table shown less
    its 原文 links); the 总览 trend, 支出结构's four share charts and 预算执行's bars carry 来源 links."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90).run()
    assert not at.exception, at.exception
    drawn, frames = [], []
    for view in (each_tab(at, "part") if page == "structure" else [at]):
        drawn += pictures(view)
        frames += [frame.value for frame in open_tables(view).dataframe]
    assert frames
    for frame in frames:
        assert not POSITIONS & set(frame.columns), list(frame.columns)
    links = [picture_links(svg) for svg in drawn]
    if page == "overview":  # the trend's points
        assert any(link == _at(J22, 5, 100.0) for link in links[0])
    elif page == "structure":  # the sunburst and four share charts, over the page's tabs
        assert len(drawn) == 5 and all(links)
    else:
        every = sum(links, [])
        assert _at(J22, 11, 400.0) in every and _at(J23B, 3, 320.0) in every


def test_a_single_year_of_totals_is_bars_with_their_figures_not_lone_dots():
    heads = pd.DataFrame([(JIA, 2023, 1200.0, "a.pdf 第5页"), (YI, 2023, 500.0, "b.pdf 第4页")],
                         columns=["unit_name", "fiscal_year", "total", "source"])
    spec = charts.trend(heads)
    bars, *labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and spec["encoding"]["y"]["field"] == "unit_name"
    assert [layer["encoding"]["text"]["format"] for layer in labels] == [",.2f", ",.2f"]
    assert [(v["unit_name"], v["total"]) for v in spec["data"]["values"]] == [(YI, 500.0), (JIA, 1200.0)]


def _sangong_units(n: int) -> pd.DataFrame:
    """n units' 2023 total and two parts, budget and actual; the last unit's a hundred times the others'."""
    rows = []
    for i in range(n):
        scale = 100.0 if i == n - 1 else 1.0
        for measure, amount in (("budget", 6.0), ("actual", 5.0)):
            rows += [(f"测试市第{i}局", 2023, item, measure, part * scale, "a.pdf")
                     for item, part in (("total", amount), ("reception", amount / 2), ("overseas", amount / 2))]
    return pd.DataFrame(rows, columns=["unit_name", "fiscal_year", "item", "measure", "amount", "source"])


def _image(spec: dict) -> Image.Image:
    svg = picture.svg(spec, widgets.PAGE_WIDTH).replace("&#10;", "\n")  # the picture's line breaks, as drawn
    return Image.open(io.BytesIO(vl_convert.svg_to_png(svg))).convert("L")


def _drawn_alike(first: dict, whole: dict) -> bool:
    """Whether the first rows (picture.head) look as the top of the whole chart does, down to just
    above their own x axis: fewer than one pixel in a thousand differs (a tick half a pixel off)."""
    top, bottom = _image(first), _image(whole)
    box = (0, 0, top.width, top.height - 60)
    differs = ImageChops.difference(top.crop(box), bottom.crop(box)).point(lambda v: 255 if v > 60 else 0)
    return top.width == bottom.width and differs.histogram()[255] < 0.001 * top.width * top.height


def _long_list() -> pd.DataFrame:
    """Overall completions of 30 units: the first twenty short-named and within 120%, the last ten
    long-named and far beyond it."""
    return pd.DataFrame([(f"测试市{i}局" if i < 20 else f"测试市某某某某某某管理服务中心第{i}分中心", 2023, 100.0,
                          100.0 + (300 if i >= 20 else i), 100.0 + (300 if i >= 20 else i), "a.pdf") for i in range(30)],
                        columns=["unit_name", "fiscal_year", "budget", "actual", "completion_rate", "source"])


@pytest.mark.parametrize("chart", ["trend", "trend apart", "components", "completions"])
def test_a_long_chart_s_first_rows_alone_are_drawn_as_in_the_whole(chart):
    """The first rows a page shows while a long chart is drawn (picture.head) look as the whole's
    top: 三公经费's first row of panels, its largest unit in the last row (a shared axis still reaches
    it), and 预算执行's first twenty completions, the long names and the largest rate after them."""
    long_df = _sangong_units(5)
    parts = sg.components(long_df)
    spec = {"trend": lambda: charts.sangong_trend(long_df, sg.MEASURES),
            "trend apart": lambda: charts.sangong_trend(long_df, sg.MEASURES, shared=False),
            "components": lambda: charts.sangong_components(parts[parts["measure"] == "actual"], sg.ORDER),
            "completions": lambda: charts.completion_overall(_long_list())}[chart]()
    first = picture.head(spec)
    assert 0 < len(first["data"]["values"]) < len(spec["data"]["values"])
    assert _drawn_alike(first, spec)


def test_a_chart_of_many_rows_shows_its_first_row_then_the_whole_in_its_place(monkeypatch):
    drawn = []
    monkeypatch.setattr(widgets, "drawn", lambda spec: drawn.append(json.loads(spec)) or f"<svg>{len(drawn)}</svg>")

    def page():
        import pandas as pd

        from dashboard import charts, widgets
        from dashboard import sangong as sg
        long_df = pd.DataFrame([(f"测试市第{i}局", 2023, "total", "actual", 5.0, "a.pdf") for i in range(5)],
                               columns=["unit_name", "fiscal_year", "item", "measure", "amount", "source"])
        widgets.vega(charts.sangong_trend(long_df, sg.MEASURES), "三公")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert drawn[0] == picture.head(drawn[1]) and len(drawn) == 2
    assert pictures(at) == [f'<div class="{widgets.CHART}"><svg>2</svg></div>']  # the whole, in the first row's place

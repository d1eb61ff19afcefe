"""Charts and tables a journalist can quote: gaps not bridged, values on bars, whole-number count
axes, thin sunburst slices grouped, exports rounded as shown and naming their price basis."""
from __future__ import annotations

import pandas as pd

from dashboard import charts, vegalite, widgets
from dashboard.links import WHERE

JIA, YI = "测试市甲局", "测试市乙中心"


def test_a_missing_year_breaks_the_trend_line_and_keeps_its_place_on_the_axis():
    heads = pd.DataFrame([(JIA, 2020, 10.0, "a.pdf"), (JIA, 2023, 12.0, "b.pdf"), (JIA, 2024, 13.0, "c.pdf")],
                         columns=["unit_name", "fiscal_year", "total", "source"])
    spec = vegalite.trend(heads)
    assert [r["run"] for r in spec["data"]["values"]] == [f"{JIA}#0", f"{JIA}#1", f"{JIA}#1"]
    assert spec["encoding"]["detail"]["field"] == "run"
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2020年", "2021年", "2022年", "2023年", "2024年"]


def test_share_panels_keep_missing_years_in_place_each_under_its_own_panel():
    """A unit with no report in a year keeps an empty place there; with five panels three to a row,
    the years are drawn under each panel, not once under an empty cell of the last row."""
    df = pd.DataFrame([(u, y, "基本", 30.0, "x.pdf") for u in "甲乙丙丁戊" for y in (2021, 2023)],
                      columns=["unit_name", "fiscal_year", "part", "amount", "source"])
    spec = vegalite.stacked_shares(df, "part", "amount")
    assert spec["spec"]["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["2021年", "2022年", "2023年"]
    assert spec["columns"] == 3 and spec["resolve"]["axis"]["x"] == "independent"


def test_sangong_lines_break_at_missing_years():
    long_df = pd.DataFrame([(JIA, 2020, "total", "actual", 5.0, "a.pdf"), (JIA, 2023, "total", "actual", 4.0, "b.pdf"),
                            (YI, 2021, "total", "actual", 2.0, "c.pdf")],
                           columns=["unit_name", "fiscal_year", "item", "measure", "amount", "source"])
    fig = charts.sangong_trend(long_df, {"budget": "预算", "actual": "决算"})
    jia = next(t for t in fig.data if t.xaxis == "x")
    assert list(jia.x) == [2020, 2021, 2022, 2023] and list(jia.y) == [5.0, None, None, 4.0]
    assert jia.connectgaps is False
    assert list(fig.layout.xaxis.ticktext) == ["2020年", "2021年", "2022年", "2023年"]


def test_a_single_year_axis_has_room_around_its_point():
    long_df = pd.DataFrame([(JIA, 2023, "total", "actual", 5.0, "a.pdf")],
                           columns=["unit_name", "fiscal_year", "item", "measure", "amount", "source"])
    fig = charts.sangong_trend(long_df, {"actual": "决算"})
    low, high = fig.layout.xaxis.range
    assert low < 2023 < high


def test_bars_carry_their_values():
    df = pd.DataFrame([(JIA, 2023, "基本", 30.0, "x.pdf"), (JIA, 2023, "项目", 10.0, "x.pdf")],
                      columns=["unit_name", "fiscal_year", "part", "amount", "source"])
    shares = vegalite.stacked_shares(df, "part", "amount")
    assert [r["label"] for r in shares["data"]["values"]] == ["75.0%", "25.0%"]
    assert shares["spec"]["layer"][1]["mark"]["type"] == "text"
    overall = pd.DataFrame([(JIA, 2023, 100.0, 95.5, 95.5, "x.pdf"), (YI, 2023, 10.0, 12.0, 120.0, "y.pdf")],
                           columns=["unit_name", "fiscal_year", "budget", "actual", "completion_rate", "source"])
    assert sorted(charts.completion_overall(overall).data[0].text) == ["120.0%", "95.5%"]
    spec = vegalite.change_bars(pd.DataFrame(
        [(JIA, 2023, 2022, "201", "一般公共服务支出", 10.0, 5.0, -5.0, -50.0, "a.pdf")],
        columns=["unit_name", "fiscal_year", "previous_year", "code", "name", "previous", "total", "change",
                 "change_pct", "source"]))
    assert [layer["mark"]["type"] for layer in spec["layer"][1:]] == ["text", "text"]


def test_score_counts_are_whole_numbers():
    projects = pd.DataFrame({"unit_name": JIA, "fiscal_year": 2023, "score": [91.0, 92.0, 99.0]})
    fig = charts.score_histograms(projects)
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tickformat == "d"
    assert sorted(fig.data[0].y) == [1, 2] and sum(fig.data[0].y) == 3


def test_slices_under_two_percent_are_one_other_slice_with_readable_labels():
    rows = pd.DataFrame([("201", "一般公共服务支出", 1, 900.0), ("20101", "人大事务", 2, 890.0), ("20102", "政协事务", 2, 10.0),
                         ("208", "社会保障和就业支出", 1, 85.0), ("212", "城乡社区支出", 1, 10.0),
                         ("213", "农林水支出", 1, 5.0)], columns=["code", "name", "level", "total"])
    rows = rows.assign(share_pct=rows["total"] / 10, source="x.pdf 第3页")
    trace = charts.sunburst(rows).data[0]
    slices = dict(zip(trace.ids, zip(trace.parents, trace.labels, trace.values)))
    assert "212" not in slices and "213" not in slices and "20102" not in slices
    assert slices["合计·其他"] == ("合计", "其他", 15.0)
    assert slices["201·其他"] == ("201", "其他", 10.0)
    assert trace.texttemplate == "%{label}<br>%{percentRoot:.1%}"


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
    spec = vegalite.stacked_shares(_classes(), "name", "total")
    links = {r["part_name"]: r["link"] for r in spec["data"]["values"]}
    assert links == {"一般公共服务支出": LINK_201, "外交支出": None}
    bars = spec["spec"]["layer"][0]
    assert bars["params"] == [{"name": vegalite.PICK, "select": {"type": "point", "fields": ["link"]}}]
    assert vegalite.picks(spec)
    assert bars["encoding"]["tooltip"][-1] == {"field": "source", "title": "来源"}  # the hover as before
    unlinked = vegalite.stacked_shares(_classes().drop(columns=["doc_id"]), "name", "total")  # 基本/项目: no positions
    assert not vegalite.picks(unlinked) and "params" not in unlinked["spec"]["layer"][0]
    assert not any("link" in r for r in unlinked["data"]["values"])  # the data as before


def test_trend_points_and_change_bars_pick_their_links_when_the_rows_have_positions():
    rows = _classes().assign(fiscal_year=[2022, 2023], previous_year=[2021, 2022], previous=[1.0, 2.0],
                             change=[79.0, 18.0], change_pct=[1.0, 2.0])
    for spec, view in ((vegalite.trend(rows), lambda s: s), (vegalite.change_bars(rows), lambda s: s["layer"][0])):
        assert [r["link"] for r in spec["data"]["values"]] == [LINK_201, None]
        assert vegalite.picks(spec) and view(spec)["params"][0]["name"] == vegalite.PICK
    assert "'symbol'" in vegalite.trend(rows)["params"][0]["select"]["on"]  # a point; a line's path has one datum
    for build in (vegalite.trend, vegalite.change_bars):  # 总览's frames as its queries give them: no positions
        spec = build(rows.drop(columns=list(WHERE)))
        assert not vegalite.picks(spec) and not any("link" in r for r in spec["data"]["values"])


def test_sunburst_slices_carry_links_except_the_grouped_other_and_summed_ones():
    rows = pd.concat([_classes(), pd.DataFrame([
        {"unit_name": JIA, "fiscal_year": 2023, "code": "20101", "name": "人大事务", "level": 2, "total": 79.0,
         "share_pct": 79.0, "source": "a.pdf 第3页", **PRINTED, "top": 50.0, "bottom": 60.0},
        {"unit_name": JIA, "fiscal_year": 2023, "code": "20102", "name": "政协事务", "level": 2, "total": 1.0,
         "share_pct": 1.0, "source": "a.pdf 第3页", **PRINTED}])], ignore_index=True)
    trace = charts.sunburst(rows).data[0]
    link = dict(zip(trace.ids, (c[-1] for c in trace.customdata)))
    assert link["201"] == LINK_201 and link["20101"] == LINK_201.replace("top=20.0", "top=50.0").replace(
        "bottom=40.0", "bottom=60.0")
    assert link["202"] == "—" and link["201·其他"] == "—" and link["合计"] == "—"  # summed, grouped, the whole
    assert "customdata[4]" not in trace.hovertemplate  # the hover names what it named before
    assert widgets._linked(charts.sunburst(rows))


def test_execution_bars_carry_the_link_of_their_item():
    items = pd.DataFrame([{"unit_name": JIA, "fiscal_year": 2023, "code": "2010101", "item": "行政运行", "budget": 100.0,
                           "actual": 80.0, "completion_rate": 80.0, "deviation": -20.0, "outside": True,
                           "reason": None, "source": "a.pdf 第3页", **PRINTED}])
    bars = charts.completion_items(items, (90, 110)).data[0]
    assert [c[-1] for c in bars.customdata] == [LINK_201] and bars.customdata[0][3] == "—"
    assert "customdata[5]" not in bars.hovertemplate
    overall = items.drop(columns=list(WHERE))  # ex.overall: the 合计 line, no position selected
    fig = charts.completion_overall(overall)
    assert [c[-1] for c in fig.data[0].customdata] == ["—"] and not widgets._linked(fig)


def test_sangong_points_link_where_printed_and_gaps_link_nowhere():
    long_df = pd.DataFrame([{"unit_name": JIA, "fiscal_year": 2021, "item": "total", "measure": "actual", "amount": 5.0,
                             "source": "a.pdf 第3页", **PRINTED},
                            {"unit_name": JIA, "fiscal_year": 2023, "item": "total", "measure": "actual", "amount": 4.0,
                             "source": "a.pdf 第3页", **SUMMED}])  # found on its page, not at a box: no click
    trace = charts.sangong_trend(long_df, {"actual": "决算"}).data[0]
    assert [c[-1] for c in trace.customdata] == [LINK_201, None, None]

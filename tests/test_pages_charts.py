"""Charts and tables a journalist can quote: gaps not bridged, values on bars, whole-number count
axes, thin sunburst slices grouped, exports rounded as shown and naming their price basis."""
from __future__ import annotations

import pandas as pd

from dashboard import charts, vegalite, widgets

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

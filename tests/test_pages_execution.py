"""预算执行 page: queries over budget_execution / budget_vs_final on a hand-made database, and the page."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts
from dashboard import execution as ex
from dashboard.filters import Selection
from dashboard.inert import plain

from .dashboard_db import figures
from .hand_db import database, doc
from .reports import SEEDS
from .pages import open_tables, pictures

DOCS = [
    doc("a23f", "甲市财政局", 2023, "final"),
    doc("a23b", "甲市财政局", 2023, "budget"),
    doc("a22f", "甲市财政局", 2022, "final"),
    doc("b23f", "乙县教育局", 2023, "final"),
    doc("b23t", "乙县教育局", 2023, "final", file_name="乙县教育局2023决算.txt", fmt="text"),  # same report as text
    doc("c23f", "丙区民政局", 2023, "final"),  # a 决算 without an execution narrative
    doc("d24b", "丁镇人民政府", 2024, "budget"),  # only a 预算
]
FACTS = {
    "budget_execution": [
        ("a23f", "total", "一般公共预算财政拨款支出", 1000.0, 950.0, 95.0, None, 12),
        ("a23f", "2010101", "行政运行", 500.0, 520.0, 104.0, None, 12),
        ("a23f", "2010102", "一般行政管理事务", 100.0, 60.0, 60.0, "项目延期", 13),
        ("a23f", "2080505", "机关事业单位基本养老保险缴费支出", 50.0, 60.0, None, "人员增加", 13),
        ("a23f", "2130599", "其他扶贫支出", 0.0, 12.0, None, None, 14),  # spent without a 年初预算
        ("a22f", "total", "一般公共预算财政拨款支出", 900.0, 900.0, 100.0, None, 11),
        ("b23f", "total", "一般公共预算财政拨款支出", 200.0, 230.0, 115.0, None, 8),
        ("b23f", "2050101", "学前教育", 200.0, 230.0, 115.0, "<script>alert(1)</script>", 8),
        ("b23t", "total", "一般公共预算财政拨款支出", 999.0, 999.0, 100.0, None, None),
    ],
    "expenditure_function": [
        ("a23b", "all", "total", "合计", 0, 1000.0, 600.0, 400.0, 5),
        ("a23b", "all", "2010101", "行政运行", 3, 500.0, 500.0, None, 5),
        ("a23b", "all", "2010102", "一般行政管理事务", 3, 120.0, None, 120.0, 5),
        ("a23f", "all", "total", "合计", 0, 950.0, 620.0, 330.0, 6),
        ("a23f", "all", "2010101", "行政运行", 3, 520.0, 520.0, None, 6),
        ("a23f", "general", "total", "合计", 0, 950.0, 620.0, 330.0, 7),
    ],
}


use_db = database(DOCS, FACTS)
UNITS = ("甲市财政局", "乙县教育局", "丙区民政局")
ALL = Selection(UNITS, (2022, 2023), "final")


def test_items_sorted_by_deviation_with_computed_rates_and_band(use_db):
    df = ex.items(ALL)
    assert list(df["code"]) == ["2010102", "2080505", "2050101", "2010101", "2130599"]
    assert list(df["deviation"].iloc[:4]) == [-40.0, 20.0, 15.0, 4.0] and df["deviation"].isna().iloc[4]
    assert list(df["outside"]) == [True, True, True, False, True]
    computed = df[df["code"] == "2080505"].iloc[0]
    assert (computed["completion_rate"], computed["rate_basis"]) == (120.0, ex.COMPUTED)
    assert df.iloc[0]["source"] == "甲市财政局2023决算.pdf 第13页"
    assert df.iloc[0]["difference"] == -40.0


def test_items_band_is_configurable_and_filters_apply(use_db):
    df = ex.items(Selection(("甲市财政局",), (2023,), "final"), band=(50, 130))
    assert list(df["code"]) == ["2010102", "2080505", "2010101", "2130599"]
    assert list(df["outside"]) == [False, False, False, True]  # no 年初预算: outside any band


def test_text_export_of_the_same_report_is_not_counted_twice(use_db):
    df = ex.overall(ALL)
    assert list(zip(df["unit_name"], df["fiscal_year"], df["completion_rate"])) == [
        ("乙县教育局", 2023, 115.0), ("甲市财政局", 2022, 100.0), ("甲市财政局", 2023, 95.0)]
    assert df.iloc[0]["source"] == "乙县教育局2023决算.pdf 第8页"


def test_finals_say_which_have_no_execution_narrative(use_db):
    df = ex.finals(Selection(UNITS, (2023,), "final"))
    assert dict(zip(df["unit_name"], df["has_execution"])) == {"丙区民政局": False, "乙县教育局": True,
                                                               "甲市财政局": True}


def test_budget_vs_final_pairs_documents_by_code(use_db):
    df = ex.budget_vs_final(ALL)
    assert list(df["code"]) == ["total", "2010101", "2010102"]
    assert list(df["completion_rate"].iloc[:2]) == [95.0, 104.0] and df["completion_rate"].isna().iloc[2]
    assert df.iloc[0]["budget_source"] == "甲市财政局2023预算.pdf 第5页"
    assert df.iloc[0]["final_source"] == "甲市财政局2023决算.pdf 第6页"
    assert df.iloc[2]["final_source"] == "甲市财政局2023决算.pdf"  # the 决算 that lacks this code
    assert ex.budget_vs_final(ALL, fund="general").empty
    assert ex.budget_vs_final(Selection(("乙县教育局",), (2023,), "final")).empty


def test_describe_outside_names_numbers_reason_and_source(use_db):
    row = ex.items(ALL).iloc[0]
    assert ex.describe_outside(row) == ("甲市财政局 2023年 · 一般行政管理事务：年初预算 100.00 万元，决算 60.00 万元，"
                                        "完成 60.0%，低于90–110% 区间。原因：项目延期（甲市财政局2023决算.pdf 第13页）")
    assert ex.describe_outside(ex.items(ALL).iloc[4]) == (
        "甲市财政局 2023年 · 其他扶贫支出：年初预算 0.00 万元，决算 12.00 万元，年初未列预算。"
        "原因：报告未说明原因（甲市财政局2023决算.pdf 第14页）")


def test_charts_have_one_panel_per_unit_year_and_the_100_line(use_db):
    spec = charts.completion_items(ex.items(ALL), ex.BAND)
    assert sorted({v["panel"] for v in spec["data"]["values"]}) == ["乙县教育局 2023年", "甲市财政局 2023年"]
    band, _, line, _ = spec["spec"]["layer"]  # drawn in every panel, once each
    assert (band["encoding"]["x"]["datum"], band["encoding"]["x2"]["datum"]) == ex.BAND
    assert line["mark"]["type"] == "rule" and line["encoding"]["x"]["datum"] == 100
    spec = charts.completion_overall(ex.overall(ALL))
    assert sorted({v["year"] for v in spec["data"]["values"]}) == ["2022年", "2023年"]


PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "execution.py")


def test_page_shows_items_outside_the_band_with_reasons_escaped(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert figures(at) == {"对比项目": [("5 项", "")], "完成率超出 90–110%": [("4 项", "")],
                           "其中报告说明了原因": [("3 项", "")]}
    lines = next(m.value for m in at.markdown if m.value.startswith("- ")).split("\n")  # one list, a line an item
    assert lines[2] == "- " + plain("乙县教育局 2023年 · 学前教育：年初预算 200.00 万元，决算 230.00 万元，完成 115.0%，"
                                    "高于90–110% 区间。原因：<script>alert(1)</script>（乙县教育局2023决算.pdf 第8页）")
    assert len(pictures(at)) == 3 and not at.get("plotly_chart")
    overall, items, paired = (d.value for d in open_tables(at).dataframe)
    assert list(overall["完成率（%）"]) == [115.0, 100.0, 95.0]
    assert list(items["科目编码"]) == ["2010102", "2080505", "2050101", "2010101", "2130599"]
    assert "全年预算（万元）" not in items.columns  # no report printed it
    assert list(paired["决算数（万元）"].iloc[:2]) == [950.0, 520.0]
    assert "丙区民政局 2023年" in at.caption[1].value  # a 决算 without its execution narrative is named


def test_page_band_slider_changes_the_highlights(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.slider(key="band").set_value((50, 130)).run()
    assert not at.exception
    assert figures(at)["完成率超出 50–130%"] == [("1 项", "")]  # the unbudgeted one


def test_page_says_so_when_only_budgets_or_nothing_is_selected(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.sidebar.multiselect(key="unit").set_value(["丁镇人民政府"]).run()  # only a 预算
    assert not at.exception and at.info[0].value.startswith("所选单位和年度的报告中没有决算报告")
    at.sidebar.multiselect(key="unit").set_value([]).run()
    assert not at.exception and at.info[0].value == "未选择任何单位。请在左侧“单位”中至少选择一个单位。"


@pytest.mark.corpus
def test_page_on_the_seed_reports_shows_their_printed_figures(seeds_db, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_DB", seeds_db)
    at = open_tables(AppTest.from_file(PAGE, default_timeout=120).run())
    overall, items = at.dataframe[0].value, at.dataframe[1].value
    assert dict(zip(overall["单位"], overall["完成率（%）"])) == {"三门峡市人民政府办公室": 88.07,
                                                             "济源产城融合示范区管理委员会办公室（本级）": 102.18}
    assert list(overall["来源"]) == [SEEDS[1], SEEDS[0]]  # text exports have no pages
    top = items.iloc[0]
    assert (top["科目编码"], top["完成率（%）"], top["超出区间"]) == ("2210201", 57.05, "是")
    assert "住房公积金" in top["报告所述原因"]
    assert "预算报告和决算报告同时导入" in at.info[-1].value  # no 预算 of 2023 loaded


def test_page_drills_down_to_one_report_with_a_breadcrumb(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.sidebar.selectbox(key="exec_focus").set_value("乙县教育局 2023年").run()
    assert not at.exception
    assert at.caption[0].value == "预决算透视 › 预算执行 › 乙县教育局 2023年"
    assert at.markdown[0].value.startswith("本页显示：乙县教育局，2023 年，决算报告")
    overall, items = open_tables(at).dataframe[0].value, at.dataframe[1].value
    assert list(overall["单位"]) == ["乙县教育局"] and list(items["科目编码"]) == ["2050101"]

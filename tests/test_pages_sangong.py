"""三公经费 page: budget/actual pairing across 预算 and 决算 documents, components, changes, and the page."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cpi
from dashboard import charts
from dashboard import sangong as sg
from dashboard.filters import Selection
from dashboard.links import WHERE

from .dashboard_db import figures
from .hand_db import database, doc
from .pages import open_tables, picture_marks, pictures


def _rows(doc_id, page, total, overseas, vehicle, purchase, operation, reception, boxed=False):
    """Six sangong rows; each figure is (budget, actual) or a budget alone; boxed: each row printed at a
    box (_box), else at none."""
    values = dict(total=total, overseas=overseas, vehicle=vehicle, vehicle_purchase=purchase,
                  vehicle_operation=operation, reception=reception)
    return [(doc_id, item, *(v if isinstance(v, tuple) else (v, None)), page, None, None,
             *(_box(i) if boxed else (None,) * 4)) for i, (item, v) in enumerate(values.items())]


def _box(i):
    return (50.0, 100.0 + 20 * i, 500.0, 112.0 + 20 * i)


def _link(doc_id, page, i):
    x0, top, x1, bottom = _box(i)
    return f"/source?doc={doc_id}&page={page}&x0={x0}&top={top}&x1={x1}&bottom={bottom}"


N = (None, None)
DOCS = [
    doc("a22f", "甲市财政局", 2022, "final"),
    doc("a23f", "甲市财政局", 2023, "final"),
    doc("a23b", "甲市财政局", 2023, "budget"),
    doc("a24b", "甲市财政局", 2024, "budget"),
    doc("b23f", "乙县教育局", 2023, "final"),
    doc("c23f", "丙区民政局", 2023, "final"),  # no 三公 table read
]
FACTS = {"sangong": (
    _rows("a22f", 20, (18.0, 12.0), (3.0, 0.0), (10.0, 8.0), N, N, (5.0, 4.0))
    + _rows("a23f", 21, (20.0, 15.0), (5.0, 0.0), (10.0, 10.0), (0.0, 0.0), (10.0, 10.0), (5.0, 5.0), boxed=True)
    + _rows("a23b", 9, 22.0, 6.0, 11.0, 1.0, 10.0, 5.0)
    + _rows("a24b", 9, 24.0, 4.0, 12.0, 2.0, 10.0, 8.0)
    + _rows("b23f", 15, (6.0, 4.5), N, (4.0, 3.5), N, (4.0, 3.5), (2.0, 1.0))
)}
UNITS = ("甲市财政局", "乙县教育局", "丙区民政局")
ALL = Selection(UNITS, (2022, 2023, 2024), "final")


use_db = database(DOCS, FACTS)


def _total(df, unit):
    return df[(df["unit_name"] == unit) & (df["item"] == "total")].set_index("fiscal_year")


def test_yearly_pairs_the_final_budget_with_its_actual_and_falls_back_to_the_budget_report(use_db):
    total = _total(sg.yearly(ALL), "甲市财政局")
    assert list(total.index) == [2022, 2023, 2024]
    assert list(total["budget"]) == [18.0, 20.0, 24.0]
    assert list(total["actual"].fillna(-1)) == [12.0, 15.0, -1]
    assert list(total["completion_rate"].fillna(-1)) == [66.67, 75.0, -1]
    assert total.at[2023, "plan"] == 22.0
    assert total.at[2023, "budget_source"] == "甲市财政局2023决算.pdf 第21页"
    assert total.at[2024, "budget_source"] == "甲市财政局2024预算.pdf 第9页"


def test_yearly_keeps_the_item_order_and_respects_the_selection(use_db):
    df = sg.yearly(Selection(("乙县教育局",), (2023,), "budget"))
    assert list(df["item"]) == [i for i in sg.ITEMS if i not in ("meeting", "training")]  # the six it printed
    assert df[df["item"] == "overseas"]["budget"].isna().all()


def test_year_on_year_changes_in_wan_yuan_and_percent(use_db):
    changes = sg.year_on_year(sg.long_form(sg.yearly(ALL)))
    total = changes[(changes["unit_name"] == "甲市财政局") & (changes["item"] == "total")]
    got = {(r.measure, r.fiscal_year): (r.prev_year, r.change, r.change_pct) for r in total.itertuples()}
    assert got == {("budget", 2023): (2022, 2.0, 11.1), ("budget", 2024): (2023, 4.0, 20.0),
                   ("actual", 2023): (2022, 3.0, 25.0)}
    overseas = changes[(changes["item"] == "overseas") & (changes["measure"] == "actual")]
    assert overseas["change_pct"].isna().all()  # from 0: no percentage


def test_components_keep_an_unsplit_vehicle_figure_whole(use_db):
    parts = sg.components(sg.long_form(sg.yearly(ALL)))
    a22 = parts[(parts["unit_name"] == "甲市财政局") & (parts["fiscal_year"] == 2022) & (parts["measure"] == "actual")]
    assert dict(zip(a22["label"], a22["amount"])) == {"因公出国（境）费": 0.0, sg.UNSPLIT: 8.0, "公务接待费": 4.0}
    a23 = parts[(parts["unit_name"] == "甲市财政局") & (parts["fiscal_year"] == 2023) & (parts["measure"] == "actual")]
    assert sorted(a23["label"]) == sorted(sg.ITEMS[c] for c in sg.COMPONENTS)


def test_charts_have_one_panel_per_unit(use_db):
    long_df = sg.long_form(sg.yearly(ALL))
    spec = charts.sangong_trend(long_df, sg.MEASURES)
    assert spec["facet"]["field"] == "panel" and {v["panel"] for v in spec["data"]["values"]} == {"乙县教育局", "甲市财政局"}
    assert {v["measure_name"] for v in spec["data"]["values"]} == {"决算", "预算"}
    assert spec["resolve"]["scale"]["y"] == "shared"  # shared scales by default
    assert charts.sangong_trend(long_df, sg.MEASURES, shared=False)["resolve"]["scale"]["y"] == "independent"
    parts = sg.components(long_df)
    spec = charts.sangong_components(parts[parts["measure"] == "budget"], sg.ORDER)
    assert {v["label"] for v in spec["data"]["values"]} == {"因公出国（境）费", "公务用车购置费", "公务用车运行维护费",
                                                             "公务接待费", sg.UNSPLIT}
    stacks = {(v["panel"], v["year"]): v["stack"] for v in spec["data"]["values"] if v["first"]}  # printed over each
    assert stacks[("甲市财政局", "2023年")] == 20.0


PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "sangong.py")


def test_page_shows_lines_components_and_changes_with_sources(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert figures(at) == {"乙县教育局 2023年决算": [("4.50 万元", "完成预算 75.0%")],
                           "甲市财政局 2023年决算": [("15.00 万元", "完成预算 75.0%")]}
    assert "来源：甲市财政局2023决算.pdf 第21页" in [c.value.replace("\\", "") for c in at.caption]
    assert "丙区民政局" in at.caption[1].value  # a unit without a 三公 table is named
    assert len(pictures(at)) == 2 and not at.get("plotly_chart")
    yearly, parts, changes = (d.value for d in open_tables(at).dataframe)
    a23 = yearly[(yearly["单位"] == "甲市财政局") & (yearly["年度"] == 2023) & (yearly["项目"] == "三公经费合计")].iloc[0]
    assert (a23["预算数（万元）"], a23["决算数（万元）"], a23["完成率（%）"], a23["预算报告所列（万元）"],
            a23["来源（预算数）"]) == (20.0, 15.0, 75.0, 22.0, "甲市财政局2023决算.pdf 第21页")
    assert set(parts["口径"]) == {"预算"}
    top = changes.iloc[0]
    assert (top["单位"], top["项目"], top["口径"], top["年度"], top["比较年度"], top["变化（万元）"], top["变化（%）"]) == (
        "甲市财政局", "三公经费合计", "预算", 2024, 2023, 4.0, 20.0)


def test_page_component_bars_open_where_their_item_was_printed(use_db):
    """甲 2023's figures are printed at boxes (its 决算 prints the budget beside the actual); the other
    years' and 乙's rows at none: their bars carry no link. No table shows a position."""
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    components = picture_marks(pictures(at)[1])
    frames = open_tables(at).dataframe
    assert len(frames) == 3
    for frame in frames:
        assert not set(WHERE) & set(frame.value.columns), list(frame.value.columns)
    links = {(mark["项目"], mark["来源"]): mark["link"] for mark in components}
    items = list(sg.ITEMS)
    assert {k: v for k, v in links.items() if v} == {
        (sg.ITEMS[c], "甲市财政局2023决算.pdf 第21页"): _link("a23f", 21, items.index(c)) for c in sg.COMPONENTS}
    assert links[("公务接待费", "甲市财政局2024预算.pdf 第9页")] is None
    assert links[("公务接待费", "乙县教育局2023决算.pdf 第15页")] is None

def test_real_switch_deflates_to_the_latest_selected_year(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.sidebar.radio(key="basis").set_value("real").run()
    assert not at.exception
    assert at.caption[1].value.startswith("实际金额按") and "2024 年价格" in at.caption[1].value
    yearly = open_tables(at).dataframe[0].value
    row = yearly[(yearly["单位"] == "甲市财政局") & (yearly["年度"] == 2023) & (yearly["项目"] == "三公经费合计")].iloc[0]
    assert "预算数（万元）" not in yearly.columns  # the header names the price basis
    assert row["预算数（万元，2024 年价格）"] == pytest.approx(20.0 * cpi.factor(2023, 2024))
    assert row["完成率（%）"] == 75.0  # a ratio does not change with prices


def test_page_says_so_for_units_without_sangong(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.sidebar.multiselect(key="unit").set_value(["丙区民政局"]).run()
    assert not at.exception
    assert at.info[0].value.startswith("所选单位和年度的报告中没有“三公”经费表")


@pytest.mark.corpus
def test_page_on_the_seed_reports_shows_their_printed_figures(seeds_db, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_DB", seeds_db)
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception
    assert figures(at) == {"三门峡市人民政府办公室 2023年决算": [("7.42 万元", "完成预算 64.5%")],
                           "济源产城融合示范区管理委员会办公室（本级） 2023年决算": [("36.76 万元", "完成预算 100.0%")]}
    assert at.info[0].value.startswith("所选单位只有一个年度")

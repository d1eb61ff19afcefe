"""公开信息 page: what the reports state beyond their tables, card by card, each figure linked to its line;
机关运行经费's change, 政府采购 by kind and the SME share, cars by kind, staff; targets beside results."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import disclosures as ds
from dashboard import charts, widgets
from dashboard.filters import Selection
from dashboard.links import WHERE

from .hand_db import database, doc
from .pages import open_tables

BOX = (72.0, 300.0, 516.0, 316.0)


def _row(doc_id, topic, item, value, page, prior=None, threshold=None, source="text", boxed=True, unit="万元"):
    """A disclosures row in facts.COLUMNS order (topic … label, then the box)."""
    return (doc_id, topic, item, value, unit, prior, threshold, page, source, f"{item}原文", *(BOX if boxed else ()))


DOCS = [
    doc("a22f", "甲市财政局", 2022, "final"),
    doc("a23f", "甲市财政局", 2023, "final"),
    doc("a23b", "甲市财政局", 2023, "budget"),
    doc("b23f", "乙县教育局", 2023, "final"),  # states nothing beyond its tables
]
FACTS = {
    "disclosures": [
        _row("a22f", "operating_costs", "total", 180.0, 20),
        _row("a22f", "assets", "vehicles", 6, 21, unit="辆"),
        _row("a23f", "operating_costs", "total", 184.65, 24, prior=182.10),
        _row("a23f", "operating_costs", "total", 184.65, 12, source="table"),  # the table's: the text's wins
        _row("a23f", "procurement", "total", 100.0, 24), _row("a23f", "procurement", "goods", 60.0, 24),
        _row("a23f", "procurement", "works", 0.0, 24), _row("a23f", "procurement", "services", 40.0, 24),
        _row("a23f", "procurement", "sme", 70.0, 24),
        _row("a23f", "assets", "vehicles", 5, 25, unit="辆"), _row("a23f", "assets", "vehicles_general", 2, 25, unit="辆"),
        _row("a23f", "assets", "vehicles_law", 0, 25, unit="辆"), _row("a23f", "assets", "vehicles_other", 3, 25, unit="辆"),
        _row("a23f", "assets", "equipment_special", 1, 25, threshold=100, unit="台（套）"),
        _row("a23f", "staff", "actual", 45, 3, unit="人", boxed=False),
        _row("a23b", "operating_costs", "total", 190.0, 9),
    ],
    "performance_indicators": [
        ("a23f", "project", "信息化运维", "产出指标", "质量指标", "系统可用率", "≥99%", "99.5%", 10.0, 10.0, None, 30),
        ("a23f", "project", "信息化运维", "满意度指标", "服务对象满意度指标", "用户满意度", "≥90%", "85%", 10.0, 8.0, None, 30),
        ("a23b", "project_target", "信息化 运维", "产出指标", "质量指标", "系统可用率", "≥99%", None, 10.0, None, None, 15),
        ("a23b", "project_target", "信息化运维", "产出指标", "数量指标", "故障修复数量", "≥10次", None, 10.0, None, None, 15),
    ],
}
ALL = Selection(("甲市财政局", "乙县教育局"), (2022, 2023), "final")
use_db = database(DOCS, FACTS)
PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "disclosures.py")


def test_one_figure_per_report_and_item_the_narratives_first(use_db):
    df = ds.stated(ALL)
    costs = df[(df["topic"] == "operating_costs") & (df["fiscal_year"] == 2023)]
    assert list(costs["origin"]) == ["text"] and list(costs["source"]) == ["甲市财政局2023决算.pdf 第24页"]
    assert set(df["doc_kind"]) == {"final"}  # the sidebar's kind: the 2023 预算 stays out
    assert df[df["item"] == "equipment_special"]["item_name"].tolist() == ["单价100万元以上专用设备"]


def test_operating_costs_change_from_the_stated_figure_else_from_last_years_report(use_db):
    costs = ds.operating_costs(ds.stated(ALL)).set_index("fiscal_year")
    assert costs.at[2023, "change"] == pytest.approx(2.55) and costs.at[2023, "change_pct"] == pytest.approx(1.4)
    assert (costs.at[2023, "previous_year"], costs.at[2023, "previous_value"]) == (2022, 180.0)
    assert pd_isna(costs.at[2022, "change"])  # nothing stated, no report of 2021


def pd_isna(v) -> bool:
    import pandas as pd

    return bool(pd.isna(v))


def test_cards_answer_the_journalists_questions(use_db):
    (a23, a22) = [c for c in ds.headline(ds.stated(ALL)) if c["unit_name"] == "甲市财政局"]
    assert (a23["fiscal_year"], a23["costs"]["value"], a23["costs"]["change"]) == (2023, 184.65, 2.55)
    assert (a23["cars"]["value"], a23["car_kinds"]) == (5, "一般公务用车 2 辆、其他用车 3 辆")
    assert a23["procurement"]["share"] == 70.0  # computed: the report states no share
    assert ds.link(a23["cars"]) == "/source?doc=a23f&page=25&x0=72.0&top=300.0&x1=516.0&bottom=316.0"
    assert a23["staff"]["value"] == 45 and ds.link(a23["staff"]) == "/source?doc=a23f&page=3"
    assert a22["procurement"] is None and a22["cars"]["value"] == 6


def test_sme_share_as_stated_or_computed():
    import pandas as pd

    rows = pd.DataFrame([
        {"unit_id": "u", "unit_name": "u", "fiscal_year": 2023, "doc_kind": "final", "topic": "procurement",
         "item": item, "value": v, "source": "s", **{c: None for c in WHERE}}
        for item, v in (("total", 27.72), ("sme", 20.0), ("sme_share", 72.15))])
    assert ds.sme_shares(rows)[["share", "share_basis"]].values.tolist() == [[72.15, "报告所述"]]
    assert ds.sme_shares(rows[rows["item"] != "sme_share"])[["share", "share_basis"]].values.tolist() == [
        [72.15, "按金额计算"]]


def test_targets_beside_results_of_the_same_unit_and_year(use_db):
    paired = ds.targets_vs_results(Selection(("甲市财政局",), (2023,), "final"))
    got = paired[["project", "name", "budget_target", "final_target", "result", "score"]].values.tolist()
    got = [[None if pd_isna(v) else v for v in row] for row in got]
    assert got == [["信息化运维", "故障修复数量", "≥10次", None, None, None],  # set by the budget, not evaluated
                   ["信息化运维", "系统可用率", "≥99%", "≥99%", "99.5%", 10.0],  # the budget wrote 信息化 运维
                   ["信息化运维", "用户满意度", None, "≥90%", "85%", 8.0]]  # evaluated, not in the budget
    assert ds.targets_vs_results(Selection(("乙县教育局",), (2023,), "final")).empty  # no 预算 loaded


def test_stacked_bars_print_each_years_total(use_db):
    cars = ds.vehicles(ds.stated(ALL))
    spec = charts.stacked(cars.assign(part=cars["item_name"]), "part", "count",
                            [ds.ITEMS[("assets", k)] for k in ds.VEHICLE_KINDS], "辆", fmt=",d")
    values = spec["data"]["values"]
    assert sorted((v["part_name"], v["amount"]) for v in values) == [("一般公务用车", 2), ("其他用车", 3), ("执法执勤用车", 0)]
    assert all(v["link"].startswith("/source?doc=a23f&page=25") for v in values)
    assert spec["spec"]["layer"][1]["transform"][0]["aggregate"][0]["op"] == "sum"


def test_page_cards_link_every_figure_to_its_line(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "**甲市财政局 · 2023 年决算**" in text and "### 184.65 万元" in text and "比上年增加 2.55 万元（+1.4%）" in text
    assert "### 5 辆" in text and "中小企业占 70.0%" in text and "### 45 人" in text
    shown = text.replace("\\", "")  # file names shown literally (widgets.plain)
    assert "其中：一般公务用车 2 辆、其他用车 3 辆" in shown
    assert "[查看原文](/source?doc=a23f&page=25&x0=72.0&top=300.0&x1=516.0&bottom=316.0)" in shown
    assert "来源：甲市财政局2022决算.pdf 第20页" in shown
    assert text.count(f'class="{widgets.CARD}"') == len(ds.headline(ds.stated(ALL)))  # one element a card


def test_page_tables_show_no_positions_and_say_what_is_missing(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    frames = [d.value for d in open_tables(at).dataframe]
    assert frames and all(not set(WHERE) & set(f.columns) for f in frames)
    costs = next(f for f in frames if "机关运行经费（万元）" in f.columns)
    assert costs[costs["年度"] == 2023]["报告所述上年数"].tolist() == [182.10]
    targets = next(f for f in frames if "预算所定目标值" in f.columns)
    assert set(targets["绩效指标"]) == {"系统可用率", "用户满意度", "故障修复数量"}


def test_page_for_a_unit_that_states_nothing(use_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.sidebar.multiselect(key="unit").set_value(["乙县教育局"]).run()
    assert not at.exception
    assert at.info[0].value.startswith("所选单位和年度的报告中没有机关运行经费、政府采购、国有资产或人员的说明")


@pytest.mark.corpus
def test_page_on_the_seed_reports(seeds_db, monkeypatch):
    """The seeds state their 机关运行经费, cars and procurement: the page shows them with their lines."""
    monkeypatch.setenv("BUDGET_LENS_DB", seeds_db)
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "### 202.15 万元" in text and "比上年增加 3.53 万元" in text and "### 13 辆" in text


def test_the_trend_shows_last_years_figure_as_stated_where_its_report_is_not_loaded(use_db):
    costs = ds.operating_costs(ds.stated(Selection(("甲市财政局",), (2023,), "final")))
    points = ds.trend(costs)
    assert points[["fiscal_year", "total"]].values.tolist() == [[2022, 182.10], [2023, 184.65]]
    assert points["source"].iloc[0].endswith("（报告所述上年数）") and points["x0"].notna().all()
    assert len(ds.trend(ds.operating_costs(ds.stated(ALL)))) == 2  # 2022 is loaded: its own figure only

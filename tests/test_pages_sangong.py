"""三公经费 page: budget/actual pairing across 预算 and 决算 documents, components, changes, and the page."""
from __future__ import annotations

from dashboard import sangong as sg
from dashboard.filters import Selection

from .test_pages_execution import database, doc


def _rows(doc_id, page, total, overseas, vehicle, purchase, operation, reception):
    """Six sangong rows; each figure is (budget, actual) or a budget alone."""
    values = dict(total=total, overseas=overseas, vehicle=vehicle, vehicle_purchase=purchase,
                  vehicle_operation=operation, reception=reception)
    return [(doc_id, item, *(v if isinstance(v, tuple) else (v, None)), page) for item, v in values.items()]


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
    + _rows("a23f", 21, (20.0, 15.0), (5.0, 0.0), (10.0, 10.0), (0.0, 0.0), (10.0, 10.0), (5.0, 5.0))
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
    assert list(df["item"]) == list(sg.ITEMS)
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
    fig = sg.trend_chart(long_df)
    assert sorted(a.text for a in fig.layout.annotations) == ["乙县教育局", "甲市财政局"]
    assert sorted({t.name for t in fig.data}) == ["决算", "预算"]
    fig = sg.components_chart(sg.components(long_df), "budget")
    assert {t.name for t in fig.data} == {"因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费",
                                          sg.UNSPLIT}

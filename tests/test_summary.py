"""收入支出总表: hand-made tables in each layout, located by title and parsed to exact figures."""
from decimal import Decimal

import duckdb

from loaders.document import Block
from loaders.facts import Facts
from loaders.identity.identify import DocInfo
from loaders.parsers.lines_summary import read_summary
from loaders.parsers.summary import item_label
from loaders.locate.registry import title_kind
from loaders.database.store import opened

from .reports import parse_blocks


def _lines(doc_kind: str, *blocks: Block) -> tuple[dict, list[str]]:
    """Locate and parse blocks as one report: ({(side, item, parent): (amount, page)}, located kinds)."""
    facts, located = parse_blocks(blocks, doc_kind, DocInfo("某某局", 2024, doc_kind, "department", None, "万元"))
    rows = facts.get("summary")
    got = {(r["side"], r["item"], r["parent"]): (r["amount"], r["page"]) for r in rows}
    assert len(got) == len(rows), "one row per side, item and parent"
    return got, [t.kind for t in located]


def _load(doc_kind: str, *blocks: Block) -> tuple[dict, list[str]]:
    """The same keyed by (side, item), for tables that print each label once."""
    got, kinds = _lines(doc_kind, *blocks)
    assert len({k[:2] for k in got}) == len(got), "one row per side and item"
    return {k[:2]: v for k, v in got.items()}, kinds


_FINAL_HEADER = [["收入", "", "", "支出", "", ""],
                 ["项目", "行次", "决算数", "项目", "行次", "决算数"],
                 ["栏次", "", "1", "栏次", "", "2"]]


def test_final_side_by_side_with_line_numbers_over_two_pages():
    got, kinds = _load(
        "final",
        Block(3, text="收入支出决算总表"), Block(3, text="公开01表"), Block(3, text="单位：万元"),
        Block(3, rows=_FINAL_HEADER + [
            ["一、一般公共预算财政拨款收入", "1", "2,587.46", "一、一般公共服务支出", "32", "2,085.45"],
            ["二、政府性基金预算财政拨款收入", "2", "", "二、外交支出", "33", "0.00"],
            ["", "9", "", "九、卫生健康支出", "40", "502.01"]]),
        Block(4, text="4"),
        Block(4, rows=_FINAL_HEADER + [
            ["本年收入合计", "27", "2,587.46", "本年支出合计", "58", "2,587.46"],
            ["年初结转和结余", "29", "445.00", "年末结转和结余", "60", "445.00"],
            ["", "30", "", "", "61", ""],
            ["总计", "31", "3,032.46", "总计", "62", "3,032.46"]]),
        Block(4, text="注：本表反映部门本年度的总收支和年末结转结余情况。"),
    )
    assert kinds == ["summary"]
    assert got == {
        ("income", "一般公共预算财政拨款收入"): (Decimal("2587.46"), 3),
        ("income", "政府性基金预算财政拨款收入"): (None, 3),
        ("expense", "一般公共服务支出"): (Decimal("2085.45"), 3),
        ("expense", "外交支出"): (Decimal("0.0"), 3),
        ("expense", "卫生健康支出"): (Decimal("502.01"), 3),
        ("income", "本年收入合计"): (Decimal("2587.46"), 4),
        ("expense", "本年支出合计"): (Decimal("2587.46"), 4),
        ("income", "年初结转和结余"): (Decimal("445.0"), 4),
        ("expense", "年末结转和结余"): (Decimal("445.0"), 4),
        ("income", "总计"): (Decimal("3032.46"), 4),
        ("expense", "总计"): (Decimal("3032.46"), 4),
    }


def test_wrapped_headers_pick_the_final_column_over_the_budget_one():
    got, _ = _load(
        "final",
        Block(5, text="部门收入支出决算总表"),
        Block(5, rows=[["项目", "年初预", "决算", "项目", "年初预", "决算"],
                       ["", "算数", "数", "", "算数", "数"],
                       ["一、财政拨款收入", "100.00", "98.50", "一、教育支出", "100.00", "98.50"],
                       ["总计", "100.00", "98.50", "总计", "100.00", "98.50"]]),
    )
    assert got == {("income", "财政拨款收入"): (98.5, 5), ("expense", "教育支出"): (98.5, 5),
                   ("income", "总计"): (98.5, 5), ("expense", "总计"): (98.5, 5)}


def test_budget_in_yuan_with_this_years_column_and_a_headerless_continuation():
    got, kinds = _load(
        "budget",
        Block(10, text="2024年部门财务收支预算总表"), Block(10, text="编制部门：某某局 单位：元"),
        Block(10, rows=[["本年收入", "", "", "本年支出", "", ""],
                        ["项目", "上年预算数", "本年预算数", "项目", "上年预算数", "本年预算数"],
                        ["一、财政拨款收入", "1,000,000", "1,562,500", "一、一般公共服务支出", "900,000", "1,500,000"],
                        ["1. 一般公共预算资金", "1,000,000", "1,562,500", "二、教育支出", "100,000", "62,500"]]),
        Block(11, rows=[["二、事业收入", "", "", "", "", ""],
                        ["收入总计", "1,000,000", "1,562,500", "支出总计", "1,000,000", "1,562,500"]]),
    )
    assert kinds == ["summary"]
    assert got == {
        ("income", "财政拨款收入"): (156.25, 10),
        ("income", "一般公共预算资金"): (156.25, 10),
        ("expense", "一般公共服务支出"): (150.0, 10),
        ("expense", "教育支出"): (6.25, 10),
        ("income", "事业收入"): (None, 11),
        ("income", "收入总计"): (156.25, 11),
        ("expense", "支出总计"): (156.25, 11),
    }


def test_repeated_label_under_different_lines_stays_two_rows_with_their_parents():
    """As seed 004 prints it: '上级提前下达' under 一般公共预算 and again under 政府性基金预算拨款收入."""
    got, _ = _lines(
        "budget",
        Block(6, text="2026年部门收支总体情况表"), Block(6, text="单位：万元"),
        Block(6, rows=[["收入", "", "支出", ""], ["项目", "金额", "项目", "金额"],
                       ["一、一般公共预算", "40.00", "一、一般公共服务", "50.00"],
                       ["其中：财政拨款", "30.00", "", ""],
                       ["上级提前下达", "", "", ""],
                       ["二、政府性基金预算拨款收入", "10.00", "", ""],
                       ["上级提前下达", "10.00", "", ""],
                       ["本年收入合计", "50.00", "本年支出合计", "50.00"],
                       ["上年结转结余", "", "年终结转结余", ""],
                       ["收入总计", "50.00", "支出总计", "50.00"]]),
    )
    assert got == {
        ("income", "一般公共预算", None): (40.0, 6),
        ("income", "其中：财政拨款", "一般公共预算"): (30.0, 6),
        ("income", "上级提前下达", "一般公共预算"): (None, 6),
        ("income", "政府性基金预算拨款收入", None): (10.0, 6),
        ("income", "上级提前下达", "政府性基金预算拨款收入"): (10.0, 6),
        ("income", "本年收入合计", None): (50.0, 6),
        ("income", "上年结转结余", None): (None, 6),
        ("income", "收入总计", None): (50.0, 6),
        ("expense", "一般公共服务", None): (50.0, 6),
        ("expense", "本年支出合计", None): (50.0, 6),
        ("expense", "年终结转结余", None): (None, 6),
        ("expense", "支出总计", None): (50.0, 6),
    }


def test_numbered_outline_gives_each_line_its_parent():
    """一、 > （一） > 1.: a line stands under the nearest line of a higher level above it."""
    got, _ = _lines(
        "final",
        Block(5, text="收入支出决算总表"),
        Block(5, rows=[["项目", "决算数", "项目", "决算数"],
                       ["一、财政拨款收入", "9.00", "一、教育支出", "9.00"],
                       ["（一）一般公共预算财政拨款", "7.00", "", ""],
                       ["1. 本级财力", "4.00", "", ""],
                       ["2. 上级补助", "3.00", "", ""],
                       ["（二）政府性基金预算财政拨款", "2.00", "", ""],
                       ["二、其他收入", "", "", ""],
                       ["总计", "9.00", "总计", "9.00"]]),
    )
    assert {k: v[0] for k, v in got.items() if k[0] == "income"} == {
        ("income", "财政拨款收入", None): 9.0,
        ("income", "一般公共预算财政拨款", "财政拨款收入"): 7.0,
        ("income", "本级财力", "一般公共预算财政拨款"): 4.0,
        ("income", "上级补助", "一般公共预算财政拨款"): 3.0,
        ("income", "政府性基金预算财政拨款", "财政拨款收入"): 2.0,
        ("income", "其他收入", None): None,
        ("income", "总计", None): 9.0,
    }


def test_label_reprinted_under_the_same_line_fills_a_blank_first_one():
    got, _ = _lines(
        "final",
        Block(3, text="收入支出决算总表"),
        Block(3, rows=[["项目", "决算数", "项目", "决算数"], ["一、财政拨款收入", "", "一、教育支出", "5.00"]]),
        Block(4, rows=[["项目", "决算数", "项目", "决算数"], ["一、财政拨款收入", "5.00", "", ""],
                       ["总计", "5.00", "总计", "5.00"]]),
    )
    assert got[("income", "财政拨款收入", None)] == (5.0, 4)
    assert len(got) == 4


def test_stacked_layout_switches_side_at_the_expense_heading():
    got, _ = _load(
        "budget",
        Block(2, text="收支预算总表"),
        Block(2, rows=[["项目", "预算数"], ["收入", ""], ["一、财政拨款收入", "80.00"], ["收入合计", "80.00"],
                       ["支出", ""], ["一、教育支出", "80.00"], ["支出合计", "80.00"]]),
    )
    assert got == {("income", "财政拨款收入"): (80.0, 2), ("income", "收入合计"): (80.0, 2),
                   ("expense", "教育支出"): (80.0, 2), ("expense", "支出合计"): (80.0, 2)}


def test_appropriation_summary_and_the_next_untitled_kind_are_not_the_summary():
    got, kinds = _load(
        "final",
        Block(6, text="收入支出决算总表"),
        Block(6, rows=[["项目", "决算数", "项目", "决算数"], ["总计", "1.00", "总计", "1.00"]]),
        Block(8, text="收入决算表"), Block(8, text="单位：万元"),
        Block(8, rows=[["项目", "本年收入合计"], ["合计", "1.00"], ["201", "一般公共服务支出", "1.00"]]),
        Block(12, text="财政拨款收入支出决算总表"),
        Block(12, rows=[["项目", "决算数", "项目", "合计"], ["总计", "9.00", "总计", "9.00"]]),
    )
    assert kinds == ["summary", "grants"]
    assert got == {("income", "总计"): (1.0, 6), ("expense", "总计"): (1.0, 6)}


def test_item_label_drops_numbering_and_spaces_only():
    assert item_label("一、一般公共预算 财政拨款收入") == "一般公共预算财政拨款收入"
    assert item_label("1. 一般公共预算资金") == "一般公共预算资金"
    assert item_label("（二）政府性基金预算拨款") == "政府性基金预算拨款"
    assert item_label("其中：财政拨款") == "其中：财政拨款"
    assert item_label("12345热线") == "12345热线"


def test_budget_columns_by_year_and_total_and_notes_are_not_labels():
    got, _ = _load(
        "budget",
        Block(4, text="部门收支预算总表"),
        Block(4, rows=[["项目", "2023年预算数", "2024年预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "备注"],
                       ["一、一般公共预算", "90.00", "100.00", "一、教育支出", "120.00", "100.00", "20.00", "新增"],
                       ["二、政府性基金预算", "", "20.00", "", "", "", "", "说明"],
                       ["收入总计", "90.00", "120.00", "支出总计", "120.00", "100.00", "20.00", ""]]),
    )
    assert got == {("income", "一般公共预算"): (100.0, 4), ("income", "政府性基金预算"): (20.0, 4),
                   ("income", "收入总计"): (120.0, 4), ("expense", "教育支出"): (120.0, 4),
                   ("expense", "支出总计"): (120.0, 4)}


def test_without_header_words_the_column_with_most_figures_is_read():
    got, _ = _load(
        "final",
        Block(6, text="收入支出决算总表"),
        Block(6, rows=[["一、财政拨款收入", "", "7.00", "一、教育支出", "7.00"],
                       ["总计", "", "7.00", "总计", "7.00"]]),
    )
    assert got == {("income", "财政拨款收入"): (7.0, 6), ("expense", "教育支出"): (7.0, 6),
                   ("income", "总计"): (7.0, 6), ("expense", "总计"): (7.0, 6)}


def test_summary_titles_of_both_kinds_but_not_the_appropriation_tables():
    for title, doc_kind in (("一、收入支出决算总表（公开01表）", "final"), ("部门收支决算总表", "final"),
                            ("2024年部门财务收支预算总表", "budget"), ("2026年部门收支总体情况表", "budget"),
                            ("收入支出预算总表", "budget")):
        assert title_kind(title, doc_kind).name == "summary", title
    for title in ("财政拨款收入支出决算总表", "2024年部门财政拨款收支预算总表", "财政拨款收支总体情况表"):
        kind = title_kind(title, "budget" if "预算" in title or "总体" in title else "final")
        assert kind is None or kind.name != "summary", title


def test_header_reprinted_with_spaces_on_the_next_page_is_not_a_line():
    got, _ = _load(
        "final",
        Block(3, text="收入支出决算总表"),
        Block(3, rows=[["收入", "", "支出", ""], ["项目", "金额", "项目", "金额"],
                       ["一、财政拨款收入", "5.00", "一、教育支出", "5.00"]]),
        Block(4, rows=[["收 入", "", "支 出", ""], ["项 目", "金 额", "项 目", "金 额"],
                       ["总计", "5.00", "总计", "5.00"]]),
    )
    assert got == {("income", "财政拨款收入"): (5.0, 3), ("expense", "教育支出"): (5.0, 3),
                   ("income", "总计"): (5.0, 4), ("expense", "总计"): (5.0, 4)}


def test_text_lines_without_columns_keep_the_outline_too():
    """A column-less dump (seed 001): unnumbered lines under '一、基本支出' and a '5、' line under '二、项目支出'."""
    facts = Facts()
    lines = ["收 入 支 出", "财政拨款 100.0 一、基本支出 80.0", "工资福利支出 70.0", "二、项目支出 20.0",
             "5、资本性支出 20.0", "收入合计 100.0 支出合计 100.0"]
    assert read_summary([(line, 9) for line in lines], facts, Decimal(1)) == 0
    assert {(r["side"], r["item"], r["parent"]): r["amount"] for r in facts.get("summary")} == {
        ("income", "财政拨款", None): 100.0, ("expense", "基本支出", None): 80.0,
        ("expense", "工资福利支出", "基本支出"): 70.0, ("expense", "项目支出", None): 20.0,
        ("expense", "资本性支出", "项目支出"): 20.0, ("income", "收入合计", None): 100.0,
        ("expense", "支出合计", None): 100.0}


def test_a_database_made_before_the_parent_column_gains_it_when_opened_for_writing(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY)")  # what makes it this program's
    con.execute("CREATE TABLE summary (doc_id VARCHAR, side VARCHAR, item VARCHAR, amount DOUBLE, page INTEGER)")
    con.execute("INSERT INTO summary VALUES ('d1', 'income', '总计', 5.0, 3)")
    con.close()
    with opened(path) as con:
        assert [c[0] for c in con.execute("DESCRIBE summary").fetchall()] == [
            "doc_id", "side", "item", "amount", "page", "parent", "x0", "top", "x1", "bottom", "line"]
        assert con.execute("SELECT item, parent FROM summary").fetchall() == [("总计", None)]

"""Expenditure by functional classification: small hand-made tables, one per layout, exact values."""
from decimal import Decimal

import pytest

from loaders.document import Block
from loaders.locate.registry import title_kind

from .reports import parse_blocks

HEADER_FINAL = [["项目", "", "本年支出合计", "基本支出", "项目支出"], ["功能分类科目编码", "科目名称", "", "", ""]]


def load(*blocks, doc_kind="final"):
    """Locate the tables of blocks (a title line, then rows) and parse them as the loader does."""
    facts, _ = parse_blocks(blocks, doc_kind)
    return {(r["fund"], r["code"]): r for r in facts.rows["expenditure_function"]}


def values(row):
    return row["total"], row["basic"], row["project"]


def test_one_cell_codes_with_total_row_and_blank_cells():
    rows = load(Block(1, text="支出决算表"), Block(1, text="单位：万元"), Block(1, rows=HEADER_FINAL + [
        ["合计", "", "1,604.99", "453.20", "1,151.79"],
        ["201", "一般公共服务支出", "1,604.99", "453.20", "1,151.79"],
        ["20103", "政府办公厅（室）及相关机构事务", "1,604.99", "453.20", "1,151.79"],
        ["2010350", "事业运行", "453.20", "453.20", "-"],
        ["2010306", "政务公开审批", "1,151.79", "0.00", "1,151.79"],
    ]))
    assert values(rows["all", "total"]) == (Decimal("1604.99"), Decimal("453.2"), Decimal("1151.79"))
    assert rows["all", "total"]["level"] == 0 and rows["all", "total"]["name"] == "合计"
    assert values(rows["all", "2010350"]) == (Decimal("453.2"), Decimal("453.2"), None)
    assert values(rows["all", "2010306"]) == (Decimal("1151.79"), Decimal("0.0"), Decimal("1151.79"))
    assert [(r["code"], r["level"], r["page"]) for r in rows.values()][1:3] == [("201", 1, 1), ("20103", 2, 1)]


def test_spaced_codes_and_budget_groups_read_their_subtotals():
    header = [["科目编码 类 款 项", "单位代码", "单位（科目名称）", "合计", "基本支出", "", "", "项目支出", "", ""],
              ["", "", "", "", "小计", "人员经费", "", "公用经费", "小计", "特定目标类"]]
    rows = load(Block(3, text="2026年部门支出总体情况表"), Block(3, rows=header + [
        ["", "", "合计", "300.00", "100.00", "80.00", "", "20.00", "200.00", "200.00"],
        ["", "003", "某某单位", "300.00", "100.00", "80.00", "", "20.00", "200.00", "200.00"],
        ["201 03 01", "", "行政运行", "100.00", "100.00", "80.00", "", "20.00", "", ""],
        ["201 03", "02", "一般行政管理事务", "200.00", "", "", "", "", "200.00", "200.00"],
    ]), doc_kind="budget")
    assert sorted(rows) == [("all", "2010301"), ("all", "2010302"), ("all", "total")]
    assert values(rows["all", "total"]) == (Decimal("300.0"), Decimal("100.0"), Decimal("200.0"))
    assert values(rows["all", "2010301"]) == (Decimal("100.0"), Decimal("100.0"), None)
    assert values(rows["all", "2010302"]) == (Decimal("200.0"), None, Decimal("200.0"))


def test_split_columns_wrapped_header_and_total_merged_with_header_row():
    header = [["项目", "", "", "", "本年支出合计", "基本支出", "项目支出"],
              ["支出功能分类", "", "", "科目名称", "", "", ""],
              ["科目编码", "", "", "", "", "", ""]]
    rows = load(Block(10, text="支出决算表"), Block(10, rows=header + [
        ["类", "款", "项", "合计", "1,521.89", "1,503.52", "18.37"],
        ["201", "", "", "一般公共服务支出", "1,521.89", "1,503.52", "18.37"],
        ["201", "06", "", "财政事务", "1,521.89", "1,503.52", "18.37"],
        ["201", "06", "01", "行政运行", "1,511.89", "1,503.52", "8.37"],
        ["201", "06", "02", "一般行政管理事务", "10.00", "", "10.00"],
    ]))
    assert values(rows["all", "total"]) == (Decimal("1521.89"), Decimal("1503.52"), Decimal("18.37"))
    assert values(rows["all", "20106"]) == (Decimal("1521.89"), Decimal("1503.52"), Decimal("18.37"))
    assert values(rows["all", "2010601"]) == (Decimal("1511.89"), Decimal("1503.52"), Decimal("8.37"))
    assert rows["all", "2010602"]["name"] == "一般行政管理事务"


def test_code_and_name_in_one_cell_and_a_split_group_without_subtotal():
    header = [["科目编码及名称", "合计", "基本支出", "", "项目支出"], ["", "", "人员经费", "公用经费", ""]]
    rows = load(Block(4, text="部门支出预算表"), Block(4, rows=header + [
        ["合计：", "130.00", "80.00", "20.00", "30.00"],
        ["2010301 行政运行", "100.00", "80.00", "20.00", ""],
        ["[2010302]一般行政管理事务", "30.00", "", "", "30.00"],
    ]), doc_kind="budget")
    assert values(rows["all", "total"]) == (Decimal("130.0"), Decimal("100.0"), Decimal("30.0"))
    assert values(rows["all", "2010301"]) == (Decimal("100.0"), Decimal("100.0"), None)
    assert rows["all", "2010302"]["name"] == "一般行政管理事务"


def test_short_codes_under_their_class_in_split_columns():
    header = [["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"], ["类", "款", "项", "", "", "", ""]]
    rows = load(Block(2, text="一般公共预算财政拨款支出决算表"), Block(2, rows=header + [
        ["208", "", "", "社会保障和就业支出", "30.00", "30.00", ""],
        ["", "05", "", "行政事业单位养老支出", "30.00", "30.00", ""],
        ["", "", "01", "行政单位离退休", "10.00", "10.00", ""],
        ["", "", "05", "机关事业单位基本养老保险缴费支出", "20.00", "20.00", ""],
    ]))
    assert sorted(code for _, code in rows) == ["208", "20805", "2080501", "2080505"]
    assert values(rows["general", "2080505"]) == (Decimal("20.0"), Decimal("20.0"), None)


def test_short_codes_in_one_column_follow_the_sums():
    rows = load(Block(2, text="一般公共预算财政拨款支出决算表"), Block(2, rows=HEADER_FINAL + [
        ["208", "社会保障和就业支出", "35.00", "35.00", ""],
        ["05", "行政事业单位养老支出", "30.00", "30.00", ""],
        ["01", "行政单位离退休", "10.00", "10.00", ""],
        ["05", "机关事业单位基本养老保险缴费支出", "20.00", "20.00", ""],
        ["08", "抚恤", "5.00", "5.00", ""],
        ["01", "死亡抚恤", "5.00", "5.00", ""],
    ]))
    assert sorted(code for _, code in rows) == ["208", "20805", "2080501", "2080505", "20808", "2080801"]


def test_continuation_page_with_repeated_header_and_merged_total_cell():
    header = [["项目", "", "", "", "一般公共预算支出", "", ""],
              ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
              ["类", "款", "项", "", "", "", ""]]
    rows = load(
        Block(22, text="2024年部门一般公共预算支出功能分类预算表"), Block(22, text="编制部门：某某街道 单位：元"),
        Block(22, rows=header + [["201", "", "", "一般公共服务支出", "2,932,700", "0", "2,932,700"]]),
        Block(23, rows=header + [["201", "05", "", "统计信息事务", "257,700", "0", "257,700"]]),
        Block(24, rows=[["合计", "2,932,700", "0", "2,932,700"]]),
        doc_kind="budget")
    assert values(rows["general", "201"]) == (Decimal("293.27"), Decimal("0.0"), Decimal("293.27"))
    assert rows["general", "20105"]["page"] == 23
    assert values(rows["general", "total"]) == (Decimal("293.27"), Decimal("0.0"), Decimal("293.27"))
    assert rows["general", "total"]["page"] == 24


def test_actual_columns_win_over_the_budget_printed_beside_them():
    header = [["科目编码", "科目名称", "年初预算数", "", "", "决算数", "", ""],
              ["", "", "小计", "基本支出", "项目支出", "小计", "基本支出", "项目支出"]]
    rows = load(Block(7, text="一般公共预算财政拨款支出决算表"), Block(7, rows=header + [
        ["201", "一般公共服务支出", "90.00", "60.00", "30.00", "100.00", "65.00", "35.00"],
        ["20103", "政府办公厅（室）及相关机构事务", "90.00", "60.00", "30.00", "100.00", "65.00", "35.00"],
        ["2010301", "行政运行", "90.00", "60.00", "30.00", "100.00", "65.00", "35.00"],
    ]))
    assert values(rows["general", "201"]) == (Decimal("100.0"), Decimal("65.0"), Decimal("35.0"))
    assert values(rows["general", "2010301"]) == (Decimal("100.0"), Decimal("65.0"), Decimal("35.0"))


def test_each_level_printed_in_full_in_its_own_column():
    header = [["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"]]
    rows = load(Block(7, text="支出决算表"), Block(7, rows=header + [
        ["201", "", "", "一般公共服务支出", "100.00", "65.00", "35.00"],
        ["201", "20103", "", "政府办公厅（室）及相关机构事务", "100.00", "65.00", "35.00"],
        ["201", "20103", "2010301", "行政运行", "100.00", "65.00", "35.00"],
    ]))
    assert sorted(code for _, code in rows) == ["201", "20103", "2010301"]


def test_yuan_tables_are_stored_in_wanyuan():
    rows = load(Block(1, text="支出决算表"), Block(1, text="单位：元"), Block(1, rows=HEADER_FINAL + [
        ["2010301", "行政运行", "12,029,501.84", "11,919,501.84", "110,000.00"]]))
    total, basic, project = values(rows["all", "2010301"])
    assert (total, basic, project) == (Decimal("1202.950184"), Decimal("1191.950184"), Decimal("11.0"))


def test_gov_fund_final_reads_the_expenditure_columns_not_income_or_balances():
    header = [["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
              ["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""]]
    rows = load(Block(10, text="政府性基金预算财政拨款收入支出决算表"), Block(10, rows=header + [
        ["", "合计", "445.00", "55.70", "500.70", "0.00", "500.70", "0.00"],
        ["2120899", "其他国有土地使用权出让收入安排的支出", "445.00", "55.70", "500.70", "0.00", "500.70", "0.00"],
    ]))
    assert values(rows["gov_fund", "total"]) == (Decimal("500.7"), Decimal("0.0"), Decimal("500.7"))
    assert values(rows["gov_fund", "2120899"]) == (Decimal("500.7"), Decimal("0.0"), Decimal("500.7"))


def test_empty_table_stays_empty():
    header = [["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
              ["功能分类科目编码", "科目名称", "", "", "", "", "", ""],
              ["合计", "", "", "", "合计", "基本支出", "项目支出", ""]]
    assert load(Block(16, text="国有资本经营预算财政拨款收入支出决算表"), Block(16, rows=header)) == {}


def test_function_and_economic_columns_sum_per_function_code():
    header = [["功能分类科目编码", "功能分类科目名称", "经济分类科目编码", "经济分类科目名称", "合计", "基本支出", "项目支出"]]
    rows = load(Block(5, text="一般公共预算支出情况表"), Block(5, rows=header + [
        ["2010301", "行政运行", "30101", "基本工资", "10.00", "10.00", ""],
        ["", "", "30201", "办公费", "5.00", "5.00", ""],
        ["2010302", "一般行政管理事务", "30201", "办公费", "2.00", "", "2.00"],
        ["2010301", "行政运行", "30211", "差旅费", "1.00", "1.00", ""],
    ]), doc_kind="budget")
    assert values(rows["general", "2010301"]) == (Decimal("16.0"), Decimal("16.0"), None)
    assert values(rows["general", "2010302"]) == (Decimal("2.0"), None, Decimal("2.0"))


def test_codes_of_several_units_add_up_and_a_reprinted_parent_counts_once():
    header = [["科目编码", "单位代码", "单位（科目名称）", "合计", "基本支出", "项目支出"]]
    rows = load(
        Block(8, text="部门支出总体情况表"),
        Block(8, rows=header + [
            ["", "", "合计", "30.00", "30.00", ""],
            ["", "003001", "某某局机关", "20.00", "20.00", ""],
            ["2010301", "", "行政运行", "10.00", "10.00", ""],
            ["2210201", "", "住房公积金", "10.00", "10.00", ""]]),
        Block(9, rows=[
            ["2210201", "", "住房公积金", "10.00", "10.00", ""],
            ["", "003002", "某某中心", "10.00", "10.00", ""],
            ["2210201", "", "住房公积金", "10.00", "10.00", ""]]),
        doc_kind="budget")
    assert values(rows["all", "2210201"]) == (Decimal("20.0"), Decimal("20.0"), None)
    assert values(rows["all", "2010301"]) == (Decimal("10.0"), Decimal("10.0"), None)


def test_yuan_printed_in_a_header_cell():
    header = [["", "", "", "金额单位：元"]] + HEADER_FINAL
    rows = load(Block(1, text="支出决算表"), Block(1, rows=header + [["2010301", "行政运行", "12,000.00", "12,000.00", ""]]))
    assert values(rows["all", "2010301"]) == (Decimal("1.2"), Decimal("1.2"), None)


@pytest.mark.parametrize("title, doc_kind, kind", [
    ("三、支出决算表", "final", "final_expense"),
    ("一般公共预算财政拨款支出决算表（公开05表）", "final", "final_general"),
    ("国有资本经营预算财政拨款收入支出决算表", "final", "final_state_capital"),
    ("政府性基金预算财政拨款收入支出决算表", "final", "final_gov_fund"),
    ("2026年部门支出总体情况表", "budget", "budget_expense"),
    ("2025年部门支出预算总表", "budget", "budget_expense"),
    ("2024年部门一般公共预算支出功能分类预算表", "budget", "budget_general"),
    ("2026年一般公共预算支出情况表", "budget", "budget_general"),
    ("2024年部门政府性基金预算支出功能分类预算表", "budget", "budget_gov_fund"),
    ("国有资本经营预算支出情况表", "budget", "budget_state_capital"),
    ("一般公共预算拨款支出预算表", "budget", "budget_general"),
    ("部门预算支出总表", "budget", "budget_expense"),
])
def test_titles_name_the_fund(title, doc_kind, kind):
    assert title_kind(title, doc_kind).name == kind


@pytest.mark.parametrize("title, doc_kind", [
    ("一般公共预算财政拨款基本支出决算表", "final"),
    ("财政拨款“三公”经费支出决算表", "final"),
    ("2026年一般公共预算基本支出表", "budget"),
    ("2025年部门财务收支预算总表", "budget"),
])
def test_other_tables_are_not_function_tables(title, doc_kind):
    kind = title_kind(title, doc_kind)
    assert kind is None or not kind.name.startswith(("final_expense", "final_general", "budget_expense",
                                                      "budget_general"))

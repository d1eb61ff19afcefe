"""Tables that came as text lines only: rows, figures and what may be mapped to columns, exact values."""
from decimal import Decimal

from loaders.document import Block, Document
from loaders.extract import extract
from loaders.parsers.lines import line_tables

_HEAD = ["某某市测试局2020年部门预算", "单位：某某市测试局 单位：万元"]

_FUNCTION = [
    "2020年一般公共预算支出情况表", "预算05表", "单位：某某市测试局 单位：万元",
    "科目编码 单位代码 单位（科目名称） 总计", "基本支出 项目支出", "类 款 项 小计 工资福利支出 公用经费",
    "** ** ** ** ** 1 2 3 4 5 6",
    "合计 1,000.5 800.5 700.0 100.5 200.0 200.0",
    "201 03 01 016", "行政运行（政府办公厅（室）及相关", "机构事务）", "800.5 800.5 700.0 100.5",
    "201 03 99 016 其他政府办公厅（室）及相关机构事务支出 200.0 200.0 200.0",
]
_ECONOMIC = [
    "2020年一般公共预算基本支出情况表", "预算07表",
    "部门预算经济分类 政府预算经济分类 一般公共预算", "类 款 科目名称 类 款 科目名称 合计 财政拨款",
    "合计 800.5 800.5",
    "301 工资福利支出 700.0 700.0",
    "301 01 基本工资 501 01", "工资奖金津补", "贴", "400.0 400.0",
    "301 01 基本工资 505 01 工资福利支出 50.0 50.0",
    "301 10", "职工基本医疗", "保险缴费 501 02 社会保障缴费 250.0 250.0",
    "302 商品和服务支出 100.5 100.5",
]
_SANGONG = [
    "2020年一般公共预算“三公”经费支出情况表", "预算08表", "项 目 2020年“三公”经费预算数",
    "共计 20.5", "1、因公出国（境）费用 5.0", "2、公务接待费 3.5", "3、公务用车费 12.0",
    "其中：（1）公务用车运行维护费 10.0", "（2）公务用车购置 2.0",
    "注：按照有关规定，“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。",
]


def _doc(lines, tables=()) -> Document:
    blocks = [Block(page=None, text=t) for t in lines] + [Block(page=None, rows=r) for r in tables]
    return Document(file_name="t.txt", sha256="1" * 64, source="text", page_count=None, blocks=blocks)


def _facts(lines):
    return extract(_doc(_HEAD + lines)).facts


def test_function_rows_total_always_basic_and_project_only_when_the_sums_decide():
    facts = _facts(_FUNCTION)
    rows = {r["code"]: r for r in facts.rows["expenditure_function"] if r["fund"] == "general"}
    assert (rows["total"]["total"], rows["total"]["basic"], rows["total"]["project"]) == (1000.5, 800.5, 200.0)
    one = rows["2010301"]
    assert (one["name"], one["level"], one["total"], one["basic"], one["project"]) == \
        ("行政运行（政府办公厅（室）及相关机构事务）", 3, 800.5, 800.5, None)
    # 200.0 ×3 fits 基本支出 (one part) as well as 项目支出 in its row; the 基本支出 column's 合计 (800.5) is
    # already used up by 2010301, so the sums down the table leave 项目支出 only
    assert (rows["2010399"]["total"], rows["2010399"]["basic"], rows["2010399"]["project"]) == (200.0, None, 200.0)
    assert not any("一般公共预算支出情况表" in p for p in facts.problems)


_TWO_WAYS = [
    "2020年一般公共预算支出情况表", "科目编码 科目名称 总计 基本支出 项目支出", "类 款 项 小计 人员经费 小计 一般性项目",
    "** ** ** 1 2 3 4 5",
    "合计 100.0 50.0 50.0 50.0 50.0",
    "201 03 01 行政运行 50.0 50.0 50.0",
    "201 03 02 一般行政管理事务 50.0 50.0 50.0",
]


def test_two_readings_left_by_the_sums_store_nothing_and_say_so():
    facts = _facts(_TWO_WAYS)
    rows = {r["code"]: (r["total"], r["basic"], r["project"]) for r in facts.rows["expenditure_function"]}
    # either row may be the 基本支出 one: the column sums hold both ways
    assert rows == {"total": (100.0, 50.0, 50.0), "2010301": (50.0, None, None), "2010302": (50.0, None, None)}
    assert any("一般公共预算支出情况表" in p and "2行" in p for p in facts.problems)


def test_a_lei_row_printed_in_full_settles_its_kuan_rows():
    lines = _TWO_WAYS[:4] + ["合计 60.0 10.0 10.0 50.0 50.0", "201 一般公共服务支出 60.0 10.0 10.0 50.0 50.0",
                             "201 03 政府办公厅 10.0 10.0 10.0", "201 06 财政事务 50.0 50.0 50.0"]
    facts = _facts(lines)
    rows = {r["code"]: (r["level"], r["basic"], r["project"]) for r in facts.rows["expenditure_function"]}
    # 201 = 20103 + 20106 column by column: 基本支出 10.0 can only come from 20103
    assert rows == {"total": (0, 10.0, 50.0), "201": (1, 10.0, 50.0), "20103": (2, 10.0, None),
                    "20106": (2, None, 50.0)}
    assert not any("只有文字行" in p for p in facts.problems)


def test_economic_rows_sum_a_kuan_printed_once_per_government_class():
    facts = _facts(_ECONOMIC)
    rows = {r["code"]: r for r in facts.rows["expenditure_economic"]}
    assert sorted(rows) == ["301", "30101", "30110", "302"]
    assert (rows["30101"]["name"], rows["30101"]["amount"], rows["30101"]["level"]) == ("基本工资", 450.0, 2)
    assert (rows["30110"]["name"], rows["30110"]["amount"]) == ("职工基本医疗保险缴费", 250.0)
    assert (rows["301"]["amount"], rows["301"]["category"], rows["302"]["category"]) == (700.0, "personnel", "public")


def test_sangong_one_figure_per_labelled_line():
    facts = _facts(_SANGONG)
    got = {r["item"]: r["budget"] for r in facts.rows["sangong"]}
    assert got == {"total": 20.5, "overseas": 5.0, "reception": 3.5, "vehicle": 12.0, "vehicle_operation": 10.0,
                   "vehicle_purchase": 2.0}
    assert all(r["actual"] is None for r in facts.rows["sangong"])


def test_a_title_with_a_real_table_is_left_to_the_table_parsers():
    doc = _doc(_HEAD + _SANGONG[:3], tables=[[["项目", "预算数"], ["合计", "20.5"]]])
    assert line_tables(doc.blocks, "budget") == []


def test_prose_naming_a_table_and_table_numbers_start_nothing():
    lines = ["我单位《支出经济分类汇总表》由以前仅反映基本支出，调整为反映全部预算支出。", "301 工资福利支出 700.0 700.0"]
    assert line_tables(_doc(lines).blocks, "budget") == []
    tables = line_tables(_doc(_SANGONG[:4] + ["预算 09 表", "2、公务接待费 3.5", "某某绩效目标表", "301 工资 1.0"]).blocks,
                         "budget")
    assert [(r.label, r.figures) for r in tables[0].rows] == [("共计", [20.5]), ("2、公务接待费", [3.5])]


_SUMMARY = [
    "2020年部门收支总体情况表", "预算01表", "单位：万元", "收 入 支 出", "项目 金额 项目 合计",
    "一般公共预算收入",
    "财政拨款 1,990.5 一、基本支出 1,384.1 0.4 1,383.7",
    "工资福利支出 1,122.7 1,122.7",
    "专项收入 公用经费 164.4 0.4 164.0",
    "二、项目支出 607.5 0.7 606.8",
    "一般性项目 603.2 603.2",
    "本年合计 1,990.5",
    "部门结转 1.1",
    "收入合计 1,991.6 支出合计 1,991.6 1.1 1,990.5",
]


def _summary(lines):
    facts = _facts(lines)
    return {(r["side"], r["item"]): r["amount"] for r in facts.rows["summary"]}, facts.problems


def test_summary_sides_by_place_label_and_the_totals_that_add_up():
    got, problems = _summary(_SUMMARY)
    # 本年合计 and 部门结转 carry no side word: only income makes 本年合计 = 财政拨款 and 收入合计 = 本年合计 + 部门结转;
    # 一般性项目 on the income side would break them, on the (numbered) expense side it is a sub-line
    assert got == {("income", "财政拨款"): Decimal("1990.5"), ("expense", "基本支出"): Decimal("1384.1"), ("expense", "工资福利支出"): Decimal("1122.7"),
                   ("expense", "项目支出"): Decimal("607.5"), ("expense", "一般性项目"): Decimal("603.2"), ("income", "本年合计"): Decimal("1990.5"),
                   ("income", "部门结转"): Decimal("1.1"), ("income", "收入合计"): Decimal("1991.6"), ("expense", "支出合计"): Decimal("1991.6")}
    # '专项收入 公用经费 164.4': which words go with the figures is unknown
    assert any("部门收支总体情况表" in p and "1行" in p for p in problems)
    assert not any("收入支出总表" in p for p in problems)


def test_summary_line_that_adds_up_on_either_side_is_left_out():
    got, problems = _summary(["2020年部门收支总体情况表", "收 入 支 出", "财政拨款 100.0 基本支出 100.0 100.0",
                              "上年结转 5.0", "结转下年 5.0", "收入合计 105.0 支出合计 105.0 105.0"])
    assert got == {("income", "财政拨款"): 100.0, ("expense", "基本支出"): 100.0, ("income", "收入合计"): 105.0,
                   ("expense", "支出合计"): 105.0}
    assert any("部门收支总体情况表" in p and "2行" in p for p in problems)


def test_line_tables_printed_in_yuan_are_stored_in_wanyuan():
    facts = _facts(_SANGONG[:3] + ["单位：元", "共计 205,000.00", "1、因公出国（境）费用 50000.00"])
    got = {r["item"]: r["budget"] for r in facts.rows["sangong"]}
    assert (got["total"], got["overseas"]) == (20.5, 5.0)


def test_a_code_of_the_next_column_group_takes_the_figures_after_it():
    lines = ["一般公共预算财政拨款基本支出决算明细表", "科目编码 科目名称 决算数 科目编码 科目名称 决算数",
             "301 工资福利支出 120.00 302 商品和服务支出 19.88", "30101 基本工资 120.00 30201 办公费 19.88",
             "30109 职业年金缴费 30207 邮电费 19.88"]
    rows = {r.code: r.figures for r in line_tables(_doc(lines).blocks, "final")[0].rows}
    assert rows == {"301": [Decimal("120.00")], "30101": [Decimal("120.00")], "30109": []}


_GOV_FUND = ["政府性基金预算财政拨款收入支出决算表", "单位：万元",
             "项目 年初结转和结余 本年收入 本年支出 年末结转和结余", "功能分类科目编码 科目名称 小计 基本支出 项目支出",
             "栏次 1 2 3 4 5 6", "合计 445.00 55.70 500.70 0.00 500.70 0.00",
             "212 城乡社区支出 445.00 55.70 500.70 0.00 500.70 0.00"]


def test_function_totals_only_where_the_header_or_the_sums_say_the_first_column_is_the_total():
    # a 决算 收入支出表 starts with 年初结转和结余: its first figure is no total, nothing is stored
    facts = extract(_doc(["某某局2023年度部门决算"] + _GOV_FUND)).facts
    assert facts.rows["expenditure_function"] == []
    assert any("政府性基金预算财政拨款收入支出决算表" in p and "2行" in p for p in facts.problems)
    # 本年支出合计 first, the other columns blank on every row: totals, no split
    lines = ["某某局2023年度部门决算", "支出决算表", "项目 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出",
             "科目代码 科目名称", "栏次 1 2 3 4 5", "合计 30.00 20.00 10.00", "201 一般公共服务支出 30.00 20.00 10.00",
             "003 某某单位 30.00 20.00 10.00"]
    rows = [(r["fund"], r["code"], r["total"], r["basic"]) for r in extract(_doc(lines)).facts.rows["expenditure_function"]]
    # '003' is a unit code (classification codes never start with 0): no row of its own
    assert rows == [("all", "total", 30.0, None), ("all", "201", 30.0, None)]

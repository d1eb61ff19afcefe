"""The 中央 template: a 财政拨款 table of all appropriations read as printed (fund 'appropriation') and, with
no 一般公共预算 table beside it, its 一般公共预算 rows told by the national classification; 合计 first or
last; 项目支出 split into 小计 and 其中：基本建设资金支出; region 中央 for a central department's unit."""
import pytest

from loaders.document import Block, Document
from loaders.identity.identify import DocInfo, identify
from loaders.locate.registry import DERIVED
from loaders.identity.units import unit_id_of

from .reports import parse_blocks

BUDGET = DocInfo("某某大学", 2023, "budget", "department", "中央", "万元")
_HEADER = [["项目", "", "本年支出", "", "", ""],
           ["科目编码", "科目名称", "合计", "基本支出", "项目支出", ""],
           ["", "", "", "", "小计", "其中：基本建设资金支出"]]
_ROWS = [["205", "教育支出", "300.00", "200.00", "100.00", "40.00"],
         ["20502", "普通教育", "300.00", "200.00", "100.00", "40.00"],
         ["2050205", "高等教育", "300.00", "200.00", "100.00", "40.00"],
         ["229", "其他支出", "10.50", "", "10.50", ""],
         ["22960", "彩票公益金安排的支出", "10.50", "", "10.50", ""],
         ["2296004", "用于教育事业的彩票公益金支出", "10.50", "", "10.50", ""]]
_TOTAL = ["合计", "", "310.50", "200.00", "110.50", "40.00"]


def _function(*blocks) -> dict:
    facts, _ = parse_blocks(list(blocks), "budget", BUDGET)
    for derive in DERIVED:
        derive(facts, BUDGET)
    return {(r["fund"], r["code"]): (r["total"], r["basic"], r["project"]) for r in facts.get("expenditure_function")}


@pytest.mark.parametrize("total_first", [True, False])
def test_appropriation_table_as_printed_and_its_general_rows(total_first):
    rows = [_TOTAL] + _ROWS if total_first else _ROWS + [_TOTAL]
    got = _function(Block(10, text="某某大学财政拨款支出预算表"), Block(10, rows=_HEADER + rows))
    assert got[("appropriation", "total")] == (310.5, 200.0, 110.5)  # 项目支出 is its 小计, not 基本建设
    assert got[("appropriation", "2296004")] == (10.5, None, 10.5)
    assert got[("general", "total")] == (300.0, 200.0, 100.0)  # 合计 less the 彩票公益金 rows
    assert got[("general", "2050205")] == (300.0, 200.0, 100.0)
    assert not [k for k in got if k[0] == "general" and k[1].startswith("229")]  # 229 holds 政府性基金 only


def test_a_class_of_both_funds_keeps_its_general_part():
    rows = [["212", "城乡社区支出", "50.00", "", "50.00"], ["21201", "城乡社区管理事务", "20.00", "", "20.00"],
            ["21208", "国有土地使用权出让收入安排的支出", "30.00", "", "30.00"]]
    got = _function(Block(4, text="财政拨款支出表"),
                    Block(4, rows=[["科目编码", "科目名称", "合计", "基本支出", "项目支出"], *rows]))
    assert got[("general", "212")] == (20.0, None, 20.0)
    assert ("general", "21208") not in got and got[("appropriation", "21208")] == (30.0, None, 30.0)


def test_a_printed_general_table_is_never_replaced():
    function = [["科目编码", "科目名称", "合计"], ["205", "教育支出", "1.00"], ["229", "其他支出", "2.00"]]
    got = _function(Block(4, text="财政拨款支出表"), Block(4, rows=[list(r) for r in function]),
                    Block(5, text="一般公共预算支出表"), Block(5, rows=[["科目编码", "科目名称", "合计"], ["205", "教育支出", "1.00"]]))
    assert got[("general", "205")] == (1.0, None, None) and ("general", "229") not in got


@pytest.mark.parametrize("unit, text, region", [
    ("某某大学", "某某大学（英文名）是教育部直属，教育部、某省共建的重点综合大学。学校主体位于重庆市北碚区。", "中央"),
    ("某某研究所", "一、财政拨款收入：指中央财政当年拨付的资金。", "中央"),
    ("国家统计局某某调查总队", "", "中央"),
    ("重庆市某某大学", "是教育部直属的高校。", "重庆市"),  # a place of its own is never 中央
    ("北京大学", "北京大学是教育部直属的全国重点大学。", "中央"),  # a place's short form: a university named after its city
    ("浙江工业大学", "学校是省属重点大学，按照中央部门预算公开要求公开。", "浙江省"),
    ("国家税务总局苏州市税务局", "", "中央"), ("中华人民共和国上海海关", "", "中央"),
    ("人力资源社会保障部信息中心", "", "中央"), ("长江水利委员会水文局", "", "中央"),
    ("某某大学", "学校主体位于重庆市北碚区，与合作企业开展项目合作。", None),  # never a place from a sentence
])
def test_region_of_a_central_unit(unit, text, region):
    lines = [f"{unit}2023年度部门预算", *text.split("\n")]
    info = identify(Document("r.pdf", "0" * 64, "pdf", 3, [Block(1, text=t) for t in lines]))
    assert (info.unit_name, info.region) == (unit, region)


def test_region_is_the_units_own_place_from_titles_and_fields_only():
    blocks = [Block(1, text="省委办公厅"), Block(1, text="2024年部门预算"),
              Block(2, text="本部门联系多个单位，与甘南合作市开展对口协作，"), Block(2, text="部门：中共江苏省委办公厅")]
    info = identify(Document("r.pdf", "0" * 64, "pdf", 3, blocks))
    assert (info.unit_name, info.region, info.unit_id) == ("中共江苏省委办公厅", "江苏省", "中共江苏省委办公厅")


def test_a_unit_named_by_its_level_is_placed_in_its_region_for_its_id():
    assert unit_id_of("省委办公厅", {}, "江苏省") == unit_id_of("中国共产党江苏省委员会办公厅", {}) == "中共江苏省委办公厅"
    assert unit_id_of("市场监督管理局", {}, "南京市") == "市场监督管理局"  # 市场 is no 市


def test_attachment_prefix_and_a_cover_over_two_lines_give_the_whole_name():
    blocks = [Block(1, text="江苏省某某厅 2018 年度"), Block(1, text="部门预算公开"),
              Block(9, text="附件：江苏省某某厅 2018 年度部门预算公开表")]
    info = identify(Document("r.pdf", "0" * 64, "pdf", 9, blocks))
    assert (info.unit_name, info.fiscal_year, info.region) == ("江苏省某某厅", 2018, "江苏省")


def test_a_tables_only_file_whose_titles_name_no_budget_takes_the_kind_from_its_file_name():
    blocks = [Block(1, text="收支总表"), Block(1, text="部门：某某县某某局 单位：万元"),
              Block(1, rows=[["收入", "", "支出", ""], ["项目", "金额", "项目", "金额"],
                             ["一、财政拨款", "3.00", "一、一般公共服务支出", "3.00"]])]
    info = identify(Document("某某县某某局2024年部门预算公开表.pdf", "0" * 64, "pdf", 1, blocks))
    assert (info.unit_name, info.fiscal_year, info.doc_kind) == ("某某县某某局", 2024, "budget")
    assert info.sources["doc_kind"] == "文件名"

"""预算 项目支出表: hand-made tables located by title and parsed to exact figures."""
from decimal import Decimal

from loaders.document import Block
from loaders.identity.identify import DocInfo
from loaders.locate.registry import title_kind

from .reports import parse_blocks


def _projects(*blocks: Block) -> list[tuple]:
    facts, _ = parse_blocks(blocks, "budget", DocInfo("某某局", 2026, "budget", "department", None, "万元"))
    return [(r["unit_code"], r["project"], r["project_type"], r["total"], r["page"])
            for r in facts.get("budget_projects")]


_HEADER = [["部门(单位)代码", "部门(项目)名称", "项目类型", "合计", "本年拨款", "", "上年结转结余"],
           ["", "", "", "", "一般公共预算", "政府性基金预算", "一般公共预算"]]


def test_typed_projects_skip_unit_rows_and_continue_over_a_repeated_header():
    got = _projects(
        Block(13, text="2026年项目支出表"), Block(13, text="部门名称：某某局 单位：万元"),
        Block(13, rows=_HEADER + [
            ["", "合计", "", "2,583.30", "1,375.30", "1,148.00", "60.00"],
            ["003", "某某局", "", "2,583.30", "1,375.30", "1,148.00", "60.00"],
            ["003001", "某某局本级", "", "1,255.30", "1,195.30", "", "60.00"],
            ["003001", "政务服务管理经费-政府机关工作经费", "其他运转类", "200.00", "200.00", "", ""],
            ["003001", "电子政务专项-数智济源发展专项", "特定目标类", "1,000.00", "", "1,000.00", ""]]),
        Block(14, text="2026年项目支出表"),
        Block(14, rows=_HEADER + [
            ["003001", "专项资金(结转)", "特定目标类", "55.30", "", "", "55.30"],
            ["003006", "某某中心", "", "1,328.00", "180.00", "1,148.00", ""],
            ["003006", "电子政务专项-12345 热线运行经费", "特定目标类", "144.50", "144.50", "", ""]]),
    )
    assert got == [
        ("003001", "政务服务管理经费-政府机关工作经费", "其他运转类", Decimal("200.0"), 13),
        ("003001", "电子政务专项-数智济源发展专项", "特定目标类", Decimal("1000.0"), 13),
        ("003001", "专项资金(结转)", "特定目标类", Decimal("55.3"), 14),
        ("003006", "电子政务专项-12345热线运行经费", "特定目标类", Decimal("144.5"), 14),
    ]


def test_untyped_table_in_yuan_tells_unit_rows_by_their_codes():
    got = _projects(
        Block(20, text="部门项目支出预算表"), Block(20, text="单位：元"),
        Block(20, rows=[["单位代码", "单位名称", "项目名称", "预算数"],
                        ["总计", "", "", "3,500,000.00"],
                        ["101", "某某局", "", "3,500,000.00"],
                        ["101001", "某某局本级", "", "3,500,000.00"],
                        ["101001", "某某局本级", "信息化运维", "1,500,000.00"],
                        ["101001", "某某局本级", "课题研究", "2,000,000.00"]]),
    )
    assert got == [("101001", "信息化运维", None, 150.0, 20), ("101001", "课题研究", None, 200.0, 20)]


def test_project_tables_are_a_budget_kind_only():
    assert title_kind("十一、项目支出表", "budget").name == "budget_projects"
    assert title_kind("2024年部门项目支出预算表", "budget").name == "budget_projects"
    assert title_kind("项目支出表", "final") is None
    assert title_kind("2026年部门预算项目绩效目标汇总表", "budget").name == "performance_target_summary"  # not 项目支出表

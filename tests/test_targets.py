"""Budget-side performance targets (loaders/parsers/targets.py): the forms read by their rows' shape,
the summary by its column pairs; a 决算's self-evaluation can then be set beside them."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from loaders.document import Block
from loaders.identity.identify import DocInfo
from loaders.parsers.targets import Levels, indicator
from tests.reports import parse_blocks

INFO = DocInfo("测试局", 2024, "budget", "department", None, "万元")


def _form(title: str, rows: list[list[str]]) -> list[Block]:
    return [Block(1, text=title), Block(1, rows=rows)]


def test_project_forms_ragged_over_pages():
    rows = [["项目名称", "", "信息化运维", "", "", "", ""],
            ["项目资金（万元）", "", "年度资金总额：", "", "120.50", "", "执行率分值（10）"],
            ["年度总体目标", "保障系统稳定运行。", "", "", "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "", "指标值", "分值（90）"],
            ["", "产出指标", "数量指标", "运维系统数量", "", "5个", "20"],
            ["", "", "", "故障修复数量", "", "≥10次", "20"],
            ["", "", "质量指标", "系统可用率", "≥99%", "20"],  # a continuation page: cells shifted left
            ["满意度指标", "服务对象满意度指标", "用户满意度", "≥90%", "30"],
            ["项目名称", "课题研究", "", "", "", "", ""],
            ["项目资金（万元）", "年度资金总额：", "80", "", "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "分值"],
            ["", "效益指标", "社会效益指标", "研究成果采纳数", "2项", "90"]]
    facts, _ = parse_blocks(_form("项目支出绩效目标表", rows), "budget", INFO)
    projects = {r["project"]: r for r in facts.get("performance_projects", evaluation="project_target")}
    assert {k: v["budget_initial"] for k, v in projects.items()} == {"信息化运维": 120.5, "课题研究": 80.0}
    got = [(r["project"], r["level1"], r["level2"], r["name"], r["target"], r["weight"])
           for r in facts.get("performance_indicators", evaluation="project_target")]
    assert got == [("信息化运维", "产出指标", "数量指标", "运维系统数量", "5个", 20.0),
                   ("信息化运维", "产出指标", "数量指标", "故障修复数量", "≥10次", 20.0),
                   ("信息化运维", "产出指标", "质量指标", "系统可用率", "≥99%", 20.0),
                   ("信息化运维", "满意度指标", "服务对象满意度指标", "用户满意度", "≥90%", 30.0),
                   ("课题研究", "效益指标", "社会效益指标", "研究成果采纳数", "2项", 90.0)]


def test_department_form_with_explanations():
    rows = [["部门名称：测试局", "", "", "", ""], ["年度履职目标", "完成年度工作任务。", "", "", ""],
            ["预算情况", "部门预算总额（万元）", "", "5,667.90", ""],
            ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"],
            ["", "工作目标管理", "年度履职目标相关性", "相关", "年度履职目标是否符合国家战略部署和发展规划，与行业政策一致。"],
            ["投入管理指标", "预算和财务管理", "预算执行率", "≥95%", "预算执行率=(预算完成数/预算数)×100%。"],
            ["", "专项资金细化率", "≥95%", "专项资金细化率=已细化资金/资金总数×100%", "。"],  # shifted
            ["效益指标", "满意度", "群众满意度", "≥95%", "反映服务对象的满意程度。"]]
    facts, _ = parse_blocks(_form("部门（单位）整体绩效目标表", rows), "budget", INFO)
    (dept,) = facts.get("performance_projects", evaluation="department_target")
    assert (dept["project"], dept["budget_initial"]) == ("测试局", Decimal("5667.9"))
    got = [(r["level1"], r["level2"], r["name"], r["target"])
           for r in facts.get("performance_indicators", evaluation="department_target")]
    assert got == [(None, "工作目标管理", "年度履职目标相关性", "相关"),
                   ("投入管理指标", "预算和财务管理", "预算执行率", "≥95%"),
                   ("投入管理指标", "预算和财务管理", "专项资金细化率", "≥95%"),
                   ("效益指标", "满意度", "群众满意度", "≥95%")]


def test_summary_of_every_projects_targets():
    rows = [["单位编码 (项目编码)", "项目单位 (项目名称)", "项目金额 (万元)", "", "绩效目标", "", "", ""],
            ["", "", "资金总额", "政府预算资金", "产出指标", "", "满意度指标", ""],
            ["", "", "", "", "三级指标", "指标值", "三级指标", "指标值"],
            ["101001", "某某局本级", "125.00", "125.00", "", "", "", ""],  # a unit's row: no indicators, no project
            ["419001260000000034409", "信息化运维", "100.00", "100.00", "运维系统数量", "5个", "用户满意度", "≥90%"],
            ["", "", "", "", "系统可用率", "≥99%", "", ""],
            ["", "", "", "", "", "0次", "通过统一标准化管理降低管理成本。", "明显降低"],  # shifted: left out
            ["419001260000000046003", "课题 研究", "25.00", "25.00", "研究报告数量", "2篇", "", ""]]
    facts, _ = parse_blocks(_form("2024年部门预算项目绩效目标汇总表", rows), "budget", INFO)
    assert {r["project"]: r["budget_initial"] for r in facts.get("performance_projects")} == {
        "信息化运维": 100.0, "课题研究": 25.0}
    got = [(r["project"], r["level1"], r["name"], r["target"]) for r in facts.get("performance_indicators")]
    assert got == [("信息化运维", "产出指标", "运维系统数量", "5个"), ("信息化运维", "满意度指标", "用户满意度", "≥90%"),
                   ("信息化运维", "产出指标", "系统可用率", "≥99%"), ("课题研究", "产出指标", "研究报告数量", "2篇")]


@pytest.mark.parametrize("cells, weighted, noted, want", [
    (["产出指标", "数量指标", "运维系统数量", "5个", "20"], True, False, ("运维系统数量", "5个", 20.0)),
    (["三级指标", "指标值", "分值"], True, False, None),  # a header repeated on a continuation page
    (["产出指标", "5"], True, False, None),  # a label row
    (["履职效益", "履职对社会效益贡献率", "明显增长", "反映部门履职对经济社会发展等所带来的直接或间接影响。"], False, True,
     ("履职对社会效益贡献率", "明显增长", None)),
])
def test_indicator_rows_by_shape(cells, weighted, noted, want):
    got = indicator(cells, weighted, noted, Levels())
    assert (got and (got["name"], got["target"], got["weight"])) == want or (got is None and want is None)


@pytest.mark.corpus
def test_the_central_templates_project_targets(corpus):
    """西南大学 2023 预算: 24 项目绩效目标表, each with 90 points over its indicators (分值（90）)."""
    from loaders.run.ingest import extract_bytes

    ex = extract_bytes((corpus / "central" / "西南大学2023年度部门预算.pdf").read_bytes(), "西南大学2023年度部门预算.pdf")
    projects = ex.facts.get("performance_projects", evaluation="project_target")
    assert len(projects) == 24 and all(p["budget_initial"] for p in projects)
    weights = defaultdict(Decimal)
    for r in ex.facts.get("performance_indicators", evaluation="project_target"):
        weights[r["project"]] += r["weight"] or 0
    assert len(weights) == 24 and sum(1 for w in weights.values() if abs(w - 90) < 0.01) >= 22, weights

"""Each consistency check with a passing and a failing case (typed facts built by hand)."""
import pytest

import loaders.parsers  # noqa: F401  (registers the table kinds)
from loaders.checks import run_checks
from loaders.facts import Facts
from loaders.identify import DocInfo

INFO = DocInfo("测试局", 2023, "final", "department", None, "万元")


def findings(facts, check_id, text=""):
    return [f for f in run_checks(facts, INFO, text) if f["check_id"] == check_id]


def summary(income_total=100.0, expense_total=100.0, lines=(60.0, 40.0), year_sum=100.0):
    f = Facts()
    for i, v in enumerate(lines):
        f.add("summary", side="income", item=f"收入{i}", amount=v, page=1)
    f.add("summary", side="income", item="本年收入合计", amount=year_sum, page=1)
    f.add("summary", side="income", item="总计", amount=income_total, page=1)
    f.add("summary", side="expense", item="本年支出合计", amount=expense_total, page=1)
    f.add("summary", side="expense", item="总计", amount=expense_total, page=2)
    return f


def test_summary_balance_and_line_sums():
    assert findings(summary(), "summary_balance") == []
    (bad,) = findings(summary(expense_total=120.0), "summary_balance")
    assert bad["severity"] == "error" and bad["expected"] == 100.0 and bad["actual"] == 120.0
    assert "第1、2页" in bad["message"]
    assert findings(summary(), "summary_lines_sum") == []
    (tail,) = findings(summary(year_sum=100.01), "summary_lines_sum")
    assert tail["severity"] == "info" and "四舍五入尾差" in tail["message"]
    (off,) = findings(summary(year_sum=110.0), "summary_lines_sum")
    assert off["severity"] == "error"


def function_facts(kuan_total=30.0, basic=10.0, project=20.0):
    f = Facts()
    f.add("expenditure_function", fund="all", code="total", name="合计", level=0, total=30.0, basic=10.0,
          project=20.0, page=3)
    f.add("expenditure_function", fund="all", code="201", name="一般公共服务支出", level=1, total=30.0,
          basic=10.0, project=20.0, page=3)
    f.add("expenditure_function", fund="all", code="20103", name="政府办公厅（室）及相关机构事务", level=2,
          total=kuan_total, basic=basic, project=project, page=3)
    return f


def test_function_hierarchy_and_basic_plus_project():
    assert findings(function_facts(), "function_hierarchy") == []
    bad = findings(function_facts(kuan_total=25.0, basic=5.0, project=20.0), "function_hierarchy")
    assert {f["severity"] for f in bad} == {"error"}
    assert any("一般公共服务支出（201）" in f["message"] for f in bad)
    assert findings(function_facts(), "function_basic_project") == []
    (bp,) = findings(function_facts(kuan_total=30.0, basic=10.0, project=19.0), "function_basic_project")
    assert bp["expected"] == 30.0 and bp["actual"] == 29.0


def test_unreadable_number_is_reported_not_zeroed():
    f = function_facts()
    f.rows["expenditure_function"][0]["total"] = None
    (w,) = [x for x in findings(f, "function_hierarchy") if x["severity"] == "warning"]
    assert "无法核对" in w["message"]


def sangong(total=10.0, overseas=2.0, vehicle=5.0, purchase=0.0, operation=5.0, reception=3.0):
    f = Facts()
    for item, v in (("total", total), ("overseas", overseas), ("vehicle", vehicle), ("vehicle_purchase", purchase),
                    ("vehicle_operation", operation), ("reception", reception)):
        f.add("sangong", item=item, budget=v, actual=v, page=9)
    return f


def test_sangong_parts():
    assert findings(sangong(), "sangong_parts") == []
    bad = findings(sangong(total=12.0), "sangong_parts")
    assert len(bad) == 2 and all(b["severity"] == "error" for b in bad)


@pytest.mark.parametrize("amount,expected", [(2.0, 0), (4.0, 1)])
def test_economic_part_larger_than_sangong_whole(amount, expected):
    f = sangong()
    f.add("expenditure_economic", code="30217", name="公务接待费", level=2, amount=amount, category="public", page=8)
    assert len(findings(f, "sangong_vs_economic")) == expected


def test_basic_vs_economic_totals():
    f = function_facts()
    f.rows["expenditure_function"][0]["fund"] = "general"
    f.add("expenditure_economic", code="personnel_total", name="人员经费合计", level=0, amount=7.0, page=8)
    f.add("expenditure_economic", code="public_total", name="公用经费合计", level=0, amount=3.0, page=8)
    assert findings(f, "basic_vs_economic") == []
    f.rows["expenditure_economic"][1]["amount"] = 4.0
    (bad,) = findings(f, "basic_vs_economic")
    assert bad["expected"] == 10.0 and bad["actual"] == 11.0


def test_execution_rate():
    f = Facts()
    f.add("budget_execution", code="total", item="一般公共预算财政拨款支出", budget=200.0, actual=150.0,
          completion_rate=75.0, page=12)
    assert findings(f, "execution_rate") == []
    f.rows["budget_execution"][0]["completion_rate"] = 80.0
    (bad,) = findings(f, "execution_rate")
    assert bad["severity"] == "error" and bad["expected"] == 75.0


def test_completeness_lists_missing_sections_and_scores():
    f = Facts()
    found = findings(f, "completeness", text="机关运行经费 政府采购 国有资产 绩效 三公")
    assert found and all("必备表格" in x["message"] for x in found)
    (score,) = findings(f, "completeness_score", text="")
    assert score["actual"] < 100

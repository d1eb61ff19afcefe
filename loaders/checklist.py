"""What each consistency check verifies, where the 数据核对 page lists it and what it reads: the checks'
specs as a table the read side imports without the checks' code (loaders.checks imports parsers' helpers
and the prose readers; a page only reading findings must not pay for them).

A check module registers its run function against its row here (checks.base.check); a row without a
function, or a function without a row, fails tests/test_check_specs.py.
"""
from __future__ import annotations

from dataclasses import dataclass

# The groups the 数据核对 page lists findings under, in its order.
TABLE_SUMS = "表内合计"
ACROSS_TABLES = "表间勾稽"
NARRATIVE = "情况说明与数字"
OTHER_REPORTS = "与其他报告"
DISCLOSURES = "公开信息（机关运行经费、采购、车辆）"
FORM = "年份、占位符与目录"
COMPLETENESS = "公开完整性"
PERFORMANCE = "绩效自评"
GROUPS = (TABLE_SUMS, ACROSS_TABLES, NARRATIVE, OTHER_REPORTS, DISCLOSURES, FORM, COMPLETENESS, PERFORMANCE)

# What a check reads: one report (its file, or both files of a report published as two) when it is loaded,
# or the loaded reports of a unit together (last year's report, the 预算 of a 决算), after each load.
SCOPES = {"report": "一份报告", "reports": "同一单位的多份报告"}


@dataclass(frozen=True)
class Spec:
    id: str
    title: str  # what the check verifies, in Chinese
    group: str  # one of GROUPS
    scope: str = "report"  # a key of SCOPES
    by: str | None = None  # the check that writes this id besides its own (the completeness score)


SPECS: dict[str, Spec] = {s.id: s for s in (
    Spec("summary_balance", "收入总计等于支出总计", TABLE_SUMS),
    Spec("summary_lines_sum", "本年收入/支出合计（无本年合计行时为总计）等于各行之和", TABLE_SUMS),
    Spec("summary_total_sum", "收入/支出总计等于本年合计加结转结余等各行", TABLE_SUMS),
    Spec("function_hierarchy", "功能分类：类=Σ款，款=Σ项，合计=Σ类", TABLE_SUMS),
    Spec("function_basic_project", "功能分类：合计=基本支出+项目支出", TABLE_SUMS),
    Spec("economic_totals", "经济分类：人员经费/公用经费合计等于各类之和", TABLE_SUMS),
    Spec("sangong_parts", "三公经费：合计=出国+公务用车+接待，公务用车=购置+运行维护", TABLE_SUMS),
    Spec("grants_fund_columns", "财政拨款收支总表：合计等于一般公共预算+政府性基金+国有资本经营（逐行）", TABLE_SUMS),
    Spec("repeated_code", "同一张表中同一科目编码只出现一次（重复且数字不同时已相加）", TABLE_SUMS),
    Spec("function_vs_summary", "支出表合计等于收入支出总表本年支出合计", ACROSS_TABLES),
    Spec("summary_vs_function", "收入支出总表各类支出等于支出表各类合计", ACROSS_TABLES),
    Spec("basic_vs_economic", "一般公共预算基本支出等于人员经费+公用经费", ACROSS_TABLES),
    Spec("sangong_vs_economic", "经济分类中的三公科目不超过三公经费", ACROSS_TABLES),
    Spec("grants_vs_function", "财政拨款收支总表各资金的支出（合计及各类）等于该资金的功能分类支出表", ACROSS_TABLES),
    Spec("execution_rate", "完成率等于决算数/年初预算数", ACROSS_TABLES),
    Spec("execution_vs_function", "情况说明中的支出决算数等于一般公共预算支出表", ACROSS_TABLES),
    Spec("narrative_vs_table", "情况说明中的金额与表格一致", NARRATIVE),
    Spec("narrative_classes", "情况说明中各类、款、项支出金额与支出表一致", NARRATIVE),
    Spec("narrative_shares", "情况说明中的占比等于金额之比", NARRATIVE),
    Spec("narrative_lists", "情况说明中分项之和不超过所述合计（完整列出时等于合计）", NARRATIVE),
    Spec("narrative_completion", "情况说明中的完成率等于决算数/预算数", NARRATIVE),
    Spec("direction_words", "情况说明中的比较用语（大于、小于、持平、增加、减少等）与所述金额一致", NARRATIVE),
    Spec("year_over_year", "情况说明中与上年相比的增减额、增减幅度与所述金额一致", NARRATIVE),
    Spec("year_over_year_columns", "情况说明所述上年数与表格所列上年数一致", NARRATIVE),
    Spec("blank_tables", "情况说明陈述了数字的表格不是空表", NARRATIVE),
    Spec("year_over_year_loaded", "情况说明所述上年数与已加载的上年报告一致", OTHER_REPORTS, "reports"),
    Spec("budget_vs_final_docs", "决算所列年初预算数与同年预算报告一致", OTHER_REPORTS, "reports"),
    Spec("disclosure_prior_year", "情况说明所述机关运行经费等上年数与已加载的上年报告一致", OTHER_REPORTS, "reports"),
    Spec("procurement_parts", "政府采购货物、工程、服务之和等于政府采购总额", DISCLOSURES),
    Spec("procurement_sme_share", "授予中小企业合同金额占政府采购总额的比例与所述金额一致", DISCLOSURES),
    Spec("vehicle_kinds", "各类车辆之和等于车辆总数", DISCLOSURES),
    Spec("operating_costs_table", "情况说明所述机关运行经费与表格一致", DISCLOSURES),
    Spec("years", "标题和“截至…年…月…日”的年份与报告年度一致", FORM),
    Spec("placeholders", "报告中没有遗留模板占位符（XX、××等）", FORM),
    Spec("toc", "目录所列表格和章节在报告中都有", FORM),
    Spec("unreadable_number", "表格中的数字均可识别（无法识别的存为空值，不按 0 计）", FORM),
    Spec("completeness", "公开完整性：必备表格与说明事项", COMPLETENESS),
    Spec("completeness_score", "公开完整性得分", COMPLETENESS, by="completeness"),
    Spec("performance_score_weight", "绩效指标得分不超过分值", PERFORMANCE),
    Spec("performance_score_sum", "绩效自评：各项得分之和等于总分", PERFORMANCE),
    Spec("performance_execution_rate", "绩效自评：执行率等于全年执行数除以全年预算数", PERFORMANCE),
    Spec("performance_flattery", "绩效自评：低执行率或未达标指标未拿高分", PERFORMANCE),
    Spec("performance_project_count", "情况说明所称自评项目个数与所列项目自评表一致", PERFORMANCE),
    Spec("performance_vs_final", "部门整体绩效自评表的全年执行数与决算本年支出合计一致", PERFORMANCE),
)}


def check_titles() -> dict[str, str]:
    """Check id → what it verifies, in Chinese (for readers of the findings table)."""
    return {s.id: s.title for s in SPECS.values()}

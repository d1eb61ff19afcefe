"""The table catalogue: every kind of table a 预算/决算 report prints, as data.

A table is known first by what it holds (recognise.py tells its shape from its header words and
rows: two sides of 收入 and 支出, 功能分类 codes, 经济分类 codes, 三公 items …); a kind is one shape
of table in 决算, 预算 or both, told apart from the other kinds of its shape by a qualifier, words
of the table's title (or, without a title, of its header): the fund of a 功能分类 table (一般公共预算,
政府性基金, 国有资本经营, 财政拨款 of all funds, or no fund word: every source of money), 机关运行经费
among 经济分类 tables. The kind of a shape without a qualifier is its default. The titles (regexes
searched in the normalised title line, the longest match winning) name a kind where the content
cannot tell (an empty table, a dump without columns) and break ties.

A kind also says what the rest of the loader needs of it: whether a report without it is partial,
whether the 公开 rules require it (and under which name, and which words a statement of its absence
names), which fund its function figures are, whether its figures stand under column headers.
Locating (registry.py), disclosure completeness (checks/completeness.py) and the text-dump reader
(parsers/lines.py) all read this one list; parsers attach to a kind by name (registry.reads). A
table that no parser reads (收入决算表, 机关运行经费支出表) is a kind without a parser: it is known,
listed as not read, and its title still ends the table before it. A new layout should mean new data
here (a shape's header words in recognise.py, a qualifier, a title) and a factory variant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # Chinese name shown to users
    titles: tuple[str, ...]
    doc_kinds: tuple[str, ...] = ("final", "budget")
    required: bool = False  # a report of doc_kinds without it is 'partial'
    disclosed: dict[str, str] = field(default_factory=dict)  # doc kind → name in the 公开 rules (completeness)
    absent_topic: str | None = None  # words a statement that the table is empty or absent names
    fund: str | None = None  # the fund of a function table: 'all', 'general', 'gov_fund', 'state_capital', 'appropriation'
    columnar: bool = True  # figures stand under column headers (grid.tidy applies); False for forms
    lines: str | None = None  # the reader of a dump that lost its columns: summary, function, economic, sangong
    shape: str | None = None  # what the table holds (recognise.SHAPES): how its content names it
    qualifier: str | None = None  # title (or header) words choosing it among kinds of its shape; None: default


_FUNDS_EXCLUDED = "拨款|收支|收入|基本|经费|项目|采购|一般公共|基金|国有资本"
# Fund qualifiers of 功能分类 tables, tried in catalogue order (the first that matches wins): a title naming
# a fund (一般公共预算财政拨款支出决算表, 财政拨款政府性基金支出预算表) before one naming only 财政拨款.
_GENERAL, _GOV_FUND, _STATE_CAPITAL = "一般公共预算", "政府性基金", "国有资本"
_APPROPRIATION = "财政拨款"
_FUNCTION, _ECONOMIC = "function", "economic"
_ECONOMIC_WORDS = "(部门|政府)?(预算)?(支出)?经济(分类)?(科目)?"
_BASIC_WORDS = "基本支出|人员经费|公用经费|人员支出|公用支出"
_PROJECT_FUND = "(一般公共预算|政府性基金|国有资本经营|财政拨款)(预算)?(财政拨款)?"

CATALOGUE: tuple[Kind, ...] = (
    # 收入支出总表 / 收支总表, both kinds
    Kind("summary", "收入支出总表",
         (r"(?<!拨款)收入支出(决算|预算)?总表$", r"(?<!拨款)收支(预算|决算)?总(体情况)?表$"),
         required=True, disclosed={"final": "收入支出决算总表", "budget": "收支总表"}, lines="summary",
         shape="two_sided"),
    Kind("final_income", "收入决算表", (r"(?<!拨款)收入决算表",), ("final",), disclosed={"final": "收入决算表"},
         shape="income"),
    Kind("budget_income", "收入总表", (r"(?<!拨款)收入(预算)?(总|总体情况)?表",), ("budget",),
         disclosed={"budget": "收入总表"}, shape="income"),
    Kind("grants", "财政拨款收入支出总表",
         (r"财政拨款收入支出(决算|预算)?总(体情况)?表$", r"财政拨款收支(预算|决算)?总(体情况)?表$"),
         disclosed={"final": "财政拨款收入支出决算总表", "budget": "财政拨款收支总表"}, shape="two_sided",
         qualifier=_APPROPRIATION),
    # 支出 by functional classification; a title naming 基本支出 or 项目支出 alone (一般公共预算基本支出表 printed by
    # 功能分类 in some provinces) is a part of the spending the contract has no table for
    Kind("function_part", "基本支出或项目支出功能分类表", (), shape=_FUNCTION,
         qualifier="^(?!.*基本支出.*项目支出|.*项目支出.*基本支出).*(基本支出|项目支出)"),
    Kind("final_expense", "支出决算表", (r"^(?!.*(拨款|基本|经费|项目|明细|收入)).*支出决算表$",), ("final",),
         required=True, disclosed={"final": "支出决算表"}, fund="all", lines="function", shape=_FUNCTION),
    Kind("final_general", "一般公共预算财政拨款支出决算表", (r"一般公共预算财政拨款支出决算(明细)?表$",), ("final",),
         required=True, disclosed={"final": "一般公共预算财政拨款支出决算表"}, fund="general", lines="function",
         shape=_FUNCTION, qualifier=_GENERAL),
    Kind("final_gov_fund", "政府性基金预算财政拨款收入支出决算表", (r"政府性基金预算财政拨款(收入)?支出决算表$",),
         ("final",), disclosed={"final": "政府性基金预算财政拨款收入支出决算表"}, absent_topic="政府性基金",
         fund="gov_fund", lines="function", shape=_FUNCTION, qualifier=_GOV_FUND),
    Kind("final_state_capital", "国有资本经营预算财政拨款支出决算表", (r"国有资本经营预算财政拨款(收入)?支出决算表$",),
         ("final",), disclosed={"final": "国有资本经营预算财政拨款收入支出决算表"}, absent_topic="国有资本经营",
         fund="state_capital", lines="function", shape=_FUNCTION, qualifier=_STATE_CAPITAL),
    Kind("budget_expense", "部门支出总表", (rf"^(?!.*({_FUNDS_EXCLUDED})).*支出(预算)?(总(体情况)?)?表$",), ("budget",),
         required=True, disclosed={"budget": "支出总表"}, fund="all", lines="function", shape=_FUNCTION),
    Kind("budget_general", "一般公共预算支出表", (r"一般公共预算(财政)?(拨款)?支出(情况|功能分类|预算|明细)*表$",),
         ("budget",), required=True, disclosed={"budget": "一般公共预算支出表"}, fund="general", lines="function",
         shape=_FUNCTION, qualifier=_GENERAL),
    Kind("budget_gov_fund", "政府性基金预算支出表", (r"政府性基金(预算)?(财政拨款)?支出(情况|功能分类|预算|明细)*表$",),
         ("budget",), disclosed={"budget": "政府性基金预算支出表"}, absent_topic="政府性基金", fund="gov_fund",
         lines="function", shape=_FUNCTION, qualifier=_GOV_FUND),
    Kind("budget_state_capital", "国有资本经营预算支出表",
         (r"国有资本经营预算(财政拨款)?支出(情况|功能分类|预算|明细)*表$",), ("budget",), fund="state_capital",
         lines="function", shape=_FUNCTION, qualifier=_STATE_CAPITAL),
    # 基本支出 by economic classification
    Kind("economic_final", "一般公共预算财政拨款基本支出决算表", (r"(一般公共预算)?(财政拨款)?基本支出决算(明细)?表",),
         ("final",), required=True, disclosed={"final": "一般公共预算财政拨款基本支出决算表"}, lines="economic",
         shape=_ECONOMIC),
    Kind("economic_budget", "一般公共预算基本支出表",
         (r"(一般公共预算)?(财政拨款)?基本支出(部门预算)?(经济分类)?(预算)?(情况)?表",), ("budget",),
         disclosed={"budget": "一般公共预算基本支出表"}, lines="economic", shape=_ECONOMIC),
    Kind("economic_summary", "支出经济分类汇总表", (r"支出经济分类(预算)?汇总表",), ("budget",), shape=_ECONOMIC,
         qualifier="汇总"),
    # “三公”经费 (with 会议费 and 培训费 where a table prints them too)
    Kind("sangong", "“三公”经费支出表", (r"(一般公共预算|财政拨款)*三公经费[^。，；]{0,14}表",),
         disclosed={"final": "财政拨款“三公”经费支出决算表", "budget": "“三公”经费支出表"}, absent_topic="三公", lines="sangong",
         shape="sangong"),
    # 预算 项目支出表
    Kind("budget_projects", "项目支出表", (r"项目支出(预算)?(明细|情况)?表$",), ("budget",), shape="projects"),
    # the projects' share of one fund (四川's 一般公共预算项目支出预算表 beside the 项目支出表): not their totals
    Kind("fund_projects", "分资金来源的项目支出表", (rf"{_PROJECT_FUND}项目支出(预算)?(明细|情况)?表$",), ("budget",),
         shape="projects", qualifier=f"{_PROJECT_FUND}项目支出"),
    # 绩效自评: forms, not columns
    Kind("performance_project", "项目支出绩效自评表",
         (r"项目支出绩效自评表", r"项目(单位)?自评表", r"项目(支出)?绩效自评(结果)?表"), ("final",), columnar=False,
         shape="performance"),
    Kind("performance_summary", "项目自评汇总表", (r"项目(单位|支出)?(绩效)?自评(结果)?汇总表",), ("final",),
         columnar=False, shape="performance", qualifier="汇总"),
    Kind("performance_department", "部门整体绩效自评表",
         (r"部门[（(]?单位[)）]?整体(支出)?(绩效)?自评表", r"部门整体(支出)?(绩效)?自评表", r"整体(支出)?绩效自评表"),
         ("final",), columnar=False, shape="performance", qualifier="整体"),
    # Tables of all 财政拨款 by 功能分类, not split by fund (the 中央 template's 财政拨款支出表, 江苏's 公开05表)
    Kind("final_appropriation", "财政拨款支出决算表", (r"财政拨款支出决算(明细)?表$",), ("final",),
         fund="appropriation", lines="function", shape=_FUNCTION, qualifier=_APPROPRIATION),
    Kind("budget_appropriation", "财政拨款支出表", (r"财政拨款支出(预算)?(情况|功能分类|明细)*表$",), ("budget",),
         fund="appropriation", lines="function", shape=_FUNCTION, qualifier=_APPROPRIATION),
    # 经济分类 tables that are not 基本支出 by class, known so that they are not taken for one: 机关运行经费 (its total
    # a disclosure, parsers/disclosure_tables.py) and the ones below, read by no parser
    Kind("operating_costs", "机关运行经费支出表", (r"机关运行经费(支出)?(预算|决算)?(情况)?表",), shape=_ECONOMIC,
         qualifier="机关运行"),
    # 经济分类 tables of more than 基本支出 (the words are the title's and the amount columns' 基本支出 / 项目支出 /
    # 人员经费 / 公用经费): 基本支出 and 项目支出 side by side (浙江's 财政拨款支出预算表（部门经济分类科目）), or spending
    # that names no 基本支出 (一般公共预算支出表（按经济分类）); 项目支出 alone (中央's 一般公共预算财政拨款项目支出决算表)
    Kind("economic_all", "支出经济分类表（含项目支出）", (rf"支出(预算|决算)?表[（(]按?{_ECONOMIC_WORDS}[)）]$",),
         shape=_ECONOMIC, qualifier=f"基本支出.*项目支出|^(?!.*({_BASIC_WORDS}|项目支出)).*支出"),
    Kind("economic_projects", "项目支出经济分类表",
         (rf"项目支出(预算|决算)?表[（(]按?{_ECONOMIC_WORDS}[)）]$", r"财政拨款项目支出决算表$"), shape=_ECONOMIC,
         qualifier=f"^(?!.*({_BASIC_WORDS})).*项目支出"),
    # Tables of no shape the content tells (purchases by item, assets by class, services bought by project, which
    # print 单位名称 | 项目名称 as a project table does): known by their title alone
    Kind("procurement", "政府采购预算表", (r"政府采购(预算|支出|决算)?(情况|明细|计划)*表$",)),
    Kind("assets", "国有资产占用情况表", (r"(国有)?资产(占用|使用|配置)(情况|预算)*表$",)),
    Kind("purchased_services", "政府购买服务预算表", (r"政府购买服务(预算|支出|决算)?(情况|明细|项目)*表$",)),
    # 预算 绩效目标: the targets a budget sets (forms, and a summary of every project's)
    Kind("performance_target_project", "项目支出绩效目标表",
         (r"项目(支出)?绩效目标(申报)?表", r"绩效目标(申报)?表$"), ("budget",), columnar=False, shape="performance"),
    Kind("performance_target_department", "部门整体支出绩效目标表", (r"整体(支出)?绩效目标(申报)?表",), ("budget",),
         columnar=False, shape="performance", qualifier="整体"),
    Kind("performance_target_summary", "项目绩效目标汇总表", (r"绩效目标(申报)?汇总表",), ("budget",), columnar=False,
         shape="performance", qualifier="汇总"),
)


def by_shape(shape: str, doc_kind: str | None, words: str) -> Kind | None:
    """The kind of a table of this shape in a report of this kind: the first whose qualifier the words
    (the table's title, or its header) contain, else the shape's default."""
    kinds = [k for k in CATALOGUE if k.shape == shape and (doc_kind is None or doc_kind in k.doc_kinds)]
    qualified = next((k for k in kinds if k.qualifier and re.search(k.qualifier, words)), None)
    return qualified or next((k for k in kinds if k.qualifier is None), None)


# The tables of the 中央 template (a central department's unit prints these four, and no other): of the
# required kinds, a 中央 report needs only these (the general rows follow from its 财政拨款 table).
CENTRAL_TEMPLATE = ("summary", "final_income", "budget_income", "final_expense", "budget_expense",
                    "final_appropriation", "budget_appropriation")


def required(doc_kind: str | None, region: str | None) -> list[Kind]:
    """The kinds a report of this kind must print to be read whole (else 'partial')."""
    return [k for k in CATALOGUE if k.required and doc_kind in k.doc_kinds
            and (region != "中央" or k.name in CENTRAL_TEMPLATE)]


def disclosed(doc_kind: str | None) -> list[Kind]:
    """The kinds the 公开 rules require of a report of this kind, in catalogue order."""
    return [k for k in CATALOGUE if doc_kind in k.disclosed]

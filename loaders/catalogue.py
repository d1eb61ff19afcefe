"""The table catalogue: every kind of table a 预算/决算 report prints, as data.

A kind is named by its titles (regexes searched in the normalised title line, the longest match
winning), applies to 决算, 预算 or both, and says what the rest of the loader needs of it: whether a
report without it is partial, whether the 公开 rules require it (and under which name, and which
words a statement of its absence names), which fund its function figures are, whether its figures
stand under column headers. Locating (registry.py), disclosure completeness (checks/completeness.py)
and the text-dump reader (parsers/lines.py) all read this one list; parsers attach to a kind by name
(registry.reads). A new layout's title is a new pattern here; a table that no parser reads but the
rules require (收入决算表) is a kind without a parser: its title still ends the table before it.
"""
from __future__ import annotations

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
    fund: str | None = None  # the fund of a function table: 'all', 'general', 'gov_fund', 'state_capital'
    columnar: bool = True  # figures stand under column headers (grid.tidy applies); False for forms
    lines: str | None = None  # the reader of a dump that lost its columns: summary, function, economic, sangong


_FUNDS_EXCLUDED = "拨款|收支|收入|基本|经费|项目|采购|一般公共|基金|国有资本"

CATALOGUE: tuple[Kind, ...] = (
    # 收入支出总表 / 收支总表, both kinds
    Kind("summary", "收入支出总表",
         (r"(?<!拨款)收入支出(决算|预算)?总表$", r"(?<!拨款)收支(预算|决算)?总(体情况)?表$"),
         required=True, disclosed={"final": "收入支出决算总表", "budget": "收支总表"}, lines="summary"),
    Kind("final_income", "收入决算表", (r"(?<!拨款)收入决算表",), ("final",), disclosed={"final": "收入决算表"}),
    Kind("budget_income", "收入总表", (r"(?<!拨款)收入(预算)?(总|总体情况)?表",), ("budget",),
         disclosed={"budget": "收入总表"}),
    Kind("grants", "财政拨款收入支出总表",
         (r"财政拨款收入支出(决算|预算)?总(体情况)?表$", r"财政拨款收支(预算|决算)?总(体情况)?表$"),
         disclosed={"final": "财政拨款收入支出决算总表", "budget": "财政拨款收支总表"}),
    # 支出 by functional classification
    Kind("final_expense", "支出决算表", (r"^(?!.*(拨款|基本|经费|项目|明细|收入)).*支出决算表$",), ("final",),
         required=True, disclosed={"final": "支出决算表"}, fund="all", lines="function"),
    Kind("final_general", "一般公共预算财政拨款支出决算表", (r"一般公共预算财政拨款支出决算(明细)?表$",), ("final",),
         required=True, disclosed={"final": "一般公共预算财政拨款支出决算表"}, fund="general", lines="function"),
    Kind("final_gov_fund", "政府性基金预算财政拨款收入支出决算表", (r"政府性基金预算财政拨款(收入)?支出决算表$",),
         ("final",), disclosed={"final": "政府性基金预算财政拨款收入支出决算表"}, absent_topic="政府性基金",
         fund="gov_fund", lines="function"),
    Kind("final_state_capital", "国有资本经营预算财政拨款支出决算表", (r"国有资本经营预算财政拨款(收入)?支出决算表$",),
         ("final",), disclosed={"final": "国有资本经营预算财政拨款收入支出决算表"}, absent_topic="国有资本经营",
         fund="state_capital", lines="function"),
    Kind("budget_expense", "部门支出总表", (rf"^(?!.*({_FUNDS_EXCLUDED})).*支出(预算)?(总(体情况)?)?表$",), ("budget",),
         required=True, disclosed={"budget": "支出总表"}, fund="all", lines="function"),
    Kind("budget_general", "一般公共预算支出表", (r"一般公共预算(财政)?(拨款)?支出(情况|功能分类|预算|明细)*表$",),
         ("budget",), required=True, disclosed={"budget": "一般公共预算支出表"}, fund="general", lines="function"),
    Kind("budget_gov_fund", "政府性基金预算支出表", (r"政府性基金(预算)?(财政拨款)?支出(情况|功能分类|预算|明细)*表$",),
         ("budget",), disclosed={"budget": "政府性基金预算支出表"}, absent_topic="政府性基金", fund="gov_fund", lines="function"),
    Kind("budget_state_capital", "国有资本经营预算支出表",
         (r"国有资本经营预算(财政拨款)?支出(情况|功能分类|预算|明细)*表$",), ("budget",), fund="state_capital", lines="function"),
    # 基本支出 by economic classification
    Kind("economic_final", "一般公共预算财政拨款基本支出决算表", (r"(一般公共预算)?(财政拨款)?基本支出决算(明细)?表",),
         ("final",), required=True, disclosed={"final": "一般公共预算财政拨款基本支出决算表"}, lines="economic"),
    Kind("economic_budget", "一般公共预算基本支出表",
         (r"(一般公共预算)?(财政拨款)?基本支出(部门预算)?(经济分类)?(预算)?(情况)?表",), ("budget",),
         disclosed={"budget": "一般公共预算基本支出表"}, lines="economic"),
    Kind("economic_summary", "支出经济分类汇总表", (r"支出经济分类(预算)?汇总表",), ("budget",)),
    # “三公”经费 (with 会议费 and 培训费 where a table prints them too)
    Kind("sangong", "“三公”经费支出表", (r"(一般公共预算|财政拨款)*三公经费[^。，；]{0,14}表",),
         disclosed={"final": "财政拨款“三公”经费支出决算表", "budget": "“三公”经费支出表"}, absent_topic="三公", lines="sangong"),
    # 预算 项目支出表
    Kind("budget_projects", "项目支出表", (r"项目支出(预算)?(明细|情况)?表$",), ("budget",)),
    # 绩效自评: forms, not columns
    Kind("performance_project", "项目支出绩效自评表",
         (r"项目支出绩效自评表", r"项目(单位)?自评表", r"项目(支出)?绩效自评(结果)?表"), ("final",), columnar=False),
    Kind("performance_summary", "项目自评汇总表", (r"项目(单位|支出)?(绩效)?自评(结果)?汇总表",), ("final",),
         columnar=False),
    Kind("performance_department", "部门整体绩效自评表",
         (r"部门[（(]?单位[)）]?整体(支出)?(绩效)?自评表", r"部门整体(支出)?(绩效)?自评表", r"整体(支出)?绩效自评表"),
         ("final",), columnar=False),
)


def disclosed(doc_kind: str | None) -> list[Kind]:
    """The kinds the 公开 rules require of a report of this kind, in catalogue order."""
    return [k for k in CATALOGUE if doc_kind in k.disclosed]

"""Budget-side performance targets: a 预算's 项目支出绩效目标表, 部门（单位）整体绩效目标表 and 项目绩效目标汇总表.

They become performance_projects / performance_indicators rows with evaluation 'project_target' /
'department_target' (the project, its 年度资金总额 as budget_initial; each indicator's 一级/二级/三级指标,
its 指标值 as target and its 分值 as weight), so a 决算's self-evaluation can be set beside the targets
the budget of its year promised. The forms are ragged like the self-evaluations (performance.py): merged
cells shift a row's cells, a table runs over pages, a 年度总体目标 paragraph sits inside it. So an
indicator row is read by its shape: from the right, the 分值 (a plain number, where the header has one),
then the 指标值 (after dropping a long 指标值说明), then the indicator's name; what stands before it are its
levels, carried down the rows. The summary prints each project's indicators as (三级指标, 指标值) pairs
under 成本/产出/效益/满意度指标 groups.
"""
from __future__ import annotations

import re

from ..numbers import is_amount, parse_decimal
from ..locate.registry import reads
from ..locate.tables import LocatedTable, spanned_labels
from .performance import _LEVEL1, _cells, _first, _store

_INDICATORS = re.compile(r"三级指标|指标名称")
_TARGET = re.compile(r"指标值|目标值")
_WEIGHT = re.compile(r"分值|权重")
_NOTE = re.compile(r"说明|备注|计算|评分")
_FUNDS = re.compile(r"年度资金总额|资金总额|部门预算总额|预算总额|项目金额|项目总金额|本年度金额")
_NAME = re.compile(r"^(?:项目|部门|单位|部门[（(]单位[)）])名称[:：]?(.*)$")
_GOAL = ("年度总体目标", "年度履职目标", "年度主要任务", "总体目标", "年度绩效目标", "项目总目标", "长期目标")
_LONG = 20  # a cell this long is an explanation (指标值说明), not a target
_PUNCT = re.compile(r"^[。，；、.,;\s]*$")
_GROUPS = ("成本指标", "产出指标", "效益指标", "满意度指标")
_CODE = re.compile(r"^\d{6,}$")


def _name_of(rows: list[list[str]]) -> str | None:
    """The name a 项目名称 / 部门名称 row prints: in the next cell, or after the colon in the same one."""
    for row in rows:
        cells = _cells(row)
        if not cells:
            continue
        m = _NAME.match(cells[0].replace(" ", ""))
        if m:
            return (m.group(1) or (cells[1] if len(cells) > 1 else "")).strip() or None
    return None


def _funds(placed: list[tuple], table: LocatedTable) -> tuple:
    """The form's 年度资金总额 / 部门预算总额 (the first amount on its row) and that row's page and
    position; (None, None, None) when the form prints none."""
    for row, page, where in placed:
        cells = _cells(row)
        at = next((i for i, c in enumerate(cells) if _FUNDS.search(c)), None)
        if at is not None:
            figure = next((c for c in cells[at + 1:] if is_amount(c)), None)
            if figure is not None:
                return table.amount(figure), page, where
    return None, None, None


def _is_value(cell: str) -> bool:
    """A target as forms print one: short ('≥95%', '20门', '显著提升', '及时')."""
    return len(cell) <= _LONG and not _PUNCT.match(cell)


class Levels:
    """一级/二级指标 carried down the rows: two labels before the name are both, one is the 一级 when it
    reads as one ('产出指标') and else the 二级 ('数量指标', '工作目标管理'); none keeps both."""

    def __init__(self):
        self.level1: str | None = None
        self.level2: str | None = None

    def take(self, labels: list[str]) -> None:
        labels = [x for x in labels if x][-2:]
        if len(labels) == 2:
            self.level1, self.level2 = labels
        elif labels and _LEVEL1.match(labels[0]):
            self.level1, self.level2 = labels[0], None
        elif labels:
            self.level2 = labels[0]


def indicator(cells: list[str], weighted: bool, noted: bool, levels: Levels) -> dict | None:
    """One indicator row read from the right: [levels…] name target [weight] [note]; None for a row that
    is none."""
    cells = [c for c in cells if not _PUNCT.match(c)]
    weight = None
    if weighted:
        if not cells or parse_decimal(cells[-1]) is None:
            return None
        weight, cells = parse_decimal(cells[-1]), cells[:-1]
    elif noted:
        while len(cells) > 2 and (not _is_value(cells[-1]) or cells[-1].endswith(("。", "；", ".")) or
                                  (_is_value_like(cells[-2]) and not _is_value_like(cells[-1]))):
            cells = cells[:-1]
    if len(cells) < 2 or not _is_value(cells[-1]) or _INDICATORS.search(cells[-2]) or _LEVEL1.match(cells[-2]):
        return None
    target, name = cells[-1], cells[-2]
    levels.take(cells[:-2])
    return {"level1": levels.level1, "level2": levels.level2, "name": name, "target": target, "weight": weight}


def _read_form(placed: list[tuple], table: LocatedTable, facts, evaluation: str, name: str) -> None:
    """One target form (its rows with their pages and positions): its name, its funds, then its
    indicator rows under the 三级指标 header. The project is placed at its funds row (else at the form's
    first row) on the form's first page."""
    found, weighted, noted, levels, page = [], False, False, Levels(), None
    header = None
    for row, p, where in placed:
        cells = _cells(row)
        if not cells:
            continue
        if any(_INDICATORS.search(c) for c in cells) and any(_TARGET.search(c) for c in cells):
            header = cells
            weighted = any(_WEIGHT.search(c) for c in cells)
            noted = any(_NOTE.search(c) for c in cells if not _TARGET.fullmatch(c))
            continue
        if header is None or any(g in _first(row) for g in _GOAL):
            continue
        item = indicator(cells, weighted, noted, levels)
        if item:
            found.append(item | {"page": p, "where": where})
            page = page or p
    first = next((p for _, p, _ in placed if p is not None), None)
    funds, funds_page, funds_where = _funds(placed, table)
    at = funds_where if funds_where is not None and funds_page == first else \
        next((w for _, p, w in placed if p == first), None)
    _store(facts, evaluation, name, {"budget_initial": funds}, first, at, detailed=True)
    for item in _unique(found):
        facts.add("performance_indicators", evaluation=evaluation, project=name, **item)


def _unique(items: list[dict]) -> list[dict]:
    """An indicator printed twice (a header row repeated on a continuation page) is one."""
    seen, out = set(), []
    for item in items:
        key = (item["level1"], item["level2"], item["name"], item["target"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def parse_project_targets(table: LocatedTable, facts, info) -> None:
    """项目支出绩效目标表: one form per project, each starting at its 项目名称 row."""
    sections: list[list[tuple]] = []
    for placed in table.placed():
        if _first(placed[0]).replace(" ", "").startswith("项目名称") or not sections:
            sections.append([])
        sections[-1].append(placed)
    for placed in sections:
        name = _name_of([r for r, _, _ in placed])
        if name:
            _read_form(placed, table, facts, "project_target", name)


def parse_department_targets(table: LocatedTable, facts, info) -> None:
    name = _name_of(table.rows) or (info.unit_name if info else None)
    if name:
        _read_form(table.placed(), table, facts, "department_target", name)


def parse_target_summary(table: LocatedTable, facts, info) -> None:
    """项目绩效目标汇总表: a project per coded row (the rows below it continue it), its indicators as
    (三级指标, 指标值) column pairs under their group; a row with a value under no name, a pair whose name
    reads as a value or whose value as an explanation, is shifted and left out."""
    start = next((i for i, r in enumerate(table.rows) if any(_CODE.match(c.replace(" ", "")) for c in r if c)),
                 len(table.rows))
    width = max((len(r) for r in table.rows), default=0)
    columns = spanned_labels(table.rows[:start], width)
    pairs = [(j, next((g for g in _GROUPS if any(g in part for part in columns[j])), None))
             for j in range(width - 1) if any(_INDICATORS.search(p) for p in columns[j])
             and any(_TARGET.search(p) for p in columns[j + 1])]
    funds = next((j for j, parts in enumerate(columns) if any(_FUNDS.search(p) for p in parts)), None)
    project, stored = None, set()
    for row, page, where in table.placed(start):
        row = [(c or "").strip() for c in row] + [""] * (width - len(row))
        if _CODE.match(row[0].replace(" ", "")) and row[1]:
            project = (re.sub(r"\s", "", row[1]), table.amount(row[funds]) if funds is not None else None, page, where)
        if project is None or any(row[j + 1] and not row[j] for j, _ in pairs):
            continue  # a value without its name: the row's cells are shifted, no pair can be trusted
        for j, group in pairs:
            name, target = row[j], row[j + 1]
            if not (name and target) or _is_value_like(name) or not _is_value(target) or _INDICATORS.search(name):
                continue
            if project[0] not in stored:  # a unit's row above its projects has no indicators: no project
                _store(facts, "project_target", project[0], {"budget_initial": project[1]}, project[2], project[3],
                       detailed=False)
                stored.add(project[0])
            facts.add("performance_indicators", evaluation="project_target", project=project[0], level1=group,
                      name=re.sub(r"\s", "", name), target=target, page=page, where=where)


def _is_value_like(cell: str) -> bool:
    """A cell that reads as a target, not an indicator's name ('≥95%', '0次', '100%')."""
    return bool(re.match(r"^[≥≤<>＜＞=]?\s*\d", cell)) or len(cell) <= 2


reads("performance_target_project", parse_project_targets)
reads("performance_target_department", parse_department_targets)
reads("performance_target_summary", parse_target_summary)

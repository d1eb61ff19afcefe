"""Performance self-evaluations (绩效自评): project tables, the summary table, the department table.

The printed tables are ragged: merged cells shift values left or right, the 一级指标 cell repeats or
is blank, a table runs over pages and a 年度总体目标 paragraph sits inside it. So rows are read by
their shape, not by column position: an indicator row ends with 分值 and 得分 (two plain numbers,
the score never above the weight) after 年度指标值 and 实际完成值; the funds row's numbers are
matched to the header words in order, and when the counts disagree the reading that satisfies
执行率 = 全年执行数 / 全年预算数 wins. 总分 equals the sum of every 得分 in the table (funds,
资金管理情况 and indicators): a missing 总分 is computed from it; a printed one and the 执行率 go to
the checks as evidence (checks/performance.py judges them).
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations

from ..facts import place
from ..numbers import parse_decimal, parse_percent, to_wanyuan
from ..locate.registry import reads
from ..locate.tables import LocatedTable, column_labels, find_column, unreadable_number
from ..vocabulary import TOLERANCES

# Funds fields in the order the national template prints them, with the header words naming them.
_FUND_FIELDS = (
    ("budget_initial", ("年初预算",)),
    ("budget_full_year", ("全年预算", "调整后预算", "预算数")),
    ("executed", ("执行数", "实际支出", "决算数")),
    ("weight", ("分值", "权重")),
    ("execution_rate", ("执行率",)),
    ("score", ("得分",)),
)
_CANONICAL = tuple(f for f, _ in _FUND_FIELDS)
UNREADABLE = object()  # a funds figure printed but not readable: its field is NULL, never skipped
_AMOUNTS = ("budget_initial", "budget_full_year", "executed")
_FUNDS_ROW = ("总额", "合计", "总计")
_GOAL = ("年度总体目标", "年度履职目标", "年度主要任务", "预期目标")
_WEIGHT_NOTE = r"([（(][\d.]+分?[)）])?$"  # '产出指标（50分）'
_LEVEL1 = re.compile(r"^(成本|产出|效益|满意度|投入管理|投入|过程|管理)指标" + _WEIGHT_NOTE)
_LEVEL2 = re.compile(r"^.{1,10}指标" + _WEIGHT_NOTE)
_YUAN = re.compile(r"[（(]元[)）]")
# Second-level indicators of the national framework that name their first level unambiguously.
_FAMILY = {"经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
           "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
           "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
           "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标"}
_VALUE_LIKE = re.compile(r"[\d%％≥≤<>＜＞=]")
_SECTION_LABEL = re.compile(r"^(年度)?绩效指标(完成情况)?$")
_INDICATOR_HEADER = ("三级指标", "年度指标值", "年度目标值", "实际完成值")
_HEADER_ROWS = 4  # a merged group row over cells wrapped into three lines


def _cells(row: list[str]) -> list[str]:
    return [c.strip() for c in row if c and c.strip()]


def _plain(cell: str) -> Decimal | None:
    """A plain number (no %): weights and scores."""
    return parse_decimal(cell)


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _norm_name(name: str) -> str:
    """A project name for matching across tables: no spaces or quotes, no leading year ('2023会议费')."""
    return re.sub(r"^20\d\d年?度?", "", re.sub(r"[\s“”\"'‘’]", "", name or ""))


# ---------------------------------------------------------------- indicator rows

def _is_pair(cells: list[str], k: int) -> bool:
    """分值 then 得分: two plain numbers, score ≤ weight; a weight or score the text layer garbled
    ('1O', '9.O0') still ends the row (read as NULL), so the indicator and its other values are kept."""
    weight, score = _plain(cells[k]), _plain(cells[k + 1])
    if score is None and not unreadable_number(cells[k + 1]):
        return False
    if weight is None:
        return unreadable_number(cells[k]) and (score is None or score >= 0)
    return weight > 0 and (score is None or 0 <= score <= weight)


def _score_pair(cells: list[str]) -> int | None:
    """Index of 分值 in the rightmost (分值, 得分) pair: two plain numbers, score ≤ weight.

    A 偏差度 printed as a bare 0 after a full score (10 | 10 | 0) is not the pair (10 | 0)."""
    for k in range(len(cells) - 2, -1, -1):
        if _is_pair(cells, k):
            if k >= 1 and _is_pair(cells, k - 1) and _plain(cells[k + 1]) == 0:
                return k - 1
            return k
    return None


class _Levels:
    """一级/二级指标 carried down the rows: a blank cell means 'same as above'."""

    def __init__(self):
        self.level1: str | None = None
        self.level2: str | None = None

    def take(self, labels: list[str], positional: bool = True) -> list[str]:
        """Consume category labels (一级/二级指标); return the rest (the indicator name parts).

        Words outside the standard vocabulary count by position (一级, 二级, 三级 from the right)
        only on indicator rows; on a row without scores they may be anything."""
        rest, l1, l2 = [], None, None
        for label in labels:
            if _LEVEL1.match(label) and l1 is None and l2 is None:
                l1 = label
            elif (_LEVEL2.match(label) or label in _FAMILY) and l2 is None and not rest:
                l2 = label
            else:
                rest.append(label)
        if positional and len(rest) >= 3 and l1 is None and l2 is None:
            l1 = rest.pop(-3)
        if positional and len(rest) >= 2 and l2 is None:
            l2 = rest.pop(-2)
        if l1 and l1 != self.level1:
            self.level1, self.level2 = l1, None
        if l2:
            self.level2 = l2
            if not l1 and l2 in _FAMILY:
                self.level1 = _FAMILY[l2]
        return rest


def _indicator(cells: list[str], levels: _Levels) -> dict | None:
    """One indicator row read by its shape; None for a label-only row (levels still updated)."""
    k = _score_pair(cells)
    if k is None or k < 2:
        levels.take(cells if k is None else cells[:k], positional=False)
        return None
    labels, target, actual = cells[:k - 2], cells[k - 2], cells[k - 1]
    if target == actual and len(labels) >= 2 and _VALUE_LIKE.search(labels[-1]) is None \
            and not labels[-1].endswith("指标") and len(labels[-1]) <= 4:
        target = labels.pop()  # a merged cell printed the completed value twice
    rest = levels.take(labels)
    tail = [c for c in cells[k + 2:] if parse_percent(c) is None]
    return {"level1": levels.level1, "level2": levels.level2, "name": "".join(rest[-1:]) or None,
            "target": target, "actual": actual, "weight": _plain(cells[k]),
            "score": _plain(cells[k + 1]), "reason": "；".join(tail) or None}


# ---------------------------------------------------------------- funds row

def _header_fields(row: list[str]) -> list[str]:
    fields: list[str] = []
    for cell in _cells(row):
        for name, words in _FUND_FIELDS:
            if name not in fields and any(w in cell for w in words):
                fields.append(name)
                break
    return fields


def _funds_values(row: list[str]) -> list:
    """The numbers of a funds row in order; '-' holds a slot as None, a figure the text layer garbled
    ('1O.36') as UNREADABLE, so the figures after it keep their fields."""
    out: list = []
    for cell in _cells(row):
        if cell.strip() in ("-", "—", "－"):
            out.append(None)
        elif unreadable_number(cell):
            out.append(UNREADABLE)
        elif (value := parse_percent(cell)) is not None:
            out.append(value)
    return out


def _plausibility(reading: dict, dropped: list[int], values: list) -> float:
    missing = sum(1 for f in _CANONICAL if f not in reading)
    reading = {f: v for f, v in reading.items() if v is not UNREADABLE}
    score = 0.0
    rate, full, executed = (reading.get(f) for f in ("execution_rate", "budget_full_year", "executed"))
    if rate is not None and full is not None and executed is not None and full > 0:
        score += 3 if abs(executed / full * 100 - rate) <= TOLERANCES.rate_points else -3
    weight, points = reading.get("weight"), reading.get("score")
    if weight is not None and points is not None:
        score += 1 if points <= weight else -3
    if (weight is not None and weight > 100) or (rate is not None and rate > 1000):
        score -= 3
    for i in dropped:  # a dropped value should repeat its neighbour (a merged cell printed twice)
        neighbours = [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values)]
        if values[i] is not None and values[i] not in neighbours:
            score -= 1
    return score - missing * 0.1


def _readings(fields: list[str], values: list):
    """Order-preserving pairings of fields with values, dropping extras on either side."""
    n, m = len(fields), len(values)
    if m >= n:
        for keep in combinations(range(m), n):
            yield dict(zip(fields, (values[i] for i in keep))), [i for i in range(m) if i not in keep]
    else:
        for used in combinations(range(n), m):
            yield dict(zip((fields[i] for i in used), values)), []


def read_funds(header: list[str] | None, row: list[str]) -> dict:
    """The funds row as {field: Decimal}, choosing the most plausible reading of ragged cells; a field
    whose figure is unreadable is present as None."""
    values = _funds_values(row)
    if len(values) > len(_CANONICAL) + 3:
        values = values[:len(_CANONICAL) + 3]
    field_lists = [f for f in (_header_fields(header) if header else [],) if f]
    if not field_lists or len(field_lists[0]) < len(_CANONICAL):
        field_lists.append(list(_CANONICAL))
    best, best_score = {}, None
    for rank, fields in enumerate(field_lists):
        for reading, dropped in _readings(fields, values):
            s = _plausibility(reading, dropped, values) + (0.5 if rank == 0 and header else 0)
            if best_score is None or s > best_score:
                best, best_score = reading, s
    return {k: (None if v is UNREADABLE else v) for k, v in best.items() if v is not None}


# ---------------------------------------------------------------- one evaluation table

def _first(row: list[str]) -> str:
    cells = _cells(row)
    return cells[0] if cells else ""


def _labelled_value(row: list[str]) -> str | None:
    """The value printed after a label cell (项目名称 | value)."""
    cells = _cells(row)
    return cells[1] if len(cells) > 1 else None


class _Section:
    """One self-evaluation table (one project, or the department) read row by row."""

    def __init__(self, name: str | None, page, where=None):
        self.name, self.page, self.where = name, page, where  # where: its first row (its name) on its page
        self.funds: dict = {}
        self.funds_page = self.funds_where = None
        self.in_yuan = False  # '项目资金（元）': the table's own unit overrides the page's
        self.parts: list[Decimal] = []  # 得分 outside the indicators: funds, 资金管理情况
        self.indicators: list[dict] = []
        self.total: Decimal | None = None
        self.total_weight: Decimal | None = None
        self.weight_parts: list[Decimal] = []  # 分值 outside the indicators
        self.total_page = self.total_where = None

    def read(self, placed: list[tuple]) -> None:
        """The section's rows, each with its page and position (LocatedTable.placed)."""
        state, funds_header, levels = None, None, _Levels()
        for row, page, where in placed:
            cells = _cells(row)
            if not cells:
                continue
            first = cells[0]
            if first.startswith("总分"):
                nums = [_plain(c) for c in cells if _plain(c) is not None or unreadable_number(c)]
                if nums:  # a garbled 总分 is None (computed from the scores), never the weight beside it
                    self.total, self.total_page, self.total_where = nums[-1], page, where
                    self.total_weight = nums[-2] if len(nums) > 1 else None
                state = "done"
                continue
            if state == "done":
                continue
            if any(w in c for c in cells for w in _INDICATOR_HEADER):
                state = "indicators"
                levels.take([c for c in cells if _LEVEL1.match(c)])
                continue
            if "资金管理" in first:
                state = "management"
                continue
            if any(g in first for g in _GOAL):
                state = "goal"
                continue
            if len(_header_fields(row)) >= 2 and not _funds_values(row):
                state, funds_header = "funds", row
                continue
            if state == "indicators":
                if _SECTION_LABEL.match(first):
                    cells = cells[1:]
                item = _indicator(cells, levels)
                if item:
                    item["page"], item["where"] = page, where
                    self.indicators.append(item)
            elif state == "management":
                k = _score_pair(cells)
                if k is not None:
                    self.parts.append(_plain(cells[k + 1]))
                    self.weight_parts.append(_plain(cells[k]))
            elif state in (None, "funds") and not self.funds and len(_funds_values(row)) >= 3 \
                    and (state == "funds" or any(w in c for c in cells for w in _FUNDS_ROW)):
                self.funds, self.funds_page, self.funds_where = read_funds(funds_header, row), page, where
                self.in_yuan = any(_YUAN.search(c) for c in (funds_header or []) + row)
                if "score" in self.funds:  # None when unreadable: no sum to check
                    self.parts.append(self.funds["score"])
                if "weight" in self.funds:
                    self.weight_parts.append(self.funds["weight"])
        self._drop_repeats()

    def _drop_repeats(self) -> None:
        """An indicator printed twice (same name, values and points) is one indicator."""
        seen: dict[tuple, int] = {}
        kept: list[dict] = []
        for item in self.indicators:
            key = (item["name"], item["target"], item["actual"], item["weight"], item["score"])
            if key in seen:
                continue
            seen[key] = len(kept)
            kept.append(item)
        self.indicators = kept

    def printed_at(self):
        """Where the project's figures are printed on its first page: its funds row, else its 总分 row;
        else (both printed on the next page) its first row."""
        return next((w for p, w in ((self.funds_page, self.funds_where), (self.total_page, self.total_where))
                     if w is not None and p == self.page), self.where)

    def weights(self) -> Decimal | None:
        """The sum of every 分值; None when one could not be read."""
        weights = self.weight_parts + [i["weight"] for i in self.indicators]
        return None if None in weights else sum(weights, Decimal(0))

    def points(self) -> tuple[Decimal | None, int]:
        """The sum of every 得分 and its count; None when one could not be read (no sum to check)."""
        scores = self.parts + [i["score"] for i in self.indicators]
        if any(s is None for s in scores):
            return None, len(scores)
        return sum(scores, Decimal(0)), len(scores)


def _split(table: LocatedTable, is_start) -> list[list[tuple]]:
    """Rows (with their pages and positions) split into sections, each starting at a row is_start
    accepts (rows before: a section)."""
    sections: list[list[tuple]] = []
    for placed in table.placed():
        if is_start(placed[0]) or not sections:
            sections.append([])
        sections[-1].append(placed)
    return sections


def _store(facts, evaluation: str, name: str, values: dict, page, where, detailed: bool) -> None:
    """Add one performance_projects row, merging with the same project read from another table."""
    key = _norm_name(name)
    for row in facts.get("performance_projects", evaluation=evaluation):
        if _norm_name(row["project"]) == key:
            for col, value in values.items():
                if row.get(col) is None and value is not None:
                    row[col] = value
            if detailed:
                row["page"] = page
                place(row, where)
            return
    facts.add("performance_projects", evaluation=evaluation, project=name, page=page, where=where, **values)


def _store_section(sec: _Section, facts, table: LocatedTable, evaluation: str, label: str) -> None:
    who = f"{label}“{sec.name}”"
    where = f"{who}（第{sec.page}页）" if sec.page else who
    computed, terms = sec.points()
    score = sec.total
    if not sec.funds:
        facts.problems.append(f"{where}未读出项目资金（预算数、执行数）")
    if not sec.indicators:
        facts.problems.append(f"{where}未读出绩效指标")
    if score is None and sec.indicators and computed is not None:
        score = computed
        facts.problems.append(f"{where}未找到总分，按各项得分合计为 {_num(computed)} 分")
    elif score is not None and sec.indicators and computed is not None:
        evidence = {"who": who, "score": score, "computed": computed, "terms": terms, "page": sec.total_page,
                    "weights": sec.weights(), "total_weight": sec.total_weight}
        place(evidence, sec.total_where)  # the 总分 row, for the finding to stand on
        facts.evidence["performance_score_sum"].append(evidence)
    funds = sec.funds
    _check_rate(facts, who, funds, sec.funds_page, sec.funds_where)
    scale = Decimal("0.0001") if sec.in_yuan else table.scale
    values = {f: to_wanyuan(funds.get(f), scale) for f in _AMOUNTS}
    values["execution_rate"] = funds.get("execution_rate")
    values["score"] = score
    _store(facts, evaluation, sec.name, values, sec.page, sec.printed_at(), detailed=True)
    for item in sec.indicators:
        facts.add("performance_indicators", evaluation=evaluation, project=sec.name, **item)


def _check_rate(facts, who: str, funds: dict, page, where) -> None:
    """A printed 执行率 with the two figures it is the ratio of (and the row printing them), for the check
    performance_execution_rate."""
    full, executed, rate = (funds.get(f) for f in ("budget_full_year", "executed", "execution_rate"))
    if full and executed is not None and rate is not None:
        evidence = {"who": who, "full": full, "executed": executed, "rate": rate, "page": page}
        place(evidence, where)
        facts.evidence["performance_execution_rate"].append(evidence)


# ---------------------------------------------------------------- the three table kinds

def _is_project_start(row: list[str]) -> bool:
    return _first(row).startswith("项目名称")


def parse_project_tables(table: LocatedTable, facts, info) -> None:
    for placed in _split(table, _is_project_start):
        name = next((_labelled_value(r) for r, _, _ in placed if _is_project_start(r)), None)
        page, where = next(((p, w) for _, p, w in placed if p is not None), (None, None))
        if not name:
            if any(_score_pair(_cells(r)) is not None for r, _, _ in placed):
                facts.problems.append(f"项目支出绩效自评表（第{page}页）未读出项目名称")
            continue
        sec = _Section(name, page, where)
        sec.read(placed)
        _store_section(sec, facts, table, "project", "项目支出绩效自评表")


def parse_department_table(table: LocatedTable, facts, info) -> None:
    name_row = next((r for r in table.rows if "名称" in _first(r)), None)
    name = (_labelled_value(name_row) if name_row else None) or info.unit_name
    sec = _Section(name, table.first_page, next((w for _, p, w in table.placed() if p == table.first_page), None))
    sec.read(table.placed())
    _store_section(sec, facts, table, "department", "部门整体绩效自评表")


def _summary_header(rows: list[list[str]]) -> tuple[list[str] | None, int]:
    """Column labels of the 自评汇总表 and the index of its last header row.

    The header is the rows above the first row with figures, each column's cells joined top to
    bottom: merged cells over two rows (预算执行情况 → 全年预算数 | 全年执行数) and cells wrapped over
    two or three lines ('项目' over '名称') read whole. The top row is the highest row of several
    cells that gives a column saying 项目名称 (a one-cell line above is a note, not the header)."""
    first = next((i for i, r in enumerate(rows) if _funds_values(r)), len(rows))
    width = max((len(r) for r in rows), default=0)
    for top in range(max(0, first - _HEADER_ROWS), first):
        if len(_cells(rows[top])) < 2:
            continue
        labels = column_labels(rows[top:first], width)
        if any("项目名称" in label for label in labels):
            return labels, first - 1
    return None, first


def parse_summary_table(table: LocatedTable, facts, info) -> None:
    """项目(单位)自评汇总表: one row per project; columns by header words."""
    labels, start = _summary_header(table.rows)
    if labels is None:
        facts.problems.append(f"项目自评汇总表（第{table.first_page}页）未找到表头")
        return
    cols = {
        "name": find_column(labels, "项目名称"),
        "budget_initial": find_column(labels, "年初预算"),
        "budget_full_year": find_column(labels, "全年预算", "调整后预算", "预算数", exclude=("年初",)),
        "executed": find_column(labels, "全年执行数", "执行数", exclude=("系统", "执行率")),
        "execution_rate": find_column(labels, "执行率"),
        "score": find_column(labels, "自评得分", "总分", "得分", exclude=("得分率",)),
    }
    for row, page, where in table.placed(start + 1):
        cell = lambda c: row[cols[c]] if cols[c] is not None and cols[c] < len(row) else None  # noqa: E731
        name = cell("name")
        if not name or "项目名称" in name or name.startswith(("合计", "总计", "小计")):
            continue
        values = {f: table.amount(cell(f)) for f in _AMOUNTS}
        rate, score = parse_percent(cell("execution_rate")), _plain(cell("score") or "")
        values["execution_rate"], values["score"] = rate, score
        if all(v is None for v in values.values()):
            continue
        funds = {f: values[f] for f in ("budget_full_year", "executed", "execution_rate") if values[f] is not None}
        _check_rate(facts, f"项目自评汇总表“{name}”", funds, page, where)
        _store(facts, "project", name, values, page, where, detailed=False)


reads("performance_project", parse_project_tables)
reads("performance_summary", parse_summary_table)
reads("performance_department", parse_department_table)

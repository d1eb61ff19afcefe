"""基本支出 by economic classification (expenditure_economic), 决算 and 预算.

Layouts differ: the 决算 明细表 prints two or three (code, name, amount) pairs side by side, 人员经费 on
the left and 公用经费 on the right; budgets print one code column (or 类 | 款 columns) with 合计 /
人员经费 / 公用经费 amounts, sometimes the same 款 twice (once per 政府预算经济分类 code, summed here).
So a row is cut into segments, one per economic code cell (3xx / 3xxxx in a column that holds codes),
and each segment's amounts are named by their header words. A page's own header names its columns
(continuation pages may print fewer columns). The category comes from the column (a 人员经费 pair or
amount column), else from the classification (301/303 人员, the rest 公用) when the table speaks of
人员经费/公用经费, else it is unknown.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..facts import Facts
from ..numbers import code_and_name, code_level, code_of, is_amount, parse_decimal, to_wanyuan
from ..locate.registry import reads
from ..locate.tables import LocatedTable, spanned_labels, unreadable_number

_ECON = re.compile(r"^3\d{2}(\d{2})?$")
_PERSONNEL = "人员经费|人员支出"
_PUBLIC = "公用经费|公用支出|日常公用"
_SPLIT = re.compile(f"{_PERSONNEL}|{_PUBLIC}")
_SECTION = re.compile(f"^({_PERSONNEL}|{_PUBLIC})(合计|小计|支出)?$")
_KUAN = re.compile(r"^\d{1,2}$")
_NOT_AMOUNT = re.compile(r"编码|代码|名称|^[类款项]$")
_PRINTED_TOTAL = re.compile(f"({_PERSONNEL}|{_PUBLIC})(合计|总计)")
_ROW_TOTAL = re.compile(r"^(合计|总计|基本支出合计)$")
_PERSONNEL_CLASSES = ("301", "303")
_LABEL = {"personnel": "人员经费", "public": "公用经费"}
_GENERAL = re.compile("一般公共预算|财政拨款")
_KINDS = ("economic_final", "economic_budget", "economic_summary")


def code_at(row: list[str], i: int) -> tuple[str | None, int]:
    """The economic code starting at cell i ('30101', '301 01', or 类 '301' | 款 '1') and the index after it
    (the same cell when it holds the name too)."""
    cell = row[i] if i < len(row) else ""
    joined = code_and_name(cell)  # '30101 基本工资' in one cell
    if joined and _ECON.match(joined[0]):
        return joined[0], i
    code = code_of(cell)
    if code is None or not _ECON.match(code):
        return None, i
    i += 1
    name_next = i + 1 < len(row) and row[i + 1] and not is_amount(row[i + 1])
    if len(code) == 3 and name_next and (not row[i] or _KUAN.match(row[i])):
        return code + row[i].zfill(2) if row[i] else code, i + 1  # 款 in its own column ('2' for '02')
    return code, i


def _figure(cell: str) -> bool:
    """A printed amount, readable or not: a garbled '2,O58.75' holds its place as NULL, never
    as a name, a header word or a reason to take the next column's figure."""
    return is_amount(cell) or unreadable_number(cell)


def _category_of_label(label: str) -> str | None:
    if re.search(_PERSONNEL, label):
        return "personnel"
    if re.search(_PUBLIC, label):
        return "public"
    return None


def summed_where(amount, at, value, where):
    """Where a code's figure is printed once a row printed at where adds value to its amount so far
    (printed at at): the row printing all of it when the other figure is none or zero, else none (a sum
    of several rows' figures is printed nowhere)."""
    if amount is None or (amount == 0 and value):
        return where
    return at if not value else None


def class_category(code: str) -> str:
    """The national template's grouping: 工资福利 and 对个人和家庭的补助 are 人员经费, the rest 公用经费."""
    return "personnel" if code[:3] in _PERSONNEL_CLASSES else "public"


def _code_columns(rows: list[list[str]]) -> set[int]:
    """Columns where economic codes start rows: most of their numeric cells are codes (an amount
    column of a 元 table may hold a '301' now and then)."""
    codes, numeric = {}, {}
    for row in rows:
        for j, cell in enumerate(row):
            if is_amount(cell) or code_of(cell) or code_and_name(cell):
                numeric[j] = numeric.get(j, 0) + 1
                if code_at(row, j)[0]:
                    codes[j] = codes.get(j, 0) + 1
    return {j for j, n in codes.items() if 2 * n >= numeric[j]}


class _Reader:
    """Accumulates one table's rows: codes summed per 部门预算经济分类 code, printed totals."""

    def __init__(self, table: LocatedTable, prefer: str | None):
        self.table, self.prefer = table, prefer
        self.mentions_split = any(_SPLIT.search(c) for r in table.rows for c in r)
        self.section: str | None = None  # set by a 人员经费 / 公用经费 row above the codes
        self.codes: dict[str, dict] = {}
        self.totals: dict[str, dict] = {}

    def add(self, code: str, name: str, value: Decimal | None, category: str | None, page, where) -> None:
        slot = self.codes.setdefault(code, {"name": name, "amount": None, "category": None, "page": page,
                                            "where": where})
        if value is not None and (len(code) == 5 or slot["amount"] is None):
            slot["where"] = summed_where(slot["amount"], slot["where"], value, where)
            slot["amount"] = value + (slot["amount"] or 0)  # a 款 repeated per 政府预算经济分类 adds up
        slot["category"] = slot["category"] or category

    def total(self, category: str, value: Decimal | None, page, where) -> None:
        self.totals.setdefault(category, {"amount": value, "page": page, "where": where})

    def amounts(self, row: list[str], labels: list[str], cols: list[int]) -> tuple[Decimal | None, dict]:
        """The row total of these amount columns and the values of its 人员经费/公用经费 columns.

        The total is the column labelled as the preferred one (汇总表: 基本支出), else the first
        column that is no 人员经费/公用经费 part, else the sum of the parts."""
        if self.prefer:
            preferred = [j for j in cols if self.prefer in labels[j]]
            return (parse_decimal(row[preferred[0]]) if preferred else None), {}
        total, has_total, split = None, False, {}
        for j in cols:
            value = parse_decimal(row[j]) if j < len(row) else None
            category = _category_of_label(labels[j])
            if category and not _is_total_col(labels[j]):
                split.setdefault(category, value)
            elif not has_total:
                total, has_total = value, True
        if not has_total:
            known = [v for v in split.values() if v is not None]
            total = sum(known, Decimal(0)) if known else None
        return total, split

    def segment(self, row, labels, start, end, page, where) -> None:
        code, i = code_at(row, start)
        name_at = next((j for j in range(i, end) if row[j] and not _figure(row[j])), None)
        cols = [j for j in _amount_columns(row, labels, i, end) if j != name_at]
        value, split = self.amounts(row, labels, cols)
        category = None
        if len(split) == 2:
            nonzero = [c for c, v in split.items() if v]
            category = nonzero[0] if len(nonzero) == 1 else None
        elif len(split) == 1 and not any(_is_total_col(labels[j]) for j in cols):
            category = next(iter(split))  # the code sits in a 人员经费 or 公用经费 column group
        if category is None:
            category = self.section or (class_category(code) if self.mentions_split else None)
        name = row[name_at] if name_at is not None else ""
        joined = code_and_name(name)
        self.add(code, joined[1] if joined and joined[0] == code else name, value, category, page, where)

    def total_row(self, row, labels, page, where) -> None:
        """人员经费合计 / 公用经费合计 cells (the amount after each), or a 合计 row's split columns."""
        for j, cell in enumerate(row):
            m = _PRINTED_TOTAL.search(cell.replace(" ", ""))
            if not m:
                continue
            for k in range(j + 1, len(row)):
                if _figure(row[k]):
                    self.total(_category_of_label(m.group(1)), parse_decimal(row[k]), page, where)
                    break
                if row[k]:
                    break
        if any(_ROW_TOTAL.match(c.replace(" ", "")) for c in row):
            cols = _amount_columns(row, labels, 0, len(row))
            for category, value in self.amounts(row, labels, cols)[1].items():
                self.total(category, value, page, where)

    def store(self, facts) -> None:
        scale = self.table.scale
        for code, v in sorted(self.codes.items()):
            facts.add("expenditure_economic", code=code, name=v["name"], level=code_level(code),
                      amount=to_wanyuan(v["amount"], scale), category=v["category"], page=v["page"],
                      where=v["where"])
        for category, v in self.totals.items():
            facts.add("expenditure_economic", code=f"{category}_total", name=f"{_LABEL[category]}合计", level=0,
                      amount=to_wanyuan(v["amount"], scale), category=category, page=v["page"],
                      where=v["where"])


def _amount_columns(row: list[str], labels: list[str], start: int, end: int) -> list[int]:
    """Columns in [start, end) that hold amounts: not a code or name column, blank or a number here."""
    return [j for j in range(start, end) if not _NOT_AMOUNT.search(labels[j]) and (not row[j] or _figure(row[j]))]


def _section_of(row: list[str]) -> str | None:
    """'personnel' / 'public' for a row labelled only 人员经费 or 公用经费 (a subtotal heading the codes below)."""
    words = [c.replace(" ", "") for c in row if c and not _figure(c)]
    return _category_of_label(words[0]) if len(words) == 1 and _SECTION.match(words[0]) else None


def _is_total_col(label: str) -> bool:
    return "合计" in label or "小计" in label


def read_table(table: LocatedTable, facts, prefer: str | None = None) -> None:
    rows = [([c.strip() for c in r], page, where) for r, page, where in table.placed()]
    code_cols = _code_columns([r for r, _, _ in rows])
    reader = _Reader(table, prefer)
    header: list[list[str]] = []
    in_header = True
    for row, page, where in rows:
        if not any(row):
            continue
        starts = [j for j in sorted(code_cols) if j < len(row) and code_at(row, j)[0]]
        section = None if starts else _section_of(row)
        if not starts and not section and not any(_figure(c) for c in row):
            if not in_header:
                header, in_header = [], True
            header.append(row)
            continue
        in_header = False
        width = max([len(row)] + [len(h) for h in header])
        labels = ["".join(parts) for parts in spanned_labels(header, width)]
        if section:
            if not _PRINTED_TOTAL.search("".join(row)):
                reader.section = section  # a heading over its codes, not a closing total
            if any(_figure(c) for c in row):
                total = reader.amounts(row, labels, _amount_columns(row, labels, 0, len(row)))[0]
                reader.total(section, total, page, where)
        elif not starts:
            reader.total_row(row, labels, page, where)
        for n, start in enumerate(starts):
            reader.segment(row, labels, start, starts[n + 1] if n + 1 < len(starts) else len(row), page, where)
    reader.store(facts)


def fit(kind: str, title: str, scope: str | None) -> tuple[bool, bool, bool, bool]:
    """How well a table serves expenditure_economic, best first: a 基本支出 table before the 汇总表's
    column, the document's own level (部门 or 单位) before the other, 一般公共预算(财政拨款), the
    contract's source, before all 财政拨款 (with 政府性基金) and those before all funds."""
    words = title.replace("部门预算经济分类", "")
    level = "unit" if ("单位" in words or "本级" in words) and "部门" not in words else "department"
    return kind != "economic_summary", level == (scope or "department"), "一般公共预算" in words, \
        bool(_GENERAL.search(words))


def keep_one_set(table: LocatedTable, facts, info, prefer: str | None = None) -> None:
    """Read the table, but keep one set of 基本支出 figures per document: a report printing two tables of
    the same codes (部门 and 单位 level, 一般公共预算 and all funds, a 汇总表) keeps the one that fit()
    ranks first (the first of equals); a table of other codes (the rest of a table) adds to it."""
    mine = Facts()
    read_table(table, mine, prefer)
    new, stored = mine.rows["expenditure_economic"], facts.rows["expenditure_economic"]
    if stored and _codes(new) & _codes(stored):
        scope = info.scope if info else None
        earlier = [t for t in facts.tables if t["kind"] in _KINDS]  # extract lists each table once parsed
        if not earlier or max(fit(t["kind"], t["title"], scope) for t in earlier) >= fit(table.kind, table.title, scope):
            return
        for t in earlier:
            t["fact_count"] = 0
        table.replaced = len(stored)
        stored.clear()
    stored.extend(new)


def _codes(rows: list[dict]) -> set[str]:
    return {r["code"] for r in rows if r["code"].isdigit()}


def parse_basic(table: LocatedTable, facts, info) -> None:
    keep_one_set(table, facts, info)


def parse_summary(table: LocatedTable, facts, info) -> None:
    """支出经济分类汇总表 covers 项目支出 too: only its 基本支出 column is used, and only without a 基本支出 table."""
    labels = "".join(c for r in table.rows[:6] for c in r)
    if "基本支出" in labels:
        keep_one_set(table, facts, info, prefer="基本支出")


reads("economic_final", parse_basic)
reads("economic_budget", parse_basic)
reads("economic_summary", parse_summary)

"""财政拨款收入支出(决算)总表 / 财政拨款收支(预算)总表: appropriations received, by fund, and spent,
by 功能分类 类 and fund (extra table grant_summary).

Income and expense are printed side by side. Each side starts at its 项目 (label) column; the income
side has one amount column, the expense side one per fund, named by header words (合计 / 一般公共预算 /
政府性基金 / 国有资本经营). A header printed again on a continuation page is read again, since a page
may print fewer columns. The same fund line appears under several headings (this year's 一般公共预算
财政拨款 and the one under 年初财政拨款结转和结余), so each line keeps the heading above it (parent).
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..facts import place
from ..numbers import code_and_name, code_of, is_amount
from ..locate.registry import reads
from ..locate.tables import LocatedTable, column_labels
from .summary import item_label

_SIDE_HEADING = re.compile(r"^(本年)?(财政拨款)?(收入|支出)$")
_HEADER_CELLS = ("项目", "栏次", "行次")
_LABEL_WORDS = ("项目", "名称")
_CODE_WORDS = ("编码", "代码")
_SKIP_WORDS = ("行次", "栏次", "上年")
_INCOME_WORDS = ("决算", "预算", "金额", "合计")
_FUNDS = (("general", "一般公共预算"), ("gov_fund", "政府性基金"), ("state_capital", "国有资本"))
_ALL_WORDS = ("合计", "总计", "小计", "金额", "决算", "预算数")
_SUB_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _cells(row: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in row if c and c.strip()]


def _is_header(row: list[str]) -> bool:
    """Rows that start a header (again on continuation pages): '收入 | 支出', '项目 | 行次 | 金额 …', 栏次."""
    cells = _cells(row)
    if not cells:
        return False
    if cells[0] in _HEADER_CELLS or any(c in _HEADER_CELLS for c in cells):
        return True
    return all(_SIDE_HEADING.match(c) for c in cells)


def _continues_header(row: list[str]) -> bool:
    """Below a header's first row, a row of words without figures or numbered lines is more of it
    (wrapped header cells: '一般公' over '共预算' over '财政拨款')."""
    return not any(is_amount(c) or item_label(c) != c for c in _cells(row))


def fund_of(text: str) -> str | None:
    """The fund a label names ('一般公共预算财政拨款' → 'general'), None when it names none."""
    return next((fund for fund, word in _FUNDS if word in text), None)


class _Layout:
    """What each column of one header means: the two label columns, the income amount column,
    the expense side's code column and its amount column per fund."""

    def __init__(self, labels: list[str]):
        sides = [j for j, label in enumerate(labels)
                 if any(w in label for w in _LABEL_WORDS) and not any(w in label for w in _CODE_WORDS)]
        self.income_label, self.expense_label = (sides[0], sides[1]) if len(sides) >= 2 else (None, None)
        self.income_amount = self.code = None
        self.funds: dict[str, int] = {}
        if self.expense_label is None:
            return
        between = [j for j in range(self.income_label + 1, self.expense_label)
                   if not any(w in labels[j] for w in _SKIP_WORDS)]
        self.code = next((j for j in between if any(w in labels[j] for w in _CODE_WORDS)), None)
        amounts = [j for j in between if j != self.code]
        self.income_amount = next((j for j in amounts if any(w in labels[j] for w in _INCOME_WORDS)),
                                  amounts[0] if amounts else None)
        for j in range(self.expense_label + 1, len(labels)):
            label = labels[j]
            if any(w in label for w in _SKIP_WORDS):
                continue
            fund = fund_of(label) or ("all" if any(w in label for w in _ALL_WORDS) else None)
            if fund and fund not in self.funds:
                self.funds[fund] = j


class _Side:
    """The lines of one side in order, each with the heading it is printed under."""

    def __init__(self, side: str, facts, seen: dict):
        self.side, self.facts, self.seen = side, facts, seen
        self.group: str | None = None
        self.last: tuple[str, str] | None = None  # (item, fund) of the line above

    def parent_and_fund(self, cell: str, item: str) -> tuple[str | None, str | None]:
        """A total ends the heading above; '其中' belongs to the line above; a sub-numbered '(一)' line,
        or an income line naming a fund, belongs to the current heading; any other line is a heading
        itself. (On the expense side a fund's name is a 类: 国有资本经营预算支出.)"""
        if "合计" in item or "总计" in item:
            self.group = None
            return None, None
        if item.startswith("其中") and self.last:
            return self.last[0], fund_of(item) or self.last[1]
        fund = fund_of(item) if self.side == "income" else None
        if fund or _SUB_NUMBERING.match(cell.strip()):
            return self.group, fund
        self.group = item
        return None, None

    def line(self, cell: str, code: str | None, amounts: dict[str, Decimal | None], page, where) -> None:
        joined = code_and_name(cell)
        if joined and joined[0][0] == "2" and code is None:
            code, cell = joined
        item = item_label(cell).rstrip("：:")
        if not _CJK.search(item):
            return
        parent, fund = self.parent_and_fund(cell, item)
        self.last = (item, fund)
        for column_fund, amount in amounts.items():
            key = (self.side, item, parent, column_fund if self.side == "expense" else fund or "all")
            earlier = self.seen.get(key)
            if earlier is None:
                self.seen[key] = self.facts.add("grant_summary", side=self.side, item=item, parent=parent, code=code,
                                                fund=key[3], amount=amount, page=page, where=where)
            elif earlier["amount"] is None and amount is not None:
                earlier.update(amount=amount, page=page)
                place(earlier, where)


def _cell(row: list[str], j: int | None) -> str:
    return row[j] if j is not None and j < len(row) and row[j] else ""


def parse_grants(table: LocatedTable, facts, info) -> None:
    seen: dict = {}
    income, expense = _Side("income", facts, seen), _Side("expense", facts, seen)
    width = max((len(r) for r in table.rows), default=0)
    header: list[list[str]] = []
    layout = _Layout([])
    reading = False
    for row, page, where in table.placed():
        if _is_header(row) or (header and not reading and _continues_header(row)):
            if reading:
                header, reading = [], False
            header.append(row)
            continue
        if not reading:
            layout = _Layout(column_labels([r for r in header if _cells(r)[:1] not in (["栏次"], ["行次"])], width))
            reading = True
        if layout.expense_label is None:
            continue
        income.line(_cell(row, layout.income_label), None,
                    {"all": table.amount(_cell(row, layout.income_amount))}, page, where)
        code = code_of(_cell(row, layout.code))
        expense.line(_cell(row, layout.expense_label), code if code and code.startswith("2") else None,
                     {fund: table.amount(_cell(row, j)) for fund, j in layout.funds.items()}, page, where)


reads("grants", parse_grants)

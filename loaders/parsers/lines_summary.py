"""A 收支总表 that came as text lines only: each labelled amount's side (收入 / 支出), never guessed.

The table prints income on the left and expense on the right, so a line holds up to two labelled
groups of figures ('财政拨款 1,990.5 一、基本支出 1,384.1 0.4 1,383.7 …'); a group's amount is its first
figure (金额 / 合计, never blank when a part is filled). A group's side is certain from
- its place: of two groups on a line the first is income, when the header prints 收入 before 支出;
- its label: …收入 / …拨款 is income, …支出 is expense (place and label must not disagree).
Any other group ('本年合计 1,990.5', '部门结转 1.1') may sit on either side: every assignment of those is
tried, and one is valid when each side's totals add up — a 合计 / 总计 line equals the total before it
plus the top-level lines since (before the first total, the lines numbered 一、二、 when the side numbers
any). A group is stored only when every valid assignment puts it on the same side and its amount is
not 0 (a zero line adds up anywhere); it keeps the line it stands under (outline.py) as parent. Groups
whose words may belong to both sides ('专项收入 公用经费 164.4'), or whose label was wrapped away from
its figures, are left out and counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from ..numbers import line_figure, to_wanyuan
from .outline import Outline
from .summary import item_label, keep_line
from ..vocabulary import TOLERANCES

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_TOTAL = ("合计", "总计")
_MAX_OPEN = 12  # groups of undecided side tried both ways; more than that settles none of them


@dataclass
class Group:
    label: str  # as printed, without spaces
    amount: Decimal
    page: int | None
    where: object  # the position of its line
    side: str | None = None  # certain side, from place or label


def read_summary(lines: list[tuple], facts, scale: Decimal) -> int:
    """Store every group whose side is certain or settled by the totals; return how many were left out.
    Lines are (text, page) or (text, page, where): with where, each group keeps its line's position."""
    groups, unclear = _groups(lines)
    open_ = [g for g in groups if g.side is None]
    settled = _settle(groups, open_)
    seen: dict = {}
    outlines = {"income": Outline(), "expense": Outline()}
    for g in groups:
        side = g.side or settled.get(id(g))
        if side is not None:
            item = item_label(g.label)
            keep_line(facts, seen, side, item, outlines[side].parent(g.label, item), to_wanyuan(g.amount, scale), g.page,
                      g.where)
    return unclear + sum(1 for g in open_ if id(g) not in settled)


def _groups(lines) -> tuple[list[Group], int]:
    """The labelled groups of figures of every line, and the count of groups with no clear label."""
    income_first = any(re.match(r"^收入.*支出", line.replace(" ", "")) for line, *_ in lines)
    groups, unclear = [], 0
    for line, page, *where in lines:
        found = []
        for words, figures in _split(line):
            label = "".join(words)
            if len(words) != 1 or not _CJK.match(item_label(label)):
                unclear += 1
                found.append(None)
            else:
                found.append(Group(label, figures[0], page, where[0] if where else None, _side_of_label(label)))
        if income_first and len(found) == 2:
            for g, side in zip(found, ("income", "expense")):
                if g is not None:
                    g.side = side if g.side in (None, side) else "conflict"
        for g in found:
            if g is not None and g.side == "conflict":
                unclear += 1
            elif g is not None:
                groups.append(g)
    return groups, unclear


def _split(line: str) -> list[tuple[list[str], list[Decimal]]]:
    """(words, figures) per group: words up to the figures that follow them; integers (行次) skipped."""
    out: list[tuple[list[str], list[Decimal]]] = []
    words: list[str] = []
    figures: list[Decimal] = []
    for tok in line.split():
        value = line_figure(tok)
        if value is not None:
            figures.append(value)
        elif not tok.isdigit():
            if figures:
                out.append((words, figures))
                words, figures = [], []
            words.append(tok)
    if figures:
        out.append((words, figures))
    return out


def _side_of_label(label: str) -> str | None:
    income = "收入" in label or "拨款" in label
    expense = "支出" in label
    if income != expense:
        return "income" if income else "expense"
    return None


def _settle(groups: list[Group], open_: list[Group]) -> dict[int, str]:
    """{id(group): side} for the open groups that every valid assignment puts on one side."""
    if not open_ or len(open_) > _MAX_OPEN:
        return {}
    sides_seen: dict[int, set[str]] = {id(g): set() for g in open_}
    for choice in product(("income", "expense"), repeat=len(open_)):
        side_of = {id(g): s for g, s in zip(open_, choice)}
        if all(_adds_up([g for g in groups if (g.side or side_of[id(g)]) == side]) for side in ("income", "expense")):
            for g, s in zip(open_, choice):
                sides_seen[id(g)].add(s)
    return {id(g): next(iter(s)) for g in open_ if len(s := sides_seen[id(g)]) == 1 and g.amount != 0}


def _adds_up(side: list[Group]) -> bool:
    """Each total line equals the total before it plus the top-level lines since."""
    numbered = any(_NUMBERED.match(g.label) for g in side)
    running, terms, before_first_total = Decimal(0), 0, True
    for g in side:
        if any(w in g.label for w in _TOTAL):
            if abs(g.amount - running) > TOLERANCES.line_term * (terms + 1):  # each printed figure rounded
                return False
            running, terms, before_first_total = g.amount, 1, False
        elif not (before_first_total and numbered) or _NUMBERED.match(g.label):
            running, terms = running + g.amount, terms + 1
    return True

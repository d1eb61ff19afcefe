"""Expenditure by functional classification (类/款/项), every fund, 决算 and 预算 layouts.

Columns come from header words: wrapped header cells join top to bottom, and a group header
('本年支出', '基本支出') spans the blank cells to its right, so '基本支出 / 小计' reads as one label.
Rows come from codes: one cell ('2010301'), spaced ('201 03 01'), split over 类/款/项 columns, or
only the 款/项 digits printed under their 类 (the full code is built from the rows above).
A 合计 cell merged over the code columns shifts its amounts left; they are put back in place.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .. import prior_year
from ..numbers import code_and_name, code_level, is_amount, parse_decimal
from ..locate.catalogue import CATALOGUE
from ..facts import place, where_of
from ..classification import fund_of
from ..locate.registry import derived, reads
from ..locate.tables import LocatedTable, scale_from
from ..vocabulary import TOLERANCES

_FUNCTION_CODE = re.compile(r"^2\d{2}(\d{2}){0,2}$")
_CODE_PART = re.compile(r"^\d{2,3}(\s*\d{2}){0,2}$|^\d{5}$|^\d{7}$")
_TOTAL_LABELS = ("合计", "总计", "本年支出合计", "支出合计", "支出总计")
_NUMBER_ROW = ("栏次", "行次")
_KEY_WORDS = ("名称", "编码", "代码")
_AMOUNT_WORDS = ("合计", "小计", "总计", "支出", "决算", "预算", "金额", "收入", "结转", "结余", "经费", "数")
_NOT_TOTAL = ("基本", "项目", "收入", "结转", "结余", "人员", "公用", "经济")
_SUBTOTAL = ("小计", "合计")
_RESERVE = re.compile(r"机动|预留|预备费")
_BLANK = ("-", "—", "－", "--", "——", "/", "*", "**")


def _clean(cell: str | None) -> str:
    return (cell or "").replace(" ", "").replace("\u3000", "")


def _is_code_part(cell: str) -> bool:
    return bool(_CODE_PART.match(cell.strip()))


def _is_text(cell: str) -> bool:
    """A label cell: not blank, not an amount, not a code."""
    s = cell.strip()
    return bool(s) and parse_decimal(s) is None and not _is_code_part(s) and s not in _BLANK


# ---------------------------------------------------------------- header

def _is_total_label(cell: str) -> bool:
    return _clean(cell).rstrip("：:") in _TOTAL_LABELS


def _total_at(row: list[str]) -> int | None:
    """Where a 合计 label sits, when it comes before the row's amounts."""
    for j, cell in enumerate(row):
        if _is_total_label(cell):
            return j
        if is_amount(cell) and not _is_code_part(cell):
            return None
    return None


def _figures_only(row: list[str]) -> bool:
    """A row of printed figures and nothing else: a one-row 支出总表's totals (合计 | 基本 | 项目 …)."""
    cells = [c.strip() for c in row if c and c.strip()]
    return bool(cells) and all(is_amount(c) and re.search(r"[.,]", c) for c in cells)


def _starts_data(row: list[str]) -> bool:
    """The first body row: a function code before any label, a 合计 row with amounts, or a row of
    figures only."""
    if _total_at(row) is not None:
        return any(is_amount(c) for c in row)
    if _figures_only(row):
        return True
    parts = _head(row, len(row)).parts
    return bool(parts) and len(parts[0][1]) >= 3 and bool(_FUNCTION_CODE.match("".join(d for _, d in parts)))


def _labels(header: list[list[str]], width: int) -> list[str]:
    """Each column's header words, top to bottom; a group header covers the blank cells to its right
    when both it and those cells have sub-headers below."""
    rows = [r + [""] * (width - len(r)) for r in header if _clean(next((c for c in r if c), "")) not in _NUMBER_ROW]
    labels = [""] * width
    for i, row in enumerate(rows):
        below = rows[i + 1:]
        has_below = [any(_clean(r[j]) for r in below) for j in range(width)]
        group = None
        for j in range(width):
            cell = _clean(row[j])
            if cell:
                group = j if has_below[j] else None
                labels[j] += cell
            elif group is not None and has_below[j]:
                labels[j] += _clean(row[group])
            else:
                group = None
    return labels


@dataclass
class _Columns:
    anchor: int  # first amount column
    total: tuple[int, ...]
    basic: tuple[int, ...]  # a group split without a 小计 column is the sum of its columns
    project: tuple[int, ...]
    reserve: tuple[int, ...]  # 单位预留机动经费 / 预备费: a third part of the total in some budgets
    previous: tuple[int, ...]  # last year's figure printed beside this year's (上年预算数, '2023年执行数')
    previous_basis: str | None
    classified: bool  # the header speaks of classification codes (科目, 功能分类)
    economic: frozenset[int]  # columns of economic classification codes and names, when the table has them


def _group_columns(labels: list[str], pool: list[int], word: str) -> tuple[int, ...]:
    """The columns of a spending group: its 小计 when the group is split ('基本支出 / 小计 / 人员经费 …'),
    else every column under it."""
    cols = [j for j in pool if word in labels[j]]
    subtotal = [j for j in cols if any(w in labels[j] for w in _SUBTOTAL)]
    return tuple(subtotal[:1] or cols)


def _columns(labels: list[str], fiscal_year: int | None) -> _Columns:
    amount_cols = [j for j, lab in enumerate(labels)
                   if any(w in lab for w in _AMOUNT_WORDS) and not any(w in lab for w in _KEY_WORDS)]
    anchor = amount_cols[0] if amount_cols else len(labels)
    previous = [j for j in amount_cols if prior_year.basis(labels[j], fiscal_year) is not None][:1]
    pool = _this_years_actuals(labels, [j for j in amount_cols if j not in previous])
    free = [j for j in pool if not any(w in labels[j] for w in _NOT_TOTAL)]
    total = [j for j in free if any(w in labels[j] for w in ("合计", "小计", "总计"))] or free
    return _Columns(anchor=anchor, total=tuple(total[:1]), basic=_group_columns(labels, pool, "基本支出"),
                    project=_group_columns(labels, pool, "项目支出"),
                    reserve=tuple(j for j in pool if _RESERVE.search(labels[j]))[:1], previous=tuple(previous),
                    previous_basis=prior_year.basis(labels[previous[0]], fiscal_year) if previous else None,
                    classified=any(w in lab for lab in labels for w in ("科目", "功能", "编码", "代码")),
                    economic=frozenset(j for j, lab in enumerate(labels[:anchor]) if "经济" in lab))


def _this_years_actuals(labels: list[str], cols: list[int]) -> list[int]:
    """Columns of this year's figures: not 上年; the 决算 ones when the table also prints 预算 beside them."""
    cols = [j for j in cols if "上年" not in labels[j]] or cols
    actual = [j for j in cols if "决算" in labels[j]]
    return actual if actual and any("预算" in labels[j] for j in cols) else cols


# ---------------------------------------------------------------- rows

@dataclass
class _Head:
    parts: list[tuple[int, str]]  # (column, digits) of the code cells
    name: str
    name_at: int | None


def _head(row: list[str], anchor: int, skip: frozenset[int] = frozenset()) -> _Head:
    """Code cells and the name, read left to right up to the first label (or the amount columns)."""
    parts: list[tuple[int, str]] = []
    for j, cell in enumerate(row):
        s = cell.strip()
        if not s or j in skip:
            continue
        if _is_text(s):
            joined = code_and_name(s)
            if joined and joined[0][0] == "2":
                return _Head(parts + [(j, joined[0])], joined[1], j)
            return _Head(parts, s, j)
        if j >= anchor or not _is_code_part(s):
            break
        parts.append((j, re.sub(r"\s", "", s)))
    return _Head(parts, "", None)


class _Codes:
    """Builds full codes from the parts a row prints, remembering the 类 and 款 above it."""

    def __init__(self, class_col: int | None):
        self.class_col = class_col
        self.last = {1: "", 2: ""}
        self.totals: dict[str, Decimal | None] = {}
        self.children: Counter = Counter()  # sum of the 项 seen under each 款
        self.counts: Counter = Counter()

    def code(self, parts: list[tuple[int, str]]) -> str | None:
        if not parts:
            return None
        col, first = parts[0]
        digits = "".join(d for _, d in parts)
        if len(first) >= 3:
            nested = all(d.startswith(p) for (_, p), (_, d) in zip(parts, parts[1:]))
            code = parts[-1][1] if nested and len(parts) > 1 else digits
        elif len(first) == 2 and self.last[1]:
            code = self._short(col, digits)
        else:
            return None
        return code if _FUNCTION_CODE.match(code) else None

    def _short(self, col: int, digits: str) -> str:
        """款/项 digits without their 类: the column says which; in one column, the rows above do."""
        offset = col - self.class_col if self.class_col is not None else 0
        if offset == 1 or (offset <= 0 and self._next_is_kuan()):
            return self.last[1] + digits
        return (self.last[2] or self.last[1]) + digits

    def _next_is_kuan(self) -> bool:
        """After a 类 a short code is a 款; after a 项, a 款 again once its 项 add up to it."""
        kuan = self.last[2]
        if not kuan:
            return True
        total = self.totals.get(kuan)
        return total is not None and abs(self.children[kuan] - total) < TOLERANCES.match * max(1, self.counts[kuan])

    def seen(self, code: str, total: Decimal | None) -> None:
        level = code_level(code)
        if level in (1, 2):
            self.last[level] = code
            if level == 1:
                self.last[2] = ""
            self.totals[code] = total
        elif level == 3:
            self.last[1], self.last[2] = code[:3], code[:5]  # a table of 项 rows only has no 类/款 rows above
            if total is not None:
                self.children[code[:5]] += total
                self.counts[code[:5]] += 1


def _class_col(body: list[tuple], cols: _Columns) -> int | None:
    """The column where 类 codes are printed (most often)."""
    found = Counter()
    for row, *_ in body:
        head = _head(row, cols.anchor, cols.economic)
        if head.parts and len(head.parts[0][1]) >= 3:
            found[head.parts[0][0]] += 1
    return found.most_common(1)[0][0] if found else None


def _shift(row: list[str], label_at: int | None, anchor: int) -> int:
    """How far a merged label cell pushed the amounts left ('合计' spanning the code columns)."""
    if label_at is None or label_at >= anchor - 1:
        return 0
    first = next((j for j in range(label_at + 1, len(row)) if row[j].strip()), None)
    if first is None or first >= anchor or not is_amount(row[first]):
        return 0
    if any(_is_text(c) for c in row[first:anchor]):
        return 0
    return anchor - first


# ---------------------------------------------------------------- parse

def _split(table: LocatedTable):
    start = next((i for i, r in enumerate(table.rows) if _starts_data(r)), len(table.rows))
    return table.rows[:start], table.placed(start)


def parse_function(fund: str):
    def parse(table: LocatedTable, facts, info) -> None:
        if not table.rows:
            return
        header, body = _split(table)
        table.scale = scale_from([c for r in header for c in r if c], table.scale)  # '金额单位：元' in a cell
        width = max(len(r) for r in table.rows)
        cols = _columns(_labels(header, width), info.fiscal_year if info else None)
        codes = _Codes(_class_col(body, cols))
        store = _Store(facts, fund, bool(cols.economic))
        after_code = False
        for row, page, where in body:
            head = _head(row, cols.anchor, cols.economic)
            total_at = None if head.parts else _total_at(row)
            shift = _shift(row, head.name_at if total_at is None else total_at, cols.anchor)
            values = {k: _amount(table, row, getattr(cols, k), shift)
                      for k in ("total", "basic", "project", "reserve", "previous")}
            code = codes.code(head.parts)
            if total_at is not None or (code is None and not store.rows and _figures_only(row)):
                store.total(values, page, where, cols.classified or total_at is None)
            elif code is not None:
                codes.seen(code, values["total"])
                store.code(code, head.name, values, page, where)
            elif any(v is not None for v in values.values()):
                store.other(values, bool(head.parts or head.name))
            elif after_code and head.name and not any(is_amount(c) for c in row):
                store.current["name"] += head.name  # the rest of a name wrapped onto a line of its own
            after_code = code is not None
        for row in store.rows.values():
            row["previous_basis"] = cols.previous_basis if row["previous"] is not None else None
    return parse


def _amount(table: LocatedTable, row: list[str], columns: tuple[int, ...], shift: int) -> Decimal | None:
    """The sum of the columns' amounts in 万元 (None when all are blank)."""
    found = [table.amount(row[j - shift]) for j in columns if 0 <= j - shift < len(row)]
    found = [v for v in found if v is not None]
    return sum(found) if found else None


class _Store:
    """The facts of one table: one row per code. A code printed again adds up when it is another
    unit's or another economic line's; the same figures reprinted (a parent row repeated on a
    continuation page) count once; other figures under the same code in one block add up too, and
    the check repeated_code says so."""

    def __init__(self, facts, fund: str, mixed: bool):
        self.facts, self.fund, self.mixed = facts, fund, mixed
        self.rows: dict[str, dict] = {}
        self.unit_of: dict[str, int] = {}
        self.units = 0  # unit rows seen so far ('003001 某某中心' between blocks of codes)
        self.current: dict | None = None

    def total(self, values: dict, page, where, classified: bool) -> None:
        if "total" not in self.rows and (self.rows or classified) and any(v is not None for v in values.values()):
            self.rows["total"] = self.facts.add("expenditure_function", fund=self.fund, code="total", name="合计",
                                                level=0, page=page, where=where, **values)

    def code(self, code: str, name: str, values: dict, page, where) -> None:
        earlier = self.rows.get(code)
        if earlier is None:
            self.rows[code] = self.facts.add("expenditure_function", fund=self.fund, code=code, name=name,
                                             level=code_level(code), page=page, where=where, **values)
            self.unit_of[code] = self.units
        elif self.mixed or self.unit_of[code] != self.units or any(earlier[k] != v for k, v in values.items()):
            if not self.mixed and self.unit_of[code] == self.units:  # the same code twice in one block
                evidence = {"fund": self.fund, "code": code, "name": earlier["name"] or name, "first": earlier["total"],
                            "first_page": earlier["page"], "again": values["total"], "page": page}
                place(evidence, where)  # the row printing the code again
                self.facts.evidence["repeated_code"].append(evidence)
            _add_to(earlier, values)
            self.unit_of[code] = self.units
        self.current = self.rows[code]

    def other(self, values: dict, labelled: bool) -> None:
        """A row with amounts but no function code: a unit's subtotal, or (in a table with economic
        columns) an economic line of the function code above."""
        if labelled:
            self.units += 1
        elif self.mixed and self.current is not None:
            _add_to(self.current, values)


def _add_to(row: dict, values: dict) -> None:
    for k, v in values.items():
        if v is not None:
            row[k] = (row[k] or 0) + v


for _kind in CATALOGUE:
    if _kind.fund:
        reads(_kind.name, parse_function(_kind.fund))


_COLUMNS = ("total", "basic", "project", "reserve")


@derived
def general_from_appropriation(facts, info) -> None:
    """A report printing one table of all 财政拨款 and no 一般公共预算 table (the 中央 template): its rows
    that the national classification does not give to 政府性基金 or 国有资本经营 are the 一般公共预算 rows,
    a 类 or 款 less its rows of those funds, the total less all of them."""
    rows = facts.get("expenditure_function")
    printed = [r for r in rows if r["fund"] == "appropriation"]
    if not printed or any(r["fund"] == "general" for r in rows):
        return
    names = {r["code"]: r["name"] for r in printed}
    other = {r["code"] for r in printed if r["code"] != "total"
             and fund_of(r["code"], names.get(r["code"][:5], "") + (r["name"] or ""))}
    highest = [r for r in printed if r["code"] in other and not any(
        r["code"][:n] in other for n in (3, 5) if n < len(r["code"]))]
    for r in printed:
        if r["code"] in other:
            continue
        parts = [x for x in highest if r["code"] == "total" or x["code"].startswith(r["code"])]
        values = {c: _less(r[c], [x[c] for x in parts]) for c in _COLUMNS}
        if parts and values["total"] == 0 and not r["code"] == "total":
            continue  # a 类 of those funds' rows only (229 其他支出 of 彩票公益金)
        kept = ("code", "name", "level", "page", "previous", "previous_basis")
        facts.add("expenditure_function", **{k: r[k] for k in kept}, **values, fund="general", where=where_of(r))


def _less(value: Decimal | None, parts: list[Decimal | None]) -> Decimal | None:
    taken = [p for p in parts if p is not None]
    return value if value is None or not taken else value - sum(taken)

"""收入支出总表 (决算 收入支出决算总表, 预算 部门收支总体情况表 / 财务收支预算总表): both sides, every line.

The table prints income and expense side by side: each side is a label column (项目), maybe a 行次
column, and one or more amount columns. Label columns are found by their content (text, not
numbers), so a header that says 项目, 收入, 本年收入 or nothing at all reads the same; the amount
column of each side is chosen by header words (决算数 in a 决算, this year's 预算数 in a 预算).
A report that stacks the two sides in one column pair switches side at a 支出 heading row.
Each line keeps the line it is printed under (parent, see outline.py), so a label printed twice under
different lines ('上级提前下达' under 一般公共预算 and under 政府性基金) stays two rows.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..document import spanning
from ..facts import place, where_of
from ..numbers import is_amount
from ..locate.registry import reads
from ..locate.tables import LocatedTable, column_labels
from ..vocabulary import LAYOUT
from .outline import Outline

_NUMBERING = re.compile(r"^([一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[)）][、.．]?)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SIDE_HEADING = re.compile(r"^(本年)?(财政拨款)?(收入|支出)(项目)?$")
_HEADER_CELLS = ("项目", "栏次", "行次")
_MAX_HEADER_ROWS = 5
# Amount column preference per document kind: the first word found in a column label wins.
_PREFERENCE = {"final": ("决算数", "决算", "金额", "合计", "本年"),
               "budget": ("本年预算", "预算数", "金额", "合计", "小计", "本年", "预算")}
_NOTE_COLUMNS = ("备注", "说明")
_TOTAL_WORDS = ("合计", "小计", "总计")


def item_label(cell: str) -> str:
    """A line's label as printed, without whitespace or leading numbering ('一、', '1.', '（一）')."""
    return _NUMBERING.sub("", re.sub(r"\s+", "", cell or ""))


def _cells(row: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in row if c and c.strip()]


def _is_data_row(row: list[str]) -> bool:
    """A row that carries figures or numbered lines; header rows have neither (栏次 rows aside)."""
    cells = _cells(row)
    if not cells or cells[0] in ("栏次", "行次"):
        return False
    if any(c in _HEADER_CELLS for c in cells):
        return False
    return any(is_amount(c) or _NUMBERING.match(c) for c in cells)


def _split_header(rows: list[list[str]]) -> int:
    """Number of header rows at the top (words only, at most a few)."""
    for i, row in enumerate(rows[:_MAX_HEADER_ROWS]):
        if _is_data_row(row):
            return i
    return 0


def _is_repeated_header(row: list[str], header: list[list[str]]) -> bool:
    """A blank row, or the header printed again on a continuation page ('收入 | 支出', '项目 | 行次 …')."""
    cells = _cells(row)
    if not cells:
        return True
    if row in header or cells[0] in ("栏次", "行次") or any(c in _HEADER_CELLS for c in cells):
        return True
    return all(_SIDE_HEADING.match(c) for c in cells) and len(cells) > 1


def _label_columns(body: list[list[str]], labels: list[str]) -> list[int]:
    """Columns whose filled cells are mostly text with Chinese characters: the 项目 columns."""
    cols = []
    for j, label in enumerate(labels):
        cells = [r[j] for r in body if j < len(r) and r[j] and r[j].strip()]
        text = [c for c in cells if _CJK.search(c) and not is_amount(c)]
        if text and len(text) * 2 > len(cells) and not any(w in label for w in _NOTE_COLUMNS):
            cols.append(j)
    return cols


def _amount_column(labels: list[str], cols: range, body: list[list[str]], info) -> int | None:
    """The side's amount column by header words: never 行次, nor last year's figures when this
    year's are printed too; without telling words, the column holding the most figures."""
    candidates = [j for j in cols if "行次" not in labels[j] and "栏次" != labels[j]]
    year = str(info.fiscal_year or "")
    current = ([j for j in candidates if year and year in labels[j]]
               or [j for j in candidates if "上年" not in labels[j]] or candidates)
    for word in _PREFERENCE.get(info.doc_kind, _PREFERENCE["final"]):
        for j in current:
            if word in labels[j]:
                return j
    filled = [sum(1 for r in body if j < len(r) and is_amount(r[j])) for j in current]
    return current[filled.index(max(filled))] if current else None


def _sides(labels: list[str], body: list[list[str]], info):
    """(side, label column, amount column) for each column group of the table, left to right: income,
    then expense (a 支出 side may print two groups, 功能分类 and 支出用途 or 经济分类)."""
    label_cols = _label_columns(body, labels)
    sides = []
    for n, col in enumerate(label_cols[:3]):
        end = label_cols[n + 1] if n + 1 < len(label_cols) else len(labels)
        side = "expense" if n >= 1 or ("支出" in labels[col] and "收入" not in labels[col]) else "income"
        sides.append((side, col, _amount_column(labels, range(col + 1, end), body, info)))
    return sides


def _last_figure(row: list[str], after: int) -> str | None:
    """The rightmost figure after a column: where a three-group 总表 prints its 支出 totals."""
    return next((c for c in reversed(row[after + 1:]) if is_amount(c)), None)


def _continues(cell: str, earlier: dict | None) -> bool:
    """A label cut mid-word ('1.一般公共预' | '算'): a short unnumbered fragment right under a numbered line."""
    frag = re.sub(r"\s+", "", cell or "")
    return earlier is not None and earlier["numbered"] and 0 < len(frag) <= LAYOUT.max_fragment \
        and not _NUMBERING.match(frag) and not any(w in frag for w in _TOTAL_WORDS)


def parse_summary(table: LocatedTable, facts, info) -> None:
    start = _split_header(table.rows)
    header = table.rows[:start]
    body = [(r, p, w) for r, p, w in table.placed(start) if not _is_repeated_header(r, header)]
    width = max((len(r) for r in table.rows), default=0)
    labels = column_labels([r for r in header if (r[0] or "").strip() not in ("栏次", "行次")], width)
    sides = _sides(labels, [r for r, _, _ in body], info)
    stacked_side = "income"  # one column pair for both sides: a 支出 heading row switches
    seen: dict[tuple[str, str, str | None], dict] = {}
    outlines = {"income": Outline(), "expense": Outline()}
    last: dict[int, dict | None] = {}  # each group's line above, for figures and words run onto the next line
    for row, page, where in body:
        for group, (side, label_col, amount_col) in enumerate(sides):
            cell = row[label_col] if label_col < len(row) else ""
            item = item_label(cell)
            amount = table.amount(row[amount_col]) if amount_col is not None and amount_col < len(row) else None
            earlier = last.get(group)
            if not _CJK.search(item):
                if amount is not None and earlier is not None and earlier["line"]["amount"] is None:
                    line = earlier["line"]  # the figure printed a line below its label
                    place(line, spanning(where_of(line), where) if line["page"] == page else where)
                    line.update(amount=amount, page=page)
                continue
            if amount is None and _continues(cell, earlier):
                earlier["line"]["item"] += item
                continue
            if amount is None and group > 0 and any(w in item for w in _TOTAL_WORDS):
                amount = table.amount(_last_figure(row, label_col))
            if len(sides) == 1:
                if amount is None and _SIDE_HEADING.match(item):
                    stacked_side = "expense" if "支出" in item else "income"
                    continue
                side = stacked_side
            parent = outlines[side].parent(cell, item)
            line = keep_line(facts, seen, side, item, parent, amount, page, where)
            last[group] = {"line": line, "numbered": bool(_NUMBERING.match(re.sub(r"\s+", "", cell)))}


def keep_line(facts, seen: dict, side: str, item: str, parent: str | None, amount: Decimal | None,
              page: int | None, where) -> dict:
    """One row per (side, item, parent): a label repeated under the same line (a continuation page
    printing it again) fills a blank first one, else the first stays."""
    key = (side, item, parent)
    earlier = seen.get(key)
    if earlier is None:
        earlier = seen[key] = facts.add("summary", side=side, item=item, amount=amount, page=page, parent=parent,
                                        where=where)
    elif earlier["amount"] is None and amount is not None:
        earlier.update(amount=amount, page=page)
        place(earlier, where)
    return earlier


reads("summary", parse_summary)

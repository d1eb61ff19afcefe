"""“三公”经费 (sangong): budget and actual of the six items, read by header words and row labels.

Layouts differ: items as columns under 预算数/决算数 blocks, or 预算数/决算数 under each item, or a
budget report's single row (sometimes last year's budget beside this year's); some print the items
as rows with 预算数/决算数 columns. So every amount cell is named by the words of its column (merged
header cells spread over the columns they span) and of its row: the most specific item word names
the item, 预算/决算 the measure, a year other than the report's marks a figure to leave out — but for
last year's figure (上年预算数, prior_year.py), kept as `previous` for the year-over-year check.
All six items are always stored, NULL when the table prints no figure for them; 会议费 and 培训费
when the table prints them beside 三公 (its 合计 then includes them: the 三公 total is the 小计 under
“三公”经费).
"""
from __future__ import annotations

import re

from .. import prior_year
from ..numbers import is_amount
from ..prose import AMOUNT, Passage, amounts, is_heading, passages
from ..locate.registry import fallback, reads
from ..locate.tables import LocatedTable, spanned_labels
from ..vocabulary import SANGONG, SANGONG_PROPER, prose_pattern

ITEMS = SANGONG_PROPER
EXTRA_ITEMS = tuple(i.key for i in SANGONG if i.key not in ITEMS)  # beside 三公 in some tables (会议费、培训费)
_HEADER = {i.key: re.compile(i.header) for i in SANGONG}
_TOTAL = _HEADER["total"]
_SUBTOTAL = re.compile(r"^(合计|总计|小计)$")
_NOT_A_FIGURE = re.compile(r"上年|上一年|增减|增长|变动|比较|同比|%|％|完成率|执行率|占比|比例|行次|栏次|序号")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PROSE_AMOUNT = re.compile(AMOUNT)
_CLAUSE_ENDS = "，,；;。"
_PROSE_ITEM = re.compile(prose_pattern(SANGONG))


def item_of(label: str) -> str | None:
    """The item a header cell or row label names; None for words that name none (小计, 预算数)."""
    s = label.replace(" ", "")
    if "机关运行" in s:
        return None
    named = {key for key, words in _HEADER.items() if words.search(s)}
    first = next((key for key in ("meeting", "training", "overseas", "reception") if key in named), None)
    if first:
        return first
    if {"vehicle_purchase", "vehicle_operation"} <= named:  # both parts: the whole (购置及运行费)
        return "vehicle"
    return next((key for key in ("vehicle_purchase", "vehicle_operation", "vehicle", "total") if key in named), None)


def _deepest_item(parts: list[str]) -> str | None:
    """The most specific item among header parts read bottom up ('小计', or a '合计' under an item, defers to its
    parent); a part joins the ones below it, so a cell wrapped over two header rows ('公务用车购置及运' | '行费')
    still reads whole."""
    for k in range(len(parts) - 1, -1, -1):
        item = item_of("".join(parts[k:]))
        if item == "total" and _SUBTOTAL.match("".join(parts[k:]).replace(" ", "")) \
                and any(item_of(p) not in (None, "total") for p in parts[:k]):
            continue  # '公务用车购置及运行费 / 合计': the item's own sum
        if item:
            return item
    return None


def measure_of(parts: list[str], fiscal_year: int | None, default: str) -> str | None:
    """'budget' or 'actual' from the most specific word, 'previous' for last year's figure; None for
    another period's figure, a rate or a row number."""
    if prior_year.basis(parts, fiscal_year) is not None:
        return "previous"
    for part in parts:
        years = {int(y) for y in _YEAR.findall(part)}
        if _NOT_A_FIGURE.search(part) or (fiscal_year and years and fiscal_year not in years):
            return None
    for part in reversed(parts):
        if re.search(r"决算|实际|执行数", part):
            return "actual"
        if "预算" in part:
            return "budget"
    return default


def _is_index_row(cells: list[str]) -> bool:
    """The 栏次 row: 1 | 2 | 3 … (or a row that says 栏次)."""
    filled = [c for c in cells if c]
    return bool(filled) and (filled[0] in ("栏次", "行次")
                             or filled == [str(i) for i in range(1, len(filled) + 1)])


def read_sangong(table: LocatedTable, doc_kind: str | None, fiscal_year: int | None) -> dict:
    """{item: {'budget': x, 'actual': y, 'previous': z, 'previous_basis': b, 'page': p, 'where': w}} for the
    six items (None where not printed), and for 会议费 and 培训费 when the table prints them; page and where
    are those of the row its first figure is printed on."""
    default = "actual" if doc_kind == "final" else "budget"
    rows = [([c.strip() for c in r], (p, w)) for r, p, w in table.placed()]
    start = next((i for i, (r, _) in enumerate(rows) if any(is_amount(c) for c in r) and not _is_index_row(r)),
                 len(rows))
    width = max((len(r) for r, _ in rows), default=0)
    columns = spanned_labels([r for r, _ in rows[:start] if not _is_index_row(r)], width)
    wide = any(_deepest_item(parts) not in (None, "total") for parts in columns)
    combined = wide and any(_deepest_item(parts) in EXTRA_ITEMS for parts in columns)
    data = []
    for r, p in rows[start:]:
        if not any(is_amount(c) for c in r):
            if wide and any(r):
                break  # the header of another table run into this one
            continue
        if not _is_index_row(r):
            data.append((r, p))
    data.sort(key=lambda rp: not any(_TOTAL.search(c) for c in rp[0] if not is_amount(c)))
    values = {item: {"budget": None, "actual": None, "previous": None, "previous_basis": None, "page": None,
                     "where": None} for item in ITEMS + (EXTRA_ITEMS if combined else ())}
    for row, (page, where) in data:
        labels = [c for c in row if c and not is_amount(c)]
        for j, cell in enumerate(row):
            if not is_amount(cell):
                continue
            col = columns[j] if j < len(columns) else []
            item = _deepest_item(col) if wide else _deepest_item(labels)
            if combined and item == "total" and not any("三公" in part for part in col):
                continue  # the 合计 of 三公, 会议费 and 培训费 together: not the 三公 total
            measure = measure_of(col + labels, fiscal_year, default)
            slot = values.get(item)
            if slot is None or measure is None or slot[measure] is not None:
                continue
            slot[measure] = table.amount(cell)
            if slot["page"] is None and slot["where"] is None:
                slot["page"], slot["where"] = page, where
            if measure == "previous":
                slot["previous_basis"] = prior_year.basis(col + labels, fiscal_year)
    return values


def parse_sangong(table: LocatedTable, facts, info) -> None:
    values = read_sangong(table, info.doc_kind, info.fiscal_year)
    first = next((v["page"] for v in values.values() if v["page"] is not None), table.first_page)
    for item in values:
        v = values[item]
        facts.add("sangong", item=item, budget=v["budget"], actual=v["actual"], previous=v["previous"],
                  previous_basis=v["previous_basis"], page=v["page"] or first,
                  where=v["where"])


reads("sangong", parse_sangong)


@fallback
def sangong_from_prose(doc, facts, info) -> None:
    """A report without a 三公 table (some budgets state 三公 only in the narrative): the figures its
    三公 section states, each with its page. Items it does not state are not stored."""
    if facts.get("sangong"):
        return
    default = "actual" if info and info.doc_kind == "final" else "budget"
    values = read_prose(doc.placed_lines(), default, info.fiscal_year if info else None)
    _vehicle_from_parts(values)
    for item in ITEMS:
        if item in values:
            facts.add("sangong", item=item, **values[item])


def _vehicle_from_parts(values: dict) -> None:
    """A narrative stating 购置费 and 运行费 but not their sum ('其中因公出国（境）费…，公务用车购置费…，
    公务用车运行维护费…') gives 公务用车购置及运行费 as that sum, so the three items still add up to the total."""
    parts = [values.get("vehicle_purchase"), values.get("vehicle_operation")]
    if "vehicle" in values or None in parts:
        return
    sums = {m: parts[0][m] + parts[1][m] if None not in (parts[0][m], parts[1][m]) else None
            for m in ("budget", "actual")}
    if any(v is not None for v in sums.values()):
        values["vehicle"] = {**sums, "page": parts[0]["page"], "where": parts[0]["where"]}


def read_prose(lines: list[tuple], default: str, fiscal_year: int | None) -> dict:
    """{item: {'budget', 'actual', 'page', 'where'}} from the 三公 section: the first figure of each item
    and measure, 预算/决算 by the words before it (a bare figure is the report's own measure); page and
    where (lines given as (text, page, where)) are those of the item's first figure."""
    values: dict = {}
    for p in _section(lines):
        for item, a in _stated(p, fiscal_year):
            measure = {"budget": "budget", "actual": "actual", "plain": default}.get(a.role)
            if measure is None:
                continue
            slot = values.setdefault(item, {"budget": None, "actual": None, "page": a.page,
                                            "where": p.where_at(a.start)})
            if slot[measure] is None:
                slot[measure] = a.value
    return values


def _section(lines: list[tuple]):
    """The passages under a heading that names 三公, or from a sentence that does, to the next heading
    that names neither 三公 nor an item ('（二）公务接待费' stays in the section)."""
    inside = False
    for p in passages(lines, headings=True):
        if is_heading(p.text) and not _PROSE_AMOUNT.search(p.text):
            inside = "三公" in p.text or (inside and _PROSE_ITEM.search(p.text) is not None)
        elif inside or "三公" in p.text:
            inside = True
            yield p


def _stated(p: Passage, fiscal_year: int | None):
    """(item, amount) for each amount after an item word, up to the next item word; an amount whose
    clause names another year ('2025年“三公”经费预算为…') is left out."""
    marks = list(_PROSE_ITEM.finditer(p.text))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(p.text)
        clause = max(p.text.rfind(c, 0, m.start()) for c in _CLAUSE_ENDS) + 1
        for a in amounts(p, m.end(), end, yuan=True):
            years = {int(y) for y in _YEAR.findall(p.text[clause:a.start])}
            if not (fiscal_year and years and fiscal_year not in years):
                yield m.lastgroup, a

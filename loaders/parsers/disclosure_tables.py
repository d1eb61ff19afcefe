"""disclosures printed in tables: a 机关运行经费 column or table, a 国有资产占用情况表.

Some budgets print 机关运行经费 beside 三公 in one table ('“三公”经费和机关运行经费预算表'), or in a table of
its own by economic class (江苏 公开11表); some 决算 print the cars and large equipment a unit holds in a
国有资产占用情况表. Whatever the title, the table is known by what it holds: a column (or a row) whose
header words name an item ('2024年机关运行经费预算数', '车辆（辆）' over '一般公务用车', '单价100万元以上专用设备'),
its figure read from the 合计 row (or the one row a one-row table prints). The report's own measure is
kept (决算数 in a 决算, 预算数 in a 预算); a column of last year's figure (上年预算数) gives prior_value.
These rows (source 'table') stand beside what the narrative states (source 'text'): a check compares them.
A 机关运行经费 table of its own is a catalogue kind (operating_costs) this module parses; the other tables
(三公 beside 机关运行经费, 国有资产占用) are read from the printed blocks, whatever kind they were located as.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..numbers import is_amount, parse_decimal
from ..locate.registry import narrative, reads
from ..locate.tables import LocatedTable, own_unit_scale, scale_from, spanned_labels
from ..vocabulary import DISCLOSED_BY_KEY, VEHICLE_KINDS, Item
from .disclosures import _BUY, _EQUIPMENT
from .sangong import measure_of

_ITEM = DISCLOSED_BY_KEY
_KINDS = [(_ITEM[("assets", k)], re.compile(_ITEM[("assets", k)].header)) for k in VEHICLE_KINDS]
_OPERATING = re.compile(_ITEM[("operating_costs", "total")].header)
_VEHICLES = re.compile(r"车辆(?:数|数量|总数)?(?:[（(]辆[)）])?(?:合计|小计|总计|总数)?$|(?:公务用车|汽车)[（(]辆[)）](?:合计|小计|总计)?$")
_ASSETS = re.compile(r"资产总(?:额|计)")
_TOTAL_ROW = re.compile(r"^(?:合计|总计)")
_INDEX_COLUMN = re.compile(r"^(?:行次|栏次|序号|行号)$")
_MEASURE_COLUMNS = {"count": re.compile(r"数量|[（(](?:辆|台|套|台[（(]套[)）]|个)[)）]$"),
                    "amount": re.compile(r"金额|价值|万元|[（(]元[)）]")}
_CONTEXT_LINES = 6  # text lines above a table where its 单位 line may be


def table_item(label: str) -> tuple[Item, Decimal | None] | None:
    """The item a header or row label names, with the equipment threshold it states; a purchase
    ('执法执勤车辆购置') names nothing the unit holds."""
    s = re.sub(r"\s", "", label)
    if _BUY.search(s):
        return None
    eq = _EQUIPMENT.search(s)
    if eq:
        kind = {"通用": "equipment_general", "专用": "equipment_special"}.get(eq.group("kind") or "", "equipment")
        return _ITEM[("assets", kind)], Decimal(eq.group("threshold"))
    if _OPERATING.search(s):
        return _ITEM[("operating_costs", "total")], None
    if _ASSETS.search(s):
        return _ITEM[("assets", "assets_total")], None
    kind = next((i for i, p in _KINDS if p.search(s)), None)
    if kind is not None:
        return kind, None
    return (_ITEM[("assets", "vehicles")], None) if _VEHICLES.search(s) else None


def _is_index(row: list[str]) -> bool:
    """The 栏次 row under a header: 1 | 2 | 3 … (or a row that says 栏次)."""
    cells = [c.replace(" ", "") for c in row if c]
    return bool(cells) and (cells[0] in ("栏次", "行次") or cells == [str(i) for i in range(1, len(cells) + 1)])


def _header_end(rows: list[list[str]]) -> int:
    """Index of the first row that prints a figure, or only the 合计 label (its figure wrapped to the next
    line): the header is above it (a 栏次 row is neither)."""
    def starts_data(row: list[str]) -> bool:
        cells = [c.replace(" ", "") for c in row if c]
        return any(is_amount(c) for c in cells) or (len(cells) == 1 and _TOTAL_ROW.match(cells[0]) is not None)
    return next((i for i, r in enumerate(rows) if starts_data(r) and not _is_index(r)), len(rows))


def _label(parts: list[str]) -> str:
    """The fewest header words, bottom up, that still name the item (not the title or 单位 line above)."""
    return next(("".join(parts[k:]) for k in range(len(parts) - 1, -1, -1) if table_item("".join(parts[k:]))),
                "".join(parts))


def _figure_rows(data: list[tuple[list[str], object, int | None]], fiscal_year, default: str) -> list[tuple]:
    """(row, where, previous) of the rows the table's figures are read from: its 合计 row (or the row right
    after a 合计 label that prints no figure of its own); else its rows of this year's and last year's
    figure (本年预算数 | 上年预算数 as row labels, or a one-row table's only row)."""
    total = _total_row(data)
    if total is not None:
        return [(*total, False)]
    figures = [(row, where, measure_of([c for c in row if c and not is_amount(c)], fiscal_year, default))
               for row, where, _ in data if any(is_amount(c) for c in row)]
    this_year = [f for f in figures if f[2] == default]
    if len(this_year) != 1:
        return []  # several rows of this year's figures and no 合计: whose figure is which cannot be told
    return [(row, where, False) for row, where, _ in this_year] + \
        [(row, where, True) for row, where, m in figures if m == "previous"][:1]


def _total_row(data: list[tuple[list[str], object, int | None]]) -> tuple[list[str], object] | None:
    """(row, where) of the table's 合计 row, or of the row right after a 合计 label that prints no figure of
    its own; None when it prints none."""
    for k, (row, where, _) in enumerate(data):
        if any(_TOTAL_ROW.match(c.replace(" ", "")) for c in row if c):
            if any(is_amount(c) for c in row):
                return row, where
            if k + 1 < len(data) and not any(c and not is_amount(c) for c in data[k + 1][0]):
                return data[k + 1][0], data[k + 1][1]
    return None


def _value(item: Item, cell: str, scale: Decimal) -> Decimal | None:
    value = parse_decimal(cell)
    if value is None:
        return None
    if item.unit == "万元":
        return value * scale
    return value if value == value.to_integral_value() else None  # a count is a whole number


def _laid_out(rows: list[list[str]], wheres: list, page: int | None, doc_kind: str | None) -> tuple[list, list, str]:
    """A printed table as its columns' header words, its data rows (row, where, page; no 栏次 row) and the
    measure of this report's figures (决算数 in a 决算, 预算数 otherwise)."""
    rows = [[(c or "").strip() for c in r] for r in rows]
    wheres = list(wheres or []) + [None] * (len(rows) - len(wheres or []))
    start = _header_end(rows)
    columns = spanned_labels(rows[:start], max((len(r) for r in rows), default=0))
    data = [(r, w, page) for r, w in zip(rows[start:], wheres[start:]) if not _is_index(r)]
    return columns, data, "actual" if doc_kind == "final" else "budget"


def read_table(rows: list[list[str]], wheres: list, page: int | None, scale: Decimal, doc_kind: str | None,
               fiscal_year: int | None) -> list[dict]:
    """The disclosure rows one printed table holds: by its columns' header words, else by its rows' labels."""
    columns, data, default = _laid_out(rows, wheres, page, doc_kind)
    found: dict[tuple[str, str], dict] = {}
    named = [(j, table_item("".join(parts)), parts) for j, parts in enumerate(columns)]
    named = [(j, n, parts) for j, n, parts in named if n is not None]
    rows = _figure_rows(data, fiscal_year, default) if named else []
    for row, where, previous in rows:
        for j, (item, threshold), parts in named:
            measure = "previous" if previous else measure_of(parts, fiscal_year, default)
            value = _value(item, row[j], scale) if j < len(row) else None
            if value is None or measure not in (default, "previous"):
                continue
            _keep(found, item, threshold, value, measure == "previous", _label(parts), where)
    if not named:
        words = ["".join(parts) for parts in columns]
        for row, where, _ in data:
            labels = [c for c in row if c and not is_amount(c)]
            hit = table_item("".join(labels)) if labels else None
            figure = _row_figure(hit[0], row, words) if hit is not None else None
            if figure is not None and (value := _value(hit[0], figure, scale)) is not None:
                _keep(found, hit[0], hit[1], value, False, "".join(labels), where)
    return [r for r in found.values() if r["value"] is not None]


def _row_figure(item: Item, row: list[str], words: list[str]) -> str | None:
    """The figure a row prints for the item its label names, by its columns' header words (项目 | 行次 | 数量 |
    金额): a count from a 数量 column where one is printed (none where only amounts are named), an amount from
    any other column, a 金额 one first; else the row's first figure. A 行次 column's numbers are never a figure."""
    cells = [(words[j] if j < len(words) else "", c) for j, c in enumerate(row) if is_amount(c)]
    cells = [(w, c) for w, c in cells if not _INDEX_COLUMN.match(w)]
    counts, amounts = (any(_MEASURE_COLUMNS[m].search(w) for w in words) for m in ("count", "amount"))
    if item.unit != "万元" and (counts or amounts):
        cells = [(w, c) for w, c in cells if _MEASURE_COLUMNS["count"].search(w)]
    elif item.unit == "万元":
        cells = [(w, c) for w, c in cells if not _MEASURE_COLUMNS["count"].search(w)]
        cells = sorted(cells, key=lambda wc: not _MEASURE_COLUMNS["amount"].search(wc[0]))
    return cells[0][1] if cells else None


def _keep(found: dict, item: Item, threshold, value: Decimal, previous: bool, label: str, where) -> None:
    row = found.setdefault((item.topic, item.key), {
        "topic": item.topic, "item": item.key, "value": None, "unit": item.unit, "prior_value": None,
        "threshold": threshold, "label": label, "where": where})
    if previous:
        row["prior_value"] = row["prior_value"] if row["prior_value"] is not None else value
    elif row["value"] is None:
        row.update(value=value, label=label, where=where)


def parse_operating_costs(table: LocatedTable, facts, info) -> None:
    """A table of its own for 机关运行经费 (by economic class, 江苏 公开11表): its total, at the row printing
    it (on the table's first page, the page it is stored with). Where no header names the item (科目编码 |
    科目名称 | 决算数: the title does), the 合计 row's figure under this year's measure is the total."""
    wheres = [w if p == table.first_page else None for _, p, w in table.placed()]
    kind, year = (info.doc_kind, info.fiscal_year) if info else (None, None)
    for r in (read_table(table.rows, wheres, table.first_page, table.scale, kind, year)
              or _own_total(table.rows, wheres, table.scale, kind, year)):
        facts.add("disclosures", page=table.first_page, source="table", **r)


def _own_total(rows: list[list[str]], wheres: list, scale: Decimal, doc_kind: str | None,
               fiscal_year: int | None) -> list[dict]:
    """The 机关运行经费 total of a table that holds nothing else: its 合计 row's figure (or the next line's,
    where the label stands alone) in the first column of this year's measure (决算数 in a 决算, 预算数 in a
    预算, or a column that names no measure), last year's beside it as prior_value. Only a 合计 row: a row
    of one class names no total, and its code would read as a figure."""
    columns, data, default = _laid_out(rows, wheres, None, doc_kind)
    total = _total_row(data)
    if total is None:
        return []
    (row, where), item, found = total, _ITEM[("operating_costs", "total")], {}
    for j, cell in enumerate(row):
        parts = columns[j] if j < len(columns) else []
        measure = measure_of(parts, fiscal_year, default)
        value = _value(item, cell, scale) if is_amount(cell) else None
        if value is not None and measure in (default, "previous"):
            _keep(found, item, None, value, measure == "previous", "".join(parts), where)
    return [r for r in found.values() if r["value"] is not None]


reads("operating_costs", parse_operating_costs)


@narrative
def read_disclosure_tables(doc, facts, info) -> None:
    """Every other table of the document that prints a disclosure figure (a 机关运行经费 column beside 三公,
    a 国有资产占用情况表), each figure once per page. A table block printing no header right under the one
    before (its next page, nothing between them) is read under that block's header, in its unit."""
    context: list[str] = []
    default = info.scale if info else Decimal(1)
    header: list[list[str]] = []
    scale = default
    for block in doc.blocks:
        if not block.is_table:
            context.append(block.text or "")
            continue
        rows, wheres = block.rows, block.where
        if context or _header_end(rows) > 0:
            scale = scale_from(context[-_CONTEXT_LINES:], own_unit_scale(block.rows, default))
            header = rows[:_header_end(rows)]
        else:  # the next page of the table before
            rows, wheres = header + rows, [None] * len(header) + list(wheres or [None] * len(rows))
        read = {(r["topic"], r["item"], r["page"]) for r in facts.get("disclosures", source="table")}
        for r in read_table(rows, wheres, block.page, scale, info.doc_kind if info else None,
                            info.fiscal_year if info else None):
            if (r["topic"], r["item"], block.page) in read:
                continue  # the table a parser read (parse_operating_costs)
            facts.add("disclosures", page=block.page, source="table", **r)
        context = []

"""Tables that reached us as text lines only (no columns): recover what the lines allow, never guess.

Some exports lose a table's columns: after the title come the header words and then the rows as
plain lines, a row often wrapped ("201 03 01 016" / "行政运行（政府办公厅…" / "986.3 986.3 831.4 152.3 2.6").
This reader runs after the table parsers, only for a registered title with no table block after it.
A row starts at a code of the table's own classification (a 5xx 政府预算经济分类 code after a 3xx one
is the next column, not a new row) or at a label with figures; wrapped name lines and a figures-only
line join it. Figures have a decimal point (bare integers are codes). Mapping to columns:
- the first figure of a row is its total (the total column is never blank when another is filled);
- 基本支出 / 项目支出 only when every placement of the row's figures in the columns (their count from the
  栏次 line) that satisfies the row's own sums and the sums down the table (合计 = Σ 类, 类 = Σ 款, …,
  column by column: column_sums.py) gives the same split;
- a labelled line's one figure (三公 tables);
- the 收支总表's two sides: lines_summary.py.
Figures are scaled to 万元 by the table's own 单位 line, else the report's.
Tables read only in part are listed in facts.problems, so the document is 'partial'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations, takewhile

from ..facts import Facts
from ..numbers import code_level, line_figure
from ..locate.registry import KINDS, narrative, title_kind
from ..locate.tables import scale_from
from .column_sums import settled
from .economic import class_category, summed_where
from .lines_summary import read_summary
from .sangong import ITEMS, item_of
from ..vocabulary import TOLERANCES

_INTEGER = re.compile(r"^\d{2,7}$")
_PROSE = re.compile(r"[，。；]")
_TOTAL = re.compile(r"^(合计|总计|共计)$")
_NOTE = ("注：", "注:", "说明：")
_OTHER_TITLE = re.compile(r"^[^，。；]{0,40}表$")  # an unregistered table's title ends this one
_TABLE_NUMBER = re.compile(r"^(\d+/\d+)?(预算|决算|公开)?\d+表$")  # '预算 10 表' alone names nothing
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LABEL_HEAD = re.compile(r"^(项目|栏次|类|款|项)$|科目|编码|代码|名称")  # header words of the label columns
@dataclass
class LineRow:
    code: str | None
    label: str
    figures: list[Decimal] = field(default_factory=list)
    page: int | None = None
    name_closed: bool = False
    where: object = None  # the position of the line printing its figures (until then, of its first line)


@dataclass
class LineTable:
    kind: str
    title: str
    page: int | None
    rows: list[LineRow] = field(default_factory=list)
    columns: int | None = None  # figure columns, from the 栏次 line ('** ** 1 2 3 … 8')
    lines: list[tuple[str, int | None, object]] = field(default_factory=list)  # as printed, with pages and positions
    scale: Decimal = Decimal(1)  # to 万元: 1/10000 when the table is printed in 元


@narrative
def recover_line_tables(doc, facts: Facts, info) -> None:
    """Fill the facts of registered tables that came as lines only, and say which were read in part."""
    doc_kind = info.doc_kind if info else None
    read = {t["kind"] for t in facts.tables}
    for table in line_tables(doc.blocks, doc_kind):
        reader = _reader_for(table.kind)
        if reader is None or not table.rows or table.kind in read:
            continue
        table.scale = scale_from([line for line, *_ in table.lines], info.scale if info else Decimal(1))
        for row in table.rows:
            row.figures = [f * table.scale for f in row.figures]
        before = facts.count()
        partial = reader(table, facts)
        facts.tables.append({"kind": table.kind, "label": table.title, "title": table.title,
                             "first_page": table.page, "row_count": len(table.rows),
                             "fact_count": facts.count() - before})
        if partial:
            facts.problems.append(f"{table.title}只有文字行、没有列：{partial}行只能读出部分数字")


def line_tables(blocks, doc_kind: str | None) -> list[LineTable]:
    """Each registered title line followed by text lines only (no table block before the next title),
    its rows joined over repeated titles of the same kind (continuation pages)."""
    out: list[LineTable] = []
    current: LineTable | None = None
    for block in blocks:
        if block.is_table:
            if current is not None and out and out[-1] is current and not current.rows:
                out.pop()  # the title has a real table: the table parsers read it
            current = None
            continue
        line = block.text.strip()
        kind = None if _PROSE.search(line) else title_kind(line, doc_kind)
        if kind is not None:
            if out and out[-1].kind == kind.name and current is not None:
                continue  # repeated title on a continuation page
            current = LineTable(kind.name, line.replace(" ", ""), block.page)
            out.append(current)
            continue
        if current is None:
            continue
        if line.startswith(_NOTE) or (len(line) > 45 and _PROSE.search(line)) or _other_title(line):
            current = None
            continue
        where = block.where[0] if block.where else None
        current.lines.append((line, block.page, where))
        _add_line(current, line, block.page, where)
    return out


def _other_title(line: str) -> bool:
    s = line.replace(" ", "")
    return bool(_OTHER_TITLE.match(s)) and not _TABLE_NUMBER.match(s)


def _add_line(table: LineTable, line: str, page, where) -> None:
    tokens = line.split()
    if tokens and tokens[0] in ("**", "栏次") or (len(tokens) > 3 and all(re.fullmatch(r"\*+|\d{1,2}", t)
                                                                     for t in tokens)):
        table.columns = sum(1 for t in tokens if t.isdigit())
        return
    code, rest = _leading_code(tokens, table)
    if code is not None:
        table.rows.append(LineRow(code, "", page=page, where=where))
        tokens = rest
    row = table.rows[-1] if table.rows else None
    words, figures, closes = [], [], False
    for tok in tokens:
        if (value := line_figure(tok)) is not None:
            figures.append(value)
        elif _INTEGER.match(tok):
            if row is not None and row.code and _same_class(tok, row.code):
                break  # the next column group's item ('30109 职业年金缴费 30207 邮电费 19.88'): not this row's
            closes = closes or bool(words or (row and row.label))  # another column's code ends the name
        elif not figures and not closes:
            words.append(tok)
    if code is None and figures and (row is None or row.figures):
        row = LineRow(None, "", page=page, where=where)  # a labelled line: '合计 1,990.5 …', '共计 87.2'
        table.rows.append(row)
    if row is None:
        return
    if words and not row.figures and not row.name_closed:
        row.label += "".join(words)
    row.name_closed = row.name_closed or closes
    if figures and not row.figures:
        row.figures, row.page, row.where = figures, page, where


def _leading_code(tokens: list[str], table: LineTable) -> tuple[str | None, list[str]]:
    """A classification code at the start of the line ('201 03 01', '301 30101', '2010301'), when it
    belongs to the table's row codes (same first digit as its first coded row); unit codes ('003')
    start with 0, classification codes never do."""
    if not tokens or not re.fullmatch(r"[1-9]\d{2}(\d{2}){0,2}", tokens[0]):
        return None, tokens
    code, i = tokens[0], 1
    while i < len(tokens) and len(code) < 7:
        tok = tokens[i]
        if re.fullmatch(r"\d{2}", tok):
            code += tok
        elif re.fullmatch(r"\d{5}|\d{7}", tok) and tok.startswith(code):
            code = tok
        else:
            break
        i += 1
    first = next((r.code for r in table.rows if r.code), None)
    if first is not None and first[0] != code[0]:
        return None, tokens
    return code, tokens[i:]


def _same_class(token: str, code: str) -> bool:
    """A code of the row's own classification (same first digit, 3/5/7 digits)."""
    return len(token) in (3, 5, 7) and token[0] == code[0]


def _reader_for(kind_name: str):
    """The catalogue says which line reader a kind's column-less dump takes (Kind.lines)."""
    kind = KINDS[kind_name]
    readers = {"summary": lambda table, facts: read_summary(table.lines, facts, table.scale),
               "sangong": _sangong, "economic": _economic,
               "function": lambda table, facts: _function(table, facts, kind.fund)}
    return readers.get(kind.lines)


def _sangong(table: LineTable, facts: Facts) -> int:
    """One figure per labelled line: the budget (预算) column of a budget report's 三公 table."""
    found = {}
    for row in table.rows:
        item = "total" if _TOTAL.match(row.label) else item_of(row.label)
        if item and len(row.figures) == 1 and item not in found:
            found[item] = (row.figures[0], row.page, row.where)
    if not found:
        return len(table.rows)
    for item in ITEMS:
        amount, page, where = found.get(item, (None, table.page, None))
        facts.add("sangong", item=item, budget=amount, actual=None, page=page, where=where)
    return 0


def _economic(table: LineTable, facts: Facts) -> int:
    """基本支出 by economic code: the first figure (合计) of each coded row, summed over rows that
    repeat a 款 once per 政府预算经济分类."""
    sums: dict[str, list] = {}
    for row in table.rows:
        if row.code and len(row.code) in (3, 5) and row.figures:
            entry = sums.setdefault(row.code, [None, row.label, row.page, None])
            entry[3] = summed_where(entry[0], entry[3], row.figures[0], row.where)
            entry[0] = (entry[0] or 0) + row.figures[0]
    for code, (amount, name, page, where) in sums.items():
        facts.add("expenditure_economic", code=code, name=name, level=code_level(code), amount=amount,
                  category=class_category(code), page=page, where=where)
    return sum(1 for r in table.rows if r.code and not r.figures)


def _function(table: LineTable, facts: Facts, fund: str) -> int:
    """Total of every coded row and of 合计; basic/project where the row's own sums and the sums down
    the table leave one reading. The first figure is the total only in a layout the sums confirm (a full
    row reads total = 基本 + 项目), with one column, or under a header whose first amount word is a total:
    a 决算 收入支出表 starts with 年初结转和结余."""
    split = _split_column(table)
    rows = [r for r in table.rows if r.figures and (r.code or _TOTAL.match(r.label))]
    if split is None and table.columns != 1 and not _total_first(table.lines):
        return len(rows)
    options = [_placements(r.figures, table.columns, split) for r in rows]
    readings = settled(options, _sum_groups(rows), _unit(rows))
    for row, reading in zip(rows, readings):
        basic, project = reading or (None, None)
        facts.add("expenditure_function", fund=fund, code=row.code or "total", name=row.label if row.code else "合计",
                  level=code_level(row.code) if row.code else 0, total=row.figures[0],
                  basic=basic, project=project, page=row.page, where=row.where)
    return sum(1 for reading in readings if reading is None) if table.columns != 1 else 0


def _total_first(lines: list[tuple[str, int | None, object]]) -> bool:
    """Whether the header (from its 项目 / 科目 line to the first figures) names a total first:
    '项目 本年支出合计 基本支出 …', '科目编码 单位代码 单位（科目名称） 总计'."""
    started = False
    for line, *_ in lines:
        tokens = line.split()
        if not tokens or any(line_figure(t) is not None for t in tokens):
            if started:
                return False
            continue
        started = started or "项目" in tokens[0] or "科目" in tokens[0]
        heads = [t for t in tokens if _CJK.search(t) and not _LABEL_HEAD.search(t)] if started else []
        if heads:
            return any(w in heads[0] for w in ("合计", "总计"))
    return False


def _sum_groups(rows: list[LineRow]) -> list[tuple[int, list[int]]]:
    """(row, its parts) for the sums down the table: 合计 = Σ rows of the top level, and a coded row =
    Σ the rows of the next level printed right under it."""
    groups = []
    for i, row in enumerate(rows):
        if row.code is None:
            below = [j for j, r in enumerate(rows) if r.code]
        else:
            below = list(takewhile(lambda j: (rows[j].code or "").startswith(row.code)
                                   and len(rows[j].code) > len(row.code), range(i + 1, len(rows))))
        if below:
            top = min(len(rows[j].code) for j in below)
            groups.append((i, [j for j in below if len(rows[j].code) == top]))
    return groups


def _unit(rows: list[LineRow]) -> Decimal:
    """One unit of the figures' last printed digit (0.1 for '986.3')."""
    exponent = min((f.as_tuple().exponent for r in rows for f in r.figures), default=-2)
    return Decimal(1).scaleb(exponent)


def _split_column(table: LineTable) -> int | None:
    """Index of the 项目支出 subtotal, from a row that fills every column and adds up one way only:
    total = basic + project, basic = its parts, project = its parts."""
    n = table.columns
    for row in table.rows:
        if n and len(row.figures) == n:
            ks = [k for k in range(2, n) if _adds_up(row.figures, k)]
            if len(ks) == 1:
                return ks[0]
    return None


def _adds_up(v: list[Decimal], k: int) -> bool:
    def eq(a, b):
        return abs(a - b) <= TOLERANCES.line_term
    return eq(v[0], v[1] + v[k]) and (k == 2 or eq(v[1], sum(v[2:k]))) and (k == len(v) - 1 or eq(v[k], sum(v[k + 1:])))


def _placements(figures: list[Decimal], n: int | None, k: int | None) -> list:
    """Every placement of the row's figures in the n columns (the total first) that the row's own sums
    allow, as (cells, (basic, project)); none when the layout is unknown."""
    if not n or k is None or len(figures) > n:
        return []
    out = []
    for slots in combinations(range(1, n), len(figures) - 1):
        cells = [Decimal(0)] * n
        filled = [False] * n
        for s, f in zip((0, *slots), figures):
            cells[s], filled[s] = f, True
        if _valid(cells, filled, k):
            out.append((tuple(cells), (cells[1] if filled[1] else None, cells[k] if filled[k] else None)))
    return out


def _valid(cells: list[Decimal], filled: list[bool], k: int) -> bool:
    """The sums hold, and a subtotal is printed exactly when one of its parts is."""
    basic_parts, project_parts = range(2, k), range(k + 1, len(cells))
    for sub, parts in ((1, basic_parts), (k, project_parts)):
        if parts and filled[sub] != any(filled[p] for p in parts):
            return False
    return _adds_up(cells, k)

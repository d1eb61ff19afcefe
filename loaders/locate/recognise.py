"""What a table holds, told from its content: the header words of its columns, the codes and labels
of its rows, its shape. The catalogue (catalogue.py) maps a shape and the title's qualifying words
to a kind; this module never reads a title.

Shapes, tried in this order (the first whose evidence the table holds):
- 'performance': a self-evaluation or target form (一级指标 / 三级指标 / 指标值 / 得分 / 分值 …);
- 'sangong': the “三公” items (因公出国, 公务用车, 公务接待) as columns or rows, and no classification codes;
- 'two_sided': 收入 and 支出 side by side (a header row with a 收入 cell left of a 支出 cell, or label
  columns of income lines and expense lines), or stacked under 收入 and 支出 heading rows;
- 'projects': a column of project names beside their type or unit (项目类型, （项目）名称, 单位名称 | 项目名称);
- 'economic': rows coded by 支出经济分类 (301, 30101 …) more than by 功能分类;
- 'income': rows coded by 功能分类 (or by unit), whose figures are income by source (财政拨款收入, 事业收入,
  上年结转 …) and no column of 支出;
- 'function': rows coded by 功能分类 (2xx), or a header of classification codes and spending columns
  (科目 … 基本支出 / 项目支出), or one row of totals under 基本支出 and 项目支出;
- 'income' again for a one-sided table of income lines (收入总计, 事业收入, 其他收入 …) without codes.
A table showing none of these has no shape (None): its title alone may name it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import is_amount, is_figure, leading_code
from .tables import column_labels, is_header_row

SHAPES = {"performance": "绩效表", "sangong": "“三公”经费表", "two_sided": "收支两栏的总表", "projects": "项目表",
          "economic": "经济分类支出表", "income": "收入表", "function": "功能分类支出表"}

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PERFORMANCE = ("一级指标", "二级指标", "三级指标", "指标值", "绩效目标", "绩效指标", "自评", "得分", "分值",
                "实际完成值", "年度目标")
_SANGONG = ("出国", "公务用车", "接待")
_INCOME_SIDE = re.compile(r"^(本年|财政拨款)?收入(项目|预算|决算)?$")
_EXPENSE_SIDE = re.compile(r"^(本年|财政拨款)?支出(项目|预算|决算)?$")
_PROJECT_COLUMNS = re.compile(r"项目(类型|类别|分类|属性|性质)|[（(]项目[)）]名称|项目单位|"
                              r"单位(名称|代码|编码).*项目名称|项目名称.*单位(名称|代码|编码)")
# Income by source: the columns of a 收入决算表 / 收入预算表, the lines of a one-sided 收入总表.
_INCOME_WORDS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "上年结转",
                 "收入合计", "本年收入", "收入总计", "非财政拨款结余", "财政专户管理资金")
_SPENDING_WORDS = re.compile(r"基本支出|项目支出|本年支出|支出合计|支出预算|支出决算|财政拨款支出|支出小计")
_EXPENSE_LINE = re.compile(r"^([一二三四五六七八九十]+、)?[^、]{2,14}支出$")
COLUMN_WORD = re.compile(r"^(项目|科目|金额|合计|小计|栏次|行次|[类款项]|收\s*入|支\s*出)$|编码|代码|名称$|预算数|决算数|"
                          r"^(本年)?(基本|项目)支出$")
_FUNDS = re.compile("一般公共预算|政府性基金|国有资本经营")
_OTHER_SOURCES = re.compile("事业收入|经营收入|其他收入|上级补助|附属单位|其他资金|财政专户|非财政拨款|单位资金|事业单位")
_KEY_COLUMN = re.compile(r"科目|编码|代码|名称|分类|^项目$")
_NUMBERED = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．](?!\d)|[（(][一二三四五六七八九十\d]+[)）]|其中)")


@dataclass(frozen=True)
class Content:
    """What the rows of a table show: its header words, its codes, its labels."""
    header: tuple[tuple[str, ...], ...]  # the rows above the first row of figures or codes, cells squeezed
    columns: tuple[str, ...]  # each column's header cells joined top to bottom (wrapped words whole)
    function_rows: int  # rows coded by 支出功能分类 (2xx, 3/5/7 digits)
    economic_rows: int  # rows coded by 支出经济分类 (3xx, 3/5 digits)
    labels: tuple[str, ...]  # every text cell of the body, squeezed
    figures: int  # cells that print an amount with a decimal point or separator
    label_columns: int  # columns of the body whose cells are mostly words (the 项目 columns)

    @property
    def header_text(self) -> str:
        return " ".join(c for c in self.columns if c) + " " + " ".join(c for row in self.header for c in row if c)

    @property
    def amount_header(self) -> str:
        """The header words of the amount columns: not of a code or name column ('项目' over '支出功能分类科目编码'
        names no 项目支出)."""
        return " ".join(c for c in self.columns if c and not _KEY_COLUMN.search(c))

    @property
    def column_words(self) -> set[str]:
        return column_words(self.header)

    @property
    def words(self) -> str:
        return self.header_text + " " + " ".join(self.labels)


def _squeeze(cell: str | None) -> str:
    return re.sub(r"\s+", "", cell or "")


def _code(row: list[str]) -> str | None:
    """The classification code a row starts with, when the row names it too: a row of figures alone is no code
    row, whatever its first figure looks like (30000 元, 15000 元 in a table printed without separators)."""
    code = leading_code(row)[0]
    return code if code is not None and any(_CJK.search(c) for c in row if c) else None


def _is_data(row: list[str]) -> bool:
    """A row of the body: a code, a printed amount, a numbered line ('十六、金融支出') or a 行次 number
    beside its label; the 栏次 row (1 | 2 | 3 …) and a row of column words ('项目 | … | 其中：财政拨款')
    are the header's."""
    cells = [_squeeze(c) for c in row if c and c.strip()]
    if not cells or cells[0] in ("栏次", "行次") or all(re.fullmatch(r"\d{1,2}|\*+", c) for c in cells):
        return False
    if _code(row) is not None or any(is_figure(c) for c in cells):
        return True
    return not any(COLUMN_WORD.search(c) for c in cells) and any(_NUMBERED.match(c) or c.isdigit() for c in cells)


def header(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """The rows above the first row of figures or codes, cells squeezed: Content.header without the
    rest of read's work (what telling whether a block continues the table before it needs)."""
    return _header(rows, _body_start(rows))


def column_words(header: tuple[tuple[str, ...], ...]) -> set[str]:
    """The header cells that name columns (项目, 科目编码, 金额, 决算数 …), not a label run onto the
    top of a next page ('出', '结余分配')."""
    return {c for row in header for c in row if c and COLUMN_WORD.search(c)}


def _body_start(rows: list[list[str]]) -> int:
    return next((i for i, r in enumerate(rows) if _is_data(r)), len(rows))


def _header(rows: list[list[str]], start: int) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_squeeze(c) for c in r) for r in rows[:start])


def read(rows: list[list[str]]) -> Content:
    """The content of a table's rows (all its pages); its header printed again on a next page is not
    content."""
    start = _body_start(rows)
    header = _header(rows, start)
    rows = rows[:start] + [r for r in rows[start:] if r not in rows[:start]]
    codes = [_code(r) for r in rows[start:]]
    return Content(
        header=header,
        columns=tuple(column_labels([list(r) for r in header], max((len(r) for r in header), default=0))),
        function_rows=sum(1 for c in codes if c and c[0] == "2"),
        economic_rows=sum(1 for c in codes if c and c[0] == "3" and len(c) in (3, 5)),
        labels=tuple(s for r in rows[start:] if not is_header_row(r) for c in r  # not a header a next page repeats
                     if (s := _squeeze(c)) and not is_amount(s) and leading_code([s])[0] is None),
        figures=sum(1 for r in rows for c in r if is_figure(c)),
        label_columns=_label_columns(rows[start:]),
    )


def _label_columns(body: list[list[str]]) -> int:
    """Columns whose filled cells are mostly words (not amounts, not codes)."""
    count = 0
    for j in range(max((len(r) for r in body), default=0)):
        cells = [_squeeze(r[j]) for r in body if j < len(r) and r[j] and r[j].strip()]
        words = [c for c in cells if _CJK.search(c) and not is_amount(c)]
        count += bool(words) and 2 * len(words) > len(cells)
    return count


def shape_of(content: Content) -> str | None:
    """The shape a table's content shows (see the module docstring), or None."""
    words = content.words
    coded = content.function_rows + content.economic_rows
    if sum(w in words for w in _PERFORMANCE) >= 2:
        return "performance"
    if not coded and sum(w in words for w in _SANGONG) >= 2:
        return "sangong"
    if _two_sided(content):
        return "two_sided"
    if _PROJECT_COLUMNS.search(content.header_text):
        return "projects"
    if content.economic_rows > content.function_rows or (not coded and "经济分类" in content.header_text):
        return "economic"
    income = _income_columns(content.amount_header)
    if income and (content.function_rows or not _expense_lines(content)):
        return "income"
    if content.function_rows or _spending_header(content):
        return "function"
    if not coded and sum(w in words for w in _INCOME_WORDS) >= 2 and not _expense_lines(content):
        return "income"
    return None


def _two_sided(content: Content) -> bool:
    """收入 left of 支出 in one header row, or income lines and expense lines in two label columns, or
    stacked: a 收入 heading row, then a 支出 heading row."""
    for row in content.header if content.label_columns >= 2 else ():
        income = next((j for j, c in enumerate(row) if _INCOME_SIDE.match(c)), None)
        if income is not None and any(_EXPENSE_SIDE.match(c) for c in row[income + 1:]):
            return True
    labels = content.labels
    headings = [c for row in content.header for c in row] + list(labels)
    if any(_INCOME_SIDE.match(c) for c in headings) and any(_EXPENSE_SIDE.match(c) for c in labels):
        return True
    return content.label_columns >= 2 and sum(w in " ".join(labels) for w in _INCOME_WORDS) >= 2 \
        and _expense_lines(content) >= 3


def _expense_lines(content: Content) -> int:
    """Lines naming a 支出 (一般公共服务支出, 基本支出): the expense side of a total table."""
    return sum(1 for c in content.labels if _EXPENSE_LINE.match(c))


def _income_columns(header: str) -> bool:
    """A header of income by source (财政拨款收入 | 事业收入 | 其他收入 …) with no spending column."""
    return sum(w in header for w in _INCOME_WORDS) >= 2 and not _SPENDING_WORDS.search(header)


def _spending_header(content: Content) -> bool:
    """科目 codes and names over spending columns (an empty 功能分类 table), or 基本支出 | 项目支出 over one row
    of totals (江苏's 支出预算总表)."""
    amounts, header = content.amount_header, content.header_text
    return bool(_SPENDING_WORDS.search(amounts)) and (
        "科目" in header or "功能分类" in header or ("基本支出" in amounts and "项目支出" in amounts))


def side_heading(row: list[str]) -> str | None:
    """'income' or 'expense' for a row holding a side's heading alone ('收入', '支出项目'): the stacked form of a
    收支总表, each side under its heading."""
    cells = [_squeeze(c) for c in row if c and c.strip()]
    if len(cells) != 1:
        return None
    return "income" if _INCOME_SIDE.match(cells[0]) else "expense" if _EXPENSE_SIDE.match(cells[0]) else None


def appropriations_only(content: Content) -> bool:
    """Two sides of 财政拨款 only (the 财政拨款收支总表): its spending in columns by fund, or income lines
    that name funds and no other source (事业收入, 其他资金 …)."""
    funds = {m.group() for c in content.columns for m in _FUNDS.finditer(c)}
    lines = " ".join(content.labels)
    return len(funds) >= 2 or (bool(_FUNDS.search(lines)) and not _OTHER_SOURCES.search(lines))

"""A located table (rows + pages + title) and the helpers parsers use to read its header.

Column meaning comes from header words: the header cells of each column, read top to bottom
and joined, form the column's label ("本年支出合计", "基本支出"); wrapped header cells join up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..numbers import is_amount, leading_code, parse_decimal, to_wanyuan
from ..vocabulary import LAYOUT

_UNIT_YUAN = re.compile(r"单位[:：]?\s*元|（元）|\(元\)|单位：人民币元")
_UNIT_WAN = re.compile(r"万元")
_UNIT_QIAN = re.compile(r"单位[:：]?\s*千元|[（(]千元[)）]")
_UNIT_WAN_CELL = re.compile(r"[（(]万元[)）]")  # '项目资金（万元）', '预算数(万元)'
_NUMBER_LIKE = re.compile(r"^[-−]?[0-9A-Za-z][0-9A-Za-z,.，]*$")
_LOOKALIKE = str.maketrans("OoDQIlLSsBZz", "000011155822")  # letters a text layer prints for digits
_DATA_LABELS = ("合计", "总计", "小计")


@dataclass
class LocatedTable:
    kind: str
    title: str
    rows: list[list[str]] = field(default_factory=list)
    pages: list[int | None] = field(default_factory=list)
    where: list = field(default_factory=list)  # each row's position as read: a PDF box, a text line, or None
    columns: list[tuple | None] = field(default_factory=list)  # where each row's grid has its columns (PDF)
    context: list[str] = field(default_factory=list)  # text lines between title and table
    scale: Decimal = Decimal(1)  # multiply printed amounts by this to get 万元
    replaced: int = 0  # facts of an earlier table its parser dropped for this one's (a better copy)
    printed_title: str = ""  # the title line above it as printed, kept even when it names another table

    @property
    def first_page(self) -> int | None:
        return next((p for p in self.pages if p is not None), None)

    def placed(self, start: int = 0) -> list[tuple[list[str], int | None, object]]:
        """The rows from start, each with its page and its position as read (None where none is known):
        what a parser gives each fact it reads from the row."""
        where = list(self.where) + [None] * (len(self.rows) - len(self.where))
        return list(zip(self.rows[start:], self.pages[start:], where[start:]))

    def amount(self, cell: str | None) -> Decimal | None:
        """A cell as 万元 (None for blank / '-' / text)."""
        return to_wanyuan(parse_decimal(cell), self.scale)

    def unreadable_cells(self) -> list[tuple[str, int | None, object]]:
        """Cells printed as amounts that do not read as one ('1,2O4.00'), with their pages and their
        rows' positions: they are stored as NULL, and the loader says so, where they were printed."""
        return [(c, p, w) for row, p, w in self.placed() for c in row if unreadable_number(c)]


def unreadable_number(cell: str | None) -> bool:
    """An amount a bad text layer garbled: digits with misplaced separators ('12,34'), or a letter
    where a digit looks like it ('1,2O4.00', '3.O0'). Codes and words ('HP1020', 'B2') are not amounts;
    one digit with the letter O ('1O', a weight of 10) is: O for 0 is the usual misreading. A rate's '%'
    does not count ('7O%')."""
    s = (cell or "").replace(" ", "").rstrip("%％")
    if not _NUMBER_LIKE.match(s) or parse_decimal(s) is not None:
        return False
    digits = sum(ch.isdigit() for ch in s)
    letters = [ch for ch in s if ch.isalpha()]
    if not letters:
        return digits >= 2
    enough = digits >= 2 or (digits == 1 and set(letters) <= {"O", "o"})
    return enough and len(letters) <= 2 and parse_decimal(s.translate(_LOOKALIKE)) is not None


def scale_from(lines: list[str], default: Decimal) -> Decimal:
    """万元 tables scale by 1, 千元 tables by 1/10, 元 tables by 1/10000; the nearest '单位' line (or
    '（万元）' cell) decides."""
    for line in reversed(lines):
        if _UNIT_YUAN.search(line):
            return Decimal("0.0001")
        if _UNIT_QIAN.search(line):
            return Decimal("0.1")
        if ("单位" in line and _UNIT_WAN.search(line)) or _UNIT_WAN_CELL.search(line):
            return Decimal(1)
    return default


def own_unit_scale(rows: list[list[str]], default: Decimal) -> Decimal:
    """The unit a table states in its own top rows ('项目资金（万元）' in a 元 report), else default."""
    return scale_from([c for r in rows[:LAYOUT.own_unit_rows] for c in r if c], default)


def is_header_row(row: list[str]) -> bool:
    """Header-like rows that can repeat on continuation pages: words only, or the 栏次 row."""
    cells = [c for c in row if c]
    if not cells:
        return True
    if cells[0] in ("栏次", "行次") or all(re.fullmatch(r"\d{1,2}|\*+", c) for c in cells):
        return True
    if any(c in _DATA_LABELS or c.startswith(("合计", "总计")) for c in cells):
        return False
    if leading_code(row)[0] is not None:
        return False
    return not any(is_amount(c) for c in cells) and len(cells) > 1 and _all_header_words(cells)


def _all_header_words(cells: list[str]) -> bool:
    words = ("项目", "科目", "编码", "名称", "合计", "支出", "收入", "金额", "预算", "决算", "经费",
             "行次", "类", "款", "项", "分类", "代码", "小计", "结转", "结余", "功能", "经济", "数")
    return all(any(w in c for w in words) for c in cells)


def column_labels(header: list[list[str]], width: int) -> list[str]:
    """Join each column's header cells top to bottom: wrapped headers become one label."""
    labels = []
    for j in range(width):
        parts = [r[j] for r in header if j < len(r) and r[j]]
        labels.append("".join(parts).replace(" ", ""))
    return labels


def spanned_labels(header: list[list[str]], width: int) -> list[list[str]]:
    """Each column's header cells top to bottom, a merged cell spread over the columns it spans.

    A blank header cell continues the cell to its left when the cell above it continues too
    (blank cells of the top row always do): '预算数 | | 决算数 |' over '合计 | 出国费 | 合计 | 出国费'
    gives ['预算数', '出国费'] for the second column, while a blank under '公务接待费' stays blank."""
    grid = [[(r[j] if j < len(r) else "").replace(" ", "") for j in range(width)] for r in header]
    filled = [list(row) for row in grid]
    above = [True] * width  # does the cell above continue its left neighbour?
    for i, row in enumerate(grid):
        cont = [j > 0 and not row[j] and above[j] for j in range(width)]
        for j in range(1, width):
            if cont[j]:
                filled[i][j] = filled[i][j - 1]
        above = cont
    return [[filled[i][j] for i in range(len(grid)) if filled[i][j]] for j in range(width)]


def find_column(labels: list[str], *words: str, exclude: tuple[str, ...] = ()) -> int | None:
    """Index of the first column whose label contains any of words and none of exclude."""
    for j, label in enumerate(labels):
        if any(w in label for w in words) and not any(x in label for x in exclude):
            return j
    return None

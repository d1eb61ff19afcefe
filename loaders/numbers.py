"""Reading amounts, percentages and classification codes as reports print them."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−]?\d+(\.\d+)?$")
_BLANK = {"", "-", "—", "--", "－", "/", "——", "*", "**"}
_CODE_PART = re.compile(r"^\d{2,3}$")
_CODE = re.compile(r"^[\[【]?(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?[\]】]?$")
# A 功能分类 or 经济分类 code and its name in one cell: '2010301 行政运行', '[201]一般公共服务支出', '【30101】基本工资'
_CODE_AND_NAME = re.compile(r"^[\[【]?([23]\d{2}(?:\s?\d{2}){0,2})[\]】]?\s*([^\d\s.,\[\]【】].*)$")
_NAME_AND_CODE = re.compile(r"^(\D*[\u4e00-\u9fff][^（(]*)[（(]([23]\d{2}(?:\s?\d{2}){0,2})[)）]$")
_LINE_FIGURE = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d+$")


def parse_decimal(cell: str | None) -> Decimal | None:
    """'1,604.99' → Decimal('1604.99'); blank or '-' → None; text → None."""
    if cell is None:
        return None
    s = str(cell).strip().replace(" ", "").replace("，", ",")
    if s in _BLANK:
        return None
    s = s.replace("−", "-")
    if not _AMOUNT.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def parse_percent(cell: str | None) -> Decimal | None:
    """'102.18%' or '102.18' → Decimal('102.18')."""
    if cell is None:
        return None
    return parse_decimal(str(cell).strip().rstrip("%％"))


def line_figure(token: str) -> Decimal | None:
    """An amount in a line that lost its columns ('1,990.5'): decimals required, since bare integers
    there are codes or 行次."""
    return Decimal(token.replace(",", "")) if _LINE_FIGURE.match(token) else None


def is_blank(cell: str | None) -> bool:
    """A cell printed empty or with a dash: no figure, and nothing either ('-' is 0 in a sum)."""
    return str(cell or "").strip() in _BLANK


def is_amount(cell: str | None) -> bool:
    return parse_decimal(cell) is not None


def is_figure(cell: str | None) -> bool:
    """An amount printed as one, with a decimal point or a thousands comma: not a classification code,
    a 栏次 or a 行次 number, which are bare digits."""
    return bool(cell) and ("." in cell or "," in cell) and is_amount(cell)


def to_wanyuan(value: Decimal | None, scale: Decimal) -> Decimal | None:
    """A printed amount in 万元 (scale is 1 for 万元 tables, 0.0001 for 元 tables), exact: a Decimal with
    the printed digits, never a binary float (the store makes it a DOUBLE only when it writes it)."""
    if value is None or scale == 1:
        return value
    return value * scale


def stored(value: float | None) -> Decimal | None:
    """A figure read back from the database's DOUBLE as the Decimal the loader stored: the shortest
    decimal that reads as that double, which is the printed figure (any of up to 15 significant digits)."""
    return None if value is None else Decimal(repr(value))


def code_of(cell: str | None) -> str | None:
    """A whole classification code in one cell: '2010301', '201 03 01', '30101', '301 01'."""
    if not cell:
        return None
    s = cell.strip()
    m = _CODE.match(s)
    if not m:
        return None
    return "".join(g for g in m.groups() if g)


def code_and_name(cell: str | None) -> tuple[str, str] | None:
    """(code, name) of a cell printing a classification code before its name, or after it in brackets
    ('一般公共服务支出（201）'), the code's spaces dropped."""
    s = (cell or "").strip()
    m = _CODE_AND_NAME.match(s)
    if m:
        return m.group(1).replace(" ", ""), m.group(2).strip()
    m = _NAME_AND_CODE.match(s)
    return (m.group(2).replace(" ", ""), m.group(1).strip()) if m else None


def leading_code(cells: list[str]) -> tuple[str | None, int]:
    """The code at the start of a row, joined over split 类/款/项 columns, or printed before its name.

    Returns the code and the index of the first cell after it ('', 0 when the row has none).
    Blank cells before the code are skipped (merged-cell layouts shift rows right)."""
    i = 0
    while i < len(cells) and not cells[i]:
        i += 1
    if i >= len(cells):
        return None, 0
    code = code_of(cells[i])
    if code is None:
        joined = code_and_name(cells[i])  # '2010301 行政运行', '[301]工资福利支出': the name in the code's cell
        return (joined[0], i + 1) if joined else (None, 0)
    i += 1
    while len(code) < 7 and i < len(cells) and _CODE_PART.match(cells[i] or "") and len(cells[i]) == 2:
        code += cells[i]
        i += 1
    return code, i


def code_level(code: str) -> int:
    """1 类 (3 digits), 2 款 (5), 3 项 (7); economic codes: 1 (3), 2 (5)."""
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)

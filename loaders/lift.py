"""Text that reports print inside table grids, lifted out into text lines.

Many reports draw their cover title, a framed paragraph, a table's own title or its
'部门：… 单位：万元' line inside ruled cells. Identification and title lookup read text lines, so
those rows become lines before the table they sit on: a table of one text cell per row becomes
lines entirely; its leading rows that hold a table's title alone or only unit/amount-unit fields
become the lines just above it.
"""
from __future__ import annotations

import re

from .document import Block, Document
from .numbers import is_amount

_TITLE_END = re.compile(r"表([（(][^（）()]{1,12}[)）]){0,2}$")  # '…表', '…表（功能科目）', '…表(按功能科目)（续）'
_YEAR = re.compile(r"^(\d{4}|[二〇零○一三四五六七八九]{4})\s*年度?$")  # '2021年度' over a table
_FIELD = re.compile(r"^(编制单位|单位名称|部门名称|预算单位|主管部门|部门|单位)\s*[:：]|^(金额)?单位\s*[:：]\s*(万元|元|千元)")


def lift_text_rows(doc: Document) -> None:
    blocks: list[Block] = []
    for block in doc.blocks:
        if not block.is_table:
            blocks.append(block)
            continue
        rows, where = block.rows, block.where or [None] * len(block.rows)
        if rows and all(_lone_text(r) for r in rows):
            blocks.extend(Block(block.page, text=_cells(r)[0], where=[w]) for r, w in zip(rows, where) if _cells(r))
            continue
        lead = 0
        while lead < len(rows) - 1 and (_is_field_row(rows[lead]) or _is_title_row(rows[lead])):
            lead += 1
        blocks.extend(Block(block.page, text=" ".join(_cells(r)), where=[w]) for r, w in zip(rows[:lead], where))
        blocks.append(Block(block.page, rows=rows[lead:], where=where[lead:], columns=block.columns) if lead else block)
    doc.blocks = blocks


def is_caption(text: str) -> bool:
    """A table's own title ('…支出表（功能科目）') or a field printed over it ('部门：…', '单位：万元')."""
    text = text.strip()
    return _TITLE_END.search(text.replace(" ", "")) is not None or _FIELD.search(text) is not None \
        or _YEAR.match(text) is not None


def _cells(row: list[str]) -> list[str]:
    return [c.strip() for c in row if c and c.strip()]


def _lone_text(row: list[str]) -> bool:
    cells = _cells(row)
    return len(cells) <= 1 and not any(is_amount(c) for c in cells)


def _is_title_row(row: list[str]) -> bool:
    """One cell naming a table ('收支预算总表', '…支出表（功能科目）'): a header row never ends in 表."""
    cells = _cells(row)
    return len(cells) == 1 and _TITLE_END.search(cells[0]) is not None


def _is_field_row(row: list[str]) -> bool:
    """'部门： | 江苏省人民检察院 | 单位：万元': fields only, no figures."""
    cells = _cells(row)
    return bool(cells) and not any(is_amount(c) for c in cells) and any(_FIELD.search(c) for c in cells) \
        and all(_FIELD.search(c) or not re.search(r"项目|科目|合计|金额|名称|收入|支出", c) for c in cells)

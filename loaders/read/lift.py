"""Text that reports print inside table grids, lifted out into text lines.

Many reports draw their cover title, a framed paragraph, a table's own title or its
'部门：… 单位：万元' line inside ruled cells. Identification and title lookup read text lines, so
those rows become lines before the table they sit on: a table of one text cell per row becomes
lines entirely; its leading rows that hold a table's title alone or only unit/amount-unit fields
become the lines just above it. A title cell that runs on into the fields ('财政拨款基本支出预算表部门：
某某厅 单位：万元', as one merged cell prints them) becomes two lines, the title and the fields, and so
does such a line read as a line (a workbook's row above its grid).
"""
from __future__ import annotations

import re

from ..document import Block, Document
from ..numbers import is_amount

_TITLE_END = re.compile(r"表([（(][^（）()]{1,12}[)）])*$")  # '…表', '…表（功能科目）', '…表(按功能科目)（续）'
_YEAR = re.compile(r"^(\d{4}|[二〇零○一三四五六七八九]{4})\s*年度?$")  # '2021年度' over a table
_FIELD = re.compile(r"^(编制单位|单位名称|部门名称|预算单位|主管部门|部门|单位)\s*[:：]|^(金额)?单位\s*[:：]\s*(万元|元|千元)")
_FIELDS_AFTER = re.compile(r"(?<=[表）)])\s*(?=(编制单位|单位名称|部门名称|预算单位|主管部门|部门|金额单位|单位)\s*[:：])")


def lift_text_rows(doc: Document) -> None:
    blocks: list[Block] = []
    for block in doc.blocks:
        if not block.is_table:
            lines = _lines_of([block.text]) if _is_title_row([block.text]) else [block.text]
            blocks.extend([block] if len(lines) == 1 else [Block(block.page, text=t, where=block.where) for t in lines])
            continue
        rows, where = block.rows, block.where or [None] * len(block.rows)
        if rows and all(_lone_text(r) for r in rows):
            blocks.extend(Block(block.page, text=_cells(r)[0], where=[w]) for r, w in zip(rows, where) if _cells(r))
            continue
        for start, end in _pieces(rows):
            lead = start
            while lead < end - 1 and (_is_field_row(rows[lead]) or _is_title_row(rows[lead])):
                lead += 1
            blocks.extend(Block(block.page, text=text, where=[w]) for r, w in zip(rows[start:lead], where[start:lead])
                          for text in _lines_of(r))
            blocks.append(Block(block.page, rows=rows[lead:end], where=where[lead:end], columns=block.columns))
    doc.blocks = blocks


def is_caption(text: str) -> bool:
    """A table's own title ('…支出表（功能科目）') or a line printed over it (部门：…, 单位：万元, 2021年度)."""
    text = text.strip()
    return _TITLE_END.search(text.replace(" ", "")) is not None or _FIELD.search(text) is not None \
        or _YEAR.match(text) is not None


def _pieces(rows: list[list[str]]) -> list[tuple[int, int]]:
    """(start, end) of the tables one grid holds: a title row inside it starts the next (two framed tables
    one after the other, as a text export without title lines between them runs them together)."""
    starts = [0] + [i for i in range(1, len(rows) - 1) if _is_title_row(rows[i]) and not _is_title_row(rows[i - 1])]
    return list(zip(starts, starts[1:] + [len(rows)]))


def _cells(row: list[str]) -> list[str]:
    return [c.strip() for c in row if c and c.strip()]


def _lone_text(row: list[str]) -> bool:
    cells = _cells(row)
    return len(cells) <= 1 and not any(is_amount(c) for c in cells)


def _is_title_row(row: list[str]) -> bool:
    """One cell naming a table ('收支预算总表', '…支出表（功能科目）'), perhaps with the fields after it:
    a header row never ends in 表."""
    cells = _cells(row)
    return len(cells) == 1 and _TITLE_END.search(_FIELDS_AFTER.split(cells[0], 1)[0]) is not None


def _lines_of(row: list[str]) -> list[str]:
    """A lifted row as text lines: a title and the fields run on after it are two lines."""
    text = " ".join(_cells(row))
    title, *fields = _FIELDS_AFTER.split(text, 1)
    return [title, text[len(title):].strip()] if fields else [text]


def _is_field_row(row: list[str]) -> bool:
    """'部门： | 江苏省人民检察院 | 单位：万元': fields only, no figures."""
    cells = _cells(row)
    return bool(cells) and not any(is_amount(c) for c in cells) and any(_FIELD.search(c) for c in cells) \
        and all(_FIELD.search(c) or not re.search(r"项目|科目|合计|金额|名称|收入|支出", c) for c in cells)

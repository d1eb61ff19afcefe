"""Figures → an Excel workbook, one sheet per table, as some governments publish their reports.

Each sheet holds the text printed before its table (the narrative before the first table, the title,
单位：万元) in rows merged across the grid, then the grid with its merged header cells merged and its
amounts as numbers formatted #,##0.00; the text after the last table has a sheet of its own. A table
the PDF continues over pages is one sheet: a workbook has no pages.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl

from . import elements
from .figures import Report
from .layout import Grid, Text, whole_tables
from .variants import apply

_MONEY = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
CLOSING_SHEET = "说明"


def render_xlsx(report: Report, variants: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    texts: list[str] = []
    for el in whole_tables(apply(report, elements(report), variants)):
        if isinstance(el, Text):
            texts.append(el.text)
        elif isinstance(el, Grid):
            _sheet(book, texts, el)
            texts = []
    if texts:
        _sheet(book, texts, None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_TABLE_NUMBER = re.compile(r"[公开附]*\s*\d+[-\d]*\s*表")  # 公开01表: the table's number, under its title


def _sheet(book: openpyxl.Workbook, texts: list[str], grid: Grid | None) -> None:
    """Texts in merged rows above the grid; the sheet named by its position and the table's title."""
    titles = [t for t in texts if t.endswith("表") and len(t) <= 30 and not _TABLE_NUMBER.fullmatch(t)] or texts[-1:]
    title = _SHEET_NAME_BAD.sub("", titles[-1] if titles and grid else CLOSING_SHEET)
    sheet = book.create_sheet(f"{len(book.worksheets) + 1}.{title}"[:31])
    width = max((len(row) for row in grid.rows), default=1) if grid else 1
    for r, text in enumerate(texts, start=1):
        sheet.cell(r, 1, text)
        if width > 1:
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    if grid is None:
        return
    top = len(texts) + 1
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if _MONEY.match(value):
                cell = sheet.cell(top + r, c + 1, float(Decimal(value.replace(",", ""))))
                cell.number_format = "#,##0.00"
            elif value:
                sheet.cell(top + r, c + 1, value)
    for c0, r0, c1, r1 in grid.spans:
        sheet.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1)

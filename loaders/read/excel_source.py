"""Excel publications (.xlsx, .xls): per sheet, the rows above and below its grid become text lines
and the grid one table.

Some governments publish a report as a workbook, one sheet per table, with the title and the
编制单位 / 单位：万元 lines in rows above the grid. Read into the same Document as a PDF, a sheet
standing for a page: Block.page is the sheet's 1-based position in the workbook and Block.where
each line's or table row's row number as Excel numbers it, so every fact names its sheet and row
(the 来源 view shows that row among its neighbours), and tables are found by their titles as in any
other source.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import xlrd

from ..document import Block, Document, clean_text, sha256_of

SUFFIXES = (".xlsx", ".xls")
_ZIP = b"PK\x03\x04"  # .xlsx
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and password-protected .xlsx)
# A cell that states a field rather than a table value: 编制单位：…, 单位：万元, 部门：…
_FIELD = re.compile(r"^(?:编制|预算|金额)?(?:单位|部门)(?:名称)?\s*[:：]")


class ExcelError(ValueError):
    """A workbook that cannot be read; str() is the Chinese reason."""


def is_workbook(data: bytes) -> bool:
    return data.startswith((_ZIP, _OLE))


def read_excel(data: bytes, file_name: str) -> Document:
    if not is_workbook(data):
        suffix = file_name[file_name.rfind("."):]
        raise ExcelError(f"不是 Excel 文件（扩展名为 {suffix}，但内容不是 Excel 工作簿）")
    sheets = _sheets(data)
    if not sheets:
        raise ExcelError("Excel 工作簿中没有可见的工作表")
    doc = Document(file_name=file_name, sha256=sha256_of(data), source="excel", page_count=len(sheets))
    for page, (_, rows) in enumerate(sheets, start=1):
        doc.blocks += sheet_blocks(rows, page)
    return doc


def sheet_lines(data: bytes, page: int) -> tuple[str, list[str]]:
    """The name of the workbook's `page`-th visible sheet (as read_excel counts them) and its rows as
    the 来源 view shows them, row 1 first: each row's cells between tabs. An empty name and no rows
    when the workbook has no such sheet."""
    sheets = _sheets(data)
    if not 1 <= page <= len(sheets):
        return "", []
    name, rows = sheets[page - 1]
    return name, ["\t".join(row).rstrip("\t") for row in rows]


def sheet_blocks(rows: list[list[str]], page: int) -> list[Block]:
    """Title rows, the grid, note rows, each row placed at its number (row 1 first): the grid runs
    from the first to the last row with two or more table values (a title beside 单位：万元 is one
    value), blank rows inside it dropped."""
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(row)]
    grid = [i for i, (_, row) in enumerate(numbered) if sum(1 for c in row if c and not _FIELD.match(c)) >= 2]
    if not grid:
        return [_line(n, row, page) for n, row in numbered]
    first, last = grid[0], grid[-1]
    table = numbered[first:last + 1]
    width = max(len(row) for _, row in table)
    cells = [row + [""] * (width - len(row)) for _, row in table]
    used = [j for j in range(width) if any(row[j] for row in cells)]
    return ([_line(n, row, page) for n, row in numbered[:first]]
            + [Block(page=page, rows=[[row[j] for j in used] for row in cells], where=[n for n, _ in table])]
            + [_line(n, row, page) for n, row in numbered[last + 1:]])


def _line(number: int, row: list[str], page: int) -> Block:
    return Block(page=page, text=" ".join(c for c in row if c), where=[number])


def _sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """Each visible sheet's name and rows of cells as the sheet shows them (_cell), row 1 first."""
    return _xlsx_sheets(data) if data.startswith(_ZIP) else _xls_sheets(data)


def _xlsx_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ExcelError(f"Excel 文件已损坏或不完整（{type(exc).__name__}）") from exc
    try:
        return [(sheet.title, [[_cell(c.value, c.number_format if c.value is not None else "") for c in row]
                               for row in sheet.iter_rows(min_row=1)])
                for sheet in book.worksheets if sheet.sheet_state == "visible"]
    finally:
        book.close()


def _xls_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ExcelError("Excel 文件已加密（需要密码），无法读取") from exc
        raise ExcelError(f"不是有效的 Excel 文件或文件已损坏（{exc}）") from exc
    except Exception as exc:  # xlrd reports a damaged compound document with assorted errors
        raise ExcelError(f"Excel 文件已损坏或不完整（{type(exc).__name__}）") from exc

    def number_format(cell) -> str:
        return book.format_map[book.xf_list[cell.xf_index].format_key].format_str

    return [(sheet.name, [[_cell(_xls_value(c, book.datemode), number_format(c)) for c in sheet.row(r)]
                          for r in range(sheet.nrows)])
            for sheet in book.sheets() if sheet.visibility == 0]


def _xls_value(cell, datemode: int):
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, datemode)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def _cell(value, number_format: str) -> str:
    """A cell as the report shows it, numbers without thousands separators and with the decimals
    their format prints: 1604.99, 8.80 for 8.8 formatted #,##0.00 (never '8.8' beside a '0' cell, which
    reads as one figure cut in two), 2010301, 102.18% for a fraction formatted as a percentage."""
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time)):
        return str(value)
    if isinstance(value, (int, float)):
        if "%" in number_format:
            return _number(value * 100, number_format) + "%"
        return _number(value, number_format)
    return clean_text(str(value))


_DECIMALS = re.compile(r"\.(0+)(?![^\[]*\])")  # '#,##0.00': two decimals (not inside a [colour] or [locale])


def _number(value: float, number_format: str = "") -> str:
    """The decimals the number format prints, else binary noise of computed cells dropped
    (453.20000000000005 → 453.2)."""
    decimals = _DECIMALS.search(number_format.split(";")[0])
    if decimals:
        return f"{value:.{len(decimals.group(1))}f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")

"""Exports that stay data: CSV, Excel and Parquet files of tables, whatever the reports' text says.

A spreadsheet runs a cell that starts with = + - @ as a formula (and TAB or CR can hide such a
start), so report text or a file name like `=HYPERLINK(…)` would become a live link or command.
Here such text is written as text: in CSV with the usual ' prefix, in Excel as a string-typed cell
(the text unchanged). Control characters (which a report's text may hold, and which Excel's XML
refuses) are written as their visible pictures (U+2400…, ␇ for BEL), in both formats; TAB, LF and
CR stay. Numbers stay numbers. The dashboard's downloads and `python -m loaders export`
both write through this module.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .schema import CONTRACT_TABLES

FORMATS = ("csv", "xlsx", "parquet")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_LIMIT = 31  # characters Excel allows in a sheet name
EXCEL_ROWS = 1_048_575  # data rows a sheet holds below its header
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible(value):
    """A text with its control characters (but TAB, LF, CR) shown as their Unicode pictures."""
    if isinstance(value, str) and _CONTROL.search(value):
        return _CONTROL.sub(lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), value)
    return value


def inert(value):
    """A text that a spreadsheet would read as a formula, prefixed with ' so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _text_cells(df: pd.DataFrame, change) -> pd.DataFrame:
    """The table with change() applied to every header and every cell of its non-numeric columns."""
    out = df.rename(columns=lambda c: change(str(c)))
    for col in out.columns[[not pd.api.types.is_numeric_dtype(t) for t in out.dtypes]]:
        out[col] = out[col].map(change)
    return out


def inert_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell and header made inert and visible; numeric columns untouched."""
    return _text_cells(df, lambda v: inert(visible(v)))


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (Excel then opens Chinese text correctly), formulas inert. Lines end in
    CR LF, so a text holding a lone CR is quoted too (it would otherwise start a new row)."""
    return inert_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_names(names) -> list[str]:
    """Names Excel accepts, one per given name: forbidden characters replaced, at most 31
    characters, no leading or trailing ', unique regardless of case (Excel's own rule)."""
    out: list[str] = []
    for name in names:
        base = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'").strip() or "数据"
        candidate, n = base[:SHEET_LIMIT], 1
        while candidate.lower() in {o.lower() for o in out}:
            n += 1
            suffix = f"({n})"
            candidate = base[:SHEET_LIMIT - len(suffix)] + suffix
        out.append(candidate)
    return out


def xlsx_bytes(frames: dict[str, pd.DataFrame], formats: dict[str, str] | None = None) -> bytes:
    """One sheet per table (names made valid and unique); text cells typed as strings, never formulas;
    each column as wide as its header and longest value; formats: column → Excel number format (a
    sheet shows 833.60 as the page does, not 833.6)."""
    too_big = [name for name, df in frames.items() if len(df) > EXCEL_ROWS]
    if too_big:
        raise ValueError(f"表 {'、'.join(too_big)} 超过 Excel 每个工作表 {EXCEL_ROWS + 1:,} 行的上限，"
                         "请改用 CSV 或 Parquet 格式")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for sheet, df in zip(sheet_names(frames), frames.values()):
            _text_cells(df, visible).to_excel(writer, index=False, sheet_name=sheet)
            for row in writer.sheets[sheet].iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl takes any text starting with = for a formula
                        cell.data_type = "s"
            _fit(writer.sheets[sheet], df, formats or {})
    return buf.getvalue()


def _fit(ws, df: pd.DataFrame, formats: dict[str, str]) -> None:
    """Number formats and widths (in characters; a Chinese character counts two) of a sheet's columns."""
    from openpyxl.utils import get_column_letter

    for i, column in enumerate(df.columns, 1):
        fmt = formats.get(str(column))
        cells = ws.iter_rows(min_row=2, min_col=i, max_col=i)
        if fmt:
            for (cell,) in cells:
                cell.number_format = fmt
        shown = df[column].head(2000).dropna()
        texts = [f"{v:,.2f}" if fmt and "0.00" in fmt and isinstance(v, float) else str(v) for v in shown]
        wide = max([_width(str(column)), *map(_width, texts)])
        ws.column_dimensions[get_column_letter(i)].width = min(60, wide + 2)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def current_tables(con) -> dict[str, str]:
    """SQL for each contract table restricted to the current documents (one per unit, year, kind, scope)."""
    return {t: f"SELECT * FROM {t} WHERE doc_id IN (SELECT doc_id FROM current_documents)" for t in CONTRACT_TABLES}


def frame(con, sql: str) -> pd.DataFrame:
    """A query's rows with integer columns kept integers where NULLs occur (a page stays 5, not 5.0)."""
    ints = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
            pa.int64(): pd.Int64Dtype()}
    return con.sql(sql).to_arrow_table().to_pandas(types_mapper=ints.get)


def export(con, fmt: str, folder: str | Path) -> dict[str, int]:
    """Write the current documents' contract tables to folder: a CSV or Parquet file per table, or
    one workbook (budget_lens.xlsx) with a sheet per table. Returns the rows per table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    queries = current_tables(con)
    if fmt == "parquet":  # DuckDB writes Parquet with the tables' own column types
        for table, sql in queries.items():
            target = str(folder / f"{table}.parquet").replace("'", "''")
            con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)")
        return {t: con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0] for t, sql in queries.items()}
    frames = {t: frame(con, sql) for t, sql in queries.items()}
    if fmt == "xlsx":
        (folder / "budget_lens.xlsx").write_bytes(xlsx_bytes(frames))
    else:
        for table, df in frames.items():
            (folder / f"{table}.csv").write_bytes(csv_bytes(df))
    return {t: len(df) for t, df in frames.items()}

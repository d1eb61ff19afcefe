"""Exports are data, never formulas: report text and file names that a spreadsheet would run stay text,
in the CLI's export and in the dashboard's downloads, numbers stay numbers, sheet names are valid."""
from __future__ import annotations

import csv
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard import widgets
from loaders.run.cli import main
from loaders.database.export import CONTRACT_TABLES, inert, sheet_names

from .reports import tiny_final_report

LINK = '=HYPERLINK("http://evil.example/x","点我")'
HOSTILE = [LINK, "=1+1", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "\t=1+1", "\r=1+1"]
FILE = "=1+2+3.txt"


def formulas(xlsx: bytes) -> list:
    """Every cell openpyxl reads back as a formula."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def cells(xlsx: bytes, sheet: str | None = None) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.fixture()
def hostile_db(tmp_path):
    """A database holding one report whose file and item names are formulas, loaded by the CLI."""
    text = tiny_final_report().decode().replace("政务公开审批", LINK)
    path = tmp_path / FILE
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "h.duckdb")
    assert main(["ingest", "--db", db, str(path)]) == 0
    return db


def test_cli_csv_export_keeps_formulas_as_text(hostile_db, tmp_path, capsys):
    out = tmp_path / "csv"
    assert main(["export", "--db", hostile_db, "--format", "csv", "--out", str(out)]) == 0
    assert f"已导出 {len(CONTRACT_TABLES)} 张表" in capsys.readouterr().out
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(CONTRACT_TABLES)
    docs = list(csv.DictReader(io.StringIO((out / "documents.csv").read_text("utf-8-sig"))))
    assert [d["file_name"] for d in docs] == ["'" + FILE]
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO((out / "expenditure_function.csv").read_text("utf-8-sig")))}
    assert rows["2010306"]["name"] == "'" + LINK
    assert rows["2010306"]["total"] == "1151.79" and rows["2010350"]["page"] == ""  # numbers stay numbers
    every = "".join(p.read_bytes().decode("utf-8-sig") for p in out.glob("*.csv"))
    assert not any(line.startswith("=") or ",=" in line for line in every.splitlines())


def test_cli_xlsx_export_has_no_formulas_and_numbers_stay_numbers(hostile_db, tmp_path):
    out = tmp_path / "xlsx"
    assert main(["export", "--db", hostile_db, "--format", "xlsx", "--out", str(out)]) == 0
    data = (out / "budget_lens.xlsx").read_bytes()
    assert formulas(data) == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == list(CONTRACT_TABLES)
    header, *rows = cells(data, "expenditure_function")
    by_code = {r[header.index("code")]: r for r in rows}
    assert by_code["2010306"][header.index("name")] == LINK  # the text exactly, typed as a string
    assert by_code["2010306"][header.index("total")] == 1151.79
    header, *rows = cells(data, "documents")
    assert rows[0][header.index("file_name")] == FILE


def test_cli_parquet_export_has_the_current_documents(hostile_db, tmp_path):
    out = tmp_path / "pq"
    assert main(["export", "--db", hostile_db, "--format", "parquet", "--out", str(out)]) == 0
    con = duckdb.connect()
    names = con.execute(f"SELECT name FROM '{out}/expenditure_function.parquet' WHERE code = '2010306'").fetchone()
    assert names == (LINK,)
    assert con.execute(f"SELECT typeof(page) FROM '{out}/expenditure_function.parquet' LIMIT 1").fetchone() == ("INTEGER",)


def test_cli_export_of_a_damaged_database_says_so(tmp_path, capsys):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    assert main(["export", "--db", str(bad), "--format", "csv", "--out", str(tmp_path / "o")]) == 1
    assert "不是有效的 DuckDB 数据库" in capsys.readouterr().err


def test_download_writers_keep_formulas_as_text_in_both_formats():
    df = pd.DataFrame({"项目": HOSTILE, "金额（万元）": [1.5, -2.0, 3.0, 0.0, 4.25, 5.0, 6.0],
                       "来源": [f"{FILE} 第{i}页" for i in range(len(HOSTILE))]})
    xlsx = widgets.to_excel(df, "功能分类")
    assert formulas(xlsx) == []
    header, *rows = cells(xlsx)
    assert header == ["项目", "金额（万元）", "来源"]
    assert [r[0] for r in rows] == HOSTILE  # openpyxl writes through lxml (requirements.txt): a lone CR as &#13;
    assert [r[1] for r in rows] == [1.5, -2.0, 3.0, 0.0, 4.25, 5.0, 6.0]
    read = pd.read_csv(io.BytesIO(widgets.to_csv(df)), encoding="utf-8-sig", keep_default_na=False)
    assert list(read["项目"]) == ["'" + h for h in HOSTILE]
    assert list(read["金额（万元）"]) == [1.5, -2.0, 3.0, 0.0, 4.25, 5.0, 6.0]
    assert read["来源"].iloc[0] == "'" + FILE + " 第0页"


def test_unit_names_with_sheet_name_characters_still_download():
    xlsx = widgets.to_excel(pd.DataFrame({"a": [1]}), "功能分类_甲/乙\\[局]*?:_2023_" + "很长" * 20)
    (name,) = openpyxl.load_workbook(io.BytesIO(xlsx)).sheetnames
    assert name == "功能分类_甲_乙__局_____2023_很长很长很长很长很长很长很长很"[:31] and len(name) <= 31


def test_sheet_names_are_valid_and_unique():
    names = sheet_names(["a/b", "a\\b", "A/B", "'x'", "", "长" * 40, "长" * 40])
    assert names == ["a_b", "a_b(2)", "A_B(3)", "x", "数据", "长" * 31, "长" * 28 + "(2)"]


def test_inert_leaves_numbers_and_ordinary_text():
    assert [inert(v) for v in (1.5, -3, None, "行政运行", "2010301", " =x")] == [1.5, -3, None, "行政运行", "2010301", " =x"]


def test_excel_downloads_show_the_figures_as_the_page_does_in_columns_wide_enough():
    """833.60 stays 833.60 (two decimals, thousands separated), a percentage one decimal, a year
    a plain number; each column as wide as its header or its longest value (a Chinese character two)."""
    df = pd.DataFrame({"单位": ["某某市某某某某某某局", "乙"], "年度": [2023, 2024], "金额（万元）": [833.6, 12345.678],
                       "占比（%）": [12.345, 87.6]})
    sheet = openpyxl.load_workbook(io.BytesIO(widgets.to_excel(df, "表"))).active
    assert [sheet.cell(2, c).number_format for c in range(2, 5)] == ["0", "#,##0.00", "0.0"]
    assert sheet.cell(2, 3).value == 833.6 and sheet.cell(3, 3).value == 12345.68  # rounded as shown
    widths = [sheet.column_dimensions[col].width for col in "ABCD"]
    assert widths[0] >= 20 and widths[2] >= len("金额（万元）") * 2 and all(w >= 6 for w in widths)


CONTROL = "政务\x07公开\x1b审\x7f批"  # BEL and ESC (Excel's XML refuses them), DEL


def test_control_characters_in_a_report_export_to_every_format(tmp_path, capsys):
    """A line item holding control characters: the CLI's CSV and Excel exports and the dashboard's
    downloads all give a file, the characters shown as their pictures (TAB, LF, CR kept)."""
    text = tiny_final_report().decode().replace("政务公开审批", CONTROL)
    path = tmp_path / "ctl.txt"
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "c.duckdb")
    assert main(["ingest", "--db", db, str(path)]) == 0
    shown = "政务␇公开␛审␡批"
    for fmt in ("xlsx", "csv"):
        assert main(["export", "--db", db, "--format", fmt, "--out", str(tmp_path / fmt)]) == 0, capsys.readouterr()
    header, *rows = cells((tmp_path / "xlsx" / "budget_lens.xlsx").read_bytes(), "expenditure_function")
    assert shown in [r[header.index("name")] for r in rows]
    read = pd.read_csv(tmp_path / "csv" / "expenditure_function.csv", encoding="utf-8-sig", dtype=str)
    assert shown in set(read["name"])
    df = pd.DataFrame({"项目": [CONTROL, "a\tb\nc"], "金额": [1.0, 2.0]})
    assert [r[0] for r in cells(widgets.to_excel(df, "功能\x07分类"))[1:]] == [shown, "a\tb\nc"]
    assert list(pd.read_csv(io.BytesIO(widgets.to_csv(df)), encoding="utf-8-sig")["项目"]) == [shown, "a\tb\nc"]

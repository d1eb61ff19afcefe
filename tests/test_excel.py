"""Excel publications: figures → .xlsx / .xls workbook (one sheet per table) → loader → the same figures.

The .xls copy is written with xlwt from the factory's .xlsx, cell for cell and span for span, so
both readers are held by the same expected facts."""
from __future__ import annotations

import io

import duckdb
import openpyxl
import pytest

from factory.excel import render_xlsx
from loaders.read.excel_source import sheet_blocks, sheet_lines
from loaders.run.ingest import LoadError, ingest, read_document

from .reports import TABLES, load_every_format, roundtrip_cases, roundtrip_reports, roundtrip_wrong

xlwt = pytest.importorskip("xlwt")
REPORTS = roundtrip_reports()  # figures only (parametrize needs the names)


def as_xls(xlsx: bytes) -> bytes:
    """The same workbook in the legacy .xls format: values, merged cells, number formats."""
    source = openpyxl.load_workbook(io.BytesIO(xlsx))
    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}
    for ws in source.worksheets:
        out = book.add_sheet(ws.title)
        merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
        covered = {(r, c) for m in merged.values() for r in range(m.min_row, m.max_row + 1)
                   for c in range(m.min_col, m.max_col + 1)} - set(merged)
        for row in ws.iter_rows():
            for cell in row:
                at = (cell.row, cell.column)
                if at in covered:
                    continue
                style = styles.setdefault(cell.number_format, xlwt.easyxf(num_format_str=cell.number_format))
                value = "" if cell.value is None else cell.value
                if at in merged:
                    m = merged[at]
                    out.write_merge(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1, value, style)
                elif cell.value is not None:
                    out.write(cell.row - 1, cell.column - 1, value, style)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


FORMATS = {"xlsx": render_xlsx, "xls": lambda r: as_xls(render_xlsx(r))}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    con, docs = load_every_format(tmp_path_factory.mktemp("excel"), REPORTS, FORMATS)
    yield con, docs
    con.close()


CASES = roundtrip_cases(REPORTS, FORMATS)


@pytest.mark.parametrize("name, fmt, table", CASES)
def test_excel_roundtrip(loaded, name, fmt, table):
    con, docs = loaded
    wrong = roundtrip_wrong(con, docs[name][fmt], REPORTS[name], table)
    assert not wrong, wrong


@pytest.mark.parametrize("name", list(REPORTS))
def test_workbooks_identified_with_sheets_as_pages(loaded, name):
    con, docs = loaded
    report = REPORTS[name]
    sheets = len(openpyxl.load_workbook(io.BytesIO(render_xlsx(report))).worksheets)
    for fmt, doc_id in docs[name].items():
        row = con.execute("SELECT unit_name, fiscal_year, doc_kind, scope, page_count, source_format FROM documents "
                          "WHERE doc_id = ?", [doc_id]).fetchone()
        assert row == (report.unit, report.year, report.kind, report.scope, sheets, "excel")
        for table in TABLES:
            bad = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ? AND (page IS NULL OR page < 1 OR page > ?)",
                              [doc_id, sheets]).fetchone()[0]
            assert bad == 0, f"{name} {fmt} {table}: {bad} rows without a sheet"


def test_title_rows_become_lines_and_the_grid_one_table():
    rows = [["2024年部门收支总表", "", ""],
            ["编制单位：某某市某某局", "", "单位：万元"],
            ["", "项目", "金额"],
            ["", "", ""],
            ["", "一、一般公共预算拨款", ""],
            ["", "合计", "1604.99"],
            ["注：本表无政府性基金收支。", "", ""]]
    blocks = sheet_blocks(rows, 3)
    assert [b.text for b in blocks if not b.is_table] == ["2024年部门收支总表", "编制单位：某某市某某局 单位：万元",
                                                          "注：本表无政府性基金收支。"]
    (table,) = [b for b in blocks if b.is_table]
    assert table.rows == [["项目", "金额"], ["一、一般公共预算拨款", ""], ["合计", "1604.99"]]
    assert {b.page for b in blocks} == {3}


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_block_names_its_sheet_and_row_and_the_sheet_shows_it(suffix):
    data = FORMATS[suffix](REPORTS["final2023_2023"])
    doc = read_document(data, f"r.{suffix}")
    sheets = {page: sheet_lines(data, page)[1] for page in range(1, doc.page_count + 1)}
    for block in doc.blocks:
        rows = sheets[block.page]
        if block.is_table:
            shown = [rows[n - 1].split("\t") for n in block.where]
            assert [[c for c in row if c] for row in shown] == [[c for c in row if c] for row in block.rows]
        else:
            assert " ".join(c for c in rows[block.where[0] - 1].split("\t") if c) == block.text
    assert sheet_lines(data, doc.page_count + 1) == ("", [])


def test_rows_are_numbered_as_excel_numbers_them_blank_rows_counted():
    rows = [[], ["2024年部门收支总表", "", ""], ["", "项目", "金额"], ["", "", ""], ["", "合计", "1604.99"], ["注：无。"]]
    blocks = sheet_blocks(rows, 1)
    assert [(b.text, b.where) for b in blocks if not b.is_table] == [("2024年部门收支总表", [2]), ("注：无。", [6])]
    assert [b.where for b in blocks if b.is_table] == [[3, 5]]


def test_cells_read_as_the_sheet_shows_them(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["2023年度“三公”经费支出决算表"])
    ws.append(["项目", "预算数", "决算数", "完成率"])
    ws.append(["合计", 12.3, 453.20000000000005, 1.0218])
    ws["D3"].number_format = "0.00%"
    ws.append(["201", 2010301, 0, None])
    hidden = book.create_sheet("草稿")
    hidden.sheet_state = "hidden"
    hidden.append(["不应读取", "1", "2"])
    data = io.BytesIO()
    book.save(data)
    doc = read_document(data.getvalue(), "a.xlsx")
    (table,) = [b.rows for b in doc.blocks if b.is_table]
    assert table[1:] == [["合计", "12.3", "453.2", "102.18%"], ["201", "2010301", "0", ""]]
    assert doc.page_count == 1


@pytest.mark.parametrize("name, make, reason", [  # the bytes made when the test runs
    ("text.xlsx", lambda: "项目\t金额\n".encode(), "不是 Excel 文件（扩展名为 .xlsx"),
    ("cut.xlsx", lambda: render_xlsx(REPORTS["final2023_scaled"])[:3000], "Excel 文件已损坏或不完整"),
    ("junk.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 文件"),
])
def test_bad_workbooks_are_refused_with_a_reason(tmp_path, name, make, reason):
    data = make()
    with pytest.raises(LoadError, match=reason.replace("(", r"\(").replace("（", "（")):
        read_document(data, name)
    path = tmp_path / name
    path.write_bytes(data)
    db = str(tmp_path / "t.duckdb")
    (res,) = ingest([path], db)
    assert not res.ok and reason in res.message
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_an_uploaded_workbook_loads_under_its_name(tmp_path):
    from dashboard import manage

    db = str(tmp_path / "t.duckdb")
    (res,) = manage.load_uploads([manage.Upload("某局2022决算.xlsx", render_xlsx(REPORTS["final2023_scaled"]))], db)
    assert res.ok, res.message
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT file_name, source_format FROM documents").fetchall() == [("某局2022决算.xlsx", "excel")]

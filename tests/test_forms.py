"""Word, HTML and .zip publications: what each reader makes of a file (cells on their grid, lines
numbered, encodings), a .zip's files loaded each and paired, and every bad file refused with a
Chinese reason naming it. The round trips of every form are in test_variant_property.py."""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest

from factory import elements
from factory.bundle import render_zip
from factory.forms import available
from factory.html import render_htm, render_html
from factory.layout import Grid, whole_tables
from factory.text import render_text
from factory.variants import apply
from factory.word import render_doc, render_docx
from loaders.read import flow
from loaders.read.html_source import html_items
from loaders.run.ingest import LoadError, extract_bytes, ingest, read_document
from loaders.database.store import opened
from loaders.read.word_source import word_items

from .reports import factory_report, tiny_final_report

FINAL = factory_report("final2023")
BUDGET = factory_report("budget2026")
NAMES = ("split_codes", "wrapped_headers", "sangong_combined", "summary_three_groups")


def _grids(report, names=(), whole=False) -> list[list[list[str]]]:
    printed = apply(report, elements(report), names)
    return [el.rows for el in (whole_tables(printed) if whole else printed) if isinstance(el, Grid)]


def _tables(items) -> list[list[list[str]]]:
    return [item for item in items if not isinstance(item, str)]


@pytest.mark.parametrize("report", [FINAL, BUDGET], ids=["final", "budget"])
def test_word_tables_read_cell_for_cell_merged_cells_in_their_first_grid_cell(report):
    names = NAMES if report is BUDGET else NAMES[:2]
    assert _tables(word_items(render_docx(report, names), "r.docx")) == _grids(report, names)


@pytest.mark.parametrize("render", [render_html, render_htm], ids=["utf-8", "gbk"])
def test_html_tables_read_cell_for_cell_spans_on_their_grid(render):
    items = html_items(render(BUDGET, NAMES))
    assert _tables(items) == _grids(BUDGET, NAMES, whole=True)
    assert items[0] == "首页 > 政务公开 > 财政预决算" and "var views" not in " ".join(i for i in items if isinstance(i, str))


@pytest.mark.parametrize("page, lines", [
    ('<html><head><meta charset="gb2312"></head><body><p>部门\r\n预算</p><p>201 03 01</p></body></html>'.encode("gbk"),
     ["部门预算", "201 03 01"]),
    ('<html><body><p>收支总表</p></body></html>'.encode("utf-8"), ["收支总表"]),
    ('\ufeff<html><head><meta charset="gbk"></head><body><p>一般公共预算</p></body></html>'.encode("utf-8"),
     ["一般公共预算"]),  # a byte-order mark outranks what <meta> says
    (b'<?xml version="1.0" encoding="utf-8"?><html><body><table><tr><td><table><tr><td>a</td><td>b</td></tr>'
     b'</table></td></tr></table><div>x<br>y</div></body></html>', [[["a", "b"]], "x", "y"]),
])
def test_html_text_in_its_declared_encoding_layout_tables_read_through(page, lines):
    assert html_items(page) == lines


def test_word_text_boxes_of_a_cover_are_lines_once_each():
    book = docx.Document()
    book.add_paragraph("正文")
    p = book.add_paragraph()._p
    box = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent>'
           '<mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>某某局2026年部门预算</w:t></w:r></w:p>'
           '</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>某某局2026年部门预算</w:t>'
           '</w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>')
    from lxml import etree
    p.append(etree.fromstring(box))
    out = io.BytesIO()
    book.save(out)
    assert word_items(out.getvalue(), "r.docx") == ["正文", "某某局2026年部门预算", ""]


@pytest.mark.parametrize("render, suffix", [(render_docx, "docx"), (render_html, "html")])
def test_every_block_names_its_line_and_the_lines_show_it(render, suffix):
    data = render(FINAL)
    doc = read_document(data, f"r.{suffix}")
    lines = flow.source_lines(data, doc.source)
    assert doc.source == {"docx": "word", "html": "html"}[suffix] and doc.page_count is None
    for block in doc.blocks:
        if block.is_table:
            assert [lines[n - 1] for n in block.where] == ["\t".join(row) for row in block.rows]
        else:
            assert lines[block.where[0] - 1] == block.text
    ex = extract_bytes(data, f"r.{suffix}")
    row = next(r for r in ex.facts.rows["summary"] if r["amount"])
    assert row["page"] is None and f"{row['amount']:,.2f}" in lines[row["line"] - 1]


@pytest.mark.slow
@pytest.mark.skipif("doc" not in available(), reason="a .doc needs LibreOffice (soffice): .ci/run installs it")
def test_a_doc_is_read_as_its_docx_is():
    assert _tables(word_items(render_doc(BUDGET, NAMES), "r.doc")) == _grids(BUDGET, NAMES, whole=True)


# ------------------------------------------------------------------ bad files

def _ole(*streams: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"".join(s.encode("utf-16-le") for s in streams)


@pytest.mark.parametrize("name, data, reason", [
    ("cut.docx", lambda: render_docx(BUDGET)[:4000], "Word 文件已损坏或不完整"),
    ("locked.docx", lambda: _ole("EncryptionInfo", "EncryptedPackage"), "Word 文件已加密"),
    ("text.docx", lambda: "二〇二四年部门预算".encode(), "不是 Word 文件（扩展名为 .docx"),
    ("page.html", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "不是网页文件"),
    ("wrong.html", lambda: '<html><head><meta charset="utf-8"></head><body>预算</body></html>'.encode("gbk"),
     "网页声明的编码为 utf-8，但内容不是该编码"),
    ("a.zip", lambda: render_zip(BUDGET), "是 zip 压缩包"),
])
def test_a_bad_file_is_refused_with_its_reason(name, data, reason):
    with pytest.raises(LoadError, match=reason):
        read_document(data(), name)


def test_a_doc_without_libreoffice_says_what_to_do(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(LoadError, match="读取 .doc 需要 LibreOffice.*另存为 .docx"):
        read_document(_ole("WordDocument"), "old.doc")


@pytest.mark.parametrize("name", ["报告.doc", "报告.xls"])
def test_a_web_page_saved_as_word_or_excel_is_read_as_a_page(name):
    """Word's 'save as web page' kept as .doc, a site's HTML table offered as .xls."""
    assert read_document(render_html(FINAL), name).source == "html"


def _zip(members: dict[str, bytes], gbk: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = _GbkName(name) if gbk else zipfile.ZipInfo(name)
            archive.writestr(info, data)
    return out.getvalue()


class _GbkName(zipfile.ZipInfo):
    """A member named as Chinese Windows names it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _load(tmp_path: Path, name: str, data: bytes, **env) -> list:
    path = tmp_path / name
    path.write_bytes(data)
    return ingest([path], str(tmp_path / "db.duckdb"))


def test_a_zip_of_a_reports_parts_is_one_report_named_inside_the_archive(tmp_path):
    results = _load(tmp_path, "预算公开.zip", render_zip(BUDGET))
    assert [r.mark for r in results] == ["✓", "✓"]
    assert all(r.file_name.startswith("预算公开.zip/") for r in results)
    with opened(str(tmp_path / "db.duckdb")) as con:
        parts = con.execute("SELECT part, unit_name, fiscal_year, doc_kind, source_format FROM documents "
                            "ORDER BY part").fetchall()
        reports = con.execute("SELECT count(*) FROM current_documents").fetchone()[0]
    assert parts == [("narrative", BUDGET.unit, BUDGET.year, "budget", "word"),
                     ("tables", BUDGET.unit, BUDGET.year, "budget", "excel")]
    assert reports == 2  # the two parts of one report, not competing versions


def test_zip_member_names_written_in_gbk_read_as_written(tmp_path):
    results = _load(tmp_path, "r.zip", _zip({"某某局/部门决算.txt": tiny_final_report()}, gbk=True))
    assert [(r.file_name, r.ok) for r in results] == [("r.zip/某某局/部门决算.txt", True)]


@pytest.mark.parametrize("members, reasons", [
    ({}, ["压缩包中没有可导入的报告文件（PDF、Word、Excel、HTML 或 .txt），压缩包是空的"]),
    ({"cover.jpg": b"\xff\xd8", "inner.zip": b"PK"}, ["压缩包中没有可导入的报告文件（PDF、Word、Excel、HTML 或 .txt），"
                                                      "只有：cover.jpg、inner.zip"]),
    ({"readme.txt": "下载说明：请用 WPS 打开。".encode(), "a.docx": b"PK\x03\x04broken"},
     ["r.zip/readme.txt：不是部门预算或决算报告", "r.zip/a.docx：Word 文件已损坏或不完整"]),
])
def test_a_zip_without_a_readable_report_says_why_naming_each_file(tmp_path, members, reasons):
    results = _load(tmp_path, "r.zip", _zip(members))
    said = sorted(f"{r.file_name}：{r.message}" for r in results)
    assert not any(r.ok for r in results) and len(said) == len(reasons)
    assert all(s.startswith(reason) or s.startswith(f"r.zip：{reason}") for s, reason in zip(said, sorted(reasons)))


def test_a_zip_bomb_is_refused_before_anything_is_inflated(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_MAX_INFLATE_MB", "1")
    results = _load(tmp_path, "bomb.zip", _zip({"a.txt": b"0" * (3 * 1024 * 1024)}))
    assert [(r.file_name, r.ok) for r in results] == [("bomb.zip", False)]
    assert "超过上限 1 MB" in results[0].message and "压缩炸弹" in results[0].message


def test_a_damaged_or_locked_zip_is_refused(tmp_path):
    locked = bytearray(_zip({"a.txt": tiny_final_report()}))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # the encryption bit in both headers
        at = locked.find(header)
        locked[at + (6 if header == b"PK\x03\x04" else 8)] |= 1
    assert [r.message for r in _load(tmp_path, "locked.zip", bytes(locked))] == [
        "压缩包中的该文件已加密（需要密码），无法读取"]
    assert [r.message for r in _load(tmp_path, "cut.zip", render_zip(BUDGET)[:300])] == [
        "不是有效的 zip 压缩包或文件已损坏"]


def test_the_upload_box_loads_a_zip_as_its_files(tmp_path):
    from dashboard import manage

    results = manage.load_uploads([manage.Upload("公开.zip", render_zip(FINAL))], str(tmp_path / "db.duckdb"))
    assert [r.ok for r in results] == [True, True] and {r.file_name.split("/")[0] for r in results} == {"公开.zip"}


def test_a_text_export_in_a_zip_is_the_same_report(tmp_path):
    (res,) = _load(tmp_path, "t.zip", _zip({"报告.txt": render_text(FINAL)}))
    assert res.ok and res.status == "ok" and res.file_name == "t.zip/报告.txt"


def test_a_load_without_an_archive_makes_no_folder_to_unpack_into(tmp_path, monkeypatch):
    """A load that is killed cannot remove its temporary folder: one without a .zip makes none."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    seen = []
    path = tmp_path / "决算.txt"
    path.write_bytes(tiny_final_report())
    ingest([path], str(tmp_path / "db.duckdb"), on_result=lambda r: seen.append(sorted(os.listdir(tmp_path / "temp"))))
    assert seen == [[]]
    _load(tmp_path, "r.zip", _zip({"a/决算.txt": tiny_final_report()}))
    assert os.listdir(tmp_path / "temp") == []  # an archive's folder is removed when the load ends

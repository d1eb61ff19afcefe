"""Scanned reports through the whole loader: factory reports printed, scanned (tilted, blurred,
noisy, image-only) and loaded give back their figures; a mixed file loads its text pages and its
scanned pages; a figure the table's own sums refute is NULL with a finding, never a guess; the
reading child reports each OCR'd page and gets more time for it; --workers shares the pages."""
from __future__ import annotations

import io
import json
import sys
from functools import lru_cache

import duckdb
import pytest

pytest.importorskip("rapidocr_onnxruntime")

from factory.expected import expected_facts  # noqa: E402
from factory.pdf import FONT, render_pdf  # noqa: E402
from factory.scanned import Scan, scanned  # noqa: E402
from loaders.run.ingest import ingest, read_document  # noqa: E402

from .reports import TABLES, factory_report, matches  # noqa: E402

MONEY = [t for t in TABLES if t != "performance_indicators"]


def _loose(text):
    """Text as OCR can tell it: no spaces (OCR does not see them), ≥ and > alike (it mixes them up)."""
    return text.replace(" ", "").replace("≥", ">") if isinstance(text, str) else text


def wrong_facts(con, doc_id: str, report, tables) -> list[str]:
    """The report's expected facts of tables that no stored row matches (text compared loosely)."""
    out = []
    for table, key, expect in expected_facts(report):
        if table not in tables:
            continue
        cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
        rows = [dict(zip(cols, r)) for r in con.execute(f"SELECT * FROM {table} WHERE doc_id = ?", [doc_id]).fetchall()]
        rows = [{k: _loose(v) for k, v in r.items()} for r in rows]
        key, expect = {k: _loose(v) for k, v in key.items()}, {k: _loose(v) for k, v in expect.items()}
        if not any(all(r.get(k) == v for k, v in key.items()) and matches(r, expect) for r in rows):
            out.append(f"{table} {key}: {expect}")
    return out


@lru_cache(maxsize=None)
def loaded(name: str, pages: tuple | None, tilt: float, folder: str) -> tuple[str, str, object]:
    """A factory report scanned (the given pages, all when None) and loaded with two workers:
    (database, doc_id, the ingest result)."""
    from pathlib import Path

    path = Path(folder) / f"{name}_{tilt}.pdf"
    path.write_bytes(scanned(render_pdf(factory_report(name)), pages, Scan(tilt=tilt)))
    db = str(Path(folder) / f"{name}_{tilt}.duckdb")
    (result,) = ingest([path], db, workers=2)
    assert result.ok, result.message
    return db, result.doc_id, result


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return str(tmp_path_factory.mktemp("scans"))


@pytest.mark.slow
def test_a_scanned_report_gives_back_its_figures(folder):
    db, doc_id, result = loaded("final2023", None, 0.5, folder)
    con = duckdb.connect(db, read_only=True)
    report = factory_report("final2023")
    assert wrong_facts(con, doc_id, report, MONEY) == []
    indicators = [f for f in expected_facts(report) if f[0] == "performance_indicators"]
    assert len(wrong_facts(con, doc_id, report, ("performance_indicators",))) <= 0.1 * len(indicators)
    problems, status = con.execute("SELECT problems, parse_status FROM documents").fetchone()
    assert "无文字层（扫描件）" in problems and status == "partial" and "⚠" == result.mark
    # every fact keeps its page and a box on it, mapped back through the tilt
    boxed = con.execute("SELECT count(*), count(x0) FROM expenditure_function WHERE doc_id = ?", [doc_id]).fetchone()
    assert boxed[0] > 0 and boxed[1] >= 0.9 * boxed[0]


@pytest.mark.slow
def test_a_mixed_file_loads_its_text_pages_and_its_scanned_pages(folder):
    report = factory_report("budget2026")
    pages = tuple(range(2, 40, 2))
    db, doc_id, _ = loaded("budget2026", pages, -0.5, folder)
    con = duckdb.connect(db, read_only=True)
    assert wrong_facts(con, doc_id, report, MONEY) == []
    fact_pages = {p for (p,) in con.execute("SELECT DISTINCT page FROM expenditure_function WHERE doc_id = ?",
                                            [doc_id]).fetchall()} | \
        {p for (p,) in con.execute("SELECT DISTINCT page FROM summary WHERE doc_id = ?", [doc_id]).fetchall()}
    assert fact_pages & set(pages) and fact_pages - set(pages)  # figures from both kinds of page
    (problems,) = con.execute("SELECT problems FROM documents").fetchone()
    assert "第 2、4" in problems and "第 3" not in problems


def _unbalanced_report() -> bytes:
    """A one-table 决算 whose 类 row prints a 基本支出 10 more than its 项 rows' and than its own 合计
    less 项目支出 leave, scanned."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["", "合计", "300.00", "200.00", "100.00"],
            ["201", "一般公共服务支出", "300.00", "210.00", "100.00"],
            ["2010301", "行政运行", "120.00", "120.00", "0.00"],
            ["2010302", "一般行政管理事务", "180.00", "80.00", "100.00"]]
    style = ParagraphStyle("t", fontName=FONT, fontSize=14, leading=20)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), invariant=1)
    table = Table(rows, colWidths=[90, 220, 110, 110, 110], style=TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("FONT", (0, 0), (-1, -1), FONT, 11),
         ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    doc.build([Paragraph("测试市审计局2023年度部门决算", style), Paragraph("支出决算表", style),
               Paragraph("单位：测试市审计局　　单位：万元", style), table])
    return scanned(buf.getvalue(), scan=Scan(tilt=0.3))


@pytest.mark.slow
def test_figures_the_tables_sums_refute_are_null_with_a_finding_never_a_guess(tmp_path):
    path = tmp_path / "unbalanced.pdf"
    path.write_bytes(_unbalanced_report())
    pages = []
    (result,) = ingest([path], str(tmp_path / "db.duckdb"), on_page=lambda *told: pages.append(told))
    assert result.ok, result.message
    assert pages == [("unbalanced.pdf", 0, 1), ("unbalanced.pdf", 1, 1)]
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    rows = dict(con.execute("SELECT code, [total, basic, project] FROM expenditure_function").fetchall())
    # 201's 基本支出 (210) closes neither its row (300 - 100) nor its column (its 项 rows' 200, the 合计
    # row's 200): NULL. The 合计 row's 200 disagrees with it too, but its own row vouches for it.
    assert rows["201"] == [300, None, 100] and rows["total"] == [300, 200, 100]
    assert rows["2010301"] == [120, 120, 0] and rows["2010302"] == [180, 80, 100]
    findings = con.execute("SELECT page, message FROM findings WHERE check_id = 'unreadable_number'").fetchall()
    assert findings == [(1, "支出决算表（第1页）中的“210.00（OCR 读数与表内合计不符）”不是可识别的数字，已存为空值（未按 0 计）")]


@pytest.mark.slow
def test_each_ocr_page_gives_the_reading_more_time(tmp_path, monkeypatch):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_unbalanced_report())
    monkeypatch.setenv("BUDGET_LENS_READ_SECONDS", "1")  # far too little for OCR, and for the model to load
    monkeypatch.setenv("BUDGET_LENS_OCR_PAGE_SECONDS", "120")
    (result,) = ingest([path], str(tmp_path / "db.duckdb"))
    assert result.ok, result.message
    monkeypatch.setenv("BUDGET_LENS_READ_SECONDS", "0.2")
    monkeypatch.setenv("BUDGET_LENS_OCR_PAGE_SECONDS", "0.1")  # 0.3 s in all: less than loading the model
    (result,) = ingest([path], str(tmp_path / "other.duckdb"))
    assert not result.ok and "读取超过时间上限 0.3 秒" in result.message and "OCR 每页 0.1 秒" in result.message


@pytest.mark.slow
def test_workers_share_a_scanned_files_pages_and_read_them_alike():
    data = scanned(render_pdf(factory_report("final2021")), pages=(3, 4, 5))
    one, two = read_document(data, "a.pdf", workers=1), read_document(data, "a.pdf", workers=2)
    assert one.ocr_pages == two.ocr_pages == [3, 4, 5]
    assert [(b.page, b.text, b.rows) for b in one.blocks] == [(b.page, b.text, b.rows) for b in two.blocks]


@pytest.mark.slow
@pytest.mark.corpus
def test_image_only_copies_of_real_reports_load_with_most_of_their_gold(corpus, tmp_path):
    """The done-when check of issue 21: real reports turned into scans load with ≥ 90 % of the gold
    their originals are scored on (check_gold.py), their disclosure gold included (issue 30)."""
    sys.path.insert(0, str(corpus.parent / "tools"))
    import check_gold

    names = ["上海市普陀区人民政府办公室2025年部门预算"]
    paths = []
    for name in names:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(scanned((corpus / "real" / f"{name}.pdf").read_bytes()))
        paths.append(path)
    db = str(tmp_path / "scans.duckdb")
    assert all(r.ok for r in ingest(paths, db, workers=2))
    con = duckdb.connect(db, read_only=True)
    ok = total = 0
    for name in names:
        for path in (corpus / "gold" / f"{name}.json", corpus / "gold" / "disclosures" / f"{name}.json"):
            if not path.exists():
                continue
            gold = json.loads(path.read_text())
            (doc_id,) = check_gold.doc_ids_for(con, gold)
            got, of, _ = check_gold.check_doc(con, doc_id, gold, False)
            ok, total = ok + got, total + of
    assert total and ok >= 0.9 * total, f"{ok}/{total}"

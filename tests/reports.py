"""Small hand-made inputs for core tests: a minimal text-export report and hostile PDFs.

These are built by the tests themselves, so the suite needs nothing from outside the repo."""
from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache

from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import loaders.parsers  # noqa: F401  (registers the table kinds)
from factory.figures import Report
from factory.text import render_text
from factory.vary import bundled, scaled
from loaders.document import Block, Document
from loaders.facts import Facts
from loaders.extract import parse_table
from loaders.locate.registry import locate

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

SEEDS = ("000_ce383b8ac3ab7b4a.txt", "002_6432493666d23bbe.txt")  # corpus seeds: two 2023 决算 of two regions


def tiny_final_report(unit: str = "某某市测试局", year: int = 2023, amount: str = "1,604.99") -> bytes:
    """A text export with a cover and one 支出决算表: enough to identify and load."""
    rows = [
        "项目\t\t本年支出合计\t基本支出\t项目支出",
        "功能分类科目编码\t科目名称\t\t\t",
        "合计\t\t{a}\t453.20\t1,151.79",
        "201\t一般公共服务支出\t{a}\t453.20\t1,151.79",
        "20103\t政府办公厅（室）及相关机构事务\t{a}\t453.20\t1,151.79",
        "2010350\t事业运行\t453.20\t453.20\t",
        "2010306\t政务公开审批\t1,151.79\t\t1,151.79",
    ]
    text = "\n".join([f"{year} 年度", f"{unit}部门决算", "", "支出决算表", "公开 03 表",
                      f"部门：{unit}", "金额单位：万元"] + [r.format(a=amount) for r in rows])
    return text.encode("utf-8")


def pdf_with_text(lines: list[str], password: str | None = None, pages: int = 1) -> bytes:
    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(password, canPrint=0) if password else None
    c = canvas.Canvas(buf, encrypt=enc, invariant=1)
    for _ in range(pages):
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 18 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned_pdf() -> bytes:
    """A PDF whose only page is an image: what a scanner produces."""
    img = Image.new("RGB", (200, 100), "white")
    path = io.BytesIO()
    img.save(path, format="PNG")
    path.seek(0)
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawImage(ImageReader(path), 72, 500, width=400, height=200)
    c.showPage()
    c.save()
    return buf.getvalue()


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buf, format="PNG")
    return buf.getvalue()


@lru_cache(maxsize=None)
def factory_report(layout: str) -> Report:
    """A bundled factory report by its layout (final2023, final2021, budget2026), loaded when a
    test first asks for it rather than when its module is imported."""
    return next(r for r in bundled() if r.layout == layout)


@lru_cache(maxsize=1)
def versioned_report() -> Report:
    """A 2021-layout 决算 of a unit no sample has: the report the version tests load in two versions."""
    return scaled(factory_report("final2021"), 1.3, "测试市版本局", 2021)


# The contract's fact tables a factory report fills, table by table in the round trips.
TABLES = ("summary", "expenditure_function", "expenditure_economic", "sangong", "budget_execution", "grant_summary",
          "performance_projects", "performance_indicators", "budget_projects", "disclosures")


@lru_cache(maxsize=1)
def roundtrip_reports() -> dict[str, Report]:
    """The round trips' reports by name: the bundled ones and a scaled copy of the 2023 决算."""
    seeds = {f"{r.layout}_{r.year}": r for r in bundled()}
    seeds["final2023_scaled"] = scaled(factory_report("final2023"), 1.37, "示例市审计局", 2022)
    return seeds


def stored_mismatches(con, doc_id: str, table: str, facts) -> list[str]:
    """The expected facts of one table that no stored row of the document matches, each with what
    was stored instead."""
    cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
    rows = [dict(zip(cols, r)) for r in con.execute(f"SELECT * FROM {table} WHERE doc_id = ?", [doc_id]).fetchall()]
    out = []
    for _, key, expect in facts:
        candidates = [r for r in rows if all(r.get(k) == v for k, v in key.items())]
        if not any(matches(r, expect) for r in candidates):
            shown = {k: candidates[0].get(k) for k in expect} if candidates else "no row"
            out.append(f"{key}: expected {expect}, stored {shown}")
    return out


def clean() -> bytes:
    return render_text(versioned_report())


def damaged() -> bytes:
    """A later copy of the same report: its 基本支出 table left out and a 支出决算表 figure changed."""
    report = versioned_report()
    lines = clean().decode("utf-8").splitlines()
    start = lines.index("一般公共预算财政拨款基本支出决算明细表")
    end = next(i for i in range(start + 3, len(lines)) if not lines[i] and "\t" in lines[i - 1])
    text = "\n".join(lines[:start] + lines[end:])
    total = f"{report.total:,}"
    return text.replace(total, f"{report.total + 100:,}", 2).encode("utf-8")


def matches(row: dict, expect: dict) -> bool:
    """A row read back holds the expected values: text contained in the stored text, a blank or
    zero figure stored as NULL or 0, an amount exactly as printed (the round-trip and variant tests):
    a fact's Decimal equal to it, a stored DOUBLE the double of it."""
    for col, want in expect.items():
        got = row.get(col)
        if isinstance(want, str):
            if got is None or want not in str(got):
                return False
        elif want is None or want == 0:
            if got not in (None, 0):
                return False
        elif got is None or got != (float(want) if isinstance(got, float) else Decimal(want)):
            return False
    return True


def parse_blocks(blocks: list[Block], doc_kind: str, info=None) -> tuple[Facts, list]:
    """Locate the tables of blocks (title lines, then rows) and parse each as the loader does,
    without identify or checks: (facts, located tables)."""
    doc = Document("t.pdf", "0" * 64, "pdf", 9, list(blocks))
    located, _ = locate(doc, doc_kind, info.scale if info else Decimal(1))
    facts = Facts()
    for table in located:
        parse_table(table, facts, info)
    return facts, located


def load_every_format(folder, reports: dict, formats: dict):
    """Every report rendered in every format and loaded into one database in folder:
    (read-only connection, name → {format: doc_id})."""
    import duckdb

    from loaders.run.ingest import ingest

    paths, names = [], {}
    for name, report in reports.items():
        for fmt, render in formats.items():
            path = folder / f"{name}.{fmt}"
            path.write_bytes(render(report))
            paths.append(path)
            names[path.name] = (name, fmt)
    db = str(folder / "reports.duckdb")
    results = ingest(paths, db)
    assert all(r.ok for r in results), [r.message for r in results if not r.ok]
    con = duckdb.connect(db, read_only=True)
    docs: dict = {}
    for doc_id, file_name in con.execute("SELECT doc_id, file_name FROM documents").fetchall():
        name, fmt = names[file_name]
        docs.setdefault(name, {})[fmt] = doc_id
    return con, docs


def roundtrip_cases(reports: dict, formats: dict) -> list:
    """(name, format, table) for each table a report's expected facts name, as pytest params."""
    import pytest

    from factory.expected import expected_facts

    return [pytest.param(name, fmt, table, id=f"{name}-{fmt}-{table}")
            for name, r in reports.items() for fmt in formats for table in TABLES
            if any(f[0] == table for f in expected_facts(r))]


def roundtrip_wrong(con, doc_id: str, report, table: str) -> str:
    """'' when the stored document holds the report's expected facts of table, else what differs."""
    from factory.expected import expected_facts

    facts = [f for f in expected_facts(report) if f[0] == table]
    wrong = stored_mismatches(con, doc_id, table, facts)
    return f"{len(wrong)} of {len(facts)} {table} facts differ:\n" + "\n".join(wrong[:12]) if wrong else ""

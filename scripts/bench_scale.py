"""The scale database: 10,000 documents (1,000 units × 10 years) for timing the dashboard.

Parsing 10,000 PDFs would measure the loader again, so the rows are written directly: the bundled
sample reports (drawn by the report factory from its figures) are loaded once with the real loader,
then each fictional unit-year copies one of them inside DuckDB (INSERT … SELECT) with its amounts
scaled by the unit's own size, its yearly growth and some noise, as factory.vary.varied() does."""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

import duckdb
import pandas as pd

from factory.vary import DEPARTMENTS, REGIONS
from loaders.run.ingest import ingest
from loaders.identity.units import region_of, unit_id_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.pdf"))
# Columns holding amounts (万元), scaled with the copy; rates, scores and pages stay as printed.
AMOUNTS = {
    "summary": ("amount",),
    "expenditure_function": ("total", "basic", "project"),
    "expenditure_economic": ("amount",),
    "sangong": ("budget", "actual"),
    "budget_execution": ("budget", "actual", "budget_full_year"),
    "performance_projects": ("budget_initial", "budget_full_year", "executed"),
    "performance_indicators": (),
    "budget_projects": ("total",),
    "findings": ("expected", "actual"),
    "document_tables": (),
}
KIND_LABEL = {"final": "决算", "budget": "预算"}


def unit_name(u: int) -> str:
    """The u-th fictional unit: region × department, numbered once the pairs run out."""
    region, department = REGIONS[u % len(REGIONS)], DEPARTMENTS[u // len(REGIONS) % len(DEPARTMENTS)]
    round_ = u // (len(REGIONS) * len(DEPARTMENTS))
    return f"{region}{department}" if round_ == 0 else f"{region}第{round_ + 1}{department}"


def plan(n_units: int, n_years: int, n_templates: int, first_year: int = 2015, seed: int = 0) -> pd.DataFrame:
    """One row per document to write: unit, year, which template it copies and the scale factor."""
    rng = random.Random(seed)
    rows = []
    for u in range(n_units):
        name = unit_name(u)
        size, growth = rng.uniform(0.3, 3.0), rng.uniform(-0.03, 0.08)
        for y in range(n_years):
            rows.append({
                "doc_id": hashlib.sha256(f"{name}{first_year + y}".encode()).hexdigest()[:16],
                "unit_name": name, "unit_id": unit_id_of(name, {}), "region": region_of(name),
                "fiscal_year": first_year + y, "t": (u + y) % n_templates,
                "factor": round(size * (1 + growth) ** y * rng.uniform(0.95, 1.05), 4)})
    return pd.DataFrame(rows)


def build(db: str, n_units: int = 1_000, n_years: int = 10, templates: list[Path] | None = None,
          workers: int = 2) -> int:
    """Write n_units × n_years documents into db (a new file); returns the number written."""
    results = ingest(list(templates or SAMPLES), db, workers=workers)
    if not all(r.ok for r in results):
        raise RuntimeError("; ".join(f"{r.file_name}: {r.message}" for r in results if not r.ok))
    con = duckdb.connect(db)
    try:
        con.execute("CREATE TEMP TABLE tpl AS SELECT row_number() OVER (ORDER BY fiscal_year, file_name) - 1 AS t, "
                    "* FROM documents")
        n_templates = con.execute("SELECT count(*) FROM tpl").fetchall()[0][0]
        gen = plan(n_units, n_years, n_templates)
        con.register("gen_df", gen)
        con.execute("CREATE TEMP TABLE gen AS SELECT * FROM gen_df")
        con.execute("""
            INSERT INTO documents BY NAME
            SELECT g.doc_id, g.unit_name || g.fiscal_year || '年度部门' ||
                       CASE tpl.doc_kind WHEN 'budget' THEN '预算' ELSE '决算' END || '.pdf' AS file_name,
                   g.doc_id AS sha256, g.unit_name, g.unit_id, g.region, g.fiscal_year, tpl.doc_kind,
                   tpl.scope, g.unit_name AS source_unit, tpl.page_count, tpl.parse_status,
                   now() AS ingested_at, tpl.source_format, tpl.problems
            FROM gen g JOIN tpl USING (t)""")
        for table, amounts in AMOUNTS.items():
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "doc_id"]
            select = ", ".join(f"round(f.{c} * g.factor, 2) AS {c}" if c in amounts else f"f.{c}" for c in cols)
            con.execute(f"""
                INSERT INTO {table} BY NAME
                SELECT g.doc_id, {select} FROM gen g JOIN tpl USING (t) JOIN {table} f ON f.doc_id = tpl.doc_id""")
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM tpl)")
        con.execute("DELETE FROM documents WHERE doc_id IN (SELECT doc_id FROM tpl)")
        con.execute("CHECKPOINT")
        return con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    finally:
        con.close()

"""Parquet output: the same facts as the DuckDB file, partitioned by region and year, readable back."""
from urllib.parse import unquote

import duckdb
import pytest

from loaders.database import parquet
from loaders.run.cli import main
from loaders.database.record import cross_check_lake

from .reports import tiny_final_report


@pytest.mark.slow
def test_parquet_batches_hold_the_same_facts_as_duckdb(tmp_path):
    files = []
    for i, (unit, year) in enumerate([("三门峡市测试局", 2022), ("三门峡市测试局", 2023), ("南京市玄武区测试局", 2023)]):
        path = tmp_path / f"r{i}.txt"
        path.write_bytes(tiny_final_report(unit=unit, year=year, amount=f"1,60{i}.99"))
        files.append(str(path))
    db, out = str(tmp_path / "t.duckdb"), tmp_path / "pq"
    assert main(["ingest", "--db", db, *files]) == 0
    assert main(["ingest", "--format", "parquet", "--out", str(out), *files[:2]]) == 0
    assert main(["ingest", "--format", "parquet", "--out", str(out), files[2]]) == 0  # a second batch adds
    assert not (tmp_path / "pq" / "documents" / "empty.parquet").exists()
    assert {unquote(p.name) for p in (out / "expenditure_function").iterdir()} == {"part_region=三门峡市", "part_region=南京市玄武区"}

    served = duckdb.connect()
    parquet.attach(served, out)
    direct = duckdb.connect(db, read_only=True)
    query = ("SELECT d.unit_name, d.fiscal_year, f.code, f.total, f.basic, f.project FROM expenditure_function f "
             "JOIN current_documents d USING (doc_id) ORDER BY ALL")
    assert served.execute(query).fetchall() == direct.execute(query).fetchall()
    assert len(served.execute(query).fetchall()) == 3 * 5
    assert served.execute("SELECT count(*) FROM sangong").fetchone() == direct.execute(
        "SELECT count(*) FROM sangong").fetchone()


def test_parquet_needs_an_output_folder(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_bytes(tiny_final_report())
    assert main(["ingest", "--format", "parquet", str(path)]) == 1
    assert "--out" in capsys.readouterr().err


@pytest.mark.slow
def test_dashboard_serves_a_parquet_folder_like_the_duckdb_file(tmp_path, monkeypatch):
    """BUDGET_LENS_PARQUET: the pages read the folder through DuckDB and show the same figures."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from . import dashboard_db

    db = dashboard_db.build(str(tmp_path / "known.duckdb"))
    con = duckdb.connect(db, read_only=True)
    parquet.export(con, tmp_path / "pq")
    con.close()
    page = str(Path(__file__).resolve().parents[1] / "pages" / "overview.py")
    shown = {}
    for env, value in (("BUDGET_LENS_DB", db), ("BUDGET_LENS_PARQUET", str(tmp_path / "pq"))):
        monkeypatch.setenv(env, value)
        at = AppTest.from_file(page, default_timeout=60).run()
        assert not at.exception, at.exception
        shown[env] = dashboard_db.figures(at)
    assert shown["BUDGET_LENS_PARQUET"] == shown["BUDGET_LENS_DB"]
    assert ("1,200.00 万元", "+200.00 万元（+20.0%），比 2022 年") in shown["BUDGET_LENS_PARQUET"]["花了多少？"]


def test_checks_across_documents_written_by_different_batches(tmp_path):
    """A 决算 and the 预算 of its year loaded in two batches: the lake has the same cross-document
    findings as the DuckDB file that holds both, and a third batch of another unit keeps them."""
    from dataclasses import replace

    from factory.text import render_text
    from factory.vary import bundled, scaled

    budget = next(r for r in bundled() if r.kind == "budget")
    final = replace(bundled()[0], scope=budget.scope)  # a 部门决算 and a 部门预算 of one unit and year
    same_unit = replace(scaled(budget, 1, year=final.year), unit=final.unit)
    paths = []
    for name, report in (("f.txt", final), ("b.txt", same_unit), ("x.txt", tiny_final_report(unit="南京市玄武区测试局"))):
        path = tmp_path / name
        path.write_bytes(report if isinstance(report, bytes) else render_text(report))
        paths.append(str(path))
    db, out = str(tmp_path / "t.duckdb"), str(tmp_path / "pq")
    assert main(["ingest", "--db", db, *paths]) == 0
    for path in paths:  # one batch each, as three machines would
        assert main(["ingest", "--format", "parquet", "--out", out, path]) == 0
    query = ("SELECT d.file_name, f.check_id, f.severity, f.message FROM findings f JOIN documents d USING (doc_id) "
             "WHERE f.check_id IN ('year_over_year_loaded', 'budget_vs_final_docs') ORDER BY ALL")
    direct = duckdb.connect(db, read_only=True).execute(query).fetchall()
    served = duckdb.connect()
    parquet.attach(served, out)
    assert direct and {c for _, c, *_ in direct} == {"budget_vs_final_docs"}
    assert served.execute(query).fetchall() == direct
    assert cross_check_lake(out) == len(direct)  # over every unit again: the same findings
    served = duckdb.connect()
    parquet.attach(served, out)
    assert served.execute(query).fetchall() == direct

"""A database holding exactly the documents and fact rows a test gives, for the page tests: no
loader, no checks, so every figure a page shows is one the test wrote."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from loaders.facts import COLUMNS
from loaders.database.schema import create_schema

DOC_COLUMNS = ("doc_id", "file_name", "unit_name", "unit_id", "region", "fiscal_year", "doc_kind", "scope",
               "source_format", "page_count", "parse_status", "problems")


def build_db(path, docs: list[tuple], facts: dict[str, list[tuple]]) -> str:
    """A database holding exactly these documents (DOC_COLUMNS order) and fact rows (doc_id + COLUMNS)."""
    con = duckdb.connect(str(path))
    create_schema(con)
    for i, doc in enumerate(docs):
        con.execute(f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}, ingested_at) "
                    f"VALUES ({', '.join('?' * len(DOC_COLUMNS))}, ?)", list(doc) + [dt.datetime(2024, 1, 1, 0, i)])
    for table, rows in facts.items():
        cols = ("doc_id",) + COLUMNS[table]
        con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        [list(r) + [None] * (len(cols) - len(r)) for r in rows])
    con.close()
    return str(path)


def doc(doc_id, unit, year, kind, file_name=None, fmt="pdf", status="ok", problems=None):
    return (doc_id, file_name or f"{unit}{year}{'决算' if kind == 'final' else '预算'}.pdf", unit, unit,
            unit[:2], year, kind, "department", fmt, 20 if fmt == "pdf" else None, status, problems)


def database(docs: list[tuple], facts: dict[str, list[tuple]]):
    """A fixture: this database built in the test's tmp dir, and BUDGET_LENS_DB pointing at it."""
    @pytest.fixture()
    def use_db(tmp_path, monkeypatch):
        path = build_db(tmp_path / "t.duckdb", docs, facts)
        monkeypatch.setenv("BUDGET_LENS_DB", path)
        return path
    return use_db

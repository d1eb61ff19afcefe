"""The database: its schema created once and brought up to date in older files; a document stored
again replaces itself."""
from __future__ import annotations

import duckdb

from loaders import schema
from loaders.ingest import extract_bytes
from loaders.store import connect, store

from .reports import tiny_final_report


def _statements(con, func) -> int:
    """How many statements func(con) sends."""
    sent = []

    class Counting:
        def execute(self, sql, *args):
            sent.append(sql)
            return con.execute(sql, *args)
    func(Counting())
    return len(sent)


def test_a_database_at_this_schema_is_not_rebuilt(tmp_path):
    path = str(tmp_path / "s.duckdb")
    connect(path).close()
    con = duckdb.connect(path)
    assert _statements(con, schema.create_schema) == 1  # the version, read and found current
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(schema.VERSION,)]
    con.close()


def test_an_older_database_gains_the_added_columns_and_the_views(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    for table in schema.CONTRACT_TABLES:  # summary as first written, without parent
        con.execute(schema.create_table_sql(table, omit=("parent",) if table == "summary" else ()))
    assert "parent" not in [r[0] for r in con.execute("DESCRIBE summary").fetchall()]
    con.close()
    con = connect(path)
    columns = [r[0] for r in con.execute("DESCRIBE summary").fetchall()]
    assert "parent" in columns
    assert con.execute("SELECT count(*) FROM current_documents").fetchall() == [(0,)]
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(schema.VERSION,)]
    con.close()


def test_a_document_stored_again_replaces_its_rows(tmp_path):
    ex = extract_bytes(tiny_final_report(), "r.txt")
    con = connect(str(tmp_path / "r.duckdb"))
    store(con, ex)
    assert con.execute("SELECT count(*) FROM expenditure_function").fetchone()[0] > 1
    ex.facts.rows["expenditure_function"] = ex.facts.rows["expenditure_function"][:1]
    store(con, ex)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM expenditure_function").fetchone()[0] == 1
    con.close()

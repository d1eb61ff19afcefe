"""The database: its schema created once and brought up to date in older files; a document stored
again replaces itself."""
from __future__ import annotations

import duckdb

from loaders.database import schema
from loaders.run.ingest import extract_bytes
from loaders.database.record import record as store
from loaders.database.store import connect

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


def test_document_totals_follow_the_dashboards_rules(tmp_path):
    """合计 row first, else the sum of the 类 (summed from 项 where none is printed, named from
    function_classes), else the 收入支出总表's 本年支出合计 for all funds."""
    con = connect(str(tmp_path / "t.duckdb"))
    con.execute("INSERT INTO documents (doc_id, parse_status) VALUES ('a', 'ok'), ('b', 'ok'), ('c', 'ok')")
    con.execute("""INSERT INTO expenditure_function (doc_id, fund, code, name, level, total, basic, project, page) VALUES
        ('a', 'all', 'total', '合计', 0, 10, 6, 4, 3), ('a', 'all', '201', 'x', 1, 9, 5, 4, 3),
        ('b', 'general', '2010301', '行政运行', 3, 2, 2, 0, 5), ('b', 'general', '2080505', '养老', 3, 1, 1, 0, 5)""")
    con.execute("INSERT INTO summary (doc_id, side, item, amount, page) VALUES ('c', 'expense', '本年支出合计', 7, 2)")
    got = {r[:3] + r[5:]: r[3:5] for r in con.execute(
        "SELECT doc_id, fund, total, basic, project, source FROM document_totals ORDER BY 1, 2").fetchall()}
    assert got == {("a", "all", 10.0, "合计行"): (6.0, 4.0), ("b", "general", 3.0, "各类之和"): (3.0, 0.0),
                   ("c", "all", 7.0, "收支总表"): (None, None)}
    classes = con.execute("SELECT code, name, summed FROM function_class_rows WHERE doc_id = 'b' AND level = 1 "
                          "ORDER BY code").fetchall()
    assert classes == [("201", "一般公共服务支出", True), ("208", "社会保障和就业支出", True)]
    con.close()


def test_document_totals_give_the_box_of_the_printed_row_and_none_for_a_sum(tmp_path):
    """The 合计 row's page and box (or text line), the 收支总表 line's for a total read there; a total
    summed from the 类 was printed nowhere, so it has no box, and a blank 合计 row lends it none."""
    con = connect(str(tmp_path / "b.duckdb"))
    con.execute("""INSERT INTO expenditure_function
        (doc_id, fund, code, name, level, total, basic, project, page, x0, top, x1, bottom, line) VALUES
        ('a', 'all', 'total', '合计', 0, 10, 6, 4, 3, 50, 100, 500, 112, NULL),
        ('a', 'all', '201', 'x', 1, 10, 6, 4, 3, 50, 120, 500, 132, NULL),
        ('a', 'general', 'total', '合计', 0, NULL, NULL, NULL, 4, 50, 90, 500, 102, NULL),
        ('a', 'general', '201', 'x', 1, 8, 5, 3, 5, 50, 120, 500, 132, NULL),
        ('t', 'all', 'total', '合计', 0, 7, 4, 3, NULL, NULL, NULL, NULL, NULL, 41)""")
    con.execute("""INSERT INTO summary (doc_id, side, item, amount, page, x0, top, x1, bottom) VALUES
        ('c', 'expense', '本年支出合计', 7, 2, 40, 700, 520, 712), ('c', 'income', '本年收入合计', 7, 2, 40, 300, 520, 312)""")
    got = {r[:2]: r[2:] for r in con.execute(
        "SELECT doc_id, fund, source, page, x0, top, x1, bottom, line FROM document_totals").fetchall()}
    assert got == {("a", "all"): ("合计行", 3, 50.0, 100.0, 500.0, 112.0, None),
                   ("a", "general"): ("各类之和", 5, None, None, None, None, None),
                   ("t", "all"): ("合计行", None, None, None, None, None, 41),
                   ("c", "all"): ("收支总表", 2, 40.0, 700.0, 520.0, 712.0, None)}
    con.close()

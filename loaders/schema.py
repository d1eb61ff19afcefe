"""The DuckDB schema: the public contract (../shared/CONTRACT.md) plus a few extra tables.

Contract tables and columns are never renamed; extra columns and tables are ours.
"""
from __future__ import annotations

import hashlib

import duckdb

CONTRACT_DDL = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    file_name VARCHAR,
    sha256 VARCHAR,
    unit_name VARCHAR,
    unit_id VARCHAR,
    region VARCHAR,
    fiscal_year INTEGER,
    doc_kind VARCHAR,
    scope VARCHAR,
    source_unit VARCHAR,
    page_count INTEGER,
    parse_status VARCHAR,
    ingested_at TIMESTAMP,
    source_format VARCHAR,      -- extra: 'pdf' or 'text'
    problems VARCHAR            -- extra: Chinese notes on tables missing or unreadable
);
CREATE TABLE IF NOT EXISTS summary (
    doc_id VARCHAR, side VARCHAR, item VARCHAR, amount DOUBLE, page INTEGER,
    parent VARCHAR              -- extra: the line this line is printed under (NULL at the top level)
);
CREATE TABLE IF NOT EXISTS expenditure_function (
    doc_id VARCHAR, fund VARCHAR, code VARCHAR, name VARCHAR, level INTEGER,
    total DOUBLE, basic DOUBLE, project DOUBLE, page INTEGER
);
CREATE TABLE IF NOT EXISTS expenditure_economic (
    doc_id VARCHAR, code VARCHAR, name VARCHAR, level INTEGER, amount DOUBLE, category VARCHAR,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS sangong (
    doc_id VARCHAR, item VARCHAR, budget DOUBLE, actual DOUBLE, page INTEGER
);
CREATE TABLE IF NOT EXISTS budget_execution (
    doc_id VARCHAR, code VARCHAR, item VARCHAR, budget DOUBLE, actual DOUBLE,
    completion_rate DOUBLE, reason VARCHAR, page INTEGER, budget_full_year DOUBLE
);
CREATE TABLE IF NOT EXISTS performance_projects (
    doc_id VARCHAR, evaluation VARCHAR, project VARCHAR, budget_initial DOUBLE,
    budget_full_year DOUBLE, executed DOUBLE, execution_rate DOUBLE, score DOUBLE, page INTEGER
);
CREATE TABLE IF NOT EXISTS performance_indicators (
    doc_id VARCHAR, evaluation VARCHAR, project VARCHAR, level1 VARCHAR, level2 VARCHAR,
    name VARCHAR, target VARCHAR, actual VARCHAR, weight DOUBLE, score DOUBLE, reason VARCHAR,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS budget_projects (
    doc_id VARCHAR, unit_code VARCHAR, project VARCHAR, project_type VARCHAR, total DOUBLE,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS findings (
    doc_id VARCHAR, check_id VARCHAR, severity VARCHAR, message VARCHAR, page INTEGER,
    expected DOUBLE, actual DOUBLE
);
"""

EXTRA_DDL = """
CREATE TABLE IF NOT EXISTS document_tables (
    doc_id VARCHAR, kind VARCHAR, label VARCHAR, title VARCHAR, first_page INTEGER,
    row_count INTEGER, fact_count INTEGER
);
CREATE TABLE IF NOT EXISTS unit_aliases (
    alias VARCHAR PRIMARY KEY, unit_id VARCHAR
);
CREATE TABLE IF NOT EXISTS grant_summary (
    doc_id VARCHAR, side VARCHAR, item VARCHAR, parent VARCHAR, code VARCHAR, fund VARCHAR,
    amount DOUBLE, page INTEGER
);
"""

# Views for readers. The same report often arrives twice (its PDF and its text export), and a unit
# may publish a corrected file: readers want one document per unit, year, kind and scope, the PDF
# (which has page numbers) first, then the newest loaded.
VIEWS_DDL = """
CREATE OR REPLACE VIEW current_documents AS
SELECT * EXCLUDE (rank_in_report) FROM (
    SELECT *, row_number() OVER (
        PARTITION BY unit_id, fiscal_year, doc_kind, scope
        ORDER BY (source_format = 'pdf') DESC, ingested_at DESC, doc_id) AS rank_in_report
    FROM documents WHERE parse_status NOT IN ('failed', 'template')
) WHERE rank_in_report = 1;
CREATE OR REPLACE VIEW budget_vs_final AS
SELECT b.unit_id, f.unit_name, b.fiscal_year, b.scope, fb.fund, fb.code,
       coalesce(ff.name, fb.name) AS name, fb.level,
       fb.total AS budget_total, ff.total AS final_total,
       CASE WHEN fb.total > 0 THEN round(100 * ff.total / fb.total, 2) END AS completion_rate,
       b.doc_id AS budget_doc_id, fb.page AS budget_page,
       f.doc_id AS final_doc_id, ff.page AS final_page
FROM current_documents b
JOIN current_documents f
  ON f.unit_id = b.unit_id AND f.fiscal_year = b.fiscal_year AND f.scope = b.scope
 AND b.doc_kind = 'budget' AND f.doc_kind = 'final'
JOIN expenditure_function fb ON fb.doc_id = b.doc_id
LEFT JOIN expenditure_function ff ON ff.doc_id = f.doc_id AND ff.fund = fb.fund AND ff.code = fb.code;
"""

# Tables holding one document's facts: removing a document deletes from each.
FACT_TABLES = ("summary", "expenditure_function", "expenditure_economic", "sangong",
               "budget_execution", "performance_projects", "performance_indicators",
               "budget_projects", "findings", "document_tables", "grant_summary")


# Extra columns added after a database was first created: added to older files when opened for writing.
_ADDED_COLUMNS = (("summary", "parent", "VARCHAR"),)


# What this code's schema is; kept in the file, so that opening a database already at it for writing
# skips the DDL (a quarter of the time of opening one to store a document).
VERSION = hashlib.sha256(repr((CONTRACT_DDL, _ADDED_COLUMNS, EXTRA_DDL, VIEWS_DDL)).encode()).hexdigest()[:16]


def create_schema(con) -> None:
    """Bring the database to this code's schema: tables, added columns and views, when not there yet."""
    try:
        if con.execute("SELECT version FROM schema_version").fetchall() == [(VERSION,)]:
            return
    except duckdb.CatalogException:  # a new file, or one written before schema_version existed
        pass
    con.execute(CONTRACT_DDL)
    for table, column, kind in _ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
    con.execute(EXTRA_DDL)
    con.execute(VIEWS_DDL)
    con.execute("CREATE OR REPLACE TABLE schema_version AS SELECT ? AS version", [VERSION])

"""The DuckDB schema: the public contract (../shared/CONTRACT.md) plus a few extra tables.

Contract tables and columns are never renamed; extra columns and tables are ours.
"""
from __future__ import annotations

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
    doc_id VARCHAR, side VARCHAR, item VARCHAR, amount DOUBLE, page INTEGER
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
"""

# Tables holding one document's facts: removing a document deletes from each.
FACT_TABLES = ("summary", "expenditure_function", "expenditure_economic", "sangong",
               "budget_execution", "performance_projects", "performance_indicators",
               "budget_projects", "findings", "document_tables")


def create_schema(con) -> None:
    con.execute(CONTRACT_DDL)
    con.execute(EXTRA_DDL)

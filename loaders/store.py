"""Writing documents into DuckDB: one transaction per document, keyed by the file's hash."""
from __future__ import annotations

import datetime as dt

import duckdb

from .extract import Extracted
from .facts import COLUMNS
from .schema import FACT_TABLES, create_schema


class DatabaseBusy(Exception):
    """Another process holds the database file."""


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusy(
                f"数据库 {path} 正被另一个进程使用（可能是仪表盘或另一个导入任务）。"
                "请等待其结束，或先关闭仪表盘后再导入。") from exc
        raise
    if not read_only:
        create_schema(con)
    return con


def has_document(con, doc_id: str) -> bool:
    return con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone() is not None


def store(con, ex: Extracted) -> None:
    """Replace everything known about this document in one transaction: all or nothing."""
    doc, info, facts = ex.doc, ex.info, ex.facts
    con.execute("BEGIN TRANSACTION")
    try:
        _delete(con, doc.doc_id)
        con.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [doc.doc_id, doc.file_name, doc.sha256, info.unit_name, info.unit_id, info.region,
             info.fiscal_year, info.doc_kind, info.scope, info.source_unit, doc.page_count,
             ex.status, dt.datetime.now(), doc.source, "；".join(facts.problems) or None])
        for table, rows in facts.rows.items():
            if rows:
                cols = COLUMNS[table]
                con.executemany(
                    f"INSERT INTO {table} (doc_id, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 1))})",
                    [[doc.doc_id] + [r[c] for c in cols] for r in rows])
        if facts.tables:
            con.executemany(
                "INSERT INTO document_tables VALUES (?,?,?,?,?,?,?)",
                [[doc.doc_id, t["kind"], t["label"], t["title"], t["first_page"], t["row_count"],
                  t["fact_count"]] for t in facts.tables])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def remove(con, doc_id: str) -> bool:
    if not has_document(con, doc_id):
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        _delete(con, doc_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def _delete(con, doc_id: str) -> None:
    for table in FACT_TABLES + ("documents",):
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])

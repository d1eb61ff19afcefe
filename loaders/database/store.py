"""Writing documents into DuckDB: one transaction per document, keyed by the file's hash."""
from __future__ import annotations

import datetime as dt
import os
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from . import files
from ..run import samples
from ..facts import COLUMNS, Facts
from ..numbers import stored
from ..run.limits import setting
from .schema import BOX, FACT_TABLES, TABLES, Table, columns, create_schema, outdated, report_key

if TYPE_CHECKING:  # the dashboard imports this module to read: the parsers need not come with it
    from ..extract import Extracted


class DatabaseBusy(Exception):
    """Another process holds the database file."""


class DatabaseDamaged(Exception):
    """The file cannot be read as this project's database: not a readable DuckDB file (truncated,
    overwritten, a folder), another program's database, or one whose tables have lost columns.
    reason says which (Chinese, without the path: the dashboard shows it to visitors)."""

    def __init__(self, path: str, reason: str = ""):
        self.path, self.reason = str(path), reason or DAMAGED
        advice = RESTORE if self.reason in (DAMAGED, ALTERED) else CHECK_PATH
        super().__init__(f"数据库文件 {path} 无法读取：{self.reason}。文件未作任何改动。{advice}")


DAMAGED = "它不是有效的 DuckDB 数据库，或已损坏、不完整"
ALTERED = "它的表结构被改动过（缺少本程序需要的列或表）"
FOLDER = "这是一个文件夹，不是数据库文件"
RESTORE = ("请从备份恢复该文件；或把它移走（改名）后重新导入报告（python -m loaders ingest …），"
           "仪表盘首次启动时也会新建数据库。")
CHECK_PATH = "请检查 BUDGET_LENS_DB（或 --db）是否指向本程序的数据库文件。"


def foreign(tables: list[str]) -> str:
    shown = "、".join(tables[:5]) + ("等" if len(tables) > 5 else "")
    return f"它是另一个程序的 DuckDB 数据库（有表 {shown}，没有本程序的 documents 表）"


def unreadable(exc: Exception) -> bool:
    """Whether DuckDB's error says the file's pages are missing or garbled (not busy, not a bad query)."""
    if isinstance(exc, duckdb.IOException):
        return "lock" not in str(exc).lower()
    return (isinstance(exc, (duckdb.InternalException, duckdb.SerializationException))
            or "Corrupt database file" in str(exc))


def damaged(path: str) -> DatabaseDamaged:
    return DatabaseDamaged(path, FOLDER if os.path.isdir(path) else DAMAGED)


LOCK_WAIT = setting("BUDGET_LENS_LOCK_WAIT", 10.0)
# A writer stores one document's rows at a time: DuckDB's threads (one per core) would only compete
# with the processes reading the next files (a fifth of a load's time on two cores).
_WRITER = {"threads": 1}


def connect(path: str, read_only: bool = False, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting up to `wait` seconds (LOCK_WAIT) while another connection holds it.

    DuckDB lets one process write a file, and a reader in another process blocks the writer; inside
    one process (the dashboard server) a writer is refused next to a reader. The loader and the
    dashboard each hold the file only briefly, so a short wait lets both work. A file that cannot be
    this project's database (schema.unfit: damaged, a folder, another program's, altered) raises
    DatabaseDamaged before anything is written to it; so does an empty DuckDB file opened only to
    read (a write fills it)."""
    if os.path.isdir(path):
        raise damaged(path)
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config={} if read_only else _WRITER)
            break
        except duckdb.Error as exc:
            if unreadable(exc) and os.path.isfile(path):
                raise damaged(path) from exc
            if not isinstance(exc, (duckdb.IOException, duckdb.ConnectionException)) or unreadable(exc):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"数据库 {path} 正被另一个进程使用（可能是仪表盘或另一个导入任务）。"
                    "请等待其结束，或先关闭仪表盘后再导入。") from exc
            time.sleep(0.2)
    try:
        reason = unfit(con, new_ok=not read_only)
        if reason is None and not read_only:
            create_schema(con)
    except duckdb.Error as exc:
        con.close()
        if unreadable(exc):  # a file whose header opens but whose catalog cannot be read
            raise damaged(path) from exc
        raise
    if reason is not None:
        con.close()
        raise DatabaseDamaged(path, reason)
    return con


def unfit(con, new_ok: bool) -> str | None:
    """Why the file cannot serve as this project's database (DatabaseDamaged's reason), or None: it
    holds another program's tables, or this version's tables with columns or tables gone (a file an
    older version wrote is brought up to date instead); an empty one is fine when new_ok."""
    have: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                                     "WHERE database_name = current_database() AND schema_name = 'main'").fetchall():
        have.setdefault(table, set()).add(column)
    if not have:
        return None if new_ok else "它是空的 DuckDB 文件，还没有本程序的表（导入报告后即可使用）"
    if "documents" not in have:
        return foreign(sorted(have))
    if outdated(con):
        return None
    if any(name not in have.get(table, ()) for table in TABLES for name, _ in columns(table)):
        return ALTERED
    return None


def bring_up_to_date(path: str) -> None:
    """Give an outdated file (schema.outdated) this code's tables and views by one short write-open.
    A file held by another process, or on a read-only disk, is left as it is: the next load updates it."""
    try:
        connect(path, wait=0).close()  # a write-open runs create_schema
    except (DatabaseBusy, DatabaseDamaged, duckdb.Error):
        pass


@contextmanager
def opened(path: str, read_only: bool = False):
    """A connection held only for the work inside the with-block."""
    con = connect(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def has_document(con, doc_id: str) -> bool:
    return con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone() is not None


@contextmanager
def transaction(con):
    """The work inside the with-block, all or nothing."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def write(con, ex: Extracted) -> None:
    """Replace the rows of this document by what was read of it (inside the caller's transaction:
    record.record also settles what it changes in the other documents)."""
    doc, info, facts = ex.doc, ex.info, ex.facts
    if has_document(con, doc.doc_id):
        delete(con, doc.doc_id)
    row = dict(doc_id=doc.doc_id, file_name=doc.file_name, sha256=doc.sha256, unit_name=info.unit_name,
               unit_id=info.unit_id, region=info.region, fiscal_year=info.fiscal_year, doc_kind=info.doc_kind,
               scope=info.scope, source_unit=info.source_unit, page_count=doc.page_count, parse_status=ex.status,
               ingested_at=dt.datetime.now(), source_format=doc.source, problems="；".join(facts.problems) or None,
               is_sample=samples.is_sample(doc.sha256), part=ex.part, reader=doc.reader)
    con.execute(TABLES["documents"].insert_sql(), [row[c] for c in TABLES["documents"].names()])  # all filled
    for table, rows in facts.rows.items():
        insert_rows(con, table, doc.doc_id, COLUMNS[table], rows)
    insert_rows(con, "document_tables", doc.doc_id, TABLES["document_tables"].names()[1:], facts.tables)
    if ex.part:
        keep_text(con, doc.doc_id, ex.text)


def keep_text(con, doc_id: str, lines: list[tuple[int, int | None, str]]) -> None:
    """A part's text lines (line number, page, text), read again once its companion is loaded."""
    con.execute("DELETE FROM document_text WHERE doc_id = ?", [doc_id])
    if lines:
        con.executemany(TABLES["document_text"].insert_sql(), [[doc_id, *line] for line in lines])


def insert_rows(con, table: str, doc_id: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    """All rows of one table in one statement, scanned from an Arrow table typed by the schema spec
    (row-by-row inserts cost more than parsing the report; a DataFrame of objects twice this)."""
    if not rows:
        return
    con.register("new_rows", typed(TABLES[table], columns, rows, doc_id))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM new_rows")
    finally:
        con.unregister("new_rows")


def typed(spec: Table, columns: tuple[str, ...], rows: list[dict], doc_id: str | None = None) -> pa.Table:
    """Rows as an Arrow table of the schema's types, doc_id first when given."""
    data = ({} if doc_id is None else {"doc_id": [doc_id] * len(rows)}) | column_values(spec, columns, rows)
    return pa.Table.from_pydict(data, schema=spec.arrow_schema(tuple(data)))


def insert_values(con, spec: Table, columns: tuple[str, ...], rows: list[dict]) -> None:
    """A few rows by executemany, on a connection whose last query may still hold unread rows (the
    cross-document checks' own queries: DuckDB registers no Arrow table beside them)."""
    if rows:
        values = column_values(spec, columns, rows)
        con.executemany(spec.insert_sql(columns), list(zip(*(values[c] for c in columns))))


def column_values(spec: Table, columns: tuple[str, ...], rows: list[dict]) -> dict[str, list]:
    """Each column's values of the rows: the one place the facts' Decimal figures become the contract's
    DOUBLEs (float() of a Decimal is the double nearest the printed figure, as DuckDB reads it from text)."""
    doubles = {c.name for c in spec.columns if c.type == "DOUBLE"}
    return {c: [None if (v := r.get(c)) is None else float(v) for r in rows] if c in doubles
            else [r.get(c) for r in rows] for c in columns}


def read_facts(con, doc_id: str, tables: tuple[str, ...] = tuple(COLUMNS)) -> Facts:
    """A stored document's facts, as the parsers left them: its figures Decimals again (numbers.stored)."""
    facts = Facts()
    for table in tables:
        columns, figures = COLUMNS[table], set(figure_columns(TABLES[table]))
        cur = con.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE doc_id = ?", [doc_id])
        facts.rows[table] = [{c: stored(v) if c in figures else v for c, v in zip(columns, r)} for r in cur.fetchall()]
    return facts


def figure_columns(spec: Table) -> tuple[str, ...]:
    """The DOUBLE columns that hold figures (amounts, rates, scores: Decimals in the facts), not where
    something was printed (a box, a finding's other box)."""
    return tuple(c.name for c in spec.columns if c.type == "DOUBLE" and c.name.removeprefix("other_") not in BOX)


def drop_file(con, sha256: str) -> None:
    """The kept file of this content, once no document of this database uses it."""
    db_path = files.database_path(con)
    if db_path and not con.execute("SELECT 1 FROM documents WHERE sha256 = ?", [sha256]).fetchone():
        files.drop(db_path, sha256)


def choose(con, doc_id: str) -> None:
    """Make doc_id the current version of its report (an admin's choice in 数据管理): the choice
    of any other version of the same report is withdrawn."""
    with transaction(con):
        con.execute(f"""
        DELETE FROM chosen_documents WHERE doc_id IN (
            SELECT o.doc_id FROM documents o JOIN documents d ON ({report_key('o')}) = ({report_key('d')})
            WHERE d.doc_id = ?)""", [doc_id])
        con.execute(TABLES["chosen_documents"].insert_sql(), [doc_id, dt.datetime.now()])


def set_setting(con, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])


def delete(con, doc_id: str) -> None:
    for table in FACT_TABLES + ("documents",):
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])


def unit_variants(con) -> list[tuple[str, str, str]]:
    """(unit_id, names as printed, years) for every unit: how its name varied."""
    return con.execute(
        "SELECT unit_id, string_agg(DISTINCT unit_name, ' / ' ORDER BY unit_name), "
        "string_agg(DISTINCT CAST(fiscal_year AS VARCHAR), ', ' ORDER BY CAST(fiscal_year AS VARCHAR)) "
        "FROM documents GROUP BY unit_id ORDER BY unit_id").fetchall()

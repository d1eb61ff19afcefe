"""Parquet output: the contract tables as Parquet files partitioned by region and fiscal year.

Parsing is a pure function file → records, so many machines can parse and each write its own
partitions; DuckDB (or any engine that reads Hive-partitioned Parquet) then serves the folder. The
dashboard reads such a folder through views (BUDGET_LENS_PARQUET).

The checks across documents (a report against last year's, a 决算 against its 预算) need documents
that other batches may have written: cross_check() runs them on the whole folder for the units a
batch touched and keeps their findings in cross_findings/, which then stand for those checks in
place of what each batch found alone."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from .schema import CLAIMS, FACT_TABLES, SETTINGS_DDL, VIEWS_DDL, write_function_classes

TABLES = ("documents",) + FACT_TABLES + (CLAIMS.name,)
CROSS = "cross_findings"
CROSS_FILE = "cross.parquet"
CHECKS_KEY = b"budget_lens.checks"  # the cross file's metadata: which checks it replaces
_PARTITION = "part_region, part_year"


def export(con, folder: str | Path, stem: str | None = None) -> dict[str, int]:
    """Write every table under folder/<table>/part_region=…/part_year=…/; returns rows per table.

    Files are named by a fresh uuid, so several loaders (machines) can add their batches to one
    folder; loading the same report in two batches stores it twice (compact() keeps one), so give
    each file one batch. With a stem (a document's id) the names are fixed instead: writing the same
    document again replaces its files, as a retried cluster task does."""
    pattern = f"{stem}_{{i}}" if stem else "part_{uuid}"
    folder = Path(folder)
    counts = {}
    present = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    for table in (t for t in TABLES if t in present):  # a batch file without claims has no such table
        select = (f"SELECT t.*, coalesce(d.region, '未知') AS part_region, d.fiscal_year AS part_year "
                  f"FROM {table} t JOIN documents d USING (doc_id)")
        if table == "documents":
            select = select.replace("t.*", "d.*").replace(" t JOIN documents d USING (doc_id)", " d")
        target = folder / table
        target.mkdir(parents=True, exist_ok=True)
        counts[table] = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
        if counts[table]:
            con.execute(f"COPY ({select}) TO '{_quote(target)}' (FORMAT parquet, PARTITION_BY ({_PARTITION}), "
                        f"OVERWRITE_OR_IGNORE, FILENAME_PATTERN '{pattern}')")
        else:  # an empty table still needs a file that carries its columns, in a partition of its own
            empty = target / "part_region=无" / "part_year=0"  # (as every file under a table must be)
            empty.mkdir(parents=True, exist_ok=True)
            con.execute(f"COPY (SELECT * EXCLUDE ({_PARTITION}) FROM ({select})) TO "
                        f"'{_quote(empty / 'empty.parquet')}' (FORMAT parquet)")
    return counts


def scan(folder: str | Path, table: str, filename: bool = False) -> str:
    """SQL reading every part of one table of the folder, its partition columns included."""
    files = Path(folder) / table / "**" / "*.parquet"
    return (f"read_parquet('{_quote(files)}', hive_partitioning = true, union_by_name = true"
            f"{', filename = true' if filename else ''})")


def connect(folder: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection that sees the folder as the DuckDB file's tables and views (attach)."""
    con = duckdb.connect()
    attach(con, folder)
    return con


def attach(con, folder: str | Path) -> None:
    """Views named like the contract tables over a Parquet folder written by export()."""
    folder = Path(folder)
    crossed = (folder / CROSS).exists()
    for table in TABLES:
        if not (folder / table).exists():  # a folder written before the table was exported
            con.execute(CLAIMS.ddl())
            continue
        name = "batch_findings" if table == "findings" and crossed else table
        con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * EXCLUDE ({_PARTITION}) FROM {scan(folder, table)}")
    if crossed:  # the batches' own cross-document findings give way to those of the whole folder
        ids = ", ".join(f"'{i}'" for i in _replaced(folder))
        con.execute(f"""CREATE OR REPLACE VIEW findings AS
            SELECT * FROM batch_findings {f'WHERE check_id NOT IN ({ids})' if ids else ''}
            UNION ALL BY NAME SELECT * FROM read_parquet('{_quote(folder / CROSS / "*.parquet")}')""")
    con.execute(SETTINGS_DDL)  # in memory: a served folder has no admin settings
    write_function_classes(con)
    con.execute(VIEWS_DDL)


def _replaced(folder: Path) -> list[str]:
    """The checks whose findings cross_findings/ holds for the whole folder (written with them)."""
    meta = pq.read_schema(folder / CROSS / CROSS_FILE).metadata or {}
    return json.loads(meta.get(CHECKS_KEY, b"[]"))


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def compact(folder: str | Path) -> dict[str, tuple[int, int]]:
    """Merge each table's parts into one file per partition, keeping one copy of a document that
    batches stored twice; (files before, files after) per table. Each table is written beside the
    old one and then swapped in: run it while no batch is writing to the folder (then run the checks
    across documents over every unit: record.cross_check_lake)."""
    folder = Path(folder)
    work = folder / ".compacting"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    counts = {}
    con = duckdb.connect()
    try:
        for table in (t for t in TABLES if (folder / t).exists()):
            before = list((folder / table).rglob("*.parquet"))
            rows = (f"SELECT * FROM {scan(folder, table, filename=True)} "
                    "QUALIFY filename = min(filename) OVER (PARTITION BY doc_id)")
            if not con.execute(f"SELECT count(*) FROM ({rows})").fetchone()[0]:
                counts[table] = (len(before), len(before))  # only the file that carries its columns
                continue
            con.execute(f"COPY (SELECT * EXCLUDE (filename) FROM ({rows})) TO '{_quote(work / table)}' "
                        f"(FORMAT parquet, PARTITION_BY ({_PARTITION}), FILENAME_PATTERN 'part_{{uuid}}')")
            (folder / table).rename(work / f"{table}.old")
            (work / table).rename(folder / table)
            shutil.rmtree(work / f"{table}.old")
            counts[table] = (len(before), len(list((folder / table).rglob("*.parquet"))))
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)
    return counts

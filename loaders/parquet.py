"""Parquet output: the contract tables as Parquet files partitioned by region and fiscal year.

Parsing is a pure function file → records, so many machines can parse and each write its own
partitions; DuckDB (or any engine that reads Hive-partitioned Parquet) then serves the folder. The
dashboard reads such a folder through views (BUDGET_LENS_PARQUET)."""
from __future__ import annotations

from pathlib import Path

from .schema import FACT_TABLES, SETTINGS_DDL, VIEWS_DDL, write_function_classes

TABLES = ("documents",) + FACT_TABLES
_PARTITION = "part_region, part_year"


def export(con, folder: str | Path) -> dict[str, int]:
    """Write every table under folder/<table>/part_region=…/part_year=…/; returns rows per table.

    Files are named by a fresh uuid, so several loaders (machines) can add their batches to one
    folder; loading the same report in two batches stores it twice, so give each file one batch."""
    folder = Path(folder)
    counts = {}
    for table in TABLES:
        select = (f"SELECT t.*, coalesce(d.region, '未知') AS part_region, d.fiscal_year AS part_year "
                  f"FROM {table} t JOIN documents d USING (doc_id)")
        if table == "documents":
            select = select.replace("t.*", "d.*").replace(" t JOIN documents d USING (doc_id)", " d")
        target = folder / table
        target.mkdir(parents=True, exist_ok=True)
        counts[table] = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
        if counts[table]:
            con.execute(f"COPY ({select}) TO '{_quote(target)}' (FORMAT parquet, PARTITION_BY ({_PARTITION}), "
                        "OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'part_{uuid}')")
        else:  # an empty table still needs a file that carries its columns
            con.execute(f"COPY ({select}) TO '{_quote(target / 'empty.parquet')}' (FORMAT parquet)")
    return counts


def attach(con, folder: str | Path) -> None:
    """Views named like the contract tables over a Parquet folder written by export()."""
    folder = Path(folder)
    for table in TABLES:
        files = folder / table / "**" / "*.parquet"
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * EXCLUDE ({_PARTITION}) FROM "
                    f"read_parquet('{_quote(files)}', hive_partitioning = true, union_by_name = true)")
    con.execute(SETTINGS_DDL)  # in memory: a served folder has no admin settings
    write_function_classes(con)
    con.execute(VIEWS_DDL)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")

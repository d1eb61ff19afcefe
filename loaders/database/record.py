"""Recording a document, and what that changes in the others.

store writes a document's rows; recording it also reads its report's other part against it (pairs)
and runs its unit's cross-document checks again (checks.cross_document), all in one transaction.
Removing a document and merging units change the others in the same way, and so does a batch
written into a Parquet folder (cross_check_lake). This lives apart from
store so that the read side, which opens the database through store, loads no parser or check.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from . import pairs, parquet
from ..checks import cross_document
from .schema import TABLES
from .store import delete, drop_file, has_document, transaction, typed, write
from ..identity.units import read_aliases, unit_id_of

if TYPE_CHECKING:
    from ..extract import Extracted


def record(con, ex: Extracted) -> None:
    """Replace everything known about this document, and what it changes in its report and unit:
    all or nothing."""
    with transaction(con):
        write(con, ex)
        pairs.join(con, ex.doc.doc_id)
        cross_document.update(con, ex.doc.doc_id, ex.info.unit_id, ex.facts.claims)


def remove(con, doc_id: str) -> bool:
    """Remove a document (and its kept file, when no other document uses it); False when unknown."""
    if not has_document(con, doc_id):
        return False
    unit_id, sha256 = con.execute("SELECT unit_id, sha256 FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    with transaction(con):
        delete(con, doc_id)
        cross_document.update(con, doc_id, unit_id)
    drop_file(con, sha256)
    return True


def apply_aliases(con, aliases: dict[str, str] | None = None) -> int:
    """Store the user's unit merges and re-key every document by them; returns documents changed.

    Run after loading and by `loaders units`, so an edit of data/unit_aliases.csv reaches documents
    loaded before it."""
    aliases = read_aliases() if aliases is None else aliases
    docs = con.execute("SELECT doc_id, unit_name, region, unit_id FROM documents WHERE unit_name IS NOT NULL").fetchall()
    changes = [(key, doc_id) for doc_id, name, region, unit_id in docs
               if (key := unit_id_of(name, aliases, region)) != unit_id]
    with transaction(con):
        con.execute("DELETE FROM unit_aliases")
        if aliases:
            con.executemany(TABLES["unit_aliases"].insert_sql(), list(aliases.items()))
        if changes:
            con.executemany("UPDATE documents SET unit_id = ? WHERE doc_id = ?", changes)
            cross_document.refresh(con)  # documents merged into one unit are now each other's last year
    return len(changes)


def cross_check_lake(folder: str | Path, unit_ids: list[str] | None = None) -> int:
    """Run the cross-document checks on the whole folder for the given units (every unit when None),
    keep the other units' earlier results, and write them all to cross_findings/; the number of
    findings now there. Batches written at the same time each rerun this for their own units: run it
    once more over every unit (unit_ids None) after parallel batches."""
    folder = Path(folder)
    con = parquet.connect(folder)
    found = cross_document.run(con, unit_ids)
    target = folder / parquet.CROSS / parquet.CROSS_FILE
    kept = []
    if unit_ids is not None and target.exists():
        mine = {r[0] for r in con.execute("SELECT doc_id FROM documents WHERE list_contains(?, unit_id)",
                                          [list(unit_ids)]).fetchall()}
        kept = [r for r in pq.read_table(target).to_pylist() if r["doc_id"] not in mine]
    con.close()
    rows = kept + found
    table = typed(TABLES["findings"], cross_document.FINDING_COLUMNS, rows).replace_schema_metadata(
        {parquet.CHECKS_KEY: json.dumps(sorted(c.id for c in cross_document.across_reports()))})
    target.parent.mkdir(exist_ok=True)
    partial = target.with_suffix(".writing")
    pq.write_table(table, partial)
    partial.replace(target)  # a reader sees the old file or the new one, never half of one
    return len(rows)

"""Typed facts of one document, keyed by contract table, ready for the store."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .database.schema import CONTRACT_TABLES, columns

# Columns of each table the parsers fill, after doc_id, as the schema spec orders them.
COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(name for name, _ in columns(table) if name != "doc_id")
    for table in (*CONTRACT_TABLES, "grant_summary") if table != "documents"}


@dataclass
class Facts:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    tables: list[dict] = field(default_factory=list)  # kind, title, first_page, rows, facts
    problems: list[str] = field(default_factory=list)  # Chinese notes: tables missing or unreadable
    unread: list = field(default_factory=list)  # registry.Unread: tables of figures no parser reads, and why
    # What a parser read that only a check judges, keyed by that check's id (a printed 总分 with the
    # points it should add up to, a printed 执行率 with its two figures, a cell that is no number):
    # parsers record, the registered checks decide.
    evidence: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    claims: list[dict] = field(default_factory=list)  # last year's figures the narrative states (checks.cross_document)

    def add(self, table: str, where=None, **values) -> dict:
        """A fact row of the table; where: the position its figures were printed at, as its reader gave it."""
        unknown = set(values) - set(COLUMNS[table])
        if unknown:
            raise KeyError(f"{table} has no columns {sorted(unknown)}")
        row = {c: values.get(c) for c in COLUMNS[table]}
        place(row, where)
        self.rows[table].append(row)
        return row

    def get(self, table: str, **key) -> list[dict]:
        return [r for r in self.rows.get(table, []) if all(r.get(k) == v for k, v in key.items())]

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())


def place(row: dict, where) -> None:
    """Set a row's printed position as the reader gave it: a PDF box (x0, top, x1, bottom), a text
    export's line number, or None (none known)."""
    box = where if isinstance(where, tuple) else (None,) * 4
    row["x0"], row["top"], row["x1"], row["bottom"] = box
    row["line"] = where if isinstance(where, int) else None


def where_of(row: dict):
    """The position a row was placed at (the inverse of place): a box, a line number or None."""
    if row.get("x0") is not None:
        return row["x0"], row["top"], row["x1"], row["bottom"]
    return row.get("line")

"""Typed facts of one document, keyed by contract table, ready for the store."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

# Columns of each contract table after doc_id, in order (../shared/CONTRACT.md).
COLUMNS: dict[str, tuple[str, ...]] = {
    "summary": ("side", "item", "amount", "page", "parent"),  # parent: extra column
    "expenditure_function": ("fund", "code", "name", "level", "total", "basic", "project", "page",
                             "reserve"),  # reserve: extra column
    "expenditure_economic": ("code", "name", "level", "amount", "category", "page"),
    "sangong": ("item", "budget", "actual", "page"),
    "budget_execution": ("code", "item", "budget", "actual", "completion_rate", "reason", "page",
                         "budget_full_year"),
    "performance_projects": ("evaluation", "project", "budget_initial", "budget_full_year", "executed",
                             "execution_rate", "score", "page"),
    "performance_indicators": ("evaluation", "project", "level1", "level2", "name", "target", "actual",
                               "weight", "score", "reason", "page"),
    "budget_projects": ("unit_code", "project", "project_type", "total", "page"),
    "findings": ("check_id", "severity", "message", "page", "expected", "actual"),
    # extra table (schema.EXTRA_DDL)
    "grant_summary": ("side", "item", "parent", "code", "fund", "amount", "page"),
}


@dataclass
class Facts:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    tables: list[dict] = field(default_factory=list)  # kind, title, first_page, rows, facts
    problems: list[str] = field(default_factory=list)  # Chinese notes: tables missing or unreadable
    unmatched: int = 0  # tables of the document that no table kind claims
    claims: list[dict] = field(default_factory=list)  # last year's figures the narrative states (checks.cross_document)

    def add(self, table: str, **values) -> dict:
        unknown = set(values) - set(COLUMNS[table])
        if unknown:
            raise KeyError(f"{table} has no columns {sorted(unknown)}")
        row = {c: values.get(c) for c in COLUMNS[table]}
        self.rows[table].append(row)
        return row

    def get(self, table: str, **key) -> list[dict]:
        return [r for r in self.rows.get(table, []) if all(r.get(k) == v for k, v in key.items())]

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())

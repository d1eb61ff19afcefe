"""Where each fact was printed: the box of its line on the PDF page, or its line in a text export.

Every fact already keeps its page; to show the very line (the source view, a quoted figure) it also
needs the line's position. Rather than thread positions through every parser, the printed lines are
indexed once (before any table is located, while rows are as read) and each fact is found again
among the lines of its page: the line that prints its figures, its code and its name. A fact
whose line cannot be told (no figure and no code or name printed on its page) keeps NULL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .document import Document
from .numbers import parse_decimal

# The figures of each table's rows, the words that name them, the column holding the position.
_FIGURES = {
    "summary": ("amount",), "grant_summary": ("amount",), "expenditure_function": ("total", "basic", "project"),
    "expenditure_economic": ("amount",), "sangong": ("budget", "actual"),
    "budget_execution": ("budget", "actual", "completion_rate"),
    "performance_projects": ("budget_initial", "budget_full_year", "executed", "execution_rate", "score"),
    "performance_indicators": ("weight", "score"), "budget_projects": ("total",), "findings": ("actual", "expected"),
}
_WORDS = {"summary": ("item",), "grant_summary": ("item", "code"), "expenditure_function": ("code", "name"),
          "expenditure_economic": ("code", "name"), "budget_execution": ("item", "code"),
          "performance_projects": ("project",), "performance_indicators": ("name",), "budget_projects": ("project",)}
_SCALES = (Decimal(1), Decimal("0.0001"), Decimal("0.1"))  # 万元, 元 and 千元 as printed
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_CLOSE = Decimal("0.006")


@dataclass
class _Line:
    where: object  # (x0, top, x1, bottom) or a line number
    text: str  # the printed words, without spaces
    figures: list[Decimal]


def index(doc: Document) -> dict[int | None, list[_Line]]:
    """The document's printed lines (table rows and text lines) with positions, by page."""
    out: dict[int | None, list[_Line]] = {}
    for block in doc.blocks:
        if not block.where:
            continue
        rows = block.rows if block.is_table else [[block.text]]
        for row, where in zip(rows, block.where):
            if where is None:
                continue
            cells = [c for c in row if c]
            figures = [v for c in cells for t in _NUMBER.findall(c) if (v := parse_decimal(t)) is not None]
            out.setdefault(block.page, []).append(_Line(where, "".join(cells).replace(" ", ""), figures))
    return out


def place(facts, lines: dict[int | None, list[_Line]]) -> int:
    """Give each fact row the position of the line it was printed on; returns how many were placed."""
    placed = 0
    for table, columns in _FIGURES.items():
        for row in facts.rows.get(table, []):
            line = _best(row, columns, _WORDS.get(table, ()), lines.get(row.get("page"), ()))
            if line is None:
                continue
            if isinstance(line.where, tuple):
                row["x0"], row["top"], row["x1"], row["bottom"] = line.where
            else:
                row["line"] = line.where
            placed += 1
    return placed


def _best(row: dict, columns: tuple[str, ...], words: tuple[str, ...], lines) -> _Line | None:
    values = [Decimal(str(row[c])) for c in columns if isinstance(row.get(c), (int, float)) and row[c]]
    names = [str(row[w]).replace(" ", "") for w in words if row.get(w) and row[w] != "total"]
    best, best_score = None, 0
    for line in lines:
        figures = sum(1 for v in values if any(abs(f * s - v) < _CLOSE for f in line.figures for s in _SCALES))
        named = sum(1 for n in names if n in line.text)
        score = 2 * figures + named if figures or (named and not values) else 0
        if score > best_score:
            best, best_score = line, score
    return best

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
    "disclosures": ("value",),
}
_WORDS = {"summary": ("item",), "grant_summary": ("item", "code"), "expenditure_function": ("code", "name"),
          "expenditure_economic": ("code", "name"), "budget_execution": ("item", "code"),
          "performance_projects": ("project",), "performance_indicators": ("name",), "budget_projects": ("project",),
          "findings": ("subject",), "disclosures": ("label",)}
_SCALES = (Decimal(1), Decimal("0.0001"), Decimal("0.1"))  # 万元, 元 and 千元 as printed
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_CENT = Decimal("0.01")
_LARGEST = Decimal("1e15")  # no report prints an amount this large: a run of codes printed without spaces


@dataclass
class _Line:
    where: object  # (x0, top, x1, bottom) or a line number
    text: str  # the printed words, without spaces


@dataclass
class _Page:
    lines: list[_Line]
    by_figure: dict[Decimal, list[int]]  # a printed figure, in 万元 at each scale, → the lines printing it


def index(doc: Document) -> dict[int | None, _Page]:
    """The document's printed lines (table rows and text lines) with positions, by page, and the lines
    each figure is printed on."""
    out: dict[int | None, _Page] = {}
    for block in doc.blocks:
        if not block.where:
            continue
        page = out.setdefault(block.page, _Page([], {}))
        rows = block.rows if block.is_table else [[block.text]]
        for row, where in zip(rows, block.where):
            if where is None:
                continue
            cells = [c for c in row if c]
            page.lines.append(_Line(where, "".join(cells).replace(" ", "")))
            for c in cells:
                for t in _NUMBER.findall(c):
                    if (v := parse_decimal(t)) is not None and abs(v) < _LARGEST:
                        for key in {_key(v * s) for s in _SCALES}:
                            page.by_figure.setdefault(key, []).append(len(page.lines) - 1)
    return out


def _key(value: Decimal) -> Decimal:
    return value.quantize(_CENT)


def place(facts, lines: dict[int | None, _Page]) -> int:
    """Give each fact row the position of the line it was printed on; returns how many were placed. A
    finding's line is the one printing its figures (or its subject); of equals, the first after the line
    naming its subject (a project's 总分, not the one of the project before it on the page)."""
    placed = 0
    for table, columns in _FIGURES.items():
        for row in facts.rows.get(table, []):
            if row.get("x0") is not None or row.get("line") is not None:
                continue  # placed by its reader (a sentence's line is known as it is read)
            page = lines.get(row.get("page"))
            line = _best(row, columns, _WORDS.get(table, ()), page, after=_subject_line(row, page)
                         if table == "findings" else None) if page else None
            if line is None:
                continue
            if isinstance(line.where, tuple):
                row["x0"], row["top"], row["x1"], row["bottom"] = line.where
            else:
                row["line"] = line.where
            placed += 1
    for row in facts.rows.get("findings", []):
        _place_other_side(row, lines)
    return placed


def _place_other_side(finding: dict, lines: dict[int | None, _Page]) -> None:
    """A disagreement between two printed lines: the other line printing one of its two figures (or the
    figure the finding compares that stands on that page: a share's total), on the other page (which may
    be the finding's own)."""
    page = lines.get(finding.get("other_page"))
    own = tuple(finding.get(k) for k in ("x0", "top", "x1", "bottom"))
    there = [float(f.value) for f in finding.get("figures") or () if f.page == finding.get("other_page")]
    row = finding | {f"figure{n}": v for n, v in enumerate(there)}
    line = _best(row, _FIGURES["findings"] + tuple(f"figure{n}" for n in range(len(there))), (), page, skip=own) \
        if page else None
    if line is not None and isinstance(line.where, tuple):
        finding["other_x0"], finding["other_top"], finding["other_x1"], finding["other_bottom"] = line.where


def _subject_line(finding: dict, page: _Page | None) -> int | None:
    """The last line of the page naming the finding's subject (a project), if any."""
    subject = str(finding.get("subject") or "").replace(" ", "")
    hits = [i for i, line in enumerate(page.lines) if subject and subject in line.text] if page else []
    return hits[-1] if hits else None


def _best(row: dict, columns: tuple[str, ...], words: tuple[str, ...], page: _Page, skip=None,
          after: int | None = None) -> _Line | None:
    """The line printing most of the row's figures (each counting twice) and its code and name; a row
    without figures, the line printing its words. Never the line at `skip`; of lines that score alike,
    the first at or after line `after` when there is one."""
    values = [_key(Decimal(str(row[c]))) for c in columns if isinstance(row.get(c), (int, float)) and row[c]]
    names = [str(row[w]).replace(" ", "") for w in words if row.get(w) and row[w] != "total"]
    score: dict[int, int] = {}
    for v in values:
        for i in set(page.by_figure.get(v, ())):
            score[i] = score.get(i, 0) + 2
    candidates = score if values else {i: 0 for i in range(len(page.lines))}
    best, best_score = None, 0
    for i, base in sorted(candidates.items()):
        if page.lines[i].where == skip:
            continue
        total = base + sum(1 for n in names if n in page.lines[i].text)
        if total > best_score or total == best_score and best is not None and after is not None and best < after <= i:
            best, best_score = i, total
    return page.lines[best] if best is not None else None

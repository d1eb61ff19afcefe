"""Where a finding was printed: the line of its page that prints its figures, and the other line of a
disagreement.

Every fact is placed by its reader: the row or text line it was read from travels with it through the
locating and parsing stages (LocatedTable.placed, Facts.add(where=…)). A finding is made by a check from
facts and figures, not read from one printed row, so its line is found here, among the printed lines
of its page: the line printing its figures (or naming its subject). A page's lines are indexed only
when a finding stands on it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .document import Document
from .numbers import parse_decimal
from .database.schema import BOX, FIGURE, TABLES, WORD

_FIGURES = TABLES["findings"].names(FIGURE)  # the figures a finding compares
_WORDS = TABLES["findings"].names(WORD)  # and the words naming what it is about
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


class Printed:
    """The document's printed lines (table rows and text lines) with positions, by page; a page's
    figures are indexed the first time it is asked for."""

    def __init__(self, doc: Document):
        self._rows: dict[int | None, list[tuple[object, list[str]]]] = {}
        for block in doc.blocks:
            for row, where in zip(block.rows if block.is_table else [[block.text]], block.where or ()):
                if where is not None:
                    self._rows.setdefault(block.page, []).append((where, [c for c in row if c]))
        self._pages: dict[int | None, _Page] = {}

    def get(self, page: int | None) -> _Page | None:
        if page not in self._pages and page in self._rows:
            self._pages[page] = _indexed(self._rows[page])
        return self._pages.get(page)


def _indexed(rows: list[tuple[object, list[str]]]) -> _Page:
    page = _Page([], {})
    for where, cells in rows:
        page.lines.append(_Line(where, "".join(cells).replace(" ", "")))
        for c in cells:
            for t in _NUMBER.findall(c):
                if (v := parse_decimal(t)) is not None and abs(v) < _LARGEST:
                    for key in {_key(v * s) for s in _SCALES}:
                        page.by_figure.setdefault(key, []).append(len(page.lines) - 1)
    return page


def index(doc: Document) -> Printed:
    """The document's printed lines, as read (before any table is located)."""
    return Printed(doc)


def _key(value: Decimal) -> Decimal:
    return value.quantize(_CENT)


def place(facts, lines: Printed) -> int:
    """Give each finding the position of the line it was printed on; returns how many were placed. A
    finding's line is the one printing its figures (or its subject); of equals, the first after the line
    naming its subject (a project's 总分, not the one of the project before it on the page)."""
    placed = 0
    for row in facts.rows.get("findings", []):
        if row.get("x0") is None and row.get("line") is None:
            page = lines.get(row.get("page"))
            line = _best(row, _FIGURES, _WORDS, page, after=_subject_line(row, page)) if page else None
            if line is not None:
                if isinstance(line.where, tuple):
                    row["x0"], row["top"], row["x1"], row["bottom"] = line.where
                else:
                    row["line"] = line.where
                placed += 1
        _place_other_side(row, lines)
    return placed


def _place_other_side(finding: dict, lines: Printed) -> None:
    """A disagreement between two printed lines: the other line printing one of its two figures (or the
    figure the finding compares that stands on that page: a share's total), on the other page (which may
    be the finding's own)."""
    page = lines.get(finding.get("other_page"))
    own = tuple(finding.get(k) for k in BOX)
    there = [f.value for f in finding.get("figures") or () if f.page == finding.get("other_page")]
    row = finding | {f"figure{n}": v for n, v in enumerate(there)}
    line = _best(row, _FIGURES + tuple(f"figure{n}" for n in range(len(there))), (), page, skip=own) \
        if page else None
    if line is not None and isinstance(line.where, tuple):
        finding.update({f"other_{k}": v for k, v in zip(BOX, line.where)})


def _subject_line(finding: dict, page: _Page | None) -> int | None:
    """The last line of the page naming the finding's subject (a project), if any."""
    subject = str(finding.get("subject") or "").replace(" ", "")
    hits = [i for i, line in enumerate(page.lines) if subject and subject in line.text] if page else []
    return hits[-1] if hits else None


def _best(row: dict, columns: tuple[str, ...], words: tuple[str, ...], page: _Page, skip=None,
          after: int | None = None) -> _Line | None:
    """The line printing most of the row's figures (each counting twice) and its words; a row
    without figures, the line printing its words. Never the line at `skip`; of lines that score alike,
    the first at or after line `after` when there is one."""
    values = [_key(Decimal(str(row[c]))) for c in columns if isinstance(row.get(c), (int, float, Decimal)) and row[c]]
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

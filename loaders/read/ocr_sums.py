"""Figures read by OCR, checked against the table's own sums before any parser reads them.

A figure OCR misread rarely breaks the model's confidence (a 500.70 read as 50.70 is sure of each
digit it kept), but it breaks the sums the table prints: a 类 row is the sum of its 款 rows, a 款
of its 项, the 合计 row of the 类; and across a row, a column that is the sum of the next ones
(合计 = 基本支出 + 项目支出, 本年收入合计 = its sources) in most rows is so in every row. Each sum
that does not close, beyond a cent per figure added, casts doubt on its figures; a figure that
another sum closes with is confirmed, the others are set aside: the cell is left blank for the
parsers (stored NULL) and named in an unreadable_number finding, never guessed at. So are the
figures OCR itself was unsure of (marked by ocr.py). Rows from text-layer pages are only read.
"""
from __future__ import annotations

from decimal import Decimal

from ..document import UNSURE, UNSURE_SUM
from ..numbers import code_of, is_blank, leading_code, parse_decimal
from ..locate.tables import LocatedTable, is_header_row
from ..vocabulary import TOLERANCES

_TOTALS = ("合计", "总计")
_MIN_ROWS = 3  # a column sum must hold in this many rows before it is taken as the table's rule
_MOSTLY = 0.7  # … and in this share of the rows it can be tried in (a misread figure breaks one in four)

Cell = tuple[int, int]


def settle(table: LocatedTable, ocr_pages: list[int]) -> list[tuple[str, int | None, object]]:
    """Blank the figures of the table's OCR'd rows that OCR was unsure of or that its sums refute;
    returns each such cell as (what OCR read, with the reason; page; its row's position)."""
    if not ocr_pages:
        return []
    scanned = {i for i, page in enumerate(table.pages) if page in ocr_pages}
    if not scanned:
        return []
    values = _values(table.rows)
    failed, closed = set(), set()
    for cells, ok in _column_sums(table.rows, values) + _row_sums(values):
        (closed if ok else failed).update(cells)
    doubted = {c for c in failed - closed if c[0] in scanned}
    out, placed = [], table.placed()
    for i, j in sorted(doubted | {(i, j) for i in scanned for j, cell in enumerate(table.rows[i]) if UNSURE.search(cell or "")}):
        cell = table.rows[i][j]
        out.append((cell if UNSURE.search(cell) else cell + UNSURE_SUM, *placed[i][1:]))
        table.rows[i][j] = ""
    return out


def _values(rows: list[list[str]]) -> list[list[Decimal | None]]:
    """Each cell as an amount: blanks are 0; text, codes, 行次 and percentages None (an amount is
    printed with its decimals, so a bare integer is a code or a count). Header and 栏次 rows have none."""
    out = []
    for row in rows:
        if is_header_row(row):
            out.append([None] * len(row))
            continue
        values = []
        for cell in row:
            s = (cell or "").strip()
            values.append(Decimal(0) if is_blank(s) else parse_decimal(s) if "." in s else None)
        out.append(values)
    return out


def _closes(total: Decimal, parts: list[Decimal]) -> bool:
    return abs(total - sum(parts)) <= TOLERANCES.cent * len(parts)


def _column_sums(rows: list[list[str]], values: list[list]) -> list[tuple[set[Cell], bool]]:
    """The outline's sums in each figure column: a coded row and the rows of the next level under
    it, and the 合计 row and the top-level rows."""
    codes = [leading_code(row)[0] for row in rows]
    out = []
    for i, code in enumerate(codes):
        if code is None or len(code) >= 7:
            continue
        under = []
        for k in range(i + 1, len(rows)):
            if codes[k] is None or not codes[k].startswith(code) or len(codes[k]) <= len(code):
                break
            under.append(k)
        if under:
            level = min(len(codes[k]) for k in under)
            out += _sums(values, i, [k for k in under if len(codes[k]) == level], _group(rows[i]))
    coded = [k for k, code in enumerate(codes) if code]
    if coded:
        top = min(len(codes[k]) for k in coded)
        for i, row in enumerate(rows):
            label = next((c for c in row if c), "")
            if codes[i] is None and label.replace(" ", "").startswith(_TOTALS):
                out += _sums(values, i, [k for k in coded if len(codes[k]) == top], _group(rows[coded[0]]))
    return out


def _group(row: list[str]) -> range:
    """The columns of a coded row's own figures: from its code up to the next code printed in the
    row (a 基本支出 table prints 人员经费 and 公用经费 side by side, each with its codes)."""
    _, after = leading_code(row)
    end = next((j for j in range(after, len(row)) if code_of(row[j])), len(row))
    return range(after, end)


def _sums(values: list[list], total: int, parts: list[int], columns: range) -> list[tuple[set[Cell], bool]]:
    out = []
    for j, value in enumerate(values[total]):
        if j not in columns or value is None or value == 0:
            continue
        column = [values[k][j] if j < len(values[k]) else None for k in parts]
        if any(v is None for v in column):
            continue
        out.append(({(total, j)} | {(k, j) for k in parts}, _closes(value, column)))
    return out


def _row_sums(values: list[list]) -> list[tuple[set[Cell], bool]]:
    """Sums across rows: a column equal to the sum of the next m columns wherever that can be
    tried, once it holds in most rows of the table (the rule it prints by)."""
    width = max((len(v) for v in values), default=0)
    out = []
    for t in range(width):
        best = None
        for m in range(2, width - t):
            tried = [(i, row[t], row[t + 1:t + 1 + m]) for i, row in enumerate(values)
                     if len(row) > t + m and row[t] and all(v is not None for v in row[t:t + 1 + m])]
            held = sum(_closes(total, parts) for _, total, parts in tried)
            if held >= _MIN_ROWS and held >= _MOSTLY * len(tried) and (best is None or held > best[0]):
                best = (held, m, tried)
        if best:
            _, m, tried = best
            out += [({(i, j) for j in range(t, t + 1 + m)}, _closes(total, parts)) for i, total, parts in tried]
    return out

"""The printed form of a report, independent of the output format: text lines and ruled grids.

final.py and budget.py turn figures into these elements; pdf.py and text.py render them, so a
PDF and a text export of the same figures print exactly the same words and numbers."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .figures import CENT


@dataclass
class Text:
    text: str
    style: str = "body"  # 'cover', 'heading', 'title', 'body', 'note'


@dataclass
class Grid:
    """A ruled table: rows of cell strings, the first `header` rows repeat on each page.

    spans are (first col, first row, last col, last row): the merged cell shows the text of its
    top-left cell; the other cells of the span must be empty. kind is what the table is (TABLE_KINDS),
    the marker layout variants find a table by, whatever its title says after other variants.
    How a page prints it (a text export prints rows alike): a PDF rules every cell, but for the
    `outside` rows (above, below) printed beyond the grid's first and last rule; unruled, it draws no
    line at all (words set in columns); valign places a cell's text in its row; `shown` are the columns
    the page prints (a continuation page may leave some out), all when None."""
    rows: list[list[str]]
    header: int
    widths: list[float]  # relative column widths
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    kind: str = ""
    outside: tuple[int, int] = (0, 0)
    ruled: bool = True
    valign: str = "MIDDLE"
    shown: tuple[int, ...] | None = None

    def printed(self) -> "Grid":
        """The grid as its page prints it: only the shown columns, a merged cell's text moved to its
        first shown column, merges shrunk to the columns left."""
        if self.shown is None:
            return self
        keep = list(self.shown)
        rows = [list(row) for row in self.rows]
        spans = []
        for c0, r0, c1, r1 in self.spans:
            kept = [j for j in range(c0, c1 + 1) if j in keep]
            if not kept:
                continue
            if kept[0] != c0:
                for i in range(r0, r1 + 1):
                    rows[i][kept[0]], rows[i][c0] = rows[i][c0], ""
            if kept[0] != kept[-1] or r0 != r1:
                spans.append((keep.index(kept[0]), r0, keep.index(kept[-1]), r1))
        return replace(self, rows=[[row[j] for j in keep] for row in rows], widths=[self.widths[j] for j in keep],
                       spans=spans, shown=None)


# What the factory's tables are (Grid.kind), budgets and 决算 alike.
TABLE_KINDS = ("summary", "income", "expense", "appropriation", "general", "economic", "gov_fund",
               "state_capital", "sangong", "projects", "evaluation_summary", "evaluation", "assets",
               "all_appropriations",  # the 中央 template's 财政拨款 table of every fund (central.py)
               "department_target", "targets")
EVALUATIONS = ("evaluation_summary", "evaluation", "department_target", "targets")  # forms, not tables of amounts


def marked(kind: str, elements: list) -> list:
    """The elements of one table with its grids marked as that kind."""
    for el in elements:
        if isinstance(el, Grid):
            el.kind = kind
    return elements


def grids(elements: list, *kinds: str) -> list[tuple[int, "Grid"]]:
    """(index, grid) of the grids of these kinds (of every kind when none is named)."""
    return [(i, el) for i, el in enumerate(elements) if isinstance(el, Grid) and (not kinds or el.kind in kinds)]


def whole_tables(elements: list) -> list:
    """The elements with each table continued over pages joined again (the page break, a title
    repeated with （续） and the repeated header dropped): for forms without pages, a workbook."""
    out: list = []
    for el in elements:
        if isinstance(el, Grid) and el.kind:
            last = next((k for k in range(len(out) - 1, -1, -1) if not isinstance(out[k], PageBreak) and not (
                isinstance(out[k], Text) and out[k].style == "title" and out[k].text.endswith("（续）"))), None)
            if last is not None and isinstance(out[last], Grid) and out[last].kind == el.kind and last < len(out) - 1:
                out[last:] = [replace(out[last], rows=out[last].rows + el.rows[el.header:])]
                continue
        out.append(el)
    return out


def title_above(elements: list, at: int) -> int | None:
    """The index of the title line the element at `at` is printed under, None before any title."""
    return next((i for i in range(at - 1, -1, -1) if isinstance(elements[i], Text) and elements[i].style == "title"),
                None)


@dataclass
class PageBreak:
    pass


@dataclass
class Picture:
    """A page printed as an image (a scanned cover): no text layer; text exports leave it out."""
    width: float = 160  # mm
    height: float = 110


def amount(value: Decimal | None, blank_zero: bool = False) -> str:
    """An amount as printed: '1,358.74'; zero as '0.00' or blank, None as blank."""
    if value is None or (blank_zero and value == 0):
        return ""
    return f"{value.quantize(CENT):,.2f}"


def plain(value: Decimal) -> str:
    """A weight, score or small figure without trailing zeros: 10, 3.89, 6.08."""
    text = format(value.normalize(), "f")
    return text


def rate(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(CENT)}"


def spaced(code: str) -> str:
    """A 功能分类 code as budgets print it: '201 03 01'."""
    return " ".join(p for p in (code[:3], code[3:5], code[5:7]) if p)


CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 26 → 二十六 (list numbering in reports)."""
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMBERS[tens - 1]
    return head + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")


def pad(rows: list[list[str]], width: int) -> list[list[str]]:
    return [r + [""] * (width - len(r)) for r in rows]

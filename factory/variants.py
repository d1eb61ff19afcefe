"""Layout variants: the same figures printed the ways other cities' reports print them.

The loader is measured on reports nobody tuned it for, so the round trip must hold for layouts the
corpus does not show. Each variant is a named rewrite of the printed elements (layout.py): codes split
over 类/款/项 columns or spaced, amounts in 元, tables continued over pages with or without their header,
header cells wrapped over rows, other title numbering and wordings, 三公 items as rows, another wording
of the 决算 narrative, empty tables with a statement, unreadable cells. Two are page decorations the
renderers draw: a running header and footer, and a cover that is an image without a text layer.
ERRORS are variants of another kind: each puts in one mistake a reviewer finds (a wrong direction
word, last year's heading, a table the 目录 lists and the report leaves out …), for the checks' tests;
they change what the loader reads back.

Variants compose, named in any order: render_pdf(report, ("yuan", "split_codes")). They apply in one
canonical order, by their stage (STAGES) and then their place in the registries, so each rewrite
sees the layout it expects; a rewrite finds its table by the kind the factory marks on each grid
(layout.Grid.kind), never by the title other variants reword. Variants of one aspect (the way codes
are printed, the 三公 table's layout …) are alternatives: a report prints a thing one way, and naming
two of them is an error. expected() follows every rewrite: each variant's `expect` adjusts the facts
to what the printed elements hold.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable

from loaders.vocabulary import SANGONG_ITEMS, SANGONG_PROPER

from . import central, disclosures, elements, habits, prior_year, provincial, row_layouts
from .expected import expected_facts
from .figures import Report
from .layout import (EVALUATIONS, Grid, PageBreak, Picture, Text, chinese_number, grids, plain, sangong_wide, spaced,
                     title_above)

_FUNCTION_CODE = re.compile(r"^2\d{2}(\s?\d{2}){0,2}$")
_MONEY = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
_EMPTY_NOTE = re.compile(r"^说明：.*(政府性基金|国有资本经营|一般公共)预算.*(本表无数据|本表为空表)。$")
_ROUNDING = "本表金额转换为万元时，因四舍五入可能存在尾差。"
_MIN_BODY = 6  # a table this long is continued over two pages
GARBLED = "O"  # the letter printed for a zero in the unreadable cell

# The order variants apply in, whatever order they are named in:
# content: what is printed (tables rebuilt from the figures, mistakes put in);
# columns: columns moved, added from the printed figures (上年 columns, the 栏次 row), and their words;
# cells: how the cells print (garbled, figures offset, codes, 元, wrapped headers), in that order;
# words: titles, the narrative's wording, the cover, the years;
# pages: the 目录 and tables continued over pages;
# parts: what one file of a report published in parts holds.
STAGES = ("content", "columns", "cells", "words", "pages", "parts")
Facts = list[tuple[str, dict, dict]]


@dataclass(frozen=True)
class Variant:
    name: str
    real: str  # where such a layout is printed
    rewrite: Callable[[Report, list], list] | None = None
    stage: str = "cells"
    aspect: str | None = None  # variants of one aspect are alternatives
    expect: Callable[[Report, list, Facts], Facts] | None = None  # the facts as the printed elements hold them
    running: bool = False  # the PDF prints a running header and footer on every page


# ------------------------------------------------------------------ helpers over the elements


def _code_column(grid: Grid) -> int | None:
    """The column holding 功能分类 codes in most body rows."""
    body = grid.rows[grid.header:]
    for j in range(len(grid.rows[0])):
        codes = sum(1 for r in body if j < len(r) and _FUNCTION_CODE.match(r[j]))
        if codes and codes * 2 >= sum(1 for r in body if j < len(r) and r[j] and r[j] != "合计"):
            return j
    return None


def _map_grids(elements: list, change: Callable[[Grid], Grid | list]) -> list:
    """The elements with each grid replaced by what change(grid) gives (a grid or a list of elements)."""
    out = []
    for el in elements:
        got = change(el) if isinstance(el, Grid) else el
        out += got if isinstance(got, list) else [got]
    return out


def _figures(grid: Grid) -> bool:
    """A table of amounts: every kind but the self-evaluation forms."""
    return grid.kind not in EVALUATIONS


# ------------------------------------------------------------------ codes

def _digits(cell: str) -> str:
    return cell.replace(" ", "")


def spaced_codes(r: Report, elements: list) -> list:
    """'2010301' printed '201 03 01' (many budgets, some 决算)."""
    def change(grid: Grid) -> Grid:
        j = _code_column(grid)
        if j is None:
            return grid
        rows = [list(row) for row in grid.rows]
        for row in rows[grid.header:]:
            if _FUNCTION_CODE.match(row[j]):
                row[j] = spaced(_digits(row[j]))
        return replace(grid, rows=rows)
    return _map_grids(elements, change)


def _split_codes(sparse: bool) -> Callable[[Report, list], list]:
    """The code column split into 类 | 款 | 项 columns under a 类/款/项 header row (上海 layouts);
    sparse: the 类 printed only on the first row of its group."""
    def change(grid: Grid) -> Grid:
        j = _code_column(grid)
        if j is None:
            return grid
        h = grid.header
        rows, last_class = [], None
        for i, row in enumerate(grid.rows):
            if i < h:
                rows.append(row[:j + 1] + ["", ""] + row[j + 1:])
                continue
            code = _digits(row[j]) if _FUNCTION_CODE.match(row[j]) else ""
            parts = [code[:3], code[3:5], code[5:7]] if code else [row[j], "", ""]
            if sparse and code and code[:3] == last_class:
                parts[0] = ""
            last_class = code[:3] if code else last_class
            rows.append(row[:j] + parts + row[j + 1:])
        rows.insert(h, [""] * j + ["类", "款", "项"] + [""] * (len(rows[0]) - j - 3))
        spans = [(c0 + 2 * (c0 > j), r0, c1 + 2 * (c1 >= j), r1) for c0, r0, c1, r1 in grid.spans]
        spans = [(c0, r0 + (r0 >= h), c1, r1 + (r1 >= h)) for c0, r0, c1, r1 in spans]
        covered = {(r0, c) for c0, r0, c1, r1 in spans for c in range(c0, c1 + 1) if c == j}
        spans += [(j, i, j + 2, i) for i in range(h) if rows[i][j] and (i, j) not in covered]
        widths = grid.widths[:j] + [grid.widths[j] / 3] * 3 + grid.widths[j + 1:]
        return replace(grid, rows=rows, header=h + 1, widths=widths, spans=spans)
    return lambda r, elements: _map_grids(elements, change)


# ------------------------------------------------------------------ amounts in 元 or 千元

def _in_unit(word: str, factor: int, places: int) -> Callable[[Report, list], list]:
    """Every table printed in another unit with thousands separators ('单位：元', '13,587,400'; '单位：千元',
    '13,587.4'), its unit line above it and its rounding note below it saying so; prose stays in 万元.
    The self-evaluation tables keep their own 万元 headers."""
    def rewrite(r: Report, elements: list) -> list:
        out = list(elements)
        for i, grid in grids(elements):
            if not _figures(grid):
                continue
            out[i] = replace(grid, rows=[[_converted(c, factor, places) for c in row] for row in grid.rows],
                             widths=list(grid.widths))
            for k in _notes_around(elements, i):
                text = re.sub(r"(单位[:：]\s*)万元", rf"\g<1>{word}", elements[k].text).replace(_ROUNDING, "")
                out[k] = Text(text, elements[k].style)
        return out
    return rewrite


def _notes_around(elements: list, at: int) -> list[int]:
    """The short lines of the grid at `at`: from its title to the next title or page break."""
    start = title_above(elements, at)
    start = at if start is None or any(isinstance(e, (Grid, PageBreak)) for e in elements[start + 1:at]) else start
    end = next((k for k in range(at + 1, len(elements)) if isinstance(elements[k], (Grid, PageBreak))
                or (isinstance(elements[k], Text) and elements[k].style in ("title", "heading"))), len(elements))
    return [k for k in range(start, end) if isinstance(elements[k], Text) and elements[k].style == "note"]


def _converted(cell: str, factor: int, places: int) -> str:
    if not _MONEY.match(cell):
        return cell
    return f"{Decimal(cell.replace(',', '')) * factor:,.{places}f}"


# ------------------------------------------------------------------ tables over pages

def _continued(repeat_header: bool, titled: bool = False,
               then: Callable[[Grid], Grid] | None = None) -> Callable[[Report, list], list]:
    """Tables with more than a few rows continued on the next page, the header printed again or not,
    the title printed again with （续） or not; then(continuation) prints that page another way."""
    def rewrite(r: Report, elements: list) -> list:
        out = []
        for i, el in enumerate(elements):
            out += _split(el, elements, i) if isinstance(el, Grid) else [el]
        return out

    def _split(grid: Grid, elements: list, at: int) -> list:
        body = grid.rows[grid.header:]
        if len(body) < _MIN_BODY or any(r1 >= grid.header for _, _, _, r1 in grid.spans):
            return [grid]
        half = len(body) // 2
        first = replace(grid, rows=grid.rows[:grid.header] + body[:half])
        if repeat_header:
            second = replace(grid, rows=grid.rows[:grid.header] + body[half:])
        else:
            second = replace(grid, rows=body[half:], header=0, widths=list(grid.widths), spans=[])
        title = title_above(elements, at)
        again = [Text(f"{elements[title].text}（续）", "title")] if titled and title is not None else []
        return [first, PageBreak()] + again + [then(second) if then else second]
    return rewrite


def running_lines(r: Report) -> tuple[str, str]:
    """The running header and the footer pattern a report prints on every page."""
    if r.kind == "budget":
        return f"{r.unit}{r.year}年部门预算", "第 {page} 页"
    who = "单位" if r.scope == "unit" else "部门"
    return f"{r.unit}{r.year}年度{who}决算", "第 {page} 页"


# ------------------------------------------------------------------ headers

def wrapped_headers(r: Report, elements: list) -> list:
    """Header cells wrapped over two or three rows ('功能分类' over '科目编码'), as PDFs without ruling
    between the lines of a cell come out; merged cells stay whole and grow over the new rows."""
    def change(grid: Grid) -> Grid:
        h = grid.header
        if h == 0:
            return grid
        spanned = {(r0, c) for c0, r0, c1, r1 in grid.spans for c in range(c0, c1 + 1) if c1 > c0 or r1 > r0}
        starts, rows = [], []
        for i, row in enumerate(grid.rows[:h]):
            pieces = [[c] if (i, j) in spanned or row[0] in ("栏次",) else _wrap(c) for j, c in enumerate(row)]
            k = max(len(p) for p in pieces)
            starts.append(len(rows))
            rows += [[p[n] if n < len(p) else "" for p in pieces] for n in range(k)]
        starts.append(len(rows))
        spans = [(c0, starts[r0], c1, starts[r1 + 1] - 1) for c0, r0, c1, r1 in grid.spans if r1 < h]
        extra = len(rows) - h
        spans += [(c0, r0 + extra, c1, r1 + extra) for c0, r0, c1, r1 in grid.spans if r0 >= h]
        return replace(grid, rows=rows + grid.rows[h:], header=len(rows), widths=list(grid.widths), spans=spans)
    return _map_grids(elements, change)


def _wrap(cell: str) -> list[str]:
    """A header cell as the lines it wraps into: two from four characters, three from eight."""
    n = 3 if len(cell) >= 8 else 2 if len(cell) >= 4 else 1
    size = -(-len(cell) // n)
    return [cell[k:k + size] for k in range(0, len(cell), size)] if cell else [""]


# ------------------------------------------------------------------ titles

TITLE_WORDINGS = {  # titles other cities print for the same tables
    "一般公共预算财政拨款支出决算表": "一般公共预算财政拨款支出决算明细表",
    "收入支出决算总表": "部门收入支出决算总表",
    "财政拨款“三公”经费支出决算表": "“三公”经费财政拨款支出决算表",
    "部门收支总体情况表": "部门收支预算总表",
    "一般公共预算支出情况表": "一般公共预算支出预算表(按功能科目)",
    "一般公共预算“三公”经费支出情况表": "“三公”经费预算财政拨款情况表",
    "部门支出总体情况表": "部门支出预算总表",
    "一般公共预算基本支出表": "一般公共预算基本支出预算表(按经济科目)",
    "政府性基金预算支出情况表": "政府性基金预算支出预算表",
}
NUMBERINGS = {  # name → how the n-th table's title is numbered
    "unnumbered": lambda n, t: t,
    "biao": lambda n, t: f"表{chinese_number(n)} {t}",
    "annex": lambda n, t: f"附表{n}：{t}",
    "gongkai": lambda n, t: f"{t}（公开{n:02d}表）",
    "budget_number": lambda n, t: f"{'决算' if '决算' in t else '预算'}表{n} {t}",  # 预算表3 / 决算表3
    "beijing": lambda n, t: f"{'决算' if '决算' in t else '预算'}{n:02d}表 {t}",
    "dashed": lambda n, t: f"表{(n + 1) // 2}-{2 - n % 2} {t}",
}
_NUMBER_NOTE = re.compile(r"^公开\s*\d+\s*表$")


def _titles(numbering: str | None, wording: bool) -> Callable[[Report, list], list]:
    """Table titles numbered another way (the printed '公开NN表' line dropped) or worded as elsewhere."""
    def rewrite(r: Report, elements: list) -> list:
        out, n = [], 0
        for el in elements:
            if isinstance(el, Text) and el.style == "title" and "绩效" not in el.text:
                text = el.text
                if wording:
                    year, base = re.match(r"^(\d{4}年)?(.*)$", text).groups()
                    text = (year or "") + TITLE_WORDINGS.get(base, base)
                if numbering:
                    n += 1
                    text = NUMBERINGS[numbering](n, text)
                el = Text(text, el.style)
            elif numbering and isinstance(el, Text) and _NUMBER_NOTE.match(el.text):
                continue
            out.append(el)
        return out
    return rewrite


# ------------------------------------------------------------------ 三公, narrative, cover, empty tables

_SANGONG_ROWS = tuple(("其中：" if key == "vehicle_purchase" else "") + SANGONG_ITEMS[key] for key in SANGONG_PROPER)


def sangong_rows(r: Report, elements: list) -> list:
    """The 三公 table with the items as rows and 预算数 / 决算数 as columns."""
    def change(grid: Grid) -> Grid:
        if not sangong_wide(grid):
            return grid
        values = grid.rows[-1]
        measures = ["预算数", "决算数"][:len(values) // 6]
        rows = [["项目", *measures]]
        rows += [[label, *[values[6 * m + i] for m in range(len(measures))]] for i, label in enumerate(_SANGONG_ROWS)]
        return replace(grid, rows=rows, header=1, widths=[4] + [2] * len(measures), spans=[])
    return _map_grids(elements, change)


def summary_stacked(r: Report, elements: list) -> list:
    """The 收入支出总表 in one column pair: a 收入 heading, the income lines, a 支出 heading, the expense lines."""
    def change(grid: Grid) -> Grid:
        if grid.kind != "summary":
            return grid
        width = len(grid.rows[-1]) // 2
        head = next(row for row in grid.rows[:grid.header] if row[0] == "项目")[:width]
        body = grid.rows[grid.header:]
        rows = [head, ["收入"] + [""] * (width - 1)] + [row[:width] for row in body if row[0]]
        rows += [["支出"] + [""] * (width - 1)] + [row[width:] for row in body if row[width]]
        return replace(grid, rows=rows, header=1, widths=grid.widths[:width], spans=[])
    return _map_grids(elements, change)


_EXECUTION = re.compile(r"年初预算为([\d,.]+)万元，支出决算为([\d,.]+)万元，完成年初预算的([\d.]+)%")


def narrative_worded(r: Report, elements: list) -> list:
    """'年初预算数为…万元，决算数为…万元，决算数为年初预算数的…%' (another city's 决算 narrative)."""
    return [Text(_EXECUTION.sub(r"年初预算数为\1万元，决算数为\2万元，决算数为年初预算数的\3%", el.text), el.style)
            if isinstance(el, Text) else el for el in elements]


_AMOUNT = re.compile(r"^-?[\d,]+\.\d{2}$")


def column_numbers(r: Report, elements: list) -> list:
    """A 栏次 row under each 决算 table's header: 1, 2, 3 … over the figure columns, '栏次' in the
    first column where that holds labels, as the national 决算 templates print it (not in the
    self-evaluation forms)."""
    if r.kind != "final":
        return elements

    def change(grid: Grid) -> Grid:
        body = grid.rows[grid.header:]
        width = len(grid.rows[0])
        figures = [j for j in range(width) if any(j < len(row) and _AMOUNT.match(row[j]) for row in body)]
        if not _figures(grid) or not figures or any(row[:1] == ["栏次"] for row in grid.rows):
            return grid  # a form, or a table the layout numbers already (河南's 收支总表)
        numbered = [""] * width if figures[0] == 0 else ["栏次"] + [""] * (width - 1)
        for n, j in enumerate(figures, 1):
            numbered[j] = str(n)
        return replace(grid, rows=grid.rows[:grid.header] + [numbered] + body, header=grid.header + 1)
    return _map_grids(elements, change)


_NUMERALS = "〇一二三四五六七八九"


def numeral_years(r: Report, elements: list) -> list:
    """Years written in numerals ('二〇二四年度部门决算') on the cover, in titles, headings, notes and
    every short line; only the narrative's longer sentences keep their digits."""
    def numerals(m: re.Match) -> str:
        return "".join(_NUMERALS[int(c)] for c in m.group(1)) + "年"
    return [Text(re.sub(r"(20\d{2})\s*年", numerals, el.text), el.style)
            if isinstance(el, Text) and (el.style != "body" or len(el.text) <= 40) else el for el in elements]


def image_cover(r: Report, elements: list) -> list:
    """The cover page printed as a picture: no text layer on page 1 (the text export has no cover)."""
    out, done = [], False
    for el in elements:
        if isinstance(el, Text) and el.style == "cover":
            if not done:
                out.append(Picture())
                done = True
            continue
        out.append(el)
    return out


def empty_statement(r: Report, elements: list) -> list:
    """An empty table printed as its header only, with '本部门无…，故本表为空表' under it."""
    out = []
    for el in elements:
        m = isinstance(el, Text) and _EMPTY_NOTE.match(el.text)
        if m:
            who = "单位" if r.scope == "unit" else "部门"
            grid = next(i for i in range(len(out) - 1, -1, -1) if isinstance(out[i], Grid))
            out[grid] = replace(out[grid], rows=out[grid].rows[:out[grid].header])
            el = Text(f"本{who}无{m.group(1)}预算财政拨款收入支出，故本表为空表。", "note")
        out.append(el)
    return out


def _first_leaf(elements: list) -> tuple[Grid, int] | None:
    """The all-funds table and the index of its first 项 row."""
    for _, grid in grids(elements, "expense"):
        j = _code_column(grid)
        at = next((k for k in range(grid.header, len(grid.rows)) if j is not None
                   and len(_digits(grid.rows[k][j])) == 7), None)
        if at is not None:
            return grid, at
    return None


def garbled_cell(r: Report, elements: list) -> list:
    """One unreadable amount: the first 项 row's total in the all-funds table with a letter O for a 0
    ('1,2O4.00'), as a bad text layer prints it (the fresh elements are changed in place)."""
    found = _first_leaf(elements)
    if found:
        _garble_first(found[0].rows[found[1]])
    return elements


def garbled_tables(r: Report, elements: list) -> list:
    """The first figure of every table unreadable (a bad text layer throughout)."""
    for _, grid in grids(elements):
        next((True for row in grid.rows[grid.header:] if _garble_first(row)), None)
    return elements


def garbled_evaluation(r: Report, elements: list) -> list:
    """In every 项目支出绩效自评表 the funds row's 年初预算数 and 得分 and the first indicator's 分值
    unreadable ('1O' for 10): each must read as NULL while the rest of its row still reads."""
    for _, grid in grids(elements, "evaluation"):
        if any("年初预算数" in row for row in grid.rows) and any("三级指标" in row for row in grid.rows):
            _garble_below(grid.rows, "年初预算数", ("年初预算数", "得分"))
            _garble_below(grid.rows, "三级指标", ("分值",))
    return elements


def _garble_below(rows: list[list[str]], word: str, columns: tuple[str, ...]) -> None:
    """Garble the named columns of the row under the header row that says word."""
    at = next(i for i, row in enumerate(rows) if word in row)
    for name in columns:
        j = rows[at].index(name)
        if garbles(rows[at + 1][j]):
            rows[at + 1][j] = garble(rows[at + 1][j])


def garbles(cell: str) -> bool:
    """garble() needs a digit after the first one."""
    return sum(ch.isdigit() for ch in cell) >= 2


def _garble_first(row: list[str]) -> bool:
    """Garble the row's first non-zero amount; False when it has none."""
    k = next((k for k, c in enumerate(row) if _MONEY.match(c) and c != "0.00"), None)
    if k is not None:
        row[k] = garble(row[k])
    return k is not None


def garble(cell: str) -> str:
    """A printed amount with a digit after its first printed as the letter O: a 0 when there is one
    ('1,204.00' → '1,2O4.00'), else the second digit."""
    digits = [k for k, ch in enumerate(cell) if ch.isdigit()][1:]
    at = next((k for k in digits if cell[k] == "0"), digits[0])
    return cell[:at] + GARBLED + cell[at + 1:]


# ------------------------------------------------------------------ what the loader must read back

def _garbled(cell: str) -> bool:
    return GARBLED in cell and any(ch.isdigit() for ch in cell)


def _expect_garbled_cell(r: Report, printed: list, facts: Facts) -> Facts:
    """The garbled figure reads as NULL (never 0), when the all-funds table printed it: the total, or the
    part printed first where the 合计 column comes last."""
    field = _garbled_field(printed)
    if field is None:
        return facts
    key = {"fund": "all", "code": r.leaves[0].code}
    return [(t, k, {**e, field: None} if t == "expenditure_function" and k == key else e) for t, k, e in facts]


def _garbled_field(printed: list) -> str | None:
    """Which figure of the all-funds table is garbled: total, basic or project, by its column's header words."""
    for _, grid in grids(printed, "expense"):
        for row in grid.rows[grid.header:]:
            j = next((j for j, c in enumerate(row) if _garbled(c)), None)
            if j is not None:
                label = "".join(r[j] for r in grid.rows[:grid.header] if j < len(r))
                return "total" if re.search("合计|总计", label) else "basic" if "基本" in label else "project"
    return None


def _expect_garbled_evaluation(r: Report, printed: list, facts: Facts) -> Facts:
    return [(t, k, {**e, **_garbled_evaluation(r, t, k)}) for t, k, e in facts]


def _garbled_evaluation(r: Report, table: str, key: dict) -> dict:
    """The NULLs garbled_evaluation leaves: 年初预算数 of each project, 分值 of its first indicator."""
    for ev in r.evaluations:
        if table == "performance_projects" and key == {"project": ev.project} and garbles(plain(ev.budget_initial)):
            return {"budget_initial": None}
        first = ev.indicators[0]
        if table == "performance_indicators" and key == {"project": ev.project, "name": first.name} \
                and garbles(plain(first.weight)):
            return {"weight": None}
    return {}


def _expect_prior_year(r: Report, printed: list, facts: Facts) -> Facts:
    return facts + prior_year.expected(r, printed)


VARIANTS: dict[str, Variant] = {v.name: v for v in (  # within a stage, in the order they apply
    # content
    Variant("summary_three_groups", "江苏: 收支总表 in three column groups (收入 | 功能分类 | 支出用途), labels wrapped "
            "mid-word, 支出 totals in the rightmost column", provincial.summary_three_groups, "content", "summary",
            provincial.expect_summary_three_groups),
    Variant("summary_stacked", "收入支出总表 with the expense lines under the income lines", summary_stacked,
            "content", "summary"),
    Variant("summary_two_grids", "收入支出总表 printed as two tables, the 收入 side above the 支出 side, under one title",
            habits.summary_two_grids, "content", "summary"),
    Variant("expense_one_row", "江苏: 部门支出总表 as one row of totals (合计 | 基本支出 | 项目支出)",
            provincial.expense_one_row, "content", expect=provincial.expect_expense_one_row),
    Variant("sangong_combined", "江苏: “三公”经费、会议费、培训费 in one table, its 合计 including all",
            provincial.sangong_combined, "content", "sangong", provincial.expect_sangong_combined),
    Variant("sangong_rows", "三公 items as rows, 预算数 / 决算数 as columns", sangong_rows, "content", "sangong"),
    Variant("sangong_measure_rows", "三公 items as columns, 预算数 / 决算数 as rows named in a first column",
            habits.sangong_measure_rows, "content", "sangong"),
    Variant("empty_statement", "empty tables as a header with '本部门无…，故本表为空表'", empty_statement, "content"),
    Variant("total_last", "中央 预算: the 合计 row of each table printed last, under its codes", provincial.total_last,
            "content"),
    Variant("appropriation_table", "中央: one 财政拨款 table of 一般公共预算 and 政府性基金 rows together instead of the "
            "一般公共预算 table, 项目支出 split into 小计 and 其中：基本建设资金支出", central.appropriation_table, "content",
            expect=central.expect_appropriation),
    Variant("central_template", "中央: the four tables of the template only, the 财政拨款 table among them, and the "
            "report saying the unit is 教育部直属", central.central_template, "content", expect=central.expect_template),
    Variant("economic_all", "浙江: 财政拨款支出预算表（部门经济分类科目）, all 财政拨款 spending by economic class, 基本支出 "
            "and 项目支出 side by side", habits.economic_all, "content"),
    Variant("project_economic", "中央 决算: 一般公共预算财政拨款项目支出决算表, 项目支出 by economic class",
            habits.project_economic, "content"),
    Variant("operating_costs_table", "一般公共预算机关运行经费支出预算表: the 公用经费 items by economic class",
            habits.operating_costs_table, "content", expect=habits.expect_operating_costs_table),
    Variant("procurement_table", "政府采购预算表: purchases by item, their fund columns", habits.procurement_table,
            "content"),
    Variant("unit_tables", "a 部门 report printing a unit's 支出总表 again after the department's, under the unit's name",
            habits.unit_tables, "content"),
    Variant("services_table", "政府购买服务预算表: 单位名称 | 项目名称 as a 项目支出表 prints them", habits.services_table,
            "content"),
    Variant("assets_by_class", "国有资产占用情况表: assets by class in rows, 行次 | 数量 | 金额", habits.assets_by_class,
            "content", "assets_table", habits.expect_assets_by_class),
    Variant("projects_by_unit", "项目支出表 as 单位名称 | 项目名称 | amounts, no code, no type", habits.projects_by_unit,
            "content", expect=habits.expect_projects_by_unit),
    Variant("general_projects", "四川: an 一般公共预算项目支出预算表 of the projects' 一般公共预算 share beside the 项目支出表",
            habits.general_projects, "content"),
    Variant("operating_costs_column", "上海: 机关运行经费 beside 三公 in one table (“三公”经费和机关运行经费预算表)",
            disclosures.operating_costs_column, "content", "sangong", disclosures.expect_operating_costs_column),
    Variant("assets_table", "a 国有资产占用情况表: cars by kind, large equipment and total assets in columns",
            disclosures.assets_table, "content", "assets_table", disclosures.expect_assets_table),
    # columns
    Variant("total_column_last", "the 合计 column after 基本支出 | 项目支出 (end of its header group)",
            habits.total_column_last, "columns"),
    Variant("budget_columns", "决算: 年初预算数 beside the 决算数 in the 收入支出决算总表 and the 一般公共预算 table",
            habits.budget_columns, "columns"),
    Variant("summary_two_years", "a budget's 收支总表 with this year's and last year's figure on each side",
            habits.summary_two_years, "columns"),
    Variant("change_columns", "比上年增减 and 增减率（%） columns after a budget's 功能分类 tables, negative where spending fell",
            habits.change_columns, "columns"),
    Variant("prior_year_columns", "上年预算数 beside this year's in the 三公 and 一般公共预算 tables, and the "
            "narrative's change since last year (many cities' 预算)", prior_year.columns, "columns", "prior_year",
            _expect_prior_year),
    Variant("column_numbers", "a 栏次 row (1, 2, 3 … over the figure columns) under each 决算 table's header",
            column_numbers, "columns"),
    Variant("amount_words", "amount columns named 总计 / 合计 / 支出合计 / 预算数 / 决算数", habits.amount_words,
            "columns"),
    # cells
    Variant("garbled_cell", "one amount the text layer prints with a letter O for a 0", garbled_cell,
            expect=_expect_garbled_cell),
    Variant("garbled_tables", "the first amount of every table printed with a letter for a digit", garbled_tables),
    Variant("garbled_evaluation", "self-evaluation funds and weights printed with a letter O for a 0",
            garbled_evaluation, expect=_expect_garbled_evaluation),
    Variant("offset_figures", "江苏: figures one grid column left of their headers, 类 rows' figures on the next line",
            provincial.offset_figures, aspect="grid"),
    Variant("figures_below_label", "a long label's figures printed on the line below it",
            row_layouts.figures_below_label),
    Variant("spaced_codes", "codes printed '201 03 01' in 决算 tables", spaced_codes, aspect="codes"),
    Variant("split_codes", "上海: 类 | 款 | 项 columns, 类 on every row", _split_codes(sparse=False), aspect="codes"),
    Variant("split_codes_sparse", "类 | 款 | 项 columns, 类 only on the first row of its group",
            _split_codes(sparse=True), aspect="codes"),
    Variant("code_with_name", "code and name in one cell ('2010301 行政运行', '30101 基本工资'), no code column",
            habits.code_with_name, aspect="codes"),
    Variant("code_bracketed", "code in brackets before the name ('[201]一般公共服务支出'), no code column",
            habits.code_bracketed, aspect="codes"),
    Variant("code_after_name", "code in brackets after the name ('一般公共服务支出（201）'), no code column",
            habits.code_after_name, aspect="codes"),
    Variant("yuan", "单位：元 with thousands separators (上海 预算)", _in_unit("元", 10000, 0), aspect="amount_unit"),
    Variant("yuan_cents", "单位：元 with thousands separators and cents ('13,587,400.00')", _in_unit("元", 10000, 2),
            aspect="amount_unit"),
    Variant("qianyuan", "单位：千元 with thousands separators and one decimal", _in_unit("千元", 10, 1),
            aspect="amount_unit"),
    Variant("dash_zero", "zero amounts printed '-'", habits.dash_zero),
    Variant("total_spaced", "'合    计' and '总    计' rows, spaced as centred labels print", habits.total_spaced),
    Variant("wrapped_labels", "long row labels wrapped onto a row of their own (no code, no figure) under the row",
            habits.wrapped_labels),
    Variant("plain_amounts", "amounts without thousands separators ('1358.74', in 元 '13587400')",
            habits.plain_amounts),
    Variant("wrapped_headers", "header cells wrapped over two or three rows", wrapped_headers),
    Variant("unruled", "tables printed without ruling lines, words set in columns (no grid cells for a figure to "
            "stand off its header in)", row_layouts.unruled, aspect="grid"),
    # words
    *(Variant(f"titles_{name}", f"titles numbered '{fmt(1, '…')}'", _titles(name, False), "words", "numbering")
      for name, fmt in NUMBERINGS.items()),
    Variant("titles_other_wording", "other cities' titles (部门收支预算总表, 一般公共预算支出预算表(按功能科目) …)",
            _titles(None, True), "words"),
    Variant("narrative_worded", "'决算数为年初预算数的…%' in the 决算 narrative", narrative_worded, "words"),
    *(Variant(name, real, disclosures.reworded(wording), "words", "disclosures", disclosures.expect_reworded(wording))
      for name, (wording, real) in disclosures.REWORDINGS.items()),
    Variant("disclosures_numerals", "counts of cars, equipment and staff in Chinese numerals (共有车辆五辆)",
            disclosures.numerals, "words"),
    Variant("disclosures_yuan", "the disclosure sections' amounts in 元 (机关运行经费支出1,964,000.00元)",
            disclosures.in_yuan, "words"),
    Variant("unit_in_title", "江苏: the unit named only in the cover's title line ('某某局2026年部门预算')",
            provincial.unit_in_title, "words", "cover"),
    Variant("cover_year_first", "the unit named only on the cover, after the year ('2026年度某某局部门预算')",
            habits.cover_year_first, "words", "cover"),
    Variant("image_cover", "a cover page that is an image without a text layer", image_cover, "words", "cover"),
    Variant("numeral_years", "years in numerals (二〇二四年) on the cover, in titles and short lines",
            numeral_years, "words"),
    Variant("unit_missing", "no table states its unit (万元 implied)", habits.unit_missing, "words", "amount_unit"),
    Variant("unit_in_header", "the 部门 field and '单位：万元' in the table's first row, field left, unit right",
            habits.unit_in_header, "words", "unit_printed"),
    Variant("unit_in_columns", "no unit line: each amount column's header says its unit ('合计（元）')",
            habits.unit_in_columns, "words", "unit_printed"),
    Variant("field_words", "the unit field worded 编制部门： / 填报单位： / 预算单位： / 编制单位：", habits.field_words, "words"),
    Variant("central_unit", "中央: the report says the unit is run directly by 教育部 (region 中央)", central.central_unit,
            "words"),
    Variant("unit_titles", "中央: every title begins with the unit's name (某某大学收支预算总表)", central.unit_titles,
            "words"),
    Variant("gongkai_lines", "江苏: each table under a '公开NN表' line, titled as 江苏 titles it (收支预算总表 …), one "
            "'部门：某某 单位：万元' line under the title", provincial.gongkai_lines, "words", "numbering"),
    # pages
    Variant("continued", "long tables continued on the next page, header repeated", _continued(True), "pages",
            "continued"),
    Variant("continued_bare", "long tables continued on the next page without their header", _continued(False),
            "pages", "continued"),
    Variant("continued_titled", "long tables continued under their title with （续）, header repeated",
            _continued(True, titled=True), "pages", "continued"),
    Variant("unruled_first_row", "tables continued on the next page without header, its first row printed above "
            "the grid's first rule", _continued(False, then=row_layouts.first_row_outside), "pages", "continued"),
    Variant("continued_fewer_columns", "the header repeated on a continuation page without the columns blank there",
            _continued(True, then=row_layouts.without_blank_columns), "pages", "continued"),
    Variant("continued_merged_columns", "a continuation page without header, its blank columns merged into their "
            "left neighbours", _continued(False, then=row_layouts.blank_columns_merged), "pages", "continued"),
    Variant("running", "a running header '某某局2024年度部门决算' and footer '第 3 页' on every page", running=True),
    Variant("title_in_frame", "江苏: each title in the first row of its frame, the 部门/单位 lines run on in the same cell",
            provincial.title_in_frame, "pages"),
)}


# ------------------------------------------------------------------ errors put in (the checks must find them)

_ITEM = re.compile(r"年初预算为([\d,.]+)万元，支出决算为([\d,.]+)万元")
_DIFFERENCE = "决算数与年初预算数存在差异的主要原因是"


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def wrong_direction(r: Report, elements: list) -> list:
    """The first item spent below its budget says '决算数大于年初预算数'."""
    for k, el in enumerate(elements):
        m = isinstance(el, Text) and _DIFFERENCE in el.text and _ITEM.search(el.text)
        if m and _money(m.group(2)) < _money(m.group(1)):
            elements[k] = Text(el.text.replace(_DIFFERENCE, "决算数大于年初预算数的主要原因是"), el.style)
            break
    return elements


def wrong_years(r: Report, elements: list) -> list:
    """A 情况说明 heading and the asset date copied from last year's report."""
    out = []
    for el in elements:
        if isinstance(el, Text) and el.style == "heading" and el.text.endswith("财政拨款支出决算情况说明"):
            number, words = el.text.split("、", 1)
            el = Text(f"{number}、{r.year - 1}年度{words}", el.style)
        elif isinstance(el, Text) and re.match(rf"截至{r.year}年(末|12月31日)", el.text):
            el = Text(re.sub(rf"^截至{r.year}年(末|12月31日)", f"截至{r.year - 1}年12月31日", el.text), el.style)
        out.append(el)
    return out


def placeholder_left(r: Report, elements: list) -> list:
    """The asset sentence keeps the template's 'XX辆'."""
    return [Text(re.sub(r"\d+辆", "XX辆", el.text), el.style) if isinstance(el, Text) and el.text.startswith("截至")
            else el for el in elements]


def _titled_tables(elements: list) -> list[int]:
    """Indexes of the title lines that a table follows."""
    out = []
    for k, el in enumerate(elements):
        if isinstance(el, Text) and el.style == "title":
            nxt = next((e for e in elements[k + 1:] if not (isinstance(e, Text) and e.style == "note")), None)
            if isinstance(nxt, Grid) and el.text not in (elements[i].text for i in out):
                out.append(k)
    return out


def toc_missing_table(r: Report, elements: list) -> list:
    """A 目录 listing the parts, headings and tables, and the second table left out of the report."""
    return _toc_without_second_table(elements, keep_title=False)


def toc_cut_table(r: Report, elements: list) -> list:
    """A 目录 listing every table, and the second table cut from the report: its title printed alone."""
    return _toc_without_second_table(elements, keep_title=True)


def _toc_without_second_table(elements: list, keep_title: bool) -> list:
    """A 目录 before the body; the second table left out, or all of it but its title line."""
    titles = _titled_tables(elements)
    listed, n = [], 0
    for k, el in enumerate(elements):
        if k in titles:
            n += 1
            listed.append(f"{chinese_number(n)}、{el.text}")
        elif isinstance(el, Text) and el.style == "heading":
            listed.append(el.text)
    toc = [Text("目录", "heading")] + [Text(line, "body") for line in listed] + [PageBreak()]
    first, end = titles[1], next(k for k in range(titles[1] + 1, len(elements)) if isinstance(elements[k], PageBreak))
    body = elements[:first + keep_title] + elements[end:]
    cover = next(k for k, el in enumerate(body) if isinstance(el, PageBreak))
    return body[:cover + 1] + toc + body[cover + 1:]


def blank_filled(r: Report, elements: list) -> list:
    """The 三公 table printed with its headers only while the narrative states its figures."""
    return _map_grids(elements, lambda grid: replace(grid, rows=grid.rows[:grid.header], spans=[
        sp for sp in grid.spans if sp[3] < grid.header]) if grid.kind == "sangong" else grid)


def yoy_wrong(r: Report, elements: list) -> list:
    """'与上年度相比，收、支总计各增加100.00万元，增长5.00%' after the 收入总计 sentence: 100.00 of last year's
    implied total is not 5.00%."""
    out = []
    for el in elements:
        out.append(el)
        if isinstance(el, Text) and el.text.startswith(f"{r.year}年度收入总计"):
            out.append(Text("与上年度相比，收、支总计各增加100.00万元，增长5.00%。"))
    return out


def repeated_code(r: Report, elements: list) -> list:
    """The first 项 row of the all-funds table printed again right below it, with 1.00 more in 合计."""
    found = _first_leaf(elements)
    if found:
        grid, at = found
        again = list(grid.rows[at])
        k = next(k for k, c in enumerate(again) if _MONEY.match(c))
        again[k] = f"{_money(again[k]) + 1:,.2f}"
        grid.rows.insert(at + 1, again)
    return elements


def _after(elements: list, starts: str, *added: str) -> list:
    """The elements with sentences added after the narrative line that starts with these words."""
    out = []
    for el in elements:
        out.append(el)
        if isinstance(el, Text) and el.text.startswith(starts):
            out += [Text(line) for line in added]
    return out


def _spent(r: Report) -> str:
    return f"{r.year}年度本年支出合计"


def basic_misstated(r: Report, elements: list) -> list:
    """'此外，基本支出决算数为…万元。' a sentence after the 支出 one, 10.00 more than the table's 基本支出."""
    basic = sum((x.basic for x in r.leaves), Decimal(0))
    return _after(elements, _spent(r), f"此外，基本支出决算数为{basic + 10:,.2f}万元。")


def change_next_sentence(r: Report, elements: list) -> list:
    """The 项目支出 in one sentence, its change in the next ('与上年相比增加100.00万元，增长50.00%'): 100.00 of
    last year's implied figure is not 50%."""
    project = sum((x.project for x in r.leaves), Decimal(0))
    return _after(elements, _spent(r), f"此外，项目支出决算数为{project:,.2f}万元。", "与上年相比增加100.00万元，增长50.00%。")


def rise_and_fall(r: Report, elements: list) -> list:
    """'与上年相比，本年支出合计增加100.00万元，下降3.35%': the change and its percentage go two ways."""
    return _after(elements, _spent(r), "与上年相比，本年支出合计增加100.00万元，下降3.35%。")


def wrong_way_years(r: Report, elements: list) -> list:
    """'…本年支出合计 A 万元，比上年度 B 万元减少' where A is larger than B."""
    last = (r.total * Decimal("0.9")).quantize(Decimal("0.01"))
    return _after(elements, _spent(r), f"{r.year}年度本年支出合计{r.total:,.2f}万元，比{r.year - 1}年度的{last:,.2f}万元减少。")


def _sangong_said(r: Report) -> str:
    return f"{r.year}年度“三公”经费财政拨款支出"


def share_of_printed_total(r: Report, elements: list) -> list:
    """'因公出国（境）费支出决算…万元，占“三公”经费的…%' 3 points more than the 三公 table's total gives."""
    s = r.sangong_actual
    total = s.overseas + s.vehicle_purchase + s.vehicle_operation + s.reception
    share = (s.overseas / total * 100 + 3).quantize(Decimal("0.01"))
    return _after(elements, _sangong_said(r), f"因公出国（境）费支出决算{s.overseas:,.2f}万元，占“三公”经费的{share}%。")


def list_exceeds_total(r: Report, elements: list) -> list:
    """The 三公 total listed by item, 公务接待费 1.00 more than the table: the items exceed their total."""
    s = r.sangong_actual
    total = s.overseas + s.vehicle_purchase + s.vehicle_operation + s.reception
    return _after(elements, _sangong_said(r), f"“三公”经费支出决算{total:,.2f}万元，其中：因公出国（境）费{s.overseas:,.2f}"
                  f"万元，公务用车购置及运行费{s.vehicle_purchase + s.vehicle_operation:,.2f}万元，公务接待费"
                  f"{s.reception + 1:,.2f}万元。")


def project_count_wrong(r: Report, elements: list) -> list:
    """'对11个项目开展了绩效自评' where the report prints the self-evaluations of fewer."""
    return [Text(re.sub(r"对\d+个项目", f"对{len(r.evaluations) + 6}个项目", el.text), el.style)
            if isinstance(el, Text) and "个项目开展了绩效自评" in el.text else el for el in elements]


def department_spending_differs(r: Report, elements: list) -> list:
    """A 部门整体绩效自评表 (the first project's table made the department's) whose 全年执行数 is 100.00 more
    than the 决算's 本年支出合计: the department's spending printed twice, two values."""
    at = next((k for k, (_, grid) in enumerate(grids(elements, "evaluation"))), None)
    if at is None:
        return elements
    k, grid = grids(elements, "evaluation")[at]
    spent = f"{r.total + 100:,.2f}".replace(",", "")
    rows = [list(row) for row in grid.rows]
    for row in rows:
        if row[0] == "项目名称":
            row[0], row[1] = "部门（单位）名称", r.unit
        elif row[1] in ("年度资金总额", "其中：财政拨款"):
            row[3:6] = [spent, spent, spent]
            row[7] = "100"
    table = [Text("部门整体绩效自评表", "title"), Text(f"（{r.year}年度）", "note"), replace(grid, rows=rows)]
    return elements + [PageBreak()] + table


ERRORS: dict[str, Variant] = {v.name: v for v in (
    Variant("wrong_direction", "an item below its budget said to be 大于 it", wrong_direction, "content"),
    Variant("wrong_years", "a heading and the 截至 date of last year", wrong_years, "content"),
    Variant("placeholder_left", "a template placeholder left in the narrative (XX辆)", placeholder_left, "content"),
    Variant("blank_filled", "the 三公 table printed empty while the narrative states its figures", blank_filled,
            "content"),
    Variant("yoy_wrong", "a change in % that the stated change and total do not give", yoy_wrong, "content"),
    Variant("repeated_code", "a 项 code printed twice in one table with different figures", repeated_code, "content"),
    Variant("prior_year_wrong", "a change since last year that the printed 上年 column contradicts",
            prior_year.columns_contradicted, "columns", "prior_year", _expect_prior_year),
    Variant("basic_misstated", "a 基本支出 stated again in its section, other than the table's", basic_misstated,
            "content"),
    Variant("change_next_sentence", "a change in % stated in the sentence after its figure, that they do not give",
            change_next_sentence, "content"),
    Variant("rise_and_fall", "a change said to be 增加 in 万元 and 下降 in %", rise_and_fall, "content"),
    Variant("wrong_way_years", "this year's figure said to be 减少 from last year's, which is smaller", wrong_way_years,
            "content"),
    Variant("share_of_printed_total", "a 三公 item's share of the 三公 total (not repeated in the sentence) that it "
            "is not", share_of_printed_total, "content"),
    Variant("list_exceeds_total", "the 三公 items listed under their total, one misstated: they exceed it",
            list_exceeds_total, "content"),
    Variant("project_count_wrong", "more projects said to be self-evaluated than the report prints",
            project_count_wrong, "content"),
    Variant("department_spending_differs", "a 部门整体绩效自评表 whose 全年执行数 is not the 决算's 本年支出合计",
            department_spending_differs, "content"),
    Variant("toc_missing_table", "a 目录 listing a table the report leaves out", toc_missing_table, "words", "toc"),
    Variant("toc_cut_table", "a 目录 listing a table the report prints as its title alone", toc_cut_table, "words",
            "toc"),
)}


def expected(r: Report, names: tuple[str, ...] = ()) -> Facts:
    """The facts the loader must read back from the report printed in the named variants: the corpus
    layout's, as each variant's expect() adjusts them to what the printed elements hold."""
    names = canonical(names)
    printed = apply(r, elements(r), names)
    facts = expected_facts(r)
    for name in names:
        expect = _variant(name).expect
        if expect:
            facts = expect(r, printed, facts)
    return facts


_TEMPLATE_KINDS = ("summary", "final_expense", "budget_expense", "final_appropriation", "budget_appropriation")


def tables_read(names: tuple[str, ...], kinds: list[str]) -> list[str]:
    """The kinds of the tables the loader must find in the report printed in the named variants, from the
    kinds it finds in the corpus layout: the 财政拨款 table where the 一般公共预算 one was, the 中央
    template's tables alone, a 机关运行经费 table after the 基本支出 one."""
    if {"appropriation_table", "central_template"} & set(names):
        kinds = [re.sub("_general$", "_appropriation", k) for k in kinds]
    if "central_template" in names:
        kinds = [k for k in kinds if k in _TEMPLATE_KINDS or k.startswith("performance")]
    at = next((i + 1 for i, k in enumerate(kinds) if k.startswith("economic_")), None)
    if "operating_costs_table" in names and at is not None:  # printed after the 基本支出 table, read for its total
        kinds = kinds[:at] + ["operating_costs"] + kinds[at:]
    return kinds


def expected_source_unit(names: tuple[str, ...]) -> str:
    """The amount unit the report states most: 元 for the variants printing in 元 (千元 is stored as 万元 is)."""
    return "元" if {"yuan", "yuan_cents"} & set(names) else "万元"


def expected_region(names: tuple[str, ...]) -> str | None:
    """The region the loader must find when the variants say it: 中央 for a central unit's report."""
    return "中央" if {"central_unit", "central_template"} & set(names) else None


# One report published as two files: each part alone is not the whole report, so not a VARIANT.
PARTS: dict[str, Variant] = {v.name: v for v in (
    Variant("tables_only", "公开表格: the tables alone, no cover, no narrative", provincial.tables_only, "parts",
            "part", disclosures.expect_without_narrative),
    Variant("narrative_only", "公开文件: the cover and narrative, no table", provincial.narrative_only, "parts",
            "part"),
)}
_ORDER = {v.name: (STAGES.index(v.stage), i) for i, v in enumerate([*VARIANTS.values(), *ERRORS.values(),
                                                                     *PARTS.values()])}


def _variant(name: str) -> Variant:
    found = VARIANTS.get(name) or ERRORS.get(name) or PARTS.get(name)
    if found is None:
        raise ValueError(f"unknown variant {name!r}")
    return found


def canonical(names: tuple[str, ...]) -> tuple[str, ...]:
    """The named variants in the order they apply, each once; ValueError for two alternatives."""
    chosen: dict[str, str] = {}
    for name in names:
        aspect = _variant(name).aspect
        if aspect and chosen.setdefault(aspect, name) != name:
            raise ValueError(f"variants {chosen[aspect]!r} and {name!r} are alternatives ({aspect}): "
                             "a report prints it one way")
    return tuple(sorted(set(names), key=_ORDER.__getitem__))


def apply(r: Report, elements: list, names: tuple[str, ...] = ()) -> list:
    """The elements as the named variants print them, in the canonical order whatever the order named."""
    for name in canonical(names):
        rewrite = _variant(name).rewrite
        if rewrite:
            elements = rewrite(r, elements)
    return elements


def runs_header(names: tuple[str, ...]) -> bool:
    return any(_variant(n).running for n in names)

"""Layout variants of reports from places the corpus does not show: tables other provinces, cities and
central departments print beside the national template's, each a table whose figures the loader must not
store under a kind it is not (a wrong kind is worse than a table left unread).

- economic_all (浙江): 财政拨款支出预算表（部门经济分类科目）, every 财政拨款 spending by economic class, 基本支出
  and 项目支出 side by side: not the 基本支出 table, though its rows carry the same codes;
- project_economic (中央 决算 since 2021, 北京): 一般公共预算财政拨款项目支出决算表 (a budget: 一般公共预算项目支出
  预算表（按经济分类）), the 项目支出 by economic class;
- operating_costs_table: 一般公共预算机关运行经费支出预算表 / 决算表, the 公用经费 items by economic class;
- procurement_table: 政府采购预算表 (a 决算: 政府采购情况表), purchases by item with their fund columns;
- assets_by_class: 国有资产占用情况表, assets by class with counts and values.

Each table is printed on a page of its own after the 基本支出 table, in the frame (title, number, unit lines)
that table is printed in. Only assets_by_class changes what the loader must read: its 资产总额 and its cars
(disclosures, source 'table'); with any other the loader must find the same tables as without it and store
the same figures.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Callable

from loaders.vocabulary import SANGONG_ITEMS

from . import prior_year, provincial
from .classification import ECONOMIC_CLASSES
from .disclosures import table_fact
from .figures import ZERO, Report
from .layout import EVALUATIONS, Grid, PageBreak, Text, amount, grids, sangong_wide, title_above

# 项目支出 by economic 款: invented shares, fixed
_PROJECT_ECONOMIC = (("302", "商品和服务支出", (("30201", "办公费", "0.1"), ("30227", "委托业务费", "0.5"))),
                     ("310", "资本性支出", (("31002", "办公设备购置", "0.15"),)),
                     ("399", "其他支出", (("39999", "其他支出", None),)))  # None: what the others leave
_PURCHASES = (("办公设备购置", "货物", "A02010104 台式计算机", "12"), ("物业管理服务", "服务", "C21040000 物业管理服务", "1"),
              ("办公用房维修", "工程", "B07000000 修缮工程", "1"))
_ASSETS = (("资产总额", "1"), ("流动资产", "2"), ("固定资产", "3"), ("房屋", "4"), ("车辆", "5"), ("无形资产", "6"))


def money(value: Decimal | None) -> str:
    return amount(value, blank_zero=True)


def _framed(elements: list, kind: str) -> tuple[int, int, Grid] | None:
    """Where the first table of a kind stands: (its grid's index, its title's index, the grid), None when
    it is not printed or has no title above it."""
    found = grids(elements, kind)
    start = title_above(elements, found[0][0]) if found else None
    return None if start is None else (found[0][0], start, found[0][1])


def _after_economic(r: Report, elements: list, title: str, grid: Grid) -> list:
    """The elements with one more table after the 基本支出 table: a page of its own, framed as that table is
    (its title replaced), printed before the next page break."""
    framed = _framed(elements, "economic")
    if framed is None:
        return elements
    at, start, _ = framed
    frame = [Text(title, "title") if k == start else elements[k] for k in range(start, at)
             if isinstance(elements[k], Text)]
    end = next((k for k in range(at + 1, len(elements)) if isinstance(elements[k], PageBreak)), len(elements))
    return elements[:end] + [PageBreak(), *frame, grid] + elements[end:]


def _year(r: Report) -> str:
    return f"{r.year}年" if r.kind == "budget" else ""


def _project_rows(total: Decimal) -> list[tuple[str, str, Decimal]]:
    """(code, name, amount) of the 类 and 款 rows that spread a 项目支出 total over economic classes."""
    rows, left = [], total
    for cls, name, items in _PROJECT_ECONOMIC:
        parts = []
        for code, item, share in items:
            value = left if share is None else (total * Decimal(share)).quantize(Decimal("0.01"))
            left -= value
            parts.append((code, item, value))
        rows += [(cls, name, sum((v for _, _, v in parts), ZERO)), *parts]
    return rows


def _basic_rows(r: Report) -> list[tuple[str, str, Decimal]]:
    """(code, name, amount) of the 基本支出 类 and 款 rows, by economic class."""
    out = []
    for cls in dict.fromkeys(e.code[:3] for e in r.economic):
        items = [e for e in r.economic if e.code[:3] == cls]
        out.append((cls, ECONOMIC_CLASSES[cls][0], sum((e.amount for e in items), ZERO)))
        out += [(e.code, e.name, e.amount) for e in items]
    return out


def _projects_total(r: Report) -> Decimal:
    return sum((x.project for x in r.general + r.gov_fund + r.state_capital), ZERO)


def economic_all(r: Report, elements: list) -> list:
    basic = {code: (name, value) for code, name, value in _basic_rows(r)}
    project = {code: (name, value) for code, name, value in _project_rows(_projects_total(r))}
    codes = sorted(set(basic) | set(project), key=lambda c: (c[:3], len(c), c))
    body = []
    for code in codes:
        name = (basic.get(code) or project[code])[0]
        b, p = basic.get(code, ("", ZERO))[1], project.get(code, ("", ZERO))[1]
        body.append([code, name, money(b + p), money(b), money(p)])
    b, p = sum((e.amount for e in r.economic), ZERO), _projects_total(r)
    header = [["部门经济分类科目", "", "合计", "基本支出", "项目支出"], ["科目编码", "科目名称", "", "", ""]]
    grid = Grid(header + [["", "合计", money(b + p), money(b), money(p)]] + body, 2, [1.4, 4.5, 1.6, 1.6, 1.6],
                [(0, 0, 1, 0), (2, 0, 2, 1), (3, 0, 3, 1), (4, 0, 4, 1)], kind="economic_all")
    verb = "预算" if r.kind == "budget" else "决算"
    return _after_economic(r, elements, f"{_year(r)}财政拨款支出{verb}表（部门经济分类科目）", grid)


def project_economic(r: Report, elements: list) -> list:
    total = sum((x.project for x in r.general), ZERO)
    rows = _project_rows(total)
    verb = "预算数" if r.kind == "budget" else "决算数"
    header = [["科目编码", "科目名称", verb]]
    body = [["", "合计", money(total)]] + [[code, name, money(v)] for code, name, v in rows]
    title = f"{_year(r)}一般公共预算项目支出预算表（按经济分类）" if r.kind == "budget" \
        else "一般公共预算财政拨款项目支出决算表"
    return _after_economic(r, elements, title, Grid(header + body, 1, [1.4, 5, 2], kind="project_economic"))


def operating_costs_table(r: Report, elements: list) -> list:
    """The 机关运行经费 the narrative states, by the economic classes of the 公用经费 in their shares (blank
    where it states none); the title names the item, the header only the measure."""
    items = sorted((e for e in r.economic if e.category == "public" and e.amount), key=lambda e: e.code)
    verb = "预算数" if r.kind == "budget" else "决算数"
    total = r.disclosures.operating_costs
    body = [["", "合计", money(total)]]
    body += [[e.code, e.name, money(v)] for e, v in zip(items, _shares(total, [e.amount for e in items]))]
    title = f"{_year(r)}一般公共预算机关运行经费支出预算表" if r.kind == "budget" \
        else "一般公共预算财政拨款机关运行经费支出决算表"
    grid = Grid([["科目编码", "科目名称", verb]] + body, 1, [1.4, 5, 2], kind="operating_costs")
    return _after_economic(r, elements, title, grid)


def _shares(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """total split in the weights' proportions to the cent, the last taking what rounding left."""
    whole = sum(weights, ZERO)
    parts = [(total * w / whole).quantize(Decimal("0.01")) for w in weights[:-1]] if whole else [ZERO] * len(weights[:-1])
    return parts + [total - sum(parts, ZERO)] if weights else []


def expect_operating_costs_table(r: Report, printed: list, facts: list) -> list:
    """The table's total, read from its 合计 row (a report that states none prints the table blank)."""
    return facts + [table_fact("operating_costs", "total", r.disclosures.operating_costs)] * bool(r.disclosures.operating_costs)


def procurement_table(r: Report, elements: list) -> list:
    total = r.disclosures.procurement or (r.total / 20).quantize(Decimal("0.01"))
    values = _shares(total, [Decimal("0.5"), Decimal("0.3"), Decimal("0.2")])
    header = [["采购项目", "采购品目", "数量", "采购类别", "合计", "一般公共预算", "政府性基金预算", "其他资金"]]
    body = [["合计", "", "", "", money(total), money(total), "", ""]]
    body += [[item, catalogue, count, sort, money(v), money(v), "", ""]
             for (item, sort, catalogue, count), v in zip(_PURCHASES, values)]
    title = f"{_year(r)}政府采购预算表" if r.kind == "budget" else "政府采购情况表"
    grid = Grid(header + body, 1, [3, 3.5, 1, 1.2, 1.6, 1.6, 1.6, 1.4], kind="procurement")
    return _after_economic(r, elements, title, grid)


def _asset_value(r: Report, line: str) -> Decimal:
    return (r.total * Decimal(line) / 10).quantize(Decimal("0.01"))


def assets_by_class(r: Report, elements: list) -> list:
    header = [["项目", "行次", "数量", "金额"]]
    counts = {"车辆": str(r.disclosures.vehicle_total), "房屋": "2"}
    body = [[item, line, counts.get(item, ""), money(_asset_value(r, line))] for item, line in _ASSETS]
    title = "国有资产占用情况表"
    return _after_economic(r, elements, title, Grid(header + body, 1, [4, 1, 1.6, 2], kind="assets"))


def expect_assets_by_class(r: Report, printed: list, facts: list) -> list:
    """The table's 资产总额 (its 金额, not its 行次) and its cars (their 数量), where it is printed."""
    if not grids(printed, "assets"):
        return facts
    return facts + [table_fact("assets", "assets_total", _asset_value(r, "1")),
                    table_fact("assets", "vehicles", r.disclosures.vehicle_total)]


# ------------------------------------------------------------------ codes printed with their names

_CODE = re.compile(r"^([23]\d{2})(\s?\d{2}){0,2}$")
_WORDS = re.compile(r"[\u4e00-\u9fff]")


def _code_columns(grid: Grid) -> list[int]:
    """The columns holding 功能分类 or 经济分类 codes in most of their filled body cells, a name column after each."""
    body = grid.rows[grid.header:]
    out = []
    for j in range(len(grid.rows[0]) - 1):
        cells = [r[j] for r in body if j < len(r) and r[j] and r[j] not in ("合计", "总计")]
        codes = sum(1 for c in cells if _CODE.match(c))
        if codes and 2 * codes >= len(cells):
            out.append(j)
    return out


def _name_column(grid: Grid, j: int) -> int:
    """The first column after j whose filled body cells are mostly words (a 单位代码 column may stand between)."""
    body = grid.rows[grid.header:]
    for k in range(j + 1, len(grid.rows[0])):
        cells = [r[k] for r in body if k < len(r) and r[k]]
        if cells and 2 * sum(1 for c in cells if _WORDS.search(c)) > len(cells):
            return k
    return j + 1


def drop_column(grid: Grid, j: int) -> Grid:
    """The grid without column j; a merged cell over it narrows, one of it alone goes."""
    spans = [(c0 - (c0 > j), r0, c1 - (c1 >= j), r1) for c0, r0, c1, r1 in grid.spans if not c0 == c1 == j]
    return replace(grid, rows=[row[:j] + row[j + 1:] for row in grid.rows],
                   widths=grid.widths[:j] + grid.widths[j + 1:], spans=[s for s in spans if s[2] >= s[0]])


def _codes_in_names(joined: Callable[[str, str], str]) -> Callable[[Report, list], list]:
    """Each code column merged into the name column after it: the cell prints joined(code, name), the
    header the name column's words (a merged header over both keeps its words)."""
    def change(grid: Grid) -> Grid:
        for j in reversed(_code_columns(grid)):
            k = _name_column(grid, j)
            rows = [list(row) for row in grid.rows]
            for i, row in enumerate(rows):
                code, name = row[j].strip(), row[k].strip()
                if i >= grid.header and _CODE.match(code):
                    row[k] = joined(code.replace(" ", ""), name)
                elif k == j + 1:
                    row[k] = name or code
            grid = drop_column(replace(grid, rows=rows), j)
        return grid
    return lambda r, elements: [change(el) if isinstance(el, Grid) and _figures(el) else el for el in elements]


code_with_name = _codes_in_names(lambda code, name: f"{code} {name}")
code_bracketed = _codes_in_names(lambda code, name: f"[{code}]{name}")
code_after_name = _codes_in_names(lambda code, name: f"{name}（{code}）")


# ------------------------------------------------------------------ where the unit and the unit fields are printed

_UNIT_LINE = re.compile(r"^(金额)?单位[:：]\s*(万元|千元|元)$")
_FIELD_LINE = re.compile(r"^(部门|单位|部门名称|单位名称)[:：]\s*(\S+)$")


def _frame_lines(elements: list, at: int) -> list[int]:
    """The indexes of the short note lines between the grid at `at` and the title (or grid, page break) above."""
    out = []
    for k in range(at - 1, -1, -1):
        el = elements[k]
        if not isinstance(el, Text) or el.style != "note":
            break
        out.append(k)
    return out


def unit_in_header(r: Report, elements: list) -> list:
    """The unit and the 部门 field printed in the table's first row, the field in its first cell and the unit
    in its last one ('部门：某某局 | … | 单位：万元'), as workbooks saved as PDF print them."""
    out, drop = list(elements), set()
    for at, grid in grids(elements):
        if not _figures(grid):
            continue
        lines = _frame_lines(elements, at)
        unit = next((elements[k].text for k in lines if _UNIT_LINE.match(elements[k].text)), None)
        if unit is None:
            continue
        field = next((elements[k].text for k in lines if _FIELD_LINE.match(elements[k].text)), "")
        drop |= {k for k in lines if elements[k].text in (unit, field)}
        width = len(grid.rows[0])
        first = [field] + [""] * (width - 2) + [unit.removeprefix("金额")]
        spans = [(c0, r0 + 1, c1, r1 + 1) for c0, r0, c1, r1 in grid.spans]
        if width > 2:
            spans.append((0, 0, width - 2, 0))
        out[at] = replace(grid, rows=[first] + grid.rows, header=grid.header + 1, spans=spans)
    return [el for k, el in enumerate(out) if k not in drop]


def unit_missing(r: Report, elements: list) -> list:
    """No table states its unit: the reader must take 万元, as most reports print."""
    return [el for el in elements if not (isinstance(el, Text) and _UNIT_LINE.match(el.text))]


def _figures(grid: Grid) -> bool:
    return grid.kind not in EVALUATIONS


FIELD_WORDS = ("编制部门", "填报单位", "预算单位", "编制单位")


def field_words(r: Report, elements: list) -> list:
    """The unit field worded as other provinces word it: 编制部门：, 填报单位：, 预算单位：, 编制单位： in turn."""
    out, n = [], 0
    for el in elements:
        m = isinstance(el, Text) and el.style == "note" and _FIELD_LINE.match(el.text)
        if m and m.group(2) == r.unit:
            el = Text(f"{FIELD_WORDS[n % len(FIELD_WORDS)]}：{r.unit}", "note")
            n += 1
        out.append(el)
    return out


# ------------------------------------------------------------------ columns and words of the amounts

_TOTAL_COLUMN = re.compile(r"^(本年)?(支出|收入)?(合计|小计|总计)$")
_MOVED = ("expense", "general", "gov_fund", "state_capital", "income", "economic", "all_appropriations")


def _permuted(grid: Grid, order: list[int]) -> Grid | None:
    """The grid with its columns in this order (order[new] = old), None when a merged cell would not stay whole."""
    new = {old: k for k, old in enumerate(order)}
    spans = []
    for c0, r0, c1, r1 in grid.spans:
        cols = sorted(new[c] for c in range(c0, c1 + 1))
        if cols != list(range(cols[0], cols[-1] + 1)) or grid.rows[r0][c0] != grid.rows[r0][order[cols[0]]]:
            return None
        spans.append((cols[0], r0, cols[-1], r1))
    rows = [[row[old] for old in order] for row in grid.rows]
    return replace(grid, rows=rows, widths=[grid.widths[old] for old in order], spans=spans)


def total_column_last(r: Report, elements: list) -> list:
    """The 合计 column of each 功能分类 and 经济分类 table printed after its parts (基本支出 | 项目支出 | 合计), at the
    end of the header group it stands in, or of the table."""
    def change(grid: Grid) -> Grid:
        if grid.kind not in _MOVED or not grid.header:
            return grid
        width = len(grid.rows[0])
        j = next((j for j in range(width) for i in range(grid.header) if _TOTAL_COLUMN.match(grid.rows[i][j])), None)
        if j is None:
            return grid
        groups = [c1 for c0, r0, c1, r1 in grid.spans if c0 <= j <= c1 and c1 > c0 and r0 < grid.header]
        end = min(groups, default=width - 1)
        order = list(range(j)) + list(range(j + 1, end + 1)) + [j] + list(range(end + 1, width))
        return _permuted(grid, order) or grid
    return [change(el) if isinstance(el, Grid) else el for el in elements]


_AMOUNT_WORDS = {"合计": "总计", "小计": "合计", "本年支出合计": "支出合计", "本年收入合计": "收入合计"}


def amount_words(r: Report, elements: list) -> list:
    """The amount columns named as other places name them: 总计 for 合计, 合计 for 小计, 支出合计 for 本年支出合计,
    and 预算数 / 决算数 for 金额."""
    measure = "预算数" if r.kind == "budget" else "决算数"
    words = dict(_AMOUNT_WORDS, 金额=measure)

    def change(grid: Grid) -> Grid:
        if not _figures(grid):
            return grid
        rows = [[words.get(c, c) for c in row] if i < grid.header else row for i, row in enumerate(grid.rows)]
        return replace(grid, rows=rows)
    return [change(el) if isinstance(el, Grid) else el for el in elements]


_ZERO = re.compile(r"^0(\.0+)?$")


def dash_zero(r: Report, elements: list) -> list:
    """Zero amounts printed as '-'."""
    def change(grid: Grid) -> Grid:
        if not _figures(grid):
            return grid
        rows = [["-" if _ZERO.match(c) else c for c in row] if i >= grid.header else row
                for i, row in enumerate(grid.rows)]
        return replace(grid, rows=rows)
    return [change(el) if isinstance(el, Grid) else el for el in elements]


def total_spaced(r: Report, elements: list) -> list:
    """The 合计 and 总计 rows labelled with spaces between the characters ('合    计'), as centred labels print."""
    def change(grid: Grid) -> Grid:
        rows = [[re.sub(r"^(合|总)(计)$", r"\1    \2", c) for c in row] if i >= grid.header else row
                for i, row in enumerate(grid.rows)]
        return replace(grid, rows=rows)
    return [change(el) if isinstance(el, Grid) and _figures(el) else el for el in elements]


# ------------------------------------------------------------------ project tables

def projects_by_unit(r: Report, elements: list) -> list:
    """The 项目支出表 as 单位名称 | 项目名称 | amounts: no unit code, no project type, no unit subtotal rows."""
    def rows(items) -> list[str]:
        g, f, c = (sum((getattr(p, k) for p in items), ZERO) for k in ("general", "gov_fund", "carry"))
        return [money(g + f + c), money(g), money(f), money(c)]
    header = [["单位名称", "项目名称", "合计", "一般公共预算", "政府性基金预算", "上年结转"]]
    body = [["合计", "", *rows(r.projects)]]
    body += [[r.sub_units.get(p.unit_code, r.unit), p.project, *rows([p])] for p in r.projects]
    grid = Grid(header + body, 1, [4, 6, 1.5, 1.5, 1.5, 1.5], kind="projects")
    return [grid if isinstance(el, Grid) and el.kind == "projects" else el for el in elements]


def expect_projects_by_unit(r: Report, printed: list, facts: list) -> list:
    """The projects' totals; their unit codes and types are not printed."""
    return [(t, k, {"total": e["total"]} if t == "budget_projects" else e) for t, k, e in facts]


def general_projects(r: Report, elements: list) -> list:
    """四川: beside the 项目支出表 of every fund, an 一般公共预算项目支出预算表 of the projects' 一般公共预算 share."""
    found = grids(elements, "projects")
    if not found:
        return elements
    at = found[-1][0]
    start = title_above(elements, at)
    items = [p for p in r.projects if p.general]
    header = [["单位名称", "项目名称", "项目类型", "金额"]]
    body = [["合计", "", "", money(sum((p.general for p in items), ZERO))]]
    body += [[r.sub_units.get(p.unit_code, r.unit), p.project, p.project_type, money(p.general)] for p in items]
    frame = [Text(f"{_year(r)}一般公共预算项目支出预算表", "title") if k == start else elements[k]
             for k in range(start, at) if isinstance(elements[k], Text)] if start is not None else []
    grid = Grid(header + body, 1, [4, 6, 1.5, 1.5], kind="general_projects")
    return elements[:at + 1] + [PageBreak(), *frame, grid] + elements[at + 1:]


# ------------------------------------------------------------------ changes since last year

_MONEY = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def change_columns(r: Report, elements: list) -> list:
    """A budget's 功能分类 tables end with 比上年增减 and 增减率（%） columns (negative where spending fell): words a
    reader must not take for this year's figures."""
    if r.kind != "budget":
        return elements

    def change(grid: Grid) -> Grid:
        if grid.kind not in ("expense", "general", "gov_fund") or not grid.header:
            return grid
        j = next((j for j in range(len(grid.rows[0])) for i in range(grid.header) if grid.rows[i][j] == "合计"), None)
        if j is None:
            return grid
        rows = []
        for i, row in enumerate(grid.rows):
            if i < grid.header:
                rows.append(row + (["比上年增减", "增减率（%）"] if i == 0 else ["", ""]))
                continue
            value = Decimal(row[j].replace(",", "")) if _MONEY.match(row[j]) else None
            if value is None:
                rows.append(row + ["", ""])
                continue
            last = prior_year.prior(value)
            rows.append(row + [f"{value - last:,.2f}", f"{(value - last) * 100 / last:.2f}" if last else ""])
        width = len(grid.rows[0])
        spans = grid.spans + ([(width, 0, width, grid.header - 1), (width + 1, 0, width + 1, grid.header - 1)]
                              if grid.header > 1 else [])
        return replace(grid, rows=rows, widths=grid.widths + [1.4, 1.2], spans=spans)
    return [change(el) if isinstance(el, Grid) else el for el in elements]


def summary_two_years(r: Report, elements: list) -> list:
    """A budget's 收支总表 printing each side's figure for this year and last ('2026年预算数 | 2025年预算数')."""
    if r.kind != "budget":
        return elements

    def change(grid: Grid) -> Grid:
        if grid.kind != "summary" or len(grid.rows[-1]) != 4 or grid.header != 2:
            return grid
        words = ["项目", f"{r.year}年预算数", f"{r.year - 1}年预算数"]
        rows = [["收入", "", "", "支出", "", ""], words + words]
        for row in grid.rows[2:]:
            last = [f"{prior_year.prior(Decimal(c.replace(',', ''))):,.2f}" if _MONEY.match(c) else "" for c in row]
            rows.append([row[0], row[1], last[1], row[2], row[3], last[3]])
        return replace(grid, rows=rows, widths=[4, 1.6, 1.6, 4, 1.6, 1.6], spans=[(0, 0, 2, 0), (3, 0, 5, 0)])
    return [change(el) if isinstance(el, Grid) else el for el in elements]


# ------------------------------------------------------------------ covers

def cover_year_first(r: Report, elements: list) -> list:
    """The unit named only on the cover, after the year: '2026年度某某局部门预算' on one line (the cover's unit,
    year and kind lines run together), no unit field in any table."""
    who = "单位" if r.scope == "unit" else "部门"
    title = f"{r.year}年度{r.unit}{who}{'预算' if r.kind == 'budget' else '决算'}"
    out, done = [], False
    for el in provincial.without_unit_fields(r, elements):
        if isinstance(el, Text) and el.style == "cover" and not re.fullmatch(r"20\d{2}年\d{1,2}月", el.text):
            if not done:
                out.append(Text(title, "cover"))
                done = True
            continue
        out.append(el)
    return out


# ------------------------------------------------------------------ 年初预算 beside 决算

_INITIAL = Decimal("0.96")  # the 年初预算 printed beside a 决算 figure: invented, but fixed


def _initial(cell: str) -> str:
    return f"{(Decimal(cell.replace(',', '')) * _INITIAL).quantize(Decimal('0.01')):,.2f}" if _MONEY.match(cell) else ""


def insert_column(grid: Grid, at: int, header: list[str], body: Callable[[list[str]], str]) -> Grid:
    """The grid with a column before column `at`: header[i] in header row i, body(row) in each body row; a merged
    cell over the place widens, the cells after it shift right."""
    rows = [row[:at] + [header[i] if i < grid.header else body(row)] + row[at:] for i, row in enumerate(grid.rows)]
    spans = [(c0 + (c0 >= at), r0, c1 + (c1 >= at), r1) for c0, r0, c1, r1 in grid.spans]
    return replace(grid, rows=rows, widths=grid.widths[:at] + [1.6] + grid.widths[at:], spans=spans)


def budget_columns(r: Report, elements: list) -> list:
    """A 决算 printing each figure's 年初预算数 beside it (older national templates): in the 收入支出决算总表 a
    年初预算数 column before each 决算数, in the 一般公共预算 table a 年初预算数 group (小计 | 基本支出 | 项目支出)
    before the 决算数 group. The reader must take the 决算 figures."""
    if r.kind != "final":
        return elements

    def change(grid: Grid) -> Grid:
        if grid.kind == "summary" and grid.header >= 2:
            for j in reversed([j for j, c in enumerate(grid.rows[1]) if c == "决算数"]):
                source = j
                grid = insert_column(grid, j, ["" if i != 1 else "年初预算数" for i in range(grid.header)],
                                     lambda row: _initial(row[source]))
            return grid
        if grid.kind == "general" and grid.header >= 2 and grid.rows[0][2:3] == ["本年支出"]:
            n = len(grid.rows[0]) - 2  # 小计 | 基本支出 | 项目支出
            rows = []
            for i, row in enumerate(grid.rows):
                if i == 0:
                    added, row = ["年初预算数"] + [""] * (n - 1), row[:2] + ["决算数"] + row[3:]
                elif i < grid.header:
                    added = row[2:] if i == 1 else [""] * n
                else:
                    added = [_initial(c) for c in row[2:]]
                rows.append(row[:2] + added + row[2:])
            spans = [(c0 + n * (c0 >= 2), r0, c1 + n * (c1 >= 2), r1) for c0, r0, c1, r1 in grid.spans]
            return replace(grid, rows=rows, widths=grid.widths[:2] + grid.widths[2:] * 2,
                           spans=spans + [(2, 0, 1 + n, 0)])
        return grid
    return [change(el) if isinstance(el, Grid) else el for el in elements]


def plain_amounts(r: Report, elements: list) -> list:
    """Amounts printed without thousands separators ('1358.74'; in 元, '13587400')."""
    def change(grid: Grid) -> Grid:
        if not _figures(grid):
            return grid
        rows = [[c.replace(",", "") if _AMOUNT.match(c) else c for c in row] for row in grid.rows]
        return replace(grid, rows=rows)
    return [change(el) if isinstance(el, Grid) else el for el in elements]


_WRAP_AT = 12  # a label longer than this wraps onto a line of its own


def wrapped_labels(r: Report, elements: list) -> list:
    """Long row labels wrapped onto a row of their own under the row (the rest of the name, no code, no figure),
    as a cell's second line comes out of a PDF drawn without a rule between the lines."""
    def change(grid: Grid) -> Grid:
        if not _figures(grid) or grid.kind in ("summary", "appropriation", "sangong", "projects"):
            return grid
        rows = list(grid.rows[:grid.header])
        for row in grid.rows[grid.header:]:
            j = next((j for j, c in enumerate(row) if len(c) > _WRAP_AT and _WORDS.search(c)), None)
            if j is None or any(c and not _MONEY.match(c) and not _CODE.match(c) for c in row[j + 1:]):
                rows.append(row)
                continue
            rows.append(row[:j] + [row[j][:_WRAP_AT]] + row[j + 1:])
            rows.append([""] * j + [row[j][_WRAP_AT:]] + [""] * (len(row) - j - 1))
        return replace(grid, rows=rows)
    return [change(el) if isinstance(el, Grid) else el for el in elements]


# ------------------------------------------------------------------ 三公

def sangong_measure_rows(r: Report, elements: list) -> list:
    """The 三公 table with its items as columns and 预算数 / 决算数 as rows (a 决算's two rows of figures, a budget's
    one), the measure named in a first column."""
    def change(grid: Grid) -> Grid:
        if not sangong_wide(grid):
            return grid
        values = grid.rows[-1]
        measures = ["预算数", "决算数"][:len(values) // 6]
        item = SANGONG_ITEMS
        header = [["项目", "合计", item["overseas"], "公务用车购置及运行费", "", "", item["reception"]],
                  ["", "", "", "小计", item["vehicle_purchase"], item["vehicle_operation"], ""]]
        rows = [[m] + values[6 * k:6 * k + 6] for k, m in enumerate(measures)]
        spans = [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 5, 0), (6, 0, 6, 1)]
        return replace(grid, rows=header + rows, header=2, widths=[1.6] + [1.4] * 6, spans=spans)
    return [change(el) if isinstance(el, Grid) else el for el in elements]


def services_table(r: Report, elements: list) -> list:
    """北京, 广东: 政府购买服务预算表, the services bought by unit and project: 单位名称 | 项目名称 columns, as a
    项目支出表 prints them, that must not be read as one."""
    total = r.disclosures.procurement or (r.total / 20).quantize(Decimal("0.01"))
    header = [["单位名称", "项目名称", "购买服务目录", "合计", "一般公共预算", "政府性基金预算"]]
    body = [["合计", "", "", money(total), money(total), ""],
            [r.unit, "物业管理服务", "后勤服务", money(total), money(total), ""]]
    title = f"{_year(r)}政府购买服务预算表" if r.kind == "budget" else "政府购买服务情况表"
    return _after_economic(r, elements, title, Grid(header + body, 1, [4, 4, 3, 1.6, 1.6, 1.6], kind="services"))


_KEY = re.compile(r"^项目$|科目|编码|代码|名称|栏次|行次|^[类款项]$")
_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def unit_in_columns(r: Report, elements: list) -> list:
    """No unit line: each amount column says its unit in its header cell ('合计（元）', '决算数（万元）')."""
    out, drop = list(elements), set()
    for at, grid in grids(elements):
        lines = _frame_lines(elements, at)
        unit = next((_UNIT_LINE.match(elements[k].text) for k in lines if _UNIT_LINE.match(elements[k].text)), None)
        if not _figures(grid) or unit is None or not grid.header:
            continue
        drop |= {k for k in lines if _UNIT_LINE.match(elements[k].text)}
        rows = [list(row) for row in grid.rows]
        words = [i for i in range(grid.header)  # not the 栏次 row
                 if not all(re.fullmatch(r"\d*|栏次|行次", c) for c in rows[i])]
        for j in range(len(rows[0])):
            label = "".join(rows[i][j] for i in range(grid.header))
            if _KEY.search(label) or not any(j < len(row) and _NUMBER.match(row[j]) for row in grid.rows[grid.header:]):
                continue
            i = max((i for i in words if rows[i][j]), default=None)
            if i is not None:
                rows[i][j] += f"（{unit.group(2)}）"
        out[at] = replace(grid, rows=rows)
    return [el for k, el in enumerate(out) if k not in drop]


# ------------------------------------------------------------------ one table printed as two

def summary_two_grids(r: Report, elements: list) -> list:
    """The 收支总表 printed as two tables one under the other: the 收入 side (项目 | 金额 under a 收入 heading),
    then the 支出 side, under the one title."""
    def change(grid: Grid) -> Grid | list:
        if grid.kind != "summary" or any(c1 >= len(grid.rows[-1]) // 2 > c0 for c0, _, c1, _ in grid.spans[2:]):
            return grid
        width = len(grid.rows[-1]) // 2
        head = next((row for row in grid.rows[:grid.header] if row[0] == "项目"), None)
        if head is None:
            return grid
        body = grid.rows[grid.header:]
        sides = []
        for word, part in (("收入", slice(0, width)), ("支出", slice(width, 2 * width))):
            rows = [[word] + [""] * (width - 1), head[part]] + [row[part] for row in body if row[part][0]]
            sides.append(Grid(rows, 2, grid.widths[:width], [(0, 0, width - 1, 0)], kind="summary"))
        return sides
    out = []
    for el in elements:
        got = change(el) if isinstance(el, Grid) else el
        out += got if isinstance(got, list) else [got]
    return out


# ------------------------------------------------------------------ a department's units

_UNIT_SHARE = Decimal("0.4")  # the figures of the subordinate unit whose tables follow the department's: invented


def unit_tables(r: Report, elements: list) -> list:
    """A 部门 report printing, after the department's tables, the 支出总表 of one of its units again under the same
    title and that unit's name ('单位名称：某某中心'): the unit's figures are not the department's."""
    framed = _framed(elements, "expense")
    others = [name for code, name in r.sub_units.items() if name != r.unit] or [f"{r.unit}所属单位"]
    if framed is None:
        return elements
    at, start, printed = framed
    frame = []
    for k in range(start, at):
        el = elements[k]
        if isinstance(el, Text):
            frame.append(Text(el.text.replace(r.unit, others[0]), el.style) if _FIELD_LINE.match(el.text) else el)
    share = [[_share(c) for c in row] if i >= printed.header else row for i, row in enumerate(printed.rows)]
    grid = replace(printed, rows=share, kind="unit_expense")
    return elements + [PageBreak(), *frame, grid]


def _share(cell: str) -> str:
    return f"{(Decimal(cell.replace(',', '')) * _UNIT_SHARE).quantize(Decimal('0.01')):,.2f}" if _MONEY.match(cell) \
        else cell

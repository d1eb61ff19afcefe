"""Narrative vs tables: what the 情况说明 states must be what the tables print.

Statements are found by the words the national template uses (收入支出总计, 本年支出合计, 基本支出,
一般公共预算财政拨款支出, 人员经费, the 三公 items, 'X支出（类）'), each taking the first amount after
it that is not a change ('比上年增加…'). A narrative number rounded to fewer places agrees with the
table within half a unit of its last digit. Shares ('占 p%') and completion rates ('完成预算的 p%')
are recomputed from the amounts the same passage states.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .base import CENT, MISSING, Finding, check, finding, fmt, page_ref, printed_line
from ..facts import where_of
from ..prose import Amount, Passage, amounts, tolerance
from ..vocabulary import SANGONG, SANGONG_ITEMS, prose_pattern
from .blame import Ref, cell, stated as stated_ref
from .funds import ALL, APPROPRIATION, GENERAL, GOV_FUND, STATE_CAPITAL, function_rows, scope_of

PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")

# Statement words → what they are; order matters where one contains another (longest first).
_LABELS = (
    ("appropriation_total", r"财政拨款收入支出(?:预算|决算)?总计|财政拨款收、?支(?:预算|决算)?总计"),
    ("income_total", r"收入支出(?:预算|决算)?总计|收、?支(?:预算|决算)?总计|收入(?:预算|决算)?总计"),
    ("expense_total", r"支出(?:预算|决算)?总计"),
    ("income_year", r"本年收入合计"),
    ("expense_year", r"本年支出合计"),
    ("general_basic", r"一般公共预算(?:财政)?(?:拨款)?基本支出"),
    ("general_total", r"一般公共预算(?:财政)?(?:拨款)?支出"),
    ("basic", r"基本支出"),
    ("project", r"项目支出"),
    ("personnel", r"人员经费"),
    ("public", r"公用经费"),
)
_LABEL_RE = re.compile("|".join(f"(?P<{k}>{rx})" for k, rx in _LABELS) + "|" + prose_pattern(SANGONG, "sg_"))
_REPORT_TOTALS = {"income_total", "expense_total", "income_year", "expense_year"}
_PART_OF = re.compile(r"(资金|拨款|预算|基金|经营|专户|事业|其他|附属|上级)$")  # '其他资金收入预算总计' is not the report's


def label_marks(text: str, start: int = 0, end: int | None = None) -> list[re.Match]:
    """The statement words in text: a total of the report only where no source of money qualifies it."""
    end = len(text) if end is None else end
    return [m for m in _LABEL_RE.finditer(text, start, end)
            if m.lastgroup not in _REPORT_TOTALS or not _PART_OF.search(text[max(0, m.start() - 6):m.start()])]
_WHAT = {
    "income_total": "收入总计", "expense_total": "支出总计", "income_year": "本年收入合计",
    "expense_year": "本年支出合计", "general_basic": "一般公共预算财政拨款基本支出",
    "general_total": "一般公共预算财政拨款支出", "basic": "基本支出", "project": "项目支出",
    "personnel": "人员经费", "public": "公用经费",
    **{f"sg_{key}": label for key, label in SANGONG_ITEMS.items()}, "sg_total": "“三公”经费",
}
_CLAUSE_START = re.compile(r"[：:；;，。]|,(?!\d{3})")  # not the comma of '2,779.71'
_SHARE = re.compile(r"占(?:比)?(?P<base>[^\d%％，,。；]{0,12}?)的?\s*(?P<pct>\d+(?:\.\d+)?)\s*[%％]")
_COMPLETION = re.compile(r"完成(?:年初|全年|调整)?预算(?:数)?的\s*(\d+(?:\.\d+)?)\s*[%％]|预算完成率为?\s*(\d+(?:\.\d+)?)\s*[%％]")
# Totals a later passage may name as the base of a share ('占本年支出合计的…%'); other words only
# count as a base within their own passage (基本支出 of all funds is not that of the general budget).
_TOTALS = {"income_total", "expense_total", "income_year", "expense_year", "general_total"}
_LEAD_END = re.compile(r"其中|主要用于|主要包括|包括")


def _one(rows, **key):
    return next((r for r in rows if all(r.get(k) == v for k, v in key.items())), None)


def table_value(f, key: str, col_hint: str, scope: str = ALL):
    """(value, page, where) the tables print for a statement key, or None when no such row."""
    found = table_row(f, key, scope)
    return found and (found[0][found[1] or col_hint], found[0]["page"], found[2])


_TABLE_OF = {ALL: "支出表", GENERAL: "一般公共预算财政拨款支出表", APPROPRIATION: "财政拨款支出表",
             GOV_FUND: "政府性基金预算财政拨款支出表", STATE_CAPITAL: "国有资本经营预算财政拨款支出表"}


def table_row(f, key: str, scope: str = ALL) -> tuple[dict, str | None, str] | None:
    """(row, column, where) of the table row a statement key names, in the fund the statement speaks of;
    column None where the statement's own measure says which (the 三公 table's 预算数 or 决算数). None
    where no table prints that figure: a figure is never compared with one of another meaning."""
    if key in ("income_total", "expense_total", "income_year", "expense_year"):
        if scope != ALL:
            return None  # '财政拨款收入预算总计' is not the 收支总表's 收入总计
        side = "income" if key.startswith("income") else "expense"
        items = ("总计", "收入总计", "支出总计") if key.endswith("total") else (_WHAT[key],)
        row = next((r for r in f.get("summary", side=side) if r["item"] in items), None)
        return row and (row, "amount", "收入支出总表")
    if key in ("general_total", "general_basic"):
        return _spent(f, GENERAL, "basic" if key == "general_basic" else "total")
    if key in ("basic", "project"):
        return _spent(f, scope, key)
    if key in ("personnel", "public"):
        return economic_part(f, key) if scope != ALL or _same_basic(f) else None
    if key.startswith("sg_"):
        row = _one(f.get("sangong"), item=key[3:])
        return row and (row, None, "“三公”经费表")
    return None


def _spent(f, scope: str, col: str) -> tuple[dict, str, str] | None:
    """A fund's spending in one column of its 功能分类 table's 合计; a 基本支出 the table does not print is
    the 收支总表's 基本支出 line (all funds) or the 基本支出 economic table's total (财政拨款)."""
    row = _one(function_rows(f, scope), code="total")
    if row is not None and row[col] is not None:
        return row, col, _TABLE_OF[scope]
    if col == "project":
        return None
    if scope == ALL:
        line = _one(f.get("summary"), side="expense", item="基本支出")
        return line and (line, "amount", "收入支出总表（支出用途）")
    if col == "basic" and scope in (GENERAL, APPROPRIATION) and (scope == economic_fund(f) or not other_grants(f)):
        return economic_part(f, "basic")
    return None


_ECONOMIC_WHERE = "基本支出经济分类表"


def economic_part(f, part: str) -> tuple[dict, str, str] | None:
    """人员经费, 公用经费 or their sum (基本支出) as the 基本支出 economic table prints them: its printed
    totals, else the sum of its 类 rows of that part (every 类 of the table for 基本支出)."""
    rows = f.get("expenditure_economic")
    totals = {c: _one(rows, code=f"{c}_total") for c in ("personnel", "public")}
    wanted = ("personnel", "public") if part == "basic" else (part,)
    if all(totals[c] and totals[c]["amount"] is not None for c in wanted):
        value = sum(totals[c]["amount"] for c in wanted)
        return {"amount": value, "page": totals[wanted[0]]["page"]}, "amount", _ECONOMIC_WHERE
    classes = [r for r in rows if r["level"] == 1 and r["code"].isdigit()]
    if not classes or any(r["amount"] is None for r in classes):
        return None
    if part != "basic" and any(r["category"] is None for r in classes):
        return None
    kept = [r for r in classes if part == "basic" or r["category"] == part]
    if not kept:
        return None
    value = sum((r["amount"] for r in kept), Decimal(0))
    return {"amount": value, "page": kept[0]["page"]}, "amount", f"{_ECONOMIC_WHERE}（各类之和）"


def economic_fund(f) -> str | None:
    """The fund of the 基本支出 economic table the figures were read from, by its title."""
    titles = [t["title"] or "" for t in f.tables if t["kind"].startswith("economic") and t["fact_count"]]
    if any("一般公共预算" in t for t in titles):
        return GENERAL
    return APPROPRIATION if any("财政拨款" in t for t in titles) else None


def other_grants(f) -> bool:
    """Whether the report spends 财政拨款 other than the general budget's (政府性基金, 国有资本经营)."""
    rows = f.get("expenditure_function")
    if any(r["fund"] in (GOV_FUND, STATE_CAPITAL) and r["total"] for r in rows):
        return True
    totals = {r["fund"]: r["total"] for r in rows if r["code"] == "total"}
    return APPROPRIATION in totals and totals[APPROPRIATION] != totals.get(GENERAL)


def _same_basic(f) -> bool:
    """All funds' 基本支出 is the general budget's: then 人员经费 of all funds is the economic table's."""
    every, general = _spent(f, ALL, "basic"), _spent(f, GENERAL, "basic")
    if not every or not general:
        return False
    a, g = every[0][every[1]], general[0][general[1]]
    return a is not None and g is not None and abs(a - g) <= CENT


_ASIDE = re.compile(r"绩效|采购|机关运行|国有资产|名词解释")  # sections whose figures are not the tables'
_BASIC_PARTS = re.compile(r"公用经费|人员经费|基本支出|商品和服务")


def _applies(key: str, p: Passage, at: int) -> bool:
    """Whether a statement in this passage speaks of the figure its key names: no figure of the 绩效,
    采购 or 机关运行经费 sections, and a 三公 item not where the passage lists 基本支出 lines (the 公务接待费
    of a 公用经费 list is an economic line, not the 三公 item) unless it is about 三公 itself."""
    before = p.context + p.text[:at]
    if key.startswith("sg_"):
        sangong = "三公" in p.context + p.text
        return sangong and not _BASIC_PARTS.search(p.text[:at]) or not (
            _ASIDE.search(before) or _BASIC_PARTS.search(before))
    return not _ASIDE.search(before)


def _statements(p: Passage, doc_kind: str):
    """(key, amount) for each statement in a passage: the first fitting amount after its words."""
    marks = label_marks(p.text)
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(p.text)
        pct = PERCENT.search(p.text, m.end(), end)
        found = amounts(p, m.end(), pct.start() if pct else end)
        key = m.lastgroup
        if key.startswith("sg_"):
            for a in found:
                if a.role != "change":
                    yield key, a
            continue
        wanted = ("actual", "plain") if doc_kind == "final" else ("budget", "plain")
        first = next((a for a in found if a.role != "change"), None)
        if first is not None and first.role in wanted:
            yield key, first


def _judge(stated: Amount, table: Decimal) -> str | None:
    """None when they agree to the places the narrative prints; 'info' for a cent tail; else 'error'."""
    diff = abs(stated.value - table)
    tol = tolerance(stated.places)  # a table in 元 has more places than any narrative prints
    if diff <= tol:
        return None
    return "info" if diff <= tol + CENT else "error"


WORDING = {
    "stated": "情况说明称{what} {value} 万元{where}",
    "blank": "{stated}，{table}中该数为空{where}",
    "differs": "{stated}，{table}为 {value} 万元{where}，相差 {diff}",
    "rounding": "{stated}，{table}为 {value} 万元{where}，相差 {diff}（四舍五入尾差）",
    "below_general": "情况说明称财政拨款收入支出总计 {value} 万元{where}，小于其中的一般公共预算财政拨款支出 {low} 万元{low_where}",
    "share": "情况说明称 {part} 万元占 {whole} 万元的 {printed}%，按金额计算为 {computed:.2f}%{where}",
    "completion": "情况说明称完成预算的 {printed}%，按决算 {actual} ÷ 预算 {budget} 计算为 {computed:.2f}%{where}",
}


@check("narrative_vs_table", WORDING)
def narrative_vs_table(ctx):
    seen = set()
    for p in ctx.prose:
        for key, a in _statements(p, ctx.info.doc_kind):
            scope = scope_of(p, a.start)
            if not _applies(key, p, a.start) or (key, scope, a.value, a.role) in seen:
                continue
            seen.add((key, scope, a.value, a.role))
            if key == "appropriation_total":
                yield _appropriation_bound(ctx, a)
                continue
            col = "budget" if a.role == "budget" or (a.role == "plain" and ctx.info.doc_kind == "budget") else "actual"
            got = table_value(ctx.facts, key, col, scope)
            if not got:
                continue
            value, page, where = got
            row, column, _ = table_row(ctx.facts, key, scope)
            yield _compare_stated(_what(key, col), a, value, page, where,
                                  _ref_of(row, column or col, f"{where} {_what(key, col)}"))


def _ref_of(row: dict, col: str, label: str) -> Ref:
    """The table cell a statement is compared with (one a sum of cells when the table prints no total)."""
    for table, keys in (("expenditure_function", ("fund", "code")), ("summary", ("side", "item")),
                        ("sangong", ("item",))):
        if all(k in row for k in keys):
            return cell(table, row, col, label)
    return Ref(("sum", label, row["page"]), label, row["page"], row)


def _what(key: str, col: str) -> str:
    if key.startswith("sg_"):
        return f"{_WHAT[key]}{'预算数' if col == 'budget' else '决算数'}"
    return _WHAT[key]


def _compare_stated(what: str, a: Amount, table: Decimal | None, table_page, where: str,
                    table_ref: Ref | None = None) -> Finding | None:
    stated = WORDING["stated"].format(what=what, value=fmt(a.value), where=page_ref(a.page))
    facts = (printed_line(a.page, a.where), table_ref and table_ref.fact)
    if table is None:
        if a.value == 0:
            return None  # a table printed blank and a narrative saying 0 agree
        return finding("warning", WORDING["blank"].format(stated=stated, table=where, where=page_ref(table_page)),
                       a.page, None, a.value, kind=MISSING, facts=facts)
    severity = _judge(a, table)
    if severity is None:
        return None
    template = WORDING["rounding"] if severity == "info" else WORDING["differs"]
    found = finding(severity, template.format(stated=stated, table=where, value=fmt(table), where=page_ref(table_page),
                                              diff=fmt(abs(a.value - table))),
                    a.page, table, a.value, other_page=table_page, subject=what, facts=facts)
    slack = tolerance(a.places)
    found.figures = [amount_ref(f"情况说明所称{what}", a).should(a.value, table, slack)] + (
        [table_ref.should(table, a.value, slack)] if table_ref else [])
    return found


def amount_ref(label: str, a: Amount) -> Ref:
    """A narrative amount as a figure: the same amount on the same page is one figure for every check."""
    return stated_ref(label, a.value, a.page, a.where)


def _appropriation_bound(ctx, a: Amount) -> Finding | None:
    """财政拨款收入支出总计 is at least the general-budget expenditure it includes."""
    row = _one(ctx.facts.get("expenditure_function"), fund="general", code="total")
    low = row["total"] if row else None
    if low is None or a.value >= low - tolerance(a.places) - CENT:
        return None
    return finding("error", WORDING["below_general"].format(value=fmt(a.value), where=page_ref(a.page), low=fmt(low),
                                                             low_where=page_ref(row["page"])), a.page, low, a.value, other_page=row["page"],
                   facts=(printed_line(a.page, a.where), row))


@lru_cache(maxsize=4096)
def _norm_name(name: str) -> str:
    return re.sub(r"[（(][类款项][)）]|支出|\s|^[（(]?[一二三四五六七八九十\d]+[)）、.．]", "", name)


def class_rows(f, scope: str) -> tuple[dict[str, dict], str]:
    """The 类 rows of a fund by name, and the table they are printed in: its 功能分类 table, or for all
    funds the 收支总表's expense lines by 类 where the report prints no all-funds table by 类 (江苏)."""
    rows = {_norm_name(r["name"] or ""): r for r in function_rows(f, scope) if r["level"] == 1}
    if rows or scope != ALL:
        return rows, _TABLE_OF[scope]
    lines = {_norm_name(r["item"] or ""): r | {"total": r["amount"], "code": None, "name": r["item"]}
             for r in f.get("summary", side="expense")}
    return {k: v for k, v in lines.items() if k}, "收入支出总表"


_LEVEL_MARK = re.compile(r"([^（(）)：:，,。；;、]+?)[（(]([类款项])[)）]")
_LEVELS = {"类": 1, "款": 2, "项": 3}


def item_words(p: Passage, pos: int, found: list[Amount]) -> str:
    """The words that name the figure at pos: back to the figure before it or the sentence's start."""
    prev = max((a.end for a in found if a.end <= pos), default=0)
    run = max((m.end() for m in re.finditer(r"[。；;]", p.text[:pos])), default=0)
    return p.text[max(prev, run):pos]


def named_row(f, scope: str, words: str) -> tuple[dict, str] | None:
    """The 功能分类 row a narrative's words name in a fund, and its table: '政协事务（款）行政运行（项）' walks
    down from the 款 to the 项 under it; a bare name is a 类 ('一般公共服务支出 1604.99 万元'). None where
    the words name no row or more than one."""
    marks = _LEVEL_MARK.findall(words)
    if marks and any(level != "类" for _, level in marks):
        rows, parent = function_rows(f, scope), None
        for name, level in marks:
            want = _norm_name(name)
            found = [r for r in rows if r["level"] == _LEVELS[level] and _norm_name(r["name"] or "") == want
                     and (parent is None or r["code"].startswith(parent["code"]))]
            if len(found) != 1:
                return None
            parent = found[0]
        return parent, _TABLE_OF[scope]
    name = _norm_name(marks[-1][0] if marks else _CLAUSE_START.split(words)[-1])
    by_name, where = class_rows(f, scope)
    return (by_name[name], where) if name in by_name else None


@check("narrative_classes", WORDING)
def narrative_classes(ctx):
    """'一般公共服务（类）支出 1604.99 万元', '政协事务（款）行政运行（项）4,432.78 万元' → the row of that name in
    the fund the sentence speaks of."""
    seen = set()
    wanted = ("plain", "actual" if ctx.info.doc_kind == "final" else "budget")
    for p in ctx.prose:
        found = amounts(p)
        for a in found:
            if a.role not in wanted or _ASIDE.search(p.context):
                continue
            scope = scope_of(p, a.start)
            named = named_row(ctx.facts, scope, item_words(p, a.start, found))
            if named is None or (scope, id(named[0]), a.value) in seen:
                continue
            row, where = named
            seen.add((scope, id(row), a.value))
            what = f"{row['name']}（{row['code']}）" if row["code"] else row["name"]
            ref = cell("expenditure_function", row, "total", f"{where} {what}") if row["code"] else \
                cell("summary", row, "amount", f"{where} {what}")
            yield _compare_stated(what, a, row["total"], row["page"], where, ref)


def _percent_judge(printed: Decimal, places: int, computed: Decimal, slack: Decimal) -> str | None:
    """A printed percentage against the one its amounts give, allowing the amounts' own rounding (slack):
    None when it rounds to the printed one; 'info' when the printed one is a unit of its last digit off
    (63.75% for 63.74%: truncated, or rounded from a figure of more places); else 'error'."""
    step = Decimal(1).scaleb(-places)
    rounded = {(computed + d).quantize(step, rounding=ROUND_HALF_UP) for d in (-slack, 0, slack)}
    if printed in rounded:
        return None
    return "info" if min(abs(printed - r) for r in rounded) <= step else "error"


def _slack(part: Amount, whole: Amount) -> Decimal:
    """How far part/whole×100 can move when both amounts are rounded as printed."""
    if whole.value == 0:
        return Decimal(0)
    return 100 * (tolerance(part.places) / whole.value + part.value * tolerance(whole.places) / whole.value ** 2)


def _lead(p: Passage, found: list[Amount]) -> Amount | None:
    """The amount a passage is about: the first one before '其中 / 主要用于'."""
    cut = _LEAD_END.search(p.text)
    first = next((a for a in found if a.role != "change"), None)
    return first if first and (cut is None or first.start < cut.start()) else None


@check("narrative_shares", WORDING)
def narrative_shares(ctx):
    """'基本支出 2336.91 万元，占 79.49%' of the passage's lead amount; '占本年支出合计的 …%' of that total as
    stated; '占“三公”经费的 20.65%' or a 类's '占 71.73%' where the sentence does not repeat its base, of the
    printed total (the 三公 table's 小计, the fund's 合计)."""
    lead, heading, stated = None, None, {}
    for p in ctx.prose:
        found = amounts(p)
        if p.heading != heading:
            heading, lead = p.heading, None
        lead = _lead(p, found) or lead
        here = dict(_statements(p, ctx.info.doc_kind))
        for key in _TOTALS & here.keys():
            stated.setdefault(key, here[key])
        for m in _SHARE.finditer(p.text):
            part = next((a for a in reversed(found) if a.end <= m.start() and m.start() - a.end <= 3), None)
            if part is None or part.role == "change":
                continue
            base_words = m.group("base").strip()
            named = next(iter(label_marks(base_words)), None) if base_words else None
            whole = (here.get(named.lastgroup) or stated.get(named.lastgroup)) if named else (
                None if base_words else lead)
            whole_ref = None
            if whole is None and (named or not base_words):
                whole, whole_ref = _printed_base(ctx, p, part, found, named.lastgroup if named else None)
            if whole is None or whole is part or whole.value == 0:
                continue
            raw = m.group("pct")
            printed = Decimal(raw)
            places = len(raw.split(".")[1]) if "." in raw else 0
            computed = part.value / whole.value * 100
            severity = _percent_judge(printed, places, computed, _slack(part, whole))
            if severity:
                bad = finding(severity, WORDING["share"].format(part=fmt(part.value), whole=fmt(whole.value), printed=raw,
                                                                 computed=computed,
                                                                 where=page_ref(part.page, whole.page)),
                              part.page, computed.quantize(CENT), printed, subject=f"{raw}%",
                              other_page=whole.page if whole_ref else None,
                              facts=(printed_line(part.page, p.where_at(m.start())), printed_line(part.page, part.where),
                                     printed_line(whole.page, whole.where)))
                bad.figures = share_figures(part, whole, printed, places, computed, whole_ref)
                yield bad


def _printed_base(ctx, p: Passage, part: Amount, found: list[Amount], key: str | None):
    """(the whole as an Amount, its cell) a share is of when the narrative does not state it: the named
    total as the tables print it ('占“三公”经费的…' → the 三公 table's 小计), or for a 三公 item or a 类 named
    with no base, the 三公 total or its fund's 合计."""
    scope = scope_of(p, part.start)
    col = "actual" if part.role == "actual" or (part.role == "plain" and ctx.info.doc_kind == "final") else "budget"
    if key is None:
        item = _key_before_share(p.text, part.start)
        if item and item.startswith("sg_") and item != "sg_total":
            key = "sg_total"
        elif item is None and (named := named_row(ctx.facts, scope, item_words(p, part.start, found))) \
                and named[0].get("level") == 1 and named[0].get("code"):
            key = "general_total" if scope == GENERAL else None
            row = _one(function_rows(ctx.facts, scope), code="total")
            if key is None and row is not None and row["total"] is not None:
                return _as_amount(row["total"], row), cell("expenditure_function", row, "total",
                                                                    f"{_TABLE_OF[scope]} 合计")
    if key is None:
        return None, None
    got = table_row(ctx.facts, key, scope)
    if not got or got[0][got[1] or col] is None:
        return None, None
    row, column, where = got
    return _as_amount(row[column or col], row), _ref_of(row, column or col, f"{where} {_what(key, col)}")


def _key_before_share(text: str, pos: int) -> str | None:
    """The statement key named last before pos in its clause run."""
    run = max((m.end() for m in re.finditer(r"[。；;]", text[:pos])), default=0)
    marks = label_marks(text, run, pos)
    return marks[-1].lastgroup if marks else None


def _as_amount(value, row: dict) -> Amount:
    """A table's figure of a row, as the whole of a share (two places, as the tables print)."""
    return Amount(value, 2, "plain", -1, -1, row["page"], where_of(row))


def share_figures(part: Amount, whole: Amount, printed: Decimal, places: int, computed: Decimal,
                  whole_ref: Ref | None = None) -> list:
    """A share that does not compute: the percentage should be the ratio, or the part what the printed
    percentage of the whole is, or the whole what the part is that percentage of."""
    half = tolerance(places)
    figures = [stated_ref(f"情况说明所称占比", printed, part.page).should(printed, computed, _slack(part, whole) + half)]
    figures.append(amount_ref("情况说明所称金额", part).should(
        part.value, printed * whole.value / 100, half * whole.value / 100 + tolerance(part.places)))
    if printed > half:
        lo, hi = part.value * 100 / (printed + half), part.value * 100 / (printed - half)
        figures.append((whole_ref or amount_ref("情况说明所称金额", whole)).should(
            whole.value, (lo + hi) / 2, (hi - lo) / 2 + tolerance(whole.places)))
    return figures


@check("narrative_completion", WORDING)
def narrative_completion(ctx):
    covered = {(r["budget"], r["actual"]) for r in ctx.facts.get("budget_execution")}
    for p in ctx.prose:
        found = amounts(p)
        since = 0
        for m in _COMPLETION.finditer(p.text):
            seg = [a for a in found if since <= a.start < m.start()]
            since = m.end()
            budget = next((a for a in reversed(seg) if a.role == "budget"), None)
            actual = next((a for a in reversed(seg) if a.role == "actual"), None)
            if not budget or not actual or budget.value == 0 or (budget.value, actual.value) in covered:
                continue
            raw = m.group(1) or m.group(2)
            places = len(raw.split(".")[1]) if "." in raw else 0
            computed = actual.value / budget.value * 100
            severity = _percent_judge(Decimal(raw), places, computed, _slack(actual, budget))
            if severity:
                yield finding(severity, WORDING["completion"].format(printed=raw, actual=fmt(actual.value),
                                                                      budget=fmt(budget.value), computed=computed,
                                                                      where=page_ref(actual.page)),
                              actual.page, computed.quantize(CENT), Decimal(raw),
                              facts=(printed_line(actual.page, p.where_at(m.start())),
                                     printed_line(actual.page, actual.where), printed_line(budget.page, budget.where)))

"""Locating tables in a Document: each table's kind from what it holds, and the parsers and narrative
readers attached to kinds.

The kinds are data (catalogue.py). A document's tables are first cut into tables as printed: a table
block with a title above it (the nearest short line ending in 表 on its page or at the foot of the page
before, never a 目录 line) starts a table; a block with no title of its own continues the table before
it (its next page), unless prose stands between them or its own header or content shows another
table. Then each table is known by its content (recognise.py: header words, codes and labels of its
rows), the title's words choosing among the kinds of that shape (a fund, 机关运行经费 …); a title that
names a kind of another shape is not this table's title. A table whose content shows nothing a kind
holds is named by its title alone (an empty table, its header only). Every table of figures that no
parser reads is listed with why.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Callable

from . import recognise
from .catalogue import CATALOGUE, Kind, by_shape
from ..document import Block, Document
from ..identity.identify import field_unit
from .tables import LocatedTable, own_unit_scale, scale_from
from .titles import normalise_title
from ..vocabulary import DOC_KINDS, LAYOUT

_DISTINCT = ("单位", "本级", "一般公共预算", "财政拨款", "政府性基金", "国有资本")
_TITLE_END = re.compile(r"表([（(][^（）()]{1,14}[)）])*$")
_TABLE_NOTES = ("注", "说明", "备注", "本表")  # the notes a table prints under itself
_NOT_TITLES = _TABLE_NOTES + ("续表",)
_CONTINUED = re.compile(r"[（(]续表?[)）]|^续表?")
_TOC_HEADING = re.compile(r"^目\s*录$")
_LEADERS = re.compile(r"(\.{4,}|…{2,}|·{4,}|-{4,})\s*\d*$|\S\s{2,}\d{1,3}$")
_FIELD = re.compile(r"(编制单位|单位名称|部门名称|预算单位|主管部门|部门|单位)\s*[:：]")
_FUND_WORDS = re.compile("一般公共预算|政府性基金|国有资本|财政拨款")
_APPROPRIATION = "财政拨款"
_SCOPE = re.compile("基本支出|项目支出|人员经费|公用经费")

KINDS: dict[str, Kind] = {k.name: k for k in CATALOGUE}
PARSERS: dict[str, Callable] = {}  # kind name → parse(table: LocatedTable, facts, info) -> None
NARRATIVES: list[Callable] = []  # narrative(doc, facts, info) -> None, run after the tables
FALLBACKS: list[Callable] = []  # the same, run after every narrative: prose read only when no table gave it
DERIVED: list[Callable] = []  # derive(facts, info) -> None: facts that follow from the tables' facts, run after them


def reads(kind_name: str, parse: Callable) -> Callable:
    """Attach a parser to a catalogue kind."""
    if kind_name not in KINDS:
        raise KeyError(f"no table kind {kind_name!r} in the catalogue")
    PARSERS[kind_name] = parse
    return parse


@lru_cache(maxsize=None)
def _patterns(kind_name: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(t) for t in KINDS[kind_name].titles)


def match_length(kind: Kind, title: str) -> int:
    """Length of the longest title pattern match in a normalised title (0 = no match)."""
    return max((m.end() - m.start() for p in _patterns(kind.name) if (m := p.search(title))), default=0)


def narrative(func: Callable) -> Callable:
    NARRATIVES.append(func)
    return func


def derived(func: Callable) -> Callable:
    DERIVED.append(func)
    return func


def fallback(func: Callable) -> Callable:
    FALLBACKS.append(func)
    return func


@lru_cache(maxsize=8192)
def title_kind(line: str, doc_kind: str | None) -> Kind | None:
    """The registered kind this line names as a title, the most specific match winning."""
    norm = normalise_title(line)
    if not norm or len(norm) > LAYOUT.max_title_len or not _TITLE_END.search(norm):
        return None  # a line naming a table mid-sentence ('…基本支出预算表”中…填写）') is no title
    best, best_len = None, 0
    for kind in KINDS.values():
        if doc_kind and doc_kind not in kind.doc_kinds:
            continue
        n = match_length(kind, norm)
        if n > best_len:
            best, best_len = kind, n
    return best


def is_prose(line: str) -> bool:
    return len(line) >= LAYOUT.prose_len and any(p in line for p in "。；，")


def is_note(line: str) -> bool:
    """A note printed under a table ('注：本表反映…', '说明：…'): a sentence, but not the narrative's."""
    return line.lstrip().startswith(_TABLE_NOTES)


def is_title(line: str) -> bool:
    """A line that names a table: short, no sentence, ending in 表 (a qualifier or （续） after it aside)
    once its numbering and 公开NN表 marks are dropped."""
    norm = normalise_title(line)
    return 2 < len(norm) <= LAYOUT.max_title_len and _TITLE_END.search(norm) is not None and not is_prose(line) \
        and not norm.startswith(_NOT_TITLES)


def _continued(title: str) -> str:
    """A title without its continuation mark: '支出决算表（续）' → '支出决算表'."""
    return _CONTINUED.sub("", normalise_title(title))


@dataclass
class _Printed:
    """One table as printed: its title line, the lines between title and table, its rows and pages."""
    title: str
    context: list[str]
    scale: Decimal
    rows: list[list[str]] = field(default_factory=list)
    pages: list[int | None] = field(default_factory=list)
    columns: list = field(default_factory=list)  # where each row's grid has its columns (PDF)
    where: list = field(default_factory=list)  # each row's position as read (Block.where)
    header: set[str] = field(default_factory=set)  # the header words of its first block
    amid_prose: bool = False  # no title, right under a sentence of the narrative: a table inside it

    def add(self, rows: list[list[str]], page: int | None, where: list, columns: tuple | None = None) -> None:
        self.rows.extend(rows)
        self.pages.extend([page] * len(rows))
        self.where.extend(where)
        self.columns.extend([columns] * len(rows))


@dataclass
class Unread:
    """A table of figures no parser reads, and why (shown by `python -m loaders tables`); kind is the
    catalogue kind it was known as (a 收入决算表 the rules require but no parser reads), None if none."""
    page: int | None
    title: str
    rows: int
    reason: str
    kind: str | None = None


def locate(doc: Document, doc_kind: str | None, default_scale: Decimal) -> tuple[list[LocatedTable], list[Unread]]:
    """The document's tables of registered kinds (continuation pages joined), and the tables of figures
    no parser reads."""
    found: list[LocatedTable] = []
    unread: list[Unread] = []
    tables = _printed_tables(doc, default_scale)
    fields = [field_unit(p.context) for p in tables]
    report_unit = Counter(f for f in fields if f).most_common(1)[0][0] if any(fields) else None
    for printed, unit in zip(tables, fields):
        content = recognise.read(printed.rows)
        kind, title, why = _kind_of(printed.title, content, doc_kind)
        if printed.amid_prose:  # the narrative's own tables repeat or explain figures: never a report table
            kind, why = None, "正文中没有标题的表格，不读取"
        elif kind is not None and unit not in (None, report_unit) and any(t.kind == kind.name for t in found):
            kind, why = None, f"{unit}的{kind.label}（报告已读取{report_unit}的这张表），不读取"  # a unit's own table
        elif kind is not None and kind.columnar and not title and any(t.kind == kind.name for t in found):
            # a general or fund table, or a 经济分类 table of 项目支出: the title that told it apart is not printed
            said = "看不出资金来源" if kind.fund else "看不出是哪一张"
            kind, why = None, f"又一张没有标题的{kind.label}：{said}，不读取"
        if kind is not None and kind.name in PARSERS:
            found.append(LocatedTable(kind=kind.name, title=title, rows=printed.rows, pages=printed.pages,
                                      where=printed.where, columns=printed.columns, context=printed.context,
                                      scale=printed.scale, printed_title=printed.title))
        elif content.figures:
            if kind is not None:
                why = f"识别为{kind.label}，数据库中没有对应的表，不读取"
            unread.append(Unread(next((p for p in printed.pages if p is not None), None), printed.title,
                                 len(printed.rows), why, kind.name if kind else None))
    return found, unread


def _kind_of(title: str, content: recognise.Content, doc_kind: str | None) -> tuple[Kind | None, str, str]:
    """(kind, title, why not known): the shape of the content and the title's words (a qualifier they
    hold, else the kind the title names); the title alone when the content shows no shape. A title
    naming a kind of another shape is not this table's title (a 目录 line, a heading above it) and is
    dropped, though its words still qualify."""
    shape = recognise.shape_of(content)
    named = title_kind(title, doc_kind) if title else None
    if shape is None:
        if named is not None:
            return named, title, ""
        said = f"，标题“{title}”不是已知的表" if title else "，也没有标题"
        return None, title, f"表头和各行不像任何已知的表{said}"
    if named is not None and named.shape is None:
        return named, title, ""  # a table its title alone names (政府采购, 国有资产), whatever columns it prints
    words = _title_qualifier(title, content, shape) if title else _header_qualifier(content, shape)
    kind = by_shape(shape, doc_kind, words)
    if named is not None and named.shape == shape and (kind is None or kind.qualifier is None):
        return named, title, ""  # no word of the title qualifies: its kind by its title patterns
    if named is not None and named.shape != shape:
        title = ""
    if kind is None:
        return None, title, f"内容为{recognise.SHAPES[shape]}，{DOC_KINDS.get(doc_kind, '此类')}报告中不读取这种表"
    return kind, title, ""


def _title_qualifier(title: str, content: recognise.Content, shape: str) -> str:
    """The words qualifying a titled table: its title's, and for a 经济分类 table the spending its amount
    columns name (基本支出 | 项目支出 side by side: not the 基本支出 table whatever the title says)."""
    words = normalise_title(title)
    return f"{words} {' '.join(_SCOPE.findall(content.amount_header))}" if shape == "economic" else words


def _header_qualifier(content: recognise.Content, shape: str) -> str:
    """The words qualifying a table without a title: the fund its header names in its first row that names
    one ('一般公共预算支出' over 合计 | 基本支出 | 项目支出, '财政拨款收入 | 财政拨款支出'; none when it names several:
    columns by fund), '财政拨款' for two sides of appropriations only (columns by fund, or income lines that
    are funds and no other source), and but for a 功能分类 table (whose columns say 基本支出 and 项目支出) its
    amount columns' words ('机关运行经费支出')."""
    if shape == "two_sided" and recognise.appropriations_only(content):
        return _APPROPRIATION
    fund = ""
    for row in content.header:
        named = [c for c in row if _FUND_WORDS.search(c)]
        if named:
            funds = {m.group() for c in named for m in _FUND_WORDS.finditer(c)} - {_APPROPRIATION}
            fund = " ".join(named) if len(funds) <= 1 else ""
            break
    return fund if shape == "function" else f"{content.amount_header} {fund}"


def _printed_tables(doc: Document, default_scale: Decimal) -> list[_Printed]:
    """The document's table blocks cut into tables as printed (see the module docstring)."""
    out: list[_Printed] = []
    current: _Printed | None = None
    context: list[Block] = []
    toc = _toc_lines(doc.blocks)
    for block in doc.blocks:
        if not block.is_table:
            context.append(block)
            continue
        rows, where = list(block.rows), list(block.where or [None] * len(block.rows))
        title, at = _title_above(context, block.page, toc)
        if title is None and rows and len(first := [c for c in rows[0] if c]) == 1 and is_title(first[0]):
            # a title printed inside the table's first row
            title, at, rows, where = first[0], len(context), rows[1:], where[1:]
        lines = [b.text for b in context]
        after = lines[at + 1:] if at is not None else lines
        if after and rows and recognise.side_heading([after[-1]]):  # '收入' / '支出' printed above its side's grid
            rows = [[after[-1]] + [""] * (len(rows[0]) - 1)] + rows
            where = [context[-1].where[0] if context[-1].where else None] + where
        if current is not None and _continues(current, title, rows, lines):
            current.context.extend(after if title else [])
        else:
            current = _Printed(title or "", after, scale_from(lines, own_unit_scale(rows, default_scale)),
                               header=_words(recognise.header(rows)),
                               amid_prose=not title and bool(lines) and is_prose(lines[-1]) and not is_note(lines[-1]))
            out.append(current)
        current.add(rows, block.page, where, block.columns)
        context = []
    return out


def _continues(current: _Printed, title: str | None, rows: list[list[str]], lines: list[str]) -> bool:
    """Whether a table block continues the table before it: no prose between them, and either the same
    title printed again ('…（续）', or shortened), or no title and no header of other words than the
    table's own (a next page prints its header again, perhaps with fewer columns, or none; words run
    onto its top without a column word are no header: '出', '结余分配'), or a 收支总表's 支出 side printed
    as a table of its own under its 收入 side. A form's next page starts with words of its own; a table whose
    frame names another unit than the table before is never its next page."""
    if any(is_prose(line) for line in lines):
        return False
    unit = field_unit(lines)
    if unit is not None and unit != (field_unit(current.context) or unit):
        return False  # another unit's table under the same title
    if title:
        return bool(current.title) and _continued(current.title) == _continued(title) \
            or (same_title(current.title, title) and title_kind(title, None) is not None
                and title_kind(title, None) is title_kind(current.title, None))
    if rows and recognise.side_heading(rows[0]) == "expense" and current.rows \
            and recognise.side_heading(current.rows[0]) == "income":
        return True  # a 收支总表's 支出 side printed as a table of its own under its 收入 side
    header = recognise.header(rows)
    if not recognise.column_words(header) or all(_known(w, current.header) for w in _words(_column_rows(header))):
        return True  # no header of its own, or the table's header again (cells merged or split, a column fewer)
    kind = title_kind(current.title, None) if current.title else None
    return (kind is not None and not kind.columnar) or recognise.shape_of(recognise.read(current.rows)) == "performance"


def _column_rows(header: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The header rows down to the last one naming a column: a label run on below them (the rest of the last
    name of the page before) is no header word."""
    named = [i for i, row in enumerate(header) if any(c and recognise.COLUMN_WORD.search(c) for c in row)]
    return header[:named[-1] + 1] if named else header


def _known(word: str, header: set[str]) -> bool:
    """A header word the table's own header prints, whole, within a longer cell or around a shorter one."""
    return any(word in h or (len(h) > 1 and h in word) for h in header)


def _words(header) -> set[str]:
    return {c for row in header for c in row if c}


def same_title(first: str, other: str) -> bool:
    """Two titles of one kind name one table (a title repeated, perhaps shortened, on a continuation
    page) unless they name another level or fund: a 单位 table after the 部门 one, a 一般公共预算 table
    beside an all-funds one."""
    return [w in first for w in _DISTINCT] == [w in other for w in _DISTINCT]


def _toc_lines(blocks: list[Block]) -> set[int]:
    """The ids of the blocks that are 目录 lines: lines with dot leaders or a page number after a gap, and
    every line from a '目录' heading to the end of its page, the first table or sentence, or the first
    line that repeats an entry (the body printing its first title, in a text export without pages)."""
    out: set[int] = set()
    reading, toc_page, entries = False, None, set()
    for b in blocks:
        text = "" if b.is_table else b.text.strip()
        if reading and (b.is_table or is_prose(text) or (b.page is not None and b.page != toc_page)
                        or normalise_title(text) in entries):
            reading = False
        if b.is_table:
            continue
        if _TOC_HEADING.match(text):
            reading, toc_page, entries = True, b.page, set()
        if reading or _LEADERS.search(text):
            out.add(id(b))
            entries.add(normalise_title(text))
    return out


def _title_above(context: list[Block], page: int | None, toc: set[int]) -> tuple[str | None, int | None]:
    """(title line, its index in context) for a table: the nearest title line above it on its page
    (or at the foot of the page before), a title wrapped over two lines joined; (None, None)."""
    recent = context[-LAYOUT.title_lookback:]
    offset = len(context) - len(recent)
    for back, block in enumerate(reversed(recent)):
        line = block.text
        if is_prose(line) or (page is not None and block.page is not None and block.page < page - 1):
            break
        at = len(recent) - 1 - back
        if id(block) in toc:
            continue
        before = recent[at - 1].text if at > 0 and id(recent[at - 1]) not in toc else ""
        if before and not is_prose(before) and not is_title(before) and not _FIELD.search(before):
            wrapped = title_kind(before + line, None)  # a title wrapped over two lines
            if wrapped is not None and title_kind(line, None) is not wrapped and is_title(before + line):
                return before + line, offset + at
        if is_title(line):
            return line, offset + at
    return None, None

"""Locating tables in a Document by title, and the parsers and narrative readers attached to kinds.

The kinds themselves are data (catalogue.py); a parser attaches to a kind by name (reads). Tables are
found by what their title says, never by position: the nearest short line above a table that names
a kind names the table; a table with no title of its own, right after one, continues it (the next
page of it); a title of a kind no parser reads ends the table before it.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Callable

from .catalogue import CATALOGUE, Kind
from .document import Document
from .tables import LocatedTable, own_unit_scale, scale_from
from .vocabulary import LAYOUT

_NUMBERING = re.compile(r"^(附表|附件)?[0-9一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十0-9]+[)）]")
_NOISE = re.compile(r"[“”\"'‘’「」\s]|（?公开\s*\d+\s*表）?|（?预算\s*\d+\s*表）?|（?表\s*\d+）?|部门公开表\d+|单位公开表\d+")
_TABLE_NUMBER = re.compile(r"^(?:附表|附件|公开表|预算表|决算表|表)\s*(?:\d+(?:[-—－.．]\d+)*|[一二三四五六七八九十]+(?=[、.．:：\s]))"
                           r"[、.．:：]?\s*|^\d+(?:[-—－]\d+)+[、.．:：]?\s*")
_NUMBER_SUFFIX = re.compile(r"[（(](?:公开|预算|决算)?表?[0-9一二三四五六七八九十]+(?:[-—－]\d+)?表?[)）]$")
_QUALIFIER = re.compile(r"表[（(]按?([^()（）]{1,10})[)）]$")
_DISTINCT = ("单位", "本级", "一般公共预算", "财政拨款", "政府性基金", "国有资本")

KINDS: dict[str, Kind] = {k.name: k for k in CATALOGUE}
PARSERS: dict[str, Callable] = {}  # kind name → parse(table: LocatedTable, facts, info) -> None
NARRATIVES: list[Callable] = []  # narrative(doc, facts, info) -> None, run after the tables
FALLBACKS: list[Callable] = []  # the same, run after every narrative: prose read only when no table gave it


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


def fallback(func: Callable) -> Callable:
    FALLBACKS.append(func)
    return func


@lru_cache(maxsize=8192)  # the same lines are asked about by the locator and by several checks
def normalise_title(line: str) -> str:
    """A title without quotes, spaces, table numbers ('附表1-1', '表一、', '3-1', '（表一）', '公开01表')
    and a qualifier that says what the title implies."""
    s = _NOISE.sub("", _TABLE_NUMBER.sub("", line.strip()))
    s = _NUMBERING.sub("", s)
    s = _NUMBER_SUFFIX.sub("", s)
    return _drop_qualifier(s)


def _drop_qualifier(title: str) -> str:
    """'一般公共预算支出预算表(按功能科目)' or '…表（功能科目）' → '…支出预算表': a trailing qualifier is dropped when it
    says what the title already implies (功能 for a 支出 table, 经济 for a 基本支出/经济 one); a title
    qualified 按经济科目 without saying so stays as printed, not read as a 功能分类 table."""
    m = _QUALIFIER.search(title)
    if not m:
        return title
    rest = title[:m.start()]
    if "功能" in m.group(1) or ("经济" in m.group(1) and ("基本支出" in rest or "经济" in rest)):
        return rest + "表"
    return title


@lru_cache(maxsize=8192)
def title_kind(line: str, doc_kind: str | None) -> Kind | None:
    """The registered kind this line names as a title, the most specific match winning."""
    norm = normalise_title(line)
    if not norm or len(norm) > LAYOUT.max_title_len:
        return None
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


def _names_other_table(line: str) -> bool:
    """A short line ending in 表 that no kind claims: the title of a table we do not read.

    The table under it is not a continuation of the one before ('收入决算表' after the 总表)."""
    norm = normalise_title(line)
    return 2 < len(norm) <= LAYOUT.max_other_title and norm.endswith("表") and not norm.startswith("续")


def locate(doc: Document, doc_kind: str | None, default_scale: Decimal) -> tuple[list[LocatedTable], int]:
    """Group the document's tables into located tables of registered kinds.

    Returns the located tables (continuations joined) and the count of tables that matched no kind."""
    found: list[LocatedTable] = []
    current: LocatedTable | None = None
    context: list[str] = []
    unknown = 0
    for block in doc.blocks:
        if not block.is_table:
            context.append(block.text)
            continue
        rows = block.rows
        kind, title, title_at = _title_for(context, rows, doc_kind)
        if kind is not None and kind.name not in PARSERS:  # a table the rules name but no parser reads
            unknown += 1
            current = None
            context = []
            continue
        if kind is not None:
            after_title = context[title_at + 1:] if title_at is not None else context
            prose_between = any(is_prose(c) for c in context)
            if current is not None and current.kind == kind.name and not prose_between \
                    and same_title(current.title, title):
                current.context.extend(after_title)  # repeated title on a continuation page
            else:
                current = LocatedTable(kind=kind.name, title=title, context=list(after_title),
                                       scale=scale_from(context, own_unit_scale(rows, default_scale)))
                found.append(current)
        elif current is not None and not any(is_prose(c) or _names_other_table(c) for c in context[-LAYOUT.title_lookback:]):
            pass  # a continuation page: same table, no new title
        else:
            unknown += 1
            current = None
            context = []
            continue
        current.rows.extend(rows)
        current.pages.extend([block.page] * len(rows))
        current.columns.extend([block.columns] * len(rows))
        context = []
    return found, unknown


def same_title(first: str, other: str) -> bool:
    """Two titles of one kind name one table (a title repeated, perhaps shortened, on a continuation
    page) unless they name another level or fund: a 单位 table after the 部门 one, a 一般公共预算 table
    beside an all-funds one."""
    return [w in first for w in _DISTINCT] == [w in other for w in _DISTINCT]


def _title_for(context: list[str], rows: list[list[str]], doc_kind: str | None):
    """(kind, title line, index in context) for a table: the nearest title line above it,
    or a title printed inside the table's first row."""
    first = [c for c in rows[0] if c] if rows else []
    if len(first) == 1:
        kind = title_kind(first[0], doc_kind)
        if kind:
            del rows[0]
            return kind, first[0], None
    recent = context[-LAYOUT.title_lookback:]
    for back, line in enumerate(reversed(recent)):
        if is_prose(line):
            break
        at = len(recent) - 1 - back
        before = recent[at - 1] if at > 0 else ""
        fragment = before and not is_prose(before) and not normalise_title(before).endswith("表")
        wrapped = before + line if fragment else None
        for title in ([wrapped] if wrapped else []) + [line]:
            kind = title_kind(title, doc_kind)
            if kind and (title is line or title_kind(line, doc_kind) is not kind):
                return kind, title, len(context) - 1 - back
    return None, "", None

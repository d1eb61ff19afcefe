"""The 目录: every table and section it lists is in the report; a table missing from it is said.

The 目录 is the run of short lines after a line reading 目录, up to where an entry is printed again
(the body starts), prose begins or a page starts with an unnumbered line; page numbers, dot leaders and list dashes are dropped, and a line
continuing a wrapped entry ('…支出预算' / '表') is joined to it. A listed table is present when a line
of the body (or a line joined with the next) prints its title, numbering, year and unit name aside; a
section when the body prints its words (说明, 情况 and 的 aside, which reports drop or add).
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from ..prose import squeeze
from ..locate.titles import normalise_title
from .base import MISSING, check, finding, page_ref, printed_line
from .completeness import COMPANION

_TOC = re.compile(r"^目录$")
_NUMBERED = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_TRAILER = re.compile(r"[.．…·\-—\s]*\d*$")
_LEADER = re.compile(r"^[-–—·•]+")
_PROSE = re.compile(r"[。；;，,：:]")
_ENTRY_LEN = 40
_MAX_ENTRIES = 80
_TABLE_LEVELS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营", "基本", "项目")
_SECTION_FILLER = re.compile(r"的|情况|说明|部门|单位|[（()）]")  # words sections drop, add or swap (单位/部门)
_PART = re.compile(r"^(部门|单位)*(预算|决算)报?表$")  # '第二部分 2023年度单位决算表': a part, not a table
_ANNEX = re.compile(r"^附[件表]\d*[：:]")  # '附件：某某局2026年度部门预算表' heading the list of tables
_TABLE_LIKE = 0.8  # a title printed with a word more or less ('政府性基金（财政拨款）支出预算表')
_SECTION_LIKE = 0.7


@lru_cache(maxsize=8192)
def _norm(text: str, unit: str) -> str:
    s = normalise_title(squeeze(text)).lstrip("：:")
    s = re.sub(r"^第[一二三四五六七八九十]+部分", "", s)
    if unit:
        s = s.replace(unit, "")
    return re.sub(r"20\d\d年度?", "", s)


def read_toc(lines: list[tuple[str, int | None]], unit: str) -> tuple[list[tuple[str, int | None, int]], set[int]]:
    """(entries with the 目录's page and the index of the line each starts on, indexes of the 目录's lines);
    ([], set()) without a 目录."""
    start = next((i for i, (t, _) in enumerate(lines) if _TOC.match(squeeze(t))), None)
    if start is None:
        return [], set()
    entries: list[list] = []
    used, seen = {start}, set()
    for i in range(start + 1, len(lines)):
        s = _ANNEX.sub("", _LEADER.sub("", _TRAILER.sub("", squeeze(lines[i][0]))))
        if not s:
            used.add(i)
            continue  # a page number on its own line
        key = _norm(s, unit)
        new_page = entries and lines[i][1] != entries[-1][1] and not _NUMBERED.match(s)
        if new_page or len(s) > _ENTRY_LEN or _PROSE.search(s) or (key and key in seen) or len(entries) >= _MAX_ENTRIES:
            break
        used.add(i)
        if entries and not _NUMBERED.match(s) and len(s) <= 4:
            entries[-1][0] += s  # the end of a wrapped entry
        else:
            entries.append([s, lines[i][1], i])
            seen.add(key)
    return [tuple(e) for e in entries], used


def _is_table(want: str) -> bool:
    return want.endswith("表") and not _PART.match(want)


def _like(a: str, b: str, at_least: float) -> bool:
    """a and b at least this similar; the cheap upper bounds first (most body lines are nothing like
    an entry), the same verdict as the full ratio."""
    if 2 * min(len(a), len(b)) < at_least * (len(a) + len(b)):  # the ratio's bound by lengths alone
        return False
    m = SequenceMatcher(None, a, b, autojunk=False)
    return m.quick_ratio() >= at_least and m.ratio() >= at_least


def _prints_table(want: str, printed: set[str]) -> bool:
    """A body title that is the entry, ends with it after words that do not name another table, says it
    with 财政拨款 elsewhere (财政拨款政府性基金支出预算表 for 政府性基金财政拨款支出预算表), or differs from
    it by a word (one that only adds 财政拨款 to the entry names another table)."""
    bare = want.replace("财政拨款", "") if "财政拨款" in want else None
    for t in printed:
        if t == want or (t.endswith(want) and not any(w in t[:-len(want)] for w in _TABLE_LEVELS)):
            return True
        if bare and _levels(want) and "财政拨款" in t and t.replace("财政拨款", "") == bare:
            return True
        if t.endswith("表") and t.startswith("财政拨款") == want.startswith("财政拨款") and _levels(t) <= _levels(want) \
                and _like(t, want, _TABLE_LIKE):
            return True  # a title, not the heading of its 情况说明, nor one naming another part or fund (基本支出)
    return False


def _levels(title: str) -> set[str]:
    """The words that tell one fund's or one part's table from another's (财政拨款 aside: 政府性基金财政拨款
    支出表 and 政府性基金支出表 are one table)."""
    return {w for w in _TABLE_LEVELS if w in title and w != "财政拨款"}


def _prints_section(want: str, printed: set[str], words: str) -> bool:
    core = _SECTION_FILLER.sub("", want)
    return core in words or any(_like(t, want, _SECTION_LIKE) for t in printed)


def _printed(lines: list[tuple[str, int | None]], unit: str, skip: set[int] = frozenset()):
    """(titles, section words) a body prints: its short lines and pairs of lines, normalised, and all its
    words without the fillers sections drop or add."""
    start = min(skip) if skip else -1
    raw = [squeeze(t) for i, (t, _) in enumerate(lines) if i not in skip and start < i]
    short = [t for t in raw + [a + b for a, b in zip(raw, raw[1:])] if len(t) <= 2 * _ENTRY_LEN]
    return {_norm(t, unit) for t in short}, _SECTION_FILLER.sub("", "".join(_norm(t, unit) for t in raw))


WORDING = {
    "title_only": "目录所列表格“{entry}”在报告中只印了标题，没有表格{where}",
    "not_found": "目录所列{what}“{entry}”在报告中未找到{where}",
    "in_companion": "目录所列{entries}在配套文件 {file} 中{where}",
    "companion_unloaded": "目录所列{entries}不在本文件中，应在配套文件中（配套文件未导入）{where}",
    "unlisted": "表格“{title}”未列入目录{where}",
}


@check("toc", WORDING)
def toc(ctx):
    """Each entry of the 目录 against the body. In one file of a report published as two, an entry the
    file does not print is looked for in the other file (ctx.companion); before that file is loaded the
    finding says so instead of calling the entry missing."""
    placed = ctx.doc.placed_lines()
    lines = [(text, page) for text, page, _ in placed]
    unit = ctx.info.unit_name or ""
    entries, used = read_toc(lines, unit)
    if not entries:
        return
    printed, words = _printed(lines, unit, used)
    elsewhere = _printed(ctx.companion.lines, unit) if ctx.companion else None
    tables = [e for e, *_ in entries if _is_table(_norm(e, unit))]
    none_here = len(tables) > 1 and not any(_prints_table(_norm(e, unit), printed) for e in tables)
    part = ctx.part or ("narrative" if none_here else None)  # a 公开文件: its tables are published apart
    listed, in_companion, unsure, body = [], [], [], None
    for entry, page, at in entries:
        line = printed_line(page, placed[at][2])  # the 目录 entry
        want = _norm(entry, unit)
        if not want:
            continue
        table = _is_table(want)
        listed += [want] if table else []
        if table and _prints_table(want, printed):
            if body is None:
                body = _body_titles(ctx.doc, unit, max(used))
            if _only_its_title(ctx.doc, body, want, [_norm(e, unit) for e in tables]):
                yield finding("error", WORDING["title_only"].format(entry=entry, where=page_ref(page)), page,
                              subject=entry, kind=MISSING, facts=(line,))
            continue
        if not table and _prints_section(want, printed, words):
            continue
        if elsewhere and (_prints_table(want, elsewhere[0]) if table else _prints_section(want, *elsewhere)):
            in_companion.append(entry)
        elif part and not elsewhere:
            unsure.append(entry)
        else:
            kind, severity = ("表格", "error") if table else ("章节", "warning")
            yield finding(severity, WORDING["not_found"].format(what=kind, entry=entry, where=page_ref(page)), page,
                          subject=entry, kind=MISSING, facts=(line,))
    page = entries[0][1]
    if in_companion:
        yield finding("info", WORDING["in_companion"].format(entries=_count(in_companion), file=ctx.companion.file_name,
                                                             where=page_ref(page)), page, subject=COMPANION)
    if unsure:
        yield finding("info", WORDING["companion_unloaded"].format(entries=_count(unsure), where=page_ref(page)),
                      page, subject=COMPANION)
    if not listed:
        return  # a 目录 of parts only: it lists no tables to miss
    for t in ctx.facts.tables:
        title = _norm(t["title"] or "", unit)
        if title and not any(title in x or x in title or _prints_table(x, {title}) for x in listed):
            yield finding("info", WORDING["unlisted"].format(title=t["title"], where=page_ref(t["first_page"])),
                          t["first_page"], subject=t["title"], kind=MISSING,
                          facts=(printed_line(t["first_page"], t.get("where")),))


_LOOK = 10  # blocks after a title in which its table starts
_FIGURE = re.compile(r"\d[\d,]*\.\d{2}")
_EMPTY = re.compile(r"无数据|空表|为空|无此|没有|不涉及|未发生|无该")


def _body_titles(doc, unit: str, toc_end: int) -> list[tuple[int, str]]:
    """(block index, normalised text) of the short text lines after the 目录: where titles may stand."""
    texts = [k for k, b in enumerate(doc.blocks) if b.text is not None]
    return [(k, _norm(squeeze(doc.blocks[k].text), unit)) for n, k in enumerate(texts)
            if n > toc_end and len(doc.blocks[k].text) <= 2 * _ENTRY_LEN]


def _only_its_title(doc, body: list[tuple[int, str]], want: str, wants: list[str]) -> bool:
    """Whether the body prints the table's title but no table under it (the table cut from the report):
    no table block or line of figures, nor a note that it is empty, before the next title. Not judged in a
    file with pages of no text (a table printed as a picture)."""
    if doc.pages_without_text or doc.ocr_pages:
        return False
    titles = dict(body)
    seen = False
    for k, title in body:
        if not title or not _prints_table(want, {title}):
            continue
        seen = True
        for j in range(k + 1, min(k + 1 + _LOOK, len(doc.blocks))):
            b = doc.blocks[j]
            if b.is_table or _FIGURE.search(b.text or "") or _EMPTY.search(b.text or ""):
                return False
            other = titles.get(j)
            if other and other != title and any(w != want and _prints_table(w, {other}) for w in wants):
                break  # the next table's title
    return seen


def _count(entries: list[str]) -> str:
    shown = "、".join(f"“{e}”" for e in entries[:3])
    return f"{shown}{f'等 {len(entries)} 项' if len(entries) > 3 else ''}"

"""Disclosure completeness (公开完整性, 地方预决算公开操作规程): which required tables and sections a report has.

Tables are recognised by their printed titles (the catalogue's kinds the rules require, whether or
not a parser reads them), and a title counts
only where a table (or its 单位 line) follows it, so the 目录 does not. An empty table, or a table left
out, is acceptable when the report says why (注：…无政府性基金预算财政拨款支出，故本表无数据). The score
(0–100, each required table or section one point, an unexplained empty table half) lets a supervisor
rank units; it is stored as a 'completeness_score' finding whose actual is the score.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..document import Document
from ..numbers import parse_decimal
from ..locate.catalogue import CENTRAL_TEMPLATE, Kind, disclosed
from ..locate.registry import is_prose, title_kind
from .base import MISSING, Finding, check, finding, page_ref, title_line
from ..prose import AMOUNT, Passage
from ..vocabulary import SANGONG_ITEMS

# (label, words that name the section, evidence in the same passage that it is explained, not defined)
_SECTIONS = (
    ("机关运行经费", r"机关运行经费", r"万元|无|未安排|没有"),
    ("政府采购", r"政府采购", r"万元|无|未安排|没有"),
    ("国有资产占用", r"国有资产|资产占[有用]", r"辆|台|套|万元"),
    ("绩效", r"绩效", r"项目|目标|自评|评价"),
)
# The 三公 items a narrative explains one by one, and the (looser than vocabulary's prose) words that mention each.
_SANGONG_ITEMS = tuple((SANGONG_ITEMS[key], words) for key, words in (
    ("overseas", r"因公出国"), ("vehicle_purchase", r"公务用车购置"), ("vehicle_operation", r"公务用车(购置及)?运行"),
    ("reception", r"公务接待")))
_EMPTY_NOTE = re.compile(r"无数据|空表|为空|无此|没有|不涉及|未发生|无.{0,20}(支出|收入|经费)")
WORDING = {
    "absent_said": "未列出{label}，报告说明无此项收支",
    "no_table": "未找到必备表格：{label}",
    "empty_said": "{label}为空表，报告已说明原因{where}",
    "empty_unsaid": "{label}为空表，但未说明为何无数据{where}",
    "no_section": "未找到说明事项：{label}",
    "sangong_items": "“三公”经费未逐项说明：缺{missing}",
    "one_part": "本文件只含报告的{holds}部分：{leaves}应在配套的{other}文件中（配套文件未导入），完整性得分只计本文件所含各项",
    "score": "公开完整性得分 {score:.0f} 分（共 {count} 项{tail}{both}）",
    "lacking": "，不完整：{labels}",
    "all_there": "，必备表格与说明事项齐全",
    "companion": "；表格见配套文件 {file}",
    "in_toc": "{note}（即目录所列的“{entry}”）",
}
_LOOKAHEAD = 8
_WHOLE, _HALF, _NONE = Decimal(1), Decimal("0.5"), Decimal(0)  # an item's points: there, empty unexplained, absent
_HUNDRED = Decimal(100)
_TITLE_LEN = 60


def _table_spans(doc: Document, doc_kind: str, required: list[Kind]):
    """(required kind, title block, blocks of the table up to the next title) per printed title."""
    blocks = doc.blocks
    starts = []
    for i, b in enumerate(blocks):
        if b.is_table:
            framed = title_kind(_framed_title(b), doc_kind)
            if framed in required:
                starts.append((framed, i, i))  # its span starts with the table itself
            continue
        if len(b.text.strip()) > _TITLE_LEN:
            continue
        hit, i_last = _title_at(blocks, i, doc_kind)
        if hit not in required:
            continue
        ahead = []
        for x in blocks[i_last + 1:i_last + 1 + _LOOKAHEAD]:
            if not x.is_table and title_kind(x.text, doc_kind) in required:
                break  # another title first: this one is a 目录 line
            ahead.append(x)
        if any(x.is_table for x in ahead) or any(x.text and "单位" in x.text and "元" in x.text for x in ahead[:3]):
            starts.append((hit, i, i_last + 1))
    for n, (hit, i, first) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(blocks)
        span = []
        for b in blocks[first:end]:
            if not b.is_table and is_prose(b.text) and any(x.is_table for x in span):
                break  # the prose after the table is another part of the report
            span.append(b)
        yield hit, blocks[i], span


_FRAME_TAIL = re.compile(r"(部门|单位)(名称)?[:：].*$")


def _framed_title(table) -> str:
    """A title printed inside a table's frame, as its first row's only cell ('收支预算总表部门：某某厅 单位：万元')."""
    first = [c for c in (table.rows or [[]])[0] if c and c.strip()]
    if len(first) != 1 or len(first[0]) > _TITLE_LEN:
        return ""
    return _FRAME_TAIL.sub("", re.sub(r"^公开\s*\d+\s*表[:：]?", "", first[0].strip()))


def _title_at(blocks, i: int, doc_kind: str):
    """The kind a title at block i names, and its last block: a title wrapped over two lines
    ('十一、一般公共预算“三公”经费、会议费、培训费支出预' / '算表') is read whole."""
    hit = title_kind(blocks[i].text, doc_kind)
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if hit is None and nxt is not None and not nxt.is_table and len(nxt.text.strip()) <= _WRAPPED_END:
        joined = title_kind(blocks[i].text.rstrip() + nxt.text.strip(), doc_kind)
        if joined is not None:
            return joined, i + 1
    return hit, i


_WRAPPED_END = 8  # the end of a title wrapped onto a line of its own is short


def _has_figures(span) -> bool:
    """Any non-zero amount in the table's cells (codes and 栏次 numbers are not amounts)."""
    for b in span:
        for row in b.rows or ():
            for cell in row[1:]:
                value = parse_decimal(cell)
                if value and ("." in (cell or "") or value >= 100):
                    return True
    return False


def _stated_absent(text: str, topic: str | None) -> bool:
    if not topic:
        return False
    return bool(re.search(rf"(无|没有|未)[^。；]{{0,20}}{topic}|{topic}[^。；，]{{0,20}}(?<![\d.])0(\.0+)?\s*万元", text))


def printed_tables(doc: Document, doc_kind: str):
    """(label, topic words, title block, blocks of the table) of each table the 公开 rules require that
    the report prints, the first print of each, in catalogue order."""
    required = disclosed(doc_kind)
    found: dict[str, tuple] = {}
    for kind, title, span in _table_spans(doc, doc_kind, required):
        found.setdefault(kind.name, (title, span))
    for kind in required:
        if kind.name in found:
            yield kind.disclosed[doc_kind], kind.absent_topic, *found[kind.name]


def is_blank(span) -> bool:
    """A table printed with its headers only, or with every figure blank or zero."""
    return any(b.is_table for b in span) and not _has_figures(span)


def explained_empty(span, prose: str, topic: str | None) -> bool:
    """The report says why the table is empty (本表无数据, 没有…支出)."""
    return bool(_EMPTY_NOTE.search(" ".join(b.text for b in span if b.text))) or _stated_absent(prose, topic)


@dataclass
class Requirement:
    """One required table or section as the report has it: points 0–1, and the note a reader gets (a
    severity and a message) when it is not simply there."""
    label: str
    points: Decimal  # of a score a 0–100 share; Decimal as every figure a check yields
    severity: str | None
    note: str
    page: int | None
    table: bool  # a required table (else a section of the narrative)
    printed: bool = False  # a table the file prints (empty or not)
    title: object = None  # the title block of a table the file prints empty, for the note to stand on


def required(doc_kind: str | None, region: str | None) -> list[Kind]:
    """The tables a report must print: a local government's report those of the 地方预决算公开操作规程; a
    中央 department's unit (identify's region 中央) those of the 中央 template (收支总表, 收入表, 支出表 and
    财政拨款支出表), whose tables of one fund and 三公 the unit's department publishes."""
    return [k for k in disclosed(doc_kind) if region != CENTRAL or k.name in CENTRAL_TEMPLATE]


CENTRAL = "中央"


def assess(doc: Document, doc_kind: str, narrative: list[Passage], region: str | None = None,
           located: list[dict] = ()) -> list[Requirement]:
    """Each required table and section: narrative is the report's prose cut into passages (Context.prose),
    located the tables the loader located (Facts.tables, read or only known by their kind: a title it knew
    where this scan did not).
    A 中央 unit's report is held to the 中央 template: its tables, and no section of the local rules."""
    found = {label: (title, span) for label, _, title, span in printed_tables(doc, doc_kind)}
    prose = doc.full_text()
    out = []
    for kind in required(doc_kind, region):
        label, topic = kind.disclosed[doc_kind], kind.absent_topic
        read = next((t for t in located if t["kind"] == kind.name), None)  # read or known by its kind
        if label not in found and read:  # printed for sure only where figures were read from it
            out.append(Requirement(label, _WHOLE, None, "", read["first_page"], True, bool(read["fact_count"])))
            continue
        if label not in found:
            if _stated_absent(prose, topic):
                out.append(Requirement(label, _WHOLE, "info", WORDING["absent_said"].format(label=label), None, True))
            else:
                out.append(Requirement(label, _NONE, "warning", WORDING["no_table"].format(label=label), None, True))
            continue
        title, span = found[label]
        if is_blank(span):
            if explained_empty(span, prose, topic):
                out.append(Requirement(label, _WHOLE, "info", WORDING["empty_said"].format(label=label, where=page_ref(title.page)), title.page,
                                True, True, title))
            else:
                out.append(Requirement(label, _HALF, "warning", WORDING["empty_unsaid"].format(label=label, where=page_ref(title.page)),
                                title.page, True, True, title))
            continue
        out.append(Requirement(label, _WHOLE, None, "", title.page, True, True))
    if region != CENTRAL:
        out.extend(Requirement(*section, table=False) for section in _sections(narrative))
    return out


def _sections(found: list[Passage]):
    texts = [p.text for p in found]
    for label, words, evidence in _SECTIONS:
        ok = any(re.search(words, p.heading + p.text) and re.search(evidence, p.text) for p in found)
        yield (label, _WHOLE if ok else _NONE, None if ok else "warning", "" if ok else WORDING["no_section"].format(label=label), None)
    sangong = [t for t in texts if "三公" in t or any(re.search(w, t) for _, w in _SANGONG_ITEMS)]
    none_at_all = any(re.search(r"(无|没有)[^。；]{0,8}三公", t) for t in sangong)
    missing = [] if none_at_all else [label for label, w in _SANGONG_ITEMS
                                      if not any(re.search(w, t) and (re.search(AMOUNT, t) or "无" in t) for t in sangong)]
    note = WORDING["sangong_items"].format(missing="、".join(missing)) if missing else ""
    yield ("“三公”经费逐项说明", _WHOLE - Decimal(len(missing)) / len(_SANGONG_ITEMS), "warning" if missing else None, note, None)


# What each file of a report published as two holds, and what it leaves to the other.
_PART_HOLDS = {"tables": ("表格", "说明事项", "情况说明"), "narrative": ("情况说明", "必备表格", "表格")}


@check("completeness", WORDING)
def completeness(ctx):
    """Each required item not simply there, and the score. One file of a report published as two is
    judged on what it holds, and says the rest is in the other file; once both are loaded (ctx.companion)
    the report is judged whole: the tables as the tables file's own judgement left them, the sections
    read here, one score for the report."""
    items = assess(ctx.doc, ctx.info.doc_kind, ctx.prose, ctx.info.region, ctx.facts.tables)
    if not items:
        return
    part = ctx.part or ("narrative" if narrative_only(items) else None)
    if ctx.companion is not None:
        items = [_as_judged(i, ctx.companion.points) if i.table else i for i in items]
        judged = [i for i in items if not i.table]
    elif part in _PART_HOLDS:
        items = judged = [i for i in items if i.table == (part == "tables")]
        holds, leaves, other = _PART_HOLDS[part]
        yield finding("info", WORDING["one_part"].format(holds=holds, leaves=leaves, other=other), subject=COMPANION,
                      kind=MISSING)
    else:
        judged = items
    for i in judged:
        if i.severity:
            yield finding(i.severity, i.note, i.page, _WHOLE, i.points, subject=i.label, kind=MISSING,
                          facts=(title_line(i.title) if i.title else None,))
    score = _HUNDRED * sum(i.points for i in items) / len(items)
    lacking = [i.label for i in items if i.points < 1]
    tail = WORDING["lacking"].format(labels="、".join(lacking)) if lacking else WORDING["all_there"]
    both = WORDING["companion"].format(file=ctx.companion.file_name) if ctx.companion is not None else ""
    yield finding("info", WORDING["score"].format(score=score, count=len(items), tail=tail, both=both),
                  None, _HUNDRED, score, check_id="completeness_score", kind=MISSING)


COMPANION = "配套文件"  # the subject of a note about the other file of a report published as two


def said_by_toc(found: list[Finding]) -> list[Finding]:
    """A required table the report leaves out while its 目录 lists it is one mistake: the 目录 error says it;
    the completeness note stays (its points count in the score) as a 提示 pointing to it."""
    missing = [f for f in found if f.check_id == "toc" and f.severity == "error" and f.subject]
    out = []
    for f in found:
        entry = next((t.subject for t in missing if f.check_id == "completeness" and f.severity == "warning"
                      and f.subject and _same_table(f.subject, t.subject)), None)
        out.append(replace(f, severity="info", message=WORDING["in_toc"].format(note=f.message, entry=entry))
                   if entry else f)
    return out


def _same_table(label: str, entry: str) -> bool:
    """Whether a 目录 entry names the required table ('二、收入决算表' and 收入决算表): the same words, or a
    title of the same kind."""
    bare = re.sub(r"^[一二三四五六七八九十\d]+[、.．]|20\d\d年度?|[“”]", "", entry)
    if bare == label.replace("“", "").replace("”", ""):
        return True
    kinds = {getattr(title_kind(bare, k), "name", None) for k in ("final", "budget")} - {None}
    return bool(kinds) and kinds == {getattr(title_kind(label, k), "name", None) for k in ("final", "budget")} - {None}


def narrative_only(items: list[Requirement]) -> bool:
    """A file that prints none of the required tables but explains the report: the 公开文件 of a report
    whose tables are published apart (its 目录 lists them, its tables file prints them), whatever the
    reading made of a stray line in it."""
    tables = [i for i in items if i.table]
    return bool(tables) and not any(i.printed for i in tables) and any(i.points > 0 for i in items if not i.table)


def _as_judged(item: Requirement, points: dict[str, Decimal]) -> Requirement:
    """A required table as the tables file judged it (a label it did not note is there in full)."""
    return Requirement(item.label, max(item.points, points.get(item.label, _WHOLE)), None, "", item.page, True, item.printed)

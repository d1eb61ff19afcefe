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

from ..document import Document
from ..numbers import parse_decimal
from ..catalogue import Kind, disclosed
from ..registry import is_prose, title_kind
from . import check, finding, page_ref
from ..prose import AMOUNT, Passage

# (label, words that name the section, evidence in the same passage that it is explained, not defined)
_SECTIONS = (
    ("机关运行经费", r"机关运行经费", r"万元|无|未安排|没有"),
    ("政府采购", r"政府采购", r"万元|无|未安排|没有"),
    ("国有资产占用", r"国有资产|资产占[有用]", r"辆|台|套|万元"),
    ("绩效", r"绩效", r"项目|目标|自评|评价"),
)
_SANGONG_ITEMS = (("因公出国（境）费", r"因公出国"), ("公务用车购置费", r"公务用车购置"),
                  ("公务用车运行维护费", r"公务用车(购置及)?运行"), ("公务接待费", r"公务接待"))
_EMPTY_NOTE = re.compile(r"无数据|空表|为空|无此|没有|不涉及|未发生|无.{0,20}(支出|收入|经费)")
_LOOKAHEAD = 8
_TITLE_LEN = 60


def _table_spans(doc: Document, doc_kind: str, required: list[Kind]):
    """(required kind, title block, blocks of the table up to the next title) per printed title."""
    blocks = doc.blocks
    starts = []
    for i, b in enumerate(blocks):
        if b.is_table or len(b.text.strip()) > _TITLE_LEN:
            continue
        hit = title_kind(b.text, doc_kind)
        if hit not in required:
            continue
        ahead = []
        for x in blocks[i + 1:i + 1 + _LOOKAHEAD]:
            if not x.is_table and title_kind(x.text, doc_kind) in required:
                break  # another title first: this one is a 目录 line
            ahead.append(x)
        if any(x.is_table for x in ahead) or any(x.text and "单位" in x.text and "元" in x.text for x in ahead[:3]):
            starts.append((hit, i))
    for n, (hit, i) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(blocks)
        span = []
        for b in blocks[i + 1:end]:
            if not b.is_table and is_prose(b.text) and any(x.is_table for x in span):
                break  # the prose after the table is another part of the report
            span.append(b)
        yield hit, blocks[i], span


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


def assess(doc: Document, doc_kind: str, narrative: list[Passage]) -> list[tuple[str, float, str | None, str, object]]:
    """(item, points 0–1, severity of the note or None, note, page) for each required item;
    narrative is the report's prose cut into passages (Context.prose)."""
    found = {label: (title, span) for label, _, title, span in printed_tables(doc, doc_kind)}
    prose = doc.full_text()
    out = []
    for label, topic in ((k.disclosed[doc_kind], k.absent_topic) for k in disclosed(doc_kind)):
        if label not in found:
            if _stated_absent(prose, topic):
                out.append((label, 1.0, "info", f"未列出{label}，报告说明无此项收支", None))
            else:
                out.append((label, 0.0, "warning", f"未找到必备表格：{label}", None))
            continue
        title, span = found[label]
        if is_blank(span):
            if explained_empty(span, prose, topic):
                out.append((label, 1.0, "info", f"{label}为空表，报告已说明原因{page_ref(title.page)}", title.page))
            else:
                out.append((label, 0.5, "warning", f"{label}为空表，但未说明为何无数据{page_ref(title.page)}",
                            title.page))
            continue
        out.append((label, 1.0, None, "", title.page))
    out.extend(_sections(narrative))
    return out


def _sections(found: list[Passage]):
    texts = [p.text for p in found]
    for label, words, evidence in _SECTIONS:
        ok = any(re.search(words, p.heading + p.text) and re.search(evidence, p.text) for p in found)
        yield (label, 1.0 if ok else 0.0, None if ok else "warning", "" if ok else f"未找到说明事项：{label}", None)
    sangong = [t for t in texts if "三公" in t or any(re.search(w, t) for _, w in _SANGONG_ITEMS)]
    none_at_all = any(re.search(r"(无|没有)[^。；]{0,8}三公", t) for t in sangong)
    missing = [] if none_at_all else [label for label, w in _SANGONG_ITEMS
                                      if not any(re.search(w, t) and (re.search(AMOUNT, t) or "无" in t) for t in sangong)]
    note = f"“三公”经费未逐项说明：缺{'、'.join(missing)}" if missing else ""
    yield ("“三公”经费逐项说明", 1.0 - len(missing) / len(_SANGONG_ITEMS), "warning" if missing else None, note, None)


@check("completeness", "公开完整性：必备表格与说明事项")
def completeness(ctx):
    items = assess(ctx.doc, ctx.info.doc_kind, ctx.prose)
    if not items:
        return
    for label, _, severity, note, page in items:
        if severity:
            yield finding(severity, note, page, subject=label)
    score = 100.0 * sum(points for _, points, *_ in items) / len(items)
    lacking = [label for label, points, *_ in items if points < 1]
    tail = f"，不完整：{'、'.join(lacking)}" if lacking else "，必备表格与说明事项齐全"
    yield finding("info", f"公开完整性得分 {score:.0f} 分（共 {len(items)} 项{tail}）",
                  None, 100.0, score, check_id="completeness_score")

"""Blank tables the narrative fills: a table printed with headers only (or every figure blank) while
the 情况说明 states figures for what it holds is an error naming those figures.

A table said to be empty on purpose (本表无数据, 没有…支出) is fine, whatever the narrative says; an
empty table the report does not explain and the narrative does not fill is the completeness check's.
"""
from __future__ import annotations

import re

from ..prose import amounts
from .base import MISSING, check, finding, fmt, page_ref, printed_line, title_line
from .completeness import explained_empty, is_blank, printed_tables

# what a table holds, in the words a narrative uses for it (most specific first)
_TOPICS = (("三公", r"三公|因公出国|公务用车|公务接待"), ("政府性基金", r"政府性基金"),
           ("国有资本经营", r"国有资本经营"), ("基本支出", r"基本支出|人员经费|公用经费"),
           ("一般公共预算", r"一般公共预算(?:财政)?(?:拨款)?支出"), ("财政拨款", r"财政拨款收(?:入|、)?支"),
           ("收入", r"本年收入|收入(?:预算|决算)?合计"), ("支出", r"本年支出|支出(?:预算|决算)?合计"))
_NEAR = 16  # characters between the words and the figure they state
_SHOWN = 4


def _topic(label: str) -> str | None:
    return next((rx for word, rx in _TOPICS if word in label), None)


def _stated(prose, topic: str):
    """Non-zero amounts the narrative states right after the table's words."""
    for p in prose:
        for m in re.finditer(topic, p.text):
            for a in amounts(p, m.end(), m.end() + _NEAR + 12):
                if a.role != "change" and a.value != 0 and a.start - m.end() <= _NEAR:
                    yield a
                    break


WORDING = {"stated": "{label}{where}为空表，但情况说明陈述了其数字：{named}{more}"}


@check("blank_tables", WORDING)
def blank_tables(ctx):
    text = ctx.doc.full_text()
    for label, absent_topic, title, span in printed_tables(ctx.doc, ctx.info.doc_kind):
        topic = _topic(label)
        if not topic or not is_blank(span) or explained_empty(span, text, absent_topic):
            continue
        stated = list(_stated(ctx.prose, topic))
        if not stated:
            continue
        named = "、".join(f"{fmt(a.value)} 万元{page_ref(a.page)}" for a in stated[:_SHOWN])
        yield finding("error", WORDING["stated"].format(label=label, where=page_ref(title.page), named=named,
                                                         more="等" if len(stated) > _SHOWN else ""),
                      title.page, None, stated[0].value, subject=label, kind=MISSING,
                      facts=(title_line(title), [printed_line(a.page, a.where) for a in stated]))

"""A table title's words without what only numbers or decorates it, shared by the locator (registry.py)
and by identify.py, which reads a report's year and kind from the titles of its tables."""
from __future__ import annotations

import re
from functools import lru_cache

_NUMBERING = re.compile(r"^(附表|附件)?[0-9一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十0-9]+[)）]")
_NOISE = re.compile(r"[“”\"'‘’「」\s]|[（(]?(公开|预算|决算)\s*\d+(?:[-—－]\d+)?\s*表[)）]?|[（(]?表\s*\d+[)）]?|"
                    r"部门公开表\d+|单位公开表\d+")
_TABLE_NUMBER = re.compile(r"^(?:附表|附件|公开表|预算表|决算表|表)\s*(?:\d+(?:[-—－.．]\d+)*|[一二三四五六七八九十]+(?=[、.．:：\s]))"
                           r"[、.．:：]?\s*|^\d+(?:[-—－]\d+)+[、.．:：]?\s*|^\d{1,2}\s+")
_NUMBER_SUFFIX = re.compile(r"[（(](?:公开|预算|决算)?表?[0-9一二三四五六七八九十]+(?:[-—－]\d+)?表?[)）]$")
_QUALIFIER = re.compile(r"表[（(]按?([^()（）]{1,10})[)）]$")


@lru_cache(maxsize=8192)  # the same lines are asked about by the locator and by several checks
def normalise_title(line: str) -> str:
    """A title without quotes, spaces, table numbers ('附表1-1', '表一、', '3-1', '（表一）', '公开01表：',
    '预算01-1表', '决算02表', '01 ') and a qualifier that says what the title implies."""
    s = _NOISE.sub("", _TABLE_NUMBER.sub("", line.strip())).lstrip(":：、.．")
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

"""The 情况说明 read as passages: what it states, with the page each number sits on.

PDF lines wrap mid-word and mid-number ("支出决算为1511.89万" / "元"), so a passage is its lines
joined without separators, cut at 。 and at headings. Each amount is read with its role: the
words just before it say whether it is a budget (预算), an actual (决算) or a change (比…增加),
so "年初预算为A万元，支出决算为B万元" yields a budget and an actual, never a level from a change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..document import Document

_HEADING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}(、|[.．](?!\d)))")
AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_HEADING_LEN = 40
_CHANGE = re.compile(r"增加|减少|增长|下降|降低|上升|增幅|降幅|节约|超支|相比|比上年|比\s*20\d\d|较")
_BUDGET = re.compile(r"预算")
_ACTUAL = re.compile(r"决算|实际|执行数")


@dataclass
class Passage:
    """One sentence-like run of prose, with the page of every character."""
    text: str
    pages: list[int | None]
    heading: str  # the nearest heading line above, for context (e.g. 三公 sections)

    def page_at(self, pos: int) -> int | None:
        return self.pages[min(pos, len(self.pages) - 1)] if self.pages else None


@dataclass
class Amount:
    value: Decimal
    places: int  # decimals printed: '18' → 0, '16.0' → 1
    role: str  # 'budget' | 'actual' | 'plain' | 'change'
    start: int
    end: int
    page: int | None


def passages(doc: Document) -> list[Passage]:
    """The document's prose as passages: lines joined, split at 。 and before headings."""
    out: list[Passage] = []
    text, pages, heading = [], [], ""

    def flush():
        if text:
            out.append(Passage("".join(text), pages[:], heading))
        text.clear()
        pages.clear()

    for line, page in doc.lines():
        line = line.strip()
        if not line:
            continue
        if _HEADING.match(line):
            flush()
            heading = line
            if len(line) <= _HEADING_LEN and not AMOUNT.search(line):
                continue  # a heading on its own line is context, not part of the next sentence
        for ch in line:
            text.append(ch)
            pages.append(page)
            if ch == "。":
                flush()
    flush()
    return out


def _places(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def amounts(p: Passage, start: int = 0, end: int | None = None) -> list[Amount]:
    """Amounts in 万元 between start and end, each with the role its preceding words give it."""
    end = len(p.text) if end is None else end
    out, prev = [], start
    for m in AMOUNT.finditer(p.text, start, end):
        before = p.text[prev:m.start()]
        if _CHANGE.search(before):
            role = "change"
        elif _ACTUAL.search(before):
            role = "actual"
        elif _BUDGET.search(before):
            role = "budget"
        else:
            role = "plain"
        raw = m.group(1).replace(",", "")
        out.append(Amount(Decimal(raw), _places(raw), role, m.start(), m.end(), p.page_at(m.start())))
        prev = m.end()
    return out


def tolerance(places: int) -> Decimal:
    """Half a unit of the last printed digit: '18' agrees with 17.6, '16.0' with 16.04."""
    return Decimal(5) / (Decimal(10) ** (places + 1))

"""Report prose as sentences with pages: a section cut out by its heading, its lines joined, split at 。.

PDF lines wrap mid-sentence and text exports keep one paragraph per line; both become the same
sentences, each with the page it starts on, so a figure is only ever read with the words of its
own sentence. Headings and numbered items (1、 / 2. / （三）) always start a new sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import parse_decimal

_CHAPTER = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUBSECTION = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_ITEM = re.compile(r"^(\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])")
_HEADING_LEN = 40
# An amount in prose, with the unit that follows it: '2,532.20万元', '0.3 万元', '1500元'.
AMOUNT = r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元)"


@dataclass
class Sentence:
    text: str  # spaces removed
    page: int | None


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_chapter(line: str) -> bool:
    """A numbered chapter heading of the 情况说明 ('六、一般公共预算财政拨款基本支出决算情况说明')."""
    return bool(_CHAPTER.match(squeeze(line))) and is_heading(line)


def is_heading(line: str) -> bool:
    """A chapter or sub-section heading ('五、…情况说明', '（三）具体情况。'): short, no inner punctuation."""
    s = squeeze(line).rstrip("。")
    return bool(_CHAPTER.match(s) or _SUBSECTION.match(s)) and len(s) <= _HEADING_LEN \
        and not any(p in s for p in "，；。")


def sentences(lines: list[tuple[str, int | None]]) -> list[Sentence]:
    """Join the lines and split into sentences at 。, at headings and before numbered items."""
    text, starts, pages = "", [], []
    for line, page in lines:
        s = squeeze(line)
        if not s:
            continue
        if _ITEM.match(s) or is_heading(s):
            text += "\n"
        starts.append(len(text))
        pages.append(page)
        text += s
        if is_heading(s):
            text += "\n"
    out = []
    for m in re.finditer(r"[^。\n]+。?", text):
        page = pages[bisect_right(starts, m.start()) - 1] if starts else None
        out.append(Sentence(m.group().strip(), page))
    return out


def amount_in(unit: str, printed: str) -> float | None:
    """A printed prose amount in 万元 ('元' figures divided by 10000)."""
    value = parse_decimal(printed)
    if value is None:
        return None
    return float(value / Decimal(10000)) if unit == "元" else float(value)

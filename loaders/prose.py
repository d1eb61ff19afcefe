"""Report prose as passages with pages: the lines joined, cut at 。 and at headings.

PDF lines wrap mid-word and mid-number ("支出决算为1511.89万" / "元") and text exports keep one
paragraph per line; both become the same passages, with the page of every character, so a figure is
only ever read with the words of its own sentence and cited on the page it sits on. Headings
('五、…情况说明', '（三）具体情况。') and numbered items (1、 / 2. / （1）) start a new passage; a
heading on a line of its own is the context of the passages below it, not part of their text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import parse_decimal

_CHAPTER = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUBSECTION = re.compile(r"^([（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
_ITEM = re.compile(r"^(\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])")
_HEADING_LEN = 40
# An amount in prose, with the unit that follows it: '2,532.20万元', '0.3 万元', '1500元'.
AMOUNT = r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元)"
_AMOUNT = re.compile(AMOUNT)
_CHANGE = re.compile(r"增加|减少|增长|下降|降低|上升|增幅|降幅|节约|超支|相比|比上年|比\s*20\d\d|较|[大小低高多少]于上")
_COMPARED = re.compile(r"(?:有所|略有|基本|大幅)?(?:增加|减少|增长|下降|降低|上升|持平)")  # '比上年的 X 万元减少': X is a level
_BUDGET = re.compile(r"预算")
_ACTUAL = re.compile(r"决算|实际|执行数")


@dataclass
class Passage:
    """One sentence-like run of prose (spaces removed), with the page of every character (and, when
    the lines came with positions, the printed line of every character)."""
    text: str
    pages: list[int | None]
    heading: str  # the nearest heading line above, for context (e.g. 三公 sections)
    chain: tuple[str, ...] = ()  # every heading above, outermost first (部分, 一、, （一）, 1., （1）)
    wheres: list = field(default_factory=list)  # the printed line of every character, when the lines came with it

    @property
    def context(self) -> str:
        """The headings the passage stands under: what its section is about."""
        return "".join(self.chain)

    @property
    def page(self) -> int | None:
        """The page the passage starts on."""
        return self.page_at(0)

    def page_at(self, pos: int) -> int | None:
        return self.pages[min(pos, len(self.pages) - 1)] if self.pages else None

    def where_at(self, pos: int):
        """The printed line holding the character at pos: a PDF box or a text line number (None unknown)."""
        return self.wheres[min(pos, len(self.wheres) - 1)] if self.wheres else None


@dataclass
class Amount:
    value: Decimal
    places: int  # decimals printed: '18' → 0, '16.0' → 1
    role: str  # 'budget' | 'actual' | 'plain' | 'change'
    start: int
    end: int
    page: int | None
    where: object = None  # the printed line holding it (Passage.where_at), when the passage knows it


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_chapter(line: str) -> bool:
    """A numbered chapter heading of the 情况说明 ('六、一般公共预算财政拨款基本支出决算情况说明')."""
    return bool(_CHAPTER.match(squeeze(line))) and is_heading(line)


def is_heading(line: str) -> bool:
    """A chapter or sub-section heading ('五、…情况说明', '（三）具体情况。', '第二部分'): short, no inner
    punctuation."""
    s = squeeze(line).rstrip("。")
    return bool(_CHAPTER.match(s) or _SUBSECTION.match(s)) and len(s) <= _HEADING_LEN \
        and not any(p in s for p in "，；。")


_PAGE_NUMBER = re.compile(r"^[-—–－]*(第)?\d{1,3}(页)?(/\d{1,3})?[-—–－]*$|^第\d{1,3}页(共\d{1,3}页)?$")


def passages(lines: list[tuple], headings: bool = False) -> list[Passage]:
    """The lines joined and cut at 。, before headings and numbered items, and after a heading line.
    A heading line is a passage of its own only with headings=True (a reader cutting sections).
    Lines are (text, page) or (text, page, where): with where, every passage knows each character's line."""
    out: list[Passage] = []
    text, pages, wheres, heading = [], [], [], ""
    chain: dict[int, str] = {}  # heading level → the latest heading of that level

    def flush():
        if text:
            out.append(Passage("".join(text), pages[:], heading, tuple(chain.values()), wheres[:]))
        text.clear()
        pages.clear()
        wheres.clear()

    for line, page, *placed in lines:
        where = placed[0] if placed else None
        s = squeeze(line)
        if not s or _PAGE_NUMBER.match(s):  # a page number between two halves of a sentence is not its figure
            continue
        level = _level(s)
        if level is not None:
            flush()
            heading = s
            chain = {k: v for k, v in chain.items() if k < level} | {level: s}
        if is_heading(s) and not _AMOUNT.search(s):
            if headings:
                out.append(Passage(s, [page] * len(s), heading, tuple(chain.values()),
                                   [where] * len(s) if placed else []))
            continue
        for ch in s:
            text.append(ch)
            pages.append(page)
            if placed:
                wheres.append(where)
            if ch == "。":
                flush()
    flush()
    return out


_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_SUBITEM = re.compile(r"^[（(]\d{1,2}[)）]")


def _level(line: str) -> int | None:
    """How deep a numbered line stands: 第X部分 0, 一、 1, （一） 2, 1. 3, （1） 4; None for other lines."""
    for level, rx in enumerate((_PART, _CHAPTER, _SUBSECTION, _SUBITEM, _ITEM)):
        if rx.match(line):
            return (0, 1, 2, 4, 3)[level]
    return None


def _places(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def amounts(p: Passage, start: int = 0, end: int | None = None, yuan: bool = False) -> list[Amount]:
    """Amounts in 万元 between start and end, each with the role its preceding words give it:
    预算 (budget), 决算 (actual) or 比…增加 (change). Figures printed in 元 only with yuan=True (as 万元,
    four more places)."""
    end = len(p.text) if end is None else end
    out, prev = [], start
    for m in _AMOUNT.finditer(p.text, start, end):
        if m.group(2) != "万元" and not yuan:
            continue
        before = p.text[max(prev, _clause_run(p.text, m.start())):m.start()]  # a 下降 before the ； is another item's
        if _CHANGE.search(before) and not _COMPARED.match(p.text, m.end()):
            role = "change"
        elif _ACTUAL.search(before):
            role = "actual"
        elif _BUDGET.search(before):
            role = "budget"
        else:
            role = "plain"
        raw = m.group(1).replace(",", "")
        value, places = Decimal(raw), _places(raw)
        if m.group(2) == "元":
            value, places = value / 10000, places + 4
        out.append(Amount(value, places, role, m.start(), m.end(), p.page_at(m.start()), p.where_at(m.start())))
        prev = m.end()
    return out


def _clause_run(text: str, pos: int) -> int:
    """Where the run of clauses holding pos starts: after the last ；."""
    return max(text.rfind("；", 0, pos), text.rfind(";", 0, pos)) + 1


def amount_in(unit: str, printed: str) -> Decimal | None:
    """A printed prose amount in 万元 ('元' figures divided by 10000)."""
    value = parse_decimal(printed)
    return value / 10000 if value is not None and unit == "元" else value


def tolerance(places: int) -> Decimal:
    """Half a unit of the last printed digit: '18' agrees with 17.6, '16.0' with 16.04."""
    return Decimal(5) / (Decimal(10) ** (places + 1))

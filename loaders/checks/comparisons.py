"""Comparisons the narrative states: a figure against another, in words (大于, 持平, 比上年增加 … 万元，增长 p%).

Read once per document from its passages (Context.comparisons) for the checks that judge them: the
direction word against the two figures (wording.py), the change and the percentage against them and
against last year's report (year_over_year.py). A comparison is one of
- 'budget_actual': '决算数小于预算数' after the item's 年初预算 and 支出决算 amounts;
- 'years': two figures of two years stated in one sentence ('2023年预算执行数为60.13万元，2024年预算安排
  25.77万元，比2023年预算执行数减少57.14%');
- 'change': a figure and its change only ('收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，
  下降1.87%'): last year's figure is implied, current − change. The figure may stand in the sentence
  before ('基本支出预算数为 13,994.31 万元。与上年相比增加 1,670.85 万元'), last year named after the word
  ('本年数小于上年预算数 29.65 万元'), or the sentence may say the two are equal ('与上年预算数相等').
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..identity.placeholders import find as placeholders
from ..prose import Amount, Passage, amounts
from .base import printed_line
from .narrative import label_marks

UP, DOWN, SAME, ABOUT = "up", "down", "same", "about"
_WORD = re.compile(r"基本持平|大体持平|基本一致|大体一致|基本相同|持平|大于|高于|超过|增加|增长|上升|小于|低于|减少|下降"
                   r"|降低|等于|相等|一致|相同|未发生变化|没有变化|无变化")
_SENSE = {"大于": UP, "高于": UP, "超过": UP, "增加": UP, "增长": UP, "上升": UP, "小于": DOWN, "低于": DOWN,
          "减少": DOWN, "下降": DOWN, "降低": DOWN, "等于": SAME, "持平": SAME, "相等": SAME, "一致": SAME,
          "相同": SAME, "未发生变化": SAME, "没有变化": SAME, "无变化": SAME, "基本持平": ABOUT, "大体持平": ABOUT,
          "基本一致": ABOUT, "大体一致": ABOUT, "基本相同": ABOUT}
# '一致', '相同', '相等' compare figures only said of one: '与上年预算数相等', '与上年数一致' (not '与上年口径一致')
_OF_A_FIGURE = ("相等", "一致", "相同")
_SAID = re.compile(r"与|比|较|同|上年|上一年|20\d\d\s*年度?|相比|同期|各|均|共|都|分别|了|[，,、\s]")  # not a name
_FIGURE_BEFORE = re.compile(r"数$")
_CLAUSE = re.compile(r"[，；;。：:（(）)]|,(?!\d{3})")  # not the comma of '2,779.71'
_YEAR = re.compile(r"(20\d\d)\s*年")
_PERCENT_AFTER = re.compile(r"\s*(?:了)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_LAST_YEAR = re.compile(r"上年|上一年")
_PERCENT_NEXT = re.compile(r"[，,]?\s*(增长|下降|增加|减少|上升|降低|增幅|降幅)(?:为)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_PERCENT_SENSE = {"增长": UP, "增加": UP, "上升": UP, "增幅": UP, "下降": DOWN, "减少": DOWN, "降低": DOWN, "降幅": DOWN}
# last year named after the word: '小于上年预算数 29.65 万元', '高于2023年决算数'
_THEN = re.compile(r"(?:上年|上一年|20\d\d\s*年)度?(?:预算|决算|执行)?数?")
_NAMING = re.compile(r"[，；;。：:]|,(?!\d{3})")
_THEN_BEFORE = re.compile(r"(?:比|较|与)(?:上年|上一年|20\d\d\s*年)度?的?(?:预算|决算|执行)?数?的?$")
_OPENS = re.compile(r"^(?:此外|同时|其中)?[，,]?(?:与|比|较|同)")  # a sentence that opens on its comparison
# '决算数小于预算数', '决算数与年初预算数基本持平': the word between the two
_ACTUAL_BEFORE = re.compile(r"决算数?$")
_LEVEL_WITH_BUDGET = re.compile(r"决算数?与(?:年初|全年|调整)?预算数?(?:基本|大体)?$")
_BUDGET_AFTER = re.compile(r"(?:年初|全年|调整)?预算")
_BOTH_WAYS = re.compile(r"增加[（(]减少[)）]|大于[（(]小于[)）]|增长[（(]下降[)）]")


@dataclass
class Comparison:
    form: str  # 'budget_actual' | 'years' | 'change'
    word: str  # the direction word as printed
    sense: str  # UP | DOWN | SAME | ABOUT
    current: Amount | None  # this year's (or the 决算) figure
    other: Amount | None  # last year's (or the 预算) figure, when printed
    change: Amount | None  # the change in 万元, when printed right after the word
    percent: str | None  # the change in %, as printed
    key: str | None  # what is compared, in narrative.py's statement keys (income_total, sg_total …)
    base: str | None  # what last year's figure is: 'budget' (预算), 'final' (决算, 执行数) or None (not said)
    page: int | None
    text: str  # the sentence, for the message
    end: int = 0  # where the words read end in the passage (the change's percentage is not another comparison)
    percent_sense: str | None = None  # the direction the percentage's own word gives ('增加 …万元，下降 5%')
    passage: Passage | None = None  # where the current figure was stated (its clause names the item)

    @property
    def previous(self) -> Decimal | None:
        """Last year's figure: printed, or implied by the current figure and the change (the same
        figure when the sentence says they are equal)."""
        if self.other is not None:
            return self.other.value
        if self.current is None:
            return None
        if self.change is None:
            return self.current.value if self.sense == SAME and self.percent is None else None
        return self.current.value - self.change.value if self.sense == UP else self.current.value + self.change.value

    def lines(self) -> list[dict]:
        """The lines printing its figures (the change, this year's, the other's), for a finding to stand on."""
        return [printed_line(a.page, a.where) for a in (self.change, self.current, self.other) if a is not None]


def read(prose: list[Passage], fiscal_year: int | None) -> list[Comparison]:
    out: list[Comparison] = []
    group: list[tuple[Passage, list[Amount]]] = []  # passages under one heading: an item's amounts
    stated: dict[str, Amount] = {}  # the latest level figure stated for each key, under this heading
    heading = None
    last: tuple[Passage, Amount] | None = None  # the last figure stated, for a sentence opening on its change
    for p in prose:
        if p.heading != heading:
            heading, group, stated = p.heading, [], {}
        found = amounts(p)
        group.append((p, found))
        if placeholders(p.text) or _BOTH_WAYS.search(p.text):
            continue  # a template's sentence: nothing to compare
        taken = 0
        for m in _WORD.finditer(p.text):
            if m.start() < taken:
                continue  # the percentage of a change already read ('减少56.95万元，下降1.87%')
            c = _comparison(p, found, m, group, stated, fiscal_year) or _opening(p, found, m, last, fiscal_year)
            if c:
                out.append(c)
                taken = c.end
        levels = [a for a in found if a.role != "change"]
        last = (p, levels[-1]) if levels else None
        for a in found:
            key = _key_before(p.text, a.start)
            if key and a.role != "change":
                stated[key] = a
    return out


def _opening(p: Passage, found: list[Amount], m: re.Match, last, fiscal_year) -> Comparison | None:
    """'此外，基本支出预算数为 13,994.31 万元。与上年相比增加 1,670.85 万元，增长 13.56 %。': a sentence that
    opens on its comparison compares the figure the sentence before ended on."""
    opens = _OPENS.match(p.text)
    if last is None or not opens or any(a.end <= m.start() and a.role != "change" for a in found) \
            or _WORD.search(p.text, 0, m.start()):
        return None  # only the sentence's first comparison is the one it opens on
    if not _other_year(p.text[:m.start()], fiscal_year) and "相比" not in p.text[:m.start()]:
        return None
    if m.group() in _OF_A_FIGURE and not _FIGURE_BEFORE.search(p.text[:m.start()]):
        return None
    before, current = last
    named = _SAID.sub("", p.text[_clause_start(p.text, m.start()):m.start()])
    subject = label_marks(named)
    previous_key = _key_before(before.text, current.start, _clause_start(before.text, current.start))
    if named and (not subject or subject[-1].lastgroup != previous_key):
        return None  # '与上年相比，部门预算总额增加…' is about what it names, not the figure before
    change, percent, percent_sense, read_to = _change_after(p, found, m)
    sense = _SENSE[m.group()]
    if change is None and percent is None and sense != SAME:
        return None
    then = _THEN.match(p.text, m.end())
    return Comparison("change", m.group(), sense, current, None, change, percent,
                      _key_before(before.text, current.start), _base(p.text[:m.start()] + (then.group() if then else "")),
                      p.page_at(m.start()), p.text, read_to, percent_sense, before)


def _change_after(p: Passage, found: list[Amount], m: re.Match):
    """(change in 万元, percentage as printed, the percentage's own direction, where the words read end)
    after a direction word, last year named between ('小于上年预算数 29.65 万元') or not."""
    at = m.end()
    then = _THEN.match(p.text, at)
    if then:
        at = then.end()
    change = next((a for a in found if at <= a.start <= at + 2), None)
    pct = _PERCENT_AFTER.match(p.text, at)
    percent_sense = None
    if change and not pct:
        pct = _PERCENT_NEXT.match(p.text, change.end)
        percent_sense = _PERCENT_SENSE[pct.group(1)] if pct else None
    percent = pct.group(pct.lastindex) if pct else None
    read_to = pct.end() if pct else change.end if change else m.end()
    return change, percent, percent_sense, read_to


def _comparison(p: Passage, found: list[Amount], m: re.Match, group, stated, fiscal_year) -> Comparison | None:
    start = max((x.end() for x in _CLAUSE.finditer(p.text, 0, m.start())), default=0)
    end = next((x.start() for x in _CLAUSE.finditer(p.text, m.end())), len(p.text))
    clause = p.text[start:end]
    word, sense = m.group(), _SENSE[m.group()]
    if word in _OF_A_FIGURE and not _FIGURE_BEFORE.search(p.text[start:m.start()]):
        return None
    change, percent, percent_sense, read_to = _change_after(p, found, m)
    before = [a for a in found if a.end <= m.start() and a.role != "change"]
    level = sense in (SAME, ABOUT)
    if (_LEVEL_WITH_BUDGET if level else _ACTUAL_BEFORE).search(p.text[start:m.start()]) \
            and (level or _BUDGET_AFTER.match(p.text, m.end())) and not _other_year(clause, fiscal_year):
        actual = _last(group, "actual", p, m.start())
        budget = _last(group, "budget", p, m.start())
        if actual and budget:
            return Comparison("budget_actual", word, sense, actual, budget, None, None, None, None, p.page_at(m.start()),
                              p.text)
        return None
    after = _THEN.match(p.text, m.end())
    if not _other_year(p.text[start:m.start()] + (after.group() if after else ""), fiscal_year) \
            and "相比" not in p.text[max(0, start - 12):m.start()]:
        return None  # not a comparison with another year ('人员增加', '减少支付')
    base = _base(p.text[start:m.start()] + (after.group() if after else ""))
    tagged = _year_tagged(p.text, before)
    if fiscal_year and len(tagged) >= 2:
        now = next((a for y, a in reversed(tagged) if y == fiscal_year), None)
        then = next((a for y, a in reversed(tagged) if y != fiscal_year), None)
        if now and then:
            return Comparison("years", word, sense, now, then, change, percent, _key_before(p.text, now.start), base,
                              p.page_at(m.start()), p.text, read_to, percent_sense, p)
    if before and _THEN_BEFORE.search(p.text[_clause_start(p.text, before[-1].start):before[-1].start]) \
            and len(before) > 1:  # '…39.00万元，比上年预算数46.00万元减少7.00万元': last year's figure printed
        now = before[-2]
        return Comparison("years", word, sense, now, before[-1], change, percent,
                          _key_before(p.text, now.start, _clause_start(p.text, now.start)), base, p.page_at(m.start()),
                          p.text, read_to, percent_sense, p)
    if change is None and percent is None and sense != SAME:
        return None
    key = _key_before(p.text, m.start(), start)
    current = stated.get(key) if key else None
    if current is None and before and before[-1].start >= _clause_run_start(p.text, m.start()):
        current, key = before[-1], key or _key_before(p.text, before[-1].start, _clause_start(p.text, before[-1].start))
    if current is None:
        return None
    return Comparison("change", word, sense, current, None, change, percent, key, base, p.page_at(m.start()), p.text,
                      read_to, percent_sense, p)


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding pos starts: the words that name a figure stand in its clause (brackets
    are part of a name: 因公出国（境）费)."""
    return max((x.end() for x in _NAMING.finditer(text, 0, pos)), default=0)


def _other_year(words: str, fiscal_year: int | None) -> bool:
    """Whether words name a year other than the report's (上年, 2023年 in a 2024 report)."""
    return bool(_LAST_YEAR.search(words)) or any(int(y) != fiscal_year for y in _YEAR.findall(words))


def _clause_run_start(text: str, pos: int) -> int:
    """Where the sentence part holding pos starts: after the last 。 or ；."""
    return max((x.end() for x in re.finditer(r"[。；;]", text[:pos])), default=0)


def _last(group, role: str, here: Passage, pos: int) -> Amount | None:
    """The last amount of a role before pos, in this passage or the earlier ones of its item."""
    for p, found in reversed(group):
        hit = [a for a in found if a.role == role and (p is not here or a.end <= pos)]
        if hit:
            return hit[-1]
    return None


def _year_tagged(text: str, before: list[Amount]) -> list[tuple[int, Amount]]:
    """(year, amount) for amounts with a year printed in the words just before them."""
    out, prev = [], 0
    for a in before:
        years = _YEAR.findall(text, prev, a.start)
        if years:
            out.append((int(years[-1]), a))
        prev = a.end
    return out


def _key_before(text: str, pos: int, since: int = 0) -> str | None:
    """The statement key (narrative.py's words) named last before pos, within its clause run."""
    run = max(since, _clause_run_start(text, pos))
    hits = label_marks(text, run, pos)
    return hits[-1].lastgroup if hits else None


def _base(words: str) -> str | None:
    if re.search(r"决算|执行数|实际", words):
        return "final"
    if "预算" in words:
        return "budget"
    return None

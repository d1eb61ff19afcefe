"""Direction words: '决算数小于预算数', '比2023年预算执行数增加' must say what the two figures it compares say.

The comparisons come from comparisons.py: an item's 决算 against its 预算, or two years' figures
stated in one sentence. The figures are compared as the sentence prints them; 基本持平 allows a
difference of a twentieth (judgement.JUDGEMENT.level).
"""
from __future__ import annotations

from decimal import Decimal

from ..judgement import JUDGEMENT
from .base import check, finding, fmt, page_ref
from .comparisons import ABOUT, DOWN, SAME, UP

_PERCENT_WORDS = {"增长": UP, "下降": DOWN}

_SAYS = {UP: "大于", DOWN: "小于", SAME: "等于"}


def _relation(diff: Decimal) -> str:
    return SAME if diff == 0 else UP if diff > 0 else DOWN


def _wrong(sense: str, diff: Decimal, base: Decimal) -> bool:
    if sense == ABOUT:
        return abs(diff) > abs(base) * JUDGEMENT.level
    return _relation(diff) != sense


WORDING = {
    "contradicts": "情况说明称“{said}”，随后称“{other} {percent}%”，增减方向自相矛盾{where}",
    "wrong_word": "情况说明称{one}“{word}”{other}，但所述{one} {value} 万元{says}{other} {other_value} 万元{where}",
}


@check("direction_words", WORDING)
def direction_words(ctx):
    for c in ctx.comparisons:
        if c.percent_sense and c.sense in (UP, DOWN) and c.percent_sense != c.sense:
            said = f"{c.word} {fmt(c.change.value)} 万元" if c.change else c.word
            other = next(w for w, s in _PERCENT_WORDS.items() if s == c.percent_sense)
            yield finding("error", WORDING["contradicts"].format(said=said, other=other, percent=c.percent,
                                                                  where=page_ref(c.page)),
                          c.page, subject=f"{c.word}/{other}", facts=c.lines())
        if c.current is None or c.other is None:
            continue
        diff = c.current.value - c.other.value  # the figures as the sentence prints them: no rounding between
        if not _wrong(c.sense, diff, c.other.value):
            continue
        names = ("决算数", "预算数") if c.form == "budget_actual" else ("本年数", "上年数")
        yield finding("error", WORDING["wrong_word"].format(
            one=names[0], word=c.word, other=names[1], value=fmt(c.current.value), says=_SAYS[_relation(diff)],
            other_value=fmt(c.other.value), where=page_ref(c.page, c.current.page, c.other.page)),
                      c.page, c.other.value, c.current.value, facts=c.lines())

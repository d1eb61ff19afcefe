"""Years: headings and 截至 dates name the report's fiscal year.

A heading ('五、2023年度一般公共预算财政拨款支出决算情况说明') or a table title in a 2024 report that
names another year, or an asset date (截至…年…月…日) of another year, is most often a line copied
from last year's report. A 预算 states its assets at the end of the year before (截至2024年12月31日
in a 2025 budget), a 决算 at the end of its own year. Comparisons with last year (上年, 比2023年) are
not headings of the report's year and are left alone.
"""
from __future__ import annotations

import re

from ..prose import squeeze
from .base import check, finding, page_ref, printed_line

_HEADING_LEN = 40
_YEAR = re.compile(r"(20\d\d)\s*年")
_OWN_WORDS = re.compile(r"预算|决算|情况说明|部门|单位")
_OTHER_YEAR_WORDS = re.compile(r"上年|上一年|以前年度|结转|相比|比|较|持平|一致|相同|与\s*20\d\d|执行数|[，。；]")
_DATE = re.compile(r"截至\s*(20\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


def _expected_date_years(doc_kind: str, year: int) -> set[int]:
    return {year - 1, year} if doc_kind == "budget" else {year}


WORDING = {
    "date": "“{date}”的年份不是报告年度（{year}年{prior}）{where}",
    "title": "标题“{title}”中的年份 {other} 年不是报告年度 {year} 年{where}",
}


@check("years", WORDING)
def years(ctx):
    year, kind = ctx.info.fiscal_year, ctx.info.doc_kind
    if not year:
        return
    for text, page, where in ctx.doc.placed_lines():
        s = squeeze(text)
        for m in _DATE.finditer(s):
            if int(m.group(1)) not in _expected_date_years(kind, year):
                yield finding("warning", WORDING["date"].format(date=m.group(), year=year,
                                                                 prior="或上年" if kind == "budget" else "",
                                                                 where=page_ref(page)), page, year, int(m.group(1)),
                              facts=(printed_line(page, where),))
        if len(s) > _HEADING_LEN or _OTHER_YEAR_WORDS.search(s) or not _OWN_WORDS.search(s):
            continue
        other = [int(y) for y in _YEAR.findall(s) if int(y) != year]
        if other:
            yield finding("warning", WORDING["title"].format(title=s, other=other[0], year=year, where=page_ref(page)),
                          page, year, other[0], facts=(printed_line(page, where),))

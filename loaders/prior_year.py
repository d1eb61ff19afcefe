"""Last year's figures printed beside this year's: which header says so, and what kind of figure it is.

Many 预算 tables print 上年预算数 (or 上年执行数, '2023年预算数' in a 2024 report) beside this year's
figures, and the narrative's '比上年增加…' should agree with them. A header names last year's figure
when it says 上年/上一年 or the year before the report's, and is not a change (增减, 比较, %), nor
last year's carried-over funds (上年结转, 结余), which are this year's income.
"""
from __future__ import annotations

import re

_LAST_YEAR = re.compile(r"上年|上一年|上年度")
_YEAR = re.compile(r"(20\d\d)\s*年")
_NOT_A_FIGURE = re.compile(r"增减|增长|下降|变动|比较|同比|差额|幅度|[%％]|结转|结余|行次|栏次")
_FINAL = re.compile(r"决算|执行|实际|完成")


def basis(parts: list[str] | str, fiscal_year: int | None) -> str | None:
    """'budget' or 'final' (决算, 执行数) for a header naming last year's figure, '' when it does not say
    which, None when the header is not last year's figure."""
    text = "".join(parts).replace(" ", "") if isinstance(parts, list) else parts.replace(" ", "")
    if _NOT_A_FIGURE.search(text):
        return None
    years = {int(y) for y in _YEAR.findall(text)}
    if not (_LAST_YEAR.search(text) or (fiscal_year and years == {fiscal_year - 1})):
        return None
    if _FINAL.search(text):
        return "final"
    return "budget" if "预算" in text else ""

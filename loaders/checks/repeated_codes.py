"""A classification code printed twice in one table with different figures: both rows are summed
(as a split 项 would be), and the reader is told which two rows, since one may be a misprint."""
from __future__ import annotations

from ..vocabulary import FUNDS
from .base import check, dec, finding, fmt, page_ref


@check("repeated_code")
def repeated_code(ctx):
    for e in ctx.facts.evidence.get("repeated_code", []):
        first, again = dec(e["first"]), dec(e["again"])
        yield finding("warning",
                      f"{FUNDS.get(e['fund'], e['fund'])}支出表中科目 {e['code']} {e['name']}出现两次且数字不同："
                      f"{fmt(first)}{page_ref(e['first_page'])}与 {fmt(again)}{page_ref(e['page'])}，已相加存储",
                      e["page"], first, again)

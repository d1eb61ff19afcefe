"""A classification code printed twice in one table with different figures: both rows are summed
(as a split 项 would be), and the reader is told which two rows, since one may be a misprint."""
from __future__ import annotations

from ..vocabulary import FUNDS
from .base import check, finding, fmt, page_ref


WORDING = {"twice": "{fund}支出表中科目 {code} {name}出现两次且数字不同：{first}{first_where}与 {again}{where}，已相加存储"}


@check("repeated_code", WORDING)
def repeated_code(ctx):
    for e in ctx.facts.evidence.get("repeated_code", []):
        first, again = e["first"], e["again"]
        yield finding("warning", WORDING["twice"].format(
            fund=FUNDS.get(e["fund"], e["fund"]), code=e["code"], name=e["name"], first=fmt(first),
            first_where=page_ref(e["first_page"]), again=fmt(again), where=page_ref(e["page"])), e["page"], first, again,
            facts=(e,))

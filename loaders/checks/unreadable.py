"""Cells printed as amounts that do not read as one ('1,2O4.00'): each stored as NULL, never as 0,
and said here with its table and page, standing on the row that prints them (the parser leaves them
as evidence)."""
from __future__ import annotations

from .base import UNREADABLE, check, finding, page_ref, printed_line


WORDING = {"cell": "{table}{where}中的“{cell}”不是可识别的数字，已存为空值（未按 0 计）"}


@check("unreadable_number", WORDING)
def unreadable_number(ctx):
    for e in ctx.facts.evidence.get("unreadable_number", []):
        yield finding("warning", WORDING["cell"].format(table=e["table"], where=page_ref(e["page"]), cell=e["cell"]),
                      e["page"], kind=UNREADABLE, facts=[printed_line(e["page"], e.get("where"))])

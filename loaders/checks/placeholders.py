"""Template placeholders left in a report (XX局, XXX 万元, ××): each line holding one is an error.

A report whose unit itself is a placeholder is a blank template (parse_status 'template'): it is
said once, not line by line.
"""
from __future__ import annotations

from ..identity.placeholders import find, is_placeholder_name
from .base import check, finding, page_ref, printed_line

_SHOWN = 30  # characters of the line quoted around the first placeholder


WORDING = {
    "template": "单位名称“{unit}”是模板占位符：本文件是空白模板，不是某一单位的报告，未逐处列出其中的占位符",
    "left": "遗留模板占位符“{mark}”：“{line}{more}”{where}",
}


@check("placeholders", WORDING)
def placeholders(ctx):
    if is_placeholder_name(ctx.info.unit_name):
        yield finding("info", WORDING["template"].format(unit=ctx.info.unit_name))
        return
    for text, page, where in ctx.doc.placed_lines():
        marks = find(text)
        if not marks:
            continue
        line = " ".join(text.split())
        yield finding("error", WORDING["left"].format(mark=marks[0].group(), line=line[:_SHOWN],
                                                       more="…" if len(line) > _SHOWN else "", where=page_ref(page)),
                      page, subject=line[:_SHOWN], facts=(printed_line(page, where),))

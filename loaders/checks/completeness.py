"""Disclosure completeness (公开完整性): which required tables and sections a report has."""
from __future__ import annotations

from . import check, finding

# Sections the 地方预决算公开操作规程 asks every report to explain, by words its heading uses.
_SECTIONS = {
    "final": (("机关运行经费", "机关运行经费"), ("政府采购", "政府采购"), ("国有资产占用", "国有资产"),
              ("绩效", "绩效"), ("“三公”经费情况说明", "三公")),
    "budget": (("机关运行经费", "机关运行经费"), ("政府采购", "政府采购"), ("国有资产占用", "国有资产"),
               ("绩效目标", "绩效"), ("“三公”经费情况说明", "三公")),
}


@check("completeness", "公开完整性：必备表格与说明事项")
def completeness(ctx):
    from ..registry import KINDS

    found = {t["kind"] for t in ctx.facts.tables}
    kind = ctx.info.doc_kind
    required = [k for k in KINDS.values() if k.required and kind in k.doc_kinds]
    missing = [k.label or k.name for k in required if k.name not in found]
    sections = [label for label, word in _SECTIONS.get(kind, ()) if word not in ctx.text]
    total = len(required) + len(_SECTIONS.get(kind, ()))
    score = 100.0 * (total - len(missing) - len(sections)) / total if total else None
    for label in missing:
        yield finding("completeness", "warning", f"未找到必备表格：{label}")
    for label in sections:
        yield finding("completeness", "warning", f"未找到说明事项：{label}")
    yield finding("completeness_score", "info", f"公开完整性得分 {score:.0f} 分（共 {total} 项，缺 "
                  f"{len(missing) + len(sections)} 项）", None, 100.0, score)

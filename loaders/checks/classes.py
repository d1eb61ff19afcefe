"""The 收入支出总表 prints spending by 类 a second time: each line must equal the 支出表 (all funds) 类."""
from __future__ import annotations

import re

from . import check, whole_vs_parts


def _class_key(name: str) -> str:
    """'一般公共服务支出' and '一般公共服务' (budget summaries drop the word) name the same 类."""
    return re.sub(r"\s+", "", name or "").removesuffix("支出")


@check("summary_vs_function", "收入支出总表各类支出等于支出表各类合计")
def summary_vs_function(ctx):
    classes = {_class_key(r["name"]): r for r in ctx.facts.get("expenditure_function", fund="all", level=1)}
    for line in ctx.facts.get("summary", side="expense"):
        row = classes.get(_class_key(line["item"]))
        if row is None:
            continue
        yield whole_vs_parts("summary_vs_function", f"收入支出总表 {line['item']} 与支出表 {row['name']}（{row['code']}）",
                             (f"支出表 {row['name']}", row["total"]), [(f"收入支出总表 {line['item']}", line["amount"])],
                             page=line["page"], pages=[row["page"]])

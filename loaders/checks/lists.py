"""A list of items against the total it breaks down: '公务用车购置及运行费41.20万元，其中，公务用车运行维护费
25.20万元…；公务用车购置费18万元' must add up.

A total is the last figure before 其中 / 包括 / 主要用于以下方面 / 分别为; its items are the figures after it
that the narrative names (a statement key such as 公务用车运行维护费, or a 类 / 款 / 项 the tables print),
in its sentence or in the numbered items under it ('317.8 万元。其中：（1）…50 万元 （2）…267.8 万元').
Items that add up to more than their total are an error; fewer only where the list is known to be whole:
the 三公 items of the 三公 total, 购置 and 运行维护 of 公务用车, 人员经费 and 公用经费 of 基本支出, or every 类
the fund's table prints.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..prose import Amount, Passage, amounts, tolerance
from ..vocabulary import SANGONG, SANGONG_BY_KEY, breakdowns
from .base import CENT, Finding, check, finding, fmt, page_ref, printed_line
from .blame import sum_figures
from .funds import scope_of, function_rows
from .narrative import _ASIDE, amount_ref, item_words, label_marks, named_row

_OPENS_LIST = re.compile(r"其中[：:，,]?|包括[：:]|主要用于以下方面[：:]?|分别为[：:]?|具体如下[：:]?")
_WHOLE = {  # a total → the sets of items that make it up whole
    **{f"sg_{i.key}": tuple({f"sg_{k}" for k in whole} for whole in breakdowns(i.key)) for i in SANGONG
       if breakdowns(i.key)},
    "basic": ({"personnel", "public"},), "general_basic": ({"personnel", "public"},),
}
_UNDER = {f"sg_{i.key}": f"sg_{i.parent}" for i in SANGONG  # an item of an item
          if i.parent and SANGONG_BY_KEY[i.parent].parent}


def _name(facts, p: Passage, a: Amount, found: list[Amount]) -> str | None:
    """What the narrative calls the figure a: a statement key, or 'code:…' of the 功能分类 row it names."""
    words = item_words(p, a.start, found)
    marks = label_marks(words)
    if marks:
        return marks[-1].lastgroup
    named = named_row(facts, scope_of(p, a.start), words)
    return f"code:{named[0]['code']}" if named and named[0].get("code") else None


def _lists(prose: list[Passage]):
    """(passage of the total, the total, [(passage, its figures after the list opens)]) for each list; a
    sentence that opens on 其中 lists the figure the sentence before ended on."""
    for n, p in enumerate(prose):
        for m in _OPENS_LIST.finditer(p.text):
            found = amounts(p)
            whole = next((a for a in reversed(found) if a.end <= m.start() and a.role != "change"), None)
            at, head = n, p
            if whole is None and m.start() == 0 and n and (prev := _ends_on_figure(prose[n - 1])):
                whole, at, head = prev, n - 1, prose[n - 1]
            if whole is None or head is p and re.search(r"[。；;]", p.text[whole.end:m.start()]):
                continue
            rest = p.text[m.end():]
            if any(a.start >= m.end() for a in found) or not rest.strip():
                yield head, whole, [(p, [a for a in found if a.start >= m.end()])] + (
                    _items_below(prose, at, n + 1) if not rest.strip() or head is not p else [])
            break


def _ends_on_figure(p: Passage) -> Amount | None:
    """The figure a sentence ends on ('…预算支出 317.8 万元。'), if it does."""
    found = [a for a in amounts(p) if a.role != "change"]
    return found[-1] if found and not p.text[found[-1].end:].strip("。 ") else None


def _items_below(prose: list[Passage], n: int, start: int) -> list[tuple[Passage, list[Amount]]]:
    """The numbered items under passage n: the passages from start on that stand a level deeper."""
    depth, out = len(prose[n].chain), []
    for p in prose[start:]:
        if len(p.chain) <= depth or p.chain[:depth] != prose[n].chain:
            break
        out.append((p, amounts(p)))
    return out


WORDING = {
    "list": "情况说明所列各项 {shown} = {total} 万元，{more}所述合计 {whole} 万元{where}",
    "subject": "合计 {whole}",
}


@check("narrative_lists", WORDING)
def narrative_lists(ctx):
    for p, whole, parts in _lists(ctx.prose):
        if _ASIDE.search(p.context):
            continue
        total_name, scope = _name(ctx.facts, p, whole, amounts(p)), scope_of(p, whole.start)
        other_role = {"budget": "actual", "actual": "budget"}.get(whole.role)
        items, unnamed = [], 0
        for q, found in parts:
            for a in (a for a in found if a.role not in ("change", other_role)):
                if scope_of(q, a.start) != scope:
                    break  # another fund's figure: a sentence of its own, not an item of this list
                name = _name(ctx.facts, q, a, amounts(q))
                unnamed += name is None
                named = {n for n, _ in items}
                if name and name != total_name and name not in named and _UNDER.get(name) not in named:
                    items.append((name, a))
        if len(items) < 2:
            continue
        names = {n for n, _ in items}
        total = sum((a.value for _, a in items), Decimal(0))
        slack = tolerance(whole.places) + sum((tolerance(a.places) for _, a in items), Decimal(0)) + CENT
        whole_list = not unnamed and _whole(ctx, total_name, names, p, whole)
        if total > whole.value + slack or (total < whole.value - slack and whole_list):
            yield _list_finding(whole, items, total, slack)


def _whole(ctx, total_name: str | None, names: set[str], p: Passage, whole: Amount) -> bool:
    """Whether the items name every part of the total: a known set, or every 类 its fund's table prints."""
    if any(names >= s for s in _WHOLE.get(total_name, ())):
        return True
    classes = {f"code:{r['code']}" for r in function_rows(ctx.facts, scope_of(p, whole.start)) if r["level"] == 1}
    return bool(classes) and names == classes


def _list_finding(whole: Amount, items: list[tuple[str, Amount]], total: Decimal, slack: Decimal) -> Finding:
    shown = " + ".join(fmt(a.value) for _, a in items)
    more = "超过" if total > whole.value else "不足"
    found = finding("error", WORDING["list"].format(shown=shown, total=fmt(total), more=more, whole=fmt(whole.value),
                                                     where=page_ref(whole.page, *(a.page for _, a in items))),
                    whole.page, whole.value, total, other_page=items[0][1].page,
                    subject=WORDING["subject"].format(whole=fmt(whole.value)),
                    facts=[printed_line(a.page, a.where) for a in (whole, *(a for _, a in items))])
    found.figures = sum_figures(amount_ref("情况说明所称合计", whole), whole.value,
                                   [(amount_ref("情况说明所称分项", a), a.value) for _, a in items], slack)
    return found

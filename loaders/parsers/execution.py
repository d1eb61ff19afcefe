"""budget_execution: 年初预算 vs 支出决算 per 项, read from the 决算 narrative.

The section is the chapter "一般公共预算财政拨款支出决算情况说明" (from its 具体情况 heading when it has
one) up to the next chapter. Its sentences are read in order: a 项 named in a sentence
("1、一般公共服务支出（类）财政事务（款）行政运行（项）") opens an item, and the figures and the stated
reason that follow, in the same or later sentences, belong to it until the next 项 is named.
Figures before the first 项 are the overall line (code 'total'). A number is only read together
with the words of its own clause ("年初预算为…万元"), never with words of another sentence.
The 项 code comes from this document's function table: by name, narrowed by the 款/类 names
printed with it and, among equal names, by the amount spent.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..facts import Facts
from ..locate.registry import narrative
from ..prose import AMOUNT, Passage, amount_in, is_chapter, is_heading, passages, squeeze
from ..vocabulary import TOLERANCES

_TITLE = "一般公共预算财政拨款支出"
_NOT_TITLE = ("基本支出", "三公", "收入")
_DETAIL = "具体情况"
_FIELDS = {
    "budget": re.compile(r"年初预算数?(?:为|是)?[:：]?" + AMOUNT),
    "budget_full_year": re.compile(r"(?:全年预算|调整后?预算)数?(?:为|是)?[:：]?" + AMOUNT),
    "actual": re.compile(r"(?:支出决算|决算支出|决算数|实际支出)数?(?:为|是)?[:：]?" + AMOUNT),
}
# '完成年初预算的102.18%', or '决算数为年初预算数的102.18%' / '占年初预算的…%' as other reports word it
_RATE = re.compile(r"(?:完成了?(?:年初|全年|调整后?)?预算数?的?|(?:为|占|达到?|相当于)(?:年初|全年|调整后?)?预算数?的)"
                   r"(-?\d+(?:\.\d+)?)[%％]")
_REASON = re.compile(r"主要原因(?:是|为|在于)?[:：]?(.*)")
_ITEM = re.compile(r"([^，；：:。]*?)[（(]项[)）]")
_NUMBERED = re.compile(r"^(?:\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])")
_LEVEL = re.compile(r"[（(](类|款|项)[)）]")
_CODE = re.compile(r"(?<!\d)(\d{7})(?!\d)")
_CODE_NOTE = re.compile(r"[（(]\d{7}[)）]")
_BRACKETS = re.compile(r"[\s（）()\[\]【】]")


@narrative
def read_execution(doc, facts: Facts, info) -> None:
    """Store the budget_execution rows of the best-read candidate section (a 目录 line is one too)."""
    best: list[dict] = []
    for section in _sections(doc.placed_lines()):
        records = read_items(passages(section, headings=True))
        if len(records) > len(best):
            best = records
    for record in best:
        parts = record.pop("_parts")
        if record["code"] is None:
            record["code"] = resolve_code(parts, record["actual"], facts)
        facts.add("budget_execution", **record)


def _sections(lines: list[tuple]) -> list[list[tuple]]:
    """Each run of lines (text, page[, where]) from a 一般公共预算财政拨款支出决算 heading to the next
    chapter heading, started after its 具体情况 heading when it has one."""
    found, current = [], None
    for printed in lines:
        line = printed[0]
        s = squeeze(line)
        if is_heading(s) and _TITLE in s and "决算" in s and not any(w in s for w in _NOT_TITLE):
            current = []
            found.append(current)
            continue
        if current is None:
            continue
        if is_chapter(s):
            current = None
        elif is_heading(s) and _DETAIL in s and "三公" not in s:
            current.clear()
        else:
            current.append(printed)
    return found


def read_items(sents: list[Passage]) -> list[dict]:
    """The overall record and one record per 项, in order; records without any figure are dropped."""
    total = _record("total", _TITLE, {}, None)
    records, current = [total], total
    for sent in sents:
        for name, segment, start in _segments(sent.text):
            if name is not None:
                current = _record(None, *_item_name(name), sent.page)
                records.append(current)
            _fill(current, segment, sent, start)
    return [r for r in records if any(r[f] is not None for f in _FIELDS)]


def _record(code, item, parts, page) -> dict:
    return {"code": code, "item": item, "budget": None, "actual": None, "completion_rate": None,
            "reason": None, "page": page, "budget_full_year": None, "_parts": parts, "where": None}


def _segments(text: str) -> list[tuple[str | None, str, int]]:
    """(item name or None, the text after it, where that text starts) for each 项 named in the
    sentence; the text before the first one continues the current item. A numbered sentence names its
    item up to the first punctuation when it prints no （项）."""
    marks = list(_ITEM.finditer(text))
    if not marks:
        numbered = _NUMBERED.match(text)
        if numbered:
            name = re.split(r"[，；：:。]|年初预算|全年预算", text[numbered.end():])[0]
            return [(name, text[numbered.end() + len(name):], numbered.end() + len(name))]
        return [(None, text, 0)]
    out = [(None, text[:marks[0].start()], 0)]
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        out.append((m.group(0), text[m.end():end], m.end()))
    return out


def _item_name(printed: str) -> tuple[str, dict]:
    """('行政运行', {'类': …, '款': …, '项': '行政运行', 'code': …}) from the printed 类/款/项 path."""
    code = _CODE.search(printed)
    printed = _CODE_NOTE.sub("", _NUMBERED.sub("", printed))
    pieces = _LEVEL.split(printed)
    parts = {pieces[k + 1]: pieces[k] for k in range(0, len(pieces) - 1, 2)}
    if not parts:
        parts = {"项": printed}
    parts["code"] = code.group(1) if code else None
    return parts.get("项") or printed, parts


def _fill(record: dict, text: str, sent: Passage, start: int) -> None:
    """Set the figures and reason this clause (sent.text from start) states, keeping what an earlier
    sentence set; the record's position is the line printing its first figure (on the record's page)."""
    for field, pattern in _FIELDS.items():
        m = pattern.search(text)
        if m and record[field] is None:
            record[field] = amount_in(m.group(2), m.group(1))
            record["page"] = record["page"] or sent.page
            at = start + m.start(1)
            if record["where"] is None and sent.page_at(at) == record["page"]:
                record["where"] = sent.where_at(at)
    rate = _RATE.search(text)
    if rate and record["completion_rate"] is None:
        record["completion_rate"] = Decimal(rate.group(1))
    reason = _REASON.search(text)
    if reason and record["reason"] is None:
        record["reason"] = reason.group(1).strip("。；，：: ") or None


def _key(name: str | None) -> str:
    return _BRACKETS.sub("", name or "")


def resolve_code(parts: dict, actual: Decimal | None, facts: Facts) -> str | None:
    """The 项 code whose name (and 款/类 names, and amount, when needed) matches the printed item."""
    if parts.get("code"):
        return parts["code"]
    want = _key(parts.get("项"))
    if not want:
        return None
    for fund in ("general", "all"):
        rows = [r for r in facts.get("expenditure_function", fund=fund) if r["code"] and r["code"].isdigit()]
        names = {r["code"]: _key(r["name"]) for r in rows}
        items = [r for r in rows if len(r["code"]) == 7]
        found = [r for r in items if names[r["code"]] == want] or \
            [r for r in items if names[r["code"]] and (want in names[r["code"]] or names[r["code"]] in want)]
        for level, width in (("款", 5), ("类", 3)):
            found = _narrow(found, lambda r, w=width, lv=level: _same_name(names.get(r["code"][:w]), parts.get(lv)))
        found = _narrow(found, lambda r: actual is not None and r["total"] is not None
                        and abs(r["total"] - actual) <= TOLERANCES.match)
        codes = {r["code"] for r in found}
        if len(codes) == 1:
            return codes.pop()
    return None


def _same_name(table_name: str | None, printed: str | None) -> bool:
    want = _key(printed)
    return bool(table_name and want) and (table_name == want or table_name.removesuffix("支出") ==
                                          want.removesuffix("支出"))


def _narrow(rows: list[dict], keep) -> list[dict]:
    """The rows that pass keep, when more than one distinct code remains and some pass."""
    if len({r["code"] for r in rows}) <= 1:
        return rows
    kept = [r for r in rows if keep(r)]
    return kept or rows

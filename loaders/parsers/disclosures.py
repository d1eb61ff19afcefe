"""disclosures: what a report states beyond its standard tables, read from its sentences.

机关运行经费, 政府采购 (by kind, and what went to small firms), 国有资产占用 (cars by kind, large
equipment, total assets) and 人员 (编制, 实有, 离退休), as CONTRACT.md 'disclosures' names them.

A figure is named by the words right before it in its own sentence: an item's label ('政府采购货物支出',
'其他用车', '单价50万元以上通用设备'), then joining words only ('预算', '金额', '为', '共' …) up to the figure.
So '由中小企业供应商中标或成交的，采购金额…' names no item, and a figure is never paired with a word of
another sentence. Of two labels that both reach the figure the longer one names it ('面向中小企业预留政府采购
项目预算金额' is the SME figure, not the procurement total). A label after 无 / 没有 / 未发生 that no figure
follows states 0. What a unit plans to buy (购置, 拟购) is not what it holds. Counts may be printed in
Chinese numerals (三辆, 十二人); amounts in 元 are stored in 万元.

Last year's figure (prior_value) is only what the sentence itself says of it: a change after the figure
('比2023年度增加2.55万元' → value − 2.55; 减少 → value + change; 持平 → value), or last year's figure
('上年为…万元'). A change against the budget of the same year ('比年初预算增加…') is not last year's; a
change stated in % only is not turned into a figure (it would invent digits the report does not print).
A sentence that opens with the comparison ('比2025年减少30.50万元') continues the figure before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..identity.placeholders import find as placeholders
from ..prose import Passage, passages
from ..locate.registry import narrative
from ..vocabulary import DISCLOSED, DISCLOSED_BY_KEY, Item

# Joining words between a label and its figure.
_JOIN = (r"(?:[（(][^（）()]{0,20}[)）]|支出|预算|决算|安排|采购|购买|金额|总额|总金额|合同|总计|合计|共计|共|计|实际|执行|计划"
         r"|总数|数量|数|人员|人数|为|是|达|约|有|了|：|:|的|项目|资金|经费|财政拨款|一般公共预算|年末|年底|期末)*")
_TAIL = re.compile(_JOIN + r"$")
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                   "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = r"(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_UNITS = {"万元": "万元", "元": "万元", "辆": "辆", "台": "台（套）", "套": "台（套）", "人": "人", "名": "人",
          "%": "%", "％": "%"}
_FIGURE = re.compile(_NUMBER + r"\s*(万元|元(?![/／])|辆(?!次)|台\s*[（(]\s*套\s*[)）]|台|套|人(?![次/／])|名|[%％])")
_EQUIPMENT = re.compile(
    r"(?:单价|单位价值|价值|原值)?在?(?P<threshold>\d+(?:\.\d+)?)万元(?:[（(]含[^（）()]{0,8}[)）])?(?:及|或)?以上"
    r"(?:[（(]含[^（）()]{0,8}[)）])?(?:的)?"
    r"(?:大型|贵重)?(?:(?P<kind>通用|专用)(?:仪器)?设备|(?:仪器)?设备)")
_NONE = re.compile(r"(?:无|没有|未发生|未安排|不存在)$")
_HOLD = re.compile(r"共有|现有|实有|拥有|占有|保有|共计|合计|年末|期末|截至|截止")
_BUY = re.compile(r"购置|购买|采购|新增|更新|报废|处置|拟购|拟配|租用")
_SENTENCE_PART = re.compile(r"[；;。]")
_COMPARE = re.compile(r"比|较|与|同比|相比")
_UP = re.compile(r"(?:增加|增长|上升|多|提高)(?:了)?$")
_DOWN = re.compile(r"(?:减少|下降|降低|少|节约|压减|缩减)(?:了)?$")
_SAME = re.compile(r"^[，,]?(?:比|较|与)(?P<base>[^，,；;。]{0,16}?)(?:相比|比较)?[，,]?(?:基本|大体)?(?:持平|相同|一致|无变化)")
_LAST_YEAR = re.compile(r"上年|上一年|去年|上年度|同期")
_YEAR = re.compile(r"(20\d\d)年")
_PRIOR_STATED = re.compile(r"^[，,；;]?(?:上年|上年度|上一年度?|去年|20\d\d年度?)(?:同期)?(?:数|决算数|预算数|执行数)?(?:为|是)?$")
_SHARE = re.compile(r"^[，,]?占(?:比|(?:全部|本年度?)?(?:政府)?采购(?:支出|预算|项目)?(?:总额|总金额|金额|规模)?的?(?:比例|比重)?)?"
                    r"(?:为|是|达)?$")
_SANGONG = re.compile(r"三公")  # a 三公 section's cars (the 保有量 paid by 财政拨款) are not what the unit holds


ITEMS = tuple(i for i in DISCLOSED if i.prose)  # the items a sentence names by its words, in the order tried
_LABELS = [(item, re.compile(item.prose)) for item in ITEMS]
# What a unit that has none of it says: '没有机关运行经费支出', '未发生政府采购', '无公务用车'.
_ZERO_LABELS = {("operating_costs", "total"), ("procurement", "total")}
_ZERO_VEHICLES = re.compile(r"(?:无|没有)(?:公务用车|公务车辆|公务车|车辆)(?=[，,；;。]|$)")
_AND = ("和", "及", "、")


@dataclass
class Stated:
    """One figure a sentence states: an item, its value and where it was printed."""
    item: Item
    value: Decimal
    unit: str
    page: int | None
    where: object
    label: str
    end: int = 0
    prior: Decimal | None = None
    threshold: Decimal | None = None


def chinese_count(text: str) -> int | None:
    """'三' → 3, '十二' → 12, '一百零五' → 105, '两' → 2; None for anything else."""
    total, digit = 0, None
    for ch in text:
        if ch in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[ch]
        elif ch in _CHINESE_UNITS:
            total += (1 if digit is None else digit) * _CHINESE_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _value(number: str, unit: str) -> Decimal | None:
    """A printed figure in the contract's unit (元 → 万元)."""
    if number[0].isdigit():
        value = Decimal(number.replace(",", ""))
    else:
        count = chinese_count(number)
        if count is None or unit in ("万元", "元", "%", "％"):
            return None
        value = Decimal(count)
    return value / 10000 if unit == "元" else value


def _named(lead: str, unit: str, p: Passage, start: int, around: str) -> tuple[Item, str] | None:
    """The item whose label ends the lead (only joining words after it), the longest label winning; an
    item with a context only where the sentence, or around it (its heading, the sentence before), says it."""
    best = None
    for item, pattern in _LABELS:
        if item.unit != unit or (item.context and item.context not in p.text and item.context not in around):
            continue
        for m in pattern.finditer(lead):
            if _TAIL.fullmatch(lead[m.end():]) and (best is None or m.start() < best[2]):
                best = (item, m.group(), m.start())
    if best is None:
        return None
    item, label, at = best
    if item.held and _buying(p.text, start - len(lead) + at):
        return None
    return item, label


def _buying(text: str, pos: int) -> bool:
    """Whether the sentence part up to pos speaks of buying (购置车辆1辆，其中…) rather than holding."""
    part = text[max((m.end() for m in _SENTENCE_PART.finditer(text, 0, pos)), default=0):pos]
    buy = max((m.end() for m in _BUY.finditer(part)), default=-1)
    hold = max((m.end() for m in _HOLD.finditer(part)), default=-1)
    return buy > hold


def _other_year(words: str, fiscal_year: int | None) -> bool:
    """Whether the words compare with last year (上年, 2023年 in a 2024 report), not with the budget."""
    return bool(_LAST_YEAR.search(words)) or any(fiscal_year and int(y) != fiscal_year for y in _YEAR.findall(words))


def read_passage(p: Passage, fiscal_year: int | None, before: Stated | None = None, around: str = "",
                 holdings: bool = True) -> list[Stated]:
    """The figures one sentence states, in order; before is the last figure of the sentence before
    (a sentence opening with its change: '比2025年减少30.50万元'), around the words of its heading and of the
    sentence before ('其中拟购买货物334万元' after '政府采购预算总金额为…'); without holdings, no cars or
    equipment are read."""
    text, out = p.text, []
    if placeholders(text):
        return out  # a template's sentence: nothing is stated
    equipment = list(_EQUIPMENT.finditer(text))
    tokens = [m for m in _FIGURE.finditer(text) if not any(e.start() <= m.start() < e.end() for e in equipment)]
    prev_end, last = 0, None
    for m in sorted(tokens + equipment, key=lambda x: x.start()):
        if m.re is _EQUIPMENT:
            prev_end = m.end()
            continue
        number, printed = m.group(1), re.sub(r"\s", "", m.group(2))
        unit = _UNITS[printed[0] if printed[0] in "台套" else printed]
        value = _value(number, printed)
        lead = text[prev_end:m.start()]
        prev_end = m.end()
        if value is None:
            continue
        eq = next((e for e in reversed(equipment) if e.end() <= m.start()), None)
        if unit == "台（套）" and eq is not None and _TAIL.fullmatch(text[eq.end():m.start()]):
            if holdings and not _buying(text, eq.start()):
                last = _equipment(eq, value, p, m)
                out.append(last)
            continue
        target = last or (before if not out and _COMPARE.match(lead) else None)
        if target is not None and _change(target, lead, value, unit, fiscal_year):
            continue
        if unit == "%":
            if last is not None and last.item.key == "sme" and _SHARE.match(lead) and "中小" not in lead:
                out.append(Stated(_SME_SHARE, value, "%", p.page_at(m.start()), p.where_at(m.start()), lead, m.end()))
            continue
        named = _named(lead, unit, p, m.start(), around)
        if named is None or (named[0].held and not holdings):
            continue
        last = Stated(named[0], value, unit, p.page_at(m.start()), p.where_at(m.start()), named[1], m.end())
        out.append(last)
    out += _zeros(p, out) if holdings else [z for z in _zeros(p, out) if z.item.topic != "assets"]
    for s in out:
        if s.prior is None:
            s.prior = _level(text[s.end:], s.value, fiscal_year)
    return out


_SME_SHARE = DISCLOSED_BY_KEY[("procurement", "sme_share")]


def _equipment(eq: re.Match, value: Decimal, p: Passage, m: re.Match) -> Stated:
    kind = {"通用": "equipment_general", "专用": "equipment_special"}.get(eq.group("kind") or "", "equipment")
    return Stated(DISCLOSED_BY_KEY[("assets", kind)], value, "台（套）", p.page_at(m.start()), p.where_at(m.start()),
                  eq.group(), m.end(), threshold=Decimal(eq.group("threshold")))


def _change(target: Stated, lead: str, value: Decimal, unit: str, fiscal_year: int | None) -> bool:
    """Whether the figure after lead is a change of target's figure; sets target.prior when it is last year's
    (a change against this year's budget is read, and left)."""
    up, down = _UP.search(lead), _DOWN.search(lead)
    if any(item != target.item and pattern.search(lead) for item, pattern in _LABELS if item.unit == unit):
        return False  # the change of another item ('与上年相比，政府采购增加…')
    if not (up or down) or not _COMPARE.search(lead) or unit != target.unit:
        if unit == target.unit and _PRIOR_STATED.match(lead) and _other_year(lead, fiscal_year):
            target.prior = target.prior if target.prior is not None else value
            return True
        return False
    if _other_year(lead, fiscal_year) and target.prior is None:
        target.prior = target.value - value if up else target.value + value
    return True


def _level(after: str, value: Decimal, fiscal_year: int | None) -> Decimal | None:
    """value when the words right after the figure say it is level with last year ('与上年持平')."""
    m = _SAME.match(after)
    return value if m and _other_year(m.group("base"), fiscal_year) else None


def _zeros(p: Passage, stated: list[Stated]) -> list[Stated]:
    """The items the sentence says the unit has none of ('没有机关运行经费支出', '无单价50万元以上通用设备')."""
    text, out = p.text, []
    said_none = False  # '无单价50万元以上通用设备和单价100万元以上专用设备': both are none
    for eq in _EQUIPMENT.finditer(text):
        before = text[:eq.start()]
        said_none = bool(_NONE.search(before)) or (said_none and before.endswith(_AND))
        if said_none and re.match(_JOIN + r"(?:[，,；;。和及、]|$)", text[eq.end():]):
            out.append(_equipment(eq, Decimal(0), p, eq))
    for item, pattern in _LABELS:
        if (item.topic, item.key) not in _ZERO_LABELS:
            continue
        for m in pattern.finditer(text):
            if _NONE.search(text[:m.start()]) and re.match(_JOIN + r"(?:[，,；;。]|$)", text[m.end():]) \
                    and not any(s.item == item for s in stated):
                out.append(Stated(item, Decimal(0), item.unit, p.page_at(m.start()), p.where_at(m.start()),
                                  m.group(), m.end()))
    vehicles = _ZERO_VEHICLES.search(text)
    if vehicles and not any(s.item.key == "vehicles" for s in stated):
        item = DISCLOSED_BY_KEY[("assets", "vehicles")]
        out.append(Stated(item, Decimal(0), "辆", p.page_at(vehicles.start()), p.where_at(vehicles.start()),
                          vehicles.group(), vehicles.end()))
    return out


def read_prose(lines: list[tuple], fiscal_year: int | None) -> list[Stated]:
    """Every figure the report's sentences state, one per item: the first sentence stating an item names
    it (labels that add up are summed within that sentence). Under a heading about 三公 no holdings are
    read: its cars are the 保有量 paid by 财政拨款, not what the unit holds."""
    found: dict[tuple[str, str], Stated] = {}
    before, heading, previous = None, None, ""
    for p in passages(lines):
        if p.heading != heading:
            before, heading, previous = None, p.heading, ""
        stated = read_passage(p, fiscal_year, before, p.context + previous, holdings=not _SANGONG.search(p.context))
        before, previous = (stated[-1] if stated else None), p.text
        here: set = set()
        for s in stated:
            key = (s.item.topic, s.item.key)
            if key not in found:
                found[key] = s
                here.add(key)
            elif key in here and _is_part(found[key]) and _is_part(s):
                found[key].value += s.value
    return list(found.values())


def _is_part(s: Stated) -> bool:
    return s.item.part is not None and re.search(s.item.part, s.label) is not None


@narrative
def read_disclosures(doc, facts, info) -> None:
    """Store what the narrative states (source 'text'), each figure with its page and line."""
    for s in read_prose(doc.placed_lines(), info.fiscal_year if info else None):
        facts.add("disclosures", topic=s.item.topic, item=s.item.key, value=s.value, unit=s.unit,
                  prior_value=s.prior, threshold=s.threshold, page=s.page, source="text", label=s.label, where=s.where)

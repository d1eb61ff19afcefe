"""What a document is: unit, fiscal year, 预算 or 决算, 部门 or 单位, amount unit.

Read from everything the report says: unit fields ('部门：…', '编制单位：…') in lines or lifted out
of table rows, title lines ('江苏省人民检察院2018年部门预算', '…2019年部门预算收支总表', '附件：…公开表'),
a cover's unit line above its '2019年度部门预算' line (or the two run together), the overview heading;
the file name only when the report names no unit, and then `sources` says so. A sentence is never a
unit name, and the name is the fullest form the report prints ('中共江苏省委办公厅' over '省委办公厅').
The region comes from the unit's name, else from the report's titles and unit fields (never from a
word inside a sentence); a central department's unit belongs to 中央 (central.py).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import takewhile

from . import central
from ..document import Document
from ..numbers import is_amount
from .regions import place_spelled
from ..locate.tables import own_unit_scale, scale_from
from ..locate.titles import normalise_title
from .units import leading_place, region_of, unit_id_of
from ..vocabulary import LAYOUT

_KIND = re.compile(r"(部门|单位)\s*(决算|预算)")
_KIND_WORD = re.compile("决算|预算")
_UNIT_FIELD = re.compile(r"(?:编制单位|单位名称|部门名称|预算单位|单位|部门)\s*[:：]\s*([^\s:：]+)")
_OVERVIEW = re.compile(r"^第[一二三四五六七八九十]+部分\s*(.+?)(?:部门|单位)?概况$")
_SCOPE_FIELD = re.compile(r"^(预算单位|(?:预算)?主管部门)[:：]")
_COVER_FIELD_LINES = 3  # a cover's scope field stands this near the title naming the report
_YEAR = re.compile(r"(20\d{2})\s*年")
_NUMERAL_YEAR = re.compile(r"二[〇零○][〇零○一二三四五六七八九]{2}(?=\s*年)")  # '二〇二四年' on many covers
_NUMERALS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_NOT_UNIT = ("万元", "元", "人民币")
# 'X2018年部门预算', 'X2019年度部门预算公开', 'X2023年度部门决算', 'X2019年部门预算收支总表'
_TITLE_UNIT = re.compile(r"^(?:第[一二三四五六七八九十]+部分|附件\s*[\d一二三四五六七八九十]*\s*[:：]?|关于)?"
                         r"(.{4,30}?)[（(]?(20\d{2})\s*年度?[)）]?(?:部门|单位)?(预算|决算)")
# The year first: '2024年度中共某某县委组织部部门决算', '2024年某某中学单位预算'; or none: a cover's '某某局部门决算'
# under its '2024年度' line
_UNIT_THEN_KIND = re.compile(r"^(?:20\d{2}\s*年度?)?(.{4,30}?)(?:部门|单位)(?:预算|决算)$")
_OWN_LEVEL = re.compile(r"[（(](本级|机关|本部)[)）]$")  # '某某区教育局（本级）': the unit without its subordinates
_SENTENCE = re.compile(r"[。，；！？]")  # a unit name may hold 、 ('组织部（老干部局、公务员局）'), never these
_ORG_END = re.compile(r"(局|委|办|院|厅|部|中心|会|所|站|处|室|馆|队|校|学|社|团|府|署|司|行|库|台|场|园|组|科|庭|关|狱|宫|"
                      r"基地|公司|集团|单位|机关|协会|联合会|办公室|委员会|[区县市省镇乡]政府|街道|事处)$")  # 海关, 监狱, 少年宫
_FILE_NOISE = re.compile(r"(20\d{2})\s*年度?|部门|单位|预算|决算|公开|报告|信息|说明|[_\-\s.·]+|\d+")
# A file name's bracketed words: dropped ('（公开版）', '(1)') unless they are part of the unit's name
# ('某某局（本级）', '中共某某区委办公室（某某区档案局）').
_BRACKETED = re.compile(r"[（(](.*?)[)）]")
# What ends the name of one file of a report published as two ('…部门预算公开表.pdf', '…公开文件.docx').
_PART_OF_REPORT = re.compile(r"(表格|表|文件|全文|正文)$")
_PART = re.compile(r"^([一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[)）])|第[一二三四五六七八九十]+部分")
_COVER_TAIL = re.compile(r"^(20\d{2}年|(部门|单位)(预算|决算))")  # the line a cover's unit line runs on into
# What a report says of itself, as the notes name it; a note when the file name had to say it.
IDENTITY = {"unit_name": "单位名称", "fiscal_year": "年度", "doc_kind": "报告类型"}
FROM_FILE_NAME = "{}取自文件名（报告正文未写明）"


@dataclass
class DocInfo:
    unit_name: str | None
    fiscal_year: int | None
    doc_kind: str | None  # 'final' | 'budget'
    scope: str | None  # 'department' | 'unit'
    region: str | None
    source_unit: str  # '万元' | '元'
    unit_id: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # what each field was read from, in Chinese

    @property
    def scale(self) -> Decimal:
        return Decimal("0.0001") if self.source_unit == "元" else Decimal(1)


def identify(doc: Document) -> DocInfo:
    lines = [_arabic_years(t) for t, _ in doc.lines()]
    doc_kind, scope = _kind_and_scope(lines)
    unit, unit_source = _unit_name(lines)
    sources = {"unit_name": unit_source} if unit else {}
    if doc_kind is None and (named := _KIND_WORD.findall(doc.file_name or "")):
        doc_kind, scope, sources["doc_kind"] = ("final" if named[-1] == "决算" else "budget"), "department", "文件名"
    year, year_source = _fiscal_year(lines, doc_kind)
    if year_source:
        sources["fiscal_year"] = year_source
    if unit is None or year is None:
        from_file = _from_file_name(doc.file_name)
        if unit is None and from_file[0]:
            unit, sources["unit_name"] = from_file[0], "文件名"
        if year is None and from_file[1]:
            year, sources["fiscal_year"] = from_file[1], "文件名"
    region = _region(unit, lines)
    return DocInfo(
        unit_name=unit,
        fiscal_year=year,
        doc_kind=doc_kind,
        scope=scope,
        region=region,
        source_unit=_source_unit(doc),
        unit_id=unit_id_of(unit, region=region) if unit else None,
        sources=sources,
    )


def _region(unit: str | None, lines: list[str]) -> str | None:
    """The unit's own place; else 中央 for a central department's unit (by its name or by what the report
    says of itself; a name beginning with a place's short form, 北京大学, 南京大学, when the report says a
    central department runs it); else the place the report's titles and unit fields name."""
    name = _squeeze(unit or "")
    place = leading_place(name) if name else None
    text = "".join(lines)
    if name and place is None and (central.names_central(name) or central.says_central(text)):
        return "中央"
    if place is not None and not place_spelled(name, place) and central.says_run_by_central(text):
        return "中央"
    return region_of(unit, "\n".join(_naming_lines(lines)))


def _naming_lines(lines: list[str]) -> list[str]:
    """The lines that name the report's government: unit fields, titles (a report's, a table's) and the
    cover's short lines; never a line of a sentence."""
    cover = list(takewhile(lambda t: not _SENTENCE.search(t), lines[:LAYOUT.cover_lines]))
    titles = [t for t in lines if len(_squeeze(t)) <= LAYOUT.title_len and not _SENTENCE.search(t)
              and (_KIND.search(_squeeze(t)) or _names_a_table(t))]
    fields = [m.group(1) for t in lines if len(t) <= LAYOUT.title_len * 2 for m in _UNIT_FIELD.finditer(t)]
    return cover + titles + fields


def _arabic_years(line: str) -> str:
    """'二〇二四年度部门预算' as '2024年度部门预算': a cover and titles may write the year in numerals
    while only the narrative's sentences print it in digits."""
    return _NUMERAL_YEAR.sub(lambda m: "".join(_NUMERALS[c] for c in m.group()), line)


def gaps(info: DocInfo) -> list[str]:
    """Chinese notes on what the report did not say about itself: read from the file name, or not found."""
    notes = [FROM_FILE_NAME.format(label) for key, label in IDENTITY.items() if info.sources.get(key) == "文件名"]
    if info.unit_name is None:
        notes.append("未能识别单位名称")
    if info.fiscal_year is None:
        notes.append("未能识别年度")
    return notes


def _kind_and_scope(lines: list[str]) -> tuple[str | None, str | None]:
    """预算/决算 and 部门/单位 from the first title that names them (a short line: covers, headings).

    A field '预算单位：…' or '主管部门：…' printed with that title (on the cover, in the lines under it)
    settles the scope; words in prose ('预算单位构成') and a table's own unit field do not."""
    titles = [(i, t.replace(" ", "")) for i, t in enumerate(lines) if len(t.replace(" ", "")) <= LAYOUT.title_len]
    at, m = next(((i, m) for i, t in titles for m in [_KIND.search(t)] if m), (None, None))
    if m is None:
        named = next((m.group(3) for _, t in titles for m in [_TITLE_UNIT.match(t)]
                      if m and _is_organisation(m.group(1))), None)  # '某某局2024年预算公开'
        if named:
            return ("final" if named == "决算" else "budget"), "department"
        counts = Counter(m.group(2) for m in _KIND.finditer("".join(lines).replace(" ", "")))
        if not counts:  # a tables-only file: its titles say 收支预算总表, 支出决算表
            counts = Counter(w for _, t in titles if _names_a_table(t) for w in re.findall("决算|预算", t))
        if not counts:
            return None, None
        kind = "final" if counts["决算"] >= counts["预算"] else "budget"
        return kind, "department"
    kind = "final" if m.group(2) == "决算" else "budget"
    scope = "unit" if m.group(1) == "单位" else "department"
    for t in lines[max(at - _COVER_FIELD_LINES, 0):at + _COVER_FIELD_LINES + 1]:
        field = _SCOPE_FIELD.match(t.replace(" ", ""))
        if field:
            scope = "unit" if field.group(1) == "预算单位" else "department"
            break
    return kind, scope


def _unit_name(lines: list[str]) -> tuple[str | None, str]:
    """The unit and where it was read: a unit field, else a title line, else the cover, else the
    overview heading; the fullest form of that name the report prints."""
    names = Counter(v for line in lines if len(line) <= LAYOUT.title_len * 2
                    for m in _UNIT_FIELD.finditer(line) if _is_unit_name(v := m.group(1)))
    titled = Counter(m.group(1) for line in _title_lines(lines)
                     for m in [_TITLE_UNIT.match(line) or _short_title(line, _UNIT_THEN_KIND)]
                     if m and _is_unit_name(m.group(1)) and _is_organisation(m.group(1)))
    printed = set(names) | set(titled)
    if names:
        return _fullest(names.most_common(1)[0][0], printed), "单位字段"
    if titled:
        return _fullest(titled.most_common(1)[0][0], printed), "标题"
    cover = _cover_unit(lines[:LAYOUT.cover_lines])
    if cover:
        return _fullest(cover, printed), "封面"
    for line in lines[:200]:
        m = _OVERVIEW.match(_squeeze(line))
        if m and len(m.group(1)) >= 4 and _is_unit_name(m.group(1)):
            return _fullest(m.group(1), printed), "概况标题"
    return None, ""


def _short_title(line: str, pattern: re.Pattern) -> re.Match | None:
    return pattern.match(line) if len(line) <= LAYOUT.title_len else None


def _is_organisation(name: str) -> bool:
    """A name ending as an organisation's does (…局, …委员会, …办公室（本级）)."""
    return _ORG_END.search(_OWN_LEVEL.sub("", name)) is not None


def field_unit(lines: list[str]) -> str | None:
    """The unit a table's frame names in a unit field ('部门：某某局', '单位名称：某某中心'), if any."""
    return next((_squeeze(v) for line in lines if len(line) <= LAYOUT.title_len * 2
                 for m in _UNIT_FIELD.finditer(line) if _is_unit_name(v := m.group(1))), None)


def _title_lines(lines: list[str]) -> list[str]:
    """Every line squeezed, and each short cover line run together with the next ('江苏省某某厅 2018 年度'
    over '部门预算公开')."""
    squeezed = [_squeeze(t) for t in lines]
    cover = squeezed[:LAYOUT.cover_lines]
    return squeezed + [a + b for a, b in zip(cover, cover[1:])
                       if len(a + b) <= LAYOUT.title_len and _COVER_TAIL.match(b) and not _KIND.search(a)]


def _fullest(name: str, printed: set[str]) -> str:
    """The longest name printed in the report that is this one with its place before it ('中共江苏省委办公厅'
    for '省委办公厅', '上海市普陀区财政局' for '财政局'), not a sentence's words before it."""
    return max((p for p in printed if p.endswith(name) and _place_before(p, len(p) - len(name))), key=len, default=name)


def _place_before(name: str, length: int) -> bool:
    """The first `length` characters of name are its place (after 中共 and the like)."""
    place = leading_place(name)
    return length == 0 or (place is not None and place.end >= length - 1)


def _squeeze(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _is_unit_name(value: str) -> bool:
    """An organisation's name: short, no sentence punctuation, not an amount unit."""
    return 4 <= len(value) <= 60 and value not in _NOT_UNIT and not value.startswith(_NOT_UNIT) \
        and not _SENTENCE.search(value) and not _YEAR.search(value) and not _PART.search(value)


def _cover_unit(lines: list[str]) -> str | None:
    """A cover printing the unit on its own line above (or below) the '2019年度部门预算' line."""
    for i, line in enumerate(lines):
        short = _squeeze(line)
        if not (_KIND.search(short) and _YEAR.search(short) and len(short) <= LAYOUT.title_len):
            continue
        for near in (lines[i - 1] if i else "", lines[i + 1] if i + 1 < len(lines) else ""):
            name = _squeeze(near)
            if _is_unit_name(name) and _is_organisation(name) and not _KIND.search(name):
                return name
    return None


def _from_file_name(name: str) -> tuple[str | None, int | None]:
    """Unit and year from a file name such as '江苏省人民检察院2017年部门预算.pdf': the last resort."""
    base = re.split(r"[/\\]", name or "")[-1]  # a file inside a .zip is named 'r.zip/folder/file.pdf'
    stem = _PART_OF_REPORT.sub("", re.sub(r"\.[A-Za-z0-9]+$", "", base))
    year = _YEAR.search(stem) or re.search(r"(?<!\d)(20\d{2})(?!\d)", stem)
    unit = _FILE_NOISE.sub("", _BRACKETED.sub(lambda m: m.group(0) if _of_a_unit(m.group(1)) else "", stem))
    named = _is_unit_name(unit) and _ORG_END.search(_BRACKETED.sub("", unit))
    return (unit if named else None), (int(year.group(1)) if year else None)


def _of_a_unit(bracketed: str) -> bool:
    """Words in brackets that belong to a unit's name: 本级, or another organisation's name."""
    return bracketed in ("本级", "本部", "机关") or bool(len(bracketed) >= 3 and _ORG_END.search(bracketed))


def _names_a_table(line: str) -> bool:
    """A table's title, numbered as it may be ('收入支出决算总表（公开01表）', '公开01表 收支预算总表')."""
    return normalise_title(_squeeze(line)).endswith("表")


def _fiscal_year(lines: list[str], doc_kind: str | None) -> tuple[int | None, str | None]:
    """The year the short lines naming a 预算/决算 or a 年度 state most often, and '表格标题' when only table
    titles state it (a tables-only file: '2018年政府采购预算表')."""
    years, titles = Counter(), Counter()
    for line in lines:
        short = line.replace(" ", "")
        if len(short) > 40 or not (m := _YEAR.search(short)):
            continue
        if "决算" in short or "预算" in short or "年度" in short or _names_a_table(short):
            years[int(m.group(1))] += 1
            titles[int(m.group(1))] += _names_a_table(short)
    if not years:  # a year printed apart from the title ('2024' alone on the cover)
        for line in lines[:20]:
            if re.fullmatch(r"20\d{2}", line.strip()):
                return int(line.strip()), None
        return None, None
    year = years.most_common(1)[0][0]
    return year, ("表格标题" if titles[year] == years[year] else None)


def _column_unit(rows: list[list[str]]) -> Decimal | None:
    """The unit a table's top rows of words state (a row printing a figure is no header)."""
    return own_unit_scale([r for r in rows[:LAYOUT.own_unit_rows] if not any(is_amount(c) for c in r if c)], None)


def _source_unit(doc: Document) -> str:
    """元 or 万元, whichever the report states more often: in its '单位' lines (the words tables.scale_from reads;
    a sentence naming a 单位 and an amount in 万元 states no unit) and its tables' column headers ('合计（元）'; a
    form's '项目资金（万元）' beside its figure is that figure's unit, as a 元 report's 绩效目标表 print it)."""
    scales = Counter(scale_from([text], None) for text, _ in doc.lines() if "单位" in text and not _SENTENCE.search(text))
    scales.update(_column_unit(b.rows) for b in doc.blocks if b.is_table)
    return "元" if scales[Decimal("0.0001")] > scales[Decimal(1)] else "万元"

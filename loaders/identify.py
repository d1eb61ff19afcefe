"""What a document is: unit, fiscal year, 预算 or 决算, 部门 or 单位, amount unit.

Read from the words reports use on covers, headings and table headers, never from file names.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .document import Document
from .tables import scale_from
from .units import region_of, unit_id_of

_KIND = re.compile(r"(部门|单位)\s*(决算|预算)")
_UNIT_FIELD = re.compile(r"(?:编制单位|单位名称|部门名称|预算单位|单位|部门)\s*[:：]\s*([^\s:：]+)")
_OVERVIEW = re.compile(r"^第[一二三四五六七八九十]+部分\s*(.+?)(?:部门|单位)?概况$")
_SCOPE_FIELD = re.compile(r"^(预算单位|(?:预算)?主管部门)[:：]")
_TITLE_LEN = 40
_YEAR = re.compile(r"(20\d{2})\s*年")
_NOT_UNIT = ("万元", "元", "人民币")


@dataclass
class DocInfo:
    unit_name: str | None
    fiscal_year: int | None
    doc_kind: str | None  # 'final' | 'budget'
    scope: str | None  # 'department' | 'unit'
    region: str | None
    source_unit: str  # '万元' | '元'
    unit_id: str | None = None

    @property
    def scale(self) -> Decimal:
        return Decimal("0.0001") if self.source_unit == "元" else Decimal(1)

    def is_report(self) -> bool:
        return self.doc_kind is not None and self.unit_name is not None


def identify(doc: Document) -> DocInfo:
    lines = [t for t, _ in doc.lines()]
    head = lines[:80]
    doc_kind, scope = _kind_and_scope(head, lines)
    unit = _unit_name(lines)
    return DocInfo(
        unit_name=unit,
        fiscal_year=_fiscal_year(lines, doc_kind),
        doc_kind=doc_kind,
        scope=scope,
        region=region_of(unit) if unit else None,
        source_unit=_source_unit(doc),
        unit_id=unit_id_of(unit) if unit else None,
    )


def _kind_and_scope(head: list[str], lines: list[str]) -> tuple[str | None, str | None]:
    """预算/决算 and 部门/单位 from the first title that names them (a short line: covers, headings).

    A cover field '预算单位：…' or '主管部门：…' settles the scope; words in prose ('预算单位构成')
    do not."""
    titles = [t.replace(" ", "") for t in lines if len(t.replace(" ", "")) <= _TITLE_LEN]
    m = next((m for t in titles for m in [_KIND.search(t)] if m), None)
    if m is None:
        counts = Counter(m.group(2) for m in _KIND.finditer("".join(lines).replace(" ", "")))
        if not counts:
            return None, None
        kind = "final" if counts["决算"] >= counts["预算"] else "budget"
        return kind, "department"
    kind = "final" if m.group(2) == "决算" else "budget"
    scope = "unit" if m.group(1) == "单位" else "department"
    for t in head:
        field = _SCOPE_FIELD.match(t.replace(" ", ""))
        if field:
            scope = "unit" if field.group(1) == "预算单位" else "department"
            break
    return kind, scope


def _unit_name(lines: list[str]) -> str | None:
    names = Counter()
    for line in lines:
        for m in _UNIT_FIELD.finditer(line):
            value = m.group(1)
            if value not in _NOT_UNIT and not value.startswith(_NOT_UNIT) and len(value) >= 4:
                names[value] += 1
    if names:
        return names.most_common(1)[0][0]
    for line in lines[:200]:
        m = _OVERVIEW.match(line.replace(" ", ""))
        if m and len(m.group(1)) >= 4:
            return m.group(1)
    return None


def _fiscal_year(lines: list[str], doc_kind: str | None) -> int | None:
    years = Counter()
    for line in lines:
        short = line.replace(" ", "")
        if len(short) > 40:
            continue
        if ("决算" in short or "预算" in short or "年度" in short) and _YEAR.search(short):
            years[int(_YEAR.search(short).group(1))] += 1
    if not years:  # a year printed apart from the title ('2024' alone on the cover)
        for line in lines[:20]:
            if re.fullmatch(r"20\d{2}", line.strip()):
                return int(line.strip())
        return None
    return years.most_common(1)[0][0]


def _source_unit(doc: Document) -> str:
    """元 or 万元, whichever the report's '单位' lines state more often (the words tables.scale_from reads)."""
    scales = Counter(scale_from([text], None) for text, _ in doc.lines() if "单位" in text)
    return "元" if scales[Decimal("0.0001")] > scales[Decimal(1)] else "万元"

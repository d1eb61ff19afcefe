"""A Document in, everything the report says out: DocInfo + Facts.

This is the pure part of loading (no database): parallel workers run it, tests call it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .read import ocr, ocr_sums  # noqa: F401  (registers the table kinds and narratives)
from . import parsers
from .locate.catalogue import required
from .checks import run_checks
from .document import Document
from .facts import COLUMNS, Facts
from .locate.grid import tidy
from .identity.identify import DocInfo, gaps, identify
from .read.lift import lift_text_rows
from .identity.placeholders import is_placeholder_name
from .locate.registry import DERIVED, FALLBACKS, KINDS, NARRATIVES, PARSERS, is_note, locate
from .locate.tables import LocatedTable
from .vocabulary import LAYOUT


@dataclass
class Extracted:
    doc: Document
    info: DocInfo
    facts: Facts
    status: str  # 'ok' | 'partial' | 'template' (the unit is a placeholder: a blank template)
    part: str | None = None  # 'tables' / 'narrative': one file of a report published as two
    text: list = field(default_factory=list)  # a part's (line, page, text), read with the other part


def parse_table(table: LocatedTable, facts: Facts, info: DocInfo | None) -> None:
    """A located table's facts, its figures first put back under their headers when it has columns."""
    if KINDS[table.kind].columnar:
        tidy(table)
    PARSERS[table.kind](table, facts, info)


def extract(doc: Document) -> Extracted:
    lift_text_rows(doc)
    info = identify(doc)
    facts = Facts()
    facts.problems.extend(gaps(info) + ocr.problems(doc))
    located, facts.unread = locate(doc, info.doc_kind, info.scale)
    for table in located:
        kind = KINDS[table.kind]
        before = facts.count()
        unsure = ocr_sums.settle(table, doc.ocr_pages)  # OCR'd figures the table's sums do not bear out
        try:
            parse_table(table, facts, info)
        except Exception as exc:  # one table's parser bug must not lose the rest of the document
            facts.problems.append(f"{kind.label or kind.name}（第{table.first_page}页）解析出错：{type(exc).__name__}")
        facts.evidence["unreadable_number"].extend(
            {"table": kind.label or kind.name, "cell": cell, "page": page, "where": where}
            for cell, page, where in table.unreadable_cells() + unsure)
        facts.tables.append({
            "kind": table.kind, "label": kind.label, "title": table.title,
            "first_page": table.first_page, "row_count": len(table.rows),
            "where": table.where[0] if table.where else None,  # its first row's, for a finding about the table
            "fact_count": facts.count() - before + table.replaced,
        })
    for derive in DERIVED:
        derive(facts, info)
    for func in NARRATIVES + FALLBACKS:
        try:
            func(doc, facts, info)
        except Exception as exc:
            facts.problems.append(f"情况说明（{func.__name__}）解析出错：{type(exc).__name__}")
    part = publication_part(doc, facts)
    facts.rows["findings"].extend({k: f.get(k) for k in COLUMNS["findings"]} for f in run_checks(facts, info, doc, part))
    found = {t["kind"] for t in facts.tables} | {f"fund:{r['fund']}" for r in facts.get("expenditure_function")}
    for kind in required(info.doc_kind, info.region) if part != "narrative" else ():
        if not {kind.name, f"fund:{kind.fund}"} & found:  # the general rows of a 财政拨款 table count
            facts.problems.append(f"未找到{kind.label or kind.name}")
    status = "template" if is_placeholder_name(info.unit_name) else "partial" if facts.problems else "ok"
    return Extracted(doc=doc, info=info, facts=facts, status=status, part=part)


def publication_part(doc: Document, facts: Facts) -> str | None:
    """'narrative' for a 公开文件 without tables, 'tables' for a 公开表格 with (almost) no prose: the two
    files of one report published apart; None for a whole report."""
    prose = sum(len(text) for text, _ in doc.lines()
                if any(p in text for p in "。，；") and not is_note(text))
    if not facts.tables:
        return "narrative" if prose >= LAYOUT.min_prose else None
    return "tables" if prose < LAYOUT.min_prose else None

"""Consistency checks: small registered units run on a document's typed facts at load time.

Each check is registered against its spec in loaders/checklist.py (id, title, group, scope) with its
message templates (base.check) and yields Findings (base.Finding; CONTRACT.md 'findings'): a Chinese
message that names the numbers that disagree and where, the expected and actual values, a severity and
a kind. The runner writes the check's id on what it yields, so a check never spells its own id.
Importing this package imports every check module, in the order below (the order the checks run).
"""
from __future__ import annotations

from ..checklist import check_titles
from ..document import Document
from ..facts import Facts
from ..identity.identify import DocInfo
from . import (arithmetic, blank_tables, completeness, cross_document, cross_table, disclosures,  # noqa: F401
               flattery, lists, narrative, performance, placeholders, repeated_codes, toc, unreadable, wording,
               year_over_year, years)
from .base import CHECKS, COULD_NOT_RUN, MESSAGES, UNRUN, Check, Finding, finding, stamped
from .blame import consolidate
from .completeness import said_by_toc
from .context import Companion, Context, as_document
from .year_over_year import claims

__all__ = ["CHECKS", "Check", "Companion", "Context", "Finding", "as_document", "check_titles", "finding",
           "run_checks"]


def run_checks(facts: Facts, info: DocInfo, doc: Document | str, part: str | None = None,
               companion: Companion | None = None) -> list[dict]:
    """All checks of one report (or one file of a report published as two, with the other file when it
    is loaded), as findings rows; a check that crashes reports itself, never the load."""
    ctx = Context(facts, info, as_document(doc), part, companion)
    out: list[Finding] = []
    for c in CHECKS.values():
        if c.spec.scope != "report":
            continue
        try:
            out.extend(stamped(c.run(ctx), c.id))
        except Exception as exc:
            out.append(finding("warning", MESSAGES["crashed"].format(title=c.title, error=type(exc).__name__),
                               check_id=c.id, kind=COULD_NOT_RUN))
    try:  # checked against last year's report once both are stored (cross_document)
        facts.claims = claims(ctx)
    except Exception:  # the year_over_year check has said it could not read them
        facts.claims = []
    return [f.row() for f in _merge_unrun(said_by_toc(consolidate(out)))]


def _merge_unrun(found: list[Finding]) -> list[Finding]:
    """One 'could not run' finding per check: a table the parser half-read must not drown the rest."""
    out, unrun_by_check = [], {}
    for f in found:
        if f.kind == COULD_NOT_RUN:
            unrun_by_check.setdefault(f.check_id, []).append(f)
        else:
            out.append(f)
    for check_id, group in unrun_by_check.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        shown = "；".join(g.message.removeprefix(UNRUN) for g in group[:3])
        count = f"等 {len(group)} 处" if len(group) > 3 else f"共 {len(group)} 处"
        out.append(finding("warning", MESSAGES["unrun_merged"].format(count=count, shown=shown), group[0].page,
                           check_id=check_id, subject=group[0].subject, kind=COULD_NOT_RUN, facts=group[0].facts))
    return out

"""Consistency checks: small registered units run on a document's typed facts at load time.

Each check has an id and yields Finding rows (CONTRACT.md 'findings'): a Chinese message that names
the numbers that disagree and where, the expected and actual values, and a severity. The runner
writes the check's id on what it yields, so a check never spells its own id; the wordings the checks
share are the templates in MESSAGES. Arithmetic is done in Decimal; a difference within 0.01 per
summed term is a rounding tail ('info'), not an error.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Callable, Iterable

from ..document import Document
from ..facts import Facts
from ..identify import DocInfo
from ..prose import Passage, passages
from ..vocabulary import TOLERANCES

CENT = TOLERANCES.cent


@dataclass
class Companion:
    """The other file of a report published as two (a 公开表格 and a 公开文件), as stored: its name, its text
    lines (for the 目录's entries) and how the completeness check judged its tables (label → points)."""
    file_name: str
    lines: list[tuple[str, int | None]]
    points: dict[str, float]


@dataclass
class Context:
    facts: Facts
    info: DocInfo
    doc: Document  # the report as read: narrative and completeness checks need its lines and pages
    part: str | None = None  # 'tables' / 'narrative': one file of a report published as two (extract.publication_part)
    companion: Companion | None = None  # that report's other file, once both are loaded (pairs.join)

    @property
    def text(self) -> str:
        return self.doc.full_text()

    @cached_property
    def prose(self) -> list[Passage]:
        """The report's prose cut into passages, once for every check that reads it."""
        return passages(self.doc.lines())

    @cached_property
    def comparisons(self):
        """The comparisons the prose states (comparisons.py), once for the checks that judge them."""
        from .comparisons import read

        return read(self.prose, self.info.fiscal_year)


@dataclass
class Check:
    id: str
    title: str  # what the check verifies, in Chinese
    run: Callable[[Context], Iterable[dict]]


CHECKS: dict[str, Check] = {}


def check(check_id: str, title: str):
    def wrap(func):
        CHECKS[check_id] = Check(check_id, title, func)
        return func
    return wrap


def dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 6)))


def fmt(value: Decimal | None) -> str:
    return "（未读出）" if value is None else f"{value:,.2f}"


def page_ref(*pages) -> str:
    ps = sorted({p for p in pages if p is not None})
    return "（第" + "、".join(map(str, ps)) + "页）" if ps else ""


# The wordings several checks share; {what} names the figures compared, {where} their pages.
MESSAGES = {
    "differs": "{what}：应为 {expected}，实为 {actual}，相差 {diff}{where}",
    "rounding": "{what}：应为 {expected}，实为 {actual}，相差 {diff}（四舍五入尾差）{where}",
    "unrun": "无法核对{what}：所需数字未能读出{named}{where}",
    "unrun_merged": "无法核对（{count}）：{shown}",
    "crashed": "核对“{title}”未能完成（{error}）",
}
_UNRUN = MESSAGES["unrun"].split("{")[0]


def finding(severity: str, message: str, page=None, expected=None, actual=None, check_id: str | None = None,
            other_page=None, subject: str | None = None) -> dict:
    """A finding row; check_id only for one a check writes under a second id (the runner fills in its own);
    other_page where the other figure of a disagreement was printed (it may be the finding's page);
    subject what it is about in the report's words (a table's name, an item, a project)."""
    return {"check_id": check_id, "severity": severity, "message": message, "page": page,
            "expected": None if expected is None else float(expected),
            "actual": None if actual is None else float(actual),
            "subject": subject, "other_page": other_page}


def compare(what: str, expected: Decimal | None, actual: Decimal | None,
            terms: int = 1, page=None, pages=(), refs=None) -> dict | None:
    """One equality, judged: equal → nothing; within 0.01 per term → info; else error.

    A value that could not be read makes the check say so instead of assuming 0. refs: which printed
    figures expected and actual are (blame.Ref, either None), for the finding to name the misprinted one."""
    if expected is None or actual is None:
        return unrun(what, page, pages)
    diff = abs(expected - actual)
    if diff == 0:
        return None
    rounding = diff <= CENT * max(terms, 1)
    message = MESSAGES["rounding" if rounding else "differs"].format(
        what=what, expected=fmt(expected), actual=fmt(actual), diff=f"{diff:.2f}" if rounding else fmt(diff),
        where=page_ref(page, *pages))
    found = finding("info" if rounding else "error", message, page, expected, actual,
                    other_page=next((p for p in pages if p is not None), None))
    if refs:
        slack = CENT * max(terms, 1)
        found["figures"] = [r.should(v, be, slack) for r, v, be in zip(refs[::-1], (actual, expected),
                                                                        (expected, actual)) if r]
    return found


_NAMED = 6  # unread figures named in one finding; a half-read table says how many more


def unrun(what: str, page=None, pages=(), missing: list[str] = ()) -> dict:
    """A comparison that could not be made because a number was not read: said, never zeroed.
    missing names the figures that were not read, when the check knows them."""
    more = f"等 {len(missing)} 项" if len(missing) > _NAMED else ""
    named = f"（{'、'.join(missing[:_NAMED])}{more}）" if missing else ""
    return finding("warning", MESSAGES["unrun"].format(what=what, named=named, where=page_ref(page, *pages)), page,
                   subject=what)


def whole_vs_parts(what: str, whole: tuple[str, float | None],
                   parts: list[tuple[str, float | None]], page=None, pages=(), refs=None) -> dict | None:
    """A printed whole against the sum of its printed parts; each is (name, value as read, None if blank).

    A blank counts as nothing, which is what a printed blank or '-' means, but it may also be a figure
    that could not be read. So when the parts then fall short of the whole, or the whole is blank, the
    check names the blank figures and says it could not be made, rather than call the table wrong on a
    0 it assumed. Parts that exceed the whole stay an error: a missing figure could only add to them.
    refs: (the whole's blame.Ref, the parts' Refs), for the finding to name the misprinted figure."""
    values = [dec(v) for _, v in parts if v is not None]
    if not parts or (whole[1] is None and not values):
        return None
    total = sum(values, Decimal(0))
    found = compare(what, dec(whole[1]), total, terms=len(values), page=page, pages=pages)
    if not found or found["severity"] == "info":
        return found
    blank = [name for name, v in [*parts, whole] if v is None]
    if blank and (whole[1] is None or dec(whole[1]) > total):
        return unrun(what, page, pages, missing=blank)
    if refs and found["severity"] == "error":
        from .blame import sum_figures

        found["figures"] = sum_figures(refs[0], dec(whole[1]), [(r, dec(v)) for r, (_, v) in zip(refs[1], parts)
                                                                 if v is not None], CENT * len(values))
    return found


def _merge_unrun(found: list[dict]) -> list[dict]:
    """One 'could not run' finding per check: a table the parser half-read must not drown the rest."""
    out, unrun_by_check = [], {}
    for f in found:
        if f["severity"] == "warning" and f["message"].startswith(_UNRUN):
            unrun_by_check.setdefault(f["check_id"], []).append(f)
        else:
            out.append(f)
    for check_id, group in unrun_by_check.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        shown = "；".join(g["message"][len(_UNRUN):] for g in group[:3])
        count = f"等 {len(group)} 处" if len(group) > 3 else f"共 {len(group)} 处"
        out.append(finding("warning", MESSAGES["unrun_merged"].format(count=count, shown=shown), group[0]["page"],
                           check_id=check_id, subject=group[0]["subject"]))
    return out


def as_document(text: str | Document) -> Document:
    """Tests may pass plain prose; it becomes a one-page-less text document."""
    if isinstance(text, Document):
        return text
    from ..document import Block

    return Document("", "", "text", None, [Block(None, text=line) for line in text.splitlines()])


def register() -> None:
    """Import every check module (each registers its checks); the loader does it once at import, so
    each forked reader starts with them instead of importing them again for its one file."""
    from . import (arithmetic, blank_tables, completeness, cross_document, cross_table, disclosures,  # noqa: F401
                   flattery, lists, narrative, performance, placeholders, repeated_codes, toc, unreadable, wording,
                   year_over_year, years)


# Findings a check writes under a second id: the completeness check's score.
_OTHER_TITLES = {"completeness_score": "公开完整性得分"}


def check_titles() -> dict[str, str]:
    """Check id → what it verifies, in Chinese (for readers of the findings table)."""
    register()
    from .cross_document import CROSS_CHECKS

    return {c.id: c.title for c in (*CHECKS.values(), *CROSS_CHECKS.values())} | _OTHER_TITLES


def stamped(found: Iterable[dict | None], check_id: str) -> list[dict]:
    """What a check yielded, each finding under the check's id unless it named a second one."""
    return [f | {"check_id": f["check_id"] or check_id} for f in found if f]


def run_checks(facts: Facts, info: DocInfo, doc: Document | str, part: str | None = None,
               companion: Companion | None = None) -> list[dict]:
    """All registered checks on one document (or one file of a report published as two, with the other
    file when it is loaded); a check that crashes reports itself, never the load."""
    register()
    ctx = Context(facts, info, as_document(doc), part, companion)
    out: list[dict] = []
    for c in CHECKS.values():
        try:
            out.extend(stamped(c.run(ctx), c.id))
        except Exception as exc:
            out.append(finding("warning", MESSAGES["crashed"].format(title=c.title, error=type(exc).__name__),
                               check_id=c.id))
    from .year_over_year import claims

    try:  # checked against last year's report once both are stored (cross_document)
        facts.claims = claims(ctx)
    except Exception:  # the year_over_year check has said it could not read them
        facts.claims = []
    from .blame import consolidate
    from .completeness import said_by_toc

    return _merge_unrun(said_by_toc(consolidate(out)))

"""What every check is built from: its registration (Check: the spec in loaders/checklist.py, its run
function and its message templates), the Finding it yields, and the formatting of figures and pages.

A check module registers with @check(id, messages): the id names its row in checklist.SPECS (title,
group, scope), the messages are its named wordings, so what a check says to a reader lives in one
place. The shared wordings (a difference, a rounding tail, a comparison that could not be made) are
MESSAGES here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Callable, Iterable

from ..checklist import SPECS, Spec
from ..database.schema import BOX
from ..facts import place, where_of
from ..judgement import JUDGEMENT

CENT = JUDGEMENT.per_term

# What a finding says happened (frictionless calls these error types): two figures of one meaning
# disagree; something a report should hold is not there; a printed figure could not be read; the
# comparison could not be made (a figure it needs was not read, or the check itself failed).
MISMATCH, MISSING, UNREADABLE, COULD_NOT_RUN = "mismatch", "missing", "unreadable", "could_not_run"
FINDING_KINDS = (MISMATCH, MISSING, UNREADABLE, COULD_NOT_RUN)


@dataclass
class Finding:
    """One problem a check found (a row of CONTRACT.md 'findings' once stored): a Chinese message naming
    the numbers that disagree and where, the expected and actual values, a severity and a kind.

    check_id only for one a check writes under a second id (the runner fills in its own); other_page
    where the other figure of a disagreement was printed (it may be the finding's page); subject what it
    is about in the report's words (a table's name, an item, a project); doc_id the report a
    cross-document finding is written for; figures the printed figures it blames (blame.Figure).

    facts: the fact rows it blames (or printed_line(): a narrative line, a title), its own first. They carry
    where they were printed, so the finding stands where they do: its box (or line) is that of its first
    fact on its page, the other line of a disagreement that of its first other fact on other_page. A
    finding naming no printed fact (a table not found, a score) has no position."""
    severity: str
    message: str
    page: int | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None
    check_id: str | None = None
    other_page: int | None = None
    subject: str | None = None
    kind: str = MISMATCH
    doc_id: str | None = None
    figures: list | None = None
    facts: list[dict] = field(default_factory=list)

    def row(self) -> dict:
        """The finding as the store takes it, placed where its facts were printed (figures, doc_id and
        facts only when it has them; the store keeps its columns)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)
               if getattr(self, f.name) or f.name not in ("figures", "doc_id", "facts")}
        own = self._fact_on(self.page)
        place(out, own)
        other = self._fact_on(self.other_page, skip=own) if self.other_page is not None else None
        out.update({f"other_{k}": v for k, v in zip(BOX, other if isinstance(other, tuple) else (None,) * 4)})
        return out

    def _fact_on(self, page, skip=None):
        """Where the first of its facts printed on page (and not at skip) was printed."""
        return next((w for f in self.facts if f.get("page") == page
                     for w in [where_of(f)] if w is not None and w != skip), None)


def printed_line(page, where) -> dict:
    """A printed line a finding blames that is no fact row (a sentence of the narrative, a table's
    title, a 目录 entry), as a fact row gives its page and position."""
    row = {"page": page}
    place(row, where)
    return row


def title_line(block) -> dict:
    """A block's first printed line (a title, a table's first row), as printed_line() gives it."""
    return printed_line(block.page, block.where[0] if block.where else None)


def blamed(*rows) -> list[dict]:
    """The fact rows given (None skipped; lists of rows flattened), in order."""
    out = []
    for r in rows:
        out.extend(x for x in (r if isinstance(r, (list, tuple)) else [r]) if x)
    return out


def finding(severity: str, message: str, page=None, expected=None, actual=None, check_id: str | None = None,
            other_page=None, subject: str | None = None, kind: str = MISMATCH, facts=()) -> Finding:
    """A Finding blaming facts (see blamed); its figures are Decimals as the facts hold them (the store
    writes them as DOUBLE)."""
    return Finding(severity, message, page, expected, actual, check_id, other_page, subject, kind,
                   facts=blamed(*facts))


@dataclass
class Check:
    spec: Spec  # id, title, group, scope (loaders/checklist.py)
    run: Callable  # report checks: run(Context); across reports: run(con, docs: list[dict]) (cross_document)
    messages: dict[str, str] = field(default_factory=dict)  # its named wordings: name → str.format template

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title


CHECKS: dict[str, Check] = {}


def check(check_id: str, messages: dict[str, str] | None = None):
    """Register the decorated function as the check of checklist.SPECS[check_id], with its wordings."""
    def wrap(func):
        CHECKS[check_id] = Check(SPECS[check_id], func, messages or {})
        return func
    return wrap


def stamped(found: Iterable[Finding | None], check_id: str) -> list[Finding]:
    """What a check yielded, each finding under the check's id unless it named a second one."""
    out = [f for f in found if f]
    for f in out:
        f.check_id = f.check_id or check_id
    return out


def fmt(value: Decimal | None) -> str:
    return "（未读出）" if value is None else f"{value:,.2f}"


def page_ref(*pages) -> str:
    ps = sorted({p for p in pages if p is not None})
    return "（第" + "、".join(map(str, ps)) + "页）" if ps else ""


# The wordings several checks share; {what} names the figures compared, {where} their pages.
UNRUN = "无法核对"  # how a comparison that could not be made opens (merged ones show what follows it)
MESSAGES = {
    "differs": "{what}：应为 {expected}，实为 {actual}，相差 {diff}{where}",
    "rounding": "{what}：应为 {expected}，实为 {actual}，相差 {diff}（四舍五入尾差）{where}",
    "unrun": UNRUN + "{what}：所需数字未能读出{named}{where}",
    "unrun_merged": UNRUN + "（{count}）：{shown}",
    "crashed": "核对“{title}”未能完成（{error}）",
    # one figure several findings blame (blame.consolidate): it named, what they make it, what it broke
    "misprinted": "{figure} {value}{where}疑为印错（{count} 处核对均指向 {should}）：{first}；同一数字另致：{others}",
}

_NAMED = 6  # unread figures named in one finding; a half-read table says how many more


def unrun(what: str, page=None, pages=(), missing: list[str] = (), facts=()) -> Finding:
    """A comparison that could not be made because a number was not read: said, never zeroed.
    missing names the figures that were not read, when the check knows them."""
    more = f"等 {len(missing)} 项" if len(missing) > _NAMED else ""
    named = f"（{'、'.join(missing[:_NAMED])}{more}）" if missing else ""
    return finding("warning", MESSAGES["unrun"].format(what=what, named=named, where=page_ref(page, *pages)), page,
                   subject=what, kind=COULD_NOT_RUN, facts=facts)

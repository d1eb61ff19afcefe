"""One equality judged, as most checks make it: two figures (compare) or a printed whole against the
sum of its printed parts (whole_vs_parts). Arithmetic is done in Decimal; a difference within one cent
per summed term (judgement.JUDGEMENT.per_term) is a rounding tail ('info'), not an error."""
from __future__ import annotations

from decimal import Decimal

from .base import CENT, MESSAGES, Finding, blamed, finding, fmt, page_ref, unrun
from .blame import sum_figures


def compare(what: str, expected: Decimal | None, actual: Decimal | None,
            terms: int = 1, page=None, pages=(), refs=None, facts=()) -> Finding | None:
    """One equality, judged: equal → nothing; within 0.01 per term → info; else error.

    A value that could not be read makes the check say so instead of assuming 0. refs: which printed
    figures expected and actual are (blame.Ref, either None), for the finding to name the misprinted one;
    facts: the rows printing them, the one on page first (the refs' rows when not given)."""
    facts = blamed(*facts) or blamed(*(r.fact for r in (refs or ())[::-1] if r))
    if expected is None or actual is None:
        return unrun(what, page, pages, facts=facts)
    diff = abs(expected - actual)
    if diff == 0:
        return None
    rounding = diff <= CENT * max(terms, 1)
    message = MESSAGES["rounding" if rounding else "differs"].format(
        what=what, expected=fmt(expected), actual=fmt(actual), diff=f"{diff:.2f}" if rounding else fmt(diff),
        where=page_ref(page, *pages))
    found = finding("info" if rounding else "error", message, page, expected, actual,
                    other_page=next((p for p in pages if p is not None), None), facts=facts)
    if refs:
        slack = CENT * max(terms, 1)
        found.figures = [r.should(v, be, slack) for r, v, be in zip(refs[::-1], (actual, expected),
                                                                     (expected, actual)) if r]
    return found


def whole_vs_parts(what: str, whole: tuple[str, Decimal | None],
                   parts: list[tuple[str, Decimal | None]], page=None, pages=(), refs=None, facts=()) -> Finding | None:
    """A printed whole against the sum of its printed parts; each is (name, value as read, None if blank).

    A blank counts as nothing, which is what a printed blank or '-' means, but it may also be a figure
    that could not be read. So when the parts then fall short of the whole, or the whole is blank, the
    check names the blank figures and says it could not be made, rather than call the table wrong on a
    0 it assumed. Parts that exceed the whole stay an error: a missing figure could only add to them.
    refs: (the whole's blame.Ref, the parts' Refs), for the finding to name the misprinted figure; facts:
    the whole's row, then its parts' (the refs' rows when not given)."""
    values = [v for _, v in parts if v is not None]
    if not parts or (whole[1] is None and not values):
        return None
    total = sum(values, Decimal(0))
    facts = blamed(*facts) or (blamed(refs[0] and refs[0].fact, *(r.fact for r in refs[1] if r)) if refs else [])
    found = compare(what, whole[1], total, terms=len(values), page=page, pages=pages, facts=facts)
    if not found or found.severity == "info":
        return found
    blank = [name for name, v in [*parts, whole] if v is None]
    if blank and (whole[1] is None or whole[1] > total):
        return unrun(what, page, pages, missing=blank, facts=facts)
    if refs and found.severity == "error":
        found.figures = sum_figures(refs[0], whole[1], [(r, v) for r, (_, v) in zip(refs[1], parts)
                                                              if v is not None], CENT * len(values))
    return found

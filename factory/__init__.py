"""The report factory: figures → 预算/决算 reports as PDF or text export, in the corpus layouts.

It makes the bundled sample data (python -m factory samples), the round-trip tests
(figures → report → loader → the same figures) and the scale benchmark's varied figures."""
from __future__ import annotations

from .budget import BudgetReport
from .figures import Report
from .final import FinalReport
from .layout import PageBreak, Text


def elements(report: Report) -> list:
    """The printed elements of a report, in reading order; a notice closes the cover."""
    builder = FinalReport(report) if report.kind == "final" else BudgetReport(report)
    out = builder.elements()
    if report.notice:
        cover_end = next(i for i, el in enumerate(out) if isinstance(el, PageBreak))
        out.insert(cover_end, Text(report.notice, "note"))
    return out

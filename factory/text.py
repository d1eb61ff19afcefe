"""Figures → a text export: paragraphs as lines, tables as tab-separated rows (the corpus .txt form)."""
from __future__ import annotations

from . import elements
from .figures import Report
from .layout import Grid, PageBreak, Text
from .variants import apply, running_lines, runs_header


def render_text(report: Report, variants: tuple[str, ...] = ()) -> bytes:
    """The report as a text export; a running header and footer, when the variant prints them, come
    at every page break as a PDF-to-text export keeps them."""
    out: list[str] = []
    header, footer = running_lines(report) if runs_header(variants) else ("", "")
    page = 1
    for el in apply(report, elements(report), variants):
        if isinstance(el, Text):
            out += [el.text, ""]
        elif isinstance(el, Grid):
            out += ["\t".join(row) for row in el.printed().rows] + [""]
        elif isinstance(el, PageBreak) and header and out:
            out += [footer.format(page=page), header]
            page += 1
    return "\n".join(out).encode("utf-8")

"""Figures → a text export: paragraphs as lines, tables as tab-separated rows (the corpus .txt form)."""
from __future__ import annotations

from . import elements
from .figures import Report
from .layout import Grid, Text


def render_text(report: Report) -> bytes:
    out: list[str] = []
    for el in elements(report):
        if isinstance(el, Text):
            out += [el.text, ""]
        elif isinstance(el, Grid):
            out += ["\t".join(row) for row in el.rows] + [""]
    return "\n".join(out).encode("utf-8")

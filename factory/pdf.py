"""Figures → a PDF with a text layer and ruled tables, as government portals publish them.

reportlab's invariant mode makes the bytes depend on the figures only, so the bundled samples
can be checked against a fresh run."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak as FlowBreak
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import elements
from .figures import Report
from .layout import Grid, PageBreak, Text

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
STYLES = {
    "cover": ParagraphStyle("cover", fontName=FONT, fontSize=20, leading=30, alignment=1, spaceBefore=40),
    "heading": ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=6),
    "title": ParagraphStyle("title", fontName=FONT, fontSize=14, leading=20, alignment=1),
    "body": ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK", firstLineIndent=20),
    "note": ParagraphStyle("note", fontName=FONT, fontSize=8, leading=12, wordWrap="CJK"),
}
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
PAGE = landscape(A4)
MARGIN = 15 * mm


def render_pdf(report: Report) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, invariant=1, title=report.unit, author="预决算透视 report factory")
    story = []
    for el in elements(report):
        if isinstance(el, Text):
            story.append(Paragraph(escape(el.text), STYLES[el.style]))
        elif isinstance(el, Grid):
            story += [_table(el, doc.width), Spacer(1, 4)]
        elif isinstance(el, PageBreak) and story:
            story.append(FlowBreak())
    doc.build(story)
    return buf.getvalue()


def _table(grid: Grid, width: float) -> Table:
    scale = width / sum(grid.widths)
    widths = [w * scale for w in grid.widths]
    data = [[_cell(text, w) for text, w in zip(row, widths)] for row in grid.rows]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), FONT, 7),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in grid.spans]
    return Table(data, colWidths=widths, repeatRows=grid.header, style=TableStyle(style))


def _cell(text: str, width: float):
    """Short cells as plain strings; text wider than its column wraps inside the cell."""
    if pdfmetrics.stringWidth(text, FONT, 7) <= width - 6:
        return text
    return Paragraph(escape(text), CELL)

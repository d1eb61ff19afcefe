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
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import elements
from .figures import Report
from .layout import Grid, PageBreak, Picture, Text
from .variants import apply, running_lines, runs_header

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


def render_pdf(report: Report, variants: tuple[str, ...] = ()) -> bytes:
    """The report as a PDF, in the corpus layout or as the named layout variants print it."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, invariant=1, title=report.unit, author="预决算透视 report factory")
    story = []
    for el in apply(report, elements(report), variants):
        if isinstance(el, Text):
            story.append(Paragraph(escape(el.text), STYLES[el.style]))
        elif isinstance(el, Picture):
            story.append(Image(cover_image(), width=el.width * mm, height=el.height * mm))
        elif isinstance(el, Grid):
            story += [_table(el, doc.width), Spacer(1, 4)]
        elif isinstance(el, PageBreak) and story:
            story.append(FlowBreak())
    if runs_header(variants):
        header, footer = running_lines(report)
        doc.build(story, onLaterPages=_running(header, footer))  # the cover has none
    else:
        doc.build(story)
    return buf.getvalue()


def _running(header: str, footer: str):
    """Draw the running header line at the top of a page and its page number at the bottom."""
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, PAGE[1] - MARGIN / 2, header)
        canvas.drawCentredString(PAGE[0] / 2, MARGIN / 2, footer.format(page=doc.page))
        canvas.restoreState()
    return draw


def cover_image() -> io.BytesIO:
    """A cover as a scanner delivers it: shapes and colour, no text layer."""
    from PIL import Image as PILImage, ImageDraw

    img = PILImage.new("RGB", (640, 440), (250, 246, 238))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, 600, 400), outline=(160, 20, 20), width=6)
    for k, y in enumerate((120, 200, 280)):
        draw.rectangle((120, y, 520 - 60 * k, y + 30), fill=(60, 60, 60))
    out = io.BytesIO()
    img.save(out, format="PNG")
    out.seek(0)
    return out


def _table(grid: Grid, width: float) -> Table:
    grid = grid.printed()
    scale = width / sum(grid.widths)
    widths = [w * scale for w in grid.widths]
    data = [[_cell(text, w) for text, w in zip(row, widths)] for row in grid.rows]
    above, below = grid.outside
    rules = [("GRID", (0, above), (-1, -1 - below), 0.5, colors.black)] if grid.ruled else []
    style = rules + [("FONT", (0, 0), (-1, -1), FONT, 7), ("VALIGN", (0, 0), (-1, -1), grid.valign),
                     ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in grid.spans]
    return Table(data, colWidths=widths, repeatRows=grid.header, style=TableStyle(style))


def _cell(text: str, width: float):
    """Short cells as plain strings; text wider than its column wraps inside the cell."""
    if pdfmetrics.stringWidth(text, FONT, 7) <= width - 6:
        return text
    return Paragraph(escape(text), CELL)

"""Figures → a Word document (.docx), as many departments publish their reports; and a .doc
(Word 97–2003), converted by LibreOffice from the report's web page form.

Paragraphs in reading order (the cover and titles centred, headings bold), each table a Word table
with its merged cells merged (gridSpan across, vMerge down), page breaks where the PDF breaks pages,
the cover picture as an inline image; the running header, when the variant prints one, is the
section's header, which the body does not hold."""
from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from loaders.read.word_source import convert

from . import elements
from .figures import Report
from .html import render_html
from .layout import Grid, PageBreak, Picture, Text
from .pdf import cover_image
from .variants import apply, running_lines, runs_header

_SIZES = {"cover": 22, "title": 14, "heading": 12, "body": 10.5, "note": 9}


def render_docx(report: Report, variants: tuple[str, ...] = ()) -> bytes:
    book = docx.Document()
    book.core_properties.author = "预决算透视 report factory"
    started = False
    for el in apply(report, elements(report), variants):
        if isinstance(el, Text):
            _paragraph(book, el)
        elif isinstance(el, Grid):
            _table(book, el)
        elif isinstance(el, Picture):
            book.add_picture(cover_image(), width=Mm(el.width))
        elif isinstance(el, PageBreak) and started:
            book.add_page_break()
        started = True
    if runs_header(variants):
        book.sections[0].header.paragraphs[0].text = running_lines(report)[0]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _paragraph(book, el: Text) -> None:
    p = book.add_paragraph()
    run = p.add_run(el.text)
    run.font.size = Pt(_SIZES[el.style])
    run.bold = el.style in ("cover", "title", "heading")
    if el.style in ("cover", "title"):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(book, grid: Grid) -> None:
    width = max(len(row) for row in grid.rows)
    table = book.add_table(rows=len(grid.rows), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(grid.rows):
        cells = table.rows[i].cells
        for j, text in enumerate(row):
            if text:
                cells[j].text = text
    for c0, r0, c1, r1 in grid.spans:
        table.cell(r0, c0).merge(table.cell(r1, c1))


def render_doc(report: Report, variants: tuple[str, ...] = ()) -> bytes:
    """The report as a .doc: its web page form saved by LibreOffice as Word 97–2003 (how many .doc
    reports come about; LibreOffice writes the tables of a python-docx file into a .doc badly)."""
    return convert(render_html(report, variants), "html", "doc:MS Word 97")

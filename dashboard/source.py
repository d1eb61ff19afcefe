"""The 来源 view's work: find a document's kept file, render one of its pages with the figure's box
drawn on it, read the printed line back, and draw a copy of a report with its findings boxed.

Pages are rendered with PDFium in a child process under limits (render.py), at SCALE or less for a
huge page, and cached by the file's hash and page, so a second look at the same page costs nothing."""
from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import streamlit as st

from loaders import api

from . import db, render
from .findings import SEVERITIES
from .render import RenderError  # noqa: F401  (what the pages catch)

BOX = api.BOX  # a box's keys in a 来源 link (pages/source.py)

RED = (220, 30, 30)


def document(doc_id: str) -> dict | None:
    """The document's file name, hash and format, or None when no such document is loaded."""
    rows = db.query("SELECT file_name, sha256, source_format, page_count FROM documents WHERE doc_id = ?", [doc_id])
    return None if rows.empty else rows.iloc[0].to_dict()


def kept_file(sha256: str) -> Path | None:
    return api.source_file(db.db_path(), sha256)


@st.cache_data(show_spinner="正在生成页面图像…", max_entries=64)
def page_png(sha256: str, path: str, page: int) -> tuple[bytes, float]:
    """One page (1-based) as PNG and the pixels per point it was drawn at; keyed by the hash, so a
    replaced file is not confused. Raises RenderError past a limit."""
    return render.run(render.page_image, path, page)


def highlighted(png: bytes, scale: float, boxes: list[tuple[float, float, float, float]]) -> Image.Image:
    """The page with each box (PDF points from the top-left) outlined in red over a light fill; a
    box is kept within the page, one with a side that is no finite number is left out."""
    from PIL import Image, ImageDraw  # here: 数据核对 imports this module, and its first visit waited for PIL

    image = Image.open(io.BytesIO(png)).convert("RGB")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width, height = image.size
    for box in boxes:
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in box):
            continue
        x0, top, x1, bottom = (min(max(v * scale, -10.0), limit + 10.0)
                               for v, limit in zip(box, (width, height, width, height)))
        draw.rectangle([min(x0, x1) - 3, min(top, bottom) - 3, max(x0, x1) + 3, max(top, bottom) + 3],
                       fill=(255, 230, 0, 70), outline=RED + (255,), width=3)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


@st.cache_data(show_spinner=False, max_entries=256)
def printed_text(sha256: str, path: str, page: int, box: tuple[float, float, float, float]) -> str:
    """The text printed in the box, as pdfplumber reads it: the characters it overlaps (a character's
    box, one font size tall, may stand out of its line's box)."""
    import pdfplumber  # here, not above: 数据核对 imports this module, and its first visit waited 0.1 s for it

    with pdfplumber.open(path, pages=[page]) as pdf:
        p = pdf.pages[0]
        x0, top, x1, bottom = box
        inside = (max(0, x0), max(0, top), min(p.width, x1), min(p.height, bottom))
        return (p.crop(inside, strict=False).extract_text() or "").strip()


LINED = ("text", "word", "html")  # the sources whose facts name a line, not a page


@st.cache_data(show_spinner=False, max_entries=32)
def text_lines(sha256: str, path: str, source_format: str = "text") -> list[str]:
    """The lines numbered as the loader numbered them (1-based): a text export's lines, a Word
    document's or web page's paragraphs and table rows (cells between tabs). Read in a child under
    the render limits (a .doc goes through LibreOffice); raises RenderError past one."""
    return render.run(render.lines, path, source_format)


@st.cache_data(show_spinner=False, max_entries=32)
def sheet_lines(sha256: str, path: str, page: int) -> tuple[str, list[str]]:
    """A workbook's `page`-th sheet as the loader counted them: its name and rows (cells between
    tabs, row 1 first); no rows when it has no such sheet. Read in a child, as text_lines."""
    return render.run(render.sheet, path, page)


def around(lines: list[str], line: int | None, span: int = 6) -> pd.DataFrame:
    """The lines within span of `line`, that line marked; all of them when no line is given (a sheet
    a link names without its row)."""
    first, last = (max(1, line - span), min(len(lines), line + span)) if line else (1, len(lines))
    return pd.DataFrame({"行号": range(first, last + 1),
                         "": ["▶" if n == line else "" for n in range(first, last + 1)],
                         "内容": [lines[n - 1] for n in range(first, last + 1)]})


def pdf_documents(doc_ids: list[str]) -> dict[str, str]:
    """doc_id → file name of those documents that are PDFs with their file kept."""
    if not doc_ids:
        return {}
    rows = db.query(f"SELECT doc_id, file_name, sha256 FROM documents WHERE source_format = 'pdf' AND doc_id IN "
                    f"({', '.join('?' * len(doc_ids))}) ORDER BY file_name", doc_ids)
    return {r.doc_id: r.file_name for r in rows.itertuples() if kept_file(r.sha256)}


def document_findings(doc_id: str) -> pd.DataFrame:
    """A document's findings in page order, the boxed ones with their box."""
    return db.query("SELECT severity, page, message, x0, top, x1, bottom, other_page, other_x0, other_top, "
                    "other_x1, other_bottom FROM findings WHERE doc_id = ? "
                    "ORDER BY page NULLS LAST, top, check_id, message", [doc_id])


def annotated_pdf(path: str, findings: pd.DataFrame) -> bytes:
    """A copy of the report with every boxed finding drawn as a numbered red rectangle, and pages
    listing the findings at the end (render.annotated, in a child under the limits). Past a limit,
    a one-page PDF saying which, so the download still explains itself."""
    try:
        return render.run(render.annotated, path, records(findings), SEVERITIES)
    except RenderError as exc:
        return notice_pdf(f"无法生成标注版 PDF：{exc}。")


def records(findings: pd.DataFrame) -> list[dict]:
    """The findings as plain values for the child: blanks None, page numbers int."""
    rows = findings.astype(object).where(findings.notna(), None).to_dict("records")
    for row in rows:
        for key in ("page", "other_page"):
            value = row.get(key)
            row[key] = int(value) if isinstance(value, (int, float)) and math.isfinite(value) else None
    return rows


def notice_pdf(text: str) -> bytes:
    """A one-page PDF holding one message (Chinese)."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    c.setFont(font, 12)
    y = 780
    for part in simpleSplit(text, font, 12, 515):
        c.drawString(40, y, part)
        y -= 18
    c.save()
    return out.getvalue()

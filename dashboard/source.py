"""The 来源 view's work: find a document's kept file, render one of its pages with the figure's box
drawn on it, read the printed line back, and draw a copy of a report with its findings boxed.

Pages are rendered with PDFium at SCALE (about 144 dpi, readable on a laptop) and cached by the
file's hash and page, so a second look at the same page costs nothing."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pdfplumber
import pypdfium2 as pdfium
import streamlit as st
from PIL import Image, ImageDraw

from loaders import api

from . import db
from .findings import SEVERITIES

SCALE = 2  # pixels per PDF point
BOX = ("x0", "top", "x1", "bottom")
OTHER_BOX = ("other_x0", "other_top", "other_x1", "other_bottom")
RED = (220, 30, 30)


def document(doc_id: str) -> dict | None:
    """The document's file name, hash and format, or None when no such document is loaded."""
    rows = db.query("SELECT file_name, sha256, source_format, page_count FROM documents WHERE doc_id = ?", [doc_id])
    return None if rows.empty else rows.iloc[0].to_dict()


def kept_file(sha256: str) -> Path | None:
    return api.source_file(db.db_path(), sha256)


@st.cache_data(show_spinner="正在生成页面图像…", max_entries=64)
def page_png(sha256: str, path: str, page: int) -> bytes:
    """One page (1-based) as PNG at SCALE; keyed by the hash, so a replaced file is not confused."""
    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page - 1].render(scale=SCALE).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def highlighted(png: bytes, boxes: list[tuple[float, float, float, float]]) -> Image.Image:
    """The page with each box (PDF points from the top-left) outlined in red over a light fill."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for x0, top, x1, bottom in boxes:
        draw.rectangle([x0 * SCALE - 3, top * SCALE - 3, x1 * SCALE + 3, bottom * SCALE + 3],
                       fill=(255, 230, 0, 70), outline=RED + (255,), width=3)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


@st.cache_data(show_spinner=False, max_entries=256)
def printed_text(sha256: str, path: str, page: int, box: tuple[float, float, float, float]) -> str:
    """The text printed in the box, as pdfplumber reads it: the characters it overlaps (a character's
    box, one font size tall, may stand out of its line's box)."""
    with pdfplumber.open(path, pages=[page]) as pdf:
        p = pdf.pages[0]
        x0, top, x1, bottom = box
        inside = (max(0, x0), max(0, top), min(p.width, x1), min(p.height, bottom))
        return (p.crop(inside, strict=False).extract_text() or "").strip()


@st.cache_data(show_spinner=False, max_entries=32)
def text_lines(sha256: str, path: str) -> list[str]:
    """A text export's lines, numbered as the loader numbered them (1-based, after decoding)."""
    return api.decode(Path(path).read_bytes()).splitlines()


def around(lines: list[str], line: int, span: int = 6) -> pd.DataFrame:
    """The lines within span of `line`, that line marked."""
    first, last = max(1, line - span), min(len(lines), line + span)
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
    """A copy of the report with every boxed finding drawn as a numbered red rectangle, and a last
    page listing the findings. The original file is only read."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    numbered = findings.reset_index(drop=True)
    boxes = _boxes(numbered)
    out = io.BytesIO()
    pdf = pdfium.PdfDocument(path)
    try:
        c = canvas.Canvas(out, invariant=1)
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            c.setPageSize((width, height))
            c.drawImage(ImageReader(page.render(scale=SCALE).to_pil()), 0, 0, width, height)
            c.setStrokeColorRGB(0.86, 0.12, 0.12)
            c.setFillColorRGB(0.86, 0.12, 0.12)
            c.setLineWidth(1.5)
            for number, (x0, top, x1, bottom) in boxes.get(index + 1, []):
                c.rect(x0 - 2, height - bottom - 2, x1 - x0 + 4, bottom - top + 4)
                c.setFont("Helvetica-Bold", 9)
                c.drawRightString(x0 - 4, height - bottom, str(number))
            c.showPage()
        width, height = pdf[0].get_size() if len(pdf) else (595, 842)
    finally:
        pdf.close()
    _listing(c, numbered, font, width, height)
    c.save()
    return out.getvalue()


def _boxes(findings: pd.DataFrame) -> dict[int, list[tuple[int, tuple[float, ...]]]]:
    """Page → the boxed findings on it, (number from 1, box): both sides of a disagreement. Blanks
    are pandas' missing values of any kind (a nullable page is NA, which has no truth value)."""
    out: dict[int, list] = {}
    for number, f in enumerate(findings.to_dict("records"), 1):
        for page_col, box in (("page", BOX), ("other_page", OTHER_BOX)):
            values = [f.get(page_col), *(f.get(k) for k in box)]
            if not any(pd.isna(v) for v in values):
                out.setdefault(int(values[0]), []).append((number, tuple(float(v) for v in values[1:])))
    return out


def _listing(c, findings: pd.DataFrame, font: str, width: float, height: float) -> None:
    """The last page(s): every finding with its number, severity, page and message."""
    from reportlab.lib.utils import simpleSplit

    c.setPageSize((width, height))
    y = height - 50
    c.setFont(font, 14)
    c.drawString(40, y, f"核对发现（共 {len(findings)} 条，编号对应页面上的红框）")
    y -= 28
    c.setFont(font, 9)
    for number, f in findings.iterrows():
        where = "页码不详" if pd.isna(f["page"]) else f"第{int(f['page'])}页"
        text = f"{number + 1}. [{SEVERITIES.get(f['severity'], f['severity'])}] {where}：{f['message']}"
        for part in simpleSplit(text, font, 9, width - 80):
            if y < 40:
                c.showPage()
                c.setFont(font, 9)
                y = height - 50
            c.drawString(40, y, part)
            y -= 13
    c.showPage()

"""Drawing a report's pages in the server, bounded: the 来源 page image (and a Word document's or
web page's lines, a .doc converted by LibreOffice) and the annotated report.

A kept PDF is untrusted: one page 14400 points square rendered at 2 pixels a point is 830 million
pixels (6 GB), and a 500-page report drawn whole took minutes and more than a gigabyte. So every
drawing runs in a child process (loaders/run/child.py) under its own time and memory limits, at most
AT_ONCE at a time for the whole server, with the database released first (the loader may write
meanwhile); a page image is at most PAGE_PIXELS pixels (a huge page is drawn smaller), and the
annotated report draws the boxes of at most ANNOTATE_PAGES pages (the other pages are copied from
the original as they are) and may be at most ANNOTATE_MB. What passes a limit is said, in Chinese,
naming its setting.
"""
from __future__ import annotations

import io
import math
import threading
from dataclasses import replace
from pathlib import Path

from loaders.api import BOX
from loaders.run.child import Reader
from loaders.run.limits import Limits, setting

from . import db

SCALE = 2  # pixels per PDF point for a page of ordinary size (about 144 dpi, readable on a laptop)
PAGE_PIXELS = setting("BUDGET_LENS_PAGE_PIXELS", 4_000_000)  # an A3 page at SCALE
SECONDS = setting("BUDGET_LENS_RENDER_SECONDS", 60.0)
MEMORY_MB = setting("BUDGET_LENS_RENDER_MEMORY_MB", 1024)
ANNOTATE_PAGES = setting("BUDGET_LENS_ANNOTATE_PAGES", 60)
ANNOTATE_MB = setting("BUDGET_LENS_ANNOTATE_MB", 50)
AT_ONCE = 2  # drawings running at once, all visitors together
NAMES = {"seconds": "BUDGET_LENS_RENDER_SECONDS", "memory_mb": "BUDGET_LENS_RENDER_MEMORY_MB"}
_slots = threading.BoundedSemaphore(AT_ONCE)


class RenderError(Exception):
    """Why a drawing was not made (Chinese, naming the limit passed)."""


def run(func, *args):
    """func(*args) in a child process under the render limits; its result, or RenderError."""
    if not _slots.acquire(timeout=SECONDS):
        raise RenderError("服务器正在为其他访问者生成页面图像，请稍后再试。")
    try:
        db.release()  # a drawing may take seconds: the loader must be able to write meanwhile
        limits = replace(Limits.from_env(), seconds=SECONDS, memory_mb=MEMORY_MB)
        with Reader(limits, names=NAMES) as reader:
            result, reason = reader.run(_answer, (func, args), task="生成")
    finally:
        _slots.release()
    if reason:
        raise RenderError(reason)
    return result


def _answer(func, args) -> tuple:
    """In the child: (result, None), or (None, reason) for a file PDFium cannot draw. PDFium is
    imported in the child, where it draws: the server's pages (数据核对's first visit) waited for it."""
    import pypdfium2 as pdfium

    try:
        return func(*args), None
    except RenderError as exc:
        return None, str(exc)
    except pdfium.PdfiumError:
        return None, "PDFium 无法绘制此文件"


def scale_for(width: float, height: float) -> float:
    """SCALE, or less for a page that would pass the pixel budget (PAGE_PIXELS) at SCALE."""
    return min(SCALE, math.sqrt(PAGE_PIXELS / max(width * height, 1.0)))


def page_image(path: str, page: int) -> tuple[bytes, float]:
    """In the child: one page (1-based) as PNG, and the pixels per point it was drawn at."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= page <= len(pdf):
            raise RenderError(f"没有第 {page} 页")
        drawn = pdf[page - 1]
        scale = scale_for(*drawn.get_size())
        image = drawn.render(scale=scale).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue(), scale


def lines(path: str, source_format: str) -> list[str]:
    """In the child: a kept text export's, Word document's or web page's lines as the loader
    numbered them."""
    from loaders.api import source_lines

    return source_lines(Path(path).read_bytes(), source_format, Path(path).name)


def sheet(path: str, page: int) -> tuple[str, list[str]]:
    """In the child: a kept workbook's `page`-th sheet, its name and its rows as the loader numbered them."""
    from loaders.api import sheet_lines

    return sheet_lines(Path(path).read_bytes(), page)


def annotated(path: str, findings: list[dict], severities: dict[str, str]) -> bytes:
    """In the child: the report with each boxed finding drawn as a numbered red rectangle (both sides
    of a disagreement) on its page, and pages listing every finding at the end. Pages with boxes are
    drawn as images (at most ANNOTATE_PAGES of them, the boxes on the pages after are only listed);
    the others are the original's pages, copied. The original file is only read."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    import pypdfium2 as pdfium

    original = pdfium.PdfDocument(path)
    boxed = _boxes(findings, len(original))
    drawn = sorted(boxed)[:ANNOTATE_PAGES]
    overlay = io.BytesIO()
    c = canvas.Canvas(overlay, invariant=1)
    for number in drawn:
        page = original[number - 1]
        width, height = page.get_size()
        c.setPageSize((width, height))
        c.drawImage(ImageReader(page.render(scale=scale_for(width, height)).to_pil()), 0, 0, width, height)
        c.setStrokeColorRGB(0.86, 0.12, 0.12)
        c.setFillColorRGB(0.86, 0.12, 0.12)
        c.setLineWidth(1.5)
        c.setFont("Helvetica-Bold", 9)
        for label, (x0, top, x1, bottom) in boxed[number]:
            c.rect(x0 - 2, height - bottom - 2, x1 - x0 + 4, bottom - top + 4)
            c.drawRightString(x0 - 4, height - bottom, label)
        c.showPage()
    c.save()
    size = original[0].get_size() if len(original) else (595, 842)
    left_out = len(boxed) - len(drawn)
    out = pdfium.PdfDocument.new()
    out.import_pages(original)
    if drawn:
        images = pdfium.PdfDocument(overlay.getvalue())
        for i, number in enumerate(drawn):
            out.del_page(number - 1)
            out.import_pages(images, pages=[i], index=number - 1)
    out.import_pages(pdfium.PdfDocument(_listing(findings, severities, size, left_out)))
    data = io.BytesIO()
    out.save(data)
    if data.tell() > ANNOTATE_MB * 1024 * 1024:
        raise RenderError(f"标注版有 {data.tell() / 1024 / 1024:,.0f} MB，超过上限 {ANNOTATE_MB} MB"
                          "（BUDGET_LENS_ANNOTATE_MB）")
    return data.getvalue()


def _boxes(findings: list[dict], pages: int) -> dict[int, list[tuple[str, tuple]]]:
    """page → [(the finding's number, its box)] for every box on a page the report has (both sides
    of a disagreement); a box with a blank or non-finite side is left out."""
    boxed: dict[int, list] = {}
    for number, f in enumerate(findings, start=1):
        for page_key, box_keys in (("page", BOX), ("other_page", tuple(f"other_{k}" for k in BOX))):
            page, box = f.get(page_key), tuple(f.get(k) for k in box_keys)
            if isinstance(page, int) and 1 <= page <= pages and all(_finite(v) for v in box):
                boxed.setdefault(page, []).append((str(number), box))
    return boxed


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _listing(findings: list[dict], severities: dict[str, str], size: tuple[float, float], left_out: int) -> bytes:
    """The last pages: every finding with its number, severity, page and message."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = size
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=size, invariant=1)
    lines = [(14, f"核对发现（共 {len(findings)} 条，编号对应页面上的红框）")]
    if left_out:
        lines.append((9, f"另有 {left_out} 页的红框未画出（每份最多画 {ANNOTATE_PAGES} 页，BUDGET_LENS_ANNOTATE_PAGES），"
                         "这些页上的发现只列在下面。"))
    for number, f in enumerate(findings, start=1):
        where = f"第{f['page']}页" if isinstance(f.get("page"), int) else "页码不详"
        lines.append((9, f"{number}. [{severities.get(f['severity'], f['severity'])}] {where}：{f['message']}"))
    y = height - 50
    for points, text in lines:
        for part in simpleSplit(text, font, points, width - 80):
            if y < 40:
                c.showPage()
                y = height - 50
            c.setFont(font, points)
            c.drawString(40, y, part)
            y -= points + 4 if points < 14 else 28
    c.showPage()
    c.save()
    return out.getvalue()

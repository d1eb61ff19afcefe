"""PDF reports → Document: each page's objects from PDFium, its tables and lines from pdfplumber.

PDFium (pypdfium2) reads the page's characters and paths (pdfium_objects) in about a tenth of
pdfminer's time; pdfplumber's table finder (only on pages that have ruling lines; see pdf_tables) and text
lines (page_lines) then run on them, each step as pdfplumber takes it. A file PDFium cannot open is read by pdfplumber (pdfminer) alone;
Document.reader says which. Text outside the tables becomes lines, but for the lines that are rows
of a table: a ruled table's row printed beyond its rules (loose_rows) and tables printed without
rules (unruled). Both are merged in reading order (top to bottom), so a table's title is the text
just above it, whatever page it is on.
"""
from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
from pdfplumber.utils import extract_text

from ..document import Block, Document, clean_text, sha256_of
from .ocr_image import has_image
from .loose_rows import attach_loose_rows
from .pdf_lines import Grid, Line, rounded
from .unruled import unruled_tables
from .pdf_tables import by_height, cell_text, find_tables
from .page_lines import text_lines
from .pdfium_objects import PdfiumPage


class PdfError(Exception):
    """A PDF that cannot be read at all; the message is Chinese and names the reason."""


def read_pdf(data: bytes, file_name: str, max_pages: int = 500, workers: int = 1) -> Document:
    """The PDF's pages as a Document; pages without a text layer that show an image are read by
    OCR (ocr.py), by `workers` processes."""
    doc = Document(file_name=file_name, sha256=sha256_of(data), source="pdf", page_count=None)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:  # pdfminer may still read it, or say why not
        return _read_with_pdfminer(doc, data, max_pages)
    doc.reader = "pdfium"
    try:
        empty = _read_pages(doc, len(pdf), max_pages, lambda i: PdfiumPage(pdf[i], i + 1))
        doc.ocr_pages = [n for n in empty if has_image(pdf[n - 1])]
    finally:
        pdf.close()
    if doc.ocr_pages:
        _add_scanned(doc, data, workers)
    return doc


def _add_scanned(doc: Document, data: bytes, workers: int) -> None:
    """The scanned pages' blocks put in page order among the others."""
    from .ocr import read_pages

    scanned = read_pages(data, doc.ocr_pages, workers)
    doc.pages_without_text -= sum(1 for blocks in scanned.values() if blocks)
    doc.blocks = sorted(doc.blocks + [b for blocks in scanned.values() for b in blocks], key=lambda b: b.page)


def _read_with_pdfminer(doc: Document, data: bytes, max_pages: int) -> Document:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        page_count = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many types for broken files
        raise PdfError(_open_failure_reason(exc)) from exc
    doc.reader = "pdfminer"
    with pdf:
        _read_pages(doc, page_count, max_pages, lambda i: pdf.pages[i])
    return doc


def _read_pages(doc: Document, page_count: int, max_pages: int, page_at) -> list[int]:
    """Every page's blocks into doc; returns the pages that have none."""
    doc.page_count = page_count
    empty = []
    if page_count > max_pages:
        raise PdfError(f"页数 {page_count} 超过上限 {max_pages} 页")
    for number in range(1, page_count + 1):
        try:
            page = page_at(number - 1)
            blocks = _page_blocks(page, number)
        except Exception as exc:  # a truncated or damaged file often fails only on a later page
            raise PdfError(f"PDF 文件已损坏或不完整（第 {number} 页无法读取：{type(exc).__name__}）") from exc
        if not any(b.text or b.rows for b in blocks):
            doc.pages_without_text += 1
            empty.append(number)
        doc.blocks.extend(blocks)
        page.close()
    return empty


def _page_blocks(page, number: int) -> list[Block]:
    """The page's tables (ruled, with the rows printed beyond their rules, and unruled) and its other
    text lines, top to bottom."""
    tables = find_tables(page) if (page.lines or page.rects) else []
    placed = by_height(page.chars) if tables else None
    grids = [g for g in (_ruled(table, placed) for table in tables) if g.rows]
    # text outside the tables: their characters are left out before lines are formed (a table
    # page's few title lines then cost little, where grouping all its characters cost as much as
    # reading the table)
    boxes = [g.frame for g in grids]
    prose = [c for c in page.chars if not _inside_any(c, boxes)] if boxes else page.chars
    lines = attach_loose_rows(grids, [Line(line) for line in _text_lines(prose)])
    unruled, lines = unruled_tables(lines)
    items: list[tuple[float, Block]] = [(g.top, Block(page=number, rows=g.rows, where=g.boxes, columns=g.columns))
                                        for g in grids + unruled]
    for line in lines:
        text = clean_text(line.raw["text"])
        if text:
            items.append((line.top, Block(page=number, text=text, where=[rounded(line.box)])))
    items.sort(key=lambda it: it[0])
    return [b for _, b in items]


def _ruled(table, placed) -> Grid:
    """A ruled table's rows that print anything, each with its box, and its columns' edges (placed:
    pdf_tables.by_height of the page's characters)."""
    kept = [([clean_text(c) for c in cells], rounded(row.bbox))
            for cells, row in zip(cell_text(table, placed), table.rows)]
    kept = [(r, box) for r, box in kept if any(r)]
    edges = [round(e, 2) for e in sorted({cell[0] for cell in table.cells}) + [table.bbox[2]]]
    return Grid([r for r, _ in kept], [b for _, b in kept], tuple(zip(edges, edges[1:])), table.bbox)


def _text_lines(chars: list[dict]) -> list[dict]:
    """pdfplumber's text lines (page_lines), with lines that share most of their height merged into one.

    Filled-in templates print the figures in another font whose boxes sit a few points lower,
    so pdfplumber puts "年初预算为 万元" and "1560.05" on separate lines; merged and read
    left to right they become "年初预算为1560.05万元" again."""
    groups: list[dict] = []
    for line in sorted(text_lines(chars), key=lambda ln: ln["top"]):
        last = groups[-1] if groups else None
        if last is not None and _same_line(last, line):
            last["chars"] = last["chars"] + line["chars"]
            last["text"] = extract_text(last["chars"], y_tolerance=1000)  # one line, by x
            last.update(top=min(last["top"], line["top"]), bottom=max(last["bottom"], line["bottom"]),
                        x0=min(last["x0"], line["x0"]), x1=max(last["x1"], line["x1"]))
        else:
            groups.append(dict(line))
    return groups


def _same_line(a: dict, b: dict) -> bool:
    overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return overlap > 0.5 * min(a["bottom"] - a["top"], b["bottom"] - b["top"])


def _inside_any(obj: dict, boxes) -> bool:
    """Whether a character (or any object with a box) sits in one of the boxes: its middle
    between their top and bottom, its width overlapping theirs."""
    mid = (obj["top"] + obj["bottom"]) / 2
    for x0, top, x1, bottom in boxes:
        if top <= mid <= bottom and obj["x0"] < x1 and obj["x1"] > x0:
            return True
    return False


def _open_failure_reason(exc: Exception) -> str:
    name = type(exc).__name__
    text = repr(exc).lower()
    if "password" in name.lower() or "encrypt" in text or "password" in text:
        return "PDF 已加密（需要密码），无法读取"
    return f"不是有效的 PDF 文件或文件已损坏（{name}）"

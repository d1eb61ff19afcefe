"""Scanned pages → the same Document blocks a text PDF gives: text lines with boxes, ruled tables
with their cells' text.

A page is read by OCR when it has no text layer and shows an image (a page with neither is just
empty, and costs nothing). Its tables come from the ruling lines in the image (ocr_image,
ocr_tables), its text from RapidOCR (ocr_engine); each line read is put in the cell its middle falls
in, a line that crosses a column line is cut there and each piece read alone. Text outside the
tables becomes lines, those sharing a height joined left to right. A figure whose least sure
character is below SURE keeps its reading only as a note in its cell (document.UNSURE_LOW): it is
stored as NULL with an unreadable_number finding, never as a guess.

Pages are read in page order by one process, or by `workers` forked ones; each page read is told
to the loader (progress.py), which also gives the reading more time per OCR'd page.
"""
from __future__ import annotations

import re

import numpy as np

from . import ocr_engine, ocr_image, ocr_tables
from ..run import progress
from ..document import UNSURE_LOW, Block, clean_text
from ..numbers import parse_decimal, parse_percent

SURE = 0.85  # a figure with any character read below this confidence is not trusted
_CJK = r"[\u3400-\u9fff]"
_FIGURE = re.compile(r"^[-−]?[\d,，.。 ]*\d[\d,，.。 ]*%?$")
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_ASCII = str.maketrans("／％－＋．", "/%-+.")


def read_page(page, number: int) -> list[Block]:
    """A pypdfium2 page read by OCR into blocks in reading order (top to bottom)."""
    image = ocr_image.prepare(page)
    grids = ocr_tables.grids(image.horizontal, image.vertical)
    boxes = [piece for box in ocr_engine.detect(image.clean) for piece in _cut(box, grids)]
    cells, prose = _place(_vouched(image, ocr_engine.read(image.clean, boxes)), grids)
    for cell, found in _place(ocr_engine.read(image.clean, _missed(image, grids, cells)), grids)[0].items():
        cells.setdefault(cell, []).extend(found)
    items: list[tuple[float, Block]] = []
    for i, grid in enumerate(grids):
        texts = {cell: _cell_text(found) for (g, cell), found in cells.items() if g == i}
        _renumber(texts)
        rows, row_boxes = ocr_tables.rows_of(grid, texts)
        kept = [(row, image.to_points(box)) for row, box in zip(rows, row_boxes) if any(row)]
        if kept:
            items.append((grid.ys[0], Block(page=number, rows=[r for r, _ in kept], where=[b for _, b in kept])))
    for group in _text_lines(prose):
        text = clean_text(tidy(" ".join(line.text for line in group)))
        if text:
            box = (min(ln.box[0] for ln in group), min(ln.box[1] for ln in group),
                   max(ln.box[2] for ln in group), max(ln.box[3] for ln in group))
            items.append((box[1], Block(page=number, text=text, where=[image.to_points(box)])))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


def _vouched(image: ocr_image.Page, lines: list[ocr_engine.Line]) -> list[ocr_engine.Line]:
    """The lines, each figure OCR was unsure of read a second time: the same reading twice is sure."""
    doubtful = [line for line in lines if line.sure < SURE and _is_figure(tidy(line.text))]
    for line, again in zip(doubtful, ocr_engine.reread(image.clean, doubtful)):
        if tidy(again) == tidy(line.text):
            line.sure = 1.0
    return lines


def _place(lines: list[ocr_engine.Line], grids: list[ocr_tables.Grid]) -> tuple[dict, list]:
    """Lines by the cell their middle falls in ((grid index, cell) → lines), and the lines
    outside every table."""
    cells: dict[tuple, list[ocr_engine.Line]] = {}
    prose = []
    for line in lines:
        x, y = (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2
        at = next(((i, cell) for i, grid in enumerate(grids) if (cell := grid.cell_at(x, y))), None)
        if at:
            cells.setdefault(at, []).append(line)
        else:
            prose.append(line)
    return cells, prose


def _missed(image: ocr_image.Page, grids: list[ocr_tables.Grid], read: dict) -> list[tuple]:
    """The ink of cells no line was read in: detection passes over a lone short figure ('5', '-'),
    so such a cell's ink is read on its own."""
    binary = ocr_image.ink(image.clean)
    inset = max(2, int(image.dpi / 50))
    tallest = image.dpi / 40  # specks are shorter than any character
    boxes = []
    for i, grid in enumerate(grids):
        for cell in grid.cells:
            if (i, cell) in read:
                continue
            x0, top, x1, bottom = (int(v) for v in grid.cell_box(cell))
            inside = binary[top + inset:bottom - inset, x0 + inset:x1 - inset]
            ys, xs = np.nonzero(inside)
            if len(ys) and ys.max() - ys.min() + 1 >= tallest:
                pad = inset
                boxes.append((x0 + inset + xs.min() - pad, top + inset + ys.min() - pad,
                              x0 + inset + xs.max() + 1 + pad, top + inset + ys.max() + 1 + pad))
    return boxes


def problems(doc) -> list[str]:
    """The note documents.problems keeps for a file with pages read by OCR: which pages (those OCR
    found nothing on were empty pictures, and are not named)."""
    read = sorted({b.page for b in doc.blocks if b.page in doc.ocr_pages})
    if not read:
        return []
    return [f"第 {page_ranges(read)} 页无文字层（扫描件），文字和表格由 OCR 识别，识别不确定的数字存为空值"]


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] → '1—3、5'."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return "、".join(f"{r[0]}—{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def read_pages(data: bytes, numbers: list[int], workers: int = 1) -> dict[int, list[Block]]:
    """The given 1-based pages of a PDF read by OCR, each page's blocks by its number; `workers`
    processes share the pages. Each page done is told to progress."""
    progress.ocr_started(len(numbers))
    out: dict[int, list[Block]] = {}
    if workers <= 1 or len(numbers) <= 1:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            for number in numbers:
                out[number] = read_page(pdf[number - 1], number)
                progress.ocr_page_done(len(out), len(numbers))
        finally:
            pdf.close()
        return out
    from .ocr_pool import pages_in_parallel

    for number, blocks in pages_in_parallel(data, numbers, workers):
        out[number] = blocks
        progress.ocr_page_done(len(out), len(numbers))
    return out


def tidy(text: str) -> str:
    """OCR's spelling as a text layer's: a figure without the spaces OCR puts in it and with ASCII
    separators (also inside a sentence: '1，833.68万元'); brackets and colons beside Chinese
    characters full-width, as reports print them; the full-width slash and percent sign ASCII."""
    text = text.strip().translate(_ASCII)
    if _FIGURE.match(text):
        return text.replace(" ", "").replace("，", ",").replace("。", ".")
    text = _THOUSANDS.sub(",", text)
    if re.search(_CJK, text):
        text = text.replace("(", "（").replace(")", "）")
        text = re.sub(f"(?<={_CJK}):", "：", text)
    return text


def _cell_text(lines: list[ocr_engine.Line]) -> str:
    """A cell's lines read top to bottom (a wrapped cell's lines joined, as clean_text joins a text
    layer's), a figure OCR is unsure of kept only as a note."""
    text = "".join(" ".join(ln.text for ln in group) for group in _text_lines(lines))
    text = clean_text(tidy(text))
    if min(ln.sure for ln in lines) < SURE and _is_figure(text):
        return text + UNSURE_LOW
    return text


def _renumber(texts: dict[tuple, str]) -> None:
    """OCR often loses the small '、' after an item's number ('二外交支出'): in a column whose items
    are numbered 一、二、…, a cell that starts with the number due next, without the '、', gets it
    back ('一般…' is a word, never an item number)."""
    columns: dict[int, list[tuple]] = {}
    for cell in sorted(texts):
        columns.setdefault(cell[1], []).append(cell)
    for cells in columns.values():
        if sum(1 for c in cells if _NUMBERED.match(texts[c])) < 2:
            continue
        due = 1
        for cell in cells:
            text = texts[cell]
            numbered = _NUMBERED.match(text)
            if numbered and numbered.group(1) in _NUMBERS:
                due = _NUMBERS[numbered.group(1)] + 1
            elif text.startswith(_NUMERALS[due]) and len(text) > len(_NUMERALS[due]) + 1 \
                    and not text.startswith("一般") and due < len(_NUMERALS) - 1:
                texts[cell] = _NUMERALS[due] + "、" + text[len(_NUMERALS[due]):]
                due += 1


def _chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else "一二三四五六七八九"[tens - 1] + "十") + \
        ("" if ones == 0 else "一二三四五六七八九"[ones - 1])


_NUMERALS = [""] + [_chinese(n) for n in range(1, 40)]
_NUMBERS = {numeral: n for n, numeral in enumerate(_NUMERALS) if n}
_NUMBERED = re.compile("^([一二三四五六七八九十]+)、")


def _is_figure(text: str) -> bool:
    return parse_decimal(text) is not None or parse_percent(text) is not None


def _text_lines(lines: list[ocr_engine.Line]) -> list[list[ocr_engine.Line]]:
    """Lines that share most of their height as one line, each left to right, top to bottom."""
    groups: list[list[ocr_engine.Line]] = []
    for line in sorted(lines, key=lambda ln: ln.box[1]):
        last = groups[-1] if groups else None
        if last and _same_height(last[-1].box, line.box):
            last.append(line)
        else:
            groups.append([line])
    return [sorted(g, key=lambda ln: ln.box[0]) for g in groups]


def _same_height(a: tuple, b: tuple) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _cut(box: tuple, grids: list[ocr_tables.Grid]) -> list[tuple]:
    """A detected line's box cut at the cell edges it crosses (OCR's detection joins the text of
    two neighbouring cells when the line between them is faint or taken out)."""
    x0, top, x1, bottom = box
    middle = (top + bottom) / 2
    margin = (bottom - top) / 3  # a box's padding may reach over the cell's edge
    for grid in grids:
        first = grid.cell_at(x0 + margin, middle)
        if first is None:
            continue
        pieces, start, cell = [], x0, first
        while cell is not None:
            edge = grid.xs[cell[3]]
            if edge >= x1 - margin:
                break
            pieces.append((start, top, edge, bottom))
            start = edge
            cell = grid.cell_at(edge + 1, middle)
        return pieces + [(start, top, x1, bottom)]
    return [box]

"""Documents that flow without pages (Word, HTML): paragraphs and tables in reading order.

A reader gives the items in order, each a paragraph's text or a table's rows (cell texts, a merged
cell's text in its top-left cell, the cells it covers empty, as a PDF's ruled grid reads). Each
paragraph and each table row is one numbered line, as a text export's lines are: Block.where holds
the number, so every fact names the line it was printed on and the 来源 view shows that line.
"""
from __future__ import annotations

from ..document import Block, Document, clean_text, sha256_of

Item = str | list[list[str]]


def document(items: list[Item], data: bytes, file_name: str, source: str) -> Document:
    doc = Document(file_name=file_name, sha256=sha256_of(data), source=source, page_count=None)
    number = 0
    for item in items:
        if isinstance(item, str):
            number += 1
            text = clean_text(item)
            if text:
                doc.blocks.append(Block(page=None, text=text, where=[number]))
            continue
        rows, where = [], []
        for row in item:
            number += 1
            cells = [clean_text(c) for c in row]
            if any(cells):
                rows.append(cells)
                where.append(number)
        if rows:
            doc.blocks.append(Block(page=None, rows=rows, where=where))
    return doc


def lines(items: list[Item]) -> list[str]:
    """The numbered lines as the 来源 view shows them: a paragraph, or a row's cells between tabs."""
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(clean_text(item))
        else:
            out += ["\t".join(clean_text(c) for c in row) for row in item]
    return out


def source_lines(data: bytes, source: str, file_name: str = "") -> list[str]:
    """A stored document's lines numbered as the loader numbered them (Block.where): a text export's
    lines, or a Word document's or web page's paragraphs and table rows."""
    if source == "word":
        from .word_source import word_items
        return lines(word_items(data, file_name))
    if source == "html":
        from .html_source import html_items
        return lines(html_items(data))
    from .text_source import decode
    return decode(data).splitlines()

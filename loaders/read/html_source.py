"""HTML pages saved from a government site (.html, .htm): paragraphs and tables in reading order.

The page is decoded by the charset its <meta> declares (GB2312 and GBK read as GB18030, their
superset), else as a text export is (text_source.decode), and parsed by lxml's HTML parser. Reading
walks the body in document order: script, style and the like are skipped, each block element (p,
div, h1–h6, li, br …) ends a line, and a <table> holding no other table is a table of cells, its
rowspan/colspan cells keeping their text in their first grid cell and the cells they cover empty,
as a ruled PDF grid reads; a table that holds tables (a page's layout frame) is read through. Lines
are numbered (flow.py).
"""
from __future__ import annotations

import codecs
import re

from . import flow
from ..document import Document
from .text_source import decode

SUFFIXES = (".html", ".htm")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb_2312-80"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SKIP = {"script", "style", "head", "noscript", "template", "select", "option", "iframe", "object"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
           "article", "header", "footer", "nav", "main", "aside", "blockquote", "pre", "address", "center",
           "form", "fieldset", "hr", "caption", "figure", "figcaption", "body", "table", "tr", "td", "th"}
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
_BREAK_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \\t]*[\\r\\n]\\s*(?=[{_CJK}])")


class HtmlError(ValueError):
    """A page that cannot be read; str() is the Chinese reason."""


def read_html(data: bytes, file_name: str) -> Document:
    return flow.document(html_items(data), data, file_name, "html")


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


def html_text(data: bytes) -> str:
    """The page as text, by the charset it declares; ValueError (Chinese) when it cannot be read."""
    declared = _CHARSET.search(data[:4096])
    name = declared.group(1).decode("ascii").lower() if declared else None
    if name in _GB:
        name = "gb18030"
    if name and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode(name)
        except LookupError:
            pass  # a charset Python does not know: guess as for a text export
        except UnicodeDecodeError as exc:
            raise HtmlError(f"网页声明的编码为 {declared.group(1).decode('ascii')}，但内容不是该编码") from exc
    return decode(data)


def html_items(data: bytes) -> list[flow.Item]:
    import lxml.html
    from lxml import etree

    text = _XML_DECLARATION.sub("", html_text(data))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise HtmlError(f"网页无法解析（{exc}）") from exc
    walker = _Walker()
    walker.walk(root)
    walker.end_line()
    return walker.items


def _clean(text: str) -> str:
    """Whitespace as a browser shows it: runs as one space, but a line break of the page's source
    between two Chinese characters (inside a sentence) as none."""
    return _SPACE.sub(" ", _BREAK_BETWEEN_CJK.sub("", text)).strip()


class _Walker:
    def __init__(self) -> None:
        self.items: list[flow.Item] = []
        self.line: list[str] = []

    def end_line(self) -> None:
        text = _clean("".join(self.line))
        if text:
            self.items.append(text)
        self.line = []

    def walk(self, el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:
            return  # a comment, a processing instruction, a script
        if tag == "table" and not el.xpath(".//table"):
            self.end_line()
            self.items.append(_cells(el))
            return
        if tag in _BLOCKS or tag == "br":
            self.end_line()
        self.line.append(el.text or "")
        for child in el:
            self.walk(child)
            self.line.append(child.tail or "")
        if tag in _BLOCKS:
            self.end_line()


def _cells(table) -> list[list[str]]:
    """The rows of a table on its grid: a spanning cell's text in its first grid cell."""
    rows: list[list[str]] = []
    taken: dict[tuple[int, int], bool] = {}
    for i, tr in enumerate(table.iter("tr")):
        row: list[str] = []
        j = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while taken.get((i, j)):
                row.append("")
                j += 1
            span_rows, span_cols = _span(cell, "rowspan"), _span(cell, "colspan")
            row += [_clean(cell.text_content())] + [""] * (span_cols - 1)
            for di in range(span_rows):
                for dj in range(span_cols):
                    taken[(i + di, j + dj)] = True
            j += span_cols
        while taken.get((i, j)):
            row.append("")
            j += 1
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 1000))
    except ValueError:
        return 1

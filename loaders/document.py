"""The one intermediate form every source becomes: a stream of text lines and tables.

PDFs and text exports both turn into a Document; every later stage (identify, locate tables,
parse, narrative) reads only this, so a new source format needs only a new reader.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
# A figure OCR cannot vouch for stays in its cell only followed by one of these notes, so it reads
# as no number (stored NULL, with an unreadable_number finding naming the cell and its page).
UNSURE_LOW = "（OCR 置信度低）"
UNSURE_SUM = "（OCR 读数与表内合计不符）"
UNSURE = re.compile("（OCR [^（）]+）$")


def clean_text(s: str | None) -> str:
    """Cell or line text as parsers want it: no wrap newlines, Kangxi radicals as ideographs.

    PDF text layers often use radical code points (⼀, ⽀) for common ideographs; NFKC maps them
    back. Only those are mapped: full-width brackets in unit names stay as printed."""
    if not s:
        return ""
    s = _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), s)
    return s.replace("\r", "").replace("\n", "").replace("\u3000", " ").strip()


@dataclass
class Block:
    """A text line or a table, in reading order, with the 1-based page it sits on (None for text).

    where: the position of the line, or of each row of a table, in its source: a PDF box (x0, top,
    x1, bottom, in points from the page's top-left as pdfplumber measures) or a text export's 1-based
    line number; None where the source gives none. columns: a PDF table's columns left to right, each
    as the x range (points) its cells span (ruled) or its words cover (unruled), so a continuation page
    can be matched to the page before by where its columns stand."""
    page: int | None
    text: str | None = None
    rows: list[list[str]] | None = None
    where: list | None = None
    columns: tuple[tuple[float, float], ...] | None = None

    @property
    def is_table(self) -> bool:
        return self.rows is not None


@dataclass
class Document:
    file_name: str
    sha256: str
    source: str  # 'pdf', 'text', 'excel', 'word' or 'html'
    page_count: int | None
    blocks: list[Block] = field(default_factory=list)
    pages_without_text: int = 0
    reader: str | None = None  # PDFs: 'pdfium' (objects from PDFium) or 'pdfminer' (pdfplumber alone)
    ocr_pages: list[int] = field(default_factory=list)  # pages without a text layer read by OCR

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    def lines(self) -> list[tuple[str, int | None]]:
        """All text lines (not table cells) with their pages, in order."""
        return [(b.text, b.page) for b in self.blocks if b.text is not None]

    def placed_lines(self) -> list[tuple[str, int | None, object]]:
        """All text lines with their pages and positions (a PDF box or a text export's line number;
        None where the source gives none): what a reader citing the very line needs."""
        return [(b.text, b.page, b.where[0] if b.where else None) for b in self.blocks if b.text is not None]

    def full_text(self) -> str:
        return "\n".join(t for t, _ in self.lines())


def spanning(first, then):
    """Where a label and its figures printed on the line below it stand together: the box spanning both
    lines' boxes; the figures' position when either is no box (a text export's line number, none)."""
    if isinstance(first, tuple) and isinstance(then, tuple):
        return min(first[0], then[0]), min(first[1], then[1]), max(first[2], then[2]), max(first[3], then[3])
    return then


def column_edges(columns: tuple[tuple[float, float], ...]) -> list[float]:
    """Where each column's ground begins and ends: the table's left, the middle between each two
    columns (a ruling line shared by two cells), its right."""
    return [columns[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])] + [columns[-1][1]]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

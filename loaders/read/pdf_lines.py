"""A PDF page's text lines with their words and where they stand, and the grids (tables) of a page.

Words are runs of characters without a gap wider than a character: a printed space inside a code
('201 03 01') stays in its word, the gap between two columns does not. Rows made from lines
(loose_rows.py, unruled.py) keep their box (the union of their lines' boxes) and every grid where
its columns stand, so a continuation page can later be matched to the page before by position
(grid.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..document import clean_text, column_edges
from ..numbers import is_amount, is_figure
from .page_lines import text

_PROSE = re.compile(r"[，。；]")
_A_FIGURE = re.compile(r"\d[.,]\d")  # a line printing no such thing prints no figure
_CODE_START = re.compile(r"^[1-9]\d{2}(?:\s?\d{2}){0,2}(?=\s|$|[^\d\s.,%])")  # '201 03 01', '30101 基本工资'
_NEW_ITEM = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]\D|其中)"
                       r"|(合计|总计|小计)$")
ROW_NUMBER = re.compile(r"^\d{1,2}$")  # a 行次 / 栏次 number, not a label
EDGE_TOLERANCE = 0.5  # points: a character this far over a column edge still sits in its column


@dataclass
class Word:
    """A run of a line's tokens (pdfplumber's words) without a gap wider than a character between them."""
    tokens: list[list[dict]]

    @property
    def chars(self) -> list[dict]:
        return [c for t in self.tokens for c in t]

    @property
    def x0(self) -> float:
        return self.tokens[0][0]["x0"]

    @property
    def x1(self) -> float:
        return self.tokens[-1][-1]["x1"]

    @cached_property
    def text(self) -> str:
        return clean_text(token_text(self.tokens))

    @cached_property
    def figure(self) -> bool:
        text = self.text
        return is_figure(text)


class Line:
    """A text line of the page (pdfplumber's, see pdf_source._text_lines); its words are found when
    asked for (most lines of a page are sentences, never looked at word by word)."""

    def __init__(self, raw: dict):
        self.raw = raw

    @cached_property
    def words(self) -> list[Word]:
        """Its tokens left to right, a new word wherever the gap from the last token is wider than a
        character."""
        words: list[list[list[dict]]] = []
        for token in tokens(self.raw):
            last = words[-1][-1][-1] if words else None
            if last is None or token[0]["x0"] - last["x1"] > min(token[0]["size"], last["size"]):
                words.append([])
            words[-1].append(token)
        return [Word(w) for w in words]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.raw["x0"], self.raw["top"], self.raw["x1"], self.raw["bottom"]

    @property
    def top(self) -> float:
        return self.raw["top"]

    @property
    def bottom(self) -> float:
        return self.raw["bottom"]

    @property
    def height(self) -> float:
        return self.raw["bottom"] - self.raw["top"]

    @cached_property
    def figure_words(self) -> list[Word]:
        """Its figures: amounts printed with a decimal point or thousands separator; in a line that begins
        with a classification code, also each whole number after a label that no label follows (元
        printed without decimals, '22999 其他支出 300 300'; a number a label follows is the next code)."""
        coded = bool(self.words) and _CODE_START.match(self.raw["text"]) is not None
        if not coded and not _A_FIGURE.search(self.raw["text"]):
            return []
        words = self.words
        out, labelled = [], False
        for k, w in enumerate(words):
            if w.figure:
                out.append(w)
            elif not is_amount(w.text):
                labelled = True
            elif coded and labelled and k > 0 and (k + 1 == len(words) or is_amount(words[k + 1].text)):
                out.append(w)
        return out

    @property
    def figures(self) -> int:
        return len(self.figure_words)

    @cached_property
    def prose(self) -> bool:
        return bool(_PROSE.search(self.raw["text"]))

    @property
    def body(self) -> bool:
        """A row of a table: figures beside other words (or figures alone), no sentence."""
        return not self.prose and 0 < self.figures and (len(self.words) >= 2 or self.figures == len(self.words))


@dataclass
class Grid:
    """A table of the page: its rows of cell text, each row's box, each column's x range (a ruled
    cell's edges; where an unruled column's words stand)."""
    rows: list[list[str]]
    boxes: list[tuple[float, float, float, float]]
    columns: tuple[tuple[float, float], ...]
    frame: tuple[float, float, float, float] | None = None  # a ruled table's box, as pdfplumber found it

    @property
    def edges(self) -> list[float]:
        return column_edges(self.columns)

    @property
    def top(self) -> float:
        return min(b[1] for b in self.boxes)

    @property
    def bottom(self) -> float:
        return max(b[3] for b in self.boxes)


def tokens(raw: dict) -> list[list[dict]]:
    """A text line's characters in pdfplumber's words, left to right: its text holds them parted by a
    space where a blank was printed or a gap is wider than x_tolerance ('201 03 01'); the characters
    it gives come without those blanks."""
    chars = sorted(raw["chars"], key=lambda c: c["x0"])
    out: list[list[dict]] = []
    at = 0
    for part in raw["text"].split():
        size = len(part)
        if sum(len(c["text"]) for c in chars[at:at + size]) != size:
            return [chars] if chars else []  # a ligature or an odd text: one token, read as a cell is
        out.append(chars[at:at + size])
        at += size
    return out if at == len(chars) else ([chars] if chars else [])


def token_text(parts: list[list[dict]]) -> str:
    """Tokens as text, a space between two (as pdfplumber joins words)."""
    return " ".join(text(t) for t in parts if t)


def item_word(text: str) -> bool:
    """A word that begins an item of a table: a classification code, '一、', '（三）', 其中, a total."""
    return _CODE_START.match(text) is not None or _NEW_ITEM.search(text) is not None


def rounded(box) -> tuple[float, float, float, float]:
    """A box in points to two decimals: PDFium and pdfminer agree to 0.01 pt."""
    return tuple(round(v, 2) for v in box)

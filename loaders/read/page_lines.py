"""A page's text lines and a cell's text as pdfplumber's extract_text_lines and extract_text give
them, with less work.

pdfplumber builds the lines of a page through a word map and a text map (a tuple per letter, then a
regular expression over the page's text) and re-reads each character's box several times: a tenth
of reading a report; its extract_text was a third of reading a table page. Here the same steps, in
the same order and with the same tolerances, run on the characters directly; the lines, their text,
boxes and characters, and the cells' text, are pdfplumber's (tests/test_pdf_source.py compares them
on every page and table of the samples and the corpus). Characters that are not upright,
ligatures, or texts that are not one character go to pdfplumber itself.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, chars_to_textmap, extract_text

# a character's keys
_TEXT, _TOP, _BOTTOM = itemgetter("text"), itemgetter("top"), itemgetter("bottom")
_X0, _X1 = itemgetter("x0"), itemgetter("x1")
_WORD_TOP = itemgetter(1)


def text_lines(chars: list[dict]) -> list[dict]:
    """page.extract_text_lines() of the page holding these characters (in the page's order): each
    line's text, x0, top, x1, bottom and chars."""
    if not _plain(chars):
        return chars_to_textmap(chars).extract_text_lines() if chars else []
    return [_line(line) for line in clusters(_all_words(chars), _WORD_TOP, sort=False)]


def text(chars: list[dict]) -> str:
    """pdfplumber's extract_text(chars): the words of each line joined by a space, the lines (by
    the words' tops) by a newline; how a table cell reads. Most cells are one line (their tops within
    the y tolerance): their characters are only sorted by x0 and split into words."""
    if not chars:
        return ""
    if not _plain(chars):
        return extract_text(chars)
    tops = list(map(_TOP, chars))
    if max(tops) - min(tops) <= DEFAULT_Y_TOLERANCE:
        return " ".join(word[0] for word in _words(sorted(chars, key=_X0)))
    return "\n".join(" ".join(word[0] for word in line) for line in clusters(_all_words(chars), _WORD_TOP))


def _plain(chars: list[dict]) -> bool:
    """Upright characters of one letter each, no ligature: what the steps below read as pdfplumber does."""
    return all(c["upright"] and len(c["text"]) == 1 and c["text"] not in LIGATURES for c in chars)


def _all_words(chars: list[dict]) -> list[tuple]:
    """pdfplumber's word map: the characters clustered into lines by top, each line by x0, split into words."""
    return [w for line in clusters(chars, _TOP) for w in _words(sorted(line, key=_X0))]


def clusters(items: list, key, tolerance: float = DEFAULT_Y_TOLERANCE, sort: bool = True) -> list[list]:
    """pdfplumber's cluster_objects: the items grouped by key values that lie within tolerance of the
    next; sorted by group, each in the items' order (or, not sorted, runs of one group in order).
    Text lines cluster by top with the y tolerance; table_edges snaps edges with its own."""
    values = sorted(set(map(key, items)))
    group, last, n = {}, None, 0
    for value in values:
        if last is not None and value > last + tolerance:
            n += 1
        group[value], last = n, value
    tagged = [(group[key(item)], item) for item in items]
    if sort:
        tagged.sort(key=itemgetter(0))
    return [[item for _, item in run] for _, run in groupby(tagged, key=itemgetter(0))]


def _words(line: list[dict]) -> list[tuple]:
    """A line's words (characters by x0) as (text, top, chars): split at blank characters and where
    the next character starts before the last one or past its end plus the x tolerance, or its top
    is more than the y tolerance away."""
    out, word = [], []
    for char in line:
        if char["text"].isspace():
            if word:
                out.append(_word(word))
                word = []
            continue
        if word:
            last = word[-1]
            if char["x0"] < last["x0"] or char["x0"] > last["x1"] + DEFAULT_X_TOLERANCE or \
                    abs(char["top"] - last["top"]) > DEFAULT_Y_TOLERANCE:
                out.append(_word(word))
                word = []
        word.append(char)
    if word:
        out.append(_word(word))
    return out


def _word(chars: list[dict]) -> tuple:
    return "".join(map(_TEXT, chars)), min(map(_TOP, chars)), chars


def _line(words: list[tuple]) -> dict:
    chars = [c for _, _, word in words for c in word]
    return {"text": " ".join(text for text, _, _ in words), "x0": min(map(_X0, chars)), "top": min(map(_TOP, chars)),
            "x1": max(map(_X1, chars)), "bottom": max(map(_BOTTOM, chars)), "chars": chars}

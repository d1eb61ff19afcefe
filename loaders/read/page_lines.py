"""A page's text lines as pdfplumber's extract_text_lines gives them, with less work.

pdfplumber builds the lines of a page through a word map and a text map (a tuple per letter, then a
regular expression over the page's text) and re-reads each character's box several times: a tenth
of reading a report. Here the same steps, in the same order and with the same tolerances, run on
the characters directly; the lines, their text, boxes and characters are pdfplumber's
(tests/test_pdf_source.py compares them on every page of the samples and the corpus). A page with
characters that are not upright, ligatures, or texts that are not one character goes to
pdfplumber itself.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, chars_to_textmap

_TEXT, _TOP, _X0, _X1, _BOTTOM = map(itemgetter, ("text", "top", "x0", "x1", "bottom"))


def text_lines(chars: list[dict]) -> list[dict]:
    """page.extract_text_lines() of the page holding these characters (in the page's order): each
    line's text, x0, top, x1, bottom and chars."""
    if not all(c["upright"] and len(c["text"]) == 1 and c["text"] not in LIGATURES for c in chars):
        return chars_to_textmap(chars).extract_text_lines() if chars else []
    words = [w for line in _clusters(chars, _TOP, sort=True) for w in _words(sorted(line, key=_X0))]
    return [_line(line) for line in _clusters(words, itemgetter(1), sort=False)]


def _clusters(items: list, key, sort: bool) -> list[list]:
    """pdfplumber's cluster_objects with the y tolerance: the items grouped by key values that lie
    within the tolerance of the next; sorted by group (or, not sorted, runs of one group in order)."""
    values = sorted(set(map(key, items)))
    group, last, n = {}, None, 0
    for value in values:
        if last is not None and value > last + DEFAULT_Y_TOLERANCE:
            n += 1
        group[value], last = n, value
    tagged = [(group[key(item)], item) for item in items]
    if sort:
        tagged.sort(key=itemgetter(0))
    return [[item for _, item in run] for _, run in groupby(tagged, key=itemgetter(0))]


def _words(line: list[dict]) -> list[tuple]:
    """A line's words (characters by x0) as (text, top, chars): split at blank
    characters and where the next character starts before the last one or past its end plus the x
    tolerance, or its top is more than the y tolerance away."""
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

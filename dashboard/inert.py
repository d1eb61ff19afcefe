"""Text from reports, file names and users shown as literal text in every page element.

Streamlit reads markdown in st.markdown, st.caption, the message boxes, headers, labels, help
texts, radio options, tab and expander labels and image captions; its markdown makes links and
images of [x](…) and ![x](…), links of bare http:// and www. addresses and e-mail addresses,
colour of :red[…], icons of :material/…:, LaTeX of $…$, and headings, lists and code of line
starts. plain() is the one way such text reaches those elements: every ASCII punctuation mark
escaped with a backslash (CommonMark lets each be), an invisible word joiner (U+2060) inside every
`://`, `www.` and before every `@` (GitHub's address links are found after the escapes are undone),
and line breaks made spaces. Charts carry report text only as Vega-Lite data (drawn as text); tables
show text as is.
"""
from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_ADDRESS = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)")
_LINE_BREAK = re.compile(r"[\r\n]+")
WORD_JOINER = "\u2060"


def plain(text) -> str:
    """The text as literal text inside Streamlit markdown: no formatting, links, images, colour,
    icons, HTML or LaTeX."""
    text = _ADDRESS.sub(WORD_JOINER, _LINE_BREAK.sub(" ", str(text)))
    return _PUNCTUATION.sub(r"\\\1", text)

"""Template placeholders: the marks a blank template leaves where a name or a figure goes (XX局,
××单位, ＸＸ, XXX 万元).

One rule for both uses: a report whose unit name holds one is a template, not a report of a unit
(documents.parse_status 'template'), and a placeholder left anywhere else in a report is a mistake
the placeholder check names with its page.
"""
from __future__ import annotations

import re

# Two or more X marks (ASCII, full-width, the multiplication sign), not part of a latin word ('xxgk'
# in a portal's address is no placeholder).
PLACEHOLDER = re.compile(r"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])")


def find(text: str | None) -> list[re.Match]:
    """Every placeholder in text (spaces inside it ignored: 'X X' is one)."""
    return list(PLACEHOLDER.finditer(re.sub(r"(?<=[XxＸｘ×])\s+(?=[XxＸｘ×])", "", text or "")))


def is_placeholder_name(name: str | None) -> bool:
    """A unit name that stands for no unit: '上海市XX局', '××单位'."""
    return bool(find(name))

"""The line a summary line is printed under (its parent), from what the report prints.

A 收入支出总表 side is an outline: '一、财政拨款收入' holds '1. 一般公共预算资金'; '其中：财政拨款' and the
unnumbered lines after it ('专项收入', '上级提前下达') break down the numbered line above them; totals
(本年收入合计, 总计) and the lines after them (上年结转结余) stand at the top. Labels are stored
without numbering, so the outline is read while the numbering is still there. Indentation is not used:
the readers strip cells, and pdfplumber's table cells carry no offsets.
"""
from __future__ import annotations

import re

# Numbering by outline depth: 一、 > （一） > 1. > （1）
_LEVELS = ((re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
           (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
           (re.compile(r"^\d+[、.．](?!\d)"), 3),
           (re.compile(r"^[（(]\d+[)）]"), 4))
_TOTAL_WORDS = ("合计", "总计")


def numbering_level(cell: str) -> int | None:
    """Depth of the line's printed numbering (1 for 一、), None when it has none."""
    text = re.sub(r"\s+", "", cell or "")
    return next((level for pattern, level in _LEVELS if pattern.match(text)), None)


class Outline:
    """Feed one side's lines in printed order; each call says the item the line stands under."""

    def __init__(self):
        self.open: list[tuple[int, str]] = []  # numbered headings still open, outermost first
        self.last: str | None = None  # the last line that is not a 其中 line

    def parent(self, cell: str, item: str) -> str | None:
        """cell is the label as printed (numbering, whitespace), item the stored label."""
        if any(w in item for w in _TOTAL_WORDS):
            self.open, self.last = [], item
            return None
        if item.startswith("其中"):
            return self.last
        self.last = item
        level = numbering_level(cell)
        if level is not None:
            self.open = [h for h in self.open if h[0] < level]
            parent = self.open[-1][1] if self.open else None
            self.open.append((level, item))
            return parent
        return self.open[-1][1] if self.open else None

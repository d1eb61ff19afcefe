"""What a check of one report reads (Context): its typed facts, what identify made of it, the document
as read, and, for a report published as two files, which file this is and the other one once loaded."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from ..document import Block, Document
from ..facts import Facts
from ..identity.identify import DocInfo
from ..prose import Passage, passages
from .comparisons import read as read_comparisons


@dataclass
class Companion:
    """The other file of a report published as two (a 公开表格 and a 公开文件), as stored: its name, its text
    lines (for the 目录's entries) and how the completeness check judged its tables (label → points)."""
    file_name: str
    lines: list[tuple[str, int | None]]
    points: dict[str, Decimal]


@dataclass
class Context:
    facts: Facts
    info: DocInfo
    doc: Document  # the report as read: narrative and completeness checks need its lines and pages
    part: str | None = None  # 'tables' / 'narrative': one file of a report published as two (extract.publication_part)
    companion: Companion | None = None  # that report's other file, once both are loaded (pairs.join)

    @property
    def text(self) -> str:
        return self.doc.full_text()

    @cached_property
    def prose(self) -> list[Passage]:
        """The report's prose cut into passages (each character with its printed line, for the findings
        to stand where their figures were printed), once for every check that reads it."""
        return passages(self.doc.placed_lines())

    @cached_property
    def comparisons(self):
        """The comparisons the prose states (comparisons.py), once for the checks that judge them."""
        return read_comparisons(self.prose, self.info.fiscal_year)


def as_document(text: str | Document) -> Document:
    """Tests may pass plain prose; it becomes a one-page-less text document."""
    if isinstance(text, Document):
        return text
    return Document("", "", "text", None, [Block(None, text=line) for line in text.splitlines()])

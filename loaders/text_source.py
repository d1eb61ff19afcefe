"""Text exports (.txt): tables are runs of tab-separated lines, everything else is text."""
from __future__ import annotations

from .document import Block, Document, clean_text, sha256_of


def read_text(data: bytes, file_name: str) -> Document:
    text = _decode(data)
    doc = Document(file_name=file_name, sha256=sha256_of(data), source="text", page_count=None)
    table: list[list[str]] | None = None
    for raw in text.splitlines():
        if "\t" in raw:
            row = [clean_text(c) for c in raw.split("\t")]
            if table is None:
                table = []
                doc.blocks.append(Block(page=None, rows=table))
            table.append(row)
            continue
        line = clean_text(raw)
        if not line:
            continue  # blank lines inside a table do not end it
        table = None
        doc.blocks.append(Block(page=None, text=line))
    return doc


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别文本编码（不是 UTF-8 或 GB18030）")

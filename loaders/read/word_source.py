"""Word publications (.docx, and .doc through LibreOffice): paragraphs and tables in reading order.

A .docx is read with python-docx: the body's paragraphs and tables as they follow each other, each
table row cell by cell from its XML (a cell merged across columns (gridSpan) or down rows (vMerge)
keeps its text in its first grid cell, the cells it covers stay empty, as a ruled PDF grid reads),
the text boxes of a cover as lines of their own. A .doc (Word 97–2003) is converted to .docx by
LibreOffice headless (installed by .ci/run) and read the same way. Lines are numbered (flow.py).
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from . import flow
from ..document import Document

SUFFIXES = (".docx", ".doc")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and a password-protected .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted Office 2007+ file keeps
CONVERT_SECONDS = 45


class WordError(ValueError):
    """A Word file that cannot be read; str() is the Chinese reason."""


def read_word(data: bytes, file_name: str) -> Document:
    return flow.document(word_items(data, file_name), data, file_name, "word")


def word_items(data: bytes, file_name: str) -> list[flow.Item]:
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise WordError("Word 文件已加密（需要密码），无法读取")
        data = convert_doc(data)
    elif not data.startswith(_ZIP):
        raise WordError(f"不是 Word 文件（扩展名为 {Path(file_name).suffix}，但内容不是 Word 文档）")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise WordError(f"Word 文件已损坏或不完整（{type(exc).__name__}）") from exc
    except Exception as exc:  # lxml's errors for a damaged document part
        raise WordError(f"Word 文件已损坏或不完整（{type(exc).__name__}）") from exc
    items: list[flow.Item] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            items += _text_boxes(child) + [_text(child)]
        elif tag == "tbl":
            items.append(_rows(child))
    return items


def _w(name: str) -> str:
    from docx.oxml.ns import qn
    return qn(f"w:{name}")


def _text(element) -> str:
    """The text of a paragraph or cell, leaving out the text boxes inside it (read as lines of their own)."""
    return "".join(t.text or "" for t in element.iter(_w("t"), _w("tab")) if not _in_box(t, element))


def _in_box(node, within) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is within:
            return False
        if ancestor.tag == _w("txbxContent"):
            return True
    return False


def _text_boxes(paragraph) -> list[str]:
    """The lines of the text boxes anchored in a paragraph (a cover's title), once each: Word keeps a
    copy of each box for older readers (mc:Fallback)."""
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    return [_text(p) for box in paragraph.iter(_w("txbxContent"))
            if not any(a.tag == fallback for a in box.iterancestors()) for p in box.iter(_w("p"))]


def _rows(table) -> list[list[str]]:
    """The table's rows on its grid: a merged cell's text in its first grid cell, the rest empty."""
    rows = []
    for tr in table.iter(_w("tr")):
        if next(tr.iterancestors(_w("tbl"))) is not table:
            continue  # a row of a table nested in a cell
        row: list[str] = [""] * _grid_skip(tr, "gridBefore")
        for tc in tr.iterchildren(_w("tc")):
            props = tc.tcPr
            span = props.grid_span if props is not None else 1
            continued = props is not None and props.vMerge == "continue"
            text = "" if continued else "".join(_text(p) for p in tc.iterchildren(_w("p")))
            row += [text] + [""] * (span - 1)
        rows.append(row + [""] * _grid_skip(tr, "gridAfter"))
    return rows


def _grid_skip(tr, which: str) -> int:
    props = tr.trPr
    found = props.find(_w(which)) if props is not None else None
    return int(found.get(_w("val"), "0")) if found is not None else 0


def convert_doc(data: bytes) -> bytes:
    """A .doc (or RTF) as .docx, converted by LibreOffice headless."""
    return convert(data, "doc", "docx")


def convert(data: bytes, suffix: str, target: str) -> bytes:
    """The file (of this suffix) converted by LibreOffice headless to target ('docx', or a filter
    such as 'doc:MS Word 97'), in a folder with a profile of its own, so conversions may run side by
    side; the whole process group is ended past CONVERT_SECONDS."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise WordError("读取 .doc 需要 LibreOffice（soffice），本机未安装；请将文件另存为 .docx 后再导入")
    with tempfile.TemporaryDirectory(prefix="budget-lens-office-") as tmp:
        source = Path(tmp) / f"report.{suffix}"
        source.write_bytes(data)
        command = [office, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                   "--convert-to", target, "--outdir", tmp, str(source)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True, env={**os.environ, "HOME": tmp})
        try:
            process.wait(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise WordError(f"转换 .{suffix} 超过 {CONVERT_SECONDS} 秒，已停止（文件可能已损坏）") from None
        converted = Path(tmp) / f"report.{target.split(':')[0]}"
        if not converted.exists():
            raise WordError(f"无法转换 .{suffix} 文件（文件已损坏、已加密或不是 Word 97–2003 文档）")
        return converted.read_bytes()

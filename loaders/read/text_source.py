"""Text exports (.txt): tables are runs of tab-separated lines, everything else is text.

Encodings: a byte-order mark decides (UTF-8, UTF-16 — Windows' "Unicode text" — or UTF-32); else
UTF-8; else charset-normalizer guesses, and a GB18030-family guess (GBK, GB2312) is read as GB18030.
Any other guess (Big5, Shift-JIS, a Latin code page) is refused naming it, rather than read as
GB18030 mojibake and then refused as "not a report".
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..document import Block, Document, clean_text, sha256_of
from ..run.limits import check_text

BINARY = "不是文本文件（含二进制内容），只支持 PDF、Word、Excel、网页、zip 压缩包和制表符分隔的文本导出"
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_GB = {"gb18030", "gbk", "gb2312", "cp936"}
_NAMES = {"big5": "Big5（繁体中文）", "cp950": "Big5（繁体中文）", "big5hkscs": "Big5-HKSCS（繁体中文）",
          "shift_jis": "Shift-JIS（日文）", "cp932": "Shift-JIS（日文）", "euc_jp": "EUC-JP（日文）",
          "euc_kr": "EUC-KR（韩文）", "cp949": "EUC-KR（韩文）"}


def read_text(data: bytes, file_name: str) -> Document:
    text = decode(data)
    check_text(text)
    doc = Document(file_name=file_name, sha256=sha256_of(data), source="text", page_count=None)
    table: Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw:
            if table is None:
                table = Block(page=None, rows=[], where=[])
                doc.blocks.append(table)
            table.rows.append([clean_text(c) for c in raw.split("\t")])
            table.where.append(number)
            continue
        line = clean_text(raw)
        if not line:
            continue  # blank lines inside a table do not end it
        table = None
        doc.blocks.append(Block(page=None, text=line, where=[number]))
    return doc


_TOO_SHORT_TO_GUESS = 64  # bytes


def decode(data: bytes) -> str:
    """The text of a text export; ValueError (Chinese) when it is binary or in an encoding not read."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ValueError(f"文本以 {encoding.upper()} 的字节顺序标记开头，但内容不是有效的 {encoding.upper()}") from exc
    if b"\x00" in data[:4096]:  # UTF-16 or UTF-32 saved without a mark, or not text at all
        guess = from_bytes(data).best()
        if guess and guess.encoding.startswith(("utf_16", "utf_32")):
            return str(guess)
        raise ValueError(BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data).best()
    encoding = guess.encoding if guess else None
    if encoding in _GB or len(data) < _TOO_SHORT_TO_GUESS:  # a few characters tell no encoding apart
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    if encoding is None:
        raise ValueError("无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030），请另存为 UTF-8 后再导入")
    raise ValueError(f"文本编码看起来是 {_NAMES.get(encoding, encoding)}，只支持 UTF-8、UTF-16 和 GB18030（GBK），"
                     "请另存为 UTF-8 后再导入")

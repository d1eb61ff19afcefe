"""How much reading one file may cost, and the cheap checks made before the expensive work.

A file can be small and still cost minutes and gigabytes to read: a PDF page of 300,000 rectangles
(pdfminer builds an object per path operation), a Flate bomb (1 MB that inflates to gigabytes), a
text export that is one 55 MB line. The checks here look at the bytes before pdfplumber or the text
parser do (operators counted, streams inflated in bounded chunks and thrown away, lines measured);
an .xlsx's members are measured by the sizes they declare. What the checks cannot foresee, the
child process's wall-time and address-space limits stop (child.py).
Every limit is set by an environment variable, read when a load starts.
"""
from __future__ import annotations

import io
import itertools
import math
import os
import zipfile
import zlib
from collections import deque
from dataclasses import dataclass

ENV = {
    "seconds": ("BUDGET_LENS_READ_SECONDS", 60.0),
    "ocr_page_seconds": ("BUDGET_LENS_OCR_PAGE_SECONDS", 30.0),  # more time for each page read by OCR
    "memory_mb": ("BUDGET_LENS_READ_MEMORY_MB", 1536),
    "page_ops": ("BUDGET_LENS_MAX_PAGE_OPS", 50_000),
    "inflate_mb": ("BUDGET_LENS_MAX_INFLATE_MB", 256),
    "line_chars": ("BUDGET_LENS_MAX_LINE_CHARS", 100_000),
    "lines": ("BUDGET_LENS_MAX_LINES", 500_000),
}
# Path construction and painting operators: each becomes an object pdfplumber keeps. They always
# stand between whitespace (after their numbers), so splitting the content on whitespace finds them.
_PATH_OPS = frozenset(b"re m l c v y h S s f F f* B B* b b* n".split())
_CHUNK = 1 << 20


def _ascii85(data: bytes) -> bytes:
    from pdfminer.ascii85 import ascii85decode
    return ascii85decode(data)


def _hex(data: bytes) -> bytes:
    from pdfminer.ascii85 import asciihexdecode
    return asciihexdecode(data)


_TEXT_FILTERS = {"ASCII85Decode": _ascii85, "A85": _ascii85, "ASCIIHexDecode": _hex, "AHx": _hex}


class LimitExceeded(ValueError):
    """A file refused because reading it would pass a limit; str() names the limit (Chinese)."""


class SettingError(ValueError):
    """An environment variable that does not hold the positive number its setting takes; str()
    names the variable and its value (Chinese), so the command line says so instead of a traceback."""


def setting(var: str, default: int | float) -> int | float:
    """The positive number (of the default's type) environment variable var holds; the default when
    it is unset or blank."""
    raw = os.environ.get(var, "").strip()
    if not raw:
        return default
    try:
        value = type(default)(raw)
    except ValueError:
        value = None
    if value is None or not 0 < value < math.inf:
        kind = "正整数" if isinstance(default, int) else "正数"
        raise SettingError(f"环境变量 {var} 的值“{raw}”无效：应为{kind}（不设置时为 {default:g}）")
    return value


@dataclass(frozen=True)
class Limits:
    seconds: float
    ocr_page_seconds: float
    memory_mb: int
    page_ops: int
    inflate_mb: int
    line_chars: int
    lines: int

    @classmethod
    def from_env(cls) -> Limits:
        return cls(**{field: setting(var, default) for field, (var, default) in ENV.items()})


def check_text(text: str, limits: Limits | None = None) -> None:
    """Line count and the longest line of a decoded text export, before it is split into blocks."""
    limits = limits or Limits.from_env()
    count = text.count("\n") + 1
    if count > limits.lines:
        raise LimitExceeded(f"文本共 {count:,} 行，超过上限 {limits.lines:,} 行（{ENV['lines'][0]}）")
    start = 0
    for number in range(1, count + 1):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > limits.line_chars:
            raise LimitExceeded(f"第 {number} 行长 {end - start:,} 个字符，超过每行上限 {limits.line_chars:,} 个字符"
                                f"（{ENV['line_chars'][0]}）")
        start = end + 1


def check_zip(data: bytes, limits: Limits | None = None) -> None:
    """An .xlsx is a zip: the sizes its members declare bound what zipfile will inflate (it stops
    at the declared size), so their sum is checked before openpyxl opens any. A file that is not
    a zip is left to the reader."""
    limits = limits or Limits.from_env()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if total > limits.inflate_mb * 1024 * 1024:
        raise LimitExceeded(f"解压后的内容有 {total / 1024 / 1024:,.0f} MB，超过上限 {limits.inflate_mb:,} MB"
                            f"（{ENV['inflate_mb'][0]}），可能是压缩炸弹")


def check_pdf(data: bytes, limits: Limits | None = None) -> None:
    """Before any reader starts: the inflated size of the streams a reader decodes (contents, forms,
    fonts; images are never decoded), in total, and the path operators of each page, counted
    without building any object, and only on a page long enough to pass the limit (0.35 s for the
    18 corpus PDFs, 492 pages). A file pdfminer cannot open is left to the reader, which names its
    own reason."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    limits = limits or Limits.from_env()
    left, seen = [limits.inflate_mb * 1024 * 1024], set()
    try:
        for number, page in enumerate(PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data)))), start=1):
            drawn, fonts = _page_streams(page)
            ops = _PageOps(limits.page_ops)
            for stream in drawn + fonts:
                if id(stream) not in seen:
                    seen.add(id(stream))
                    chunks = _inflate(stream, left, limits)
                    if stream in drawn:
                        ops.add(chunks)
                    else:
                        deque(chunks, maxlen=0)  # inflated for the budget only
            if ops.count > limits.page_ops:
                raise LimitExceeded(f"第 {number} 页有 {ops.count:,} 个绘图指令，超过每页上限 {limits.page_ops:,} 个"
                                    f"（{ENV['page_ops'][0]}）")
    except LimitExceeded:
        raise
    except Exception:  # pdfminer's many errors for broken files: the reader reports them
        return


def _page_streams(page) -> tuple[list, list]:
    """A page's drawn streams (contents and the form XObjects it uses; forms inside forms are rare
    in reports, and the address-space limit still holds) and its fonts' streams."""
    from pdfminer.pdftypes import PDFStream, resolve1

    def streams(values):
        return [v for v in map(resolve1, values) if isinstance(v, PDFStream)]

    def entries(value) -> dict:
        value = resolve1(value)
        return value if isinstance(value, dict) else {}

    resources = entries(page.resources)
    drawn = streams(page.contents) + [x for x in streams(entries(resources.get("XObject")).values())
                                      if _name(x.get("Subtype")) == "Form"]
    fonts = []
    for font in map(entries, entries(resources.get("Font")).values()):
        for part in [font] + [entries(d) for d in resolve1(font.get("DescendantFonts")) or []]:
            descriptor = entries(part.get("FontDescriptor"))
            fonts += streams([part.get("ToUnicode")] + [descriptor.get(k) for k in ("FontFile", "FontFile2", "FontFile3")])
    return drawn, fonts


def _name(value) -> str:
    return getattr(value, "name", "")


class _PageOps:
    """The path operators of a page's drawn streams, each stream added as its chunks (all of them
    read, for the budget). n operators take at least 2n - 1 bytes of one stream, so while the
    page's streams are too short to hold more than the limit their chunks are only kept, not split
    into tokens: most pages are never counted (3 of the corpus's 492 are); count is then 0."""

    def __init__(self, limit: int) -> None:
        self.count, self.room, self.held = 0, 2 * limit, []

    def add(self, chunks) -> None:
        if self.held is None:
            self.count += _count_ops(chunks)
            return
        chunks, got = iter(chunks), []
        self.held.append(got)
        self.room -= 1  # the last token of a stream needs no blank after it
        for chunk in chunks:
            got.append(chunk)
            self.room -= len(chunk)
            if self.room < 0:  # long enough to pass the limit: count what was kept, then the rest
                held, self.held = self.held, None
                self.count = sum(_count_ops(kept) for kept in held[:-1]) + _count_ops(itertools.chain(got, chunks))
                return


def _count_ops(chunks) -> int:
    """Path operators in a stream given in chunks (a token cut by a chunk's end is carried over)."""
    count, carry = 0, b""
    for chunk in chunks:
        text = carry + chunk
        cut = max(text.rfind(b" "), text.rfind(b"\n"), text.rfind(b"\r"))
        count += sum(map(_PATH_OPS.__contains__, text[:cut + 1].split()))
        carry = text[cut + 1:]
    return count + (carry in _PATH_OPS)


def _inflate(stream, budget: list[int], limits: Limits):
    """The stream's data in chunks, Flate inflated a megabyte at a time and counted against
    budget[0] (bytes left), so a bomb is refused having cost little memory. Streams with other
    filters, encrypted or broken give nothing: the reader decodes them itself, under the child's
    memory limit."""
    filters = [_name(f) for f, _ in stream.get_filters()]
    data = stream.rawdata
    if data is None or stream.decipher:
        return
    try:
        while filters and filters[0] in _TEXT_FILTERS:  # reportlab writes ASCII85 around Flate
            data = _TEXT_FILTERS[filters.pop(0)](data)
    except Exception:
        return
    if not filters:
        budget[0] -= len(data)
        yield data
        return
    if filters not in (["FlateDecode"], ["Fl"]):
        return
    inflater = zlib.decompressobj()
    while data and not inflater.eof:
        try:
            chunk = inflater.decompress(data, _CHUNK)
        except zlib.error:
            return
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise LimitExceeded(f"解压后的内容超过上限 {limits.inflate_mb:,} MB（{ENV['inflate_mb'][0]}），"
                                "可能是压缩炸弹")
        yield chunk
        data = inflater.unconsumed_tail

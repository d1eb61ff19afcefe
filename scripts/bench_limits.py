"""The resource bombs of issue 16, built here, each loaded once: time and peak memory beside the limits.

    python scripts/bench_limits.py

A PDF page of 300,000 rectangles, a Flate bomb (about 1 MB inflating to 1 GB), an .xlsx zip bomb,
a 55 MB text export of one line. Each is loaded through loaders.run.ingest as the CLI and the dashboard's upload load it (a
child process per file); the peak memory is the child's (ru_maxrss of the waited-for children).
"""
from __future__ import annotations

import io
import multiprocessing
import resource
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.run.ingest import ingest  # noqa: E402
from loaders.run.limits import Limits  # noqa: E402


def pdf_with_content(content: bytes, compressed: bool = True) -> bytes:
    """A one-page PDF whose page draws `content` (a content stream, Flate-compressed when asked)."""
    stream = zlib.compress(content) if compressed else content
    return pdf_with_stream(stream, "/Filter /FlateDecode " if compressed else "")


def pdf_with_stream(stream: bytes, filters: str) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
               f"<< {filters}/Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def rectangles_pdf(count: int = 300_000) -> bytes:
    """One page of `count` tiny filled rectangles (the issue's 724 KB page)."""
    content = b"".join(b"%d %d 1 1 re f\n" % (i % 500, i // 500 % 800) for i in range(count))
    return pdf_with_content(content)


def flate_bomb(inflated_mb: int = 1024) -> bytes:
    """A page whose content stream inflates to inflated_mb MB of spaces (about a thousandth of it
    compressed), compressed in chunks so building it needs little memory."""
    packer, chunk, parts = zlib.compressobj(9), b" " * (1 << 24), []
    for _ in range(inflated_mb // 16):
        parts.append(packer.compress(chunk))
    parts.append(packer.flush())
    return pdf_with_stream(b"".join(parts), "/Filter /FlateDecode ")


def zip_bomb(inflated_mb: int = 1024) -> bytes:
    """An .xlsx-shaped zip whose one sheet inflates to inflated_mb MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(inflated_mb // 16):
                sheet.write(b" " * (1 << 24))
    return buf.getvalue()


def one_line_text(mb: int = 55) -> bytes:
    return "部门决算".encode() + b"x" * (mb * 1024 * 1024)


BOMBS = {"300,000 个矩形的一页 PDF": ("rects.pdf", rectangles_pdf),
         "Flate 压缩炸弹（解压后 1 GB）": ("bomb.pdf", flate_bomb),
         "Excel 压缩炸弹（解压后 1 GB）": ("bomb.xlsx", zip_bomb),
         "一行 55 MB 的文本": ("line.txt", one_line_text)}


def measure(label: str, folder: str) -> None:
    """Load one bomb and print the line; run in a process of its own, so that the children's peak
    memory is this bomb's alone."""
    limits = Limits.from_env()
    name, build = BOMBS[label]
    path = Path(folder) / name
    data = build()
    path.write_bytes(data)
    start = time.perf_counter()
    (res,) = ingest([path], str(Path(folder) / f"{name}.duckdb"))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{label}（{len(data) / 1e6:.1f} MB）：{seconds:.2f} 秒（上限 {limits.seconds:g}），"
          f"读取进程峰值内存 {peak:.0f} MB（上限：比读取开始时多 {limits.memory_mb} MB），"
          f"{'载入' if res.ok else '拒绝'}：{res.message}", flush=True)


def main() -> int:
    limits = Limits.from_env()
    print(f"上限：时间 {limits.seconds:g} 秒，内存 {limits.memory_mb} MB，每页绘图指令 {limits.page_ops:,}，"
          f"解压 {limits.inflate_mb} MB，每行 {limits.line_chars:,} 字符，{limits.lines:,} 行", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for label in BOMBS:
            one = multiprocessing.get_context("fork").Process(target=measure, args=(label, tmp))
            one.start()
            one.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())

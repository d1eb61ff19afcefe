"""A scanned file's pages read by several forked processes (--workers N), results in page order.

Each worker opens the PDF from the bytes it inherited and makes its own OCR engine. Workers die
with the process that forked them (Linux's parent-death signal): when the loader kills a reading
child past its time limit, its page workers stop too.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from typing import Iterator

_FORK = multiprocessing.get_context("fork")
_PR_SET_PDEATHSIG = 1
_data: bytes = b""
_pdf = None


def pages_in_parallel(data: bytes, numbers: list[int], workers: int) -> Iterator[tuple[int, list]]:
    """(page number, blocks) for each page, in order, read by `workers` processes."""
    global _data
    _data = data  # inherited by the forked workers
    with _FORK.Pool(min(workers, len(numbers)), initializer=_start, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(_read, numbers)


def _start(parent: int) -> None:
    """A worker: die with the parent, open the PDF once."""
    global _pdf
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still ends the workers
        pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    import pypdfium2 as pdfium

    _pdf = pdfium.PdfDocument(_data)


def _read(number: int) -> tuple[int, list]:
    from .ocr import read_page

    return number, read_page(_pdf[number - 1], number)

"""What a reading child tells the loader while it reads a file: how many pages it OCRs (each one
gives the reading more time) and each page done (the progress bars of the CLI and the upload).

The child connects its pipe here (child.py); read outside a child, nothing is sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

_send: Callable | None = None


@dataclass(frozen=True)
class Progress:
    """OCR pages done of total; done 0 announces total pages to read."""
    done: int
    total: int


def connect(send: Callable | None) -> None:
    global _send
    _send = send


def ocr_started(total: int) -> None:
    _tell(Progress(0, total))


def ocr_page_done(done: int, total: int) -> None:
    _tell(Progress(done, total))


def _tell(message: Progress) -> None:
    if _send is not None:
        _send(message)

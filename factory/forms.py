"""The forms a report is published in: each renders a report, as the named layout variants print it,
to the bytes of a file with that suffix."""
from __future__ import annotations

from typing import Callable

from .excel import render_xlsx
from .figures import Report
from .pdf import render_pdf
from .text import render_text

FORMS: dict[str, Callable[[Report, tuple[str, ...]], bytes]] = {
    "pdf": render_pdf,
    "txt": render_text,
    "xlsx": render_xlsx,
}

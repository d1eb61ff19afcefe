"""The forms a report is published in: each renders a report, as the named layout variants print it,
to the bytes of a file with that suffix. A .doc needs LibreOffice (soffice), which .ci/run installs."""
from __future__ import annotations

import shutil
from typing import Callable

from .bundle import render_zip
from .excel import render_xlsx
from .figures import Report
from .html import render_htm, render_html
from .pdf import render_pdf
from .text import render_text
from .word import render_doc, render_docx

FORMS: dict[str, Callable[[Report, tuple[str, ...]], bytes]] = {
    "pdf": render_pdf,
    "txt": render_text,
    "xlsx": render_xlsx,
    "docx": render_docx,
    "doc": render_doc,
    "html": render_html,
    "htm": render_htm,
    "zip": render_zip,  # two files of one report: load with ingest, not extract_bytes
}


def available() -> dict[str, Callable[[Report, tuple[str, ...]], bytes]]:
    """The forms this machine can write (.doc only where LibreOffice is installed)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    return {form: render for form, render in FORMS.items() if form != "doc" or office}

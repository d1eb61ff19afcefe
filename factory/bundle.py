"""Figures → a .zip of a report's files, as a site offers a report for download: its 公开文件 (cover
and narrative) as a Word document and its 公开表格 (the tables) as a workbook, named as published.
Loaded, the two files pair up as one report (loaders/database/pairs.py)."""
from __future__ import annotations

import io
import zipfile

from .excel import render_xlsx
from .figures import Report
from .word import render_docx


def render_zip(report: Report, variants: tuple[str, ...] = ()) -> bytes:
    name = f"{report.unit}{report.year}年{'部门预算' if report.kind == 'budget' else '部门决算'}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for inner, data in ((f"{name}/{name}公开文件.docx", render_docx(report, variants + ("narrative_only",))),
                            (f"{name}/{name}公开表格.xlsx", render_xlsx(report, variants + ("tables_only",)))):
            archive.writestr(zipfile.ZipInfo(inner, date_time=(report.year, 1, 1, 0, 0, 0)), data)
    return out.getvalue()

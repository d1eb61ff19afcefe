"""Reading PDFs: the loader's own cell extraction gives pdfplumber's cell text, table for table."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from loaders.pdf_source import _extract

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.pdf"))


def _same_cells_as_pdfplumber(path: Path) -> int:
    tables = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                assert _extract(table) == table.extract(), f"{path.name} p.{page.page_number}"
                tables += 1
    return tables


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_cells_match_pdfplumber_on_the_samples(path):
    assert _same_cells_as_pdfplumber(path) > 0


def test_cells_match_pdfplumber_on_the_corpus(corpus):
    """Real layouts: codes split over columns, wrapped header cells, tables continued over pages."""
    pdfs = sorted(corpus.rglob("*.pdf"))
    assert sum(_same_cells_as_pdfplumber(p) for p in pdfs) > 100

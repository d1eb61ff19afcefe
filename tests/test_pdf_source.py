"""Reading PDFs: the loader's own table finding and cell reading (loaders.pdf_tables) give
pdfplumber's tables and cell text, table for table and cell for cell."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from loaders.pdf_tables import cell_text, find_tables

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.pdf"))


def _same_tables_as_pdfplumber(path: Path) -> int:
    tables = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            theirs, ours = page.find_tables(), find_tables(page)
            where = f"{path.name} p.{page.page_number}"
            assert [t.cells for t in ours] == [t.cells for t in theirs], where
            for table in ours:
                assert cell_text(table) == table.extract(), where
            tables += len(ours)
    return tables


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_tables_match_pdfplumber_on_the_samples(path):
    assert _same_tables_as_pdfplumber(path) > 0


def test_tables_match_pdfplumber_on_the_corpus(corpus):
    """Real layouts: codes split over columns, wrapped header cells, tables continued over pages."""
    pdfs = sorted(corpus.rglob("*.pdf"))
    assert sum(_same_tables_as_pdfplumber(p) for p in pdfs) > 100

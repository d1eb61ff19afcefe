"""Reading PDFs: the loader's own table finding and cell reading (loaders.read.pdf_tables) give
pdfplumber's edges, tables and cell text, table for table and cell for cell, and its text lines
(loaders.read.page_lines) pdfplumber's lines, on pdfplumber's pages and on
the pages PDFium reads (loaders.read.pdfium_objects); a PDF read through PDFium gives the Document the
pdfplumber path gives, but for the printed spaces PDFium leaves out of words."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from loaders.read import pdf_source
from loaders.document import Document, sha256_of
from loaders.read.page_lines import text_lines
from loaders.read.pdf_tables import cell_text, find_tables
from loaders.read.pdfium_objects import PdfiumPage
from loaders.read.table_edges import merged_edges

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.pdf"))
TOLERANCE = 0.01  # points: PDFium keeps coordinates in single precision


def _same_cells(ours, theirs, exact: bool) -> bool:
    if exact or len(ours) != len(theirs):
        return ours == theirs
    return all(abs(a - b) <= TOLERANCE for c1, c2 in zip(ours, theirs) for a, b in zip(c1, c2))


def _spaced(ours, theirs, where: str) -> list[tuple[str, str]]:
    """The texts (lines or rows of cells) that differ only by printed spaces PDFium left out (never one
    it added); anything else must be equal."""
    if isinstance(ours, list):
        assert len(ours) == len(theirs), where
        return [d for a, b in zip(ours, theirs) for d in _spaced(a, b, where)]
    if ours == theirs:
        return []
    assert ours is not None and theirs is not None and ours.replace(" ", "") == theirs.replace(" ", ""), where
    assert len(ours) < len(theirs), where  # PDFium leaves printed spaces out, never adds one
    return [(ours, theirs)]


def _edge(edge: dict) -> tuple:
    return tuple(edge[k] for k in ("x0", "top", "x1", "bottom", "width", "height", "orientation"))


def _same_tables_as_pdfplumber(path: Path, spaced: list | None = None) -> int:
    """Tables on every page: pdfplumber's, ours on its page, ours on PDFium's page (there, but for
    the printed spaces PDFium leaves out, which are added to spaced)."""
    tables = 0
    with pdfplumber.open(path) as pdf, pdfium.PdfDocument(path) as fast:
        for page in pdf.pages:
            finder = page.debug_tablefinder()  # what page.find_tables() finds, with its edges
            theirs = finder.tables
            where = f"{path.name} p.{page.page_number}"
            assert list(map(_edge, merged_edges(page))) == list(map(_edge, finder.edges)), where
            for ours, exact in ((find_tables(page), True), (find_tables(PdfiumPage(fast[page.page_number - 1],
                                                                                   page.page_number)), False)):
                assert len(ours) == len(theirs), where
                for table, their in zip(ours, theirs):
                    assert _same_cells(table.cells, their.cells, exact), where
                    if exact:
                        assert cell_text(table) == their.extract(), where
                    else:
                        (spaced if spaced is not None else []).extend(_spaced(cell_text(table), their.extract(), where))
            tables += len(theirs)
    return tables


def _same_lines_as_pdfplumber(path: Path) -> int:
    """Text lines (page_lines) on every page, read by pdfplumber and by PDFium: pdfplumber's own
    extract_text_lines, line for line, text, box and characters; returns the lines compared."""
    lines = 0
    with pdfplumber.open(path) as pdf, pdfium.PdfDocument(path) as fast:
        for page in pdf.pages:
            for read in (page, PdfiumPage(fast[page.page_number - 1], page.page_number)):
                theirs = read.extract_text_lines()
                assert text_lines(read.chars) == theirs, f"{path.name} p.{page.page_number}"
                lines += len(theirs)
    return lines


def _same_document_both_ways(path: Path) -> list[tuple[str, str]]:
    """The Document read through PDFium against the one read by pdfplumber alone: the same tables
    and lines, but for printed spaces; returns the lines and cells whose spaces differ."""
    data = path.read_bytes()
    fast = pdf_source.read_pdf(data, path.name)
    slow = pdf_source._read_with_pdfminer(Document(path.name, sha256_of(data), "pdf", None), data, 500)
    assert (fast.reader, slow.reader) == ("pdfium", "pdfminer")
    assert (fast.page_count, fast.pages_without_text) == (slow.page_count, slow.pages_without_text)
    assert len(fast.blocks) == len(slow.blocks), path.name
    spaced = []
    for a, b in zip(fast.blocks, slow.blocks):
        where = f"{path.name} p.{a.page}"
        assert a.page == b.page and a.is_table == b.is_table, where
        spaced += _spaced(a.rows if a.is_table else a.text, b.rows if b.is_table else b.text, where)
    return spaced


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_tables_match_pdfplumber_on_the_samples(path):
    assert _same_tables_as_pdfplumber(path) > 0
    assert _same_lines_as_pdfplumber(path) > 0
    assert _same_document_both_ways(path) == []


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["final2023", "budget2026", "final2021"])
@pytest.mark.parametrize("variants", [("unruled", "figures_below_label"), ("unruled_first_row", "total_last"),
                                      ("continued_merged_columns", "running")], ids="+".join)
def test_rows_read_from_lines_are_the_same_both_ways(tmp_path, variants, layout):
    """Rows made from text lines and their positions (loose_rows, unruled) are PDFium's and pdfminer's alike."""
    from factory.pdf import render_pdf
    from factory.vary import bundled

    path = tmp_path / "variant.pdf"
    path.write_bytes(render_pdf(next(r for r in bundled() if r.layout == layout), variants))
    assert _same_document_both_ways(path) == []


@pytest.mark.corpus
def test_tables_match_pdfplumber_on_the_corpus(corpus):
    """Real layouts (the Jiangsu and 中央 reports too): codes split over columns, wrapped header cells,
    tables continued over pages; on PDFium's pages, the listed difference in a few cells."""
    pdfs = sorted(corpus.rglob("*.pdf"))
    assert any("jiangsu" in p.parts for p in pdfs)
    spaced: list = []
    assert sum(_same_tables_as_pdfplumber(p, spaced) for p in pdfs) > 100
    assert len(spaced) < 10, spaced


@pytest.mark.corpus
def test_text_lines_match_pdfplumber_on_the_corpus(corpus):
    assert sum(_same_lines_as_pdfplumber(p) for p in sorted(corpus.rglob("*.pdf"))) > 10_000


@pytest.mark.corpus
def test_documents_match_pdfplumber_on_the_corpus(corpus):
    """The listed difference: printed spaces PDFium's text page leaves out inside a line or a cell
    (in the Jiangsu reports: "13.56 %" → "13.56%", "单 位 ：万元" → "单位：万元"; in a 中央 one, "5000台 /件" and
    the space before a 目录 line's dot leader)."""
    spaced = [s for p in sorted(corpus.rglob("*.pdf")) for s in _same_document_both_ways(p)]
    assert len(spaced) < 20, spaced


def test_pdfplumber_reads_what_pdfium_cannot_open(monkeypatch):
    path = SAMPLES[0]
    expected = pdf_source.read_pdf(path.read_bytes(), path.name)

    def refuse(*args, **kwargs):
        raise pdfium.PdfiumError("refused")

    monkeypatch.setattr(pdf_source.pdfium, "PdfDocument", refuse)
    doc = pdf_source.read_pdf(path.read_bytes(), path.name)
    assert (doc.reader, expected.reader) == ("pdfminer", "pdfium")
    assert doc.blocks == expected.blocks


@pytest.mark.slow
def test_rotated_pages_read_as_pdfplumber_reads_them(tmp_path):
    """/Rotate turns pdfminer's coordinates (and makes characters not upright): the same here."""
    pdf = pdfium.PdfDocument(SAMPLES[0])
    for i in range(len(pdf)):
        pdf[i].set_rotation(90 * (i % 4))
    rotated = tmp_path / "rotated.pdf"
    pdf.save(rotated)
    pdf.close()
    assert _same_tables_as_pdfplumber(rotated) > 0
    assert _same_lines_as_pdfplumber(rotated) > 0  # characters not upright: pdfplumber's own lines
    assert _same_document_both_ways(rotated) == []

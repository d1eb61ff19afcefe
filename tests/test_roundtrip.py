"""Round trip: figures → PDF and text export → loader → the same figures, table by table.

The reports are drawn by the factory from the seed figures (and one scaled copy), so every
expected value is known exactly; a failure names the table, the key and both values."""
from __future__ import annotations


import pytest

from factory.pdf import render_pdf
from factory.text import render_text

from .reports import TABLES, load_every_format, roundtrip_cases, roundtrip_reports, roundtrip_wrong

FORMATS = {"pdf": render_pdf, "txt": render_text}


REPORTS = roundtrip_reports()  # figures only (parametrize needs the names); rendered in `loaded`


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Every report in both formats, loaded into one database: name → {format: doc_id}."""
    con, docs = load_every_format(tmp_path_factory.mktemp("roundtrip"), REPORTS, FORMATS)
    yield con, docs
    con.close()


CASES = roundtrip_cases(REPORTS, FORMATS)


@pytest.mark.parametrize("name, fmt, table", CASES)
def test_roundtrip(loaded, name, fmt, table):
    con, docs = loaded
    wrong = roundtrip_wrong(con, docs[name][fmt], REPORTS[name], table)
    assert not wrong, wrong


@pytest.mark.parametrize("name", list(REPORTS))
def test_documents_identified(loaded, name):
    con, docs = loaded
    report = REPORTS[name]
    for fmt, doc_id in docs[name].items():
        row = con.execute("SELECT unit_name, fiscal_year, doc_kind, scope, page_count FROM documents WHERE doc_id = ?",
                          [doc_id]).fetchone()
        assert row[:4] == (report.unit, report.year, report.kind, report.scope)
        assert (row[4] is not None) == (fmt == "pdf")


def test_pdf_facts_keep_their_page(loaded):
    """Every fact read from a factory PDF names a page inside the document."""
    con, docs = loaded
    for name, by_fmt in docs.items():
        pages = con.execute("SELECT page_count FROM documents WHERE doc_id = ?", [by_fmt["pdf"]]).fetchone()[0]
        for table in TABLES:
            bad = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ? AND (page IS NULL OR page < 1 OR page > ?)",
                              [by_fmt["pdf"], pages]).fetchone()[0]
            assert bad == 0, f"{name} {table}: {bad} rows without a valid page"

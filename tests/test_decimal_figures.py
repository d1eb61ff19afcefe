"""Amounts are Decimals from the reader to the store (issue 31): no binary float reaches the facts or the
checks, and the store writes each figure as the double nearest it, so a stored DOUBLE is the printed figure."""
from collections import Counter
from decimal import Decimal

import duckdb
import pytest

from factory.expected import expected_facts
from factory.text import render_text
from factory.vary import bundled
from loaders.database.record import record
from loaders.database.schema import TABLES, create_schema
from loaders.database.store import figure_columns
from loaders.run.ingest import extract_bytes

_CLAIMED = ("current", "previous")  # the figures of a claim about last year (prior_year_claims)
_COMPARED = ("summary", "expenditure_function", "expenditure_economic", "sangong", "grant_summary")


def not_decimal(facts) -> list[str]:
    """Every figure of the facts (and of their claims) that is not a Decimal; a finding may also give
    a count or a year as an int."""
    bad = [f"{table}.{c} = {v!r}" for table, rows in facts.rows.items() for r in rows
           for c in figure_columns(TABLES[table]) if (v := r.get(c)) is not None
           and not isinstance(v, Decimal) and not (table == "findings" and type(v) is int)]
    return bad + [f"claim {c} = {v!r}" for claim in facts.claims for c in _CLAIMED
                  if (v := claim[c]) is not None and not isinstance(v, Decimal)]


def figure_count(facts) -> int:
    return sum(1 for table, rows in facts.rows.items() for r in rows
               for c in figure_columns(TABLES[table]) if r.get(c) is not None)


def stored_figures(con, doc_id: str, table: str) -> Counter:
    columns = figure_columns(TABLES[table])
    rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE doc_id = ?", [doc_id]).fetchall()
    return Counter((c, v) for r in rows for c, v in zip(columns, r) if v is not None)


def fact_figures(facts, table: str) -> Counter:
    return Counter((c, float(v)) for r in facts.rows.get(table, []) for c in figure_columns(TABLES[table])
                   if (v := r.get(c)) is not None)


def stored(ex) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_schema(con)
    record(con, ex)
    return con


@pytest.mark.parametrize("report", bundled(), ids=lambda r: r.layout)
def test_factory_figures_are_decimals_and_stored_as_printed(report):
    """The factory's report read back: every figure a Decimal equal to the figure it printed, and each
    stored DOUBLE exactly the double of that figure (no float arithmetic on the way)."""
    ex = extract_bytes(render_text(report), "r.txt")
    assert figure_count(ex.facts) > 100 and not not_decimal(ex.facts), not_decimal(ex.facts)[:5]
    con = stored(ex)
    for table in _COMPARED:
        assert stored_figures(con, ex.doc.doc_id, table) == fact_figures(ex.facts, table), table
    wrong, compared = [], 0
    for table, key, expect in expected_facts(report):
        if table not in _COMPARED:
            continue
        rows = [r for r in ex.facts.get(table, **key)]
        for column, want in expect.items():
            if isinstance(want, Decimal) and want and len(rows) == 1:
                compared += 1
                got = con.execute(f"SELECT {column} FROM {table} WHERE doc_id = ? AND "
                                  + " AND ".join(f"{k} IS NOT DISTINCT FROM ?" for k in key), [ex.doc.doc_id, *key.values()]).fetchone()
                if rows[0][column] != want or got != (float(want),):
                    wrong.append(f"{table} {key} {column}: printed {want}, read {rows[0][column]!r}, stored {got}")
    assert compared > 50 and not wrong, wrong[:5]


@pytest.mark.corpus
def test_corpus_figures_are_decimals_before_the_store_and_doubles_after(corpus):
    """Every report of the corpus (text exports, PDFs of four families): no figure of its facts is a
    float, and the store writes exactly their doubles."""
    files = sorted(corpus.glob("seeds/*.txt")) + sorted(corpus.glob("seed-pdf/*.pdf")) + sorted(
        corpus.glob("real/*.pdf")) + sorted(corpus.glob("jiangsu/*.pdf")) + sorted(corpus.glob("central/*.pdf"))
    assert len(files) > 15
    for path in files:
        ex = extract_bytes(path.read_bytes(), path.name)
        assert not not_decimal(ex.facts), (path.name, not_decimal(ex.facts)[:5])
        if ex.part is None:  # a part of a split report is read again against its companion once stored
            con = stored(ex)
            for table in _COMPARED:
                assert stored_figures(con, ex.doc.doc_id, table) == fact_figures(ex.facts, table), (path.name, table)

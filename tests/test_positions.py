"""Every fact keeps where it was printed: the box of its line on the PDF page (the box holds its
figure), or its line in a text export (the line prints its figure)."""
from __future__ import annotations

import io
import random
import re
from decimal import Decimal

import pdfplumber
import pytest

from factory.pdf import render_pdf
from factory.text import render_text
from factory.vary import bundled
from factory.variants import ERRORS
from loaders.checks import run_checks
from loaders.facts import COLUMNS, Facts, where_of
from loaders.extract import extract
from loaders.run.ingest import extract_bytes, read_document
from loaders.parsers.economic import parse_basic
from loaders.database.schema import FIGURE
from loaders.database.schema import TABLES as TABLES_SPEC
from loaders.locate.tables import LocatedTable

TABLES = [t for t in COLUMNS if t != "findings"]  # findings stand where the facts they blame do (checks.base.Finding)
_BOX = ("x0", "top", "x1", "bottom")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_SCALES = (Decimal(1), Decimal("0.0001"), Decimal("0.1"))  # 万元, 元 and 千元 as printed
_NONE_STATED = re.compile("没有|无|未")  # a zero the narrative states in words ('没有机关运行经费支出')


def _printed(text: str, value: Decimal) -> bool:
    """The text prints the value (in 万元, 元 or 千元)."""
    figures = [Decimal(t.replace(",", "")) for t in _NUMBER.findall(text) if t.strip("-,")]
    return any(abs(f * s - Decimal(str(value))) < Decimal("0.006") for f in figures for s in _SCALES) \
        or (value == 0 and _NONE_STATED.search(text) is not None)


def _figures(table: str, row: dict) -> list[Decimal]:
    """The row's figures, zeros included: its figure columns by the schema's roles."""
    return [row[n] for n in TABLES_SPEC[table].names(FIGURE) if isinstance(row.get(n), Decimal)]


def _check_boxes(data: bytes, ex, sample: int | None = None, seed: int = 7) -> tuple[int, int, list[str]]:
    """(rows, rows with a box, rows whose box does not print one of their figures) over every fact table."""
    rows = [(t, r) for t in TABLES for r in ex.facts.rows.get(t, []) if r.get("page")]
    boxed = [(t, r) for t, r in rows if r.get("x0") is not None]
    if sample:
        boxed = random.Random(seed).sample(boxed, min(sample, len(boxed)))
    wrong = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for table, row in boxed:
            values = _figures(table, row)
            if not values:
                continue
            page = pdf.pages[row["page"] - 1]
            text = page.crop(tuple(row[k] for k in _BOX), strict=False).extract_text() or ""
            if not any(_printed(text, v) for v in values):  # a narrative item may wrap its figures over lines
                wrong.append(f"{table} p{row['page']} {values}: box prints {text!r}")
    return len(rows), sum(1 for _, r in rows if r.get("x0") is not None), wrong


@pytest.mark.parametrize("layout", ["final2023", "budget2026", "final2021"])
def test_every_printed_figure_of_a_factory_pdf_keeps_the_box_that_prints_it(layout):
    """Every fact with a figure (a printed 0.00 too) has the box of the row or line it was read from, and
    the box prints it; a fact without any figure (an item the table leaves blank) has none to point at."""
    report = next(r for r in bundled() if r.layout == layout)
    data = render_pdf(report)
    ex = extract_bytes(data, "r.pdf")
    rows, boxed, wrong = _check_boxes(data, ex)
    unboxed = [f"{t} {r}" for t in TABLES for r in ex.facts.rows.get(t, []) if r.get("x0") is None and _figures(t, r)]
    zeros = sum(1 for t in TABLES for r in ex.facts.rows.get(t, []) if r.get("x0") is not None and 0.0 in _figures(t, r))
    assert rows and not unboxed and not wrong, (unboxed[:5], wrong[:5])
    assert zeros, "the report prints zeros: they are boxed too"


def test_text_export_facts_keep_the_line_that_prints_them():
    report = bundled()[0]
    data = render_text(report)
    ex = extract_bytes(data, "r.txt")
    lines = data.decode("utf-8").splitlines()
    rows = [(t, r) for t in TABLES for r in ex.facts.rows.get(t, []) if _figures(t, r)]
    placed = [(t, r) for t, r in rows if r.get("line")]
    assert rows and len(placed) == len(rows), [r for t, r in rows if not r.get("line")][:5]
    assert all(r.get("x0") is None for _, r in rows)
    wrong = [f"{t} {r}" for t, r in placed if not any(_printed(lines[r["line"] - 1], v) for v in _figures(t, r))]
    assert not wrong, wrong[:5]


@pytest.mark.corpus
def test_corpus_pdf_facts_have_boxes_that_print_them(corpus):
    """≥ 95 % of the corpus PDFs' fact rows have a box; a seeded sample of every report's boxed rows
    holds its printed figure."""
    total = boxed = 0
    wrong = []
    for path in sorted([*corpus.glob("seed-pdf/*.pdf"), *corpus.glob("real/*.pdf"), *corpus.glob("jiangsu/*.pdf")]):
        data = path.read_bytes()
        ex = extract_bytes(data, path.name)
        if ex.status == "template":
            continue
        rows, placed, bad = _check_boxes(data, ex, sample=40)
        total, boxed, wrong = total + rows, boxed + placed, wrong + [f"{path.name}: {w}" for w in bad]
    assert boxed >= 0.95 * total, (boxed, total)
    assert not wrong, wrong[:8]


_FIGURE_COLUMNS = tuple(dict.fromkeys(n for t in TABLES for n in TABLES_SPEC[t].names(FIGURE)))
_OTHER = tuple(f"other_{k}" for k in _BOX)


def _fact_figures(fact: dict) -> list[float]:
    """The figures a blamed fact row prints (none for a printed line: a sentence, a title)."""
    return [fact[n] for n in _FIGURE_COLUMNS if isinstance(fact.get(n), float)]


def _check_findings(data: bytes, name: str) -> tuple[int, list[str]]:
    """(findings standing on a blamed fact's line, what is wrong): a finding with a boxed fact on its page
    has that fact's box, and the box prints the fact's figure; the other line of a disagreement is a
    blamed fact's box on other_page, never the finding's own; a finding blaming no boxed fact has no box."""
    seen, wrong = 0, []
    ex = extract(read_document(data, name))  # the document kept: the checks read its lines again
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for f in run_checks(ex.facts, ex.info, ex.doc, ex.part):
            boxes = {p: [where_of(x) for x in f.get("facts", []) if x.get("page") == p and x.get("x0") is not None]
                     for p in (f["page"], f["other_page"])}
            own = tuple(f[k] for k in _BOX)
            if not boxes[f["page"]]:
                wrong += [f"{f['check_id']} p{f['page']}: a box no fact gives"] if f["x0"] is not None else []
                continue
            seen += 1
            fact = next(x for x in f["facts"] if where_of(x) == own)
            text = pdf.pages[f["page"] - 1].crop(own, strict=False).extract_text() or ""
            values = _fact_figures(fact)  # a code printed on two rows and summed keeps its first row's box
            if own != boxes[f["page"]][0] or values and not any(_printed(text, v) for v in values):
                wrong.append(f"{f['check_id']} p{f['page']} {_fact_figures(fact)}: {own} prints {text!r}")
            other = tuple(f[k] for k in _OTHER)
            if f["other_x0"] is not None and (other == own or other not in boxes[f["other_page"]]):
                wrong.append(f"{f['check_id']} p{f['other_page']}: other line {other}")
    return seen, wrong


@pytest.mark.parametrize("variant", ["repeated_code", "share_of_printed_total", "yoy_wrong", "prior_year_wrong"])
def test_a_finding_in_a_factory_pdf_has_the_box_of_the_line_printing_the_figure_it_blames(variant):
    data = render_pdf(bundled()[0], (variant,))
    seen, wrong = _check_findings(data, "r.pdf")
    assert seen and not wrong, wrong[:5]


@pytest.mark.slow
@pytest.mark.parametrize("variant", list(ERRORS))
def test_every_mistake_a_factory_pdf_prints_is_boxed_where_its_figures_are(variant):
    data = render_pdf(bundled()[0], (variant,))
    seen, wrong = _check_findings(data, "r.pdf")
    assert not wrong, wrong[:5]


@pytest.mark.corpus
def test_corpus_findings_stand_on_the_facts_they_blame(corpus):
    """Every corpus PDF finding blaming a printed fact has that fact's box (and the other line of a
    disagreement the other fact's); findings of a table not found, or of the score, have none."""
    seen, wrong = 0, []
    for path in sorted([*corpus.glob("seed-pdf/*.pdf"), *corpus.glob("real/*.pdf"), *corpus.glob("jiangsu/*.pdf")]):
        data = path.read_bytes()
        n, bad = _check_findings(data, path.name)
        seen, wrong = seen + n, wrong + [f"{path.name}: {w}" for w in bad]
    assert seen >= 50 and not wrong, (seen, wrong[:8])


@pytest.mark.parametrize("variant", ["garbled_cell", "garbled_evaluation"])
def test_an_unreadable_cell_is_said_where_its_row_prints_it(variant):
    """The finding of a cell that reads as no number stands on the row printing that cell."""
    data = render_pdf(bundled()[0], (variant,))
    found = [f for f in extract_bytes(data, "r.pdf").facts.rows["findings"] if f["check_id"] == "unreadable_number"]
    assert found
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for f in found:
            cell = f["message"].split("“")[1].split("”")[0]
            assert f["x0"] is not None, f["message"]
            text = pdf.pages[f["page"] - 1].crop(tuple(f[k] for k in _BOX), strict=False).extract_text() or ""
            assert cell in text.replace(" ", ""), (f["message"], text)


def test_a_code_summed_over_rows_has_the_box_of_the_row_printing_all_of_it_or_none():
    """A 款 printed once per 政府预算经济分类 adds up: the sum is printed on no row (no box), unless the
    other rows print 0.00 (the box of the row printing it); a code printed once keeps its row's box."""
    rows = [["科目编码", "科目名称", "科目编码", "科目名称", "合计"],
            ["30101", "基本工资", "50101", "工资奖金津补贴", "389.90"],
            ["30101", "基本工资", "50501", "工资福利支出", "316.70"],
            ["30102", "津贴补贴", "50101", "工资奖金津补贴", "0.00"],
            ["30102", "津贴补贴", "50501", "工资福利支出", "26.70"],
            ["30103", "奖金", "50501", "工资福利支出", "0.00"]]
    where = [(0.0, 10.0 * n, 500.0, 10.0 * n + 8) for n in range(len(rows))]
    table = LocatedTable("economic_final", "基本支出决算表", rows=rows, pages=[3] * len(rows), where=where)
    facts = Facts()
    parse_basic(table, facts, None)
    tops = {r["code"]: (r["amount"], r["top"]) for r in facts.rows["expenditure_economic"]}
    assert tops == {"30101": (Decimal("706.6"), None), "30102": (Decimal("26.7"), 40.0), "30103": (0, 50.0)}

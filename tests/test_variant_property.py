"""Generality as a tested property: any combination of layout variants, on any of the three bundled
layouts, in any form a report is published in (factory/forms.py), loads back to exactly the facts
expected() names.

Hypothesis draws the combinations (derandomized and without an example database, so a run in CI
draws the same ones as here); a failing one is shrunk and printed with its layout, variants and
form. The quick loop draws a few (tests/properties.py), the full run more, the slow mark many; a
.doc, which starts LibreOffice twice (to write and to read it), is tried in every layout by the slow
test_every_form_reads_back_exactly."""
from __future__ import annotations

import random
import tempfile
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factory.forms import FORMS, available
from factory.variants import VARIANTS, canonical, expected, expected_source_unit, tables_read
from factory.vary import bundled
from loaders.facts import COLUMNS
from loaders.run.ingest import extract_bytes, ingest
from loaders.database.store import opened

from .properties import examples
from .test_variants import mismatches

REPORTS = {r.layout: r for r in bundled()}
# garbled_tables is left out: which facts its garbled first cells null follows the loader's reading of
# each table, so test_variants checks it apart (every garbled cell NULL, every other figure exact).
DRAWN = sorted(name for name in VARIANTS if name != "garbled_tables")
QUICK_FORMS = sorted(set(FORMS) - {"doc"})  # a .doc starts LibreOffice twice: seconds each
# The zip form holds a report as its 公开文件 and its 公开表格; a 公开表格 that does not print its unit
# takes it from its file name, then from its companion (test_a_tables_file_takes_its_unit_from_its_companion).
COVER_ONLY = ("unit_in_title", "cover_year_first")


def cases(forms: list[str]):
    """(layout, variants in the order drawn, form): at most one variant of an aspect."""
    @st.composite
    def draw_case(draw) -> tuple[str, tuple[str, ...], str]:
        layout = draw(st.sampled_from(sorted(REPORTS)))
        drawn = draw(st.lists(st.sampled_from(DRAWN), max_size=7, unique=True))
        form = draw(st.sampled_from(forms))
        names, aspects = [], set()
        for name in drawn:
            aspect = VARIANTS[name].aspect
            if aspect is None or aspect not in aspects:
                names.append(name)
                aspects.add(aspect)
        return layout, tuple(names), form
    return draw_case()


def loaded(data: bytes, form: str, said: str):
    """What the loader reads from the file: one report's info and facts, a .zip's files together."""
    if form != "zip":
        ex = extract_bytes(data, f"variant.{form}")
        return ex.info, ex.facts
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "variant.zip"
        path.write_bytes(data)
        results = ingest([path], str(Path(tmp) / "z.duckdb"))
        assert [r.ok and r.status == "ok" for r in results] == [True, True], f"{said}: {[r.message for r in results]}"
        ids = [r.doc_id for r in results]
        with opened(str(Path(tmp) / "z.duckdb")) as con:
            infos = [con.execute("SELECT unit_name, fiscal_year, doc_kind, scope, source_unit, problems "
                                 "FROM documents WHERE doc_id = ?", [i]).fetchone() for i in ids]
            rows = {table: [dict(zip(columns, r)) for r in con.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE list_contains(?, doc_id)", [ids]).fetchall()]
                for table, columns in COLUMNS.items()}
    assert len({info[:5] for info in infos}) == 1, f"{said}: {infos}"  # both parts: one report
    (unit, year, kind, scope, source_unit, _), *_ = infos
    # a part may say what it read from its companion (its year); nothing else is a problem
    problems = [p for *_, said_ in infos for p in (said_ or "").split("；") if p and "取自配套文件" not in p]
    info = SimpleNamespace(unit_name=unit, fiscal_year=year, doc_kind=kind, scope=scope, source_unit=source_unit)
    return info, SimpleNamespace(rows=rows, problems=problems)


def check_round_trip(layout: str, names: tuple[str, ...], form: str) -> None:
    report = REPORTS[layout]
    said = f"{layout} {form} {'+'.join(canonical(names)) or '(no variant)'}"
    info, facts = loaded(FORMS[form](report, names), form, said)
    assert (info.unit_name, info.fiscal_year, info.doc_kind, info.scope) == (
        report.unit, report.year, report.kind, report.scope), said
    assert info.source_unit == expected_source_unit(names), said
    assert not facts.problems, f"{said}: {facts.problems}"
    wrong = mismatches(SimpleNamespace(facts=facts), expected(report, names))
    assert not wrong, f"{said}: {len(wrong)} facts differ:\n" + "\n".join(wrong[:12])
    if form != "zip":  # no table read twice or as a kind it is not
        kinds = [t["kind"] for t in facts.tables]
        assert kinds == tables_read(names, list(_base_kinds(layout))), f"{said}: tables read {kinds}"


@lru_cache(maxsize=None)
def _base_kinds(layout: str) -> tuple[str, ...]:
    return tuple(t["kind"] for t in extract_bytes(FORMS["txt"](REPORTS[layout], ()), "base.txt").facts.tables)


QUICK = settings(max_examples=examples(14), deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow])
THOROUGH = settings(QUICK, max_examples=200)


@QUICK
@given(cases(QUICK_FORMS))
# found by the slow draws: a tables part naming its year only in its file name, its narrative companion
# stating it; a narrative without a 单位 line beside tables printed in 元; a 三公 table with a 机关运行经费
# column that the 中央 template leaves out
@example(case=("budget2026", ("central_template", "unit_titles"), "zip"))
@example(case=("budget2026", ("appropriation_table", "operating_costs_column", "central_template"), "docx"))
@example(case=("budget2026", ("yuan", "title_in_frame"), "zip"))
@example(case=("budget2026", ("amount_words", "appropriation_table", "assets_by_class"), "docx"))  # 数量 | 预算数
def test_any_combination_of_variants_reads_back_exactly(case):
    check_round_trip(*case)


@pytest.mark.slow
@THOROUGH
@given(cases(QUICK_FORMS))
def test_many_combinations_of_variants_read_back_exactly(case):
    check_round_trip(*case)


@pytest.mark.parametrize("form", [pytest.param(f, marks=[pytest.mark.slow] if f == "doc" else []) for f in sorted(FORMS)])
@pytest.mark.parametrize("layout", sorted(REPORTS))
def test_every_form_reads_back_exactly(layout, form):
    """Each form of each layout, as printed, in every run (a .doc in the slow one)."""
    if form not in available():
        pytest.skip("a .doc needs LibreOffice (soffice): .ci/run installs it")
    check_round_trip(layout, (), form)


@pytest.mark.parametrize("name", COVER_ONLY)
@pytest.mark.parametrize("layout", sorted(r for r in REPORTS if REPORTS[r].kind == "final"))
def test_a_tables_file_takes_its_unit_from_its_companion(layout, name):
    """The unit printed only on the narrative file's cover: the 公开表格 reads it from its file name and
    its companion confirms it, so both files read whole as one report."""
    check_round_trip(layout, (name,), "zip")


@QUICK
@given(cases(QUICK_FORMS), st.randoms(use_true_random=False))
def test_variants_apply_in_one_order_whatever_order_they_are_named_in(case, rng: random.Random):
    layout, names, _ = case
    shuffled = list(names)
    rng.shuffle(shuffled)
    assert FORMS["txt"](REPORTS[layout], names) == FORMS["txt"](REPORTS[layout], tuple(shuffled))


def test_two_alternatives_are_refused_naming_both():
    with pytest.raises(ValueError, match="split_codes.*spaced_codes|spaced_codes.*split_codes"):
        canonical(("spaced_codes", "split_codes"))

"""Layouts the corpus never shows: the factory's figures printed as other cities print them
(factory/variants.py) must load back to exactly the same figures.

Every variant is tried alone on the three bundled layouts as a text export, and in combinations
as PDFs (a PDF takes seconds to read, so each one carries several independent variants).
A case the loader does not read yet is an xfail(strict=True) naming the parser and the layout."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import pytest

from factory.expected import expected_facts
from factory.layout import Grid, Text
from factory.pdf import render_pdf
from factory.text import render_text
from factory.variants import (VARIANTS, apply, expected, expected_region, expected_source_unit, garble, running_lines,
                              tables_read)
from factory import elements
from factory.vary import bundled
from loaders.run.ingest import extract_bytes
from loaders.parsers.execution import read_items
from loaders.prose import passages
from loaders.locate.registry import PARSERS, title_kind
from loaders.locate.tables import LocatedTable, unreadable_number

from .reports import matches

REPORTS = {r.layout: r for r in bundled()}  # final2023, final2021, budget2026
RENDER = {"pdf": render_pdf, "txt": render_text}
YUAN = ("yuan",)

TEXT_CASES = [(layout, (name,), "txt") for name in VARIANTS for layout in REPORTS if name != "garbled_tables"]
PDF_CASES = [  # several independent variants per PDF (they apply in one canonical order, whatever order named)
    ("final2023", ("split_codes_sparse", "yuan", "continued_bare", "running", "image_cover"), "pdf"),
    ("final2023", ("garbled_cell", "sangong_rows", "titles_annex", "narrative_worded", "continued"), "pdf"),
    ("budget2026", ("split_codes", "yuan", "continued", "running", "titles_other_wording", "image_cover"), "pdf"),
    ("budget2026", ("garbled_cell", "sangong_rows", "wrapped_headers", "titles_budget_number"), "pdf"),
    ("final2021", ("empty_statement", "spaced_codes", "titles_biao", "narrative_worded", "continued_bare", "running"),
     "pdf"),
    ("final2021", ("sangong_rows", "split_codes", "titles_gongkai", "continued_titled", "wrapped_headers"), "pdf"),
    ("final2023", ("garbled_evaluation", "empty_statement", "summary_stacked", "titles_other_wording",
                   "titles_unnumbered", "spaced_codes"), "pdf"),
    ("budget2026", ("summary_three_groups", "expense_one_row", "sangong_combined", "offset_figures",
                    "unit_in_title", "titles_gongkai"), "pdf"),
    ("budget2026", ("prior_year_columns", "wrapped_headers", "yuan", "continued"), "pdf"),
    ("final2021", ("prior_year_columns", "split_codes", "titles_biao"), "pdf"),
    ("final2023", ("column_numbers", "split_codes", "continued", "wrapped_headers"), "pdf"),
    ("budget2026", ("numeral_years", "unit_in_title", "titles_biao"), "pdf"),
    ("final2021", ("unruled", "split_codes", "yuan", "figures_below_label", "total_last"), "pdf"),
    ("final2023", ("unruled", "wrapped_headers", "spaced_codes", "running", "sangong_rows"), "pdf"),
    ("budget2026", ("total_last", "figures_below_label", "unruled_first_row", "yuan"), "pdf"),
    ("final2023", ("continued_fewer_columns", "wrapped_headers", "titles_gongkai"), "pdf"),
    ("budget2026", ("split_codes", "continued_merged_columns", "running"), "pdf"),
    ("budget2026", ("appropriation_table", "total_last", "central_unit", "continued", "gongkai_lines", "title_in_frame"),
     "pdf"),
    ("final2023", ("central_template", "total_last", "wrapped_headers"), "pdf"),
    ("final2021", ("split_codes", "continued_bare", "gongkai_lines", "title_in_frame"), "pdf"),
    ("final2021", ("appropriation_table", "yuan", "continued", "unit_titles", "title_in_frame"), "pdf"),
    ("budget2026", ("central_template", "yuan", "wrapped_headers", "continued_bare", "unit_titles"), "pdf"),
    ("budget2026", ("unit_in_header", "yuan", "code_with_name", "economic_all", "continued"), "pdf"),
    ("final2023", ("qianyuan", "code_bracketed", "project_economic", "procurement_table", "field_words"), "pdf"),
    ("final2021", ("unit_missing", "operating_costs_table", "assets_by_class", "continued_bare", "wrapped_headers"), "pdf"),
    ("final2021", ("budget_columns", "cover_year_first", "amount_words", "dash_zero", "total_spaced"), "pdf"),
    ("budget2026", ("summary_two_years", "change_columns", "total_column_last", "projects_by_unit", "general_projects",
                    "titles_beijing"), "pdf"),
    ("final2023", ("wrapped_labels", "yuan_cents", "plain_amounts", "split_codes", "continued"), "pdf"),
    ("final2023", ("disclosures_shanghai", "disclosures_numerals", "disclosures_yuan", "assets_table", "split_codes"),
     "pdf"),
    ("budget2026", ("disclosures_shanghai", "disclosures_numerals", "operating_costs_column", "yuan", "running"), "pdf"),
    ("budget2026", ("disclosures_jiangsu", "assets_table"), "pdf"),
    ("final2021", ("disclosures_henan", "disclosures_yuan", "operating_costs_column", "column_numbers", "continued"),
     "pdf"),
]
# (layout, variant) → why the loader does not read it yet
FACTS_XFAIL: dict[tuple[str, str], str] = {}
READ_XFAIL: dict[tuple[str, str], str] = {}


@lru_cache(maxsize=None)
def loaded(layout: str, names: tuple[str, ...], fmt: str):
    return extract_bytes(RENDER[fmt](REPORTS[layout], names), f"variant.{fmt}")


def _case_id(case) -> str:
    layout, names, fmt = case
    return f"{layout}-{'+'.join(names)}-{fmt}"


def _params(cases, xfails):
    out = []
    for case in cases:
        why = [xfails[(case[0], n)] for n in case[1] if (case[0], n) in xfails]
        marks = [pytest.mark.xfail(strict=True, reason=why[0])] if why else []
        out.append(pytest.param(*case, id=_case_id(case), marks=marks))
    return out


def mismatches(ex, facts) -> list[str]:
    """The expected facts not read back: no row of the key, or a row of the key holding other figures (a
    table read twice, or another table's figures stored under this one's kind)."""
    out = []
    for table, key, expect in facts:
        candidates = [r for r in ex.facts.rows.get(table, []) if all(r.get(k) == v for k, v in key.items())]
        wrong = [r for r in candidates if not matches(r, expect)]
        if not candidates or wrong:
            shown = {k: wrong[0].get(k) for k in expect} if wrong else "no row"
            out.append(f"{table} {key}: expected {expect}, read {shown}")
    return out


@pytest.mark.parametrize("layout, names, fmt", _params(TEXT_CASES + PDF_CASES, FACTS_XFAIL))
def test_variant_reads_back_the_same_figures(layout, names, fmt):
    report = REPORTS[layout]
    ex = loaded(layout, names, fmt)
    info = ex.info
    assert (info.unit_name, info.fiscal_year, info.doc_kind, info.scope) == (
        report.unit, report.year, report.kind, report.scope)
    assert info.source_unit == expected_source_unit(names)
    assert expected_region(names) in (None, info.region)
    wrong = mismatches(ex, expected(report, names))
    assert not wrong, f"{len(wrong)} facts differ:\n" + "\n".join(wrong[:12])


@pytest.mark.parametrize("layout, names, fmt", _params(TEXT_CASES + PDF_CASES, READ_XFAIL))
def test_variant_finds_every_table(layout, names, fmt):
    """The same tables as the corpus layout, nothing reported missing or unreadable."""
    ex = loaded(layout, names, fmt)
    base = loaded(layout, (), "txt")
    assert not ex.facts.problems
    assert [t["kind"] for t in ex.facts.tables] == tables_read(names, [t["kind"] for t in base.facts.tables])


@pytest.mark.parametrize("layout, fmt", [("final2023", "txt"), ("budget2026", "txt"), ("final2021", "txt"),
                                         ("final2023", "pdf")])
def test_unreadable_cell_is_null_with_a_finding_never_zero_or_shifted(layout, fmt):
    report = REPORTS[layout]
    names = ("garbled_cell",) + (("sangong_rows", "titles_annex", "narrative_worded", "continued")
                                 if fmt == "pdf" else ())
    ex = loaded(layout, names, fmt)
    leaf = report.leaves[0]
    row = ex.facts.get("expenditure_function", fund="all", code=leaf.code)[0]
    assert row["total"] is None
    assert (row["basic"], row["project"]) in ((leaf.basic, leaf.project), (leaf.basic or None, leaf.project or None))
    found = [f for f in ex.facts.rows["findings"] if f["check_id"] == "unreadable_number"]
    assert len(found) == 1 and found[0]["severity"] == "warning"
    printed = garble(f"{leaf.total:,.2f}")
    assert f"“{printed}”" in found[0]["message"] and "空值" in found[0]["message"]
    assert found[0]["page"] == row["page"]


@pytest.mark.parametrize("layout, fmt", [("final2023", "txt"), ("budget2026", "txt"), ("final2021", "txt"),
                                         ("budget2026", "pdf")])
def test_no_unreadable_figure_becomes_a_number(layout, fmt):
    """The first figure of every table garbled: each reads as NULL with a finding, never as 0 or as its
    neighbour's figure; every other figure still reads exactly."""
    report = REPORTS[layout]
    ex = loaded(layout, ("garbled_tables",), fmt)
    wrong = []
    for table, key, expect in expected_facts(report):
        for row in ex.facts.get(table, **key):
            wrong += [f"{table} {key} {col}: {row[col]} ≠ {want}" for col, want in expect.items()
                      if isinstance(want, Decimal) and row[col] is not None
                      and abs(Decimal(str(row[col])) - want) > Decimal("0.006")]
    assert not wrong, "\n".join(wrong)
    printed, title = set(), ""
    for el in apply(report, elements(report), ("garbled_tables",)):
        title = el.text if isinstance(el, Text) and el.style == "title" else title
        kind = title_kind(title, report.kind)
        if isinstance(el, Grid) and kind and kind.name in PARSERS:  # a table the loader reads
            printed |= {c for row in el.rows for c in row if unreadable_number(c)}
    said = {re.findall("“(.+?)”", f["message"])[-1] for f in ex.facts.rows["findings"]
            if f["check_id"] == "unreadable_number"}
    assert said == printed and len(printed) >= 4


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_garbled_self_evaluation_figures_are_null_each_with_a_finding(fmt):
    """Funds 年初预算数 / 得分 and an indicator's 分值 garbled: NULL in their own fields (checked by the
    round trip), one finding per printed cell, no score sum checked with a term missing."""
    names = next(c[1] for c in PDF_CASES if "garbled_evaluation" in c[1]) if fmt == "pdf" else ("garbled_evaluation",)
    ex = loaded("final2023", names, fmt)
    report = REPORTS["final2023"]
    printed = [c for el in apply(report, elements(report), ("garbled_evaluation",)) if isinstance(el, Grid)
               for row in el.rows for c in row if unreadable_number(c)]
    said = [re.findall("“(.+?)”", f["message"])[-1] for f in ex.facts.rows["findings"]
            if f["check_id"] == "unreadable_number"]
    assert sorted(said) == sorted(printed) and len(printed) == 13
    assert sum(None in e.values() for t, _, e in expected(report, names) if t.startswith("performance")) == 8
    assert not [f for f in ex.facts.rows["findings"] if f["check_id"].startswith("performance")]


@pytest.mark.parametrize("layout, fund", [("final2021", "gov_fund"), ("final2023", "state_capital")])
def test_empty_table_with_a_statement_stays_empty(layout, fund):
    ex = loaded(layout, ("empty_statement",), "txt")
    text = render_text(REPORTS[layout], ("empty_statement",)).decode()
    word = {"gov_fund": "政府性基金", "state_capital": "国有资本经营"}[fund]
    assert f"无{word}预算财政拨款收入支出，故本表为空表。" in text
    assert all(r["total"] is None for r in ex.facts.get("expenditure_function", fund=fund))
    said = [f for f in ex.facts.rows["findings"] if f["check_id"] == "completeness" and word in f["message"]]
    assert [(f["severity"], f["message"].endswith("为空表，报告已说明原因")) for f in said] == [("info", True)]
    assert ex.status == "ok"


def test_image_cover_leaves_page_one_without_text():
    names = PDF_CASES[0][1]
    ex = loaded("final2023", names, "pdf")
    assert ex.doc.pages_without_text == 1 and ex.doc.page_count > 20 and ex.status == "ok"
    assert min(r["page"] for r in ex.facts.rows["summary"]) > 1


def test_running_lines_sit_between_continuation_pages():
    """The running header and '第 n 页' print between the two parts of a continued table."""
    report = REPORTS["final2021"]
    header, footer = running_lines(report)
    assert header == "示例区行政服务中心2021年度部门决算" and footer.format(page=3) == "第 3 页"
    text = render_text(report, ("continued_bare", "running")).decode()
    part = text.split("\n支出决算表\n", 1)[1].split("注：", 1)[0]
    between = [line for line in part.splitlines() if line and "\t" not in line]
    assert between[-1] == header and re.fullmatch(r"第 \d+ 页", between[-2])
    assert ex_tables(("continued_bare", "running")) == ex_tables(())


def ex_tables(names: tuple[str, ...]) -> list[tuple[str, int]]:
    return [(t["kind"], t["row_count"]) for t in loaded("final2021", names, "txt").facts.tables]


def test_yuan_tables_print_whole_yuan_with_separators():
    text = render_text(REPORTS["final2023"], YUAN).decode()
    assert "单位：元" in text and "单位：万元" in text  # the self-evaluation summary keeps its own unit
    assert "30,885,700\t20,358,400\t10,527,300" in text  # 合计 of 支出决算表: 3,088.57 / 2,035.84 / 1,052.73 万元
    assert "年初预算为" in text and "万元" in text  # prose stays in 万元


def test_split_codes_print_class_only_on_the_first_row_of_its_group():
    grid = next(el for el in apply(REPORTS["final2023"], elements(REPORTS["final2023"]), ("split_codes_sparse",))
                if isinstance(el, Grid) and any(r[:3] == ["类", "款", "项"] for r in el.rows))
    rows = [r[:4] for r in grid.rows[grid.header:]]
    assert rows[1:4] == [["201", "", "", "一般公共服务支出"], ["", "03", "", "政府办公厅（室）及相关机构事务"],
                         ["", "03", "01", "行政运行"]]


def test_garble_prints_a_letter_for_a_digit():
    assert garble("1,204.00") == "1,2O4.00"
    assert garble("1,358.74") == "1,O58.74"


@pytest.mark.parametrize("cell, unreadable", [
    ("1,2O4.00", True), ("3.O0", True), ("12,34", True), ("1.234.56", True), ("1,204.00", False),
    ("201 03 01", False), ("", False), ("-", False), ("2024-01-01", False), ("≥95%", False), ("HP1020", False),
    ("B2", False), ("第3页", False), ("7O%", True), ("95%", False), ("1O", True)])
def test_unreadable_number(cell, unreadable):
    assert unreadable_number(cell) is unreadable


def test_unreadable_cells_keep_their_page_and_row():
    table = LocatedTable("final_expense", "支出决算表", rows=[["2010301", "行政运行", "1,2O4.00", "3.00"]], pages=[7],
                         where=[(56.0, 300.5, 540.0, 318.0)])
    assert table.unreadable_cells() == [("1,2O4.00", 7, (56.0, 300.5, 540.0, 318.0))]
    assert table.amount("1,2O4.00") is None


@pytest.mark.parametrize("title, doc_kind, kind", [
    ("2026年一般公共预算支出预算表(按功能科目)", "budget", "budget_general"),
    ("一般公共预算基本支出预算表（按经济科目）", "budget", "economic_budget"),
    ("2026年部门收支预算总表", "budget", "summary"),
    ("“三公”经费预算财政拨款情况表", "budget", "sangong"),
    ("预算表3 2026年部门支出总体情况表", "budget", "budget_expense"),
    ("附表1：收入支出决算总表", "final", "summary"),
    ("表五 一般公共预算财政拨款支出决算明细表", "final", "final_general"),
])
def test_other_title_wordings(title, doc_kind, kind):
    got = title_kind(title, doc_kind)
    assert got is not None and got.name == kind


def test_a_title_qualified_by_economic_class_is_not_read_as_a_function_table():
    got = title_kind("一般公共预算支出预算表（按经济分类科目）", "budget")
    assert got is None or got.name != "budget_general"


def test_completion_rate_worded_as_a_share_of_the_budget():
    sents = passages([("1.一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算数为1,145.10万元，决算数为1,151.79万元，"
                       "决算数为年初预算数的100.58%。", 9)], headings=True)
    item = read_items(sents)[-1]
    assert (item["item"], item["budget"], item["actual"], item["completion_rate"]) == ("行政运行", Decimal("1145.10"), Decimal("1151.79"),
                                                                                        Decimal("100.58"))

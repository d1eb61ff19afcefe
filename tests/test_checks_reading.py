"""The checks that read what a report says (issue 15): each kind of mistake put into a factory report
(factory.variants.ERRORS) is found on its page; the clean report gives none of them."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import pytest

from factory.pdf import render_pdf
from factory.text import render_text
from factory.vary import bundled, scaled
from loaders.checks import run_checks
from loaders.document import Block, Document
from loaders.facts import Facts
from loaders.identity.identify import DocInfo
from loaders.run.ingest import extract_bytes, ingest
from loaders.identity.placeholders import is_placeholder_name
from loaders.database.store import opened

FINAL = bundled()[0]
NEW = ("direction_words", "years", "placeholders", "toc", "blank_tables", "year_over_year", "performance_flattery",
       "repeated_code", "year_over_year_columns", "narrative_vs_table", "narrative_shares", "narrative_lists",
       "narrative_classes", "performance_project_count", "performance_vs_final")


@lru_cache(maxsize=None)
def pdf_findings(names: tuple[str, ...]) -> list[dict]:
    found = extract_bytes(render_pdf(FINAL, names), "r.pdf").facts.rows["findings"]
    return [f for f in found if f["check_id"] in NEW and f["severity"] != "info"]


def page_of(names: tuple[str, ...], words: str) -> int:
    """The PDF page on which the report printed with these variants prints words."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(render_pdf(FINAL, names))) as pdf:
        return next(i for i, p in enumerate(pdf.pages, 1) if words in (p.extract_text() or "").replace(" ", ""))


def test_clean_factory_report_has_none_of_these_findings():
    assert pdf_findings(()) == []


@pytest.mark.slow
@pytest.mark.parametrize("variant,check_id,severity,words", [
    ("wrong_direction", "direction_words", "error", "决算数大于年初预算数"),
    ("wrong_years", "years", "warning", f"截至{FINAL.year - 1}年12月31日"),
    ("placeholder_left", "placeholders", "error", "XX辆"),
    ("yoy_wrong", "year_over_year", "error", "增长5.00%"),
    ("repeated_code", "repeated_code", "warning", f"{FINAL.leaves[0].total + 1:,.2f}"),
    ("prior_year_wrong", "year_over_year_columns", "error", "比上年决算减少"),
])
def test_error_put_in_is_found_on_its_page(variant, check_id, severity, words):
    found = pdf_findings((variant,))
    assert found and {(f["check_id"], f["severity"]) for f in found} == {(check_id, severity)}
    assert page_of((variant,), words) in {f["page"] for f in found}


def test_direction_word_names_both_figures():
    (f,) = pdf_findings(("wrong_direction",))
    assert f["actual"] < f["expected"] and "小于预算数" in f["message"]


def test_heading_and_date_of_last_year_are_both_warned():
    found = pdf_findings(("wrong_years",))
    assert sorted(f["actual"] for f in found) == [FINAL.year - 1] * 2


def test_change_in_percent_recomputed_from_the_stated_figures():
    (f,) = pdf_findings(("yoy_wrong",))
    total = next(r for r in extract_bytes(render_pdf(FINAL), "r.pdf").facts.get("summary", side="income")
                 if r["item"] in ("总计", "收入总计"))["amount"]
    assert f["actual"] == 5.0 and f["expected"] == pytest.approx(100 / (total - 100) * 100, abs=0.01)


def test_table_listed_in_the_toc_but_left_out():
    found = pdf_findings(("toc_missing_table",))
    assert [(f["check_id"], f["severity"]) for f in found] == [("toc", "error")]
    assert "收入决算表" in found[0]["message"] and found[0]["page"] == page_of(("toc_missing_table",), "目录")


def test_blank_table_the_narrative_fills():
    found = [f for f in pdf_findings(("blank_filled",)) if f["check_id"] == "blank_tables"]
    (f,) = found
    assert f["severity"] == "error" and "三公" in f["message"] and f["actual"] > 0
    assert f["page"] == page_of(("blank_filled",), "财政拨款“三公”经费支出决算表")


def test_empty_table_stated_on_purpose_is_fine():
    found = extract_bytes(render_text(bundled()[1], ("empty_statement",)), "r.txt").facts.rows["findings"]
    assert [f for f in found if f["check_id"] == "blank_tables"] == []


def test_placeholder_unit_is_a_template():
    assert is_placeholder_name("上海市XX局") and is_placeholder_name("××单位") and is_placeholder_name("ＸＸ局")
    assert not is_placeholder_name("上海市普陀区财政局") and not is_placeholder_name("xxgk 信息公开")
    text = render_text(FINAL).decode("utf-8").replace(FINAL.unit, "示例市XX局")
    ex = extract_bytes(text.encode("utf-8"), "t.txt")
    assert ex.status == "template"
    assert [(f["check_id"], f["severity"]) for f in ex.facts.rows["findings"] if f["check_id"] == "placeholders"] == [
        ("placeholders", "info")]


def test_template_stays_out_of_current_documents(tmp_path):
    text = render_text(FINAL).decode("utf-8").replace(FINAL.unit, "示例市XX局")
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "b.duckdb")
    ingest([tmp_path / "t.txt"], db)
    with opened(db) as con:
        assert con.execute("SELECT parse_status FROM documents").fetchall() == [("template",)]
        assert con.execute("SELECT count(*) FROM current_documents").fetchone() == (0,)


# ---------------------------------------------------------------- across documents

def _load(tmp_path, reports: dict[str, bytes]):
    paths = []
    for name, data in reports.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    db = str(tmp_path / "x.duckdb")
    ingest(paths, db)
    return db


def _cross(db):
    with opened(db) as con:
        return con.execute("SELECT d.fiscal_year, f.check_id, f.severity, f.expected, f.actual, f.message "
                           "FROM findings f JOIN documents d USING (doc_id) WHERE f.check_id IN "
                           "('year_over_year_loaded', 'budget_vs_final_docs') ORDER BY 1").fetchall()


def _with_change(report, change: str) -> bytes:
    text = render_text(report).decode("utf-8")
    start = f"{report.year}年度收入总计"
    line = next(x for x in text.splitlines() if x.startswith(start))
    return text.replace(line, line + f"与上年度相比，收、支总计各增加{change}万元。").encode("utf-8")


def _total(report) -> Decimal:
    rows = extract_bytes(render_text(report), "r.txt").facts.get("summary", side="income")
    return next(r["amount"] for r in rows if r["item"] in ("总计", "收入总计"))


@pytest.mark.slow
def test_last_years_figure_against_last_years_report(tmp_path):
    last = scaled(FINAL, 0.9, year=FINAL.year - 1)
    right = f"{_total(FINAL) - _total(last):.2f}"
    db = _load(tmp_path, {"a.txt": render_text(last), "b.txt": _with_change(FINAL, right)})
    assert _cross(db) == []
    (tmp_path / "b.txt").unlink()
    db = _load(tmp_path, {"a.txt": render_text(last), "c.txt": _with_change(FINAL, "100.00")})
    ((year, check_id, severity, expected, actual, message),) = _cross(db)
    assert (year, check_id, severity) == (FINAL.year, "year_over_year_loaded", "error")
    assert (expected, actual) == (float(_total(last)), float(_total(FINAL) - 100))  # stored as the figures' doubles
    assert "a.txt" in message and "c.txt" in message
    ((text, _),) = _stating_lines(db, tmp_path)  # it stands on the line stating this year's total and the change
    assert f"{_total(FINAL):.2f}" in text and "增加100.00万元" in text
    # last year's report removed: the finding goes with it
    from loaders.database.record import remove

    with opened(db) as con:
        (doc_id,) = con.execute("SELECT doc_id FROM documents WHERE file_name = 'a.txt'").fetchone()
        remove(con, doc_id)
    assert _cross(db) == []


def _stating_lines(db, tmp_path) -> list[tuple[str, float]]:
    """(the line each cross-document finding stands on, its report's figure), from the report's file."""
    with opened(db) as con:
        rows = con.execute("SELECT d.file_name, f.line, f.actual FROM findings f JOIN documents d USING (doc_id) "
                           "WHERE f.check_id IN ('year_over_year_loaded', 'budget_vs_final_docs')").fetchall()
    assert rows and all(line for _, line, _ in rows), rows
    return [((tmp_path / name).read_text("utf-8").splitlines()[line - 1].replace(",", ""), actual)
            for name, line, actual in rows]


def test_budget_of_the_year_against_the_final(tmp_path):
    budget = next(r for r in bundled() if r.kind == "budget")
    final = replace(FINAL, scope=budget.scope)  # a 部门决算 and a 部门预算 of one unit and year
    same = replace(scaled(budget, 1, year=FINAL.year), unit=FINAL.unit)
    db = _load(tmp_path, {"f.txt": render_text(final), "b.txt": render_text(same)})
    found = _cross(db)
    assert found, "a 预算 of other figures differs from the 决算's 年初预算"
    assert {(y, c, s) for y, c, s, *_ in found} == {(FINAL.year, "budget_vs_final_docs", "warning")}
    assert all("f.txt" in m and "b.txt" in m for *_, m in found)
    for text, actual in _stating_lines(db, tmp_path):  # each stands on the 决算's line printing its figure
        assert f"{actual:.2f}" in text, (text, actual)


# ---------------------------------------------------------------- self-evaluations

def test_low_execution_with_a_high_score_is_a_warning():
    f = Facts()
    f.add("performance_projects", evaluation="project", project="培训费", execution_rate=12.14, score=91.21, page=40)
    f.add("performance_projects", evaluation="project", project="维修费", execution_rate=100.0, score=100.0, page=41)
    f.add("performance_indicators", evaluation="project", project="维修费", name="完成率", target="≥95%",
          actual="80%", weight=10.0, score=10.0, page=41)
    f.add("performance_indicators", evaluation="project", project="维修费", name="满意度", target="≥90%",
          actual="95%", weight=10.0, score=10.0, page=41)
    info = DocInfo("测试局", 2023, "final", "department", None, "万元")
    found = [x for x in run_checks(f, info, Document("r.pdf", "0" * 64, "pdf", 50, [Block(1, text="x")]))
             if x["check_id"] == "performance_flattery"]
    # a rate and a score are not two sides of one figure: no 应为 / 实为 (issue 28), the project named
    assert [(x["severity"], x["page"], x["expected"], x["actual"], x["subject"]) for x in found] == [
        ("warning", 40, None, None, "培训费"), ("warning", 41, 10.0, 10.0, "维修费·完成率")]
    assert "执行率 12.14%" in found[0]["message"] and "自评总分 91.21" in found[0]["message"]


def test_a_code_printed_twice_names_both_figures():
    (f,) = pdf_findings(("repeated_code",))
    leaf = FINAL.leaves[0]
    assert (f["expected"], f["actual"]) == (leaf.total, leaf.total + 1)
    assert leaf.code in f["message"] and "已相加" in f["message"]


def _sangong_with_last_year(previous: float, basis: str) -> Facts:
    facts = Facts()
    facts.add("sangong", item="total", budget=39.0, previous=previous, previous_basis=basis, page=9)
    return facts


BUDGET_2026 = DocInfo("测试局", 2026, "budget", "department", None, "万元")
SAID = "2026年“三公”经费预算39.00万元，比上年预算减少3.90万元。"


@pytest.mark.parametrize("previous, basis, text, expected", [
    (42.9, "budget", SAID, []),
    (42.91, "budget", SAID, []),  # within the rounding of the figures the sentence prints
    (42.92, "budget", SAID, ["info"]),  # a cent beyond it: a rounding tail
    (52.9, "budget", SAID, ["error"]),
    (52.9, "final", SAID, ["info"]),  # 上年决算数 in the table, 上年预算 in the sentence: another base
    (52.9, "", SAID, ["error"]),  # the column does not say which: compared as it stands
    (52.9, "budget", "2026年“三公”经费预算39.00万元，比上年预算数46.00万元减少7.00万元。", ["error"]),
])
def test_last_years_figure_against_the_printed_column(previous, basis, text, expected):
    found = [f for f in run_checks(_sangong_with_last_year(previous, basis), BUDGET_2026, text)
             if f["check_id"] == "year_over_year_columns"]
    assert [f["severity"] for f in found] == expected
    if expected == ["info"] and basis == "final":
        assert "口径不同" in found[0]["message"]
    if expected == ["error"]:
        assert "第9页" in found[0]["message"] and f"{previous:,.2f}" in found[0]["message"]

"""数据核对: queries over findings on a hand-made database, the page, and the real corpus report."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts
from dashboard import findings as fd
from dashboard.filters import Selection
from dashboard.inert import plain
from loaders.run.ingest import ingest

from .dashboard_db import figures
from .hand_db import database, doc
from .pages import open_tables, picture_marks, pictures

DOCS = [
    doc("a23f", "甲市财政局", 2023, "final"),
    doc("a23t", "甲市财政局", 2023, "final", file_name="甲市财政局2023决算.txt", fmt="text"),  # same report
    doc("b23f", "乙县教育局", 2023, "final"),
    doc("c23f", "丙区民政局", 2023, "final"),  # nothing found at all
]
FINDINGS = [
    ("a23f", "narrative_vs_table", "error", "情况说明称财政拨款收入支出总计 0.30 万元（第21页），小于其中的一般公共预算财政拨款支出 "
     "2,940.05 万元（第15页）", 21, 2940.05, 0.3),
    ("a23f", "narrative_shares", "error", "情况说明称 2,106.66 万元占 2,940.05 万元的 71.73%，按金额计算为 71.65%（第21页）",
     21, 71.65, 71.73),
    ("a23f", "function_hierarchy", "info", "合计与各类之和：应为 2,940.05，实为 2,940.06，相差 0.01（四舍五入尾差）", 10,
     2940.05, 2940.06),
    ("a23f", "completeness_score", "info", "公开完整性得分 100 分", None, 100.0, 100.0),
    ("a23t", "narrative_vs_table", "error", "同一报告的文本导出", None, 1.0, 2.0),  # as many errors as the PDF:
    ("a23t", "narrative_shares", "error", "同一报告的文本导出", None, 1.0, 2.0),  # the PDF is the version used
    ("b23f", "completeness", "warning", "未找到必备表格：收入决算表", None, None, None),
    ("b23f", "completeness_score", "info", "公开完整性得分 93 分", None, 100.0, 92.86),
    ("c23f", "completeness_score", "info", "公开完整性得分 93 分", None, 100.0, 92.86),
]
PAGE = Path(__file__).resolve().parents[1] / "pages" / "checks.py"
use_db = database(DOCS, {"findings": FINDINGS})
ALL = Selection(("甲市财政局", "乙县教育局", "丙区民政局"), (2023,), "final")


def test_findings_worst_first_with_both_numbers_and_source(use_db):
    df = fd.findings(ALL, ["error", "warning"])
    assert list(zip(df["unit_name"], df["check_id"], df["severity"])) == [
        ("乙县教育局", "completeness", "警告"),
        ("甲市财政局", "narrative_shares", "错误"), ("甲市财政局", "narrative_vs_table", "错误")]
    first = df[df["check_id"] == "narrative_vs_table"].iloc[0]
    assert (first["expected"], first["actual"], first["difference"]) == (2940.05, 0.3, pytest.approx(-2939.75))
    assert first["source"] == "甲市财政局2023决算.pdf 第21页" and first["check"] == "情况说明中的金额与表格一致"
    assert list(fd.findings(ALL, ["info"])["check_id"]) == ["function_hierarchy"]  # the score is not a finding


def test_counts_per_report_and_scores_ranked(use_db):
    counts = fd.counts(ALL)
    assert [tuple(r) for r in counts[["unit_name", "errors", "warnings", "infos", "score"]].itertuples(index=False)] == [
        ("甲市财政局", 2, 0, 1, 100.0), ("乙县教育局", 0, 1, 0, 92.86), ("丙区民政局", 0, 0, 0, 92.86)]
    ranked = fd.scores(ALL)
    assert list(zip(ranked["rank"], ranked["unit_name"])) == [(1, "甲市财政局"), (2, "丙区民政局"), (2, "乙县教育局")]


def _page() -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at, *columns):
    """The page's first table with these columns (after the ranking, the counts and the scores)."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def test_ranking_lists_every_report_and_version_by_errors_then_warnings(use_db):
    ranked = fd.ranking()
    assert [(r.rank, r.doc_id, r.errors, r.warnings, r.in_use) for r in ranked.itertuples()] == [
        (1, "a23f", 2, 0, "是"), (1, "a23t", 2, 0, "否（同一报告的另一版本）"), (3, "b23f", 0, 1, "是"),
        (4, "c23f", 0, 0, "是")]
    assert ranked["reports"].iloc[0] == 4 and list(fd.ranking(limit=2)["doc_id"]) == ["a23f", "a23t"]
    assert list(fd.report_findings("a23t", ["error"])["message"]) == ["同一报告的文本导出"] * 2


def test_page_ranks_every_report_and_shows_the_one_picked(use_db):
    """The ranking ignores the sidebar (a 决算 of another kind or version is in it too); the report a
    row click picks (or a link's report=) has its findings below, with its annotated copy offered."""
    at = _page()
    bars = charts.report_ranking(fd.for_display(fd.ranking()))  # the chart first: errors and warnings stacked
    assert [(v["file_name"], v["severity"], v["count"]) for v in bars["data"]["values"]] == [
        ("甲市财政局2023决算.pdf", "错误", 2), ("甲市财政局2023决算.txt", "错误", 2), ("乙县教育局2023决算.pdf", "警告", 1)]
    chosen = AppTest.from_file(str(PAGE), default_timeout=60)
    chosen.query_params["unit"] = "乙县教育局"
    drawn = picture_marks(pictures(chosen.run())[0])  # a bar links to its report's findings, the choices kept
    assert [(m["严重程度"], urlsplit(m["link"]).path, parse_qs(urlsplit(m["link"]).query)) for m in drawn] == [
        (severity, "/checks", {"unit": ["乙县教育局"], "report": [d]})
        for severity, d in (("错误", "a23f"), ("错误", "a23t"), ("警告", "b23f"))]
    assert bars["layer"][0]["encoding"]["x"]["axis"] == {"tickMinStep": 1, "format": "d"}  # counts: no 0.5 ticks
    ranked = _table(open_tables(at), "排名", "页面使用")
    assert list(ranked["文件"]) == ["甲市财政局2023决算.pdf", "甲市财政局2023决算.txt", "乙县教育局2023决算.pdf",
                                  "丙区民政局2023决算.pdf"]
    assert list(ranked["报告类型"]) == ["决算"] * 4 and "doc_id" not in ranked.columns
    at.query_params["report"] = "a23t"
    at.run()
    assert not at.exception
    assert "**甲市财政局2023决算\\.txt** 的核对发现（错误、警告）：" in [m.value for m in at.markdown]
    assert list(_table(at, "说明", "核对项")["说明"])[:2] == ["同一报告的文本导出"] * 2


def test_page_shows_counts_findings_and_clean_reports(use_db):
    at = _page()
    assert figures(at) == {"核对的报告": [("3 份", "")], "错误": [("2", "")], "警告": [("1", "")],
                           "提示（尾差等）": [("1", "")]}
    shown = _table(open_tables(at), "应为", "核对项")
    assert list(shown["应为"].fillna(-1)) == [-1, 71.65, 2940.05]
    assert list(shown["实为"].fillna(-1)) == [-1, 71.73, 0.3]
    assert list(shown["页码"].fillna(0)) == [0, 21, 21]
    assert [s.value for s in at.success] == [f"以下报告未发现错误、警告级别的问题：丙区民政局 2023年（{plain('丙区民政局2023决算.pdf')}）。"]
    assert [e.label for e in at.expander] == ["情况说明与数字：2 条", "公开完整性：1 条"]
    assert [e.markdown[0].value.count("\n") + 1 for e in at.expander] == [2, 1]  # a finding a line of one list


def test_page_severity_filter_and_empty_choices(use_db):
    at = _page()
    at.multiselect(key="severity").set_value(["info"]).run()
    assert list(_table(open_tables(at), "应为", "核对项")["核对项"]) == ["功能分类：类=Σ款，款=Σ项，合计=Σ类"]
    at.multiselect(key="severity").set_value([]).run()
    assert not at.exception
    assert "未选择严重程度" in at.info[0].value
    at.sidebar.multiselect[0].set_value([]).run()  # no unit selected
    assert "未选择任何单位" in at.info[0].value


@pytest.mark.corpus
def test_corpus_report_errors_on_the_page(corpus, tmp_path, monkeypatch):
    """财政局 2024 决算 loaded for real: its two narrative mistakes are the only errors shown."""
    db = tmp_path / "c.duckdb"
    results = ingest([corpus / "real" / "上海市普陀区财政局2024年度部门决算.pdf"], str(db))
    assert results[0].ok
    monkeypatch.setenv("BUDGET_LENS_DB", str(db))
    at = _page()
    errors = _table(open_tables(at), "应为", "核对项")
    errors = errors[errors["严重程度"] == "错误"]
    assert sorted(zip(errors["应为"], errors["实为"], errors["页码"])) == [(71.65, 71.73, 21), (2940.05, 0.3, 21)]


use_grouped_db = database([doc("a23f", "甲市财政局", 2023, "final")], {"findings": [
    ("a23f", "narrative_shares", "error", "占比不符", 21, 71.65, 71.73),
    ("a23f", "retired_check", "warning", "已停用的核对", 3, None, None)]})


def test_findings_are_listed_under_their_check_s_group(use_grouped_db):
    """The group comes from the check's spec (loaders/checklist.py), as the page shows it; an id no check has
    now (a database loaded by an older version) is 其他, listed last."""
    df = fd.findings(Selection(("甲市财政局",), (2023,), "final"), ["error", "warning"])
    assert list(zip(df["check_id"], df["group"])) == [("narrative_shares", "情况说明与数字"), ("retired_check", "其他")]
    assert fd.GROUPS == ("表内合计", "表间勾稽", "情况说明与数字", "与其他报告", "公开信息（机关运行经费、采购、车辆）",
                         "年份、占位符与目录", "公开完整性", "绩效自评", "其他")

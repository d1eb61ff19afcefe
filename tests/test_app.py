"""The dashboard shell and the 总览 / 支出结构 pages, run with AppTest on databases with known figures."""
from __future__ import annotations

import re

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cpi, db, widgets
from loaders.run.ingest import ingest

from . import dashboard_db
from .dashboard_db import JIA, YI, figures, small_tables
from .hand_db import database, doc
from .pages import open_tables, pictures
from .reports import tiny_final_report

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["pages/overview.py", "pages/structure.py", "pages/execution.py", "pages/sangong.py", "pages/disclosures.py",
         "pages/performance.py", "pages/checks.py", "pages/manage.py"]


@pytest.fixture(scope="module")
def known_db(tmp_path_factory) -> str:
    return dashboard_db.build(str(tmp_path_factory.mktemp("app") / "known.duckdb"))


@pytest.fixture
def run(known_db, monkeypatch):
    """Run a page against the known database, optionally with URL query parameters."""
    monkeypatch.setenv("BUDGET_LENS_DB", known_db)

    def go(page: str, **params) -> AppTest:
        at = AppTest.from_file(str(ROOT / page), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at
    return go


def texts(at) -> str:
    """The page's text as the reader sees it (markdown escapes of document text removed)."""
    shown = [c.value for c in at.caption] + [m.value for m in at.markdown] + [i.value for i in at.info]
    return re.sub(r"\\(.)", r"\1", "\n".join(shown))


def url(at, key) -> list[str]:
    value = at.query_params[key]
    return value if isinstance(value, list) else [value]


def sidebar_widget(at, label):
    return next(w for w in list(at.sidebar.multiselect) + list(at.sidebar.radio) if w.label == label)


# ---------------------------------------------------------------- CPI

def test_cpi_factor_chains_the_yearly_index():
    assert cpi.factor(2022, 2023) == pytest.approx(1.002)
    assert cpi.factor(2021, 2023) == pytest.approx(1.02 * 1.002)
    assert cpi.factor(2023, 2023) == 1


def test_cpi_years_beyond_the_table_are_said_to_be_held_flat():
    last = max(cpi.levels())
    assert cpi.factor(last + 1, last + 3) == 1
    assert f"{last + 1} 年尚无 CPI 数据" in cpi.note([last - 1, last + 1], last + 1)


# ---------------------------------------------------------------- 总览

def test_overview_cards_answer_with_numbers_in_context(run):
    at = run("pages/overview.py")
    assert at.title[0].value == "总览"
    cards = figures(at)
    assert cards["花了多少？"] == [("500.00 万元", ""), ("1,200.00 万元", "+200.00 万元（+20.0%），比 2022 年"),
                                 ("1,000.00 万元", "")]
    assert cards["养人还是办事？"][1] == ("项目支出占 62.5%", "")
    assert cards["“三公”经费多少？"][1] == ("18.00 万元", "-10.0%，比 2022 年")
    text = texts(at)
    assert f"占所选 2 个单位 2023 年支出合计的 70.6%。来源：[{JIA}2023年度部门决算.pdf 第5页](/source?doc=" in text
    linked = re.search(r"来源：\[测试市甲局2023年度部门决算\.pdf 第5页\]\((/source\?[^)]+)\)", text)[1]
    assert linked.endswith("&page=5")  # the 来源 is a link to the page in the report (known_db has no boxes)
    assert "800.00 万元，占支出的 66.7%" in text
    assert "预算 24.00 万元，完成 75.0%" in text
    assert f"本页显示：{YI}、{JIA}，2022–2023 年，决算报告，全部资金，名义金额。" in text


def _small_table_page():
    import pandas as pd

    from dashboard import widgets
    widgets.small_table(pd.DataFrame({"单位": ["甲|乙 **粗** <b>x</b>", "丙"], "2023年": ["预算＋决算", ""]}), "已加载")


def test_small_table_shows_every_cell_as_literal_text_with_its_downloads():
    at = AppTest.from_function(_small_table_page).run()
    assert not at.exception
    assert small_tables(at)[0].values.tolist() == [["甲|乙 **粗** <b>x</b>", "预算＋决算"], ["丙", ""]]
    assert [b.label for b in at.get("download_button")] == ["下载 CSV", "下载 Excel"]


def test_overview_coverage_matrix_and_newest_years(run):
    at = run("pages/overview.py")
    matrix = next(t for t in small_tables(at) if "2023年" in t.columns).set_index("单位")
    assert matrix.loc[JIA, "2023年"] == "预算＋决算" and matrix.loc[JIA, "2022年"] == "决算"
    assert matrix.loc[YI, "2022年"] == ""
    assert figures(at)["决算数据最新到"] == [("2023 年", "")]


def test_overview_biggest_changes_nominal_and_real(run):
    at = open_tables(run("pages/overview.py"))
    changes = next(d.value for d in at.dataframe if "科目编码" in d.value.columns)
    top = changes.iloc[0]
    assert (top["科目编码"], top["增减（万元）"], top["增减（%）"]) == ("2080505", 100.0, 33.3)
    at = sidebar_widget(at, "金额口径").set_value("real").run()
    assert url(at, "basis") == ["real"]
    changes = next(d.value for d in at.dataframe if "科目编码" in d.value.columns)
    top = changes.iloc[0]
    assert top["增减（万元）"] == pytest.approx(400 - 300 * 1.002)
    assert top["增减（%）"] == round(100 * (400 / (300 * 1.002) - 1), 1)
    assert "折算为 2023 年价格" in texts(at)


def test_overview_budget_kind_asks_what_is_planned(run):
    at = run("pages/overview.py", kind="budget")
    assert figures(at)["打算花多少？"] == [("1,100.00 万元", "")]
    assert "预算 1" not in texts(at)  # no completion rate on a budget


# ---------------------------------------------------------------- filters and the URL

def test_query_params_select_the_view(run):
    at = run("pages/overview.py", unit=[YI], year=["2023"])
    assert sidebar_widget(at, "单位").value == [YI]
    assert sidebar_widget(at, "年度").value == [2023]
    assert figures(at)["花了多少？"] == [("500.00 万元", "")]
    assert "本页显示：测试市乙中心，2023 年，决算报告" in texts(at)


def test_widget_choice_is_written_to_the_url(run):
    at = run("pages/overview.py")
    assert "unit" not in at.query_params  # everything selected: the default, left out of the link
    at = sidebar_widget(at, "单位").set_value([JIA]).run()
    assert url(at, "unit") == [JIA]
    at = sidebar_widget(at, "年度").set_value([2022]).run()
    assert url(at, "year") == ["2022"]
    assert figures(at)["花了多少？"] == [("1,000.00 万元", "")]


def test_unknown_url_values_are_dropped(run):
    at = run("pages/overview.py", unit=["不存在的单位", JIA], year=["abc", "2022"])
    assert sidebar_widget(at, "单位").value == [JIA]
    assert sidebar_widget(at, "年度").value == [2022]


def test_choices_survive_every_page_of_the_menu(known_db, monkeypatch):
    """A unit, a year and a kind picked on 总览 are there on each page switched to, as the menu
    switches (Streamlit drops the left page's widgets and clears the URL), 数据管理 included, and
    come back into the URL of each page (for a shared link)."""
    monkeypatch.setenv("BUDGET_LENS_DB", known_db)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    at = sidebar_widget(at, "单位").set_value([JIA]).run()
    at = sidebar_widget(at, "年度").set_value([2022]).run()
    at = sidebar_widget(at, "金额口径").set_value("real").run()
    for page in [*PAGES[1:], "pages/overview.py"]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        if page == "pages/manage.py":
            continue
        assert sidebar_widget(at, "单位").value == [JIA], page
        assert sidebar_widget(at, "年度").value == [2022], page
        assert url(at, "unit") == [JIA] and url(at, "year") == ["2022"], page
        assert "未选择任何" not in texts(at), page
    assert sidebar_widget(at, "金额口径").value == "real"
    assert figures(at)["花了多少？"] == [("1,000.00 万元", "")]


def test_a_link_opened_on_a_page_without_filters_keeps_its_choice(known_db, monkeypatch):
    """A reload of 数据管理 whose address carries a choice: the next page picked in the menu has it."""
    monkeypatch.setenv("BUDGET_LENS_DB", known_db)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("pages/manage.py")
    at.query_params["unit"] = YI
    at.run()
    at.query_params.clear()  # the menu's link carries no query
    at.switch_page("pages/sangong.py").run()
    assert sidebar_widget(at, "单位").value == [YI]


def test_first_view_takes_the_kind_most_units_have_and_names_those_without(tmp_path, monkeypatch):
    """Three units with a 预算, one with only a 决算: 预算 first, and the sidebar names the one left out."""
    path = str(tmp_path / "kinds.duckdb")
    budgets = [_write(tmp_path, f"b{i}.txt", tiny_final_report(unit=f"某某市第{i}局").replace("决算".encode(), "预算".encode()))
               for i in range(3)]
    files = budgets + [_write(tmp_path, "f.txt", tiny_final_report(unit="某某市决算局"))]
    assert all(r.ok for r in ingest(files, path))
    monkeypatch.setenv("BUDGET_LENS_DB", path)
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60).run()
    assert sidebar_widget(at, "报告类型").value == "budget" and len(sidebar_widget(at, "单位").value) == 4
    assert "某某市决算局只有决算报告" in "\n".join(c.value for c in at.sidebar.caption)
    assert "kind" not in at.query_params
    at = sidebar_widget(at, "单位").set_value(["某某市决算局"]).run()  # the kind left at its default follows
    assert sidebar_widget(at, "报告类型").value == "final" and figures(at)["花了多少？"] == [("1,604.99 万元", "")]
    at = sidebar_widget(at, "报告类型").set_value("budget").run()  # a kind picked stays picked
    at = sidebar_widget(at, "单位").set_value(["某某市第1局", "某某市决算局"]).run()
    assert sidebar_widget(at, "报告类型").value == "budget" and url(at, "kind") == ["budget"]


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/structure.py"])
def test_empty_selection_says_so_in_words(run, page):
    at = run(page)
    at = sidebar_widget(at, "单位").set_value([]).run()
    assert not at.exception
    assert "未选择任何单位。请在左侧“单位”中至少选择一个单位。" in texts(at)
    assert url(at, "unit") == ["none"]
    again = run(page, unit="none")
    assert sidebar_widget(again, "单位").value == []
    assert "未选择任何单位" in texts(again)


# ---------------------------------------------------------------- 支出结构

def test_structure_sunburst_and_shares(run):
    at = run("pages/structure.py")
    assert at.title[0].value == "支出结构"
    assert f"预决算透视 › 支出结构 › {YI} › 2023 年 › 全部资金" in texts(at)
    assert not at.get("plotly_chart")  # all Vega-Lite: the first chart does not wait for Plotly's script
    assert len(pictures(at)) == 2  # the sunburst and the 类 shares; other tabs are built when opened
    assert not at.dataframe  # the tables too: built when their tab or fold is opened
    at.session_state["功能分类占比对照_open"] = True
    at.run()
    wide = next(d.value for d in at.dataframe if f"{JIA} 2023年（%）" in d.value.columns).set_index("科目编码")
    assert wide.loc["208", f"{JIA} 2023年（%）"] == 33.3 and wide.loc["201", f"{YI} 2023年（%）"] == 100.0
    at = run("pages/structure.py", part="基本与项目")
    assert len(pictures(at)) == 1 and "基本支出与项目支出各占多少？" in [h.value for h in at.subheader]
    split = next(d.value for d in open_tables(at).dataframe if "项目支出占比（%）" in d.value.columns)
    assert list(split["项目支出占比（%）"]) == [40.0, 60.0, 62.5]
    assert f"以下报告中没有基本支出经济分类表：{YI} 2023 年。" in texts(run("pages/structure.py", part="经济分类"))
    at = open_tables(run("pages/structure.py", part="人员与公用"))
    staff = next(d.value for d in at.dataframe if "人员经费占比（%）" in d.value.columns)
    assert list(staff["人员经费占比（%）"]) == [75.0, 73.3] and list(staff["来源"])[0].endswith("第8页")


def test_structure_drill_down_changes_the_breadcrumb(run):
    at = run("pages/structure.py")
    at = at.selectbox(key="drill").select(f"{JIA} · 2022 年").run()
    assert f"预决算透视 › 支出结构 › {JIA} › 2022 年 › 全部资金" in texts(at)
    rows = next(d.value for d in open_tables(at).dataframe if "级次" in d.value.columns and "来源" in d.value.columns)
    assert rows.set_index("科目编码").loc["2010301", "占比（%）"] == 40.0


def test_structure_fund_without_tables_says_so(run):
    at = run("pages/structure.py", fund="general")
    assert "所选单位和年度的报告中没有一般公共预算财政拨款按功能分类的支出金额" in texts(at)
    assert "一般公共预算财政拨款" in at.caption[0].value or "一般公共预算财政拨款" in texts(at)


# ---------------------------------------------------------------- the bundled samples

SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> str:
    files = sorted(SAMPLES.glob("*.pdf")) if SAMPLES.is_dir() else []
    if not files:
        pytest.skip("data/samples has no sample reports")
    path = str(tmp_path_factory.mktemp("samples") / "samples.duckdb")
    assert all(r.ok for r in ingest(files, path))
    return path


@pytest.mark.slow
def test_samples_show_on_both_pages(samples_db, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_DB", samples_db)
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60)
    at.query_params["unit"] = "示例市财政局"
    at.run()
    assert not at.exception
    assert figures(at)["花了多少？"][0] == ("2,038.46 万元", "+123.54 万元（+6.5%），比 2023 年")
    at = AppTest.from_file(str(ROOT / "pages/structure.py"), default_timeout=60)
    at.query_params["kind"] = "budget"
    at.run()
    assert not at.exception and len(pictures(at)) == 2
    shares = next(d.value for d in open_tables(at).dataframe if "科目名称" in d.value.columns and "单位" in d.value.columns)
    assert "一般公共服务支出" in set(shares["科目名称"])  # 类 summed from the 项 a budget prints


# ---------------------------------------------------------------- the shell

def test_app_opens_on_the_overview_and_every_page_runs(known_db, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_DB", known_db)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception and at.title[0].value == "总览"
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.title, page


def test_every_page_shows_hidden_html_before_anything_else(known_db, monkeypatch):
    """The browser fetches the code that shows HTML in markdown when it first meets some: a hidden bit
    of it comes first, so a page's first chart (HTML too) does not wait for that code while the
    elements after it pile into the render that shows it (widgets.html_ready)."""
    monkeypatch.setenv("BUDGET_LENS_DB", known_db)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for page in PAGES:
        at.switch_page(page).run()
        hidden = at.sidebar.children[0]  # the sidebar's first element: a container, holding the style that hides it
        style = hidden.children[0].proto
        assert style.allow_html and style.body == (f"<style>div:has(> .st-key-{widgets.HTML_READY}) {{display: none}} "
                                                  f"{widgets.CARD_STYLE}</style>")
        assert hidden.proto.id.endswith(f"-{widgets.HTML_READY}"), page  # the container the style names


@pytest.mark.parametrize("page", ["pages/structure.py", "pages/manage.py"])
def test_a_page_run_opens_one_connection_and_closes_it(known_db, monkeypatch, page):
    """Inside streamlit_app.py a page's queries share one read-only connection; once the page is
    drawn it is closed, so the loader can write between runs (a reader left open in this process
    would refuse the writer). A page opened first, by its own URL, comes up inside it too."""
    monkeypatch.setenv("BUDGET_LENS_DB", known_db)
    opened = []
    real_open = db._open
    monkeypatch.setattr(db, "_open", lambda path: opened.append(path) or real_open(path))
    db._cached.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page(page).run()
    drawn = len(at.dataframe) + len(pictures(at))
    assert not at.exception and drawn >= 2  # several queries were answered
    assert opened == [known_db]
    duckdb.connect(known_db).close()  # read-write: no reader is left open
    at.run()  # a rerun answered from the cache opens nothing
    assert opened == [known_db]


def test_a_file_an_older_version_wrote_is_brought_up_to_date_on_start(known_db, tmp_path, monkeypatch):
    """The dashboard only reads: without this, an older file's views would lack the columns that
    支出结构 now asks for until the next load wrote to it."""
    path = str(tmp_path / "older.duckdb")
    Path(path).write_bytes(Path(known_db).read_bytes())
    con = duckdb.connect(path)
    con.execute("CREATE OR REPLACE VIEW function_class_rows AS SELECT doc_id, fund, code, name FROM expenditure_function")
    con.execute("UPDATE schema_version SET version = 'older'")
    con.close()
    monkeypatch.setenv("BUDGET_LENS_DB", path)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("pages/structure.py").run()
    assert not at.exception, at.exception
    con = duckdb.connect(path, read_only=True)
    assert "x0" in [r[0] for r in con.execute("DESCRIBE function_class_rows").fetchall()]
    con.close()


def test_first_start_loads_the_samples(tmp_path, monkeypatch):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "report.txt").write_bytes(tiny_final_report())
    monkeypatch.setattr(db, "SAMPLES", samples)
    monkeypatch.setenv("BUDGET_LENS_DB", str(tmp_path / "new" / "budget.duckdb"))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not at.exception
    assert (tmp_path / "new" / "budget.duckdb").exists()
    assert figures(at)["花了多少？"] == [("1,604.99 万元", "")]  # read by the loader from the text report


@pytest.mark.slow
def test_database_loaded_by_the_cli_shows_on_the_next_run(tmp_path, monkeypatch):
    path = str(tmp_path / "live.duckdb")
    assert all(r.ok for r in ingest([_write(tmp_path, "a.txt", tiny_final_report())], path))
    monkeypatch.setenv("BUDGET_LENS_DB", path)
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60).run()
    assert figures(at)["花了多少？"] == [("1,604.99 万元", "")]
    report = tiny_final_report(unit="某某市另一局", amount="2,000.00")
    assert all(r.ok for r in ingest([_write(tmp_path, "b.txt", report)], path))  # page holds no connection
    at.run()
    assert sorted(v for v, _ in figures(at)["花了多少？"]) == ["1,604.99 万元", "2,000.00 万元"]


def test_cards_show_document_text_as_text(tmp_path, monkeypatch):
    """A unit name and a file name from outside reach the cards' markdown only escaped."""
    path = str(tmp_path / "hostile.duckdb")
    unit = "某某市**粗体**局"
    assert all(r.ok for r in ingest([_write(tmp_path, "[链接](javascript:1)_x_.txt", tiny_final_report(unit))], path))
    monkeypatch.setenv("BUDGET_LENS_DB", path)
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60).run()
    drawn = pictures(at)  # a chart's picture is HTML: its text is escaped there (tests/test_chart_text)
    raw = "\n".join([m.value for m in at.markdown if m.value not in drawn] + [c.value for c in at.caption])
    assert "**粗体**" not in raw and "](javascript" not in raw and "_x_" not in raw
    assert f"**{unit} · 2023 年决算**" in texts(at) and "来源：[链接](javascript:1)_x_.txt" in texts(at)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_unit_names_from_documents_are_shown_as_text_not_markdown():
    from dashboard import widgets
    from dashboard.filters import Selection

    name = "**某局**[点我](javascript:alert(1))<script>"
    sentence = widgets.describe(Selection(("x",), (2023,), "final", {"x": name}))
    assert "**某局**" not in sentence and "](javascript" not in sentence and "<script>" not in sentence
    assert widgets.plain(name).replace("\\", "") == name


def _shown(at) -> tuple[str, list[float]]:
    """Everything a page shows: its text, and the numbers in its tables."""
    text = texts(at)
    numbers = [float(v) for d in at.dataframe for col in d.value.columns
               if d.value[col].dtype.kind in "if" for v in d.value[col].dropna()]
    return text, numbers


def _sample(unit: str, year: int, kind: str):
    from factory.samples import sample_reports

    return next(r for r in sample_reports() if (r.unit, r.year, r.kind) == (unit, year, kind))


@pytest.mark.slow
@pytest.mark.parametrize("page", ["pages/execution.py", "pages/sangong.py", "pages/performance.py",
                                  "pages/checks.py", "pages/manage.py"])
def test_every_page_shows_the_samples_figures(samples_db, monkeypatch, page):
    """Each page on the sample database: no exception, its charts, and a figure the factory printed."""
    monkeypatch.setenv("BUDGET_LENS_DB", samples_db)
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.query_params["unit"] = "示例市财政局"
    at.run()
    assert not at.exception, at.exception
    charts = pictures(at)
    text, numbers = _shown(open_tables(at))
    report = _sample("示例市财政局", 2024, "final")
    if page == "pages/sangong.py":
        assert any(abs(n - float(report.sangong_actual.total)) < 0.006 for n in numbers)
    elif page == "pages/performance.py":
        assert {e.project for e in report.evaluations} <= set(
            v for d in at.dataframe for col in d.value.columns for v in d.value[col].astype(str))
    elif page == "pages/execution.py":
        assert any(abs(n - float(report.total)) < 0.006 for n in numbers)
    elif page == "pages/manage.py":
        assert "示例市财政局2024年度部门决算.pdf" in set(at.dataframe[0].value.iloc[:, :].astype(str).values.ravel())
    if page != "pages/manage.py":
        assert charts, "the page draws no chart"


@pytest.mark.slow
def test_many_units_start_with_those_the_charts_can_show_and_one_click_shows_all(tmp_path, monkeypatch):
    """Side by side stays legible: with more units than DEFAULT_UNITS, the default selection is the
    units with the most reports; the sidebar says so, and one click selects every unit."""
    from dashboard import filters

    path = str(tmp_path / "many.duckdb")
    files = [_write(tmp_path, f"u{i}.txt", tiny_final_report(unit=f"某某市第{i:02d}局", year=2023))
             for i in range(filters.DEFAULT_UNITS + 3)]
    files += [_write(tmp_path, f"v{i}.txt", tiny_final_report(unit=f"某某市第{i:02d}局", year=2022))
              for i in range(3, 3 + filters.DEFAULT_UNITS)]
    assert all(r.ok for r in ingest(files, path))
    monkeypatch.setenv("BUDGET_LENS_DB", path)
    at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=60).run()
    assert not at.exception
    picked = sidebar_widget(at, "单位").value
    assert sorted(picked) == [f"某某市第{i:02d}局" for i in range(3, 3 + filters.DEFAULT_UNITS)]
    assert f"共 {filters.DEFAULT_UNITS + 3} 个单位" in "\n".join(c.value for c in at.sidebar.caption)
    assert "unit" not in at.query_params  # the default is not written into the URL
    at = at.button(key="all_units").click().run()
    assert len(sidebar_widget(at, "单位").value) == filters.DEFAULT_UNITS + 3
    assert "all_units" not in [b.key for b in at.button]  # nothing left out: no note, no button
    assert len(url(at, "unit")) == filters.DEFAULT_UNITS + 3


def test_charts_of_many_unit_years_show_the_first_panels_and_say_so():
    """120 unit-years would need more facet rows than a chart can lay out: the chart keeps the first
    MAX_PANELS and its title says where the rest are."""
    import pandas as pd

    from dashboard import charts
    from dashboard import execution as ex

    rows = [{"unit_name": f"单位{u:02d}", "fiscal_year": 2015 + y, "item": "行政运行", "code": "2010101",
             "completion_rate": 90.0 + y, "deviation": y - 10.0, "outside": y > 0, "budget": 10.0,
             "actual": 9.0 + y / 10, "reason": None, "source": "x.pdf 第3页"} for u in range(12) for y in range(10)]
    spec = charts.completion_items(pd.DataFrame(rows), ex.BAND)
    assert len({v["panel"] for v in spec["data"]["values"]}) == charts.MAX_PANELS
    assert spec["title"] == f"图中显示前 {charts.MAX_PANELS} 个（共 120 个），全部数据见数据表"
    shares = pd.DataFrame([{"unit_name": f"单位{u:02d}", "fiscal_year": 2023, "part": p, "amount": 1.0,
                            "source": "x.pdf"} for u in range(40) for p in ("基本", "项目")])
    spec = charts.stacked_shares(shares, "part", "amount")
    assert spec["title"] == f"图中显示前 {charts.MAX_PANELS} 个（共 40 个），全部数据见数据表"
    assert len({r["unit_name"] for r in spec["data"]["values"]}) == charts.MAX_PANELS


def test_the_completion_band_and_the_100_line_are_on_every_panel():
    """Layers of the facet's one spec: each panel draws them, once (aggregated to one row a panel)."""
    import pandas as pd

    from dashboard import charts

    rows = [{"unit_name": f"单位{u}", "fiscal_year": 2020 + y, "item": "行政运行", "code": "2010101",
             "completion_rate": 95.0, "deviation": -5.0, "outside": False, "budget": 10.0, "actual": 9.5,
             "reason": None, "source": "x.pdf 第3页"} for u in range(2) for y in range(3)]
    spec = charts.completion_items(pd.DataFrame(rows), band=(80, 120))
    assert len({v["panel"] for v in spec["data"]["values"]}) == 6 and spec["facet"]["field"] == "panel"
    band, bars, line, _ = spec["spec"]["layer"]
    assert (band["mark"]["type"], band["encoding"]["x"]["datum"], band["encoding"]["x2"]["datum"]) == ("rect", 80, 120)
    assert (line["mark"]["type"], line["encoding"]["x"]["datum"]) == ("rule", 100)
    assert band["transform"] == line["transform"] == [{"aggregate": [{"op": "count", "as": "n"}]}]


def test_stacked_shares_put_each_unit_in_its_panel_and_sum_to_100():
    import pandas as pd

    from dashboard import charts

    rows = [("甲局", 2022, "基本", 30.0), ("甲局", 2022, "项目", 10.0), ("甲局", 2024, "基本", 50.0),
            ("乙局", 2023, "基本", 1.0), ("乙局", 2023, "项目", 3.0)]
    df = pd.DataFrame(rows, columns=["unit_name", "fiscal_year", "part", "amount"]).assign(source="x.pdf 第2页")
    spec = charts.stacked_shares(df, "part", "amount", ["项目", "基本"], legend="构成")
    values = spec["data"]["values"]
    stacked = {}
    for r in values:
        stacked[(r["unit_name"], r["year"])] = stacked.get((r["unit_name"], r["year"]), 0) + r["share"]
    assert stacked == {("乙局", "2023年"): 100.0, ("甲局", "2022年"): 100.0, ("甲局", "2024年"): 100.0}
    assert [(r["unit_name"], r["year"], r["part_name"], r["share"], r["label"]) for r in values] == [
        ("乙局", "2023年", "项目", 75.0, "75.0%"), ("乙局", "2023年", "基本", 25.0, "25.0%"),
        ("甲局", "2022年", "项目", 25.0, "25.0%"), ("甲局", "2022年", "基本", 75.0, "75.0%"),
        ("甲局", "2024年", "基本", 100.0, "100.0%")]
    assert [r["middle"] for r in values] == [37.5, 87.5, 12.5, 62.5, 50.0]  # each label centred on its segment
    bars, labels = spec["spec"]["layer"]
    assert bars["encoding"]["color"]["sort"] == {"field": "rank", "op": "min"}  # the order asked for
    assert {r["part_name"]: r["rank"] for r in values} == {"项目": 0, "基本": 1}
    assert bars["encoding"]["x"]["scale"]["domain"] == ["2022年", "2023年", "2024年"]  # 2023 empty for 甲局
    assert labels["encoding"]["text"]["field"] == "label" and spec["config"]["legend"]["title"] == "构成"
    assert [r["panel"] for r in values] == [0, 0, 1, 1, 1] and spec["facet"]["sort"]["field"] == "panel"


def test_overview_draws_its_charts_as_pictures(run):
    """The landing page's charts are pictures drawn on the server: its first visit loads no chart
    library in the browser (Streamlit's Vega-Lite or Plotly element)."""
    at = run("pages/overview.py")
    assert len(pictures(at)) == 2 and not at.get("plotly_chart") and not at.get("vega_lite_chart")


def test_downloads_do_not_rerun_the_page(run):
    """A download's file is written when clicked; the click itself leaves the page as it is (a
    rerun would redo the page's work and could withdraw the file before the browser fetched it)."""
    at = open_tables(run("pages/overview.py"))
    buttons = at.get("download_button")
    assert len(buttons) == 6 and all(b.proto.ignore_rerun and b.proto.deferred_file_id for b in buttons)
    drawn = run("pages/overview.py")  # its charts, each offered as SVG and PNG
    labels = [b.label for b in drawn.get("download_button") if b.label.startswith("下载图表")]
    assert labels == ["下载图表（SVG）", "下载图表（PNG）"] * len(pictures(drawn)) and len(pictures(drawn)) == 2
    assert all(b.proto.ignore_rerun and b.proto.deferred_file_id for b in drawn.get("download_button"))


def test_trend_spec_carries_every_unit_year_with_its_source():
    import pandas as pd

    from dashboard import charts

    heads = pd.DataFrame([(YI, 2023, 500.0, "b.pdf 第4页"), (JIA, 2023, 1200.0, "a.pdf 第5页"),
                          (JIA, 2022, None, "c.txt")], columns=["unit_name", "fiscal_year", "total", "source"])
    spec = charts.trend(heads)
    assert spec["data"]["values"] == [
        {"unit_name": YI, "year": "2023年", "run": f"{YI}#0", "total": 500.0, "source": "b.pdf 第4页"},
        {"unit_name": JIA, "year": "2022年", "run": f"{JIA}#0", "total": None, "source": "c.txt"},
        {"unit_name": JIA, "year": "2023年", "run": f"{JIA}#0", "total": 1200.0, "source": "a.pdf 第5页"}]
    assert {"field": "source", "title": "来源"} in spec["layer"][1]["encoding"]["tooltip"]  # the points'


def test_change_bars_keep_the_ranking_and_name_the_code():
    import pandas as pd

    from dashboard import charts

    top = pd.DataFrame([(JIA, 2023, 2022, "2010302", "一般行政管理事务", 300.0, 100.0, -200.0, -66.7, "a.pdf 第6页"),
                        (JIA, 2023, 2022, "2010402", "一般行政管理事务", 10.0, 60.0, 50.0, 500.0, "a.pdf 第7页")],
                       columns=["unit_name", "fiscal_year", "previous_year", "code", "name", "previous", "total",
                                "change", "change_pct", "source"])
    spec = charts.change_bars(top)
    rows = spec["data"]["values"]
    assert [r["label"] for r in rows] == [f"{JIA} · 一般行政管理事务 2010302（2023）",
                                         f"{JIA} · 一般行政管理事务 2010402（2023）"]
    assert [(r["direction"], r["previous_year"]) for r in rows] == [("减少", "2022年"), ("增加", "2022年")]
    assert spec["encoding"]["y"]["sort"] is None  # the largest change stays on top, as ranked


def test_sunburst_colours_more_classes_than_the_palette():
    import pandas as pd

    from dashboard import charts
    from dashboard.style import PALETTE

    n = len(PALETTE) + 2
    rows = pd.DataFrame({"code": [str(201 + i) for i in range(n)], "name": [f"类{i}" for i in range(n)],
                         "level": 1, "total": 10.0, "share_pct": 100 / n, "source": "x.pdf 第3页"})
    colours = [v["colour"] for v in charts.sunburst(rows)["data"]["values"]]
    assert colours[1:] == [PALETTE[i % len(PALETTE)].lower() for i in range(n)]  # after the white root


unprinted_db = database([doc("f1", "丙市财政局", 2024, "final")], {
    "expenditure_function": [("f1", "all", "total", "合计", 0, 300.0, 200.0, 100.0, 5)],
    "sangong": [("f1", "total", 0.95, None, 18), ("f1", "reception", 0.95, None, 18)]})


def test_a_final_without_its_sangong_actual_says_so_and_gives_the_budget(unprinted_db):
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert "报告未列“三公”经费决算数（预算 0.95 万元）。" in texts(at)

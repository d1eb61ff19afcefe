"""The scale bench's database builder and its DuckDB stopwatch (the timings themselves live in the bench)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from scripts import bench_pages, bench_scale

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "data" / "samples").glob("*.txt"))  # two 决算 text exports: quick to load


@pytest.mark.slow
def test_builder_writes_one_document_per_unit_year_with_scaled_copies(tmp_path):
    db = str(tmp_path / "scale.duckdb")
    assert bench_scale.build(db, n_units=10, n_years=2, templates=TEMPLATES, workers=1) == 20
    con = duckdb.connect(db, read_only=True)
    docs = con.execute("SELECT unit_id, fiscal_year, doc_kind, file_name FROM documents").fetchall()
    assert len({(u, y) for u, y, _, _ in docs}) == 20
    assert {y for _, y, _, _ in docs} == {2015, 2016}
    assert all(kind == "final" and name.endswith("年度部门决算.pdf") for _, _, kind, name in docs)
    assert ("示例市财政局", 2015) in {(u, y) for u, y, _, _ in docs}
    # every copy has its template's rows, amounts × the copy's factor
    plan = bench_scale.plan(10, 2, n_templates=2)
    con.register("plan", plan)
    rows = con.execute("""
        SELECT p.t, p.factor, f.total, count(*) OVER (PARTITION BY f.doc_id) AS n
        FROM plan p JOIN expenditure_function f USING (doc_id)
        WHERE f.code = 'total' AND f.fund = 'all'""").fetchall()
    assert len(rows) == 20 and all(n == 1 for *_, n in rows)
    for t in (0, 1):
        unscaled = {round(total / factor) for tt, factor, total, _ in rows if tt == t}
        assert len(unscaled) == 1
    assert con.execute("SELECT count(DISTINCT doc_id) FROM summary").fetchall() == [(20,)]
    con.close()


def test_unit_names_are_distinct_beyond_the_region_department_pairs():
    names = [bench_scale.unit_name(u) for u in range(300)]
    assert len(set(names)) == 300
    assert names[0] == "示例市财政局"
    assert names[104] == "示例市第2财政局"


def test_stopwatch_reports_each_connection_and_call():
    calls = []
    with bench_pages.stopwatch(lambda seconds, what: calls.append(what)):
        with duckdb.connect() as con:
            assert con.execute("SELECT 42").fetchall() == [(42,)]
    assert calls == ["connect", "execute ?: SELECT 42", "fetchall ?: SELECT 42", "close ?: SELECT 42"]


@pytest.mark.browser
def test_in_page_stopwatch_times_the_frame_the_element_is_shown_in():
    """The first-chart figures are read in the page (bench_pages.STOPWATCH), not from Playwright's wait,
    whose polls come 0.5 s apart: a chart present but not shown yet (a closed tab, no size) is not
    drawn; one shown is timed at the frame that paints it, well before the wait's next poll."""
    page_html = ("<body><script>"
                 "setTimeout(() => { const c = document.createElement('div'); c.className = 'lens-chart';"
                 " c.style.display = 'none'; c.innerHTML = '<svg width=\"40\" height=\"20\"></svg>';"
                 " document.body.appendChild(c); window.__added = performance.now();"
                 " setTimeout(() => { c.style.display = 'block'; window.__shown = performance.now(); }, 400); }, 200);"
                 "</script></body>")
    with bench_pages._chromium() as browser:
        if browser is None:
            pytest.skip("chromium or Playwright is missing")
        page = browser.new_page()
        bench_pages.watch_for_drawing(page, ".lens-chart svg")
        page.goto("data:text/html," + page_html)
        drawn = 1000 * bench_pages.drawn_at(page, 10)
        added, shown = page.evaluate("[window.__added, window.__shown]")
    assert added + 350 < shown <= drawn < shown + 1000

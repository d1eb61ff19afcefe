"""End to end: the real server (`streamlit run app.py`) in headless Debian chromium, every page;
two versions of a report and a template uploaded through 数据管理; shared links restoring every
on-page choice in a fresh browser context.

Skips when chromium or Playwright is missing (CI installs chromium with apt; browsers are never
downloaded). Screenshots land in the test's tmp dir, one per page, to be looked at by a person.
"""
from __future__ import annotations

import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import duckdb
import pdfplumber
import pytest

from dashboard.widgets import CARD, CELL, CHART, HTML_READY, NOTE

from . import dashboard_db
from .dashboard_db import JIA

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# url path → text the page must show
PAGES = {
    "structure": "钱花在哪些功能上？",  # first: a page opened by its own URL on a fresh server
    "": "花了多少？",  # 总览, the default page, lives at /
    "execution": "预算执行", "sangong": "三公经费", "disclosures": "公开信息",
    "performance": "绩效自评", "checks": "数据核对", "manage": "数据管理",
}

playwright = pytest.importorskip("playwright.sync_api")
if not os.path.exists(CHROMIUM):
    pytest.skip("chromium is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ingest(*args: str) -> None:
    """`python -m loaders ingest …` as a user runs it; when a file is not loaded, the failure names
    the loader's lines (which file, and why) instead of a bare exit status."""
    done = subprocess.run([sys.executable, "-m", "loaders", "ingest", *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stdout}\n{done.stderr}"


@contextmanager
def _serve(db: str, folder: Path, script: str = "app.py", **env):
    """The dashboard served on a free localhost port from db; yields its URL."""
    port = _free_port()
    log = open(folder / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "BUDGET_LENS_DB": db, **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard from a database with known figures."""
    folder = tmp_path_factory.mktemp("browser")
    with _serve(dashboard_db.build(str(folder / "known.duckdb")), folder) as url:
        yield url


def _wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("streamlit did not become healthy")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _open(browser, url: str, expected: str, shot: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.goto(url)
    page.get_by_text(expected).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    _wait_until_idle(page)
    # Streamlit scrolls inside its main container, not the page: grow the window until it shows it all.
    height = 0
    for _ in range(5):
        now = int(page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight"))
        if now == height:
            break
        height = now
        page.set_viewport_size({"width": 1400, "height": max(1000, min(height, 12000))})
        _wait_until_idle(page)
    page.screenshot(path=str(shot), full_page=True)
    return page


def _settled_url(page, seconds: float = 20) -> str:
    """The page's address once it has stopped changing: a choice reaches the URL after the run it
    starts, later on a loaded machine than the click's own rerun."""
    deadline, url = time.monotonic() + seconds, page.url
    while time.monotonic() < deadline:
        time.sleep(1.5)
        _wait_until_idle(page)
        if page.url == url:
            return url
        url = page.url
    return url


def _wait_until_idle(page, seconds: float = 30) -> None:
    """Streamlit shows a 'running' status widget while the script runs; wait until it is gone."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and page.locator('[data-testid="stStatusWidget"]').count():
        time.sleep(0.3)
    tables, drawn = '[data-testid="stDataFrame"]', '[data-testid="stDataFrame"] canvas'
    while time.monotonic() < deadline and page.locator(drawn).count() < page.locator(tables).count():
        time.sleep(0.3)  # a table's grid is drawn after the script ends, its code fetched on first use
    time.sleep(1.5)


@pytest.mark.parametrize("path, expected", PAGES.items())
def test_every_page_renders_without_exception(server, browser, tmp_path, path, expected):
    shot = tmp_path / f"{path or 'overview'}.png"
    page = _open(browser, f"{server}/{path}", expected, shot)
    try:
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0
        assert "支出结构" in page.locator('[data-testid="stSidebarNav"]').inner_text()  # the navigation
        hidden = page.locator(f".st-key-{HTML_READY}").locator("xpath=..")  # widgets.html_ready's element
        assert hidden.count() == 1 and hidden.evaluate("e => getComputedStyle(e).display") == "none"  # no gap
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


def test_overview_figures_and_shared_link(server, browser, tmp_path):
    page = _open(browser, f"{server}/?unit={JIA}&year=2023", "花了多少？", tmp_path / "link.png")
    try:
        body = page.inner_text("body")
        assert "1,200.00 万元" in body and "+200.00 万元（+20.0%），比 2022 年" in body
        assert "500.00 万元" not in body  # 乙中心 is not in the shared view
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator(f".{CHART} svg").count() == 2  # trend and changes, drawn
        card = page.locator(f".{CARD}")  # widgets.card: one element of HTML, drawn as a box of two columns
        assert card.count() == 1 and card.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
        cells = [c.bounding_box() for c in card.locator(f".{CELL}").all()]
        assert len(cells) == 4 and cells[0]["y"] == cells[1]["y"] < cells[2]["y"] == cells[3]["y"]
        assert cells[0]["x"] == cells[2]["x"] < cells[1]["x"] == cells[3]["x"]
        assert card.locator("h3").first.inner_text() == "1,200.00 万元"
        assert card.locator(f".{NOTE} a").first.get_attribute("href").startswith("/source?")  # 来源, a link
    finally:
        page.close()


def test_downloads_are_written_when_clicked(server, browser, tmp_path):
    """The buttons hand over the table behind them: CSV (UTF-8 with BOM, for Excel) and xlsx."""
    page = _open(browser, f"{server}/?unit={JIA}&year=2023", "花了多少？", tmp_path / "dl.png")
    try:
        page.get_by_role("tab", name="数据表").first.click()  # a chart's table is built when its tab opens
        _wait_until_idle(page)  # the rerun that builds it done: a button clicked meanwhile is replaced
        with page.expect_download(timeout=30_000) as csv:
            page.get_by_text("下载 CSV").locator("visible=true").first.click()
        text = open(csv.value.path(), encoding="utf-8-sig").read()
        assert text.startswith("单位,") and JIA in text
        with page.expect_download(timeout=30_000) as xlsx:
            page.get_by_text("下载 Excel").locator("visible=true").first.click()
        assert open(xlsx.value.path(), "rb").read(2) == b"PK"
    finally:
        page.close()


def _units_chosen(page) -> str:
    """The sidebar's 单位 list as shown: every unit, since a small database selects them all."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="单位").inner_text()


def test_two_versions_and_a_template_uploaded_through_data_management(browser, tmp_path):
    """数据管理 with writes open: the clean report and its later damaged copy and a template
    uploaded together; the pages use the clean version and say so, the template is in no selector."""
    from .reports import tiny_final_report
    from .reports import clean, damaged

    files = {"clean.txt": clean(), "later.txt": damaged(), "template.txt": tiny_final_report(unit="上海市XX局")}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    db = dashboard_db.build(str(tmp_path / "known.duckdb"))
    with _serve(db, tmp_path, BUDGET_LENS_OPEN_WRITES="1") as url:
        page = _open(browser, f"{url}/manage", "上传报告", tmp_path / "manage_before.png")
        try:
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                [str(tmp_path / n) for n in files])
            page.get_by_role("button", name="导入 3 个文件").click()
            page.get_by_text("template.txt：").first.wait_for(timeout=120_000)
            _wait_until_idle(page)
            body = page.inner_text("body")
            assert "✓ clean.txt" in body and body.count("⚠") == 2  # the partial copy and the template
            assert "template.txt：上海市XX局" in body and "模板或占位单位名称" in body
            assert "为同一报告的不同版本，当前使用 clean.txt" in body
            assert "模板与占位单位" in body and "同一报告的多个版本" in body
            page.screenshot(path=str(tmp_path / "manage_after.png"), full_page=True)
        finally:
            page.close()
        for path, expected in (("", "花了多少？"), ("structure", "钱花在哪些功能上？"), ("checks", "核对发现")):
            page = _open(browser, f"{url}/{path}", expected, tmp_path / f"after_{path or 'overview'}.png")
            try:
                assert page.locator('[data-testid="stException"]').count() == 0
                sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
                assert "有 2 个版本，当前使用 clean.txt" in sidebar
                chosen = _units_chosen(page)
                assert JIA in chosen and "测试市版本局" in chosen and "XX局" not in chosen
            finally:
                page.close()


# page → (text it shows, the choices made on it by clicking: (role, name, exact))
CHOICES = {
    "": ("花了多少？", [("radio", "实际", True), ("radio", "类", True), ("tab", "数据表", True)]),
    "structure": ("钱花在哪些功能上？", [("radio", "一般公共预算财政拨款", True), ("tab", "人员与公用", True)]),
    "execution": ("总体完成情况", [("radio", "类", True), ("radio", "一般公共预算财政拨款", True)]),
    "sangong": ("预算与决算", [("radio", "实际", True), ("radio", "决算", True),
                            ("switch", "各单位使用相同纵轴刻度", True)]),
}


@pytest.mark.parametrize("path", CHOICES)
def test_a_shared_link_restores_every_choice_on_the_page(server, browser, tmp_path, path):
    expected, clicks = CHOICES[path]
    page = _open(browser, f"{server}/{path}", expected, tmp_path / "chosen.png")
    try:
        for role, name, exact in clicks:
            widget = page.get_by_role(role, name=name, exact=exact).last
            before = _chosen(widget, role)
            (widget if role == "tab" else widget.locator("xpath=ancestor::label[1]")).click()
            _wait_until_idle(page)
            assert _chosen(widget, role) != before, name
        link = _settled_url(page)
    finally:
        page.close()
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page = fresh.new_page()
        page.goto(link)
        page.get_by_text("本页显示").first.wait_for(timeout=60_000)  # what the page shows may differ now
        _wait_until_idle(page)
        for role, name, exact in clicks:
            default_on = role == "switch"  # the one switch starts on: the click turned it off
            assert _chosen(page.get_by_role(role, name=name, exact=exact).last, role) != default_on, (link, name)
    finally:
        fresh.close()


def _chosen(widget, role: str) -> bool:
    """A radio or switch checked, a tab open."""
    return widget.get_attribute("aria-selected") == "true" if role == "tab" else widget.is_checked()


def test_a_shared_link_restores_the_band_and_the_severities(server, browser, tmp_path):
    """Choices that are not clicked as easily: the 预算执行 band slider and 数据核对's severities."""
    page = _open(browser, f"{server}/execution?band=80&band=120", "总体完成情况", tmp_path / "band.png")
    try:
        assert "完成率 80–120% 之外的项目标红" in page.inner_text("body")
    finally:
        page.close()
    # a bound list is written as the labels shown (format_func), as a link copied from the page has it
    page = _open(browser, f"{server}/checks?severity=提示", "核对发现", tmp_path / "severity.png")
    try:
        chips = page.locator('[data-testid="stMultiSelect"]').last.inner_text()
        assert "提示" in chips and "错误" not in chips
    finally:
        page.close()


@pytest.fixture(scope="module")
def pdf_server(tmp_path_factory):
    """The dashboard from factory PDFs loaded by the real loader (kept files, boxes): two years of a unit."""
    from factory.pdf import render_pdf
    from factory.vary import bundled, scaled

    folder = tmp_path_factory.mktemp("pdf_browser")
    final = bundled()[0]
    paths = []
    # b.pdf says a change since last year its 上年 column contradicts: a finding with a box
    for name, report, variants in (("a.pdf", final, ()),
                                   ("b.pdf", scaled(final, 0.9, year=final.year - 1), ("prior_year_wrong",))):
        (folder / name).write_bytes(render_pdf(report, variants))
        paths.append(str(folder / name))
    (folder / "db").mkdir()
    db = str(folder / "db" / "budget.duckdb")
    _ingest(*paths, "--db", db)
    with _serve(db, folder) as url:
        yield url


def test_clicking_a_sangong_bar_opens_its_source(pdf_server, browser, tmp_path):
    """A bar of the 三公 budget and actual, clicked, opens the 来源 page with the page image of its figure."""
    page = _open(browser, f"{pdf_server}/sangong", "三公经费", tmp_path / "sangong.png")
    try:
        bar = page.locator(f".{CHART}").first.locator("g.mark-rect a path").first
        source = _clicked(page, bar, 3)
        _shows_its_source(source, tmp_path / "source.png")
        assert "doc=" in source.url and "page=" in source.url
    finally:
        page.context.close()


def _open_every_table(page) -> None:
    """Click each chart's 数据表 tab and each folded table open: their tables (and downloads) are
    built only then, each by a rerun."""
    for _ in range(20):
        closed = page.locator('[data-testid="stTab"][aria-selected="false"]').filter(has_text="数据表")
        folded = page.locator('[data-testid="stExpander"] details:not([open]) summary')
        target = closed.first if closed.count() else (folded.first if folded.count() else None)
        if target is None:
            return
        target.click()
        _wait_until_idle(page)


def _download(page, button):
    """The file a click on the button gives. Streamlit's page now and then lets a first click on a download
    button pass without a download (seen on 公开信息's last CSV button, every time in some runs, never
    twice in a row); a reader clicks again, and so does this, once."""
    from playwright.sync_api import TimeoutError as NoDownload

    try:
        with page.expect_download(timeout=30_000) as got:
            button.click()
    except NoDownload:
        with page.expect_download(timeout=120_000) as got:
            button.click()
    return got.value


def _opened(path: str, name: str) -> int:
    """Open a downloaded file with the library a reader's tool would use; returns its rows or pages."""
    import openpyxl
    import pandas as pd

    if name.endswith(".csv"):
        return len(pd.read_csv(path, encoding="utf-8-sig"))
    if name.endswith(".xlsx"):
        with open(path, "rb") as f:  # by content: the downloaded file has no suffix
            return openpyxl.load_workbook(f, read_only=True).worksheets[0].max_row - 1
    if name.endswith(".svg"):  # a chart: its marks, each with its hover text
        return len(ElementTree.parse(path).getroot().findall(".//{http://www.w3.org/2000/svg}title"))
    if name.endswith(".png"):  # a chart's picture: its rows of pixels
        from PIL import Image

        with Image.open(path) as image:
            assert image.format == "PNG"
            return image.height
    with pdfplumber.open(path) as pdf:
        assert "核对发现" in pdf.pages[-1].extract_text()
        return len(pdf.pages)


@pytest.mark.parametrize("path", ["", "structure", "execution", "sangong", "disclosures", "performance", "checks", "manage"])
def test_every_download_a_page_offers_opens(pdf_server, browser, tmp_path, path):
    """Every CSV, Excel, chart (SVG, PNG) and annotated PDF button of the page, clicked in the browser after each table
    is opened: the file arrives and opens (pandas, openpyxl, pdfplumber) with rows in it."""
    page = _open(browser, f"{pdf_server}/{path}", "预决算透视", tmp_path / "page.png")
    try:
        _open_every_table(page)
        if page.get_by_role("button", name="生成标注版 PDF").count():  # the annotated copy is made when asked
            page.get_by_role("button", name="生成标注版 PDF").first.click()
            page.get_by_role("button", name="下载标注版 PDF").first.wait_for(timeout=120_000)
            _wait_until_idle(page)
        buttons = page.locator('[data-testid="stDownloadButton"] button').locator("visible=true")
        assert buttons.count() >= 2, path
        names = []
        for i in range(buttons.count()):
            download = _download(page, buttons.nth(i))
            assert download.failure() is None, (path, download.suggested_filename)
            names.append(download.suggested_filename)
            assert _opened(download.path(), names[-1]) > 0, names[-1]
        assert {n.rsplit(".", 1)[1] for n in names} >= {"csv", "xlsx"} | ({"pdf"} if path == "checks" else set()) | (
            {"svg", "png"} if path == "performance" else set())  # its charts are drawn beside the open tables
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_cars_and_running_costs_in_one_click_their_line_in_one_more(pdf_server, browser, tmp_path):
    """The journalist's question: from the landing page, one click on 公开信息 shows how many official cars
    the unit keeps and how 机关运行经费 changed; one more click opens the line that states it."""
    page = _open(browser, pdf_server, "花了多少？", tmp_path / "landing.png")
    try:
        page.locator('[data-testid="stSidebarNav"]').get_by_text("公开信息").click()
        page.get_by_text("有多少公务用车？").first.wait_for(timeout=60_000)
        _wait_until_idle(page)
        page.screenshot(path=str(tmp_path / "disclosures.png"), full_page=True)
        body = page.inner_text("body")
        assert "5 辆" in body and "机关运行经费多少？" in body and "比上年增加" in body
        assert page.locator('[data-testid="stException"]').count() == 0
        with page.context.expect_page() as opened:
            page.get_by_text("查看原文").first.click()
        source = opened.value
        source.wait_for_load_state()
        _shows_its_source(source, tmp_path / "disclosures_source.png")
        assert "x0=" in source.url
        source.close()
    finally:
        page.close()


def _clicked(page, mark, below: float | None = None):
    """Click a chart's mark (at its middle, or `below` pixels above its bottom edge): it links to a page,
    which opens in a new tab; that tab, loaded."""
    box = mark.bounding_box()
    y = box["y"] + (box["height"] - below if below is not None else box["height"] / 2)
    with page.context.expect_page(timeout=30_000) as opened:
        page.mouse.click(box["x"] + box["width"] / 2, y)
    opened.value.wait_for_load_state()
    return opened.value


def _shows_its_source(page, shot: Path) -> None:
    """The 来源 page has opened, with a page image and no exception."""
    page.get_by_role("heading", name="来源").first.wait_for(timeout=30_000)
    _wait_until_idle(page)
    page.screenshot(path=str(shot), full_page=True)
    assert "/source?" in page.url
    assert page.locator('[data-testid="stImage"]').count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0


def _click_first_row(page, table) -> None:
    """Select a st.dataframe's first row: its row marker, left of the first cell (the grid is a canvas)."""
    box = table.bounding_box()
    if box:  # None: in a tab not shown
        page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)


def _a_row_click_opens_its_source(page, shot: Path) -> None:
    """Click the first row of each table shown until one opens the 来源 page of its printed line (a
    click that only picks a row, as 数据核对's ranking does, reruns the page: tables are counted again)."""
    tables = page.locator('[data-testid="stDataFrame"]')
    i = 0
    while i < tables.count():
        _click_first_row(page, tables.nth(i))
        try:
            page.wait_for_url("**/source?**", timeout=5_000)
            break
        except playwright.TimeoutError:
            _wait_until_idle(page)
            i += 1
    _shows_its_source(page, shot)
    assert "x0=" in page.url


def test_one_click_on_a_ranked_report_shows_its_findings(pdf_server, browser, tmp_path):
    """数据核对's ranking of every report: its first bar (the report with the most errors) clicked
    shows that report's findings below, and the address names it (a shareable link)."""
    page = _open(browser, f"{pdf_server}/checks", "哪些报告问题最多？", tmp_path / "checks.png")
    try:
        picked = _clicked(page, page.locator(f".{CHART}").first.locator("g.mark-rect a path").first)
        picked.get_by_text("的核对发现").first.wait_for(timeout=30_000)
        _wait_until_idle(picked)
        picked.screenshot(path=str(tmp_path / "picked.png"), full_page=True)
        assert "report=" in picked.url and "b.pdf 的核对发现" in picked.locator('[data-testid="stMain"]').inner_text()
        assert picked.locator('[data-testid="stException"]').count() == 0
    finally:
        page.context.close()


def test_clicking_a_finding_row_opens_its_source(pdf_server, browser, tmp_path):
    """A row of 数据核对's findings, clicked, opens the 来源 page with the figure's page image."""
    page = _open(browser, f"{pdf_server}/checks", "数据核对", tmp_path / "checks.png")
    try:
        _a_row_click_opens_its_source(page, tmp_path / "source.png")
    finally:
        page.close()


def test_clicking_a_structure_row_opens_its_source(pdf_server, browser, tmp_path):
    """A 类/款/项 row of 支出结构's table, clicked, opens the 来源 page of its printed line."""
    page = _open(browser, f"{pdf_server}/structure", "钱花在哪些功能上？", tmp_path / "structure.png")
    try:
        page.get_by_role("tab", name="数据表").first.click()
        _wait_until_idle(page)
        _a_row_click_opens_its_source(page, tmp_path / "source.png")
    finally:
        page.close()


def test_clicking_a_structure_share_segment_opens_its_source(pdf_server, browser, tmp_path):
    """A segment of 支出结构's 100%-stacked 类 shares (Vega-Lite), clicked, opens the 来源 page of the 类
    row it shows: the page image, and the printed line naming the 类 its hover names."""
    page = _open(browser, f"{pdf_server}/structure", "各单位、各年度的功能结构", tmp_path / "structure.png")
    try:
        segment = page.locator(f".{CHART} g.mark-rect a path").first  # not the sunburst's arcs
        shown = segment.locator("title").text_content()  # its hover text
        part = shown.split("功能分类（类）: ")[1].split()[0]  # the 类 the segment shows
        source = _clicked(page, segment, segment.bounding_box()["height"] - 4)  # inside it, above its label
        _shows_its_source(source, tmp_path / "source.png")
        assert "x0=" in source.url  # a printed row's box, outlined on the page image
        assert part in source.get_by_text("原文：").first.inner_text()
    finally:
        page.context.close()


def test_clicking_a_sunburst_slice_opens_its_source(pdf_server, browser, tmp_path):
    """The sunburst's largest 类 (its slice starts at twelve o'clock), hovered and clicked, opens the
    来源 page of the row it shows; the 合计 disc in the middle was printed as no row and opens nothing."""
    page = _open(browser, f"{pdf_server}/structure", "钱花在哪些功能上？", tmp_path / "structure.png")
    try:
        rings = page.locator(f".{CHART}").first.locator("g.mark-arc")
        disc = rings.locator("path").first  # the 合计 disc: the rings' centre
        assert "支出合计" in disc.locator("title").text_content() and rings.locator("a").count() > 0
        box = disc.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.click(x, y)
        _wait_until_idle(page)
        assert len(page.context.pages) == 1 and "/source?" not in page.url  # the disc opens nothing
        point = (x + 100 * math.sin(0.05), y - 100 * math.cos(0.05))  # in the first ring, just after twelve
        hover = page.evaluate("([x, y]) => document.elementFromPoint(x, y).querySelector('title').textContent",
                              list(point))  # the hover text of the slice there
        name = hover.split("科目: ")[1].split()[0]
        with page.context.expect_page(timeout=30_000) as opened:
            page.mouse.click(*point)
        source = opened.value
        source.wait_for_load_state()
        _shows_its_source(source, tmp_path / "source.png")
        assert "x0=" in source.url and name in source.get_by_text("原文：").first.inner_text()
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def corpus_server(corpus, tmp_path_factory):
    """The dashboard from the corpus's real reports (PDFs), loaded by the loader as a user would."""
    folder = tmp_path_factory.mktemp("corpus_browser")
    files = [str(p) for family in ("seed-pdf", "real", "jiangsu", "central") for p in sorted((corpus / family).glob("*.pdf"))]
    db = str(folder / "corpus.duckdb")
    _ingest("--workers", "2", "--db", db, *files)
    with _serve(db, folder) as url:
        yield url


CORPUS_UNIT = "济源产城融合示范区管理委员会办公室"  # a unit whose reports fill every page
MENU = ["支出结构", "预算执行", "三公经费", "公开信息", "绩效自评", "数据核对", "数据管理", "总览"]


def _pick_unit(page, name: str) -> None:
    """Empty the sidebar's 单位 box and pick one unit by typing its name, as a reader does."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="单位")
    box.get_by_role("button", name="Clear all").first.click()
    _wait_until_idle(page)
    box.locator("input").click()
    page.keyboard.type(name)
    page.get_by_role("option", name=name, exact=True).first.wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    _wait_until_idle(page)


def _shows_the_unit(page, name: str, where: str) -> None:
    """The page has the unit picked, names it, and draws its data (a chart or a table)."""
    chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="单位")
    assert [c for c in chips.inner_text().split("\n")[1:] if c] == [name], where
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    assert name in text and "未选择任何" not in text, where
    drawn = main.locator(f'.{CHART} svg, [data-testid="stDataFrame"]')
    assert drawn.count() > 0, where
    assert page.locator('[data-testid="stException"]').count() == 0, where


@pytest.mark.corpus
def test_a_unit_picked_stays_picked_through_the_menu_back_forward_and_reload(corpus_server, browser, tmp_path):
    """On real reports: a unit picked on 总览 is the unit every page of the menu shows, clicked in
    turn (数据管理 on the way), after the browser's back and forward, and after a reload."""
    page = _open(browser, corpus_server, "本页显示", tmp_path / "start.png")
    try:
        _pick_unit(page, CORPUS_UNIT)
        _shows_the_unit(page, CORPUS_UNIT, "总览")
        for name in MENU:
            page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
            page.get_by_role("heading", name=name).first.wait_for(timeout=60_000)
            _wait_until_idle(page)
            page.screenshot(path=str(tmp_path / f"menu_{name}.png"), full_page=True)
            if name != "数据管理":
                _shows_the_unit(page, CORPUS_UNIT, name)
        # back over 数据管理 to 数据核对 (Streamlit may keep an extra entry for a page whose query changed),
        # forward again to 总览, then a reload of 总览
        for step, path in ((page.go_back, "/checks"), (page.go_forward, "/"), (page.reload, "/")):
            for _ in range(4):
                step()
                _wait_until_idle(page)
                if urlsplit(page.url).path == path:
                    break
            assert urlsplit(page.url).path == path and urlsplit(page.url).query, page.url
            _shows_the_unit(page, CORPUS_UNIT, page.url)
    finally:
        page.close()


def test_a_source_link_opened_first_on_a_fresh_server_shows_the_menu(browser, tmp_path):
    """A 原文 link opens 来源 in a new tab. On a server no page has run on yet, Streamlit is still in
    its pages/-folder mode, whose sidebar lists the page files (app, checks …) instead of the menu."""
    from factory.pdf import render_pdf
    from factory.vary import bundled

    from dashboard.links import source_link

    (tmp_path / "a.pdf").write_bytes(render_pdf(bundled()[0]))
    db = str(tmp_path / "budget.duckdb")
    _ingest(str(tmp_path / "a.pdf"), "--db", db)
    con = duckdb.connect(db, read_only=True)
    row = con.execute("SELECT doc_id, page AS source_page, x0, top, x1, bottom, line FROM expenditure_function "
                      "WHERE x0 IS NOT NULL LIMIT 1").df().to_dict("records")[0]
    con.close()
    with _serve(db, tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        try:
            page.goto(url + source_link(row))
            _shows_its_source(page, tmp_path / "source.png")
            menu = page.locator('[data-testid="stSidebarNav"]').inner_text()
            assert "总览" in menu and "checks" not in menu, menu
        finally:
            page.close()

"""Text from reports and file names is shown as text on every page: a report whose unit, projects,
indicators, reasons and items hold markdown links and images, bare addresses, colour and icon
directives, LaTeX, emphasis and HTML, loaded in two versions under hostile file names (and its PDF),
and every page (and 来源, and an upload's results) checked in a real browser's DOM: no link or image
to the outside, no KaTeX, no colour, icon or emphasis made of that text, and the text itself shown.
"""
from __future__ import annotations

import duckdb
import pytest

from dashboard.links import source_link
from factory.pdf import render_pdf
from factory.text import render_text
from factory.vary import scaled
from loaders.run.ingest import ingest

from .reports import factory_report
from .test_browser import _open, _serve, _wait_until_idle, browser  # noqa: F401  (browser: the fixture)

pytestmark = pytest.mark.browser

EVIL = "evil.example"
HOSTILE = (f"[点我](http://{EVIL}/l) ![图](http://{EVIL}/i.png) :red[红字] $x^2$ http://{EVIL}/bare www.{EVIL} "
           f"mail@{EVIL} <b>粗体</b><img src=http://{EVIL}/t.png> :material/bug_report: **强调**")
UNIT = "测试市$x^2$<b>粗体</b>**强调**:red[红字]局"
# A file name holds no '/': its address is www. and e-mail only.
FILE = f"报告[点我](www.{EVIL})$x^2$:red[红字]mail@{EVIL}"
# What the factory's 2023 决算 prints that the pages show: the first project, its indicators and
# reasons, a 预算执行 reason, an item of the function table.
PRINTED = ("“示例办”分厅建设项目", "服务满意率", "服务对象满意度低", "追加人员经费", "行政运行", "信访信息系统维护经费")


def _hostile_text(factor: float) -> bytes:
    text = render_text(scaled(factory_report("final2023"), factor, UNIT, 2023)).decode()
    for printed in PRINTED:
        assert printed in text, printed
        text = text.replace(printed, printed + HOSTILE)
    return text.encode()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The database: the hostile report and a later copy of it with other figures (the pages then
    name both files in a version note), and a PDF of another year (来源 shows its page)."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {folder / "a.txt": (_hostile_text(1.0), FILE + ".txt"), folder / "b.txt": (_hostile_text(1.2), FILE + "（更正）.txt"),
             folder / "c.pdf": (render_pdf(scaled(factory_report("final2021"), 1.0, UNIT, 2021)), FILE + ".pdf")}
    for path, (data, _) in files.items():
        path.write_bytes(data)
    db = str(folder / "hostile.duckdb")
    results = ingest(list(files), db, names={p: name for p, (_, name) in files.items()})
    assert all(r.ok for r in results), results
    return db, folder


def _outside(page) -> dict[str, list]:
    """What the page's DOM holds that came from hostile text rather than from the dashboard."""
    return page.evaluate("""evil => ({
        links: [...document.querySelectorAll('a[href]')].map(a => a.href).filter(h => h.includes(evil)),
        images: [...document.querySelectorAll('img')].map(i => i.src).filter(s => s.includes(evil)),
        katex: document.querySelectorAll('.katex, .katex-display, math').length,
        colour: [...document.querySelectorAll('.stMarkdownColoredText, [class*=colored]')]
                  .map(e => e.textContent).filter(t => t.includes('红字')),
        icons: [...document.querySelectorAll('[data-testid=stIconMaterial]')]
                  .map(e => e.textContent).filter(t => t.includes('bug_report')),
        emphasis: [...document.querySelectorAll('strong, b, em')].map(e => e.textContent.trim())
                  .filter(t => t === '强调' || t === '粗体'),
    })""", EVIL)


def _text(locator) -> str:
    """What a reader sees (the invisible word joiners inert.plain puts into addresses left out)."""
    return locator.inner_text().replace("\u2060", "")


def _check(page, shown: str | None) -> None:
    found = _outside(page)
    assert not any(found.values()), found
    if shown:
        assert shown in _text(page.locator("body")), shown  # the text is there, as text


PAGES = {  # path → the page's own words to wait for, hostile text it must show
    "": ("花了多少？", None), "structure": ("钱花在哪些功能上？", ":red[红字]"),
    "execution": ("预算执行", "追加人员经费[点我]"), "sangong": ("三公经费", "<b>粗体</b>"),
    "performance": ("指标明细", f"原因：工作人员满意度低（{FILE}"), "checks": ("数据核对", "$x^2$"),
    "manage": ("已导入的文档", None),
}


def test_every_page_shows_report_text_as_text(hostile, browser, tmp_path):  # noqa: F811
    db, folder = hostile
    with _serve(db, folder, BUDGET_LENS_OPEN_WRITES="1") as url:
        for path, (expected, shown) in PAGES.items():
            page = _open(browser, f"{url}/{path}", expected, tmp_path / f"{path or 'overview'}.png")
            try:
                _check(page, shown)
                sidebar = _text(page.locator('[data-testid="stSidebar"]'))
                if path not in ("manage",):
                    assert "个版本" in sidebar and FILE in sidebar  # the version note names the files
            finally:
                page.close()
        with duckdb.connect(db, read_only=True) as con:  # a figure of the PDF, as its 原文 link names it
            row = con.execute("SELECT s.doc_id, s.page, s.x0, s.top, s.x1, s.bottom FROM summary s JOIN documents d "
                              "USING (doc_id) WHERE d.source_format = 'pdf' AND s.x0 IS NOT NULL LIMIT 1").fetchone()
        link = source_link(dict(zip(("doc_id", "page", "x0", "top", "x1", "bottom"), row)))
        page = _open(browser, url + link, "来源", tmp_path / "source.png")
        try:
            page.locator('[data-testid="stImage"]').first.wait_for(timeout=60_000)
            _check(page, FILE)
        finally:
            page.close()


def test_an_upload_under_a_hostile_name_reports_it_as_text(hostile, browser, tmp_path):  # noqa: F811
    db, folder = hostile
    upload = tmp_path / (FILE + "新.txt")
    upload.write_bytes(_hostile_text(0.9))
    with _serve(db, folder, BUDGET_LENS_OPEN_WRITES="1") as url:
        page = _open(browser, f"{url}/manage", "上传报告", tmp_path / "manage.png")
        try:
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(upload)])
            page.get_by_role("button", name="导入 1 个文件").click()
            page.get_by_text("新.txt：").first.wait_for(timeout=120_000)
            _wait_until_idle(page)
            _check(page, FILE + "新.txt")
        finally:
            page.close()

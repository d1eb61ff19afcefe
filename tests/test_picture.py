"""A chart drawn on the server (dashboard.picture): links, hover text, size and escaping, read back
from the SVG as a browser gets it."""
from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from dashboard import picture
from dashboard.charts.base import PAGE_WIDTH, faceted

from .pages import picture_links, picture_marks, picture_texts, picture_titles

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def _bars(rows: list[dict], **encoding) -> dict:
    return {"data": {"values": rows}, "mark": "bar",
            "encoding": {"y": {"field": "name", "type": "nominal", "axis": {"labelLimit": 0}},
                         "x": {"field": "total", "type": "quantitative"},
                         **encoding}}


ROWS = [{"name": "一般公共服务支出", "total": 1200.0, "change": 3.0, "link": "/source?doc=a&page=3"},
        {"name": "教育支出", "total": 20.0, "change": None, "link": None}]
TIPS = [{"field": "name", "title": "科目"}, {"field": "total", "title": "万元", "type": "quantitative", "format": ",.2f"},
        {"field": "change", "title": "增减（%）", "type": "quantitative", "format": "+.1f"}]


def test_a_mark_links_to_its_row_and_one_printed_nowhere_links_nowhere():
    svg = picture.svg(_bars(ROWS, href={"field": "link"}, tooltip=TIPS), PAGE_WIDTH)
    assert picture_links(svg) == ["/source?doc=a&page=3"]  # relative to the app, not to Vega's data site
    assert "vega.github.io" not in svg
    assert [(m["科目"], m["link"]) for m in picture_marks(svg)] == [
        ("一般公共服务支出", "/source?doc=a&page=3"), ("教育支出", None)]


def test_hover_text_is_the_tooltip_one_line_a_field_formatted_and_a_missing_figure_a_dash():
    marks = picture_marks(picture.svg(_bars(ROWS, tooltip=TIPS), PAGE_WIDTH))
    assert [{k: v for k, v in m.items() if k != "link"} for m in marks] == [
        {"科目": "一般公共服务支出", "万元": "1,200.00", "增减（%）": "+3.0"},
        {"科目": "教育支出", "万元": "20.00", "增减（%）": "—"}]


def test_a_view_without_tooltip_describes_nothing():
    """Vega would describe a mark by every field (an axis' invisible reach included): no hover."""
    assert picture_marks(picture.svg(_bars(ROWS), PAGE_WIDTH)) == []
    layered = {"data": {"values": ROWS}, "layer": [
        {"mark": "bar", "encoding": {"x": {"field": "total", "type": "quantitative"}, "tooltip": TIPS}},
        {"mark": "point", "encoding": {"x": {"field": "total", "type": "quantitative"}}}]}
    assert len(picture_marks(picture.svg(layered, PAGE_WIDTH))) == 2  # the bars, not the points


def test_report_text_is_drawn_as_text_and_never_as_markup():
    rows = [{"name": HOSTILE + "\n\n**粗体**", "total": 1.0, "change": 1.0, "link": None}]
    svg = picture.svg(_bars(rows, tooltip=TIPS), PAGE_WIDTH)
    assert "<script" not in svg and "<img" not in svg and "onerror=alert" not in svg.replace("onerror=alert(2)&gt;", "")
    assert any(HOSTILE in t for t in picture_texts(svg))  # the axis label, escaped
    assert picture_titles(svg)[0].startswith(f"科目: {HOSTILE}\n\n**粗体**\n万元: 1.00")  # the hover text
    assert "\n" not in svg  # one line: markdown takes it whole as one HTML block, a blank line in text included
    title = ElementTree.fromstring(svg).find(".//{http://www.w3.org/2000/svg}title")  # a file of its own too
    assert title.text.startswith(f"科目: {HOSTILE}\n\n**粗体**")


def test_a_picture_is_the_main_column_s_width_unless_its_spec_sets_one_and_shrinks_on_a_narrow_screen():
    """Labels included: a wider picture would be shrunk to the column, its text with it."""
    for spec in (_bars(ROWS), {**_bars(ROWS), "width": "container"}):
        svg = picture.svg(spec, PAGE_WIDTH)
        assert float(re.search(r'<svg [^>]*width="([\d.]+)"', svg).group(1)) == PAGE_WIDTH
        assert svg.startswith('<svg style="max-width: 100%; height: auto"')
    own = picture.svg({**_bars(ROWS), "width": 300}, PAGE_WIDTH)
    drawn = float(re.search(r'<svg [^>]*width="([\d.]+)"', own).group(1))
    assert 300 < drawn < 500  # the plot's width asked for, and the axis beside it


def _chinese_font() -> bool:
    """Whether fontconfig knows a font with Chinese characters (vl-convert draws in the system's fonts)."""
    try:
        return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _chinese_font(), reason="no Chinese font on this machine (.ci/run installs fonts-wqy-microhei)")
def test_a_picture_s_png_is_it_drawn_twice_as_large_its_chinese_text_included():
    import io

    from PIL import Image

    svg = picture.svg(_bars(ROWS), PAGE_WIDTH)
    image = Image.open(io.BytesIO(picture.png(svg)))
    width, height = (float(re.search(rf'<svg [^>]*{k}="([\d.]+)"', svg).group(1)) for k in ("width", "height"))
    assert image.format == "PNG" and image.size == (round(width * picture.PNG_SCALE), round(height * picture.PNG_SCALE))

    def ink(text: str) -> int:  # the dark pixels of a picture printing the text alone
        alone = picture.svg({"data": {"values": [{}]}, "mark": {"type": "text", "fontSize": 20},
                             "encoding": {"text": {"value": text}}}, 200)
        return sum(Image.open(io.BytesIO(picture.png(alone))).convert("L").histogram()[:128])

    assert ink("一般公共服务支出") > 2000 and ink("\u3000") == 0  # drawn, not left out for want of a font


LONG = "上海市普陀区人民政府万里街道办事处机关事业单位基本养老保险缴费支出"  # 33 characters, all one em wide


def test_a_label_longer_than_its_limit_is_cut_with_an_ellipsis_and_keeps_its_place_and_its_full_hover():
    """Vega cuts such a label while it draws, measuring it again and again (half a chart's drawing
    time); the picture cuts it by its characters: 200 px of 10 px text is 20 em, 19 characters and '…'."""
    rows = [{"name": LONG + "甲", "total": 2.0}, {"name": LONG + "乙", "total": 1.0},
            {"name": "教育支出 2050101（2024）", "total": 1.0}]
    spec = _bars(rows, tooltip=[{"field": "name", "title": "科目"}])
    spec["encoding"]["y"]["axis"] = {"labelLimit": 200}
    svg = picture.svg(spec, PAGE_WIDTH)
    texts = picture_texts(svg)
    assert texts.count(LONG[:19] + "…") == 2 and "教育支出 2050101（2024）" in texts  # a label that fits is whole
    assert [m["科目"] for m in picture_marks(svg)] == [LONG + "甲", LONG + "乙", "教育支出 2050101（2024）"]


def test_legends_and_facet_headers_are_cut_too_and_a_figure_s_own_label_expression_is_kept():
    rows = [{"unit": LONG, "part": LONG + "的构成", "total": 1.0}]
    spec = {"data": {"values": rows}, "facet": {"field": "unit", "type": "nominal", "header": {"labelLimit": 150}},
            "spec": {"mark": "bar", "encoding": {
                "x": {"field": "total", "type": "quantitative", "axis": {"labelExpr": "datum.value + '%'"}},
                "color": {"field": "part", "type": "nominal"}}},
            "config": {"legend": {"labelLimit": 100}}}
    texts = picture_texts(picture.svg(spec, PAGE_WIDTH))
    assert LONG[:14] + "…" in texts  # the header: 150 px, 15 em
    assert LONG[:9] + "…" in texts  # the legend: its config's 100 px
    assert "1%" in texts  # the axis' own labels, a number's untouched
    drawn = picture.short_labels(spec)
    assert drawn["facet"]["header"]["labelLimit"] == drawn["config"]["legend"]["labelLimit"] == 0


def test_drawing_leaves_the_server_s_other_threads_running():
    """vl-convert holds the GIL while it draws: in the server's process that froze the thread sending
    what a page had drawn. The engine draws in its own process, so this one keeps counting."""
    spec = _bars([{"name": f"科目{i}", "total": float(i), "change": 1.0, "link": None} for i in range(400)],
                 tooltip=TIPS)
    picture.svg(spec, PAGE_WIDTH)  # the engine started
    done = threading.Event()
    worker = threading.Thread(target=lambda: [picture.svg(spec, PAGE_WIDTH) for _ in range(3)] and done.set())

    def count(until) -> int:
        n = 0
        while not until():
            n += 1
        return n

    alone_end = time.monotonic() + 0.3
    alone = count(lambda: time.monotonic() > alone_end) / 0.3
    start = time.monotonic()
    worker.start()
    meanwhile = count(done.is_set) / (time.monotonic() - start)
    worker.join()
    assert meanwhile > 0.3 * alone  # drawn in this process it was about 1% of it


def test_the_engine_starts_and_restarts_inside_a_page_run(tmp_path):
    """A page run leaves the page as __main__, whose file a spawned process runs first: the engine,
    started there or started again after it died, still draws."""
    page = tmp_path / "page.py"
    page.write_text("raise SystemExit('the page ran in the engine')\n")
    script = (f"import sys, types\npage = types.ModuleType('__main__')\npage.__file__ = {str(page)!r}\n"
              "sys.modules['__main__'] = page\nfrom dashboard import picture\n"
              "print(picture.svg({'mark': 'point'}, 100)[:4])\n"
              "[p.kill() for p in picture.engine()._processes.values()]\n"
              "print(picture.svg({'mark': 'bar'}, 100)[:4])\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.stdout.split() == ["<svg", "<svg"], run.stderr[-500:]


def test_the_engine_ends_with_the_server_however_the_server_ends(tmp_path):
    """A server killed outright leaves no engine process behind."""
    script = ("import os, sys, time\nfrom dashboard import picture\npicture.svg({'mark': 'point'}, 940)\n"
              "print(*[p.pid for p in picture.engine()._processes.values()], flush=True)\ntime.sleep(60)\n")
    server = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    engine = int(server.stdout.readline())
    server.kill()
    server.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _running(engine):
        time.sleep(0.1)
    assert not _running(engine)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has ended, its parent (init) not yet told
        return stat.read().split(") ")[1][0] != "Z"


def _panels(n: int, rows_alike: bool = True, height=120) -> dict:
    """n panels of two years and two kinds, two panels to a row."""
    rows = [{"panel": f"单位{i}", "order": i, "year": year, "kind": kind, "amount": 10.0 * (i + 1)}
            for i in range(n) for year in ("2023年", "2024年") for kind in ("预算", "决算")]
    layer = [{"mark": "bar", "encoding": {"x": {"field": "year", "type": "ordinal"},
                                          "y": {"field": "amount", "type": "quantitative"},
                                          "color": {"field": "kind", "type": "nominal"}}}]
    return faceted(rows, layer, 2, "说明", shared_y=False, width=200, height=height, rows_alike=rows_alike)


def test_a_chart_of_panels_drawn_alike_has_its_first_row_drawn_alone_titled_and_without_legend():
    spec = _panels(5)
    before = copy.deepcopy(spec)
    head = picture.head(spec)
    assert spec == before
    assert {v["panel"] for v in head["data"]["values"]} == {"单位0", "单位1"}
    texts, whole = picture_texts(picture.svg(head, PAGE_WIDTH)), picture_texts(picture.svg(spec, PAGE_WIDTH))
    assert "说明" in texts and {"单位0", "单位1"} <= set(texts) and "单位2" not in texts
    assert "预算" in whole and "预算" not in texts  # the legend is under the whole chart's last row


def test_no_first_row_alone_for_one_row_or_panels_not_drawn_alike():
    assert picture.head(_panels(2)) is None
    assert picture.head(_panels(5, rows_alike=False)) is None
    assert picture.head(_panels(5, height={"step": 20})) is None  # a row's height would follow its bars
    assert picture.head({"mark": "bar"}) is None

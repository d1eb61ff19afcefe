"""The 来源 view and the kept files: a factory PDF loaded by the CLI keeps its file beside the
database, the source page shows its page image and the printed line of a stored box, removal drops
the file, and the annotated copy has the findings boxed and listed."""
from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pdfplumber
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import render, source
from factory.pdf import render_pdf
from factory.html import render_html
from factory.text import render_text
from factory.word import render_docx
from loaders.database.files import source_file
from loaders.database.record import remove
from loaders.database.store import opened

from .reports import factory_report
from .pages import open_tables

ROOT = Path(__file__).resolve().parents[1]


def by_cli(report: Path, db: Path) -> None:
    subprocess.run([sys.executable, "-m", "loaders", "ingest", str(report), "--db", str(db)], cwd=ROOT,
                   check=True, capture_output=True)


def in_process(report: Path, db: Path) -> None:
    """The loader the CLI runs, without starting a Python (a second each) for it."""
    from loaders.run.ingest import ingest

    assert all(r.ok for r in ingest([report], str(db)))


def _ingest(tmp: Path, name: str, data: bytes, load=in_process) -> Path:
    report = tmp / name
    report.write_bytes(data)
    db = tmp / "db" / "budget.duckdb"
    db.parent.mkdir(exist_ok=True)
    load(report, db)
    report.unlink()  # the view must work from the kept copy, as after an upload
    return db


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("source")
    db = _ingest(tmp, "报告.pdf", render_pdf(factory_report("final2023")), load=by_cli)
    with duckdb.connect(str(db), read_only=True) as con:
        doc_id, sha = con.execute("SELECT doc_id, sha256 FROM documents").fetchone()
        row = con.execute("SELECT page, x0, top, x1, bottom, amount FROM summary "
                          "WHERE doc_id = ? AND x0 IS NOT NULL AND amount > 0 ORDER BY page, top LIMIT 1",
                          [doc_id]).fetchone()
    return db, doc_id, sha, row


def _page(monkeypatch, db: Path, **params) -> AppTest:
    monkeypatch.setenv("BUDGET_LENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "source.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = str(value)
    return at.run()


def test_the_pdf_is_kept_beside_the_database(loaded):
    db, _, sha, _ = loaded
    kept = source_file(str(db), sha)
    assert kept == db.parent / "files" / f"{sha}.pdf"
    assert kept.read_bytes()[:5] == b"%PDF-"


def test_the_source_page_shows_the_page_image_and_the_printed_line(loaded, monkeypatch):
    db, doc_id, _, (page, x0, top, x1, bottom, amount) = loaded
    at = _page(monkeypatch, db, doc=doc_id, page=page, x0=x0, top=top, x1=x1, bottom=bottom)
    assert not at.exception
    assert len(at.get("image")) == 1
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "报告.pdf" in shown and f"第 {page} 页" in shown
    assert f"{amount:,.2f}" in shown  # the box's printed text holds its figure


def test_a_page_the_document_lacks_is_refused(loaded, monkeypatch):
    db, doc_id, _, _ = loaded
    at = _page(monkeypatch, db, doc=doc_id, page=999)
    assert not at.exception and "没有第 999 页" in at.warning[0].value
    assert not at.get("image")


def test_the_highlight_is_drawn_inside_the_box(loaded):
    db, _, sha, (page, x0, top, x1, bottom, _) = loaded
    png, scale = source.page_png.__wrapped__(sha, str(source_file(str(db), sha)), page)
    assert scale == render.SCALE  # an ordinary page is drawn at the full scale
    plain, marked = source.highlighted(png, scale, []), source.highlighted(png, scale, [(x0, top, x1, bottom)])
    edge = (int(x0 * scale) - 3, int((top + bottom) / 2 * scale))
    assert plain.getpixel(edge) != marked.getpixel(edge) == source.RED


@pytest.mark.parametrize("name, render", [("报告.txt", render_text), ("报告.docx", render_docx),
                                          ("报告.html", render_html)])
def test_a_lined_source_shows_its_lines_with_the_figure_marked(tmp_path, monkeypatch, name, render):
    """A text export's line, a Word document's or web page's paragraph or table row."""
    db = _ingest(tmp_path, name, render(factory_report("final2023")))
    with duckdb.connect(str(db), read_only=True) as con:
        doc_id, line, page, amount = con.execute(
            "SELECT doc_id, line, page, amount FROM summary WHERE line IS NOT NULL AND amount > 0 LIMIT 1").fetchone()
    at = _page(monkeypatch, db, doc=doc_id, line=line)
    assert not at.exception and page is None
    frame = at.dataframe[0].value
    marked = frame[frame[""] == "▶"]
    assert list(marked["行号"]) == [line] and len(frame) > 1
    assert f"{amount:,.2f}" in marked["内容"].iloc[0]


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_a_workbook_figure_shows_its_sheet_and_row_marked(tmp_path, monkeypatch, suffix):
    """An Excel workbook's figure names its sheet (page) and its row as Excel numbers it (line)."""
    from .test_excel import FORMATS

    db = _ingest(tmp_path, f"报告.{suffix}", FORMATS[suffix](factory_report("final2023")))
    with duckdb.connect(str(db), read_only=True) as con:
        doc_id, line, page, amount = con.execute(
            "SELECT doc_id, line, page, amount FROM summary WHERE amount > 0 ORDER BY amount DESC LIMIT 1").fetchone()
    assert page >= 1 and line >= 1
    at = _page(monkeypatch, db, doc=doc_id, page=page, line=line)
    assert not at.exception and f"第 {page} 张工作表 第 {line} 行" in at.markdown[0].value
    frame = at.dataframe[0].value
    marked = frame[frame[""] == "▶"]
    assert list(marked["行号"]) == [line] and len(frame) > 1
    assert f"{amount:.2f}" in marked["内容"].iloc[0].replace(",", "")
    assert "工作表：" in at.caption[0].value
    whole = _page(monkeypatch, db, doc=doc_id, page=page)  # the sheet, as a card's 来源 names it
    assert not whole.exception and list(whole.dataframe[0].value["行号"])[0] == 1
    assert len(whole.dataframe[0].value) > line and not (whole.dataframe[0].value[""] == "▶").any()
    missing = _page(monkeypatch, db, doc=doc_id, page=99, line=line)
    assert not missing.exception and "没有第 99 张工作表" in missing.warning[0].value


def test_removal_drops_the_kept_file(tmp_path):
    db = _ingest(tmp_path, "报告.pdf", render_pdf(factory_report("final2021")))
    with opened(str(db)) as con:
        doc_id, sha = con.execute("SELECT doc_id, sha256 FROM documents").fetchone()
        assert source_file(str(db), sha) is not None
        assert remove(con, doc_id)
    assert source_file(str(db), sha) is None
    assert _left_in(db.parent / "files") == []


def test_a_kept_file_another_database_uses_survives_a_removal(tmp_path):
    """Two databases side by side share <folder>/files: the file goes with the last one that uses it."""
    from loaders.run.ingest import ingest

    report = tmp_path / "r.txt"
    report.write_bytes(render_text(factory_report("final2021")))
    first, second = str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")
    for db in (first, second):
        assert all(r.ok for r in ingest([report], db))
    with opened(first) as con:
        doc_id, sha = con.execute("SELECT doc_id, sha256 FROM documents").fetchone()
        assert remove(con, doc_id)
    assert source_file(second, sha) is not None  # the other database still shows its source
    with opened(second) as con:
        assert remove(con, doc_id)
    assert source_file(second, sha) is None and _left_in(tmp_path / "files") == []


def _left_in(folder: Path) -> list[str]:
    """What a files folder holds beside its lock file."""
    from loaders.database import files

    return sorted(p.name for p in folder.iterdir() if p.name != files.LOCK)


def test_a_process_forked_while_the_folder_is_locked_does_not_keep_the_lock(tmp_path):
    """A reader process forked while a file is being kept (the loader forks readers from its
    threads) must not hold the lock after the keeping is done: the next file would wait forever."""
    from loaders.database import files

    with files._locked(tmp_path):
        child = os.fork()
        if child == 0:  # the reader: lives on, doing nothing with the lock
            time.sleep(30)
            os._exit(0)
    try:
        taken = threading.Event()

        def take():
            with files._locked(tmp_path):
                taken.set()

        threading.Thread(target=take, daemon=True).start()
        assert taken.wait(10)
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)


def test_a_file_kept_before_owners_were_marked_is_never_deleted(tmp_path):
    from loaders.database import files

    report = tmp_path / "r.txt"
    report.write_bytes(b"x")
    kept = files.folder(str(tmp_path / "a.duckdb")) / ("0" * 64 + ".txt")
    kept.parent.mkdir()
    kept.write_bytes(b"x")  # as an earlier version kept it, without marks
    files.keep(str(tmp_path / "a.duckdb"), "0" * 64, report, "text")
    files.drop(str(tmp_path / "a.duckdb"), "0" * 64)
    assert kept.exists()


def test_the_annotated_pdf_boxes_and_lists_the_findings(loaded):
    db, doc_id, sha, (page, x0, top, x1, bottom, amount) = loaded
    import pandas as pd
    found = pd.DataFrame([  # one finding on a boxed figure, one without a box
        {"severity": "error", "page": page, "message": f"合计应为 {amount + 1:,.2f}", "x0": x0, "top": top,
         "x1": x1, "bottom": bottom},
        {"severity": "info", "page": None, "message": "公开完整性得分 100 分", "x0": None, "top": None, "x1": None,
         "bottom": None}])
    original = source_file(str(db), sha)
    before = original.read_bytes()
    data = source.annotated_pdf(str(original), found)
    assert original.read_bytes() == before
    with pdfplumber.open(io.BytesIO(data)) as pdf, pdfplumber.open(original) as orig:
        assert len(pdf.pages) == len(orig.pages) + 1
        listing = pdf.pages[-1].extract_text()
        assert "1. [错误]" in listing and f"第{page}页" in listing and "2. [提示]" in listing
        rects = [r for r in pdf.pages[page - 1].rects if r["stroking_color"] and r["x0"] < x0 < r["x1"]]
        assert any(r["top"] < top and r["bottom"] > bottom for r in rects)


def test_the_annotated_pdf_takes_a_documents_findings_as_stored(loaded, monkeypatch):
    """As 数据核对 hands them over: read from the database, where a finding without a page is a
    missing value that has no truth value (pandas 3: 'boolean value of NA is ambiguous')."""
    db, doc_id, sha, _ = loaded
    monkeypatch.setenv("BUDGET_LENS_DB", str(db))
    found = source.document_findings(doc_id)
    assert found["page"].isna().any()
    with pdfplumber.open(io.BytesIO(source.annotated_pdf(str(source_file(str(db), sha)), found))) as pdf:
        assert f"核对发现（共 {len(found)} 条" in pdf.pages[-1].extract_text()


def test_checks_offers_the_annotated_report_of_a_kept_pdf(loaded, monkeypatch):
    db, _, _, _ = loaded
    monkeypatch.setenv("BUDGET_LENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "checks.py"), default_timeout=60)
    at.query_params["severity"] = "提示"
    at.run()
    assert not at.exception
    assert at.selectbox(key="annotated_doc").options == ["报告.pdf"]
    at.button(key="annotated_doc_make").click().run()  # made when asked: a failure is said in Chinese
    assert not at.exception and not at.error
    assert "下载标注版 PDF" in [b.proto.label for b in at.get("download_button")]


def test_a_findings_table_row_links_to_its_source(loaded, monkeypatch):
    db, doc_id, _, (page, x0, top, x1, bottom, _) = loaded
    with duckdb.connect(str(db)) as con:  # a warning on a boxed figure, as a check would store it
        con.execute("INSERT INTO findings (doc_id, check_id, severity, message, page, x0, top, x1, bottom) "
                    "VALUES (?, 'sum_mismatch', 'warning', '合计不符', ?, ?, ?, ?, ?)", [doc_id, page, x0, top, x1, bottom])
    monkeypatch.setenv("BUDGET_LENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "checks.py"), default_timeout=60).run()
    assert not at.exception
    table = next(t.value for t in at.dataframe if "原文" in t.value.columns)
    assert f"/source?doc={doc_id}&page={page}&x0={x0}&top={top}&x1={x1}&bottom={bottom}" in list(table["原文"])
    assert not {"doc_id", "x0", "line"} & set(table.columns)


@pytest.mark.parametrize("page_file, tables", [("execution.py", ("budget_execution",)),
                                                ("performance.py", ("performance_projects", "performance_indicators")),
                                                ("sangong.py", ("sangong",))])
def test_rows_of_other_pages_link_to_where_they_were_printed(loaded, monkeypatch, page_file, tables):
    db, doc_id, _, _ = loaded
    with duckdb.connect(str(db), read_only=True) as con:
        printed = {f"/source?doc={doc_id}&page={p}&x0={round(x0, 2)}&top={round(t, 2)}&x1={round(x1, 2)}"
                   f"&bottom={round(b, 2)}" for table in tables for p, x0, t, x1, b in con.execute(
                       f"SELECT page, x0, top, x1, bottom FROM {table} WHERE x0 IS NOT NULL").fetchall()}
        pages = {f"/source?doc={doc_id}&page={p}" for table in tables  # a row printed blank: its page
                 for (p,) in con.execute(f"SELECT DISTINCT page FROM {table} WHERE x0 IS NULL").fetchall()}
    assert printed
    monkeypatch.setenv("BUDGET_LENS_DB", str(db))
    at = open_tables(AppTest.from_file(str(ROOT / "pages" / page_file), default_timeout=60).run())
    linked = [t.value for t in at.dataframe if "原文" in t.value.columns]
    assert linked, "a table of the page has its 原文 links"
    links = {link for t in linked for link in t["原文"] if link}
    assert links & printed and links <= printed | pages
    assert not any({"doc_id", "x0", "line", "source_page"} & set(t.columns) for t in linked)


def test_a_disagreement_shows_both_figures_highlighted(loaded, monkeypatch):
    db, doc_id, _, (page, x0, top, x1, bottom, amount) = loaded
    with duckdb.connect(str(db), read_only=True) as con:
        other = con.execute("SELECT page, x0, top, x1, bottom, total FROM expenditure_function WHERE doc_id = ? "
                            "AND x0 IS NOT NULL AND page <> ? AND total > 0 ORDER BY page, top LIMIT 1",
                            [doc_id, page]).fetchone()
    at = _page(monkeypatch, db, doc=doc_id, page=page, x0=x0, top=top, x1=x1, bottom=bottom,
               opage=other[0], ox0=other[1], otop=other[2], ox1=other[3], obottom=other[4])
    assert not at.exception
    assert [i.proto.imgs[0].caption for i in at.get("image")] == [f"报告\\.pdf 第 {page} 页",
                                                                 f"报告\\.pdf 第 {other[0]} 页（对照）"]
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert f"{amount:,.2f}" in shown and f"对照（第 {other[0]} 页）" in shown and f"{other[5]:,.2f}" in shown


def test_the_link_of_a_finding_carries_its_other_side():
    from dashboard.widgets import source_link

    row = {"doc_id": "d1", "page": 3, "x0": 1.0, "top": 2.0, "x1": 3.0, "bottom": 4.0, "other_page": 5,
           "other_x0": 10.0, "other_top": 20.0, "other_x1": 30.0, "other_bottom": 40.0}
    assert source_link(row) == ("/source?doc=d1&page=3&x0=1.0&top=2.0&x1=3.0&bottom=4.0&opage=5&ox0=10.0&otop=20.0"
                                "&ox1=30.0&obottom=40.0")
    assert "opage" not in source_link(row | {"other_x0": None})


def test_a_link_names_a_page_a_line_or_a_sheet_and_its_row():
    from dashboard.widgets import source_link

    assert source_link({"doc_id": "d1", "page": None, "line": 12}) == "/source?doc=d1&line=12"
    assert source_link({"doc_id": "d1", "page": 2, "line": 12}) == "/source?doc=d1&page=2&line=12"  # a workbook's
    assert source_link({"doc_id": "d1", "page": 2, "line": None}) == "/source?doc=d1&page=2"
    assert source_link({"doc_id": "d1", "page": None, "line": None}) is None


def test_the_annotated_pdf_boxes_both_sides_of_a_disagreement(loaded):
    import pandas as pd

    db, doc_id, sha, (page, x0, top, x1, bottom, _) = loaded
    with duckdb.connect(str(db), read_only=True) as con:
        o_page, ox0, otop, ox1, obottom = con.execute(
            "SELECT page, x0, top, x1, bottom FROM expenditure_function WHERE doc_id = ? AND x0 IS NOT NULL "
            "AND page <> ? ORDER BY page, top LIMIT 1", [doc_id, page]).fetchone()
    found = pd.DataFrame([{"severity": "error", "page": page, "message": "两处不符", "x0": x0, "top": top, "x1": x1,
                           "bottom": bottom, "other_page": o_page, "other_x0": ox0, "other_top": otop,
                           "other_x1": ox1, "other_bottom": obottom}])
    with pdfplumber.open(io.BytesIO(source.annotated_pdf(str(source_file(str(db), sha)), found))) as pdf:
        for p, (bx0, btop, bbottom) in ((page, (x0, top, bottom)), (o_page, (ox0, otop, obottom))):
            rects = [r for r in pdf.pages[p - 1].rects if r["stroking_color"] and r["x0"] < bx0 < r["x1"]]
            assert any(r["top"] < btop and r["bottom"] > bbottom for r in rects), p


@pytest.mark.corpus
def test_the_annotated_corpus_report_shows_its_boxes_in_pdftoppm(corpus, tmp_path):
    """The annotated copy of a real report, rendered by poppler (not by the PDFium that drew it):
    the outline of each boxed finding is red on its page."""
    import shutil

    import pandas as pd
    from PIL import Image

    from loaders.run.ingest import extract_bytes

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path, boxed = next((p, found) for p in sorted(corpus.glob("real/*.pdf"))
                       if (found := [f for f in extract_bytes(p.read_bytes(), p.name).facts.rows["findings"]
                                     if f.get("x0") is not None and f["severity"] != "info"]))
    annotated = tmp_path / "annotated.pdf"
    annotated.write_bytes(source.annotated_pdf(str(path), pd.DataFrame(boxed)))
    dpi = 72  # one pixel a point: the boxes' coordinates are the image's
    for f in boxed:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(f["page"]), "-l", str(f["page"]), "-png",
                        str(annotated), str(tmp_path / "p")], check=True)
        image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
        left = [image.getpixel((int(f["x0"]) - 2, y)) for y in range(int(f["top"]), int(f["bottom"]))]
        assert any(r > 180 and g < 90 and b < 90 for r, g, b in left), (path.name, f["page"], f["message"])
        for png in tmp_path.glob("p*.png"):
            png.unlink()


@pytest.mark.corpus
def test_the_printed_text_of_corpus_boxes_is_read(corpus):
    """The 原文 line under the image: every boxed summary row of each corpus PDF reads back its figure
    (real reports' characters stand out of their line's box; reading only what lies inside read nothing)."""
    from loaders.run.ingest import extract_bytes

    for path in sorted(corpus.glob("seed-pdf/*.pdf"))[:2] + sorted(corpus.glob("real/*.pdf"))[:2]:
        rows = [r for r in extract_bytes(path.read_bytes(), path.name).facts.rows["summary"]
                if r.get("x0") is not None and r["amount"]][:5]
        for r in rows:
            text = source.printed_text("t", str(path), r["page"], (r["x0"], r["top"], r["x1"], r["bottom"]))
            assert text and any(ch.isdigit() for ch in text), (path.name, r)


# ---------------------------------------------------------------- bounds (render.py)

def _kept_pdf(tmp_path, pages: list[tuple[float, float]]) -> str:
    """A PDF of pages of the given sizes (points), each with a line of text."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    for number, size in enumerate(pages, start=1):
        c.setPageSize(size)
        c.drawString(72, size[1] - 72, f"page {number}")
        c.showPage()
    c.save()
    path = tmp_path / "pages.pdf"
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_huge_page_is_drawn_within_the_pixel_budget(tmp_path):
    """A 14400 x 14400 pt page at 2 px/pt is 830 million pixels (6 GB in the server): it is drawn
    smaller, to at most BUDGET_LENS_PAGE_PIXELS, and the box still lands where it was printed."""
    from PIL import Image

    path = _kept_pdf(tmp_path, [(14400, 14400)])
    png, scale = source.page_png.__wrapped__("huge", path, 1)
    width, height = Image.open(io.BytesIO(png)).size
    assert scale < render.SCALE and width * height <= render.PAGE_PIXELS
    assert abs(width - 14400 * scale) <= 1
    marked = source.highlighted(png, scale, [(7000, 7000, 7400, 7100), (float("inf"), 0, 1, 1)])
    assert marked.getpixel((int(7000 * scale) - 3, int(7050 * scale))) == source.RED


def test_a_drawing_past_its_memory_limit_ends_in_its_child(tmp_path, monkeypatch):
    """Without the pixel budget the page would take gigabytes: the child stops at its memory limit,
    the server (this process) carries on and says which setting to change."""
    monkeypatch.setattr(render, "PAGE_PIXELS", 10**10)
    monkeypatch.setattr(render, "MEMORY_MB", 256)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(render.RenderError, match="BUDGET_LENS_RENDER_MEMORY_MB"):
        source.page_png.__wrapped__("huge", _kept_pdf(tmp_path, [(14400, 14400)]), 1)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB: not drawn here


def _slow(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def test_a_drawing_past_its_time_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(render, "SECONDS", 1.0)
    assert render.run(_slow, 0) == "done"
    with pytest.raises(render.RenderError, match=r"生成超过时间上限 1 秒（BUDGET_LENS_RENDER_SECONDS）"):
        render.run(_slow, 5)


def _drawing_until_loaded(path: str, page: int) -> tuple[bytes, float]:
    """A drawing that says when it has begun and lasts until the test's load has ended (at most 20 s)."""
    flags = Path(os.environ["DRAWING_FLAGS"])
    (flags / "drawing").touch()
    _wait_for(flags / "loaded")
    return b"", 1.0


def _wait_for(path: Path, seconds: float = 20) -> None:
    """Until the file is there, at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_the_database_is_free_while_a_page_is_drawn(loaded, tmp_path, monkeypatch):
    """A page run holds its read-only connection until it is drawn; a drawing releases it first,
    so the loader (another process) can store a document while the drawing goes on."""
    from dashboard import db as dashboard_db

    db, doc_id, sha, _ = loaded
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    monkeypatch.setenv("BUDGET_LENS_DB", str(copy))
    monkeypatch.setenv("DRAWING_FLAGS", str(tmp_path))
    monkeypatch.setattr(render, "page_image", _drawing_until_loaded)
    report = tmp_path / "r.txt"
    report.write_bytes(render_text(factory_report("final2021")))
    ingest_run = {}

    def load():
        _wait_for(tmp_path / "drawing")
        ingest_run["code"] = subprocess.run(
            [sys.executable, "-m", "loaders", "ingest", str(report), "--db", str(copy)], cwd=ROOT,
            env={**os.environ, "BUDGET_LENS_LOCK_WAIT": "1"}, capture_output=True, text=True).returncode
        ingest_run["drawing"] = not (tmp_path / "loaded").exists()
        (tmp_path / "loaded").touch()

    with dashboard_db.page_run():
        assert source.document(doc_id) is not None  # the run's connection is open
        loader = threading.Thread(target=load)
        loader.start()
        source.page_png.__wrapped__(sha, str(source_file(str(db), sha)), 1)
        loader.join()
    assert ingest_run == {"code": 0, "drawing": True}


def test_an_annotated_report_draws_at_most_its_page_limit(tmp_path, monkeypatch):
    """Boxes on three pages, a limit of two: two pages drawn as images, the third copied as it was
    (its text still text), every finding listed, and the listing says what was left out."""
    import pandas as pd

    monkeypatch.setattr(render, "ANNOTATE_PAGES", 2)
    path = _kept_pdf(tmp_path, [(595, 842)] * 5)
    found = pd.DataFrame([{"severity": "error", "page": p, "message": f"第{p}页的问题", "x0": 72.0, "top": 60.0,
                           "x1": 120.0, "bottom": 75.0} for p in (1, 3, 5)]
                         + [{"severity": "info", "page": pd.NA, "message": "无页码", "x0": pd.NA, "top": pd.NA,
                             "x1": pd.NA, "bottom": pd.NA}])
    with pdfplumber.open(io.BytesIO(source.annotated_pdf(path, found))) as pdf:
        assert len(pdf.pages) == 6
        assert [bool(p.images) for p in pdf.pages[:5]] == [True, False, True, False, False]
        assert "page 5" in pdf.pages[4].extract_text()  # copied from the original
        listing = pdf.pages[5].extract_text()
        assert "另有 1 页的红框未画出" in listing and "BUDGET_LENS_ANNOTATE_PAGES" in listing
        assert "4. [提示] 页码不详：无页码" in listing


def test_an_annotated_report_past_its_size_or_time_limit_explains_itself(tmp_path, monkeypatch):
    import pandas as pd

    path = _kept_pdf(tmp_path, [(595, 842)] * 3)
    found = pd.DataFrame([{"severity": "error", "page": 2, "message": "问题", "x0": 72.0, "top": 60.0, "x1": 120.0,
                           "bottom": 75.0}])
    monkeypatch.setattr(render, "ANNOTATE_MB", 0)
    with pdfplumber.open(io.BytesIO(source.annotated_pdf(path, found))) as pdf:
        assert len(pdf.pages) == 1 and "超过上限 0 MB（BUDGET_LENS_ANNOTATE_MB）" in pdf.pages[0].extract_text()


@pytest.mark.slow
def test_a_500_page_report_is_annotated_by_copying_its_pages(tmp_path):
    """Only the pages with boxes are drawn: the copy of a 500-page report stays near its size (drawn
    whole, it took 141 s and 1.3 GB in the server)."""
    import pandas as pd

    path = _kept_pdf(tmp_path, [(595, 842)] * 500)
    found = pd.DataFrame([{"severity": "warning", "page": p, "message": "问题", "x0": 72.0, "top": 60.0, "x1": 120.0,
                           "bottom": 75.0} for p in (10, 250, 499)])
    data = source.annotated_pdf(path, found)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 501 and sum(bool(p.images) for p in pdf.pages) == 3
    assert len(data) < Path(path).stat().st_size + 3 * 1024 * 1024


CRAFTED = [{"page": "1", "x0": "inf", "top": "nan", "x1": "1e400", "bottom": "-inf"},
           {"page": "99999999999999999999999"}, {"page": "-5"}, {"page": "abc"}, {"page": "1.5"},
           {"page": "1", "x0": "1e308", "top": "-1e308", "x1": "1e308", "bottom": "1e308"},
           {"page": "1", "opage": "inf", "ox0": "x"}, {"page": "1", "opage": "1", "ox0": "1e300", "otop": "0",
                                                        "ox1": "-1e300", "obottom": "5"},
           {"line": "1e9"}, {"line": "99999999999999999999"}, {}]


@pytest.mark.parametrize("params", CRAFTED)
def test_crafted_source_links_give_a_page_or_a_message(loaded, monkeypatch, params):
    db, doc_id, _, _ = loaded
    at = _page(monkeypatch, db, doc=doc_id, **params)
    assert not at.exception, (params, at.exception)
    assert at.get("image") or at.warning or at.info, params


@pytest.mark.parametrize("doc", ["", "\x00", "' OR 1=1 --", "x" * 5000, "%00", "../../etc/passwd"])
def test_crafted_document_ids_give_a_message(loaded, monkeypatch, doc):
    db, _, _, _ = loaded
    at = _page(monkeypatch, db, doc=doc, page=1)
    assert not at.exception and "链接未指明已加载的报告" in at.info[0].value

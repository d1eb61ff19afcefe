"""数据管理 page: hostile uploads leave the database as it was, text is shown escaped, the password gate."""
from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import manage
from dashboard.widgets import plain
from loaders.database import store
from loaders.database.schema import FACT_TABLES

from .reports import png_bytes, tiny_final_report

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "manage.py")
INJECTION = "'; DROP TABLE documents; --"
SCRIPT_UNIT = "<script>alert(1)</script>测试局"


def snapshot(path) -> dict:
    """Every table's rows, to compare a database before and after."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
                for t in FACT_TABLES + ("documents", "unit_aliases")}


@pytest.fixture()
def loaded(tmp_path, monkeypatch):
    """A database with one tiny 决算 loaded through the page's own upload function."""
    path = tmp_path / "m.duckdb"
    monkeypatch.setenv("BUDGET_LENS_DB", str(path))
    monkeypatch.delenv(manage.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("BUDGET_LENS_OPEN_WRITES", "1")  # writes are closed by default
    (res,) = manage.load_uploads([manage.Upload("测试局2023决算.txt", tiny_final_report())], str(path))
    assert res.ok and not res.skipped
    return path


def run_page(**secrets) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for k, v in secrets.items():
        at.secrets[k] = v
    return at.run()


def test_hostile_uploads_fail_with_reasons_and_leave_the_database_as_it_was(loaded, tmp_path):
    before = snapshot(loaded)
    results = manage.load_uploads([
        manage.Upload("空.pdf", b""),
        manage.Upload("图片.pdf", png_bytes()),
        manage.Upload("../../etc/passwd.txt", "这不是报告\n只是几行字".encode()),
        manage.Upload("测试局2023决算（副本）.txt", tiny_final_report()),  # same bytes: skipped
    ], str(loaded))
    assert [(r.file_name, r.ok, r.message) for r in results] == [  # as ingest settles them: unread ones first
        ("测试局2023决算（副本）.txt", True, "已加载过（内容相同），跳过"),
        ("空.pdf", False, "空文件"),
        ("图片.pdf", False, "不是 PDF 文件（扩展名为 .pdf，但内容不是 PDF）"),
        ("passwd.txt", False, "不是部门预算或决算报告（未找到“部门决算/部门预算”等标题，也没有可读的预算表）"),
    ]
    assert snapshot(loaded) == before
    assert not (tmp_path.parent / "etc").exists()


def test_injection_in_file_and_unit_names_is_stored_as_text(loaded):
    unit = "某某局';DROP_TABLE_documents;--"
    (res,) = manage.load_uploads([manage.Upload(f"dir/{INJECTION}.txt", tiny_final_report(unit=unit))],
                                 str(loaded))
    assert res.ok and res.file_name == f"{INJECTION}.txt"
    with duckdb.connect(str(loaded), read_only=True) as con:
        rows = con.execute("SELECT file_name, unit_name FROM documents ORDER BY file_name").fetchall()
    assert rows == [(f"{INJECTION}.txt", unit), ("测试局2023决算.txt", "某某市测试局")]


def test_listing_shows_documents_tables_and_unit_names(loaded):
    at = run_page()
    assert not at.exception
    assert "共 1 个文档，1 个单位；部分解析 1 个。" in [m.value for m in at.markdown]
    docs = at.dataframe[0].value
    row = docs.iloc[0]
    assert (row["单位（报告所印）"], row["年度"], row["类型"], row["解析状态"], row["识别出的表"], row["数据条数"],
            row["文件"]) == ("某某市测试局", 2023, "决算", "部分解析", "支出决算表", 5, "测试局2023决算.txt")
    with duckdb.connect(str(loaded), read_only=True) as con:  # the checks evolve: count what they wrote
        (problems,) = con.execute("SELECT count(*) FROM findings WHERE severity IN ('error', 'warning')").fetchone()
    assert row["核对问题（错误、警告）"] == problems > 0
    assert "未找到收入支出总表" in row["问题"]
    tables = at.dataframe[1].value
    assert list(tables["表"]) == ["支出决算表"] and list(tables["数据条数"]) == [5]
    units = at.dataframe[2].value
    assert list(units["名称写法"]) == ["某某市测试局"]


@pytest.mark.slow
def test_upload_through_the_page_shows_one_escaped_line_per_file(loaded):
    at = run_page()
    at.file_uploader[0].set_value([("空.txt", b"", "text/plain"),
                                   ("s.txt", tiny_final_report(unit=SCRIPT_UNIT), "text/plain")])
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["共 2 个文件：成功 0 个，部分解析 1 个，失败 1 个。",  # the totals first
                                           "✗ 空" + plain(".txt") + "：空文件"]
    (partly,) = at.warning  # the tiny report has only some of a 决算's tables: ⚠, never ✓
    assert partly.icon == "⚠" and partly.value.startswith(plain("s.txt：<script>alert(1)</script>测试局，2023年，决算"))
    assert "部分解析" in partly.value and not at.success
    assert not at.html  # nothing rendered as raw HTML
    assert sorted(at.dataframe[0].value["单位（报告所印）"].tolist()) == sorted(["某某市测试局", SCRIPT_UNIT])


@pytest.mark.slow
def test_remove_a_document_from_the_page(loaded):
    at = run_page()
    (doc_id,) = at.dataframe[0].value["文档编号"]
    at.selectbox(key="remove_doc").set_value(doc_id)
    at.checkbox(key="remove_sure").check()
    at.run()
    at.button[-1].click().run()
    assert not at.exception
    assert at.success[0].value.startswith("已删除：某某市测试局 2023年 决算")
    assert "数据库中还没有文档。" in [i.value for i in at.info]
    assert snapshot(loaded)["documents"] == []


@pytest.mark.parametrize("how", ["secrets", "env"])
def test_password_gate_guards_upload_and_removal(loaded, monkeypatch, how):
    secrets = {"admin_password": "s3cret"} if how == "secrets" else {}
    if how == "env":
        monkeypatch.setenv(manage.PASSWORD_ENV, "s3cret")
    at = run_page(**secrets)
    assert not at.exception
    assert not at.file_uploader and not at.checkbox  # reading stays open, writing is hidden
    assert at.dataframe[0].value["单位（报告所印）"].tolist() == ["某某市测试局"]
    at.text_input(key="admin_password").input("wrong")
    at.button(key="unlock").click().run()
    assert [e.value for e in at.error] == ["密码不正确。"] and not at.file_uploader
    at.text_input(key="admin_password").input("s3cret")
    at.button(key="unlock").click().run()
    assert not at.exception and len(at.file_uploader) == 1 and at.checkbox(key="remove_sure")


def test_plain_text_cannot_format_link_or_inject_html():
    assert plain("<b>[x](javascript:1)</b> $x$") == \
        "\\<b\\>\\[x\\]\\(javascript\\:1\\)\\<\\/b\\> \\$x\\$"
    joiner = "\u2060"  # GitHub's address links are found after escapes are undone: an invisible joiner breaks them
    assert plain("http://a.b www.c.d e@f.g\n# h") == \
        f"http\\:{joiner}\\/\\/a\\.b www{joiner}\\.c\\.d e{joiner}\\@f\\.g \\# h"
    assert manage.display_name("C:\\Users\\a\\..\\报告\x00.pdf") == "报告.pdf"


def test_upload_waits_for_a_reader_of_this_process_then_loads(loaded, monkeypatch):
    reader = duckdb.connect(str(loaded), read_only=True)  # another session of the server, mid-query
    threading.Timer(0.5, reader.close).start()
    (res,) = manage.load_uploads([manage.Upload("另一局.txt", tiny_final_report(unit="某某市另一局"))], str(loaded))
    assert res.ok and not res.skipped


def test_upload_next_to_a_reader_that_stays_says_busy_and_writes_nothing(loaded, monkeypatch):
    monkeypatch.setattr(store, "LOCK_WAIT", 0.3)
    before = snapshot(loaded)
    with duckdb.connect(str(loaded), read_only=True):
        (res,) = manage.load_uploads([manage.Upload("另一局.txt", tiny_final_report(unit="某某市另一局"))],
                                     str(loaded))
        assert (res.ok, res.message) == (False, manage.BUSY)
        with pytest.raises(manage.DatabaseBusy):
            manage.remove_document("any", str(loaded))
    assert snapshot(loaded) == before


def test_listing_finds_documents_by_name_and_says_when_it_shows_only_the_first(loaded):
    (res,) = manage.load_uploads([manage.Upload("乙2023.txt", tiny_final_report(unit="某某市乙中心"))], str(loaded))
    assert res.ok
    at = run_page()
    assert "共 2 个文档，2 个单位；部分解析 2 个。" in [m.value for m in at.markdown]
    at.text_input(key="doc_search").input("乙中心").run()
    assert not at.exception
    assert at.dataframe[0].value["单位（报告所印）"].tolist() == ["某某市乙中心"]
    assert at.dataframe[-1].value["名称写法"].tolist() == ["某某市乙中心"]
    at.text_input(key="doc_search").input("丙").run()
    assert "没有单位名称、文件名或文档编号包含“丙”的文档。" in [i.value for i in at.info]
    first = manage.documents(limit=1)
    assert len(first) == 1 and first["matches"].tolist() == [2]


NAMES = ["甲" * 250 + ".txt", "报告\x00.txt", "\x00\x01.txt", " .txt", "\u202etxt.exe.txt", "a/b\\c.TXT",
         "没有后缀", "点.太长的后缀abcdefghijk"]


def test_any_accepted_upload_name_stays_viewable_and_removable(tmp_path, monkeypatch):
    """A NUL, control or format characters, 250 characters, nothing but a suffix: the name is kept
    as text (at most 200 characters, its suffix kept), the page lists it, its kept file keeps the
    suffix (the 来源 view finds it), and it can be removed."""
    from loaders.database.files import source_file

    db = tmp_path / "n.duckdb"
    monkeypatch.setenv("BUDGET_LENS_DB", str(db))
    monkeypatch.setenv("BUDGET_LENS_OPEN_WRITES", "1")
    uploads = [manage.Upload(n, tiny_final_report(unit=f"某某市测试{i}局")) for i, n in enumerate(NAMES)]
    results = manage.load_uploads(uploads, str(db))
    assert all(r.ok for r in results), results
    shown = [r.file_name for r in results]
    assert shown[:6] == ["甲" * 196 + ".txt", "报告.txt", "（无文件名）.txt", "（无文件名）.txt", "txt.exe.txt", "c.TXT"]
    assert shown[6:] == ["没有后缀", "点.太长的后缀abcdefghijk"]
    at = run_page()
    assert not at.exception
    assert sorted(at.dataframe[0].value["文件"]) == sorted(shown)
    with duckdb.connect(str(db), read_only=True) as con:
        kept = con.execute("SELECT doc_id, sha256, file_name FROM documents").fetchall()
    for doc_id, sha, name in kept:
        assert source_file(str(db), sha).suffix == ".txt", name  # the upload's suffix, or what it was read as
        assert manage.remove_document(doc_id, str(db))
    assert not list((tmp_path / "files").glob("[0-9a-f]*.*"))  # kept files are named by their hash


def test_an_upload_batch_is_one_load_sharing_its_processes(tmp_path, monkeypatch):
    """Three uploads are read and parsed as the CLI loads three files: by the two processes of one
    worker, not a process forked for each file, one after another."""
    from loaders.run import child

    forks = []
    real_start = child._FORK.Process.start
    monkeypatch.setattr(child._FORK.Process, "start", lambda self: (forks.append(1), real_start(self)))
    uploads = [manage.Upload(f"局{i}.txt", tiny_final_report(unit=f"某某市测试{i}局")) for i in range(3)]
    results = manage.load_uploads(uploads, str(tmp_path / "u.duckdb"))
    assert [r.ok for r in results] == [True] * 3 and len(forks) == 2


def test_a_load_stopped_midway_names_each_upload_it_did_not_settle():
    """What _unsettled gives a load the database was taken from midway: every upload without a
    result, in order; a .zip is settled by the results of its files, a repeated name once per result."""
    settled = [ingest_result(n) for n in ("a.txt", "b.zip/x.txt", "b.zip/y.txt")]
    assert manage._unsettled(["a.txt", "b.zip", "a.txt", "c.zip", "d.txt"], settled) == ["a.txt", "c.zip", "d.txt"]


def ingest_result(name: str):
    from loaders.api import FileResult

    return FileResult(name, True, "")

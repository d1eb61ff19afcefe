"""Reading has limits: the bombs of issue 16, built here, are refused naming the limit, within it,
while the other files load and the process that asked (CLI or dashboard server) stays small."""
from __future__ import annotations

import dataclasses
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from dashboard import manage
from loaders.run.cli import main
from loaders.run.ingest import ingest
from loaders.run.limits import LimitExceeded, Limits, SettingError, check_pdf
from scripts.bench_limits import flate_bomb, one_line_text, pdf_with_content, rectangles_pdf, zip_bomb

from .reports import tiny_final_report

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture()
def files(tmp_path):
    def write(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return path
    return write


@pytest.mark.slow
def test_bombs_are_refused_by_the_cheap_caps_and_the_good_file_loads(files, tmp_path):
    paths = [files("rects.pdf", rectangles_pdf()), files("bomb.pdf", flate_bomb(320)),
             files("line.txt", one_line_text()), files("bomb.xlsx", zip_bomb(320)),
             files("good.txt", tiny_final_report())]
    before, start = peak_mb(), time.monotonic()
    results = ingest(paths, str(tmp_path / "t.duckdb"))
    assert time.monotonic() - start < 30
    assert [r.ok for r in results] == [False, False, False, False, True]
    assert "第 1 页有 600,000 个绘图指令，超过每页上限 50,000 个（BUDGET_LENS_MAX_PAGE_OPS）" == results[0].message
    assert "解压后的内容超过上限 256 MB（BUDGET_LENS_MAX_INFLATE_MB）" in results[1].message
    assert "超过每行上限 100,000 个字符（BUDGET_LENS_MAX_LINE_CHARS）" in results[2].message
    assert "解压后的内容有 320 MB，超过上限 256 MB（BUDGET_LENS_MAX_INFLATE_MB）" in results[3].message
    assert peak_mb() - before < 150  # the reading happened in children
    with duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True) as con:
        assert con.execute("SELECT file_name FROM documents").fetchall() == [("good.txt",)]


@pytest.mark.parametrize("content, compressed, ops", [
    (b" ".join([b"h"] * 10), True, None), (b" ".join([b"h"] * 11), True, 11),  # the tersest: 2n - 1 bytes
    (b" ".join([b"n"] * 11), False, 11), (b"0 0 1 1 re f\n" * 5, True, None),
    (b"0 0 1 1 re f\n" * 5 + b"n", True, 11), (b"0 0 1 1 re f\n" * 2_000, True, 4_000)])
def test_a_page_one_operator_past_the_limit_is_refused_with_its_count(content, compressed, ops):
    """Pages too short to hold more operators than the limit are not counted (limits._PageOps): the
    limit still holds to the operator, however tersely a page is written, and a page past it is
    refused naming its count."""
    limits = dataclasses.replace(Limits.from_env(), page_ops=10)
    pdf = pdf_with_content(content, compressed)
    if ops is None:
        check_pdf(pdf, limits)
    else:
        with pytest.raises(LimitExceeded, match=f"第 1 页有 {ops:,} 个绘图指令，超过每页上限 10 个"):
            check_pdf(pdf, limits)


@pytest.mark.slow
def test_a_file_past_the_time_limit_is_stopped(files, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_MAX_PAGE_OPS", str(10**9))  # let the reader try the 300,000 rectangles
    monkeypatch.setenv("BUDGET_LENS_READ_SECONDS", "2")
    start = time.monotonic()
    (res,) = ingest([files("rects.pdf", rectangles_pdf())], str(tmp_path / "t.duckdb"))
    assert time.monotonic() - start < 6
    assert not res.ok and res.message == "读取超过时间上限 2 秒（BUDGET_LENS_READ_SECONDS），已停止读取此文件"


def test_a_file_past_the_memory_limit_is_stopped(files, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_MAX_LINE_CHARS", str(10**9))  # let the reader try the 55 MB line
    monkeypatch.setenv("BUDGET_LENS_READ_MEMORY_MB", "100")
    before = peak_mb()
    (res,) = ingest([files("line.txt", one_line_text())], str(tmp_path / "t.duckdb"))
    assert not res.ok and "内存超过上限 100 MB（BUDGET_LENS_READ_MEMORY_MB）" in res.message
    assert peak_mb() - before < 150


def test_workers_keep_the_order_and_the_limits(files, tmp_path, capsys):
    paths = [files("a.txt", tiny_final_report()), files("line.txt", one_line_text(2)),
             files("b.txt", tiny_final_report(unit="某某市另一局"))]
    assert main(["ingest", "--db", str(tmp_path / "t.duckdb"), "--workers", "2"] + [str(p) for p in paths]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("：")[0][2:] for line in lines[:3]] == ["a.txt", "line.txt", "b.txt"]
    assert "BUDGET_LENS_MAX_LINE_CHARS" in lines[1] and "部分解析 2 个，失败 1 个" in lines[3]  # both others stored


@pytest.mark.slow
def test_the_dashboard_upload_reads_in_a_child_one_upload_at_a_time(tmp_path, monkeypatch):
    db = str(tmp_path / "m.duckdb")
    before = peak_mb()
    results = manage.load_uploads([manage.Upload("bomb.pdf", flate_bomb(320)),
                                   manage.Upload("good.txt", tiny_final_report())], db)
    assert [r.ok for r in results] == [False, True] and "BUDGET_LENS_MAX_INFLATE_MB" in results[0].message
    assert peak_mb() - before < 150
    # while one upload reads, a second one (another visitor) is turned away, not queued into memory
    monkeypatch.setenv("BUDGET_LENS_READ_SECONDS", "30")
    monkeypatch.setenv("BUDGET_LENS_MAX_PAGE_OPS", str(10**9))
    slow = threading.Thread(target=manage.load_uploads, args=([manage.Upload("rects.pdf", rectangles_pdf())], db))
    slow.start()
    time.sleep(1)
    try:
        (res,) = manage.load_uploads([manage.Upload("other.txt", tiny_final_report(unit="某某市另一局"))], db)
        assert not res.ok and res.message == manage.UPLOAD_BUSY
    finally:
        slow.join()


@pytest.mark.parametrize("var, value", [("BUDGET_LENS_READ_SECONDS", "abc"), ("BUDGET_LENS_READ_MEMORY_MB", "1.5"),
                                        ("BUDGET_LENS_MAX_PAGE_OPS", "0"), ("BUDGET_LENS_MAX_INFLATE_MB", "-1"),
                                        ("BUDGET_LENS_MAX_LINE_CHARS", "nan"), ("BUDGET_LENS_MAX_LINES", "1e3")])
def test_an_invalid_limit_is_refused_naming_the_variable_before_the_database_is_touched(tmp_path, monkeypatch,
                                                                                      var, value):
    monkeypatch.setenv(var, value)
    db = tmp_path / "t.duckdb"
    with pytest.raises(SettingError, match=f"环境变量 {var} 的值“{re.escape(value)}”无效"):
        ingest([tmp_path / "a.txt"], str(db))
    assert not db.exists()


@pytest.mark.parametrize("var", ["BUDGET_LENS_MAX_MB", "BUDGET_LENS_READ_SECONDS"])
def test_the_command_line_says_which_setting_is_invalid_without_a_traceback(tmp_path, var):
    """BUDGET_LENS_MAX_MB is read when the loader is imported, the read limits when a load starts."""
    report = tmp_path / "a.txt"
    report.write_bytes(tiny_final_report())
    run = subprocess.run([sys.executable, "-m", "loaders", "ingest", "--db", str(tmp_path / "t.duckdb"), str(report)],
                         cwd=ROOT, env={**os.environ, var: "十"}, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert f"错误：环境变量 {var} 的值“十”无效" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "t.duckdb").exists()


# each starts the command line (a second or two): the quick loop tries the first, the full run all three
@pytest.mark.parametrize("value", ["FILE", pytest.param("FILE/sub", marks=pytest.mark.slow),
                                   pytest.param("/proc/kept", marks=pytest.mark.slow)])
def test_a_files_folder_that_cannot_hold_files_is_said_before_loading(tmp_path, value):
    """BUDGET_LENS_FILES naming a file, a folder below a file, a place nobody can write: the command
    line and an upload name the variable; nothing is loaded."""
    from dashboard import manage

    report = tmp_path / "a.txt"
    report.write_bytes(tiny_final_report())
    value = value.replace("FILE", str(report))
    run = subprocess.run([sys.executable, "-m", "loaders", "ingest", "--db", str(tmp_path / "t.duckdb"), str(report)],
                         cwd=ROOT, env={**os.environ, "BUDGET_LENS_FILES": value}, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"错误：环境变量 BUDGET_LENS_FILES 的值“{value}”无效：不是可以写入的文件夹" in run.stderr
    assert not (tmp_path / "t.duckdb").exists()
    os.environ["BUDGET_LENS_FILES"] = value
    try:
        (res,) = manage.load_uploads([manage.Upload("a.txt", tiny_final_report())], str(tmp_path / "u.duckdb"))
    finally:
        del os.environ["BUDGET_LENS_FILES"]
    assert not res.ok and "BUDGET_LENS_FILES" in res.message and not (tmp_path / "u.duckdb").exists()


@pytest.mark.slow
@pytest.mark.parametrize("module,var", [("loaders.database.store", "BUDGET_LENS_LOCK_WAIT"),
                                        ("dashboard.manage", "BUDGET_LENS_MAX_UPLOAD_MB")])
def test_an_invalid_wait_or_upload_cap_is_said_naming_its_variable(module, var):
    import subprocess
    import sys
    env = {**__import__("os").environ, var: "many"}
    run = subprocess.run([sys.executable, "-c", f"import {module}"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0 and f"环境变量 {var} 的值“many”无效" in run.stderr

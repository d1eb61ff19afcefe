"""Writes are closed by default: without an admin password (or BUDGET_LENS_OPEN_WRITES=1) the 数据管理
page offers no upload or removal and says how to turn them on; wrong passwords are logged and slowed
per client address and for the whole server, so a fresh session gains nothing; upload folders never
outlive their server. (The real server under attack: test_guard.py.)"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import attempts, manage, uploads

from .reports import tiny_final_report

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "manage.py")


@pytest.fixture()
def loaded(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    monkeypatch.setenv("BUDGET_LENS_DB", str(path))
    monkeypatch.delenv(manage.PASSWORD_ENV, raising=False)
    monkeypatch.delenv("BUDGET_LENS_OPEN_WRITES", raising=False)
    (res,) = manage.load_uploads([manage.Upload("r.txt", tiny_final_report())], str(path))
    assert res.ok
    return path


def test_without_a_password_writes_are_closed_and_the_page_says_how_to_open_them(loaded):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert not at.file_uploader and not at.checkbox
    assert [t.key for t in at.text_input] == ["doc_search"]  # no password box either
    (info,) = [i.value for i in at.info if "已关闭" in i.value]
    assert "BUDGET_LENS_ADMIN_PASSWORD" in info and "BUDGET_LENS_OPEN_WRITES=1" in info
    assert at.dataframe[0].value["单位（报告所印）"].tolist() == ["某某市测试局"]  # reading stays open


def test_open_writes_for_a_single_user_machine(loaded, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_OPEN_WRITES", "1")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception and len(at.file_uploader) == 1 and at.checkbox(key="remove_sure")


def test_a_password_wins_over_open_writes(monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_OPEN_WRITES", "1")
    monkeypatch.setenv(manage.PASSWORD_ENV, "s3cret")
    assert manage.writes() == "password"
    monkeypatch.delenv(manage.PASSWORD_ENV)
    assert manage.writes() == "open"
    monkeypatch.delenv("BUDGET_LENS_OPEN_WRITES")
    assert manage.writes() == "closed"


@pytest.fixture()
def fresh_attempts(monkeypatch):
    """The server's count, new, on a clock that stands still (a slow run does not serve the wait)."""
    monkeypatch.setattr(attempts, "ATTEMPTS", attempts.Attempts(clock=lambda: 1000.0))
    return attempts.ATTEMPTS


def _guess(at: AppTest, password: str) -> list[str]:
    at.text_input(key="admin_password").input(password)
    at.button(key="unlock").click().run()
    return [e.value for e in at.error]


def test_wrong_passwords_are_logged_and_a_fresh_session_still_waits(loaded, monkeypatch, caplog, fresh_attempts):
    """A client that opens a new session after each guess (a new tab, a script) waits as long as one
    that stays: the count is per client address, not per session."""
    monkeypatch.setenv(manage.PASSWORD_ENV, "s3cret")
    with caplog.at_level(logging.WARNING, logger="budget_lens.admin"):
        assert _guess(AppTest.from_file(PAGE, default_timeout=60).run(), "wrong") == ["密码不正确。"]
        assert _guess(AppTest.from_file(PAGE, default_timeout=60).run(), "wrong") == ["密码不正确。请 1 秒后再试。"]
    assert [r.getMessage() for r in caplog.records if r.name == "budget_lens.admin"][-1] == "管理员密码错误：客户端 本机 第 2 次"
    fresh = AppTest.from_file(PAGE, default_timeout=60).run()  # the right one, from a new session, too soon
    assert _guess(fresh, "s3cret") == ["密码错误次数过多，请 1 秒后再试。"] and not fresh.file_uploader


def test_the_right_password_unlocks_and_forgives(loaded, monkeypatch, fresh_attempts):
    monkeypatch.setenv(manage.PASSWORD_ENV, "s3cret")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert _guess(at, "wrong") == ["密码不正确。"]
    assert _guess(at, "s3cret") == [] and len(at.file_uploader) == 1
    assert fresh_attempts.clients == {}


def test_each_client_waits_twice_as_long_after_each_wrong_password():
    now = [0.0]
    tries = attempts.Attempts(per_minute=1000, clock=lambda: now[0])
    assert [tries.failed("10.0.0.1") for _ in range(5)] == [0, 1, 2, 4, 8]
    assert tries.wait("10.0.0.1") == (8.0, False) and tries.wait("10.0.0.2") == (0.0, False)
    now[0] = 8.0
    assert tries.wait("10.0.0.1") == (0.0, False)
    assert attempts.delay(40) == attempts.MAX_DELAY
    now[0] = 8.0 + attempts.FORGET
    tries.wait("10.0.0.1")
    assert tries.clients == {}  # forgotten an hour after the last wrong password


def test_many_addresses_guessing_at_once_make_everyone_wait():
    now = [0.0]
    tries = attempts.Attempts(per_minute=10, clock=lambda: now[0])
    for n in range(10):  # ten addresses, one guess each: none of them waits for itself
        tries.failed(f"10.0.0.{n}")
        now[0] += 1
    assert tries.wait("10.0.0.99") == (50.0, True)  # the first of the ten is 50 s from leaving the minute
    now[0] = 60.0
    assert tries.wait("10.0.0.99") == (0.0, False)


def test_the_client_is_the_connection_unless_proxies_are_trusted():
    forwarded = ["1.2.3.4, 10.0.0.7", "192.168.1.5"]  # the client claims 1.2.3.4; two proxies appended
    assert attempts.client_of("127.0.0.2", forwarded, 0) == "127.0.0.2"  # X-Forwarded-For ignored
    assert attempts.client_of(None, forwarded, 0) == "本机"
    assert attempts.client_of("127.0.0.2", forwarded, 1) == "192.168.1.5"
    assert attempts.client_of("127.0.0.2", forwarded, 2) == "10.0.0.7"
    assert attempts.client_of("127.0.0.2", [], 1) == "127.0.0.2"


def test_a_batch_over_the_total_cap_is_refused_whole(loaded, monkeypatch):
    monkeypatch.setattr(manage, "MAX_UPLOAD_MB", 1)
    half = b"x" * (600 * 1024)
    results = manage.load_uploads([manage.Upload("a.txt", half), manage.Upload("b.txt", half)], str(loaded))
    assert [r.ok for r in results] == [False, False]
    assert "超过一次上传的上限 1 MB（BUDGET_LENS_MAX_UPLOAD_MB）" in results[0].message


def test_upload_folders_of_a_killed_server_are_removed_at_start(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{uploads.PREFIX}{dead.stdout.strip()}-abc"
    live = tmp_path / f"{uploads.PREFIX}{os.getppid()}-def"  # a server still running
    for folder in (stale, live):
        folder.mkdir()
        (folder / "x.pdf").write_bytes(b"%PDF-")
    assert uploads.sweep(str(tmp_path)) == [stale]
    assert not stale.exists() and live.exists()


def test_a_server_removes_its_upload_folders_on_exit(tmp_path):
    code = ("import tempfile; tempfile.tempdir = {tmp!r}; from dashboard import uploads; "
            "ctx = uploads.folder(); path = ctx.__enter__(); (path / 'a.pdf').write_bytes(b'x'); print(path)")
    out = subprocess.run([sys.executable, "-c", code.format(tmp=str(tmp_path))], capture_output=True, text=True,
                         cwd=Path(PAGE).parents[1], check=True).stdout.strip()
    assert out.startswith(str(tmp_path)) and not Path(out).exists()
    assert list(tmp_path.glob(uploads.PREFIX + "*")) == []

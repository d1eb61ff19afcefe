"""Reader processes (loaders/run/child.py): one serves file after file, and a file that passes a limit
or a reader grown too large costs only that reader, never the next file's reading."""
from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from loaders.run import child
from loaders.run.ingest import ingest
from loaders.run.limits import Limits

from .reports import tiny_final_report

LIMITS = replace(Limits.from_env(), seconds=5, memory_mb=256)


# What a reader runs answers (result, None), as the loader's _read_file and _parse_file do.

def pid() -> tuple[int, None]:
    return os.getpid(), None


def sleep(seconds: float) -> tuple[int, None]:
    time.sleep(seconds)
    return pid()


def grow(mb: int) -> tuple[int, None]:
    kept.append(bytearray(mb * 1024 * 1024))  # held by the reader: its address space has grown
    return pid()


kept: list = []


def test_one_reader_serves_several_calls_in_one_process():
    with child.Reader(LIMITS) as reader:
        first, _ = reader.run(pid, ())
        assert [reader.run(pid, ())[0] for _ in range(3)] == [first] * 3
    assert first != os.getpid()


def test_after_a_call_past_the_time_limit_the_next_gets_a_fresh_reader():
    with child.Reader(replace(LIMITS, seconds=1)) as reader:
        before, _ = reader.run(pid, ())
        result, reason = reader.run(sleep, (3,))
        assert result is None and "读取超过时间上限 1 秒" in reason
        after, reason = reader.run(sleep, (0,))
        assert reason is None and after not in (before, None)


def test_a_reader_grown_by_half_its_memory_limit_hands_over_to_a_fresh_one():
    with child.Reader(LIMITS) as reader:
        small, _ = reader.run(grow, (10,))
        assert reader.run(pid, ())[0] == small
        big, _ = reader.run(grow, (LIMITS.memory_mb // 2 + 10,))
        assert big == small  # that call still answered; the reader then retired
        assert reader.run(pid, ())[0] not in (small, None)


def _write_ends(pid: int) -> set[int]:
    """The pipes a process holds the write end of (their inodes)."""
    out = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            flags = int(Path(f"/proc/{pid}/fdinfo/{fd}").read_text().split("flags:")[1].split()[0], 8)
        except (OSError, IndexError):
            continue
        if target.startswith("pipe:[") and flags & os.O_WRONLY:
            out.add(int(target[6:-1]))
    return out


@pytest.mark.skipif(not Path("/proc/self/fdinfo").exists(), reason="reads /proc")
def test_readers_started_together_keep_no_end_of_each_others_sentinel():
    """Readers started by several threads at once (a load's workers, a server's uploads and page
    drawings): none may hold the write end of another's sentinel pipe, or closing that other waits
    for it (the parent's join timed out after 5 s at the end of two-worker loads)."""
    from concurrent.futures import ThreadPoolExecutor

    for _ in range(5):
        readers = [child.Reader(LIMITS) for _ in range(4)]
        try:
            with ThreadPoolExecutor(len(readers)) as pool:
                list(pool.map(lambda r: r.run(pid, ()), readers))
            sentinels = {os.fstat(r.process.sentinel).st_ino: r.process.pid for r in readers}
            for r in readers:
                held = {sentinels[i] for i in _write_ends(r.process.pid) if i in sentinels} - {r.process.pid}
                assert not held, f"reader {r.process.pid} keeps the sentinels of {held} open"
        finally:
            for r in readers:
                r.close()


def test_reading_and_parsing_import_nothing_the_loader_has_not(tmp_path):
    """A child forked while another thread of the loader is importing a module gets that module's
    import lock copied held: if the child imports it too, it waits until its time limit (a parser
    once did, in the first place-name match, while the loader stored a report and made its own).
    So a reader and a parser, reading and parsing a PDF and a text report in a fresh loader process,
    import nothing that importing the loader did not."""
    code = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
from pathlib import Path
from factory.pdf import render_pdf
from factory.vary import varied
from tests.reports import tiny_final_report
folder = Path(sys.argv[1])
(folder / "a.pdf").write_bytes(render_pdf(next(iter(varied(1, 1)))))
(folder / "a.txt").write_bytes(tiny_final_report(unit="某某市测试局"))
from loaders.run import ingest
before = set(sys.modules)
for name in ("a.pdf", "a.txt"):
    doc, error = ingest._read_file(str(folder / name))
    assert doc, error
    ex, error = ingest._parse_file(doc)
    assert ex, error
print(sorted(set(sys.modules) - before))
"""
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_a_load_forks_its_children_before_its_threads_and_keeps_them(tmp_path):
    """In a fresh loader process (nothing initialised by other tests), a load of four files with one
    worker forks its two processes, both from the thread that called ingest: none is forked by a
    worker thread, and neither is replaced after a file (a parser's first place name once reserved
    1 GiB of address space, which counted as growth and retired it)."""
    code = f"""
import sys, threading
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
from pathlib import Path
from loaders.run import child
from loaders.run.ingest import ingest
from tests.reports import tiny_final_report
forks = []
real_start = child._FORK.Process.start
def start(self):
    forks.append(threading.current_thread() is threading.main_thread())
    real_start(self)
child._FORK.Process.start = start
folder = Path(sys.argv[1])
paths = []
for i in range(4):
    paths.append(folder / f"r{{i}}.txt")
    paths[-1].write_bytes(tiny_final_report(unit=f"某某市测试{{i}}局"))
assert all(r.ok for r in ingest(paths, str(folder / "r.duckdb"), workers=1))
print(forks)
"""
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[True, True]", out.stdout


def test_a_file_loaded_alone_is_read_and_parsed_by_one_process(tmp_path, monkeypatch):
    """Nothing is read while a lone file is parsed: no second process is forked for it."""
    steps = _logged_load(tmp_path, monkeypatch, 1)
    assert steps["read", "r0.txt"][0] == steps["parse", "r0.txt"][0] != os.getpid()


def test_a_load_leaves_no_reader_running(tmp_path):
    before = set(multiprocessing.active_children())  # another test's (the charts' engine) may be running
    results = ingest(_reports(tmp_path, 3), str(tmp_path / "r.duckdb"), workers=2)
    assert all(r.ok for r in results)
    assert set(multiprocessing.active_children()) <= before


def _logged(step: str, name: str, work):
    """work()'s result, its step, file, process and times written to the file $STEP_LOG names; the
    step of the file $SLOW_STEP names ('read r0.txt') takes 1.5 s longer."""
    start = time.monotonic()
    if os.environ.get("SLOW_STEP") == f"{step} {name}":
        time.sleep(1.5)
    result = work()
    with open(os.environ["STEP_LOG"], "a") as f:
        f.write(f"{step} {name} {os.getpid()} {start} {time.monotonic()}\n")
    return result


real: dict = {}  # the loader's own steps, set before the readers are forked


def logged_read(path, name=None, workers=1):
    return _logged("read", Path(path).name, lambda: real["read"](path, name, workers))


def logged_parse(doc):
    return _logged("parse", doc.file_name, lambda: real["parse"](doc))


def _reports(folder: Path, n: int) -> list[Path]:
    """n small reports of distinct units, r0.txt … in folder."""
    paths = [folder / f"r{i}.txt" for i in range(n)]
    for i, path in enumerate(paths):
        path.write_bytes(tiny_final_report(unit=f"某某市测试{i}局"))
    return paths


def _log_steps(tmp_path, monkeypatch, slow: str = "") -> None:
    """The loader's reading and parsing logged (_logged), the step `slow` ('parse r0.txt') 1.5 s longer."""
    from loaders.run import ingest as loading

    monkeypatch.setenv("STEP_LOG", str(tmp_path / "log"))
    monkeypatch.setenv("SLOW_STEP", slow)
    monkeypatch.setitem(real, "read", loading._read_file)
    monkeypatch.setitem(real, "parse", loading._parse_file)
    monkeypatch.setattr(loading, "_read_file", logged_read)
    monkeypatch.setattr(loading, "_parse_file", logged_parse)


def _logged_load(tmp_path, monkeypatch, files: int, slow: str = "") -> dict:
    """(step, file name) → (process, start, end) of each step of a load of `files` small reports
    with one worker; the step `slow` ('parse r0.txt') takes 1.5 s longer."""
    _log_steps(tmp_path, monkeypatch, slow)
    assert all(r.ok for r in ingest(_reports(tmp_path, files), str(tmp_path / "r.duckdb")))
    return {(step, name): (int(pid), float(start), float(end)) for step, name, pid, start, end
            in (line.split() for line in (tmp_path / "log").read_text().splitlines())}


def test_a_file_is_parsed_while_the_next_is_read(tmp_path, monkeypatch):
    """One worker is two processes: the second file is read while the first is parsed (slowed by
    1.5 s), each file read before it is parsed, all in children."""
    steps = _logged_load(tmp_path, monkeypatch, 2, slow="parse r0.txt")
    assert len(steps) == 4 and len({pid for pid, _, _ in steps.values()}) == 2
    assert os.getpid() not in {pid for pid, _, _ in steps.values()}
    assert steps["read", "r0.txt"][2] < steps["parse", "r0.txt"][1]
    assert steps["read", "r1.txt"][2] < steps["parse", "r0.txt"][2]  # read while r0 was parsed


def test_a_slow_reading_holds_no_other_file_back(tmp_path, monkeypatch):
    """Neither process is kept for one step: while the first file's reading takes 1.5 s longer,
    the other process reads and parses the next two (a reader and a parser of their own would
    leave the second file unread until the first was)."""
    steps = _logged_load(tmp_path, monkeypatch, 3, slow="read r0.txt")
    assert steps["parse", "r2.txt"][2] < steps["read", "r0.txt"][2]
    assert steps["read", "r0.txt"][2] < steps["parse", "r0.txt"][1]


def test_a_parsing_past_the_time_limit_is_named_so_and_the_other_files_load(tmp_path, monkeypatch):
    """Either process may parse: a file whose parsing passes the limit is refused saying 解析, not
    读取; the files read and parsed beside it are stored."""
    monkeypatch.setenv("BUDGET_LENS_READ_SECONDS", "1")
    _log_steps(tmp_path, monkeypatch, slow="parse r1.txt")
    results = ingest(_reports(tmp_path, 3), str(tmp_path / "r.duckdb"))
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].message == "解析超过时间上限 1 秒（BUDGET_LENS_READ_SECONDS），已停止解析此文件"


def read_as_if_scanned(path, name=None, workers=1):
    """The loader's reading, telling of two OCR pages first as a scanned file's reading does."""
    from loaders.run import progress

    progress.ocr_started(2)
    progress.ocr_page_done(1, 2)
    progress.ocr_page_done(2, 2)
    return real["read"](path, name, workers)


def test_scanned_pages_are_told_in_the_thread_that_called_ingest(tmp_path, monkeypatch):
    """on_page draws a progress bar, which Streamlit allows only from the page's own thread: with
    several files, whose reading the load's threads wait for, each page is still told in the
    caller's thread, and every page of every file is told."""
    import threading

    from loaders.run import ingest as loading

    monkeypatch.setitem(real, "read", loading._read_file)
    monkeypatch.setattr(loading, "_read_file", read_as_if_scanned)
    told = []
    results = ingest(_reports(tmp_path, 3), str(tmp_path / "r.duckdb"),
                     on_page=lambda name, done, total: told.append((name, done, total, threading.current_thread())))
    assert all(r.ok for r in results)
    assert sorted(t[:3] for t in told) == sorted((f"r{i}.txt", d, 2) for i in range(3) for d in range(3))
    assert {t[3] for t in told} == {threading.current_thread()}


# A parent killed with -9 while its reader works: the reader must not outlive it, keep its port or
# ignore SIGTERM (a forked Streamlit server's asyncio handlers would otherwise swallow it).

PARENT = """
import asyncio, os, signal, socket, sys, time
from dataclasses import replace
from loaders.run import child
from loaders.run.limits import Limits

def spin(pid_file):
    with open(pid_file, "w") as f:
        f.write(str(os.getpid()))
    while True:
        pass

listening = socket.socket()
listening.bind(("127.0.0.1", 0))
listening.listen()
print(listening.getsockname()[1], flush=True)
loop = asyncio.new_event_loop()
loop.add_signal_handler(signal.SIGTERM, lambda: None)  # as a server does: SIGTERM handled by the loop
limits = replace(Limits.from_env(), seconds=float(sys.argv[2]))
child.Reader(limits).run(spin, (sys.argv[1],))
"""


def _start_parent(tmp_path, seconds: float):
    pid_file = tmp_path / "reader.pid"
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(pid_file), str(seconds)], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parents[1])
    port = int(parent.stdout.readline())
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return parent, int(pid_file.read_text()), port


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _alive(pid)


def test_a_reader_dies_with_its_parent_and_frees_the_parents_port(tmp_path):
    parent, reader, port = _start_parent(tmp_path, seconds=600)
    try:
        assert _alive(reader)
        parent.kill()  # kill -9: the parent cannot stop its reader
        parent.wait()
        assert _gone_within(reader, 5), "the reader outlived its parent"
        with socket.socket() as again:  # the server can start again on its port
            again.bind(("127.0.0.1", port))
    finally:
        if _alive(reader):
            os.kill(reader, signal.SIGKILL)


def test_a_reader_ends_on_sigterm(tmp_path):
    parent, reader, _ = _start_parent(tmp_path, seconds=600)
    try:
        os.kill(reader, signal.SIGTERM)
        assert _gone_within(reader, 5)
    finally:
        parent.kill()
        parent.wait()
        if _alive(reader):
            os.kill(reader, signal.SIGKILL)


@pytest.mark.slow  # waits out the time limit and its grace
def test_a_reader_keeps_its_own_time_limit_when_its_parent_stops_watching(tmp_path):
    """The parent is stopped (SIGSTOP), not killed: it cannot end the reader at the time limit, so
    the reader ends itself shortly after."""
    parent, reader, _ = _start_parent(tmp_path, seconds=1)
    try:
        os.kill(parent.pid, signal.SIGSTOP)
        assert _gone_within(reader, 1 + child.GRACE + 5)
    finally:
        parent.kill()
        parent.wait()
        if _alive(reader):
            os.kill(reader, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.slow  # starts the CLI and lets it read for a second before killing it
def test_the_cli_killed_while_a_file_is_read_leaves_no_reader(tmp_path):
    """kill -9 of `python -m loaders ingest` while its reader works on a slow PDF (300,000 rectangles
    let through): the reader follows it within seconds."""
    from scripts.bench_limits import rectangles_pdf

    pdf = tmp_path / "rects.pdf"
    pdf.write_bytes(rectangles_pdf())
    env = {**os.environ, "BUDGET_LENS_MAX_PAGE_OPS": str(10**9), "BUDGET_LENS_READ_SECONDS": "600"}
    cli = subprocess.Popen([sys.executable, "-m", "loaders", "ingest", str(pdf), "--db", str(tmp_path / "t.duckdb")],
                           cwd=Path(__file__).resolve().parents[1], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    readers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not readers and time.monotonic() < deadline:
            time.sleep(0.2)
            readers = _children(cli.pid)
        assert readers, "the CLI started no reader"
        time.sleep(1)  # reading
        cli.kill()
        cli.wait()
        assert all(_gone_within(r, 5) for r in readers)
    finally:
        cli.kill()
        for r in readers:
            if _alive(r):
                os.kill(r, signal.SIGKILL)

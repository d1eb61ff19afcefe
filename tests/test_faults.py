"""Injected faults: a killed loader, two loaders at once, a crashing table parser, fuzzed input."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loaders.locate import registry
from loaders.extract import extract
from loaders.run.ingest import LoadError, extract_bytes
from loaders.read.text_source import read_text

from .properties import examples
from .reports import tiny_final_report

ROOT = Path(__file__).resolve().parents[1]

# Runs the real CLI, but pauses inside the store transaction after the documents row is written.
PAUSING_LOADER = textwrap.dedent("""
    import sys, time, pathlib
    import loaders.database.store as store
    real_write = store.write
    class PausingConnection:
        # delegates to the real connection; sleeps right after the documents row is written
        def __init__(self, con):
            self.con = con
        def __getattr__(self, name):
            return getattr(self.con, name)
        def execute(self, sql, *a):
            result = self.con.execute(sql, *a)
            if sql.startswith("INSERT INTO documents"):
                pathlib.Path(sys.argv[1]).write_text("inside")
                time.sleep(60)
            return result
    def slow_write(con, ex):
        real_write(PausingConnection(con), ex)
    import loaders.database.record as record
    record.write = slow_write
    from loaders.run.cli import main
    raise SystemExit(main(sys.argv[2:]))
""")


def _start_paused_loader(tmp_path, db, *reports, script=PAUSING_LOADER):
    """A CLI load running `script`, returned once the script says it reached its pause."""
    flag = tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-c", script, str(flag), "ingest", "--db", db, *reports],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not flag.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.time() < deadline, "loader never reached its pause"
        time.sleep(0.05)
    return proc


def _counts(db):
    con = duckdb.connect(db, read_only=True)
    try:
        return (con.execute("SELECT count(*) FROM documents").fetchone()[0],
                con.execute("SELECT count(*) FROM expenditure_function").fetchone()[0])
    finally:
        con.close()


@pytest.mark.slow
def test_kill_9_mid_document_leaves_nothing_half_written(tmp_path):
    db = str(tmp_path / "k.duckdb")
    first = tmp_path / "first.txt"
    first.write_bytes(tiny_final_report())
    subprocess.run([sys.executable, "-m", "loaders", "ingest", "--db", db, str(first)], cwd=ROOT, check=True,
                   capture_output=True)
    before = _counts(db)
    second = tmp_path / "second.txt"
    second.write_bytes(tiny_final_report(unit="某某市另一局"))
    proc = _start_paused_loader(tmp_path, db, str(second))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _counts(db) == before
    con = duckdb.connect(db, read_only=True)
    orphans = con.execute("SELECT count(*) FROM expenditure_function WHERE doc_id NOT IN "
                          "(SELECT doc_id FROM documents)").fetchone()[0]
    con.close()
    assert orphans == 0


@pytest.mark.slow
def test_second_loader_fails_clearly_while_first_writes(tmp_path):
    db = str(tmp_path / "c.duckdb")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(tiny_final_report())
    b.write_bytes(tiny_final_report(unit="某某市另一局"))
    first = _start_paused_loader(tmp_path, db, str(a))
    try:
        second = subprocess.run([sys.executable, "-m", "loaders", "ingest", "--db", db, str(b)], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 1
        assert "正被另一个进程使用" in second.stderr
    finally:
        first.kill()
        first.wait()


def test_a_crashing_table_parser_loses_only_that_table(monkeypatch):
    def broken(*_):
        raise ZeroDivisionError

    monkeypatch.setitem(registry.PARSERS, "final_expense", broken)
    ex = extract(read_text(tiny_final_report(), "r.txt"))
    assert ex.status == "partial"
    assert any("解析出错" in p for p in ex.facts.problems)
    assert ex.info.unit_name == "某某市测试局"


_TOKENS = st.sampled_from(["\t", "\n", "合计", "201", "20103", "2010301", "1,604.99", "-", "0.00", "支出决算表",
                           "单位：元", "部门：某局", "2023年度", "部门决算", "（类）", "年初预算为", "万元", "。", "%",
                           "一般公共预算财政拨款支出决算表", "“三公”经费", "得分", "总分", "项目支出绩效自评表"])


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, max_size=80))
@example(["201", "201", "2010301", "2010301", "2010301"])  # one run of 25 digits: too large to index at a scale
def test_fuzzed_text_exports_never_crash_the_loader(tokens):
    data = "".join(tokens).encode()
    try:
        ex = extract_bytes(data, "fuzz.txt")
    except LoadError as exc:
        assert str(exc)
    else:
        assert ex.status in ("ok", "partial")


# Runs the real CLI, but reads its second file slowly, after telling the test it got there.
SLOW_PARSING_LOADER = textwrap.dedent("""
    import sys, time, pathlib
    import loaders.run.ingest as ingest
    real_read = ingest._read_file
    def slow_read(path, name=None, workers=1):
        if path.endswith("r1.txt"):
            pathlib.Path(sys.argv[1]).write_text("parsing")
            time.sleep(5)
        return real_read(path, name, workers)
    ingest._read_file = slow_read
    from loaders.run.cli import main
    raise SystemExit(main(sys.argv[2:]))
""")


@pytest.mark.slow
def test_dashboard_reads_while_the_cli_loads(tmp_path):
    """The loader holds the file only to store each document: between two, a reader gets in at once."""
    from loaders.database.store import connect

    db = str(tmp_path / "r.duckdb")
    files = []
    for i in range(3):
        path = tmp_path / f"r{i}.txt"
        path.write_bytes(tiny_final_report(unit=f"某某市第{i}局"))
        files.append(str(path))
    loader = _start_paused_loader(tmp_path, db, *files, script=SLOW_PARSING_LOADER)
    deadline = time.time() + 4  # r1 is read for 5 s: meanwhile r0 is parsed and stored (its reading
    stored = []  # began first), and the file is released, since no other result waits to be stored
    while True:
        if os.path.exists(db):  # made by the first store
            con = connect(db, read_only=True, wait=1)
            try:
                stored = con.execute("SELECT unit_name FROM documents").fetchall()
            finally:
                con.close()
        if stored or time.time() > deadline:
            break
        time.sleep(0.1)
    assert stored == [("某某市第0局",)]
    assert loader.wait(timeout=60) == 0, loader.stderr.read().decode()
    assert _counts(db)[0] == 3

"""A database file that cannot be read fails clearly: a Chinese message naming the file and what to
do, in the CLI and on every dashboard page, never a traceback, and nothing written to the file.
Damaged (not a database, cut short, blocks overwritten), another program's DuckDB file, one whose
tables lost a column, and a folder given as the database."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import manage
from loaders.run.cli import main

from . import dashboard_db
from .reports import tiny_final_report

ROOT = Path(__file__).resolve().parents[1]


def garbage(path: Path) -> Path:
    path.write_bytes(b"\x00garbage, not a database\n" * 4000)
    return path


def truncated(path: Path, fraction: float) -> Path:
    dashboard_db.build(str(path))
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def scribbled(path: Path) -> Path:
    """A real database with a stretch of its blocks overwritten: its checksums no longer match."""
    dashboard_db.build(str(path))
    data = bytearray(path.read_bytes())
    data[12288:212288] = b"\xab" * 200000
    path.write_bytes(bytes(data))
    return path


def foreign(path: Path) -> Path:
    """Another program's DuckDB file: a dashboard that only reads must not add its tables to it."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders (id INTEGER, item VARCHAR)")
    con.execute("INSERT INTO orders VALUES (1, 'x')")
    con.close()
    return path


def altered(path: Path) -> Path:
    """This project's database with a column dropped by hand."""
    dashboard_db.build(str(path))
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE documents DROP COLUMN unit_name")
    con.close()
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    (path / "x.txt").write_text("x")
    return path


def damaged_files(tmp_path):
    """Not a database at all; cut short (inside the header, inside the data); blocks overwritten."""
    yield garbage(tmp_path / "garbage.duckdb")
    for fraction in (0.001, 0.05):
        yield truncated(tmp_path / f"cut{fraction:g}.duckdb", fraction)
    yield scribbled(tmp_path / "scribbled.duckdb")


def unusable_files(tmp_path):
    """Damaged files, and the ones that read but are not this project's database as it should be."""
    yield from damaged_files(tmp_path)
    yield foreign(tmp_path / "foreign.duckdb")
    yield altered(tmp_path / "altered.duckdb")
    yield folder(tmp_path / "folder.duckdb")


def contents(path: Path) -> bytes | list:
    return sorted((p.name, p.read_bytes()) for p in path.iterdir()) if path.is_dir() else path.read_bytes()


REASONS = {"foreign.duckdb": "另一个程序的 DuckDB 数据库（有表 orders", "altered.duckdb": "表结构被改动过",
           "folder.duckdb": "这是一个文件夹"}


@pytest.mark.parametrize("command", [["list"], ["units"], ["remove", "0123456789abcdef"], ["ingest", "REPORT"],
                                     ["export", "--format", "csv", "--out", "OUT"]])
def test_cli_names_the_file_and_changes_nothing(tmp_path, capsys, command):
    report = tmp_path / "r.txt"
    report.write_bytes(tiny_final_report())
    for path in unusable_files(tmp_path):
        before = contents(path)
        args = [str(report) if a == "REPORT" else str(tmp_path / "out") if a == "OUT" else a for a in command]
        assert main([args[0], "--db", str(path)] + args[1:]) == 1
        err = capsys.readouterr().err
        assert f"数据库文件 {path} 无法读取" in err and "Traceback" not in err
        assert REASONS.get(path.name, "请从备份恢复") in err
        assert contents(path) == before and not Path(str(path) + ".wal").exists()


PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.slow
def test_dashboard_pages_say_what_to_do_without_a_traceback(tmp_path, monkeypatch):
    for path in unusable_files(tmp_path):
        monkeypatch.setenv("BUDGET_LENS_DB", str(path))
        before = contents(path)
        for page in PAGES:
            at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
            at.query_params["doc"] = "0123456789abcdef"  # 来源 asks for a document
            at.run()
            assert not at.exception, (path.name, page, at.exception)
            (error,) = [e.value for e in at.error]
            assert f"数据库文件 {path.name} 无法读取" in error, (path.name, page, error)
            assert REASONS.get(path.name, "从备份恢复") in error
            assert str(tmp_path) not in error  # no server path shown to visitors
        assert contents(path) == before


def test_upload_into_a_damaged_database_is_refused_and_writes_nothing(tmp_path):
    path = garbage(tmp_path / "garbage.duckdb")
    before = path.read_bytes()
    (res,) = manage.load_uploads([manage.Upload("r.txt", tiny_final_report())], str(path))
    assert not res.ok and "garbage.duckdb 无法读取" in res.message
    assert path.read_bytes() == before

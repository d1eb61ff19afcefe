"""Database access for the dashboard: one read-only connection per page run, results cached.

DuckDB admits one writing process per file and an open reader blocks it, so no connection outlives
a page run (the loader CLI must be able to write while the dashboard runs; it holds the file only
while storing a document, and a page waits a few seconds for that). streamlit_app.py runs every page
inside page_run(): the first query that misses the cache opens the connection, the page's other
queries reuse it, and it is closed when the page has been drawn (or released before a drawing). Results are cached with st.cache_data keyed
by the SQL, its parameters and the file's modification time, so a new load shows at the next rerun.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from loaders import api
from .links import WHERE

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
BUSY = "数据库正被导入程序使用，请稍候几秒再刷新页面。"
RESTORE = "请管理员从备份恢复该文件，或把它移走后重新导入报告（python -m loaders ingest）。"
CHECK_PATH = "请管理员检查 BUDGET_LENS_DB 是否指向本程序的数据库文件。"
WAIT = 3.0  # seconds a page waits for the loader to finish storing a document
_run = threading.local()  # Streamlit runs each session's script in its own thread
_up_to_date: set[str] = set()  # database files whose schema this server has checked


def db_path() -> str:
    """BUDGET_LENS_DB, or data/budget.duckdb of the project."""
    return os.environ.get("BUDGET_LENS_DB", str(ROOT / "data" / "budget.duckdb"))


def parquet_folder() -> str | None:
    """BUDGET_LENS_PARQUET: serve a Parquet folder instead of the DuckDB file."""
    return os.environ.get("BUDGET_LENS_PARQUET") or None


def version(path: str | None = None) -> float:
    """Changes whenever the loader writes: the newest mtime of the file and its write-ahead log
    (of the Parquet folder's files, when serving one)."""
    if parquet_folder():
        files = Path(parquet_folder()).rglob("*.parquet")
    else:
        path = path or db_path()
        files = (Path(p) for p in (path, path + ".wal"))
    return max((p.stat().st_mtime for p in files if p.exists()), default=0.0)


def exists() -> bool:
    return bool(parquet_folder()) or os.path.exists(db_path())


def source() -> str:
    """What the pages read: the Parquet folder when one is set, else the DuckDB file."""
    return parquet_folder() or db_path()


def damaged(exc: api.DatabaseDamaged) -> str:
    """What a visitor reads about a database that cannot be read: its name (not the server's path),
    why, and what the admin can do."""
    advice = RESTORE if exc.reason in (api.DAMAGED, api.ALTERED) else CHECK_PATH
    return f"数据库文件 {Path(exc.path).name} 无法读取：{exc.reason}，页面无法显示数据（文件未作改动）。{advice}"


def _open(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection: to a Parquet folder written by `loaders ingest --format parquet`, or
    to the DuckDB file (waiting briefly while the loader stores a document)."""
    if path == parquet_folder():
        return api.connect_parquet(path)
    con = api.connect(path, read_only=True, wait=WAIT)
    if path not in _up_to_date:  # a file an older version wrote: brought up to date once per server
        _up_to_date.add(path)
        if api.outdated(con):
            con.close()
            api.bring_up_to_date(path)  # left as it is while another process holds it
            con = api.connect(path, read_only=True, wait=WAIT)
    return con


@contextmanager
def page_run():
    """Share one connection among the queries of the page run inside the with-block (opened only
    when a query misses the cache), and close it at the end so the loader can write between runs."""
    _run.connections = {}
    try:
        yield
    finally:
        for con in _run.__dict__.pop("connections", {}).values():
            con.close()


def release() -> None:
    """Close the page run's connection now (a later query opens another): before work of seconds that
    needs no database (drawing a page), so the loader can write meanwhile."""
    shared = getattr(_run, "connections", None) or {}
    for con in shared.values():
        con.close()
    shared.clear()


def _connection(path: str):
    """The page run's connection to path (opened on first use), or, outside a page run, a
    connection of its own closed after the with-block."""
    shared = getattr(_run, "connections", None)
    if shared is None:
        return _open(path)
    if path not in shared:
        shared[path] = _open(path)
    return nullcontext(shared[path])


def query(sql: str, params: list | tuple = ()) -> pd.DataFrame:
    """Run SQL against the current database, cached until the file changes."""
    try:
        return _cached(source(), version(), sql, tuple(params))
    except api.DatabaseBusy:
        st.warning(BUSY)
        st.stop()
    except api.DatabaseDamaged as exc:  # the visitor sees what to do, not a traceback or a server path
        st.error(damaged(exc))
        st.stop()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, mtime: float, sql: str, params: tuple) -> pd.DataFrame:
    """mtime is unused in the body: it is part of the cache key."""
    with _connection(path) as con:
        try:
            return con.execute(sql, list(params)).df()
        except duckdb.Error as exc:
            if api.unreadable(exc):  # the file opened, but its pages are missing or garbled
                raise api.damaged(path) from exc
            raise


@dataclass
class FirstStart:
    """The bundled samples being loaded in the background on a first start: how many are stored."""
    total: int
    done: int = 0
    finished: bool = False
    stored: threading.Event = field(default_factory=threading.Event)  # set once the first file is stored


_first_start: FirstStart | None = None  # one per server: every session sees the same load
_first_start_lock = threading.Lock()
FIRST_WAIT = 30.0  # seconds a first visit waits for the first sample to be stored


def ensure_database() -> FirstStart | None:
    """First start: when the database file does not exist, load the bundled sample reports in the
    background, the text exports first (read in a second, where the PDFs take ten or more), and wait
    only for the first one: its page draws while the rest arrive (streamlit_app.py reruns when all are in). Returns
    the load while it runs, None otherwise. Writes stay as set: the address the server listens on says
    nothing of who reaches it (a server on 127.0.0.1 may sit behind a proxy), so only
    BUDGET_LENS_OPEN_WRITES=1 opens them."""
    global _first_start
    with _first_start_lock:
        if _first_start is None or _first_start.finished:
            if exists():
                return None
            files = sorted(api.expand([str(SAMPLES)]) if SAMPLES.is_dir() else [], key=lambda f: f.suffix != ".txt")
            _first_start = FirstStart(len(files))
            Path(db_path()).parent.mkdir(parents=True, exist_ok=True)
            threading.Thread(target=_load_samples, args=(files, db_path(), _first_start), daemon=True,
                             name="first-start samples").start()
        load = _first_start
    if not load.stored.is_set() and load.total:
        with st.spinner(f"首次启动：正在导入项目自带的 {load.total} 份示例报告…"):
            load.stored.wait(FIRST_WAIT)
    return None if load.finished else load


def _load_samples(files: list[Path], path: str, load: FirstStart) -> None:
    def stored(_) -> None:
        load.done += 1
        load.stored.set()

    try:
        api.ingest(files, path, on_result=stored)
    finally:
        load.finished = True
        load.stored.set()


def source_sql(file: str = "d.file_name", page: str = "page") -> str:
    """SQL for a row's 来源: 'file.pdf 第5页' (text sources have no page: the file name alone)."""
    return f"{file} || coalesce(' 第' || CAST({page} AS VARCHAR) || '页', '')"


def stored(column: str) -> str:
    """The fact tables' column behind one of links.WHERE (a row's page is stored as `page`)."""
    return "page" if column == "source_page" else column


def position_sql(alias: str, side: str | None = None) -> str:
    """SQL for where a fact row was printed (its page, box or text line) and its document: the columns
    widgets turns into the row's 来源 link (and does not show). With a side, they are named for one of
    a row's two figures ('budget_doc_id', 'budget_x0' …; links.side reads them back)."""
    return ", ".join(f"{alias}.{stored(c)} AS {f'{side}_{c}' if side else c}" for c in WHERE)

"""The dashboard against a big database: each page's queries, each page's AppTest run, cold start.

Every page reaches DuckDB through duckdb.connect (dashboard.db), so the bench puts a stopwatch on
that function: each connection and each call on it is timed while AppTest runs the page, which
gives the page's query time and its slowest statements without touching the pages. The Streamlit
cache is cleared before each page so every figure is a first visit."""
from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "pages").glob("*.py"))
COLD_START_TEXT = "花了多少？"  # the first figure of the default page (总览)
CHART_DRAWN = ".vega-embed canvas, .vega-embed svg"
COLD_STARTS = 3  # one launch is at the mercy of the machine's other work: the median of three


class Stopwatch:
    """Seconds spent in DuckDB during a page run, per call."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str]] = []

    def total(self) -> float:
        return sum(t for t, _ in self.calls)

    def slowest(self, n: int = 3) -> list[tuple[float, str]]:
        return sorted(self.calls, reverse=True)[:n]


class _TimedConnection:
    """A DuckDB connection whose every method call (execute, df, fetch, close…) is reported with its time."""

    def __init__(self, con, report) -> None:
        self._con, self._report, self._sql = con, report, ""

    def __getattr__(self, name):
        attr = getattr(self._con, name)
        if not callable(attr):
            return attr

        def timed(*args, **kwargs):
            if name in ("execute", "sql", "query") and args:
                self._sql = f"{_caller()}: {' '.join(str(args[0]).split())}"
            start = time.perf_counter()
            result = attr(*args, **kwargs)
            self._report(time.perf_counter() - start, f"{name} {self._sql[:160]}")
            return self if result is self._con else result
        return timed

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _caller() -> str:
    """The dashboard or page function that sent the statement (the SQL alone often starts alike)."""
    frame = sys._getframe(2)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.parent.name in ("dashboard", "pages") and path.name != "db.py":
            return f"{path.parent.name}/{path.name}:{frame.f_code.co_name}"
        frame = frame.f_back
    return "?"


@contextmanager
def stopwatch(report):
    """Time every duckdb.connect and every call on the connections it returns: report(seconds, what)."""
    real = duckdb.connect

    def connect(*args, **kwargs):
        start = time.perf_counter()
        con = real(*args, **kwargs)
        report(time.perf_counter() - start, "connect")
        return _TimedConnection(con, report)

    duckdb.connect = connect
    try:
        yield
    finally:
        duckdb.connect = real


def run_page(path: Path, timeout: float) -> tuple[float, list[str]]:
    """One first-visit AppTest run of a page in this process, inside app.py's navigation as the
    server runs it (so under app.py's one connection per page run): wall seconds and the errors shown."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if path.name != "app.py":
        at.switch_page(str(path.relative_to(ROOT)))
    start = time.perf_counter()
    try:
        at.run()
    except RuntimeError as exc:  # AppTest's own timeout
        return time.perf_counter() - start, [str(exc)]
    return time.perf_counter() - start, [e.message for e in at.exception]


def child(page: str, timeout: float) -> None:
    """Run one page and print, as JSON lines, each DuckDB call as it ends, then the run itself.

    The dashboard's modules are imported first: a running server has them already, so import time
    belongs to the cold start, not to a page run."""
    for module in sorted((ROOT / "dashboard").glob("*.py")):
        importlib.import_module(f"dashboard.{module.stem}")

    def report(seconds: float, what: str) -> None:
        print(json.dumps({"seconds": seconds, "what": what}, ensure_ascii=False), flush=True)

    with stopwatch(report):
        wall, errors = run_page(ROOT / page, timeout)
    print(json.dumps({"wall": wall, "errors": errors}, ensure_ascii=False), flush=True)
    os._exit(0)  # a page cut by the timeout may still be running in its thread


def measure(page: str, db: str, timeout: float) -> tuple[float, Stopwatch, list[str]]:
    """A page run in a fresh process (killed soon after timeout): wall seconds, its DuckDB time, errors."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--page", page, "--timeout", str(timeout)]
    env = {**os.environ, "BUDGET_LENS_DB": db}
    start = time.perf_counter()
    try:
        out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout + 15).stdout
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
    watch, wall, errors = Stopwatch(), None, []
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        item = json.loads(line)
        if "wall" in item:
            wall, errors = item["wall"], item["errors"]
        else:
            watch.calls.append((item["seconds"], item["what"]))
    if wall is None:
        wall, errors = time.perf_counter() - start, [f"killed after {timeout + 15:.0f} s"]
    return wall, watch, errors


def time_pages(db: str, row, verbose: bool = False, timeout: float = 20) -> None:
    """Every page's queries (≤ 300 ms) and AppTest run (≤ 2 s) on db, then the app's cold start."""
    for path in PAGES:
        name = f"pages/{path.name}"
        wall, watch, errors = measure(name, db, timeout)
        queries = watch.total()
        row(f"{name}: queries together ({len(watch.calls)} calls)", f"{1000 * queries:.0f} ms", "≤ 300 ms",
            queries <= 0.3)
        row(f"{name}: AppTest run", f"{wall:.2f} s", "≤ 2 s", wall <= 2 and not errors)
        for seconds, what in watch.slowest(3 if verbose or queries > 0.3 else 0):
            print(f"    {1000 * seconds:7.0f} ms  {what}")
        for error in errors:
            print(f"    error: {error.strip().splitlines()[-1] if error.strip() else error}")
    visits = first_chart(db, "structure")
    if visits is not None:
        chart = statistics.median(visits)
        row(f"pages/structure.py: first chart (median of {len(visits)})", f"{chart:.2f} s", "≤ 2 s",
            chart <= 2)
        print(f"    first visits: {', '.join(f'{v:.2f}' for v in visits)} s")
    runs = [cold_start(db, timeout=60) for _ in range(COLD_STARTS)]
    how = runs[0][2]
    first = statistics.median(r[0] for r in runs)
    row(f"app cold start ({how}, median of {COLD_STARTS})", f"{first:.2f} s", "≤ 3 s", first <= 3)
    charts = (f"; its first chart drawn at {', '.join(f'{r[1]:.2f}' for r in runs)} s (no target)"
              if how == "browser" else "")
    print(f"    first figure at {', '.join(f'{r[0]:.2f}' for r in runs)} s{charts}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_start(db: str, timeout: float = 60) -> tuple[float, float, str]:
    """Seconds from launching `streamlit run app.py` to the default page showing its first figure,
    and to its first chart drawn.

    With Playwright and a chromium, the browser is started first and the clock runs from the
    server launch until the figure is visible; without them, until the server's first HTTP answer
    plus a first AppTest run of app.py (the same script run, without a browser; no chart time)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright
    except ImportError:
        sync_playwright = None
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    if sync_playwright and chromium:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            start = time.perf_counter()
            proc = _serve(db, port)
            try:
                _wait_http(url, proc, timeout)
                page.goto(url)
                first = chart = None
                try:
                    page.get_by_text(COLD_START_TEXT).first.wait_for(timeout=timeout * 1000)
                    first = time.perf_counter() - start
                    page.locator(CHART_DRAWN).first.wait_for(timeout=timeout * 1000)
                    chart = time.perf_counter() - start
                except PlaywrightTimeout:
                    pass
                waited = time.perf_counter() - start  # what timed out counts as the time waited: a miss
                return first or waited, chart or waited, "browser"
            finally:
                _stop(proc)
                browser.close()
    start = time.perf_counter()
    proc = _serve(db, port)
    try:
        _wait_http(url, proc, timeout)
    finally:
        _stop(proc)
    served = time.perf_counter() - start
    wall, _, _ = measure("app.py", db, timeout)
    return served + wall, float("nan"), "server + AppTest"


def first_chart(db: str, url_path: str, visits: int = 5, timeout: float = 60) -> list[float] | None:
    """Seconds from opening a page of a running server to its first chart drawn, for each of
    `visits` first visits; None without Playwright or chromium. Each visit has a server of its own
    (the page's queries not cached yet) and a fresh browser context (the chart library not loaded
    yet); the server answers the landing page once before, so its start and first imports are
    not counted."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            return [_first_visit(browser, db, url_path, timeout) for _ in range(visits)]
        finally:
            browser.close()


def _first_visit(browser, db: str, url_path: str, timeout: float) -> float:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _serve(db, port)
    try:
        _wait_http(url, proc, timeout)
        warm = browser.new_context()
        warm.new_page().goto(url)
        warm.pages[0].get_by_text(COLD_START_TEXT).first.wait_for(timeout=timeout * 1000)
        warm.close()
        context = browser.new_context()
        try:
            page = context.new_page()
            start = time.perf_counter()
            page.goto(f"{url}/{url_path}")
            try:
                page.locator(CHART_DRAWN).first.wait_for(timeout=timeout * 1000)
            except PlaywrightTimeout:
                pass
            return time.perf_counter() - start
        finally:
            context.close()
    finally:
        _stop(proc)


def _serve(db: str, port: int) -> subprocess.Popen:
    """`streamlit run app.py` on db, quietly, at 127.0.0.1:port (the cold start and the first visits)."""
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
           "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "BUDGET_LENS_DB": db}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _wait_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("streamlit did not answer")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    ap = argparse.ArgumentParser(description="one page's AppTest run with its DuckDB calls, as JSON lines")
    ap.add_argument("--page", required=True)
    ap.add_argument("--timeout", type=float, default=30)
    args = ap.parse_args()
    child(args.page, args.timeout)

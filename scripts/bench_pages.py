"""The dashboard against a database: each page's queries and AppTest run, each menu page's first
chart in a browser, the cold start and a fresh clone's first start.

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
COLD_START_TEXT = "多少？"  # the first figure of the default page (总览: 花了多少？ or 打算花多少？)
CHART_PAGES = ["", "structure", "execution", "sangong", "performance", "checks"]  # url paths of the menu's charts
VISITS = 5  # first visits per page: the median of five
SETTLE = 1.0  # seconds a new browser window is left to settle before a timed visit (_opened)
CHART_DRAWN = ".lens-chart svg"  # widgets.CHART: a chart's picture, drawn as it arrives
WHOLE_CHART_DRAWN = ".lens-chart:not(.lens-chart-head) svg"  # not only its first rows (widgets.CHART_HEAD)
BARE_TITLE = "空白页"  # the bare page's one line (st.title, an h1)
# In the page, from its first script on: the time (ms since the navigation began) of the first frame
# painted with an element matching the selector on screen (a box of some size). It is read from the
# page because Playwright's own waits poll at widening steps (0, 20, 50, 100, 100 ms, then every
# 500 ms): a wait for a chart drawn at 1.6 s returned at 1.8-2.1 s. The time is taken by the first
# task after that frame, a user-blocking one, which runs ahead of the page's own queued work (a
# setTimeout waited behind that work: 0-0.08 s later, read side by side).
STOPWATCH = """(() => {
  const [selector, name] = %s;
  const shown = () => { const box = document.querySelector(selector)?.getBoundingClientRect();
                        return box && box.width > 0 && box.height > 0; };
  const note = () => { window[name] = performance.now(); };
  const frame = () => !shown() ? requestAnimationFrame(frame)
                    : window.scheduler ? scheduler.postTask(note, {priority: "user-blocking"}) : setTimeout(note);
  const watch = new MutationObserver(() => {
    if (document.querySelector(selector)) { watch.disconnect(); requestAnimationFrame(frame); } });
  watch.observe(document, {childList: true, subtree: true});
})();"""
COLD_STARTS = 3  # one launch is at the mercy of the machine's other work: the median of three


def watch_for_drawing(page, selector: str, name: str = "__lensDrawnAt") -> None:
    """STOPWATCH in `page` from its next navigation on, for the first element matching selector,
    noted in window[name]."""
    page.add_init_script(STOPWATCH % json.dumps([selector, name]))


def drawn_at(page, timeout: float, name: str = "__lensDrawnAt") -> float:
    """Seconds from the page's navigation start to the frame STOPWATCH noted in window[name] (waiting
    up to timeout s)."""
    return page.wait_for_function(f"() => window.{name}", timeout=timeout * 1000).json_value() / 1000


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
    """One first-visit AppTest run of a page in this process, inside streamlit_app.py's navigation as
    the server runs it (so under its one connection per page run): wall seconds and the errors shown."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=timeout)
    if path.name != "streamlit_app.py":
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
    """Every page's queries (≤ 300 ms) and AppTest run (≤ 2 s) on db, every menu page's first chart in
    a browser (≤ 2 s), then the app's cold start and a fresh clone's first start."""
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
    first_charts(db, row)
    runs = [cold_start(db, timeout=60) for _ in range(COLD_STARTS)]
    how = runs[0][2]
    first = statistics.median(r[0] for r in runs)
    row(f"app cold start ({how}, median of {COLD_STARTS})", f"{first:.2f} s", "≤ 3 s", first <= 3)
    charts = (f"; its first chart drawn at {', '.join(f'{r[1]:.2f}' for r in runs)} s (no target)"
              if how == "browser" else "")
    print(f"    first figure at {', '.join(f'{r[0]:.2f}' for r in runs)} s{charts}")
    first_start(row)


def first_charts(db: str, row) -> None:
    """Every menu page's first chart in a browser (the median of VISITS first visits, ≤ 2 s), after
    a bare Streamlit page's first paint under the same conditions: the floor no page goes below (on
    a machine others load, read each page against it: each page's line says how far past it is)."""
    floor = bare_page()
    bare = statistics.median(floor) if floor else None  # a page's time past it is steadier on a shared machine
    if bare is not None:
        print(f"{f'a bare Streamlit page, first paint (median of {VISITS})':<48} {f'{bare:.2f} s':>18}"
              f"   no target; visits {', '.join(f'{v:.2f}' for v in floor)} s", flush=True)
    medians = {}
    for url_path in CHART_PAGES:
        timed = first_chart(db, url_path, VISITS)
        if timed is None:
            print("first charts: no Playwright or chromium, skipped")
            return
        visits = [first for first, _ in timed]
        medians[url_path] = chart = statistics.median(visits)
        row(f"/{url_path}: first chart (median of {len(visits)})", f"{chart:.2f} s", "≤ 2 s", chart <= 2)
        past = f"; {chart - bare:+.2f} s past the bare page" if bare else ""
        print(f"    first visits: {', '.join(f'{v:.2f}' for v in visits)} s; load average {os.getloadavg()[0]:.1f}{past}",
              flush=True)
        if any(whole - first >= 0.01 for first, whole in timed):  # its first rows came before the whole chart
            print(f"    drawn whole at {', '.join(f'{whole:.2f}' for _, whole in timed)} s "
                  f"(median {statistics.median(whole for _, whole in timed):.2f} s; no target)", flush=True)
    slowest = max(medians, key=medians.get)
    row(f"every page's first chart (slowest: /{slowest})", f"{medians[slowest]:.2f} s", "≤ 2 s",
        medians[slowest] <= 2)


def first_start(row, runs: int = COLD_STARTS) -> None:
    """A fresh clone's first start: no database, the samples loaded while the first page waits; the
    seconds from `streamlit run app.py` to its first chart (≤ 5 s)."""
    import tempfile

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            times.append(cold_start(str(Path(tmp) / "data" / "budget.duckdb"), timeout=120)[1])
    median = statistics.median(times)
    row(f"first start on the samples, first chart (median of {runs})", f"{median:.2f} s", "≤ 5 s", median <= 5)
    print(f"    first charts at {', '.join(f'{t:.2f}' for t in times)} s", flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _chromium():
    """A headless chromium driven by Playwright, or None without either (the browser figures are skipped)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if not chromium:
        yield None
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def cold_start(db: str, timeout: float = 60) -> tuple[float, float, str]:
    """Seconds from launching `streamlit run app.py` to the default page showing its first figure,
    and to its first chart drawn.

    With Playwright and a chromium, the browser is started first and the clock runs from the
    server launch until the figure is visible (Playwright's wait: up to 0.5 s late) and until the
    chart is drawn (STOPWATCH); without them, until the server's first HTTP answer plus a first
    AppTest run of streamlit_app.py (the same script run, without a browser; no chart time)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with _chromium() as browser:
        if browser is not None:
            from playwright.sync_api import TimeoutError as PlaywrightTimeout

            page = browser.new_page()
            watch_for_drawing(page, CHART_DRAWN)
            start = time.perf_counter()
            proc = _serve(db, port)
            try:
                _wait_http(url, proc, timeout)
                navigated = time.perf_counter() - start
                page.goto(url)
                first = chart = None
                try:
                    page.get_by_text(COLD_START_TEXT).first.wait_for(timeout=timeout * 1000)
                    first = time.perf_counter() - start
                    chart = navigated + drawn_at(page, timeout)
                except PlaywrightTimeout:
                    pass
                waited = time.perf_counter() - start  # what timed out counts as the time waited: a miss
                return first or waited, chart or waited, "browser"
            finally:
                _stop(proc)
    start = time.perf_counter()
    proc = _serve(db, port)
    try:
        _wait_http(url, proc, timeout)
    finally:
        _stop(proc)
    served = time.perf_counter() - start
    wall, _, _ = measure("streamlit_app.py", db, timeout)
    return served + wall, float("nan"), "server + AppTest"


def bare_page(visits: int = VISITS, timeout: float = 60) -> list[float] | None:
    """Seconds to the first paint of a one-line Streamlit page (its title), each on a fresh server
    and browser context as first_chart's visits: what any page costs before its own work."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, _chromium() as browser:
        if browser is None:
            return None
        (Path(tmp) / "bare.py").write_text(f'import streamlit as st\nst.title("{BARE_TITLE}")\n', encoding="utf-8")
        return [_timed_visit(browser, tmp, "bare.py", None, "", "h1", timeout, BARE_TITLE)[0] for _ in range(visits)]


def first_chart(db: str, url_path: str, visits: int = 5, timeout: float = 60) -> list[tuple[float, float]] | None:
    """Seconds from opening a page of a running server to its first chart drawn, and to that chart
    drawn whole (a long chart shows its first rows before: widgets.vega), for each
    of `visits` first visits; None without Playwright or chromium. Each visit has a server of its own
    (the page's queries not cached yet) and a fresh browser context (the chart library not loaded
    yet); the server answers the landing page once before, so its start and first imports are
    not counted."""
    with _chromium() as browser:
        if browser is None:
            return None
        return [_timed_visit(browser, str(ROOT), "app.py", db, url_path, CHART_DRAWN, timeout, whole=WHOLE_CHART_DRAWN)
                for _ in range(visits)]


def _opened(context):
    """A new page of `context`, once the browser has settled: each new window starts a renderer of
    the browser's own (its top-chrome WebUI) that burns 0.6 s of CPU over its first half second.
    A reader's window is open before the address is typed; here, on the server's two cores, that
    burst fell on the first 0.5 s of every visit and held back both the server and the page."""
    page = context.new_page()
    page.wait_for_timeout(SETTLE * 1000)
    return page


def _timed_visit(browser, folder: str, script: str, db: str | None, url_path: str, drawn: str, timeout: float,
                 landing: str = COLD_START_TEXT, whole: str | None = None) -> tuple[float, float]:
    """One first visit to url_path of `script` served from folder (fresh server, its landing page
    answered once before, fresh browser context): seconds from the navigation's start to the first
    frame painted with an element matching `drawn` (STOPWATCH), and with one matching `whole` (the
    same when not given); the time waited when none came."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _serve(db, port, folder, script)
    try:
        _wait_http(url, proc, timeout)
        warm = browser.new_context()
        warm.new_page().goto(url)
        warm.pages[0].get_by_text(landing).first.wait_for(timeout=timeout * 1000)
        warm.close()
        context = browser.new_context()
        try:
            page = _opened(context)
            watch_for_drawing(page, drawn)
            watch_for_drawing(page, whole or drawn, "__lensWholeAt")
            start = time.perf_counter()
            page.goto(f"{url}/{url_path}")
            try:
                return drawn_at(page, timeout), drawn_at(page, timeout, "__lensWholeAt")
            except PlaywrightTimeout:
                waited = time.perf_counter() - start
                return waited, waited
        finally:
            context.close()
    finally:
        _stop(proc)


def _serve(db: str | None, port: int, folder: str = str(ROOT), script: str = "app.py") -> subprocess.Popen:
    """`streamlit run app.py` on db, quietly, at 127.0.0.1:port (the cold start and the first visits)."""
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address",
           "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    env = {**os.environ, **({"BUDGET_LENS_DB": db} if db else {})}
    return subprocess.Popen(cmd, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


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

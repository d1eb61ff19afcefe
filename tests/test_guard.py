"""The real server under attack (`streamlit run app.py`, headless Debian chromium): the upload endpoint
takes bytes only from a browser allowed to upload, within a total for the whole server; admin rights
do not pass to whoever presents the admin's session id; writes stay closed on a first start on
127.0.0.1; a server started without the guard says how to start.

The session id an attacker needs is in every upload URL and in the server's log; here it is read
from the page's own websocket messages.
"""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from . import dashboard_db
from .test_browser import _serve, _wait_until_idle, browser  # noqa: F401  (browser: the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "s3cret-guard"
KB = 1024


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A server with an admin password and a total of 3 MB held for uploads. (A body the guard refuses
    is kept small: it answers before reading one, and a large one would still be sending.)"""
    folder = tmp_path_factory.mktemp("guard")
    db = dashboard_db.build(str(folder / "known.duckdb"))
    with _serve(db, folder, BUDGET_LENS_ADMIN_PASSWORD=PASSWORD, BUDGET_LENS_MAX_UPLOAD_MB="3") as url:
        yield url


def _session_page(context, url: str):
    """A page on 数据管理 and the id of the session it is connected to (from its websocket)."""
    ids: list[str] = []

    def watch(ws):
        def frame(payload):
            if isinstance(payload, (bytes, bytearray)):
                msg = ForwardMsg()
                try:
                    msg.ParseFromString(bytes(payload))
                except Exception:
                    return
                if msg.HasField("new_session") and msg.new_session.initialize.session_id:
                    ids.append(msg.new_session.initialize.session_id)
        ws.on("framereceived", frame)

    page = context.new_page()
    page.on("websocket", watch)
    page.goto(f"{url}/manage")
    page.get_by_text("已导入的文档").first.wait_for(timeout=60_000)
    _wait_until_idle(page)
    assert ids, "no session id seen"
    return page, ids[-1]


def _put(page, url: str, session: str, size: int, file_id: str = "f1") -> int:
    """PUT a file of size bytes to the session's upload endpoint, as the page's browser (its cookies
    and XSRF token) would."""
    xsrf = next((c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf"), "")
    response = page.request.put(f"{url}/_stcore/upload_file/{session}/{file_id}", headers={"X-Xsrftoken": xsrf},
                                multipart={"file": {"name": "a.pdf", "mimeType": "application/pdf",
                                                    "buffer": b"%PDF-" + b"x" * (size - 5)}})
    return response.status


def _unlock(page) -> None:
    page.get_by_label("管理员密码").fill(PASSWORD)
    page.get_by_role("button", name="解锁").click()
    page.get_by_text("上传报告").first.wait_for(timeout=60_000)
    _wait_until_idle(page)


def test_a_visitor_without_the_password_cannot_put_files_on_the_server(guarded, browser):  # noqa: F811
    context = browser.new_context()
    try:
        page, session = _session_page(context, guarded)
        assert page.get_by_label("管理员密码").count() == 1 and page.locator('[data-testid="stFileUploader"]').count() == 0
        assert _put(page, guarded, session, 64 * KB) == 403  # its own session: no file box, no upload
        request = urllib.request.Request(f"{guarded}/_stcore/upload_file/{session}/f2", data=b"x" * 1024, method="PUT",
                                         headers={"Content-Type": "application/octet-stream"})
        with pytest.raises(urllib.error.HTTPError) as refused:  # nor without the browser's cookies
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403
    finally:
        context.close()


def test_an_admin_uploads_within_the_servers_total(guarded, browser):  # noqa: F811
    context = browser.new_context()
    try:
        page, session = _session_page(context, guarded)
        _unlock(page)
        assert _put(page, guarded, session, 2900 * KB, "one") == 204
        assert _put(page, guarded, session, 200 * KB, "two") == 413  # past the 3 MB held at once
        assert page.request.delete(f"{guarded}/_stcore/upload_file/{session}/one", headers={
            "X-Xsrftoken": next(c["value"] for c in context.cookies() if c["name"] == "_streamlit_xsrf")}).status == 204
        assert _put(page, guarded, session, 200 * KB, "two") == 204  # room again
        key = next(c for c in context.cookies() if c["name"] == "budget_lens_key")
        assert key["httpOnly"] and len(key["value"]) >= 40
    finally:
        context.close()


TAKE_OVER = """
(() => {
  const Original = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const asked = Array.from(protocols || []);
    while (asked.length < 2) asked.push("x");
    asked[2] = %r;  // reconnect to the admin's session, as Streamlit's own client does after a drop
    return new Original(url, asked);
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""


def test_an_admin_session_taken_over_by_its_id_has_no_rights(guarded, browser):  # noqa: F811
    admin, intruder = browser.new_context(), browser.new_context()
    try:
        page, session = _session_page(admin, guarded)
        _unlock(page)
        intruder.add_init_script(TAKE_OVER % session)
        stolen, joined = _session_page(intruder, guarded)
        assert joined == session  # the intruder's browser is now connected to the admin's session
        assert stolen.get_by_label("管理员密码").count() == 1  # but the password is asked again
        assert stolen.locator('[data-testid="stFileUploader"]').count() == 0
        assert _put(stolen, guarded, session, 64 * KB) == 403
    finally:
        admin.close()
        intruder.close()


def _manage_shows(browser, url: str, text: str) -> None:  # noqa: F811
    """数据管理 says text, and offers no file box."""
    page = browser.new_page()
    try:
        page.goto(f"{url}/manage")
        page.get_by_text(text).first.wait_for(timeout=120_000)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
    finally:
        page.close()


def test_a_first_start_on_this_machine_keeps_writes_closed(browser, tmp_path):  # noqa: F811
    """The server listens on 127.0.0.1 and loads the samples into a new database: a proxy may stand
    in front of it, so only BUDGET_LENS_OPEN_WRITES=1 would open upload."""
    with _serve(str(tmp_path / "new" / "budget.duckdb"), tmp_path) as url:
        _manage_shows(browser, url, "上传和删除文档已关闭")


def test_a_server_started_without_the_guard_says_how_to_start(browser, tmp_path):  # noqa: F811
    db = dashboard_db.build(str(tmp_path / "known.duckdb"))
    with _serve(db, tmp_path, script="streamlit_app.py", BUDGET_LENS_OPEN_WRITES="1") as url:
        _manage_shows(browser, url, "请用 streamlit run app.py 启动仪表盘")

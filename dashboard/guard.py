"""The server's guard: an ASGI middleware that app.py puts in front of Streamlit's own server.

Streamlit's upload endpoint (PUT /_stcore/upload_file/<session>/<file>) takes a file for any
session, whether or not its page shows a file box, and keeps it in memory until the session ends:
a visitor without the password could fill the server's memory. Here it takes bytes only for a
session that may upload, from the browser holding that session's key (access.py), and only while the
files held for uploads in all sessions, with those arriving, stay within MAX_UPLOAD_MB; anything
else is refused before its body is read. Every browser gets its key here, in an HttpOnly cookie
set on the first response it receives.
"""
from __future__ import annotations

import re
import secrets

from loaders.run.limits import setting

from . import access

MAX_UPLOAD_MB = setting("BUDGET_LENS_MAX_UPLOAD_MB", 200)  # held for uploads at once, all sessions together
UPLOAD = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/[^/]+$")
REFUSED = {403: "上传被拒绝：本会话没有上传权限（请在“数据管理”页输入管理员密码）。",
           411: "上传被拒绝：请求没有说明文件大小（Content-Length）。",
           413: "上传被拒绝：服务器正在保存的上传文件已达总量上限 {mb} MB（BUDGET_LENS_MAX_UPLOAD_MB），请稍后再试。"}
active = False  # set once a server runs behind the guard (streamlit_app.py refuses to run otherwise)


class Guard:
    def __init__(self, app) -> None:
        global active
        self.app = app
        self.arriving = 0  # bytes of uploads being received now
        active = True

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":  # the websocket and the server's lifespan pass untouched
            await self.app(scope, receive, send)
            return
        key = _cookies(scope).get(access.KEY)
        if not key:
            send = _setting_key(send, secrets.token_urlsafe(32))
        upload = UPLOAD.search(scope["path"])
        if upload is None or scope["method"] not in ("PUT", "DELETE"):
            await self.app(scope, receive, send)
        elif not access.may_upload(upload["session"], key):
            await _refuse(send, 403)
        elif scope["method"] == "DELETE":
            await self.app(scope, receive, send)
        else:
            await self._receive_file(scope, receive, send)

    async def _receive_file(self, scope, receive, send) -> None:
        """Pass an upload on when its declared size fits in what is left of the total; the server
        reads no more than the declared size."""
        try:
            size = int(dict(scope["headers"]).get(b"content-length", b""))
        except ValueError:
            await _refuse(send, 411)
            return
        if held() + self.arriving + size > MAX_UPLOAD_MB * 1024 * 1024:
            await _refuse(send, 413)
            return
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            return {"type": "http.disconnect"} if received > size else message  # more than it declared

        self.arriving += size
        try:
            await self.app(scope, counted, send)
        finally:
            self.arriving -= size


def held() -> int:
    """Bytes Streamlit holds for uploads, all sessions together."""
    from streamlit import runtime

    if not runtime.exists():
        return 0
    stats = runtime.get_instance().uploaded_file_mgr.get_stats()
    return sum(stat.byte_length for family in stats.values() for stat in family)


def _cookies(scope) -> dict[str, str]:
    from starlette.requests import cookie_parser

    raw = b"; ".join(v for k, v in scope["headers"] if k == b"cookie")
    return cookie_parser(raw.decode("latin-1"))


def _setting_key(send, key: str):
    """send, with the browser's new key set as a cookie on the response's start."""
    cookie = f"{access.KEY}={key}; Path=/; HttpOnly; SameSite=Lax".encode()

    async def sending(message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": list(message.get("headers", [])) + [(b"set-cookie", cookie)]}
        await send(message)
    return sending


async def _refuse(send, status: int) -> None:
    body = REFUSED[status].format(mb=MAX_UPLOAD_MB).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

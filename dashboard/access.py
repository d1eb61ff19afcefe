"""Who may write: admin rights and upload permission bound to the browser, not to the session.

A Streamlit session id is no secret: it is in every upload URL (/_stcore/upload_file/<session>/…),
in the server's log, and a client that presents it when connecting takes the session over. So the
guard (guard.py) gives every browser a random key in an HttpOnly cookie (never in a URL, never
logged, unreadable by the page's scripts), and rights are bound to that key: a session unlocked with
the password stays unlocked only while its connection presents the same key, and the upload
endpoint takes files only for a session allowed to upload, from the browser that holds its key.
"""
from __future__ import annotations

import hashlib
import threading

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

KEY = "budget_lens_key"  # the cookie's name
_ADMIN = "admin_key"  # session_state: the digest of the key the admin unlocked with
_NO_BROWSER = "\0no browser"
_uploaders: dict[str, str] = {}  # session id → digest of the key of the browser that may upload into it
_lock = threading.Lock()


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def connected() -> bool:
    """Whether a browser is connected to this session (its connection's request names the Host, as
    every HTTP/1.1 request does); not in a test run, where AppTest runs the script with no server."""
    return bool(st.context.headers.get("Host"))


def browser_key() -> str | None:
    """The key the connected browser presented; None when it presented none (cookies refused, or a
    client that never loaded the page). A test run, with no browser, has a key of its own that no
    cookie can match (allow_uploads ignores it)."""
    if not connected():
        return _NO_BROWSER
    return st.context.cookies.get(KEY) or None


def grant() -> bool:
    """Bind admin rights to this browser's key; False when it has none (cookies refused)."""
    key = browser_key()
    if key is None:
        return False
    st.session_state[_ADMIN] = digest(key)
    return True


def granted() -> bool:
    """Whether this session was unlocked by the browser now connected to it."""
    key = browser_key()
    return key is not None and st.session_state.get(_ADMIN) == digest(key)


def allow_uploads() -> None:
    """The session's file box is shown: its browser may now send files to the upload endpoint."""
    key = browser_key()
    if key in (None, _NO_BROWSER):
        return
    with _lock:
        _uploaders[get_script_run_ctx().session_id] = digest(key)
        for gone in [s for s in _uploaders if not runtime.get_instance().is_active_session(s)]:
            del _uploaders[gone]


def may_upload(session_id: str, key: str | None) -> bool:
    """For the guard: whether this browser (its key) may send files into this session."""
    with _lock:
        allowed = _uploaders.get(session_id)
    return key is not None and allowed == digest(key)

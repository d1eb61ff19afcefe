"""The chart code listed in the page's head (dashboard/preload.py): found in the installed Streamlit's
own build, added to index.html only, the rest of the server's answers passed through untouched."""
from __future__ import annotations

import asyncio
import re

from dashboard import preload

INDEX = (preload.JS.parent.parent / "index.html").read_text(encoding="utf-8")


def test_the_chart_chunks_are_found_in_streamlits_build_and_not_listed_twice():
    chunks = preload.chart_chunks(INDEX)
    stems = {c.split(".")[0] for c in chunks}
    assert {"ArrowVegaLiteChart", "loadVegaEmbed", "embed", "vega-interpreter"} <= stems
    already = set(re.findall(r"static/js/([\w.\-]+\.js)", INDEX))
    assert not already & set(chunks)  # what the page preloads itself is not listed again
    assert all((preload.JS / c).is_file() for c in chunks)


def _serve(body: bytes, content_type: bytes, path: str = "/structure", encoding: bytes | None = None):
    """The middleware in front of an app answering body: what the browser receives, and the request
    headers the app saw."""
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path,
             "headers": [(b"accept-encoding", encoding)] if encoding else []}
    asyncio.run(preload.ChartPreload(app)(scope, None, send))
    headers = dict(sent[0]["headers"])
    return b"".join(m.get("body", b"") for m in sent[1:]), headers, seen["headers"]


def test_the_page_gets_the_chunks_as_module_preloads_before_its_head_ends():
    body, headers, _ = _serve(INDEX.encode(), b"text/html")
    links = "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{c}">' for c in preload.chart_chunks(INDEX))
    assert body.decode() == INDEX.replace("</head>", links + "</head>", 1)  # nothing else changed
    assert int(headers[b"content-length"]) == len(body)

def test_the_page_is_asked_for_uncompressed_and_other_answers_pass_untouched():
    _, _, request = _serve(INDEX.encode(), b"text/html", encoding=b"gzip")
    assert b"accept-encoding" not in request  # the HTML is edited, so it comes plain
    body, headers, request = _serve(b"console.log(1)" * 10, b"text/javascript", path="/static/js/x.js",
                                    encoding=b"gzip")
    assert body == b"console.log(1)" * 10 and request[b"accept-encoding"] == b"gzip"
    body, headers, _ = _serve(b'{"ok": true}' * 3, b"application/json", path="/_stcore/health")
    assert body == b'{"ok": true}' * 3

"""Chart code fetched with the page: an ASGI middleware that adds the browser's Vega-Lite chunks to
Streamlit's index.html as <link rel="modulepreload">.

Streamlit's frontend loads its chart element lazily: only once the first chart's element arrives
does the browser ask for ArrowVegaLiteChart, then for what it imports, then for vega-embed — three
round trips of about 1 MB of script, each waiting for the browser's main thread, which is busy
drawing the rest of the page then. Listed in the page's head, the chunks are fetched and compiled
while the page still waits for its websocket and script run, the idle second of every first visit.
The chunks are found by name in Streamlit's own build (their imports followed), so a new Streamlit
version keeps working; when they are not found, the page is served unchanged."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import streamlit

JS = Path(streamlit.__file__).parent / "static" / "static" / "js"
ROOTS = ("ArrowVegaLiteChart", "loadVegaEmbed")  # the chart element and its lazy vega-embed loader
STATIC_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["']\./([\w.\-]+\.js)["']""")
LAZY_DEPS = re.compile(r"__vite__mapDeps=.*?\[(.*?)\]")
CHUNK = re.compile(r"\./([\w.\-]+\.js)")


def _imports(name: str) -> set[str]:
    """The chunks a chunk imports: its static imports, and for the chart's own chunks their lazy ones."""
    path = JS / name
    if not path.is_file():
        return set()
    text = path.read_text(encoding="utf-8", errors="replace")
    found = set(STATIC_IMPORT.findall(text))
    if any(name.startswith(root) for root in ROOTS):
        for deps in LAZY_DEPS.findall(text[:20_000]):
            found |= set(CHUNK.findall(deps))
    return found


@functools.cache
def chart_chunks(index_html: str) -> tuple[str, ...]:
    """The chart's chunks that the page does not load already (index_html's own module preloads)."""
    def closure(roots) -> set[str]:
        seen, todo = set(), list(roots)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(_imports(name) - seen)
        return seen

    loaded = closure(re.findall(r"static/js/([\w.\-]+\.js)", index_html))
    roots = [p.name for p in JS.glob("*.js") if p.name.split(".")[0] in ROOTS] if JS.is_dir() else []
    return tuple(sorted(closure(roots) - loaded))


def with_preloads(html: bytes) -> bytes:
    text = html.decode("utf-8")
    links = "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{c}">' for c in chart_chunks(text))
    return text.replace("</head>", links + "</head>", 1).encode("utf-8")


class ChartPreload:
    """Adds the chart chunks to every page (index.html) the server sends, its length set anew; every
    other answer passes untouched."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].split("/")[1:2] in (["static"], ["_stcore"]):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]}  # plain HTML to edit
        start, body = None, []

        async def sending(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                if not dict(message.get("headers", [])).get(b"content-type", b"").startswith(b"text/html"):
                    start = None
                    await send(message)
                return
            if start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if not message.get("more_body"):
                page = with_preloads(b"".join(body))
                headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
                await send({**start, "headers": headers + [(b"content-length", str(len(page)).encode())]})
                await send({"type": "http.response.body", "body": page})
        await self.app(scope, receive, sending)

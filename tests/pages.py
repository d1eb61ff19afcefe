"""AppTest helpers for the dashboard's pages, whose tabs and folds are built only when opened
(widgets.open_tab, widgets.folded_table)."""
from __future__ import annotations

import html
import re

from dashboard.widgets import CHART

TABLE_TAB = "数据表"  # widgets.chart's second tab


def _blocks(node, kind: str):
    if getattr(node, "type", None) == kind:
        yield node
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        yield from _blocks(child, kind)


def _key(block) -> str:
    return block.proto.id.split("-", 2)[-1]  # '$$ID-<hash>-<key>'


def open_tables(at):
    """The page rerun with every chart's 数据表 tab and every folded table open, as a reader clicking
    them would see it (a chart whose 数据表 is open is not drawn meanwhile)."""
    for tabs in _blocks(at._tree, "tab_container"):
        if any(getattr(t, "label", None) == TABLE_TAB for t in tabs.children.values()):
            at.session_state[_key(tabs)] = TABLE_TAB
    for fold in _blocks(at._tree, "expander"):
        if fold.proto.id:
            at.session_state[_key(fold)] = True
    at.run()
    assert not at.exception, at.exception
    return at


def each_tab(at, key: str):
    """The page run with each tab of the tab set `key` open in turn (yields the AppTest)."""
    tabs = next(t for t in _blocks(at._tree, "tab_container") if _key(t) == key)
    for label in [t.label for t in tabs.children.values()]:
        at.session_state[key] = label
        at.run()
        assert not at.exception, at.exception
        yield at


def linking(spec: dict) -> bool:
    """Whether a mark of the spec links to a 来源 page (a view charts.base.pickable gave its link)."""
    views = [spec, spec.get("spec", {})]
    views += [layer for view in list(views) for layer in view.get("layer", [])]
    return any("href" in view.get("encoding", {}) for view in views)


def pictures(at) -> list[str]:
    """The SVG of each chart the run drew (widgets.vega), in page order."""
    return [m.value for m in at.markdown if f'class="{CHART}"' in m.value]


def picture_links(svg: str) -> list[str]:
    """The addresses a picture's marks link to (a 来源 page, a report's findings)."""
    return [html.unescape(h) for h in re.findall(r'xlink:href="([^"]*)"', svg)]


def picture_titles(svg: str) -> list[str]:
    """The hover text of each mark of a picture that has one."""
    return [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", svg)]


def picture_marks(svg: str) -> list[dict]:
    """Each mark of a picture that has hover text: its lines ('来源: a.pdf 第3页') as a dict, and `link`,
    the address the mark links to (None for a mark printed nowhere)."""
    marks = re.findall(r'(?:<a xlink:href="([^"]*)">)?<(?:path|rect|circle|line|image)\b[^>]*><title>([^<]*)</title>', svg)
    return [{**dict(line.split(": ", 1) for line in html.unescape(title).split("\n")),
             "link": html.unescape(link) if link else None} for link, title in marks]


def picture_texts(svg: str) -> list[str]:
    """What a picture prints: axis labels, headers, printed values."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def layers(spec: dict) -> list[dict]:
    """A spec's layers, inside its facet when it has one."""
    return spec.get("spec", spec)["layer"]

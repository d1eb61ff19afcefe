"""AppTest helpers for the dashboard's pages, whose tabs and folds are built only when opened
(widgets.open_tab, widgets.folded_table)."""
from __future__ import annotations

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


def chart_rows(chart):
    """The rows a drawn Vega-Lite chart carries (Streamlit sends a spec's inline values apart, as Arrow)."""
    import pyarrow as pa

    return pa.ipc.open_stream(chart.proto.data.data).read_all().to_pandas()


def layers(spec: dict) -> list[dict]:
    """A spec's layers, inside its facet when it has one."""
    return spec.get("spec", spec)["layer"]

"""The sidebar every page shares: region, units, years and report kind, kept in the URL.

A choice lives in three places: the widget, a session copy and st.query_params (so a view can be
shared as a link). Each page draws its own sidebar, and to Streamlit two pages' widgets of one key are
two widgets: the one a page leaves is dropped, the one it opens starts empty. So a page's first run
starts each widget from the session copy: a choice made on one page is there on the next one picked
in the menu, after back and forward, and after a visit to 数据管理. On a fresh session (a reload, a
shared link) the URL wins; values the database no longer has are dropped. A choice equal to the
default is left out of the URL to keep links short; an emptied list is written as 'none'.

The first view shows what is loaded: every unit (up to DEFAULT_UNITS, saying which are left out, with
one click to show them all), every year, and the report kind most units have (naming the units that
lack it). A choice left at its default follows it (_follow). Pages use Selection.docs_cte(): one document per unit, year and kind (the department-wide
report before a 本级 one, the PDF before its text export, via the current_documents view).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from loaders.api import DOC_KINDS

from . import db, versions

KINDS = DOC_KINDS
NONE = "none"  # URL value of a list the user emptied
NO_REGION = "（未识别地区）"
# Of rows joined to sel_parts d: a fact kind is taken from one file of each report, the chosen one when it
# has such rows, else the other part (a split 决算's 预算执行 items are read from its narrative file).
ONE_PART = "dense_rank() OVER (PARTITION BY d.report_id ORDER BY d.chosen DESC) = 1"


@dataclass(frozen=True)
class Selection:
    units: tuple[str, ...]  # unit_id
    years: tuple[int, ...]
    kind: str  # 'final' or 'budget'
    names: dict = field(default_factory=dict, compare=False, hash=False)  # unit_id → current name

    @property
    def empty(self) -> bool:
        return not self.units or not self.years

    def docs_cte(self, kind: str | None = "selected", all_years: bool = False) -> tuple[str, list]:
        """SQL `WITH sel_docs AS (...), sel_parts AS (...)` and its parameters: the selected documents,
        one per unit, year and kind, with the unit's current name (of a report published as two files,
        its tables part, which holds the tables' figures); and every file of those reports (sel_parts:
        a split report's narrative part too, whose prose gives 预算执行 items, disclosures and findings;
        report_id names the sel_docs row). kind=None takes both kinds; all_years takes every year of
        the selected units (for comparisons with a year outside the selection)."""
        kind = self.kind if kind == "selected" else kind
        sql = """
        WITH named AS (
            SELECT *, arg_max(unit_name, fiscal_year) OVER (PARTITION BY unit_id) AS current_name
            FROM current_documents WHERE list_contains(?, unit_id)),
        sel_docs AS (
            SELECT doc_id, file_name, unit_id, current_name AS unit_name, fiscal_year, doc_kind, scope,
                   region, page_count, part
            FROM named
            WHERE (? OR list_contains(?, fiscal_year)) AND (? IS NULL OR doc_kind = ?)
            QUALIFY row_number() OVER (PARTITION BY unit_id, fiscal_year, doc_kind
                                       ORDER BY scope = 'department' DESC, part IS NOT DISTINCT FROM 'narrative',
                                                doc_id) = 1),
        sel_parts AS (  -- every file of the selected reports: the chosen one, and a split report's other part
            SELECT n.doc_id, n.file_name, d.unit_id, d.unit_name, d.fiscal_year, d.doc_kind, d.scope, d.region,
                   n.page_count, n.part, d.doc_id AS report_id, n.doc_id = d.doc_id AS chosen
            FROM sel_docs d JOIN named n USING (unit_id, fiscal_year, doc_kind, scope)
            WHERE n.doc_id = d.doc_id OR (n.part IS NOT NULL AND d.part IS NOT NULL AND n.part <> d.part))
        """
        return sql, [list(self.units), all_years, list(self.years), kind, kind]

    def unit_label(self) -> str:
        """'甲' / '甲、乙' / '甲等 5 个单位'."""
        names = [self.names.get(u, u) for u in self.units]
        if len(names) <= 2:
            return "、".join(names)
        return f"{names[0]}等 {len(names)} 个单位"

    def year_label(self) -> str:
        years = sorted(self.years)
        if not years:
            return ""
        if years == list(range(years[0], years[-1] + 1)) and len(years) > 1:
            return f"{years[0]}–{years[-1]} 年"
        return "、".join(map(str, years)) + " 年"


DEFAULT_UNITS = 12  # a first view of this many units draws fast at 10,000 documents; the rest are one click away
CATALOG_SQL = """
SELECT unit_id, arg_max(unit_name, fiscal_year) AS unit_name, coalesce(arg_max(region, fiscal_year), ?) AS region,
       list(DISTINCT fiscal_year ORDER BY fiscal_year) AS years, list(DISTINCT doc_kind) AS kinds,
       count(DISTINCT (fiscal_year, doc_kind, scope)) AS documents  -- the two parts of a split publication: one report
FROM current_documents GROUP BY unit_id ORDER BY region, unit_name
"""


def catalog():
    """Every loaded unit with its current name, region, years and kinds."""
    return db.query(CATALOG_SQL, [NO_REGION])


def _from_url(key: str, cast) -> list | None:
    if key not in st.query_params:
        return None
    values = st.query_params.get_all(key)
    if values == [NONE]:
        return []
    out = []
    for v in values:
        try:
            out.append(cast(v))
        except ValueError:
            continue
    return out


SHARED = {"region": str, "unit": str, "year": int}  # the sidebar's list filters: key → type in the URL


def adopt_url() -> None:
    """Take the shared filters of a fresh session from its URL, whatever page it opens on: a reload of
    数据管理 (which draws no filters) keeps the choice its link carries for the next page picked in
    the menu, whose own URL no longer has it."""
    for key, cast in {**SHARED, "kind": str}.items():
        url = _from_url(key, cast)
        if url is not None and f"_keep_{key}" not in st.session_state:
            st.session_state[f"_keep_{key}"] = url if key in SHARED else next(iter(url), None)


def _page() -> str:
    """The page this run draws (Streamlit's own name for it, part of every widget's identity)."""
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else ""


def _initial(key: str, options: list, default, cast, multi: bool):
    """The value a widget starts this run with: on a rerun of its page, its own state; after a switch
    from another page, the choice made there (a non-widget copy: Streamlit drops a widget's state
    when the page that drew it is left); on a fresh session, the URL (adopt_url)."""
    if st.session_state.get(f"_page_{key}") == _page() and key in st.session_state:
        value = st.session_state[key]
    elif f"_keep_{key}" in st.session_state:
        value = st.session_state[f"_keep_{key}"]
    else:
        url = _from_url(key, cast)
        value = default if url is None else (url if multi else (url[0] if url else default))
    if multi:
        return [v for v in value if v in options]
    return value if value in options else default


def _start(key: str, value) -> None:
    """Start the widget at value when this page has not drawn it yet or it shows something else.
    Not on every run: setting a widget's state makes the browser replace what it shows, and a run
    still busy with an earlier pick overwrote the picks made meanwhile ('clear all', then three
    quick picks kept two). On another page the key still reads the old page's widget, whose value
    the new widget would not start with: the page decides, not the value."""
    if st.session_state.get(f"_page_{key}") != _page() or st.session_state.get(key) != value:
        st.session_state[key] = value


def _remember(key: str, value, default, multi: bool) -> None:
    st.session_state[f"_keep_{key}"], st.session_state[f"_page_{key}"] = value, _page()
    if value == default:
        st.query_params.pop(key, None)
    elif multi:
        st.query_params[key] = [str(v) for v in value] if value else NONE
    else:
        st.query_params[key] = str(value)


def _follow(key: str, value, default):
    """A choice left at its default follows the default: 'every unit' takes in what a new load adds,
    the years follow the units picked, the report kind follows what they have."""
    if value == st.session_state.get(f"_default_{key}"):
        value = default
    st.session_state[f"_default_{key}"] = default
    return value


def _multiselect(label: str, key: str, options: list, cast=str, format_func=str, help=None,
                 default: list | None = None) -> list:
    """A list filter, starting at default (everything)."""
    default = list(options) if default is None else default
    _start(key, _follow(key, _initial(key, options, default, cast, True), default))
    value = st.sidebar.multiselect(label, options, key=key, format_func=format_func, help=help, placeholder="请选择")
    _remember(key, value, default, True)
    return value


def choice(label: str, key: str, options: dict, default=None, sidebar: bool = True, horizontal=True):
    """A radio kept in the URL like the filters: options maps value → Chinese label."""
    values = list(options)
    default = values[0] if default is None else default
    _start(key, _follow(key, _initial(key, values, default, type(default), False), default))
    where = st.sidebar if sidebar else st
    value = where.radio(label, values, key=key, format_func=options.get, horizontal=horizontal)
    _remember(key, value, default, False)
    return value


def through_app() -> None:
    """A page opened by its own URL on a fresh server runs without streamlit_app.py: Streamlit stays in its
    pages/-folder mode until streamlit_app.py's st.navigation first runs. Leave that mode and rerun, so the
    page comes up inside streamlit_app.py (its navigation, page setup and first-start load)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def default_units(units: pd.DataFrame) -> list[str]:
    """Every unit when they fit side by side; else the DEFAULT_UNITS of the latest year with the most
    reports (units: catalog rows)."""
    if len(units) <= DEFAULT_UNITS:
        return list(units["unit_id"])
    newest = units["years"].map(max)
    ranked = units.assign(newest=newest).sort_values(["newest", "documents"], ascending=False, kind="stable")
    first = set(ranked["unit_id"][:DEFAULT_UNITS])
    return [u for u in units["unit_id"] if u in first]


def default_kind(units: pd.DataFrame) -> str:
    """The report kind most of the units have (决算 on a tie): the first view leaves out the fewest."""
    have = {k: sum(k in set(ks) for ks in units["kinds"]) for k in KINDS}
    return max(KINDS, key=lambda k: (have[k], k == "final"))


def plain(text: str) -> str:
    """widgets.plain (report text shown as text), imported when used: widgets builds on this module."""
    from .widgets import plain as literal

    return literal(text)


def _show_all(key: str, options: list) -> None:
    st.session_state[key] = options


def _left_out(units: list, names: dict, default: list) -> None:
    """Say which units a default selection leaves out and why, with one click to show them all."""
    if units != default or len(default) == len(names):
        return
    out = [names[u] for u in names if u not in set(default)]
    named = "、".join(out[:5]) + (f"等 {len(out)} 个" if len(out) > 5 else "")
    st.sidebar.caption(f"共 {len(names)} 个单位，默认显示最新年度报告最多的 {len(default)} 个；未显示：{plain(named)}。"
                       "可在上方添加。")
    st.sidebar.button(f"显示全部 {len(names)} 个单位", key="all_units", on_click=_show_all,
                      args=("unit", list(names)))


def _lacking(chosen: pd.DataFrame, kind: str) -> None:
    """Name the chosen units that have no report of the chosen kind: the pages leave them out."""
    lacking = [n for n, ks in zip(chosen["unit_name"], chosen["kinds"]) if kind not in set(ks)]
    if lacking:
        other = next(k for k in KINDS if k != kind)
        names = "、".join(lacking[:5]) + (f"等 {len(lacking)} 个单位" if len(lacking) > 5 else "")
        st.sidebar.caption(f"{plain(names)}只有{KINDS[other]}报告，本页按“{KINDS[kind]}”筛选时不显示；"
                           f"选“{KINDS[other]}”可查看。")


def sidebar() -> Selection:
    """Draw the common filters and return the selection (possibly empty: pages say so in words)."""
    through_app()
    adopt_url()
    if not db.exists():
        st.info("还没有数据库。请在“数据管理”页上传报告，或用 `python -m loaders ingest` 导入。")
        st.stop()
    cat = catalog()
    st.sidebar.header("筛选")
    regions = sorted(cat["region"].unique())
    picked_regions = _multiselect("地区", "region", regions) if len(regions) > 1 else regions
    in_region = cat[cat["region"].isin(picked_regions)]
    names = dict(zip(in_region["unit_id"], in_region["unit_name"]))
    default = default_units(in_region)
    units = _multiselect("单位", "unit", list(names), format_func=lambda u: names.get(u, u), default=default,
                         help="按单位标识合并不同年份的名称写法，显示最新名称。")
    _left_out(units, names, default)
    chosen = in_region[in_region["unit_id"].isin(units)]
    years = sorted({int(y) for ys in chosen["years"] for y in ys})
    picked_years = _multiselect("年度", "year", years, cast=int, format_func=lambda y: f"{y}年")
    kind = choice("报告类型", "kind", KINDS, default=default_kind(chosen if len(chosen) else in_region))
    _lacking(chosen, kind)
    all_names = dict(zip(cat["unit_id"], cat["unit_name"]))
    note = versions.note(versions.differing(tuple(units), tuple(picked_years), kind))
    if note:
        st.sidebar.warning(note, icon=":material/difference:")
    return Selection(tuple(units), tuple(picked_years), kind, all_names)

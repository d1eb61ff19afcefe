"""The sidebar every page shares: region, units, years and report kind, kept in the URL.

A choice lives in three places: the widget, a session mirror (so it survives a switch to another
page, which clears the URL) and st.query_params (so a view can be shared as a link). On a fresh
session the URL wins; values the database no longer has are dropped. A choice equal to the default
(everything) is left out of the URL to keep links short; an emptied list is written as 'none'.

Pages use Selection.docs_cte(): one document per unit, year and kind (the department-wide report
before a 本级 one, the PDF before its text export, via the current_documents view).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from loaders.api import DOC_KINDS

from . import db, versions

KINDS = DOC_KINDS
NONE = "none"  # URL value of a list the user emptied
NO_REGION = "（未识别地区）"


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
        """SQL `WITH sel_docs AS (...)` and its parameters: the selected documents, one per unit,
        year and kind, with the unit's current name. kind=None takes both kinds; all_years takes
        every year of the selected units (for comparisons with a year outside the selection)."""
        kind = self.kind if kind == "selected" else kind
        sql = """
        WITH named AS (
            SELECT *, arg_max(unit_name, fiscal_year) OVER (PARTITION BY unit_id) AS current_name
            FROM current_documents WHERE list_contains(?, unit_id)),
        sel_docs AS (
            SELECT doc_id, file_name, unit_id, current_name AS unit_name, fiscal_year, doc_kind, scope,
                   region, page_count
            FROM named
            WHERE (? OR list_contains(?, fiscal_year)) AND (? IS NULL OR doc_kind = ?)
            QUALIFY row_number() OVER (PARTITION BY unit_id, fiscal_year, doc_kind
                                       ORDER BY scope = 'department' DESC, doc_id) = 1)
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


DEFAULT_UNITS = 12  # side by side stays legible; more units are one click away
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


def _initial(key: str, options: list, default, cast, multi: bool):
    """The value a widget starts this run with: its own state, the page-switch mirror, the URL."""
    if key in st.session_state:
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
    """Start the widget at value, only when it is not there already. Setting a widget's state makes
    the browser replace what it shows with it: done on every run, a run still busy with an earlier
    pick overwrote the picks made meanwhile ('clear all', then three quick picks kept two). The first
    run on another page sets it too: the browser sends the sidebar's widgets of the page it left
    empty, and the choice made there was lost (a switch from 总览 showed no unit)."""
    page = _page()
    if key not in st.session_state or st.session_state[key] != value or st.session_state.get(f"_page_{key}") != page:
        st.session_state[key] = value
    st.session_state[f"_page_{key}"] = page


def _page() -> str | None:
    """The page this run draws (its script's hash)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else None


def _remember(key: str, value, default, multi: bool) -> None:
    st.session_state[f"_keep_{key}"] = value
    if value == default:
        st.query_params.pop(key, None)
    elif multi:
        st.query_params[key] = [str(v) for v in value] if value else NONE
    else:
        st.query_params[key] = str(value)


def _multiselect(label: str, key: str, options: list, cast=str, format_func=str, help=None,
                 default: list | None = None) -> list:
    """A list filter, starting at default (everything); one left at everything takes in what a new
    load adds."""
    default = list(options) if default is None else default
    everything = st.session_state.get(f"_all_{key}")
    was_everything = everything is not None and st.session_state.get(key, everything) == everything
    _start(key, list(options) if was_everything else _initial(key, options, default, cast, True))
    value = st.sidebar.multiselect(label, options, key=key, format_func=format_func, help=help, placeholder="请选择")
    st.session_state[f"_all_{key}"] = list(options) if value == list(options) else None
    _remember(key, value, default, True)
    return value


def choice(label: str, key: str, options: dict, default=None, sidebar: bool = True, horizontal=True):
    """A radio kept in the URL like the filters: options maps value → Chinese label."""
    values = list(options)
    default = values[0] if default is None else default
    _start(key, _initial(key, values, default, type(default), False))
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


def sidebar() -> Selection:
    """Draw the common filters and return the selection (possibly empty: pages say so in words)."""
    through_app()
    if not db.exists():
        st.info("还没有数据库。请在“数据管理”页上传报告，或用 `python -m loaders ingest` 导入。")
        st.stop()
    cat = catalog()
    st.sidebar.header("筛选")
    regions = sorted(cat["region"].unique())
    picked_regions = _multiselect("地区", "region", regions) if len(regions) > 1 else regions
    in_region = cat[cat["region"].isin(picked_regions)]
    names = dict(zip(in_region["unit_id"], in_region["unit_name"]))
    most_covered = set(in_region.sort_values("documents", ascending=False, kind="stable")["unit_id"][:DEFAULT_UNITS])
    default = [u for u in names if u in most_covered]
    units = _multiselect("单位", "unit", list(names), format_func=lambda u: names.get(u, u), default=default,
                         help="按单位标识合并不同年份的名称写法，显示最新名称。")
    if len(names) > DEFAULT_UNITS:
        st.sidebar.caption(f"共 {len(names)} 个单位，默认选中报告最多的 {DEFAULT_UNITS} 个，可在上方增删。")
    years = sorted({int(y) for ys in in_region[in_region["unit_id"].isin(units)]["years"] for y in ys})
    picked_years = _multiselect("年度", "year", years, cast=int, format_func=lambda y: f"{y}年")
    kinds = {k for ks in in_region["kinds"] for k in ks}
    default_kind = "final" if "final" in kinds or not kinds else "budget"
    kind = choice("报告类型", "kind", KINDS, default=default_kind)
    all_names = dict(zip(cat["unit_id"], cat["unit_name"]))
    note = versions.note(versions.differing(tuple(units), tuple(picked_years), kind))
    if note:
        st.sidebar.warning(note, icon=":material/difference:")
    return Selection(tuple(units), tuple(picked_years), kind, all_names)

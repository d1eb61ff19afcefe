"""Page building blocks: the opening sentence and breadcrumb, tables with downloads, charts with
their table one click away, and messages for empty selections.

Tables arrive with English column names and a `source` column (file name and page); LABELS turns
them into Chinese headers. Amounts are 万元 with thousands separators and two decimals; columns
named *_pct, *share* or *rate* are percentages with one decimal.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import streamlit as st

from loaders.api import FUNDS as ALL_FUNDS, SCOPES as SCOPE_LABELS, csv_bytes, xlsx_bytes

from . import picture, versions
from .charts.base import PAGE_WIDTH
from .inert import WORD_JOINER, plain  # noqa: F401  (the pages call it widgets.plain)
from .filters import KINDS, Selection
from .links import OTHER, SOURCE_PAGE, WHERE, link_params, source_link, with_links  # noqa: F401

LABELS = {
    "unit_name": "单位", "unit_id": "单位标识", "region": "地区", "fiscal_year": "年度", "doc_kind": "报告类型",
    "scope": "范围", "file_name": "文件", "page_count": "页数", "parse_status": "解析状态",
    "code": "科目编码", "name": "科目名称", "level": "级次", "total": "金额（万元）", "basic": "基本支出（万元）",
    "project": "项目支出（万元）", "amount": "金额（万元）", "share_pct": "占比（%）",
    "basic_share_pct": "基本支出占比（%）", "project_share_pct": "项目支出占比（%）",
    "personnel": "人员经费（万元）", "public": "公用经费（万元）", "personnel_share_pct": "人员经费占比（%）",
    "public_share_pct": "公用经费占比（%）", "previous": "上年（万元）", "change": "增减（万元）",
    "change_pct": "增减（%）", "previous_year": "比较年度", "sangong": "三公经费（万元）",
    "category": "类别", "source": "来源", "fund": "资金范围", "real_basis": "口径",
}
FUNDS = {k: ALL_FUNDS[k] for k in ("all", "general")}  # the fund switch of the pages
SCOPES = SCOPE_LABELS
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def intro(title: str, sentence: str, crumbs: list[str] | None = None):
    """Title, breadcrumb and the one sentence that makes a screenshot explain itself (and says 示例数据
    while the pages show only the fictional samples). Returns the breadcrumb's slot, for pages that
    learn the drill-down path further down (breadcrumb())."""
    st.title(title)
    slot = st.empty()
    breadcrumb(slot, title, crumbs)
    if versions.samples_only():
        st.warning(versions.SAMPLE_NOTICE, icon=":material/science:")
    st.markdown(sentence)
    return slot


def sourced(text: str, row: dict) -> str:
    """Markdown of a figure's 来源 (file and page) as a link to the 来源 page, where the row has a place
    (links.source_link); the text alone otherwise."""
    link = source_link(row)
    return f"[{plain(text)}]({link})" if link else plain(text)


def breadcrumb(slot, title: str, crumbs: list[str] | None = None) -> None:
    slot.caption(" › ".join(["预决算透视", title] + [plain(c) for c in crumbs or []]))


def missing(expected: pd.DataFrame, got: pd.DataFrame, what: str) -> None:
    """Name the selected unit-years (unit_name, fiscal_year) whose reports lack a table."""
    have = set(zip(got["unit_name"], got["fiscal_year"]))
    absent = [f"{u} {y} 年" for u, y in zip(expected["unit_name"], expected["fiscal_year"]) if (u, y) not in have]
    if absent:
        st.caption(f"以下报告中没有{what}：{plain('、'.join(absent))}。")


def describe(sel: Selection, fund: str | None = None, basis: str | None = None, what: str | None = None) -> str:
    """'所选：甲、乙，2021–2023 年，决算，全部资金，名义金额。' — what the view shows (`what` in place of the
    report kind); a part not chosen is left out, never an empty place between commas."""
    parts = [plain(sel.unit_label()), sel.year_label(), what or KINDS.get(sel.kind, sel.kind) + "报告"]
    if fund:
        parts.append(FUNDS.get(fund, fund))
    if basis:
        parts.append("名义金额" if basis == "nominal" else "实际金额（按 CPI 折算）")
    return "本页显示：" + "，".join(p for p in parts if p) + "。金额单位：万元。"


def empty_selection(sel: Selection) -> bool:
    """Say in words why nothing can be shown; True when the page should stop."""
    if not sel.units:
        st.info("未选择任何单位。请在左侧“单位”中至少选择一个单位。")
    elif not sel.years:
        st.info("未选择任何年度。请在左侧“年度”中至少选择一个年度。")
    else:
        return False
    return True


def no_data(what: str) -> None:
    """A table the selected reports do not have, said in words instead of a blank chart."""
    st.info(no_data_text(what))


def section(title: str, data, when_empty: str, draw: Callable[[], None], caption: str | None = None) -> bool:
    """The page pattern 'subheader / if there is nothing, say so / else the chart': True when drawn."""
    st.subheader(title)
    if data is None or len(data) == 0:
        st.info(when_empty)
        return False
    if caption:
        st.caption(caption)
    draw()
    return True


def no_data_text(what: str) -> str:
    return f"所选单位和年度的报告中没有{what}。请在左侧选择其他单位、年度或报告类型。"


@dataclass(frozen=True)
class Price:
    """How amounts are priced, for headers and file names: 名义, or 实际 at one year's prices."""
    basis: str  # 'nominal' or 'real'
    base_year: int

    def unit(self) -> str:
        return "万元" if self.basis == "nominal" else f"万元，{self.base_year} 年价格"

    def stem(self, stem: str) -> str:
        return f"{stem}_{'名义' if self.basis == 'nominal' else '实际'}"


def _is_percent(column: str) -> bool:
    return column.endswith(("_pct", "rate", "（%）")) or "share" in column


# A number column's format: Streamlit's printf-style, Python's (for the column's width), Excel's (downloads).
NUMBER_FORMATS = {"percent": ("%.1f%%", "{:.1f}%", "0.0"), "amount": ("%,.2f", "{:,.2f}", "#,##0.00"),
                  "count": ("%d", "{:d}", "0")}


def _width(texts: list[str], header: str) -> int:
    """Pixels that show the header and the longest value whole (a number is never cut to ',995.39')."""
    wide = max([len(header), *(len(t) for t in texts)])
    cjk = any(ord(ch) > 0x2E80 for t in (header, *texts) for ch in t)
    return min(480, 24 + wide * (14 if cjk else 8))


def _number_kind(column: str, values: pd.Series) -> str:
    return "percent" if _is_percent(column) else ("amount" if values.dtype.kind == "f" else "count")


def _labelled(df: pd.DataFrame, labels: dict | None, price: Price | None) -> tuple[pd.DataFrame, dict]:
    names = {**LABELS, **(labels or {})}
    if price:
        names = {k: v.replace("万元", price.unit()) for k, v in names.items()}
    config = {}
    for c in df.columns:
        header, values = names.get(c, c), df[c].head(2000)
        if c == "fiscal_year":
            config[header] = st.column_config.NumberColumn(format="%d")
        elif values.dtype.kind in "fiu":
            shown, python, _ = NUMBER_FORMATS[_number_kind(c, values)]
            texts = [python.format(int(v) if python == "{:d}" else v) for v in values.dropna()]
            config[header] = st.column_config.NumberColumn(format=shown, width=_width(texts, header))
        elif values.dtype == object:
            config[header] = st.column_config.TextColumn(width=_width(list(values.dropna().astype(str)), header))
    return df.rename(columns=names), config


def rounded(df: pd.DataFrame) -> pd.DataFrame:
    """The figures as the tables show them (amounts to the cent, percentages to one decimal): an
    export quotes what the page showed, not 90.103833."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].round(1 if _is_percent(str(c)) else 2)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """The table as CSV: report text that a spreadsheet would run as a formula stays text."""
    return csv_bytes(rounded(df))


def to_excel(df: pd.DataFrame, sheet: str = "数据") -> bytes:
    """The table as one Excel sheet (its name made valid): text cells are text, never formulas; numbers
    formatted as the page shows them (833.60, 12.3), the columns wide enough to read."""
    out = rounded(df)
    formats = {str(c): NUMBER_FORMATS[_number_kind(str(c), out[c])][2] for c in out.columns if out[c].dtype.kind in "fiu"}
    return xlsx_bytes({sheet: out}, formats)


def table(df: pd.DataFrame, stem: str, labels: dict | None = None, height: int | str = "auto",
          price: Price | None = None) -> None:
    """A sortable table in Chinese with formatted numbers and blanks as '—', and CSV / Excel
    downloads of it; with a price, headers name it (万元，2026 年价格) and file names say 名义/实际."""
    shown = grid(df, labels, height=height, price=price, key=f"{stem}_rows")
    downloads(shown, price.stem(stem) if price else stem)


def small_table(df: pd.DataFrame, stem: str) -> None:
    """A table of a few words a cell (which reports a unit has), drawn as markdown, with table()'s
    downloads: the data grid's code and canvas, arriving right after 总览's first chart, held that
    chart back by 0.3 s (docs/benchmarks.md). Every cell is literal text (plain); a header is never
    broken across lines ('2023' over '年')."""
    def line(cells) -> str:
        return "| " + " | ".join(plain(c) for c in cells) + " |"
    header = line(WORD_JOINER.join(str(c)) for c in df.columns)
    rows = [header, "|" + " --- |" * len(df.columns), *(line(r) for r in df.itertuples(index=False))]
    st.markdown("\n".join(rows))
    downloads(df, stem)


def folded_table(title: str, df: pd.DataFrame, stem: str, labels: dict | None = None) -> None:
    """table() under a closed heading, built when it is opened (a rerun; open or closed is in the
    URL), as chart() builds a chart's table: a page's first chart is not held back by it."""
    fold = st.expander(title, key=f"{stem}_open", on_change="rerun", bind="query-params")
    if fold.open:
        with fold:
            table(df, stem, labels)


def grid(df: pd.DataFrame, labels: dict | None = None, styler=None, height: int | str = "auto",
         price: Price | None = None, key: str | None = None) -> pd.DataFrame:
    """The table as table() shows it, without downloads; `styler(shown)` may colour its cells.
    Returns the table with its Chinese headers (without the 原文 links, which only the page can open).
    With a key, a table of rows with links opens the 来源 page of the row clicked (selected)."""
    df, links = _with_links(df)
    shown, config = _labelled(df, labels, price)
    drawn = shown if links is None else shown.assign(原文=links.values)
    if links is not None:
        config["原文"] = st.column_config.LinkColumn(display_text="查看原文", help="打开来源页：原文页面，所在行已标出")
    options = {"on_select": "rerun", "selection_mode": "single-row", "key": key} if key and links is not None else {}
    event = st.dataframe(drawn if styler is None else styler(drawn), hide_index=True, column_config=config,
                         height=height, placeholder="—", **options)
    picked = event.selection.rows if options else []
    if picked and links.iloc[picked[0]]:
        st.switch_page(SOURCE_PAGE, query_params=link_params(links.iloc[picked[0]]))
    return shown


def chosen_row(df: pd.DataFrame, stem: str, labels: dict | None = None, key: str | None = None) -> int | None:
    """A table as table() draws it, whose rows a click picks: the position of the row picked, or None."""
    shown, config = _labelled(df, labels, None)
    event = st.dataframe(shown, hide_index=True, column_config=config, placeholder="—", on_select="rerun",
                         selection_mode="single-row", key=key)
    downloads(shown, stem)
    return event.selection.rows[0] if event.selection.rows else None


def _with_links(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series | None]:
    """The table without its position columns, and the 来源 page link of each row when it has them."""
    if "doc_id" not in df.columns or not {"x0", "line"} & set(df.columns):
        return df, None  # a table that shows its documents' ids (数据管理) keeps them
    return df.drop(columns=[c for c in WHERE + OTHER if c in df.columns]), with_links(df)


def downloads(df: pd.DataFrame, stem: str, sheet: str | None = None) -> None:
    """CSV and Excel buttons; the files are written when clicked, not on every run. A click does not
    rerun the page: that rerun cost a page's work for nothing, and it could withdraw the file
    before the browser had fetched it."""
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("下载 CSV", lambda: to_csv(df), f"{stem}.csv", "text/csv", key=f"{stem}_csv",
                         on_click="ignore")
    right.download_button("下载 Excel", lambda: to_excel(df, sheet or stem), f"{stem}.xlsx", XLSX,
                          key=f"{stem}_xlsx", on_click="ignore")


def open_tab(labels: list[str], key: str):
    """Tabs of which only the open one is built: picking another reruns the page (the open tab is in
    the URL). Returns the open tab's index and container. What a closed tab would hold costs the
    browser nothing: drawing every tab's content held 支出结构's first chart back (issue 14)."""
    tabs = st.tabs(labels, key=key, on_change="rerun", bind="query-params")
    return next(((i, t) for i, t in enumerate(tabs) if t.open), (0, tabs[0]))


def chart(spec: dict, df: pd.DataFrame, stem: str, labels: dict | None = None, price: Price | None = None) -> None:
    """The chart (a Vega-Lite spec), or the table behind it, one click away in a second tab, downloadable."""
    which, tab = open_tab(["图表", "数据表"], f"{stem}_view")
    with tab:
        if which:
            table(df, stem, labels, price=price)
        else:
            vega(spec, stem)


CHART = "lens-chart"  # the class of the element holding a chart's picture
CHART_HEAD = "lens-chart-head"  # and of one holding only its first rows, while the whole is drawn (vega)
HTML_READY = "lens_html_ready"  # the key of html_ready's hidden element


CARD, CELL, NOTE = "lens-card", "lens-cell", "lens-note"  # the classes of a card (widgets.card), its cells and notes
# A card looks as a bordered container of two columns with captions did, in colours of the text's own
# (a border and notes faded from it), so that any theme draws it.
# (Streamlit pulls a markdown element 1rem up into the space its last paragraph leaves: the card's margin.)
CARD_STYLE = (f".{CARD} {{border: 1px solid rgba(128, 128, 128, 0.3); border-radius: 0.5rem; padding: 1rem;"
              f" margin-bottom: 1rem}} .{CARD} > div {{display: grid; grid-template-columns: 1fr 1fr; gap: 1rem}}"
              f" .{NOTE} {{font-size: 0.875rem; opacity: 0.65}} .{NOTE} p:last-child {{margin-bottom: 0}}"
              f" @media (max-width: 640px) {{.{CARD} > div {{grid-template-columns: 1fr}}}}")  # one column, as st.columns


def html_ready() -> None:
    """A hidden element of HTML (the page's style, which hides it too), drawn before the page: the
    browser fetches the code that shows HTML in markdown when it first meets some. A page's first
    chart was its first, and while that code came, the elements after the chart piled into the render
    that showed it: 数据核对's ranking, with figures and tables below it, came 0.3-0.6 s later."""
    with st.sidebar.container(key=HTML_READY):
        st.markdown(f"<style>div:has(> .st-key-{HTML_READY}) {{display: none}} {CARD_STYLE}</style>",
                    unsafe_allow_html=True)


def vega(spec: dict, stem: str) -> None:
    """A Vega-Lite spec drawn as a picture (dashboard.picture): its marks printed somewhere link to
    their 来源 page, hovering one shows its figures; the picture is offered as `stem`.svg and as
    `stem`.png (written when clicked, as the tables' downloads). A long chart whose first rows are
    drawn alike alone shows them at once, replaced by the whole when drawn (picture.head)."""
    slot = st.empty()
    first = picture.head(spec)
    if first is not None:
        slot.markdown(f'<div class="{CHART} {CHART_HEAD}">{drawn(json.dumps(first, ensure_ascii=False))}</div>',
                      unsafe_allow_html=True)
    svg = drawn(json.dumps(spec, ensure_ascii=False))
    slot.markdown(f'<div class="{CHART}">{svg}</div>', unsafe_allow_html=True)
    with st.container(horizontal=True):
        st.download_button("下载图表（SVG）", lambda: svg, f"{stem}.svg", "image/svg+xml", key=f"{stem}_svg",
                           on_click="ignore")
        st.download_button("下载图表（PNG）", lambda: picture.png(svg), f"{stem}.png", "image/png", key=f"{stem}_png",
                           on_click="ignore")


@st.cache_data(max_entries=200, show_spinner=False)
def drawn(spec: str) -> str:
    """The picture of a spec (as JSON): a filter set back draws no chart twice."""
    return picture.svg(json.loads(spec), PAGE_WIDTH)


def figure(where, label: str, value: str, delta: str | None = None, tone: str = "gray") -> None:
    """A headline figure (label, value, change) as st.metric shows one, drawn as markdown in `where`.

    The browser fetches st.metric's code on its first use, and React shows such an element only
    500 ms after the page's last placeholder: on the landing page that held the first figures back
    by about a second (issue 8's cold start); markdown is drawn as soon as it arrives. `value` and
    `delta` are formatted numbers, or document text passed through plain(); tone colours the delta."""
    where.markdown(figure_text(label, value, delta, tone))


def figure_text(label: str, value: str, delta: str | None = None, tone: str = "gray") -> str:
    """The markdown of a headline figure (widgets.figure), for a card's cell."""
    return f"{label}\n\n### {value}" + (f"\n\n:{tone}[{delta}]" if delta else "")


def card(title: str, cells: list[tuple[str, str]]) -> None:
    """A bordered card: a title (markdown) over cells in two columns, each a figure (figure_text) above
    its note (markdown, in caption type). One element of markdown with HTML: as a container of
    columns, figures and captions, a card was 16 of Streamlit's elements, and 总览's dozen cards
    arriving beside its first chart held that chart back by 0.1-0.2 s."""
    body = "".join(f'<div class="{CELL}">\n\n{text}\n\n<div class="{NOTE}">\n\n{note}\n\n</div></div>\n\n'
                   for text, note in cells)
    st.markdown(f'<div class="{CARD}">\n\n{title}\n\n<div>\n\n{body}</div></div>', unsafe_allow_html=True)


def yuan(value) -> str:
    """An amount in 万元 as shown in text: '1,604.99 万元', or '—' when unknown."""
    return "—" if value is None or pd.isna(value) else f"{value:,.2f} 万元"


def percent(value, signed: bool = False) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"

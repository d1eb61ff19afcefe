"""来源 page: one figure where it was printed. Its own URL (?doc=…&page=…&x0=…&top=…&x1=…&bottom=…;
?doc=…&line=… for a text export, Word document or web page: its line, paragraph or table row;
?doc=…&page=…&line=… for an Excel workbook: its sheet and row), so a link to one figure can be
shared; a disagreement's other figure comes as opage, ox0, otop, ox1, obottom and is highlighted
too. Thin: dashboard.source works."""
from __future__ import annotations

import math

import streamlit as st

from dashboard import filters, source, widgets

filters.through_app()  # a link opened first on a fresh server: come up inside streamlit_app.py's navigation
args = st.query_params


def number(key: str, kind=float):
    """The query's value as a finite number of that kind, else None (a link is anyone's to craft)."""
    try:
        value = kind(args[key]) if key in args else None
    except (ValueError, OverflowError):
        return None
    return value if value is None or math.isfinite(value) else None


def read(func, *args):
    """A kept file read through dashboard.source, or why it cannot be (and the page stops)."""
    try:
        return func(*args)
    except source.RenderError as exc:
        st.warning(f"{name} 的内容无法显示：{widgets.plain(exc)}。")
        st.stop()


def lined(lines: list[str], where: str) -> None:
    """The link's line among its neighbours, marked, or that `where` has no such line."""
    if not 1 <= line <= len(lines):
        st.warning(f"{where}没有第 {line} 行。")
        st.stop()
    st.markdown("原文：" + (widgets.plain(lines[line - 1]) or "—"))
    st.dataframe(source.around(lines, line), hide_index=True)


def image(page: int, boxes: list, caption: str) -> None:
    """The page drawn with the boxes outlined, or why it cannot be shown."""
    try:
        png, scale = source.page_png(doc["sha256"], str(path), page)
    except source.RenderError as exc:
        st.warning(f"{name} 第 {page} 页的图像无法显示：{widgets.plain(exc)}。")
        return
    st.image(source.highlighted(png, scale, boxes), caption=caption, width="stretch")


st.title("来源")
doc = source.document(args.get("doc", ""))
if doc is None:
    st.info("链接未指明已加载的报告（doc）。请从各页表格的“来源”列打开。")
    st.stop()
path = source.kept_file(doc["sha256"])
page, line = number("page", int), number("line", int)
box = tuple(number(k) for k in source.BOX)
sheet = doc["source_format"] == "excel"  # a workbook's page is a sheet, its line a row
where = " ".join(filter(None, [page and (f"第 {page} 张工作表" if sheet else f"第 {page} 页"), line and f"第 {line} 行"]))
name = widgets.plain(doc["file_name"])
st.markdown(f"**{name}** · {where}")
if path is None:
    st.warning(f"{name}：原文件未保留（在保留原文件之前导入），请重新导入该报告后再查看来源。")
    st.stop()

if doc["source_format"] == "pdf" and page:
    if not 1 <= page <= (doc["page_count"] or 0):
        st.warning(f"{name} 没有第 {page} 页。")
        st.stop()
    other_page = number("opage", int)
    other = tuple(number("o" + k) for k in source.BOX)
    if None in other or not 1 <= (other_page or 0) <= (doc["page_count"] or 0):
        other_page = None  # no other side, or one the document lacks
    boxed = None not in box
    same_page = other_page == page
    if boxed:
        st.markdown("原文：" + (widgets.plain(source.printed_text(doc["sha256"], str(path), page, box)) or "—"))
    if other_page:
        st.markdown(f"对照（第 {other_page} 页）：" + (widgets.plain(
            source.printed_text(doc["sha256"], str(path), other_page, other)) or "—"))
    image(page, ([box] if boxed else []) + ([other] if same_page else []), f"{name} 第 {page} 页")
    if other_page and not same_page:
        image(other_page, [other], f"{name} 第 {other_page} 页（对照）")
elif doc["source_format"] in source.LINED and line:
    lined(read(source.text_lines, doc["sha256"], str(path), doc["source_format"]), f"{name} ")
elif sheet and page:
    title, rows = read(source.sheet_lines, doc["sha256"], str(path), page)
    if not rows:
        st.warning(f"{name} 没有第 {page} 张工作表。")
        st.stop()
    st.caption(f"工作表：{widgets.plain(title)}（行号即 Excel 中的行号）")
    if line:
        lined(rows, f"{name} 的工作表“{widgets.plain(title)}”")
    else:  # a link to the sheet (a figure read before rows were numbered, a card's 来源)
        st.dataframe(source.around(rows, None), hide_index=True)
else:
    st.info("链接未指明页码（page）或行号（line）。")

"""来源 page: one figure where it was printed. Its own URL (?doc=…&page=…&x0=…&top=…&x1=…&bottom=…, or
?doc=…&line=… for a text export, Word document or web page: its line, paragraph or table row), so a link to one figure can be shared; a disagreement's other figure
comes as opage, ox0, otop, ox1, obottom and is highlighted too. Thin: dashboard.source works."""
from __future__ import annotations

import streamlit as st

from dashboard import filters, source, widgets

filters.through_app()  # a link opened first on a fresh server: come up inside app.py's navigation
args = st.query_params


def number(key: str, kind=float):
    try:
        return kind(args[key]) if key in args else None
    except ValueError:
        return None


st.title("来源")
doc = source.document(args.get("doc", ""))
if doc is None:
    st.info("链接未指明已加载的报告（doc）。请从各页表格的“来源”列打开。")
    st.stop()
path = source.kept_file(doc["sha256"])
page, line = number("page", int), number("line", int)
box = tuple(number(k) for k in source.BOX)
where = f"第 {page} 页" if page else (f"第 {line} 行" if line else "")
st.markdown(f"**{widgets.plain(doc['file_name'])}** · {where}")
if path is None:
    st.warning(f"{doc['file_name']}：原文件未保留（在保留原文件之前导入），请重新导入该报告后再查看来源。")
    st.stop()

if doc["source_format"] == "pdf" and page:
    if not 1 <= page <= (doc["page_count"] or 0):
        st.warning(f"{doc['file_name']} 没有第 {page} 页。")
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
    png = source.page_png(doc["sha256"], str(path), page)
    st.image(source.highlighted(png, ([box] if boxed else []) + ([other] if same_page else [])),
             caption=f"{doc['file_name']} 第 {page} 页", width="stretch")
    if other_page and not same_page:
        st.image(source.highlighted(source.page_png(doc["sha256"], str(path), other_page), [other]),
                 caption=f"{doc['file_name']} 第 {other_page} 页（对照）", width="stretch")
elif doc["source_format"] in source.LINED and line:
    lines = source.text_lines(doc["sha256"], str(path), doc["source_format"])
    if not 1 <= line <= len(lines):
        st.warning(f"{doc['file_name']} 没有第 {line} 行。")
        st.stop()
    st.markdown("原文：" + (widgets.plain(lines[line - 1]) or "—"))
    st.dataframe(source.around(lines, line), hide_index=True)
else:
    st.info("链接未指明页码（page）或行号（line）。")

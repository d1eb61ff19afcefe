"""数据管理 page: upload reports, see what each file yielded, list and remove loaded documents.

Thin: dashboard.manage does the work. Reading is open; when an admin password is set, upload and
removal ask for it first. Nothing from a document or a user is rendered as HTML.
"""
from __future__ import annotations

import streamlit as st

from dashboard import db, filters, manage, widgets
from dashboard.widgets import plain
from loaders.ingest import MAX_BYTES, SUFFIXES
from loaders.store import DatabaseBusy

filters.through_app()  # this page draws no sidebar filters, which would otherwise do it
widgets.intro("数据管理", "本页列出已导入的预算、决算报告及其解析状态和识别出的表，并可上传新报告或删除文档。")


def unlocked() -> bool:
    """True when no password is set or the user has given it in this session."""
    expected = manage.admin_password(st.secrets)
    if expected is None or st.session_state.get("admin_ok"):
        return True
    st.info("上传和删除文档需要管理员密码。")
    given = st.text_input("管理员密码", type="password", key="admin_password")
    if st.button("解锁", key="unlock"):
        if manage.password_ok(given, expected):
            st.session_state["admin_ok"] = True
            st.rerun()
        st.error("密码不正确。")
    return False


def result_lines() -> None:
    """One line per file of the last upload: what was found, or why it failed."""
    for res in st.session_state.get("upload_results", []):
        text = f"{plain(res.file_name)}：{plain(res.message)}"
        if not res.ok:
            st.error("✗ " + text)
        elif res.skipped:
            st.info("• " + text)
        else:
            st.success("✓ " + text)


def upload() -> None:
    st.subheader("上传报告")
    round_ = st.session_state.setdefault("upload_round", 0)  # a new key empties the uploader
    files = st.file_uploader("选择一个或多个 PDF、Excel（.xlsx/.xls）或 .txt 文本导出文件",
                             type=[s.lstrip(".") for s in SUFFIXES],
                             accept_multiple_files=True, key=f"uploader_{round_}",
                             max_upload_size=max(1, MAX_BYTES // 2**20))
    if files and st.button(f"导入 {len(files)} 个文件", type="primary"):
        bar = st.progress(0.0, text="正在导入…")

        def progress(i, res):
            bar.progress((i + 1) / len(files), text=f"已处理 {i + 1}/{len(files)}：{res.file_name}")

        uploads = [manage.Upload(f.name, f.getvalue()) for f in files]
        st.session_state["upload_results"] = manage.load_uploads(uploads, db.db_path(), progress)
        st.session_state["upload_round"] = round_ + 1
        st.rerun()
    result_lines()


def removal(docs) -> None:
    st.subheader("删除文档")
    labels = {r.doc_id: f"{r.unit_name or '（未识别单位）'} {r.fiscal_year}年 {manage.KINDS.get(r.doc_kind, '')}"
                        f" · {r.file_name} · {r.doc_id}" for r in docs.itertuples()}
    doc_id = st.selectbox("选择要删除的文档", list(labels), format_func=labels.get, index=None,
                          placeholder="选择文档…", key="remove_doc")
    sure = st.checkbox("确认删除该文档及其全部数据", key="remove_sure")
    if st.button("删除", disabled=not (doc_id and sure)):
        try:
            removed = manage.remove_document(doc_id, db.db_path())
        except DatabaseBusy as exc:
            st.error(plain(exc))
            return
        st.session_state["removed"] = labels[doc_id] if removed else None
        st.rerun()


def listing(search: str):
    st.subheader("已导入的文档")
    removed = st.session_state.pop("removed", None)
    if removed:
        st.success(f"已删除：{plain(removed)}")
    if not db.exists():
        st.info("还没有数据库。请上传报告，或用 `python -m loaders ingest` 导入。")
        return None
    count = manage.totals()
    if not count["documents"]:
        st.info("数据库中还没有文档。")
        return None
    st.markdown(f"共 {count['documents']} 个文档，{count['units']} 个单位；部分解析 {count['partial']} 个。")
    docs = manage.documents(search)
    if docs.empty:
        st.info(f"没有单位名称、文件名或文档编号包含“{plain(search)}”的文档。")
        return docs
    if docs["matches"].iloc[0] > len(docs):
        st.caption(f"显示前 {len(docs)} 个（共 {docs['matches'].iloc[0]} 个符合），请在上方输入关键词缩小范围。")
    widgets.table(manage.for_display(docs), "已导入文档", manage.LABELS)
    pick = st.selectbox("查看一个文档识别出的表", list(docs["doc_id"]),
                        format_func=dict(zip(docs["doc_id"], docs["file_name"] + " · " + docs["doc_id"])).get,
                        key="tables_doc")
    found = manage.tables_of(pick)
    if found.empty:
        st.info("该文档没有识别出任何表。")
    else:
        widgets.table(found, "识别出的表", manage.LABELS)
    return docs


def unit_names(search: str) -> None:
    st.subheader("单位与名称写法")
    st.caption("同一单位在不同年份的名称写法按单位标识归并；规则无法识别的合并写在 data/unit_aliases.csv（别名,单位标识）。")
    widgets.table(manage.units(search), "单位名称写法", manage.LABELS)
    known = manage.aliases()
    if known.empty:
        st.write("单位别名表为空。")
    else:
        widgets.table(known, "单位别名", manage.LABELS)


admin = unlocked()
if admin:
    upload()
search = st.text_input("查找文档", key="doc_search", placeholder="单位名称、文件名或文档编号的一部分",
                       help=f"每次最多列出 {manage.LIST_LIMIT} 个文档。")
docs = listing(search)
if docs is not None and not docs.empty:
    if admin:
        removal(docs)
    unit_names(search)

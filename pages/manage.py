"""数据管理 page: upload reports, see what each file yielded, list and remove loaded documents.

Thin: dashboard.manage does the work. Reading is open; upload and removal are closed unless an
admin password is set (then they ask for it) or BUDGET_LENS_OPEN_WRITES=1, and the page says how.
Nothing from a document or a user is rendered as HTML.
"""
from __future__ import annotations

import math

import streamlit as st

import pandas as pd

from dashboard import access, attempts, db, filters, manage, versions, widgets
from dashboard.widgets import plain
from loaders.api import MAX_BYTES, SUFFIXES, DatabaseBusy, in_order_shown, summary

filters.through_app()  # this page draws no sidebar filters, which would otherwise do it
widgets.intro("数据管理", "本页列出已导入的预算、决算报告及其解析状态和识别出的表，并可上传新报告或删除文档。")


CLOSED = ("上传和删除文档已关闭：未设置管理员密码。开启方法：设置管理员密码（环境变量 "
          "`BUDGET_LENS_ADMIN_PASSWORD`，或 `.streamlit/secrets.toml` 中的 `admin_password`），之后凭密码上传和删除；"
          "仅供一人使用的本机，可设环境变量 `BUDGET_LENS_OPEN_WRITES=1` 后重启，无需密码。")
NO_COOKIE = "浏览器没有保存本站的 Cookie，无法解锁：请允许本站使用 Cookie，刷新页面后再试。"


def unlocked() -> bool:
    """True when writes are open without a password, or the password was given from this browser
    (access.py: a session id presented by another browser gains nothing). Wrong passwords are
    logged and slowed per client address and for the whole server (attempts.py)."""
    mode = manage.writes(st.secrets)
    if mode == "open" or access.granted():
        return True
    if mode == "closed":
        st.info(CLOSED)
        return False
    st.info("上传和删除文档需要管理员密码。")
    given = st.text_input("管理员密码", type="password", key="admin_password")
    if st.button("解锁", key="unlock"):
        who = attempts.client()
        wait, everyone = attempts.ATTEMPTS.wait(who)
        if wait > 0:
            st.error(f"密码错误次数过多{'（本服务器所有访问者合计）' if everyone else ''}，请 {math.ceil(wait)} 秒后再试。")
        elif manage.password_ok(given, manage.admin_password(st.secrets)):
            attempts.ATTEMPTS.succeeded(who)
            if access.grant():
                st.rerun()
            st.error(NO_COOKIE)
        else:
            delay = attempts.ATTEMPTS.failed(who)
            st.error("密码不正确。" + (f"请 {math.ceil(delay)} 秒后再试。" if delay else ""))
    return False


QUIET = 5  # more successful files than this are listed folded, under the failures and partial reads


def result_lines() -> None:
    """The last upload: its totals first, then each file's line, failures first (then partial reads);
    the files read whole, text-only or skipped are folded when there are many."""
    results = st.session_state.get("upload_results", [])
    if not results:
        return
    boxes = {"failed": st.error, "partial": st.warning, "template": st.warning, "text": st.info, "skipped": st.info,
             "ok": st.success}
    worst = in_order_shown(results)[0].outcome
    (st.error if worst == "failed" else st.warning if worst in ("partial", "template") else st.success)(
        summary(results))
    shown = in_order_shown(results)
    loud = [r for r in shown if r.outcome in ("failed", "partial", "template")]
    quiet = [r for r in shown if r not in loud]
    for res in loud + (quiet if len(quiet) <= QUIET else []):
        boxes[res.outcome](f"{res.mark} {plain(res.file_name)}：{plain(res.message)}")
    if len(quiet) > QUIET:
        with st.expander(f"其余 {len(quiet)} 个文件"):
            st.markdown("\n".join(f"- {r.mark} {plain(r.file_name)}：{plain(r.message)}" for r in quiet))


def upload() -> None:
    st.subheader("上传报告")
    access.allow_uploads()  # the upload endpoint now takes files for this session, from this browser
    round_ = st.session_state.setdefault("upload_round", 0)  # a new key empties the uploader
    files = st.file_uploader("选择一个或多个 PDF、Word（.docx/.doc）、Excel（.xlsx/.xls）、网页（.html/.htm）、"
                             ".txt 文本导出或 .zip 压缩包文件",
                             type=[s.lstrip(".") for s in SUFFIXES],
                             accept_multiple_files=True, key=f"uploader_{round_}",
                             max_upload_size=max(1, MAX_BYTES // 2**20))
    st.caption(f"把文件拖到上方框内，或点击框内的按钮选择文件；每个文件最大 {max(1, MAX_BYTES // 2**20)} MB，"
               "格式为 PDF、Word、Excel、网页、.txt，或装有这些文件的 .zip（逐个导入）。")  # the box's own words are Streamlit's, in English
    refused = manage.too_large([f.size for f in files or []])
    if refused:
        st.error(refused)
    elif files and st.button(f"导入 {len(files)} 个文件", type="primary"):
        bar = st.progress(0.0, text="正在导入…")

        settled = []  # a .zip gives a result for each file inside it: more results than files

        def progress(res):
            settled.append(res)
            n = len(settled)
            bar.progress(min(1.0, n / len(files)), text=f"已处理 {n} 个文件：{plain(res.file_name)}")

        def page(name, done, total):  # a scanned file, read by OCR page by page
            bar.progress(min(1.0, (len(settled) + done / total) / len(files)),
                         text=f"正在 OCR 识别 {plain(name)}：第 {done}/{total} 页")

        uploads = [manage.Upload(f.name, f.getvalue()) for f in files]
        st.session_state["upload_results"] = manage.load_uploads(uploads, db.db_path(), progress, page)
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
    extra = "".join(f"，{label} {count[key]} 个" for key, label in (("templates", "模板"), ("samples", "示例"))
                    if count[key])
    st.markdown(f"共 {count['documents']} 个文档，{count['units']} 个单位；部分解析 {count['partial']} 个{extra}。")
    docs = manage.documents(search)
    if docs.empty:
        st.info(f"没有单位名称、文件名或文档编号包含“{plain(search)}”的文档。" if search.strip()
                else "除模板外没有其他文档。")
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


def templates(search: str, admin: bool):
    """Blank templates and reports with a placeholder unit (上海市XX局): kept, listed apart, on no page."""
    found = manage.documents(search, templates=True)
    if found.empty:
        return found
    st.subheader("模板与占位单位")
    st.caption("单位名称是占位符（如 XX局、××单位）的文件：已保存，但不计入任何页面和筛选。")
    widgets.table(manage.for_display(found), "模板文档", manage.LABELS)
    return found


def report_versions(admin: bool) -> None:
    """Reports loaded in more than one version: which one the pages use, and (admin) choose another."""
    groups = versions.groups()
    if groups.empty:
        return
    st.subheader("同一报告的多个版本")
    st.caption("同一单位、年度、报告类型和范围的多个文件。各页面默认使用最完整的版本（完整解析、识别出的表最多、"
               "核对错误最少，其次 PDF、最新导入）；管理员可指定其他版本。")
    widgets.table(manage.for_display(groups.drop(columns=["report"])), "报告版本", manage.LABELS)
    if not admin:
        return
    options = {r.doc_id: f"{r.unit_name} {r.fiscal_year}年{manage.KINDS.get(r.doc_kind, '')} · {r.file_name}"
                         f"{'（当前）' if r.current else ''} · {r.doc_id}" for r in groups.itertuples()}
    doc_id = st.selectbox("指定当前使用的版本", list(options), format_func=options.get, index=None,
                          placeholder="选择版本…", key="choose_version")
    if st.button("设为当前版本", disabled=not doc_id, key="choose_version_button"):
        try:
            manage.choose_version(doc_id, db.db_path())
        except DatabaseBusy as exc:
            st.error(plain(exc))
            return
        st.session_state["chosen"] = options[doc_id]
        st.rerun()


def sample_switch(admin: bool) -> None:
    """The bundled samples leave the pages once a real report is loaded; an admin may show them again."""
    count = manage.totals()
    if not count["samples"] or count["samples"] == count["documents"]:
        return
    st.subheader("示例数据")
    shown = versions.show_samples_setting()
    st.caption(f"数据库中有 {count['samples']} 份项目自带的示例报告（单位和数字均为虚构）。导入真实报告后，"
               f"示例不在任何页面显示{'；当前已设为显示' if shown else ''}。")
    if admin:
        on = st.toggle("在各页面显示示例数据", value=shown, key="show_samples")
        if on != shown:
            try:
                manage.show_samples(on, db.db_path())
            except DatabaseBusy as exc:
                st.error(plain(exc))
                return
            st.rerun()


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
chosen = st.session_state.pop("chosen", None)
if chosen:
    st.success(f"各页面现在使用：{plain(chosen)}")
docs = listing(search)
if docs is not None:
    found = templates(search, admin)
    report_versions(admin)
    sample_switch(admin)
    if admin and not (docs.empty and found.empty):
        removal(pd.concat([docs, found]) if not found.empty else docs)
    if not docs.empty:
        unit_names(search)

"""数据核对 page: which loaded reports the consistency checks found most wrong (all of them, every
version and kind, one click from a report's findings), then what they found in the selected reports
and how complete each is.

Thin: pick filters, call dashboard.findings, draw. Every finding names its page and shows the two
numbers side by side (应为 / 实为 / 差额), so a reader can verify it in the PDF.
"""
from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from dashboard import charts, filters, links, source, widgets
from dashboard import findings as fd
from dashboard.widgets import plain

_log = logging.getLogger("budget_lens.checks")


def annotated(doc_ids: list[str], key: str) -> None:
    """The annotated copy of a kept PDF among doc_ids, made when asked (a failure said in Chinese, not
    Streamlit's English download error) and then offered for download."""
    pdfs = source.pdf_documents(doc_ids)
    if not pdfs:
        return
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    pick = left.selectbox("标注版报告", list(pdfs), format_func=pdfs.get, key=key)
    name = f"{pdfs[pick].rsplit('.', 1)[0]}_核对标注.pdf"
    made = st.session_state.get(f"{key}_pdf")
    if made is None or made[0] != pick:
        if not right.button("生成标注版 PDF", key=f"{key}_make",
                            help="原报告的副本：每条有位置的核对发现以编号红框标出，末页列出全部发现；原文件不变。"):
            return
        with st.spinner(f"正在生成 {pdfs[pick]} 的标注版…"):
            try:
                path = source.kept_file(source.document(pick)["sha256"])
                made = (pick, source.annotated_pdf(str(path), source.document_findings(pick)))
            except Exception:  # the reader gets a sentence; the log gets the traceback
                _log.exception("annotated PDF of %s failed", pick)
                st.error(f"{plain(pdfs[pick])}：标注版 PDF 未能生成。原报告可在“来源”页查看；如反复失败，请告知管理员。")
                return
        st.session_state[f"{key}_pdf"] = made
    right.download_button("下载标注版 PDF", made[1], name, "application/pdf", key=f"{key}_file", on_click="ignore")


def ranking(severities: list[str]) -> None:
    """Every loaded report ranked by errors and warnings: a bar or a table row clicked shows that
    report's findings below (the chart first: a table ahead of it held the page's first chart back)."""
    st.subheader("哪些报告问题最多？")
    ranked = fd.ranking()
    if ranked.empty:
        st.info("还没有导入任何报告。")
        return
    more = (f"表中列出问题最多的 {len(ranked)} 份（共 {ranked['reports'].iloc[0]} 份）。"
            if ranked["reports"].iloc[0] > len(ranked) else "")
    st.caption("全部已导入的报告：预算和决算、同一报告的每个版本（数据表的“页面使用”一栏标明各页面用哪一个），"
               f"按错误数、再按警告数排序，不受左侧筛选影响。图中为问题最多的 {charts.RANKED_BARS} 份，{more}"
               "点击一根柱子（在新标签页中打开）或数据表的一行，查看该报告的核对发现。")
    which, tab = widgets.open_tab(["图表", "数据表"], "核对排名_view")
    with tab:
        if which:
            row = widgets.chosen_row(fd.for_display(ranked.drop(columns=["doc_id", "reports"])), "核对排名",
                                     fd.LABELS, key="ranking_rows")
            if row is not None:
                st.query_params["report"] = ranked["doc_id"].iloc[row]
        elif not (ranked["errors"].any() or ranked["warnings"].any()):
            st.success("全部报告均未发现错误或警告。")
        else:  # a bar links to its report's findings
            linked = ranked.assign(link=[report_link(d) for d in ranked["doc_id"]])
            widgets.vega(charts.report_ranking(fd.for_display(linked)), "核对排名")
    doc_id = st.query_params.get("report")
    if doc_id:
        report(doc_id, severities)


def report_link(doc_id: str) -> str:
    """This page's address with every choice it has now and `report` set: a ranking bar's link."""
    kept = [(k, v) for k in st.query_params if k != "report" for v in st.query_params.get_all(k)]
    return links.address(links.CHECKS_PATH, [*kept, ("report", doc_id)])


def report(doc_id: str, severities: list[str]) -> None:
    """One report's findings at the chosen severities, each row opening its page in 来源."""
    doc = source.document(doc_id)
    if doc is None:
        st.info("链接中的报告（report）未导入。")
        return
    if not severities:
        st.info("未选择严重程度。请在上方“严重程度”中至少选择一项。")
        return
    found = fd.report_findings(doc_id, severities)
    levels = "、".join(fd.SEVERITIES[s] for s in severities)
    st.markdown(f"**{plain(doc['file_name'])}** 的核对发现（{levels}）：")
    if found.empty:
        st.success(f"该报告未发现{levels}级别的问题。")
    else:
        widgets.table(found.drop(columns=["check_id", "file_name", "unit_name", "fiscal_year", "doc_kind"]),
                      "报告核对发现", fd.LABELS)  # the report is named above; doc_id: each row's 来源 link
    annotated([doc_id], "report_annotated")


def selection(sel, severities: list[str]) -> None:
    """What the checks found in the reports the sidebar selects: counts, completeness, findings by group."""
    st.header("所选报告", divider="gray")
    st.markdown(widgets.describe(sel).replace("金额单位：万元。", ""))
    if widgets.empty_selection(sel):
        return
    counts = fd.counts(sel)
    if counts.empty:
        widgets.no_data("已加载的报告")
        return
    cols = st.columns(4)
    widgets.figure(cols[0], "核对的报告", f"{len(counts)} 份")
    widgets.figure(cols[1], "错误", str(int(counts["errors"].sum())))
    widgets.figure(cols[2], "警告", str(int(counts["warnings"].sum())))
    widgets.figure(cols[3], "提示（尾差等）", str(int(counts["infos"].sum())))
    st.subheader("各单位、年度核对结果")
    widgets.table(counts.rename(columns={"file_name": "source"}), "核对结果汇总", fd.LABELS)
    ranked = fd.scores(sel)
    widgets.section("公开完整性得分排名", ranked, "所选报告没有完整性得分（请重新导入报告以运行核对）。",
                    lambda: widgets.chart(charts.completeness_bars(ranked), ranked, "公开完整性得分", fd.LABELS),
                    "按《地方预决算公开操作规程》：必备表格（空表须说明原因）、“三公”经费逐项说明、机关运行经费、"
                    "政府采购、国有资产占用、绩效等说明事项，每项 1 分，空表未说明记半分，折算为百分制。")
    st.subheader("核对发现")
    if not severities:
        st.info("未选择严重程度。请在上方“严重程度”中至少选择一项。")
        return
    found = fd.findings(sel, severities)
    widgets.table(found.drop(columns=["check_id", "file_name"]), "核对发现", fd.LABELS)
    st.caption("按类别：每条注明报告与页码，可对照原文核实。")
    annotated(found["doc_id"].unique().tolist(), "annotated_doc")
    _by_group(found)
    clean = counts[~counts["file_name"].isin(found["file_name"])]
    levels = "、".join(fd.SEVERITIES[s] for s in severities)
    if found.empty:
        st.success(f"所选报告均未发现{levels}级别的问题。")
    elif not clean.empty:
        names = "、".join(f"{u} {y}年（{f}）" for u, y, f in zip(clean["unit_name"], clean["fiscal_year"],
                                                                clean["file_name"]))
        st.success(f"以下报告未发现{levels}级别的问题：{plain(names)}。")


def _by_group(found: pd.DataFrame) -> None:
    for group in fd.GROUPS:
        rows = found[found["group"] == group]
        if rows.empty:
            continue
        with st.expander(f"{group}：{len(rows)} 条"):  # one list, not an element a finding: hundreds held the page's chart back
            st.markdown("\n".join(
                f"- **{r.severity}** · {plain(r.unit_name)} {r.fiscal_year}年{r.doc_kind}"
                f"（{plain(r.file_name)}，{'页码不详' if pd.isna(r.page) else f'第{int(r.page)}页'}） · {r.check}："
                f"{plain(r.message)}" for r in rows.itertuples()))


def main() -> None:
    sel = filters.sidebar()
    widgets.intro("数据核对", "加载报告时自动核对：表内合计、表间勾稽、情况说明与数字（比较用语、与上年相比）、年份、"
                  "占位符与目录、与上年报告及同年预算的对照、公开完整性、绩效自评。")
    severities = st.multiselect("严重程度", list(fd.SEVERITIES), default=["error", "warning"], key="severity",
                                format_func=fd.SEVERITIES.get, bind="query-params", placeholder="请选择严重程度",
                                help=f"“提示”多为四舍五入尾差（每个加总项不超过 {fd.ROUNDING} 万元），或已说明原因的空表。")
    ranking(severities)
    selection(sel, severities)


main()

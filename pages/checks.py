"""数据核对 page: what the consistency checks found in each selected report, and how complete each is.

Thin: pick filters, call dashboard.findings, draw. Every finding names its page and shows the two
numbers side by side (应为 / 实为 / 差额), so a reader can verify it in the PDF.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, source, widgets
from dashboard import findings as fd

sel = filters.sidebar()
widgets.intro("数据核对", widgets.describe(sel).replace("金额单位：万元。", "")
              + "加载报告时自动核对：表内合计、表间勾稽、情况说明与数字（比较用语、与上年相比）、年份、占位符与目录、"
              "与上年报告及同年预算的对照、公开完整性、绩效自评。")
if widgets.empty_selection(sel):
    st.stop()

picked = st.multiselect("严重程度", list(fd.SEVERITIES), default=["error", "warning"], key="severity",
                        format_func=fd.SEVERITIES.get, bind="query-params", placeholder="请选择严重程度",
                        help="“提示”多为四舍五入尾差（每个加总项不超过 0.01 万元），或已说明原因的空表。")
counts = fd.counts(sel)
if counts.empty:
    widgets.no_data("已加载的报告")
    st.stop()

cols = st.columns(4)
cols[0].metric("核对的报告", f"{len(counts)} 份")
cols[1].metric("错误", int(counts["errors"].sum()))
cols[2].metric("警告", int(counts["warnings"].sum()))
cols[3].metric("提示（尾差等）", int(counts["infos"].sum()))

st.subheader("各单位、年度核对结果")
widgets.table(counts.rename(columns={"file_name": "source"}), "核对结果汇总", fd.LABELS)

ranked = fd.scores(sel)
widgets.section("公开完整性得分排名", ranked, "所选报告没有完整性得分（请重新导入报告以运行核对）。",
                lambda: widgets.chart(charts.completeness_bars(ranked), ranked, "公开完整性得分", fd.LABELS),
                "按《地方预决算公开操作规程》：必备表格（空表须说明原因）、“三公”经费逐项说明、机关运行经费、"
                "政府采购、国有资产占用、绩效等说明事项，每项 1 分，空表未说明记半分，折算为百分制。")

st.subheader("核对发现")
found = fd.findings(sel, picked) if picked else None
if not picked:
    st.info("未选择严重程度。请在上方“严重程度”中至少选择一项。")
else:
    widgets.table(found.drop(columns=["check_id", "file_name"]), "核对发现", fd.LABELS)
    st.caption("按类别：每条注明报告与页码，可对照原文核实。")
    pdfs = source.pdf_documents(found["doc_id"].unique().tolist())
    if pdfs:
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        pick = left.selectbox("标注版报告", list(pdfs), format_func=pdfs.get, key="annotated_doc")
        path, marks = source.kept_file(source.document(pick)["sha256"]), source.document_findings(pick)
        right.download_button("下载标注版 PDF", lambda: source.annotated_pdf(str(path), marks),
                              f"{pdfs[pick].rsplit('.', 1)[0]}_核对标注.pdf", "application/pdf", key="annotated_pdf",
                              on_click="ignore", help="原报告的副本：每条有位置的核对发现以编号红框标出，末页列出全部发现；原文件不变。")
    for kind in [*fd.KINDS, fd.OTHER_KIND]:
        rows = found[found["kind"] == kind]
        if rows.empty:
            continue
        with st.expander(f"{kind}：{len(rows)} 条"):
            for r in rows.itertuples():
                where = "页码不详" if pd.isna(r.page) else f"第{int(r.page)}页"
                st.markdown(f"- **{r.severity}** · {widgets.plain(r.unit_name)} {r.fiscal_year}年{r.doc_kind}"
                            f"（{widgets.plain(r.file_name)}，{where}） · {r.check}：{widgets.plain(r.message)}")
    clean = counts[~counts["file_name"].isin(found["file_name"])]
    levels = "、".join(fd.SEVERITIES[s] for s in picked)
    if found.empty:
        st.success(f"所选报告均未发现{levels}级别的问题。")
    elif not clean.empty:
        names = "、".join(f"{widgets.plain(u)} {y}年（{widgets.plain(f)}）"
                         for u, y, f in zip(clean["unit_name"], clean["fiscal_year"], clean["file_name"]))
        st.success(f"以下报告未发现{levels}级别的问题：{names}。")
